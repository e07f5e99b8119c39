"""The period of every subject at once: period score and verdict, and the trend of the total and of each criterion
directly under it. Vectorised over subjects; the numbers are those every output shows (rounded, see
criteria.engine.breakdown.rounded), so a period read here equals one recomputed from a breakdown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from criteria.engine import scoring as sc
from criteria.engine.breakdown import rounded
from criteria.engine.columns import Evaluation
from criteria.model.ruleset import Ruleset

TREND_LABELS = ("onbekend", "stijgend", "stabiel", "dalend")
UNKNOWN, RISING, STABLE, FALLING = range(4)


@dataclass(frozen=True)
class Trend:
    slope: np.ndarray  # (subjects,) points per year, least squares over the years with a score; NaN below two
    label: np.ndarray  # (subjects,) int8 index into TREND_LABELS


@dataclass(frozen=True)
class PeriodColumns:
    score: np.ndarray  # (subjects,) by the ruleset's period rule; NaN without any yearly total
    verdict: np.ndarray  # (subjects,) int8 verdict code: PASS, FAIL or NO_DATA
    years_with_data: np.ndarray  # (subjects,) int
    trends: dict[str, Trend]  # node -> trend: the total first, then the criteria directly under it

    def of(self, row: int) -> tuple[float | None, str]:
        """The period score (None without one) and verdict text of one row."""
        score = float(self.score[row])
        return (None if np.isnan(score) else score), sc.VERDICT_TEXT[int(self.verdict[row])]


def _polyfit_slope(xs: np.ndarray, ys: np.ndarray) -> float:
    """The slope exactly as result format 1 computed it (numpy.polyfit over the centred years)."""
    return float(np.polyfit(xs - xs.mean(), ys, 1)[0])


def trend(years: Sequence[int], scores: np.ndarray, mask: np.ndarray, tolerance: float) -> Trend:
    """Slope of the least-squares line through the (year, score) points of each row where `mask` holds.

    The closed form below agrees with numpy.polyfit (what format 1 and earlier runs used) up to a few units in
    the last place. Where that could matter (the slope within 1e-9 of ±tolerance, or of a rounding half at 6
    decimals) the row is recomputed with polyfit itself, so the label and the rounded slope are the same as
    polyfit's in every row.
    """
    present = mask & ~np.isnan(scores)
    count = present.sum(axis=1)
    x = np.broadcast_to(np.asarray(years, dtype=float), scores.shape)
    with np.errstate(invalid="ignore", divide="ignore"):
        x_mean = np.where(present, x, 0.0).sum(axis=1) / count
        y_mean = np.where(present, scores, 0.0).sum(axis=1) / count
        dx = np.where(present, x - x_mean[:, None], 0.0)
        dy = np.where(present, scores - y_mean[:, None], 0.0)
        slope = (dx * dy).sum(axis=1) / (dx * dx).sum(axis=1)
    slope = np.where(count >= 2, slope, np.nan)
    with np.errstate(invalid="ignore"):
        near = (np.abs(np.abs(slope) - tolerance) < 1e-9) | _near_half(slope)
    for row in np.nonzero(near & (count >= 2))[0]:
        keep = present[row]
        slope[row] = _polyfit_slope(np.asarray(years, dtype=float)[keep], scores[row][keep])
    with np.errstate(invalid="ignore"):
        label = np.select([count < 2, slope > tolerance, slope < -tolerance], [UNKNOWN, RISING, FALLING], STABLE)
    return Trend(rounded(slope), label.astype(np.int8))


def _near_half(values: np.ndarray) -> np.ndarray:
    """Where rounding to 6 decimals could go either way for a value a few ulps away."""
    with np.errstate(invalid="ignore"):
        scaled = values * 1e6
        return np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6


def period_score(rule: str, totals: np.ndarray, present: np.ndarray) -> np.ndarray:
    """The period score per row from the yearly totals where `present`: mean, last or lowest."""
    count = present.sum(axis=1)
    rows = np.arange(totals.shape[0])
    if rule == "last":
        last = totals.shape[1] - 1 - np.argmax(present[:, ::-1], axis=1)
        score = totals[rows, last]
    elif rule == "min":
        score = np.where(present, totals, np.inf).min(axis=1)
    else:
        total = np.zeros(totals.shape[0])
        for y in range(totals.shape[1]):  # year by year, as a sum over a list of the scores adds them
            total = total + np.where(present[:, y], totals[:, y], 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            score = rounded(total / count)
    return np.where(count > 0, score, np.nan)


def period_columns(
    rs: Ruleset,
    root: str,
    top: Sequence[str],
    years: Sequence[int],
    mask: np.ndarray,
    scores: Callable[[str], np.ndarray],
) -> PeriodColumns:
    """The period of every row: `mask` (subjects, years) says which years count for which subject (a voorstel:
    those of its raming); `scores(node)` gives a node's rounded scores (subjects, years)."""
    totals = scores(root)
    present = mask & ~np.isnan(totals)
    score = period_score(rs.period.score, totals, present)
    norm = rs.criteria[root].norm
    threshold = sc.verdict_threshold(norm.at_least if norm is not None else rs.pass_mark)
    with np.errstate(invalid="ignore"):
        verdict = np.where(np.isnan(score), sc.NO_DATA, np.where(score >= threshold, sc.PASS, sc.FAIL))
    trends = {node: trend(years, scores(node), mask, rs.period.trend_tolerance) for node in [root, *top]}
    return PeriodColumns(score, verdict.astype(np.int8), present.sum(axis=1), trends)


def evaluation_period(ev: Evaluation) -> PeriodColumns:
    """The period of every evaluated subject over all the ruleset's years (no per-subject year selection)."""
    rs, compiled = ev.compiled.ruleset, ev.compiled
    top = [k for k in compiled.children[compiled.root] if k in rs.criteria]
    mask = np.ones((len(ev.subjects), len(ev.years)), dtype=bool)
    return period_columns(rs, compiled.root, top, ev.years, mask, lambda node: rounded(ev.criteria[node].score))

"""Vectorised scoring functions and norm verdicts (numpy arrays in, arrays out)."""

from __future__ import annotations

import math
from decimal import Decimal
from functools import lru_cache

import numpy as np

from criteria.model.notation import NOISE, fmt

# Also the engine's names for them (sc.rapportcijfer, sc.mark_difference), for the engine and the reports.
from criteria.model.notation import mark_difference as mark_difference  # noqa: PLC0414 -- explicit re-export (PEP 484)
from criteria.model.notation import rapportcijfer as rapportcijfer  # noqa: PLC0414 -- explicit re-export (PEP 484)
from criteria.model.ruleset import BandsScoring, LinearScoring, Norm, OrdinalScoring, Scoring, YesNoScoring

# Verdict codes, in one int8 array per node.
NO_NORM, PASS, FAIL, NO_DATA, NOT_APPLICABLE, SIGNAL = 0, 1, 2, 3, 4, 5
VERDICT_TEXT = ("geen norm", "voldoet", "voldoet niet", "onvoldoende gegevens", "niet van toepassing", "signaal")

# Shown numbers are rounded half up on their decimal value (criteria.model.notation); a linear score near a
# rounding edge is therefore computed exactly.
SIGNIFICANT = 12  # a measure is compared with norms and bands after rounding to this many significant digits
EDGE_TENTHS = 1e-5  # a score this close (in tenths) to a rounding edge x,x5 is recomputed on decimals


def linear(measure: np.ndarray, rule: LinearScoring) -> np.ndarray:
    with np.errstate(invalid="ignore", over="ignore"):
        fraction = (measure - rule.slecht) / (rule.goed - rule.slecht)
        score = np.clip(10.0 * fraction, 0.0, 10.0)
        tenths = score * 10.0
        near_edge = np.abs(tenths - np.floor(tenths) - 0.5) < EDGE_TENTHS
    if near_edge.any():  # exact decimal arithmetic once per distinct measure (data repeat: 28k edges, 126 values)
        edge_measures, where = np.unique(measure[near_edge], return_inverse=True)
        exact = np.array([_linear_on_decimals(float(m), rule) for m in edge_measures])
        score[near_edge] = exact[where.reshape(-1)]
    return score


def linear_one(measure: float, rule: LinearScoring) -> float:
    """linear() of one finite measure without an array: the same float operations, so the same score (what-if
    texts ask for it per indicator of every subject-year)."""
    if rule.goed == rule.slecht or not math.isfinite(measure):
        return float(linear(np.array([measure]), rule)[0])
    score = min(max(10.0 * ((measure - rule.slecht) / (rule.goed - rule.slecht)), 0.0), 10.0)
    tenths = score * 10.0
    if abs(tenths - math.floor(tenths) - 0.5) < EDGE_TENTHS:
        return _linear_on_decimals(float(measure), rule)
    return score


@lru_cache(maxsize=4096)
def _decimal(x: float) -> tuple[int, int]:
    """The decimal number a float stands for, its shortest representation (5.95, not 5.9499999999999997…), as a
    fraction (numerator, denominator > 0)."""
    return Decimal(repr(float(x))).as_integer_ratio()


def _linear_on_decimals(measure: float, rule: LinearScoring) -> float:
    """The linear score computed on the decimal values, as a float that rounds (rapportcijfer) like that value.
    Exact rational arithmetic on whole numbers: score = 10 (m − s) / (g − s) = n / d."""
    (m, mq), (s, sq), (g, gq) = _decimal(measure), _decimal(rule.slecht), _decimal(rule.goed)
    n = 10 * (m * sq - s * mq) * gq
    d = mq * (g * sq - s * gq)
    if d < 0:
        n, d = -n, -d
    n, d = (0, 1) if n < 0 else (10, 1) if n > 10 * d else (n, d)  # clamped to [0, 10]
    edge = 2 * (10 * n // d) + 1  # the nearest rounding edge x,x5 is edge / 20
    if 20 * n < edge * d:
        return min(n / d, edge / 20 - 4 * NOISE)
    return max(n / d, edge / 20)


_POWERS = 10.0 ** np.arange(301, dtype=float)  # 10.0 ** k as numpy computes it, looked up (decimal_snap)


def decimal_snap(values: np.ndarray, scale: np.ndarray | None = None) -> np.ndarray:
    """Each number rounded to SIGNIFICANT significant digits (of `scale`, default the number itself): the noise
    of binary arithmetic removed (105,00000000000001 becomes 105; 0,3 − 0,1 becomes 0,2), so that a measure on a
    norm or band edge counts as on the edge."""
    size = np.abs(values if scale is None else scale)
    with np.errstate(all="ignore"):
        digits = SIGNIFICANT - 1 - np.floor(np.log10(size))
        steps = np.clip(digits, -300, 300)
        steps = np.where(np.isnan(steps), 0.0, steps).astype(np.int64)  # NaN (size NaN): snapped, not kept
        power = _POWERS[np.abs(steps)]
        up = digits >= 0  # scaled up by the power (down by 1), or down by it (up by 1): x × 1 and x / 1 are x
        if up.all():
            snapped = np.round(values * power) / power
        else:
            rounded = np.round(np.where(up, values * power, values / power))
            snapped = np.where(up, rounded / power, rounded * power)
    return np.where(np.isfinite(snapped) & (size > 1e-290), snapped, values)


def band_index(measure: np.ndarray, rule: BandsScoring) -> np.ndarray:
    """Index of the band each measure falls in; -1 where none (missing or outside every band)."""
    index = np.full(measure.shape, -1, dtype=np.int64)
    with np.errstate(invalid="ignore"):
        for i, band in enumerate(rule.bands):
            lo = -np.inf if band.min is None else band.min
            hi = np.inf if band.max is None else band.max
            hit = (measure >= lo) & (measure < hi) & (index < 0)
            index[hit] = i
    return index


def bands(measure: np.ndarray, rule: BandsScoring) -> np.ndarray:
    index = band_index(measure, rule)
    scores = np.array([b.score for b in rule.bands] + [np.nan])
    return scores[index]  # index -1 picks the trailing NaN


def score_numeric(measure: np.ndarray, rule: Scoring) -> np.ndarray:
    if isinstance(rule, LinearScoring):
        return linear(measure, rule)
    if isinstance(rule, BandsScoring):
        return bands(measure, rule)
    if isinstance(rule, YesNoScoring):
        with np.errstate(invalid="ignore"):
            return np.where(np.isnan(measure), np.nan, np.where(measure != 0, rule.ja, rule.nee))
    raise TypeError("ordinal scoring needs labels")


def score_labels(labels: np.ndarray, rule: Scoring) -> np.ndarray:
    table = rule.scale if isinstance(rule, OrdinalScoring) else {"ja": rule.ja, "nee": rule.nee}  # type: ignore[union-attr]
    out = np.full(labels.shape, np.nan)
    for label, score in table.items():
        out[labels == label] = score
    return out


def verdict_numeric(measure: np.ndarray, norm: Norm | None) -> np.ndarray:
    missing = np.isnan(measure)
    if norm is None:
        return np.where(missing, NO_DATA, NO_NORM).astype(np.int8)
    ok = np.ones(measure.shape, dtype=bool)
    with np.errstate(invalid="ignore"):
        if norm.at_least is not None:
            ok &= measure >= norm.at_least
        if norm.at_most is not None:
            ok &= measure <= norm.at_most
        if norm.one_of:  # yes/no on a number: nonzero is "ja"
            yes = measure != 0
            ok &= np.where(yes, "ja" in norm.one_of, "nee" in norm.one_of)
    return np.where(missing, NO_DATA, np.where(ok, PASS, FAIL)).astype(np.int8)


def verdict_labels(labels: np.ndarray, norm: Norm | None) -> np.ndarray:
    missing = labels == None
    if norm is None:
        return np.where(missing, NO_DATA, NO_NORM).astype(np.int8)
    ok = np.isin(labels, norm.one_of or [])
    return np.where(missing, NO_DATA, np.where(ok, PASS, FAIL)).astype(np.int8)


def verdict_threshold(norm: float) -> float:
    """The lowest raw score whose rounded mark reaches `norm`: what you see (5,5) is what counts.

    rapportcijfer(x) >= norm  <=>  x >= ceil(10 * norm) / 10 - 0.05 (less the noise that rapportcijfer ignores).
    """
    return math.ceil(round(norm * 10, 9)) / 10 - 0.05 - NOISE


def unit_suffix(unit: str) -> str:
    """' €/inw' after a number; nothing for a plain count ('1 aantal' reads badly)."""
    return f" {unit}" if unit and unit != "aantal" else ""


def describe_scoring(rule: Scoring, unit: str) -> str:
    u = unit_suffix(unit)
    if isinstance(rule, LinearScoring):
        return f"lineair: {fmt(rule.slecht)}{u} geeft 0, {fmt(rule.goed)}{u} geeft 10 (daartussen evenredig, begrensd)"
    if isinstance(rule, BandsScoring):
        parts = []
        for b in rule.bands:
            lo = "" if b.min is None else f"vanaf {fmt(b.min)}"
            hi = "" if b.max is None else f"tot {fmt(b.max)}"
            span = " ".join(p for p in (lo, hi) if p) or "alle waarden"
            parts.append(f"{span}: {fmt(b.score)}" + (f" ({b.label})" if b.label else ""))
        return "banden: " + "; ".join(parts)
    if isinstance(rule, OrdinalScoring):
        return "schaal: " + ", ".join(f"{k} = {fmt(v)}" for k, v in rule.scale.items())
    return f"ja/nee: ja = {fmt(rule.ja)}, nee = {fmt(rule.nee)}"


def describe_norm(norm: Norm | None, unit: str) -> str | None:
    if norm is None:
        return None
    u = unit_suffix(unit)
    if norm.one_of:
        return "voldoet bij: " + " of ".join(norm.one_of)
    parts = []
    if norm.at_least is not None:
        parts.append(f"minstens {fmt(norm.at_least)}{u}")
    if norm.at_most is not None:
        parts.append(f"hoogstens {fmt(norm.at_most)}{u}")
    return " en ".join(parts)


def describe_knockout(norm: Norm | None) -> str | None:
    if norm is None or norm.knockout == "none":
        return None
    if norm.knockout == "cap":
        return f"knock-out: niet voldoen begrenst de score van het bovenliggende criterium tot {fmt(norm.cap or 0)}"
    return "knock-out: niet voldoen maakt het bovenliggende criterium 'voldoet niet'"

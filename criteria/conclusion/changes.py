"""The smallest single change that turns the verdict of the total (pure), exact.

For one subject, everything else as it is: the score each indicator must reach for the total to voldoen comes
from criteria.engine.flips.required_scores (walking down from the total; a ratio of linear functions per level).
That score is turned back into the indicator's measure through its scoring function (linear: the inverse;
bands: the nearest band edge; labels: the nearest label), rounded as shown in the direction that helps, and
then checked: the tree is aggregated again with the engine's own aggregation step (criteria.engine.reweigh) with
that one measure changed, its norm and knock-out included. Only a change that really turns the verdict is kept.
Over a period, the change in one year must turn the period's verdict (the period rule applied to the new
yearly totals). The smallest change is the one that moves the measure the smallest part of its scale.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from types import SimpleNamespace
from typing import cast

import numpy as np

from criteria.conclusion.focus import Focus, period_score
from criteria.conclusion.model import Change
from criteria.engine import scoring as sc
from criteria.engine.aggregate import Child
from criteria.engine.breakdown import r, value_unit
from criteria.engine.columns import Evaluation, IndicatorColumns, knockouts
from criteria.engine.flips import required_scores
from criteria.engine.reweigh import Pin, Tree, rescore
from criteria.model.ruleset import BandsScoring, Indicator, LinearScoring, OrdinalScoring, YesNoScoring

MAX_CHANGES = 3
STEPS = (
    4  # a rounded measure that falls just short (float noise at an edge) is moved one shown unit, at most this often
)


def subject_tree(tree: Tree, row: int, positions: Sequence[int] | None = None) -> Tree:
    """The tree of one subject: every array cut to that row (shape (1, years)); with `positions`, also to those
    year positions (shape (1, len(positions)), in that order). The aggregation works cell by cell, so a cut tree
    gives the same numbers as the cells of the whole one."""
    rows = slice(row, row + 1)

    def cut(a: np.ndarray) -> np.ndarray:
        return a[rows] if positions is None else a[rows, list(positions)]

    return replace(
        tree,
        indicators={k: Child(cut(c.score), cut(c.applicable)) for k, c in tree.indicators.items()},
        knockouts={c: [replace(k, hit=cut(k.hit)) for k in ks] for c, ks in tree.knockouts.items()},
        in_scope={c: cut(a) for c, a in tree.in_scope.items()},
        pinned={c: Pin(cut(p.mask), cut(p.score), cut(p.verdict)) for c, p in tree.pinned.items()},
    )


@dataclass(frozen=True)
class _Option:
    measure_new: float | str
    shown: float | str  # what the text shows (a band edge for "<"/">")
    condition: str
    size: float
    knockout: bool = False


class _Subject:
    """One subject's tree, base aggregation and indicator verdicts, for re-aggregating with one change."""

    def __init__(self, ev: Evaluation, tree: Tree, row: int):
        self.ev, self.row = ev, row
        self.tree = subject_tree(tree, row)
        self.base = rescore(self.tree)
        self.verdicts = {i: c.verdict[row : row + 1] for i, c in ev.indicators.items()}

    def _ancestors(self, criterion: str) -> set[str]:
        """The criterion and every criterion above it: all that a change below it can move."""
        out, node = {criterion}, criterion
        while node in self.tree.parent:
            node = self.tree.parent[node]
            out.add(node)
        return out

    def total_with(self, iid: str, position: int, score: float, verdict: int) -> float:
        """The total in one year with indicator `iid` scored `score` with verdict `verdict` there."""
        tree, compiled = self.tree, self.ev.compiled
        child = tree.indicators[iid]
        new_score = child.score.copy()
        new_score[0, position] = score
        verdicts = dict(self.verdicts)
        verdicts[iid] = verdicts[iid].copy()
        verdicts[iid][0, position] = verdict
        parent = tree.parent[iid]
        ind_cols = {k: SimpleNamespace(verdict=v) for k, v in verdicts.items()}
        changed = replace(
            tree,
            indicators={**tree.indicators, iid: Child(new_score, child.applicable)},
            knockouts={
                **tree.knockouts,
                parent: list(knockouts(compiled, parent, cast("dict[str, IndicatorColumns]", ind_cols)).values()),
            },
        )  # only .verdict is read
        return float(rescore(changed, only=self._ancestors(parent), base=self.base)[tree.root].score[0, position])


def _decimals(scale: float) -> int:
    """Decimals to show a measure with: 2, more for a small scale (0,5 fte per 1000 inwoners)."""
    return max(2, 2 - math.floor(math.log10(scale))) if scale > 0 and math.isfinite(scale) else 2


def _round(x: float, decimals: int, up: bool) -> float:
    """x rounded to `decimals` decimals, up or down (a shown number that still meets what x meets)."""
    factor = 10.0**decimals
    return (math.ceil(round(x * factor, 6)) if up else math.floor(round(x * factor, 6))) / factor


def _band_span(rule: BandsScoring, m: float) -> float:
    edges = [e for b in rule.bands for e in (b.min, b.max) if e is not None]
    span = max(edges) - min(edges) if len(edges) > 1 else 0.0
    return span if span > 0 else max(1.0, abs(m))


def _linear_options(rule: LinearScoring, m: float, x: float, raise_: bool) -> list[_Option]:
    scale = abs(rule.goed - rule.slecht)
    if (raise_ and x > 10 + 1e-9) or (not raise_ and x <= 0):
        return []
    target = rule.slecht + min(max(x, 0.0), 10.0) / 10 * (rule.goed - rule.slecht)
    better = rule.goed > rule.slecht  # a higher measure scores higher
    up = better if raise_ else not better
    decimals = _decimals(scale)
    step = 10.0**-decimals
    out = []
    new = _round(target, decimals, up)
    if not raise_ and new == target:  # below the needed score: strictly past it
        new += step if up else -step
    for i in range(STEPS):
        value = round(new + (i * step if up else -i * step), decimals + 2)
        out.append(_Option(value, value, "≥" if up else "≤", abs(value - m) / scale))
    return out


def _band_options(rule: BandsScoring, m: float, x: float, raise_: bool) -> list[_Option]:
    out = []
    for band in rule.bands:
        if (band.score < x - 1e-9) if raise_ else (band.score >= x):
            continue
        lo = -math.inf if band.min is None else band.min
        hi = math.inf if band.max is None else band.max
        if lo <= m < hi:
            continue
        if m < lo:
            out.append(_Option(lo, lo, "≥", (lo - m) / _band_span(rule, m)))
        else:
            below = hi - max(abs(hi), 1.0) * 1e-9
            out.append(_Option(below, hi, "<", (m - hi) / _band_span(rule, m)))
    return out


def _label_table(ind: Indicator) -> dict[str, float]:
    rule = ind.scoring
    if isinstance(rule, OrdinalScoring):
        return dict(rule.scale)
    if isinstance(rule, YesNoScoring):
        return {"ja": rule.ja, "nee": rule.nee}
    return {}


def _label_options(ind: Indicator, now: float, x: float, raise_: bool, numeric: bool) -> list[_Option]:
    out = []
    for label, score in _label_table(ind).items():
        if (score < x - 1e-9) if raise_ else (score >= x):
            continue
        new: float | str = (1.0 if label == "ja" else 0.0) if numeric else label
        out.append(_Option(new, label, "=", abs(score - now) / 10))
    return out


def _norm_options(ind: Indicator, m: float, passes: bool, scale: float) -> list[_Option]:
    """A knock-out norm met (when it fails) or just missed (when it passes): its edge."""
    norm = ind.norm
    if norm is None or norm.knockout == "none" or norm.one_of:
        return []
    out = []
    if not passes:
        if norm.at_most is not None and m > norm.at_most:
            out.append(_Option(norm.at_most, norm.at_most, "≤", (m - norm.at_most) / scale, True))
        if norm.at_least is not None and m < norm.at_least:
            out.append(_Option(norm.at_least, norm.at_least, "≥", (norm.at_least - m) / scale, True))
        return out
    if norm.at_most is not None:
        above = norm.at_most + max(abs(norm.at_most), 1.0) * 1e-9
        out.append(_Option(above, norm.at_most, ">", (norm.at_most - m) / scale if m < norm.at_most else 0.0, True))
    if norm.at_least is not None:
        below = norm.at_least - max(abs(norm.at_least), 1.0) * 1e-9
        out.append(_Option(below, norm.at_least, "<", (m - norm.at_least) / scale if m > norm.at_least else 0.0, True))
    return out


def _options(ind: Indicator, cols, row: int, position: int, x: float, raise_: bool) -> list[_Option]:
    """Measures of the indicator that reach (raise_) or fall below the score x, nearest first per kind."""
    rule = ind.scoring
    labels = cols.labels[row, position] if cols.labels is not None else None
    if labels is not None:
        return _label_options(ind, float(cols.score[row, position]), x, raise_, numeric=False)
    m = float(cols.measure[row, position])
    if math.isnan(m):
        return []
    passes = int(cols.verdict[row, position]) != sc.FAIL
    if isinstance(rule, LinearScoring):
        found = _linear_options(rule, m, x, raise_) if math.isfinite(x) else []
        scale = abs(rule.goed - rule.slecht)
    elif isinstance(rule, BandsScoring):
        found = _band_options(rule, m, x, raise_) if math.isfinite(x) else []
        scale = _band_span(rule, m)
    else:
        found = (
            _label_options(ind, float(cols.score[row, position]), x, raise_, numeric=True) if math.isfinite(x) else []
        )
        scale = 1.0
    knock = _norm_options(ind, m, passes, scale) if (not passes) == raise_ else []
    both = [
        _Option(o.measure_new, o.shown, o.condition, o.size, True)
        for o in found
        if knock and _meets_norm(ind, o.measure_new) == raise_
    ]
    return found + knock + both


def _meets_norm(ind: Indicator, measure: float | str) -> bool:
    if ind.norm is None:
        return True
    if isinstance(measure, str):
        return int(sc.verdict_labels(np.array([measure], dtype=object), ind.norm)[0]) != sc.FAIL
    return int(sc.verdict_numeric(np.array([measure]), ind.norm)[0]) != sc.FAIL


def _score_and_verdict(ind: Indicator, measure: float | str) -> tuple[float, int]:
    if isinstance(measure, str):
        labels = np.array([measure], dtype=object)
        return float(sc.score_labels(labels, ind.scoring)[0]), int(sc.verdict_labels(labels, ind.norm)[0])
    arr = np.array([measure])
    return float(sc.score_numeric(arr, ind.scoring)[0]), int(sc.verdict_numeric(arr, ind.norm)[0])


def _value_of(ind: Indicator, measure: float | str, nullijn: float) -> float | None:
    """The indicator's value that gives this measure, when the measure is not the value itself."""
    if isinstance(measure, str) or ind.measure == "value" or math.isnan(nullijn):
        return None
    if ind.measure == "difference":
        return nullijn + measure
    if ind.measure == "relative_difference":
        return nullijn + measure / 100 * abs(nullijn)
    return measure / 100 * nullijn


def smallest_changes(ev: Evaluation, tree: Tree, row: int, focus: Focus, pass_mark: float) -> tuple[Change, ...]:
    """The smallest single changes (up to MAX_CHANGES, smallest first) that turn the verdict of the focus."""
    subject = _Subject(ev, tree, row)
    root = subject.base[tree.root]
    totals = [float(root.score[0, p]) for p in focus.positions]
    threshold = tree.thresholds[tree.root]
    if focus.rule is None:
        verdict = int(root.verdict[0, focus.positions[0]])
    else:
        period = period_score(focus.rule, totals)
        verdict = sc.NO_DATA if period is None else sc.PASS if period >= threshold else sc.FAIL
    if verdict not in (sc.PASS, sc.FAIL):
        return ()
    raise_ = verdict == sc.FAIL
    target = _targets(focus, totals, threshold, raise_, root.score.shape)
    need, reach = required_scores(subject.tree, subject.base, target)
    rs = ev.compiled.ruleset
    found: list[Change] = []
    for iid, ind in rs.indicators.items():
        cols = ev.indicators[iid]
        for k, position in enumerate(focus.positions):
            if not cols.applicable[row, position] or np.isnan(cols.score[row, position]):
                continue
            x = float(need[iid][0, position]) if reach[iid][0, position] else math.nan
            options = sorted(_options(ind, cols, row, position, x, raise_), key=lambda o: o.size)
            change = _first_that_turns(subject, ev, iid, ind, row, position, k, totals, focus, verdict, options)
            if change is not None:
                found.append(change)
    found.sort(key=lambda c: (c.size, c.year, c.indicator))
    return tuple(found[:MAX_CHANGES])


def _targets(focus: Focus, totals: list[float], threshold: float, raise_: bool, shape) -> np.ndarray:
    """The total each focus year must reach (raise_) or fall below for the verdict of the focus to turn."""
    target = np.full(shape, np.nan)
    if focus.rule is None or focus.rule == "last":
        target[0, focus.positions[-1] if focus.rule else focus.positions[0]] = threshold
        return target
    present = [(p, t) for p, t in zip(focus.positions, totals) if not math.isnan(t)]
    if focus.rule == "min":
        failing = [p for p, t in present if t < threshold]
        for p, _ in present:
            if not raise_ or failing == [p]:
                target[0, p] = threshold
        return target
    shown = sum(cast(float, r(t)) for _, t in present)
    for p, t in present:
        target[0, p] = len(present) * threshold - (shown - cast(float, r(t)))
    return target


def _first_that_turns(
    subject: _Subject,
    ev: Evaluation,
    iid: str,
    ind: Indicator,
    row: int,
    position: int,
    k: int,
    totals: list[float],
    focus: Focus,
    verdict: int,
    options: list[_Option],
) -> Change | None:
    cols = ev.indicators[iid]
    threshold = subject.tree.thresholds[subject.tree.root]
    for option in options:
        score, ind_verdict = _score_and_verdict(ind, option.measure_new)
        if math.isnan(score):
            continue
        total = subject.total_with(iid, position, score, ind_verdict)
        if math.isnan(total):
            continue
        if focus.rule is None:
            new = sc.PASS if total >= threshold else sc.FAIL
        else:
            period = period_score(focus.rule, [total if i == k else t for i, t in enumerate(totals)])
            new = sc.PASS if period is not None and period >= threshold else sc.FAIL
        if new == verdict:
            continue
        labels = cols.labels[row, position] if cols.labels is not None else None
        now: float | str = labels if labels is not None else float(cols.measure[row, position])
        nullijn = float(cols.nullijn[row, position])
        shown = option.shown
        if isinstance(now, float) and isinstance(shown, str):  # yes/no on a number: show the label
            now = "ja" if now != 0 else "nee"
        value_now = None if isinstance(now, str) else _value_of(ind, now, nullijn)
        return Change(
            ev.years[position],
            iid,
            ind.title,
            ind.unit,
            ind.measure,
            now,
            shown,
            option.condition,
            value_unit(ev.compiled.ruleset, ind, ev.compiled.formulas[iid]),
            None if value_now is None else float(cols.value[row, position]),
            _value_of(ind, shown, nullijn) if not isinstance(shown, str) else None,
            float(cols.score[row, position]),
            score,
            total,
            new,
            option.size,
            option.knockout
            or (ind_verdict == sc.FAIL) != (int(cols.verdict[row, position]) == sc.FAIL)
            and ind.norm is not None
            and ind.norm.knockout != "none",
        )
    return None

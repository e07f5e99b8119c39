"""Column-wise evaluation: every node of the criteria graph once for all subjects and years.

Arrays have shape (subjects, years). Pure: a compiled ruleset and a case in, an Evaluation out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from criteria import formula as fx
from criteria.rules.compile import CompiledRuleset
from criteria.engine import scoring as sc
from criteria.engine.aggregate import Child, Knockout, combine
from criteria.engine.bind import ValueIndex, bind
from criteria.errors import MissingDataError, UncoveredMeasureError
from criteria.model.case import Case
from criteria.model.ruleset import BandsScoring, Indicator, OrdinalScoring, YesNoScoring
from criteria.voorstel.rows import baseline_rows


@dataclass
class IndicatorColumns:
    value: np.ndarray  # float; NaN where missing (label indicators: NaN everywhere)
    labels: np.ndarray | None  # object array of labels for label indicators
    nullijn: np.ndarray
    measure: np.ndarray
    score: np.ndarray
    verdict: np.ndarray
    applicable: np.ndarray  # bool
    invalid: np.ndarray  # bool: inputs present but the computation gave no finite number


@dataclass
class CriterionColumns:
    score: np.ndarray
    score_before_knockout: np.ndarray
    completeness: np.ndarray
    verdict: np.ndarray
    applicable: np.ndarray
    weight_share: dict[str, np.ndarray]  # child -> normalised weight among children with data
    knocked_by: dict[str, np.ndarray] = field(default_factory=dict)  # indicator -> mask where it knocked out
    in_scope: np.ndarray | None = None  # bool: the criterion and all its ancestors apply (applies_to)


@dataclass
class Evaluation:
    compiled: CompiledRuleset
    case: Case
    subjects: list[str]
    years: list[int]  # evaluation years (the ruleset's)
    all_years: list[int]  # evaluation years plus nullijn years
    numbers: dict[str, np.ndarray]  # fields and derived fields over all_years
    labels: dict[str, np.ndarray]
    partners: dict[str, dict[str, np.ndarray]]  # partner field -> partner -> column
    sources: ValueIndex  # (field, subject, partner, year) -> the data value used
    indicators: dict[str, IndicatorColumns]
    criteria: dict[str, CriterionColumns]

    def year_index(self, year: int) -> int:
        return self.years.index(year)


def _years(compiled: CompiledRuleset) -> tuple[list[int], list[int]]:
    rs = compiled.ruleset
    extra = {n.year for i in rs.indicators if (n := rs.nullijn_for(i)) is not None
             and n.kind == "base_year" and rs.indicators[i].measure != "value"}
    return list(rs.years), sorted(set(rs.years) | {y for y in extra if y is not None})


def _applicability(case: Case, subjects: list[str]):
    """applies(spec) -> bool per subject: the subject has one of the tags in `spec` (None: every subject)."""
    tags = sorted({t for s in subjects for t in case.manifest.subjects[s].tags})
    t_index = {t: i for i, t in enumerate(tags)}
    has = np.zeros((len(subjects), len(tags)), dtype=bool)
    for row, s in enumerate(subjects):
        has[row, [t_index[t] for t in case.manifest.subjects[s].tags]] = True

    def applies(spec: list[str] | None) -> np.ndarray:
        if spec is None:
            return np.ones(len(subjects), dtype=bool)
        cols = [t_index[t] for t in spec if t in t_index]
        return has[:, cols].any(axis=1)

    return applies


def _resolvers(numbers, partners):
    def resolve(name: str) -> np.ndarray:
        return numbers[name]

    def resolve_partner(name: str, partner: str | None) -> np.ndarray:
        cols = partners[name]
        if partner is None:
            return np.sum(np.stack(list(cols.values())), axis=0)
        return cols[partner] if partner in cols else np.full(next(iter(cols.values())).shape, np.nan)

    return resolve, resolve_partner


def _indicator(compiled: CompiledRuleset, iid: str, ind: Indicator, numbers, labels, partners,
               shape, all_years: list[int], applicable: np.ndarray,
               baseline: np.ndarray | None = None, broken: dict | None = None) -> IndicatorColumns:
    rs = compiled.ruleset
    formula = compiled.formulas[iid]
    resolve, resolve_partner = _resolvers(numbers, partners)
    only = next(iter(formula.names)) if len(formula.names) == 1 else None
    nan = np.full(shape, np.nan)
    if only in labels and isinstance(ind.scoring, (OrdinalScoring, YesNoScoring)):
        lab = labels[only]
        score = sc.score_labels(lab, ind.scoring)
        verdict = sc.verdict_labels(lab, ind.norm)
        verdict = np.where(applicable, verdict, sc.NOT_APPLICABLE).astype(np.int8)
        return IndicatorColumns(nan, lab, nan, nan, np.where(applicable, score, np.nan), verdict, applicable,
                                np.zeros(shape, dtype=bool))
    with np.errstate(all="ignore"):
        value = np.broadcast_to(fx.evaluate(formula, resolve, resolve_partner), shape).astype(float)
        inputs_missing = _inputs_missing(formula, numbers, resolve_partner, broken or {}, shape)
        invalid = ~np.isfinite(value) & ~inputs_missing
        value = np.where(np.isfinite(value), value, np.nan)
        null = rs.nullijn_for(iid)
        nullijn = nan
        if ind.measure != "value" and null is not None:
            if null.kind == "base_year":
                nullijn = np.repeat(value[:, [all_years.index(null.year)]], shape[1], axis=1)
                rows = np.flatnonzero(baseline >= 0) if baseline is not None else []
                if len(rows):  # a voorstel (and its huidige situatie): today's value in the same year, issue 4
                    nullijn[rows] = value[baseline[rows]]
            elif null.kind == "reference":
                nullijn = numbers[null.field]
            else:
                nullijn = np.full(shape, float(null.value))
        operands = np.maximum(np.abs(value), np.abs(nullijn))  # a difference is as precise as its operands
        measure = sc.decimal_snap({
            "value": lambda: value,
            "difference": lambda: sc.decimal_snap(value - nullijn, operands),
            "relative_difference": lambda: sc.decimal_snap(value - nullijn, operands) / np.abs(nullijn) * 100.0,
            "index": lambda: value / nullijn * 100.0,
        }[ind.measure]())  # compared with norms and bands as a decimal number (scoring.decimal_snap)
        bad_measure = ~np.isfinite(measure) & ~np.isnan(value) & ~np.isnan(nullijn if ind.measure != "value" else value)
        invalid |= bad_measure
        measure = np.where(np.isfinite(measure), measure, np.nan)
    score = sc.score_numeric(measure, ind.scoring)
    verdict = sc.verdict_numeric(measure, ind.norm)
    verdict = np.where(applicable, verdict, sc.NOT_APPLICABLE).astype(np.int8)
    return IndicatorColumns(value, None, nullijn, measure, np.where(applicable, score, np.nan), verdict,
                            applicable, invalid)


def node_weight(compiled: CompiledRuleset, node: str) -> float:
    rs = compiled.ruleset
    return rs.criteria[node].weight if node in rs.criteria else rs.indicators[node].weight


def threshold(compiled: CompiledRuleset, cid: str) -> float:
    """The raw score from which criterion `cid` voldoet: its own norm, else the ruleset's pass mark.

    The comparison is with the mark as shown (one decimal, halves up), see scoring.verdict_threshold.
    """
    crit = compiled.ruleset.criteria[cid]
    return sc.verdict_threshold(crit.norm.at_least if crit.norm is not None else compiled.ruleset.pass_mark)


def knockouts(compiled: CompiledRuleset, cid: str, ind_cols: dict[str, IndicatorColumns]) -> dict[str, Knockout]:
    """The knock-out indicators directly under `cid` that fail somewhere, with where they fail."""
    rs = compiled.ruleset
    out: dict[str, Knockout] = {}
    for kid in compiled.children[cid]:
        norm = rs.indicators[kid].norm if kid in rs.indicators else None
        if norm is None or norm.knockout == "none":
            continue
        hit = ind_cols[kid].verdict == sc.FAIL
        if hit.any():
            out[kid] = Knockout(hit, norm.cap if norm.knockout == "cap" else None)
    return out


def _criterion(compiled: CompiledRuleset, cid: str, ind_cols: dict[str, IndicatorColumns],
               crit_cols: dict[str, CriterionColumns], in_scope: np.ndarray) -> CriterionColumns:
    kids = compiled.children[cid]
    cols = [crit_cols[kid] if kid in crit_cols else ind_cols[kid] for kid in kids]
    weights = [node_weight(compiled, kid) for kid in kids]
    knocked = knockouts(compiled, cid, ind_cols)
    agg = combine([Child(c.score, c.applicable) for c in cols], weights, list(knocked.values()), in_scope,
                  threshold(compiled, cid))
    complete_w = np.zeros(in_scope.shape)
    shares = {}
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        for kid, col, w in zip(kids, cols, weights):
            present = col.applicable & ~np.isnan(col.score)
            comp = col.completeness if isinstance(col, CriterionColumns) else present.astype(float)
            complete_w += np.where(col.applicable, w * np.nan_to_num(comp), 0.0)
            shares[kid] = np.where(present & (agg.present_weight > 0), w / agg.present_weight, np.nan)
        completeness = np.where(agg.applicable, complete_w / agg.applicable_weight, np.nan)
    return CriterionColumns(agg.score, agg.score_before_knockout, completeness, agg.verdict, agg.applicable, shares,
                            {k: v.hit for k, v in knocked.items()}, in_scope)


def evaluate(compiled: CompiledRuleset, case: Case) -> Evaluation:
    """Evaluate every in-scope subject of the case for every year of the ruleset."""
    rs = compiled.ruleset
    subjects = case.in_scope()
    years, all_years = _years(compiled)
    shape_all = (len(subjects), len(all_years))
    numbers, labels, partners, sources = bind(compiled, case, subjects, all_years)
    resolve, resolve_partner = _resolvers(numbers, partners)
    broken = _derived_columns(compiled, numbers, resolve, resolve_partner, shape_all)
    year_cols = [all_years.index(y) for y in years]
    applies = _applicability(case, subjects)
    specs = {**{c: v.applies_to for c, v in rs.criteria.items()}, **{i: v.applies_to for i, v in rs.indicators.items()}}
    applicable_of = {node: applies(specs[node]) for node in compiled.postorder}
    ind_cols: dict[str, IndicatorColumns] = {}
    crit_cols: dict[str, CriterionColumns] = {}
    missing: list[str] = []
    uncovered: list[str] = []  # present measures outside every band: an error, never 'missing'
    ancestors_ok = _inherited_applicability(compiled, applicable_of)
    base = baseline_rows(case, subjects)  # the huidige situatie row of a voorstel (its nullijn)
    for node in compiled.postorder:
        app = np.repeat(ancestors_ok[node][:, None], len(years), axis=1)
        if node in rs.indicators:
            full = _indicator(compiled, node, rs.indicators[node], numbers, labels, partners, shape_all, all_years,
                              np.repeat(ancestors_ok[node][:, None], len(all_years), axis=1), base, broken)
            cols = IndicatorColumns(*(None if a is None else a[:, year_cols] for a in (
                full.value, full.labels, full.nullijn, full.measure, full.score, full.verdict, full.applicable,
                full.invalid)))
            ind_cols[node] = cols
            if isinstance(rs.indicators[node].scoring, BandsScoring):
                outside = cols.applicable & ~np.isnan(cols.measure) & np.isnan(cols.score)
                uncovered += [f"{subjects[si]} {years[yi]}: indicator '{node}', meting {sc.fmt(cols.measure[si, yi])}"
                              for si, yi in zip(*np.nonzero(outside))]
            if rs.missing_data == "error":
                for si, yi in zip(*np.nonzero(cols.applicable & np.isnan(cols.score))):
                    missing.append(f"{subjects[si]} {years[yi]}: indicator '{node}'")
        else:
            crit_cols[node] = _criterion(compiled, node, ind_cols, crit_cols, app)
    if uncovered:
        raise UncoveredMeasureError(uncovered)
    if missing:
        raise MissingDataError(missing)
    return Evaluation(compiled, case, subjects, years, all_years, numbers, labels, partners, sources,
                      ind_cols, crit_cols)


def _derived_columns(compiled: CompiledRuleset, numbers: dict, resolve, resolve_partner, shape) -> dict[str, np.ndarray]:
    """Compute the derived fields into `numbers` (non-finite -> NaN); return, per derived field, where its
    inputs were present but the computation gave no valid number (e.g. a division by zero): not missing data."""
    broken: dict[str, np.ndarray] = {}
    with np.errstate(all="ignore"):
        for name in compiled.derived_order:
            formula = compiled.formulas[name]
            value = np.broadcast_to(fx.evaluate(formula, resolve, resolve_partner), shape)
            numbers[name] = np.where(np.isfinite(value), value, np.nan)
            missing = _inputs_missing(formula, numbers, resolve_partner, broken, shape)
            broken[name] = ~np.isfinite(value) & ~missing
    return broken


def _inputs_missing(formula, numbers: dict, resolve_partner, broken: dict, shape) -> np.ndarray:
    """Where an input of `formula` is really absent (a NaN that is not a failed computation upstream)."""
    missing = np.zeros(shape, dtype=bool)
    for name in formula.names:
        gone = np.isnan(numbers[name])
        missing |= gone & ~broken[name] if name in broken else gone
    for name, partner in formula.partner_refs:
        missing |= np.isnan(resolve_partner(name, partner))
    return missing


def _inherited_applicability(compiled: CompiledRuleset, own: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """A node applies to a subject only if it and all its ancestors do."""
    result: dict[str, np.ndarray] = {}
    for node in reversed(compiled.postorder):  # parents before children
        parents = list(compiled.tree.predecessors(node))
        result[node] = own[node] & (result[parents[0]] if parents else True)
    return result

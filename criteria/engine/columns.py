"""Column-wise evaluation: every node of the criteria graph once for all subjects and years.

Arrays have shape (subjects, years). Pure: a compiled ruleset and a case in, an Evaluation out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from criteria import formula as fx
from criteria.compile import CompiledRuleset
from criteria.engine import scoring as sc
from criteria.errors import MissingDataError
from criteria.model.case import Case, DataValue
from criteria.model.ruleset import Indicator, OrdinalScoring, YesNoScoring

SourceKey = tuple[str, str | None, str | None, int]  # field, subject, partner, year


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
    sources: dict[SourceKey, DataValue]
    indicators: dict[str, IndicatorColumns]
    criteria: dict[str, CriterionColumns]

    def year_index(self, year: int) -> int:
        return self.years.index(year)


def _years(compiled: CompiledRuleset) -> tuple[list[int], list[int]]:
    rs = compiled.ruleset
    extra = {n.year for i in rs.indicators if (n := rs.nullijn_for(i)) is not None
             and n.kind == "base_year" and rs.indicators[i].measure != "value"}
    return list(rs.years), sorted(set(rs.years) | {y for y in extra if y is not None})


def _bind(compiled: CompiledRuleset, case: Case, subjects: list[str], all_years: list[int]):
    rs = compiled.ruleset
    shape = (len(subjects), len(all_years))
    s_index = {s: i for i, s in enumerate(subjects)}
    y_index = {y: i for i, y in enumerate(all_years)}
    numbers = {n: np.full(shape, np.nan) for n, f in rs.fields.items() if f.type == "number" and f.scope != "partner"}
    labels = {n: np.full(shape, None, dtype=object) for n, f in rs.fields.items() if f.type == "label"}
    partners = {n: {p: np.full(shape, np.nan) for p in case.manifest.partners}
                for n, f in rs.fields.items() if f.scope == "partner"}
    sources: dict[SourceKey, DataValue] = {}
    for v in case.values:
        if v.field not in rs.fields or v.year not in y_index:
            continue
        if v.subject is not None and v.subject not in s_index:
            continue
        rows = slice(None) if v.subject is None else s_index[v.subject]
        col = y_index[v.year]
        sources[(v.field, v.subject, v.partner, v.year)] = v
        if v.field in partners:
            if v.partner is not None and isinstance(v.value, float):
                partners[v.field][v.partner][rows, col] = v.value
        elif v.field in labels:
            labels[v.field][rows, col] = v.value if isinstance(v.value, str) else None
        elif isinstance(v.value, float):
            numbers[v.field][rows, col] = v.value
    return numbers, labels, partners, sources


def _applicable(compiled: CompiledRuleset, case: Case, subjects: list[str], node: str) -> np.ndarray:
    rs = compiled.ruleset
    spec = rs.criteria[node].applies_to if node in rs.criteria else rs.indicators[node].applies_to
    if spec is None:
        return np.ones(len(subjects), dtype=bool)
    tags = [set(case.manifest.subjects[s].tags) for s in subjects]
    return np.array([bool(t & set(spec)) for t in tags], dtype=bool)


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
               shape, all_years: list[int], applicable: np.ndarray) -> IndicatorColumns:
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
        inputs_missing = np.zeros(shape, dtype=bool)
        for name in formula.names:
            inputs_missing |= np.isnan(numbers[name])
        for name, partner in formula.partner_refs:
            inputs_missing |= np.isnan(resolve_partner(name, partner))
        invalid = ~np.isfinite(value) & ~inputs_missing
        value = np.where(np.isfinite(value), value, np.nan)
        null = rs.nullijn_for(iid)
        nullijn = nan
        if ind.measure != "value" and null is not None:
            if null.kind == "base_year":
                nullijn = np.repeat(value[:, [all_years.index(null.year)]], shape[1], axis=1)
            elif null.kind == "reference":
                nullijn = numbers[null.field]
            else:
                nullijn = np.full(shape, float(null.value))
        measure = {
            "value": lambda: value,
            "difference": lambda: value - nullijn,
            "relative_difference": lambda: (value - nullijn) / np.abs(nullijn) * 100.0,
            "index": lambda: value / nullijn * 100.0,
        }[ind.measure]()
        bad_measure = ~np.isfinite(measure) & ~np.isnan(value) & ~np.isnan(nullijn if ind.measure != "value" else value)
        invalid |= bad_measure
        measure = np.where(np.isfinite(measure), measure, np.nan)
    score = sc.score_numeric(measure, ind.scoring)
    verdict = sc.verdict_numeric(measure, ind.norm)
    verdict = np.where(applicable, verdict, sc.NOT_APPLICABLE).astype(np.int8)
    return IndicatorColumns(value, None, nullijn, measure, np.where(applicable, score, np.nan), verdict,
                            applicable, invalid)


def _criterion(compiled: CompiledRuleset, cid: str, ind_cols: dict[str, IndicatorColumns],
               crit_cols: dict[str, CriterionColumns], own_applicable: np.ndarray) -> CriterionColumns:
    rs = compiled.ruleset
    kids = compiled.children[cid]
    shape = own_applicable.shape
    num = np.zeros(shape)
    present_w = np.zeros(shape)
    applicable_w = np.zeros(shape)
    complete_w = np.zeros(shape)
    for kid in kids:
        w = rs.criteria[kid].weight if kid in rs.criteria else rs.indicators[kid].weight
        col = crit_cols[kid] if kid in crit_cols else ind_cols[kid]
        app = col.applicable
        present = app & ~np.isnan(col.score)
        comp = col.completeness if isinstance(col, CriterionColumns) else present.astype(float)
        num += np.where(present, w * np.nan_to_num(col.score), 0.0)
        present_w += np.where(present, w, 0.0)
        applicable_w += np.where(app, w, 0.0)
        complete_w += np.where(app, w * np.nan_to_num(comp), 0.0)
    applicable = own_applicable & (applicable_w > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        score = np.where(applicable & (present_w > 0), num / present_w, np.nan)
        completeness = np.where(applicable, complete_w / applicable_w, np.nan)
        shares = {}
        for kid in kids:
            w = rs.criteria[kid].weight if kid in rs.criteria else rs.indicators[kid].weight
            col = crit_cols[kid] if kid in crit_cols else ind_cols[kid]
            present = col.applicable & ~np.isnan(col.score)
            shares[kid] = np.where(present & (present_w > 0), w / present_w, np.nan)
    before = score.copy()
    knocked: dict[str, np.ndarray] = {}
    forced_fail = np.zeros(shape, dtype=bool)
    for kid in kids:
        if kid not in rs.indicators:
            continue
        norm = rs.indicators[kid].norm
        if norm is None or norm.knockout == "none":
            continue
        hit = ind_cols[kid].verdict == sc.FAIL
        if not hit.any():
            continue
        knocked[kid] = hit
        forced_fail |= hit
        if norm.knockout == "cap":
            score = np.where(hit & ~np.isnan(score), np.minimum(score, norm.cap), score)
    crit = rs.criteria[cid]
    threshold = crit.norm.at_least if crit.norm is not None else rs.pass_mark
    with np.errstate(invalid="ignore"):
        verdict = np.where(score >= threshold, sc.PASS, sc.FAIL)
    verdict = np.where(forced_fail, sc.FAIL, verdict)
    verdict = np.where(np.isnan(score), sc.NO_DATA, verdict)
    verdict = np.where(applicable, verdict, sc.NOT_APPLICABLE).astype(np.int8)
    return CriterionColumns(score, before, completeness, verdict, applicable, shares, knocked)


def evaluate(compiled: CompiledRuleset, case: Case) -> Evaluation:
    """Evaluate every in-scope subject of the case for every year of the ruleset."""
    rs = compiled.ruleset
    subjects = case.in_scope()
    years, all_years = _years(compiled)
    shape_all = (len(subjects), len(all_years))
    numbers, labels, partners, sources = _bind(compiled, case, subjects, all_years)
    resolve, resolve_partner = _resolvers(numbers, partners)
    with np.errstate(all="ignore"):
        for name in compiled.derived_order:
            value = np.broadcast_to(fx.evaluate(compiled.formulas[name], resolve, resolve_partner), shape_all)
            numbers[name] = np.where(np.isfinite(value), value, np.nan)
    year_cols = [all_years.index(y) for y in years]
    applicable_of = {node: _applicable(compiled, case, subjects, node) for node in compiled.postorder}
    ind_cols: dict[str, IndicatorColumns] = {}
    crit_cols: dict[str, CriterionColumns] = {}
    missing: list[str] = []
    ancestors_ok = _inherited_applicability(compiled, applicable_of)
    for node in compiled.postorder:
        app = np.repeat(ancestors_ok[node][:, None], len(years), axis=1)
        if node in rs.indicators:
            full = _indicator(compiled, node, rs.indicators[node], numbers, labels, partners, shape_all, all_years,
                              np.repeat(ancestors_ok[node][:, None], len(all_years), axis=1))
            cols = IndicatorColumns(*(None if a is None else a[:, year_cols] for a in (
                full.value, full.labels, full.nullijn, full.measure, full.score, full.verdict, full.applicable,
                full.invalid)))
            ind_cols[node] = cols
            if rs.missing_data == "error":
                for si, yi in zip(*np.nonzero(cols.applicable & np.isnan(cols.score))):
                    missing.append(f"{subjects[si]} {years[yi]}: indicator '{node}'")
        else:
            crit_cols[node] = _criterion(compiled, node, ind_cols, crit_cols, app)
    if missing:
        raise MissingDataError(missing)
    return Evaluation(compiled, case, subjects, years, all_years, numbers, labels, partners, sources,
                      ind_cols, crit_cols)


def _inherited_applicability(compiled: CompiledRuleset, own: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """A node applies to a subject only if it and all its ancestors do."""
    result: dict[str, np.ndarray] = {}
    for node in reversed(compiled.postorder):  # parents before children
        parents = list(compiled.tree.predecessors(node))
        result[node] = own[node] & (result[parents[0]] if parents else True)
    return result

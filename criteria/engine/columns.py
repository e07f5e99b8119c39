"""Column-wise evaluation: every node of the criteria graph once for all subjects and years.

Arrays have shape (subjects, years). Pure: a compiled ruleset and a case in, an Evaluation out.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from criteria import formula as fx
from criteria.engine import quality
from criteria.engine import scoring as sc
from criteria.engine.aggregate import Child, Knockout, combine
from criteria.engine.bind import ValueIndex, bind
from criteria.engine.groups import GroupUse, evaluate_use, reference_values_used, subject_codes
from criteria.engine.reference import own_codes
from criteria.errors import MissingDataError, UncoveredMeasureError
from criteria.model.case import Case
from criteria.model.ruleset import BandsScoring, Indicator, OrdinalScoring, Signal, YesNoScoring
from criteria.rules.compile import CompiledRuleset
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
    group: GroupUse | None = None  # a reference_group nullijn: the group behind it (columns over all_years)
    norm_group: GroupUse | None = None  # a norm relative to a reference group
    deviation: np.ndarray | None = None  # norm relative_to: % deviation of the value from the group statistic
    estimate: np.ndarray | None = None  # bool: rests on at least one illustratief or quality-C value


@dataclass
class CriterionColumns:
    score: np.ndarray
    score_before_knockout: np.ndarray
    completeness: np.ndarray
    verdict: np.ndarray
    applicable: np.ndarray
    weight_share: dict[str, np.ndarray]  # child -> normalised weight among children with data
    knocked_by: dict[str, np.ndarray] = field(default_factory=dict)  # indicator -> mask where it knocked out
    in_scope: np.ndarray = field(kw_only=True)  # bool: the criterion and all its ancestors apply (applies_to)
    estimate_share: np.ndarray | None = None  # share of the weight resting on illustratief / quality-C data


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
    signals: dict[str, IndicatorColumns] = field(default_factory=dict)  # shown, never scored (score NaN)
    subject_codes: list[list[str]] = field(default_factory=list)  # the gemeente codes per subject
    reference_values: tuple[int, int] = (0, 0)  # reference-table values the comparisons rest on; illustratief/C
    pinned: dict[str, np.ndarray] = field(default_factory=dict)  # node -> bool (subjects, years): score set by hand
    # (a human correction, criteria.engine.corrected); empty for an evaluation as computed

    def year_index(self, year: int) -> int:
        return self.years.index(year)


def evaluation_years(compiled: CompiledRuleset) -> tuple[list[int], list[int]]:
    rs = compiled.ruleset
    measured: dict[str, Indicator | Signal] = {**rs.indicators, **rs.signals}
    extra = {
        n.year
        for i in measured
        if (n := rs.nullijn_for(i)) is not None and n.kind == "base_year" and measured[i].measure != "value"
    }
    return list(rs.years), sorted(set(rs.years) | {y for y in extra if y is not None})


def _applicability(case: Case, subjects: list[str]):
    """applies(spec) -> bool per subject: the subject has one of the tags in `spec` (None: every subject)."""
    tags_of = [case.manifest.subjects[s].tags for s in subjects]
    tags = sorted({t for own in tags_of for t in own})
    t_index = {t: i for i, t in enumerate(tags)}
    has = np.zeros((len(subjects), len(tags)), dtype=bool)
    rows = [row for row, own in enumerate(tags_of) for _ in own]
    has[rows, [t_index[t] for own in tags_of for t in own]] = True

    def applies(spec: list[str] | None) -> np.ndarray:
        if spec is None:
            return np.ones(len(subjects), dtype=bool)
        cols = [t_index[t] for t in spec if t in t_index]
        return np.asarray(has[:, cols].any(axis=1))

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


@dataclass
class _Context:
    """What every indicator of one evaluation reads."""

    compiled: CompiledRuleset
    numbers: dict
    labels: dict
    partners: dict
    shape: tuple[int, int]
    all_years: list[int]
    baseline: np.ndarray | None = None
    broken: dict | None = None
    case: Case | None = None
    own: np.ndarray | None = None  # (subjects, reference codes)

    applicable: np.ndarray | None = None  # of the indicator being computed (set per indicator)
    group_inputs: dict = field(default_factory=dict)  # selections and formulas of the groups (evaluate_use)

    def group(self, key: tuple, comparison, values: np.ndarray | None) -> GroupUse | None:
        """The comparison with a group; None without a reference table (then the nullijn is missing)."""
        if self.case is None or self.case.reference is None or self.own is None:
            return None
        return evaluate_use(
            key,
            self.compiled.ruleset,
            comparison,
            self.case.reference.table,
            self.own,
            self.all_years,
            values,
            self.applicable,
            self.group_inputs,
        )


def _measured(ctx: _Context, iid: str, ind: Indicator | Signal, section: str):
    """value, nullijn, measure, invalid and the group behind a reference_group nullijn, over all years."""
    rs = ctx.compiled.ruleset
    formula = ctx.compiled.formulas[iid]
    resolve, resolve_partner = _resolvers(ctx.numbers, ctx.partners)
    shape = ctx.shape
    nan = np.full(shape, np.nan)
    group = None
    with np.errstate(all="ignore"):
        value = np.broadcast_to(fx.evaluate(formula, resolve, resolve_partner), shape).astype(float)
        inputs_missing = _inputs_missing(formula, ctx.numbers, resolve_partner, ctx.broken or {}, shape)
        invalid = ~np.isfinite(value) & ~inputs_missing
        value = np.where(np.isfinite(value), value, np.nan)
        null = rs.nullijn_for(iid)
        nullijn = nan
        if ind.measure != "value" and null is not None:
            if null.kind == "base_year" and null.year is not None:
                nullijn = np.repeat(value[:, [ctx.all_years.index(null.year)]], shape[1], axis=1)
                if ctx.baseline is not None:  # a voorstel (and its huidige situatie): today's value, issue 4
                    rows = np.flatnonzero(ctx.baseline >= 0)
                    nullijn[rows] = value[ctx.baseline[rows]]
            elif null.kind == "reference":
                nullijn = ctx.numbers[null.field]
            elif null.kind == "reference_group":
                scale = _scale(ctx, iid, shape) if null.scale else None
                group = ctx.group(
                    (section, iid, "nullijn"), null.comparison(), value if scale is None else value / scale
                )
                stat = group.columns.statistic if group is not None else nan
                nullijn = stat if scale is None else stat * scale
            elif null.value is not None:  # fixed
                nullijn = np.full(shape, float(null.value))
        operands = np.maximum(np.abs(value), np.abs(nullijn))  # a difference is as precise as its operands
        measure = sc.decimal_snap(
            {
                "value": lambda: value,
                "difference": lambda: sc.decimal_snap(value - nullijn, operands),
                "relative_difference": lambda: sc.decimal_snap(value - nullijn, operands) / np.abs(nullijn) * 100.0,
                "index": lambda: value / nullijn * 100.0,
            }[ind.measure]()
        )  # compared with norms and bands as a decimal number (scoring.decimal_snap)
        bad_measure = ~np.isfinite(measure) & ~np.isnan(value) & ~np.isnan(nullijn if ind.measure != "value" else value)
        invalid |= bad_measure
        measure = np.where(np.isfinite(measure), measure, np.nan)
    return value, nullijn, measure, invalid, group


def _scale(ctx: _Context, iid: str, shape) -> np.ndarray:
    """The subject's value of the nullijn's `scale` formula (e.g. its inwoners)."""
    resolve, resolve_partner = _resolvers(ctx.numbers, ctx.partners)
    with np.errstate(all="ignore"):
        out = np.broadcast_to(
            fx.evaluate(ctx.compiled.formulas[f"{iid}.nullijn.scale"], resolve, resolve_partner), shape
        ).astype(float)
    return np.where(np.isfinite(out), out, np.nan)


def _indicator(ctx: _Context, iid: str, ind: Indicator, applicable: np.ndarray) -> IndicatorColumns:
    formula = ctx.compiled.formulas[iid]
    only = next(iter(formula.names)) if len(formula.names) == 1 else None
    shape = ctx.shape
    nan = np.full(shape, np.nan)
    if only in ctx.labels and isinstance(ind.scoring, (OrdinalScoring, YesNoScoring)):
        lab = ctx.labels[only]
        score = sc.score_labels(lab, ind.scoring)
        verdict = sc.verdict_labels(lab, ind.norm)
        verdict = np.where(applicable, verdict, sc.NOT_APPLICABLE).astype(np.int8)
        return IndicatorColumns(
            nan, lab, nan, nan, np.where(applicable, score, np.nan), verdict, applicable, np.zeros(shape, dtype=bool)
        )
    ctx.applicable = applicable
    value, nullijn, measure, invalid, group = _measured(ctx, iid, ind, "indicators")
    score = sc.score_numeric(measure, ind.scoring)
    norm_group = deviation = None
    if ind.norm is not None and ind.norm.relative_to is not None:
        norm_group = ctx.group(("indicators", iid, "norm"), ind.norm.relative_to, value)
        with np.errstate(all="ignore"):
            stat = norm_group.columns.statistic if norm_group is not None else np.full(shape, np.nan)
            deviation = (value - stat) / np.abs(stat) * 100.0
            deviation = np.where(np.isfinite(deviation), deviation, np.nan)
        verdict = sc.verdict_numeric(deviation, ind.norm)
    else:
        verdict = sc.verdict_numeric(measure, ind.norm)
    verdict = np.where(applicable, verdict, sc.NOT_APPLICABLE).astype(np.int8)
    return IndicatorColumns(
        value,
        None,
        nullijn,
        measure,
        np.where(applicable, score, np.nan),
        verdict,
        applicable,
        invalid,
        group,
        norm_group,
        deviation,
    )


def _signal(ctx: _Context, sid: str, sig: Signal, applicable: np.ndarray) -> IndicatorColumns:
    ctx.applicable = applicable
    value, nullijn, measure, invalid, group = _measured(ctx, sid, sig, "signals")
    verdict = np.where(applicable, sc.SIGNAL, sc.NOT_APPLICABLE).astype(np.int8)
    return IndicatorColumns(
        value, None, nullijn, measure, np.full(ctx.shape, np.nan), verdict, applicable, invalid, group
    )


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


def criterion_columns(
    compiled: CompiledRuleset,
    cid: str,
    ind_cols: dict[str, IndicatorColumns],
    crit_cols: dict[str, CriterionColumns],
    in_scope: np.ndarray,
) -> CriterionColumns:
    """One criterion from its children's columns (computed before it), with the engine's aggregation step."""
    kids = compiled.children[cid]
    cols = [crit_cols[kid] if kid in crit_cols else ind_cols[kid] for kid in kids]
    weights = [node_weight(compiled, kid) for kid in kids]
    knocked = knockouts(compiled, cid, ind_cols)
    agg = combine(
        [Child(c.score, c.applicable) for c in cols],
        weights,
        list(knocked.values()),
        in_scope,
        threshold(compiled, cid),
    )
    complete_w = np.zeros(in_scope.shape)
    shares = {}
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        for kid, col, w in zip(kids, cols, weights):
            present = col.applicable & ~np.isnan(col.score)
            comp = col.completeness if isinstance(col, CriterionColumns) else present.astype(float)
            complete_w += np.where(col.applicable, w * np.nan_to_num(comp), 0.0)
            shares[kid] = np.where(present & (agg.present_weight > 0), w / agg.present_weight, np.nan)
        completeness = np.where(agg.applicable, complete_w / agg.applicable_weight, np.nan)
    return CriterionColumns(
        agg.score,
        agg.score_before_knockout,
        completeness,
        agg.verdict,
        agg.applicable,
        shares,
        {k: v.hit for k, v in knocked.items()},
        in_scope=in_scope,
    )


def evaluate(compiled: CompiledRuleset, case: Case) -> Evaluation:
    """Evaluate every in-scope subject of the case for every year of the ruleset."""
    rs = compiled.ruleset
    subjects = case.in_scope()
    years, all_years = evaluation_years(compiled)
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
    codes = subject_codes(case, subjects)
    own = own_codes(case.reference.table, codes) if case.reference is not None else None
    ctx = _Context(compiled, numbers, labels, partners, shape_all, all_years, base, broken, case, own)
    weak_fields = quality.field_estimates(compiled, case, sources, len(subjects), len(all_years))
    for node in compiled.postorder:
        app = np.repeat(ancestors_ok[node][:, None], len(years), axis=1)
        if node in rs.indicators:
            full = _indicator(
                ctx, node, rs.indicators[node], np.repeat(ancestors_ok[node][:, None], len(all_years), axis=1)
            )
            full.estimate = _estimate(ctx, node, full, weak_fields)
            cols = _years_only(full, year_cols)
            ind_cols[node] = cols
            if isinstance(rs.indicators[node].scoring, BandsScoring):
                outside = cols.applicable & ~np.isnan(cols.measure) & np.isnan(cols.score)
                uncovered += [
                    f"{subjects[si]} {years[yi]}: indicator '{node}', meting {sc.fmt(cols.measure[si, yi])}"
                    for si, yi in zip(*np.nonzero(outside))
                ]
            if rs.missing_data == "error":
                for si, yi in zip(*np.nonzero(cols.applicable & np.isnan(cols.score))):
                    missing.append(f"{subjects[si]} {years[yi]}: indicator '{node}'")
        else:
            crit = crit_cols[node] = criterion_columns(compiled, node, ind_cols, crit_cols, app)
            crit.estimate_share = quality.criterion_share(
                crit.weight_share,
                {
                    kid: crit_cols[kid].estimate_share if kid in crit_cols else ind_cols[kid].estimate
                    for kid in compiled.children[node]
                },
            )
    if uncovered:
        raise UncoveredMeasureError(uncovered)
    if missing:
        raise MissingDataError(missing)
    signals = {}
    for sid, sig in rs.signals.items():
        own_app = applies(sig.applies_to) & ancestors_ok[sig.parent]
        full = _signal(ctx, sid, sig, np.repeat(own_app[:, None], len(all_years), axis=1))
        full.estimate = _estimate(ctx, sid, full, weak_fields)
        signals[sid] = _years_only(full, year_cols)
    uses = [u for cols in [*ind_cols.values(), *signals.values()] for u in (cols.group, cols.norm_group) if u]
    return Evaluation(
        compiled,
        case,
        subjects,
        years,
        all_years,
        numbers,
        labels,
        partners,
        sources,
        ind_cols,
        crit_cols,
        signals,
        codes,
        reference_values_used(case.reference.table if case.reference else None, uses, all_years, years),
    )


def _years_only(full: IndicatorColumns, year_cols: list[int]) -> IndicatorColumns:
    """The evaluation years of columns computed over all years (groups keep all years: they are read by year)."""

    def cut(a: np.ndarray | None) -> np.ndarray | None:
        return None if a is None else a[:, year_cols]

    return replace(
        full,
        value=full.value[:, year_cols],
        labels=cut(full.labels),
        nullijn=full.nullijn[:, year_cols],
        measure=full.measure[:, year_cols],
        score=full.score[:, year_cols],
        verdict=full.verdict[:, year_cols],
        applicable=full.applicable[:, year_cols],
        invalid=full.invalid[:, year_cols],
        deviation=cut(full.deviation),
        estimate=cut(full.estimate),
    )


def _estimate(ctx: _Context, iid: str, full: IndicatorColumns, weak_fields: dict) -> np.ndarray:
    """Where the indicator rests on an illustratief or quality-C value (its inputs, nullijn and groups)."""
    rs = ctx.compiled.ruleset
    item = rs.indicators.get(iid) or rs.signals[iid]
    null = rs.nullijn_for(iid) if item.measure != "value" else None
    base_col = (
        ctx.all_years.index(null.year)
        if null is not None and null.year is not None and null.kind == "base_year"
        else None
    )
    extra = np.zeros(ctx.shape, dtype=bool)
    if null is not None and null.kind == "reference" and null.field in weak_fields:
        extra |= weak_fields[null.field]
    for use in (full.group, full.norm_group):
        if use is not None:
            extra |= use.columns.estimate
    return quality.indicator_estimate(ctx.compiled, iid, weak_fields, extra, base_col, ctx.shape)


def _derived_columns(
    compiled: CompiledRuleset, numbers: dict, resolve, resolve_partner, shape
) -> dict[str, np.ndarray]:
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


def evaluated_years(ev: Evaluation) -> np.ndarray:
    """(subjects, years) bool: the years each subject is evaluated in — all of them, except for a subject with its
    own `years` (a voorstel: the years of its raming). Outputs, the conclusion and the sensitivity analysis read
    only these subject-years (the result's SubjectResult.years are the same)."""
    mask = np.ones((len(ev.subjects), len(ev.years)), dtype=bool)
    for row, sid in enumerate(ev.subjects):
        only = ev.case.manifest.subjects[sid].years
        if only is not None:
            mask[row] = [y in only for y in ev.years]
    return mask

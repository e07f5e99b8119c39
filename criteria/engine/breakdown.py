"""The breakdown of one subject-year: an Evaluation's columns read into the auditable result model (a NodeResult
tree from one node down to every input and its bron), with the sentences that explain it. Built only when
someone asks (explain, a report's subject section, format 1); never for every subject-year up front.
"""

from __future__ import annotations

import math
from typing import Any, cast

import numpy as np

from criteria import formula as fx
from criteria.engine import scoring as sc
from criteria.engine.columns import CriterionColumns, Evaluation, IndicatorColumns
from criteria.engine.group_breakdown import (
    Formulas,
    deviation_text,
    deviation_words,
    euros,
    group_result,
    subject_formula,
)
from criteria.engine.whatif import what_if
from criteria.model import result as rm
from criteria.model.ruleset import Ruleset
from criteria.voorstel.rows import baseline_of

DECIMALS = 6


def r(x: float | None) -> float | None:
    """Round for output; NaN becomes None. Rounding keeps the JSON byte-stable across platforms."""
    if x is None:
        return None
    x = float(x)
    if math.isnan(x):
        return None
    value = round(x, DECIMALS)
    return 0.0 if value == 0 else value


_SCALE = 10.0**DECIMALS
_EXACT = 2.0**50  # below this, x × 10^6 and its rounding to an integer are exact enough to check


def rounded(values: np.ndarray) -> np.ndarray:
    """r() for every element of an array: the same float as round(x, 6), NaN stays NaN, -0 becomes 0.

    numpy's own rounding (x × 10^6, to the nearest integer, ÷ 10^6) differs from Python's correctly rounded
    round() only where x × 10^6 lies within its rounding error of a half; those few elements are rounded with
    round() itself, so that a column read here shows exactly the number a breakdown shows.
    """
    values = np.asarray(values, dtype=float)
    with np.errstate(invalid="ignore", over="ignore"):
        scaled = values * _SCALE
        out = np.rint(scaled) / _SCALE
        size = np.abs(scaled)
        doubt = np.isfinite(values) & ~((np.abs(scaled - np.floor(scaled) - 0.5) > size * 4.5e-16) & (size < _EXACT))
    if doubt.any():
        out = out.copy() if not out.flags.writeable else out
        for index in zip(*np.nonzero(doubt)):
            out[index] = round(float(values[index]), DECIMALS)
    out[out == 0] = 0.0
    return out


def _number(ev: Evaluation, name: str, s: int, yi_all: int) -> float | None:
    return r(ev.numbers[name][s, yi_all]) if name in ev.numbers else None


def _inputs(ev: Evaluation, node: str, s: int, year: int) -> list[rm.InputValue]:
    rs = ev.compiled.ruleset
    subject = ev.subjects[s]
    yi = ev.all_years.index(year)
    out: list[rm.InputValue] = []
    for name in ev.compiled.inputs_of(node):
        if name in rs.derived:
            d = rs.derived[name]
            formula = ev.compiled.formulas[name]
            out.append(
                rm.InputValue(
                    name=name,
                    title=d.title,
                    unit=d.unit,
                    year=year,
                    subject=subject,
                    value=_number(ev, name, s, yi),
                    formula=fx.unparse(formula),
                    formula_filled=fill(ev, formula, s, yi),
                )
            )
            continue
        f = rs.fields[name]
        partners = list(ev.case.manifest.partners) if f.scope == "partner" else [None]
        for partner in partners:
            src = ev.sources.source((name, subject, partner, year), (name, None, partner, year))
            if f.scope == "partner":
                value = r(ev.partners[name][cast(str, partner)][s, yi])  # a partner field: partner is an id
            elif name in ev.labels:
                value = ev.labels[name][s, yi]
            else:
                value = _number(ev, name, s, yi)
            out.append(
                rm.InputValue(
                    name=name,
                    title=f.title,
                    unit=f.unit,
                    year=year,
                    subject=src.subject if src else (subject if f.scope == "subject" else None),
                    partner=partner,
                    value=value,
                    bron=src.bron if src else None,
                    quality=src.quality if src else None,
                    location=_location(ev.case.source, src.file, src.place) if src else None,
                    details=list(src.details) if src else [],
                )
            )
    return out


def value_unit(rs: Ruleset, ind, formula: fx.Formula) -> str:
    """The unit of an indicator's value: that of the field it reads, or its own unit when the value is the measure."""
    if fx.unparse(formula) in rs.fields:
        return rs.fields[fx.unparse(formula)].unit
    if fx.unparse(formula) in rs.derived:
        return rs.derived[fx.unparse(formula)].unit
    return ind.unit if ind.measure in ("value", "difference") else ""


def location_parts(case_source: str, file: str, place: str) -> tuple[str, str]:
    """Where a value stands: its file relative to the case folder (the same however the case path was typed),
    and its place in that file ("regel 12", "blad 'data', rij 12")."""
    folder = case_source.removesuffix("case.toml")
    prefix = folder.rstrip("/\\") + "/"
    return (file[len(prefix) :] if folder and file.startswith(prefix) else file), place


def _location(case_source: str, file: str, place: str) -> str:
    return ", ".join(location_parts(case_source, file, place))


def fill(ev: Evaluation, formula: fx.Formula, s: int, yi_all: int) -> str:
    """The formula with the values of this subject-year filled in (labels as they are, numbers to 4 decimals)."""
    values = {}
    for name in formula.names:
        if name in ev.labels:
            label = ev.labels[name][s, yi_all]
            values[name] = "?" if label is None else str(label)
            continue
        v = _number(ev, name, s, yi_all)
        values[name] = "?" if v is None else sc.fmt(v, 4)
    partner_only = {n for n, _ in formula.partner_refs} - set(formula.names)
    for name in partner_only:
        if all(p is None for n, p in formula.partner_refs if n == name):  # only sum_partners(name): list them
            parts = [r(col[s, yi_all]) for col in ev.partners[name].values()]
            values[name] = " + ".join("?" if v is None else sc.fmt(v, 4) for v in parts)
    text = fx.render(formula, values)
    for name in partner_only:  # render brackets a sum; inside sum_partners( ) that doubles the brackets
        text = text.replace(f"sum_partners(({values.get(name)}))", f"sum_partners({values.get(name)})")
    return text


def _measured_item(rs: Ruleset, iid: str):
    return rs.indicators[iid] if iid in rs.indicators else rs.signals[iid]


def _group_unit(rs: Ruleset, item, formula: fx.Formula, scale: str | None) -> str:
    """The unit of the group's ratio: the value's unit, or with a `scale` '<value unit> per <scale unit>'."""
    unit = value_unit(rs, item, formula)
    if not scale:
        return unit
    name = scale.strip()
    per = rs.fields[name].unit if name in rs.fields else rs.derived[name].unit if name in rs.derived else ""
    per = {"inwoners": "inwoner"}.get(per, per)
    return f"{unit} per {per}" if unit and per else unit


def _nullijn(ev: Evaluation, iid: str, cols: IndicatorColumns, s: int, y: int) -> rm.NullijnResult | None:
    rs = ev.compiled.ruleset
    null = rs.nullijn_for(iid)
    item = _measured_item(rs, iid)
    if item.measure == "value" or null is None:
        return None
    if null.kind == "reference_group" and cols.group is not None:
        g = _nullijn_group(ev, iid, cols, s, y)
        text = f"{g.statistic_text} van referentiegroep '{g.title}' ({g.members} gemeenten) in {ev.years[y]}"
        if null.scale:
            text += f", × {null.scale} van het onderwerp"
        if null.description:
            text += f" — {null.description}"
        return rm.NullijnResult(kind=null.kind, description=text, value=r(cols.nullijn[s, y]), bron=g.source, group=g)
    base = baseline_of(ev.case.manifest, ev.subjects[s])  # issue 4: a voorstel is compared with today
    if null.kind == "base_year" and base is not None:
        text = f"huidige situatie ({base}) in {ev.years[y]}, in plaats van {null.year}"
    elif null.kind == "base_year":
        text = f"hetzelfde onderwerp in {null.year}"
    elif null.kind == "reference" and null.field is not None:
        title = rs.fields[null.field].title if null.field in rs.fields else rs.derived[null.field].title
        text = f"referentiewaarde '{title}' ({null.field}) in {ev.years[y]}"
    else:
        text = "vaste waarde"
    if null.description and (base is None or null.kind != "base_year"):
        text += f" — {null.description}"
    bron = null.bron
    if null.kind == "reference" and null.field is not None:
        src = ev.sources.source((null.field, ev.subjects[s], None, ev.years[y]), (null.field, None, None, ev.years[y]))
        bron = src.bron if src else None
    return rm.NullijnResult(kind=null.kind, description=text, value=r(cols.nullijn[s, y]), bron=bron)


def _nullijn_group(
    ev: Evaluation,
    iid: str,
    cols: IndicatorColumns,
    s: int,
    y: int,
    members: bool = True,
    formulas: Formulas = subject_formula,
    validate: bool = True,
) -> rm.GroupResult:
    """The reference group of a nullijn of kind reference_group (`members`: with the member list and its bron)."""
    rs = ev.compiled.ruleset
    null, item = rs.nullijn_for(iid), _measured_item(rs, iid)
    assert null is not None and cols.group is not None
    unit = _group_unit(rs, item, ev.compiled.formulas[iid], null.scale)
    return group_result(
        ev, cols.group, s, y, unit, bool(null.scale), members=members, formulas=formulas, validate=validate
    )


def group_comparison(
    ev: Evaluation, iid: str, s: int, y: int, formulas: Formulas = subject_formula, validate: bool = True
) -> tuple[rm.GroupResult, str | None] | None:
    """An indicator's or signal's reference-group nullijn and the subject's deviation from it, as its breakdown
    shows them (indicator.nullijn.group without its member list, and indicator.deviation_text), without building
    that breakdown; None where the breakdown has no nullijn group. `formulas`: a FormulaColumns of `ev` when many
    subject-years are compared (each group formula evaluated once); `validate`: see group_result."""
    rs = ev.compiled.ruleset
    null, item = rs.nullijn_for(iid), _measured_item(rs, iid)
    cols = ev.indicators[iid] if iid in ev.indicators else ev.signals[iid]
    if item.measure == "value" or null is None or null.kind != "reference_group" or cols.group is None:
        return None
    group = _nullijn_group(ev, iid, cols, s, y, members=False, formulas=formulas, validate=validate)
    return group, _deviation(ev, iid, cols, group, True, s, y)


def _measure_formula(
    kind: str, value: float | None, null: float | None, measure: float | None, unit: str
) -> str | None:
    if kind == "value" or value is None or null is None or measure is None:
        return None
    v, n, m = sc.fmt(value), sc.fmt(null), sc.fmt(measure)
    if kind == "difference":
        return f"{v} − {n} = {m} {unit}".rstrip()
    if kind == "relative_difference":
        return f"({v} − {n}) / {sc.fmt(abs(null))} × 100 = {m} %"
    return f"{v} / {n} × 100 = {m}"


def _indicator_reason(verdict: int, measure: float | str | None, norm: str | None, unit: str, note: str | None) -> str:
    if verdict == sc.NOT_APPLICABLE:
        return "deze indicator geldt niet voor dit onderwerp"
    if verdict == sc.NO_DATA:
        return note or "gegevens ontbreken"
    shown = measure if isinstance(measure, str) else sc.fmt(measure or 0.0) + sc.unit_suffix(unit)
    if verdict == sc.NO_NORM:
        return f"meting {shown}; er is geen norm vastgesteld"
    word = "voldoet aan" if verdict == sc.PASS else "voldoet niet aan"
    return f"meting {shown} {word} de norm ({norm})"


def _missing_note(inputs: list[rm.InputValue], invalid: bool) -> str | None:
    if invalid:
        return "de berekening geeft geen geldig getal (bijvoorbeeld deling door nul)"
    gone = sorted(
        {
            f"{i.name} ({i.year}" + (f", {i.partner}" if i.partner else "") + ")"
            for i in inputs
            if i.value is None and i.formula is None
        }
    )
    return "ontbrekend gegeven: " + ", ".join(gone) if gone else None


def _measured(
    ev: Evaluation,
    iid: str,
    cols: IndicatorColumns,
    s: int,
    y: int,
    inputs: list[rm.InputValue],
    value: float | str | None,
    measure: float | str | None,
    missing: bool,
) -> dict[str, Any]:
    """The measured half of an indicator's or a signal's IndicatorDetail: units, formula (filled in), value, why it
    is missing (when `missing`), nullijn, measure and its computation, inputs, and the reference group."""
    rs = ev.compiled.ruleset
    item = _measured_item(rs, iid)
    formula = ev.compiled.formulas[iid]
    nullijn = _nullijn(ev, iid, cols, s, y)
    return {
        "unit": item.unit,
        "value_unit": value_unit(rs, item, formula),
        "formula": fx.unparse(formula),
        "formula_filled": fill(ev, formula, s, ev.all_years.index(ev.years[y])),
        "value": value,
        "value_note": _missing_note(inputs, bool(cols.invalid[s, y])) if missing else None,
        "measure_kind": item.measure,
        "measure": measure,
        "measure_formula": _measure_formula(
            item.measure,
            value if isinstance(value, float) else None,
            nullijn.value if nullijn else None,
            measure if isinstance(measure, float) else None,
            item.unit,
        ),
        "nullijn": nullijn,
        "inputs": inputs,
        **_group_extras(ev, iid, cols, nullijn, s, y),
    }


def _indicator_node(ev: Evaluation, iid: str, s: int, y: int, share: float | None) -> rm.NodeResult:
    rs = ev.compiled.ruleset
    ind = rs.indicators[iid]
    cols = ev.indicators[iid]
    year = ev.years[y]
    inputs = _inputs(ev, iid, s, year)
    null = rs.nullijn_for(iid)
    base = baseline_of(ev.case.manifest, ev.subjects[s])
    if ind.measure != "value" and null is not None and null.kind == "base_year" and base not in (None, ev.subjects[s]):
        inputs += _inputs(ev, iid, ev.subjects.index(base), year)  # the huidige situatie of a voorstel
    elif (
        ind.measure != "value"
        and null is not None
        and null.kind == "base_year"
        and null.year is not None
        and null.year != year
        and base is None
    ):
        inputs += _inputs(ev, iid, s, null.year)
    label = cols.labels[s, y] if cols.labels is not None else None
    value = label if cols.labels is not None else r(cols.value[s, y])
    measure = label if cols.labels is not None else r(cols.measure[s, y])
    norm_text = sc.describe_norm(ind.norm, ind.unit)
    verdict = int(cols.verdict[s, y])
    measured = _measured(ev, iid, cols, s, y, inputs, value, measure, missing=verdict == sc.NO_DATA)
    note = measured["value_note"]
    score = r(cols.score[s, y])
    detail = rm.IndicatorDetail(
        **measured,
        scoring=sc.describe_scoring(ind.scoring, ind.unit),
        norm=norm_text,
        knockout=sc.describe_knockout(ind.norm),
        what_if=what_if(ind, measure if isinstance(measure, (float, str)) else None, verdict),
    )
    return rm.NodeResult(
        id=iid,
        kind="indicator",
        title=ind.title,
        weight=ind.weight,
        weight_normalised=r(share),
        score=score,
        contribution=r(share * score) if share is not None and score is not None else None,
        verdict=sc.VERDICT_TEXT[verdict],
        verdict_reason=_indicator_reason(verdict, measure, norm_text, ind.unit, note),
        completeness=None if verdict == sc.NOT_APPLICABLE else (1.0 if score is not None else 0.0),
        estimate_share=None
        if verdict == sc.NOT_APPLICABLE or score is None or cols.estimate is None
        else float(bool(cols.estimate[s, y])),
        toelichting=ind.toelichting,
        indicator=detail,
    )


def _group_extras(
    ev: Evaluation, iid: str, cols: IndicatorColumns, nullijn: rm.NullijnResult | None, s: int, y: int
) -> dict:
    rs = ev.compiled.ruleset
    item = _measured_item(rs, iid)
    unit = value_unit(rs, item, ev.compiled.formulas[iid])
    out: dict = {}
    if cols.norm_group is not None:
        out["norm_group"] = group_result(ev, cols.norm_group, s, y, unit)
    shown = nullijn.group if nullijn is not None and nullijn.group is not None else out.get("norm_group")
    if shown is not None:
        of_nullijn = nullijn is not None and nullijn.group is not None
        text = _deviation(ev, iid, cols, shown, of_nullijn, s, y)
        if text is not None or not (of_nullijn and item.nullijn is not None and item.nullijn.scale):
            out["deviation_text"] = text  # a scaled nullijn without value or nullijn leaves it out
    return out


def _deviation(
    ev: Evaluation, iid: str, cols: IndicatorColumns, shown: rm.GroupResult, of_nullijn: bool, s: int, y: int
) -> str | None:
    """The subject against the group shown (`of_nullijn`: the nullijn's group, else the norm's)."""
    rs = ev.compiled.ruleset
    item = _measured_item(rs, iid)
    unit = value_unit(rs, item, ev.compiled.formulas[iid])
    if of_nullijn and item.nullijn is not None and item.nullijn.scale:
        value, null = r(cols.value[s, y]), r(cols.nullijn[s, y])
        if value is None or null is None:
            return None
        pct = (value - null) / abs(null) * 100 if null else None
        return deviation_words(pct, value - null, unit)
    return deviation_text(shown, unit)


def signal_result(ev: Evaluation, sid: str, s: int, y: int) -> rm.NodeResult:
    """A signal: shown with its value, nullijn and measure, never scored or weighted."""
    rs = ev.compiled.ruleset
    sig = rs.signals[sid]
    cols = ev.signals[sid]
    measure = r(cols.measure[s, y])
    applicable = bool(cols.applicable[s, y])
    measured = _measured(
        ev, sid, cols, s, y, _inputs(ev, sid, s, ev.years[y]), r(cols.value[s, y]), measure, missing=measure is None
    )
    note = measured["value_note"]
    detail = rm.IndicatorDetail(
        **measured, scoring="geen (signaal: wordt getoond, niet gescoord en niet gewogen)", norm=None
    )
    shown = (
        ""
        if measure is None
        else (
            euros(measure, sig.unit)
            if sig.unit.startswith("€") and sig.measure == "difference"
            else sc.fmt(measure) + sc.unit_suffix(sig.unit)
        )
    )
    reason = (
        "dit signaal geldt niet voor dit onderwerp"
        if not applicable
        else note or f"signaal: {shown}; telt niet mee in de score"
    )
    return rm.NodeResult(
        id=sid,
        kind="signaal",
        title=sig.title,
        weight=0.0,
        weight_normalised=None,
        score=None,
        contribution=None,
        verdict="niet van toepassing" if not applicable else "signaal",
        verdict_reason=reason,
        completeness=None,
        toelichting=sig.toelichting,
        indicator=detail,
    )


def _criterion_reason(rs: Ruleset, cid: str, cols: CriterionColumns, s: int, y: int) -> str:
    verdict = int(cols.verdict[s, y])
    if verdict == sc.NOT_APPLICABLE:
        return "dit criterium geldt niet voor dit onderwerp"
    if verdict == sc.NO_DATA:
        return "geen van de onderdelen heeft gegevens"
    knocked = [k for k, mask in cols.knocked_by.items() if mask[s, y]]
    if knocked:
        names = ", ".join(f"'{rs.indicators[k].title}'" for k in knocked)
        return f"knock-out: {names} voldoet niet aan de norm"
    crit = rs.criteria[cid]
    threshold = crit.norm.at_least if crit.norm is not None else rs.pass_mark
    raw = float(cols.score[s, y])
    mark = f"{sc.rapportcijfer(raw):.1f}".replace(".", ",")
    shown = mark + ("" if sc.rapportcijfer(raw) == round(raw, 2) else f" ({sc.fmt(raw)})")
    return f"cijfer {shown} {'≥' if verdict == sc.PASS else '<'} {sc.fmt(threshold)} (grens voor voldoende)"


def node_result(ev: Evaluation, node: str, s: int, y: int, share: float | None = None) -> rm.NodeResult:
    """The breakdown of one node for subject index s and evaluation-year index y."""
    rs = ev.compiled.ruleset
    if node in rs.indicators:
        return _indicator_node(ev, node, s, y, share)
    cols = ev.criteria[node]
    children = [node_result(ev, kid, s, y, _share(ev, node, kid, s, y)) for kid in ev.compiled.children[node]]
    children += [signal_result(ev, sid, s, y) for sid in rs.signals_under(node)]
    score = r(cols.score[s, y])
    before = r(cols.score_before_knockout[s, y])
    crit = rs.criteria[node]
    return rm.NodeResult(
        id=node,
        kind="criterium",
        title=crit.title,
        weight=crit.weight,
        weight_normalised=r(share),
        score=score,
        score_before_knockout=before if before != score else None,
        contribution=r(share * score) if share is not None and score is not None else None,
        verdict=sc.VERDICT_TEXT[int(cols.verdict[s, y])],
        verdict_reason=_criterion_reason(rs, node, cols, s, y),
        completeness=r(cols.completeness[s, y]),
        estimate_share=None if cols.estimate_share is None else r(cols.estimate_share[s, y]),
        toelichting=crit.toelichting,
        knockouts=[k for k, m in cols.knocked_by.items() if m[s, y]],
        children=children,
    )


def _share(ev: Evaluation, parent: str, kid: str, s: int, y: int) -> float | None:
    return r(ev.criteria[parent].weight_share[kid][s, y])

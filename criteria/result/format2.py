"""Result format 2: the machine output of a run as numbers, written subject by subject (docs/resultaat-json.md).

    {"format": "criteria-resultaat", "format_version": 2, "meta": {...},
     "case": {...}, "ruleset": {... every node with weight, applies_to, scoring, norm, nullijn ...},
     "subjects": [ one line per subject: per node arrays over its years, its inputs, its period ],
     "corrections": [...], "comparisons": [...]}

No prose is needed to recompute a number: the ruleset part carries the scoring anchors, bands and scales, the
norms with their knock-out caps, applies_to, the weights, the nullijn's kind/year/reference and the period rule;
each subject carries per node and year the numbers the engine used (value, nullijn and measure exactly as
compared with norms and bands; scores, shares and completeness rounded to 6 decimals as every output shows them;
the mark, the one-decimal rounding a criterion's verdict is decided on, as notation.rapportcijfer).
tests/test_result_format2.py recomputes every score and verdict of the bundled cases from this JSON alone.

Deterministic byte for byte: keys in a fixed order, NaN as null, no time or machine name. Memory is bounded: a
block of subjects at a time is turned into text (column-wise: criteria.result.format2_subjects) and written to the
stream.
"""

from __future__ import annotations

import io
from typing import IO

from criteria import formula as fx
from criteria.engine import scoring as sc
from criteria.engine.breakdown import value_unit
from criteria.result.format2_subjects import dumps, subject_texts
from criteria.result.view import ResultView

FORMAT, FORMAT_VERSION = "criteria-resultaat", 2


def write_json(view: ResultView, out: IO[str]) -> None:
    """Write the result in format 2 to `out`, a block of subjects at a time."""
    out.write(
        f'{{"format": {dumps(FORMAT)}, "format_version": {FORMAT_VERSION}, '
        f'"meta": {dumps(view.meta.model_dump(mode="json"))},\n'
    )
    out.write(f'"case": {dumps(case_part(view))},\n')
    out.write(f'"ruleset": {dumps(ruleset_part(view))},\n')
    out.write('"subjects": [')
    first = True
    for text in subject_texts(view):
        out.write("\n" if first else ",\n")
        out.write(text)
        first = False
    out.write("\n],\n")
    out.write(f'"corrections": {dumps([c.model_dump(mode="json") for c in view.corrections])},\n')
    out.write(f'"comparisons": {dumps([c.model_dump(mode="json") for c in view.comparisons])}\n')
    out.write("}\n")


def json_text(view: ResultView) -> str:
    """The whole result as one text (small runs, tests and the archive)."""
    buffer = io.StringIO()
    write_json(view, buffer)
    return buffer.getvalue()


# --- the case and the ruleset ------------------------------------------------------------------------------------


def case_part(view: ResultView) -> dict:
    manifest = view.evaluation.case.manifest
    return {
        "id": manifest.id,
        "title": manifest.title,
        "kind": manifest.kind,
        "form": manifest.form,
        "partners": view.partners,
    }


def _dump(model) -> dict | None:
    return None if model is None else model.model_dump(mode="json")


def _criterion_definition(view: ResultView, node: str, common: dict) -> dict:
    rs = view.ruleset
    crit = rs.criteria[node]
    mark = crit.norm.at_least if crit.norm is not None else rs.pass_mark
    return {
        **common,
        "weight": crit.weight,
        "applies_to": crit.applies_to,
        "children": list(view.evaluation.compiled.children[node]),
        "signals": rs.signals_under(node),
        "norm": _dump(crit.norm),
        "pass_mark": mark,
        "verdict_threshold": sc.verdict_threshold(mark),
    }


def _measured_definition(view: ResultView, node: str, item) -> dict:
    """What an indicator and a signal share: unit, formula, what it reads, measure, its effective nullijn."""
    rs, compiled = view.ruleset, view.evaluation.compiled
    formula = compiled.formulas[node]
    null = rs.nullijn_for(node) if item.measure != "value" else None
    return {
        "unit": item.unit,
        "value_unit": value_unit(rs, item, formula),
        "formula": fx.unparse(formula),
        "reads": compiled.inputs_of(node),
        "measure": item.measure,
        "nullijn": _dump(null),
        "nullijn_from": None if null is None else ("indicator" if item.nullijn is not None else "ruleset"),
    }


def _indicator_definition(view: ResultView, node: str, common: dict) -> dict:
    ind = view.ruleset.indicators[node]
    label = view.evaluation.indicators[node].labels is not None
    return {
        **common,
        "weight": ind.weight,
        "applies_to": ind.applies_to,
        **_measured_definition(view, node, ind),
        "value_type": "label" if label else "number",
        "scoring": _dump(ind.scoring),
        "norm": _dump(ind.norm),
    }


def _node_definition(view: ResultView, node: str, depth: int) -> dict:
    compiled = view.evaluation.compiled
    parents = list(compiled.tree.predecessors(node))
    kind = "indicator" if view.is_indicator(node) else "criterium"
    common = {
        "id": node,
        "kind": kind,
        "title": view.node_title(node),
        "parent": parents[0] if parents else None,
        "depth": depth,
    }
    if kind == "criterium":
        return _criterion_definition(view, node, common)
    return _indicator_definition(view, node, common)


def ruleset_part(view: ResultView) -> dict:
    rs = view.ruleset
    ev = view.evaluation
    compiled = ev.compiled
    return {
        "id": rs.id,
        "version": rs.version,
        "title": rs.title,
        "basis": rs.basis,
        "years": view.years,
        "data_years": list(ev.all_years),
        "pass_mark": rs.pass_mark,
        "missing_data": rs.missing_data,
        "period": {"score": rs.period.score, "trend_tolerance": rs.period.trend_tolerance},
        "nullijn": _dump(rs.nullijn),
        "root": view.root,
        "nodes": [_node_definition(view, node, depth) for node, depth in view.nodes],
        "signals": [
            {
                "id": sid,
                "kind": "signaal",
                "title": sig.title,
                "parent": sig.parent,
                "applies_to": sig.applies_to,
                **_measured_definition(view, sid, sig),
            }
            for sid, sig in rs.signals.items()
        ],
        "fields": [
            {"id": name, "title": f.title, "unit": f.unit, "type": f.type, "scope": f.scope}
            for name, f in rs.fields.items()
        ],
        "derived": [
            {"id": name, "title": d.title, "unit": d.unit, "formula": fx.unparse(compiled.formulas[name])}
            for name, d in rs.derived.items()
        ],
        "reference_groups": [
            {"id": gid, **group.model_dump(mode="json")} for gid, group in rs.reference_groups.items()
        ],
    }

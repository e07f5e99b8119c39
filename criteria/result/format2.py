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
block of subjects at a time is turned into text and written to the stream.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import IO, Any

import numpy as np

from criteria import formula as fx
from criteria.engine import scoring as sc
from criteria.engine.breakdown import location_parts, rounded, value_unit
from criteria.engine.columns import CriterionColumns, IndicatorColumns, _resolvers
from criteria.model import notation
from criteria.model.ruleset import BandsScoring
from criteria.model.values import QUALITIES
from criteria.result.period import TREND_LABELS
from criteria.result.view import ResultView, SubjectInfo
from criteria.voorstel.rows import baseline_of

FORMAT, FORMAT_VERSION = "criteria-resultaat", 2
BLOCK = 128  # subjects turned into text at a time
_VERDICTS = np.array(sc.VERDICT_TEXT, dtype=object)


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, allow_nan=False)


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
        out.write(("\n" if first else ",\n") + text)
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


# --- numbers as JSON values ------------------------------------------------------------------------------------


def _exact(values: np.ndarray) -> list:
    """Floats as the engine holds them (shortest repr that reads back to the same float), NaN as null."""
    numbers = np.asarray(values, dtype=float)
    out = np.where(numbers == 0, 0.0, numbers).astype(object)  # -0.0 -> 0.0
    out[np.isnan(numbers)] = None
    return out.tolist()


def _shown(values: np.ndarray) -> list:
    """Rounded to 6 decimals, as every output shows them; NaN as null."""
    return _exact(rounded(values))


def marks(values: np.ndarray) -> np.ndarray:
    """The rapportcijfer (one decimal, halves up on the decimal value: notation.rapportcijfer) of each score."""
    values = np.asarray(values, dtype=float)
    with np.errstate(invalid="ignore"):
        clean = np.round(values, notation.NOISE_DECIMALS)
        tenths = clean * 10.0
        out = np.floor(tenths + 0.5) / 10.0
        doubt = np.isfinite(values) & (np.abs(tenths - np.floor(tenths) - 0.5) < 1e-6)
    for index in zip(*np.nonzero(doubt)):
        out[index] = notation.rapportcijfer(float(values[index]))
    return out


def _bools(values: np.ndarray) -> list:
    return np.asarray(values, dtype=bool).tolist()


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


# --- subjects ----------------------------------------------------------------------------------------------------


class _Block:
    """The numbers of a block of consecutive evaluation rows, as Python lists (rows × years), for every node."""

    def __init__(self, view: ResultView, rows: slice, scales: dict[str, np.ndarray]):
        self.view, self.rows, self.scales = view, rows, scales
        ev = view.evaluation
        self.parent_of = {kid: node for node in ev.compiled.children for kid in ev.compiled.children[node]}
        self.nodes = {node: self._node(node) for node, _ in view.nodes}
        self.signals = {
            sid: {
                "applicable": ev.signals[sid].applicable[rows].any(axis=1).tolist(),
                **self._measured(sid, ev.signals[sid]),
            }
            for sid in view.ruleset.signals
        }

    def _node(self, node: str) -> dict[str, Any]:
        ev, rows = self.view.evaluation, self.rows
        cols = ev.indicators[node] if node in ev.indicators else ev.criteria[node]
        score = rounded(cols.score[rows])
        parent = self.parent_of.get(node)
        share = (
            rounded(ev.criteria[parent].weight_share[node][rows])
            if parent is not None
            else np.full(score.shape, np.nan)
        )
        out: dict[str, Any] = {"applicable": cols.applicable[rows].any(axis=1).tolist(), "score": _exact(score)}
        if isinstance(cols, CriterionColumns):
            out["mark"] = _exact(marks(cols.score[rows]))
            out["score_before_knockout"] = _shown(cols.score_before_knockout[rows])
        out["verdict"] = _VERDICTS[cols.verdict[rows]].tolist()
        out["weight_share"] = _exact(share)
        out["contribution"] = _shown(share * score)
        if isinstance(cols, CriterionColumns):
            out["completeness"] = _shown(cols.completeness[rows])
            out["estimate_share"] = (
                _shown(cols.estimate_share[rows])
                if cols.estimate_share is not None
                else _exact(np.full(score.shape, np.nan))
            )
            out["knocked_out_by"] = _knockouts(cols.knocked_by, rows, score.shape)
            return out
        out.update(self._measured(node, cols))
        rule = self.view.ruleset.indicators[node].scoring
        if isinstance(rule, BandsScoring) and cols.labels is None:
            index = sc.band_index(cols.measure[rows], rule).astype(object)
            index[index < 0] = None
            out["band"] = index.tolist()
        if cols.deviation is not None:
            out["deviation"] = _exact(cols.deviation[rows])
        if cols.norm_group is not None:
            out["norm_group"] = self._group(cols.norm_group)
        return out

    def _measured(self, node: str, cols: IndicatorColumns) -> dict[str, Any]:
        rows = self.rows
        out: dict[str, Any] = {}
        if cols.labels is not None:
            out["value"] = cols.labels[rows].tolist()
            out["measure"] = cols.labels[rows].tolist()
        else:
            out["value"] = _exact(cols.value[rows])
            out["nullijn"] = _exact(cols.nullijn[rows])
            out["measure"] = _exact(cols.measure[rows])
            out["invalid"] = _bools(cols.invalid[rows])
        if cols.estimate is not None:
            out["estimate"] = _bools(cols.estimate[rows])
        if cols.group is not None:
            out["group"] = self._group(cols.group)
        if node in self.scales:
            out["scale"] = _exact(self.scales[node][rows])
        return out

    def _group(self, use) -> dict[str, Any]:
        ev, rows = self.view.evaluation, self.rows
        years = [ev.all_years.index(y) for y in ev.years]
        g = use.columns
        return {
            "statistic": _exact(g.statistic[rows][:, years]),
            "members": g.count[rows][:, years].astype(int).tolist(),
            "rank": _exact(g.rank[rows][:, years]),
            "percentile": _exact(g.percentile[rows][:, years]),
        }


def _knockouts(knocked_by: dict[str, np.ndarray], rows: slice, shape: tuple[int, int]) -> list:
    """Per row and year the knock-out indicators that hit (a list, mostly empty)."""
    out: list[list[list[str]]] = [[[] for _ in range(shape[1])] for _ in range(shape[0])]
    for kid, mask in knocked_by.items():
        for i, y in zip(*np.nonzero(mask[rows])):
            out[i][y].append(kid)
    return out


def _scales(view: ResultView) -> dict[str, np.ndarray]:
    """The subject's value of each nullijn `scale` formula (e.g. its inwoners), evaluation years only."""
    ev = view.evaluation
    rs = ev.compiled.ruleset
    resolve, resolve_partner = _resolvers(ev.numbers, ev.partners)
    years = [ev.all_years.index(y) for y in ev.years]
    out = {}
    shape = (len(ev.subjects), len(ev.all_years))
    for node in [*rs.indicators, *rs.signals]:
        null = rs.nullijn_for(node)
        key = f"{node}.nullijn.scale"
        if null is None or null.kind != "reference_group" or not null.scale or key not in ev.compiled.formulas:
            continue
        with np.errstate(all="ignore"):
            value = np.broadcast_to(fx.evaluate(ev.compiled.formulas[key], resolve, resolve_partner), shape).astype(
                float
            )
        out[node] = np.where(np.isfinite(value), value, np.nan)[:, years]
    return out


def _nullijn_sources(view: ResultView, info: SubjectInfo, block: _Block, i: int) -> dict[str, dict]:
    """For each indicator and signal with a base_year nullijn: where its nullijn comes from for this subject — the
    same subject in the base year (with that value), or a voorstel's huidige situatie in the same year."""
    ev, rs = view.evaluation, view.ruleset
    base = baseline_of(ev.case.manifest, info.id)
    out: dict[str, dict[str, Any]] = {}
    for node in [*rs.indicators, *rs.signals]:
        item = rs.indicators.get(node) or rs.signals[node]
        null = rs.nullijn_for(node)
        if item.measure == "value" or null is None or null.kind != "base_year":
            continue
        if base is not None and base in ev.subjects:  # the engine's baseline rows (voorstel.rows)
            out[node] = {"subject": base, "year": None}
        else:
            cols = ev.indicators.get(node) or ev.signals[node]
            value = cols.nullijn[info.row, 0] if cols.labels is None else np.nan
            out[node] = {"subject": info.id, "year": null.year, "value": _exact(np.array([value]))[0]}
    return out


class _Inputs:
    """Every raw value a subject's evaluation read, as used, with its provenance read from the case's value
    columns (no record object per value): field, year, partner, value, bron, quality, file, line, place."""

    def __init__(self, view: ResultView):
        ev, rs = view.evaluation, view.ruleset
        self.ev, self.values, self.folder = ev, ev.case.values, ev.case.source
        reads = {n for node in [*rs.indicators, *rs.signals] for n in ev.compiled.inputs_of(node)}
        nullijnen = [
            rs.nullijn,
            *(i.nullijn for i in rs.indicators.values()),
            *(s.nullijn for s in rs.signals.values()),
        ]
        for null in nullijnen:
            if null is not None and null.kind == "reference" and null.field:
                reads.add(null.field)
        shape = (len(ev.subjects), len(ev.all_years))
        partners = list(ev.case.manifest.partners)
        self.columns = []  # (field, partner, values (subjects, all years), positions of the values used)
        for name in sorted(n for n in reads if n in rs.fields):
            for partner in partners if rs.fields[name].scope == "partner" else [None]:
                if partner is not None:
                    numbers = ev.partners[name][partner]
                else:
                    numbers = ev.labels[name] if name in ev.labels else ev.numbers[name]
                self.columns.append((name, partner, numbers, ev.sources.effective(name, partner, *shape)))

    def of(self, row: int) -> list[dict]:
        """The subject's inputs by field, then year, then partner (in the order of case.toml)."""
        out = []
        rows = [
            (
                name,
                partner,
                numbers[row].tolist() if numbers.dtype == object else _exact(numbers[row]),
                positions[row].tolist(),
            )
            for name, partner, numbers, positions in self.columns
        ]
        for start in range(len(rows)):
            name = rows[start][0]
            if start and rows[start - 1][0] == name:
                continue
            same = [r for r in rows[start:] if r[0] == name]
            for yi, year in enumerate(self.ev.all_years):
                for _, partner, shown, positions in same:
                    if positions[yi] < 0 and shown[yi] is None:
                        continue
                    out.append(
                        {
                            "field": name,
                            "year": year,
                            "partner": partner,
                            "value": shown[yi],
                            **(self._source(positions[yi]) if positions[yi] >= 0 else _NO_SOURCE),
                        }
                    )
        return out

    def _source(self, i: int) -> dict:
        v = self.values
        file, line, place = v.where(i)
        file, place = location_parts(self.folder, file, place)
        extra = v.computed.get(i)
        return {
            "subject": v.text(v.subject, v.subjects, i),
            "bron": v.texts[v.bron[i]],
            "quality": QUALITIES[v.quality[i]],
            "file": file,
            "line": line,
            "place": place,
            "details": list(extra.details) if extra is not None else [],
        }


_NO_SOURCE: dict[str, Any] = {
    "subject": None,
    "bron": None,
    "quality": None,
    "file": None,
    "line": None,
    "place": None,
    "details": [],
}


def _period(view: ResultView, info: SubjectInfo) -> dict:
    p, s = view.period_columns, info.row
    score = float(p.score[s])
    return {
        "rule": view.period_rule,
        "score": None if np.isnan(score) else score,
        "mark": None if np.isnan(score) else notation.rapportcijfer(score),
        "verdict": sc.VERDICT_TEXT[int(p.verdict[s])],
        "years_with_data": int(p.years_with_data[s]),
        "trends": {
            node: {"slope": None if np.isnan(t.slope[s]) else float(t.slope[s]), "trend": TREND_LABELS[int(t.label[s])]}
            for node, t in p.trends.items()
        },
    }


def _subject_head(view: ResultView, info: SubjectInfo) -> dict:
    manifest = view.evaluation.case.manifest
    base = baseline_of(manifest, info.id)
    return {
        "id": info.id,
        "title": info.title,
        "kind": info.kind,
        "in_scope": info.in_scope,
        "scope_reason": info.scope_reason,
        "tags": list(info.tags),
        "years": list(info.years),
        "baseline": base if base != info.id else None,
    }


def _select(values: list, positions: list[int] | None) -> list:
    return values if positions is None else [values[p] for p in positions]


def _subject(view: ResultView, info: SubjectInfo, row: int, block: _Block, i: int, inputs: _Inputs) -> dict:
    """The subject's JSON object; `row` is its place on the evaluation's subject axis, `i` its place in the block."""
    ev = view.evaluation
    positions = [ev.year_index(y) for y in info.years]
    every = None if len(positions) == len(ev.years) else positions

    def per_year(entry: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, table in entry.items():
            if name in ("group", "norm_group"):
                out[name] = {k: _select(v[i], every) for k, v in table.items()}
            elif name == "applicable":
                out[name] = table[i]
            else:
                out[name] = _select(table[i], every)
        return out

    nodes = {node: per_year(entry) for node, entry in block.nodes.items()}
    signals = {sid: per_year(entry) for sid, entry in block.signals.items()}
    for node, source in _nullijn_sources(view, info, block, i).items():
        (nodes.get(node) or signals[node])["nullijn_source"] = source
    return {
        **_subject_head(view, info),
        "nodes": nodes,
        "signals": signals,
        "inputs": inputs.of(row),
        "period": _period(view, info),
    }


def subject_texts(view: ResultView) -> Iterator[str]:
    """The JSON text of each subject, in the order of the case; evaluated subjects a block at a time."""
    scales, inputs = _scales(view), _Inputs(view)
    pending = list(view.subjects)
    while pending:
        info = pending.pop(0)
        if info.row is None:
            yield dumps({**_subject_head(view, info), "nodes": None, "signals": None, "inputs": [], "period": None})
            continue
        group = [info]
        while pending and pending[0].row == info.row + len(group) and len(group) < BLOCK:
            group.append(pending.pop(0))
        block = _Block(view, slice(info.row, info.row + len(group)), scales)
        for i, member in enumerate(group):
            yield dumps(_subject(view, member, info.row + i, block, i, inputs))

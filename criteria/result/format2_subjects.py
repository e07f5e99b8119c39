"""The "subjects" part of result format 2 (docs/resultaat-json.md), written column-wise as text.

A block of consecutive evaluation rows is turned into text at a time: every key of every node is one array of
the block (rows × years), written by criteria.result.json_rows for all rows at once; a subject's line is then
joined from its row of each. The inputs (every raw value read, with its provenance) are written the same way from
the case's value columns. The text is byte for byte what json.dumps writes for the same objects (keys in a fixed
order, NaN as null); tests/test_result_format2.py holds the law.
"""

from __future__ import annotations

import json
import math
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from typing import Any

import numpy as np

from criteria import formula as fx
from criteria.engine import scoring as sc
from criteria.engine.breakdown import location_parts, rounded
from criteria.engine.columns import CriterionColumns, IndicatorColumns, _resolvers
from criteria.model import notation
from criteria.model.ruleset import BandsScoring
from criteria.model.values import QUALITIES
from criteria.result import json_rows as jr
from criteria.result.period import TREND_LABELS
from criteria.result.view import ResultView, SubjectInfo
from criteria.voorstel.rows import baseline_of

BLOCK = 128  # subjects turned into text at a time


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, allow_nan=False)


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


_verdict_rows = jr.lookup_rows(sc.VERDICT_TEXT)


def _flags(values: np.ndarray) -> list[str]:
    return ["true" if v else "false" for v in np.asarray(values, dtype=bool).tolist()]


# --- a node's keys as columns of a block ---------------------------------------------------------------------


@dataclass
class _Key:
    """One key of a node's object over the rows of a block: its text per row, or per row for a subject's own
    years (`years`: positions on the evaluation's year axis; None: every year)."""

    name: str
    encode: Callable[[np.ndarray], list[str]]
    values: Any  # an array (rows, years); (rows,) for a key that is not per year
    per_year: bool = True
    label: str = field(init=False)

    def __post_init__(self) -> None:
        self.label = jr.text_of(self.name) + ": "

    @cached_property
    def texts(self) -> list[str]:
        return self.encode(self.values)

    def text(self, i: int, years: list[int] | None) -> str:
        if years is None or not self.per_year:
            return self.texts[i]
        return self.encode(self.values[i : i + 1][:, years])[0]


def _given(name: str, texts: list[str]) -> _Key:
    """A key whose text per row is known (the same whatever the subject's years)."""
    key = _Key(name, lambda values: list(values), np.array(texts, dtype=object), per_year=False)
    return key


def _encode_floats(keys: list[_Key]) -> None:
    """The texts of every key of floats at once (one pass over the block's numbers, not one per key)."""
    floats = [k for k in keys if k.encode is jr.exact_rows and "texts" not in k.__dict__]
    for shape in {k.values.shape for k in floats}:
        same = [k for k in floats if k.values.shape == shape]
        texts = jr.exact_rows(np.concatenate([k.values for k in same]))
        for n, key in enumerate(same):
            key.texts = texts[n * shape[0] : (n + 1) * shape[0]]


@dataclass
class _Object:
    """A key whose value is an object of per-year keys (a reference group's numbers)."""

    name: str
    keys: list[_Key]
    label: str = field(init=False)

    def __post_init__(self) -> None:
        self.label = jr.text_of(self.name) + ": "


def _knockouts(knocked_by: dict[str, np.ndarray], rows: slice, shape: tuple[int, int]) -> np.ndarray:
    """Per row and year the JSON list of the knock-out indicators that hit (mostly empty)."""
    hits: list[list[list[str]]] = [[[] for _ in range(shape[1])] for _ in range(shape[0])]
    for kid, mask in knocked_by.items():
        for i, y in zip(*np.nonzero(mask[rows])):
            hits[i][y].append(kid)
    cells = np.full(shape, "[]", dtype=object)
    for i, row in enumerate(hits):
        for y, kids in enumerate(row):
            if kids:
                cells[i, y] = dumps(kids)
    return cells


class _Block:
    """The keys of every node and signal over a block of consecutive evaluation rows."""

    def __init__(self, view: ResultView, rows: slice, scales: dict[str, np.ndarray]):
        self.view, self.rows, self.scales = view, rows, scales
        ev = view.evaluation
        self.parent_of = {kid: node for node in ev.compiled.children for kid in ev.compiled.children[node]}
        self.nodes = {node: self._node(node) for node, _ in view.nodes}
        self.signals = {
            sid: [
                _Key("applicable", _flags, ev.signals[sid].applicable[rows].any(axis=1), per_year=False),
                *self._measured(sid, ev.signals[sid]),
            ]
            for sid in view.ruleset.signals
        }

    def _node(self, node: str) -> list[_Key | _Object]:
        ev, rows = self.view.evaluation, self.rows
        cols = ev.indicators[node] if node in ev.indicators else ev.criteria[node]
        score = rounded(cols.score[rows])
        parent = self.parent_of.get(node)
        share = (
            rounded(ev.criteria[parent].weight_share[node][rows])
            if parent is not None
            else np.full(score.shape, np.nan)
        )
        out: list[_Key | _Object] = [
            _Key("applicable", _flags, cols.applicable[rows].any(axis=1), per_year=False),
            _Key("score", jr.exact_rows, score),
        ]
        if isinstance(cols, CriterionColumns):
            out.append(_Key("mark", jr.exact_rows, marks(cols.score[rows])))
            out.append(_Key("score_before_knockout", jr.exact_rows, rounded(cols.score_before_knockout[rows])))
        out.append(_Key("verdict", _verdict_rows, cols.verdict[rows]))
        out.append(_Key("weight_share", jr.exact_rows, share))
        out.append(_Key("contribution", jr.exact_rows, rounded(share * score)))
        if isinstance(cols, CriterionColumns):
            estimate = cols.estimate_share
            out.append(_Key("completeness", jr.exact_rows, rounded(cols.completeness[rows])))
            out.append(
                _Key(
                    "estimate_share",
                    jr.exact_rows,
                    rounded(estimate[rows]) if estimate is not None else np.full(score.shape, np.nan),
                )
            )
            out.append(_Key("knocked_out_by", jr.text_rows, _knockouts(cols.knocked_by, rows, score.shape)))
            return out
        out.extend(self._measured(node, cols))
        rule = self.view.ruleset.indicators[node].scoring
        if isinstance(rule, BandsScoring) and cols.labels is None:
            out.append(_Key("band", jr.int_rows, sc.band_index(cols.measure[rows], rule)))
        if cols.deviation is not None:
            out.append(_Key("deviation", jr.exact_rows, cols.deviation[rows]))
        if cols.norm_group is not None:
            out.append(self._group("norm_group", cols.norm_group))
        return out

    def _measured(self, node: str, cols: IndicatorColumns) -> list[_Key | _Object]:
        rows = self.rows
        out: list[_Key | _Object] = []
        if cols.labels is not None:
            out.append(_Key("value", jr.label_rows, cols.labels[rows]))
            out.append(_Key("measure", jr.label_rows, cols.labels[rows]))
        else:
            out.append(_Key("value", jr.exact_rows, cols.value[rows]))
            out.append(_Key("nullijn", jr.exact_rows, cols.nullijn[rows]))
            out.append(_Key("measure", jr.exact_rows, cols.measure[rows]))
            out.append(_Key("invalid", jr.bool_rows, cols.invalid[rows]))
        if cols.estimate is not None:
            out.append(_Key("estimate", jr.bool_rows, cols.estimate[rows]))
        if cols.group is not None:
            out.append(self._group("group", cols.group))
        if node in self.scales:
            out.append(_Key("scale", jr.exact_rows, self.scales[node][rows]))
        return out

    def _group(self, name: str, use) -> _Object:
        ev, rows = self.view.evaluation, self.rows
        years = [ev.all_years.index(y) for y in ev.years]
        g = use.columns
        return _Object(
            name,
            [
                _Key("statistic", jr.exact_rows, g.statistic[rows][:, years]),
                _Key("members", jr.count_rows, g.count[rows][:, years]),
                _Key("rank", jr.exact_rows, g.rank[rows][:, years]),
                _Key("percentile", jr.exact_rows, g.percentile[rows][:, years]),
            ],
        )


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


class _NullijnSources:
    """For each indicator and signal with a base_year nullijn: where its nullijn comes from for a subject — the
    same subject in the base year (with that value), or a voorstel's huidige situatie in the same year."""

    def __init__(self, view: ResultView):
        ev, rs = view.evaluation, view.ruleset
        self.manifest, self.evaluated = ev.case.manifest, set(ev.subjects)
        self.nodes: list[tuple[str, str, list[str]]] = []  # (node, its base year as text, value text per row)
        for node in [*rs.indicators, *rs.signals]:
            item = rs.indicators.get(node) or rs.signals[node]
            null = rs.nullijn_for(node)
            if item.measure == "value" or null is None or null.kind != "base_year":
                continue
            cols = ev.indicators.get(node) or ev.signals[node]
            first = cols.nullijn[:, 0] if cols.labels is None else np.full(len(ev.subjects), np.nan)
            self.nodes.append((node, dumps(null.year), jr.exact_cells(first)))

    def of(self, info: SubjectInfo) -> dict[str, str]:
        if not self.nodes:
            return {}
        base = baseline_of(self.manifest, info.id)
        if base is not None and base in self.evaluated:  # the engine's baseline rows (voorstel.rows)
            text = '{"subject": ' + jr.text_of(base) + ', "year": null}'
            return {node: text for node, _, _ in self.nodes}
        head = '{"subject": ' + jr.text_of(info.id) + ', "year": '
        row = int(info.row or 0)  # an evaluated subject: a row on the evaluation's subject axis
        return {node: head + year + ', "value": ' + values[row] + "}" for node, year, values in self.nodes}


# --- inputs ------------------------------------------------------------------------------------------------------

_NO_SOURCE = (
    ', "subject": null, "bron": null, "quality": null, "file": null, "line": null, "place": null, "details": []}'
)


class _Inputs:
    """Every raw value a subject's evaluation read, as used, with its provenance read from the case's value
    columns (no record object per value): field, year, partner, value, bron, quality, file, line, place; by
    field, then year, then partner (in the order of case.toml)."""

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
        self.known: dict = {}  # label texts written
        self._order()
        self._heads: dict[int, str] = {}

    def _order(self) -> None:
        """The (column, year) of each place in a subject's list, and the text that opens its object."""
        columns, years = [], []
        opening = []
        for start, (name, _, _, _) in enumerate(self.columns):
            if start and self.columns[start - 1][0] == name:
                continue
            same = [c for c in range(start, len(self.columns)) if self.columns[c][0] == name]
            for yi, year in enumerate(self.ev.all_years):
                for c in same:
                    columns.append(c)
                    years.append(yi)
                    partner = self.columns[c][1]
                    opening.append(
                        f'{{"field": {jr.text_of(name)}, "year": {dumps(year)}, "partner": {dumps(partner)}, "value": '
                    )
        self.order = (np.array(columns, dtype=np.intp), np.array(years, dtype=np.intp))
        self.opening = np.array(opening, dtype=object)

    def texts(self, rows: slice) -> list[str]:
        """The inputs list of each row of a block, as JSON text."""
        n = len(range(*rows.indices(len(self.ev.subjects))))
        if not self.columns:
            return ["[]"] * n
        columns, years = self.order
        positions = np.stack([c[3][rows] for c in self.columns], axis=1)[:, columns, years]
        shown = self._shown(rows)[:, columns, years]
        used = positions >= 0
        keep = used | (shown != "null")
        sources = np.full(positions.shape, _NO_SOURCE, dtype=object)
        sources[used] = self._sources(positions[used])
        objects = (self.opening + shown + sources)[keep].tolist()
        ends = np.cumsum(keep.sum(axis=1)).tolist()
        return ["[" + ", ".join(objects[start:end]) + "]" for start, end in zip([0, *ends[:-1]], ends)]

    def _shown(self, rows: slice) -> np.ndarray:
        """Every column's values as used, as JSON text (rows, columns, years)."""
        blocks = [c[2][rows] for c in self.columns]
        out = np.empty((blocks[0].shape[0], len(blocks), blocks[0].shape[1]), dtype=object)
        numbers = [c for c, values in enumerate(blocks) if values.dtype != object]
        if numbers:
            texts = jr.exact_cells(np.stack([blocks[c] for c in numbers], axis=1))
            out[:, numbers, :] = np.array(texts, dtype=object).reshape(out.shape[0], len(numbers), out.shape[2])
        for c, values in enumerate(blocks):
            if values.dtype == object:
                out[:, c, :] = jr.value_cells(values, self.known)
        return out

    def _sources(self, positions: np.ndarray) -> np.ndarray:
        """The provenance keys of each value used (its subject, bron, quality, file, line, place, details), with
        the ", " before them and the "}" that closes the value's object."""
        v = self.values
        lines, where = np.unique(v.row[positions], return_inverse=True)
        tails = np.array([f'{n}, "place": "regel {n}", "details": []}}' for n in lines.tolist()], dtype=object)
        out = self._heads_of(positions) + tails[where.reshape(-1)]
        odd = np.array([s.sheet is not None for s in v.sources] or [False])[v.source[positions]]
        if v.computed:
            odd |= np.isin(positions, np.fromiter(v.computed, dtype=np.int64, count=len(v.computed)))
        for k in np.flatnonzero(odd).tolist():
            out[k] = self._source(int(positions[k]))
        return out

    def _heads_of(self, positions: np.ndarray) -> np.ndarray:
        """Per value the keys subject, bron, quality and file, up to and with '"line": ' (each distinct once)."""
        v = self.values
        key = (
            ((v.subject[positions].astype(np.int64) + 1) * (len(v.texts) + 1) + v.bron[positions]) * 3
            + v.quality[positions]
        ) * max(len(v.sources), 1) + v.source[positions]
        distinct, first, inverse = np.unique(key, return_index=True, return_inverse=True)
        heads = np.empty(len(distinct), dtype=object)
        for k, (code, i) in enumerate(zip(distinct.tolist(), positions[first].tolist())):
            head = self._heads.get(code)
            if head is None:
                file, _ = location_parts(self.folder, v.sources[int(v.source[i])].path, "")
                head = self._heads[code] = (
                    f', "subject": {dumps(v.text(v.subject, v.subjects, i))}, "bron": {jr.text_of(v.texts[v.bron[i]])}, '
                    f'"quality": "{QUALITIES[v.quality[i]]}", "file": {jr.text_of(file)}, "line": '
                )
            heads[k] = head
        return heads[inverse.reshape(-1)]

    def _source(self, i: int) -> str:
        v = self.values
        file, line, place = v.where(i)
        file, place = location_parts(self.folder, file, place)
        extra = v.computed.get(i)
        details = list(extra.details) if extra is not None else []
        return (
            f', "subject": {dumps(v.text(v.subject, v.subjects, i))}, "bron": {jr.text_of(v.texts[v.bron[i]])}, '
            f'"quality": "{QUALITIES[v.quality[i]]}", "file": {jr.text_of(file)}, "line": {dumps(line)}, '
            f'"place": {jr.text_of(place)}, "details": {dumps(details)}}}'
        )


# --- a subject's line --------------------------------------------------------------------------------------------


def _floats(values: np.ndarray) -> list[str]:
    """Each float as json.dumps writes it (its repr; -0.0 stays -0.0), NaN as null."""
    return ["null" if math.isnan(x) else float.__repr__(x) for x in np.asarray(values, dtype=float).tolist()]


def _periods(view: ResultView, rows: slice) -> list[str]:
    """The "period" object of each row of a block: rule, score, mark, verdict, years with data, trends."""
    p = view.period_columns
    scores = p.score[rows].astype(float).tolist()
    marks_ = ["null" if math.isnan(x) else float.__repr__(notation.rapportcijfer(x)) for x in scores]
    verdicts = [jr.text_of(sc.VERDICT_TEXT[v]) for v in p.verdict[rows].astype(int).tolist()]
    trends = [
        [
            f'{jr.text_of(node)}: {{"slope": {slope}, "trend": {jr.text_of(TREND_LABELS[label])}}}'
            for slope, label in zip(_floats(t.slope[rows]), t.label[rows].astype(int).tolist())
        ]
        for node, t in p.trends.items()
    ]
    return [
        f'{{"rule": {dumps(view.period_rule)}, "score": {score}, "mark": {mark}, "verdict": {verdict}, '
        f'"years_with_data": {years}, "trends": {{{", ".join(row)}}}}}'
        for score, mark, verdict, years, *row in zip(
            _floats(p.score[rows]), marks_, verdicts, p.years_with_data[rows].astype(int).tolist(), *trends
        )
    ]


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


class _Layout:
    """A subject's "nodes" and "signals" as the texts that stay the same for every subject (keys, brackets) with
    the keys whose values go between them."""

    def __init__(self, block: _Block, sources: dict[str, list[str]]):
        self.constants: list[str] = []
        self.keys: list[_Key] = []
        self._text = ""
        for part, nodes in (("nodes", block.nodes), ("signals", block.signals)):
            self._put(("" if part == "nodes" else ", ") + f'"{part}": {{')
            for n, (node, node_keys) in enumerate(nodes.items()):
                self._put((", " if n else "") + jr.text_of(node) + ": {")
                for m, key in enumerate(node_keys):
                    self._put((", " if m else "") + key.label)
                    if isinstance(key, _Object):
                        for q, inner in enumerate(key.keys):
                            self._put(("{" if q == 0 else ", ") + inner.label)
                            self._add(inner)
                        self._put("}")
                    else:
                        self._add(key)
                if node in sources and (part == "nodes" or node not in block.nodes):
                    self._put(', "nullijn_source": ')
                    self._add(_given("nullijn_source", sources[node]))
                self._put("}")
            self._put("}")
        self.constants.append(self._text)
        _encode_floats(self.keys)

    def _put(self, text: str) -> None:
        self._text += text

    def _add(self, key: _Key) -> None:
        self.constants.append(self._text)
        self.keys.append(key)
        self._text = ""

    def rows(self) -> list[str]:
        """The text of every row of the block, all its years."""
        template = "%s".join(c.replace("%", "%%") for c in self.constants)
        return [template % values for values in zip(*[k.texts for k in self.keys])]

    def row(self, i: int, years: list[int]) -> str:
        """The text of row i with only the years at these positions."""
        values = [k.text(i, years) for k in self.keys]
        return "".join(chain.from_iterable(zip(self.constants, values))) + self.constants[-1]


def _subject(view: ResultView, info: SubjectInfo, objects: str, inputs: str, period: str) -> str:
    """The subject's JSON text from the texts of its nodes and signals, its inputs and its period."""
    head = dumps(_subject_head(view, info))
    return "".join((head[:-1], ", ", objects, ', "inputs": ', inputs, ', "period": ', period, "}"))


def subject_texts(view: ResultView) -> Iterator[str]:
    """The JSON text of each subject, in the order of the case; evaluated subjects a block at a time."""
    ev = view.evaluation
    scales, inputs, nullijn = _scales(view), _Inputs(view), _NullijnSources(view)
    pending = deque(view.subjects)
    while pending:
        info = pending.popleft()
        if info.row is None:
            yield dumps({**_subject_head(view, info), "nodes": None, "signals": None, "inputs": [], "period": None})
            continue
        group = [info]
        while pending and pending[0].row == info.row + len(group) and len(group) < BLOCK:
            group.append(pending.popleft())
        rows = slice(info.row, info.row + len(group))
        block, listed = _Block(view, rows, scales), inputs.texts(rows)
        found = [nullijn.of(member) for member in group]
        layout = _Layout(block, {node: [f[node] for f in found] for node in found[0]})
        every, periods = layout.rows(), _periods(view, rows)
        for i, member in enumerate(group):
            positions = [ev.year_index(y) for y in member.years]
            objects = every[i] if len(positions) == len(ev.years) else layout.row(i, positions)
            yield _subject(view, member, objects, listed[i], periods[i])

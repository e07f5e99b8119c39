"""What a report shows of one subject without building its breakdowns (issue 12), read from the evaluation's
columns: the score and verdict per year of the total and every criterion (the charts), the bronnen its breakdowns
cite in the order a reader meets them (the list of sources), and its years with missing data (the completeness
lines). Only the volledige bijlage builds a subject's breakdown trees (one year at a time); everything else is read
here, with the same numbers and texts the trees would give (tests/test_report_columns.py checks it against them).

What does not change from subject to subject (the tree's order, each node's inputs and nullijn) is worked out once
per report, in ColumnReader.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from criteria.engine import scoring as sc
from criteria.result.view import ResultView, SubjectInfo
from criteria.voorstel.rows import baseline_of

NO_DATA = sc.VERDICT_TEXT[sc.NO_DATA]


@dataclass(frozen=True)
class NodeYears:
    """A criterion (or the total) of one subject: its place in the tree, and its score and verdict per year."""

    id: str
    title: str
    depth: int  # 0: the total
    scores: tuple[float | None, ...]  # one per year the subject is evaluated in; None without a score
    verdicts: tuple[str, ...]


class Use(NamedTuple):
    """One bron cited by a subject's breakdown: for what, whose value (subject id, partner id; neither: the whole
    samenwerking; a nullijn: the subject's own), which year (0: a nullijn) and its quality (None for a nullijn)."""

    bron: str
    what: str
    subject: str | None
    partner: str | None
    year: int
    quality: str | None


@dataclass(frozen=True)
class MissingYear:
    """A year of a subject without full data: the total's completeness and, per indicator without data in tree
    order, its title and why its value is missing (None: not known)."""

    year: int
    completeness: float | None
    indicators: tuple[tuple[str, str | None], ...]


@dataclass(frozen=True)
class _Measured:
    """An indicator or signal as a breakdown cites its bronnen: its fields' inputs and where its nullijn comes from."""

    id: str
    title: str
    inputs: tuple[tuple[str, str, str | None], ...]  # (field, its title, partner) of each field input, in order
    base_year: bool  # an indicator whose nullijn is a base year: it also cites that year's (or the huidige
    nullijn_year: int | None  # situatie's) inputs; the base year itself
    nullijn_field: str | None  # the nullijn's bron is that of this field's value (a reference nullijn)
    nullijn_bron: str | None  # ... or this text (a fixed bron, the reference table's title); neither: none


class ColumnReader:
    """Reads the report's per-subject parts from a result's columns; see the module text."""

    def __init__(self, result: ResultView) -> None:
        self.result = result
        ev = result.evaluation
        rs = ev.compiled.ruleset
        self.criteria = tuple(
            (node, rs.criteria[node].title, depth) for node, depth in result.nodes if node in rs.criteria
        )
        reference = ev.case.reference
        self._group_bron = reference.title if reference is not None else None
        self.measured = tuple(self._measured(node) for node in self._measured_order())
        self.indicators = tuple((m.id, m.title) for m in self.measured if m.id in rs.indicators)

    def _measured_order(self) -> Iterator[str]:
        """Indicators and signals in the order of a breakdown: a criterion's children, then its signals."""
        ev = self.result.evaluation
        rs, children = ev.compiled.ruleset, ev.compiled.children

        def walk(node: str) -> Iterator[str]:
            if node in rs.indicators:
                yield node
                return
            for kid in children.get(node, []):
                yield from walk(kid)
            yield from rs.signals_under(node)

        return walk(self.result.root)

    def _measured(self, node: str) -> _Measured:
        ev = self.result.evaluation
        rs = ev.compiled.ruleset
        inputs = []
        for name in ev.compiled.inputs_of(node):
            if name in rs.derived:
                continue  # a derived field cites no bron of its own
            f = rs.fields[name]
            partners = list(ev.case.manifest.partners) if f.scope == "partner" else [None]
            inputs += [(name, f.title, partner) for partner in partners]
        item = rs.indicators[node] if node in rs.indicators else rs.signals[node]
        null = rs.nullijn_for(node)
        if item.measure == "value" or null is None:
            return _Measured(node, item.title, tuple(inputs), False, None, None, None)
        columns = ev.indicators[node] if node in ev.indicators else ev.signals[node]
        if null.kind == "reference_group" and columns.group is not None:
            field, bron = None, self._group_bron
        elif null.kind == "reference" and null.field is not None:
            field, bron = null.field, None
        else:
            field, bron = None, null.bron
        base_year = null.kind == "base_year" and node in rs.indicators
        return _Measured(node, item.title, tuple(inputs), base_year, null.year, field, bron)

    # --- per subject -----------------------------------------------------------------------------------------

    def _positions(self, subject: SubjectInfo) -> list[int]:
        return [self.result.year_position(y) for y in subject.years]

    def criteria_years(self, subject: SubjectInfo) -> tuple[NodeYears, ...]:
        """The total and every criterion of the subject (tree order), with its score and verdict per year."""
        result, positions, s = self.result, self._positions(subject), subject.row
        out = []
        for node, title, depth in self.criteria:
            scores = result.scores(node)[s, positions].tolist()
            verdicts = result.verdicts(node)[s, positions].tolist()
            out.append(
                NodeYears(
                    node,
                    title,
                    depth,
                    tuple(None if math.isnan(x) else x for x in scores),
                    tuple(sc.VERDICT_TEXT[int(v)] for v in verdicts),
                )
            )
        return tuple(out)

    def uses(self, subject: SubjectInfo) -> Iterator[Use]:
        """Every bron the subject's breakdowns cite, year by year, top to bottom, as a reader meets them."""
        ev = self.result.evaluation
        source = ev.sources.source
        sid = subject.id
        base = baseline_of(ev.case.manifest, sid)
        for year in subject.years:
            for m in self.measured:
                places = [(sid, year)]
                if m.base_year and base not in (None, sid):
                    places.append((base, year))  # a voorstel: its huidige situatie
                elif m.base_year and m.nullijn_year is not None and m.nullijn_year != year and base is None:
                    places.append((sid, m.nullijn_year))
                for who, when in places:
                    for name, title, partner in m.inputs:
                        src = source((name, who, partner, when), (name, None, partner, when))
                        if src is not None and src.bron:
                            yield Use(src.bron, title, src.subject, partner, when, src.quality)
                bron = m.nullijn_bron
                if m.nullijn_field is not None:
                    src = source((m.nullijn_field, sid, None, year), (m.nullijn_field, None, None, year))
                    bron = src.bron if src else None
                if bron:
                    yield Use(bron, f"nullijn van '{m.title}'", sid, None, 0, None)

    def missing(self, subject: SubjectInfo) -> Iterator[MissingYear]:
        """The years of the subject without full data, with the indicators that have none and why."""
        result, s = self.result, subject.row
        root = result.root
        for year, y in zip(subject.years, self._positions(subject)):
            completeness = float(result.completeness(root)[s, y])
            score = float(result.scores(root)[s, y])
            if completeness >= 1 and not math.isnan(score):
                continue
            found = tuple(
                (title, result.node_breakdown(subject.id, year, node).indicator.value_note)  # type: ignore[union-attr]
                for node, title in self.indicators
                if int(result.verdicts(node)[s, y]) == sc.NO_DATA
            )
            yield MissingYear(year, None if math.isnan(completeness) else completeness, found)

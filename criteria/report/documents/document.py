"""A neutral report document: what the HTML, Markdown and XLSX reports show, built once from a result.

The three formats only lay this structure out; none of them reads the result view itself
(criteria/report/documents/build.py builds it). Texts are
final Dutch display texts (decimal comma); numbers that a spreadsheet should keep as numbers travel along
in `Cell.value`. Building is pure: a result in, a Document out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

from criteria.report.common import VERDICT_STYLE, score_text
from criteria.report.documents.table import Cell, Column, Row, Table


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple[float | None, ...]  # one per year of the chart
    trend: str  # "↗ stijgend", ...


@dataclass(frozen=True)
class TrendChart:
    """Total and top-level criteria over the years, against the pass mark."""

    title: str
    years: tuple[int, ...]
    series: tuple[Series, ...]  # the total first
    pass_mark: float

    def as_table(self) -> Table:
        columns = (
            Column("Onderdeel", width=28),
            *(Column(str(y), "score", 8) for y in self.years),
            Column("Trend", width=16),
        )
        rows = tuple(
            Row(
                (Cell(s.label), *(Cell(score_text(v), v) for v in s.values), Cell(s.trend)),
                style="total" if i == 0 else "criterium",
            )
            for i, s in enumerate(self.series)
        )
        return Table(self.title, columns, rows)


@dataclass(frozen=True)
class Bar:
    label: str
    level: int
    scores: tuple[tuple[float | None, str], ...]  # (score, verdict) per year of the chart


@dataclass(frozen=True)
class BarChart:
    """Every criterion's score per year against the pass mark."""

    title: str
    years: tuple[int, ...]
    bars: tuple[Bar, ...]
    pass_mark: float

    def as_table(self) -> Table:
        columns = (Column("Criterium", width=28), *(Column(str(y), "score", 10) for y in self.years))
        rows = tuple(
            Row(
                (
                    Cell(b.label, level=b.level),
                    *(Cell(f"{score_text(s)} {VERDICT_STYLE[v][0]}", s, verdict=v) for s, v in b.scores),
                ),
                style="criterium",
            )
            for b in self.bars
        )
        return Table(self.title, columns, rows)


@dataclass(frozen=True)
class Breakdown:
    year: int
    heading: str
    table: Table


@dataclass(frozen=True)
class SubjectSection:
    id: str
    title: str
    anchor: str
    facts: tuple[str, ...]  # kind, period score, trend, ...
    trend: TrendChart
    bars: BarChart
    breakdowns: tuple[Breakdown, ...]
    corrections: tuple[str, ...] = ()
    completeness: tuple[str, ...] = ()  # its years with missing data (a report folder shows them on its page)


@dataclass(frozen=True)
class VoorstelYear:
    """A voorstel beside its huidige situatie in one year, and what changes for the critical tasks."""

    year: int
    heading: str  # "2020: totaal voorstel 6,6 ✔, huidig 3,9 ✘, verschil +2,7: beter"
    anchor: str
    table: Table
    tasks: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (lead-in sentence, the tasks it introduces; maybe none)


@dataclass(frozen=True)
class VoorstelSection:
    """One voorstel against its huidige situatie, every year it is evaluated."""

    id: str
    title: str  # as on the terminal, without the year
    anchor: str
    explanation: tuple[str, ...]  # plain-language paragraphs (B1)
    years: tuple[VoorstelYear, ...]


Appendix = Literal["volledig", "samenvatting", "geen"]
APPENDIX_MODES: tuple[Appendix, ...] = ("samenvatting", "volledig", "geen")  # the first is the default


@dataclass(frozen=True)
class Finding:
    """What the report says first about one subject (the conclusion, issue 14): a headline sentence and the
    sentences below it, as plain Dutch text; `technical` goes to the colophon's level of detail."""

    headline: str
    sentences: tuple[str, ...] = ()
    technical: tuple[str, ...] = ()


@dataclass(frozen=True)
class TeamCard:
    """One subject on the report's first pages: its conclusion and a small chart of its total per year."""

    id: str
    title: str
    finding: Finding
    chart: BarChart | None  # None for a voorstel (its own section holds the comparison)
    link: str | None  # the section this card points to, e.g. "onderwerp-HH"; None when left out of the report


@dataclass(frozen=True)
class Document:
    title: str
    facts: tuple[tuple[str, str], ...]  # what the report is based on: label, value (no hashes: see colophon)
    warning: str | None  # the "illustratief" banner
    summary: Table
    legend: str
    out_of_scope: tuple[tuple[str, str], ...]  # subject title, reason
    corrections: Table | None
    subjects: tuple[SubjectSection, ...]
    completeness: tuple[str, ...]
    sources: Table
    glossary: tuple[tuple[str, str], ...]
    notes: tuple[str, ...] = field(default=())  # pass mark, period rule, missing data policy
    voorstellen: tuple[VoorstelSection, ...] = field(default=())  # each voorstel beside its huidige situatie
    overview: tuple[TeamCard, ...] = field(default=())  # "hoe staan we ervoor?": the first pages
    colophon: tuple[tuple[str, str], ...] = field(default=())  # versions and fingerprints (sha256): label, value
    appendix: Appendix = "volledig"  # how much of the bijlage the report holds
    sources_summary: tuple[str, ...] = field(default=())  # the sources in a few lines, when the list is left out
    method: tuple[str, ...] = field(default=())  # how the conclusions were computed (the findings' technical lines)
    subtitle: str = (
        "Toetsing van de ambtelijke samenwerking: uitkomst per onderwerp en jaar, met de herkomst van elk getal."
    )


@dataclass
class ReportParts:
    """A report in the order it is written: `head` (everything before the subjects' sections: subjects,
    completeness and sources left empty), `contents` ((anchor, title) of each section to come), `sections` (built
    one at a time while they are written) and `finish()`, called once the sections are consumed: the head with
    the completeness lines and the sources, gathered subject by subject while the sections are built."""

    head: Document
    contents: tuple[tuple[str, str], ...]
    sections: Iterable[SubjectSection]
    finish: Callable[[], Document]

    @classmethod
    def whole(cls, document: Document) -> ReportParts:
        """The parts of a document built whole (build_document)."""
        return cls(document, tuple((s.anchor, s.title) for s in document.subjects), document.subjects, lambda: document)

"""The tables of a report document (criteria.report.documents.document): cells, columns, rows. On their own, because
the terminal shows a voorstel's comparison table too (criteria.report.terminal.voorstel) without the rest of a
document."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from criteria.report.common import VERDICT_STYLE, score_text

ColumnKind = Literal["text", "score", "percent", "number", "decimal", "difference"]  # difference: signed score


@dataclass(frozen=True)
class Cell:
    text: str
    value: float | None = None  # the number behind the text, for spreadsheets
    verdict: str | None = None  # voldoet / voldoet niet / ...: styling and symbol
    level: int = 0  # depth in the criteria tree (indentation)
    note: str | None = None  # a second, smaller line: formula, reason, correction
    refs: tuple[int, ...] = ()  # numbers of the sources (see Document.sources)
    link: str | None = None  # an anchor in the same document, e.g. "onderwerp-HH"
    repeat: bool = False  # repeats the cell above: left blank where rows are read together


@dataclass(frozen=True)
class Column:
    title: str
    kind: ColumnKind = "text"
    width: int = 12  # a hint in characters (spreadsheet column width)


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    style: Literal["", "total", "criterium", "indicator", "period"] = ""
    anchor: str | None = None  # an id other parts of the document link to, e.g. "bron-3"


@dataclass(frozen=True)
class Table:
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]

    def has_notes(self) -> bool:
        return any(c.note for r in self.rows for c in r.cells)


def verdict_cell(verdict: str, note: str | None = None) -> Cell:
    return Cell(f"{VERDICT_STYLE[verdict][0]} {verdict}", verdict=verdict, note=note)


def scored_cell(score: float | None, verdict: str, note: str | None = None) -> Cell:
    return Cell(f"{score_text(score)} {VERDICT_STYLE[verdict][0]}", score, verdict=verdict, note=note)

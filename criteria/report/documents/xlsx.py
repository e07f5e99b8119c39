"""The XLSX report: an "about" sheet, a summary sheet, one sheet per subject and a sources sheet.

Numbers stay numbers (a score is 6.639523 shown as "6,6 ✔" through its number format, not the text
"6,6"); every table has a bold, frozen header row, a filter and column widths that fit its content.
Every text goes into its cell through criteria.files.cells: a title "=HYPERLINK(...)" stays a text, and a
control character (a vertical tab in a bron) is shown as <U+000B> instead of breaking the file.
"""

from __future__ import annotations

import io
import re
from typing import IO

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from criteria.authoring.sheets.stable import save_stable
from criteria.files.cells import new_cell
from criteria.files.visible import visible
from criteria.report.common import VERDICT_STYLE
from criteria.report.documents.document import (
    Cell,
    Column,
    Document,
    ReportParts,
    Row,
    SubjectSection,
    Table,
    VoorstelSection,
)

FORMATS = {
    "score": "0.0",
    "percent": "0%",
    "number": "General",
    "decimal": "0.00",
    "text": "General",
    "difference": "+0.0;-0.0;0.0",
}
BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="E9EDF2")
WARN_FILL = PatternFill("solid", fgColor="FFE8A3")
WRAP = Alignment(wrap_text=True, vertical="top")
FIXED_SHEETS = ("Over dit rapport", "Samenvatting", "Bronnen")
ABOUT_WIDTHS = {"A": 40, "B": 100}
# The sheets are write-only (rows appended in order, written to disk as they come: bounded memory); they offer
# what this module uses of a Worksheet (append, column_dimensions, freeze_panes, auto_filter), so typed as one.
Sheet = Worksheet


def render_xlsx(doc: Document) -> bytes:
    """The whole workbook as bytes (a document built whole); the CLI writes the same with write_xlsx."""
    out = io.BytesIO()
    write_xlsx(out, ReportParts.whole(doc))
    return out.getvalue()


def write_xlsx(out: IO[bytes], parts: ReportParts) -> None:
    """Write the workbook to `out`: a write-only workbook whose sheets go to disk as they are filled, the subjects
    one at a time; the "about" sheet (first) is filled last, when the completeness lines and sources are known."""
    book = Workbook(write_only=True)
    about = book.create_sheet(FIXED_SHEETS[0])
    doc = parts.head
    _write_table(book.create_sheet(FIXED_SHEETS[1]), doc.summary)
    used = set(FIXED_SHEETS)
    for voorstel in doc.voorstellen:
        _voorstel(book.create_sheet(sheet_name(f"Voorstel {voorstel.id}", used)), voorstel)
    for section in parts.sections:
        _subject(book.create_sheet(sheet_name(section.title, used)), section)
    doc = parts.finish()
    _about(about, doc)
    if not doc.sources_summary:  # the whole list: in the volledige bijlage
        _write_table(book.create_sheet(FIXED_SHEETS[2]), doc.sources)
    save_stable(book, out)


def sheet_name(title: str, used: set[str]) -> str:
    """A valid, unique sheet name: no []:*?/\\ and at most 31 characters."""
    base = re.sub(r"[\[\]:*?/\\]", " ", visible(title)).strip()[:31] or "Onderwerp"
    name, n = base, 2
    while name.lower() in {u.lower() for u in used}:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name)
    return name


def _styled(
    sheet: Sheet,
    value: object,
    font: Font | None = None,
    fill: PatternFill | None = None,
    alignment: Alignment | None = None,
) -> SheetCell:
    """A cell for a row, its value through criteria.files.cells (a text stays a text), with its style."""
    cell = new_cell(sheet, value)
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if alignment is not None:
        cell.alignment = alignment
    return cell


def _about(sheet: Sheet, doc: Document) -> None:
    plan = _plan(doc.corrections) if doc.corrections is not None else None
    widths = dict(plan.widths) if plan is not None else {}
    widths.update(ABOUT_WIDTHS)
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width
    sheet.append([_styled(sheet, doc.title, Font(bold=True, size=14))])
    if doc.warning:
        sheet.append([_styled(sheet, f"⚠ ILLUSTRATIEF: {doc.warning}", BOLD, WARN_FILL)])
    blocks = [
        (
            "Hoe staan we ervoor?",
            [(c.title, " ".join((c.finding.headline, *c.finding.sentences))) for c in doc.overview],
        ),
        ("Waar is dit rapport op gebaseerd?", list(doc.facts)),
        ("Uitgangspunten", [(n, "") for n in doc.notes]),
        ("Buiten deze toets", list(doc.out_of_scope)),
        ("Volledigheid en waarschuwingen", [(line, "") for line in doc.completeness]),
        ("Bronnen", [(line, "") for line in doc.sources_summary]),
        ("Begrippen", list(doc.glossary)),
        ("Colofon: versies en vingerafdrukken", list(doc.colophon)),
        ("Hoe de conclusies zijn berekend", [(line, "") for line in doc.method]),
    ]
    for heading, pairs in blocks:
        if not pairs:
            continue
        sheet.append([])
        sheet.append([_styled(sheet, heading, BOLD)])
        for label, value in pairs:
            sheet.append([_styled(sheet, label, alignment=WRAP), _styled(sheet, value, alignment=WRAP)])
    if doc.corrections is not None and plan is not None:
        _rows(sheet, doc.corrections, plan)  # right below the last line, as it always was


def _subject(sheet: Sheet, section: SubjectSection) -> None:
    """All years' breakdowns in one table (with a Jaar column), then the charts' figures and the facts; without
    breakdowns (bijlage samenvatting) the charts' figures come first."""
    charts = [section.trend.as_table(), section.bars.as_table()]
    if section.breakdowns:
        _write_table(sheet, _by_year(f"Uitsplitsing {section.title}", [(b.year, b.table) for b in section.breakdowns]))
    else:
        _write_table(sheet, charts.pop(0))
    for chart in charts:
        sheet.append([_styled(sheet, chart.caption, BOLD)])
        _rows(sheet, chart, _plan(chart, fit=False))
    for line in (*section.facts, *section.corrections):
        sheet.append([new_cell(sheet, line)])


def _by_year(caption: str, tables: list[tuple[int, Table]]) -> Table:
    """Tables of the same columns, one per year, as one table with a Jaar column in front."""
    rows = tuple(Row((Cell(str(year), float(year)), *row.cells), row.style) for year, t in tables for row in t.rows)
    return Table(caption, (Column("Jaar", "text", 6), *tables[0][1].columns), rows)


def _voorstel(sheet: Sheet, section: VoorstelSection) -> None:
    """The comparisons of all years in one table (with a Jaar column), then the explanation and the task changes."""
    _write_table(sheet, _by_year(section.title, [(y.year, y.table) for y in section.years]))
    lines = [(section.title, True), *((p, False) for p in section.explanation)]
    for y in section.years:
        lines += [(y.heading, True)] if y.tasks else []
        lines += [line for lead, tasks in y.tasks for line in [(lead, False), *((f"· {t}", False) for t in tasks)]]
    for text, heading in lines:
        if heading:
            sheet.append([])  # a blank row before each heading
        sheet.append([_styled(sheet, text, BOLD if heading else None)])


class _Plan:
    """How a table is laid out in a sheet, decided before its first row is written: the column widths (each as wide
    as its content, up to the column's hint) and the columns whose longer texts wrap."""

    def __init__(self, table: Table, fit: bool) -> None:
        self.notes = table.has_notes()
        self.note_column = len(table.columns)
        columns = list(table.columns) + ([Column("Toelichting", width=60)] if self.notes else [])
        self.titles = [c.title for c in columns]
        self.widths: dict[str, float] = {}
        self.wrap: set[int] = set()
        for col, column in enumerate(columns):
            lengths = [len(column.title)] + [
                n for row in table.rows if (n := _shown_length(self, row, col)) is not None
            ]
            longest = max(lengths) + 2
            width = max(len(column.title) + 3, min(longest, max(column.width, 8)))
            self.widths[get_column_letter(col + 1)] = width
            if fit and longest > width:
                self.wrap.add(col)


def _plan(table: Table, fit: bool = True) -> _Plan:
    """`fit`: longer texts wrap (a table whose widths set the sheet's columns); else the widths are only kept."""
    return _Plan(table, fit)


def _shown_length(plan: _Plan, row: Row, col: int) -> int | None:
    """The length a width is fitted to: a text's length, 10 for a number, None for an empty cell."""
    if col == plan.note_column:  # the Toelichting column
        text = _note(row)
        return len(visible(text)) if text else None
    if col >= len(row.cells):
        return None
    cell = row.cells[col]
    if cell.value is not None:
        return 10
    return len(visible(cell.text)) if cell.text else None


def _note(row: Row) -> str:
    return "; ".join(c.note for c in row.cells if c.note)


def _write_table(sheet: Sheet, table: Table) -> None:
    """A sheet's first table: its header frozen, a filter over it and the column widths fitted to it."""
    plan = _plan(table)
    for letter, width in plan.widths.items():
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(plan.titles))}{1 + len(table.rows)}"
    _rows(sheet, table, plan)


def _rows(sheet: Sheet, table: Table, plan: _Plan) -> None:
    """The header row and the rows of a table."""
    sheet.append([_styled(sheet, title, BOLD, HEAD_FILL) for title in plan.titles])
    for row in table.rows:
        cells: list[SheetCell | None] = [
            _cell(sheet, cell, column, bold=row.style == "total", wrap=col in plan.wrap)
            for col, (cell, column) in enumerate(zip(row.cells, table.columns))
        ]
        if plan.notes and (text := _note(row)):
            cells += [None] * (plan.note_column - len(cells))
            cells.append(_styled(sheet, text, alignment=WRAP if plan.note_column in plan.wrap else None))
        sheet.append(cells)


def _cell(sheet: Sheet, cell: Cell, column: Column, bold: bool, wrap: bool) -> SheetCell | None:
    value = cell.value
    if value is not None:
        target = new_cell(
            sheet, int(value) if float(value).is_integer() and column.kind in ("text", "number") else value
        )
        target.number_format = _number_format(column, cell)
    elif cell.text:
        target = new_cell(sheet, cell.text)
    else:
        return None
    if cell.level or (wrap and isinstance(target.value, str)):
        target.alignment = Alignment(indent=cell.level, wrap_text=True, vertical="top")
    if bold:
        target.font = BOLD
    return target


def _number_format(column: Column, cell: Cell) -> str:
    fmt = FORMATS[column.kind]
    if column.kind == "score" and cell.verdict:
        return f'{fmt}" {VERDICT_STYLE[cell.verdict][0]}"'
    return fmt

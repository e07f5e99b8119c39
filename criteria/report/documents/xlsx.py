"""The XLSX report: an "about" sheet, a summary sheet, one sheet per subject and a sources sheet.

Numbers stay numbers (a score is 6.639523 shown as "6,6 ✔" through its number format, not the text
"6,6"); every table has a bold, frozen header row, a filter and column widths that fit its content.
Every text goes into its cell through criteria.files.cells: a title "=HYPERLINK(...)" stays a text, and a
control character (a vertical tab in a bron) is shown as <U+000B> instead of breaking the file.
"""

from __future__ import annotations

import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from criteria.report.common import VERDICT_STYLE
from criteria.report.documents.document import Cell, Column, Document, Row, SubjectSection, Table, VoorstelSection
from criteria.authoring.sheets.stable import workbook_bytes
from criteria.files.cells import append, put
from criteria.files.visible import visible

FORMATS = {"score": "0.0", "percent": "0%", "number": "General", "decimal": "0.00", "text": "General",
           "difference": "+0.0;-0.0;0.0"}
BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="E9EDF2")
WARN_FILL = PatternFill("solid", fgColor="FFE8A3")
WRAP = Alignment(wrap_text=True, vertical="top")
FIXED_SHEETS = ("Over dit rapport", "Samenvatting", "Bronnen")


def render_xlsx(doc: Document) -> bytes:
    book = Workbook()
    about = book.active
    assert isinstance(about, Worksheet)  # a new workbook has one worksheet
    about.title = FIXED_SHEETS[0]
    _about(about, doc)
    _write_table(book.create_sheet(FIXED_SHEETS[1]), doc.summary, 1)
    used = set(FIXED_SHEETS)
    for voorstel in doc.voorstellen:
        _voorstel(book.create_sheet(sheet_name(f"Voorstel {voorstel.id}", used)), voorstel)
    for section in doc.subjects:
        _subject(book.create_sheet(sheet_name(section.title, used)), section)
    if not doc.sources_summary:  # the whole list: in the volledige bijlage
        _write_table(book.create_sheet(FIXED_SHEETS[2]), doc.sources, 1)
    return workbook_bytes(book)


def sheet_name(title: str, used: set[str]) -> str:
    """A valid, unique sheet name: no []:*?/\\ and at most 31 characters."""
    base = re.sub(r"[\[\]:*?/\\]", " ", visible(title)).strip()[:31] or "Onderwerp"
    name, n = base, 2
    while name.lower() in {u.lower() for u in used}:
        suffix = f" ({n})"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    used.add(name)
    return name


def _about(sheet: Worksheet, doc: Document) -> None:
    append(sheet, [doc.title])
    sheet["A1"].font = Font(bold=True, size=14)
    if doc.warning:
        append(sheet, [f"⚠ ILLUSTRATIEF: {doc.warning}"])
        sheet.cell(sheet.max_row, 1).font = BOLD
        sheet.cell(sheet.max_row, 1).fill = WARN_FILL
    blocks = [("Hoe staan we ervoor?", [(c.title, " ".join((c.finding.headline, *c.finding.sentences)))
                                        for c in doc.overview]),
              ("Waar is dit rapport op gebaseerd?", list(doc.facts)), ("Uitgangspunten", [(n, "") for n in doc.notes]),
              ("Buiten deze toets", list(doc.out_of_scope)),
              ("Volledigheid en waarschuwingen", [(line, "") for line in doc.completeness]),
              ("Bronnen", [(line, "") for line in doc.sources_summary]),
              ("Begrippen", list(doc.glossary)),
              ("Colofon: versies en vingerafdrukken", list(doc.colophon)),
              ("Hoe de conclusies zijn berekend", [(line, "") for line in doc.method])]
    for heading, pairs in blocks:
        if not pairs:
            continue
        sheet.append([])
        append(sheet, [heading])
        sheet.cell(sheet.max_row, 1).font = BOLD
        for label, value in pairs:
            append(sheet, [label, value])
            for col in (1, 2):
                sheet.cell(sheet.max_row, col).alignment = WRAP
    if doc.corrections is not None:
        sheet.append([])
        _write_table(sheet, doc.corrections, sheet.max_row + 1, freeze=False)
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 100


def _subject(sheet: Worksheet, section: SubjectSection) -> None:
    """All years' breakdowns in one table (with a Jaar column), then the charts' figures and the facts; without
    breakdowns (bijlage samenvatting) the charts' figures come first."""
    charts = [section.trend.as_table(), section.bars.as_table()]
    if section.breakdowns:
        table = _by_year(f"Uitsplitsing {section.title}", [(b.year, b.table) for b in section.breakdowns])
        end = _write_table(sheet, table, 1)
    else:
        end = _write_table(sheet, charts.pop(0), 1)
    for chart in charts:
        put(sheet, end + 1, 1, chart.caption).font = BOLD
        end = _write_table(sheet, chart, end + 2, freeze=False, widths=False)
    for line in (*section.facts, *section.corrections):
        end += 1
        put(sheet, end, 1, line)


def _by_year(caption: str, tables: list[tuple[int, Table]]) -> Table:
    """Tables of the same columns, one per year, as one table with a Jaar column in front."""
    rows = tuple(Row((Cell(str(year), float(year)), *row.cells), row.style) for year, t in tables for row in t.rows)
    return Table(caption, (Column("Jaar", "text", 6), *tables[0][1].columns), rows)


def _voorstel(sheet: Worksheet, section: VoorstelSection) -> None:
    """The comparisons of all years in one table (with a Jaar column), then the explanation and the task changes."""
    end = _write_table(sheet, _by_year(section.title, [(y.year, y.table) for y in section.years]), 1)
    lines = [(section.title, True), *((p, False) for p in section.explanation)]
    for y in section.years:
        lines += [(y.heading, True)] if y.tasks else []
        lines += [line for lead, tasks in y.tasks for line in [(lead, False), *((f"· {t}", False) for t in tasks)]]
    for text, heading in lines:
        end += 2 if heading else 1  # a blank row before each heading
        cell = put(sheet, end, 1, text)
        if heading:
            cell.font = BOLD


def _write_table(sheet: Worksheet, table: Table, top: int, freeze: bool = True, widths: bool = True) -> int:
    """Write the table with its header at row `top`; return the last row written."""
    notes = table.has_notes()
    titles = [c.title for c in table.columns] + (["Toelichting"] if notes else [])
    for col, title in enumerate(titles, 1):
        head = put(sheet, top, col, title)
        head.font, head.fill = BOLD, HEAD_FILL
    for r, row in enumerate(table.rows, top + 1):
        for col, (cell, column) in enumerate(zip(row.cells, table.columns), 1):
            _write_cell(sheet, r, col, cell, column, bold=row.style == "total")
        if notes:
            text = "; ".join(c.note for c in row.cells if c.note)
            if text:
                put(sheet, r, len(titles), text)
    last = top + len(table.rows)
    if freeze:
        sheet.freeze_panes = sheet.cell(top + 1, 1).coordinate
        sheet.auto_filter.ref = f"A{top}:{get_column_letter(len(titles))}{last}"
    if widths:
        _fit_widths(sheet, table, notes, top)
    return last


def _write_cell(sheet: Worksheet, r: int, col: int, cell: Cell, column: Column, bold: bool) -> None:
    value = cell.value
    if value is not None:
        target = put(sheet, r, col, int(value) if float(value).is_integer() and column.kind in ("text", "number")
                     else value)
        target.number_format = _number_format(column, cell)
    elif cell.text:
        target = put(sheet, r, col, cell.text)
    else:
        return
    if cell.level:
        target.alignment = Alignment(indent=cell.level, wrap_text=True, vertical="top")
    if bold:
        target.font = BOLD


def _number_format(column: Column, cell: Cell) -> str:
    fmt = FORMATS[column.kind]
    if column.kind == "score" and cell.verdict:
        return f'{fmt}" {VERDICT_STYLE[cell.verdict][0]}"'
    return fmt


def _fit_widths(sheet: Worksheet, table: Table, notes: bool, top: int) -> None:
    """Each column as wide as its content, up to the column's hint; longer texts wrap."""
    columns = list(table.columns) + ([Column("Toelichting", width=60)] if notes else [])
    for col, column in enumerate(columns, 1):
        cells = [sheet.cell(r, col) for r in range(top + 1, top + 1 + len(table.rows))]
        longest = max([len(column.title)] + [len(str(c.value)) if isinstance(c.value, str) else 10
                                             for c in cells if c.value is not None]) + 2
        width = max(len(column.title) + 3, min(longest, max(column.width, 8)))
        sheet.column_dimensions[get_column_letter(col)].width = width
        if longest > width:
            for cell in cells:
                if isinstance(cell.value, str):
                    cell.alignment = Alignment(wrap_text=True, vertical="top", indent=cell.alignment.indent)

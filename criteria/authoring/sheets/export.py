"""Write a ruleset's norm table to XLSX (sheet "normen") or CSV (semicolon, decimal comma).

Texts (ids, titles, labels, bron texts) are written through criteria.files.cells: a text that a spreadsheet
would take for a formula ("=1+1", "-x") stays a text; `importer` reads it back as the same text.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from criteria.authoring.sheets.normtable import COLUMNS, table_rows
from criteria.files import cells
from criteria.model.ruleset import Ruleset

SHEET = "normen"


def csv_number(value: float) -> str:
    """Exact and readable for Dutch spreadsheets: shortest repr, decimal comma, never an exponent."""
    text = repr(float(value))
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    text = text.removesuffix(".0")
    return text.replace(".", ",")


def csv_text(rs: Ruleset) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in table_rows(rs):
        writer.writerow(
            [
                ""
                if (v := row.get(c)) is None
                else csv_number(v)
                if isinstance(v, (int, float)) and not isinstance(v, bool)
                else cells.csv_text(str(v))
                for c in COLUMNS
            ]
        )
    return buffer.getvalue()


def xlsx_bytes(rs: Ruleset) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.worksheet import Worksheet

    from criteria.authoring.sheets.stable import workbook_bytes

    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)  # a new workbook has one worksheet
    sheet.title = SHEET
    cells.append(sheet, COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table_rows(rs):
        cells.append(sheet, [row.get(c) for c in COLUMNS])
    sheet.freeze_panes = "C2"
    return workbook_bytes(book)


def table_content(data: dict, kind: str) -> str | bytes:
    """The norm table of ruleset data as CSV text or XLSX bytes (`kind` csv or xlsx)."""
    rs = Ruleset.model_validate(data)
    return xlsx_bytes(rs) if kind == "xlsx" else csv_text(rs)

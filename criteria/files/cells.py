"""The one way criteria writes a text into a spreadsheet cell (XLSX report, norm table as XLSX or CSV).

A text from an input file must stay a text. Excel and LibreOffice start a formula at a cell that begins with
=, +, - or @ (also after a tab, a line end or spaces), so "=HYPERLINK(...)" in a title would become a live link
and "=1+1" in a bron a calculation. Such a text is written as an inert text cell:

- XLSX: a string cell, never a formula (openpyxl makes any value that starts with "=" a formula), with the
  quotePrefix style: the same as typing an apostrophe in front in Excel. The cell shows the text itself and
  stays a text when someone edits it.
- CSV: an apostrophe in front ('=1+1), which both programs show instead of calculating. A text that itself
  starts with an apostrophe gets one more, so that `from_csv_text` gives back exactly the text written.

In XLSX, control characters are shown as <U+XXXX> (criteria.files.visible): XML forbids most of them (openpyxl
refuses a vertical tab), and none of them belongs in a cell. Numbers are not texts: they stay numbers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from criteria.files.visible import visible

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
CSV_QUOTE = "'"


def starts_formula(text: str) -> bool:
    """Would a spreadsheet read this text as a formula (also after leading spaces, tabs or line ends)?"""
    return text.startswith(FORMULA_START) or text.lstrip(" \t\r\n").startswith(FORMULA_START[:4])


def fill(cell: Cell, value: object) -> Cell:
    """Give an openpyxl cell its value: a text as an inert text (see above), anything else as it is."""
    if not isinstance(value, str):
        cell.value = value  # type: ignore[assignment]  # any cell value; openpyxl refuses an unknown type itself
        return cell
    shown = visible(value)
    cell.value = shown
    cell.data_type = "s"  # also when it starts with "=": openpyxl made it a formula
    if starts_formula(shown):
        cell.quotePrefix = True
    return cell


def put(sheet: Worksheet, row: int, column: int, value: object) -> Cell:
    """Write `value` at (row, column) of the sheet through `fill`; return the cell for further styling."""
    return fill(cast("Cell", sheet.cell(row, column)), value)  # a cell we write is never a merged one


def new_cell(sheet: Worksheet, value: object) -> Cell:
    """A cell for `sheet.append` (also in a write-only workbook), filled through `fill`."""
    from openpyxl.cell import WriteOnlyCell

    return fill(WriteOnlyCell(sheet), value)


def append(sheet: Worksheet, values: list) -> int:
    """Append a row of values through `fill`; return its row number."""
    sheet.append([new_cell(sheet, value) for value in values])
    return sheet.max_row


def csv_text(text: str) -> str:
    """A text for a CSV cell: an apostrophe in front of a formula start or of an apostrophe."""
    return CSV_QUOTE + text if starts_formula(text) or text.startswith(CSV_QUOTE) else text


def from_csv_text(cell: str) -> str:
    """The text that `csv_text` wrote into this CSV cell (the inverse of `csv_text`)."""
    rest = cell[1:]
    if cell.startswith(CSV_QUOTE) and (starts_formula(rest) or rest.startswith(CSV_QUOTE)):
        return rest
    return cell

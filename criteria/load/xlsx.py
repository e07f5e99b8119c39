"""Read one sheet of an XLSX workbook: which sheet, and the rows that are really in it.

Which sheet: the one case.toml names (`sheet = "..."`); otherwise the visible sheet named "data", or the only
visible sheet. With more visible sheets and none named "data" the choice is not certain, and the file is
refused with the list of sheets. A hidden sheet is never read unless case.toml names it, and then with a
warning that says it is hidden.

The rows come straight from the sheet's XML (openpyxl's read-only parser): only rows that are in the file, so
a sheet that claims a million rows (a stray cell at row 1,048,576, or false dimensions) costs nothing extra;
the caller stops at the row limit.
"""

from __future__ import annotations

import io
import math
import warnings
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from decimal import Decimal

from criteria.errors import ProblemList
from criteria.limits import MAX_XLSX_RATIO, MAX_XLSX_UNPACKED
from criteria.limits import MB as _MB

BAD_XLSX = "geen geldig of een verdacht groot Excel-bestand"
STATE_TEXT = {"hidden": "verborgen", "veryHidden": "zeer verborgen (alleen via VBA te tonen)"}

Cell = tuple[int, "str | None", "float | None"]  # column (1-based), text as shown, the number of a number cell


def zip_is_safe(data: bytes) -> bool:
    """A zip archive whose parts unpack to a sane size (zip-bomb guard)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False
    if sum(i.file_size for i in infos) > MAX_XLSX_UNPACKED:
        return False
    return not any(i.file_size > _MB and i.file_size > MAX_XLSX_RATIO * max(i.compress_size, 1) for i in infos)


def open_workbook(data: bytes, display: str, problems: ProblemList):
    """The workbook (openpyxl, read-only, cached values of formulas), or None (reported)."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        problems.add(display, "", f"{BAD_XLSX}: het is geen zip-archief",
                     suggestion="is het misschien een CSV-bestand met de extensie .xlsx?")
        return None
    if not zip_is_safe(data):
        problems.add(display, "", BAD_XLSX)
        return None
    try:
        import openpyxl
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors on damaged files
        problems.add(display, "", f"{BAD_XLSX}: het kan niet gelezen worden ({type(exc).__name__})")
        return None


def _listing(sheets) -> str:
    return ", ".join(f"'{s.title}'" + (f" ({STATE_TEXT.get(s.sheet_state, s.sheet_state)})"
                                        if s.sheet_state != "visible" else "") for s in sheets)


def choose_sheet(book, display: str, problems: ProblemList, wanted: str | None, advice: str):
    """The sheet to read, or None (reported). `advice`: how the user names a sheet (depends on the file)."""
    sheets = list(book.worksheets)
    if not sheets:
        problems.add(display, "", "het Excel-bestand bevat geen werkblad")
        return None
    if wanted is not None:
        found = [s for s in sheets if s.title == wanted] or \
                [s for s in sheets if s.title.strip().lower() == wanted.strip().lower()]
        if not found:
            problems.add(display, "", f"het werkblad '{wanted}' bestaat niet in dit bestand",
                         suggestion=f"werkbladen: {_listing(sheets)}")
            return None
        chosen = found[0]
        if chosen.sheet_state != "visible":
            state = STATE_TEXT.get(chosen.sheet_state, chosen.sheet_state)
            problems.add(display, f"blad '{chosen.title}'", f"het werkblad is {state}; het wordt gelezen omdat "
                                                             "case.toml het noemt", severity="waarschuwing")
        return chosen
    visible = [s for s in sheets if s.sheet_state == "visible"]
    named = [s for s in visible if s.title.strip().lower() == "data"]
    if named or len(visible) == 1:
        return (named or visible)[0]
    if not visible:
        problems.add(display, "", f"het Excel-bestand heeft geen zichtbaar werkblad ({_listing(sheets)}); een "
                                  "verborgen blad wordt alleen gelezen als u het noemt", suggestion=advice)
    else:
        problems.add(display, "", f"het Excel-bestand heeft {len(visible)} zichtbare werkbladen en geen blad "
                                  f"'data': welk blad de gegevens bevat, is niet zeker ({_listing(sheets)})",
                     suggestion=advice)
    return None


def _percent_styles(book) -> frozenset[int]:
    """Style ids whose number format shows a percentage (the cell holds 0.089 for 8,9 %)."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
    found = set()
    for index, style in enumerate(book._cell_styles):
        fid = style.numFmtId
        fmt = BUILTIN_FORMATS.get(fid, "") if fid < BUILTIN_FORMATS_MAX_SIZE else \
            book._number_formats[fid - BUILTIN_FORMATS_MAX_SIZE]
        if "%" in (fmt or ""):
            found.add(index)
    return frozenset(found)


def _cell(value: object, percent: bool) -> tuple[str | None, float | None]:
    """(text as shown, number): a number cell keeps its number (a percentage as shown: 0.089 -> 8.9); ja/nee for
    WAAR/ONWAAR; dates as 2019-12-31; text stripped."""
    if value is None:
        return None, None
    if isinstance(value, bool):
        return ("ja" if value else "nee"), None
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            return str(value), None
        exact = Decimal(repr(float(value))) * 100 if percent else Decimal(repr(value))
        number = float(exact)
        return (str(int(value)) if isinstance(value, int) and not percent else format(exact.normalize(), "f")), number
    if isinstance(value, datetime) and value.time() == time(0):
        return value.date().isoformat(), None
    if isinstance(value, (date, time)):
        return value.isoformat(), None
    return (str(value).strip() or None), None


def sheet_rows(book, sheet) -> Iterator[tuple[int, list[Cell]]]:
    """(row number, non-empty cells) of each row that is in the sheet's XML, in file order.

    Uses openpyxl's read-only parser directly: ReadOnlyWorksheet.iter_rows fills every missing row up to the
    last one, which for a stray cell at row 1,048,576 means a million empty rows."""
    from openpyxl.worksheet._reader import WorkSheetParser
    percent = _percent_styles(book)
    with sheet._get_source() as source:
        parser = WorkSheetParser(source, sheet._shared_strings, data_only=True, epoch=book.epoch,
                                 date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
        for number, raw in parser.parse():
            cells = []
            for item in raw:
                text, value = _cell(item["value"], item["style_id"] in percent)
                if text is not None:
                    cells.append((item["column"], text, value))
            yield number, cells

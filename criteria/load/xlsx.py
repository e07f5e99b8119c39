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
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import cast

from criteria.errors import ProblemList
from criteria.limits import MAX_XLSX_CELLS, MAX_XLSX_RATIO, MAX_XLSX_ROWS, MAX_XLSX_UNPACKED
from criteria.limits import MB as _MB

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _SHEET_DATA, _SI, _SST = _NS + "row", _NS + "sheetData", _NS + "si", _NS + "sst"
_V, _IS, _T, _R = _NS + "v", _NS + "is", _NS + "t", _NS + "r"
BAD_XLSX = "geen geldig of een verdacht groot Excel-bestand"
STATE_TEXT = {"hidden": "verborgen", "veryHidden": "zeer verborgen (alleen via VBA te tonen)"}

Cell = tuple[int, str, "float | None"]  # column (1-based), text as shown, the number of a number cell


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


@dataclass(frozen=True)
class Sheet:
    title: str
    sheet_state: str  # "visible", "hidden" or "veryHidden"
    part: str  # the sheet's XML file in the zip archive


class Workbook:
    """What is needed to read one sheet: the sheet list, shared strings and styles (openpyxl's readers), but
    no worksheet objects: openpyxl's read-only worksheet scans a whole sheet for its size when the file does
    not state it, for every sheet, read or not."""

    def __init__(self, data: bytes):
        from openpyxl.reader.excel import ExcelReader
        from openpyxl.styles.stylesheet import apply_stylesheet
        from openpyxl.xml.constants import SHARED_STRINGS

        reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
        self.archive = reader.archive
        reader.read_manifest()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        self.book = reader.wb
        part = reader.package.find(SHARED_STRINGS)
        self.shared_strings: list[str] = []
        if part is not None:
            with reader.archive.open(part.PartName[1:]) as source:
                self.shared_strings = _shared_strings(source)
        names = set(reader.valid_files)
        self.worksheets = [
            Sheet(sheet.name, sheet.state or "visible", rel.target)
            for sheet, rel in reader.parser.find_sheets()
            if rel.target in names and "chartsheet" not in rel.Type
        ]

    def close(self) -> None:
        self.archive.close()


def open_workbook(data: bytes, display: str, problems: ProblemList) -> Workbook | None:
    """The workbook, or None (reported)."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        problems.add(
            display,
            "",
            f"{BAD_XLSX}: het is geen zip-archief",
            suggestion="is het misschien een CSV-bestand met de extensie .xlsx?",
        )
        return None
    if not zip_is_safe(data):
        problems.add(display, "", BAD_XLSX)
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return Workbook(data)
    except Exception as exc:  # noqa: BLE001 -- openpyxl raises many kinds of errors on damaged files
        problems.add(display, "", f"{BAD_XLSX}: het kan niet gelezen worden ({type(exc).__name__})")
        return None


def _listing(sheets) -> str:
    return ", ".join(
        f"'{s.title}'" + (f" ({STATE_TEXT.get(s.sheet_state, s.sheet_state)})" if s.sheet_state != "visible" else "")
        for s in sheets
    )


def choose_sheet(book: Workbook, display: str, problems: ProblemList, wanted: str | None, advice: str) -> Sheet | None:
    """The sheet to read, or None (reported). `advice`: how the user names a sheet (depends on the file)."""
    sheets = list(book.worksheets)
    if not sheets:
        problems.add(display, "", "het Excel-bestand bevat geen werkblad")
        return None
    if wanted is not None:
        found = [s for s in sheets if s.title == wanted] or [
            s for s in sheets if s.title.strip().lower() == wanted.strip().lower()
        ]
        if not found:
            problems.add(
                display,
                "",
                f"het werkblad '{wanted}' bestaat niet in dit bestand",
                suggestion=f"werkbladen: {_listing(sheets)}",
            )
            return None
        chosen = found[0]
        if chosen.sheet_state != "visible":
            state = STATE_TEXT.get(chosen.sheet_state, chosen.sheet_state)
            problems.add(
                display,
                f"blad '{chosen.title}'",
                f"het werkblad is {state}; het wordt gelezen omdat case.toml het noemt",
                severity="waarschuwing",
            )
        return chosen
    visible = [s for s in sheets if s.sheet_state == "visible"]
    named = [s for s in visible if s.title.strip().lower() == "data"]
    if named or len(visible) == 1:
        return (named or visible)[0]
    if not visible:
        problems.add(
            display,
            "",
            f"het Excel-bestand heeft geen zichtbaar werkblad ({_listing(sheets)}); een "
            "verborgen blad wordt alleen gelezen als u het noemt",
            suggestion=advice,
        )
    else:
        problems.add(
            display,
            "",
            f"het Excel-bestand heeft {len(visible)} zichtbare werkbladen en geen blad "
            f"'data': welk blad de gegevens bevat, is niet zeker ({_listing(sheets)})",
            suggestion=advice,
        )
    return None


def _percent_styles(book) -> frozenset[int]:
    """Style ids whose number format shows a percentage (the cell holds 0.089 for 8,9 %)."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE

    found = set()
    for index, style in enumerate(book._cell_styles):
        fid = style.numFmtId
        fmt = (
            BUILTIN_FORMATS.get(fid, "")
            if fid < BUILTIN_FORMATS_MAX_SIZE
            else book._number_formats[fid - BUILTIN_FORMATS_MAX_SIZE]
        )
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
        if isinstance(value, int) and not percent:
            return str(value), float(value)
        shown = repr(float(value))
        if percent or "e" in shown:
            exact = Decimal(shown) * 100 if percent else Decimal(shown)
            return format(exact.normalize(), "f"), float(exact)
        return shown.removesuffix(".0"), float(value)
    if isinstance(value, datetime) and value.time() == time(0):
        return value.date().isoformat(), None
    if isinstance(value, (date, time)):
        return value.isoformat(), None
    return (str(value).strip() or None), None


class TooMuchWork(Exception):
    """A sheet with more cells or rows than the limits allow (the row where reading stopped)."""

    def __init__(self, row: int, message: str):
        super().__init__(message)
        self.row, self.message = row, message


def _pull(source, wanted: str, holder: str) -> Iterator:
    """The `wanted` elements of an XML stream, each complete, then dropped from its `holder` parent (flat memory)."""
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start", "end"))
    parent = None
    for chunk in iter(lambda: source.read(1 << 16), b""):
        parser.feed(chunk)
        for event, element in cast("Iterator[tuple[str, ET.Element]]", parser.read_events()):  # start/end only
            if event == "start":
                if element.tag == holder:
                    parent = element
            elif element.tag == wanted:
                yield element
                if parent is not None:
                    parent.remove(element)
    parser.close()


def _text(element) -> str:
    """The text of a string item (<si>) or inline string (<is>): its <t>, or the <t> of each run; no phonetics."""
    parts = []
    for child in element:
        if child.tag == _T:
            parts.append(child.text or "")
        elif child.tag == _R:
            parts.append(child.findtext(_T) or "")
    return "".join(parts).replace("x005F_", "")


def _shared_strings(source) -> list[str]:
    return [_text(item) for item in _pull(source, _SI, _SST)]


def _column(ref: str) -> int:
    n = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            n = n * 26 + ord(ch) - 64
        else:
            break
    return n


def sheet_rows(workbook: Workbook, sheet: Sheet) -> Iterator[tuple[int, list[Cell]]]:
    """(row number, non-empty cells) of each row that is in the sheet's XML, in file order.

    Parses the sheet's XML itself (openpyxl's ReadOnlyWorksheet.iter_rows fills in every missing row up to the
    last one, a million empty rows for one cell at row 1,048,576, and builds a rich-text object per inline
    string). Raises TooMuchWork beyond MAX_XLSX_CELLS cells or MAX_XLSX_ROWS row elements, counted as they are
    in the file (empty and styled ones too)."""
    from openpyxl.utils.datetime import from_excel

    book = workbook.book
    percent, dates, strings = _percent_styles(book), book._date_formats, workbook.shared_strings  # type: ignore[attr-defined]  # openpyxl's own (private) date styles
    cells_seen = number = 0
    with workbook.archive.open(sheet.part) as source:
        for rows_seen, row in enumerate(_pull(source, _ROW, _SHEET_DATA), 1):
            given = row.get("r")
            number = int(given) if given and given.isdigit() else number + 1
            cells: list[Cell] = []
            column = 0
            for c in row:
                cells_seen += 1
                ref = c.get("r")
                column = _column(ref) if ref else column + 1
                kind, style = c.get("t", "n"), int(c.get("s") or 0)
                if kind == "inlineStr":
                    found = c.find(_IS)
                    value: object = None if found is None else _text(found)
                else:
                    raw = value = c.findtext(_V)
                    if raw is not None:
                        if kind == "s":
                            value = strings[int(raw)]
                        elif kind == "b":
                            value = raw.strip() in ("1", "true")
                        elif kind == "n":
                            value = float(raw) if any(ch in raw for ch in ".eE") else int(raw)
                            if style in dates:
                                value = from_excel(value, book.epoch)
                text, amount = _cell(value, style in percent)
                if text is not None:
                    cells.append((column, text, amount))
            if rows_seen > MAX_XLSX_ROWS or cells_seen > MAX_XLSX_CELLS:
                raise TooMuchWork(
                    number,
                    f"het werkblad heeft meer dan {MAX_XLSX_CELLS} cellen of {MAX_XLSX_ROWS} "
                    "rijen (ook lege, opgemaakte cellen en rijen tellen mee)",
                )
            yield number, cells

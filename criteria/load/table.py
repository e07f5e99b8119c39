"""Read tabular data files (CSV, XLSX) the way Dutch municipal spreadsheets write them.

CSV: `;`, `,` or tab separated (detected from the header line), UTF-8 with or without BOM
or cp1252 (Dutch Excel), `#` comment lines and blank lines skipped. XLSX: the sheet named
"data", else the first sheet. Every problem goes into a ProblemList (in Dutch); bad rows are
reported one by one and left out of the table. Empty cells are absent from `TableRow.cells`.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Callable, Iterator

from criteria.errors import ProblemList

from criteria.limits import MAX_CELLS, MAX_LINE_CHARS, MAX_ROWS, MAX_TABLE_BYTES, MAX_XLSX_RATIO, MAX_XLSX_UNPACKED
from criteria.limits import MB as _MB

_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
_BAD_XLSX = "geen geldig of een verdacht groot Excel-bestand"
_RAGGED_HINT = " (staat er een scheidingsteken in een waarde zonder aanhalingstekens?)"


@dataclass(frozen=True)
class TableRow:
    number: int            # CSV: physical line number (1-based); XLSX: sheet row (1-based)
    cells: dict[str, str]  # column name -> stripped cell text; empty and missing cells absent
    place: str             # "regel 12" (CSV) or "blad 'data', rij 12" (XLSX)


@dataclass(frozen=True)
class Table:
    path: str
    header: list[str]
    rows: list[TableRow]
    sheet: str | None = None                                          # XLSX only
    positions: dict[str, int] = field(default_factory=dict, repr=False)  # column -> 1-based index
    decimal: str | None = "."  # the decimal separator the file's convention implies; None: unknown (tab)

    def column_place(self, row: TableRow, column: str) -> str:
        """Name a cell for a user: "regel 12, kolom 'waarde'" or "blad 'data', cel E12"."""
        column = column.strip().lower()
        if self.sheet is not None and column in self.positions:
            from openpyxl.utils import get_column_letter
            return f"blad '{self.sheet}', cel {get_column_letter(self.positions[column])}{row.number}"
        return f"{row.place}, kolom '{column}'"

    def locate(self, row: TableRow, column: str | None = None) -> tuple[int | None, str]:
        """(line, place) for ProblemList.add: CSV problems carry the line number (sorts well)."""
        if self.sheet is None:
            return row.number, (f"kolom '{column.strip().lower()}'" if column else "")
        return None, (self.column_place(row, column) if column else row.place)


class RowProblems:
    """Report problems of one row at the cell they concern; `ok` stays True while none was reported."""

    def __init__(self, table: Table, row: TableRow, problems: ProblemList) -> None:
        self.table, self.row, self.problems, self.ok = table, row, problems, True

    def __call__(self, column: str, message: str, suggestion: str | None = None) -> None:
        self.ok = False
        line, place = self.table.locate(self.row, column)
        self.problems.add(self.table.path, place, message, suggestion=suggestion, line=line)


def read_table(path: Path, display: str, problems: ProblemList) -> Table | None:
    """Read a CSV or XLSX file; None if it cannot be used at all. Check problems.has_errors."""
    suffix = path.suffix.lower()
    if suffix == ".xls":
        problems.add(display, "", "het oude Excel-formaat (.xls) wordt niet ondersteund",
                     suggestion="sla het bestand op als .xlsx of als CSV")
        return None
    data = _read_bytes(path, display, problems, limit_check=suffix != ".xlsx")
    if data is None:
        return None
    if suffix == ".xlsx":
        return _read_xlsx(path, display, problems)
    text = _decode(data, display, problems)
    return None if text is None else _parse_csv(text, display, problems)


def os_error_text(exc: OSError) -> str:
    """A Dutch message for a file that cannot be opened."""
    if isinstance(exc, FileNotFoundError):
        return "het bestand bestaat niet"
    if isinstance(exc, IsADirectoryError):
        return "dit is een map, geen bestand"
    if isinstance(exc, PermissionError):
        return "geen toestemming om het bestand te lezen"
    return f"het bestand kan niet gelezen worden ({exc.strerror or exc})"


def _size_text(n: int) -> str:
    return f"{n / _MB:g} MB" if n >= _MB else f"{n} bytes"


def _read_bytes(path: Path, display: str, problems: ProblemList, limit_check: bool) -> bytes | None:
    """Check the size first, then read (at most the limit, in case the file grows meanwhile)."""
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise IsADirectoryError(path)
        if size > MAX_TABLE_BYTES:
            problems.add(display, "", f"het bestand is te groot ({_size_text(size)}); "
                                      f"het maximum is {_size_text(MAX_TABLE_BYTES)}")
            return None
        if not limit_check:
            return b""
        with path.open("rb") as f:
            data = f.read(MAX_TABLE_BYTES + 1)
    except OSError as exc:
        problems.add(display, "", os_error_text(exc))
        return None
    if len(data) > MAX_TABLE_BYTES:
        problems.add(display, "", f"het bestand is te groot; het maximum is {_size_text(MAX_TABLE_BYTES)}")
        return None
    return data


def _decode(data: bytes, display: str, problems: ProblemList) -> str | None:
    """UTF-8 (BOM allowed), else cp1252; NUL or bytes undefined in cp1252 mean unknown."""
    if b"\x00" not in data:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            if not _CP1252_UNDEFINED.search(data):
                return data.decode("cp1252")
    problems.add(display, "", "onbekende tekenset: het bestand is geen UTF-8- of Windows-1252-tekst",
                 suggestion="sla het bestand in Excel op als 'CSV UTF-8 (door komma's gescheiden)'")
    return None


class _Lines:
    """Physical lines for csv.reader: skips blank/comment lines between records, tracks numbers."""

    def __init__(self, text: str, display: str, problems: ProblemList):
        self._it = iter(io.StringIO(text, newline=""))
        self._display, self._problems = display, problems
        self.number = 0          # physical number of the last line handed out
        self.start = 0           # physical number of the first line of the current record
        self.in_record = False
        self.spoiled = False     # the current record contained an over-long line

    def __iter__(self) -> "_Lines":
        return self

    def __next__(self) -> str:
        for line in self._it:
            self.number += 1
            if not self.in_record:
                if len(line) <= MAX_LINE_CHARS and (not line.strip() or line.lstrip().startswith("#")):
                    continue
                self.in_record, self.start = True, self.number
            if len(line) > MAX_LINE_CHARS:
                self._problems.add(self._display, "", f"de regel is te lang (meer dan {MAX_LINE_CHARS} "
                                                      "tekens)", line=self.number)
                self.spoiled = True
                return "\n"
            return line
        raise StopIteration

    def end_record(self) -> tuple[int, bool]:
        start, spoiled = self.start, self.spoiled
        self.in_record = self.spoiled = False
        return start, spoiled


def _detect_separator(line: str) -> str:
    """The most frequent of `;`, tab, `,` outside quotes (ties in that order); `;` if none."""
    counts = {";": 0, "\t": 0, ",": 0}
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ";"


def _csv_error_text(exc: csv.Error) -> str:
    text = str(exc)
    if "unexpected end of data" in text:
        return 'een aanhalingsteken (") wordt niet afgesloten'
    if "expected after" in text:
        return 'na een afsluitend aanhalingsteken (") hoort een scheidingsteken te staan'
    if "field larger than field limit" in text:
        return "een cel is te groot"
    return f"de regel is geen geldige CSV ({text})"


def _csv_records(text: str, display: str, problems: ProblemList) -> Iterator[tuple[int, list[str] | None]]:
    """(first physical line, cells) per record; cells None if the record was unreadable."""
    lines = _Lines(text, display, problems)
    first = next(lines, None)
    if first is None:
        return
    reader = csv.reader(itertools.chain([first], lines), delimiter=_detect_separator(first), strict=True)
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            start, _ = lines.end_record()
            problems.add(display, "", _csv_error_text(exc), line=start)
            yield start, None
            continue
        start, spoiled = lines.end_record()
        if spoiled:
            yield start, None
        elif any(c.strip() for c in cells):
            yield start, cells


def _parse_csv(text: str, display: str, problems: ProblemList) -> Table | None:
    records = _csv_records(text, display, problems)
    first = next(records, None)
    if first is None or first[1] is None:
        if first is None:
            problems.add(display, "", "het bestand bevat geen gegevensregels (het is leeg)")
        return None
    header = _make_header(first[1], lambda m: problems.add(display, "", m, line=first[0]))
    if header is None:
        return None
    names, positions = header
    rows: list[TableRow] = []
    seen = 0
    for number, cells in records:
        seen += 1
        if seen > MAX_ROWS:
            problems.add(display, "", f"het bestand heeft meer dan {MAX_ROWS} gegevensregels", line=number)
            return None
        if cells is not None:
            report = lambda m, n=number: problems.add(display, "", m, line=n)  # noqa: E731
            row = _make_row(cells, positions, number, f"regel {number}", str, report, _RAGGED_HINT)
            if row is not None:
                rows.append(row)
    if seen == 0:
        problems.add(display, "", "het bestand bevat geen gegevensregels (alleen een kopregel)")
        return None
    separator = _detect_separator(_first_record_line(text))
    return Table(display, names, rows, None, positions, {";": ",", ",": "."}.get(separator))


def _first_record_line(text: str) -> str:
    for line in io.StringIO(text):
        if line.strip() and not line.lstrip().startswith("#"):
            return line[:MAX_LINE_CHARS]
    return ""


def _make_header(cells: list[str], report: Callable[[str], None]) -> tuple[list[str], dict[str, int]] | None:
    """Lower-cased, stripped names; trailing empty cells dropped; an empty name marks an unused column."""
    names = [c.strip().lower() for c in cells]
    while names and not names[-1]:
        names.pop()
    if not names:
        report("de kopregel bevat geen kolomnamen")
        return None
    if len(names) > MAX_CELLS:
        report(f"de kopregel heeft {len(names)} kolommen; het maximum is {MAX_CELLS}")
        return None
    positions: dict[str, int] = {}
    duplicates: list[str] = []
    for index, name in enumerate(names, 1):
        if name and name in positions:
            if name not in duplicates:
                duplicates.append(name)
        elif name:
            positions[name] = index
    for name in duplicates:
        report(f"de kolomnaam '{name}' komt meer dan één keer voor in de kopregel")
    return None if duplicates else (list(positions), positions)


def _make_row(values: list[str | None], positions: dict[str, int], number: int, place: str,
              label: Callable[[int], str], report: Callable[[str], None], hint: str = "") -> TableRow | None:
    """A row, or None (reported) if it has values beyond the header or under an unnamed column."""
    names = {index: name for name, index in positions.items()}
    width = max(positions.values())
    cells: dict[str, str] = {}
    stray: list[int] = []
    for index, value in enumerate(values, 1):
        value = (value or "").strip()
        if value and index in names:
            cells[names[index]] = value
        elif value:
            stray.append(index)
    if not stray:
        return TableRow(number, cells, place)
    beyond = [i for i in stray if i > width]
    if beyond:
        report(f"te veel cellen: er staat een waarde in kolom {label(max(beyond))}, "
               f"maar de kopregel heeft {width} kolommen{hint}")
    else:
        report(f"waarde in kolom {label(stray[0])}, maar die kolom heeft geen naam in de kopregel")
    return None


def _percent_as_shown(cell) -> object:
    """A cell formatted as a percentage holds a fraction (0.089 shown as 8,9 %); return what is shown (8.9)."""
    value = getattr(cell, "value", None)
    fmt = getattr(cell, "number_format", None) or ""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in fmt:
        return float(Decimal(repr(float(value))) * 100)
    return value


def _cell_text(value: object) -> str | None:
    """Cell value as text: ints "12", floats shortest with a decimal point, bools "ja"/"nee"."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format(Decimal(repr(value)), "f") if math.isfinite(value) else str(value)
    if isinstance(value, datetime) and value.time() == time(0):
        return value.date().isoformat()
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value).strip() or None


def _zip_is_safe(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False
    if sum(i.file_size for i in infos) > MAX_XLSX_UNPACKED:
        return False
    return not any(i.file_size > _MB and i.file_size > MAX_XLSX_RATIO * max(i.compress_size, 1)
                   for i in infos)


def _read_xlsx(path: Path, display: str, problems: ProblemList) -> Table | None:
    if not zipfile.is_zipfile(path):
        problems.add(display, "", f"{_BAD_XLSX}: het is geen zip-archief",
                     suggestion="is het misschien een CSV-bestand met de extensie .xlsx?")
        return None
    if not _zip_is_safe(path):
        problems.add(display, "", _BAD_XLSX)
        return None
    try:
        import openpyxl
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
            try:
                return _read_sheet(book, display, problems)
            finally:
                book.close()
    except Exception as exc:  # openpyxl raises many kinds of errors on damaged files
        problems.add(display, "", f"{_BAD_XLSX}: het kan niet gelezen worden ({type(exc).__name__})")
        return None


def _read_sheet(book, display: str, problems: ProblemList) -> Table | None:
    sheets = book.worksheets
    if not sheets:
        problems.add(display, "", "het Excel-bestand bevat geen werkblad")
        return None
    sheet = next((s for s in sheets if s.title.strip().lower() == "data"), sheets[0])
    sheet.reset_dimensions()  # do not trust the stored dimensions
    name = sheet.title
    header = None
    rows: list[TableRow] = []
    seen = 0
    for number, cells in enumerate(sheet.iter_rows(min_col=1, max_col=MAX_CELLS + 1), 1):
        texts = [_cell_text(_percent_as_shown(c)) for c in cells]
        if not any(texts) or (texts[0] or "").startswith("#"):
            continue
        place = f"blad '{name}', rij {number}"
        report = lambda m, p=place: problems.add(display, p, m)  # noqa: E731
        if header is None:
            header = _make_header([t or "" for t in texts], report)
            if header is None:
                return None
            continue
        seen += 1
        if seen > MAX_ROWS:
            report(f"het werkblad heeft meer dan {MAX_ROWS} gegevensrijen")
            return None
        from openpyxl.utils import get_column_letter
        row = _make_row(texts, header[1], number, place, get_column_letter, report)
        if row is not None:
            rows.append(row)
    if header is None or seen == 0:
        extra = " (het is leeg)" if header is None else " (alleen een kopregel)"
        problems.add(display, f"blad '{name}'", "het werkblad bevat geen gegevensregels" + extra)
        return None
    return Table(display, header[0], rows, name, header[1])


_NUMBER = re.compile(
    r"(?P<int>\d+)(?:(?P<dec>[.,])(?P<frac>\d+))?"
    r"|(?P<dec0>[.,])(?P<frac0>\d+)"
    r"|(?P<gint>\d{1,3}(?P<sep>[. \u00a0\u202f,])\d{3}(?:(?P=sep)\d{3})*)(?:(?P<gdec>[.,])(?P<gfrac>\d+))?"
    r"|(?P<exp>(?:\d+(?:\.\d*)?|\.\d+)[eE][-+]?\d+)"
)


_GROUPED = re.compile(r"^[+\-\u2212]?(?:€|eur)?\s*[1-9]\d{0,2}([.,])\d{3}(?:\1\d{3})*\s*%?$", re.IGNORECASE)


def parse_table_number(text: str, decimal: str | None) -> tuple[float | None, str | None]:
    """Parse a cell with the table's decimal convention: (value, None), (None, None) or (None, problem).

    "121.000" in a `;`-separated (Dutch) file is 121000; in a `,`-separated file it is 121. Where the
    convention is unknown (a tab-separated file) such a value is ambiguous and refused.
    """
    grouped = _GROUPED.match(text.strip())
    if grouped is not None and grouped.group(1) != decimal:
        if decimal is None:
            return None, (f"'{text}' is dubbelzinnig: is de '{grouped.group(1)}' een decimaalteken of een "
                          "scheidingsteken voor duizendtallen?")
        return parse_number(text.replace(grouped.group(1), "")), None
    return parse_number(text), None


def parse_number(text: str) -> float | None:
    """Parse a number as written in Dutch spreadsheets; None if it is not a (finite) number.

    Accepted: "12", "-3", "12.5", "12,5", "1.234,5", "1 234,5", "1,234.5", "1.234.567", "1e3",
    "12%" (-> 12.0), leading "€"/"EUR". A single separator is always the decimal separator, so
    "1.234" is 1.234 and "1,234" is 1.234. With thousands separators (groups of three digits),
    the last separator, if different, is the decimal one.
    """
    s = text.strip().replace("\u2212", "-")
    if not s or len(s) > 1000:
        return None
    s = s[:-1].rstrip() if s.endswith("%") else s
    sign = ""
    if s[:1] in ("+", "-"):
        sign, s = s[0], s[1:].lstrip()
    for currency in ("€", "eur"):
        if s.lower().startswith(currency):
            s = s[len(currency):].lstrip()
            break
    if not sign and s[:1] in ("+", "-"):
        sign, s = s[0], s[1:]
    match = _NUMBER.fullmatch(s)
    if match is None:
        return None
    g = match.groupdict()
    if g["int"] is not None:
        canonical = g["int"] + ("." + g["frac"] if g["frac"] else "")
    elif g["frac0"] is not None:
        canonical = "0." + g["frac0"]
    elif g["gint"] is not None:
        if g["gdec"] is not None and g["gdec"] == g["sep"]:
            return None
        canonical = re.sub(r"\D", "", g["gint"]) + ("." + g["gfrac"] if g["gfrac"] else "")
    else:
        canonical = g["exp"]
    try:
        value = float(sign + canonical)
    except (ValueError, OverflowError):
        return None
    return value if math.isfinite(value) else None

"""Read a data table (CSV or XLSX) into rows of cells, the way Dutch municipal spreadsheets write them.

CSV: see criteria/load/csv_text.py. XLSX: one sheet, see criteria/load/xlsx.py. Every problem goes into a
ProblemList (in Dutch) with the file and the place; bad rows are reported and left out of the table. Empty cells
are absent from `TableRow.cells`. Numbers are read by criteria/load/numbers.py with the file's declared writer
(case.toml: number_format); an XLSX number cell keeps the number Excel holds.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import numpy as np

from criteria.errors import ProblemList, rows_place
from criteria.files.memory import columnar_room
from criteria.files.reading import Unreadable, read_regular
from criteria.inventory.privacy import echo
from criteria.limits import MAX_CELLS, MAX_LINE_CHARS, MAX_ROWS, MAX_TABLE_BYTES
from criteria.load import csv_fast, csv_text
from criteria.load.columns import Column, ColumnBuilder
from criteria.load.numbers import Refused, ambiguity_advice, read_number

_MAX_SHEET_COLUMNS = 16_384  # Excel's last column (XFD)
_RAGGED_HINT = " (staat er een scheidingsteken in een waarde zonder aanhalingstekens?)"
_TOTALS = re.compile(
    r"(?:sub|eind|generaal\s+|grand\s+)?(?:totaal|totalen|total|totals|som|sum)\b.*", re.IGNORECASE | re.DOTALL
)


@dataclass(frozen=True)
class TableSettings:
    """How to read one file: what case.toml says about it (nothing for a file it does not list)."""

    number_format: str | None = None  # "1.234,5" or "1,234.5"; None: not declared
    sheet: str | None = None  # XLSX: the sheet to read
    listed: bool = False  # listed in case.toml, where these settings can be given


@dataclass(frozen=True)
class TableRow:
    number: int  # CSV: physical line number (1-based); XLSX: sheet row (1-based)
    cells: dict[str, str]  # column name -> stripped cell text; empty and missing cells absent
    place: str  # "regel 12" (CSV) or "blad 'data', rij 12" (XLSX)
    numbers: dict[str, float] = field(default_factory=dict)  # XLSX number cells: the number itself


@dataclass(frozen=True, eq=False)
class Table:
    """A table as columns (see criteria/load/columns.py), with the row number of every row; `rows` gives the same
    cells row by row for the small tables."""

    path: str
    header: list[str]
    lines: np.ndarray  # per row: CSV physical line number, XLSX sheet row (1-based)
    columns: dict[str, Column]  # every named column of the header
    sheet: str | None = None  # XLSX only
    positions: dict[str, int] = field(default_factory=dict, repr=False)  # column -> 1-based index
    settings: TableSettings = TableSettings()
    sha256: str = ""  # of the file's bytes as read

    @classmethod
    def from_rows(
        cls, path: str, header: list[str], rows: list[TableRow], sheet: str | None, positions: dict[str, int]
    ) -> Table:
        builders = {name: ColumnBuilder() for name in header}
        for row in rows:
            for name, builder in builders.items():
                builder.add(row.cells.get(name), row.numbers.get(name))
        return cls(
            path,
            header,
            np.array([r.number for r in rows], dtype=np.int32),
            {name: b.column() for name, b in builders.items()},
            sheet,
            positions,
        )

    def __len__(self) -> int:
        return len(self.lines)

    def place(self, index: int) -> str:
        """How to name row `index` to a user: "regel 12" or "blad 'data', rij 12"."""
        number = int(self.lines[index])
        return f"regel {number}" if self.sheet is None else f"blad '{self.sheet}', rij {number}"

    def row(self, index: int) -> TableRow:
        cells = {name: col.texts[code] for name, col in self.columns.items() if (code := int(col.codes[index])) >= 0}
        numbers = {name: col.numbers[index] for name, col in self.columns.items() if index in col.numbers}
        return TableRow(int(self.lines[index]), cells, self.place(index), numbers)

    @cached_property
    def rows(self) -> list[TableRow]:
        return [self.row(i) for i in range(len(self))]

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

    def rows_place(self, rows: list[TableRow], column: str) -> tuple[int | None, str]:
        """(line, place) of a cell in several rows: "regels 2–4, 9, kolom 'waarde'" or "blad 'data', kolom D,
        rijen 2–4, 9"."""
        if len(rows) == 1:
            return self.locate(rows[0], column)
        column = column.strip().lower()
        if self.sheet is not None:
            from openpyxl.utils import get_column_letter

            letter = get_column_letter(self.positions[column]) if column in self.positions else None
            return None, rows_place([r.number for r in rows], sheet=self.sheet, column=letter)
        return None, rows_place([r.number for r in rows], column=f"kolom '{column}'")

    def number(self, row: TableRow, column: str) -> float | Refused | None:
        """The number in a cell: an XLSX number cell as it is, text as the file writes numbers (see numbers.py)."""
        if column in row.numbers:
            return row.numbers[column]
        return read_number(row.cells.get(column, ""), self.settings.number_format)

    def number_advice(self, refused: Refused) -> str | None:
        """How to repair a refused number (for an ambiguous one: how to settle it)."""
        if refused.kind == "ambiguous":
            return ambiguity_advice(self.settings.listed)
        if refused.kind == "bracketed":
            return "schrijf een negatief getal met een minteken, bijvoorbeeld -1234"
        return None


def totals_label(row: TableRow, positions: dict[str, int]) -> str | None:
    """The word that makes a row look like a totals row ('Totaal', 'Eindtotaal', 'Som van waarde'): the first
    filled cell of the row (in column order) starts with it."""
    filled = sorted((positions.get(c, 0), text) for c, text in row.cells.items())
    if filled and _TOTALS.fullmatch(filled[0][1]):
        return filled[0][1].split()[0]
    return None


class TableProblems:
    """The problems of a table's rows, reported per row (`RowProblems.finish`) and at `close`: a totals row or an
    incomplete row as one message, and numbers refused for the same reason in the same column as one message
    with all their rows (exact duplicates are merged later, see criteria.errors.ordered)."""

    def __init__(self, table: Table, problems: ProblemList) -> None:
        self.table, self.problems = table, problems
        self.refused: dict[tuple[str, str], list[tuple[TableRow, Refused]]] = defaultdict(list)

    def row(self, row: TableRow) -> RowProblems:
        return RowProblems(self, row)

    def add(self, row: TableRow, column: str | None, message: str, suggestion: str | None = None) -> None:
        line, place = self.table.locate(row, column)
        self.problems.add(self.table.path, place, message, suggestion=suggestion, line=line)

    def close(self) -> None:
        for (column, kind), found in self.refused.items():
            if len(found) == 1 or kind == "invalid":
                for row, refused in found:
                    self.add(row, column, refused.message, self.table.number_advice(refused))
                continue
            example = found[0][1]
            line, place = self.table.rows_place([row for row, _ in found], column)
            self.problems.add(
                self.table.path,
                place,
                f"{len(found)} getallen {example.summary}, bijvoorbeeld {example.example}",
                suggestion=self.table.number_advice(example),
                line=line,
            )
        self.refused.clear()


class RowProblems:
    """The problems of one row, reported at once by `finish`."""

    def __init__(self, owner: TableProblems, row: TableRow) -> None:
        self.owner, self.row = owner, row
        self.found: list[tuple[str, str, str | None, Refused | None]] = []

    @property
    def ok(self) -> bool:
        return not self.found

    def __call__(self, column: str, message: str, suggestion: str | None = None) -> None:
        self.found.append((column, message, suggestion, None))

    def number(self, column: str, refused: Refused) -> None:
        """A number in `column` that is refused (reported with others refused for the same reason)."""
        self.found.append((column, refused.message, None, refused))

    def finish(self) -> bool:
        """Report what was found; True if the row had no problem.

        A row that looks like a totals row gets one message instead of one per cell; so do the empty cells of a
        row where three or more required cells are empty."""
        if not self.found:
            return True
        owner, row = self.owner, self.row
        label = totals_label(row, owner.table.positions)
        if label is not None:
            owner.add(
                row,
                None,
                f"deze regel lijkt een totaalregel ({echo(label)}); een totaal hoort niet in de gegevens",
                "laat totalen en subtotalen weg: criteria telt zelf op waar dat nodig is",
            )
            return False
        empty = list(dict.fromkeys(c for c, *_ in self.found if c not in row.cells))
        if len(empty) >= 3:
            only = list(row.cells.values())
            squeezed = len(only) == 1 and any(only[0].count(sep) >= 2 for sep in ";,\t")
            owner.add(
                row,
                None,
                f"de regel is onvolledig: {_and(empty)} {'zijn' if len(empty) > 1 else 'is'} leeg",
                "staat deze regel met een ander scheidingsteken dan de kopregel?"
                if squeezed
                else "vul de regel aan of laat hem weg",
            )
        for column, message, suggestion, refused in self.found:
            if len(empty) >= 3 and column in empty:
                continue
            if refused is not None:
                owner.refused[column, refused.kind].append((row, refused))
            else:
                owner.add(row, column, message, suggestion)
        return False


def _and(names: list[str]) -> str:
    quoted = [f"'{n}'" for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " en " + quoted[-1]


def read_table(
    path: Path, display: str, problems: ProblemList, settings: TableSettings = TableSettings()
) -> Table | None:
    """Read a CSV or XLSX file; None if it cannot be used at all. Check problems.has_errors."""
    suffix = path.suffix.lower()
    if suffix == ".xls":
        problems.add(
            display,
            "",
            "het oude Excel-formaat (.xls) wordt niet ondersteund",
            suggestion="sla het bestand op als .xlsx of als CSV",
        )
        return None
    try:
        data = read_regular(path, MAX_TABLE_BYTES)
    except Unreadable as exc:
        problems.add(display, "", exc.reason)
        return None
    return parse_table(data, suffix == ".xlsx", display, problems, settings)


def parse_table(
    data: bytes, is_xlsx: bool, display: str, problems: ProblemList, settings: TableSettings = TableSettings()
) -> Table | None:
    """The table in a file's bytes (XLSX or CSV text)."""
    table = _parse_xlsx(data, display, problems, settings) if is_xlsx else _parse_csv(data, display, problems, settings)
    if table is None:
        return None
    return replace(table, settings=settings, sha256=hashlib.sha256(data).hexdigest())


def _parse_csv(data: bytes, display: str, problems: ProblemList, settings: TableSettings) -> Table | None:
    text = csv_text.decode(data, display, problems)
    if text is None:
        return None
    if len(data) >= csv_fast.FAST_BYTES:
        # polars when it pays off, and only with room for its threads (criteria/files/memory.py)
        polars = (len(data) >= csv_fast.POLARS_BYTES or "polars" in sys.modules) and columnar_room()
        raw = data.removeprefix(b"\xef\xbb\xbf")
        fast = _fast_csv(text, display, polars, raw if raw.isascii() else None)  # ASCII: the text's UTF-8 bytes
        if fast is not None:
            return fast
    records = csv_text.records(text, display, problems)
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
            report = lambda m, n=number: problems.add(display, "", m, line=n)
            row = _make_row(
                dict(enumerate(cells, 1)), {}, positions, number, f"regel {number}", str, report, _RAGGED_HINT
            )
            if row is not None:
                rows.append(row)
    if seen == 0:
        problems.add(display, "", "het bestand bevat geen gegevensregels (alleen een kopregel)")
        return None
    return Table.from_rows(display, names, rows, None, positions)


def _fast_csv(text: str, display: str, polars: bool = True, encoded: bytes | None = None) -> Table | None:
    """The table by the fast path (criteria/load/csv_fast.py), or None: then the precise path reads the file.
    `encoded`: text.encode("utf-8") when the caller has it already."""
    separator = csv_text.detect_separator(_first_record_line(text))
    found = csv_fast.read_columns(text, separator, polars, encoded)
    if found is None:
        return None
    cells, lines, columns = found
    complaints: list[str] = []
    header = _make_header(cells, complaints.append)
    if header is None or complaints or not len(lines):
        return None
    names, positions = header
    named = {index - 1 for index in positions.values()}
    if any(column.filled().any() for index, column in columns.items() if index not in named):
        return None  # a value under a column without a name: the precise path reports it per row
    return Table(
        display, names, lines, {name: columns[index - 1] for name, index in positions.items()}, None, positions
    )


def _first_record_line(text: str) -> str:
    """The first line (up to and with its line feed) that is neither blank nor a comment."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        line = text[start:end]
        if line.strip() and not line.lstrip().startswith("#"):
            return line[:MAX_LINE_CHARS]
        start = end
    return ""


def _parse_xlsx(data: bytes, display: str, problems: ProblemList, settings: TableSettings) -> Table | None:
    from criteria.load import xlsx  # (zip and XML readers: only for an Excel file)

    book = xlsx.open_workbook(data, display, problems)
    if book is None:
        return None
    advice = (
        'noem het blad bij dit bestand in case.toml: { file = "...", sheet = "naam van het blad" }'
        if settings.listed
        else "geef het blad met de gegevens de naam 'data'"
    )
    try:
        sheet = xlsx.choose_sheet(book, display, problems, settings.sheet, advice)
        return None if sheet is None else _sheet_table(book, sheet, display, problems)
    except xlsx.TooMuchWork as exc:
        problems.add(display, f"blad '{sheet.title}', rij {exc.row}" if sheet else f"rij {exc.row}", exc.message)
        return None
    except Exception as exc:  # noqa: BLE001 -- openpyxl raises many kinds of errors on damaged sheets
        problems.add(display, "", f"{xlsx.BAD_XLSX}: het kan niet gelezen worden ({type(exc).__name__})")
        return None
    finally:
        book.close()


def _sheet_table(book, sheet, display: str, problems: ProblemList) -> Table | None:
    from openpyxl.utils import get_column_letter

    from criteria.load import xlsx

    name = sheet.title
    header = None
    rows: list[TableRow] = []
    seen = 0
    for number, cells in xlsx.sheet_rows(book, sheet):
        if not cells or (cells[0][0] == 1 and cells[0][1].startswith("#")):
            continue
        place = f"blad '{name}', rij {number}"
        report = lambda m, p=place: problems.add(display, p, m)
        texts = {column: text for column, text, _ in cells}
        if header is None:
            header = _make_header([texts.get(i, "") for i in range(1, min(max(texts), _MAX_SHEET_COLUMNS) + 1)], report)
            if header is None:
                return None
            continue
        seen += 1
        if seen > MAX_ROWS:
            report(f"het werkblad heeft meer dan {MAX_ROWS} gegevensrijen")
            return None
        numbers = {column: value for column, _, value in cells if value is not None}
        row = _make_row(texts, numbers, header[1], number, place, get_column_letter, report, xlsx_hint=True)
        if row is not None:
            rows.append(row)
    if header is None or seen == 0:
        extra = " (het is leeg)" if header is None else " (alleen een kopregel)"
        problems.add(display, f"blad '{name}'", "het werkblad bevat geen gegevensregels" + extra)
        return None
    return Table.from_rows(display, header[0], rows, name, header[1])


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


def _make_row(
    values: dict[int, str],
    numbers: dict[int, float],
    positions: dict[str, int],
    number: int,
    place: str,
    label: Callable[[int], str],
    report: Callable[[str], None],
    hint: str = "",
    xlsx_hint: bool = False,
) -> TableRow | None:
    """A row, or None (reported) if it has values beyond the header or under an unnamed column."""
    names = {index: name for name, index in positions.items()}
    width = max(positions.values())
    cells: dict[str, str] = {}
    stray: list[int] = []
    for index, value in values.items():
        value = (value or "").strip()
        if value and index in names:
            cells[names[index]] = value
        elif value:
            stray.append(index)
    if not stray:
        return TableRow(number, cells, place, {names[i]: v for i, v in numbers.items() if i in names})
    beyond = [i for i in stray if i > width]
    if beyond:
        report(
            f"te veel cellen: er staat een waarde in kolom {label(max(beyond))}, "
            f"maar de kopregel heeft {width} kolommen{hint}"
        )
    else:
        merged = " (is de kopcel samengevoegd met die ernaast? Geef elke kolom een eigen kopcel)" if xlsx_hint else ""
        report(f"waarde in kolom {label(min(stray))}, maar die kolom heeft geen naam in de kopregel{merged}")
    return None

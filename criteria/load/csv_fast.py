"""The fast path for well-formed CSV text: polars reads the records column-wise; numpy finds the comment and blank
lines and keeps every record's physical line number.

It never decides about a file it is not sure of: a quoted line break, a line longer than the limit, a carriage
return alone, a ragged row, a value under an unnamed column, a bad header or too many rows make it return
None, and the precise Python path (criteria/load/csv_text.py) reads the file and reports every problem with
its line. Whatever it accepts, the precise path reads to the same cells (tests/test_csv_fast.py checks that
on generated texts).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

import numpy as np

from criteria.limits import MAX_LINE_CHARS, MAX_ROWS
from criteria.load.columns import EMPTY, Column

FAST_BYTES = 4 * 1024  # smaller files are read by the precise path (quicker for a few lines)
POLARS_BYTES = 2 * 1024 * 1024  # from this size polars splits the records (its import, ~0.3 s, pays off)
_SPACE = np.zeros(256, dtype=bool)
_SPACE[[0x20, 0x09, 0x0B, 0x0C, 0x0D]] = True
_PYTHON_ONLY_SPACE = (0x1C, 0x1D, 0x1E, 0x1F)  # whitespace to str.strip that _records does not look for


def _lines(buf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end (without the line break) of each physical line."""
    breaks = np.flatnonzero(buf == 0x0A)
    starts = np.concatenate(([0], breaks + 1))
    ends = np.concatenate((breaks, [len(buf)]))
    if len(buf) and buf[-1] == 0x0A:
        starts, ends = starts[:-1], ends[:-1]
    return starts, ends


def _records(data: bytes, buf: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Per line: True for a record, False for a blank line or a comment line (# after optional spaces)."""
    empty = ends == starts
    lead = buf[np.minimum(starts, len(buf) - 1)]
    lead = np.where(empty, 0x20, lead)
    records = ~empty & (lead != ord("#")) & ~_SPACE[lead] & (lead < 0x80)
    for i in np.flatnonzero(~empty & (_SPACE[lead] | (lead >= 0x80))):  # rare: decide as the precise path does
        line = data[starts[i] : ends[i]].decode("utf-8")
        records[i] = bool(line.strip()) and not line.lstrip().startswith("#")
    return records


def read_columns(
    text: str, separator: str, polars: bool = True, encoded: bytes | None = None
) -> tuple[list[str], np.ndarray, dict[int, Column]] | None:
    """(header cells, physical line of each data record, column index -> Column) or None: ask the precise path.

    Records whose cells are all empty are left out, as the precise path leaves them out. `polars`: the records are
    split by polars; otherwise by Python's csv module (as the precise path splits them), column by column: no
    polars import and no thread pool, for a table too small to be worth them or under a tight address-space
    limit (criteria/files/memory.py). `encoded`: text.encode("utf-8"), when the caller has it already (an ASCII
    file's bytes)."""
    data = text.encode("utf-8") if encoded is None else encoded
    if not data or any(ch in data for ch in _PYTHON_ONLY_SPACE):
        return None
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        return None
    buf = np.frombuffer(data, dtype=np.uint8)
    starts, ends = _lines(buf)
    if np.any(ends - starts > MAX_LINE_CHARS):
        return None
    if b'"' in data:  # a line with an odd number of quotes may continue a quoted value on the next line
        quotes = np.flatnonzero(buf == 0x22)
        if np.any(np.bincount(np.searchsorted(starts, quotes, side="right") - 1, minlength=len(starts)) % 2):
            return None
    records = _records(data, buf, starts, ends)
    kept = np.flatnonzero(records)
    if len(kept) < 2 or len(kept) - 1 > MAX_ROWS:
        return None
    try:
        header = next(
            csv.reader([data[starts[kept[0]] : ends[kept[0]]].decode("utf-8")], delimiter=separator, strict=True)
        )
    except csv.Error:
        return None
    if len(kept) == len(records) - kept[0]:  # every line after the header is a record: the rest of the file
        body = data[starts[kept[1]] :]
    else:
        body_lines = records.copy()
        body_lines[kept[0]] = False
        lengths = np.diff(np.concatenate((starts, [len(buf)])))
        body = buf[np.repeat(body_lines, lengths)].tobytes()
    if not body.endswith(b"\n"):
        body += b"\n"
    split = _polars_columns if polars else _python_columns
    columns = split(body, separator, len(header), len(kept) - 1)
    if columns is None:
        return None
    filled = np.zeros(len(kept) - 1, dtype=bool)
    for column in columns.values():
        filled |= column.codes >= 0
    lines = (kept[1:] + 1).astype(np.int32)
    if not filled.all():
        lines = lines[filled]
        columns = {i: Column(c.codes[filled], c.texts) for i, c in columns.items()}
    return header, lines, columns


def _polars_columns(body: bytes, separator: str, width: int, rows: int) -> dict[int, Column] | None:
    """The columns of the record lines `body` as polars reads them, or None: not `rows` well-formed records."""
    import polars as pl

    try:
        frame = pl.read_csv(
            body,
            separator=separator,
            has_header=False,
            quote_char='"',
            infer_schema=False,
            schema={f"c{i}": pl.String for i in range(width)},
            truncate_ragged_lines=False,
            raise_if_empty=False,
        )
    except Exception:  # noqa: BLE001 -- a ragged row, a stray quote, ...: the precise path says what and where
        return None
    if frame.height != rows:
        return None
    return _frame_columns(frame)


def _frame_columns(frame) -> dict[int, Column]:
    """Every column of a polars frame of texts, encoded (_encoded): first which columns hold one text in every row
    (a comparison with the first row: a year, a bron, nothing), then the distinct texts of the other columns,
    then their rows' codes (a cast to an Enum of those texts); three passes for all columns together."""
    import polars as pl

    if not frame.height:
        return {i: Column(np.zeros(0, dtype=np.int32), []) for i in range(frame.width)}
    same = frame.select(pl.col(name).eq_missing(pl.col(name).first()).all() for name in frame.columns).row(0)
    several = [name for name, one in zip(frame.columns, same) if not one]
    found = (
        frame.select(pl.col(name).unique(maintain_order=True).implode() for name in several).row(0) if several else ()
    )
    distinct = dict(zip(several, found))
    categories = {name: [t for t in texts if t is not None] for name, texts in distinct.items()}  # null: after them
    index = frame.select(
        pl.col(name).cast(pl.Enum(texts)).to_physical().cast(pl.Int32).fill_null(len(texts))
        for name, texts in categories.items()
    )
    first, one = frame.row(0), np.zeros(frame.height, dtype=np.int32)
    return {
        i: _encoded(categories[name] + [None] * (None in distinct[name]), index[name].to_numpy())
        if name in distinct
        else _encoded([first[i]], one)
        for i, name in enumerate(frame.columns)
    }


def _encoded(distinct: Sequence[str | None], index: np.ndarray) -> Column:
    """The column whose row i holds distinct[index[i]] (None: an empty cell), `distinct` in order of first
    appearance: each text stripped as the precise path strips every cell (str.strip), the ones left empty EMPTY,
    the ones that became equal one text; texts in order of first appearance. Stripping the distinct texts is
    stripping every cell, with one call per text instead of per cell."""
    stripped = ["" if text is None else text.strip() for text in distinct]
    if stripped == distinct and "" not in stripped:  # nothing to strip, no empty cell: the codes are the index
        return Column(index.astype(np.int32), stripped)
    texts = list(dict.fromkeys(filter(None, stripped)))
    code = {text: i for i, text in enumerate(texts)}
    return Column(np.array([code.get(s, EMPTY) for s in stripped], dtype=np.int32)[index], texts)


def _python_columns(body: bytes, separator: str, width: int, rows: int) -> dict[int, Column] | None:
    """The same columns split by Python's csv module, each encoded in order of first appearance (_encoded); None:
    not `rows` records of at most `width` cells."""
    try:
        records = list(csv.reader(io.StringIO(body.decode("utf-8"), newline=""), delimiter=separator, strict=True))
    except csv.Error:
        return None
    if len(records) != rows or any(len(record) != width for record in records):
        if len(records) != rows or any(len(record) > width for record in records):
            return None
        records = [record + [""] * (width - len(record)) for record in records]
    columns = {}
    for i, cells in enumerate(zip(*records)):
        distinct = list(dict.fromkeys(cells))  # in order of first appearance
        code_of = dict(zip(distinct, range(len(distinct))))
        columns[i] = _encoded(distinct, np.fromiter(map(code_of.__getitem__, cells), dtype=np.int32, count=len(cells)))
    return columns


def plain_numbers(
    texts: list[str], writer: str | None, dutch: str, international: str
) -> tuple[np.ndarray, np.ndarray]:
    """The common shape of criteria.load.numbers.read_numbers column-wise: (number per text, whether it was read
    here). A text is read here when it is digits with an optional minus sign and at most one decimal mark that
    cannot be a thousands separator (as read_numbers' quick way decides, with the same result: polars parses
    decimal text to the nearest float, as Python's float() does); every other text is left to read_number."""
    import polars as pl

    text = pl.col("t")
    plain = text.str.contains(r"\A-?[0-9]{1,20}(?:[.,][0-9]{1,20})?\z")
    comma, dot = text.str.contains(",", literal=True), text.str.contains(".", literal=True)
    # a mark that may separate thousands: 1 to 3 digits (not starting with 0), the mark, 3 digits
    three = text.str.contains(r"\A-?[1-9][0-9]{0,2}[.,][0-9]{3}\z")
    marked = ~three if writer is None else comma if writer == dutch else dot if writer == international else False
    found = pl.DataFrame({"t": texts}, schema={"t": pl.String}).select(
        accepted=plain & (~(comma | dot) | marked),
        number=text.str.replace(",", ".", literal=True).cast(pl.Float64, strict=False),
    )
    return found["number"].to_numpy() + 0.0, found["accepted"].to_numpy().astype(bool)

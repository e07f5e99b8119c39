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

import numpy as np

from criteria.limits import MAX_LINE_CHARS, MAX_ROWS
from criteria.load.columns import EMPTY, Column, first_appearance

FAST_BYTES = 256 * 1024  # smaller files are read by the precise path
POLARS_BYTES = 2 * 1024 * 1024  # from this size polars splits the records (its import, ~0.3 s, pays off)
_SPACE = np.zeros(256, dtype=bool)
_SPACE[[0x20, 0x09, 0x0B, 0x0C, 0x0D]] = True
_PYTHON_ONLY_SPACE = (0x1C, 0x1D, 0x1E, 0x1F)  # whitespace to str.strip, not to polars
_EDGE = _SPACE.copy()  # a byte at the edge of a cell that may be (part of) whitespace to strip
_EDGE[0x80:] = True


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
    strip = b'"' in data or _edges_may_hold_space(buf, starts, ends, separator)
    split = _polars_columns if polars else _python_columns
    columns = split(body, separator, len(header), strip, len(kept) - 1)
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


def _polars_columns(body: bytes, separator: str, width: int, strip: bool, rows: int) -> dict[int, Column] | None:
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
    return {i: _column(frame[f"c{i}"], strip) for i in range(width)}


def _python_columns(body: bytes, separator: str, width: int, strip: bool, rows: int) -> dict[int, Column] | None:
    """The same columns split by Python's csv module, each encoded in order of first appearance; None: not `rows`
    records of at most `width` cells."""
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
        if strip:
            cells = tuple(map(str.strip, cells))
        texts = list(dict.fromkeys(cells))  # in order of first appearance
        code_of = dict(zip(texts, range(len(texts))))
        codes = np.fromiter(map(code_of.__getitem__, cells), dtype=np.int32, count=len(cells))
        if "" in code_of:  # empty cells: EMPTY, and the texts after it one code down
            empty = code_of[""]
            del texts[empty]
            codes = np.where(codes == empty, EMPTY, codes - (codes > empty)).astype(np.int32)
        columns[i] = Column(codes, texts)
    return columns


def _edges_may_hold_space(buf: np.ndarray, starts: np.ndarray, ends: np.ndarray, separator: str) -> bool:
    """False when no cell can start or end with whitespace: the first and last byte of every line and the bytes on
    either side of every separator are neither ASCII whitespace nor part of a multi-byte character."""
    if not len(buf) or len(separator.encode("utf-8")) != 1:
        return True
    last = len(buf) - 1
    if _EDGE[buf[np.minimum(starts, last)]].any() or _EDGE[buf[np.maximum(ends - 1, 0)]].any():
        return True
    # the bytes on either side of every separator, looked up at the separators only (at the file's edges: the
    # separator itself, as a clamped index gives)
    seps = np.flatnonzero(buf == ord(separator))
    return bool(_EDGE[buf[np.maximum(seps - 1, 0)]].any() or _EDGE[buf[np.minimum(seps + 1, last)]].any())


def _column(series, strip: bool = True) -> Column:
    """The stripped texts of a polars column, encoded (empty cells EMPTY), in order of first appearance. `strip`:
    False when no cell starts or ends with whitespace (nothing to strip)."""
    import polars as pl

    stripped = series.fill_null("").str.strip_chars() if strip else series.fill_null("")
    distinct = stripped.unique(maintain_order=True)
    if len(distinct) == 1:  # one text in the whole column (a year, a bron, nothing): every cell has its code
        only = distinct[0]
        return Column(np.full(len(stripped), EMPTY if only == "" else 0, dtype=np.int32), [only] if only else [])
    codes = stripped.replace_strict(
        distinct, pl.int_range(len(distinct), eager=True, dtype=pl.Int32), return_dtype=pl.Int32
    ).to_numpy()
    texts = distinct.to_list()
    if "" in texts:
        empty = texts.index("")
        codes = np.where(codes == empty, EMPTY, codes - (codes > empty)).astype(np.int32)
        texts.pop(empty)
        return first_appearance(codes, texts) if texts else Column(codes, texts)
    return Column(codes.astype(np.int32), texts)


def plain_numbers(
    texts: list[str], writer: str | None, dutch: str, international: str
) -> tuple[np.ndarray, np.ndarray]:
    """The common shape of criteria.load.numbers.read_numbers column-wise: (number per text, whether it was read
    here). A text is read here when it is digits with an optional minus sign and at most one decimal mark that
    cannot be a thousands separator (as read_numbers' quick way decides, with the same result: polars parses
    decimal text to the nearest float, as Python's float() does); every other text is left to read_number."""
    import polars as pl

    series = pl.Series(texts, dtype=pl.String)
    parts = series.str.extract_groups(r"\A-?([0-9]{1,20})(?:([.,])([0-9]{1,20}))?\z").struct
    whole, mark, fraction = parts.field("1"), parts.field("2"), parts.field("3")
    three = (fraction.str.len_chars() == 3) & (whole.str.len_chars() <= 3) & (whole.str.slice(0, 1) != "0")
    marked = (
        ~three if writer is None else mark == ("," if writer == dutch else "." if writer == international else "\0")
    )
    accepted = (whole.is_not_null() & (mark.is_null() | marked.fill_null(False))).fill_null(False).to_numpy()
    numbers = series.str.replace(",", ".", literal=True).cast(pl.Float64, strict=False).to_numpy() + 0.0
    return numbers, accepted.astype(bool)

"""CSV text as Dutch municipal spreadsheets write it, record by record, with physical line numbers.

`;`, `,` or tab separated (detected from the header line), UTF-8 with or without BOM or cp1252 (Dutch Excel),
`#` comment lines and blank lines skipped between records, quoted fields (also over several lines). Every
problem goes into a ProblemList (in Dutch) at its physical line.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterator

from criteria.errors import ProblemList
from criteria.limits import MAX_LINE_CHARS

_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")


def decode(data: bytes, display: str, problems: ProblemList) -> str | None:
    """UTF-8 (BOM allowed), else cp1252; NUL or bytes undefined in cp1252 mean unknown."""
    if b"\x00" not in data:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            if not _CP1252_UNDEFINED.search(data):
                return data.decode("cp1252")
    problems.add(
        display,
        "",
        "onbekende tekenset: het bestand is geen UTF-8- of Windows-1252-tekst",
        suggestion="sla het bestand in Excel op als 'CSV UTF-8 (door komma's gescheiden)'",
    )
    return None


class _Lines:
    """Physical lines for csv.reader: skips blank/comment lines between records, tracks numbers."""

    def __init__(self, text: str, display: str, problems: ProblemList):
        self._it = iter(io.StringIO(text, newline=""))
        self._display, self._problems = display, problems
        self.number = 0  # physical number of the last line handed out
        self.start = 0  # physical number of the first line of the current record
        self.in_record = False
        self.spoiled = False  # the current record contained an over-long line

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        for line in self._it:
            self.number += 1
            if not self.in_record:
                if len(line) <= MAX_LINE_CHARS and (not line.strip() or line.lstrip().startswith("#")):
                    continue
                self.in_record, self.start = True, self.number
            if len(line) > MAX_LINE_CHARS:
                self._problems.add(
                    self._display, "", f"de regel is te lang (meer dan {MAX_LINE_CHARS} tekens)", line=self.number
                )
                self.spoiled = True
                return "\n"
            return line
        raise StopIteration

    def end_record(self) -> tuple[int, bool]:
        start, spoiled = self.start, self.spoiled
        self.in_record = self.spoiled = False
        return start, spoiled


def detect_separator(line: str) -> str:
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


def _error_text(exc: csv.Error) -> str:
    text = str(exc)
    if "unexpected end of data" in text:
        return 'een aanhalingsteken (") wordt niet afgesloten'
    if "expected after" in text:
        return 'na een afsluitend aanhalingsteken (") hoort een scheidingsteken te staan'
    if "field larger than field limit" in text:
        return "een cel is te groot"
    return f"de regel is geen geldige CSV ({text})"


def records(text: str, display: str, problems: ProblemList) -> Iterator[tuple[int, list[str] | None]]:
    """(first physical line, cells) per record; cells None if the record was unreadable (reported)."""
    lines = _Lines(text, display, problems)
    first = next(lines, None)
    if first is None:
        return
    reader = csv.reader(itertools.chain([first], lines), delimiter=detect_separator(first), strict=True)
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            start, _ = lines.end_record()
            problems.add(display, "", _error_text(exc), line=start)
            yield start, None
            continue
        start, spoiled = lines.end_record()
        if spoiled:
            yield start, None
        elif any(c.strip() for c in cells):
            yield start, cells

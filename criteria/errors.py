"""Error types that reach users: every problem located, reported at once, in Dutch."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["fout", "waarschuwing"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, with where it is and (optionally) how to fix it."""

    file: str
    place: str
    message: str
    severity: Severity = "fout"
    suggestion: str | None = None
    line: int | None = None

    def render(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", regel {self.line}"
        if self.place:
            where += f", {self.place}"
        text = f"{where}: {self.message}"
        if self.suggestion:
            text += f" ({self.suggestion})"
        return text


class CriteriaError(Exception):
    """Base for every error the tool reports to a user (exit code 2)."""

    exit_code = 2


class InputError(CriteriaError):
    """One or more problems in input files; carries all of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = ordered(problems)
        super().__init__("\n".join(p.render() for p in self.problems))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "fout"]


class MissingDataError(CriteriaError):
    """The ruleset's missing-data policy is `error` and data is missing."""

    def __init__(self, missing: list[str]):
        self.missing = missing
        lines = "\n".join(f"  - {m}" for m in missing)
        super().__init__(
            f'Ontbrekende gegevens, en het toetsingskader staat geen herweging toe (missing_data = "error"):\n{lines}'
        )


class UncoveredMeasureError(CriteriaError):
    """A present measure falls in no band of its indicator: never turned into 'missing' (validate prevents it)."""

    def __init__(self, cases: list[str]):
        self.cases = cases
        lines = "\n".join(f"  - {c}" for c in cases)
        super().__init__(
            "Een meting valt in geen enkele band van de scoring; het toetsingskader dekt die waarde niet "
            f"(zie 'criteria validate'):\n{lines}"
        )


@dataclass
class ProblemList:
    """Collects problems while loading, so that every problem is reported at once."""

    problems: list[Problem] = field(default_factory=list)

    def add(
        self,
        file: str,
        place: str,
        message: str,
        *,
        line: int | None = None,
        severity: Severity = "fout",
        suggestion: str | None = None,
    ) -> None:
        self.problems.append(Problem(file, place, message, severity, suggestion, line))

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "fout" for p in self.problems)

    def raise_if_errors(self) -> None:
        if self.has_errors:
            raise InputError(self.problems)


# --- the order and grouping of problems ----------------------------------------------------------------------

_SHEET_PLACE = re.compile(r"blad '(?P<sheet>.*)', (?:rij (?P<row>\d+)|cel (?P<col>[A-Z]{1,3})(?P<cell>\d+))")
_FIRST_ROW = re.compile(r"(?:regels?|rij(?:en)?|cel(?:len)?\s+[A-Z]{1,3}|kolom [A-Z]{1,3}, rijen)\s*(\d+)")
_NUMBER = re.compile(r"(\d+)")
MAX_RANGES = 12


def ordered(problems: list[Problem]) -> list[Problem]:
    """Every distinct problem once, in reading order (row 9 before row 10); a problem that only differs in its row
    from others in the same file is told once, with its rows ("regels 2–320", "blad 'data', rijen 4, 7–9")."""
    return sorted(group_rows(list(dict.fromkeys(problems))), key=_reading_order)


def _reading_order(p: Problem) -> tuple:
    position = p.line
    if position is None:
        found = _FIRST_ROW.search(p.place)
        position = int(found.group(1)) if found else 0
    natural = tuple(int(part) if part.isdigit() else part for part in _NUMBER.split(p.place))
    return p.file, position, natural, p.message


def rows_text(numbers: list[int], one: str, many: str) -> str:
    """[2, 3, 4, 9] -> "regels 2–4, 9" (one="regel", many="regels"); long lists are cut off with the count."""
    ranges: list[list[int]] = []
    for n in sorted(set(numbers)):
        if ranges and n == ranges[-1][1] + 1:
            ranges[-1][1] = n
        else:
            ranges.append([n, n])
    if len(ranges) == 1 and ranges[0][0] == ranges[0][1]:
        return f"{one} {ranges[0][0]}"
    parts = [str(a) if a == b else f"{a}–{b}" for a, b in ranges]
    more = f", … ({len(set(numbers))} in totaal)" if len(parts) > MAX_RANGES else ""
    return f"{many} {', '.join(parts[:MAX_RANGES])}{more}"


def _row_of(p: Problem) -> tuple[tuple, int] | None:
    """(what the problem is besides its row, its row) for a problem about one row of a table; else None."""
    what = (p.file, p.message, p.severity, p.suggestion)
    if p.line is not None and (p.place == "" or p.place.startswith("kolom '")):
        return (*what, "csv", p.place), p.line
    found = _SHEET_PLACE.fullmatch(p.place) if p.line is None else None
    if found is None:
        return None
    if found.group("row"):
        return (*what, "sheet", found.group("sheet"), ""), int(found.group("row"))
    return (*what, "sheet", found.group("sheet"), found.group("col")), int(found.group("cell"))


def group_rows(problems: list[Problem]) -> list[Problem]:
    """Problems that differ only in their row, told once with the rows listed (see `ordered`)."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    firsts: dict[tuple, Problem] = {}
    out: list[Problem] = []
    for p in problems:
        found = _row_of(p)
        if found is None:
            out.append(p)
            continue
        key, row = found
        groups[key].append(row)
        firsts.setdefault(key, p)
    for key, rows in groups.items():
        first = firsts[key]
        if len(set(rows)) == 1:
            out.append(first)
        else:
            place = (
                rows_place(rows, column=key[5] or None)
                if key[4] == "csv"
                else rows_place(rows, sheet=key[5], column=key[6] or None)
            )
            out.append(Problem(first.file, place, first.message, first.severity, first.suggestion, None))
    return out


def rows_place(rows: list[int], sheet: str | None = None, column: str | None = None) -> str:
    """The place of a cell (or row) in several rows of a table: "regels 2–4, 9, kolom 'waarde'" (CSV, with the
    column as "kolom '...'"), "blad 'data', kolom D, rijen 2–4, 9" (XLSX, with the column letter)."""
    if sheet is None:
        return rows_text(rows, "regel", "regels") + (f", {column}" if column else "")
    return f"blad '{sheet}', " + (f"kolom {column}, " if column else "") + rows_text(rows, "rij", "rijen")

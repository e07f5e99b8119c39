"""Error types that reach users: every problem located, reported at once, in Dutch."""

from __future__ import annotations

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
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.place, p.message))
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
            "Ontbrekende gegevens, en het toetsingskader staat geen herweging toe "
            f"(missing_data = \"error\"):\n{lines}"
        )


@dataclass
class ProblemList:
    """Collects problems while loading, so that every problem is reported at once."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, file: str, place: str, message: str, *, line: int | None = None,
            severity: Severity = "fout", suggestion: str | None = None) -> None:
        self.problems.append(Problem(file, place, message, severity, suggestion, line))

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "fout" for p in self.problems)

    def raise_if_errors(self) -> None:
        if self.has_errors:
            raise InputError(self.problems)

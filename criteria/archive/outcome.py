"""What a stored run concluded, read from its stored result JSON: per subject the total per year and the period
(pure; for `criteria archief toon`).

Reads result format 1 (a tree per subject-year) and format 2 (per node an array over the subject's years). A
result it cannot read gives no rows, never an error: `toon` then shows the record alone.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mark:
    score: float | None
    verdict: str


@dataclass(frozen=True)
class SubjectOutcome:
    id: str
    title: str
    years: tuple[tuple[int, Mark], ...]
    period: Mark | None


@dataclass(frozen=True)
class Outcome:
    years: tuple[int, ...]  # every year that some subject has
    subjects: tuple[SubjectOutcome, ...]  # the scored subjects, in the order of the case
    pass_mark: float | None


def _mark(node: object) -> Mark | None:
    if not isinstance(node, dict) or not isinstance(node.get("verdict"), str):
        return None
    score = node.get("score")
    return Mark(float(score) if isinstance(score, int | float) else None, node["verdict"])


def _format1(subject: dict) -> tuple[tuple[int, Mark], ...]:
    out = []
    for year in subject.get("years") or []:
        mark = _mark(year.get("total")) if isinstance(year, dict) else None
        if mark is not None and isinstance(year.get("year"), int):
            out.append((year["year"], mark))
    return tuple(out)


def _format2(subject: dict, root: str) -> tuple[tuple[int, Mark], ...]:
    node = (subject.get("nodes") or {}).get(root)
    years = subject.get("years") or []
    if not isinstance(node, dict):
        return ()
    scores, verdicts = node.get("score") or [], node.get("verdict") or []
    return tuple(
        (year, m)
        for year, score, verdict in zip(years, scores, verdicts)
        if isinstance(year, int) and (m := _mark({"score": score, "verdict": verdict})) is not None
    )


def outcome_of(result: dict) -> Outcome:
    """The totals per subject and year, and the period, of a stored result (format 1 or 2)."""
    version = result.get("format_version", 1)
    root = None
    if version == 2:
        nodes = (result.get("ruleset") or {}).get("nodes") or [{}]
        root = nodes[0].get("id") if isinstance(nodes[0], dict) else None
    subjects = []
    for subject in result.get("subjects") or []:
        if not isinstance(subject, dict) or not subject.get("in_scope", True):
            continue
        years = _format2(subject, root) if root else _format1(subject)
        if years:
            subjects.append(
                SubjectOutcome(
                    str(subject.get("id", "?")), str(subject.get("title", "?")), years, _mark(subject.get("period"))
                )
            )
    pass_mark = result.get("pass_mark", (result.get("ruleset") or {}).get("pass_mark"))
    all_years = tuple(sorted({y for s in subjects for y, _ in s.years}))
    return Outcome(all_years, tuple(subjects), float(pass_mark) if isinstance(pass_mark, int | float) else None)

"""The bundled case's result, computed once per test session, and variants of it for the report tests."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from criteria.model.result import Correction, EvaluationResult, NodeResult, SubjectResult

CASE = Path(__file__).resolve().parents[1] / "cases" / "heemstede-bloemendaal"
NASTY = '<script>alert("x")</script> | *vet* [link](http://example.org) <img src=x onerror=alert(1)> & co'


@cache
def bundled() -> EvaluationResult:
    from criteria.pipeline.run import run
    return run(CASE).result


def subject(result: EvaluationResult, subject_id: str) -> SubjectResult:
    return next(s for s in result.subjects if s.id == subject_id)


def total(result: EvaluationResult, subject_id: str, year: int) -> NodeResult:
    return next(y.total for y in subject(result, subject_id).years if y.year == year)


def with_each_indicator(result: EvaluationResult, change) -> EvaluationResult:
    """The result with `change(indicator)` applied to every indicator (as a dict) of every subject and year."""
    data = result.model_dump()

    def visit(node: dict) -> None:
        if node["indicator"]:
            change(node["indicator"])
        for child in node["children"]:
            visit(child)

    for s in data["subjects"]:
        for y in s["years"]:
            visit(y["total"])
    return EvaluationResult.model_validate(data)


def with_first_bron(result: EvaluationResult, bron: str) -> EvaluationResult:
    """The result with the bron of the first input (of every subject and year) replaced: a spreadsheet's text."""

    def change(indicator: dict) -> None:
        if indicator["inputs"]:
            indicator["inputs"][0]["bron"] = bron

    return with_each_indicator(result, change)


def with_corrections(result: EvaluationResult, *corrections: Correction) -> EvaluationResult:
    return result.model_copy(update={"corrections": list(corrections)})


def without_illustrative(result: EvaluationResult) -> EvaluationResult:
    """The result as if no value were illustratief or quality C (the banner then stays away)."""
    return result.model_copy(update={"meta": result.meta.model_copy(update={"values_illustrative": 0,
                                                                            "values_quality_c": 0,
                                                                            "reference_estimates": 0})})


SEPARATOR = re.compile(r"(?<!\\)\|")


def markdown_tables(text: str) -> list[list[list[str]]]:
    """Every table in a Markdown text as rows of cells (header first, the |---| line dropped), unescaped."""
    tables, current = [], []
    for line in text.splitlines() + [""]:
        if line.startswith("|"):
            current.append([re.sub(r"\\(.)", r"\1", cell.strip()) for cell in SEPARATOR.split(line)[1:-1]])
        elif current:
            tables.append([row for row in current if not all(re.fullmatch(r":?-+:?", cell) for cell in row)])
            current = []
    return tables

"""The bundled case's result, computed once per test session, and variants of it for the report tests."""

from __future__ import annotations

import copy
import dataclasses
import re
from functools import cache
from pathlib import Path

from criteria.model.result import Correction, NodeResult, walk
from criteria.result.view import ResultView, SubjectInfo

CASE = Path(__file__).resolve().parents[1] / "cases" / "heemstede-bloemendaal"
NASTY = '<script>alert("x")</script> | *vet* [link](http://example.org) <img src=x onerror=alert(1)> & co'


@cache
def bundled() -> ResultView:
    from criteria.pipeline.run import run

    return run(CASE).result


def subject(result: ResultView, subject_id: str) -> SubjectInfo:
    return result.subject(subject_id)


def total(result: ResultView, subject_id: str, year: int) -> NodeResult:
    return result.breakdown(subject_id, year)


class _Changed(ResultView):
    """A view whose breakdowns pass through `change` (a report test's hostile or odd texts)."""

    _change = None

    def breakdown(self, subject_id: str, year: int) -> NodeResult:
        tree = super().breakdown(subject_id, year)
        data = tree.model_dump()

        def visit(node: dict) -> None:
            if node["indicator"]:
                self._change(node["indicator"])
            for child in node["children"]:
                visit(child)

        visit(data)
        return NodeResult.model_validate(data)


def with_each_indicator(result: ResultView, change) -> ResultView:
    """The result with `change(indicator)` applied to every indicator (as a dict) of every subject and year."""
    view = _Changed.__new__(_Changed)
    view.__dict__.update(result.__dict__)
    view._change = change
    return view


def with_first_bron(result: ResultView, bron: str) -> ResultView:
    """The result with the bron of the first input (of the first subject and year) replaced wherever it is cited:
    a spreadsheet's text."""
    first = result.scored[0]
    cited = next(
        i.bron
        for n, _ in walk(result.breakdown(first.id, first.years[0]))
        if n.indicator
        for i in n.indicator.inputs
        if i.bron
    )
    ev = result.evaluation
    values = ev.sources._values
    texts = [bron if text == cited else text for text in values.texts]
    sources = copy.copy(ev.sources)
    sources._values = dataclasses.replace(values, texts=tuple(texts))
    view = result.replaced()
    view.evaluation = dataclasses.replace(ev, sources=sources)
    return view


def with_corrections(result: ResultView, *corrections: Correction) -> ResultView:
    return result.replaced(corrections=corrections)


def without_comparisons(result: ResultView) -> ResultView:
    """The result as if the case had no voorstel comparisons."""
    view = result.replaced()
    view.__dict__["comparisons"] = ()
    return view


def without_illustrative(result: ResultView) -> ResultView:
    """The result as if no value were illustratief or quality C (the banner then stays away)."""
    return result.replaced(
        meta=result.meta.model_copy(update={"values_illustrative": 0, "values_quality_c": 0, "reference_estimates": 0})
    )


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

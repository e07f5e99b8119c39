"""A report reads each subject's charts, bronnen and missing-data lines from the evaluation's columns
(criteria.report.documents.subject_columns): exactly what walking its breakdown trees gives, which only the
volledige bijlage still builds."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import case, random_spec, view
from hypothesis import HealthCheck, given, settings

from criteria.engine.scoring import NO_DATA, VERDICT_TEXT
from criteria.model.result import NodeResult, walk
from criteria.report.documents.subject_columns import ColumnReader, MissingYear, NodeYears, Use
from criteria.result.view import ResultView

REPO = Path(__file__).resolve().parents[1]
CASES = [REPO / "cases" / name for name in ("heemstede-bloemendaal", "aalsmeer-amstelveen", "heemskerk-2023")]


def tree_uses(subject: str, trees: list[tuple[int, NodeResult]]) -> list[Use]:
    """The bronnen the trees cite, top to bottom, year by year (what the report's list of sources numbers)."""
    out = []
    for _, total in trees:
        for node, _ in walk(total):
            d = node.indicator
            if d is None:
                continue
            out += [Use(i.bron, i.title, i.subject, i.partner, i.year, i.quality) for i in d.inputs if i.bron]
            if d.nullijn is not None and d.nullijn.bron:
                out.append(Use(d.nullijn.bron, f"nullijn van '{node.title}'", subject, None, 0, None))
    return out


def tree_criteria(trees: list[tuple[int, NodeResult]]) -> tuple[NodeYears, ...]:
    per_year = [{n.id: n for n, _ in walk(total)} for _, total in trees]
    return tuple(
        NodeYears(
            n.id,
            n.title,
            depth,
            tuple(nodes[n.id].score for nodes in per_year),
            tuple(nodes[n.id].verdict for nodes in per_year),
        )
        for n, depth in walk(trees[0][1])
        if n.kind == "criterium"
    )


def tree_missing(trees: list[tuple[int, NodeResult]]) -> list[MissingYear]:
    return [
        MissingYear(
            year,
            total.completeness,
            tuple(
                (n.title, n.indicator.value_note)
                for n, _ in walk(total)
                if n.indicator is not None and n.verdict == VERDICT_TEXT[NO_DATA]
            ),
        )
        for year, total in trees
        if not (total.completeness is not None and total.completeness >= 1 and total.score is not None)
    ]


def same_as_the_trees(result: ResultView) -> None:
    reader = ColumnReader(result)
    for subject in result.scored:
        trees = list(result.breakdowns(subject))
        assert list(reader.uses(subject)) == tree_uses(subject.id, trees)
        assert reader.criteria_years(subject) == tree_criteria(trees)
        assert list(reader.missing(subject)) == tree_missing(trees)


@pytest.mark.parametrize("folder", CASES, ids=lambda p: p.name)
def test_the_bundled_cases_read_from_the_columns_as_from_the_trees(folder: Path) -> None:
    from criteria.pipeline.run import run

    same_as_the_trees(run(folder).result)


def test_the_hostile_base_case_reads_from_the_columns_as_from_the_trees() -> None:
    from criteria.pipeline.run import run

    same_as_the_trees(run(REPO / "tests" / "hostile" / "base" / "case").result)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_spec())
def test_any_result_reads_from_the_columns_as_from_the_trees(spec) -> None:
    same_as_the_trees(view(spec.ruleset(), case(spec.subjects, spec.values)))

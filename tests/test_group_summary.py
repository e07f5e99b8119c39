"""The evaluate table's lines about the reference group read only the group and the deviation of each subject-year
(criteria.engine.breakdown.group_comparison): they must say exactly what the full breakdowns of the same nodes say."""

from __future__ import annotations

import pytest
from conftest import REPO
from rich.text import Text

from criteria import formula as fx
from criteria.engine.breakdown import group_comparison
from criteria.engine.group_breakdown import FormulaColumns
from criteria.engine.scoring import fmt
from criteria.pipeline.run import run
from criteria.report.common import number
from criteria.report.terminal.group import group_summary
from criteria.result.view import ResultView

CASES = [
    ("heemstede-bloemendaal", None),
    ("heemstede-bloemendaal", "rulesets/bureau-2021.toml"),
    ("heemskerk-2023", None),  # rulesets/benchmark-2023.toml: group nullijnen with a scale
    ("aalsmeer-amstelveen", None),
]


@pytest.fixture(scope="module", params=CASES, ids=lambda c: f"{c[0]}:{c[1] or 'eigen kader'}")
def result(request) -> ResultView:
    case, ruleset = request.param
    return run(REPO / "cases" / case, REPO / ruleset if ruleset else None).result


def summary_from_breakdowns(result: ResultView) -> list[str]:
    """group_summary as it was written before: from every node's full breakdown, member lists and all."""
    lines: dict[tuple, list[str]] = {}
    groups: dict[str, str] = {}
    for subject in result.scored:
        for year in subject.years:
            for node in (result.node_breakdown(subject.id, year, n) for n in result.group_nodes):
                d = node.indicator
                g = d.nullijn.group if d is not None and d.nullijn is not None else None
                if d is None or g is None or d.deviation_text is None or node.verdict == "niet van toepassing":
                    continue
                groups[g.id] = f"{g.title} (bron: {g.source})"
                stat = f"{g.statistic_text} van {g.members} gemeenten {number(g.value, g.unit)}"
                place = (
                    f", plaats {fmt(g.rank, 0)} van {g.members + 1}"
                    if g.rank is not None and node.kind != "signaal"
                    else ""
                )
                key = (g.id, node.title, year, stat, d.deviation_text + place, node.kind)
                lines.setdefault(key, []).append(subject.title)
    out = ["Tegenover de referentiegroep"] if lines else []
    for gid, text in groups.items():
        out.append(f"Referentiegroep: {text}")
        for (key_gid, title, year, stat, deviation, kind), subjects in lines.items():
            if key_gid == gid:
                out.append(
                    f"  {title}, {year}: {stat}; {', '.join(subjects)}: {deviation}"
                    + (" (signaal, niet gescoord)" if kind == "signaal" else "")
                )
    return out


def test_summary_equals_the_one_from_full_breakdowns(result: ResultView) -> None:
    assert [line.plain for line in group_summary(result)] == summary_from_breakdowns(result)


def test_group_comparison_is_the_breakdowns_group_without_its_members(result: ResultView) -> None:
    ev, compared = result.evaluation, 0
    formulas = FormulaColumns(ev)
    for subject in result.scored:
        for year in subject.years:
            for node in result.group_nodes:
                full = result.node_breakdown(subject.id, year, node).indicator
                found = group_comparison(ev, node, subject.row, result.year_position(year))
                if full is None or full.nullijn is None or full.nullijn.group is None:
                    assert found is None
                    continue
                group, deviation = found
                expected = full.nullijn.group.model_copy(update={"member_list": [], "members_left_out": 0})
                assert group == expected
                assert deviation == full.deviation_text
                # as group_summary reads it: formulas over the whole columns, the model unvalidated
                fast = group_comparison(ev, node, subject.row, result.year_position(year), formulas, validate=False)
                assert fast is not None and fast[1] == deviation
                assert {k: (v, type(v)) for k, v in fast[0]} == {k: (v, type(v)) for k, v in expected}
                compared += 1
    assert compared or not result.group_nodes


def test_the_bundled_case_has_group_lines() -> None:
    """Guards the comparison above: it is only meaningful when the summary has lines."""
    lines = group_summary(run(REPO / "cases" / "heemstede-bloemendaal").result)
    assert len(lines) > 5 and all(isinstance(line, Text) for line in lines)


def test_parse_gives_the_same_formula_for_the_same_text() -> None:
    text = "lasten_overhead * 1000 / inwoners"
    first, again = fx.parse(text), fx.parse(text)
    assert again is first
    assert (first.text, first.names) == (text, frozenset({"lasten_overhead", "inwoners"}))
    assert fx.parse("inwoners + 1") != first
    with pytest.raises(fx.FormulaError):
        fx.parse("1 +")
    with pytest.raises(fx.FormulaError):  # a failed parse is not cached: it fails again
        fx.parse("1 +")
    with pytest.raises(fx.FormulaError):  # not text: refused in Dutch, not a TypeError of the cache
        fx.parse(["inwoners"])  # type: ignore[arg-type]

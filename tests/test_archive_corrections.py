"""Human corrections (criteria/pipeline/corrections.py): parsed and checked, added next to the computed score, never
changing the computed tree; shown in the evaluate table and the explain tree."""

from __future__ import annotations

import io

import pytest
from builders import case, indicator, linear, number_field, ruleset, value, view

from criteria.pipeline.corrections import (
    CorrectionError,
    CorrectionRequest,
    apply_corrections,
    correct,
    parse_corrections,
)
from criteria.report.common import make_console
from criteria.report.terminal.explain import print_explain
from criteria.report.terminal.table import print_evaluation


@pytest.fixture(scope="module")
def result():
    rs = ruleset(indicators={"i": indicator("x", linear(0, 10))}, fields={"x": number_field()})
    return view(rs, case(["A", "B"], [value("A", 2019, "x", 4.0), value("B", 2019, "x", 7.0)]))


def test_parse_accepts_decimal_comma_and_keeps_the_reason() -> None:
    assert parse_corrections(["A:2019:i=6,5", " B : 2019 : totaal = 10 "], " besluit ") == [
        CorrectionRequest("A", 2019, "i", 6.5, "besluit"),
        CorrectionRequest("B", 2019, "totaal", 10.0, "besluit"),
    ]
    assert parse_corrections([], None) == []


@pytest.mark.parametrize(
    "texts, reason, message",
    [
        (["A:2019:i=5"], None, "vraagt om een reden"),
        (["A:2019:i=5"], "   ", "vraagt om een reden"),
        ([], "reden", "hoort bij --correctie"),
        (["A:2019:i=-0,1"], "r", "ligt niet tussen 0 en 10"),
        (["A:2019:i=10,01"], "r", "ligt niet tussen 0 en 10"),
        (["A:2019:i=zes"], "r", "is geen getal"),
        (["A:19:i=5"], "r", "geen jaartal"),
        (["A:2019=5"], "r", "heeft niet de vorm"),
    ],
)
def test_parse_refuses_with_a_dutch_message(texts: list[str], reason: str | None, message: str) -> None:
    with pytest.raises(CorrectionError, match=message):
        parse_corrections(texts, reason)


def test_correction_sits_next_to_the_computed_score(result) -> None:
    corrected = correct(result, ["A:2019:i=8"], "besluit begeleidingsgroep")
    (c,) = corrected.corrections
    assert (c.subject, c.year, c.node, c.computed_score, c.corrected_score, c.reason) == (
        "A",
        2019,
        "i",
        4.0,
        8.0,
        "besluit begeleidingsgroep",
    )
    assert corrected.subjects == result.subjects  # the computed tree is untouched
    assert result.corrections == ()  # the input result is not changed either


def test_a_look_alike_name_is_refused_and_named_never_applied(result) -> None:
    """Issue 11: 'a' is not subject 'A', and 'A' with a zero-width space is not 'A' either."""
    with pytest.raises(CorrectionError) as err:
        correct(result, ["a:2019:i=8", "A:2019:I=8", "A\u200b:2019:i=8"], "r")
    assert err.value.problems == [
        "a:2019:i: onbekend onderwerp 'a'; bedoelt u 'A'? kies uit: A (Onderwerp A), B (Onderwerp B)",
        "A:2019:I: onbekend criterium 'I'; bedoelt u 'i'? kies uit: totaal, i",
        (
            "A\u200b:2019:i: onbekend onderwerp 'A\u200b': onzichtbaar teken U+200B (zero width space) op positie 2; "
            "bedoelt u 'A'? kies uit: A (Onderwerp A), B (Onderwerp B)"
        ),
    ]


def test_every_problem_is_listed_at_once(result) -> None:
    with pytest.raises(CorrectionError) as err:
        correct(result, ["Z:2019:i=5", "A:1999:i=5", "A:2019:nee=5", "A:2019:i=11", "A:2019:i=5", "A:2019:i=6"], "r")
    assert err.value.problems == [
        "'A:2019:i=11': score 11 ligt niet tussen 0 en 10",
        "Z:2019:i: onbekend onderwerp 'Z'; kies uit: A (Onderwerp A), B (Onderwerp B)",
        "A:1999:i: jaar 1999 hoort niet bij deze toets; kies uit: 2018, 2019, 2020",
        "A:2019:nee: onbekend criterium 'nee'; kies uit: totaal, i",
        "A:2019:i: dit onderdeel heeft al een correctie",
    ]


def test_apply_again_gives_the_same_result(result) -> None:
    corrected = correct(result, ["B:2019:totaal=6"], "r")
    again = apply_corrections(result, [CorrectionRequest("B", 2019, "totaal", 6.0, "r")])
    assert again.corrections == corrected.corrections
    with pytest.raises(CorrectionError, match="al een correctie"):
        apply_corrections(corrected, [CorrectionRequest("B", 2019, "totaal", 5.0, "r")])


def test_table_and_explain_show_both_scores_and_the_reason(result) -> None:
    corrected = correct(result, ["A:2019:i=8", "A:2019:totaal=7,5"], "besluit 21-10-2020")
    table = io.StringIO()
    print_evaluation(make_console(table, width=120), corrected)
    text = table.getvalue()
    assert "Correcties (2)" in text and "de berekende score in de tabel blijft staan" in text
    assert "A 2019 · i: berekend 4,0, gecorrigeerd naar 8,0 — reden: besluit 21-10-2020" in text
    assert "A 2019 · totaal: berekend 4,0, gecorrigeerd naar 7,5 — reden: besluit 21-10-2020" in text
    tree = io.StringIO()
    subject = next(s for s in corrected.subjects if s.id == "A")
    print_explain(make_console(tree, width=120), corrected, subject, 2019)
    lines = tree.getvalue().splitlines()
    assert sum("correctie: berekend 4,0, gecorrigeerd naar" in line for line in lines) == 2
    score_line = next(i for i, line in enumerate(lines) if "score 4,0" in line and "totaal" not in line)
    assert "gecorrigeerd naar 8,0" in "\n".join(lines[score_line : score_line + 3])  # at the corrected node
    untouched = io.StringIO()
    print_evaluation(make_console(untouched, width=120), result)
    assert "Correcties" not in untouched.getvalue()

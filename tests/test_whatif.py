"""'Why not?': the margin to the next score point or band and to meeting the norm."""

from __future__ import annotations

import math

import numpy as np
from conftest import CASE, REPO
from hypothesis import assume, given
from hypothesis import strategies as st

from criteria.engine import scoring as sc
from criteria.engine.whatif import what_if
from criteria.load.ruleset import load_ruleset
from criteria.model.ruleset import LinearScoring

RS = load_ruleset(REPO / "rulesets" / "heemstede-2020.toml").ruleset


def test_linear_next_score_point_and_the_norm() -> None:
    # verzuim: 7,5 % gives 0, 2,6 % gives 10; 5,2 % scores 4,69 (shown 4,7); a 5 as shown is a score of 4,95
    # (halves up), reached at 7,5 − 0,495 × 4,9 = 5,0745 %
    lines = what_if(RS.indicators["verzuim"], 5.2, sc.FAIL)
    assert lines[0] == "0,13 % lager (ziekteverzuim ≤ 5,07 %) geeft een 5"
    # a measure that already shows a 6,0 (5,95 with anchors 0 and 10) is told what gives a 7
    assert (
        what_if(
            RS.indicators["verzuim"].model_copy(
                update={"scoring": RS.indicators["verzuim"].scoring.model_copy(update={"slecht": 0.0, "goed": 10.0})}
            ),
            5.95,
            sc.PASS,
        )[0]
        == "1 % hoger (ziekteverzuim ≥ 6,95 %) geeft een 7"
    )
    assert lines[1] == "bij ziekteverzuim ≤ 4,8 % voldoet de norm (nu 0,4 % te hoog)"


def test_linear_at_the_top_and_a_passing_norm_shows_the_margin() -> None:
    lines = what_if(RS.indicators["verzuim"], 2.0, sc.PASS)
    assert lines == ["al de hoogste score (10)", "marge tot de norm: 2,8 % hoger en de norm wordt nog net gehaald"]


def test_bands_next_better_band_and_margin_to_a_worse_one() -> None:
    lines = what_if(RS.indicators["verloop"], 12.0, sc.PASS)  # band 'verhoogd' (10-15): 6
    assert lines[0] == "bij verloop < 10 % wordt de score 10 (band 'gezond')"
    assert lines[1] == "marge tot een lagere score: bij verloop ≥ 15 % wordt het een 3 (band 'hoog')"


def test_knockout_norm_mentions_the_knockout() -> None:
    lines = what_if(RS.indicators["kritieke_taken_onbezet"], 1.0, sc.FAIL)
    assert lines[-1].startswith("bij onbezette kritieke taken ≤ 0 voldoet de norm")
    assert lines[-1].endswith("dan vervalt ook de knock-out")


def test_labels_next_better_label_and_the_norm() -> None:
    assert what_if(RS.indicators["doelen_vastgelegd"], "nee", sc.FAIL) == [
        "met 'deels' wordt de score 5",
        "de norm wordt gehaald met: 'ja'",
    ]
    assert what_if(RS.indicators["begeleidingsgroep"], "ja", sc.PASS) == ["al de hoogste score op de schaal"]


def test_no_data_or_not_applicable_gives_nothing() -> None:
    assert what_if(RS.indicators["verzuim"], None, sc.NO_DATA) == []
    assert what_if(RS.indicators["meldingen_binnen_termijn"], 80.0, sc.NOT_APPLICABLE) == []


def test_the_result_and_the_explain_tree_carry_the_what_if() -> None:
    from criteria.pipeline.run import run

    result = run(CASE).result
    total = result.breakdown("HH", 2019)
    inzet = next(
        c for c in next(c for c in total.children if c.id == "flexibiliteit").children if c.id == "inzetbaarheid"
    )
    verzuim = next(c for c in inzet.children if c.id == "verzuim")
    assert verzuim.indicator.what_if[-1] == "bij ziekteverzuim ≤ 4,8 % voldoet de norm (nu 4,1 % te hoog)"


@given(
    measure=st.floats(-1e6, 1e6) | st.decimals(-200, 200, places=3).map(float),
    slecht=st.decimals(-100, 100, places=2).map(float),
    goed=st.decimals(-100, 100, places=2).map(float),
)
def test_the_score_of_one_measure_is_the_columns_score(measure: float, slecht: float, goed: float) -> None:
    """what-if scores one measure without an array (scoring.linear_one): the very float scoring.linear gives,
    near a rounding edge (exact decimals) and on it too."""
    assume(slecht != goed)  # the ruleset refuses equal anchors
    rule = LinearScoring(kind="linear", slecht=slecht, goed=goed)
    expected = float(sc.linear(np.array([measure]), rule)[0])
    assert sc.linear_one(measure, rule) == expected or math.isnan(expected)
    edge = slecht + 0.45 * (goed - slecht)  # a score of 4,5: on the edge between a 4 and a 5
    assert sc.linear_one(edge, rule) == float(sc.linear(np.array([edge]), rule)[0])

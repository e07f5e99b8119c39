"""Example tests of the scoring semantics (DESIGN.md, "Scoring semantics (the contract)"), on small in-memory
rulesets and cases: one behaviour per test, with the expected numbers worked out in the test."""

from __future__ import annotations

import math

import pytest
from builders import (
    bands,
    case,
    criterion,
    indicator,
    label_field,
    linear,
    node,
    number_field,
    ordinal,
    ruleset,
    score,
    subject,
    value,
    year_total,
    yesno,
)

from criteria.engine import evaluate
from criteria.errors import MissingDataError
from criteria.rules.compile import RulesetInvalid, compile_ruleset

Y = 2019


def one_indicator(
    scoring: dict,
    values: dict[str, float | str | None],
    *,
    formula: str = "x",
    field_type: str = "number",
    years: tuple[int, ...] = (Y,),
    **ind_extra,
) -> dict:
    """Evaluate one indicator (formula over field x) for subjects named by `values`; return subject -> node."""
    fields = {"x": number_field() if field_type == "number" else label_field()}
    rs = ruleset(fields=fields, indicators={"i": indicator(formula, scoring, **ind_extra)}, years=list(years))
    vals = [value(s, Y, "x", v) for s, v in values.items() if v is not None]
    result = score(rs, case(list(values), vals))
    return {s: node(result, s, Y, "i") for s in values}


# --- linear -----------------------------------------------------------------------------------------------


def test_linear_increasing_is_proportional_and_clamped() -> None:
    # slecht 50 -> 0, goed 100 -> 10
    out = one_indicator(linear(50, 100), {"lo": 20.0, "at_slecht": 50.0, "mid": 80.0, "at_goed": 100.0, "hi": 150.0})
    assert out["lo"].score == 0.0
    assert out["at_slecht"].score == 0.0
    assert out["mid"].score == pytest.approx(6.0)  # (80 - 50) / (100 - 50) * 10
    assert out["at_goed"].score == 10.0
    assert out["hi"].score == 10.0


def test_linear_decreasing_direction_follows_the_anchors() -> None:
    # slecht 7.5 -> 0, goed 2.6 -> 10 (lower is better)
    out = one_indicator(linear(7.5, 2.6), {"good": 1.0, "norm": 4.8, "bad": 9.0, "at_goed": 2.6})
    assert out["good"].score == 10.0
    assert out["norm"].score == pytest.approx((4.8 - 7.5) / (2.6 - 7.5) * 10, abs=1e-6)  # 5.51
    assert out["bad"].score == 0.0
    assert out["at_goed"].score == 10.0


# --- bands ------------------------------------------------------------------------------------------------


def test_bands_are_half_open_a_boundary_value_goes_to_the_upper_band() -> None:
    scoring = bands((None, 1, 10), (1, 2, 5), (2, 3, 2.5), (3, None, 0))
    out = one_indicator(
        scoring, {"below": 0.999, "b1": 1.0, "inside": 1.5, "b2": 2.0, "b3": 3.0, "far": 1e6, "neg": -1e6}
    )
    assert out["below"].score == 10.0
    assert out["b1"].score == 5.0
    assert out["inside"].score == 5.0
    assert out["b2"].score == 2.5
    assert out["b3"].score == 0.0
    assert out["far"].score == 0.0
    assert out["neg"].score == 10.0


def test_bands_order_in_the_file_does_not_matter() -> None:
    scoring = bands((3, None, 0), (1, 3, 5), (None, 1, 10))
    out = one_indicator(scoring, {"a": 0.0, "b": 1.0, "c": 3.0})
    assert [out[s].score for s in "abc"] == [10.0, 5.0, 0.0]


# --- labels -----------------------------------------------------------------------------------------------


def test_ordinal_scale_scores_labels_and_one_of_norm() -> None:
    out = one_indicator(
        ordinal(nee=0, deels=5, ja=10),
        {"a": "nee", "b": "deels", "c": "ja", "d": None},
        field_type="label",
        norm={"one_of": ["ja"]},
    )
    assert [out[s].score for s in "abc"] == [0.0, 5.0, 10.0]
    assert [out[s].verdict for s in "abc"] == ["voldoet niet", "voldoet niet", "voldoet"]
    assert out["d"].score is None and out["d"].verdict == "onvoldoende gegevens"
    assert out["c"].indicator.measure == "ja"


def test_yesno_on_labels_with_own_scores() -> None:
    out = one_indicator(yesno(ja=8, nee=2), {"a": "ja", "b": "nee"}, field_type="label", norm={"one_of": ["nee"]})
    assert (out["a"].score, out["b"].score) == (8.0, 2.0)
    assert (out["a"].verdict, out["b"].verdict) == ("voldoet niet", "voldoet")


def test_yesno_on_a_number_nonzero_is_ja() -> None:
    out = one_indicator(yesno(), {"a": 0.0, "b": 3.0, "c": -1.0})
    assert [out[s].score for s in "abc"] == [0.0, 10.0, 10.0]


# --- norms ------------------------------------------------------------------------------------------------


def test_norm_at_least_is_inclusive() -> None:
    out = one_indicator(linear(0, 10), {"on": 5.0, "under": 4.99, "over": 7.0}, norm={"at_least": 5})
    assert out["on"].verdict == "voldoet"
    assert out["under"].verdict == "voldoet niet"
    assert out["over"].verdict == "voldoet"
    assert "voldoet niet aan de norm" in out["under"].verdict_reason
    assert "minstens 5" in out["under"].verdict_reason


def test_norm_at_most_is_inclusive() -> None:
    out = one_indicator(linear(10, 0), {"on": 4.8, "over": 4.81, "under": 1.0}, norm={"at_most": 4.8})
    assert [out[s].verdict for s in ("on", "over", "under")] == ["voldoet", "voldoet niet", "voldoet"]


def test_norm_with_both_bounds() -> None:
    out = one_indicator(linear(0, 10), {"a": 1.0, "b": 3.0, "c": 5.0, "d": 6.0}, norm={"at_least": 2, "at_most": 5})
    assert [out[s].verdict for s in "abcd"] == ["voldoet niet", "voldoet", "voldoet", "voldoet niet"]


def test_no_norm_gives_geen_norm_but_still_scores() -> None:
    out = one_indicator(linear(0, 10), {"a": 3.0})
    assert out["a"].verdict == "geen norm"
    assert out["a"].score == pytest.approx(3.0)
    assert "geen norm" in out["a"].verdict_reason


def test_missing_value_gives_onvoldoende_gegevens_and_no_score() -> None:
    out = one_indicator(linear(0, 10), {"a": 3.0, "b": None}, norm={"at_least": 2})
    b = out["b"]
    assert b.score is None and b.verdict == "onvoldoende gegevens"
    assert b.weight_normalised is None and b.contribution is None
    assert b.indicator.value is None
    assert "x" in (b.indicator.value_note or "")  # names the missing field


# --- knock-out --------------------------------------------------------------------------------------------


def knockout_ruleset(knockout: dict) -> dict:
    """totaal <- (k, w 1: [good w 3, ko w 1]), (other, w 1) ; ko is a knock-out on field 'fout' (at_most 0)."""
    return dict(
        fields={"g": number_field(), "fout": number_field(), "o": number_field()},
        criteria={
            "totaal": criterion("Totaal"),
            "k": criterion("Kwetsbaarheid", parent="totaal"),
            "other": criterion("Ander", parent="totaal"),
        },
        indicators={
            "good": indicator("g", linear(0, 10), parent="k", weight=3, title="Goede indicator"),
            "ko": indicator(
                "fout",
                bands((None, 1, 10), (1, None, 0)),
                parent="k",
                weight=1,
                title="Onbezette kritieke taken",
                norm={"at_most": 0, **knockout},
            ),
            "oi": indicator("o", linear(0, 10), parent="other"),
        },
        years=[Y],
    )


def knockout_values(fout: float) -> list:
    return [value("A", Y, "g", 10.0), value("A", Y, "fout", fout), value("A", Y, "o", 6.0)]


def test_knockout_cap_caps_the_parent_and_says_why() -> None:
    result = score(ruleset(**knockout_ruleset({"knockout": "cap", "cap": 5.4})), case(["A"], knockout_values(1.0)))
    k = node(result, "A", Y, "k")
    # before the cap: (3 * 10 + 1 * 0) / 4 = 7.5
    assert k.score_before_knockout == pytest.approx(7.5)
    assert k.score == pytest.approx(5.4)
    assert k.verdict == "voldoet niet"
    assert k.knockouts == ["ko"]
    assert "Onbezette kritieke taken" in k.verdict_reason and "knock-out" in k.verdict_reason
    # the capped score is what the parent aggregates: (5.4 + 6) / 2
    assert year_total(result, "A", Y).score == pytest.approx(5.7)
    assert node(result, "A", Y, "ko").indicator.knockout is not None


def test_knockout_cap_does_nothing_when_the_norm_is_met() -> None:
    result = score(ruleset(**knockout_ruleset({"knockout": "cap", "cap": 5.4})), case(["A"], knockout_values(0.0)))
    k = node(result, "A", Y, "k")
    assert k.score == pytest.approx(10.0)
    assert k.score_before_knockout is None
    assert k.knockouts == [] and k.verdict == "voldoet"


def test_knockout_fail_keeps_the_score_but_fails_the_parent() -> None:
    result = score(ruleset(**knockout_ruleset({"knockout": "fail"})), case(["A"], knockout_values(2.0)))
    k = node(result, "A", Y, "k")
    assert k.score == pytest.approx(7.5)  # above the pass mark 5.5 ...
    assert k.verdict == "voldoet niet"  # ... and still 'voldoet niet'
    assert "Onbezette kritieke taken" in k.verdict_reason
    assert year_total(result, "A", Y).score == pytest.approx((7.5 + 6.0) / 2)


# --- measures and nullijn ---------------------------------------------------------------------------------


def measure_ruleset(measure: str, own_nullijn: dict | None, scoring: dict | None = None, **extra) -> dict:
    ind = indicator("x", scoring or linear(-50, 50), measure=measure, nullijn=own_nullijn)
    return dict(
        fields={"x": number_field(unit="€"), "ref": number_field()}, indicators={"i": ind}, years=[2018, 2019], **extra
    )


def test_relative_difference_against_a_base_year() -> None:
    rs = ruleset(**measure_ruleset("relative_difference", {"kind": "base_year", "year": 2017}))
    vals = [
        value("A", 2017, "x", 200),
        value("A", 2018, "x", 220),
        value("A", 2019, "x", 150),
        value("B", 2017, "x", -100),
        value("B", 2019, "x", -90),
    ]
    result = score(rs, case(["A", "B"], vals))
    a18, a19 = node(result, "A", 2018, "i"), node(result, "A", 2019, "i")
    assert a18.indicator.nullijn.value == 200 and a18.indicator.nullijn.kind == "base_year"
    assert a18.indicator.measure == pytest.approx(10.0)  # (220 - 200) / 200 * 100
    assert a19.indicator.measure == pytest.approx(-25.0)  # (150 - 200) / 200 * 100
    assert a18.score == pytest.approx(6.0)  # linear -50 -> 0, 50 -> 10
    # a negative nullijn: divided by its absolute value, so an increase stays positive
    assert node(result, "B", 2019, "i").indicator.measure == pytest.approx(10.0)  # (-90 - -100) / 100 * 100
    # the base-year input is part of the breakdown, with its bron
    years = {(inp.name, inp.year) for inp in a19.indicator.inputs}
    assert ("x", 2017) in years and ("x", 2019) in years


def test_difference_uses_the_rulesets_default_nullijn() -> None:
    rs = ruleset(**measure_ruleset("difference", None, nullijn={"kind": "base_year", "year": 2017}))
    result = score(rs, case(["A"], [value("A", 2017, "x", 10), value("A", 2019, "x", 25)]))
    assert node(result, "A", 2019, "i").indicator.measure == pytest.approx(15.0)
    assert node(result, "A", 2018, "i").score is None  # no 2018 value


def test_index_against_a_reference_field() -> None:
    rs = ruleset(**measure_ruleset("index", {"kind": "reference", "field": "ref"}, linear(130, 90)))
    result = score(rs, case(["A"], [value("A", 2019, "x", 0.2775), value("A", 2019, "ref", 0.25)]))
    n = node(result, "A", 2019, "i")
    assert n.indicator.measure == pytest.approx(111.0)  # 0.2775 / 0.25 * 100
    assert n.score == pytest.approx((111 - 130) / (90 - 130) * 10)  # 4.75
    assert n.indicator.nullijn.kind == "reference" and n.indicator.nullijn.value == pytest.approx(0.25)
    assert n.indicator.nullijn.bron == "testbron A 2019 ref"


def test_difference_against_a_fixed_nullijn() -> None:
    null = {"kind": "fixed", "value": 50.0, "bron": "raadsbesluit 2017"}
    rs = ruleset(**measure_ruleset("difference", null))
    result = score(rs, case(["A"], [value("A", 2019, "x", 30)]))
    n = node(result, "A", 2019, "i")
    assert n.indicator.measure == pytest.approx(-20.0)
    assert n.indicator.nullijn.value == 50.0 and n.indicator.nullijn.bron == "raadsbesluit 2017"


def test_relative_difference_with_a_zero_nullijn_is_onvoldoende_gegevens_with_a_note() -> None:
    rs = ruleset(**measure_ruleset("relative_difference", {"kind": "fixed", "value": 0.0}))
    result = score(rs, case(["A"], [value("A", 2019, "x", 5.0)]))
    n = node(result, "A", 2019, "i")
    assert n.score is None and n.verdict == "onvoldoende gegevens"
    assert "deling door nul" in (n.indicator.value_note or "")


def test_a_missing_base_year_value_is_onvoldoende_gegevens() -> None:
    rs = ruleset(**measure_ruleset("difference", {"kind": "base_year", "year": 2017}))
    result = score(rs, case(["A"], [value("A", 2019, "x", 5.0)]))
    n = node(result, "A", 2019, "i")
    assert n.score is None and n.verdict == "onvoldoende gegevens"


def test_measure_other_than_value_without_any_nullijn_is_a_ruleset_error() -> None:
    rs = ruleset(**measure_ruleset("difference", None))
    with pytest.raises(RulesetInvalid) as err:
        compile_ruleset(rs)
    assert any(f.key_path[:2] == ("indicators", "i") and "nullijn" in f.message for f in err.value.findings)


@pytest.mark.parametrize("ref_field", ["lab", "per_partner"])
def test_reference_nullijn_on_a_non_subject_number_field_is_rejected_not_a_crash(ref_field: str) -> None:
    rs = ruleset(
        fields={"x": number_field(), "lab": label_field(), "per_partner": number_field(scope="partner")},
        indicators={
            "i": indicator("x", linear(0, 10), measure="index", nullijn={"kind": "reference", "field": ref_field})
        },
        years=[Y],
    )
    c = case(
        ["A"],
        [value("A", Y, "x", 1.0), value("A", Y, "lab", "ja"), value(None, Y, "per_partner", 2.0, partner="heemstede")],
    )
    try:
        compiled = compile_ruleset(rs)
    except RulesetInvalid as err:  # the fix we expect: a located ruleset error
        assert any("nullijn" in f.key_path for f in err.findings)
        return
    evaluate(compiled, c)  # or: evaluation without a crash


# --- applies_to -------------------------------------------------------------------------------------------


def test_applies_to_excludes_the_indicator_without_lowering_completeness() -> None:
    rs = ruleset(
        fields={"x": number_field(), "m": number_field()},
        indicators={
            "all": indicator("x", linear(0, 10), weight=1),
            "prim": indicator("m", linear(0, 10), weight=3, applies_to=["primair_proces"]),
        },
        years=[Y],
    )
    subs = {"HH": subject("Handhaving", tags=["primair_proces"]), "PO": subject("P&O", tags=["overhead"])}
    result = score(rs, case(subs, [value("HH", Y, "x", 4), value("HH", Y, "m", 8), value("PO", Y, "x", 4)]))
    po = year_total(result, "PO", Y)
    prim = node(result, "PO", Y, "prim")
    assert prim.verdict == "niet van toepassing" and prim.score is None and prim.weight_normalised is None
    assert prim.completeness is None
    assert po.completeness == 1.0
    assert po.score == pytest.approx(4.0)
    assert node(result, "PO", Y, "all").weight_normalised == 1.0
    hh = year_total(result, "HH", Y)
    assert hh.score == pytest.approx((1 * 4 + 3 * 8) / 4)
    assert hh.completeness == 1.0


def test_applies_to_with_missing_data_for_an_applicable_subject_lowers_completeness() -> None:
    rs = ruleset(
        fields={"x": number_field(), "m": number_field()},
        indicators={
            "all": indicator("x", linear(0, 10), weight=1),
            "prim": indicator("m", linear(0, 10), weight=3, applies_to=["primair_proces"]),
        },
        years=[Y],
    )
    subs = {"HH": subject("Handhaving", tags=["primair_proces"])}
    result = score(rs, case(subs, [value("HH", Y, "x", 4)]))
    total = year_total(result, "HH", Y)
    assert total.completeness == pytest.approx(0.25)
    assert total.score == pytest.approx(4.0)


def test_applies_to_on_a_criterion_covers_its_indicators() -> None:
    rs = ruleset(
        fields={"x": number_field(), "m": number_field()},
        criteria={
            "totaal": criterion("Totaal"),
            "output": criterion("Output", parent="totaal", applies_to=["primair_proces"]),
        },
        indicators={"all": indicator("x", linear(0, 10)), "prim": indicator("m", linear(0, 10), parent="output")},
        years=[Y],
    )
    subs = {"PO": subject("P&O", tags=["overhead"])}
    result = score(rs, case(subs, [value("PO", Y, "x", 7)]))
    assert node(result, "PO", Y, "output").verdict == "niet van toepassing"
    assert node(result, "PO", Y, "prim").verdict == "niet van toepassing"
    assert year_total(result, "PO", Y).completeness == 1.0
    assert year_total(result, "PO", Y).score == pytest.approx(7.0)


# --- partner fields ---------------------------------------------------------------------------------------


def partner_ruleset() -> dict:
    return dict(
        fields={"bijdrage": number_field(scope="partner"), "sleutel": number_field(scope="partner")},
        derived={
            "aandeel": {
                "title": "Aandeel Heemstede",
                "formula": 'partner(bijdrage, "heemstede") / sum_partners(bijdrage) * 100',
            }
        },
        indicators={
            "afwijking": indicator('abs(aandeel - partner(sleutel, "heemstede"))', linear(5, 0)),
            "totaal_bijdrage": indicator("sum_partners(bijdrage)", linear(0, 1000)),
        },
        years=[Y],
    )


def test_partner_fields_with_partner_and_sum_partners() -> None:
    vals = [
        value("HH", Y, "bijdrage", 515712, partner="heemstede"),
        value("HH", Y, "bijdrage", 572288, partner="bloemendaal"),
        value("HH", Y, "sleutel", 50, partner="heemstede"),
        value("HH", Y, "sleutel", 50, partner="bloemendaal"),
    ]
    result = score(ruleset(**partner_ruleset()), case(["HH"], vals))
    afw = node(result, "HH", Y, "afwijking")
    assert afw.indicator.value == pytest.approx(2.6)  # |515712 / 1088000 * 100 - 50|
    assert afw.score == pytest.approx(4.8)
    assert node(result, "HH", Y, "totaal_bijdrage").indicator.value == pytest.approx(1088000)
    partners = {(i.name, i.partner) for i in afw.indicator.inputs if i.formula is None}
    assert {("bijdrage", "heemstede"), ("bijdrage", "bloemendaal"), ("sleutel", "heemstede")} <= partners


def test_a_missing_partner_value_makes_sum_partners_missing() -> None:
    vals = [value("HH", Y, "bijdrage", 515712, partner="heemstede"), value("HH", Y, "sleutel", 50, partner="heemstede")]
    result = score(ruleset(**partner_ruleset()), case(["HH"], vals))
    n = node(result, "HH", Y, "totaal_bijdrage")
    assert n.score is None and n.verdict == "onvoldoende gegevens"
    assert "bloemendaal" in (n.indicator.value_note or "")


# --- division by zero -------------------------------------------------------------------------------------


def test_division_by_zero_in_a_formula_is_onvoldoende_gegevens_with_a_note() -> None:
    rs = ruleset(
        fields={"a": number_field(), "b": number_field(), "c": number_field()},
        indicators={"q": indicator("a / b * 100", linear(0, 100)), "ok": indicator("c", linear(0, 10))},
        years=[Y],
    )
    result = score(rs, case(["A"], [value("A", Y, "a", 3), value("A", Y, "b", 0), value("A", Y, "c", 5)]))
    q = node(result, "A", Y, "q")
    assert q.score is None and q.verdict == "onvoldoende gegevens"
    assert "deling door nul" in (q.indicator.value_note or "")
    assert "deling door nul" in q.verdict_reason
    total = year_total(result, "A", Y)
    assert total.score == pytest.approx(5.0) and total.completeness == pytest.approx(0.5)


def test_zero_divided_by_zero_is_onvoldoende_gegevens_with_a_note() -> None:
    rs = ruleset(
        fields={"a": number_field(), "b": number_field()}, indicators={"q": indicator("a / b", linear(0, 1))}, years=[Y]
    )
    q = node(score(rs, case(["A"], [value("A", Y, "a", 0), value("A", Y, "b", 0)])), "A", Y, "q")
    assert q.verdict == "onvoldoende gegevens"
    assert "deling door nul" in (q.indicator.value_note or "")


def test_division_by_zero_in_a_derived_field_is_explained_not_called_missing() -> None:
    rs = ruleset(
        fields={"a": number_field(), "b": number_field()},
        derived={"q": {"title": "Quotiënt", "formula": "a / b"}},
        indicators={"i": indicator("q", linear(0, 10))},
        years=[Y],
    )
    n = node(score(rs, case(["A"], [value("A", Y, "a", 1), value("A", Y, "b", 0)])), "A", Y, "i")
    assert n.verdict == "onvoldoende gegevens"
    assert n.indicator.value_note is not None
    assert "ontbre" not in n.verdict_reason  # nothing is missing


# --- missing data policy ----------------------------------------------------------------------------------


def test_missing_data_error_policy_names_subject_year_and_indicator() -> None:
    rs = ruleset(
        fields={"x": number_field(), "y": number_field()},
        indicators={"ind_x": indicator("x", linear(0, 10)), "ind_y": indicator("y", linear(0, 10))},
        years=[2019, 2020],
        missing_data="error",
    )
    c = case(
        ["A", "B"],
        [
            value("A", 2019, "x", 1),
            value("A", 2019, "y", 1),
            value("A", 2020, "x", 1),
            value("A", 2020, "y", 1),
            value("B", 2019, "x", 1),
            value("B", 2020, "y", 1),
        ],
    )
    with pytest.raises(MissingDataError) as err:
        score(rs, c)
    text = str(err.value)
    assert "B 2019" in text and "ind_y" in text
    assert "B 2020" in text and "ind_x" in text
    assert "A 2019" not in text and "A 2020" not in text
    assert len(err.value.missing) == 2


def test_missing_data_error_policy_with_full_data_scores_normally() -> None:
    rs = ruleset(
        fields={"x": number_field()}, indicators={"i": indicator("x", linear(0, 10))}, years=[Y], missing_data="error"
    )
    assert year_total(score(rs, case(["A"], [value("A", Y, "x", 2.5)])), "A", Y).score == pytest.approx(2.5)


def test_a_criterion_without_any_data_is_onvoldoende_gegevens_and_drops_out() -> None:
    rs = ruleset(
        fields={"x": number_field(), "y": number_field()},
        criteria={
            "totaal": criterion("Totaal"),
            "a": criterion("A", parent="totaal", weight=2),
            "b": criterion("B", parent="totaal", weight=1),
        },
        indicators={"ix": indicator("x", linear(0, 10), parent="a"), "iy": indicator("y", linear(0, 10), parent="b")},
        years=[Y],
    )
    result = score(rs, case(["S"], [value("S", Y, "y", 3)]))
    a = node(result, "S", Y, "a")
    assert a.score is None and a.verdict == "onvoldoende gegevens" and a.completeness == 0.0
    total = year_total(result, "S", Y)
    assert total.score == pytest.approx(3.0)
    assert total.completeness == pytest.approx(1 / 3)


# --- criterion verdicts -----------------------------------------------------------------------------------


def test_pass_mark_and_criterion_norm() -> None:
    rs = ruleset(
        fields={"x": number_field(), "y": number_field()},
        criteria={
            "totaal": criterion("Totaal"),
            "streng": criterion("Streng", parent="totaal", norm={"at_least": 7}),
            "gewoon": criterion("Gewoon", parent="totaal"),
        },
        indicators={
            "ix": indicator("x", linear(0, 10), parent="streng"),
            "iy": indicator("y", linear(0, 10), parent="gewoon"),
        },
        years=[Y],
        pass_mark=5.5,
    )
    result = score(rs, case(["S"], [value("S", Y, "x", 6.5), value("S", Y, "y", 5.5)]))
    assert node(result, "S", Y, "streng").verdict == "voldoet niet"  # 6.5 < 7
    assert node(result, "S", Y, "gewoon").verdict == "voldoet"  # 5.5 >= 5.5


# --- period summary ---------------------------------------------------------------------------------------


def period_result(rule: str, xs: dict[int, float | None], tolerance: float = 0.25):
    rs = ruleset(
        fields={"x": number_field()},
        indicators={"i": indicator("x", linear(0, 10))},
        years=list(xs),
        period={"score": rule, "trend_tolerance": tolerance},
    )
    vals = [value("A", y, "x", v) for y, v in xs.items() if v is not None]
    result = score(rs, case(["A"], vals))
    return result.subjects[0].period


@pytest.mark.parametrize("rule, expected", [("mean", 6.0), ("last", 8.0), ("min", 4.0)])
def test_period_score_rules(rule: str, expected: float) -> None:
    period = period_result(rule, {2018: 6.0, 2019: 4.0, 2020: 8.0})
    assert period.rule == rule
    assert period.score == pytest.approx(expected)
    assert period.years_with_data == 3


def test_period_skips_years_without_data() -> None:
    period = period_result("mean", {2018: 6.0, 2019: None, 2020: 8.0})
    assert period.score == pytest.approx(7.0) and period.years_with_data == 2
    assert period_result("last", {2018: 6.0, 2019: 8.0, 2020: None}).score == pytest.approx(8.0)


def test_period_verdict_uses_the_pass_mark() -> None:
    assert period_result("mean", {2018: 5.0, 2019: 6.0, 2020: 6.0}).verdict == "voldoet"  # 5.67
    assert period_result("mean", {2018: 5.0, 2019: 5.0, 2020: 6.0}).verdict == "voldoet niet"  # 5.33
    assert period_result("mean", {2018: None, 2019: None}).verdict == "onvoldoende gegevens"


@pytest.mark.parametrize(
    "xs, label",
    [
        ({2018: 3.0, 2019: 5.0, 2020: 7.0}, "stijgend"),
        ({2018: 7.0, 2019: 5.0, 2020: 3.0}, "dalend"),
        ({2018: 5.0, 2019: 5.1, 2020: 5.0}, "stabiel"),
        ({2018: 5.0, 2019: 5.0, 2020: 5.0}, "stabiel"),
        ({2018: 5.0, 2019: None, 2020: None}, "onbekend"),
    ],
)
def test_trend_labels(xs: dict, label: str) -> None:
    period = period_result("mean", xs)
    total = period.trends[0]
    assert total.id == "totaal"
    assert total.trend == label
    assert total.scores == {str(y): (None if v is None else pytest.approx(v)) for y, v in xs.items()}


def test_trend_slope_is_per_year() -> None:
    total = period_result("mean", {2018: 3.0, 2019: 5.0, 2020: 7.0}).trends[0]
    assert total.slope == pytest.approx(2.0)


def test_trends_cover_the_total_and_the_top_level_criteria() -> None:
    rs = ruleset(
        fields={"x": number_field(), "y": number_field()},
        criteria={"totaal": criterion("Totaal"), "a": criterion("A", parent="totaal"), "b": criterion("B", parent="a")},
        indicators={"ix": indicator("x", linear(0, 10), parent="b"), "iy": indicator("y", linear(0, 10))},
        years=[2018, 2019],
    )
    vals = [value("S", y, f, 5.0) for y in (2018, 2019) for f in ("x", "y")]
    period = score(rs, case(["S"], vals)).subjects[0].period
    assert [t.id for t in period.trends] == ["totaal", "a"]


# --- result metadata --------------------------------------------------------------------------------------


def test_out_of_scope_subjects_are_listed_with_reason_and_not_scored() -> None:
    rs = ruleset(fields={"x": number_field()}, indicators={"i": indicator("x", linear(0, 10))}, years=[Y])
    subs = {"A": subject("A"), "INF": subject("Informatisering", in_scope=False, scope_reason="apart traject")}
    result = score(rs, case(subs, [value("A", Y, "x", 1), value("INF", Y, "x", 9)]))
    inf = next(s for s in result.subjects if s.id == "INF")
    assert not inf.in_scope and inf.scope_reason == "apart traject"
    assert inf.years == [] and inf.period is None
    assert [s.id for s in result.subjects] == ["A", "INF"]


def test_contribution_is_share_times_score() -> None:
    rs = ruleset(
        fields={"x": number_field(), "y": number_field()},
        indicators={"ix": indicator("x", linear(0, 10), weight=30), "iy": indicator("y", linear(0, 10), weight=10)},
        years=[Y],
    )
    result = score(rs, case(["A"], [value("A", Y, "x", 8), value("A", Y, "y", 4)]))
    ix = node(result, "A", Y, "ix")
    assert ix.weight == 30 and ix.weight_normalised == pytest.approx(0.75)
    assert ix.contribution == pytest.approx(6.0)
    assert year_total(result, "A", Y).score == pytest.approx(7.0)
    assert math.isclose(year_total(result, "A", Y).completeness, 1.0)

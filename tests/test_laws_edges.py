"""Laws at the edges (issue 11): a present value is never reported missing, and the shown mark is the documented
formula's decimal result rounded half up (docs/rekenregels.md). Properties over random rulesets read the engine's
columns, so they hold whatever result model is built on top of them.

Fresh examples: CRITERIA_HYPOTHESIS=verkennen .venv/bin/python -m pytest tests/test_laws_edges.py
"""

from __future__ import annotations

import itertools
import math
from decimal import ROUND_HALF_UP, Decimal, localcontext

import numpy as np
from builders import case, criterion, evaluation, indicator, ruleset_dict, value
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from criteria.engine import evaluate
from criteria.engine import scoring as sc
from criteria.model.ruleset import Ruleset
from criteria.rules.compile import RulesetInvalid, compile_ruleset

EDGES = settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def decimals(places: int, bound: int) -> st.SearchStrategy[Decimal]:
    """Decimal numbers with at most `places` decimals between -bound and bound."""
    scale = 10**places
    return st.integers(-bound * scale, bound * scale).map(lambda n: Decimal(n) / scale)


# --- a present value is never reported missing -----------------------------------------------------------


@st.composite
def band_rulesets(draw) -> tuple[dict, list[float]]:
    """A field with an optional min/max, an indicator with bands over breakpoints (ends open or closed, sometimes
    a gap, an overlap or an edge exactly on the field's bound), and present values inside the field's range."""
    points = sorted(set(draw(st.lists(decimals(1, 200), min_size=1, max_size=5))))
    bands = [
        {"min": float(a), "max": float(b), "score": draw(st.integers(0, 10))} for a, b in itertools.pairwise(points)
    ]
    bands.insert(0, {"max": float(points[0]), "score": draw(st.integers(0, 10))})
    bands.append({"min": float(points[-1]), "score": draw(st.integers(0, 10))})
    if draw(st.booleans()):
        bands[0]["min"] = float(points[0] - draw(decimals(1, 50).filter(lambda d: d > 0)))
    if draw(st.booleans()):
        bands[-1]["max"] = float(points[-1] + draw(decimals(1, 50).filter(lambda d: d > 0)))
    if len(bands) > 2 and draw(st.integers(0, 4)) == 0:  # now and then a gap or an overlap
        bands[1]["max"] = bands[1]["max"] + float(draw(st.sampled_from([-0.5, 0.5])))
    lo = draw(
        st.one_of(
            st.none(),
            st.sampled_from([b for b in (bands[0].get("min"), points[0]) if b is not None]),
            decimals(1, 250).map(float),
        )
    )
    hi = draw(
        st.one_of(
            st.none(),
            st.sampled_from([b for b in (bands[-1].get("max"), points[-1]) if b is not None]),
            decimals(1, 250).map(float),
        )
    )
    if lo is not None and hi is not None and lo > hi:
        lo, hi = hi, lo
    field = (
        {"title": "x", "type": "number"}
        | ({"min": lo} if lo is not None else {})
        | ({"max": hi} if hi is not None else {})
    )
    measure = draw(st.sampled_from(["value", "difference", "index"]))
    extra = {} if measure == "value" else {"measure": measure, "nullijn": {"kind": "fixed", "value": 4.0}}
    rsd = ruleset_dict(
        fields={"x": field}, indicators={"i": indicator("x", {"kind": "bands", "bands": bands}, **extra)}, years=[2019]
    )
    low = -1000.0 if lo is None else lo
    high = 1000.0 if hi is None else hi
    candidates = [
        p
        for p in [low, high, *map(float, points), *(b.get("min") for b in bands), *(b.get("max") for b in bands)]
        if p is not None and low <= p <= high
    ]
    values = draw(
        st.lists(
            st.one_of(st.sampled_from(candidates), decimals(2, 1000).map(float).filter(lambda v: low <= v <= high)),
            min_size=1,
            max_size=6,
        )
    )
    return rsd, values


@EDGES
@given(band_rulesets())
def test_a_present_value_is_never_reported_missing(spec) -> None:
    rsd, values = spec
    try:
        compiled = compile_ruleset(Ruleset.model_validate(rsd))
    except RulesetInvalid:
        return  # the bands do not cover every valid value: validate refuses the ruleset
    subjects = [f"S{k}" for k in range(len(values))]
    ev = evaluate(compiled, case(subjects, [value(s, 2019, "x", v) for s, v in zip(subjects, values)]))
    cols = ev.indicators["i"]
    assert not np.isnan(cols.measure).any()
    assert not np.isnan(cols.score).any(), (rsd["indicators"]["i"]["scoring"], rsd["fields"]["x"], values)
    assert not (cols.verdict == sc.NO_DATA).any()


def test_a_band_table_with_a_closed_top_at_the_fields_maximum_is_refused() -> None:
    """0–100 % with a last band 90–100: exactly 100 falls in no band (max is not part of its band)."""
    rsd = ruleset_dict(
        fields={"x": {"title": "x", "unit": "%", "min": 0, "max": 100}},
        indicators={
            "i": indicator(
                "x", {"kind": "bands", "bands": [{"max": 90, "score": 0}, {"min": 90, "max": 100, "score": 10}]}
            )
        },
        years=[2019],
    )
    try:
        compile_ruleset(Ruleset.model_validate(rsd))
    except RulesetInvalid as err:
        assert any("een meting van precies 100 valt in geen enkele band" in f.message for f in err.findings)
    else:
        raise AssertionError("a band table that leaves 100 % uncovered was accepted")


# --- the shown mark is the decimal result, halves up -----------------------------------------------------


def expected_mark(measure: Decimal, slecht: Decimal, goed: Decimal) -> Decimal:
    """docs/rekenregels.md: s = 10 × (m − slecht) / (goed − slecht), clamped to 0 … 10; the mark is s on one
    decimal, halves up. Computed on the decimal inputs."""
    with localcontext() as ctx:
        ctx.prec = 60
        s = min(Decimal(10), max(Decimal(0), 10 * (measure - slecht) / (goed - slecht)))
        return s.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@st.composite
def linear_cases(draw) -> tuple[Decimal, Decimal, Decimal, Decimal, float]:
    if draw(st.booleans()):  # anchors as rulesets have them: round numbers, so that two decimals reach the edges
        slecht = Decimal(draw(st.integers(-1000, 1000))) / draw(st.sampled_from([1, 10]))
        goed = slecht + Decimal(draw(st.sampled_from([1, 2, 4, 5, 8, 10, 20, 25, 40, 50, 100]))) * draw(
            st.sampled_from([1, -1])
        )
    else:  # arbitrary anchors, up to four decimals and a million
        slecht = draw(st.one_of(decimals(4, 1_000_000), decimals(2, 100)))
        goed = draw(st.one_of(decimals(4, 1_000_000), decimals(2, 100)).filter(lambda g: g != slecht))
    if draw(st.booleans()):  # a measure exactly on a rounding edge (x,x5), when two decimals can reach one
        edge = Decimal(draw(st.integers(0, 99))) / 10 + Decimal("0.05")
        measure = (slecht + edge * (goed - slecht) / 10).quantize(Decimal("0.01"))
    else:
        measure = draw(decimals(2, 1_000_000))
    norm = Decimal(draw(st.integers(0, 100))) / 10
    weight = draw(st.sampled_from([1.0, 3.0, 0.7, 35.0, 1e-3]))
    return measure, slecht, goed, norm, weight


@EDGES
@given(linear_cases())
def test_the_shown_mark_and_its_verdict_are_the_decimal_result_rounded_half_up(spec) -> None:
    measure, slecht, goed, norm, weight = spec
    rsd = ruleset_dict(
        fields={"x": {"title": "x", "type": "number"}},
        criteria={"totaal": criterion("Totaal", norm={"at_least": float(norm)})},
        indicators={
            "i": indicator("x", {"kind": "linear", "slecht": float(slecht), "goed": float(goed)}, weight=weight)
        },
        years=[2019],
    )
    ev = evaluation(rsd, case(["S"], [value("S", 2019, "x", float(measure))]))
    mark = expected_mark(measure, slecht, goed)
    indicator_score = float(ev.indicators["i"].score[0, 0])
    total = ev.criteria["totaal"]
    assert Decimal(repr(sc.rapportcijfer(indicator_score))) == mark, (indicator_score, mark)
    assert Decimal(repr(sc.rapportcijfer(float(total.score[0, 0])))) == mark, (float(total.score[0, 0]), mark)
    assert total.verdict[0, 0] == (sc.PASS if mark >= norm else sc.FAIL), (mark, norm)


def test_595_with_anchors_0_and_10_shows_6_and_meets_a_norm_of_6() -> None:
    """The example of the issue: 10 × 5,95 / 10 is 5,949999… in binary floating point."""
    rsd = ruleset_dict(
        fields={"x": {"title": "x", "type": "number"}},
        criteria={"totaal": criterion("Totaal", norm={"at_least": 6.0})},
        indicators={"i": indicator("x", {"kind": "linear", "slecht": 0, "goed": 10})},
        years=[2019],
    )
    ev = evaluation(rsd, case(["S"], [value("S", 2019, "x", 5.95)]))
    assert sc.rapportcijfer(float(ev.criteria["totaal"].score[0, 0])) == 6.0
    assert ev.criteria["totaal"].verdict[0, 0] == sc.PASS


def test_texts_round_halves_up_on_the_decimal_value() -> None:
    assert sc.fmt(0.125) == "0,13" and sc.fmt(2.675) == "2,68" and sc.fmt(1.005) == "1,01"
    assert sc.fmt(5.949999999999999, 1) == "6" and sc.fmt(-0.004) == "0" and sc.fmt(1088000.0) == "1.088.000"
    assert sc.rapportcijfer(5.25) == 5.3 and sc.rapportcijfer(5.45) == 5.5 and sc.rapportcijfer(5.4499) == 5.4
    assert math.isclose(sc.verdict_threshold(5.5), 5.45, abs_tol=1e-9)


@given(x=st.floats(-1e9, 1e9) | st.decimals(-100, 100, places=3).map(float), decimals=st.integers(0, 4))
def test_a_rounding_asked_again_gives_the_same_answer_as_the_first_time(x: float, decimals: int) -> None:
    """Rounding is remembered per number (reports round the same numbers again and again): the answer is the one
    computed on the decimal value, whichever equal number was asked first; -0.0 keeps its sign."""
    with localcontext() as context:
        context.prec = 60
        noise_free = Decimal(repr(x)).quantize(Decimal(1).scaleb(-9))
        mark = float(noise_free.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    written = sc.fmt(x, decimals)
    for same in (x, np.float64(x), x + 0.0):
        assert sc.rapportcijfer(same) == mark
        assert sc.fmt(same, decimals) == written
    assert math.copysign(1, sc.rapportcijfer(0.0)) == 1 and math.copysign(1, sc.rapportcijfer(-0.0)) == -1
    assert sc.fmt(-0.0) == sc.fmt(0.0) == "0"


# --- a weighted mean of marks stays a mark ---------------------------------------------------------------


def _combined(marks: list[float], weights: list[float]) -> float:
    from criteria.engine.aggregate import Child, combine

    children = [Child(np.array([[m]]), np.array([[True]])) for m in marks]
    return float(combine(children, weights, [], np.array([[True]]), 5.5).score[0, 0])


def test_ten_times_ten_with_awkward_weights_is_exactly_ten() -> None:
    # In floating point (0.2·10 + 0.15·10 + 0.05·10 + 0.7·10) / (0.2 + 0.15 + 0.05 + 0.7) = 10.000000000000002.
    assert _combined([10.0] * 4, [0.2, 0.15, 0.05, 0.7]) == 10.0


@EDGES
@given(st.lists(st.tuples(st.floats(0.0, 10.0), st.floats(1e-6, 1e6)), min_size=1, max_size=8))
def test_a_criterion_score_is_a_mark_whatever_the_weights(children: list[tuple[float, float]]) -> None:
    marks, weights = zip(*children)
    assert 0.0 <= _combined(list(marks), list(weights)) <= 10.0

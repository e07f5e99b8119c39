"""Laws at the edges (issue 11): a present value is never reported missing. Properties over random rulesets read
the engine's columns, so they hold whatever result model is built on top of them.

Fresh examples: CRITERIA_HYPOTHESIS=verkennen .venv/bin/python -m pytest tests/test_laws_edges.py
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builders import case, indicator, ruleset_dict, value
from criteria.rules.compile import RulesetInvalid, compile_ruleset
from criteria.engine import evaluate
from criteria.engine import scoring as sc
from criteria.model.ruleset import Ruleset

EDGES = settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def decimals(places: int, bound: int) -> st.SearchStrategy[Decimal]:
    """Decimal numbers with at most `places` decimals between -bound and bound."""
    scale = 10 ** places
    return st.integers(-bound * scale, bound * scale).map(lambda n: Decimal(n) / scale)


# --- a present value is never reported missing -----------------------------------------------------------


@st.composite
def band_rulesets(draw) -> tuple[dict, list[float]]:
    """A field with an optional min/max, an indicator with bands over breakpoints (ends open or closed, sometimes
    a gap, an overlap or an edge exactly on the field's bound), and present values inside the field's range."""
    points = sorted(set(draw(st.lists(decimals(1, 200), min_size=1, max_size=5))))
    bands = [{"min": float(a), "max": float(b), "score": draw(st.integers(0, 10))} for a, b in zip(points, points[1:])]
    bands.insert(0, {"max": float(points[0]), "score": draw(st.integers(0, 10))})
    bands.append({"min": float(points[-1]), "score": draw(st.integers(0, 10))})
    if draw(st.booleans()):
        bands[0]["min"] = float(points[0] - draw(decimals(1, 50).filter(lambda d: d > 0)))
    if draw(st.booleans()):
        bands[-1]["max"] = float(points[-1] + draw(decimals(1, 50).filter(lambda d: d > 0)))
    if len(bands) > 2 and draw(st.integers(0, 4)) == 0:  # now and then a gap or an overlap
        bands[1]["max"] = bands[1]["max"] + float(draw(st.sampled_from([-0.5, 0.5])))
    lo = draw(st.one_of(st.none(), st.sampled_from([b for b in (bands[0].get("min"), points[0]) if b is not None]),
                        decimals(1, 250).map(float)))
    hi = draw(st.one_of(st.none(), st.sampled_from([b for b in (bands[-1].get("max"), points[-1]) if b is not None]),
                        decimals(1, 250).map(float)))
    if lo is not None and hi is not None and lo > hi:
        lo, hi = hi, lo
    field = {"title": "x", "type": "number"} | ({"min": lo} if lo is not None else {}) | \
        ({"max": hi} if hi is not None else {})
    measure = draw(st.sampled_from(["value", "difference", "index"]))
    extra = {} if measure == "value" else {"measure": measure, "nullijn": {"kind": "fixed", "value": 4.0}}
    rsd = ruleset_dict(fields={"x": field}, indicators={"i": indicator("x", {"kind": "bands", "bands": bands},
                                                                       **extra)}, years=[2019])
    low = -1000.0 if lo is None else lo
    high = 1000.0 if hi is None else hi
    candidates = [p for p in [low, high, *map(float, points), *(b.get("min") for b in bands),
                              *(b.get("max") for b in bands)] if p is not None and low <= p <= high]
    values = draw(st.lists(st.one_of(st.sampled_from(candidates), decimals(2, 1000).map(float)
                                     .filter(lambda v: low <= v <= high)), min_size=1, max_size=6))
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
    rsd = ruleset_dict(fields={"x": {"title": "x", "unit": "%", "min": 0, "max": 100}},
                       indicators={"i": indicator("x", {"kind": "bands", "bands": [
                           {"max": 90, "score": 0}, {"min": 90, "max": 100, "score": 10}]})}, years=[2019])
    try:
        compile_ruleset(Ruleset.model_validate(rsd))
    except RulesetInvalid as err:
        assert any("een meting van precies 100 valt in geen enkele band" in f.message for f in err.findings)
    else:
        raise AssertionError("a band table that leaves 100 % uncovered was accepted")

"""Signals (`[signals.ID]`): shown with their value, nullijn and measure, never scored, weighted or flipped.

Law: adding signals to any ruleset changes no score, verdict, completeness or weight share, and gives them
no flip point and no place in the sensitivity analysis.
"""

from __future__ import annotations

import numpy as np
from builders import ROOT, Spec, all_nodes, evaluation, node_facts, random_spec, score
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from criteria.engine import scoring as sc
from criteria.engine.sensitivity import Settings, analyse

LAWS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def with_signals(spec: Spec, data) -> Spec:
    out = spec.copy()
    fields = [f for f, d in out.ruleset_dict["fields"].items() if d.get("type", "number") == "number"]
    parents = list(out.ruleset_dict["criteria"])
    signals = {}
    for i in range(data.draw(st.integers(1, 3))):
        measure = data.draw(st.sampled_from(["value", "difference", "relative_difference", "index"]))
        signals[f"signaal_{i}"] = {
            "title": f"Signaal {i}",
            "parent": data.draw(st.sampled_from(parents)),
            "formula": data.draw(st.sampled_from(fields)) if fields else "1",
            "toelichting": "test",
            "measure": measure,
            **({"nullijn": {"kind": "fixed", "value": data.draw(st.floats(1, 100))}} if measure != "value" else {}),
        }
    out.ruleset_dict["signals"] = signals
    return out


@LAWS
@given(random_spec(), st.data())
def test_signals_change_no_score_verdict_completeness_or_share(spec: Spec, data) -> None:
    plus = with_signals(spec, data)
    a, b = all_nodes(spec.result()), all_nodes(plus.result())
    signal_nodes = {k for k, n in b.items() if n.kind == "signaal"}
    assert signal_nodes  # shown in the result
    assert {k: node_facts(v) for k, v in a.items()} == {k: node_facts(v) for k, v in b.items() if k not in signal_nodes}
    for key in signal_nodes:
        n = b[key]
        assert n.score is None and n.weight_normalised is None and n.contribution is None
        assert n.verdict in ("signaal", "niet van toepassing")


@LAWS
@given(random_spec(max_subjects=3), st.data())
def test_signals_have_no_flip_point_and_no_place_in_the_sensitivity_analysis(spec: Spec, data) -> None:
    plus = with_signals(spec, data)
    ev_a, ev_b = evaluation(spec.ruleset(), spec.case()), evaluation(plus.ruleset(), plus.case())
    s_a, s_b = analyse(ev_a, Settings(samples=20)), analyse(ev_b, Settings(samples=20))
    assert [f.node for f in s_b.flips] == [f.node for f in s_a.flips]
    assert not any(f.node.startswith("signaal_") for f in s_b.flips)
    np.testing.assert_array_equal(s_a.total, s_b.total)
    np.testing.assert_array_equal(s_a.monte_carlo.verdict_probability, s_b.monte_carlo.verdict_probability)
    assert all(int(v) in (sc.SIGNAL, sc.NOT_APPLICABLE) for cols in ev_b.signals.values() for v in cols.verdict.flat)


def test_a_signal_shows_value_nullijn_and_measure() -> None:
    rs = {
        "id": "s",
        "version": "1",
        "title": "S",
        "authors": ["a"],
        "basis": "b",
        "years": [2020],
        "missing_data": "reweigh",
        "fields": {"x": {"title": "X", "unit": "€"}},
        "criteria": {ROOT: {"title": "Totaal"}},
        "indicators": {
            "i": {
                "title": "I",
                "parent": ROOT,
                "formula": "x",
                "toelichting": "t",
                "scoring": {"kind": "linear", "slecht": 0, "goed": 10},
            }
        },
        "signals": {
            "s": {
                "title": "S",
                "parent": ROOT,
                "unit": "€",
                "formula": "x * 2",
                "measure": "difference",
                "nullijn": {"kind": "fixed", "value": 5},
                "toelichting": "t",
            }
        },
    }
    from builders import case, value

    result = score(rs, case(["A"], [value("A", 2020, "x", 4)]))
    sig = next(c for c in result.subjects[0].years[0].total.children if c.id == "s")
    assert sig.kind == "signaal" and sig.indicator.value == 8 and sig.indicator.nullijn.value == 5
    assert sig.indicator.measure == 3 and sig.verdict_reason == "signaal: +€ 3; telt niet mee in de score"

"""The scoring laws (DESIGN.md, "Scoring semantics"), as properties over random rulesets and cases.

Random trees, scoring functions, norms, subjects, years and data come from builders.random_spec. The runs
are derandomized so that CI sees the same examples every time.
"""

from __future__ import annotations

import math
import random

import pytest
from builders import (
    BASE_YEAR,
    ROOT,
    Spec,
    all_nodes,
    case,
    criterion,
    evaluation,
    indicator,
    linear,
    node,
    node_facts,
    number_field,
    random_spec,
    ruleset,
    score,
    shuffled,
    value,
    walk,
    year_total,
)
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from criteria.errors import MissingDataError
from criteria.model.result import EvaluationResult

LAWS = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
FEW = settings(LAWS, max_examples=15)


def close(a: float | None, b: float | None, tol: float = 1e-9) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=tol, abs_tol=tol)


def assert_same_scores(a: EvaluationResult, b: EvaluationResult, only: set | None = None) -> None:
    """Every node of every scored subject-year (or those in `only`) has the same score, verdict, share."""
    na, nb = all_nodes(a), all_nodes(b)
    keys = set(na) if only is None else {k for k in na if (k[0], k[1]) in only}
    assert keys and keys <= set(nb)
    for key in sorted(keys):
        (sa, ba, wa, va, ca, ka), (sb, bb, wb, vb, cb, kb) = node_facts(na[key]), node_facts(nb[key])
        assert (va, ka) == (vb, kb), key
        for x, y in ((sa, sb), (ba, bb), (wa, wb), (ca, cb)):
            assert close(x, y), (key, node_facts(na[key]), node_facts(nb[key]))


def raw_scores(spec_or_rs, c) -> dict[tuple[str, int, str], float]:
    """The engine's unrounded score columns, keyed by (subject, year, node)."""
    ev = evaluation(spec_or_rs, c)
    out = {}
    for cols_by_node in (ev.indicators, ev.criteria):
        for nid, cols in cols_by_node.items():
            for si, s in enumerate(ev.subjects):
                for yi, y in enumerate(ev.years):
                    out[(s, y, nid)] = float(cols.score[si, yi])
    return out


def assert_same_raw(a: dict, b: dict) -> None:
    assert set(a) == set(b)
    for key, x in a.items():
        y = b[key]
        assert (math.isnan(x) and math.isnan(y)) or math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9), (key, x, y)


# --- bounds -----------------------------------------------------------------------------------------------


@LAWS
@given(random_spec())
def test_every_score_is_between_0_and_10_or_none(spec: Spec) -> None:
    for key, x in raw_scores(spec.ruleset_dict, spec.case()).items():
        assert math.isnan(x) or 0.0 <= x <= 10.0, (key, x)
    result = spec.result()
    for n in all_nodes(result).values():
        for x in (n.score, n.score_before_knockout, n.contribution):
            assert x is None or 0.0 <= x <= 10.0
        assert n.completeness is None or 0.0 <= n.completeness <= 1.0
    for s in result.subjects:
        assert s.period is not None
        assert s.period.score is None or 0.0 <= s.period.score <= 10.0
        for t in s.period.trends:
            assert all(v is None or 0.0 <= v <= 10.0 for v in t.scores.values())


# --- monotonicity -----------------------------------------------------------------------------------------


@LAWS
@given(random_spec(aligned_norms=True), st.data())
def test_raising_a_value_towards_goed_never_lowers_the_indicator_or_the_total(spec: Spec, data) -> None:
    linear_ids = [i for i in spec.indicator_ids if spec.ruleset_dict["indicators"][i]["scoring"]["kind"] == "linear"]
    assume(linear_ids)
    iid = data.draw(st.sampled_from(linear_ids), label="indicator")
    sc = spec.ruleset_dict["indicators"][iid]["scoring"]
    direction = 1.0 if sc["goed"] > sc["slecht"] else -1.0
    fname = spec.field_of[iid]
    present = [k for k, v in enumerate(spec.values) if v.field == fname and v.year in spec.years]
    assume(present)
    k = data.draw(st.sampled_from(present), label="data point")
    delta = data.draw(st.one_of(st.floats(1e-3, 1e3), st.sampled_from([0.5, 1.0, 10.0, 100.0])), label="delta")
    old = spec.values[k]
    raised = list(spec.values)
    raised[k] = old.model_copy(update={"value": old.value + direction * delta})

    rs = spec.ruleset()
    before = score(rs, spec.case())
    after = score(rs, spec.case(values=raised))
    s, y = old.subject, old.year
    b_ind, a_ind = node(before, s, y, iid), node(after, s, y, iid)
    assume(b_ind.score is not None)  # measure 'difference' without a base-year value: nothing to compare
    assert a_ind.score is not None
    assert a_ind.score >= b_ind.score
    b_tot, a_tot = year_total(before, s, y), year_total(after, s, y)
    assert a_tot.score is not None and b_tot.score is not None
    assert a_tot.score >= b_tot.score, (b_tot.score, a_tot.score)
    for cid in spec.ruleset_dict["criteria"]:  # every criterion on the way up as well
        b, a = node(before, s, y, cid).score, node(after, s, y, cid).score
        assert (b is None and a is None) or a >= b


# --- weight-scale invariance ------------------------------------------------------------------------------


@LAWS
@given(random_spec(), st.data())
def test_scaling_all_sibling_weights_changes_no_score(spec: Spec, data) -> None:
    rsd = spec.ruleset_dict
    parent = data.draw(st.sampled_from(sorted(rsd["criteria"])), label="criterion")
    c = data.draw(st.one_of(st.floats(0.01, 100), st.sampled_from([0.01, 0.1, 3.0, 100.0])), label="c")
    scaled = spec.copy()
    touched = 0
    for section in ("criteria", "indicators"):
        for item in scaled.ruleset_dict[section].values():
            if item.get("parent") == parent:
                item["weight"] = item.get("weight", 1.0) * c
                touched += 1
    assert touched > 0
    cs = spec.case()
    assert_same_raw(raw_scores(spec.ruleset_dict, cs), raw_scores(scaled.ruleset_dict, cs))
    assert_same_scores(score(spec.ruleset(), cs), score(scaled.ruleset(), cs))


# --- order invariance -------------------------------------------------------------------------------------


@LAWS
@given(random_spec(), st.randoms(use_true_random=False))
def test_reordering_criteria_indicators_subjects_and_values_changes_no_score(spec: Spec, rnd: random.Random) -> None:
    reordered = spec.copy()
    rsd = reordered.ruleset_dict
    for section in ("criteria", "indicators", "fields"):
        rsd[section] = shuffled(rnd, rsd[section])
    subjects = list(spec.subjects)
    rnd.shuffle(subjects)
    values = list(spec.values)
    rnd.shuffle(values)
    a = spec.result()
    b = score(reordered.ruleset(), case(subjects, values))
    assert_same_scores(a, b)
    assert_same_scores(b, a)
    periods_a = {s.id: s.period for s in a.subjects}
    for s in b.subjects:
        pa, pb = periods_a[s.id], s.period
        assert close(pa.score, pb.score, 1e-6) and pa.verdict == pb.verdict
        # the trends follow the file order of the criteria; the labels and slopes may not change
        assert pa.trends[0].id == pb.trends[0].id == ROOT
        trends_a = {t.id: t for t in pa.trends}
        assert set(trends_a) == {t.id for t in pb.trends}
        for t in pb.trends:
            assert t.trend == trends_a[t.id].trend and close(t.slope, trends_a[t.id].slope, 1e-6), t.id


# --- locality ---------------------------------------------------------------------------------------------


@LAWS
@given(random_spec(max_subjects=4), st.data())
def test_adding_or_removing_another_subject_changes_nothing_for_the_others(spec: Spec, data) -> None:
    base = spec.result()
    # add a subject with its own data (a copy of another subject's data, shifted)
    donor = data.draw(st.sampled_from(spec.subjects), label="donor")
    shift = data.draw(st.floats(-50, 50), label="shift")
    extra = [
        v.model_copy(update={"subject": "NEW", "value": v.value + shift}) for v in spec.values if v.subject == donor
    ]
    added = score(spec.ruleset(), spec.case(subjects=spec.subjects + ["NEW"], values=spec.values + extra))
    others = {(s, y) for s in spec.subjects for y in spec.years}
    assert_same_scores(base, added, only=others)
    assert {s.id for s in added.subjects} == set(spec.subjects) | {"NEW"}
    # remove one subject (and its data)
    if len(spec.subjects) > 1:
        gone = data.draw(st.sampled_from(spec.subjects), label="removed")
        keep = [s for s in spec.subjects if s != gone]
        removed = score(spec.ruleset(), spec.case(subjects=keep, values=[v for v in spec.values if v.subject != gone]))
        assert_same_scores(removed, base)


@LAWS
@given(random_spec(), st.data())
def test_adding_or_removing_an_evaluation_year_changes_no_other_year(spec: Spec, data) -> None:
    base = spec.result()
    new_year = max(spec.years) + 1
    assert new_year != BASE_YEAR
    more = spec.copy()
    more.ruleset_dict["years"] = spec.years + [new_year]
    fill = data.draw(st.floats(-500, 500), label="fill")
    extra = [
        v.model_copy(update={"year": new_year, "value": v.value + fill})
        for v in spec.values
        if v.year == max(spec.years)
    ]
    with_year = score(more.ruleset(), spec.case(values=spec.values + extra))
    assert_same_scores(base, with_year)
    assert all(new_year in [y.year for y in s.years] for s in with_year.subjects)
    if len(spec.years) > 1:
        fewer = spec.copy()
        fewer.ruleset_dict["years"] = spec.years[1:]
        assert_same_scores(score(fewer.ruleset(), spec.case()), base)


# --- determinism ------------------------------------------------------------------------------------------


@FEW
@given(random_spec())
def test_the_same_inputs_give_byte_identical_json(spec: Spec) -> None:
    first = spec.result().model_dump_json()
    second = spec.copy().result().model_dump_json()
    assert first == second
    assert spec.result().model_dump_json(indent=2) == spec.result().model_dump_json(indent=2)


# --- completeness -----------------------------------------------------------------------------------------


def expected_completeness(rsd: dict, result: EvaluationResult) -> dict[tuple[str, int, str], float]:
    """Share of weight with data, computed from the tree and which indicators scored."""
    kids: dict[str, list[tuple[str, float]]] = {}
    for section in ("criteria", "indicators"):
        for nid, item in rsd[section].items():
            if item.get("parent") is not None:
                kids.setdefault(item["parent"], []).append((nid, item.get("weight", 1.0)))
    out = {}
    for s in result.subjects:
        for y in s.years:
            nodes = {n.id: n for n in walk(y.total)}

            def comp(nid: str) -> float:
                if nid in rsd["indicators"]:
                    return 1.0 if nodes[nid].score is not None else 0.0
                total_w = sum(w for _, w in kids[nid])
                value_ = sum(w * comp(k) for k, w in kids[nid]) / total_w
                out[(s.id, y.year, nid)] = value_
                return value_

            comp(ROOT)
    return out


@LAWS
@given(random_spec(gaps=False))
def test_with_full_data_completeness_is_1_everywhere(spec: Spec) -> None:
    for key, n in all_nodes(spec.result()).items():
        assert n.completeness == 1.0, key
        assert n.score is not None, key


@LAWS
@given(random_spec(gaps=True))
def test_with_gaps_completeness_is_the_share_of_weight_with_data(spec: Spec) -> None:
    result = spec.result()
    nodes = all_nodes(result)
    for key, expected in expected_completeness(spec.ruleset_dict, result).items():
        assert math.isclose(nodes[key].completeness, expected, abs_tol=2e-6), (key, nodes[key].completeness, expected)
    for s in result.subjects:
        for y in s.years:
            missing = any(n.score is None for n in walk(y.total) if n.kind == "indicator")
            assert (y.total.completeness < 1.0) == missing


def test_completeness_hand_built_case() -> None:
    # totaal <- c1 (w 2: i1 w 1, i2 w 1), i3 (w 2); i2 has no data for S in 2019.
    rs = ruleset(
        fields={"a": number_field(), "b": number_field(), "c": number_field()},
        criteria={"totaal": criterion("Totaal"), "c1": criterion("C1", parent="totaal", weight=2)},
        indicators={
            "i1": indicator("a", linear(0, 10), parent="c1", weight=1),
            "i2": indicator("b", linear(0, 10), parent="c1", weight=1),
            "i3": indicator("c", linear(0, 10), weight=2),
        },
        years=[2019],
    )
    result = score(rs, case(["S"], [value("S", 2019, "a", 4), value("S", 2019, "c", 8)]))
    c1, total = node(result, "S", 2019, "c1"), year_total(result, "S", 2019)
    assert c1.completeness == 0.5  # 1 of 2 weight points
    assert total.completeness == 0.75  # (2 × 0.5 + 2 × 1) / 4
    assert c1.score == pytest.approx(4.0)  # re-weighed over i1 only
    assert total.score == pytest.approx((2 * 4 + 2 * 8) / 4)
    assert node(result, "S", 2019, "i1").weight_normalised == 1.0
    assert node(result, "S", 2019, "i2").weight_normalised is None


@LAWS
@given(random_spec(gaps=True, missing_data="error"))
def test_error_policy_raises_naming_every_gap(spec: Spec) -> None:
    have = {(v.subject, v.year, v.field) for v in spec.values}
    expected = set()
    for iid in spec.indicator_ids:
        ind = spec.ruleset_dict["indicators"][iid]
        f = spec.field_of[iid]
        for s in spec.subjects:
            for y in spec.years:
                if (s, y, f) not in have or (ind.get("measure") == "difference" and (s, BASE_YEAR, f) not in have):
                    expected.add((s, y, iid))
    if not expected:
        spec.result()
        return
    with pytest.raises(MissingDataError) as err:
        spec.result()
    lines = err.value.missing
    assert len(lines) == len(expected)
    for s, y, iid in expected:
        assert f"{s} {y}: indicator '{iid}'" in lines
        assert f"{s} {y}: indicator '{iid}'" in str(err.value)


# --- aggregation ------------------------------------------------------------------------------------------


@LAWS
@given(random_spec())
def test_criterion_score_is_the_weighted_mean_of_children_with_data(spec: Spec) -> None:
    result = spec.result()
    caps = {
        iid: ind["norm"].get("cap")
        for iid, ind in spec.ruleset_dict["indicators"].items()
        if ind.get("norm", {}).get("knockout") == "cap"
    }
    for key, n in all_nodes(result).items():
        if n.kind != "criterium":
            continue
        with_data = [c for c in n.children if c.score is not None]
        for c in n.children:
            assert (c.weight_normalised is None) == (c.score is None), (key, c.id)
        if not with_data:
            assert n.score is None
            continue
        assert math.isclose(sum(c.weight_normalised for c in with_data), 1.0, abs_tol=1e-5 * len(with_data))
        mean = sum(c.weight_normalised * c.score for c in with_data)
        uncapped = n.score_before_knockout if n.score_before_knockout is not None else n.score
        assert math.isclose(uncapped, mean, abs_tol=2e-5 * len(with_data)), (key, uncapped, mean)
        total_w = sum(c.weight for c in with_data)
        for c in with_data:
            assert math.isclose(c.weight_normalised, c.weight / total_w, abs_tol=2e-6)
            assert math.isclose(c.contribution, c.weight_normalised * c.score, abs_tol=2e-5)
        cap_hits = [caps[k] for k in n.knockouts if k in caps]
        if cap_hits:
            assert math.isclose(n.score, min([uncapped, *cap_hits]), abs_tol=2e-6)
        else:
            assert n.score_before_knockout is None and n.score == uncapped
        if n.knockouts:
            assert n.verdict == "voldoet niet"


# --- a reference model ------------------------------------------------------------------------------------


def reference_indicator(ind: dict, v: float | None, base: float | None) -> tuple[float | None, str]:
    """Score and verdict of one indicator, written out independently of the engine."""
    if v is None or (ind.get("measure") == "difference" and base is None):
        return None, "onvoldoende gegevens"
    m = v - base if ind.get("measure") == "difference" else v
    sc = ind["scoring"]
    if sc["kind"] == "linear":
        s = min(10.0, max(0.0, 10.0 * (m - sc["slecht"]) / (sc["goed"] - sc["slecht"])))
    else:
        s = next(b["score"] for b in sc["bands"] if b.get("min", -math.inf) <= m < b.get("max", math.inf))
    nrm = ind.get("norm")
    if nrm is None:
        return s, "geen norm"
    ok = (nrm.get("at_least") is None or m >= nrm["at_least"]) and (nrm.get("at_most") is None or m <= nrm["at_most"])
    return s, "voldoet" if ok else "voldoet niet"


@LAWS
@given(random_spec())
def test_scores_match_a_reference_model(spec: Spec) -> None:
    rsd = spec.ruleset_dict
    data = {(v.subject, v.year, v.field): v.value for v in spec.values}
    result = spec.result()
    for s in spec.subjects:
        for y in spec.years:
            got = {n.id: n for n in walk(year_total(result, s, y))}

            def check(nid: str) -> float | None:
                if nid in rsd["indicators"]:
                    ind = rsd["indicators"][nid]
                    f = spec.field_of[nid]
                    sc, verdict = reference_indicator(ind, data.get((s, y, f)), data.get((s, BASE_YEAR, f)))
                    assert got[nid].verdict == verdict, (s, y, nid)
                    assert close(got[nid].score, sc, 2e-6), (s, y, nid, got[nid].score, sc)
                    return sc
                children = [
                    k for sec in ("criteria", "indicators") for k, item in rsd[sec].items() if item.get("parent") == nid
                ]
                scored = [(rsd["criteria"].get(k) or rsd["indicators"][k]).get("weight", 1.0) for k in children]
                child_scores = [check(k) for k in children]
                pairs = [(w, x) for w, x in zip(scored, child_scores) if x is not None]
                if not pairs:
                    assert got[nid].score is None and got[nid].verdict == "onvoldoende gegevens"
                    return None
                mean = sum(w * x for w, x in pairs) / sum(w for w, _ in pairs)
                knocked = False
                for k in children:
                    nrm = rsd["indicators"].get(k, {}).get("norm") or {}
                    if nrm.get("knockout", "none") != "none" and got[k].verdict == "voldoet niet":
                        knocked = True
                        if nrm["knockout"] == "cap":
                            mean = min(mean, nrm["cap"])
                assert close(got[nid].score, mean, 1e-5), (s, y, nid, got[nid].score, mean)
                # the verdict compares the mark as shown (one decimal, halves up) with 5,5: 5,46 shows 5,5
                shown = math.floor(mean * 10 + 0.5) / 10
                expected_verdict = "voldoet niet" if knocked or shown < 5.5 else "voldoet"
                if not knocked and abs(mean * 10 - 54.5) < 1e-6:
                    return mean  # on the rounding edge itself: float representation decides
                assert got[nid].verdict == expected_verdict, (s, y, nid)
                return mean

            check(ROOT)

"""Sensitivity of the verdicts to the weights: exact flip points against the real engine, Monte Carlo laws, CLI."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest
from conftest import CASE, run_cli

from benchmarks.national_case import national_case
from criteria.engine import evaluate
from criteria.engine import scoring as sc
from criteria.engine.columns import Evaluation, evaluated_years
from criteria.engine.flips import flip_points, leave_one_out
from criteria.engine.reweigh import rescore, tree_of
from criteria.engine.sensitivity import Settings, analyse, concentration, sample_weights
from criteria.model.ruleset import Ruleset
from criteria.pipeline.run import load_inputs
from criteria.rules.compile import compile_ruleset

EPS = 1e-6


@pytest.fixture(scope="module")
def bundled() -> Evaluation:
    loaded, case, _ = load_inputs(CASE)
    return evaluate(loaded.compiled, case)


@pytest.fixture(scope="module")
def national() -> Evaluation:
    """Five municipalities from the national generator: knock-outs (cap and fail), gaps, applies_to."""
    ruleset, case = national_case(municipalities=5, years=2, missing=0.05)
    return evaluate(compile_ruleset(ruleset), case)


def reweighed(rs: Ruleset, node: str, share: float) -> Ruleset:
    """The ruleset with `node` at `share` of its siblings' total weight, the siblings rescaled proportionally."""
    parent = rs.criteria[node].parent if node in rs.criteria else rs.indicators[node].parent
    siblings = rs.children(parent)
    weight = {k: (rs.criteria[k] if k in rs.criteria else rs.indicators[k]).weight for k in siblings}
    total, others = sum(weight.values()), sum(w for k, w in weight.items() if k != node)
    crit, inds = dict(rs.criteria), dict(rs.indicators)
    for k in siblings:
        new = share * total if k == node else weight[k] * (1 - share) * total / others
        target = crit if k in crit else inds
        target[k] = target[k].model_copy(update={"weight": new})
    return rs.model_copy(update={"criteria": crit, "indicators": inds})


def engine_verdicts(ev: Evaluation, rs: Ruleset) -> np.ndarray:
    """The engine's verdicts of the total with ruleset `rs` (only weights changed: formulas and tree as compiled)."""
    again = evaluate(dataclasses.replace(ev.compiled, ruleset=rs), ev.case)
    return again.criteria[again.compiled.root].verdict


def check_flips_against_engine(ev: Evaluation, limit: int | None = None, ends: bool = True) -> list:
    """Evaluate just before and just beyond every flip point with the engine; return the (node, s, y) checked."""
    rs, tree = ev.compiled.ruleset, tree_of(ev)
    base = ev.criteria[tree.root].verdict
    checked = []
    for f in flip_points(tree):
        cells = list(zip(*np.nonzero(~np.isnan(f.point))))[:limit]
        for s, y in cells:
            point, step = float(f.point[s, y]), EPS if f.above[s, y] else -EPS
            beyond = engine_verdicts(ev, reweighed(rs, f.node, point + step))[s, y]
            before = engine_verdicts(ev, reweighed(rs, f.node, point - step))[s, y]
            assert before == base[s, y], (f.node, s, y)
            assert beyond != base[s, y] and beyond in (sc.PASS, sc.FAIL), (f.node, s, y, point)
            checked.append((f.node, s, y))
        if not ends:
            continue
        # no flip point: the verdict is the same at both ends of the range of shares (in the evaluated
        # subject-years: a voorstel only in the years of its raming)
        none = np.isnan(f.point) & evaluated_years(ev)
        for share in (EPS, 1 - EPS):
            v = engine_verdicts(ev, reweighed(rs, f.node, share))
            assert np.array_equal(v[none], base[none]), (f.node, share)
    return checked


def test_flip_points_agree_with_the_engine_at_those_weights(bundled: Evaluation) -> None:
    assert len(check_flips_against_engine(bundled)) > 20


def test_flip_points_hold_with_knockouts_and_missing_data(national: Evaluation) -> None:
    tree = tree_of(national)
    assert any(k.cap is not None for ks in tree.knockouts.values() for k in ks)
    assert any(k.cap is None for ks in tree.knockouts.values() for k in ks)
    checked = check_flips_against_engine(national, limit=1, ends=False)
    assert len(checked) > 20
    capped = [
        (n, s, y)
        for n, s, y in checked
        if any(k.cap is not None and k.hit[s, y] for k in tree.knockouts[tree.parent[n]])
    ]
    assert capped  # flips under a criterion that a knock-out caps


def test_flip_sentence_names_weight_subject_year_and_new_verdict(bundled: Evaluation) -> None:
    from criteria.report.terminal.gevoeligheid import flip_sentence, flips_at

    sens = analyse(bundled, Settings(samples=50))
    s, y = bundled.subjects.index("HH"), bundled.years.index(2020)
    now = sens.verdict[s, y]
    text = flip_sentence(sens, flips_at(sens, s, y)[0], "Handhaving", 2020)
    assert text.startswith("bij een gewicht voor ") and "Handhaving 2020" in text
    assert text.endswith("'voldoet niet'" if now == sc.PASS else "'voldoet'")


def test_ruleset_weights_reproduce_the_engine(bundled: Evaluation, national: Evaluation) -> None:
    for ev in (bundled, national):
        again = rescore(tree_of(ev))
        on = evaluated_years(ev)  # a voorstel only in the years of its raming, as evaluate shows it
        for cid, cols in ev.criteria.items():
            np.testing.assert_array_equal(again[cid].score[on], cols.score[on])
            np.testing.assert_array_equal(again[cid].verdict[on], cols.verdict[on])
            assert np.isnan(again[cid].score[~on]).all() and (again[cid].verdict[~on] == sc.NOT_APPLICABLE).all()
    assert not evaluated_years(bundled).all()  # the bundled voorstel is evaluated in 2020 only


def test_all_samples_at_once_equal_one_engine_run_per_sample(national: Evaluation) -> None:
    tree = tree_of(national)
    weights = sample_weights(tree, Settings(samples=3, spread=0.3, seed=7))
    together = rescore(tree, {k: w[:, None, None] for k, w in weights.items()})[tree.root]
    rs = national.compiled.ruleset
    for i in range(3):
        crit = {
            c: v.model_copy(update={"weight": float(weights[c][i])}) if c in weights else v
            for c, v in rs.criteria.items()
        }
        inds = {k: v.model_copy(update={"weight": float(weights[k][i])}) for k, v in rs.indicators.items()}
        one = evaluate(compile_ruleset(rs.model_copy(update={"criteria": crit, "indicators": inds})), national.case)
        np.testing.assert_allclose(together.score[i], one.criteria[tree.root].score, rtol=1e-12, atol=1e-12)
        np.testing.assert_array_equal(together.verdict[i], one.criteria[tree.root].verdict)


def test_leave_one_out_equals_the_engine_without_that_criterion(bundled: Evaluation) -> None:
    rs = bundled.compiled.ruleset
    for cid, agg in leave_one_out(tree_of(bundled)).items():
        crit = dict(rs.criteria)
        crit[cid] = crit[cid].model_copy(update={"weight": 0.0})
        ev = evaluate(compile_ruleset(rs.model_copy(update={"criteria": crit})), bundled.case)
        on = evaluated_years(ev)
        np.testing.assert_array_equal(agg.score[on], ev.criteria[rs.root].score[on])
        np.testing.assert_array_equal(agg.verdict[on], ev.criteria[rs.root].verdict[on])


def test_seeded_runs_are_reproducible(bundled: Evaluation) -> None:
    a = analyse(bundled, Settings(samples=500, seed=11))
    b = analyse(bundled, Settings(samples=500, seed=11))
    c = analyse(bundled, Settings(samples=500, seed=12))
    for field in ("verdict_probability", "low", "high", "rank_kept"):
        np.testing.assert_array_equal(getattr(a.monte_carlo, field), getattr(b.monte_carlo, field))
    assert not np.array_equal(a.monte_carlo.low, c.monte_carlo.low)


def test_results_do_not_depend_on_the_chunk_size(bundled: Evaluation) -> None:
    from criteria.engine.sensitivity import monte_carlo, ranks

    tree, settings = tree_of(bundled), Settings(samples=300, seed=3)
    base_rank = ranks(rescore(tree)[tree.root].score)
    whole = monte_carlo(tree, base_rank, settings)
    pieces = monte_carlo(tree, base_rank, settings, chunk_cells=15 * 7)
    for field in dataclasses.fields(whole):
        np.testing.assert_array_equal(getattr(whole, field.name), getattr(pieces, field.name))


def test_statistics_per_chunk_equal_those_of_every_total_kept(bundled: Evaluation, national: Evaluation) -> None:
    """The Monte Carlo keeps no sampled total beyond its chunk, yet its statistics are bit for bit those of all the
    totals at once: numpy's percentiles, mean and counts over the whole (samples, subjects, years) array."""
    from criteria.engine.sensitivity import monte_carlo, ranks

    for ev, chunk in ((bundled, 15 * 7 * 13), (national, 500)):
        tree, settings = tree_of(ev), Settings(samples=700, seed=4)
        base_rank = ranks(rescore(tree)[tree.root].score)
        mc = monte_carlo(tree, base_rank, settings, chunk_cells=chunk)
        weights = sample_weights(tree, settings)
        root = rescore(tree, {k: w[:, None, None] for k, w in weights.items()})[tree.root]
        low, high = np.percentile(root.score, [5, 95], axis=0)
        np.testing.assert_array_equal(mc.low, low)
        np.testing.assert_array_equal(mc.high, high)
        np.testing.assert_array_equal(mc.mean, root.score.mean(axis=0))
        for code in range(len(sc.VERDICT_TEXT)):
            np.testing.assert_array_equal(mc.verdict_probability[code], (root.verdict == code).mean(axis=0))
        r = ranks(root.score)
        has = base_rank > 0
        np.testing.assert_array_equal(mc.rank_kept[has], (r == base_rank).mean(axis=0)[has])
        np.testing.assert_array_equal(mc.rank_best[has], r.min(axis=0)[has])
        np.testing.assert_array_equal(mc.rank_worst[has], r.max(axis=0)[has])


def test_probabilities_sum_to_one_and_ranges_hold_the_total(bundled: Evaluation, national: Evaluation) -> None:
    for ev in (bundled, national):
        sens = analyse(ev, Settings(samples=400))
        mc = sens.monte_carlo
        np.testing.assert_allclose(mc.verdict_probability.sum(axis=0), 1.0)
        has = ~np.isnan(sens.total)
        assert np.all(mc.low[has] <= mc.high[has])
        assert np.all((mc.rank_kept[has] >= 0) & (mc.rank_kept[has] <= 1))
        assert np.all((mc.rank_best[has] <= sens.rank[has]) & (sens.rank[has] <= mc.rank_worst[has]))


def test_zero_spread_keeps_the_verdicts(bundled: Evaluation) -> None:
    sens = analyse(bundled, Settings(samples=20, spread=0.0))
    for code in (sc.PASS, sc.FAIL):
        np.testing.assert_array_equal(sens.monte_carlo.verdict_probability[code], sens.verdict == code)


def test_spread_is_the_relative_deviation_of_an_average_weight(bundled: Evaluation) -> None:
    tree = tree_of(bundled)
    weights = sample_weights(tree, Settings(samples=20_000, spread=0.25, seed=1))
    kids = tree.children[tree.root]  # three criteria: an average weight is 1/3
    mean_share = 1 / len(kids)
    sd = np.sqrt(mean_share * (1 - mean_share) / (concentration(len(kids), 0.25) + 1))
    assert sd / mean_share == pytest.approx(0.25)
    total = sum(weights[k] for k in kids)
    np.testing.assert_allclose(total, 1.0)
    for k in kids:
        assert weights[k].mean() == pytest.approx(tree.share(k), abs=0.01)


def test_cli_prints_probabilities_and_flip_points() -> None:
    out = run_cli("gevoeligheid", str(CASE), "--steekproeven", "300")
    assert out.returncode == 0, out.stderr
    assert "Kans voldoet" in out.stdout and "Kantelpunten" in out.stdout
    assert "bij een gewicht voor" in out.stdout and "wordt het oordeel over Handhaving" in out.stdout
    assert "Totaal zonder één criterium" in out.stdout and "Kosten" in out.stdout  # (headings wrap: many criteria)


def test_cli_json_is_byte_stable_and_complete(tmp_path) -> None:
    args = ("gevoeligheid", str(CASE), "-n", "200", "--seed", "5", "--format", "json")
    first, second = run_cli(*args), run_cli(*args)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    data = json.loads(first.stdout)
    assert data["settings"] == {"samples": 200, "spread": 0.2, "seed": 5, "distribution": "dirichlet"}
    hh = next(s for s in data["subjects"] if s["id"] == "HH")
    year = next(y for y in hh["years"] if y["year"] == 2019)
    assert sum(year["verdict_probability"].values()) == pytest.approx(1.0)
    loaded, _case, _ = load_inputs(CASE)
    rs = loaded.compiled.ruleset
    assert set(year["left_out"]) == set(rs.criteria) - {rs.root}
    assert all(0 < f["flip_at"] < 1 for y in hh["years"] for f in y["flips"])


def test_cli_rejects_a_bad_spread_in_dutch() -> None:
    out = run_cli("gevoeligheid", str(CASE), "--spreiding", "0")
    assert out.returncode == 2
    assert "--spreiding moet groter dan 0" in out.stderr and "Traceback" not in out.stderr


def test_rescoring_only_the_criteria_above_a_change_equals_rescoring_all(national: Evaluation) -> None:
    """rescore(only=..., base=...): the criteria not above a changed indicator are taken from the base; the total
    is the very number a full re-aggregation gives (the conclusion's smallest changes rely on it)."""
    tree = tree_of(national)
    base = rescore(tree)
    for iid in list(tree.indicators)[::5]:
        child = tree.indicators[iid]
        changed = dataclasses.replace(
            tree,
            indicators={**tree.indicators, iid: dataclasses.replace(child, score=np.nan_to_num(child.score) + 1.5)},
        )
        above, node = {tree.parent[iid]}, tree.parent[iid]
        while node in tree.parent:
            node = tree.parent[node]
            above.add(node)
        full, part = rescore(changed), rescore(changed, only=above, base=base)
        for cid in tree.criteria:
            np.testing.assert_array_equal(part[cid].score, full[cid].score)
            np.testing.assert_array_equal(part[cid].verdict, full[cid].verdict)


def test_robustness_counted_on_the_analysis_equals_one_monte_carlo_per_subject(
    bundled: Evaluation, national: Evaluation
) -> None:
    """`criteria gevoeligheid` counts every subject's robustness on the chunks of its own Monte Carlo (Shares): the
    same share as the Monte Carlo per subject that conclude() runs without it, for one year and for a period."""
    from criteria.conclusion.compute import conclude, context_of

    for ev, chunk in ((bundled, 15 * 7 * 11), (national, 700)):
        settings = Settings(samples=450, seed=8)
        context = context_of(ev, settings)
        shares = context.shares()
        tree = tree_of(ev)
        from criteria.engine.sensitivity import monte_carlo, ranks

        monte_carlo(tree, ranks(rescore(tree)[tree.root].score), settings, chunk_cells=chunk, on_chunk=shares.add)
        counted = shares.result()
        assert any(r is not None for r in counted.values())
        for row in range(len(ev.subjects)):
            alone = conclude(ev, row, context=context_of(ev, settings), robust=True, changes=False)
            assert counted.get(row) == alone.robustness
            context.robust.update(counted)
            assert conclude(ev, row, context=context, robust=True, changes=False).robustness == alone.robustness

"""A corrected run concludes on the corrected scores (issue 14): the engine recomputes every criterion above a score
set by hand, re-aggregation with other weights keeps that score, and every output of the run (evaluate's tail,
explain, the report's first pages, the archived conclusie.txt) reads the same corrected view."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pytest
from archive_helpers import copy_case
from conftest import CASE, run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

from criteria.conclusion import text
from criteria.conclusion.compute import conclude, context_of
from criteria.engine import scoring as sc
from criteria.engine.columns import evaluated_years
from criteria.engine.corrected import with_scores
from criteria.engine.reweigh import rescore, tree_of
from criteria.engine.sensitivity import Settings, sample_weights
from criteria.pipeline.corrections import correct
from criteria.pipeline.run import Run, run
from criteria.report.documents.findings import CORRECTED, findings

REASON = "besluit begeleidingsgroep"


@cache
def done() -> Run:
    return run(CASE)


def _where(sid: str, year: int) -> tuple[int, int]:
    ev = done().evaluation
    return ev.subjects.index(sid), ev.year_index(year)


def test_setting_a_criterion_to_its_own_score_changes_nothing() -> None:
    ev = done().evaluation
    row, y = _where("HH", 2019)
    same = with_scores(ev, {("proces", row, y): float(ev.criteria["proces"].score[row, y])})
    for cid, cols in ev.criteria.items():
        np.testing.assert_array_equal(same.criteria[cid].score, cols.score)
        np.testing.assert_array_equal(same.criteria[cid].verdict, cols.verdict)
    assert with_scores(ev, {}) is ev


@settings(max_examples=25, deadline=None)
@given(st.floats(0, 10), st.sampled_from(["proces", "kosten", "flexibiliteit"]))
def test_a_set_score_moves_only_its_own_subject_year_and_the_total_follows_it(score: float, node: str) -> None:
    ev = done().evaluation
    root = ev.compiled.root
    row, y = _where("HH", 2019)
    fixed = with_scores(ev, {(node, row, y): score})
    assert fixed.criteria[node].score[row, y] == score
    assert fixed.criteria[node].verdict[row, y] == (sc.PASS if score >= sc.verdict_threshold(5.5) else sc.FAIL)
    elsewhere = np.ones(ev.criteria[root].score.shape, dtype=bool)
    elsewhere[row, y] = False
    np.testing.assert_array_equal(fixed.criteria[root].score[elsewhere], ev.criteria[root].score[elsewhere])
    before, after = ev.criteria[node].score[row, y], fixed.criteria[root].score[row, y]
    total = ev.criteria[root].score[row, y]
    assert (after - total) * (score - before) >= -1e-12  # the total moves the way the corrected criterion moves
    assert not ev.pinned and fixed.pinned[node][row, y] and fixed.pinned[node].sum() == 1


def test_other_weights_keep_a_score_set_by_hand() -> None:
    ev = done().evaluation
    row, y = _where("HH", 2019)
    fixed = with_scores(ev, {("kosten", row, y): 9.0})
    tree = tree_of(fixed)
    again = rescore(tree)
    on = evaluated_years(ev)  # a voorstel only in the years of its raming
    for cid, cols in fixed.criteria.items():  # the ruleset's weights give the corrected evaluation back
        np.testing.assert_allclose(again[cid].score[on], cols.score[on], rtol=0, atol=1e-12, equal_nan=True)
        np.testing.assert_array_equal(again[cid].verdict[on], cols.verdict[on])
    weights = sample_weights(tree, Settings(samples=50, seed=3))
    sampled = rescore(tree, {k: w[:, None, None] for k, w in weights.items()})
    assert (sampled["kosten"].score[:, row, y] == 9.0).all()  # whatever the weights below it
    assert not (sampled["kosten"].score[:, row, y - 1] == ev.criteria["kosten"].score[row, y - 1]).all()


def test_the_conclusion_follows_a_correction_of_the_total() -> None:
    plain = done().result
    corrected = correct(plain, ["HH:2019:totaal=5,5"], REASON)
    ev = corrected.corrected
    assert ev is not plain.evaluation and plain.corrected is plain.evaluation
    row = ev.subjects.index("HH")
    before = conclude(plain.evaluation, row)
    after = conclude(ev, row, context=context_of(ev))
    assert before.verdict == sc.FAIL and text.mark(before.score) == "5,3"
    assert [m.score for m in after.years][1] == 5.5
    assert after.verdict == sc.PASS and text.mark(after.score) == "5,6"  # (5,495446 + 5,5 + 5,941183) / 3


def test_below_a_corrected_criterion_nothing_is_named_as_its_driver() -> None:
    corrected = correct(done().result, ["HH:2019:kosten=2"], REASON)
    c = conclude(corrected.corrected, corrected.evaluation.subjects.index("HH"), [2019])
    kosten = next(r for r in c.reasons if r.node == "kosten")
    assert kosten.score == 2.0 and kosten.driver is None


def test_every_output_of_a_corrected_run_reads_the_corrected_conclusion(tmp_path: Path) -> None:
    copy_case(tmp_path)
    archive = tmp_path / "archief.sqlite"
    fix = ["--correctie", "HH:2019:totaal=5,5", "--reden", REASON, "--archief", str(archive)]
    table = run_cli("evaluate", "cases/heemstede-bloemendaal", *fix, cwd=tmp_path)
    assert table.returncode == 0, table.stderr
    tail = " ".join(table.stdout[table.stdout.index("Conclusie") :].split())
    assert "✔ Handhaving voldoet over 2018–2020: gemiddeld 5,6." in tail
    assert "De conclusie rekent met de correcties; de tabel toont de berekende scores." in tail
    plain = run_cli("evaluate", "cases/heemstede-bloemendaal", cwd=tmp_path).stdout
    assert "✘ Handhaving voldoet niet over 2018–2020: gemiddeld 5,3." in " ".join(plain.split())
    explain = run_cli(
        "explain", "cases/heemstede-bloemendaal", "--onderwerp", "HH", "--jaar", "2019", *fix, cwd=tmp_path
    )
    assert explain.returncode == 0, explain.stderr
    assert "✔ Handhaving voldoet in 2019: 5,5." in explain.stdout
    said = " ".join(explain.stdout.split())
    assert f"Correctie HH 2019 · totaal: berekend 4,5, gecorrigeerd naar 5,5 — reden: {REASON}" in said
    report = tmp_path / "r.md"
    made = run_cli("rapport", "cases/heemstede-bloemendaal", "-o", str(report), *fix, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    page = report.read_text(encoding="utf-8").replace("\\", "")
    assert "**Handhaving voldoet over 2018–2020: gemiddeld 5,6.**" in page and CORRECTED in " ".join(page.split())
    shown = run_cli("archief", "toon", "3", "--archief", str(archive), cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "Handhaving voldoet over 2018–2020: gemiddeld 5,6." in " ".join(shown.stdout.split())


@pytest.mark.parametrize("spec", ["PO:2018:proces=1", "HH:2020:flexibiliteit=0"])
def test_the_report_and_the_terminal_give_the_same_corrected_conclusion(spec: str) -> None:
    corrected = correct(done().result, [spec], REASON)
    found = findings(corrected)
    sid = spec.split(":")[0]
    ev = corrected.corrected
    c = conclude(ev, ev.subjects.index(sid), context=context_of(ev), robust=True)
    assert found[sid].headline == text.headline(c)
    assert found[sid].sentences[-1] == CORRECTED
    unchanged = findings(done().result)
    assert all(found[s].headline == unchanged[s].headline for s in found if s != sid)

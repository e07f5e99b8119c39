"""`criteria diff`: semantic edits between two rulesets and their attributed impact on a case."""

from __future__ import annotations

import json

import pytest
from conftest import CASE, REPO, run_cli

from criteria.authoring.diff.impact import apply_edit, impact
from criteria.authoring.diff.semantic import diff_rulesets
from criteria.load.case import load_case
from criteria.load.ruleset import load_ruleset
from criteria.model.ruleset import Ruleset

OLD = load_ruleset(REPO / "rulesets" / "heemstede-2020.toml")
NEW = load_ruleset(REPO / "rulesets" / "bureau-2021.toml")


def edit_texts() -> list[str]:
    return [line for e in diff_rulesets(OLD.ruleset, NEW.ruleset) for line in e.lines]


def test_semantic_diff_names_weights_bands_norms_anchors_and_structure() -> None:
    lines = edit_texts()
    assert "gewicht van Flexibiliteit, inclusief kwetsbaarheid (flexibiliteit): 40 → 30" in lines
    assert any(
        line.startswith(
            "banden van Verloop (verloop) verschoven: band 3: vanaf 10 tot 15: 6 (verhoogd) → "
            "vanaf 10 tot 12: 6 (verhoogd)"
        )
        for line in lines
    )
    assert "norm van Verloop (verloop): hoogstens 15 % → hoogstens 12 %" in lines
    assert any(line.startswith("ankers van Kritieke taken") and line.endswith("slecht 50 → 60") for line in lines)
    assert any(
        line.startswith("criterium toegevoegd: Kwaliteit (kwaliteit) onder totaal, gewicht 25, met 4") for line in lines
    )
    assert "indicator verwijderd: Vacaturevervultijd (vacatureduur)" in lines
    assert any(
        line.startswith(
            "Meldingen afgehandeld binnen de termijn (Handhaving) (meldingen_binnen_termijn) "
            "verplaatst: inzetbaarheid → kwaliteit"
        )
        for line in lines
    )
    assert "toelichting van Proces (proces) gewijzigd" in lines


def test_scored_edits_come_first_and_texts_change_no_score() -> None:
    edits = diff_rulesets(OLD.ruleset, NEW.ruleset)
    assert [e.number for e in edits] == list(range(1, len(edits) + 1))
    flags = [e.scored for e in edits]
    assert flags == sorted(flags, reverse=True)
    assert all(not e.scored for e in edits if e.kind in ("tekst", "veld") and "formula" not in e.text)


def test_identical_rulesets_have_no_edits() -> None:
    assert diff_rulesets(OLD.ruleset, OLD.ruleset) == []


def test_each_edit_applies_alone_to_the_old_ruleset() -> None:
    edits = diff_rulesets(OLD.ruleset, NEW.ruleset)
    weight = next(e for e in edits if e.text.startswith("gewicht van Kosten"))
    alone = apply_edit(OLD.ruleset, NEW.ruleset, weight)
    assert alone.criteria["kosten"].weight == 25 and alone.criteria["flexibiliteit"].weight == 40
    everything = OLD.ruleset.model_dump(mode="json")
    for e in edits:
        everything = apply_edit(Ruleset.model_validate(everything), NEW.ruleset, e).model_dump(mode="json")
    assert Ruleset.model_validate(everything) == NEW.ruleset  # all edits together give the new ruleset


def test_impact_rows_are_sorted_and_the_causes_explain_the_change() -> None:
    case = load_case(CASE)
    edits = diff_rulesets(OLD.ruleset, NEW.ruleset)
    result = impact(OLD.compiled, NEW.compiled, edits, case)
    deltas = [abs(r.delta) for r in result.rows if r.delta is not None]
    assert deltas == sorted(deltas, reverse=True)
    assert len(result.rows) == len(case.in_scope()) * 3 and result.not_alone == []
    for row in result.rows:
        if row.delta is not None:
            explained = sum(c.effect for c in row.causes) + row.interaction
            assert explained == pytest.approx(row.delta, abs=0.005 * (len(edits) + 1))
    only_overhead = next(
        e.number for e in edits if e.text.startswith("Teamlasten per inwoner") and "geldt voor" in e.text
    )
    for row in result.rows:
        causes = {c.edit for c in row.causes}
        if row.subject == "HH":
            assert only_overhead in causes  # the overhead norm no longer applies to Handhaving
        if row.subject == "PO":
            assert only_overhead not in causes  # P&O is overhead: nothing changes for it
    assert {p.subject for p in result.periods} == set(case.in_scope())


def test_cli_diff_with_case_lists_edits_and_per_team_impact() -> None:
    proc = run_cli(
        "diff", "rulesets/heemstede-2020.toml", "rulesets/bureau-2021.toml", "--case", "cases/heemstede-bloemendaal"
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "Wijzigingen die scores kunnen veranderen (12):" in out
    assert "Effect op casus heemstede_bloemendaal" in out
    for team in ("P&O", "Communicatie", "Financiële Administratie", "Facilitaire Zaken", "Handhaving"):
        assert f"  {team}" in out
    assert "Periodescore per onderwerp (! = ander oordeel):" in out
    assert any(line.strip().startswith("Handhaving") and "→" in line for line in out.splitlines())
    proc = run_cli(
        "diff",
        "rulesets/heemstede-2020.toml",
        "rulesets/bureau-2021.toml",
        "--case",
        "cases/heemstede-bloemendaal",
        "--format",
        "json",
    )
    data = json.loads(proc.stdout)
    assert len(data["impact"]) == 3 * len(data["periods"]) and data["impact"][0]["causes"]
    assert {e["kind"] for e in data["edits"]} >= {
        "gewicht",
        "meting",
        "norm",
        "toegevoegd",
        "verwijderd",
        "geldt voor",
        "tekst",
        "veld",
    }


def test_cli_diff_of_a_broken_ruleset_is_a_located_error(tmp_path) -> None:
    broken = tmp_path / "kapot.toml"
    broken.write_text(
        (REPO / "rulesets" / "heemstede-2020.toml")
        .read_text(encoding="utf-8")
        .replace('formula = "ziekteverzuim"', 'formula = "ziekteverzuimm"'),
        encoding="utf-8",
    )
    proc = run_cli("diff", "rulesets/heemstede-2020.toml", str(broken))
    assert proc.returncode == 2 and "bedoelde u 'ziekteverzuim'?" in " ".join(proc.stderr.split())


def test_a_nullijn_changed_to_or_from_a_reference_group_is_named() -> None:
    """Was an internal error (KeyError 'reference_group') found by benchmarks/worst_allowed.py."""
    old = OLD.ruleset.model_dump(exclude_none=True)
    new = OLD.ruleset.model_dump(exclude_none=True)
    iid = next(i for i, ind in new["indicators"].items() if ind.get("nullijn", {}).get("kind") == "reference_group")
    old["indicators"][iid]["nullijn"] = {"kind": "fixed", "value": 10}
    lines = [line for e in diff_rulesets(Ruleset.model_validate(old), Ruleset.model_validate(new)) for line in e.lines]
    assert any("vaste waarde 10 → mediaan van referentiegroep 'randstad_20_50k'" in line for line in lines), lines

"""Ruleset self-tests: `criteria test`, expected vs actual with the explanation path, rule coverage."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from conftest import REPO, run_cli

from criteria.authoring.selftest.run import check_tests, run_tests
from criteria.errors import InputError
from criteria.load.ruleset import load_ruleset
from criteria.load.selftest import load_tests

HEEMSTEDE = REPO / "rulesets" / "heemstede-2020.toml"


def run(tmp_path: Path, text: str, name: str = "x.tests.toml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    compiled = load_ruleset(HEEMSTEDE).compiled
    spec, tests = load_tests(path, path.name)
    problems = check_tests(compiled, spec, tests)
    if problems:
        raise InputError(problems)
    return run_tests(compiled, tests, [path.name])


@pytest.mark.parametrize("ruleset", ["rulesets/heemstede-2020.toml", "rulesets/bureau-2021.toml"])
def test_bundled_rulesets_pass_with_full_coverage(ruleset: str) -> None:
    proc = run_cli("test", ruleset, "--format", "json", "--min-dekking", "100")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data = json.loads(proc.stdout)
    assert data["summary"]["failed"] == 0 and data["summary"]["tests"] >= 30
    assert all(c["percent"] == 100.0 and not c["missing"] for c in data["coverage"].values())
    assert data["coverage"]["band"]["total"] >= 15


def test_a_failing_test_shows_expected_actual_and_the_path(tmp_path: Path) -> None:
    report = run(
        tmp_path,
        """
        [[test]]
        name = "verkeerd verwacht"
        values = { ziekteverzuim = 5.2 }
        expect.verzuim = { score = 7, verdict = "voldoet" }
        expect.totaal = { score = 4.69, tolerance = 0.01 }
        """,
    )
    [outcome] = report.outcomes
    assert not outcome.passed and outcome.line == 2
    failed = {(c.node, c.what) for c in outcome.checks if not c.passed}
    assert failed == {("verzuim", "score"), ("verzuim", "oordeel")}
    lines = outcome.explanations["verzuim"]
    assert lines[0].startswith("pad: Totaalscore ambtelijke samenwerking (totaal) 4,69 [voldoet niet] → ")
    assert lines[0].endswith("Ziekteverzuim (verzuim) 4,69 [voldoet niet]")
    assert "meting 5,2 % voldoet niet aan de norm (hoogstens 4,8 %)" in lines[1]
    assert "totaal" not in outcome.explanations


def test_cli_exit_code_is_1_on_failure_and_names_the_test(tmp_path: Path) -> None:
    path = tmp_path / "fout.tests.toml"
    path.write_text(
        '[[test]]\nname = "te hoog"\nvalues = { eenmansfuncties = 1 }\n'
        "expect.aantal_eenmansfuncties = { score = 10 }\n",
        encoding="utf-8",
    )
    proc = run_cli("test", "rulesets/heemstede-2020.toml", "--tests", str(path))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "✘ te hoog" in proc.stdout
    assert "aantal_eenmansfuncties: verwacht score 10 ± 0,05, gekregen 5" in proc.stdout
    assert "Niet bereikt:" in proc.stdout and "verloop: band 1" in proc.stdout


def test_bad_test_input_is_located_and_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "fout.tests.toml"
    path.write_text(
        '[[test]]\nname = "x"\nvalues = { ziekteverzuimm = 4, ziekteverzuim = 140 }\n'
        'expect.verzuimm = { score = 10 }\nexpect.verzuim = { oordeel = "voldoet" }\n',
        encoding="utf-8",
    )
    proc = run_cli("test", "rulesets/heemstede-2020.toml", "--tests", str(path))
    assert proc.returncode == 2
    err = " ".join(proc.stderr.split())
    assert "regel 5, test[0].expect.verzuim.oordeel: onbekende sleutel" in err
    path.write_text(
        '[[test]]\nname = "x"\nvalues = { ziekteverzuimm = 4, ziekteverzuim = 140 }\n'
        "expect.verzuimm = { score = 10 }\n",
        encoding="utf-8",
    )
    proc = run_cli("test", "rulesets/heemstede-2020.toml", "--tests", str(path))
    err = " ".join(proc.stderr.split())
    assert proc.returncode == 2
    assert "regel 3" in err and "onbekend veld 'ziekteverzuimm' (bedoelde u 'ziekteverzuim'?)" in err
    assert "buiten het geldige bereik" in err
    assert "regel 4" in err and "onbekend criterium of indicator 'verzuimm' (bedoelde u 'verzuim'?)" in err


def test_tests_in_a_spreadsheet_table(tmp_path: Path) -> None:
    report = run(
        tmp_path,
        """\
        test;soort;sleutel;partner;waarde;tolerantie
        proces;waarde;doelen_nulmeting;;deels;
        proces;score;doelen_vastgelegd;;5;
        proces;oordeel;doelen_vastgelegd;;voldoet niet;
        inwoners;waarde;formatie_fte;;10;
        inwoners;waarde;ref_formatie_per_1000;;0,2;
        inwoners;waarde;inwoners;heemstede;30000;
        inwoners;waarde;inwoners;bloemendaal;20000;
        inwoners;score;formatie_per_1000_inwoners;;7,5;0,001
        """,
        name="x.tests.csv",
    )
    assert [o.passed for o in report.outcomes] == [True, True]
    assert [c.tolerance for c in report.outcomes[1].checks] == [0.001]


def test_applies_to_and_knockouts_are_covered(tmp_path: Path) -> None:
    report = run(
        tmp_path,
        """
        [[test]]
        name = "knock-out"
        tags = ["overhead"]
        values = { onbezette_kritieke_taken = 1, kritieke_taken = 4, kritieke_taken_gedekt = 4, meldingen_totaal = 10, meldingen_tijdig = 9 }
        expect.kwetsbaarheid = { score = 5.4, verdict = "voldoet niet" }
        expect.meldingen_binnen_termijn = { verdict = "niet van toepassing" }
        """,
    )
    assert report.outcomes[0].passed
    coverage = {c.category: c for c in report.coverage}
    assert coverage["knockout"].covered == 1
    assert "meldingen_binnen_termijn: voldoet" in coverage["norm"].missing
    assert coverage["band"].covered == 1 and coverage["band"].total >= 15


def test_missing_data_policy_error_is_a_test_failure_not_a_crash(tmp_path: Path) -> None:
    rs = load_ruleset(HEEMSTEDE).ruleset
    compiled = load_ruleset(HEEMSTEDE).compiled
    from criteria.rules.compile import compile_ruleset

    strict = compile_ruleset(rs.model_copy(update={"missing_data": "error"}))
    path = tmp_path / "x.tests.toml"
    path.write_text(
        '[[test]]\nname = "half"\nvalues = { ziekteverzuim = 4 }\nexpect.verzuim = { score = 7 }\n', encoding="utf-8"
    )
    _, tests = load_tests(path, path.name)
    report = run_tests(strict, tests, [path.name])
    assert not report.outcomes[0].passed and "Ontbrekende gegevens" in report.outcomes[0].error
    assert run_tests(compiled, tests, [path.name]).outcomes[0].error is None

"""The archive from the command line: record with evaluate/explain, then lijst, toon, verifieer, vergelijk,
export and controleer; reproduction in fresh processes and in an exported folder."""

from __future__ import annotations

import hashlib
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from archive_helpers import cli, flip_result_byte, record_of, sql
from conftest import REPO, run_cli_process

CASE = "cases/heemstede-bloemendaal"


def test_evaluate_label_then_verifieer_in_fresh_processes(tmp_path: Path) -> None:
    """The issue's done-criterion, each step a new process as after a reinstall."""
    archive = tmp_path / "archief.sqlite"
    evaluated = run_cli_process("evaluate", CASE, "--label", "test", "--archief", str(archive), "--format", "json")
    assert evaluated.returncode == 0, evaluated.stderr
    assert "Vastgelegd in het archief als run 1" in evaluated.stderr
    printed = hashlib.sha256(evaluated.stdout.encode()).hexdigest()
    assert record_of(archive, 1)["result"]["sha256"] == printed
    verified = run_cli_process("archief", "verifieer", "1", "--archief", str(archive))
    assert verified.returncode == 0, verified.stderr
    assert "✔ Identiek" in verified.stdout and printed in verified.stdout


def test_evaluate_without_archive_options_records_nothing(work: Path, capsys) -> None:
    code, _, err = cli(capsys, "evaluate", CASE)
    assert code == 0 and "Vastgelegd" not in err and not (work / "archief.sqlite").exists()


def test_correction_is_recorded_shown_and_reproduced(work: Path, capsys) -> None:
    code, out, err = cli(
        capsys, "evaluate", CASE, "--correctie", "HH:2019:proces=7,5", "--reden", "besluit begeleidingsgroep 21-10-2020"
    )
    assert code == 0, err
    assert "Vastgelegd in het archief als run 1" in err  # a correction is always recorded
    assert "Correcties (1)" in out
    assert "HH 2019 · proces: berekend 5,3, gecorrigeerd naar 7,5 — reden: besluit begeleidingsgroep" in out
    stored = record_of(work / "archief.sqlite", 1)["corrections"]
    assert stored == [
        {
            "subject": "HH",
            "year": 2019,
            "node": "proces",
            "computed_score": 5.25,
            "corrected_score": 7.5,
            "reason": "besluit begeleidingsgroep 21-10-2020",
        }
    ]
    code, out, _ = cli(
        capsys,
        "explain",
        CASE,
        "-s",
        "HH",
        "-j",
        "2019",
        "--volledig",
        "--correctie",
        "HH:2019:proces=7,5",
        "--reden",
        "besluit",
        "--label",
        "uitleg",
    )
    assert code == 0 and "correctie: berekend 5,3, gecorrigeerd naar 7,5 — reden: besluit" in out
    assert "Proces  score 5,3" in out  # the computed score stays
    assert record_of(work / "archief.sqlite", 2)["parameters"] == {"onderwerp": "HH", "jaar": 2019, "volledig": True}
    code, out, _ = cli(capsys, "archief", "verifieer", "2")
    assert code == 0 and "✔ Identiek" in out
    code, out, _ = cli(capsys, "archief", "toon", "2")
    assert code == 0 and "Correcties (1):" in out and "uitleg" in out


@pytest.mark.parametrize(
    "args, message",
    [
        (["--correctie", "HH:2019:proces=7"], "vraagt om een reden"),
        (["--reden", "x"], "hoort bij --correctie"),
        (["--correctie", "HH:2019:proces=10,5", "--reden", "x"], "ligt niet tussen 0 en 10"),
        (["--correctie", "ZZ:2019:proces=5", "--correctie", "HH:2019:onzin=5", "--reden", "x"], "onbekend criterium"),
        (["--correctie", "HH:1999:proces=5", "--reden", "x"], "jaar 1999 hoort niet bij deze toets"),
        (["--correctie", "HH-2019-proces=5", "--reden", "x"], "heeft niet de vorm"),
    ],
)
def test_bad_corrections_are_refused_in_dutch(work: Path, capsys, args: list[str], message: str) -> None:
    code, out, err = cli(capsys, "evaluate", CASE, *args)
    assert code == 2 and message in err and "Traceback" not in err + out
    assert not (work / "archief.sqlite").exists()


def test_lijst_toon_controleer(work: Path, capsys) -> None:
    assert cli(capsys, "evaluate", CASE, "--label", "commissie Middelen 21-10-2020")[0] == 0
    assert cli(capsys, "evaluate", CASE, "--archiveer")[0] == 0
    code, out, _ = cli(capsys, "archief", "lijst")
    assert code == 0 and "Vastgelegde runs (2)" in out and "commissie Middelen" in out
    code, out, _ = cli(capsys, "archief", "toon", "laatste")
    assert code == 0 and "Run             2" in out and "data/teams.csv" in out and "pydantic" in out
    code, out, _ = cli(capsys, "archief", "controleer")
    assert code == 0 and "✔ In orde: 2 run(s)" in out
    head = record_of(work / "archief.sqlite", 1)
    last_hash = sql(work / "archief.sqlite", "SELECT hash FROM runs WHERE id = 2")[0][0]
    assert cli(capsys, "archief", "controleer", "--hash", last_hash[:16])[0] == 0
    flip_result_byte(work / "archief.sqlite", 1)
    code, out, _ = cli(capsys, "archief", "controleer")
    assert code == 1 and "✘ run 1: resultaat gewijzigd" in out and "✘ run 2: resultaat gewijzigd" in out
    sql(work / "archief.sqlite", "DELETE FROM runs WHERE id = 2")
    code, out, _ = cli(capsys, "archief", "controleer", "--hash", last_hash)
    assert code == 1 and "staat niet in de keten" in out and "run 2 ontbreekt" in out
    code, out, _ = cli(capsys, "archief", "verifieer", "1")
    assert code == 1 and "na het vastleggen gewijzigd" in out and "score: 5 → 4" in out
    assert head["label"] == "commissie Middelen 21-10-2020"


def test_vergelijk_names_changed_inputs_and_scores(work: Path, capsys) -> None:
    assert cli(capsys, "evaluate", CASE, "--label", "voor")[0] == 0
    teams = work / CASE / "data" / "teams.csv"
    lines = teams.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith("HH;2019;ziekteverzuim;"))
    fields = lines[index].split(";")
    fields[4] = "3,0"
    lines[index] = ";".join(fields)
    teams.write_text("".join(lines), encoding="utf-8")
    assert cli(capsys, "evaluate", CASE, "--label", "na")[0] == 0
    code, out, _ = cli(capsys, "archief", "vergelijk", "1", "2")
    assert code == 0
    assert "casus/data/teams.csv: gewijzigd" in out and "+HH;2019;ziekteverzuim;;3,0" in out
    assert "toetsingskader" not in out.split("Invoer")[1].split("Versies")[0]  # the ruleset did not change
    assert "Ziekteverzuim" in out and "voldoet niet → voldoet" in out
    code, out, _ = cli(capsys, "archief", "verifieer", "1")
    assert code == 0 and "✔ Identiek" in out  # the stored inputs, not the changed files


def test_export_reproduces_elsewhere(work: Path, tmp_path: Path, capsys) -> None:
    assert (
        cli(
            capsys,
            "evaluate",
            CASE,
            "--label",
            "test",
            "--correctie",
            "FA:2020:kosten=6",
            "--reden",
            "toelichting controller",
        )[0]
        == 0
    )
    target = tmp_path / "elders" / "export"
    code, out, err = cli(capsys, "archief", "export", "1", str(target))
    assert code == 0, err
    assert {
        "README.txt",
        "SHA256SUMS",
        "manifest.json",
        "resultaat.json",
        "toetsingskader/heemstede-2020.toml",
        f"{CASE}/case.toml",
        f"{CASE}/data/teams.csv",
    } <= {line.strip() for line in out.splitlines()}
    readme = (target / "README.txt").read_text(encoding="utf-8")
    command = next(line.strip() for line in readme.splitlines() if line.strip().startswith("criteria evaluate"))
    args = shlex.split(command)[1:]
    done = subprocess.run(
        [sys.executable, "-m", "criteria.cli", *args],
        cwd=target,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    again = (target / "resultaat-opnieuw.json").read_bytes()
    assert again == (target / "resultaat.json").read_bytes()
    assert (target / "herhaling.sqlite").exists()  # the repetition is recorded there, not in the original archive
    for line in (target / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ", 1)
        assert hashlib.sha256((target / name).read_bytes()).hexdigest() == digest
    code, _, err = cli(capsys, "archief", "export", "1", str(target))
    assert code == 2 and "niet leeg" in err


@pytest.mark.parametrize(
    "args, message",
    [
        (["archief", "toon", "7"], "run 7 bestaat niet"),
        (["archief", "verifieer", "twee"], "ongeldig runnummer"),
        (["archief", "lijst", "--archief", "geen/archief.sqlite"], "geen archief gevonden"),
    ],
)
def test_archive_errors_are_dutch(work: Path, capsys, args: list[str], message: str) -> None:
    assert cli(capsys, "evaluate", CASE, "--archiveer")[0] == 0
    code, out, err = cli(capsys, *args)
    assert code == 2 and message in err and "Traceback" not in out + err


def test_rapport_keeps_the_report_the_committee_read(work: Path, capsys) -> None:
    """rapport --label stores the report itself with the run; toon shows the scores and names the report; export
    hands back the same bytes; the chain stays sound."""
    code, _, err = cli(capsys, "rapport", CASE, "--output", "rapport.html", "--label", "commissie Middelen")
    assert code == 0 and "Vastgelegd in het archief als run 1" in err, err
    written = (work / "rapport.html").read_bytes()
    record = record_of(work / "archief.sqlite", 1)
    assert record["label"] == "commissie Middelen" and record["parameters"] == {
        "formaat": "html",
        "bijlage": "samenvatting",
    }
    outputs = {o["name"]: o["sha256"] for o in record["outputs"]}
    assert sorted(outputs) == ["conclusie.txt", "rapport.html"]
    assert outputs["rapport.html"] == hashlib.sha256(written).hexdigest()
    code, out, _ = cli(capsys, "archief", "toon", "1")
    assert code == 0 and "Uitkomst zoals vastgelegd" in out
    handhaving = next(line for line in out.splitlines() if line.strip().startswith("Handhaving"))
    assert handhaving.split()[1:] == ["5,5", "✔", "4,5", "✘", "5,9", "✔", "5,3", "✘"]
    assert "Rapport zoals het toen is gemaakt: rapport.html" in out and "criteria archief export 1 MAP" in out
    assert "Conclusie zoals vastgelegd:" in out
    assert " ".join(out.split()).count("Handhaving voldoet niet over 2018–2020") == 1
    code, out, _ = cli(capsys, "archief", "export", "1", "uit")
    assert code == 0 and (work / "uit" / "uitvoer" / "rapport.html").read_bytes() == written
    assert (work / "uit" / "uitvoer" / "conclusie.txt").read_text(encoding="utf-8").startswith("P&O voldoet")
    assert cli(capsys, "archief", "controleer")[0] == 0


def test_rapport_without_archive_options_records_nothing(work: Path, capsys) -> None:
    code, _, err = cli(capsys, "rapport", CASE, "--output", "rapport.md")
    assert code == 0 and "Vastgelegd" not in err and not (work / "archief.sqlite").exists()


def test_toon_of_a_run_whose_result_was_altered_still_shows_the_record(work: Path, capsys) -> None:
    assert cli(capsys, "evaluate", CASE, "--archiveer")[0] == 0
    flip_result_byte(work / "archief.sqlite", 1)
    code, out, _ = cli(capsys, "archief", "toon", "1")
    assert code == 0 and "het opgeslagen resultaat is beschadigd" in out and "Recordhash" in out

"""A damaged run record (issue 11, class 13): a field of the wrong type, a missing field or no JSON at all. Every
archive command reads records through one check (criteria/archive/shape.py): `lijst` marks the run, `toon`,
`verifieer`, `vergelijk` and `export` refuse it with a Dutch message and exit 2, `controleer` reports it with the
same words and exit 1. Never an internal error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from archive_helpers import cli, copy_case, record_of, sql
from conftest import run_cli

from criteria.archive.shape import record_damage

CASE = "cases/heemstede-bloemendaal"

# (what to change in run 1's record, the words the messages must hold)
DAMAGE = [
    (
        lambda r: r["case"]["files"][0].update(size="groot"),
        'veld case.files[0].size: hier hoort een geheel getal, geen tekst ("groot")',
    ),
    (lambda r: r.update(label=5), "veld label: hier hoort tekst"),
    (lambda r: r.update(corrections="geen"), "veld corrections: hier hoort een lijst"),
    (lambda r: r["result"].update(sha256=5), "veld result.sha256: hier hoort tekst"),
    (lambda r: r["result"].update(sha256="abc"), "veld result.sha256: geen geldige SHA-256-hash"),
    (lambda r: r.pop("case"), "veld case: verplichte sleutel ontbreekt"),
    (lambda r: r.update(time_utc=True), "veld time_utc: hier hoort tekst"),
    (lambda r: r["ruleset"].update(version=["1"]), "veld ruleset.version: hier hoort tekst"),
    (lambda r: r.update(parameters={"jaar": [2019]}), "veld parameters.jaar"),
]


def damage(archive: Path, change) -> None:
    record = record_of(archive, 1)
    change(record)
    sql(archive, "UPDATE runs SET record = ? WHERE id = 1", (json.dumps(record),))


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """An archive with two sound runs of the bundled case, recorded by `evaluate --archiveer` (once per module:
    each test damages its own copy)."""
    root = tmp_path_factory.mktemp("twee-runs")
    copy_case(root)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CRITERIA_ARCHIEF", str(root / "archief.sqlite"))
        for _ in range(2):
            done = run_cli("evaluate", CASE, "--archiveer", cwd=root)
            assert done.returncode == 0 and "Vastgelegd in het archief" in done.stderr, done.stderr
    return (root / "archief.sqlite").read_bytes()


@pytest.mark.parametrize("change,words", DAMAGE, ids=[w.split(":")[0] for _, w in DAMAGE])
def test_a_field_of_the_wrong_type_is_reported_by_every_command(
    work: Path, capsys, two_runs: bytes, change, words
) -> None:
    (work / "archief.sqlite").write_bytes(two_runs)
    damage(work / "archief.sqlite", change)
    code, out, err = cli(capsys, "archief", "lijst")
    assert code == 0 and "record beschadigd" in out, out + err
    for args in (["toon", "1"], ["verifieer", "1"], ["vergelijk", "1", "2"], ["export", "1", str(work / "uit")]):
        code, out, err = cli(capsys, "archief", *args)
        assert code == 2, (args, out, err)
        assert "het record van run 1 is beschadigd" in " ".join(err.split()) and words in " ".join(err.split()), err
        assert "Traceback" not in err and "Interne fout" not in err
    code, out, err = cli(capsys, "archief", "controleer")
    assert code == 1 and "run 1: record beschadigd" in out and words in " ".join(out.split()), out + err
    assert cli(capsys, "archief", "toon", "2")[0] == 0  # the sound run is still shown


def test_a_record_that_is_no_json_is_reported_too(work: Path, capsys) -> None:
    assert cli(capsys, "evaluate", CASE, "--archiveer")[0] == 0
    sql(work / "archief.sqlite", "UPDATE runs SET record = ? WHERE id = 1", ('{"run": 1, ',))
    code, out, err = cli(capsys, "archief", "toon", "1")
    assert code == 2 and "het record van run 1 is beschadigd (geen geldige JSON)" in err
    code, out, _ = cli(capsys, "archief", "controleer")
    assert code == 1 and "record onleesbaar: geen geldige JSON" in out


def test_a_run_number_too_large_for_the_archive_is_a_dutch_error(work: Path, capsys) -> None:
    assert cli(capsys, "evaluate", CASE, "--archiveer")[0] == 0
    for number in ("9" * 30, "9" * 5000, "١"):  # also a digit of another script
        code, _, err = cli(capsys, "archief", "toon", number)
        assert code == 2 and "ongeldig runnummer" in err, err


def test_a_sound_record_has_no_damage(work: Path, capsys) -> None:
    assert cli(capsys, "evaluate", CASE, "--archiveer", "--correctie", "HH:2019:proces=6", "--reden", "besluit")[0] == 0
    assert record_damage(record_of(work / "archief.sqlite", 1)) == []

"""`criteria voorbeeld MAP` and `criteria init case` outside the repository (run from this checkout)."""

from __future__ import annotations

import json

import pytest
from conftest import REPO, run_cli

from criteria.authoring.examples import example_files, examples_root
from criteria.files.folder import FolderRefused, write_new_folder


def tree(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def repo_files(*folders: str) -> dict[str, bytes]:
    return {
        f"{name}/{key}": data
        for name in folders
        for key, data in tree(REPO / name).items()
        if not key.startswith(".") and "/." not in key and "__pycache__" not in key
    }


def test_a_checkout_finds_its_own_rulesets_and_cases() -> None:
    assert examples_root() == REPO  # editable install: no copy inside the package
    plan = example_files()
    assert {p.as_posix() for p in plan if p.parts[0] != "referentie"} == set(repo_files("rulesets", "cases"))


def test_voorbeeld_copies_rulesets_cases_and_reference_data_byte_for_byte(tmp_path) -> None:
    proc = run_cli("voorbeeld", "vb", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1] == "Volgende stap: criteria evaluate vb/cases/heemstede-bloemendaal"
    copied = tree(tmp_path / "vb")
    expected = repo_files("rulesets", "cases")
    expected |= {f"referentie/{k}": v for k, v in tree(REPO / "criteria" / "data").items() if "__pycache__" not in k}
    assert copied == expected
    assert f"{len(expected)} bestanden" in proc.stdout


BUNDLED_CASES = sorted(p.name for p in (REPO / "cases").iterdir() if (p / "case.toml").is_file())


@pytest.fixture(scope="module")
def copied(tmp_path_factory):
    where = tmp_path_factory.mktemp("elders")
    assert run_cli("voorbeeld", "vb", cwd=where).returncode == 0
    return where / "vb"


@pytest.mark.parametrize("case", BUNDLED_CASES)
def test_every_copied_case_evaluates_exactly_as_the_original(copied, case) -> None:
    """Also the cases with [reference] source = "cbs-iv3": the loader reads the package's CBS data, not a path."""
    here = run_cli("evaluate", f"cases/{case}", "--format", "json", cwd=copied)  # same path as shown
    original = run_cli("evaluate", f"cases/{case}", "--format", "json")
    assert here.returncode == 0 == original.returncode, here.stderr
    assert json.loads(here.stdout)["meta"]["ruleset_sha256"]
    assert here.stdout == original.stdout


def test_the_bundled_cases_include_one_on_the_cbs_reference_data() -> None:
    assert any('source = "cbs-iv3"' in (REPO / "cases" / c / "case.toml").read_text() for c in BUNDLED_CASES)


@pytest.mark.parametrize("existing", ["file-inside", "plain-file"])
def test_voorbeeld_never_writes_into_an_existing_non_empty_map(tmp_path, existing) -> None:
    target = tmp_path / "vb"
    if existing == "file-inside":
        target.mkdir()
        (target / "mijn.txt").write_text("van mij")
    else:
        target.write_text("van mij")
    before = tree(tmp_path)
    proc = run_cli("voorbeeld", "vb", cwd=tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "'vb' bestaat al" in proc.stderr and "niets geschreven" in proc.stderr
    assert tree(tmp_path) == before


def test_voorbeeld_fills_an_empty_map_and_refuses_a_missing_parent(tmp_path) -> None:
    (tmp_path / "leeg").mkdir()
    assert run_cli("voorbeeld", "leeg", cwd=tmp_path).returncode == 0
    assert (tmp_path / "leeg" / "cases" / "heemstede-bloemendaal" / "case.toml").is_file()
    proc = run_cli("voorbeeld", "nergens/vb", cwd=tmp_path)
    assert proc.returncode == 2 and "bestaat niet" in proc.stderr and not (tmp_path / "nergens").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["leeg"]  # no staging folder left behind


@pytest.mark.parametrize("exists", [False, True])
def test_a_failing_write_leaves_the_target_as_it_was(tmp_path, exists) -> None:
    target = tmp_path / "vb"
    if exists:
        target.mkdir()
    from pathlib import Path

    files = {Path("a/eerste.txt"): b"1", Path("a/eerste.txt/kan-niet"): b"2"}  # the second needs a file as folder
    with pytest.raises(FolderRefused):  # the OS error as a Dutch sentence naming the target
        write_new_folder(target, files)
    assert [p.name for p in tmp_path.iterdir()] == (["vb"] if exists else [])
    assert not exists or list(target.iterdir()) == []
    with pytest.raises(FolderRefused):
        (tmp_path / "vol").mkdir()
        (tmp_path / "vol" / "x").write_text("x")
        write_new_folder(tmp_path / "vol", {Path("y"): b"y"})


def test_init_case_outside_the_repository_puts_the_ruleset_beside_it(tmp_path) -> None:
    proc = run_cli("init", "case", "x", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "geschreven: rulesets/heemstede-2020.toml" in proc.stdout
    assert (tmp_path / "rulesets" / "heemstede-2020.toml").read_bytes() == (
        REPO / "rulesets" / "heemstede-2020.toml"
    ).read_bytes()
    checked = run_cli("validate", "cases/x", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    again = run_cli("init", "case", "y", cwd=tmp_path)  # the ruleset is there now: used, not written again
    assert again.returncode == 0 and "rulesets/" not in again.stdout
    assert 'ruleset = "../../rulesets/heemstede-2020.toml"' in (tmp_path / "cases" / "y" / "case.toml").read_text()

"""Output safety (issue 5): --output is written atomically, an error leaves an earlier output as it was, and an
existing file that criteria did not write is only replaced with --force."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import run_cli
from criteria.files import writing as output
from criteria.files.writing import OutputRefused, check_overwrite, looks_like_ours, write_atomic

BASE = Path(__file__).resolve().parent / "hostile" / "base"


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copytree(BASE, tmp_path / "w")
    return tmp_path / "w"


def test_a_failed_write_leaves_the_previous_file_and_no_temporary_file(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "uitslag.json"
    target.write_text("oud\n")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_atomic(target, "nieuw\n")
    assert target.read_text() == "oud\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["uitslag.json"]


def test_write_atomic_replaces_the_file_and_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "uitslag.json"
    target.write_text("oud\n")
    os.chmod(target, 0o640)
    write_atomic(target, "nieuw\n")
    assert target.read_text() == "nieuw\n" and (target.stat().st_mode & 0o777) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["uitslag.json"]


@pytest.mark.parametrize("content, ours", [
    (b"", True),
    (b'{"meta": {"engine_version": "0.1.0"}}', True),
    (b"<footer>Gemaakt met criteria 0.1.0</footer>", True),
    (b"soort;id;titel;gewicht\n", True),
    (b"Notulen van de commissie Middelen\n", False),
    (b'{"begroting": 2020}', False),
    (b"\x89PNG\r\n", False),
])
def test_what_counts_as_our_output(tmp_path: Path, content: bytes, ours: bool) -> None:
    path = tmp_path / "bestand"
    path.write_bytes(content)
    assert looks_like_ours(path) is ours


def test_a_folder_is_never_an_output(tmp_path: Path) -> None:
    with pytest.raises(OutputRefused, match="is een map"):
        check_overwrite(tmp_path, force=True)


def test_a_foreign_file_is_refused_untouched_and_replaced_only_with_force(work: Path) -> None:
    target = work / "notulen.txt"
    target.write_text("Notulen van de commissie Middelen\n")
    refused = run_cli("evaluate", "case", "--format", "json", "--output", "notulen.txt", cwd=work)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "notulen.txt' bestaat al en lijkt niet door criteria gemaakt" in " ".join(refused.stderr.split())
    assert "--force" in refused.stderr
    assert target.read_text() == "Notulen van de commissie Middelen\n"
    forced = run_cli("evaluate", "case", "--format", "json", "--output", "notulen.txt", "--force", cwd=work)
    assert forced.returncode == 0, forced.stderr
    assert json.loads(target.read_text())["meta"]["engine_version"]


def test_our_earlier_output_is_replaced_without_force_and_an_error_leaves_it_as_it_was(work: Path) -> None:
    first = run_cli("evaluate", "case", "--format", "json", "--output", "uitslag.json", cwd=work)
    assert first.returncode == 0, first.stderr
    before = (work / "uitslag.json").read_bytes()
    again = run_cli("evaluate", "case", "--format", "json", "--output", "uitslag.json", cwd=work)
    assert again.returncode == 0 and (work / "uitslag.json").read_bytes() == before  # ours, and deterministic
    data = work / "case" / "data" / "teams.csv"
    data.write_text(data.read_text().replace("PO;2019;kosten;109000", "PO;2019;kosten;twaalf"))
    listing = sorted(p.name for p in work.iterdir())
    failed = run_cli("evaluate", "case", "--format", "json", "--output", "uitslag.json", cwd=work)
    assert failed.returncode == 2 and "twaalf" in failed.stderr
    assert (work / "uitslag.json").read_bytes() == before
    assert sorted(p.name for p in work.iterdir()) == listing


def test_the_report_command_refuses_a_foreign_file_before_doing_any_work(work: Path) -> None:
    (work / "rapport.html").write_text("<html>eigen document</html>")
    proc = run_cli("rapport", "case", "--output", "rapport.html", cwd=work)
    assert proc.returncode == 2 and "bestaat al en lijkt niet door criteria gemaakt" in " ".join(proc.stderr.split())
    assert (work / "rapport.html").read_text() == "<html>eigen document</html>"
    again = run_cli("rapport", "case", "--output", "rapport.html", "--force", cwd=work)
    assert again.returncode == 0, again.stderr
    assert looks_like_ours(work / "rapport.html")
    assert run_cli("rapport", "case", "--output", "rapport.html", cwd=work).returncode == 0  # now it is ours

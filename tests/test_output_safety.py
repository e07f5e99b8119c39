"""Output safety (issues 5, 11 class 10, 15 part 6): what --output does with every kind of path.

A regular file is written whole (temporary file + rename) or not at all; an existing file only when it carries
criteria's marker (or with --force); a FIFO or character device is written in place and never replaced; a
folder, socket, block device, dangling link or missing folder is refused before any work, in Dutch, naming the
path as given; '-' is standard output for every command, and binary output is never sent to a terminal.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import threading
from pathlib import Path

import pytest
from conftest import REPO, run_cli
from terminal_support import run_in_terminal

from criteria.files import writing
from criteria.files.marker import HTML_META, MARKDOWN_HEAD, TEXT_FOOTER, TOML_HEAD, is_ours
from criteria.files.writing import OutputRefused, destination, opened, write

BASE = Path(__file__).resolve().parent / "hostile" / "base"
NOTES = "Notulen commissie Middelen: criteria 0.1.0 gaf voor P&O een 5,8.\n"


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copytree(BASE, tmp_path / "w")
    return tmp_path / "w"


def flat(text: str) -> str:
    return " ".join(text.split())


# --- the writer ---------------------------------------------------------------------------------------------


def test_a_failed_write_leaves_the_previous_file_and_no_temporary_file(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "uitslag.json"
    target.write_text("")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writing.os, "replace", broken_replace)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(OutputRefused, match="^'uitslag.json' kan niet worden geschreven: de schijf is vol$"):
        write(destination("uitslag.json"), "nieuw\n")
    assert target.read_text() == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["uitslag.json"]


def test_an_exception_while_writing_leaves_the_target_untouched(tmp_path: Path) -> None:
    target = tmp_path / "uitslag.txt"
    target.write_text("oud\n" + TEXT_FOOTER + "\n")
    with pytest.raises(RuntimeError), opened(destination(target)) as stream:
        stream.write("half")
        raise RuntimeError("halverwege")
    assert target.read_text() == "oud\n" + TEXT_FOOTER + "\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["uitslag.txt"]


def test_replacing_keeps_the_permissions_and_a_text_file_gets_the_marker_last(tmp_path: Path) -> None:
    target = tmp_path / "uitslag.txt"
    target.write_text("")
    os.chmod(target, 0o640)
    write(destination(target), "nieuw\n", footer=TEXT_FOOTER)
    assert target.read_text() == "nieuw\n" + TEXT_FOOTER + "\n" and (target.stat().st_mode & 0o777) == 0o640
    assert is_ours(target)


@pytest.mark.parametrize(
    "content, ours",
    [
        (b"", True),
        (b'{"meta": {"engine_version": "0.1.0"}}', True),
        (b'{\n  "format": "criteria-resultaat",\n  "format_version": 2}', True),
        (b'{\n  "generator": "criteria 0.1.0",\n  "old": "a"}', True),
        (b'{\n  "$comment": "criteria 0.2.1",\n  "$defs": {}}', True),
        (f"{MARKDOWN_HEAD}\n# Rapport\n".encode(), True),
        (f"{TOML_HEAD}\nid = 'x'\n".encode(), True),
        (f'<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n{HTML_META}\n<title>'.encode(), True),
        (f"tabel\n{TEXT_FOOTER}\n".encode(), True),
        (
            (
                b"soort;id;titel;gewicht;maat;scoring;slecht;goed;ja;nee;band;min;max;score;label;norm_minstens;"
                b"norm_hoogstens;norm_een_van;knockout;cap;nullijn_soort;nullijn_jaar;nullijn_veld;nullijn_waarde;"
                b"nullijn_bron;nullijn_beschrijving\nkader;x\n"
            ),
            True,
        ),
        # mentioning criteria is not a marker: notes, minutes, a quote of our output, an earlier footer mid-file
        (NOTES.encode(), False),
        (b"<footer>Gemaakt met criteria 0.1.0</footer>", False),
        (b"Vingerafdrukken: criteria 0.1.0\n", False),
        (f"{TEXT_FOOTER}\nen daarna mijn eigen aantekeningen\n".encode(), False),
        (b'{"opmerking": "gemaakt met criteria 0.1.0", "meta": {"engine_version": "0.1.0"}}', False),
        (b"soort;id;titel;gewicht\n", False),  # only the start of the header: an own table
        (b'{"begroting": 2020}', False),
        (b"\x89PNG\r\n", False),
    ],
)
def test_what_counts_as_our_output(tmp_path: Path, content: bytes, ours: bool) -> None:
    path = tmp_path / "bestand"
    path.write_bytes(content)
    assert is_ours(path) is ours


def test_an_xlsx_file_is_ours_only_with_criteria_as_its_creator(tmp_path: Path) -> None:
    from openpyxl import Workbook

    from criteria.authoring.sheets.stable import workbook_bytes

    ours, theirs = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    ours.write_bytes(workbook_bytes(Workbook()))
    book = Workbook()
    book.properties.creator = "Gemeente Noord"
    book.active["A1"] = "criteria 0.1.0"
    book.save(theirs)
    assert is_ours(ours) and not is_ours(theirs)


# --- every kind of path (the table in docs/grenzen-en-fouten.md) ------------------------------------------


def test_a_folder_is_never_an_output(tmp_path: Path) -> None:
    with pytest.raises(OutputRefused, match="is een map"):
        destination(tmp_path, force=True)


def test_a_missing_folder_is_named_in_dutch_without_a_temporary_file(work: Path) -> None:
    proc = run_cli("evaluate", "case", "-f", "json", "-o", "geen/map/uitslag.json", cwd=work)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "'geen/map/uitslag.json' kan niet worden geschreven: de map 'geen/map' bestaat niet" in flat(proc.stderr)
    assert ".tmp" not in proc.stderr and "No such file" not in proc.stderr


def test_a_dangling_link_is_refused_and_left_as_it_is(work: Path) -> None:
    (work / "weg.json").symlink_to("nergens/uitslag.json")
    proc = run_cli("evaluate", "case", "-f", "json", "-o", "weg.json", cwd=work)
    assert proc.returncode == 2
    assert "'weg.json' is een symbolische koppeling naar 'nergens/uitslag.json', en dat bestaat niet" in flat(
        proc.stderr
    )
    assert os.readlink(work / "weg.json") == "nergens/uitslag.json" and not (work / "nergens").exists()


def test_a_link_to_our_file_is_followed_and_kept(work: Path) -> None:
    (work / "echt").mkdir()
    (work / "echt" / "uitslag.json").write_text('{"meta": {"engine_version": "0.0.9"}}\n')
    (work / "uitslag.json").symlink_to("echt/uitslag.json")
    proc = run_cli("evaluate", "case", "-f", "json", "-o", "uitslag.json", cwd=work)
    assert proc.returncode == 0, proc.stderr
    assert (work / "uitslag.json").is_symlink() and os.readlink(work / "uitslag.json") == "echt/uitslag.json"
    assert json.loads((work / "echt" / "uitslag.json").read_text())["meta"]["engine_version"] == "0.1.0"
    assert sorted(p.name for p in (work / "echt").iterdir()) == ["uitslag.json"]


def test_a_link_to_a_foreign_file_is_refused(work: Path) -> None:
    (work / "notulen.txt").write_text(NOTES)
    (work / "uitleg.txt").symlink_to("notulen.txt")
    proc = run_cli("explain", "case", "-s", "PO", "-j", "2019", "-o", "uitleg.txt", cwd=work)
    assert proc.returncode == 2 and "'uitleg.txt' bestaat al en lijkt niet door criteria gemaakt" in flat(proc.stderr)
    assert (work / "notulen.txt").read_text() == NOTES and (work / "uitleg.txt").is_symlink()


def test_a_hard_link_gets_the_new_content_under_this_name_only(work: Path) -> None:
    first = work / "uitslag.json"
    first.write_text('{"meta": {"engine_version": "0.0.9"}}\n')
    os.link(first, work / "kopie.json")
    proc = run_cli("evaluate", "case", "-f", "json", "-o", "uitslag.json", cwd=work)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(first.read_text())["meta"]["engine_version"] == "0.1.0"
    assert (work / "kopie.json").read_text() == '{"meta": {"engine_version": "0.0.9"}}\n'


def test_dev_null_is_written_in_place_and_stays_a_device() -> None:
    before = os.stat("/dev/null")
    proc = run_cli("evaluate", str(REPO / "cases" / "heemstede-bloemendaal"), "-f", "json", "-o", "/dev/null")
    assert proc.returncode == 0, proc.stderr
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev and after.st_ino == before.st_ino
    assert proc.stdout == ""


def test_a_full_device_gives_a_dutch_error_naming_it() -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    proc = run_cli("schema", "ruleset", "-o", "/dev/full")
    assert proc.returncode == 2 and "'/dev/full' kan niet worden geschreven: de schijf is vol" in proc.stderr


def test_a_fifo_is_written_in_place_and_stays_a_fifo(work: Path) -> None:
    fifo = work / "pijp"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    proc = run_cli("evaluate", "case", "-f", "json", "-o", "pijp", cwd=work)
    reader.join(timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert json.loads(received[0])["meta"]["engine_version"] == "0.1.0"


def test_a_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        with pytest.raises(OutputRefused, match="is een socket"):
            destination(path)


def test_a_block_device_is_refused() -> None:
    device = next(
        (
            Path("/dev") / name
            for name in sorted(os.listdir("/dev"))
            if stat.S_ISBLK(os.lstat(Path("/dev") / name).st_mode)
        ),
        None,
    )
    if device is None:
        pytest.skip("no block device here")
    with pytest.raises(OutputRefused, match="is een blokapparaat"):
        destination(device, force=True)


def test_a_read_only_file_is_replaced_only_with_force(work: Path) -> None:
    target = work / "uitslag.json"
    target.write_text('{"meta": {"engine_version": "0.0.9"}}\n')
    target.chmod(0o444)
    proc = run_cli("evaluate", "case", "-f", "json", "-o", "uitslag.json", cwd=work)
    assert proc.returncode == 2 and "'uitslag.json' is alleen-lezen" in flat(proc.stderr)
    assert target.read_text() == '{"meta": {"engine_version": "0.0.9"}}\n'
    forced = run_cli("evaluate", "case", "-f", "json", "-o", "uitslag.json", "--force", cwd=work)
    assert forced.returncode == 0 and (target.stat().st_mode & 0o777) == 0o444


def test_a_folder_without_write_permission_is_refused_before_the_work(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "alleen-lezen"
    folder.mkdir()
    real_access = os.access
    monkeypatch.setattr(writing.os, "access", lambda p, mode: False if Path(p) == folder else real_access(p, mode))
    with pytest.raises(OutputRefused, match="geen toestemming om in de map .* te schrijven"):
        destination(folder / "uitslag.json")


# --- every command with --output: checked first, '-' is standard output -------------------------------------

COMMANDS = [
    ["evaluate", "case"],
    ["evaluate", "case", "-f", "json"],
    ["explain", "case", "-s", "PO", "-j", "2019"],
    ["rapport", "case", "-f", "html"],
    ["ruleset", "toon", "rulesets/basis.toml"],
    ["ruleset", "toon", "rulesets/basis.toml", "-f", "toml"],
    ["ruleset", "exporteer", "rulesets/basis.toml", "-f", "csv"],
    ["schema", "ruleset"],
    ["gevoeligheid", "case", "-n", "20", "-f", "json"],
    ["diff", "rulesets/basis.toml", "rulesets/basis.toml"],
    ["test", "rulesets/basis.toml"],
]


def _with_tests(work: Path) -> None:
    (work / "rulesets" / "basis.tests.toml").write_text(
        '[[test]]\nname = "een test"\n[test.values]\nformatie_fte = 10\n[test.expect]\n', encoding="utf-8"
    )


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:3]))
def test_every_output_refuses_a_foreign_file_before_the_work(work: Path, args: list[str]) -> None:
    (work / "notulen.txt").write_text(NOTES)
    (work / "case" / "case.toml").write_text("kapot = [", encoding="utf-8")  # any work would fail on this
    (work / "rulesets" / "basis.toml").write_text("kapot = [", encoding="utf-8")
    proc = run_cli(*args, "-o", "notulen.txt", cwd=work)
    assert proc.returncode == 2, proc.stderr
    assert "'notulen.txt' bestaat al en lijkt niet door criteria gemaakt" in flat(proc.stderr), proc.stderr
    assert "TOML" not in proc.stderr  # refused before reading any input
    assert (work / "notulen.txt").read_text() == NOTES


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:3]))
def test_dash_is_standard_output_and_the_same_content_as_a_file(work: Path, args: list[str]) -> None:
    if args[0] == "test":
        pytest.skip("the base ruleset has no tests: test -o - is checked with the bundled ruleset below")
    to_stdout = run_cli(*args, "-o", "-", cwd=work)
    assert to_stdout.returncode == 0, to_stdout.stderr
    assert not (work / "-").exists()
    to_file = run_cli(*args, "-o", "uit.bestand", cwd=work)
    assert to_file.returncode == 0, to_file.stderr
    written = (work / "uit.bestand").read_text(encoding="utf-8")
    assert written.removesuffix(TEXT_FOOTER + "\n") == to_stdout.stdout
    assert is_ours(work / "uit.bestand")
    again = run_cli(*args, "-o", "uit.bestand", cwd=work)  # ours now: replaced without --force
    assert again.returncode == 0, again.stderr


def test_test_command_writes_to_dash_and_to_a_file(tmp_path: Path) -> None:
    ruleset = str(REPO / "rulesets" / "heemstede-2020.toml")
    to_stdout = run_cli("test", ruleset, "-o", "-", cwd=tmp_path)
    assert to_stdout.returncode == 0 and "geslaagd" in to_stdout.stdout
    to_file = run_cli("test", ruleset, "-f", "json", "-o", "t.json", cwd=tmp_path)
    assert to_file.returncode == 0 and is_ours(tmp_path / "t.json")
    assert json.loads((tmp_path / "t.json").read_text())["generator"].startswith("criteria ")


def test_xlsx_to_a_pipe_is_the_same_file_and_to_a_terminal_is_refused(work: Path) -> None:
    import subprocess
    import sys

    env = {**os.environ, "NO_COLOR": "1"}
    piped = subprocess.run(
        [sys.executable, "-m", "criteria.cli", "rapport", "case", "-o", "-", "-f", "xlsx"],
        cwd=work,
        capture_output=True,
        env=env,
        check=False,
    )
    assert piped.returncode == 0, piped.stderr
    to_file = run_cli("rapport", "case", "-o", "r.xlsx", cwd=work)
    assert to_file.returncode == 0 and piped.stdout == (work / "r.xlsx").read_bytes()
    for args in (
        ["rapport", "case", "-o", "-", "-f", "xlsx"],
        ["rapport", "case", "-o", "/dev/stdout", "-f", "xlsx"],
        ["ruleset", "exporteer", "rulesets/basis.toml", "-o", "-", "-f", "xlsx"],
    ):
        code, shown = run_in_terminal(args, cwd=work)
        assert code == 2, shown
        assert "een Excel-bestand kan niet op het scherm worden getoond" in flat(shown)
        assert "PK\x03\x04" not in shown


def test_a_report_to_dash_needs_a_format(work: Path) -> None:
    proc = run_cli("rapport", "case", "-o", "-", cwd=work)
    assert proc.returncode == 2 and "kies een formaat met --formaat html, markdown of xlsx" in flat(proc.stderr)
    assert proc.stdout == ""


def test_validate_dash_says_what_to_do_instead(work: Path) -> None:
    proc = run_cli("validate", "-", cwd=work)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "standaardinvoer" in flat(proc.stdout + proc.stderr)


# --- earlier output, force ----------------------------------------------------------------------------------


def test_a_foreign_file_is_refused_untouched_and_replaced_only_with_force(work: Path) -> None:
    target = work / "notulen.txt"
    target.write_text(NOTES)
    refused = run_cli("evaluate", "case", "--format", "json", "--output", "notulen.txt", cwd=work)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "notulen.txt' bestaat al en lijkt niet door criteria gemaakt" in flat(refused.stderr)
    assert "--force" in refused.stderr
    assert target.read_text() == NOTES
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


@pytest.mark.parametrize("suffix", ["html", "md", "xlsx"])
def test_each_report_format_is_recognised_as_ours(work: Path, suffix: str) -> None:
    (work / f"rapport.{suffix}").write_text("<html>eigen document</html>")
    proc = run_cli("rapport", "case", "--output", f"rapport.{suffix}", cwd=work)
    assert proc.returncode == 2 and "bestaat al en lijkt niet door criteria gemaakt" in flat(proc.stderr)
    assert (work / f"rapport.{suffix}").read_text() == "<html>eigen document</html>"
    again = run_cli("rapport", "case", "--output", f"rapport.{suffix}", "--force", cwd=work)
    assert again.returncode == 0, again.stderr
    assert is_ours(work / f"rapport.{suffix}")
    assert run_cli("rapport", "case", "--output", f"rapport.{suffix}", cwd=work).returncode == 0  # now ours


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_an_exported_norm_table_is_ours(work: Path, suffix: str) -> None:
    args = ("ruleset", "exporteer", "rulesets/basis.toml", "-o", f"normen.{suffix}")
    assert run_cli(*args, cwd=work).returncode == 0
    assert is_ours(work / f"normen.{suffix}") and run_cli(*args, cwd=work).returncode == 0


def test_archive_export_refuses_a_link_and_a_file_in_dutch(work: Path, tmp_path: Path) -> None:
    archive = tmp_path / "a.sqlite"
    assert run_cli("evaluate", "case", "--archief", str(archive), cwd=work).returncode == 0
    (work / "echt").mkdir()
    (work / "koppeling").symlink_to("echt")
    (work / "bestand").write_text("x")
    for name, message in (
        ("koppeling", "'koppeling' is een symbolische koppeling"),
        ("bestand", "'bestand' bestaat al en is geen map"),
    ):
        proc = run_cli("archief", "export", "1", name, "--archief", str(archive), cwd=work)
        assert proc.returncode == 2 and message in flat(proc.stderr), proc.stderr
    assert list((work / "echt").iterdir()) == [] and (work / "bestand").read_text() == "x"


def test_init_never_writes_through_a_dangling_link(tmp_path: Path) -> None:
    (tmp_path / "rulesets").mkdir()
    (tmp_path / "rulesets" / "nieuw.toml").symlink_to("/nergens/nieuw.toml")
    proc = run_cli("init", "ruleset", "nieuw", cwd=tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert (tmp_path / "rulesets" / "nieuw.toml").is_symlink() and not Path("/nergens").exists()

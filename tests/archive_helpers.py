"""Helpers for the archive tests: record a run, run the CLI in-process, tamper with the SQLite file."""

from __future__ import annotations

import json
import shutil
import sqlite3
import sys
from pathlib import Path
from unittest.mock import patch

import pytest
from conftest import REPO


@pytest.fixture
def work(tmp_path: Path, monkeypatch) -> Path:
    """A folder with a private copy of the case; the archive named by CRITERIA_ARCHIEF; cwd there."""
    copy_case(tmp_path)
    monkeypatch.setenv("CRITERIA_ARCHIEF", str(tmp_path / "archief.sqlite"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def copy_case(root: Path) -> Path:
    """A private copy of the bundled case and the rulesets (same layout), so that other work cannot change it."""
    shutil.copytree(REPO / "cases" / "heemstede-bloemendaal", root / "cases" / "heemstede-bloemendaal")
    shutil.copytree(REPO / "rulesets", root / "rulesets")
    return root / "cases" / "heemstede-bloemendaal"


_RUNS: dict[Path, object] = {}


def record(archive: Path, case: Path, label: str | None = "test", **kwargs):
    """Record a run of `case` (evaluated once per case folder: the tests do not change these folders)."""
    from criteria.archive import record_run
    from criteria.pipeline.run import run

    if case not in _RUNS:
        _RUNS[case] = run(case)
    return record_run(_RUNS[case], case, command="evaluate", label=label, archive=archive, **kwargs)


def cli(capsys, *args: str) -> tuple[int, str, str]:
    """Run `criteria ARGS` in this process (exit code, stdout, stderr), as run_app does for a user."""
    from criteria.cli.registry import every_command
    from criteria.cli.support import run_app

    capsys.readouterr()
    with patch.object(sys, "argv", ["criteria", *map(str, args)]):
        try:
            run_app(every_command())
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 0
    out = capsys.readouterr()
    return code, out.out, out.err


def sql(archive: Path, statement: str, args: tuple = ()) -> list[tuple]:
    with sqlite3.connect(archive) as conn:
        rows = conn.execute(statement, args).fetchall()
    conn.close()
    return rows


def record_of(archive: Path, run: int) -> dict:
    return json.loads(sql(archive, "SELECT record FROM runs WHERE id = ?", (run,))[0][0])


def flip_result_byte(archive: Path, run: int, old: bytes = b'"score": [4.', new: bytes = b'"score": [5.') -> None:
    """Change one byte of the stored result of `run` (a subject's score 4.x in its first year becomes 5.x)."""
    key = record_of(archive, run)["result"]["sha256"]
    content = bytes(sql(archive, "SELECT content FROM blobs WHERE sha256 = ?", (key,))[0][0])
    assert old in content
    sql(archive, "UPDATE blobs SET content = ? WHERE sha256 = ?", (content.replace(old, new, 1), key))


def findings(archive: Path) -> list[str]:
    from criteria.archive import Archive

    with Archive.open(archive) as store:
        found, _, _ = store.check()
    return [f"run {f.run}: {f.message}" for f in found]

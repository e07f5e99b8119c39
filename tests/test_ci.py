"""CI (.ci/run) runs what the README tells a contributor to run, unchanged, and lint and types from the same venv."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _readme_test_command() -> str:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    found = [line for line in lines if line.startswith("python3 -m venv") and line.endswith("-m pytest")]
    assert len(found) == 1, found
    return found[0]


def test_ci_runs_the_readme_test_command_unchanged_and_makes_the_venv_once():
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert _readme_test_command() in run
    assert len([line for line in run if re.search(r"\bpython3 -m venv\b", line)]) == 1


def test_ci_lints_and_type_checks_from_that_venv():
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    at = run.index(_readme_test_command())
    assert ".venv/bin/ruff check ." in run[at + 1 :]
    assert ".venv/bin/ruff format --check ." in run[at + 1 :]
    assert ".venv/bin/mypy" in run[at + 1 :]

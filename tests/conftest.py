"""Shared test set-up: the tests folder on sys.path (for `builders`), the repository root, the CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests are reproducible by default (same examples on every run, no timing deadline on a busy CI
# machine); CRITERIA_HYPOTHESIS=verkennen draws new random examples for exploratory runs.
settings.register_profile("reproduceerbaar", deadline=None, derandomize=True, database=None)
settings.register_profile("verkennen", deadline=None)
settings.load_profile(os.environ.get("CRITERIA_HYPOTHESIS", "reproduceerbaar"))

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

from archive_helpers import work  # noqa: F401 -- the archive tests' fixture, for every test module that names it

CASE = REPO / "cases" / "heemstede-bloemendaal"
RULESET = REPO / "rulesets" / "heemstede-2020.toml"


def run_cli(*args: str, cwd: Path = REPO, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run `python -m criteria.cli ARGS` as a user would (no colour), from the repository root."""
    env = {**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}
    env.pop("COLUMNS", None)
    env.pop("FORCE_COLOR", None)
    return subprocess.run(
        [sys.executable, "-m", "criteria.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        check=False,
    )


def cli_words(*args: str, code: int = 0) -> str:
    """Run the CLI (run_cli), expect exit `code` and no traceback; its output (stdout, then stderr) with all white
    space folded to single spaces, so a test can look for a sentence however the terminal wrapped it."""
    proc = run_cli(*args)
    assert proc.returncode == code and "Traceback" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    return " ".join((proc.stdout + proc.stderr).split())


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO

"""Shared test set-up: the tests folder on sys.path (for `builders`), the repository root, the CLI runner."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
import types
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


def run_cli_process(*args: str, cwd: Path = REPO, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run `python -m criteria.cli ARGS` in a new process as a user would (no colour), from the repository root:
    for what only a whole process shows (start-up, imports, real pipes and exit status, fresh processes)."""
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


_ONE_AT_A_TIME = threading.Lock()  # a run changes this process's cwd, environment and standard streams


def run_cli(*args: str, cwd: Path = REPO, timeout: float = 60) -> subprocess.CompletedProcess:
    """`python -m criteria.cli ARGS` (run_cli_process) without starting a process: the same entry point
    (criteria.cli.main, exit code from its SystemExit), the same environment (NO_COLOR, no COLUMNS), the same
    program name in help texts, stdout and stderr as pipes (not a terminal: 120 columns, UTF-8), read back as
    text with universal newlines. Runs are serialised (threads may call it). A run that has not ended after
    `timeout` seconds fails the test (subprocess.TimeoutExpired, as run_cli_process; the stuck run is left)."""
    from criteria.cli import main

    out, err = io.BytesIO(), io.BytesIO()
    ended: list[BaseException] = []

    def call_main() -> None:
        try:
            main()
            ended.append(SystemExit(0))
        except BaseException as reason:  # noqa: BLE001 - SystemExit carries the exit code; anything else is re-raised
            ended.append(reason)

    streams = sys.stdin, sys.stdout, sys.stderr
    saved_env, saved_argv, saved_main, saved_cwd = dict(os.environ), sys.argv, sys.modules["__main__"], os.getcwd()
    entry = types.ModuleType("__main__")  # what click reads for the program name: `python -m criteria.cli`
    entry.__package__ = "criteria.cli"
    with _ONE_AT_A_TIME:
        try:
            os.environ.update(NO_COLOR="1", PYTHONIOENCODING="utf-8")
            os.environ.pop("COLUMNS", None)
            os.environ.pop("FORCE_COLOR", None)
            sys.argv = [str(REPO / "criteria" / "cli" / "__main__.py"), *args]
            sys.modules["__main__"] = entry
            os.chdir(cwd)
            sys.stdin = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
            sys.stdout = stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
            sys.stderr = stderr = io.TextIOWrapper(err, encoding="utf-8", write_through=True)
            runner = threading.Thread(target=call_main, daemon=True)
            runner.start()
            runner.join(timeout)
            if not ended:
                raise subprocess.TimeoutExpired(["criteria", *args], timeout)
            if not isinstance(ended[0], SystemExit):
                raise ended[0]
            code = ended[0].code
            if not isinstance(code, int | None):
                print(code, file=sys.stderr)
            code = code if isinstance(code, int) else (0 if code is None else 1)
            stdout.detach()  # flushed; the bytes stay readable (closing the wrapper would close them)
            stderr.detach()
        finally:
            sys.stdin, sys.stdout, sys.stderr = streams
            os.chdir(saved_cwd)
            sys.modules["__main__"] = saved_main
            sys.argv = saved_argv
            os.environ.clear()
            os.environ.update(saved_env)
    return subprocess.CompletedProcess(["criteria", *args], code, _as_text(out.getvalue()), _as_text(err.getvalue()))


def _as_text(data: bytes) -> str:
    """What subprocess.run(text=True, encoding='utf-8') gives for these bytes (universal newlines)."""
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def cli_words(*args: str, code: int = 0) -> str:
    """Run the CLI (run_cli), expect exit `code` and no traceback; its output (stdout, then stderr) with all white
    space folded to single spaces, so a test can look for a sentence however the terminal wrapped it."""
    proc = run_cli(*args)
    assert proc.returncode == code and "Traceback" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    return " ".join((proc.stdout + proc.stderr).split())


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO

"""Under an address-space limit (ulimit -v, prlimit --as) a run finishes or stops with a Dutch error before it
starts: never an abort inside native code (exit 134), never a traceback (issue 12, criteria/files/memory.py).

Whole processes, each with a small RLIMIT_AS set before it starts, on a small generated case.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BASE = Path(__file__).resolve().parent / "hostile" / "base"
LIMIT = 700 * 2**20  # bytes of address space: python, numpy, pydantic and rich take ~250 MB of it


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def criteria(*args: str, limit: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "criteria", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "120"},
        preexec_fn=_limited if limit else None,
    )


@pytest.fixture
def case(tmp_path: Path) -> Path:
    shutil.copytree(BASE, tmp_path / "base")
    return tmp_path / "base" / "case"


def test_a_large_table_is_read_within_the_limit(case: Path) -> None:
    """A table above the size the columnar reader (polars) takes: its thread pool alone would take more address space
    than the limit leaves (an abort, exit 134); under the limit the table is read all the same, to the same result."""
    table = case / "data" / "teams.csv"
    text = table.read_text(encoding="utf-8")
    table.write_text(text + "".join(f"# opmerking {i:06d} {'x' * 80}\n" for i in range(4_000)), encoding="utf-8")
    assert table.stat().st_size > 300_000
    free = criteria("evaluate", str(case), limit=False)
    assert free.returncode == 0, free.stderr
    for command in (["evaluate"], ["explain", "--onderwerp", "PO", "--jaar", "2020"], ["validate"]):
        done = criteria(command[0], str(case), *command[1:])
        assert done.returncode == 0, done.stderr
        assert "memory allocation" not in done.stderr and "Traceback" not in done.stderr
        if command == ["evaluate"]:
            assert done.stdout == free.stdout


def test_a_case_that_would_not_fit_is_refused_before_its_tables_are_read(case: Path) -> None:
    """2,000 subjects × 300 years: within the work limits, beyond the memory the limit leaves. Refused with the
    estimate before any table is read: the broken row in the table is never reported."""
    ruleset = case.parent / "rulesets" / "basis.toml"
    ruleset.write_text(
        ruleset.read_text(encoding="utf-8").replace(
            "years = [2019, 2020]", "years = [" + ", ".join(map(str, range(1901, 2201))) + "]"
        ),
        encoding="utf-8",
    )
    with (case / "case.toml").open("a", encoding="utf-8") as f:
        f.writelines(f'\n[subjects.S{i}]\ntitle = "S{i}"\n' for i in range(1_998))
    with (case / "data" / "teams.csv").open("a", encoding="utf-8") as f:
        f.write("PO;2019;kosten;veel;euro;begroting;A\n")
    for command in ("evaluate", "validate", "explain"):
        extra = ["--onderwerp", "PO", "--jaar", "2020"] if command == "explain" else []
        done = criteria(command, str(case), *extra)
        said = " ".join((done.stderr + done.stdout).split())  # validate reports on stdout
        assert done.returncode == 2, said
        assert "er is niet genoeg geheugen: deze beoordeling vraagt naar schatting" in said
        assert "2.000 onderwerpen × 300 jaren" in said and "aan tabellen om in te lezen" in said
        assert "veel" not in said and "Traceback" not in said


def test_memory_running_out_after_all_is_said_in_dutch() -> None:
    """What the estimate did not foresee (a MemoryError while evaluating): exit 2 and a Dutch message."""
    code = (
        "import sys, criteria.pipeline.run as run\n"
        "def short(*_a, **_k):\n    raise MemoryError\n"
        "run.evaluate = short\n"
        "sys.argv = ['criteria', 'evaluate', sys.argv[1]]\n"
        "from criteria.cli import main\nmain()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(BASE / "case")],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert done.returncode == 2, done.stderr
    assert "er is niet genoeg geheugen; de opdracht is gestopt" in " ".join(done.stderr.split())
    assert "Traceback" not in done.stderr and "Interne fout" not in done.stderr and done.stdout == ""

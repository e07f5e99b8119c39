"""The memory guard (issue 12): a run that would not fit in memory stops with a Dutch error before it starts.

criteria/limits.py memory_estimate says what a run adds to what the read inputs hold; check_work refuses when
that is more than the process may still take (criteria.pipeline.work.available_memory: MemAvailable, the
address-space limit, the cgroup's limit).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from criteria import limits
from criteria.errors import InputError
from criteria.pipeline import work
from criteria.pipeline.run import load_inputs

REPO = Path(__file__).resolve().parent.parent
HB = REPO / "cases" / "heemstede-bloemendaal"
counts = st.integers(0, 5_000)


@given(
    counts,
    counts,
    counts,
    counts,
    st.integers(0, 100),
    st.integers(0, 100_000),
    counts,
    st.sampled_from(["subjects", "years", "nodes", "fields", "partners", "samples", "tree_nodes"]),
)
def test_more_of_anything_never_needs_less_memory(
    subjects, years, nodes, fields, partners, samples, tree_nodes, grow
) -> None:
    before = dict(
        subjects=subjects,
        years=years,
        nodes=nodes,
        fields=fields,
        partners=partners,
        samples=samples,
        tree_nodes=tree_nodes,
    )
    after = {**before, grow: before[grow] + 1}
    estimate = lambda c: limits.memory_estimate(c.pop("subjects"), c.pop("years"), c.pop("nodes"), **c)
    assert estimate(dict(after)) >= estimate(dict(before)) >= limits.MEMORY_RESERVE


def test_the_estimate_covers_what_was_measured() -> None:
    """Measured growth after reading (docs/grenzen-en-fouten.md, 'Geheugen'): national evaluate +97 MB (2,736
    subjects × 11 years × (70 parts + 13 fields × 1 partner)); gevoeligheid at 1/8 with 200 samples +270 MB."""
    assert limits.memory_estimate(2736, 11, 70, fields=13, partners=1) >= 97 * 2**20
    assert limits.memory_estimate(344, 11, 70, fields=13, partners=1, samples=200, tree_nodes=53) >= 270 * 2**20


def test_check_work_refuses_exactly_above_the_memory_available() -> None:
    need = limits.memory_estimate(2, 3, 11, fields=4, partners=2)
    assert limits.check_work(2, 3, 11, fields=4, partners=2, memory=need) == []
    assert limits.check_work(2, 3, 11, fields=4, partners=2, memory=None) == []
    [reason] = limits.check_work(2, 3, 11, fields=4, partners=2, memory=need - 1)
    assert reason.startswith(limits.MEMORY_REASON)
    assert f"naar schatting {limits.megabytes(need)}" in reason and "2 onderwerpen × 3 jaren" in reason


def test_load_inputs_refuses_before_anything_is_evaluated(monkeypatch) -> None:
    from criteria.engine import columns

    def must_not_run(*_args, **_kwargs):
        raise AssertionError("evaluation started before the memory was checked")

    monkeypatch.setattr(columns, "evaluate", must_not_run)
    monkeypatch.setattr("criteria.pipeline.run.prepare_case", must_not_run)
    monkeypatch.setattr(work, "available_memory", lambda: 10 * 2**20)
    with pytest.raises(InputError) as err:
        load_inputs(HB)
    [problem] = [p for p in err.value.problems if p.message.startswith(limits.MEMORY_REASON)]
    assert problem.file.endswith("case.toml") and problem.place == "subjects"
    assert problem.message.startswith("er is niet genoeg geheugen: deze beoordeling vraagt naar schatting")
    assert "er is nog 10 MB vrij" in problem.message and "sluit andere programma's" in problem.suggestion


def test_the_address_space_limit_counts() -> None:
    """Under ulimit -v the room left is the limit less the address space in use."""
    code = (
        "import resource; from criteria.pipeline.work import available_memory; from criteria.files.memory import proc_number as _numbers; from pathlib import Path;"
        "used = _numbers(Path('/proc/self/status'), 'VmSize:') * 1024;"
        "resource.setrlimit(resource.RLIMIT_AS, (used + 300 * 2**20, resource.RLIM_INFINITY));"
        "print(available_memory())"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert 250 * 2**20 <= int(done.stdout) <= 300 * 2**20


def test_the_cli_stops_with_a_dutch_error_and_exit_2() -> None:
    """As a whole process, with what the system really reports: a run estimated above it exits 2, no traceback."""
    code = (
        "import sys; import criteria.limits as limits; limits.MEMORY_RESERVE = 2**60;"
        "sys.argv = ['criteria', 'evaluate', 'cases/heemstede-bloemendaal']; from criteria.cli import main; main()"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        cwd=REPO,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert done.returncode == 2, done.stderr
    assert "er is niet genoeg geheugen" in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == ""

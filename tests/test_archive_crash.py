"""The archive under SIGKILL and under concurrency: no partial record, a usable archive, a straight chain.

Default suite: 8 kill trials (4 archives × 2 trials, the archives side by side; one archive is written
through record_run with the engine loaded, the others through the same Archive.append from prepared
records, which starts ten times faster) and 8 writer processes × 5 runs at once. The long run does 52
kill trials (4 × 13, half through record_run) and also 8 `criteria evaluate --label` processes at once:

    CRITERIA_LANG=1 .venv/bin/python -m pytest -n 0 tests/test_archive_crash.py -s

(-n 0 -s prints the figures, which xdist workers would keep to themselves: trials, runs recorded, kills that landed
after COMMIT or before the first run.)
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from archive_helpers import copy_case, sql
from archive_writer import prepare
from conftest import run_cli

from criteria.archive import Archive
from criteria.archive.chain import blob_refs

LONG = bool(os.environ.get("CRITERIA_LANG"))
LANES, TRIALS_PER_LANE = 4, (13 if LONG else 2)
FULL_LANES = 2 if LONG else 1  # lanes whose writer goes through record_run (engine loaded)
WRITER = Path(__file__).resolve().parent / "archive_writer.py"


@pytest.fixture(scope="module")
def case(tmp_path_factory) -> Path:
    return copy_case(tmp_path_factory.mktemp("werk"))


@pytest.fixture(scope="module")
def prepared(tmp_path_factory, case: Path) -> Path:
    return prepare(case, tmp_path_factory.mktemp("bron") / "record")


def writer(archive: Path, case: Path, seed: int, count: int, name: str) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, str(WRITER), str(archive), str(case), str(seed), str(count), name],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "klaar", proc.stderr.read()  # type: ignore[union-attr]
    return proc


@dataclass
class Trial:
    committed_seen: int  # commits the writer reported before it was killed
    mid_write: bool  # killed after announcing a write and before reporting its commit
    runs_added: int  # records found in the archive afterwards
    problems: list[str]


def inspect(archive: Path) -> tuple[int, list[str]]:
    """Number of runs, and everything wrong: chain findings, SQLite integrity, files no record points to."""
    if not archive.exists():
        return 0, []
    with Archive.open(archive) as store:
        findings, count, _ = store.check()
        integrity = store.integrity()
        referenced = {key for run in store.runs() for _, key in blob_refs(run.record)}
    problems = [f"run {f.run}: {f.message}" for f in findings]
    problems += [] if integrity == "ok" else [f"integrity_check: {integrity}"]
    stored = {row[0] for row in sql(archive, "SELECT sha256 FROM blobs")}
    problems += (
        [f"{len(stored - referenced)} opgeslagen bestand(en) zonder record (half geschreven run)"]
        if stored - referenced
        else []
    )
    numbers = [row[0] for row in sql(archive, "SELECT id FROM runs ORDER BY id")]
    problems += [] if numbers == list(range(1, count + 1)) else [f"runnummers {numbers}"]
    return count, problems


def lane(archive: Path, source: Path, seeds: list[int], out: list[Trial]) -> None:
    for seed in seeds:
        before, _ = inspect(archive)
        proc = writer(archive, source, seed, 0, f"poging {seed}")
        time.sleep(random.Random(seed).uniform(0.0, 0.5))
        proc.send_signal(signal.SIGKILL)
        stdout, _ = proc.communicate()
        lines = stdout.split()
        seen = sum(line.isdigit() for line in lines)
        after, problems = inspect(archive)
        out.append(Trial(seen, lines[-1:] == ["schrijft"], after - before, problems))


def test_sigkill_at_random_moments_leaves_an_intact_archive(tmp_path: Path, case: Path, prepared: Path) -> None:
    trials: list[Trial] = []
    threads = [
        threading.Thread(
            target=lane,
            args=(
                tmp_path / f"archief{i}.sqlite",
                case if i < FULL_LANES else prepared,
                [1000 * i + t for t in range(TRIALS_PER_LANE)],
                trials,
            ),
        )
        for i in range(LANES)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(trials) == LANES * TRIALS_PER_LANE
    for trial in trials:
        assert trial.problems == []
        # every reported commit is there; at most one more (killed after COMMIT, before it could print)
        assert trial.runs_added in (trial.committed_seen, trial.committed_seen + 1)
    totals = [inspect(tmp_path / f"archief{i}.sqlite") for i in range(LANES)]
    print(
        f"\nSIGKILL: {len(trials)} pogingen, alle archieven intact: {all(not p for _, p in totals)}; "
        f"{sum(t.runs_added for t in trials)} runs vastgelegd; "
        f"{sum(t.mid_write for t in trials)} keer gedood tijdens het vastleggen, waarvan "
        f"{sum(t.runs_added == t.committed_seen + 1 for t in trials)} na COMMIT vóór de melding; "
        f"{sum(t.runs_added == 0 for t in trials)} keer vóór de eerste run"
    )
    # still usable: one more run after all those kills lands on a straight chain
    writer_done = writer(tmp_path / "archief0.sqlite", prepared, 7, 1, "na de crashes")
    writer_done.communicate("start\n", timeout=120)
    count, problems = inspect(tmp_path / "archief0.sqlite")
    assert writer_done.returncode == 0 and problems == [] and count == totals[0][0] + 1


def test_eight_processes_writing_at_once_all_land(tmp_path: Path, prepared: Path) -> None:
    archive = tmp_path / "archief.sqlite"  # made by the writers themselves, all at once
    procs = [writer(archive, prepared, i, 5, f"schrijver {i}") for i in range(8)]
    for proc in procs:
        proc.stdin.write("start\n")  # type: ignore[union-attr]
        proc.stdin.flush()  # type: ignore[union-attr]
    outputs = [proc.communicate(timeout=180) for proc in procs]
    assert [proc.returncode for proc in procs] == [0] * 8, [err for _, err in outputs]
    reported = sorted(int(n) for out, _ in outputs for n in out.split() if n.isdigit())
    assert reported == list(range(1, 41))  # each process got its own numbers, none lost, none twice
    count, problems = inspect(archive)
    assert (count, problems) == (40, [])
    labels = {json.loads(text)["label"] for (text,) in sql(archive, "SELECT record FROM runs")}
    assert labels == {f"schrijver {i} {j}" for i in range(8) for j in range(5)}
    print(f"\nGelijktijdig: 8 processen × 5 runs = {count} runs, keten ononderbroken: {not problems}")


@pytest.mark.skipif(not LONG, reason="lange run: CRITERIA_LANG=1")
def test_eight_cli_evaluations_at_once_all_land(tmp_path: Path, case: Path) -> None:
    archive = tmp_path / "archief.sqlite"
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(8) as pool:
        done = list(
            pool.map(
                lambda i: run_cli(
                    "evaluate",
                    str(case),
                    "--label",
                    f"cli {i}",
                    "--archief",
                    str(archive),
                    "--format",
                    "json",
                    timeout=300,
                ),
                range(8),
            )
        )
    assert [d.returncode for d in done] == [0] * 8, [d.stderr for d in done]
    assert inspect(archive) == (8, [])
    print("\nGelijktijdig via de CLI: 8 × criteria evaluate --label, 8 runs, keten ononderbroken")

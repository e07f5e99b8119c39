"""Timing, profiling and machine facts for the benchmarks (ratios against baselines in the same run)."""

from __future__ import annotations

import cProfile
import io
import os
import platform
import pstats
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Row:
    """One line of the table in docs/prestaties.md."""

    name: str
    measured: float  # seconds (or MB for memory)
    baseline_name: str
    baseline: float | None
    target: str
    met: bool | None  # None: not measured (e.g. a library is not installable)
    unit: str = "s"
    note: str = ""
    profile: str = ""  # shown when a target is missed

    @property
    def ratio(self) -> float | None:
        return None if not self.baseline else self.measured / self.baseline


@dataclass
class Timing:
    best: float
    median: float
    runs: list[float] = field(default_factory=list)


def timed(
    fn: Callable[[], object], repeat: int = 5, warmup: int = 1, clock: Callable[[], float] = time.perf_counter
) -> Timing:
    """Best and median time of `fn` over `repeat` runs, after `warmup` untimed runs (wall clock unless
    `clock` is e.g. time.process_time, the processor time of this process)."""
    for _ in range(warmup):
        fn()
    runs = []
    for _ in range(repeat):
        start = clock()
        fn()
        runs.append(clock() - start)
    return Timing(min(runs), statistics.median(runs), runs)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_commands(
    commands: dict[str, list[str]], repeat: int = 9, cwd: str | None = None
) -> dict[str, tuple[Timing, Timing]]:
    """Wall time and CPU time (user + system) of whole processes, the commands interleaved so that machine
    load hits them alike. CPU time does not count waiting for a busy processor."""
    # the same OpenBLAS setting on both sides: criteria sets one thread itself (criteria/cli.py)
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", "OPENBLAS_NUM_THREADS": "1"}
    wall: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, argv in commands.items():
            start, start_cpu = time.perf_counter(), _children_cpu()
            subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            wall[name].append(time.perf_counter() - start)
            cpu[name].append(_children_cpu() - start_cpu)
    return {
        n: (
            Timing(min(wall[n]), statistics.median(wall[n]), wall[n]),
            Timing(min(cpu[n]), statistics.median(cpu[n]), cpu[n]),
        )
        for n in commands
    }


def profile(fn: Callable[[], object], top: int = 12) -> str:
    """The functions that take the most own time in one run of `fn` (cProfile, as text)."""
    prof = cProfile.Profile()
    prof.enable()
    fn()
    prof.disable()
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out).strip_dirs().sort_stats("tottime")
    stats.print_stats(top)
    text = out.getvalue()
    start = text.find("   ncalls")
    return text[start:].rstrip() if start >= 0 else text.rstrip()


def _imports(argv: list[str], cwd: str | None) -> list[tuple[int, int, str]]:
    """(cumulative µs, own µs, module) for every module a command imports, from `python -X importtime`."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *argv],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )
    rows = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:"):
            continue
        parts = [p.strip() for p in line[len("import time:") :].split("|")]
        if len(parts) == 3 and parts[0].isdigit() and parts[1].isdigit():
            rows.append((int(parts[1]), int(parts[0]), parts[2]))
    return rows


def import_profile(argv: list[str], baseline: list[str], top: int = 15, cwd: str | None = None) -> str:
    """The imports of a command that the baseline command does not do, by their own import time."""
    known = {name for _, _, name in _imports(baseline, cwd)}
    rows = sorted((r for r in _imports(argv, cwd) if r[2] not in known), key=lambda r: r[1], reverse=True)
    total = sum(own for _, own, _ in rows)
    lines = [
        f"imports die de basislijn niet doet: samen {total / 1000:.0f} ms eigen importtijd",
        f"{'zelf ms':>8} {'cumulatief ms':>14}  module",
    ]
    lines += [f"{s / 1000:>8.1f} {c / 1000:>14.1f}  {n}" for c, s, n in rows[:top]]
    return "\n".join(lines)


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "onbekend"


def machine() -> dict[str, str]:
    import numpy

    facts = {
        "CPU": cpu_model(),
        "kernen": str(os.cpu_count()),
        "Python": platform.python_version(),
        "numpy": numpy.__version__,
        "platform": platform.platform(),
    }
    facts["geheugen"] = memory_total()
    for name, module in (("scikit-criteria", "skcriteria"), ("pymcdm", "pymcdm"), ("polars", "polars")):
        facts[name] = package_version(module) or "niet geïnstalleerd"
    try:
        facts["belasting (1 min)"] = f"{os.getloadavg()[0]:.2f}"
    except OSError:
        pass
    return facts


def memory_total() -> str:
    try:
        with open("/proc/meminfo", encoding="utf-8") as handle:
            kb = next(int(line.split()[1]) for line in handle if line.startswith("MemTotal:"))
        return f"{kb / 1024**2:.1f} GB"
    except (OSError, StopIteration):
        return "onbekend"


def package_version(distribution: str) -> str | None:
    from importlib import metadata

    names = {"skcriteria": "scikit-criteria"}
    try:
        return metadata.version(names.get(distribution, distribution))
    except metadata.PackageNotFoundError:
        return None

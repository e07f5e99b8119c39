"""Where a whole process spends its time: one command under cProfile, on a small case, as bounded as any run.

Used for the commands whose targets are missed (docs/prestaties.md, "Niet gehaald"). A small case keeps the
profile quick; the scaling tables show how the time grows from there.
"""

from __future__ import annotations

import io
import pstats
import sys
from pathlib import Path

from benchmarks.case_files import cached_case, scale_text
from benchmarks.processes import run_bounded, tail
from benchmarks.scaling import Settings, argv_of, environment

PROFILE_SCALE = 1 / 64


def _criteria_lines(stats: pstats.Stats, top: int) -> str:
    out = io.StringIO()
    stats.stream = out
    stats.sort_stats("cumulative").print_stats(r"criteria/", top)
    text = out.getvalue()
    start = text.find("   ncalls")
    return text[start:].rstrip() if start >= 0 else text.rstrip()


def profile(command: str, settings: Settings, scale: float = PROFILE_SCALE, top: int = 18) -> str:
    """Text: the functions of criteria by cumulative time, then all functions by own time."""
    case = cached_case(scale)
    settings.work.mkdir(parents=True, exist_ok=True)
    out = settings.work / f"profiel-{command}"
    argv = argv_of(command, case, out, sys.executable, "criteria")
    stats_file = out.with_suffix(".pstats")
    argv = [sys.executable, "-m", "cProfile", "-o", str(stats_file), "-m", "criteria.cli", *argv[2:]]
    stdout, stderr = out.with_suffix(".stdout"), out.with_suffix(".stderr")
    _, status, wall, _, peak, _ = run_bounded(
        argv,
        stdout=stdout,
        stderr=stderr,
        timeout=settings.timeout,
        memory=settings.memory,
        env=environment(),
        cwd=Path.cwd(),
    )
    if not stats_file.exists():
        return f"(geen profiel: {status}, {tail(stderr)})"
    stats = pstats.Stats(str(stats_file), stream=io.StringIO()).strip_dirs()
    head = (
        f"cProfile van `{command}` op schaal {scale_text(scale)} ({case.subjects} onderwerpen, {case.values} "
        f"gegevens): {wall:.1f} s met profiler, piek {peak:.0f} MB, {status}"
    )
    own = io.StringIO()
    stats.stream = own
    stats.sort_stats("tottime").print_stats(10)
    text = own.getvalue()
    own_text = text[text.find("   ncalls") :].rstrip()
    full = pstats.Stats(str(stats_file), stream=io.StringIO())
    for path in (stats_file, stdout, stderr):
        path.unlink(missing_ok=True)
    return "\n".join(
        [
            head,
            "",
            "functies van criteria, naar cumulatieve tijd:",
            _criteria_lines(full, top),
            "",
            "alle functies, naar eigen tijd:",
            own_text,
        ]
    )

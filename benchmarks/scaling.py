"""The scaling curve: every user command as a whole process at ⅛ … 4× national size, against the columnar floor.

    .venv/bin/python -m benchmarks.scaling --scales 0.125,0.25 --commands evaluate,explain

Each scale's case is written once (benchmarks/case_files.py). Per scale the floor (benchmarks/floor.py) runs
first (the quickest of three runs), then each command once, with its output to a file. Every run is bounded
(memory and time, benchmarks/processes.py). A command that hit a limit at one scale is not run at larger scales
(outcome "overgeslagen"). Each command is what a user runs at that scale: `rapport` writes one file up to
limits.MAX_REPORT_FILE_SUBJECTS subjects and a folder (--map) above it; evaluate (table and JSON) and rapport get
--lange-run where criteria's own time estimate asks for it (long_run). Results are written after every run to
benchmarks/.runs/ (JSON), so an interrupted run keeps what it measured; `benchmarks.run` renders them into
docs/prestaties.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.bench_startup import compile_bytecode
from benchmarks.case_files import CaseFiles, cached_case, scale_text
from benchmarks.processes import GB, Outcome, run_bounded, tail

BENCH = Path(__file__).resolve().parent
RUNS = BENCH / ".runs"
FLOOR = "ondergrens"
SCALES = (0.125, 0.25, 0.5, 1.0, 2.0, 4.0)
COMMANDS = ("validate", "evaluate", "evaluate-json", "explain", "rapport", "gevoeligheid")
PROBE = "te-groot"  # evaluate --format json under a small memory limit: must stop with a Dutch message
PROBE_MEMORY = 768 * 1024**2
FLOOR_REPEAT = 3


def argv_of(command: str, case: CaseFiles, out: Path, python: str, criteria: str) -> list[str]:
    c = str(case.folder)
    return {
        FLOOR: [python, str(BENCH / "floor.py"), c, "-o", str(out.with_suffix(".csv"))],
        "validate": [criteria, "validate", c],
        "evaluate": [criteria, "evaluate", c, "-o", str(out.with_suffix(".txt")), *long_run("evaluate", case)],
        "evaluate-json": [
            criteria,
            "evaluate",
            c,
            "--format",
            "json",
            "-o",
            str(out.with_suffix(".json")),
            *long_run("json", case),
        ],
        PROBE: [criteria, "evaluate", c, "--format", "json", "-o", str(out.with_suffix(".json"))],
        "explain": [
            criteria,
            "explain",
            c,
            "--onderwerp",
            case.explain_subject,
            "--jaar",
            str(case.explain_year),
            "-o",
            str(out.with_suffix(".txt")),
        ],
        "rapport": rapport_argv(case, out, criteria),
        # the default 10,000 samples: from 1/8 on its estimate is above the 30 s bound, so a user adds --lange-run
        "gevoeligheid": [criteria, "gevoeligheid", c, "--lange-run", "-o", str(out.with_suffix(".txt"))],
    }[command]


def rapport_argv(case: CaseFiles, out: Path, criteria: str) -> list[str]:
    """`criteria rapport --formaat html` as a user runs it at this scale: one file up to
    limits.MAX_REPORT_FILE_SUBJECTS subjects (more is refused), above that a folder (--map: an index page and a page
    per subject); with --lange-run where criteria's own time estimate is above its bound (limits.MAX_SECONDS)."""
    from criteria import limits

    c = str(case.folder)
    if case.subjects > limits.MAX_REPORT_FILE_SUBJECTS:
        argv = [criteria, "rapport", c, "--map", "--formaat", "html", "-o", str(out.with_suffix(".map"))]
    else:
        argv = [criteria, "rapport", c, "--formaat", "html", "-o", str(out.with_suffix(".html"))]
    return argv + long_run("rapport", case)


def long_run(job: str, case: CaseFiles) -> list[str]:
    """[--lange-run] where criteria's own estimate of `job` (a limits.TIMED job: 'evaluate' as a table, 'json',
    'rapport') on this case is above its time bound (limits.MAX_SECONDS), as a user adds it when criteria asks;
    otherwise nothing."""
    from criteria import limits

    return [limits.LONG_RUN] if estimated_seconds(job, case) > limits.MAX_SECONDS else []


def estimated_seconds(job: str, case: CaseFiles) -> float:
    """criteria's estimate of `job`'s processor time on this case (limits.estimate_seconds), without reading its
    data: the counts are known from writing it."""
    import tomllib

    from criteria import limits
    from criteria.load.ruleset import load_ruleset
    from criteria.pipeline.work import counted_size

    manifest = tomllib.loads((case.folder / "case.toml").read_text(encoding="utf-8"))
    ruleset = load_ruleset(case.folder / manifest["ruleset"])
    partners = len(manifest.get("partners", {}))
    return limits.estimate_seconds(job, counted_size(ruleset, case.subjects, partners, case.values))


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def _size(path: Path) -> int | None:
    """Bytes written: a file's size, or a folder's files together (rapport --map)."""
    if not path.exists():
        return None
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size


def display(argv: list[str]) -> str:
    """The command as a user types it: `criteria …` with the case folder relative to the repository (also for a
    run saved in another checkout)."""
    parts = [
        "criteria"
        if a.endswith("/criteria")
        else "python"
        if a.endswith(("/python", "/python3"))
        else a[a.index("/benchmarks/") + 1 :]
        if "/benchmarks/" in a
        else a
        for a in argv
    ]
    return " ".join(parts)


@dataclass
class Settings:
    scales: list[float]
    commands: list[str]
    timeout: float = 300.0
    memory: int = 6 * GB
    probe: bool = True
    work: Path = field(default_factory=lambda: RUNS / "uitvoer")


def environment() -> dict[str, str]:
    # the same OpenBLAS setting for the product (which sets 1 itself) and the floor
    return {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", "OPENBLAS_NUM_THREADS": "1", "PYTHONUNBUFFERED": "1"}


def measure(command: str, case: CaseFiles, settings: Settings, memory: int | None = None) -> Outcome:
    python = sys.executable
    criteria = str(Path(python).parent / "criteria")
    settings.work.mkdir(parents=True, exist_ok=True)
    out = settings.work / f"{command}-{case.municipalities}"
    argv = argv_of(command, case, out, python, criteria)
    target = next((Path(a) for a in argv if a.startswith(str(out))), None)
    if target is not None:
        _remove(target)
    stdout, stderr = out.with_suffix(".stdout"), out.with_suffix(".stderr")
    code, status, wall, cpu, peak, _ = run_bounded(
        argv,
        stdout=stdout,
        stderr=stderr,
        timeout=settings.timeout,
        memory=memory or settings.memory,
        env=environment(),
        cwd=BENCH.parent,
    )
    written = target if target is not None else stdout
    size = _size(written)
    message = "" if status == "ok" else tail(stderr)
    for path in (target, stdout, stderr):  # outputs reach GBs: keep only their size
        if path is not None:
            _remove(path)
    return Outcome(command, case.scale, case.values, status, wall, cpu, peak, code, size, message, tuple(argv))


def measure_floor(case: CaseFiles, settings: Settings) -> Outcome:
    runs = [measure(FLOOR, case, settings) for _ in range(FLOOR_REPEAT)]
    good = [r for r in runs if r.status == "ok"]
    return min(good, key=lambda r: r.wall or 0.0) if good else runs[0]


def run(settings: Settings, results: Path | None = None, log=print) -> list[Outcome]:
    results = results or RUNS / f"schaal-{time.strftime('%Y%m%d-%H%M%S')}.json"
    results.parent.mkdir(parents=True, exist_ok=True)
    measured = {"commit": revision(), "datum": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    outcomes: list[Outcome] = []
    failed: dict[str, str] = {}  # command -> the scale where it hit a limit
    compile_bytecode()  # as installed: no run compiles criteria's modules anew (PYTHONDONTWRITEBYTECODE)

    def keep(outcome: Outcome) -> None:
        outcomes.append(outcome)
        log(
            f"  {outcome.command:14} {scale_text(outcome.scale):>4}: {outcome.status:13} "
            + ("" if outcome.wall is None else f"{outcome.wall:8.2f} s  {outcome.peak_mb:8.0f} MB")
        )
        results.write_text(
            json.dumps(
                {
                    "settings": {
                        "timeout": settings.timeout,
                        "memory": settings.memory,
                        "scales": settings.scales,
                        "commands": settings.commands,
                        **measured,
                    },
                    "outcomes": [o.as_dict() for o in outcomes],
                },
                indent=1,
            ),
            encoding="utf-8",
        )

    for scale in sorted(settings.scales):
        case = cached_case(scale)
        log(
            f"schaal {scale_text(scale)}: {case.municipalities} gemeenten, {case.subjects} onderwerpen, "
            f"{case.values} gegevens ({case.folder})"
        )
        keep(measure_floor(case, settings))
        for command in settings.commands:
            if command in failed:
                keep(
                    Outcome(
                        command,
                        scale,
                        case.values,
                        "overgeslagen",
                        message=f"bij schaal {failed[command]} al {outcomes_status(outcomes, command)}",
                    )
                )
                continue
            outcome = measure(command, case, settings)
            keep(outcome)
            if outcome.status in ("time-out", "geheugengrens"):
                failed[command] = scale_text(scale)
    if settings.probe and settings.scales:
        scale = max(s for s in settings.scales if s <= 2) if min(settings.scales) <= 2 else min(settings.scales)
        keep(measure(PROBE, cached_case(scale), settings, memory=PROBE_MEMORY))
    shutil.rmtree(settings.work, ignore_errors=True)
    return outcomes


def revision() -> str:
    """The commit whose code is measured, with a warning when criteria/ differs from it."""
    try:
        head, changed = (
            subprocess.run(["git", *args], cwd=BENCH.parent, capture_output=True, text=True, check=True).stdout.strip()
            for args in (["rev-parse", "--short=12", "HEAD"], ["status", "--porcelain", "--", "criteria"])
        )
    except (OSError, subprocess.CalledProcessError):
        return "onbekend"
    return head + (" (met niet-vastgelegde wijzigingen in criteria/)" if changed else "")


def outcomes_status(outcomes: list[Outcome], command: str) -> str:
    return next(o.status for o in reversed(outcomes) if o.command == command)


def parse_list(text: str, allowed: tuple, convert=str) -> list:
    items = [convert(x.strip()) for x in text.split(",") if x.strip()]
    bad = [x for x in items if allowed and x not in allowed]
    if bad:
        raise argparse.ArgumentTypeError(
            f"onbekend: {', '.join(map(str, bad))}; kies uit {', '.join(map(str, allowed))}"
        )
    return items


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scales",
        default=",".join(f"{s:g}" for s in SCALES),
        type=lambda t: parse_list(t, (), float),
        help="schalen, 1 = landelijk (standaard: alle)",
    )
    parser.add_argument(
        "--commands",
        default=",".join(COMMANDS),
        type=lambda t: parse_list(t, COMMANDS),
        help="commando's (standaard: alle)",
    )
    parser.add_argument("--timeout", type=float, default=300.0, help="seconden per run (standaard 300)")
    parser.add_argument("--geheugen", type=float, default=6.0, help="geheugengrens per run in GB (standaard 6)")
    parser.add_argument("--zonder-proef", action="store_true", help="sla de proef 'te groot' over")


def settings_from(args: argparse.Namespace) -> Settings:
    return Settings(args.scales, args.commands, args.timeout, int(args.geheugen * GB), not args.zonder_proef)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Meet hele processen op oplopende schaal, met de ondergrens.")
    add_arguments(parser)
    parser.add_argument("--resultaat", type=Path, help="JSON-bestand met de uitkomsten")
    args = parser.parse_args(argv)
    run(settings_from(args), args.resultaat, log=lambda line: print(line, file=sys.stderr, flush=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())

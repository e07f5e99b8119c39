"""Start-up: `criteria --help` and `criteria evaluate` on the bundled case vs importing the heavy libraries."""

from __future__ import annotations

import compileall
import json
import os
import subprocess
import sys
from pathlib import Path

from benchmarks.measure import Row, import_profile, timed_commands

REPO = Path(__file__).resolve().parent.parent
HELP_TARGET, EVALUATE_TARGET = 0.5, 1.5  # issue 12: evaluate ≤ 1.5× with the same OpenBLAS setting
BASELINE = 'python -c "import numpy, pydantic, networkx, rich"'
TYPER_STEPS = {"typer.main:get_command": "typer: de commando's en hun opties opbouwen (get_command)"}
STEPS = {  # per measured command: the functions whose own processor time the profile shows
    "help": {**TYPER_STEPS, "typer.core:TyperGroup.format_help": "de hulptekst opmaken en tekenen"},
    "evaluate": {
        **TYPER_STEPS,
        "criteria.pipeline.run:load_inputs": "casus en toetsingskader inlezen en controleren (load_inputs)",
        "criteria.pipeline.run:evaluate": "rekenen (evaluate)",
        "criteria.result.view:ResultView.of": "het resultaat als aanzicht op de kolommen (ResultView.of)",
        "criteria.report.terminal.table:print_evaluation": "de tabel tekenen (print_evaluation)",
    },
}
FIXED_STEPS = {
    "start": "Python starten (interpreter, site)",
    "baseline": "imports van modules die de basislijn ook importeert (numpy, pydantic, networkx, rich, "
    "en wat die nodig hebben)",
    "imports": "alle andere imports, met wat daarbij gebeurt, zoals het bouwen van de pydantic-modellen "
    "(zie de lijst hieronder)",
    "rest": "de rest (argumenten lezen, uitvoer, afsluiten)",
}


def _steps(key: str, args: list[str]) -> list[tuple[str, float | None]]:
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "startup_phases.py"), *STEPS[key], "--", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "120"},
    )
    return json.loads(done.stdout)


def steps_profile(key: str, args: list[str], baseline_cpu: float, target: float, runs: int = 3) -> str:
    """The processor time of `criteria ARGS` split into steps (benchmarks/startup_phases.py): the quickest of `runs`."""
    steps = min((_steps(key, args) for _ in range(runs)), key=lambda found: sum(s or 0.0 for _, s in found))
    fixed = sum(seconds or 0.0 for step, seconds in steps if step in ("start", "baseline"))
    lines = [
        f"processortijd per stap, de snelste van {runs} runs (de basislijn kost {baseline_cpu * 1000:.0f} ms):",
        f"{'ms':>6}  stap",
    ]
    for step, seconds in steps:
        label = FIXED_STEPS.get(step) or STEPS[key][step] + ("" if seconds is not None else f" ({step}: niet gevonden)")
        lines.append(f"{'–' if seconds is None else f'{seconds * 1000:.0f}':>6}  {label}")
    lines.append(f"{sum(seconds or 0.0 for _, seconds in steps) * 1000:>6.0f}  totaal")
    lines.append(
        f"Het doel (≤ {target:g}×) laat {target * baseline_cpu * 1000:.0f} ms toe; Python starten en de "
        f"imports van de modules van de basislijn kosten in deze run al {fixed * 1000:.0f} ms."
    )
    return "\n".join(lines)


def compile_bytecode() -> None:
    """Write criteria's bytecode (__pycache__), as a user's first run does. Where that is switched off
    (PYTHONDONTWRITEBYTECODE), every timed run would compile criteria's modules anew, while the libraries of the
    baseline were compiled when pip installed them."""
    compileall.compile_dir(str(REPO / "criteria"), quiet=1)


def run(repeat: int = 9) -> list[Row]:
    compile_bytecode()
    python = sys.executable
    criteria = str(Path(python).parent / "criteria")
    commands = {
        "basis": [python, "-c", "import numpy, pydantic, networkx, rich"],
        "help": [criteria, "--help"],
        "evaluate": [criteria, "evaluate", "cases/heemstede-bloemendaal"],
    }
    times = timed_commands(commands, repeat=repeat, cwd=str(REPO))
    base_wall, base_cpu = times["basis"]
    rows = []
    for key, label, target in (
        ("help", "Opstarten: criteria --help", HELP_TARGET),
        ("evaluate", "Opstarten: criteria evaluate cases/heemstede-bloemendaal", EVALUATE_TARGET),
    ):
        wall, cpu = times[key]
        ratio = cpu.best / base_cpu.best
        args = commands[key][1:]
        profile = (
            ""
            if ratio <= target
            else (
                steps_profile(key, args, base_cpu.best, target)
                + "\n\n"
                + import_profile(
                    ["-m", "criteria.cli", *args], ["-c", "import numpy, pydantic, networkx, rich"], cwd=str(REPO)
                )
            )
        )
        rows.append(
            Row(
                label,
                cpu.best,
                BASELINE,
                base_cpu.best,
                f"≤ {target:g}×",
                ratio <= target,
                note=f"processortijd (user + system) van het hele proces, beste van {repeat}, afwisselend "
                f"met de basislijn gemeten (beide met OPENBLAS_NUM_THREADS=1), met de bytecode van "
                f"criteria vooraf geschreven (zoals na een eerste run); kloktijd {wall.best:.3f} s tegen {base_wall.best:.3f} s "
                f"(verhouding {wall.best / base_wall.best:.2f}×)",
                profile=profile,
            )
        )
    return rows

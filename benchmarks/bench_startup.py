"""Start-up: `criteria --help` and `criteria evaluate` on the bundled case vs importing the heavy libraries."""

from __future__ import annotations

import sys
from pathlib import Path

from benchmarks.measure import Row, import_profile, timed_commands

REPO = Path(__file__).resolve().parent.parent
HELP_TARGET, EVALUATE_TARGET = 0.5, 1.3


def run(repeat: int = 9) -> list[Row]:
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
    for key, label, target, argv in (
            ("help", "Opstarten: criteria --help", HELP_TARGET, ["-m", "criteria.cli", "--help"]),
            ("evaluate", "Opstarten: criteria evaluate cases/heemstede-bloemendaal", EVALUATE_TARGET,
             ["-m", "criteria.cli", "evaluate", "cases/heemstede-bloemendaal"])):
        wall, cpu = times[key]
        ratio = cpu.best / base_cpu.best
        rows.append(Row(label, cpu.best, 'python -c "import numpy, pydantic, networkx, rich"', base_cpu.best,
                        f"≤ {target:g}×", ratio <= target,
                        note=f"processortijd (user + system) van het hele proces, beste van {repeat}, afwisselend "
                             f"met de basislijn gemeten; kloktijd {wall.best:.3f} s tegen {base_wall.best:.3f} s "
                             f"(verhouding {wall.best / base_wall.best:.2f}×)",
                        profile="" if ratio <= target else import_profile(
                            argv, ["-c", "import numpy, pydantic, networkx, rich"], cwd=str(REPO))))
    return rows

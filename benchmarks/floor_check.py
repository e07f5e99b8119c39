"""Does the floor compute the same totals as the product? Compare on a generated case.

    .venv/bin/python -m benchmarks.floor_check 0.125                      # floor vs the engine (unrounded)
    .venv/bin/python -m benchmarks.floor_check 0.125 --json result.json   # ... and vs `evaluate --format json`

The engine's totals come from the product's own loading and evaluation (criteria.pipeline.run.load_inputs and
criteria.engine.evaluate, no result tree), so they are compared unrounded. The JSON result rounds every number
to 6 decimals (docs/resultaat-json.md), so against it the floor can agree to 5e-7 at best.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from benchmarks.case_files import cached_case

FLOOR = Path(__file__).resolve().parent / "floor.py"
_SUBJECT = re.compile(r'^ {6}"id": "(.*)",$')
_YEAR = re.compile(r"^ {10}\"year\": (\d+),$")
_SCORE = re.compile(r"^ {12}\"score\": (.*),$")


def floor_totals(folder: Path) -> dict[tuple[str, int], float]:
    """The floor's totals, from its own process (as measured)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "totalen.csv"
        subprocess.run([sys.executable, str(FLOOR), str(folder), "-o", str(out)], check=True)
        lines = out.read_text(encoding="utf-8").splitlines()[1:]
    return {(s, int(y)): float(t) if t else float("nan") for s, y, t in (line.split(";") for line in lines)}


def engine_totals(folder: Path) -> dict[tuple[str, int], float]:
    from criteria.engine import evaluate
    from criteria.pipeline.run import load_inputs

    ruleset, case, _ = load_inputs(folder)
    ev = evaluate(ruleset.compiled, case)
    score = ev.criteria[ruleset.compiled.root].score
    return {(s, y): float(score[i, j]) for i, s in enumerate(ev.subjects) for j, y in enumerate(ev.years)}


def json_totals(path: Path) -> Iterator[tuple[tuple[str, int], float]]:
    """The total of every subject-year from an `evaluate --format json` file, read line by line (the file is
    written in a fixed form: 2-space indents, fixed key order), without loading the whole tree."""
    subject, year = None, None
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            line = line.rstrip("\n")
            if m := _SUBJECT.match(line):
                subject = m.group(1)
            elif m := _YEAR.match(line):
                year = int(m.group(1))
            elif year is not None and (m := _SCORE.match(line)):
                yield (subject, year), float("nan") if m.group(1) == "null" else float(m.group(1))
                year = None


def max_difference(a: dict, b: dict) -> float:
    """The largest |a - b| over the same keys (NaN on both sides counts as equal); raises if keys differ."""
    if a.keys() != b.keys():
        raise ValueError(
            f"andere onderwerp-jaren: {len(a.keys() - b.keys())} alleen links, {len(b.keys() - a.keys())} alleen rechts"
        )
    left, right = np.array([a[k] for k in a]), np.array([b[k] for k in a])
    if not np.array_equal(np.isnan(left), np.isnan(right)):
        raise ValueError("een totaal ontbreekt aan één kant")
    both = ~np.isnan(left)
    return float(np.max(np.abs(left[both] - right[both]), initial=0.0))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Vergelijk de totalen van de ondergrens met die van criteria.")
    parser.add_argument("schaal", type=float)
    parser.add_argument("--json", type=Path, help="uitvoer van `criteria evaluate CASUS --format json`")
    args = parser.parse_args(argv)
    case = cached_case(args.schaal)
    floor = floor_totals(case.folder)
    print(
        f"{len(floor)} onderwerp-jaren; ondergrens vs engine (niet afgerond): "
        f"max verschil {max_difference(floor, engine_totals(case.folder)):.3g}"
    )
    if args.json:
        print(
            f"ondergrens vs JSON (6 decimalen): max verschil {max_difference(floor, dict(json_totals(args.json))):.3g}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

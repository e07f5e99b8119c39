"""National scale: full evaluation vs a numpy weighted sum over the same matrix, explain, peak memory.

`python -m benchmarks.bench_national --peak` runs the national case once in this process and prints the
peak resident memory in MB (run.py starts it as a subprocess, so the figure is the run's own).
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time

import numpy as np

from benchmarks.measure import Row, profile, timed
from benchmarks.national_case import national_case
from criteria.engine import evaluate, node_result
from criteria.engine.bind import bind
from criteria.rules.compile import compile_ruleset

EVAL_TARGET, EXPLAIN_TARGET, MEMORY_TARGET = 10.0, 0.010, 500.0


def effective_weights(compiled, indicators: list[str]) -> np.ndarray:
    """Each indicator's share of the total: the product of its normalised weights up the tree."""
    rs = compiled.ruleset
    out = []
    for iid in indicators:
        share, node = 1.0, iid
        while node != compiled.root:
            parent = next(compiled.tree.predecessors(node))
            kids = compiled.children[parent]
            weight = {k: (rs.criteria[k] if k in rs.criteria else rs.indicators[k]).weight for k in kids}
            share *= weight[node] / sum(weight.values())
            node = parent
        out.append(share)
    return np.array(out)


def run(municipalities: int = 342) -> list[Row]:
    ruleset, case = national_case(municipalities)
    compiled = compile_ruleset(ruleset)
    ev = evaluate(compiled, case)
    cells = (
        f"{len(ev.subjects):,} onderwerpen × {len(ev.years)} jaar, {len(ruleset.indicators)} indicatoren, "
        f"{len(case.values):,} gegevens".replace(",", ".")
    )
    full = timed(lambda: evaluate(compiled, case), repeat=3)
    ids = list(ruleset.indicators)
    matrix = np.stack([np.nan_to_num(ev.indicators[i].score) for i in ids], axis=-1)  # (subjects, years, 40)
    weights = effective_weights(compiled, ids)
    base = timed(lambda: matrix @ weights, repeat=30)
    binding = timed(lambda: bind(compiled, case, ev.subjects, ev.all_years), repeat=3)
    ratio = full.best / base.best
    note = (
        f"{cells}. Het inlezen van de gegevens uit de Case-modellen (bind, los gemeten) kost "
        f"{binding.best * 1000:.0f} ms: één Python-stap per gegeven is onvermijdelijk zolang de gegevens als "
        "pydantic-objecten binnenkomen; de rest is per knoop één numpy-bewerking over alle onderwerpen en jaren."
    )
    rows = [
        Row(
            "Landelijke casus: volledige evaluatie tot het resultaat in het geheugen",
            full.best,
            "numpy: gewogen som over dezelfde matrix",
            base.best,
            f"≤ {EVAL_TARGET:g}×",
            ratio <= EVAL_TARGET,
            note=note,
            profile="" if ratio <= EVAL_TARGET else profile(lambda: evaluate(compiled, case)),
        )
    ]
    root, year = compiled.root, len(ev.years) // 2
    node_result(ev, root, 0, year)  # warm-up: formula templates are cached per ruleset
    subjects = np.linspace(1, len(ev.subjects) - 1, 20).astype(int)
    explains = [
        timed(lambda s=int(s): node_result(ev, root, s, year), repeat=3, warmup=0, clock=time.process_time).best
        for s in subjects
    ]
    walls = [timed(lambda s=int(s): node_result(ev, root, s, year), repeat=3, warmup=0).best for s in subjects]
    explain = float(np.median(explains))
    rows.append(
        Row(
            "Landelijke casus: explain van één onderwerp-jaar uit dat resultaat",
            explain,
            "–",
            None,
            f"≤ {EXPLAIN_TARGET * 1000:g} ms",
            explain <= EXPLAIN_TARGET,
            note="processortijd, mediaan over 20 verschillende onderwerpen (per onderwerp de beste van 3): "
            "de volledige boom van pydantic-knopen met elke invoer en bron; kloktijd mediaan "
            f"{np.median(walls) * 1000:.1f} ms",
            profile="" if explain <= EXPLAIN_TARGET else profile(lambda: node_result(ev, root, 7, year)),
        )
    )
    return rows


def peak_row() -> Row:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_national", "--peak"], capture_output=True, text=True, check=True
    )
    generated, peak = (float(x) for x in done.stdout.split())
    return Row(
        "Landelijke casus: piekgeheugen van de hele run (maxrss)",
        peak,
        "–",
        None,
        f"≤ {MEMORY_TARGET:g} MB",
        peak <= MEMORY_TARGET,
        unit="MB",
        note=f"eigen proces: casus genereren, evalueren, één explain; na alleen het genereren van de "
        f"Case-modellen al {generated:.0f} MB",
    )


def _peak() -> None:
    ruleset, case = national_case()
    generated = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ev = evaluate(compile_ruleset(ruleset), case)
    node_result(ev, ev.compiled.root, 0, 0)
    print(f"{generated:.1f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f}")


if __name__ == "__main__" and "--peak" in sys.argv:
    _peak()

"""Kwetsbaarheid measures of a coverage graph, each with the tasks (or people) behind the number (pure).

The measure names are the values a ruleset field may give `inventory` (criteria.model.inventory.MEASURES).
A measure that is undefined (a share or ratio over zero critical tasks) is absent, never zero.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from criteria.inventory.graph import (
    CoverageGraph,
    TaskCoverage,
    coverage,
    employees,
    pseudonym_key,
    uncovered_without,
)
from criteria.model.notation import fmt


@dataclass(frozen=True)
class Measure:
    value: float
    details: tuple[str, ...] = ()


def _who(names: tuple[str, ...]) -> str:
    return ", ".join(names)


def _line(c: TaskCoverage) -> str:
    who = (
        "niemand gekwalificeerd" if c.count == 0 else f"alleen {c.qualified[0]}" if c.count == 1 else _who(c.qualified)
    )
    return f"{c.task}: {who}" + (f" (deels: {_who(c.partly)})" if c.partly else "")


def absences(graph: CoverageGraph) -> list[tuple[str, list[str]]]:
    """(employee, critical tasks that stop without them) for everyone whose absence stops a task; the worst
    first, ties in natural pseudonym order (M2 before M10)."""
    found = [(e, lost) for e in employees(graph) if (lost := uncovered_without(graph, e))]
    return sorted(found, key=lambda item: (-len(item[1]), pseudonym_key(item[0])))


def measures(graph: CoverageGraph) -> dict[str, Measure]:
    """Every inventory measure of the graph, by name."""
    critical = [c for c in coverage(graph) if c.critical]
    covered = [c for c in critical if c.count >= 2]
    single = [c for c in critical if c.count == 1]
    empty = [c for c in critical if c.count == 0]
    partly = [c for c in critical if c.count < 2 and c.partly]
    fte = math.fsum(f for c in critical for f in c.ftes)  # exact: the same for any row order
    out = {
        "kritieke_taken": Measure(len(critical), tuple(_line(c) for c in critical)),
        "kritieke_taken_gedekt": Measure(len(covered), tuple(_line(c) for c in covered)),
        "eenmansfuncties": Measure(len(single), tuple(_line(c) for c in single)),
        "onbezette_kritieke_taken": Measure(len(empty), tuple(_line(c) for c in empty)),
        "kritieke_taken_deels": Measure(len(partly), tuple(_line(c) for c in partly)),
    }
    if critical:
        share = len(covered) / len(critical) * 100
        out["dekking_kritieke_taken"] = Measure(
            share,
            ((f"{len(covered)} van {len(critical)} kritieke taken hebben twee of meer gekwalificeerde medewerkers"),),
        )
        out["fte_per_kritieke_taak"] = Measure(
            fte / len(critical), ((f"{fmt(fte)} fte op {len(critical)} kritieke taken"),)
        )
    lost = absences(graph)
    if lost:
        worst, tasks = lost[0]
        ties = [e for e, t in lost[1:] if len(t) == len(tasks)]
        text = f"bij afwezigheid van {worst} valt stil: {', '.join(tasks)}"
        if ties:
            text += f" (evenveel bij afwezigheid van {', '.join(ties)})"
        out["grootste_uitval"] = Measure(len(tasks), (text,))
    else:
        out["grootste_uitval"] = Measure(0, ("bij afwezigheid van één medewerker valt geen kritieke taak stil",))
    out["sleutelpersonen"] = Measure(len(lost), tuple(f"{e}: {', '.join(t)}" for e, t in lost))
    return out

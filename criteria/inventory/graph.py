"""The coverage graph: a bipartite graph of tasks and the employees who can carry them (pure).

An edge says the employee works on or can take over the task, with a qualification: "ja" (can carry it alone) or
"deels" (can stand in for a while). A task is critical if any of its rows says so and has the fte of every row.
Coverage counts only "ja" edges; "deels" is reported separately. The graph is a small one of our own (tasks,
employees and each one's neighbours in the order they were added), so that a case with a taakinventarisatie does
not pay for importing networkx.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from criteria.model.inventory import TaskRow

_NUMBER = re.compile(r"(\d+)")


@dataclass
class Task:
    critical: bool = False
    ftes: list[float] = field(default_factory=list)
    qualified: dict[str, str] = field(default_factory=dict)  # employee -> "ja" or "deels", in the order added


@dataclass
class CoverageGraph:
    """Tasks by name and, per employee (pseudonym), their tasks; both in the order they were added."""

    tasks: dict[str, Task] = field(default_factory=dict)
    employees: dict[str, dict[str, None]] = field(default_factory=dict)


@functools.lru_cache(maxsize=4096)  # sorting asks it for the same few pseudonyms thousands of times
def pseudonym_key(name: str) -> tuple:
    """Natural order: M2 before M10; the order used to break ties, so results are deterministic."""
    return tuple(int(p) if p.isdigit() else p for p in _NUMBER.split(name))


def coverage_graph(items: Iterable[tuple[str, TaskRow]]) -> CoverageGraph:
    """The graph of (task name, row) pairs; a task is critical if any of its rows says so.

    The task name is given separately so that callers can merge tasks (a task mapping) or keep the tasks of
    different subjects apart (prefix the subject). One person on one task keeps the best qualification.
    """
    graph = CoverageGraph()
    for name, row in items:
        task = graph.tasks.setdefault(name, Task())
        task.critical |= row.critical
        task.ftes.append(row.fte)
        graph.employees.setdefault(row.employee, {})[name] = None
        best = "ja" if "ja" in (task.qualified.get(row.employee), row.qualified) else "deels"
        task.qualified[row.employee] = best
    return graph


@dataclass(frozen=True)
class TaskCoverage:
    task: str
    critical: bool
    ftes: tuple[float, ...]  # the fte of every row of the task, sorted (sums do not depend on row order)
    qualified: tuple[str, ...]  # pseudonyms with "ja", in natural order
    partly: tuple[str, ...]  # pseudonyms with "deels"

    @property
    def count(self) -> int:
        return len(self.qualified)

    @property
    def fte(self) -> float:
        return math.fsum(self.ftes)


def coverage(graph: CoverageGraph) -> list[TaskCoverage]:
    """Every task with who can carry it, sorted by task name."""
    out = [
        TaskCoverage(
            name,
            task.critical,
            tuple(sorted(task.ftes)),
            tuple(sorted((e for e, q in task.qualified.items() if q == "ja"), key=pseudonym_key)),
            tuple(sorted((e for e, q in task.qualified.items() if q == "deels"), key=pseudonym_key)),
        )
        for name, task in graph.tasks.items()
    ]
    return sorted(out, key=lambda c: c.task)


def employees(graph: CoverageGraph) -> list[str]:
    return sorted(graph.employees, key=pseudonym_key)


def uncovered_without(graph: CoverageGraph, employee: str) -> list[str]:
    """The critical tasks that nobody qualified can carry when `employee` is away (and somebody could before)."""
    lost = []
    for name in graph.employees.get(employee, ()):
        task = graph.tasks[name]
        if not task.critical or task.qualified[employee] != "ja":
            continue
        if not [e for e, q in task.qualified.items() if e != employee and q == "ja"]:
            lost.append(name)
    return sorted(lost)

"""The coverage graph: a bipartite networkx graph of tasks and the employees who can carry them (pure).

Task nodes are ("taak", name) with `critical` and `ftes` (per row); employee nodes are ("mw", pseudonym). An edge says
the employee works on or can take over the task, with `qualified` = "ja" (can carry it alone) or "deels"
(can stand in for a while). Coverage counts only "ja" edges; "deels" is reported separately.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from criteria.model.inventory import TaskRow

TASK, EMPLOYEE = "taak", "mw"
_NUMBER = re.compile(r"(\d+)")


@functools.lru_cache(maxsize=4096)  # sorting asks it for the same few pseudonyms thousands of times
def pseudonym_key(name: str) -> tuple:
    """Natural order: M2 before M10; the order used to break ties, so results are deterministic."""
    return tuple(int(p) if p.isdigit() else p for p in _NUMBER.split(name))


def coverage_graph(items: Iterable[tuple[str, TaskRow]]) -> nx.Graph:
    """The graph of (task name, row) pairs; a task is critical if any of its rows says so.

    The task name is given separately so that callers can merge tasks (a task mapping) or keep the tasks of
    different subjects apart (prefix the subject). One person on one task keeps the best qualification.
    """
    graph: nx.Graph[tuple[str, str]] = nx.Graph()
    for task, row in items:
        tnode, enode = (TASK, task), (EMPLOYEE, row.employee)
        if tnode not in graph:
            graph.add_node(tnode, critical=False, ftes=[], bipartite=0)
        graph.nodes[tnode]["critical"] |= row.critical
        graph.nodes[tnode]["ftes"].append(row.fte)
        graph.add_node(enode, bipartite=1)
        before = graph.edges[tnode, enode]["qualified"] if graph.has_edge(tnode, enode) else None
        best = "ja" if "ja" in (before, row.qualified) else "deels"
        graph.add_edge(tnode, enode, qualified=best)
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


def coverage(graph: nx.Graph) -> list[TaskCoverage]:
    """Every task with who can carry it, sorted by task name."""
    out = []
    for node, data in graph.nodes(data=True):
        if node[0] != TASK:
            continue
        edges = [(other[1], graph.edges[node, other]["qualified"]) for other in graph.neighbors(node)]
        out.append(
            TaskCoverage(
                node[1],
                data["critical"],
                tuple(sorted(data["ftes"])),
                tuple(sorted((e for e, q in edges if q == "ja"), key=pseudonym_key)),
                tuple(sorted((e for e, q in edges if q == "deels"), key=pseudonym_key)),
            )
        )
    return sorted(out, key=lambda c: c.task)


def employees(graph: nx.Graph) -> list[str]:
    return sorted((n[1] for n in graph.nodes if n[0] == EMPLOYEE), key=pseudonym_key)


def uncovered_without(graph: nx.Graph, employee: str) -> list[str]:
    """The critical tasks that nobody qualified can carry when `employee` is away (and somebody could before)."""
    node = (EMPLOYEE, employee)
    if node not in graph:
        return []
    lost = []
    for task in graph.neighbors(node):
        if not graph.nodes[task]["critical"] or graph.edges[task, node]["qualified"] != "ja":
            continue
        others = [e for e in graph.neighbors(task) if e != node and graph.edges[task, e]["qualified"] == "ja"]
        if not others:
            lost.append(task[1])
    return sorted(lost)

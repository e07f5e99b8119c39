"""Which critical tasks stop, stay or become eenmansfunctie with a voorstel: the notes that criteria.voorstel.prepare
adds to a voorstel's inventory values, and reading them back from an evaluation result (pure).

`prepare` writes the notes into `details` of the voorstel's kwetsbaarheid values (`explain` shows them under
the eenmansfuncties); the report reads the same lines here, so the two never tell a different story.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from criteria.model.result import walk

if TYPE_CHECKING:
    from criteria.model.tree import InputValue, NodeResult

RESOLVED = "na samenvoegen geen eenmansfunctie meer: "
NONE_RESOLVED = "na samenvoegen wordt geen eenmansfunctie of onbezette taak gedekt"
# a task line of the inventory measures (criteria.inventory.measures): "Task: alleen M63 (deels: M75)"
_SINGLE = re.compile(r".+: alleen [^,]+?( \(deels: .+\))?")


def merge_notes(resolved: Iterable[str]) -> tuple[str, ...]:
    """The notes on a voorstel's kwetsbaarheid values: every task no longer an eenmansfunctie, or that none is."""
    return tuple(RESOLVED + line for line in resolved) or (NONE_RESOLVED,)


@dataclass(frozen=True)
class TaskChanges:
    """The critical tasks of a voorstel in one year, as the lines `explain` shows."""

    resolved: tuple[str, ...]  # no longer an eenmansfunctie: "Task — samen A, B (was X: Task: alleen A)"
    single: tuple[str, ...]  # an eenmansfunctie with the voorstel (still, or new): "Task: alleen A (deels: B)"

    def __bool__(self) -> bool:
        return bool(self.resolved or self.single)


def _inputs(total: NodeResult) -> Iterable[InputValue]:
    return (item for node, _ in walk(total) if node.indicator is not None for item in node.indicator.inputs)


def task_changes(total: NodeResult) -> TaskChanges | None:
    """The task changes behind a voorstel's year (its total node); None when its values carry no merge notes
    (no task inventory, or a ruleset without the eenmansfuncties measures)."""
    noted = [i for i in _inputs(total) if any(d.startswith(RESOLVED) or d == NONE_RESOLVED for d in i.details)]
    if not noted:
        return None
    resolved = [d[len(RESOLVED) :] for i in noted for d in i.details if d.startswith(RESOLVED)]
    single = [d for i in noted for d in i.details if not d.startswith(RESOLVED) and _SINGLE.fullmatch(d)]
    return TaskChanges(tuple(dict.fromkeys(resolved)), tuple(dict.fromkeys(single)))

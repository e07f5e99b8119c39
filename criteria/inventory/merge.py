"""Inventories of several subjects: side by side (today) or merged through a task mapping (a voorstel).

Side by side, a task stays a task of its own subject ("INF_HS: Netwerkbeheer"): nobody covers for another
subject. Merged, a task takes its name in the mapping (`taak_samen`) or keeps its own name; everyone qualified
for any of the merged tasks is qualified for the merged task. So merging never covers a task less.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from criteria.inventory.graph import CoverageGraph, coverage, coverage_graph
from criteria.model.inventory import TaskLink, TaskRow


def side_by_side(parts: Mapping[str, Iterable[TaskRow]]) -> list[tuple[str, TaskRow]]:
    """(subject-prefixed task name, row) for every row of every part."""
    return [(f"{subject}: {row.task}", row) for subject, rows in parts.items() for row in rows]


def merged_name(links: Iterable[TaskLink], partner_of: Mapping[str, str | None]):
    """name(row) -> the task's name in the merged team."""
    table: dict[tuple[str | None, str], str] = {
        (p, name): link.merged for link in links for p, name in link.names.items()
    }

    def name(row: TaskRow) -> str:
        return table.get((partner_of.get(row.subject), row.task), row.task)

    return name


def merged(
    parts: Mapping[str, Iterable[TaskRow]],
    links: Iterable[TaskLink],
    partner_of: Mapping[str, str | None],
    extra: Iterable[TaskRow] = (),
) -> list[tuple[str, TaskRow]]:
    """(merged task name, row) for the rows of every part, plus `extra` rows (the voorstel's own changes)."""
    name = merged_name(links, partner_of)
    return [(name(row), row) for rows in parts.values() for row in rows] + [(row.task, row) for row in extra]


def resolved(before: CoverageGraph, after: CoverageGraph, names: Mapping[str, str]) -> list[str]:
    """Critical tasks that had fewer than two qualified people side by side and have two or more merged.

    `names` maps a side-by-side task name to its merged name. One line per merged task, naming the parts.
    """
    after_cov = {c.task: c for c in coverage(after)}
    weak: dict[str, list[str]] = {}
    for c in coverage(before):
        if not c.critical or c.count >= 2:
            continue
        target = after_cov.get(names.get(c.task, c.task))
        if target is not None and target.count >= 2:
            was = f"alleen {c.qualified[0]}" if c.qualified else "niemand gekwalificeerd"
            weak.setdefault(target.task, []).append(f"{c.task}: {was}")
    return [
        f"{task} — samen {', '.join(after_cov[task].qualified)} (was {'; '.join(parts)})"
        for task, parts in sorted(weak.items())
    ]


def graphs(
    parts: Mapping[str, list[TaskRow]],
    links: Iterable[TaskLink],
    partner_of: Mapping[str, str | None],
    extra: Iterable[TaskRow] = (),
) -> tuple[CoverageGraph, CoverageGraph, dict[str, str]]:
    """The side-by-side graph, the merged graph and the map from side-by-side names to merged names."""
    links = list(links)
    apart = side_by_side(parts)
    name = merged_name(links, partner_of)
    names = {key: name(row) for key, row in apart}
    return coverage_graph(apart), coverage_graph(merged(parts, links, partner_of, extra)), names

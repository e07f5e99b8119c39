"""The criteria graph: derived-field dependencies and the criteria tree.

Derived fields form a DAG over fields; evaluation follows its topological order and a cycle is a
ruleset error that names the cycle. The criteria tree is a DAG too: parent -> child. A graph is a small DiGraph of
our own (nodes and edges in insertion order); networkx is imported only to name a cycle (its find_cycle decides
which one an error names), so that loading a valid ruleset does not pay for importing it.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator, Mapping


class DiGraph:
    """Directed graph: nodes and each node's successors and predecessors in the order they were added."""

    def __init__(self) -> None:
        self.succ: dict[str, dict[str, None]] = {}
        self.pred: dict[str, dict[str, None]] = {}

    def add_node(self, node: str) -> None:
        if node not in self.succ:
            self.succ[node] = {}
            self.pred[node] = {}

    def add_nodes_from(self, nodes: Iterable[str]) -> None:
        for node in nodes:
            self.add_node(node)

    def add_edge(self, source: str, target: str) -> None:
        self.add_node(source)
        self.add_node(target)
        self.succ[source][target] = None
        self.pred[target][source] = None

    def __contains__(self, node: object) -> bool:
        return node in self.succ

    def predecessors(self, node: str) -> Iterator[str]:
        return iter(self.pred[node])


def dependency_graph(inputs: Mapping[str, Iterable[str]]) -> DiGraph:
    """Graph with an edge input -> name for every name and the inputs its formula reads."""
    graph = DiGraph()
    for name, reads in inputs.items():
        graph.add_node(name)
        for source in reads:
            graph.add_edge(source, name)
    return graph


def _sorted_or_none(graph: DiGraph) -> list[str] | None:
    """Topological order, ties broken by name (networkx's lexicographical_topological_sort); None: a cycle."""
    indegree = {node: len(preds) for node, preds in graph.pred.items()}
    ready = [node for node, n in indegree.items() if n == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        node = heapq.heappop(ready)
        order.append(node)
        for child in graph.succ[node]:
            indegree[child] -= 1
            if indegree[child] == 0:
                heapq.heappush(ready, child)
    return order if len(order) == len(indegree) else None


def find_cycle(graph: DiGraph) -> list[str] | None:
    """A cycle as a list of node names (first repeated at the end), or None. Which cycle: networkx's find_cycle on
    the same nodes and edges in the same order."""
    if _sorted_or_none(graph) is not None:
        return None
    import networkx as nx

    same: nx.DiGraph[str] = nx.DiGraph()
    same.add_nodes_from(graph.succ)
    same.add_edges_from((source, target) for source, targets in graph.succ.items() for target in targets)
    edges = nx.find_cycle(same)
    return [edges[0][0]] + [target for _, target in edges]


def evaluation_order(graph: DiGraph) -> list[str]:
    """Deterministic topological order (ties broken by name); the graph has no cycle (find_cycle said so)."""
    order = _sorted_or_none(graph)
    assert order is not None, "evaluation_order of a graph with a cycle"
    return order


def upstream(graph: DiGraph, name: str) -> set[str]:
    """Every node whose value reaches `name` (not `name` itself, as networkx's ancestors)."""
    if name not in graph:
        return set()
    seen = {name}
    todo = list(graph.pred[name])
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(graph.pred[node])
    return seen - {name}


def tree_graph(parents: Mapping[str, str | None]) -> DiGraph:
    graph = DiGraph()
    for child, parent in parents.items():
        graph.add_node(child)
        if parent is not None:
            graph.add_edge(parent, child)
    return graph


def postorder(tree: DiGraph, root: str, children_order: Mapping[str, list[str]]) -> list[str]:
    """Nodes bottom-up (children before parents), children in the ruleset's order."""
    order: list[str] = []

    def visit(node: str) -> None:
        for child in children_order.get(node, []):
            visit(child)
        order.append(node)

    visit(root)
    return order

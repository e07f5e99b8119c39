"""The criteria graph (networkx): derived-field dependencies and the criteria tree.

Derived fields form a DAG over fields; evaluation follows its topological order and a cycle is a
ruleset error that names the cycle. The criteria tree is a DAG too: parent -> child. networkx is imported
when a graph is built or read, not with this module: a command that never builds one does not pay for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx


def dependency_graph(inputs: Mapping[str, Iterable[str]]) -> nx.DiGraph:
    """Graph with an edge input -> name for every name and the inputs its formula reads."""
    import networkx as nx

    graph: nx.DiGraph[str] = nx.DiGraph()
    for name, reads in inputs.items():
        graph.add_node(name)
        for source in reads:
            graph.add_edge(source, name)
    return graph


def find_cycle(graph: nx.DiGraph) -> list[str] | None:
    """A cycle as a list of node names (first repeated at the end), or None."""
    import networkx as nx

    try:
        edges = nx.find_cycle(graph)
    except nx.NetworkXNoCycle:
        return None
    names = [edges[0][0]] + [target for _, target in edges]
    return names


def evaluation_order(graph: nx.DiGraph) -> list[str]:
    """Deterministic topological order (ties broken by name)."""
    import networkx as nx

    return list(nx.lexicographical_topological_sort(graph))


def upstream(graph: nx.DiGraph, name: str) -> set[str]:
    """Every node whose value reaches `name`."""
    if name not in graph:
        return set()
    import networkx as nx

    return nx.ancestors(graph, name)


def tree_graph(parents: Mapping[str, str | None]) -> nx.DiGraph:
    import networkx as nx

    graph: nx.DiGraph[str] = nx.DiGraph()
    for child, parent in parents.items():
        graph.add_node(child)
        if parent is not None:
            graph.add_edge(parent, child)
    return graph


def postorder(tree: nx.DiGraph, root: str, children_order: Mapping[str, list[str]]) -> list[str]:
    """Nodes bottom-up (children before parents), children in the ruleset's order."""
    order: list[str] = []

    def visit(node: str) -> None:
        for child in children_order.get(node, []):
            visit(child)
        order.append(node)

    visit(root)
    return order

"""criteria.rules.graph's own small DiGraph answers as networkx does on the same nodes and edges: the same
topological order (ties by name), the same ancestors, the same cycle named in a ruleset error."""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from criteria.rules import graph as g

NAMES = st.sampled_from([f"v{i}" for i in range(8)] + ["a", "b_b", "Z"])
EDGES = st.lists(st.tuples(NAMES, NAMES), max_size=20)


def both(nodes: list[str], edges: list[tuple[str, str]]) -> tuple[g.DiGraph, nx.DiGraph]:
    ours, theirs = g.DiGraph(), nx.DiGraph()
    ours.add_nodes_from(nodes)
    theirs.add_nodes_from(nodes)
    for source, target in edges:
        ours.add_edge(source, target)
        theirs.add_edge(source, target)
    return ours, theirs


@settings(max_examples=300)
@given(st.lists(NAMES, max_size=6), EDGES)
def test_the_same_answers_as_networkx(nodes, edges) -> None:
    ours, theirs = both(nodes, edges)
    try:
        found = nx.find_cycle(theirs)
        cycle = [found[0][0]] + [t for _, t in found]
    except nx.NetworkXNoCycle:
        cycle = None
    assert g.find_cycle(ours) == cycle
    if cycle is None:
        assert g.evaluation_order(ours) == list(nx.lexicographical_topological_sort(theirs))
    for node in theirs:
        assert g.upstream(ours, node) == nx.ancestors(theirs, node)
        assert list(ours.predecessors(node)) == list(theirs.predecessors(node))
    assert g.upstream(ours, "not there") == set()


def test_a_self_reference_is_a_cycle() -> None:
    ours, _ = both([], [("a", "a")])
    assert g.find_cycle(ours) == ["a", "a"]

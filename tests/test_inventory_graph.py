"""criteria.inventory.graph's own small coverage graph answers as the networkx graph it replaced: the same coverage,
employees (ties in pseudonym order kept in the order they came) and tasks that stop without one person, on
generated inventories with repeated rows, mixed qualifications and pseudonyms that sort alike (M1, M01)."""

from __future__ import annotations

import networkx as nx
from hypothesis import given
from hypothesis import strategies as st
from test_inventory import row

from criteria.inventory.graph import TaskCoverage, coverage, coverage_graph, employees, pseudonym_key, uncovered_without
from criteria.model.inventory import TaskRow

TASK, EMPLOYEE = "taak", "mw"


def networkx_graph(items: list[tuple[str, TaskRow]]) -> nx.Graph:
    """The graph as criteria built it with networkx before (criteria/inventory/graph.py at 0d0c11d)."""
    graph: nx.Graph = nx.Graph()
    for task, r in items:
        tnode, enode = (TASK, task), (EMPLOYEE, r.employee)
        if tnode not in graph:
            graph.add_node(tnode, critical=False, ftes=[], bipartite=0)
        graph.nodes[tnode]["critical"] |= r.critical
        graph.nodes[tnode]["ftes"].append(r.fte)
        graph.add_node(enode, bipartite=1)
        before = graph.edges[tnode, enode]["qualified"] if graph.has_edge(tnode, enode) else None
        graph.add_edge(tnode, enode, qualified="ja" if "ja" in (before, r.qualified) else "deels")
    return graph


def networkx_coverage(graph: nx.Graph) -> list[TaskCoverage]:
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


def networkx_uncovered_without(graph: nx.Graph, employee: str) -> list[str]:
    node = (EMPLOYEE, employee)
    if node not in graph:
        return []
    lost = []
    for task in graph.neighbors(node):
        if not graph.nodes[task]["critical"] or graph.edges[task, node]["qualified"] != "ja":
            continue
        if not [e for e in graph.neighbors(task) if e != node and graph.edges[task, e]["qualified"] == "ja"]:
            lost.append(task[1])
    return sorted(lost)


rows = st.lists(
    st.builds(
        lambda task, who, qualified, critical, fte: row(task, who, qualified, critical, fte),
        st.sampled_from(["A", "B", "C", "D", "M1"]),
        st.sampled_from(["M1", "M01", "M2", "M10", "M001", "A"]),
        st.sampled_from(["ja", "deels"]),
        st.booleans(),
        st.sampled_from([0.1, 0.25, 0.5, 1.0]),
    ),
    max_size=25,
)


@given(rows)
def test_the_own_graph_answers_as_networkx(found: list[TaskRow]) -> None:
    items = [(r.task, r) for r in found]
    own, reference = coverage_graph(items), networkx_graph(items)
    assert coverage(own) == networkx_coverage(reference)
    expected = sorted((n[1] for n in reference.nodes if n[0] == EMPLOYEE), key=pseudonym_key)
    assert employees(own) == expected
    for who in [*expected, "M99"]:
        assert uncovered_without(own, who) == networkx_uncovered_without(reference, who)


def test_repeated_rows_keep_the_best_qualification_and_every_fte() -> None:
    graph = coverage_graph((r.task, r) for r in [row("A", "M1", "deels", fte=0.5), row("A", "M1", "ja", fte=0.25)])
    assert coverage(graph) == [TaskCoverage("A", True, (0.25, 0.5), ("M1",), ())]
    assert uncovered_without(graph, "M1") == ["A"]

"""Kwetsbaarheid from a task inventory: the coverage graph's measures on hand-built inventories, and the laws
they obey (hypothesis): more qualified people never make it worse, merging never covers a task less, and the
order of the rows or the choice of pseudonyms changes nothing."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from criteria.inventory.graph import coverage, coverage_graph
from criteria.inventory.measures import measures
from criteria.inventory.merge import graphs
from criteria.model.inventory import MEASURES, TaskLink, TaskRow


def row(
    task: str,
    who: str,
    qualified: str = "ja",
    critical: bool = True,
    fte: float = 0.5,
    subject: str = "T",
    partner: str = "heemstede",
) -> TaskRow:
    return TaskRow(
        subject=subject,
        year=2020,
        task=task,
        critical=critical,
        employee=who,
        partner=partner,
        fte=fte,
        qualified=qualified,
        bron="test",
        quality="B",
        file="taken.csv",
        line=1,
        place="regel 1",
    )


def measured(rows: list[TaskRow]) -> dict[str, float]:
    return {name: m.value for name, m in measures(coverage_graph((r.task, r) for r in rows)).items()}


def details(rows: list[TaskRow], name: str) -> tuple[str, ...]:
    return measures(coverage_graph((r.task, r) for r in rows))[name].details


# --- hand-built inventories ---------------------------------------------------------------------------------


def test_one_person_on_everything_is_three_eenmansfuncties_and_stops_everything_when_away() -> None:
    rows = [row(t, "M01") for t in ("A", "B", "C")]
    m = measured(rows)
    assert (m["kritieke_taken"], m["eenmansfuncties"], m["kritieke_taken_gedekt"], m["onbezette_kritieke_taken"]) == (
        3,
        3,
        0,
        0,
    )
    assert m["dekking_kritieke_taken"] == 0
    assert (m["grootste_uitval"], m["sleutelpersonen"]) == (3, 1)
    assert details(rows, "grootste_uitval") == ("bij afwezigheid van M01 valt stil: A, B, C",)
    assert details(rows, "eenmansfuncties") == ("A: alleen M01", "B: alleen M01", "C: alleen M01")


def test_two_people_sharing_everything_have_no_eenmansfunctie_and_no_single_absence_stops_anything() -> None:
    rows = [row(t, who) for t in ("A", "B", "C") for who in ("M01", "M02")]
    m = measured(rows)
    assert (m["eenmansfuncties"], m["kritieke_taken_gedekt"], m["dekking_kritieke_taken"]) == (0, 3, 100)
    assert (m["grootste_uitval"], m["sleutelpersonen"]) == (0, 0)
    assert m["fte_per_kritieke_taak"] == pytest.approx(1.0)  # 0.5 + 0.5 fte on each task


def test_a_chain_leaves_the_ends_as_eenmansfuncties_and_breaks_the_tie_in_pseudonym_order() -> None:
    # T1: M10 | T2: M10, M2 | T3: M2, M3 | T4: M3   (M2 sorts before M10: natural order)
    rows = [row("T1", "M10"), row("T2", "M10"), row("T2", "M2"), row("T3", "M2"), row("T3", "M3"), row("T4", "M3")]
    m = measured(rows)
    assert (m["eenmansfuncties"], m["kritieke_taken_gedekt"], m["onbezette_kritieke_taken"]) == (2, 2, 0)
    assert (m["grootste_uitval"], m["sleutelpersonen"]) == (1, 2)
    assert details(rows, "grootste_uitval") == (
        ("bij afwezigheid van M3 valt stil: T4 (evenveel bij afwezigheid van M10)"),
    )
    assert details(rows, "sleutelpersonen") == ("M3: T4", "M10: T1")


def test_partly_qualified_people_do_not_cover_but_are_reported_separately() -> None:
    rows = [row("A", "M01"), row("A", "M02", "deels"), row("B", "M03", "deels"), row("C", "M01"), row("C", "M04")]
    m = measured(rows)
    assert (m["eenmansfuncties"], m["onbezette_kritieke_taken"], m["kritieke_taken_gedekt"]) == (1, 1, 1)
    assert m["kritieke_taken_deels"] == 2
    assert details(rows, "onbezette_kritieke_taken") == ("B: niemand gekwalificeerd (deels: M03)",)


def test_tasks_that_are_not_critical_do_not_count() -> None:
    rows = [row("A", "M01"), row("B", "M01", critical=False), row("B", "M02", critical=False)]
    m = measured(rows)
    assert (m["kritieke_taken"], m["eenmansfuncties"], m["grootste_uitval"]) == (1, 1, 1)
    assert m["fte_per_kritieke_taak"] == pytest.approx(0.5)


def test_an_inventory_without_critical_tasks_has_no_share_and_no_fte_per_task() -> None:
    found = measured([row("A", "M01", critical=False)])
    assert "dekking_kritieke_taken" not in found and "fte_per_kritieke_taak" not in found
    assert set(found) | {"dekking_kritieke_taken", "fte_per_kritieke_taak"} == set(MEASURES)


def test_merging_covers_tasks_that_each_municipality_carried_alone() -> None:
    hs = [row("Netwerkbeheer", "M01"), row("Back-up", "M01")]
    bd = [row("Beheer netwerk", "M11", partner="bloemendaal", subject="BD")]
    link = TaskLink(
        names={"heemstede": "Netwerkbeheer", "bloemendaal": "Beheer netwerk"},
        merged="Netwerk",
        file="k.csv",
        line=2,
        place="regel 2",
    )
    apart, merged, _ = graphs(
        {"HS": [r.model_copy(update={"subject": "HS"}) for r in hs], "BD": bd},
        [link],
        {"HS": "heemstede", "BD": "bloemendaal"},
    )
    before, after = measures(apart), measures(merged)
    assert (before["eenmansfuncties"].value, after["eenmansfuncties"].value) == (3, 1)
    assert after["kritieke_taken"].value == 2  # Netwerk and Back-up
    assert [c.qualified for c in coverage(merged) if c.task == "Netwerk"] == [("M01", "M11")]


# --- laws (hypothesis) --------------------------------------------------------------------------------------

PEOPLE = [f"M{i:02d}" for i in range(1, 9)]
TASKS = [f"taak {c}" for c in "ABCDEF"]


@st.composite
def inventories(draw, people=PEOPLE, tasks=TASKS) -> list[TaskRow]:
    """A random inventory: each task critical or not, each (task, person) pair absent, 'ja' or 'deels'."""
    critical = {t: draw(st.booleans()) for t in tasks}
    rows = []
    for t in tasks:
        for p in people:
            kind = draw(st.sampled_from([None, None, "ja", "deels"]))
            if kind:
                rows.append(row(t, p, kind, critical[t], draw(st.sampled_from([0.0, 0.1, 0.5]))))
    return rows


@settings(max_examples=80, deadline=None)
@given(inventories(), st.sampled_from(TASKS), st.sampled_from(PEOPLE + ["M99"]))
def test_adding_a_qualified_person_never_makes_coverage_worse(rows, task, person) -> None:
    critical = any(r.critical for r in rows if r.task == task)
    added = [r for r in rows if not (r.task == task and r.employee == person)] + [row(task, person, "ja", critical)]
    before, after = measured(rows), measured(added)
    assert (
        after["eenmansfuncties"] + after["onbezette_kritieke_taken"]
        <= before["eenmansfuncties"] + before["onbezette_kritieke_taken"]
    )
    assert after["onbezette_kritieke_taken"] <= before["onbezette_kritieke_taken"]
    assert after["kritieke_taken_gedekt"] >= before["kritieke_taken_gedekt"]
    staffed = any(r.task == task and r.qualified == "ja" and r.employee != person for r in rows)
    if staffed:  # a second person on a task somebody already carries can only remove an eenmansfunctie
        assert after["eenmansfuncties"] <= before["eenmansfuncties"]


@settings(max_examples=60, deadline=None)
@given(
    inventories(PEOPLE[:4]),
    inventories(PEOPLE[4:]),
    st.lists(st.sampled_from(TASKS), min_size=1, unique=True),
    st.randoms(use_true_random=False),
)
def test_merging_never_covers_a_critical_task_less_than_either_part(part_a, part_b, shared, rnd) -> None:
    a = [r.model_copy(update={"subject": "A"}) for r in part_a]
    b = [r.model_copy(update={"subject": "B", "partner": "bloemendaal"}) for r in part_b]
    links = [
        TaskLink(
            names={"heemstede": t, "bloemendaal": rnd.choice(TASKS)},
            merged=f"samen {t}",
            file="k",
            line=None,
            place="rij 1",
        )
        for t in shared
    ]
    links = list({link.names["bloemendaal"]: link for link in links}.values())  # one link per task per side
    apart, merged, names = graphs({"A": a, "B": b}, links, {"A": "heemstede", "B": "bloemendaal"})
    after = {c.task: c for c in coverage(merged)}
    for c in coverage(apart):
        target = after[names[c.task]]
        assert target.count >= c.count
        assert target.critical or not c.critical


@settings(max_examples=60, deadline=None)
@given(inventories(), st.randoms(use_true_random=False))
def test_measures_do_not_depend_on_row_order(rows, rnd) -> None:
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    assert measures(coverage_graph((r.task, r) for r in rows)) == measures(
        coverage_graph((r.task, r) for r in shuffled)
    )


@settings(max_examples=60, deadline=None)
@given(inventories(), st.permutations(list(range(100, 100 + len(PEOPLE)))))
def test_measures_do_not_depend_on_the_pseudonyms(rows, numbers) -> None:
    rename = {p: f"X{n}" for p, n in zip(PEOPLE, numbers)}
    renamed = [r.model_copy(update={"employee": rename[r.employee]}) for r in rows]
    assert measured(rows) == measured(renamed)


def test_the_same_inventory_gives_the_same_details_every_time() -> None:
    rows = [row(t, p) for t in TASKS[:3] for p in random.Random(4).sample(PEOPLE, 2)]
    assert [measures(coverage_graph((r.task, r) for r in rows)) for _ in range(3)].count(
        measures(coverage_graph((r.task, r) for r in rows))
    ) == 3


def test_a_cell_checked_again_gives_the_same_finding() -> None:
    """cell_problem keeps its findings per text (lru_cache): the same as checking anew."""
    from criteria.inventory.privacy import cell_problem

    for text in ["M07", "x.voorbeeld@example.nl", "06-12345678", "dhr. Voorbeeld", "illustratief: taken 2019"] * 2:
        assert cell_problem(text) == cell_problem.__wrapped__(text)  # type: ignore[attr-defined]
    assert cell_problem("x.voorbeeld@example.nl") and cell_problem("M07") is None


@settings(max_examples=60, deadline=None)
@given(inventories())
def test_the_inventory_bron_counts_what_coverage_and_employees_list(rows) -> None:
    """voorstel.prepare._inventory_bron reads its counts off the graph: as many as coverage() and employees() list."""
    from criteria.inventory.graph import employees
    from criteria.voorstel.prepare import _inventory_bron

    graph = coverage_graph((r.task, r) for r in rows)
    cov = coverage(graph)
    expected = f"{len(cov)} taken, waarvan {sum(c.critical for c in cov)} kritiek, {len(employees(graph))} medewerkers"
    assert expected in _inventory_bron("x", rows or [row("t", "M01")], graph)

"""FastTable gives exactly rich.Table's output: on random tables, at random widths, with and without colours."""

from __future__ import annotations

import copy
import io

import pytest
from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from criteria.report.terminal.fast_table import FastTable

# with a joiner and a variation selector (a line's width is not the sum of its parts there), markup, a tab, an emoji
WORDS = st.sampled_from(
    [
        "6,2 ✔",
        "–",
        "2019",
        "100 %",
        "voldoet niet",
        "Heemstede",
        "▁▃▆█",
        "periode ↗",
        "",
        "een wat langere naam van een onderwerp",
        "x",
        "Ωmega",
        "日本語",
        "a  b",
        "gecorrigeerd",
        "👩\u200d💻 team",
        "❤\ufe0f",
        "[b]vet[/b]",
        "a\tb",
        ":smile:",
    ]
)
STYLES = st.sampled_from([None, "", "bold", "green", "red", "italic", "dim", "bold red on white"])
BOXES = st.sampled_from([None, box.SIMPLE_HEAD, box.HEAVY_HEAD, box.ROUNDED, box.ASCII, box.MINIMAL])


@st.composite
def cells(draw):
    words = draw(st.lists(WORDS, min_size=0, max_size=3))
    plain = " ".join(words) if draw(st.booleans()) else "\n".join(words)
    if draw(st.booleans()):
        return plain
    text = Text(plain, style=draw(STYLES) or "", justify=draw(st.sampled_from([None, "left", "right", "center"])))
    if plain and draw(st.booleans()):
        start = draw(st.integers(0, len(plain) - 1))
        text.stylize(draw(STYLES) or "bold", start, draw(st.integers(start, len(plain))))
    return text


@st.composite
def tables(draw):
    spec = dict(
        title=draw(st.sampled_from([None, "Uitkomst per onderwerp en jaar"])),
        title_justify="left",
        box=draw(BOXES),
        pad_edge=draw(st.booleans()),
        show_header=draw(st.booleans()),
        show_edge=draw(st.booleans()),
        show_lines=draw(st.booleans()),
        header_style=draw(STYLES),
        collapse_padding=draw(st.booleans()),
        padding=draw(st.sampled_from([(0, 1), (0, 0), (1, 1), (0, 2)])),
        row_styles=draw(st.sampled_from([None, ["", "dim"]])),
        show_footer=draw(st.booleans()),
    )
    columns = []
    for _ in range(draw(st.integers(1, 6))):
        columns.append(
            dict(
                header=draw(WORDS),
                justify=draw(st.sampled_from(["left", "right", "center"])),
                no_wrap=draw(st.booleans()),
                min_width=draw(st.sampled_from([None, 0, 4, 9, 14])),
                max_width=draw(st.sampled_from([None, None, 6, 20])),
                style=draw(STYLES),
                width=draw(st.sampled_from([None, None, None, 8])),
                vertical=draw(st.sampled_from(["top", "middle", "bottom"])),
                footer=draw(WORDS),
            )
        )
    rows = draw(
        st.lists(
            st.tuples(
                st.lists(cells(), min_size=len(columns), max_size=len(columns)),
                st.booleans(),
                st.sampled_from([None, None, "bold"]),
            ),
            min_size=0,
            max_size=8,
        )
    )
    return spec, columns, rows


def build(kind, spec, columns, rows):
    table = kind(**spec)
    for column in columns:
        table.add_column(**column)
    for row, end, style in rows:
        table.add_row(*row, end_section=end, style=style)
    return table


def rendered(table, width: int, colour: bool) -> str:
    out = io.StringIO()
    console = Console(
        file=out,
        width=width,
        force_terminal=colour,
        color_system="truecolor" if colour else None,
        highlight=False,
        soft_wrap=False,
    )
    console.print(table)
    return out.getvalue()


@settings(max_examples=150, deadline=None)
@given(tables(), st.integers(1, 130), st.booleans())
def test_fast_table_prints_what_rich_table_prints(case, width, colour) -> None:
    spec, columns, rows = case
    assert rendered(build(FastTable, spec, columns, rows), width, colour) == rendered(
        build(Table, spec, columns, rows), width, colour
    )


@settings(max_examples=50, deadline=None)
@given(tables(), st.integers(1, 200))
def test_fast_table_measures_what_rich_table_measures(case, width) -> None:
    spec, columns, rows = case
    console = Console(file=io.StringIO(), width=width)
    assert console.measure(build(FastTable, spec, columns, rows)) == console.measure(build(Table, spec, columns, rows))


def test_fill_adds_rows_as_add_row_does() -> None:
    spec = dict(title="T", box=box.SIMPLE_HEAD)
    columns = [dict(header="a"), dict(header="b", justify="right")]
    rows = [(["x", Text("6,2 ✔", style="green")], False, None), ([None, "2019"], True, None), (["y", ""], False, None)]
    filled = FastTable(**spec)
    for column in columns:
        filled.add_column(**column)
    filled.fill([["x", None, "y"], [Text("6,2 ✔", style="green"), "2019", ""]], [False, True, False])
    for colour in (False, True):
        assert rendered(filled, 40, colour) == rendered(build(Table, spec, columns, rows), 40, colour)


@pytest.mark.parametrize("case", ["heemstede-bloemendaal", "aalsmeer-amstelveen"])
def test_the_voorstel_tables_of_the_bundled_cases_print_as_rich_table_prints_them(case) -> None:
    """evaluate and explain show a voorstel beside its huidige situatie in a FastTable (wrapping its first column)."""
    from criteria.pipeline.run import run
    from criteria.report.comparison import chosen
    from criteria.report.terminal.voorstel import comparison_table

    result = run(REPO / "cases" / case).result
    found = chosen(result, None, None)
    assert found  # the case has a voorstel: the check below means something
    for comparison in found:
        fast = comparison_table(result, comparison)
        assert isinstance(fast, FastTable)
        plain = copy.copy(fast)
        plain.__class__ = Table
        for width in (24, 40, 57, 80, 120, 200):
            for colour in (False, True):
                assert rendered(fast, width, colour) == rendered(plain, width, colour), (width, colour)

"""The evaluate table on terminals of different widths, its sparklines, and the report progress bar."""

from __future__ import annotations

import io

import pytest
from report_support import bundled, subject
from rich.console import Console

from criteria.report.common import score_text, sparkline
from criteria.report.terminal.progress import MIN_SUBJECTS, progress_tracker
from criteria.report.terminal.table import WIDE, evaluation_layout, print_evaluation


def render(width: int, draw) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None, highlight=False)
    draw(console)
    return console.file.getvalue()


def table_lines(width: int) -> list[str]:
    table, _ = evaluation_layout(bundled(), width)
    return render(width, lambda c: c.print(table)).splitlines()


@pytest.mark.parametrize("width", [60, 80, 120])
def test_table_fits_without_cutting_the_total_or_year(width: int) -> None:
    lines = table_lines(width)
    assert all(len(line) <= width for line in lines)
    assert not any("…" in line for line in lines)  # no cell cut short
    header = next(line for line in lines if "Jaar" in line)
    assert "Totaal" in header
    result = bundled()
    for s in result.subjects:
        if not s.in_scope:
            continue
        for year, total in zip(s.years, result.marks(s, result.root)):  # every year row: its year, its total
            assert any(str(year) in line and f"{score_text(total.score)} " in line for line in lines)


@pytest.mark.parametrize("width", [60, 80, 120])
def test_period_row_has_a_sparkline_of_the_yearly_totals(width: int) -> None:
    text = "\n".join(table_lines(width))
    result = bundled()
    low, high = result.score_range()
    for s in result.subjects:
        if s.in_scope:
            assert sparkline([m.score for m in result.marks(s, result.root)], low, high) in text


def test_narrow_terminal_says_which_columns_it_left_out() -> None:
    _, dropped = evaluation_layout(bundled(), 60)
    assert dropped[:2] == ["Op schatting", "Volledig"]  # the estimate share goes first, into lines below the table
    assert "Oordeel" not in dropped  # the verdict answers the question: it is dropped last, not at 60 columns
    for width in (60, 80):
        table, _ = evaluation_layout(bundled(), width)
        assert "Oordeel" in [column.header for column in table.columns]
    text = " ".join(render(60, lambda c: print_evaluation(c, bundled())).split())
    assert "Niet getoond bij deze schermbreedte: " + ", ".join(dropped[1:]) in text
    assert "Op schatting (aandeel van het gewicht dat rust op illustratieve gegevens of kwaliteit C): P&O:" in text
    assert evaluation_layout(bundled(), WIDE)[1] == ["Op schatting"]
    wide = render(WIDE + 2, lambda c: print_evaluation(c, bundled()))
    assert "Niet getoond" not in wide and "Oordeel" in wide and "Trend" in wide and "Op schatting (aandeel" in wide
    widest = render(WIDE + 40, lambda c: print_evaluation(c, bundled()))
    assert "┃ Op schatting ┃" in widest


def test_sparkline_follows_the_totals() -> None:
    hh = subject(bundled(), "HH")  # 2019 is Handhaving's lowest year
    scores = [m.score for m in bundled().marks(hh, bundled().root)]
    line = sparkline(scores, *bundled().score_range())
    order = sorted(range(len(scores)), key=scores.__getitem__)
    assert [line[i] for i in order] == sorted(line)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal_and_for_many_subjects() -> None:
    items = list(range(MIN_SUBJECTS))
    assert progress_tracker(len(items), io.StringIO()) is iter  # piped: no bar
    assert progress_tracker(MIN_SUBJECTS - 1, Terminal()) is iter  # few subjects: no bar
    stream = Terminal()
    track = progress_tracker(len(items), stream)
    assert list(track(items)) == items
    assert "Rapport opbouwen" in stream.getvalue()


def test_wide_table_leaves_out_criteria_that_do_not_fit_instead_of_squeezing_every_column() -> None:
    import builders as b

    criteria = {b.ROOT: b.criterion("Totaal")} | {
        f"c{i}": b.criterion(f"Criterium {i}", parent=b.ROOT) for i in range(40)
    }
    indicators = {f"i{i}": b.indicator("x", b.linear(0, 10), parent=f"c{i}") for i in range(40)}
    rs = b.ruleset_dict(fields={"x": b.number_field()}, criteria=criteria, indicators=indicators, years=[2019])
    crowded = b.view(rs, b.case(["A", "B"], [b.value(s, 2019, "x", 7) for s in ("A", "B")]))
    table, dropped = evaluation_layout(crowded, WIDE)
    headers = [column.header for column in table.columns]
    assert len(dropped) > 10 and dropped[-1] == "Criterium 39"  # the last criteria go, not the subjects
    assert "Onderwerp" in headers and "Oordeel" in headers and "Criterium 0" in headers
    text = render(WIDE, lambda c: print_evaluation(c, crowded))
    assert all(len(line) <= WIDE for line in text.splitlines())
    assert "Onderwerp A" in text  # the subject column keeps room for its names
    flat = " ".join(text.split())
    assert f"({len(dropped)} kolommen)" in flat and "alle scores staan in --format json" in flat


def test_a_wide_table_is_squeezed_from_some_number_of_criteria_on() -> None:
    """evaluation_layout looks for the criteria that fit by bisection, after trying all of them: both rest on the
    table being squeezed from some number of criteria on, and not again unsqueezed by more."""
    import builders as b

    from criteria.report.terminal.table import _cells, _columns, _squeezed, _table

    criteria = {b.ROOT: b.criterion("Totaal")} | {
        f"c{i}": b.criterion(f"Criterium {i}" + " lang" * (i % 4), parent=b.ROOT) for i in range(24)
    }
    indicators = {f"i{i}": b.indicator("x", b.linear(0, 10), parent=f"c{i}") for i in range(24)}
    rs = b.ruleset_dict(fields={"x": b.number_field()}, criteria=criteria, indicators=indicators, years=[2019])
    crowded = b.view(rs, b.case(["A", "B"], [b.value(s, 2019, "x", 7) for s in ("A", "B")]))
    mixed = 0  # widths at which some but not all criteria fit: where the order matters
    for result in (crowded, bundled()):
        top = list(result.top_criteria)
        cells = _cells(result, top, compact=False)
        for width in range(WIDE, 260, 9):
            squeezed = [_squeezed(_table(cells, top[: k + 1], False, _columns(result)), width) for k in range(len(top))]
            assert squeezed == sorted(squeezed), (width, squeezed)
            mixed += any(squeezed) and not all(squeezed)
    assert mixed > 5

"""A voorstel beside its huidige situatie on the terminal: per criterion both scores, the difference and its
verdict. The rows come from criteria.report.comparison, the same as in the report documents."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.table import Table
from rich.text import Text

from criteria.model.result import VoorstelComparison
from criteria.report.common import VERDICT_STYLE
from criteria.report.comparison import chosen
from criteria.report.comparison import comparison_table as comparison_rows
from criteria.report.documents import table as document
from criteria.report.terminal.fast_table import FastTable

if TYPE_CHECKING:
    from criteria.result.view import ResultView


def _text(cell: document.Cell) -> Text:
    return Text("  " * cell.level + cell.text, style=VERDICT_STYLE[cell.verdict][1] if cell.verdict else "")


def rich_table(table: document.Table) -> Table:
    """A neutral table on the terminal: numbers right-aligned, only the first column wraps (a FastTable: the same
    output as rich's Table, laid out quicker)."""
    out = FastTable(title=table.caption, title_justify="left", header_style="bold", box=box.SIMPLE_HEAD)
    for i, column in enumerate(table.columns):
        out.add_column(column.title, justify="right" if column.kind != "text" else "left", no_wrap=i > 0)
    for row in table.rows:
        out.add_row(*(_text(cell) for cell in row.cells))
    return out


def comparison_table(result: ResultView, comp: VoorstelComparison) -> Table:
    return rich_table(comparison_rows(result, comp))


def comparison_note() -> Text:
    return Text(
        "Huidig = de huidige situatie, berekend uit de huidige onderwerpen samen (zie docs/voorstel.md); "
        "het voorstel rekent met ramingen (kwaliteit C). Oordeel over het verschil: beter of slechter "
        "op één decimaal.",
        style="dim",
    )


def comparison_sections(result: ResultView, voorstel: str | None = None, year: int | None = None) -> list:
    """Renderables for every comparison (or those of one voorstel and year); empty when there is none."""
    found = chosen(result, voorstel, year)
    if not found:
        return []
    return [item for c in found for item in (Text(""), comparison_table(result, c))] + [comparison_note()]

"""A voorstel beside its huidige situatie as one neutral table: the rows the terminal (criteria.report.terminal.voorstel)
and the documents (criteria.report.documents.voorstel_section) both show. Pure: a comparison in, a Table out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from criteria.engine.scoring import mark_difference
from criteria.model.result import VoorstelComparison
from criteria.report.common import score_text
from criteria.report.documents.table import Cell, Column, Row, Table, scored_cell

if TYPE_CHECKING:
    from criteria.result.view import ResultView

# the oordeel over het verschil styled as the verdict of the same tone: beter green, slechter red, ...
OORDEEL_TONE = {
    "beter": "voldoet",
    "slechter": "voldoet niet",
    "gelijk": "geen norm",
    "onvoldoende gegevens": "onvoldoende gegevens",
}
COLUMNS = (
    Column("Criterium", width=40),
    Column("Voorstel", "score", 10),
    Column("Huidig", "score", 10),
    Column("Verschil", "difference", 10),
    Column("Oordeel over het verschil", width=26),
)


def difference_text(voorstel: float | None, huidig: float | None) -> str:
    """The difference of the marks as shown, with its sign: +2,7 · -0,8 · 0,0 (never -0,0)."""
    if voorstel is None or huidig is None:
        return "–"
    shown = mark_difference(voorstel, huidig)
    return ("+" if shown > 0 else "") + score_text(shown if shown != 0 else 0.0)


def subject_title(result: ResultView, subject_id: str) -> str:
    return next((s.title for s in result.subjects if s.id == subject_id), subject_id)


def comparison_title(result: ResultView, comp: VoorstelComparison, with_year: bool = True) -> str:
    """ "Voorstel: Informatisering samenvoegen tegenover de huidige situatie (INF_HS + INF_BD), 2020"."""
    title = f"{subject_title(result, comp.voorstel)} tegenover de huidige situatie ({' + '.join(comp.current)})"
    return f"{title}, {comp.year}" if with_year else title


def chosen(result: ResultView, voorstel: str | None = None, year: int | None = None) -> list[VoorstelComparison]:
    """The comparisons of the result, or those of one voorstel and/or year."""
    return [
        c
        for c in result.comparisons
        if (voorstel is None or c.voorstel == voorstel) and (year is None or c.year == year)
    ]


def comparison_table(result: ResultView, comp: VoorstelComparison) -> Table:
    """Per criterion: voorstel and huidig (score with its verdict), the difference and the oordeel over it."""
    rows = tuple(
        Row(
            (
                Cell(c.title, level=c.depth),
                scored_cell(c.voorstel, c.voorstel_verdict),
                scored_cell(c.huidig, c.huidig_verdict),
                Cell(difference_text(c.voorstel, c.huidig), c.verschil),
                Cell(c.oordeel, verdict=OORDEEL_TONE[c.oordeel]),
            ),
            style="total" if c.depth == 0 else "criterium",
        )
        for c in comp.criteria
    )
    return Table(comparison_title(result, comp), COLUMNS, rows)

"""A voorstel beside its huidige situatie: per criterion both scores, the difference and its verdict."""

from __future__ import annotations

from rich import box
from rich.table import Table
from rich.text import Text

from criteria.model.result import EvaluationResult, VoorstelComparison
from criteria.report.common import score_text, scored

VERDICT_STYLE = {"beter": "green", "slechter": "bold red", "gelijk": "dim", "onvoldoende gegevens": "yellow"}


def difference_text(diff: float | None) -> str:
    if diff is None:
        return "–"
    shown = round(diff, 1)
    return ("+" if shown > 0 else "") + score_text(shown if shown != 0 else 0.0)


def comparison_table(result: EvaluationResult, comp: VoorstelComparison) -> Table:
    titles = {s.id: s.title for s in result.subjects}
    table = Table(title=f"{titles.get(comp.voorstel, comp.voorstel)} tegenover de huidige situatie "
                        f"({' + '.join(comp.current)}), {comp.year}", title_justify="left", header_style="bold",
                  box=box.SIMPLE_HEAD)
    table.add_column("Criterium")
    table.add_column("Voorstel", justify="right", no_wrap=True)
    table.add_column("Huidig", justify="right", no_wrap=True)
    table.add_column("Verschil", justify="right", no_wrap=True)
    table.add_column("Oordeel over het verschil", no_wrap=True)
    for c in comp.criteria:
        table.add_row("  " * c.depth + c.title, scored(c.voorstel, c.voorstel_verdict),
                      scored(c.huidig, c.huidig_verdict), difference_text(c.verschil),
                      Text(c.oordeel, style=VERDICT_STYLE[c.oordeel]))
    return table


def comparison_note() -> Text:
    return Text("Huidig = de huidige situatie, berekend uit de huidige onderwerpen samen (zie docs/voorstel.md); "
                "het voorstel rekent met ramingen (kwaliteit C). Oordeel over het verschil: beter of slechter "
                "op één decimaal.", style="dim")


def comparison_sections(result: EvaluationResult, voorstel: str | None = None, year: int | None = None) -> list:
    """Renderables for every comparison (or those of one voorstel and year); empty when there is none."""
    chosen = [c for c in result.comparisons
              if (voorstel is None or c.voorstel == voorstel) and (year is None or c.year == year)]
    if not chosen:
        return []
    return [item for c in chosen for item in (Text(""), comparison_table(result, c))] + [comparison_note()]

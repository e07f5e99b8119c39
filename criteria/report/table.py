"""The evaluate table: subjects × years with total, per-criterion scores, verdicts, completeness, trend."""

from __future__ import annotations

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from criteria.model.result import EvaluationResult
from criteria.report.common import VERDICT_STYLE, header_lines, percent, score_text, scored, verdict_text

TREND_ARROW = {"stijgend": "↗ stijgend", "stabiel": "→ stabiel", "dalend": "↘ dalend", "onbekend": "? onbekend"}
RULE_TEXT = {"mean": "gemiddelde", "last": "laatste jaar", "min": "laagste jaar"}


def evaluation_table(result: EvaluationResult) -> Table:
    first = next((s for s in result.subjects if s.years), None)
    criteria = [(c.id, c.title) for c in first.years[0].total.children if c.kind == "criterium"] if first else []
    table = Table(title="Uitkomst per onderwerp en jaar (rapportcijfer 0–10)", title_justify="left",
                  show_lines=False, header_style="bold")
    table.add_column("Onderwerp", no_wrap=True)
    table.add_column("Jaar", justify="right")
    table.add_column("Totaal", justify="right")
    for _, title in criteria:
        table.add_column(title, justify="right", max_width=16)
    table.add_column("Oordeel")
    table.add_column("Volledig", justify="right")
    for subject in result.subjects:
        if not subject.in_scope:
            continue
        for i, yr in enumerate(subject.years):
            by_id = {c.id: c for c in yr.total.children}
            cells = [scored(by_id[cid].score, by_id[cid].verdict) if cid in by_id else Text("–")
                     for cid, _ in criteria]
            table.add_row(subject.title if i == 0 else "", str(yr.year), scored(yr.total.score, yr.total.verdict),
                          *cells, verdict_text(yr.total.verdict), percent(yr.total.completeness))
        p = subject.period
        if p is not None:
            trends = {t.id: t for t in p.trends}
            root = p.trends[0]
            table.add_row("", Text(f"periode ({RULE_TEXT[p.rule]})", style="italic"),
                          scored(p.score, p.verdict),
                          *[Text(TREND_ARROW[trends[cid].trend], style="italic") if cid in trends else Text("")
                            for cid, _ in criteria],
                          Text(f"trend: {TREND_ARROW[root.trend]}", style="italic"), "", end_section=True)
    return table


def legend() -> Text:
    parts = [f"{sym} {name}" for name, (sym, _) in VERDICT_STYLE.items() if name != "niet van toepassing"]
    return Text("Legenda: " + "   ".join(parts) + ".  Volledig = aandeel van het gewicht waarvoor gegevens waren.",
                style="dim")


def out_of_scope(result: EvaluationResult) -> list[Text]:
    return [Text(f"Buiten deze toets: {s.title} ({s.kind}) — {s.scope_reason or 'geen reden opgegeven'}")
            for s in result.subjects if not s.in_scope]


def print_evaluation(console: Console, result: EvaluationResult) -> None:
    console.print(Group(*header_lines(result)))
    console.print()
    console.print(evaluation_table(result))
    console.print(legend())
    for line in out_of_scope(result):
        console.print(line)
    policy = ("ontbrekende gegevens: herwegen over wat er is" if result.missing_data == "reweigh"
              else "ontbrekende gegevens: niet toegestaan")
    console.print(Text(f"Voldoende vanaf {score_text(result.pass_mark)}; {policy}. "
                       "Uitleg per score: criteria explain CASUS --onderwerp ID --jaar JAAR", style="dim"))

"""The evaluate table: subjects × years with total, per-criterion scores, verdicts, completeness, trend."""

from __future__ import annotations

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from criteria.model.result import EvaluationResult
from criteria.report.common import VERDICT_STYLE, header_lines, percent, score_text, scored, verdict_text

TREND_ARROW = {"stijgend": "↗ stijgend", "stabiel": "→ stabiel", "dalend": "↘ dalend", "onbekend": "? onbekend"}
RULE_TEXT = {"mean": "gemiddelde", "last": "laatste jaar", "min": "laagste jaar"}


WIDE = 118  # below this many columns the table switches to a compact layout


def evaluation_table(result: EvaluationResult, width: int = WIDE) -> Table:
    """The table; at narrow widths without vertical rules and with a short trend column."""
    compact = width < WIDE
    first = next((s for s in result.subjects if s.years), None)
    criteria = [(c.id, c.title) for c in first.years[0].total.children if c.kind == "criterium"] if first else []
    table = Table(title="Uitkomst per onderwerp en jaar (rapportcijfer 0–10)", title_justify="left",
                  show_lines=False, header_style="bold", box=box.SIMPLE_HEAD if compact else box.HEAVY_HEAD,
                  pad_edge=not compact)
    table.add_column("Onderwerp", min_width=4, no_wrap=compact)
    table.add_column("Jaar", justify="right", no_wrap=True, min_width=9 if compact else 7)
    table.add_column("Totaal", justify="right", no_wrap=True, min_width=5)
    for _, title in criteria:
        heading = short_title(title)
        table.add_column(heading[:6] + "." if compact and len(heading) > 7 else heading, justify="right",
                         no_wrap=True, min_width=5)
    table.add_column("Oordeel", no_wrap=True, min_width=14)
    table.add_column("Vol." if compact else "Volledig", justify="right", no_wrap=True, min_width=5)
    if not compact:
        table.add_column("Trend", no_wrap=True, min_width=10)
    for subject in result.subjects:
        if not subject.in_scope:
            continue
        for i, yr in enumerate(subject.years):
            by_id = {c.id: c for c in yr.total.children}
            cells = [scored(by_id[cid].score, by_id[cid].verdict) if cid in by_id else Text("–")
                     for cid, _ in criteria]
            name = subject.id if compact else subject.title
            table.add_row(name if i == 0 else "", str(yr.year), scored(yr.total.score, yr.total.verdict),
                          *cells, verdict_text(yr.total.verdict), percent(yr.total.completeness),
                          *([] if compact else [""]))
        p = subject.period
        if p is not None:
            trends = {t.id: t for t in p.trends}
            trend = TREND_ARROW[p.trends[0].trend]
            table.add_row("", Text(f"periode {trend.split()[0]}" if compact else "periode", style="italic"),
                          scored(p.score, p.verdict),
                          *[Text(TREND_ARROW[trends[cid].trend].split()[0], style="italic") if cid in trends
                            else Text("") for cid, _ in criteria],
                          verdict_text(p.verdict), "", *([] if compact else [Text(trend, style="italic")]),
                          end_section=True)
    return table


def short_title(title: str) -> str:
    """A column heading: the title up to its first comma ("Flexibiliteit, inclusief …" -> "Flexibiliteit")."""
    return title.split(",")[0].strip()


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
    console.print(evaluation_table(result, console.width))
    if console.width < WIDE:
        console.print(Text("Onderwerpen: " + ", ".join(f"{s.id} = {s.title}" for s in result.subjects if s.in_scope)))
    console.print(legend())
    for line in out_of_scope(result):
        console.print(line)
    policy = ("ontbrekende gegevens: herwegen over wat er is" if result.missing_data == "reweigh"
              else "ontbrekende gegevens: niet toegestaan")
    rule = RULE_TEXT[next((s.period.rule for s in result.subjects if s.period), "mean")]
    console.print(Text(f"Voldoende vanaf {score_text(result.pass_mark)}; periode = {rule} van de jaren; {policy}. "
                       "Uitleg per score: criteria explain CASUS --onderwerp ID --jaar JAAR", style="dim"))

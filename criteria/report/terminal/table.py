"""The evaluate table: subjects × years with total, per-criterion scores, verdicts, completeness, trend.

Wide terminals get every column; narrower ones a compact layout that drops columns (least important
first) until the table fits, and says which columns it left out.
"""

from __future__ import annotations

import io

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from criteria.report.common import (TREND_ARROW, VERDICT_STYLE, header_lines, missing_policy_text, percent,
                                    period_rule_text, score_text, scored, short_title, sparkline, verdict_text)
from criteria.report.corrections import corrections_section
from criteria.report.terminal.group import group_summary
from criteria.report.terminal.voorstel import comparison_sections
from criteria.result.view import ResultView, SubjectInfo

WIDE = 118  # below this many columns the table switches to a compact layout
VERDICT, COMPLETE, ESTIMATE = "oordeel", "volledig", "schatting"
ESTIMATE_HEADING = "Op schatting"


def _natural_width(table: Table) -> int:
    return Console(file=io.StringIO(), width=10_000).measure(table).maximum  # unclamped


def evaluation_table(result: ResultView, width: int = WIDE) -> Table:
    """The table that fits `width` columns."""
    return evaluation_layout(result, width)[0]


def evaluation_layout(result: ResultView, width: int = WIDE) -> tuple[Table, list[str]]:
    """The table for `width` columns and the headings of the columns left out to make it fit."""
    criteria = _criteria(result)
    if width >= WIDE:
        table = _table(result, criteria, compact=False, shown={VERDICT, COMPLETE, ESTIMATE} & _columns(result))
        if ESTIMATE not in _columns(result) or _natural_width(table) <= width:
            return table, []
        return _table(result, criteria, compact=False, shown={VERDICT, COMPLETE}), [ESTIMATE_HEADING]
    droppable = [(ESTIMATE, ESTIMATE_HEADING), (VERDICT, "Oordeel"), (COMPLETE, "Volledig"),
                 *[(cid, short_title(title)) for cid, title in reversed(criteria)]]
    dropped: list[str] = []
    droppable = [(k, h) for k, h in droppable if k != ESTIMATE or ESTIMATE in _columns(result)]
    shown = {key for key, _ in droppable}
    while True:
        table = _table(result, [c for c in criteria if c[0] in shown], compact=True, shown=shown)
        if not droppable or _natural_width(table) <= width:
            return table, dropped
        key, heading = droppable.pop(0)
        shown.discard(key)
        dropped.append(heading)


def _columns(result: ResultView) -> set[str]:
    """Optional columns that have something to say: 'op schatting' only when some score rests on estimates."""
    return {VERDICT, COMPLETE} | ({ESTIMATE} if result.meta.estimate_share else set())


def _criteria(result: ResultView) -> list[tuple[str, str]]:
    return list(result.top_criteria) if result.scored else []


def _table(result: ResultView, criteria: list[tuple[str, str]], compact: bool, shown: set[str]) -> Table:
    table = Table(title="Uitkomst per onderwerp en jaar (rapportcijfer 0–10)", title_justify="left",
                  show_lines=False, header_style="bold", box=box.SIMPLE_HEAD if compact else box.HEAVY_HEAD,
                  pad_edge=not compact)
    table.add_column("Ond." if compact else "Onderwerp", min_width=4, no_wrap=compact)
    table.add_column("Jaar", justify="right", no_wrap=True, min_width=9 if compact else 7)
    table.add_column("Totaal", justify="right", no_wrap=True, min_width=5)
    for _, title in criteria:
        heading = short_title(title)
        table.add_column(heading[:6] + "." if compact and len(heading) > 7 else heading, justify="right",
                         no_wrap=True, min_width=5)
    if VERDICT in shown:
        table.add_column("Oordeel", no_wrap=True, min_width=14)
    if COMPLETE in shown:
        table.add_column("Vol." if compact else "Volledig", justify="right", no_wrap=True, min_width=5)
    if ESTIMATE in shown:
        table.add_column("Sch." if compact else "Op schatting", justify="right", no_wrap=True, min_width=5)
    if not compact:
        table.add_column("Trend", no_wrap=True, min_width=10)
    low, high = result.score_range()
    for subject in result.subjects:
        if not subject.in_scope or subject.row is None:
            continue
        spark = sparkline([m.score for m in result.marks(subject, result.root)], low, high)
        _add_subject(table, result, subject, criteria, compact, shown, spark)
    return table


def _add_subject(table: Table, result: ResultView, subject: SubjectInfo, criteria: list[tuple[str, str]],
                 compact: bool, shown: set[str], spark: str) -> None:
    root = result.root
    for i, year in enumerate(subject.years):
        total = result.mark(subject, year, root)
        cells = [scored(mark.score, mark.verdict) for mark in (result.mark(subject, year, cid) for cid, _ in criteria)]
        name = subject.id if compact else subject.title
        table.add_row(name if i == 0 else "", str(year), scored(total.score, total.verdict), *cells,
                      *([verdict_text(total.verdict)] if VERDICT in shown else []),
                      *([percent(total.completeness)] if COMPLETE in shown else []),
                      *([percent(total.estimate_share)] if ESTIMATE in shown else []),
                      *([] if compact else [""]))
    p = result.period(subject)
    if p is None:
        return
    trends = {t.id: t for t in p.trends}
    trend = TREND_ARROW[p.trends[0].trend]
    table.add_row(Text(spark, style="italic"),
                  Text(f"periode {trend.split()[0]}" if compact else "periode", style="italic"),
                  scored(p.score, p.verdict),
                  *[Text(TREND_ARROW[trends[cid].trend].split()[0], style="italic") if cid in trends
                    else Text("") for cid, _ in criteria],
                  *([verdict_text(p.verdict)] if VERDICT in shown else []),
                  *([""] if COMPLETE in shown else []),
                  *([""] if ESTIMATE in shown else []),
                  *([] if compact else [Text(trend, style="italic")]),
                  end_section=True)


def legend(result: ResultView | None = None) -> Text:
    # Criteria always have a threshold, so "geen norm" and "niet van toepassing" never stand in this table.
    parts = [f"{sym} {name}" for name, (sym, _) in VERDICT_STYLE.items() if name in SHOWN_VERDICTS]
    return Text("Legenda: " + "   ".join(parts) + ".  Volledig = aandeel van het gewicht waarvoor gegevens waren. "
                + ("Op schatting = aandeel van het gewicht dat rust op illustratieve gegevens of kwaliteit C. "
                   if result is not None and ESTIMATE in _columns(result) else "") +
                "▁▃▆ = verloop van het totaal over de jaren (van de laagste tot de hoogste score in de tabel); "
                "↗ stijgend, → stabiel, ↘ dalend.", style="dim")


SHOWN_VERDICTS = ("voldoet", "voldoet niet", "onvoldoende gegevens")


def estimate_lines(result: ResultView) -> list[Text]:
    """Per subject the share of the weight resting on illustratief or quality-C data, year by year."""
    lines = [Text("Op schatting (aandeel van het gewicht dat rust op illustratieve gegevens of kwaliteit C):")]
    for s in result.scored:
        years = ", ".join(f"{year} {percent(m.estimate_share)}" for year, m in zip(s.years, result.marks(s, result.root)))
        lines.append(Text(f"  {s.title}: {years}"))
    return lines


def out_of_scope(result: ResultView) -> list[Text]:
    return [Text(f"Buiten deze toets: {s.title} ({s.kind}) — {s.scope_reason or 'geen reden opgegeven'}")
            for s in result.subjects if not s.in_scope]


def print_evaluation(console: Console, result: ResultView) -> None:
    console.print(Group(*header_lines(result)))
    console.print()
    table, dropped = evaluation_layout(result, console.width)
    console.print(table)
    for line in group_summary(result):  # issue 13: the reference group, the statistic and the deviation
        console.print(line)
    for line in corrections_section(result):  # issue 7: human overrides, next to the computed scores
        console.print(line)
    for item in comparison_sections(result):  # issue 4: each voorstel beside its huidige situatie
        console.print(item)
    if console.width < WIDE:
        console.print(Text("Onderwerpen: " + ", ".join(f"{s.id} = {s.title}" for s in result.subjects if s.in_scope)))
    if ESTIMATE_HEADING in dropped:
        for line in estimate_lines(result):
            console.print(line)
        dropped = [d for d in dropped if d != ESTIMATE_HEADING]
    if dropped:
        console.print(Text(f"Niet getoond bij deze schermbreedte: {', '.join(dropped)}. Maak het venster breder "
                           "of schrijf de tabel naar een bestand met --output.", style="dim"))
    console.print(legend(result))
    for line in out_of_scope(result):
        console.print(line)
    console.print(Text(f"Voldoende vanaf {score_text(result.pass_mark)}; periode = {period_rule_text(result)} van de "
                       f"jaren; {missing_policy_text(result)}. "
                       "Uitleg per score: criteria explain CASUS --onderwerp ID --jaar JAAR", style="dim"))

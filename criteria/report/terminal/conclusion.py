"""The conclusion on the terminal: the last thing `evaluate` shows, so that the last screen answers the question.

The sentences come from criteria.conclusion.text (one source for every output); this module only lays them out:
a verdict symbol, then the sentence wrapped with a hanging indent so every subject starts at the left edge.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from criteria.conclusion import text
from criteria.conclusion.compute import Context, conclude, context_of
from criteria.conclusion.model import Conclusion
from criteria.engine import scoring as sc
from criteria.engine.columns import Evaluation
from criteria.engine.sensitivity_settings import Settings
from criteria.report.common import VERDICT_STYLE, illustrative_warning, percent, scored, short_title
from criteria.report.corrections import STYLE, correction_line
from criteria.result.view import ResultView, SubjectInfo

if TYPE_CHECKING:
    from criteria.model.tree import NodeResult

MAX_LISTED = 20  # more subjects than this: the counts, and the subjects that do not pass (up to this many)
SYMBOL = {sc.PASS: VERDICT_STYLE["voldoet"], sc.FAIL: VERDICT_STYLE["voldoet niet"]}
UNKNOWN = VERDICT_STYLE["onvoldoende gegevens"]
CORRECTED = "De conclusie rekent met de correcties; de tabel toont de berekende scores."  # one row at 80
CORRECTED_EXPLAIN = "Het oordeel hierboven rekent met de correctie; de tabel toont de berekende cijfers."


def robustness_lines(
    evaluation: Evaluation, settings: Settings, width: int, context: Context | None = None
) -> list[Text]:
    """The start of `criteria gevoeligheid`: how robust every verdict is, in one line, then one sentence per
    subject (over its period), with the analysis' own samples and seed. `context`: one whose robustness the
    analysis' Monte Carlo counted already (Context.shares)."""
    context = context if context is not None else context_of(evaluation, settings)
    found = [
        conclude(evaluation, row, context=context, robust=True, changes=False)
        for row in range(len(evaluation.subjects))
    ]
    overall = text.robust_overall(found)
    lines = [Text(overall, style="bold")] if overall else []
    for c in found:
        symbol, style = SYMBOL.get(c.verdict, UNKNOWN)
        lines.append(hanging(symbol, text.robust_headline(c), width, style))
    return lines


def conclusions(result: ResultView, reasons: bool = True, context: Context | None = None) -> Iterator[Conclusion]:
    """The conclusion over its period of every subject in the toets, in the table's order (no changes), with the
    run's corrections applied; `reasons`: with the main reasons (False: the verdicts only)."""
    evaluation = result.corrected
    context = context if context is not None else context_of(evaluation)
    rows = {sid: row for row, sid in enumerate(evaluation.subjects)}
    for subject in result.subjects:
        if subject.in_scope and subject.id in rows:
            yield conclude(evaluation, rows[subject.id], context=context, changes=False, reasons=reasons)


def hanging(symbol: str, sentence: str, width: int, style: str = "") -> Text:
    """'✔ sentence', wrapped at `width` with the next lines indented under the sentence."""
    lines = textwrap.wrap(sentence, width=max(20, width - 2), break_long_words=False, break_on_hyphens=False)
    out = Text(f"{symbol} ", style=style)
    out.append("\n  ".join(lines))
    return out


def conclusion_lines(result: ResultView, width: int) -> list[Text]:
    """Per subject one sentence (verdict over the period, mark, main reasons), then where to read more, then the
    illustratief warning: the tail of `evaluate`."""
    in_scope = sum(1 for s in result.subjects if s.in_scope and s.row is not None)
    evaluation = result.corrected
    context = context_of(evaluation)
    found = list(conclusions(result, in_scope <= MAX_LISTED, context))  # many: the verdicts first, reasons below
    lines = [Text("Conclusie", style="bold")]
    if len(found) > MAX_LISTED:
        failing = [c for c in found if c.verdict == sc.FAIL]
        passing = sum(c.verdict == sc.PASS for c in found)
        lines.append(Text(f"{passing} van de {len(found)} onderwerpen voldoen, {len(failing)} voldoen niet."))
        found = [
            conclude(evaluation, evaluation.subjects.index(c.subject), context=context, changes=False)
            for c in failing[:MAX_LISTED]
        ]
    for c in found:
        symbol, style = SYMBOL.get(c.verdict, UNKNOWN)
        lines.append(hanging(symbol, text.summary(c, scores=False), width, style))
    if result.corrections:
        lines.append(Text(CORRECTED, style="dim"))
    lines.append(Text("Waarom, en wat het oordeel omdraait: criteria explain CASUS --onderwerp NAAM", style="dim"))
    warning = illustrative_warning(result, short=True)
    if warning:
        lines.append(Text(warning, style="bold yellow"))
    return lines


def _structure(total: NodeResult) -> Table:
    """The total's criteria and their sub-criteria in one year: mark, verdict, share of the total."""
    table = Table(box=None, show_header=True, header_style="bold", pad_edge=False, padding=(0, 1))
    table.add_column("Opbouw van het totaal")
    table.add_column("Cijfer", justify="right", no_wrap=True)
    table.add_column("Aandeel", justify="right", no_wrap=True)

    def add(node: NodeResult, depth: int, share: float | None) -> None:
        table.add_row(
            Text("  " * depth + short_title(node.title)),
            scored(node.score, node.verdict),
            percent(share) if share is not None else "–",
        )
        if depth < 1:
            for kid in node.children:
                if kid.kind == "criterium":
                    add(
                        kid,
                        depth + 1,
                        None if share is None or kid.weight_normalised is None else share * kid.weight_normalised,
                    )

    for child in total.children:
        if child.kind == "criterium":
            add(child, 0, child.weight_normalised)
    return table


def _structure_years(result: ResultView, subject: SubjectInfo) -> Table:
    """The total's criteria and their sub-criteria, their mark in every year the subject is evaluated in."""
    table = Table(box=None, show_header=True, header_style="bold", pad_edge=False, padding=(0, 1))
    table.add_column("Opbouw van het totaal")
    for year in subject.years:
        table.add_column(str(year), justify="right", no_wrap=True)
    children = result.evaluation.compiled.children
    criteria = result.ruleset.criteria

    def add(node: str, depth: int) -> None:
        marks = [result.mark(subject, year, node) for year in subject.years]
        table.add_row(
            Text("  " * depth + short_title(result.node_title(node))), *(scored(m.score, m.verdict) for m in marks)
        )
        if depth < 1:
            for kid in children.get(node, []):
                if kid in criteria:
                    add(kid, depth + 1)

    for kid in children[result.root]:
        if kid in criteria:
            add(kid, 0)
    return table


def print_short_explain(
    console: Console, result: ResultView, subject: SubjectInfo, year: int | None, command: str
) -> None:
    """The short answer for one subject (issue 14): the verdict, the main reasons, what would turn it, how robust
    it is, the criteria in one small table, then where the full tree is and the warning. `year`: about that year;
    None: about the subject's period (every year it is evaluated in), by the ruleset's period rule."""
    evaluation = result.corrected  # with the run's corrections applied
    row = evaluation.subjects.index(subject.id)
    c = conclude(evaluation, row, None if year is None else [year], robust=True)
    when = str(year) if year is not None else text.span(subject.years)
    console.print(Text(result.case_title, style="bold"))
    console.print(
        Text(
            f"{subject.title} ({subject.id}, {subject.kind}) — {when}; voldoende vanaf {text.mark(c.pass_mark)}",
            style="dim",
        )
    )
    console.print()
    symbol, style = SYMBOL.get(c.verdict, UNKNOWN)
    console.print(hanging(symbol, text.headline(c), console.width, style))
    for sentence in text.sentences(c):
        console.print(hanging(" ", sentence, console.width))
    for correction in result.corrections:
        if correction.subject == subject.id and (year is None or correction.year == year):
            console.print(hanging(" ", f"Correctie {correction_line(correction)}", console.width, STYLE))
    if result.corrections:
        console.print(Text(CORRECTED_EXPLAIN, style="dim"))
    shown = year if year is not None else subject.years[-1]
    voorstel = next((k.voorstel for k in result.comparisons if subject.id in (k.voorstel, k.huidige_situatie)), None)
    if voorstel:  # the voorstel beside the huidige situatie shows the criteria of both
        from criteria.report.terminal.voorstel import comparison_sections  # (its report modules: only for one)

        for item in comparison_sections(result, voorstel, shown):
            console.print(item)
    else:
        console.print()
        console.print(
            _structure(result.breakdown(subject.id, year)) if year is not None else _structure_years(result, subject)
        )
    console.print()
    if year is None:
        others = [str(y) for y in subject.years if y != shown]
        also = f" (of {text.listing(others, 'of')})" if others else ""
        console.print(Text(f"Eén jaar uitgelegd: {command} --jaar {shown}{also}", style="dim"))
        console.print(Text(f"Alles tot elk gegeven en zijn bron: {command} --jaar {shown} --volledig", style="dim"))
    else:
        console.print(Text(f"Alles tot elk gegeven en zijn bron: {command} --volledig", style="dim"))
    warning = illustrative_warning(result, short=True)
    if warning:
        console.print(Text(warning, style="bold yellow"))

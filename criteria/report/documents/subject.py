"""One subject of a report: its facts, trend and bar chart data, and the full breakdown per year."""

from __future__ import annotations

from collections.abc import Sequence

from criteria.engine.scoring import fmt
from criteria.model.result import Correction, IndicatorDetail, NodeResult, PeriodSummary, walk
from criteria.report.common import (
    TREND_ARROW,
    VERDICT_STYLE,
    number,
    percent,
    period_rule_text,
    score_text,
    short_title,
    sparkline,
)
from criteria.report.corrections import correction_line
from criteria.report.documents.document import (
    Bar,
    BarChart,
    Breakdown,
    Cell,
    Column,
    Row,
    Series,
    SubjectSection,
    Table,
    TrendChart,
)
from criteria.report.documents.sources import SourceIndex, refs_text
from criteria.report.documents.subject_columns import NodeYears
from criteria.report.documents.table import verdict_cell
from criteria.report.terminal.group import group_note
from criteria.result.view import ResultView, SubjectInfo

Trees = Sequence[tuple[int, NodeResult]]  # (year, breakdown) of each year a subject is evaluated in

BREAKDOWN_COLUMNS = (
    Column("Onderdeel", width=44),
    Column("Waarde", "number", 12),
    Column("Nullijn", "number", 12),
    Column("Meting", "number", 12),
    Column("Eenheid", width=12),
    Column("Norm", width=22),
    Column("Oordeel", width=18),
    Column("Score", "score", 8),
    Column("Gewicht", "number", 12),
    Column("Bijdrage", "decimal", 10),
    Column("Bron", width=12),
    Column("Kwaliteit", width=10),
)


def correction_note(c: Correction | None) -> str | None:
    return None if c is None else f"gecorrigeerd naar {score_text(c.corrected_score)}: {c.reason}"


def subject_section(
    result: ResultView,
    subject: SubjectInfo,
    criteria: Sequence[NodeYears],
    sources: SourceIndex,
    trees: Trees | None = None,
) -> SubjectSection:
    """The section of one scored subject: its facts and charts (from `criteria`: the total and every criterion
    per year, criteria.report.documents.subject_columns) and, given its breakdowns (`trees`, built by the caller),
    its breakdown per year (the volledige bijlage)."""
    facts = [f"Soort: {subject.kind}" + (f" ({', '.join(subject.tags)})" if subject.tags else "")]
    p = result.period(subject)
    if p is not None:
        low, high = result.score_range()
        verdict = VERDICT_STYLE[p.verdict][0] + " " + p.verdict
        facts.append(
            f"Periodescore ({period_rule_text(result)} van {p.years_with_data} jaar): {score_text(p.score)} {verdict}"
        )
        facts.append(
            f"Verloop van het totaal: {TREND_ARROW[p.trends[0].trend]} {sparkline(list(criteria[0].scores), low, high)}"
        )
    facts.append(f"Uitleg op het scherm: criteria explain CASUS --onderwerp {subject.id} --jaar JAAR")
    corrections = tuple(correction_line(c) for c in result.corrections if c.subject == subject.id)
    return SubjectSection(
        id=subject.id,
        title=subject.title,
        anchor=f"onderwerp-{subject.id}",
        facts=tuple(facts),
        trend=trend_chart(subject, p, criteria, result.pass_mark),
        bars=bar_chart(subject, criteria, result.pass_mark),
        breakdowns=tuple(
            Breakdown(
                year, breakdown_heading(subject, year, total), breakdown_table(result, subject, year, total, sources)
            )
            for year, total in trees or ()
        ),
        corrections=corrections,
    )


def trend_chart(
    subject: SubjectInfo, period: PeriodSummary | None, criteria: Sequence[NodeYears], pass_mark: float
) -> TrendChart:
    """The total and the criteria directly under it, per year (`criteria`: the total first, in tree order)."""
    trends = {t.id: TREND_ARROW[t.trend] for t in period.trends} if period else {}
    shown = [(criteria[0], "Totaal")] + [(c, short_title(c.title)) for c in criteria if c.depth == 1]
    series = tuple(Series(label, c.scores, trends.get(c.id, TREND_ARROW["onbekend"])) for c, label in shown)
    return TrendChart(f"{subject.title}: verloop van totaal en criteria", subject.years, series, pass_mark)


def bar_chart(subject: SubjectInfo, criteria: Sequence[NodeYears], pass_mark: float) -> BarChart:
    """Every criterion below the total, per year (`criteria`: the total first, in tree order)."""
    bars = tuple(
        Bar(short_title(c.title), c.depth - 1, tuple(zip(c.scores, c.verdicts))) for c in criteria if c.depth > 0
    )
    title = f"{subject.title}: criteria per jaar tegen de grens voor voldoende"
    return BarChart(title, subject.years, bars, pass_mark)


def breakdown_heading(subject: SubjectInfo, year: int, total: NodeResult) -> str:
    symbol = VERDICT_STYLE[total.verdict][0]
    return (
        f"{subject.title} {year}: totaal {score_text(total.score)} {symbol} {total.verdict} "
        f"(volledigheid {percent(total.completeness)})"
    )


def breakdown_table(
    result: ResultView, subject: SubjectInfo, year: int, total: NodeResult, sources: SourceIndex
) -> Table:
    rows = []
    for node, depth in walk(total):
        correction = result.correction(subject.id, year, node.id)
        rows.append(_node_row(node, depth, correction, sources))
    return Table(f"Uitsplitsing {subject.title} {year}", BREAKDOWN_COLUMNS, tuple(rows))


def _node_row(node: NodeResult, depth: int, correction: Correction | None, sources: SourceIndex) -> Row:
    notes = [
        n
        for n in (
            f"vóór knock-out {score_text(node.score_before_knockout)}"
            if node.score_before_knockout is not None
            else None,
            correction_note(correction),
        )
        if n
    ]
    score = Cell(score_text(node.score), node.score, verdict=node.verdict, note="; ".join(notes) or None)
    weight = (
        Cell("")
        if depth == 0
        else Cell(
            fmt(node.weight) + (f" ({percent(node.weight_normalised)})" if node.weight_normalised is not None else ""),
            node.weight,
        )
    )
    contribution = (
        Cell("") if node.contribution is None else Cell(f"{node.contribution:.2f}".replace(".", ","), node.contribution)
    )
    if node.indicator is None:
        note = (
            f"volledigheid {percent(node.completeness)}"
            if node.completeness is not None and node.completeness < 1
            else None
        )
        reason = node.verdict_reason if node.knockouts or node.score_before_knockout is not None else None
        empty = Cell("")
        return Row(
            (
                Cell(node.title, level=depth, note=note),
                empty,
                empty,
                empty,
                empty,
                empty,
                verdict_cell(node.verdict, reason),
                score,
                weight,
                contribution,
                empty,
                empty,
            ),
            style="total" if depth == 0 else "criterium",
        )
    d = node.indicator
    return Row(
        (
            Cell(node.title, level=depth, note=_explanation(d)),
            *_measure_cells(d),
            Cell(d.unit or "–"),
            Cell(d.norm or "geen norm", note=d.knockout),
            verdict_cell(node.verdict),
            score,
            weight,
            contribution,
            Cell(refs_text(sources.refs(d)), refs=sources.refs(d)),
            Cell(", ".join(sorted({i.quality for i in d.inputs if i.quality})) or "–"),
        ),
        style="indicator",
    )


def _number_cell(x: float | str | None) -> Cell:
    return Cell(number(x), x if isinstance(x, float | int) else None)


def _explanation(d: IndicatorDetail) -> str | None:
    """How the value, the nullijn and the measure came about, as one note under the indicator's title."""
    parts = []
    if d.value_note:
        parts.append(d.value_note)
    elif d.formula_filled and not d.formula.isidentifier():  # a bare field name has nothing to fill in
        parts.append(f"{d.formula} = {d.formula_filled}")
    if d.nullijn is not None:
        parts.append(f"nullijn: {d.nullijn.description.split(' — ')[0]}")
    if d.measure_formula:
        parts.append(f"meting: {d.measure_formula}")
    for g in (d.nullijn.group if d.nullijn is not None else None, d.norm_group):
        if g is not None:
            parts.append(group_note(g))
    if d.deviation_text:
        parts.append(f"afwijking van de groep: {d.deviation_text}")
    return "; ".join(parts) or None


def _measure_cells(d: IndicatorDetail) -> tuple[Cell, Cell, Cell]:
    nullijn = Cell("–") if d.nullijn is None else _number_cell(d.nullijn.value)
    return _number_cell(d.value), nullijn, _number_cell(d.measure)

"""The report's first pages: per subject what the reader needs to know ("hoe staan we ervoor?").

Each team gets a card: its conclusion (a Finding: headline and sentences, from criteria.conclusion when the
caller passes them, else the period score as the summary table gives it) and a small chart of its total per
year against the pass mark. A voorstel gets a card with its comparison's headline, pointing to its section.
"""

from __future__ import annotations

from collections.abc import Mapping

from criteria.model.case import KIND_LABELS
from criteria.report.common import TREND_ARROW, VERDICT_STYLE, period_rule_text, score_text
from criteria.report.documents.document import Bar, BarChart, Finding, TeamCard, VoorstelSection
from criteria.result.view import ResultView, SubjectInfo

NOT_A_TEAM = (KIND_LABELS["voorstel"], KIND_LABELS["huidige_situatie"])


def teams(result: ResultView) -> list[SubjectInfo]:
    """The subjects the report is about: in scope, with years, and not a voorstel or its huidige situatie."""
    voorstel = {c.voorstel for c in result.comparisons} | {c.huidige_situatie for c in result.comparisons}
    return [s for s in result.scored if s.in_scope and s.id not in voorstel and s.kind not in NOT_A_TEAM]


def summary_finding(result: ResultView, subject: SubjectInfo) -> Finding:
    """The period score and the trend, as the summary table shows them (used when no conclusion is given)."""
    p = result.period(subject)
    if p is None:
        year = subject.years[-1]
        last = result.mark(subject, year, result.root)
        return Finding(
            f"{subject.title} {year}: totaal {score_text(last.score)} {VERDICT_STYLE[last.verdict][0]} {last.verdict}."
        )
    headline = (
        f"{subject.title}: periodescore {score_text(p.score)} {VERDICT_STYLE[p.verdict][0]} {p.verdict} "
        f"({period_rule_text(result)} van {p.years_with_data} jaar)."
    )
    return Finding(headline, (f"Verloop van het totaal: {TREND_ARROW[p.trends[0].trend]}.",))


def total_chart(result: ResultView, subject: SubjectInfo) -> BarChart:
    scores = tuple((m.score, m.verdict) for m in result.marks(subject, result.root))
    return BarChart(
        f"{subject.title}: totaal per jaar tegen de grens voor voldoende",
        tuple(subject.years),
        (Bar("Totaal", 0, scores),),
        result.pass_mark,
    )


def overview(
    result: ResultView, voorstellen: tuple[VoorstelSection, ...], findings: Mapping[str, Finding] | None, linked: bool
) -> tuple[TeamCard, ...]:
    """A card per team (in the order of the case), then one per voorstel. `linked`: the subject sections are in
    the report, so a card can point to its own."""
    cards = [
        TeamCard(
            s.id,
            s.title,
            (findings or {}).get(s.id) or summary_finding(result, s),
            total_chart(result, s),
            f"onderwerp-{s.id}" if linked else None,
        )
        for s in teams(result)
    ]
    for v in voorstellen:
        last = v.years[-1]
        cards.append(TeamCard(v.id, v.title, (findings or {}).get(v.id) or Finding(last.heading + "."), None, v.anchor))
    return tuple(cards)

"""The report-wide parts of a document: title page facts, the summary table, out of scope, corrections."""

from __future__ import annotations

from collections.abc import Sequence

from criteria.report.common import (
    TREND_ARROW,
    VERDICT_STYLE,
    missing_policy_text,
    percent,
    period_rule_text,
    score_text,
    short_title,
    sparkline,
)
from criteria.report.documents.document import Cell, Column, Row, Table
from criteria.report.documents.subject import correction_note
from criteria.report.documents.table import scored_cell, verdict_cell
from criteria.result.view import ResultView, SubjectInfo


def facts(result: ResultView) -> tuple[tuple[str, str], ...]:
    """What the report is based on, in words; versions and fingerprints are in colophon()."""
    m = result.meta
    benchmark = result.case_kind == "benchmark"
    return (
        ("Benchmark" if benchmark else "Samenwerking", result.case_title),
        ("Vorm", result.form),
        *((("Partners", ", ".join(result.partners.values())),) if result.partners else ()),
        ("Jaren", ", ".join(map(str, result.years))),
        ("Toetsingskader", result.ruleset_title),
        ("Gebaseerd op", result.ruleset_basis),
        (
            "Gegevens",
            f"{m.values_total} gegevens, waarvan {m.values_illustrative} illustratief"
            + (f" en {m.values_quality_c} een reconstructie of schatting (kwaliteit C)" if m.values_quality_c else ""),
        ),
        *(
            (("Referentietabel", f"{m.reference_title}: {m.reference_values} waarden gebruikt"),)
            if m.reference_values
            else ()
        ),
        *(
            (
                (
                    "Op schatting",
                    (
                        f"gemiddeld {m.estimate_share * 100:.0f} % van het gewicht van de scores rust op "
                        "illustratieve gegevens of kwaliteit C"
                    ),
                ),
            )
            if m.estimate_share
            else ()
        ),
    )


def colophon(result: ResultView, appendix: str) -> tuple[tuple[str, str], ...]:
    """Versions and fingerprints (sha256): with them anyone can check which inputs this report was made from."""
    m = result.meta
    return (
        ("Kenmerk en versie toetsingskader", f"{m.ruleset_id} versie {m.ruleset_version}"),
        ("Vingerafdruk toetsingskader (sha256)", m.ruleset_sha256),
        ("Casus", m.case_id),
        ("Vingerafdruk casus (sha256)", m.case_sha256),
        *((("Vingerafdruk referentietabel (sha256)", m.reference_sha256),) if m.reference_values else ()),
        ("Gemaakt met", f"criteria {m.engine_version}"),
        ("Bijlage", APPENDIX_TEXT[appendix]),
    )


APPENDIX_TEXT = {
    "volledig": "volledig: per onderwerp de grafieken en de volledige uitsplitsing per jaar, en alle bronnen",
    "samenvatting": "samenvatting: per onderwerp de grafieken; de volledige uitsplitsing is weggelaten "
    "(criteria rapport CASUS --bijlage volledig)",
    "geen": "weggelaten (criteria rapport CASUS --bijlage volledig geeft de volledige bijlage)",
}


def notes(result: ResultView) -> tuple[str, ...]:
    return (
        f"Voldoende vanaf {score_text(result.pass_mark)} (rapportcijfer 0–10, één decimaal).",
        f"Periodescore: {period_rule_text(result)} van de jaarscores.",
        missing_policy_text(result).capitalize() + ".",
    )


def summary_legend() -> str:
    parts = [f"{sym} {name}" for name, (sym, _) in VERDICT_STYLE.items() if name != "niet van toepassing"]
    return (
        "Legenda: " + " · ".join(parts) + ". Volledig = aandeel van het gewicht waarvoor gegevens waren. "
        "Verloop: het totaal per jaar als staafjes (▁ laag, █ hoog), met de trend (↗ stijgend, → stabiel, "
        "↘ dalend)."
    )


def criteria_of(result: ResultView) -> list[tuple[str, str]]:
    """(id, title) of the criteria directly under the total; none when no subject is scored."""
    return list(result.top_criteria) if result.scored else []


def summary_table(result: ResultView, linked: bool = True, subjects: Sequence[SubjectInfo] | None = None) -> Table:
    """Every subject-year and period (of `subjects`, default all scored ones); `linked`: the subject names point to
    their sections."""
    criteria = criteria_of(result)
    columns = (
        Column("Onderwerp", width=24),
        Column("Jaar", width=10),
        Column("Totaal", "score", 9),
        Column("Oordeel", width=16),
        *(Column(short_title(t), "score", 13) for _, t in criteria),
        Column("Volledig", "percent", 9),
        Column("Verloop", width=16),
    )
    low, high = result.score_range()
    rows: list[Row] = []
    for subject in result.scored if subjects is None else subjects:
        spark = sparkline([m.score for m in result.marks(subject, result.root)], low, high)
        rows += _subject_rows(result, subject, criteria, spark, linked)
    return Table("Samenvatting: alle onderwerpen en jaren (rapportcijfer 0–10)", columns, tuple(rows))


def _subject_rows(
    result: ResultView, subject: SubjectInfo, criteria: list[tuple[str, str]], spark: str, linked: bool
) -> list[Row]:
    rows: list[Row] = []
    link = f"onderwerp-{subject.id}" if linked else None
    for year in subject.years:
        name = Cell(subject.title, link=link, repeat=bool(rows))
        total = result.mark(subject, year, result.root)
        correction = result.correction(subject.id, year, result.root)
        cells = [
            scored_cell(mark.score, mark.verdict) for mark in (result.mark(subject, year, cid) for cid, _ in criteria)
        ]
        rows.append(
            Row(
                (
                    name,
                    Cell(str(year), float(year)),
                    scored_cell(total.score, total.verdict, correction_note(correction)),
                    verdict_cell(total.verdict),
                    *cells,
                    Cell(percent(total.completeness), total.completeness),
                    Cell(""),
                )
            )
        )
    p = result.period(subject)
    if p is not None:
        trends = {t.id: TREND_ARROW[t.trend] for t in p.trends}
        name = Cell(subject.title, link=link, repeat=True)
        rows.append(
            Row(
                (
                    name,
                    Cell(f"periode ({period_rule_text(result)})"),
                    scored_cell(p.score, p.verdict),
                    verdict_cell(p.verdict),
                    *(Cell(trends.get(cid, "")) for cid, _ in criteria),
                    Cell(""),
                    Cell(f"{spark} {trends.get(p.trends[0].id, '')}"),
                ),
                style="period",
            )
        )
    return rows


def out_of_scope(result: ResultView) -> tuple[tuple[str, str], ...]:
    return tuple(
        (f"{s.title} ({s.kind})", s.scope_reason or "geen reden opgegeven") for s in result.subjects if not s.in_scope
    )


def corrections_table(result: ResultView) -> Table | None:
    if not result.corrections:
        return None
    subjects = {s.id: s for s in result.subjects}
    rows = []
    for c in result.corrections:
        subject = subjects.get(c.subject)
        known = subject is not None and c.year in subject.years
        rows.append(
            Row(
                (
                    Cell(subject.title if subject else c.subject),
                    Cell(str(c.year), float(c.year)),
                    Cell(_node_title(result, c.node) if known else c.node),
                    Cell(score_text(c.computed_score), c.computed_score),
                    Cell(score_text(c.corrected_score), c.corrected_score),
                    Cell(c.reason),
                )
            )
        )
    columns = (
        Column("Onderwerp", width=24),
        Column("Jaar", width=8),
        Column("Onderdeel", width=28),
        Column("Berekend", "score", 10),
        Column("Gecorrigeerd", "score", 12),
        Column("Reden", width=60),
    )
    return Table("Correcties: door mensen aangepaste scores, naast de berekende score", columns, tuple(rows))


def _node_title(result: ResultView, node: str) -> str:
    if node in ("totaal", result.root):
        return "Totaal"
    return result.node_title(node) if node in result.ruleset.criteria or node in result.ruleset.indicators else node

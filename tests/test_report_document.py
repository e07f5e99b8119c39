"""The report document (criteria/report/documents/build.py): what every report format shows, built from the bundled case."""

from __future__ import annotations

import pytest
from report_support import bundled, subject, total, with_corrections, without_illustrative

from criteria.model.result import Correction, walk
from criteria.report.common import score_text, sparkline
from criteria.report.documents.build import build_document
from criteria.report.documents.document import Cell, Document, Table
from criteria.report.documents.sources import years_text


@pytest.fixture(scope="module")
def doc() -> Document:
    """The report with the volledige bijlage: every part of the document."""
    return build_document(bundled(), appendix="volledig")


@pytest.fixture(scope="module")
def default() -> Document:
    return build_document(bundled())


def column(table: Table, title: str) -> int:
    return [c.title for c in table.columns].index(title)


def summary_row(doc: Document, title: str, year: str) -> dict[str, Cell]:
    names = [c.title for c in doc.summary.columns]
    row = next(r for r in doc.summary.rows if r.cells[0].text == title and r.cells[1].text.startswith(year))
    return dict(zip(names, row.cells))


def test_summary_has_every_subject_year_and_a_period_row(doc: Document) -> None:
    result = bundled()
    in_scope = [s for s in result.subjects if s.in_scope]
    assert len(doc.summary.rows) == sum(len(s.years) + 1 for s in in_scope)
    hh = total(result, "HH", 2019)
    row = summary_row(doc, "Handhaving", "2019")
    assert row["Totaal"].text == f"{score_text(hh.score)} {'✔' if hh.verdict == 'voldoet' else '✘'}"
    assert row["Totaal"].value == hh.score  # the number travels along, for spreadsheets
    assert row["Oordeel"].text.endswith(hh.verdict)
    period = summary_row(doc, "Handhaving", "periode")
    assert period["Totaal"].text.startswith(score_text(result.period(subject(result, "HH")).score))
    assert period["Onderwerp"].repeat and not summary_row(doc, "Handhaving", "2018")["Onderwerp"].repeat


def test_out_of_scope_subject_is_listed_with_its_reason_and_not_scored(doc: Document) -> None:
    names = [name for name, _ in doc.out_of_scope]
    assert any(name.startswith("Informatisering") for name in names)
    assert "apart traject" in dict(doc.out_of_scope)[names[0]]
    assert "INF" not in [s.id for s in doc.subjects]


def test_breakdown_has_a_row_for_every_node_of_the_tree(doc: Document) -> None:
    hh_2019 = total(bundled(), "HH", 2019)
    section = next(s for s in doc.subjects if s.id == "HH")
    breakdown = next(b for b in section.breakdowns if b.year == 2019)
    nodes = list(walk(hh_2019))
    assert [r.cells[0].text for r in breakdown.table.rows] == [n.title for n, _ in nodes]
    assert [r.cells[0].level for r in breakdown.table.rows] == [depth for _, depth in nodes]
    assert breakdown.heading.startswith(f"Handhaving 2019: totaal {score_text(hh_2019.score)}")
    assert [c.title for c in breakdown.table.columns] == [
        "Onderdeel",
        "Waarde",
        "Nullijn",
        "Meting",
        "Eenheid",
        "Norm",
        "Oordeel",
        "Score",
        "Gewicht",
        "Bijdrage",
        "Bron",
        "Kwaliteit",
    ]


def test_indicator_row_carries_value_norm_bron_and_quality(doc: Document) -> None:
    result = bundled()
    node = next(n for n, _ in walk(total(result, "HH", 2019)) if n.id == "dekking_kritieke_taken")
    section = next(s for s in doc.subjects if s.id == "HH")
    table = next(b for b in section.breakdowns if b.year == 2019).table
    row = next(r for r in table.rows if r.cells[0].text == node.title)
    cells = {c.title: cell for c, cell in zip(table.columns, row.cells)}
    assert cells["Waarde"].value == node.indicator.value
    assert cells["Norm"].text == node.indicator.norm
    assert cells["Score"].value == node.score and cells["Score"].text == score_text(node.score)
    assert cells["Kwaliteit"].text == ", ".join(sorted({i.quality for i in node.indicator.inputs}))
    assert node.indicator.formula_filled in cells["Onderdeel"].note  # the formula, filled in
    sources = {r.cells[0].text: r.cells[1].text for r in doc.sources.rows}
    assert {sources[f"B{n}"] for n in cells["Bron"].refs} == {i.bron for i in node.indicator.inputs}


def test_every_source_is_used_and_every_reference_exists(doc: Document) -> None:
    numbers = {int(r.cells[0].text[1:]) for r in doc.sources.rows}
    referenced = {n for s in doc.subjects for b in s.breakdowns for r in b.table.rows for c in r.cells for n in c.refs}
    assert referenced == numbers
    assert [r.anchor for r in doc.sources.rows] == [f"bron-{n}" for n in range(1, len(numbers) + 1)]
    uses = [r.cells[3].text for r in doc.sources.rows]
    assert all(uses) and any("Handhaving" in u for u in uses)


def test_completeness_warning_names_what_is_missing(doc: Document) -> None:
    com_2018 = total(bundled(), "COM", 2018)
    line = next(line for line in doc.completeness if line.startswith("Communicatie 2018"))
    assert f"{round(com_2018.completeness * 100)} %" in line
    assert "Vacaturevervultijd" in line and "herwogen" in line


def test_correction_is_shown_next_to_the_computed_score() -> None:
    computed = total(bundled(), "HH", 2019).score
    correction = Correction(
        subject="HH",
        year=2019,
        node="totaal",
        computed_score=computed,
        corrected_score=5.5,
        reason="besluit begeleidingsgroep",
    )
    doc = build_document(with_corrections(bundled(), correction), appendix="volledig")
    names = [c.title for c in doc.summary.columns]
    cell = next(
        r.cells[names.index("Totaal")] for r in doc.summary.rows if r.cells[names.index("Totaal")].value == computed
    )
    assert cell.text.startswith(score_text(computed))  # the computed score stays
    assert cell.note == "gecorrigeerd naar 5,5: besluit begeleidingsgroep"
    assert [c.text for c in doc.corrections.rows[0].cells] == [
        "Handhaving",
        "2019",
        "Totaal",
        score_text(computed),
        "5,5",
        "besluit begeleidingsgroep",
    ]
    section = next(s for s in doc.subjects if s.id == "HH")
    assert any("besluit begeleidingsgroep" in line for line in section.corrections)
    breakdown = next(b for b in section.breakdowns if b.year == 2019).table
    assert "gecorrigeerd naar 5,5" in breakdown.rows[0].cells[column(breakdown, "Score")].note


def test_no_corrections_no_corrections_table(doc: Document) -> None:
    assert doc.corrections is None
    assert all(not s.corrections for s in doc.subjects)


def test_illustrative_banner_only_when_data_is_illustrative(doc: Document) -> None:
    assert bundled().meta.values_illustrative > 0
    assert doc.warning and "illustratief" in doc.warning
    assert build_document(without_illustrative(bundled())).warning is None


def test_charts_hold_the_yearly_scores(doc: Document) -> None:
    result = bundled()
    hh = subject(result, "HH")
    section = next(s for s in doc.subjects if s.id == "HH")
    assert section.trend.years == tuple(result.years)
    assert section.trend.series[0].label == "Totaal"
    assert section.trend.series[0].values == tuple(total.score for _, total in result.breakdowns(hh))
    assert [s.label for s in section.trend.series[1:]] == ["Flexibiliteit", "Kosten", "Proces"]
    bars = {b.label: b for b in section.bars.bars}
    assert bars["Kwetsbaarheid"].level == 1 and bars["Kosten"].level == 0
    assert section.bars.pass_mark == result.pass_mark


def test_glossary_explains_the_terms_of_the_report(doc: Document) -> None:
    terms = " ".join(term.lower() for term, _ in doc.glossary)
    for term in (
        "nullijn",
        "norm",
        "knock-out",
        "volledigheid",
        "gewicht",
        "bijdrage",
        "kwaliteitslabel",
        "illustratief",
        "vervlochten team",
    ):
        assert term in terms


def test_progress_wrapper_sees_every_subject() -> None:
    seen = []

    def track(items):
        seen.extend(s.id for s in items)
        return iter(items)

    build_document(bundled(), track=track)
    assert seen == [s.id for s in bundled().subjects if s.in_scope]


@pytest.mark.parametrize(
    "scores, expected",
    [
        ([0.0, 5.0, 10.0], "▁▅█"),
        ([10.0, 0.0], "█▁"),
        ([None, 3.0], "·▃"),
        ([], ""),
    ],
)
def test_sparkline(scores, expected) -> None:
    assert sparkline(scores) == expected


def test_sparkline_on_a_shared_scale() -> None:
    assert sparkline([5.0, 6.0], low=5.0, high=6.0) == "▁█"
    assert sparkline([4.0, 7.0], low=5.0, high=6.0) == "▁█"  # clamped


def test_years_text() -> None:
    assert years_text({2018, 2019, 2020}) == "2018–2020"
    assert years_text({2018, 2020}) == "2018, 2020"
    assert years_text({0}) == ""


def test_knockout_is_reported_with_the_score_before_it(doc: Document) -> None:
    knocked = [
        (s.id, year, n)
        for s in bundled().subjects
        if s.in_scope
        for year, total in bundled().breakdowns(s)
        for n, _ in walk(total)
        if n.score_before_knockout is not None
    ]
    assert knocked  # the bundled case has one: an unstaffed critical task
    subject_id, year, node = knocked[0]
    section = next(s for s in doc.subjects if s.id == subject_id)
    table = next(b for b in section.breakdowns if b.year == year).table
    row = next(r for r in table.rows if r.cells[0].text == node.title)
    assert row.cells[column(table, "Score")].note == f"vóór knock-out {score_text(node.score_before_knockout)}"
    assert "knock-out" in row.cells[column(table, "Oordeel")].note


def test_first_pages_hold_a_card_per_team_then_the_voorstel(default: Document) -> None:
    result = bundled()
    teams = [s for s in result.subjects if s.in_scope and s.years and s.kind == "vervlochten team"]
    assert [c.id for c in default.overview] == [s.id for s in teams] + ["INF_SAMEN"]
    hh = next(c for c in default.overview if c.id == "HH")
    hh_result = subject(result, "HH")
    period = result.period(hh_result)
    assert score_text(period.score) in hh.finding.headline and period.verdict in hh.finding.headline
    assert hh.chart.bars[0].scores == tuple((total.score, total.verdict) for _, total in result.breakdowns(hh_result))
    assert hh.link == "onderwerp-HH"
    voorstel = default.overview[-1]
    assert voorstel.chart is None and voorstel.link == "voorstel-INF_SAMEN"
    assert voorstel.finding.headline.startswith(default.voorstellen[0].years[-1].heading)


def test_hashes_are_in_the_colophon_not_in_what_the_report_is_based_on(default: Document) -> None:
    meta = bundled().meta
    assert not any("sha256" in label or meta.case_sha256 in value for label, value in default.facts)
    colophon = dict(default.colophon)
    assert colophon["Vingerafdruk casus (sha256)"] == meta.case_sha256
    assert colophon["Vingerafdruk toetsingskader (sha256)"] == meta.ruleset_sha256
    assert colophon["Bijlage"].startswith("samenvatting")


def test_default_appendix_keeps_the_charts_and_counts_the_sources(default: Document, doc: Document) -> None:
    assert default.appendix == "samenvatting"
    assert [s.id for s in default.subjects] == [s.id for s in doc.subjects]
    assert all(not s.breakdowns for s in default.subjects)
    assert [s.bars for s in default.subjects] == [s.bars for s in doc.subjects]
    assert default.sources_summary[0] == f"Dit rapport rust op {len(doc.sources.rows)} bronnen."
    assert "--bijlage volledig" in default.sources_summary[-1]
    assert doc.sources_summary == () and all(s.breakdowns for s in doc.subjects)


def test_without_appendix_no_subject_sections_and_no_links_to_them() -> None:
    bare = build_document(bundled(), appendix="geen")
    assert bare.subjects == () and bare.appendix == "geen"
    assert all(c.link is None for c in bare.overview if c.chart is not None)
    assert not any(cell.link for row in bare.summary.rows for cell in row.cells)


def test_unknown_appendix_is_refused() -> None:
    with pytest.raises(ValueError, match="onbekende bijlage"):
        build_document(bundled(), appendix="half")

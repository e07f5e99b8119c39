"""The voorstel section in the edge cases: no voorstel (the report as it always was), a voorstel without task
inventory, no task that stops being an eenmansfunctie, and a voorstel id too long for a sheet name."""

from __future__ import annotations

import re
from io import BytesIO

import builders as b
import openpyxl
import pytest
from report_support import bundled, markdown_tables, with_each_indicator, without_comparisons
from test_report_random import Balanced

from criteria.model.case import Subject
from criteria.report.documents.build import render_report
from criteria.result.view import ResultView
from criteria.voorstel.changes import NONE_RESOLVED, RESOLVED
from criteria.voorstel.prepare import prepare_case

HEADER = ["Criterium", "Voorstel", "Huidig", "Verschil", "Oordeel over het verschil"]


def render(result: ResultView, fmt: str) -> str:
    return render_report(result, fmt).decode("utf-8")


def sheets(result: ResultView) -> openpyxl.Workbook:
    return openpyxl.load_workbook(BytesIO(render_report(result, "xlsx")))


def voorstel_case(voorstel_id: str = "PLAN") -> ResultView:
    """A voorstel from one current team, without task inventory: the huidige situatie is the team's 4, the
    raming a 7."""
    rs = b.ruleset(
        indicators={"a": b.indicator("x", b.linear(0, 10))}, fields={"x": {**b.number_field(), "combine": "sum"}}
    )
    subjects = {
        "NU": Subject(title="Team nu", kind="organisatie", in_scope=False, scope_reason="huidig"),
        voorstel_id: Subject(title="Voorstel: plan", kind="voorstel", current=["NU"]),
    }
    prepared, problems = prepare_case(
        rs, b.case(subjects, [b.value("NU", 2020, "x", 4), b.value(voorstel_id, 2020, "x", 7)])
    )
    assert not problems
    return b.view(rs, prepared)


def without_voorstel() -> ResultView:
    rs = b.ruleset(indicators={"a": b.indicator("x", b.linear(0, 10))}, fields={"x": b.number_field()})
    return b.view(rs, b.case(["S1", "S2"], [b.value("S1", 2020, "x", 5), b.value("S2", 2020, "x", 7)]))


def test_a_case_without_voorstel_has_no_voorstel_section() -> None:
    result = without_voorstel()
    assert result.comparisons == ()
    page, text = render(result, "html"), render(result, "markdown")
    assert 'class="voorstel"' not in page and "#voorstel-" not in page
    assert "tegenover de huidige situatie" not in page + text and "eenmansfunctie" not in page + text
    assert not [n for n in sheets(result).sheetnames if n.startswith("Voorstel")]


def test_without_comparisons_the_report_is_the_same_minus_the_section() -> None:
    """Nothing else in the report depends on the voorstel section: drop it, and the rest is byte for byte equal."""
    with_section, without = bundled(), without_comparisons(bundled())
    text = render(with_section, "markdown")
    start = text.index("\n## Voorstel: Informatisering samenvoegen tegenover")
    text = text[:start] + text[text.index("\n## ", start + 1) :]
    card = text.index("\n### Voorstel: Informatisering samenvoegen tegenover")  # on the first page
    assert render(without, "markdown") == text[:card] + text[text.index("\n## ", card + 1) :]
    page = render(with_section, "html")
    page = re.sub(r'<section class="voorstel".*?</section>\n', "", page, flags=re.DOTALL)
    page = re.sub(
        r'<article class="team nochart">\n<h3><a href="#voorstel-INF_SAMEN">.*?</article>\n', "", page, flags=re.DOTALL
    )
    page = re.sub(r'<li><a href="#voorstel-INF_SAMEN">[^<]*</a></li>', "", page)
    assert render(without, "html") == page
    assert [n for n in sheets(with_section).sheetnames if n != "Voorstel INF_SAMEN"] == sheets(without).sheetnames


def test_a_voorstel_without_task_inventory_has_the_table_and_no_task_lists() -> None:
    result = voorstel_case()
    text = render(result, "markdown")
    tables = [t for t in markdown_tables(text) if t[0] == HEADER]
    assert tables == [[HEADER, ["Totaal", "7,0 ✔", "4,0 ✘", "+3,0", "beter"]]]
    part = text[text.index("\n## Voorstel: plan tegenover de huidige situatie (NU)") :]
    assert "Die is berekend uit de gegevens van nu van Team nu (NU)." in part
    assert "eenmansfunctie" not in part.split("\n## ")[1]
    page = render(result, "html")
    parser = Balanced()
    parser.feed(page)
    assert parser.stack == []
    assert '<li><a href="#voorstel-PLAN">Voorstel: plan tegenover de huidige situatie (NU)</a></li>' in page
    rows = list(sheets(result)["Voorstel PLAN"].iter_rows(min_row=2, max_row=2, values_only=True))
    assert rows == [(2020, "Totaal", 7, 4, 3, "beter")]


def test_a_long_voorstel_id_still_gives_a_valid_sheet_name() -> None:
    book = sheets(voorstel_case("PLAN_" + "X" * 40))
    name = next(n for n in book.sheetnames if n.startswith("Voorstel PLAN_"))
    assert len(name) == 31 and book[name]["B2"].value == "Totaal"


@pytest.fixture(scope="module")
def nothing_resolved() -> ResultView:
    """The bundled result as if merging made no task safer: the notes say so, the eenmansfunctie stays."""

    def change(indicator: dict) -> None:
        for item in indicator["inputs"]:
            if any(d.startswith(RESOLVED) for d in item["details"]):
                item["details"] = [d for d in item["details"] if not d.startswith(RESOLVED)] + [NONE_RESOLVED]

    return with_each_indicator(bundled(), change)


def test_when_no_task_stops_being_an_eenmansfunctie_the_report_says_so(nothing_resolved) -> None:
    text = render(nothing_resolved, "markdown")
    part = text[text.index("\n## Voorstel: Informatisering") :]
    part = part[: part.index("\n## ", 1)]
    assert "Met het voorstel houdt geen eenmansfunctie op" in part
    assert "geen eenmansfunctie meer:" not in part
    assert re.findall(r"^- (.*)$", part, re.MULTILINE) == ["Informatiebeveiliging: alleen M63 (deels: M75)"]

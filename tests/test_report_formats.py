"""Markdown and XLSX reports read back (tables parsed, numbers numeric), and the `criteria rapport` command."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import openpyxl
import pytest
from conftest import CASE, run_cli
from report_support import NASTY, bundled, markdown_tables, subject, total, with_first_bron

from criteria.files.marker import MARKDOWN_HEAD
from criteria.model.result import walk
from criteria.report.common import score_text
from criteria.report.documents.build import render_report
from criteria.report.documents.xlsx import sheet_name


@pytest.fixture(scope="module")
def markdown() -> str:
    return render_report(bundled(), "markdown", appendix="volledig").decode("utf-8")


def test_markdown_tables_are_well_formed(markdown: str) -> None:
    tables = markdown_tables(markdown)
    in_scope = [s for s in bundled().subjects if s.in_scope]
    assert len(tables) >= 2 + sum(2 + len(s.years) for s in in_scope)  # facts, summary, per subject 2 charts +
    #                                                                    its years (a voorstel: 2020 only), sources
    for table in tables:
        assert all(len(row) == len(table[0]) for row in table), table[0]


def test_markdown_summary_and_breakdown_carry_the_key_figures(markdown: str) -> None:
    hh = total(bundled(), "HH", 2019)
    summary = next(t for t in markdown_tables(markdown) if t[0][:3] == ["Onderwerp", "Jaar", "Totaal"])
    current = None
    for row in summary[1:]:
        current = row[0] or current
        if current == "Handhaving" and row[1] == "2019":
            assert row[2].startswith(score_text(hh.score)) and row[3].endswith(hh.verdict)
            break
    else:
        raise AssertionError("no row for Handhaving 2019")
    assert f"### Handhaving 2019: totaal {score_text(hh.score)}" in markdown
    assert "**⚠ ILLUSTRATIEF.**" in markdown
    assert "## Bronnen" in markdown and "## Begrippen" in markdown


def test_markdown_escapes_spreadsheet_text() -> None:
    marker, text = (
        render_report(with_first_bron(bundled(), NASTY), "markdown", appendix="volledig").decode("utf-8").split("\n", 1)
    )
    assert marker == MARKDOWN_HEAD  # criteria's own first line, the only HTML comment
    assert not re.search(r"(?<!\\)<", text)  # every < is escaped: no HTML gets through
    sources = next(t for t in markdown_tables(text) if t[0][:2] == ["Nr.", "Bron"])
    assert NASTY in [row[1] for row in sources]  # read back intact: the | did not split the cell
    assert all(len(row) == len(sources[0]) for row in sources)


@pytest.fixture(scope="module")
def workbook() -> openpyxl.Workbook:
    return openpyxl.load_workbook(BytesIO(render_report(bundled(), "xlsx", appendix="volledig")))


def test_xlsx_sheets(workbook: openpyxl.Workbook) -> None:
    used: set[str] = {"Voorstel INF_SAMEN"}
    titles = [sheet_name(s.title, used) for s in bundled().subjects if s.in_scope]  # ':' is not allowed in a name
    assert workbook.sheetnames == ["Over dit rapport", "Samenvatting", "Voorstel INF_SAMEN", *titles, "Bronnen"]


def test_default_markdown_and_xlsx_start_with_the_conclusion_and_leave_the_breakdown_out() -> None:
    text = render_report(bundled(), "markdown").decode("utf-8")
    assert (
        text.index("## Hoe staan we ervoor?")
        < text.index("## Waar is dit rapport op gebaseerd?")
        < text.index("## Alle scores per jaar")
        < text.index("## Colofon")
    )
    hh = subject(bundled(), "HH")
    assert f"### Handhaving\n\n**Handhaving: periodescore {score_text(bundled().period(hh).score)}" in text
    assert "### Handhaving 2019: totaal" not in text and "| Nr. | Bron |" not in text
    book = openpyxl.load_workbook(BytesIO(render_report(bundled(), "xlsx")))
    assert "Bronnen" not in book.sheetnames and "Handhaving" in book.sheetnames
    about = [row[0] for row in book["Over dit rapport"].iter_rows(values_only=True)]
    assert about.index("Hoe staan we ervoor?") < about.index("Waar is dit rapport op gebaseerd?")
    assert "Colofon: versies en vingerafdrukken" in about


def test_xlsx_bytes_depend_only_on_the_content(monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime
    import zipfile

    first = render_report(bundled(), "xlsx")

    class Later(datetime.datetime):  # openpyxl asks the clock for the save time: one day later now
        @classmethod
        def now(cls, tz=None):
            return datetime.datetime(2031, 5, 6, 7, 8, 9, tzinfo=tz)

    monkeypatch.setattr(datetime, "datetime", Later)
    assert render_report(bundled(), "xlsx") == first
    with zipfile.ZipFile(BytesIO(first)) as book:
        assert {item.date_time for item in book.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"2031" not in book.read("docProps/core.xml")


def test_xlsx_numbers_are_numbers(workbook: openpyxl.Workbook) -> None:
    result = bundled()
    sheet = workbook["Samenvatting"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row))) for row in sheet.iter_rows(min_row=2)]
    hh = next(r for r in rows if r["Onderwerp"] == "Handhaving" and r["Jaar"] == 2019)
    assert isinstance(hh["Totaal"], float) and hh["Totaal"] == total(result, "HH", 2019).score
    assert isinstance(hh["Volledig"], (int, float))
    detail = workbook["Handhaving"]
    header = [c.value for c in detail[1]]
    scores = [row[header.index("Score")] for row in detail.iter_rows(min_row=2, values_only=True) if row[0] == 2019]
    nodes = sum(1 for _ in walk(total(result, "HH", 2019)))
    applicable = sum(
        1 for n, _ in walk(total(result, "HH", 2019)) if n.verdict not in ("niet van toepassing", "signaal")
    )  # a signal has no score
    assert len(scores) == nodes and sum(isinstance(s, (int, float)) for s in scores) == applicable


def test_xlsx_header_bold_frozen_widths(workbook: openpyxl.Workbook) -> None:
    for name in workbook.sheetnames[1:]:
        sheet = workbook[name]
        assert all(c.font.bold for c in sheet[1] if c.value), name
        assert sheet.freeze_panes == "A2", name
        assert sheet.column_dimensions["A"].width and sheet.column_dimensions["B"].width >= 8
    score = next(c for c in workbook["Samenvatting"]["C"][1:] if isinstance(c.value, float))
    assert score.number_format.startswith("0.0")
    bron = workbook["Bronnen"]
    trees = [total for s in bundled().subjects if s.in_scope for _, total in bundled().breakdowns(s)]
    inputs = {i.bron for total in trees for n, _ in walk(total) if n.indicator for i in n.indicator.inputs if i.bron}
    nullijnen = {
        n.indicator.nullijn.bron
        for total in trees
        for n, _ in walk(total)
        if n.indicator and n.indicator.nullijn and n.indicator.nullijn.bron
    }
    assert bron.max_row - 1 == len(inputs | nullijnen)


def test_cli_writes_each_format(tmp_path: Path) -> None:
    for name, fmt in (("r.html", ["--formaat", "html"]), ("r.md", []), ("r.xlsx", ["-f", "xlsx"])):
        done = run_cli("rapport", str(CASE), *fmt, "--output", str(tmp_path / name))  # .md: from the extension
        assert done.returncode == 0, done.stderr
        assert "Rapport geschreven" in done.stderr
    assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith(MARKDOWN_HEAD + "\n# Rapport: ")
    assert openpyxl.load_workbook(tmp_path / "r.xlsx").sheetnames[1] == "Samenvatting"


def test_cli_bijlage_chooses_how_much_appendix(tmp_path: Path) -> None:
    sizes = {}
    for bijlage in ("volledig", "samenvatting", "geen"):
        done = run_cli("rapport", str(CASE), "--bijlage", bijlage, "-o", str(tmp_path / f"{bijlage}.html"))
        assert done.returncode == 0, done.stderr
        page = (tmp_path / f"{bijlage}.html").read_text(encoding="utf-8")
        assert ('id="onderwerp-HH"' in page) == (bijlage != "geen")
        assert ('<table class="cards breakdown wide">' in page) == (bijlage == "volledig")
        sizes[bijlage] = len(page)
    assert sizes["volledig"] > sizes["samenvatting"] > sizes["geen"]
    wrong = run_cli("rapport", str(CASE), "--bijlage", "half", "-o", str(tmp_path / "half.html"))
    assert wrong.returncode == 2 and "--bijlage" in wrong.stderr and not (tmp_path / "half.html").exists()


def test_cli_unknown_extension_is_a_dutch_error_and_writes_nothing(tmp_path: Path) -> None:
    done = run_cli("rapport", str(CASE), "-o", str(tmp_path / "rapport.pdf"))
    assert done.returncode == 2
    assert "kies een formaat met --formaat" in done.stderr and "Traceback" not in done.stderr
    assert not list(tmp_path.iterdir())


def test_cli_bad_case_writes_nothing(tmp_path: Path) -> None:
    done = run_cli("rapport", str(tmp_path / "bestaat-niet"), "--formaat", "html", "-o", str(tmp_path / "r.html"))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert not (tmp_path / "r.html").exists()


def test_period_score_in_every_format(workbook: openpyxl.Workbook, markdown: str) -> None:
    period = bundled().period(subject(bundled(), "HH"))
    assert f"Periodescore (gemiddelde van 3 jaar): {score_text(period.score)}" in markdown
    values = [row for row in workbook["Samenvatting"].iter_rows(values_only=True) if row[0] == "Handhaving"]
    assert any(row[2] == period.score for row in values)

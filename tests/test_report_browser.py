"""The HTML report in a real browser: headless Chromium renders it, prints it to PDF and reports what it loads.

Without Chromium these tests are skipped locally, but fail when the environment variable CI is set: CI
(.ci/run) installs Debian's chromium, so there they must really run.
"""

from __future__ import annotations

import json
import os
import re
import struct
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import CASE, run_cli
from report_layout import Screen, measure

from criteria.pipeline.run import run
from criteria.report.common import score_text
from criteria.report.documents.findings import findings
from criteria.report.documents.screenshot import find_chromium


@pytest.fixture(scope="module")
def chromium() -> str:
    binary = find_chromium()
    if binary is None:
        message = "Chromium ontbreekt (Debian: apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; in CI moeten de browsertests draaien")
        pytest.skip(message)
    return binary


WIDTHS = {390: 844, 820: 1180, 1280: 900}  # phone, iPad (portrait), laptop: width -> height of the first screen
SCREENSHOTS = (
    Path(os.environ.get("CRITERIA_SCHERMAFDRUKKEN", "")) if os.environ.get("CRITERIA_SCHERMAFDRUKKEN") else None
)  # a folder to keep the screenshots in (CI uploads it), else they stay in memory


MAX_PAGES = 16  # the default report of the bundled case, printed on A4 (issue 14)
FULL_WIDTHS = (390, 820)  # the report with the volledige bijlage (its wide breakdowns) is measured at these too


@dataclass
class Rendered:
    report: Path  # the default report (bijlage samenvatting)
    handhaving_2019: str  # the Handhaving 2019 total as `evaluate -f json` gives it, written as the report does
    handhaving_headline: str  # the first sentence of Handhaving's conclusion (criteria.conclusion.text)
    screens: dict[int, Screen]  # width -> what a reader sees at that width
    dom: str
    pdf: bytes
    full_screens: dict[int, Screen]  # the report with --bijlage volledig
    full_dom: str


def pdf_pages(pdf: bytes) -> int:
    """The number of pages: the /Count of the root of the page tree (the largest /Count in the file)."""
    return max(int(n) for n in re.findall(rb"/Count\s+(\d+)", pdf))


@pytest.fixture(scope="module")
def rendered(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    """The report made by the CLI, then per width a screenshot and measurements, the DOM and the PDF, from one
    Chromium driven over DevTools.

    One browser, one page, each step awaited: the `--screenshot` / `--print-to-pdf` command-line flags of
    headless Chromium sometimes never exit on a busy machine, which made CI hang on them.
    """
    from devtools import DevTools

    folder = tmp_path_factory.mktemp("rapport")
    report, full = folder / "rapport.html", folder / "volledig.html"
    made = run_cli("rapport", str(CASE), "--formaat", "html", "--output", str(report))
    assert made.returncode == 0, made.stderr
    made = run_cli("rapport", str(CASE), "--bijlage", "volledig", "--output", str(full))
    assert made.returncode == 0, made.stderr
    evaluated = run_cli("evaluate", str(CASE), "-f", "json", "--json-versie", "1")
    assert evaluated.returncode == 0, evaluated.stderr
    hh = next(s for s in json.loads(evaluated.stdout)["subjects"] if s["id"] == "HH")
    total = score_text(next(y for y in hh["years"] if y["year"] == 2019)["total"]["score"])
    done = run(CASE)
    headline = findings(done.result)["HH"].headline
    with DevTools(chromium, timeout=120) as browser:
        full_screens = {width: measure(browser, full.as_uri(), width, WIDTHS[width]) for width in FULL_WIDTHS}
        full_dom = browser.evaluate("document.documentElement.outerHTML")
        screens = {width: measure(browser, report.as_uri(), width, height) for width, height in WIDTHS.items()}
        dom = browser.evaluate("document.documentElement.outerHTML")
        browser.call("Emulation.clearDeviceMetricsOverride")
        browser.open(report.as_uri())
        pdf = browser.print_pdf()
    if SCREENSHOTS is not None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for width, screen in screens.items():
            (SCREENSHOTS / f"rapport-{width}.png").write_bytes(screen.screenshot)
        (SCREENSHOTS / "rapport.pdf").write_bytes(pdf)
    return Rendered(report, total, headline, screens, dom, pdf, full_screens, full_dom)


class SectionText(HTMLParser):
    """The text inside the element with a given id."""

    def __init__(self, element_id: str) -> None:
        super().__init__()
        self.element_id, self.depth, self.parts = element_id, 0, []

    def handle_starttag(self, tag, attrs) -> None:
        if self.depth or dict(attrs).get("id") == self.element_id:
            self.depth += 1

    def handle_endtag(self, tag) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data) -> None:
        if self.depth:
            self.parts.append(data)


def text_of(html: str, element_id: str) -> str:
    parser = SectionText(element_id)
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_screenshots_at_phone_tablet_and_laptop_width(rendered: Rendered, width: int) -> None:
    data = rendered.screens[width].screenshot
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (width, WIDTHS[width])
    assert len(data) > 30_000  # text, tables and colour: not a blank page


SCREENS = [("standaard", w) for w in sorted(WIDTHS)] + [("volledig", w) for w in FULL_WIDTHS]


def screen_of(rendered: Rendered, report: str, width: int) -> Screen:
    return (rendered.screens if report == "standaard" else rendered.full_screens)[width]


@pytest.mark.parametrize("report, width", SCREENS)
def test_no_table_is_cut_off_and_the_page_never_scrolls_sideways(rendered: Rendered, report: str, width: int) -> None:
    """On an iPad (820 px) the wide breakdown tables are laid out row by row; nothing needs sideways scrolling."""
    screen = screen_of(rendered, report, width)
    assert screen.overflowing == []
    assert screen.page_width <= width


@pytest.mark.parametrize("report", ["standaard", "volledig"])
def test_chart_text_stays_readable_on_a_phone(rendered: Rendered, report: str) -> None:
    smallest = screen_of(rendered, report, 390).smallest_chart_text
    assert smallest is not None and smallest["px"] >= 11, smallest


@pytest.mark.parametrize("report, width", [("standaard", 390), ("standaard", 1280), ("volledig", 390)])
def test_pass_mark_line_never_runs_through_a_label_and_no_chart_text_is_cut_off(
    rendered: Rendered, report: str, width: int
) -> None:
    screen = screen_of(rendered, report, width)
    assert screen.crossed == []
    assert screen.outside == []


def test_rendered_page_shows_key_figures_and_charts(rendered: Rendered) -> None:
    dom, total = rendered.dom, rendered.handhaving_2019
    overview = text_of(dom, "overzicht")
    assert "Hoe staan we ervoor?" in overview and rendered.handhaving_headline in overview
    assert re.search(rf"2019: {re.escape(total)} [✔✘]", overview)  # in Handhaving's small chart
    assert re.search(rf"Handhaving 2019 {re.escape(total)} [✔✘]", text_of(dom, "samenvatting"))
    cards = dom.count('<svg class="chart mini"')
    assert cards == 5 and dom.count('<svg class="chart') == 2 * dom.count('<section class="subject"') + cards
    hh = text_of(rendered.full_dom, "onderwerp-HH")
    assert f"Handhaving 2019: totaal {total}" in hh
    assert "Uitsplitsing per jaar" in hh and "Bron" in hh


def test_print_to_pdf_page_count(rendered: Rendered) -> None:
    """The default report prints on at most 16 A4 pages (the full breakdown is in --bijlage volledig)."""
    assert rendered.pdf[:5] == b"%PDF-"
    pages = pdf_pages(rendered.pdf)
    subjects = rendered.report.read_text(encoding="utf-8").count('<section class="subject"')
    assert pages >= 2 + subjects  # the first pages, then a page per subject in the bijlage
    assert pages <= MAX_PAGES


def test_no_console_errors_no_external_requests_and_fits_a_phone(chromium: str, tmp_path: Path) -> None:
    """Also with the case in a deeply nested folder: the full report names data files by their path (in the
    sources), and a long path without spaces must wrap instead of widening the page."""
    import shutil

    from devtools import DevTools

    deep = tmp_path.joinpath("een-bijzonder-lange-mapnaam-zonder-spaties-zoals-op-een-netwerkschijf", "nog-dieper")
    shutil.copytree(CASE, deep / "cases" / CASE.name)
    shutil.copytree(CASE.parents[1] / "rulesets", deep / "rulesets")
    report = tmp_path / "rapport.html"
    made = run_cli("rapport", str(deep / "cases" / CASE.name), "--bijlage", "volledig", "--output", str(report))
    assert made.returncode == 0 and str(deep) in report.read_text(encoding="utf-8"), made.stderr
    with DevTools(chromium) as browser:
        browser.call("Emulation.setDeviceMetricsOverride", width=390, height=844, deviceScaleFactor=1, mobile=True)
        browser.open(report.as_uri())
        assert browser.named("Runtime.exceptionThrown") == []
        assert [
            e
            for e in browser.named("Runtime.consoleAPICalled")
            if e["params"]["type"] in ("error", "warning", "assert")
        ] == []
        assert [e for e in browser.named("Log.entryAdded") if e["params"]["entry"]["level"] == "error"] == []
        urls = [e["params"]["request"]["url"] for e in browser.named("Network.requestWillBeSent")]
        assert urls == [report.as_uri()]  # the page itself and nothing else
        assert browser.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
        heights = browser.evaluate(
            "[...document.querySelectorAll('svg.chart')].map(svg => svg.getBoundingClientRect().height)"
        )
        assert heights and all(h > 100 for h in heights)
        assert browser.evaluate("document.fonts.status") == "loaded"

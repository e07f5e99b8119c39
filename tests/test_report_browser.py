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

from criteria.report.common import score_text
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


@dataclass
class Rendered:
    report: Path
    handhaving_2019: str  # the Handhaving 2019 total as `evaluate -f json` gives it, written as the report does
    screenshot: bytes
    dom: str
    pdf: bytes


@pytest.fixture(scope="module")
def rendered(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    """The report made by the CLI, then screenshot, DOM and PDF from one Chromium driven over DevTools.

    One browser, one page, each step awaited: the `--screenshot` / `--print-to-pdf` command-line flags of
    headless Chromium sometimes never exit on a busy machine, which made CI hang on them.
    """
    from devtools import DevTools
    folder = tmp_path_factory.mktemp("rapport")
    report = folder / "rapport.html"
    made = run_cli("rapport", str(CASE), "--formaat", "html", "--output", str(report))
    assert made.returncode == 0, made.stderr
    evaluated = run_cli("evaluate", str(CASE), "-f", "json")
    assert evaluated.returncode == 0, evaluated.stderr
    hh = next(s for s in json.loads(evaluated.stdout)["subjects"] if s["id"] == "HH")
    total = score_text(next(y for y in hh["years"] if y["year"] == 2019)["total"]["score"])
    with DevTools(chromium, timeout=120) as browser:
        browser.call("Emulation.setDeviceMetricsOverride", width=1100, height=1600, deviceScaleFactor=1,
                     mobile=False)
        browser.open(report.as_uri())
        shot = browser.capture(clip={"x": 0, "y": 0, "width": 1100, "height": 1600})
        dom = browser.evaluate("document.documentElement.outerHTML")
        pdf = browser.print_pdf()
    return Rendered(report, total, shot, dom, pdf)


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


def test_screenshot(rendered: Rendered) -> None:
    data = rendered.screenshot
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1100, 1600)
    assert len(data) > 50_000  # text, tables and colour: not a blank page


def test_rendered_page_shows_key_figures_and_charts(rendered: Rendered) -> None:
    dom, total = rendered.dom, rendered.handhaving_2019
    hh = text_of(dom, "onderwerp-HH")
    assert f"Handhaving 2019: totaal {total}" in hh
    assert "Uitsplitsing per jaar" in hh and "Bron" in hh
    assert re.search(rf"Handhaving 2019 {re.escape(total)} [✔✘]", text_of(dom, "samenvatting"))
    assert dom.count('<svg class="chart') == 2 * dom.count('<section class="subject"') > 0


def test_print_to_pdf_has_a_sane_page_count(rendered: Rendered) -> None:
    assert rendered.pdf[:5] == b"%PDF-"
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", rendered.pdf))
    subjects = rendered.report.read_text(encoding="utf-8").count('<section class="subject"')
    assert 3 <= pages <= 60
    assert pages >= 1 + subjects + 2  # title page, a new page per subject, sources and glossary


def test_no_console_errors_no_external_requests_and_fits_a_phone(chromium: str, tmp_path: Path) -> None:
    """Also with the case in a deeply nested folder: the report names data files by their path, and a long path
    without spaces must wrap instead of widening the page."""
    import shutil
    from devtools import DevTools
    deep = tmp_path.joinpath("een-bijzonder-lange-mapnaam-zonder-spaties-zoals-op-een-netwerkschijf", "nog-dieper")
    shutil.copytree(CASE, deep / "cases" / CASE.name)
    shutil.copytree(CASE.parents[1] / "rulesets", deep / "rulesets")
    report = tmp_path / "rapport.html"
    made = run_cli("rapport", str(deep / "cases" / CASE.name), "--formaat", "html", "--output", str(report))
    assert made.returncode == 0 and str(deep) in report.read_text(encoding="utf-8"), made.stderr
    with DevTools(chromium) as browser:
        browser.call("Emulation.setDeviceMetricsOverride", width=390, height=844, deviceScaleFactor=1, mobile=True)
        browser.open(report.as_uri())
        assert browser.named("Runtime.exceptionThrown") == []
        assert [e for e in browser.named("Runtime.consoleAPICalled")
                if e["params"]["type"] in ("error", "warning", "assert")] == []
        assert [e for e in browser.named("Log.entryAdded") if e["params"]["entry"]["level"] == "error"] == []
        urls = [e["params"]["request"]["url"] for e in browser.named("Network.requestWillBeSent")]
        assert urls == [report.as_uri()]  # the page itself and nothing else
        assert browser.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
        heights = browser.evaluate("[...document.querySelectorAll('svg.chart')]"
                                   ".map(svg => svg.getBoundingClientRect().height)")
        assert heights and all(h > 100 for h in heights)
        assert browser.evaluate("document.fonts.status") == "loaded"

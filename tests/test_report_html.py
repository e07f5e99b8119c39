"""The HTML report as a file: self-contained, escaped, accessible colours, printable (no browser needed here)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from report_support import NASTY, bundled, total, with_first_bron, without_illustrative

from criteria.report.charts.svg import LINE_STYLES, OTHER_COLOUR, PASS_COLOUR, VERDICT_COLOUR
from criteria.report.common import score_text
from criteria.report.documents.build import build_document, render_report
from criteria.report.documents.html import render_html
from criteria.report.documents.html_style import PALETTE


@pytest.fixture(scope="module")
def page() -> str:
    """The report with the volledige bijlage."""
    return render_report(bundled(), "html", appendix="volledig").decode("utf-8")


@pytest.fixture(scope="module")
def default_page() -> str:
    return render_report(bundled(), "html").decode("utf-8")


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text inside each element with an id."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(page: str) -> list[tuple[str, dict]]:
    parser = Tags()
    parser.feed(page)
    return parser.tags


def test_self_contained_no_scripts_no_external_references(page: str) -> None:
    found = tags(page)
    assert not [t for t, _ in found if t in ("script", "link", "iframe", "img", "object", "embed")]
    for _, attrs in found:
        for name in ("src", "href", "xlink:href", "action"):
            value = attrs.get(name)
            assert value is None or value.startswith("#"), (name, value)
        assert not any(name.startswith("on") for name in attrs)  # no event handlers
    assert not re.search(r"https?:|//[a-z]", page.replace("&#x27;", "'"), re.IGNORECASE)
    assert re.findall(r"url\(([^)]*)\)", page) and all(u.startswith("#") for u in re.findall(r"url\(([^)]*)\)", page))
    assert "@import" not in page
    assert "default-src 'none'" in page  # the page itself forbids any request


def test_bron_text_from_a_spreadsheet_is_escaped() -> None:
    page = render_html(build_document(with_first_bron(bundled(), NASTY), appendix="volledig"))
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert not [t for t, _ in tags(page) if t in ("script", "img")]


def test_key_figures_and_structure(page: str) -> None:
    result = bundled()
    hh = total(result, "HH", 2019)
    assert f"Handhaving 2019: totaal {score_text(hh.score)}" in page
    in_scope = [s for s in result.subjects if s.in_scope]
    for s in in_scope:
        assert f'id="onderwerp-{s.id}"' in page
    assert page.count('<svg class="chart trend"') == len(in_scope)
    assert page.count('<svg class="chart bars"') == len(in_scope)
    assert page.count('<table class="cards breakdown wide">') == sum(len(s.years) for s in in_scope)
    assert 'id="bronnen"' in page and 'id="begrippen"' in page and 'id="volledigheid"' in page
    assert result.meta.ruleset_sha256 in page and result.meta.case_sha256 in page
    assert f"criteria {result.meta.engine_version}" in page
    assert "Informatisering" in page and "Buiten deze toets" in page


@pytest.mark.parametrize("appendix", ["volledig", "samenvatting", "geen"])
def test_every_link_points_into_the_page(page: str, appendix: str) -> None:
    html = page if appendix == "volledig" else render_report(bundled(), "html", appendix=appendix).decode("utf-8")
    targets = {a["href"][1:] for t, a in tags(html) if t == "a" and a.get("href", "").startswith("#")}
    ids = [a["id"] for _, a in tags(html) if a.get("id")]
    assert targets <= set(ids) and len(ids) == len(set(ids))
    assert any(t.startswith("bron-") for t in targets) == (appendix == "volledig")
    assert ("onderwerp-HH" in targets) == (appendix != "geen")


def test_first_page_answers_how_we_are_doing_and_hashes_go_to_the_colophon(default_page: str) -> None:
    result = bundled()
    overview = default_page[default_page.index('id="overzicht"') : default_page.index("</header>")]
    for s in result.subjects:
        if s.in_scope and s.kind == "vervlochten team":
            assert f'<a href="#onderwerp-{s.id}">{s.title}</a>' in overview.replace("&amp;", "&")
            assert score_text(result.period(s).score) in overview
    assert overview.count('<svg class="chart mini"') == 5 and "Voorstel: Informatisering samenvoegen" in overview
    assert default_page.index("⚠ ILLUSTRATIEF") < default_page.index('id="overzicht"')
    colophon = default_page.index('id="colofon"')
    for digest in (result.meta.ruleset_sha256, result.meta.case_sha256):
        assert default_page.index(digest) > colophon
    assert '<table class="cards breakdown wide">' not in default_page and 'id="bron-1"' not in default_page
    assert "--bijlage volledig" in default_page


def test_illustrative_banner_on_title_page_and_every_subject(page: str) -> None:
    subjects = sum(1 for s in bundled().subjects if s.in_scope)
    assert page.count("⚠ ILLUSTRATIEF") == 1 + subjects + 1  # title page, each subject, the end
    assert "⚠ ILLUSTRATIEF" not in render_report(without_illustrative(bundled()), "html").decode()


def test_print_stylesheet_a4_with_page_breaks(page: str) -> None:
    assert "@page{size:A4" in page
    print_css = page[page.index("@media print") :]
    assert "section.voorstel,section.subject,section.appendix,section.appendix-start{break-before:page}" in print_css
    assert "thead{display:table-header-group}" in print_css


def test_phone_layout_turns_tables_into_cards(page: str) -> None:
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "@media screen and (max-width:40rem)" in page and "content:attr(data-label)" in page
    assert "@media screen and (min-width:40.01rem) and (max-width:64rem)" in page  # a tablet: wide tables per row
    assert '<table class="cards breakdown wide">' in page
    assert 'data-label="Totaal"' in page


def contrast(fg: str, bg: str) -> float:
    def luminance(colour: str) -> float:
        rgb = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("name", sorted(PALETTE))
def test_text_colours_meet_wcag_aa(name: str) -> None:
    fg, bg = PALETTE[name]
    assert contrast(fg, bg) >= 4.5, name


def test_chart_colours_meet_wcag_aa_on_white() -> None:
    colours = [c for c, *_ in LINE_STYLES] + list(VERDICT_COLOUR.values()) + [OTHER_COLOUR, PASS_COLOUR]
    assert all(contrast(c, "#ffffff") >= 4.5 for c in colours)


def test_colour_is_never_the_only_carrier(page: str) -> None:
    dashes = [dash for _, dash, _, _ in LINE_STYLES]
    markers = [kind for _, _, kind, _ in LINE_STYLES]
    assert len(set(dashes)) == len(dashes) and len(set(markers)) == len(markers)
    bars = page[page.index('<svg class="chart bars"') :]
    bars = bars[: bars.index("</svg>")]
    assert "url(#" in bars  # years differ in fill pattern, not only in colour
    assert re.search(r"\d{4}: \d+,\d [✔✘]", bars)  # every bar carries its score and verdict as text
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", page)
    for css, symbol in (("v-voldoet", "✔"), ("v-voldoet-niet", "✘"), ("v-onvoldoende-gegevens", "?")):
        coloured = [row for row in rows if re.search(rf'class="[^"]*\b{css}[" ]', row)]
        assert coloured and all(symbol in row for row in coloured), css  # the colour's meaning is also text

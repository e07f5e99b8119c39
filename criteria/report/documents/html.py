"""The HTML report: one self-contained file (inline CSS and SVG, no scripts, no external requests).

Every text from the result is escaped: bron texts and titles come from spreadsheets and TOML files. A
Content-Security-Policy in the file itself blocks any request a future change might add by mistake.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from html import escape
from typing import IO

from criteria.files.marker import HTML_META
from criteria.report.charts.svg import PASS_COLOUR, PATTERN_NAMES, bar_svg, bar_swatch, line_sample, trend_svg
from criteria.report.documents.document import (
    Cell,
    Column,
    Document,
    ReportParts,
    SubjectSection,
    Table,
    TeamCard,
    VoorstelSection,
)
from criteria.report.documents.html_style import VERDICT_CLASS, stylesheet
from criteria.report.documents.sources import source_ref

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
MINI_WIDTH = 320  # viewBox width of a card's chart: drawn at least 1:1 in a card on a phone
WIDE_COLUMNS = 9  # a table with this many columns is laid out row by row on a tablet (html_style.py)


def render_html(doc: Document) -> str:
    """The whole report as one text (a document built whole); the CLI writes the same with write_html."""
    out = io.StringIO()
    write_html(out, ReportParts.whole(doc))
    return out.getvalue()


def write_html(out: IO[str], parts: ReportParts) -> None:
    """Write the report to `out` as its parts come: the first pages, then subject by subject, then the appendices."""
    doc = parts.head
    out.write(page_head(doc.title) + _title_page(doc) + "<main>\n" + _basis(doc, parts.contents))
    out.write("".join(_voorstel(section) for section in doc.voorstellen) + _summary(doc))
    if parts.contents:
        out.write(
            f'<section class="appendix-start" id="bijlage">\n<h2>Bijlage: per onderwerp</h2>\n'
            f"<p>{escape(APPENDIX_INTRO[doc.appendix])}</p>\n</section>\n"
        )
    for section in parts.sections:
        out.write(_subject(section, doc.warning))
    doc = parts.finish()
    out.write(_appendices(doc) + "</main>\n" + _footer(doc) + "</body>\n</html>\n")


def page_head(title: str) -> str:
    """The start of an HTML page up to its <body>: marker, CSP, viewport, title and the style sheet."""
    return (
        '<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        f"{HTML_META}\n"  # criteria's marker (criteria.files.marker): right after the charset
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{stylesheet()}</style>\n</head>\n<body>\n"
    )


SHORT_WARNING = "Gegevens zijn (deels) illustratief: gebruik deze uitkomsten niet als bevinding."
APPENDIX_INTRO = {
    "volledig": "Per onderwerp: het verloop, de criteria per jaar en de volledige uitsplitsing van elk jaar, met "
    "waarde, nullijn, norm, gewicht en bron van elke indicator.",
    "samenvatting": "Per onderwerp: het verloop en de criteria per jaar. De volledige uitsplitsing per jaar (elke "
    "indicator met waarde, norm, gewicht en bron) staat in de volledige bijlage: criteria rapport "
    "CASUS --bijlage volledig.",
    "geen": "",
}


def _banner(warning: str | None, short: bool = False) -> str:
    """The "illustratief" banner: in full on the title page, short at every subject and at the end."""
    if not warning:
        return ""
    text = escape(SHORT_WARNING if short else warning)
    return f'<div class="banner" role="note">⚠ ILLUSTRATIEF<span>{text}</span></div>\n'


def _title_page(doc: Document) -> str:
    """Page 1: the warning, the title and per team the answer to "hoe staan we ervoor?"."""
    cards = "".join(_card(card) for card in doc.overview)
    return (
        f'<header class="titlepage">\n{_banner(doc.warning)}<h1>{escape(doc.title)}</h1>\n'
        f'<p class="subtitle">{escape(doc.subtitle)}</p>\n'
        f'<section id="overzicht" aria-label="Hoe staan we ervoor?">\n<h2>Hoe staan we ervoor?</h2>\n'
        f'<div class="overview">{cards}</div>\n</section>\n</header>\n'
    )


def _card(card: TeamCard, href: str | None = None, chart_shown: bool = True) -> str:
    """A team's card; `href`: where its title links to (default its section, #link); `chart_shown`: with the chart
    of its total per year (a report folder's index leaves the charts to the subjects' pages)."""
    title = escape(card.title)
    href = href if href is not None else f"#{card.link}" if card.link else None
    heading = f'<a href="{escape(href)}">{title}</a>' if href else title
    sentences = "".join(f"<li>{escape(s)}</li>" for s in card.finding.sentences)
    chart = (
        ""
        if card.chart is None or not chart_shown
        else bar_svg(card.chart, f"kort-{card.id}", width=MINI_WIDTH, patterns=False, css="chart mini", labels=False)
    )
    css = "team" if chart else "team nochart"
    return (
        f'<article class="{css}">\n<h3>{heading}</h3>\n<p class="headline">{escape(card.finding.headline)}</p>\n'
        f"{chart}" + (f'<ul class="finding">{sentences}</ul>' if sentences else "") + "\n</article>\n"
    )


def _basis(doc: Document, contents: Sequence[tuple[str, str]]) -> str:
    """Page 2: what the report is based on, the rules it applies, what is left out and what is where."""
    facts = "".join(f"<div><dt>{escape(label)}</dt><dd>{escape(value)}</dd></div>" for label, value in doc.facts)
    notes = "".join(f"<li>{escape(n)}</li>" for n in doc.notes)
    parts = [
        (
            f'<section id="basis">\n<h2>Waar is dit rapport op gebaseerd?</h2>\n<dl class="facts">{facts}</dl>\n'
            f'<ul class="small">{notes}</ul>\n'
        )
    ]
    if doc.out_of_scope:
        items = "".join(
            f"<li><strong>{escape(name)}</strong>: {escape(reason)}</li>" for name, reason in doc.out_of_scope
        )
        parts.append(f"<h3>Buiten deze toets</h3>\n<ul>{items}</ul>\n")
    toc = [f'<li><a href="#{v.anchor}">{escape(v.title)}</a></li>' for v in doc.voorstellen]
    toc += ['<li><a href="#samenvatting">Alle scores per jaar</a></li>']
    toc += [f'<li><a href="#{anchor}">Bijlage: {escape(title)}</a></li>' for anchor, title in contents]
    toc += [
        '<li><a href="#volledigheid">Volledigheid en waarschuwingen</a></li>',
        '<li><a href="#bronnen">Bronnen</a></li>',
        '<li><a href="#begrippen">Begrippen</a></li>',
        '<li><a href="#colofon">Colofon: versies en vingerafdrukken</a></li>',
    ]
    parts.append(f'<nav class="toc" aria-label="Inhoud"><h3>Inhoud</h3><ol>{"".join(toc)}</ol></nav>\n')
    return "".join(parts) + "</section>\n"


def _summary(doc: Document) -> str:
    parts = [
        '<section id="samenvatting">\n<h2>Alle scores per jaar</h2>\n',
        table_html(doc.summary, "summary"),
        f'<p class="small">{escape(doc.legend)}</p>\n',
    ]
    if doc.corrections is not None:
        parts.append("<h3>Correcties</h3>\n" + table_html(doc.corrections, "corrections"))
    return "".join(parts) + "</section>\n"


def _voorstel(section: VoorstelSection) -> str:
    """A voorstel beside its huidige situatie: the explanation, then per year the table and the task changes."""
    parts = [
        f'<section class="voorstel" id="{escape(section.anchor)}">\n<h2>{escape(section.title)}</h2>\n',
        *(f"<p>{escape(p)}</p>\n" for p in section.explanation),
    ]
    for y in section.years:
        parts += [f'<h3 id="{escape(y.anchor)}">{escape(y.heading)}</h3>\n', table_html(y.table, "voorstel")]
        for lead, tasks in y.tasks:
            items = "".join(f"<li>{escape(t)}</li>" for t in tasks)
            parts.append(f"<p>{escape(lead)}</p>\n" + (f"<ul>{items}</ul>\n" if tasks else ""))
    return "".join(parts) + "</section>\n"


def _subject(section: SubjectSection, warning: str | None, bron_href: str = "") -> str:
    """A subject's section; `bron_href`: the page that holds the sources (a report folder's index), else this one."""
    facts = "".join(f"<li>{escape(f)}</li>" for f in section.facts)
    parts = [
        f'<section class="subject" id="{escape(section.anchor)}">\n<h2>{escape(section.title)}</h2>\n',
        _banner(warning, short=True),
        f'<ul class="facts">{facts}</ul>\n',
    ]
    if section.corrections:
        items = "".join(f"<li>{escape(c)}</li>" for c in section.corrections)
        parts.append(f"<h3>Correcties</h3>\n<ul>{items}</ul>\n")
    parts.append(f'<div class="charts">\n{_trend_figure(section)}{_bar_figure(section)}</div>\n')
    if section.breakdowns:
        parts.append("<h3>Uitsplitsing per jaar</h3>\n")
    for b in section.breakdowns:
        parts.append(
            f'<h3 id="{escape(section.anchor)}-{b.year}">{escape(b.heading)}</h3>\n'
            + table_html(b.table, "breakdown", bron_href)
        )
    return "".join(parts) + "</section>\n"


def _pass_sample() -> str:
    return (
        f'<svg class="sample" viewBox="0 0 44 14" width="44" height="14" aria-hidden="true"><line x1="2" y1="7" '
        f'x2="42" y2="7" stroke="{PASS_COLOUR}" stroke-width="1.5" stroke-dasharray="6 4"/></svg>'
    )


def _trend_figure(section: SubjectSection) -> str:
    chart = section.trend
    items = "".join(
        f"<li>{line_sample(k)}{escape(s.label)} ({escape(s.trend)})</li>" for k, s in enumerate(chart.series)
    )
    items += f"<li>{_pass_sample()}grens voor voldoende</li>"
    return _figure(chart.title, trend_svg(chart, section.anchor + "-trend"), items)


def _bar_figure(section: SubjectSection) -> str:
    chart = section.bars
    chart_id = section.anchor + "-staaf"
    items = "".join(
        f"<li>{bar_swatch(k, f'{chart_id}-{k}')}{year} ({PATTERN_NAMES[k % len(PATTERN_NAMES)]})</li>"
        for k, year in enumerate(chart.years)
    )
    items += f"<li>{_pass_sample()}grens voor voldoende</li><li>✔ voldoet (groen) · ✘ voldoet niet (rood)</li>"
    return _figure(chart.title, bar_svg(chart, chart_id), items)


def _figure(title: str, svg: str, legend_items: str) -> str:
    """A chart with its caption and a text legend (so that colour is never the only carrier of meaning)."""
    return (
        f"<figure>\n<figcaption>{escape(title)}</figcaption>\n{svg}"
        f'\n<ul class="legend">{legend_items}</ul>\n</figure>\n'
    )


def _appendices(doc: Document) -> str:
    completeness = "".join(f"<li>{escape(line)}</li>" for line in doc.completeness)
    glossary = "".join(f"<dt>{escape(term)}</dt><dd>{escape(text)}</dd>" for term, text in doc.glossary)
    colophon = "".join(
        f"<div><dt>{escape(label)}</dt><dd{_hash_class(label)}>{escape(value)}</dd></div>"
        for label, value in doc.colophon
    )
    if doc.sources_summary:
        sources = "".join(f"<p>{escape(line)}</p>" for line in doc.sources_summary)
    else:
        sources = (
            '<p class="small">De nummers B1, B2 … staan in de kolom Bron van de uitsplitsingen.</p>\n'
            + table_html(doc.sources, "sources")
        )
    return (
        '<section class="appendix" id="volledigheid">\n<h2>Volledigheid en waarschuwingen</h2>\n'
        f"<ul>{completeness}</ul>\n</section>\n"
        f'<section class="appendix{" short" if doc.sources_summary else ""}" id="bronnen">\n<h2>Bronnen</h2>\n'
        f"{sources}</section>\n"
        '<section class="appendix" id="begrippen">\n<h2>Begrippen</h2>\n'
        f'<dl class="glossary">{glossary}</dl>\n</section>\n'
        '<section class="colophon" id="colofon">\n<h2>Colofon: versies en vingerafdrukken</h2>\n'
        '<p class="small">Met deze vingerafdrukken (sha256) is na te gaan uit welke invoer dit rapport is '
        f'gemaakt.</p>\n<dl class="facts">{colophon}</dl>\n{_method(doc)}</section>\n'
    )


def _method(doc: Document) -> str:
    if not doc.method:
        return ""
    items = "".join(f"<li>{escape(line)}</li>" for line in doc.method)
    return f'<h3>Hoe de conclusies zijn berekend</h3>\n<ul class="small">{items}</ul>\n'


def _hash_class(label: str) -> str:
    return ' class="hash"' if "sha256" in label else ""


def _footer(doc: Document) -> str:
    facts = dict(doc.colophon)
    text = " · ".join(f"{k}: {facts[k]}" for k in ("Casus", "Gemaakt met") if k in facts)
    return f"<footer>{_banner(doc.warning, short=True)}<p>{escape(text)}</p></footer>\n"


def table_html(table: Table, css: str, bron_href: str = "") -> str:
    head = "".join(f'<th scope="col"{_num(c)}>{escape(c.title)}</th>' for c in table.columns)
    body = []
    for row in table.rows:
        level = row.cells[0].level if row.cells else 0
        classes = " ".join(c for c in (row.style, f"lvl-{min(level, 7)}" if level else "") if c)
        attrs = (f' class="{classes}"' if classes else "") + (f' id="{escape(row.anchor)}"' if row.anchor else "")
        cells = "".join(_cell(cell, column, bron_href) for cell, column in zip(row.cells, table.columns))
        body.append(f"<tr{attrs}>{cells}</tr>")
    wide = " wide" if len(table.columns) >= WIDE_COLUMNS else ""
    return (
        f'<div class="table-wrap"><table class="cards {css}{wide}">\n<caption>{escape(table.caption)}</caption>\n'
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(body) + "\n</tbody></table></div>\n"
    )


def _num(column: Column) -> str:
    return ' class="num"' if column.kind != "text" else ""


def _cell(cell: Cell, column: Column, bron_href: str = "") -> str:
    classes = []
    if column.kind != "text":
        classes.append("num")
    if cell.verdict:
        classes.append(f"v-{VERDICT_CLASS[cell.verdict]}")
    if cell.level:
        classes.append(f"lvl-{min(cell.level, 7)}")
    if not cell.text and not cell.note:
        classes.append("empty")
    if cell.repeat:
        classes.append("repeat")
    if cell.refs:
        content = ", ".join(f'<a href="{bron_href}#bron-{n}">{source_ref(n)}</a>' for n in cell.refs)
    elif cell.link:
        content = f'<a href="#{escape(cell.link)}">{escape(cell.text)}</a>'
    else:
        content = escape(cell.text)
    if cell.note:
        content += f'<span class="note">{escape(cell.note)}</span>'
    cls = f' class="{" ".join(classes)}"' if classes else ""
    if cell.note or len(cell.refs) > 1:
        content = f"<span>{content}</span>"  # one grid item in the phone layout
    return f'<td{cls} data-label="{escape(column.title)}">{content}</td>'

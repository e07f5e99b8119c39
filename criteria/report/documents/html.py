"""The HTML report: one self-contained file (inline CSS and SVG, no scripts, no external requests).

Every text from the result is escaped: bron texts and titles come from spreadsheets and TOML files. A
Content-Security-Policy in the file itself blocks any request a future change might add by mistake.
"""

from __future__ import annotations

from html import escape

from criteria.report.documents.document import Cell, Column, Document, SubjectSection, Table, VoorstelSection
from criteria.report.documents.html_style import VERDICT_CLASS, stylesheet
from criteria.report.documents.sources import source_ref
from criteria.report.charts.svg import PASS_COLOUR, PATTERN_NAMES, bar_svg, bar_swatch, line_sample, trend_svg

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def render_html(doc: Document) -> str:
    parts = ['<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
             f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
             '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
             f'<title>{escape(doc.title)}</title>\n<style>{stylesheet()}</style>\n</head>\n<body>\n',
             _title_page(doc), "<main>\n", _summary(doc)]
    parts += [_voorstel(section) for section in doc.voorstellen]
    parts += [_subject(section, doc.warning) for section in doc.subjects]
    parts += [_appendices(doc), "</main>\n", _footer(doc), "</body>\n</html>\n"]
    return "".join(parts)


SHORT_WARNING = "Gegevens zijn (deels) illustratief: gebruik deze uitkomsten niet als bevinding."


def _banner(warning: str | None, short: bool = False) -> str:
    """The "illustratief" banner: in full on the title page, short at every subject and at the end."""
    if not warning:
        return ""
    text = escape(SHORT_WARNING if short else warning)
    return f'<div class="banner" role="note">⚠ ILLUSTRATIEF<span>{text}</span></div>\n'


def _title_page(doc: Document) -> str:
    facts = "".join(f'<div><dt>{escape(label)}</dt><dd{_hash_class(label)}>{escape(value)}</dd></div>'
                    for label, value in doc.facts)
    toc = ['<li><a href="#samenvatting">Samenvatting</a></li>']
    toc += [f'<li><a href="#{v.anchor}">{escape(v.title)}</a></li>' for v in doc.voorstellen]
    toc += [f'<li><a href="#{s.anchor}">{escape(s.title)}</a></li>' for s in doc.subjects]
    toc += ['<li><a href="#volledigheid">Volledigheid en waarschuwingen</a></li>',
            '<li><a href="#bronnen">Bronnen</a></li>', '<li><a href="#begrippen">Begrippen</a></li>']
    notes = "".join(f"<li>{escape(n)}</li>" for n in doc.notes)
    return (f'<header class="titlepage">\n{_banner(doc.warning)}<h1>{escape(doc.title)}</h1>\n'
            f'<p class="subtitle">{escape(doc.subtitle)}</p>\n'
            f'<dl class="facts">{facts}</dl>\n<ul class="small">{notes}</ul>\n'
            f'<nav class="toc" aria-label="Inhoud"><h2>Inhoud</h2><ol>{"".join(toc)}</ol></nav>\n</header>\n')


def _hash_class(label: str) -> str:
    return ' class="hash"' if "sha256" in label else ""


def _summary(doc: Document) -> str:
    parts = ['<section id="samenvatting">\n<h2>Samenvatting</h2>\n', table_html(doc.summary, "summary"),
             f'<p class="small">{escape(doc.legend)}</p>\n']
    if doc.out_of_scope:
        items = "".join(f"<li><strong>{escape(name)}</strong>: {escape(reason)}</li>"
                        for name, reason in doc.out_of_scope)
        parts.append(f'<h3>Buiten deze toets</h3>\n<ul>{items}</ul>\n')
    if doc.corrections is not None:
        parts.append("<h3>Correcties</h3>\n" + table_html(doc.corrections, "corrections"))
    return "".join(parts) + "</section>\n"


def _voorstel(section: VoorstelSection) -> str:
    """A voorstel beside its huidige situatie: the explanation, then per year the table and the task changes."""
    parts = [f'<section class="voorstel" id="{escape(section.anchor)}">\n<h2>{escape(section.title)}</h2>\n',
             *(f"<p>{escape(p)}</p>\n" for p in section.explanation)]
    for y in section.years:
        parts += [f'<h3 id="{escape(y.anchor)}">{escape(y.heading)}</h3>\n', table_html(y.table, "voorstel")]
        for lead, tasks in y.tasks:
            items = "".join(f"<li>{escape(t)}</li>" for t in tasks)
            parts.append(f"<p>{escape(lead)}</p>\n" + (f"<ul>{items}</ul>\n" if tasks else ""))
    return "".join(parts) + "</section>\n"


def _subject(section: SubjectSection, warning: str | None) -> str:
    facts = "".join(f"<li>{escape(f)}</li>" for f in section.facts)
    parts = [f'<section class="subject" id="{escape(section.anchor)}">\n<h2>{escape(section.title)}</h2>\n',
             _banner(warning, short=True), f'<ul class="facts">{facts}</ul>\n']
    if section.corrections:
        items = "".join(f"<li>{escape(c)}</li>" for c in section.corrections)
        parts.append(f"<h3>Correcties</h3>\n<ul>{items}</ul>\n")
    parts.append(f'<div class="charts">\n{_trend_figure(section)}{_bar_figure(section)}</div>\n')
    parts.append("<h3>Uitsplitsing per jaar</h3>\n")
    for b in section.breakdowns:
        parts.append(f'<h3 id="{escape(section.anchor)}-{b.year}">{escape(b.heading)}</h3>\n'
                     + table_html(b.table, "breakdown"))
    return "".join(parts) + "</section>\n"


def _pass_sample() -> str:
    return (f'<svg class="sample" viewBox="0 0 44 14" width="44" height="14" aria-hidden="true"><line x1="2" y1="7" '
            f'x2="42" y2="7" stroke="{PASS_COLOUR}" stroke-width="1.5" stroke-dasharray="6 4"/></svg>')


def _trend_figure(section: SubjectSection) -> str:
    chart = section.trend
    items = "".join(f"<li>{line_sample(k)}{escape(s.label)} ({escape(s.trend)})</li>"
                    for k, s in enumerate(chart.series))
    items += f"<li>{_pass_sample()}grens voor voldoende</li>"
    return _figure(chart.title, trend_svg(chart, section.anchor + "-trend"), items)


def _bar_figure(section: SubjectSection) -> str:
    chart = section.bars
    chart_id = section.anchor + "-staaf"
    items = "".join(f"<li>{bar_swatch(k, f'{chart_id}-{k}')}{year} ({PATTERN_NAMES[k % len(PATTERN_NAMES)]})</li>"
                    for k, year in enumerate(chart.years))
    items += f"<li>{_pass_sample()}grens voor voldoende</li><li>✔ voldoet (groen) · ✘ voldoet niet (rood)</li>"
    return _figure(chart.title, bar_svg(chart, chart_id), items)


def _figure(title: str, svg: str, legend_items: str) -> str:
    """A chart with its caption and a text legend (so that colour is never the only carrier of meaning)."""
    return (f'<figure>\n<figcaption>{escape(title)}</figcaption>\n{svg}'
            f'\n<ul class="legend">{legend_items}</ul>\n</figure>\n')


def _appendices(doc: Document) -> str:
    completeness = "".join(f"<li>{escape(line)}</li>" for line in doc.completeness)
    glossary = "".join(f"<dt>{escape(term)}</dt><dd>{escape(text)}</dd>" for term, text in doc.glossary)
    return ('<section class="appendix" id="volledigheid">\n<h2>Volledigheid en waarschuwingen</h2>\n'
            f"<ul>{completeness}</ul>\n</section>\n"
            '<section class="appendix" id="bronnen">\n<h2>Bronnen</h2>\n<p class="small">De nummers B1, B2 … '
            'staan in de kolom Bron van de uitsplitsingen.</p>\n' + table_html(doc.sources, "sources") + "</section>\n"
            '<section class="appendix" id="begrippen">\n<h2>Begrippen</h2>\n'
            f'<dl class="glossary">{glossary}</dl>\n</section>\n')


def _footer(doc: Document) -> str:
    facts = dict(doc.facts)
    keys = ("Kenmerk en versie", "Vingerafdruk toetsingskader (sha256)", "Vingerafdruk casus (sha256)", "Gemaakt met")
    text = " · ".join(f"{k}: {facts[k]}" for k in keys if k in facts)
    return f'<footer>{_banner(doc.warning, short=True)}<p>{escape(text)}</p></footer>\n'


def table_html(table: Table, css: str) -> str:
    head = "".join(f'<th scope="col"{_num(c)}>{escape(c.title)}</th>' for c in table.columns)
    body = []
    for row in table.rows:
        attrs = (f' class="{row.style}"' if row.style else "") + (f' id="{escape(row.anchor)}"' if row.anchor else "")
        cells = "".join(_cell(cell, column) for cell, column in zip(row.cells, table.columns))
        body.append(f"<tr{attrs}>{cells}</tr>")
    return (f'<div class="table-wrap"><table class="cards {css}">\n<caption>{escape(table.caption)}</caption>\n'
            f'<thead><tr>{head}</tr></thead>\n<tbody>\n' + "\n".join(body) + "\n</tbody></table></div>\n")


def _num(column: Column) -> str:
    return ' class="num"' if column.kind != "text" else ""


def _cell(cell: Cell, column: Column) -> str:
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
        content = ", ".join(f'<a href="#bron-{n}">{source_ref(n)}</a>' for n in cell.refs)
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

"""A report as a folder (`criteria rapport --map`): an index page and one page per subject, sized for a person.

    index.html (index.md)          the first pages: per team its conclusion, linking to its page; what the report
                                   is based on; the voorstellen; completeness, sources, glossary and colophon
    onderwerpen/0001-HH.html (.md) per subject: its conclusion with the chart of its total, its scores per year,
                                   its section of the bijlage and its years with missing data

The pages are written one subject at a time, as the report's parts come (criteria.report.documents.build), so a
national case (thousands of subjects) needs the memory of one subject. `open_page(relative)` opens a new file in
the folder being written (criteria.files.folder).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import replace
from html import escape
from typing import IO

from criteria.report.documents import html, markdown
from criteria.report.documents.document import Document, ReportParts, SubjectSection, TeamCard
from criteria.report.documents.sections import summary_table
from criteria.result.view import ResultView

SUBJECTS = "onderwerpen"
SUFFIX = {"html": ".html", "markdown": ".md"}
OpenPage = Callable[[str], AbstractContextManager[IO[str]]]


def page_names(result: ResultView, fmt: str) -> dict[str, str]:
    """Subject id -> its page (relative to the folder): numbered in the order of the case, so that names stay
    unique and sorted on any file system; the id kept where it is plain (letters, digits, - and _)."""
    return {
        s.id: f"{SUBJECTS}/{n:04d}-{re.sub(r'[^A-Za-z0-9_-]', '_', s.id)[:60]}{SUFFIX[fmt]}"
        for n, s in enumerate(result.scored, 1)
    }


def write_folder(open_page: OpenPage, parts: ReportParts, fmt: str, result: ResultView) -> int:
    """Write every page (the subjects' as they come, the index last); return the number of pages."""
    pages = page_names(result, fmt)
    cards = {card.id: card for card in parts.head.overview}
    write_page = _html_page if fmt == "html" else _markdown_page
    for section in parts.sections:
        with open_page(pages[section.id]) as out:
            write_page(out, parts.head, section, cards.get(section.id), result)
    doc = parts.finish()
    with open_page(f"index{SUFFIX[fmt]}") as out:
        (_html_index if fmt == "html" else _markdown_index)(out, doc, pages)
    return len(pages) + 1


def _index_doc(doc: Document) -> Document:
    """The document as the index shows it: the missing data counted (each subject's page names its own years)."""
    missing = [line for line in doc.completeness if not line.startswith("Bij het inlezen: ")]
    if not missing or len(doc.completeness) == 1 and missing[0].startswith("Voor elk onderwerp"):
        return doc
    warnings = tuple(line for line in doc.completeness if line.startswith("Bij het inlezen: "))
    counted = (
        f"Bij {len(missing)} combinaties van onderwerp en jaar ontbreken gegevens; op de pagina van elk "
        "onderwerp staat welke en waarom."
    )
    return replace(doc, completeness=(counted, *warnings))


# --- HTML ------------------------------------------------------------------------------------------------------


def _html_index(out: IO[str], doc: Document, pages: dict[str, str]) -> None:
    doc = _index_doc(doc)
    cards = "".join(html._card(card, _card_href(card, pages), chart_shown=False) for card in doc.overview)
    out.write(
        html.page_head(doc.title)
        + f'<header class="titlepage">\n{html._banner(doc.warning)}<h1>{escape(doc.title)}</h1>\n'
        f'<p class="subtitle">{escape(doc.subtitle)}</p>\n'
        '<section id="overzicht" aria-label="Hoe staan we ervoor?">\n<h2>Hoe staan we ervoor?</h2>\n'
        f'<p class="small">{escape(INDEX_INTRO)}</p>\n<div class="overview">{cards}</div>\n</section>\n'
        "</header>\n<main>\n" + html._basis(doc, ())
    )
    out.write("".join(html._voorstel(section) for section in doc.voorstellen))
    out.write(html._appendices(doc) + "</main>\n" + html._footer(doc) + "</body>\n</html>\n")


INDEX_INTRO = (
    "Per onderwerp de conclusie; de naam leidt naar de eigen pagina van het onderwerp, met de scores per "
    "jaar, de grafieken en de bijlage."
)


def _card_href(card: TeamCard, pages: dict[str, str]) -> str | None:
    if card.chart is None:  # a voorstel: its section is on the index itself
        return f"#{card.link}" if card.link else None
    return pages.get(card.id)


def _html_page(
    out: IO[str], head: Document, section: SubjectSection, card: TeamCard | None, result: ResultView
) -> None:
    subject = result.subject(section.id)
    summary = summary_table(result, subjects=(subject,))
    parts = [
        html.page_head(f"{section.title} · {head.title}"),
        f'<nav class="toc" aria-label="Terug"><a href="../index.html">← {escape(head.title)}</a></nav>\n<main>\n',
    ]
    if card is not None and card.chart is not None:
        parts.append(f'<section id="overzicht">\n<div class="overview">{html._card(card, "")}</div>\n</section>\n')
    parts += [
        '<section id="samenvatting">\n<h2>Scores per jaar</h2>\n',
        html.table_html(summary, "summary"),
        f'<p class="small">{escape(head.legend)}</p>\n</section>\n',
        html._subject(section, head.warning, bron_href="../index.html"),
    ]
    if section.completeness:
        items = "".join(f"<li>{escape(line)}</li>" for line in section.completeness)
        parts.append(
            f'<section class="appendix" id="volledigheid">\n<h2>Ontbrekende gegevens</h2>\n'
            f"<ul>{items}</ul>\n</section>\n"
        )
    parts += ["</main>\n", html._footer(head), "</body>\n</html>\n"]
    out.write("".join(parts))


# --- Markdown --------------------------------------------------------------------------------------------------


def _markdown_index(out: IO[str], doc: Document, pages: dict[str, str]) -> None:
    doc = _index_doc(doc)
    lines = [markdown.MARKDOWN_HEAD, f"# {markdown.md(doc.title)}", ""]
    if doc.warning:
        lines += [f"> **⚠ ILLUSTRATIEF.** {markdown.md(doc.warning)}", ""]
    lines += ["## Hoe staan we ervoor?", "", markdown.md(INDEX_INTRO), ""]
    for card in doc.overview:
        href = _card_href(card, pages)
        title = f"[{markdown.md(card.title)}]({href})" if href and not href.startswith("#") else markdown.md(card.title)
        lines += [f"### {title}", "", f"**{markdown.md(card.finding.headline)}**", ""]
        lines += [f"- {markdown.md(s)}" for s in card.finding.sentences] + ([""] if card.finding.sentences else [])
    lines += markdown._basis(doc)
    for voorstel in doc.voorstellen:
        lines += markdown._voorstel(voorstel)
    lines += markdown._tail(doc)
    out.write("\n".join(lines))


def _markdown_page(
    out: IO[str], head: Document, section: SubjectSection, card: TeamCard | None, result: ResultView
) -> None:
    subject = result.subject(section.id)
    lines = [
        markdown.MARKDOWN_HEAD,
        f"[← {markdown.md(head.title)}](../index.md)",
        "",
        f"# {markdown.md(section.title)}",
        "",
    ]
    if card is not None and card.chart is not None:
        lines += [f"**{markdown.md(card.finding.headline)}**", ""]
        lines += [f"- {markdown.md(s)}" for s in card.finding.sentences] + ([""] if card.finding.sentences else [])
    lines += markdown._subject(section, head.warning is not None)
    lines += [
        "### Scores per jaar",
        "",
        *markdown.table_md(summary_table(result, subjects=(subject,)), caption=False),
        markdown.md(head.legend),
        "",
    ]
    if section.completeness:
        lines += ["### Ontbrekende gegevens", "", *(f"- {markdown.md(line)}" for line in section.completeness), ""]
    out.write("\n".join(lines))

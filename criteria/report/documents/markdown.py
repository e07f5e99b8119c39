"""The Markdown report: the same content as the HTML report, as headings, lists and tables.

Meant for a raadsinformatiebrief: charts become tables of their figures. Texts from the result are escaped
so that a bron text can neither break a table (|) nor add markup or HTML.
"""

from __future__ import annotations

import io
import re
from typing import IO

from criteria.files.marker import MARKDOWN_HEAD
from criteria.report.documents.document import (
    Cell,
    Document,
    ReportParts,
    SubjectSection,
    Table,
    TeamCard,
    VoorstelSection,
)

# Markdown and HTML syntax; an underscore inside a word (heemstede_2020) is plain text in CommonMark
_SPECIAL = re.compile(r"([\\`*\[\]<>|#&]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z]))")


def md(text: str) -> str:
    """Escape Markdown and HTML syntax; keep the text on one line."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def render_markdown(doc: Document) -> str:
    """The whole report as one text (a document built whole); the CLI writes the same with write_markdown."""
    out = io.StringIO()
    write_markdown(out, ReportParts.whole(doc))
    return out.getvalue()


def write_markdown(out: IO[str], parts: ReportParts) -> None:
    """Write the report to `out` as its parts come: the lines of each part, all joined by line ends."""
    lines = _Lines(out)
    doc = parts.head
    lines.write(_head(doc))
    for section in parts.sections:
        lines.write(_subject(section, doc.warning is not None))
    lines.write(_tail(parts.finish()))


class _Lines:
    """Lines written as "\\n".join of all of them would give them, a part at a time."""

    def __init__(self, out: IO[str]) -> None:
        self.out, self.started = out, False

    def write(self, lines: list[str]) -> None:
        if lines:
            self.out.write(("\n" if self.started else "") + "\n".join(lines))
            self.started = True


def _head(doc: Document) -> list[str]:
    out = [MARKDOWN_HEAD, f"# {md(doc.title)}", ""]  # criteria's marker (criteria.files.marker): the first line
    if doc.warning:
        out += [f"> **⚠ ILLUSTRATIEF.** {md(doc.warning)}", ""]
    out += ["## Hoe staan we ervoor?", ""]
    for card in doc.overview:
        out += _card(card)
    out += _basis(doc)
    for voorstel in doc.voorstellen:
        out += _voorstel(voorstel)
    out += ["## Alle scores per jaar", "", *table_md(doc.summary), md(doc.legend), ""]
    if doc.corrections is not None:
        out += ["### Correcties", "", *table_md(doc.corrections)]
    return out


def _basis(doc: Document) -> list[str]:
    """What the report is based on, the rules it applies and what is left out."""
    out = [
        "## Waar is dit rapport op gebaseerd?",
        "",
        "| Gegeven | Waarde |",
        "|---|---|",
        *(f"| {md(k)} | {md(v)} |" for k, v in doc.facts),
        "",
    ]
    out += [f"- {md(n)}" for n in doc.notes] + [""]
    if doc.out_of_scope:
        out += [
            "### Buiten deze toets",
            "",
            *(f"- **{md(name)}**: {md(reason)}" for name, reason in doc.out_of_scope),
            "",
        ]
    return out


def _tail(doc: Document) -> list[str]:
    out = ["## Volledigheid en waarschuwingen", "", *(f"- {md(line)}" for line in doc.completeness), ""]
    if doc.sources_summary:
        out += ["## Bronnen", "", *(f"{md(line)}\n" for line in doc.sources_summary)]
    else:
        out += [
            "## Bronnen",
            "",
            "De nummers B1, B2 … staan in de kolom Bron van de uitsplitsingen.",
            "",
            *table_md(doc.sources),
        ]
    out += ["## Begrippen", "", *(f"- **{md(term)}**: {md(text)}" for term, text in doc.glossary), ""]
    out += [
        "## Colofon: versies en vingerafdrukken",
        "",
        "| Gegeven | Waarde |",
        "|---|---|",
        *(f"| {md(k)} | {md(v)} |" for k, v in doc.colophon),
        "",
    ]
    if doc.method:
        out += ["### Hoe de conclusies zijn berekend", "", *(f"- {md(line)}" for line in doc.method), ""]
    return out


def _card(card: TeamCard) -> list[str]:
    """A team's conclusion, with its total per year as a small table (the chart of the HTML report)."""
    out = [f"### {md(card.title)}", "", f"**{md(card.finding.headline)}**", ""]
    out += [f"- {md(s)}" for s in card.finding.sentences] + ([""] if card.finding.sentences else [])
    if card.chart is not None:
        out += table_md(card.chart.as_table(), caption=False)
    return out


def _voorstel(section: VoorstelSection) -> list[str]:
    out = [f"## {md(section.title)}", ""]
    for paragraph in section.explanation:
        out += [md(paragraph), ""]
    for y in section.years:
        out += [f"### {md(y.heading)}", "", *table_md(y.table, caption=False)]
        for lead, tasks in y.tasks:
            out += [md(lead), "", *(f"- {md(t)}" for t in tasks)] + ([""] if tasks else [])
    return out


def _subject(section: SubjectSection, illustrative: bool) -> list[str]:
    out = [f"## {md(section.title)}", ""]
    if illustrative:
        out += ["> **⚠ ILLUSTRATIEF**: gebruik deze uitkomsten niet als bevinding.", ""]
    out += [f"- {md(f)}" for f in section.facts] + [""]
    if section.corrections:
        out += ["### Correcties", "", *(f"- {md(c)}" for c in section.corrections), ""]
    out += [f"### {md(section.trend.title)}", "", *table_md(section.trend.as_table(), caption=False)]
    out += [f"### {md(section.bars.title)}", "", *table_md(section.bars.as_table(), caption=False)]
    for b in section.breakdowns:
        out += [f"### {md(b.heading)}", "", *table_md(b.table, caption=False)]
    return out


def table_md(table: Table, caption: bool = True) -> list[str]:
    lines = [f"**{md(table.caption)}**", ""] if caption else []
    lines.append("| " + " | ".join(md(c.title) for c in table.columns) + " |")
    lines.append("|" + "|".join("---:" if c.kind != "text" else "---" for c in table.columns) + "|")
    lines += ["| " + " | ".join(_cell(cell) for cell in row.cells) + " |" for row in table.rows]
    return lines + [""]


def _cell(cell: Cell) -> str:
    if cell.repeat:
        return ""
    text = md(cell.text)
    if cell.level:
        text = "· " * cell.level + text
    if cell.note:
        text += f" ({md(cell.note)})"
    return text

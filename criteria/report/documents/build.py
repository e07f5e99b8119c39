"""Build the report document of a result and lay it out in one of the file formats."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import IO

from criteria.report.common import illustrative_warning, whole_case
from criteria.report.documents.document import APPENDIX_MODES, Appendix, Document, Finding, ReportParts, SubjectSection
from criteria.report.documents.glossary import glossary
from criteria.report.documents.overview import overview
from criteria.report.documents.sections import (
    colophon,
    corrections_table,
    facts,
    notes,
    out_of_scope,
    summary_legend,
    summary_table,
)
from criteria.report.documents.sources import SourceIndex, completeness_lines, missing_lines
from criteria.report.documents.subject import subject_section
from criteria.report.documents.subject_columns import ColumnReader
from criteria.report.documents.voorstel_section import voorstel_sections
from criteria.result.view import ResultView

SUBTITLE = {
    "samenwerking": "Toetsing van de ambtelijke samenwerking: uitkomst per onderwerp en jaar, met de "
    "herkomst van elk getal.",
    "benchmark": "Benchmark: de gemeente tegenover vergelijkbare gemeenten, per onderwerp en jaar, met de "
    "herkomst van elk getal.",
}
FORMATS = ("html", "markdown", "xlsx")
DEFAULT_APPENDIX: Appendix = APPENDIX_MODES[0]
WHOLE_LIST = (
    "De volledige lijst, met per bron waar die is gebruikt, staat in de volledige bijlage: "
    "criteria rapport CASUS --bijlage volledig."
)
Track = Callable[[Sequence], Iterable]


def report_parts(
    result: ResultView,
    warnings: Sequence[str] = (),
    track: Track = iter,
    appendix: Appendix = DEFAULT_APPENDIX,
    findings: Mapping[str, Finding] | None = None,
    folder: bool = False,
) -> ReportParts:
    """The report of a result as parts to write one after the other (see ReportParts); `track` wraps the loop over
    subjects (a progress bar in the shell). A subject's charts, bronnen and completeness lines are read from the
    evaluation's columns (criteria.report.documents.subject_columns); only the volledige bijlage builds its
    breakdowns, let go when its section is written: memory stays bounded by one subject.

    `appendix`: "volledig" (per subject the charts and the breakdown per year, and every source), "samenvatting"
    (per subject the charts; the sources counted) or "geen" (no section per subject). `findings`: the conclusion
    per subject id (criteria.conclusion's text), shown first; without it the first pages show the period score.
    `folder`: for a report folder (criteria.report.documents.folder): the summary table is left to each subject's
    page, so the head holds no row of it."""
    if appendix not in APPENDIX_MODES:
        raise ValueError(f"onbekende bijlage '{appendix}'; kies uit: {', '.join(APPENDIX_MODES)}")
    sources = SourceIndex(whole_case(result))
    titles = {s.id: s.title for s in result.subjects}
    voorstellen = voorstel_sections(result)
    missing: list[str] = []

    reader = ColumnReader(result)

    def sections() -> Iterator[SubjectSection]:
        for subject in track(result.scored):
            sources.add(subject.title, reader.uses(subject), titles, result.partners)
            lines = missing_lines(subject.title, reader.missing(subject), result.missing_data)
            missing.extend(lines)
            if appendix != "geen":
                trees = list(result.breakdowns(subject)) if appendix == "volledig" else None
                section = subject_section(result, subject, reader.criteria_years(subject), sources, trees)
                yield replace(section, completeness=tuple(line.strip() for line in lines))

    head = Document(
        title=f"Rapport: {result.case_title}",
        facts=facts(result),
        warning=illustrative_warning(result),
        summary=summary_table(result, linked=appendix != "geen", subjects=() if folder else None),
        legend=summary_legend(),
        out_of_scope=out_of_scope(result),
        corrections=corrections_table(result),
        subjects=(),
        completeness=(),
        sources=sources.table(),
        glossary=glossary(result.case_kind),
        subtitle=SUBTITLE[result.case_kind],
        notes=notes(result),
        voorstellen=voorstellen,
        overview=overview(result, voorstellen, findings, linked=appendix != "geen"),
        colophon=colophon(result, appendix),
        appendix=appendix,
        method=tuple(dict.fromkeys(line for f in (findings or {}).values() for line in f.technical)),
    )

    def finish() -> Document:
        return replace(
            head,
            completeness=completeness_lines(missing, warnings),
            sources=sources.table(),
            sources_summary=() if appendix == "volledig" else sources.summary(WHOLE_LIST),
        )

    contents = () if appendix == "geen" else tuple((f"onderwerp-{s.id}", s.title) for s in result.scored)
    return ReportParts(head, contents, sections(), finish)


def build_document(
    result: ResultView,
    warnings: Sequence[str] = (),
    track: Track = iter,
    appendix: Appendix = DEFAULT_APPENDIX,
    findings: Mapping[str, Finding] | None = None,
) -> Document:
    """The report document of a result, built whole (see report_parts; the CLI writes the parts as they come)."""
    parts = report_parts(result, warnings, track, appendix, findings)
    subjects = tuple(parts.sections)
    return replace(parts.finish(), subjects=subjects)


def write_report(out: IO, parts: ReportParts, fmt: str) -> None:
    """Write the report in format `fmt` (html, markdown: a text stream; xlsx: a binary one) as its parts come."""
    if fmt == "html":
        from criteria.report.documents.html import write_html

        write_html(out, parts)
    elif fmt == "markdown":
        from criteria.report.documents.markdown import write_markdown

        write_markdown(out, parts)
    elif fmt == "xlsx":
        from criteria.report.documents.xlsx import write_xlsx

        write_xlsx(out, parts)
    else:
        raise ValueError(f"onbekend rapportformaat '{fmt}'; kies uit: {', '.join(FORMATS)}")


def render_report(
    result: ResultView,
    fmt: str,
    warnings: Sequence[str] = (),
    track: Track = iter,
    appendix: Appendix = DEFAULT_APPENDIX,
    findings: Mapping[str, Finding] | None = None,
) -> bytes:
    """The report file's content in format `fmt` (html, markdown or xlsx), in memory; see report_parts."""
    if fmt not in FORMATS:
        raise ValueError(f"onbekend rapportformaat '{fmt}'; kies uit: {', '.join(FORMATS)}")
    parts = report_parts(result, warnings, track, appendix, findings)
    if fmt == "xlsx":
        binary = io.BytesIO()
        write_report(binary, parts, fmt)
        return binary.getvalue()
    text = io.StringIO()
    write_report(text, parts, fmt)
    return text.getvalue().encode("utf-8")

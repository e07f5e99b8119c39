"""Build the report document of a result and lay it out in one of the file formats."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from criteria.report.common import illustrative_warning, whole_case
from criteria.report.documents.document import APPENDIX_MODES, Appendix, Document, Finding
from criteria.report.documents.glossary import glossary
from criteria.report.documents.overview import overview
from criteria.report.documents.sections import (colophon, corrections_table, facts, notes, out_of_scope,
                                                summary_legend, summary_table)
from criteria.report.documents.sources import SourceIndex, completeness_lines, missing_lines
from criteria.report.documents.subject import subject_section
from criteria.report.documents.voorstel_section import voorstel_sections
from criteria.result.view import ResultView

SUBTITLE = {"samenwerking": "Toetsing van de ambtelijke samenwerking: uitkomst per onderwerp en jaar, met de "
                            "herkomst van elk getal.",
            "benchmark": "Benchmark: de gemeente tegenover vergelijkbare gemeenten, per onderwerp en jaar, met de "
                         "herkomst van elk getal."}
FORMATS = ("html", "markdown", "xlsx")
DEFAULT_APPENDIX: Appendix = APPENDIX_MODES[0]
WHOLE_LIST = ("De volledige lijst, met per bron waar die is gebruikt, staat in de volledige bijlage: "
              "criteria rapport CASUS --bijlage volledig.")
Track = Callable[[Sequence], Iterable]


def build_document(result: ResultView, warnings: Sequence[str] = (), track: Track = iter,
                   appendix: Appendix = DEFAULT_APPENDIX, findings: Mapping[str, Finding] | None = None) -> Document:
    """The report document of a result; `track` wraps the loop over subjects (a progress bar in the shell).
    Each subject's breakdowns are built once, for its section, its bronnen and its completeness lines.

    `appendix`: "volledig" (per subject the charts and the breakdown per year, and every source), "samenvatting"
    (per subject the charts; the sources counted) or "geen" (no section per subject). `findings`: the conclusion
    per subject id (criteria.conclusion's text), shown first; without it the first pages show the period score."""
    if appendix not in APPENDIX_MODES:
        raise ValueError(f"onbekende bijlage '{appendix}'; kies uit: {', '.join(APPENDIX_MODES)}")
    sources = SourceIndex(whole_case(result))
    titles = {s.id: s.title for s in result.subjects}
    voorstellen = voorstel_sections(result)
    sections, missing = [], []
    for subject in track(result.scored):
        trees = list(result.breakdowns(subject))
        sources.add(subject.title, trees, titles, result.partners)
        if appendix != "geen":
            sections.append(subject_section(result, subject, trees, sources, full=appendix == "volledig"))
        missing += missing_lines(subject.title, trees, result.missing_data)
    return Document(
        title=f"Rapport: {result.case_title}",
        facts=facts(result),
        warning=illustrative_warning(result),
        summary=summary_table(result, linked=appendix != "geen"),
        legend=summary_legend(),
        out_of_scope=out_of_scope(result),
        corrections=corrections_table(result),
        subjects=tuple(sections),
        completeness=completeness_lines(missing, warnings),
        sources=sources.table(),
        glossary=glossary(result.case_kind),
        subtitle=SUBTITLE[result.case_kind],
        notes=notes(result),
        voorstellen=voorstellen,
        overview=overview(result, voorstellen, findings, linked=appendix != "geen"),
        colophon=colophon(result, appendix),
        appendix=appendix,
        sources_summary=() if appendix == "volledig" else sources.summary(WHOLE_LIST),
        method=tuple(dict.fromkeys(line for f in (findings or {}).values() for line in f.technical)),
    )


def render_report(result: ResultView, fmt: str, warnings: Sequence[str] = (), track: Track = iter,
                  appendix: Appendix = DEFAULT_APPENDIX, findings: Mapping[str, Finding] | None = None) -> bytes:
    """The report file's content in format `fmt` (html, markdown or xlsx); see build_document."""
    document = build_document(result, warnings, track, appendix, findings)
    if fmt == "html":
        from criteria.report.documents.html import render_html
        return render_html(document).encode("utf-8")
    if fmt == "markdown":
        from criteria.report.documents.markdown import render_markdown
        return render_markdown(document).encode("utf-8")
    if fmt == "xlsx":
        from criteria.report.documents.xlsx import render_xlsx
        return render_xlsx(document)
    raise ValueError(f"onbekend rapportformaat '{fmt}'; kies uit: {', '.join(FORMATS)}")

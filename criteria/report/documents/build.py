"""Build the report document of a result and lay it out in one of the file formats."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from criteria.model.result import EvaluationResult
from criteria.report.common import illustrative_warning
from criteria.report.documents.document import Document
from criteria.report.documents.glossary import glossary

SUBTITLE = {"samenwerking": "Toetsing van de ambtelijke samenwerking: uitkomst per onderwerp en jaar, met de "
                            "herkomst van elk getal.",
            "benchmark": "Benchmark: de gemeente tegenover vergelijkbare gemeenten, per onderwerp en jaar, met de "
                         "herkomst van elk getal."}
from criteria.report.documents.sections import corrections_table, facts, notes, out_of_scope, summary_legend, summary_table
from criteria.report.documents.sources import SourceIndex, completeness_lines
from criteria.report.documents.subject import subject_section
from criteria.report.documents.voorstel_section import voorstel_sections

FORMATS = ("html", "markdown", "xlsx")
Track = Callable[[Sequence], Iterable]


def build_document(result: EvaluationResult, warnings: Sequence[str] = (), track: Track = iter) -> Document:
    """The report document of a result; `track` wraps the loop over subjects (a progress bar in the shell)."""
    sources = SourceIndex.of(result)
    in_scope = [s for s in result.subjects if s.in_scope and s.years]
    return Document(
        title=f"Rapport: {result.case_title}",
        facts=facts(result),
        warning=illustrative_warning(result),
        summary=summary_table(result),
        legend=summary_legend(),
        out_of_scope=out_of_scope(result),
        corrections=corrections_table(result),
        subjects=tuple(subject_section(result, s, sources) for s in track(in_scope)),
        completeness=completeness_lines(result, warnings),
        sources=sources.table(),
        glossary=glossary(result.case_kind),
        subtitle=SUBTITLE[result.case_kind],
        notes=notes(result),
        voorstellen=voorstel_sections(result),
    )


def render_report(result: EvaluationResult, fmt: str, warnings: Sequence[str] = (), track: Track = iter) -> bytes:
    """The report file's content in format `fmt` (html, markdown or xlsx)."""
    document = build_document(result, warnings, track)
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

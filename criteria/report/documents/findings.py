"""The conclusion per team for the report's first pages: computed by criteria.conclusion and worded by its text
module, the same sentences the terminal shows (one source for every output)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from criteria.conclusion import text
from criteria.conclusion.compute import conclude, context_of
from criteria.report.documents.document import Finding
from criteria.report.documents.overview import teams

if TYPE_CHECKING:
    from criteria.result.view import ResultView

CORRECTED = (
    "De conclusie rekent met de correctie(s); de berekende scores staan met de correctie ernaast bij "
    "de scores per jaar."
)


def findings(result: ResultView) -> dict[str, Finding]:
    """Per team (subject id) its conclusion over its period, with how robust it is to the weights; with the run's
    corrections applied."""
    evaluation = result.corrected
    context = context_of(evaluation)
    rows = {sid: row for row, sid in enumerate(evaluation.subjects)}
    corrected = {c.subject for c in result.corrections}
    out = {}
    for subject in teams(result):
        if subject.id in rows:
            c = conclude(evaluation, rows[subject.id], context=context, robust=True)
            extra = (CORRECTED,) if subject.id in corrected else ()
            out[subject.id] = Finding(text.headline(c), text.sentences(c) + extra, text.technical(c))
    return out


CONCLUSION_FILE = "conclusie.txt"  # kept with a recorded run, so `archief toon` can show what was concluded


def conclusion_text(found: dict[str, Finding]) -> bytes:
    """The conclusions as plain text: per team its headline, then its sentences indented (for the archive)."""
    lines = []
    for finding in found.values():
        lines += [finding.headline, *(f"  {s}" for s in finding.sentences), ""]
    return "\n".join(lines).encode("utf-8")

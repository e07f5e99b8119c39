"""Human corrections in every report: the computed score next to the corrected one, with the reason."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from rich.text import Text

from criteria.model.result import Correction
from criteria.report.common import score_text

STYLE = "bold magenta"

if TYPE_CHECKING:
    from criteria.result.view import ResultView


def correction_line(c: Correction | Mapping) -> str:
    """'HH 2019 · proces: berekend 5,3, gecorrigeerd naar 7,0 — reden: …' (a Correction or its stored JSON)."""
    d = c.model_dump() if isinstance(c, Correction) else c
    return (
        f"{d['subject']} {d['year']} · {d['node']}: berekend {score_text(d.get('computed_score'))}, "
        f"gecorrigeerd naar {score_text(d['corrected_score'])} — reden: {d['reason']}"
    )


def corrections_section(result: ResultView) -> list[Text]:
    """Lines for under the evaluate table; empty when nothing was corrected."""
    if not result.corrections:
        return []
    lines = [
        Text(
            f"Correcties ({len(result.corrections)}) — menselijke beslissing; de berekende score in de tabel "
            "blijft staan:",
            style=STYLE,
        )
    ]
    return lines + [Text("  " + correction_line(c), style="magenta") for c in result.corrections]


def node_correction(c: Correction) -> Text:
    """The line at a corrected node of the explain tree."""
    return Text(
        f"correctie: berekend {score_text(c.computed_score)}, gecorrigeerd naar "
        f"{score_text(c.corrected_score)} — reden: {c.reason}",
        style=STYLE,
    )

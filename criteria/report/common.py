"""Shared presentation helpers: Dutch numbers, verdict symbols and colours, the run header."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from criteria.engine.scoring import fmt
from criteria.model.result import EvaluationResult

VERDICT_STYLE = {
    "voldoet": ("✔", "green"),
    "voldoet niet": ("✘", "bold red"),
    "geen norm": ("–", "dim"),
    "onvoldoende gegevens": ("?", "yellow"),
    "niet van toepassing": ("·", "dim"),
}


def score_text(score: float | None) -> str:
    """A score as a Dutch rapportcijfer: one decimal, decimal comma."""
    return "–" if score is None else f"{score:.1f}".replace(".", ",")


def percent(x: float | None) -> str:
    return "–" if x is None else f"{x * 100:.0f} %"


def verdict_text(verdict: str, with_label: bool = True) -> Text:
    symbol, style = VERDICT_STYLE[verdict]
    return Text(f"{symbol} {verdict}" if with_label else symbol, style=style)


def scored(score: float | None, verdict: str) -> Text:
    symbol, style = VERDICT_STYLE[verdict]
    return Text(f"{score_text(score)} {symbol}", style=style)


def number(x: float | str | None, unit: str = "") -> str:
    if x is None:
        return "ontbreekt"
    if isinstance(x, str):
        return x
    return fmt(x) + (f" {unit}" if unit else "")


def header_lines(result: EvaluationResult) -> list[Text]:
    m = result.meta
    lines = [
        Text(result.case_title, style="bold"),
        Text(f"Vorm: {result.form}"),
        Text(f"Toetsingskader: {result.ruleset_title} ({m.ruleset_id} versie {m.ruleset_version})"),
        Text(f"Gebaseerd op: {result.ruleset_basis}"),
        Text(f"Vingerafdrukken: toetsingskader sha256 {m.ruleset_sha256[:12]}…, casus sha256 {m.case_sha256[:12]}…, "
             f"criteria {m.engine_version}", style="dim"),
    ]
    if m.values_illustrative:
        lines.append(Text(f"LET OP: {m.values_illustrative} van de {m.values_total} gegevens zijn illustratief "
                          "(geen echte brongegevens). Gebruik deze uitkomsten niet als bevinding.",
                          style="bold yellow"))
    return lines


def make_console(file=None, width: int | None = None) -> Console:
    """A console that also reads well when piped (no colour codes, a fixed width)."""
    console = Console(file=file, highlight=False, soft_wrap=False)
    if not console.is_terminal and width is None:
        width = 120
    if width is not None:
        console.width = width
    return console

"""Shared presentation helpers: Dutch numbers, verdict symbols and colours, trends, the run header."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
from rich.console import Console
from rich.text import Text

from criteria.engine.scoring import fmt, rapportcijfer, unit_suffix

if TYPE_CHECKING:
    from criteria.model.result import RunMeta
    from criteria.result.view import ResultView

VERDICT_STYLE = {
    "voldoet": ("✔", "green"),
    "voldoet niet": ("✘", "bold red"),
    "geen norm": ("–", "dim"),
    "onvoldoende gegevens": ("?", "yellow"),
    "niet van toepassing": ("·", "dim"),
    "signaal": ("◦", "cyan"),
}


TREND_ARROW = {"stijgend": "↗ stijgend", "stabiel": "→ stabiel", "dalend": "↘ dalend", "onbekend": "? onbekend"}
RULE_TEXT = {"mean": "gemiddelde", "last": "laatste jaar", "min": "laagste jaar"}
SPARK = "▁▂▃▄▅▆▇█"


def score_text(score: float | None) -> str:
    """A score as a Dutch rapportcijfer: one decimal, decimal comma."""
    return "–" if score is None else f"{rapportcijfer(score):.1f}".replace(".", ",")


def score_texts(scores: np.ndarray) -> list[str]:
    """score_text of every score in an array (NaN: "–"): the same strings, without a Decimal per element.

    Rounding to the nearest tenth is done by numpy where the score lies clearly away from a half (more than
    10⁻⁶ of a tenth); scores near a half are rounded by rapportcijfer itself (halves up on the decimal value)."""
    values = np.asarray(scores, dtype=float)
    with np.errstate(invalid="ignore"):
        tenfold = values * 10
        marks = np.floor(tenfold + 0.5)
        doubt = ~(np.abs(tenfold - np.floor(tenfold) - 0.5) >= 1e-6) | ~(values >= 0) | np.isinf(values)
    flat = values.ravel()
    tenths = marks.ravel()
    with np.errstate(invalid="ignore"):
        plain = ~doubt.ravel() & (tenths >= 0) & (tenths <= 100)  # the common case: a text from _TENTHS
    out = np.empty(len(flat), dtype=object)
    out[plain] = _TENTHS[tenths[plain].astype(np.int64)]
    for i in np.flatnonzero(~plain).tolist():
        value = float(flat[i])
        if math.isnan(value):
            out[i] = "–"
        elif doubt.flat[i]:
            out[i] = score_text(value)
        else:
            out[i] = f"{tenths[i] / 10:.1f}".replace(".", ",")
    return out.tolist()


_TENTHS = np.array([f"{mark / 10:.1f}".replace(".", ",") for mark in range(101)], dtype=object)  # "0,0" … "10,0"


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
    return fmt(x) + unit_suffix(unit)


def sparkline(scores: list[float | None], low: float = 0.0, high: float = 10.0) -> str:
    """Yearly scores as block characters between `low` and `high` (a missing year is a dot): ▃▅█.

    Pass the lowest and highest score of all subjects to compare the lines of several subjects."""
    span = high - low if high > low else 1.0
    top = len(SPARK) - 1
    return "".join("·" if s is None else SPARK[min(top, max(0, round((s - low) / span * top)))] for s in scores)


def short_title(title: str) -> str:
    """A column heading: the title up to its first comma ("Flexibiliteit, inclusief …" -> "Flexibiliteit")."""
    return title.split(",")[0].strip()


def period_rule_text(result: ResultView) -> str:
    return RULE_TEXT[result.period_rule]


def missing_policy_text(result: ResultView) -> str:
    return (
        "ontbrekende gegevens: herwegen over wat er is"
        if result.missing_data == "reweigh"
        else "ontbrekende gegevens: niet toegestaan"
    )


def whole_case(result: ResultView) -> str:
    """How to name a value for no subject in particular: the samenwerking, or in a benchmark every subject."""
    return "alle onderwerpen" if result.case_kind == "benchmark" else "hele samenwerking"


NOT_A_FINDING = "Gebruik deze uitkomsten niet als bevinding."


def illustrative_warning(result: ResultView, short: bool = False) -> str | None:
    """The warning every output shows when (some of) the data is illustrative or an estimate, else None.

    Counts the case's data and the reference-table values the result rests on, and says how much of the
    weight of the scores rests on illustratief or quality-C data (docs/rekenregels.md). `short`: two lines at
    80 columns (the last screen of `evaluate` and `explain`), every count naming what it counts."""
    m = result.meta
    if not m.values_illustrative and not m.values_quality_c and not m.reference_estimates:
        return None
    # The case's own data leads: reference values (e.g. CBS) are counted apart, never to dilute the share.
    share = f" ({m.values_illustrative / m.values_total * 100:.0f} %)" if m.values_total else ""
    own = (
        f"{_count(m.values_illustrative)} van de {_count(m.values_total)} gegevens van de casus zijn "
        f"illustratief{share}"
    )
    if short:
        return f"LET OP: {_short_listed(m, own)}. {NOT_A_FINDING}"
    text = f"LET OP: {own}, geen echte brongegevens"
    if m.reference_values:
        table = f"{_count(m.reference_values)} waarden uit de referentietabel ({m.reference_title})"
        text += (
            f". De {table} zijn echte gegevens"
            if not m.reference_estimates
            else f". Van de {table} {'is' if m.reference_estimates == 1 else 'zijn'} "
            f"{_count(m.reference_estimates)} een schatting"
        )
    text += "."
    if m.values_quality_c:
        text += f" Nog {m.values_quality_c} gegevens zijn een reconstructie of schatting (kwaliteit C)."
    if m.estimate_share is not None:
        text += (
            f" Gemiddeld rust {m.estimate_share * 100:.0f} % van het gewicht van de scores op illustratieve "
            "gegevens of schattingen."
        )
    return f"{text} {NOT_A_FINDING}"


def _short_listed(m: RunMeta, own: str) -> str:
    """The short warning's counts: the case's illustratief data, its other estimates (quality C: after the first
    part 'nog 2 zijn een schatting', alone '2 gegevens van de casus zijn een schatting'), the reference table's."""
    parts = [own] if m.values_illustrative else []
    if m.values_quality_c:
        n, verb = _count(m.values_quality_c), "is" if m.values_quality_c == 1 else "zijn"
        noun = "gegeven" if m.values_quality_c == 1 else "gegevens"
        parts.append(f"nog {n} {verb} een schatting" if parts else f"{n} {noun} van de casus {verb} een schatting")
    if m.reference_estimates:
        n = _count(m.reference_estimates)
        parts.append(
            f"{n} {'waarde' if m.reference_estimates == 1 else 'waarden'} uit de referentietabel "
            f"{'is' if m.reference_estimates == 1 else 'zijn'} een schatting"
        )
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " en " + parts[-1]


def _count(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def header_lines(result: ResultView) -> list[Text]:
    m = result.meta
    lines = [
        Text(result.case_title, style="bold"),
        Text(f"Vorm: {result.form}"),
        Text(f"Toetsingskader: {result.ruleset_title} ({m.ruleset_id} versie {m.ruleset_version})"),
        Text(f"Gebaseerd op: {result.ruleset_basis}"),
        Text(
            f"Vingerafdrukken: toetsingskader sha256 {m.ruleset_sha256[:12]}…, casus sha256 {m.case_sha256[:12]}…, "
            f"criteria {m.engine_version}",
            style="dim",
        ),
    ]
    warning = illustrative_warning(result)
    if warning:
        lines.append(Text(warning, style="bold yellow"))
    return lines


def make_console(file=None, width: int | None = None) -> Console:
    """A console that keeps input texts inert and also reads well when piped (criteria.report.terminal.console)."""
    from criteria.report.terminal.console import make_console as inert_console

    return inert_console(file, width)

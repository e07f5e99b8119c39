"""Terminal output of verifieer and vergelijk: what differs, per subject-year and criterion."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from criteria.archive.diff import Change, FileChange, field_name
from criteria.archive.replay import Verification
from criteria.archive.store import StoredRun
from criteria.report.corrections import correction_line
from criteria.report.terminal.archive import when

MAX_LINES = 40
MAX_DIFF_LINES = 30


def value_text(value: Any) -> str:
    if value is None:
        return "leeg"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float):
        return f"{value:.6g}".replace(".", ",")
    if isinstance(value, str):
        short = value if len(value) <= 60 else value[:57] + "…"
        return f"'{short}'"
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def place(change: Change) -> str:
    if change.subject is None:
        return "resultaat als geheel"
    parts = [change.subject] + ([str(change.year)] if change.year is not None else [])
    where = " ".join(parts)
    if change.node is not None:
        where += f" · {change.title or change.node} ({change.node})"
    return where


def print_changes(console: Console, changes: list[Change], limit: int = MAX_LINES) -> None:
    """Changes grouped by place; at most `limit` lines, then a count of the rest."""
    shown = 0
    groups = [(key, list(items)) for key, items in groupby(changes, key=place)]
    for where, items in groups:
        if shown >= limit:
            break
        console.print(Text(where, style="bold"))
        for c in items:
            if shown >= limit:
                break
            console.print(Text(f"  {field_name(c.field)}: {value_text(c.old)} → {value_text(c.new)}"))
            shown += 1
    if len(changes) > shown:
        console.print(Text(f"… en nog {len(changes) - shown} verschil(len).", style="dim"))


def print_verification(console: Console, v: Verification, stored: StoredRun) -> None:
    r = stored.record or {}
    label = f" ({r.get('label')})" if r.get("label") else ""
    console.print(
        Text(
            f"Run {v.run}{label}, vastgelegd {when(r)}: opnieuw gerekend met de huidige versie van "
            "criteria op de opgeslagen invoer.",
            style="dim",
        )
    )
    console.print(Text(f"Vastgelegd resultaat: sha256 {v.stored_sha256}"))
    if v.altered_sha256 is not None:
        console.print(
            Text(
                f"✘ Het opgeslagen resultaat is na het vastleggen gewijzigd: de inhoud heeft nu sha256 "
                f"{v.altered_sha256}. Zie ook 'criteria archief controleer'.",
                style="bold red",
            )
        )
    if v.error is not None:
        console.print(
            Text("✘ Niet reproduceerbaar: de opgeslagen invoer wordt door deze versie afgekeurd:", style="bold red")
        )
        console.print(Text(v.error))
        return
    console.print(Text(f"Nieuw resultaat:      sha256 {v.new_sha256}"))
    if v.identical:
        console.print(
            Text(
                "✔ Identiek: dezelfde invoer geeft met deze versie byte voor byte hetzelfde resultaat.",
                style="bold green",
            )
        )
        return
    if v.new_sha256 == v.stored_sha256:
        console.print(
            Text(
                "De huidige versie rekent nog precies het vastgelegde resultaat uit; de verschillen "
                "hieronder zitten dus in de gewijzigde opgeslagen kopie.",
                style="bold",
            )
        )
    scores = [c for c in v.changes if c.is_score]
    console.print(
        Text(
            f"✘ Verschillend: {len(v.changes)} verschil(len) tussen het opgeslagen en het nieuwe "
            f"resultaat, waarvan {len(scores)} in scores of oordelen (opgeslagen → nieuw):",
            style="bold red",
        )
    )
    totals = [c for c in scores if c.total and c.field == "score"]
    if totals:
        console.print(
            Text(
                "Totaalscore per onderwerp en jaar (opgeslagen → nieuw): "
                + "; ".join(f"{c.subject} {c.year} {_score(c.old)} → {_score(c.new)}" for c in totals)
            )
        )
    print_changes(console, scores)
    other = [c for c in v.changes if not c.is_score]
    if other:
        console.print(Text(f"Overige verschillen ({len(other)}):", style="bold"))
        print_changes(console, other, limit=15 if scores else MAX_LINES)
    if not v.changes:
        console.print(Text("Alleen de opmaak van de JSON verschilt, niet de inhoud.", style="dim"))


def print_comparison(
    console: Console, a: StoredRun, b: StoredRun, files: list[FileChange], changes: list[Change]
) -> None:
    ra, rb = a.record or {}, b.record or {}
    table = Table(box=box.SIMPLE_HEAD, header_style="bold")
    table.add_column("")
    table.add_column(f"Run {a.run}")
    table.add_column(f"Run {b.run}")
    for key, get in (
        ("Tijd", when),
        ("Label", lambda r: r.get("label") or ""),
        ("Casus", lambda r: f"{r['case']['display']} ({r['case']['sha256'][:12]}…)"),
        (
            "Toetsingskader",
            lambda r: f"{r['ruleset']['id']} {r['ruleset']['version']} ({r['ruleset']['sha256'][:12]}…)",
        ),
        ("criteria", lambda r: r.get("engine_version", "?")),
        ("Resultaat", lambda r: r["result"]["sha256"][:12] + "…"),
    ):
        table.add_row(key, get(ra), get(rb))
    console.print(table)
    console.print(Text("Invoer", style="bold underline"))
    if not files:
        console.print("  Toetsingskader en casusbestanden zijn gelijk.")
    for f in files:
        console.print(Text(f"  {f.name}: {f.status}", style="bold"))
        for line in f.diff[:MAX_DIFF_LINES]:
            style = "green" if line.startswith("+") else "red" if line.startswith("-") else "dim"
            console.print(Text("    " + line, style=style))
        if len(f.diff) > MAX_DIFF_LINES:
            console.print(Text(f"    … en nog {len(f.diff) - MAX_DIFF_LINES} regel(s)", style="dim"))
    versions_a, versions_b = ra.get("versions", {}), rb.get("versions", {})
    changed = [k for k in dict.fromkeys([*versions_a, *versions_b]) if versions_a.get(k) != versions_b.get(k)]
    console.print(Text("Versies", style="bold underline"))
    console.print(
        "  "
        + (
            "; ".join(f"{k} {versions_a.get(k, '–')} → {versions_b.get(k, '–')}" for k in changed)
            if changed
            else "gelijk"
        )
    )
    if ra.get("corrections") or rb.get("corrections"):
        console.print(Text("Correcties", style="bold underline"))
        for run, r in ((a.run, ra), (b.run, rb)):
            for c in r.get("corrections", []):
                console.print(Text(f"  run {run}: " + correction_line(c)))
    _print_scores(console, changes)


def _print_scores(console: Console, changes: list[Change]) -> None:
    console.print(Text("Scores", style="bold underline"))
    scores = [c for c in changes if c.field == "score" and c.node is not None]
    verdicts: dict[tuple[str | None, int | None, str | None], Change] = {
        (c.subject, c.year, c.node): c for c in changes if c.field == "verdict" and c.node is not None
    }
    if not scores and not verdicts:
        console.print("  Geen score of oordeel is veranderd.")
    else:
        table = Table(box=box.SIMPLE_HEAD, header_style="bold")
        for heading in ("Onderwerp", "Jaar", "Onderdeel", "Eerder", "Later", "Verschil", "Oordeel"):
            table.add_column(heading, justify="right" if heading in ("Jaar", "Eerder", "Later", "Verschil") else "left")
        keys = list(dict.fromkeys([(c.subject, c.year, c.node) for c in scores] + list(verdicts)))
        by_key = {(c.subject, c.year, c.node): c for c in scores}
        for key in keys:
            s, v = by_key.get(key), verdicts.get(key)
            c = s or v
            assert c is not None
            delta = (s.new - s.old) if s and isinstance(s.old, float | int) and isinstance(s.new, float | int) else None
            table.add_row(
                str(c.subject),
                str(c.year),
                c.title or str(c.node),
                _score(s.old) if s else "",
                _score(s.new) if s else "",
                (f"{delta:+.2f}".replace(".", ",") if delta is not None else ""),
                f"{v.old} → {v.new}" if v else "",
            )
        console.print(table)
    other = [c for c in changes if not c.is_score and not c.field.startswith("corrections")]  # shown above
    if other:
        console.print(Text(f"Overige verschillen in het resultaat ({len(other)}):", style="bold"))
        print_changes(console, other, limit=15)


def _score(value: Any) -> str:
    return f"{value:.2f}".replace(".", ",") if isinstance(value, float | int) else value_text(value)

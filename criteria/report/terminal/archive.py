"""Terminal output of the archive commands that show runs: lijst, toon, controleer."""

from __future__ import annotations

import io
from pathlib import Path

from rich import box
from rich.console import Console, Group, JustifyMethod, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from criteria.archive.chain import Finding
from criteria.archive.outcome import Mark, Outcome
from criteria.archive.store import StoredRun
from criteria.report.common import VERDICT_STYLE, score_text
from criteria.report.corrections import correction_line

REPORT_NAMES = ("rapport",)  # outputs of `criteria rapport` are stored as rapport.html, rapport.md, rapport.xlsx

COMMAND_TEXT = {"evaluate": "evaluate", "explain": "explain", "rapport": "rapport"}


def when(record: dict) -> str:
    """'2020-10-21T19:30:00.000Z' -> '2020-10-21 19:30:00 UTC'."""
    stamp = record.get("time_utc", "")
    return stamp[:19].replace("T", " ") + " UTC" if stamp else "–"


def print_list(console: Console, runs: list[StoredRun], path: Path) -> None:
    """The runs as a table; on a screen too narrow for it (80 columns), one block of two or three lines per run,
    wrapped between words."""
    console.print(Text(f"Archief: {path}", style="dim"))
    if not runs:
        console.print("Het archief bevat nog geen runs.")
        return
    table = _list_table(runs)
    measurer = Console(file=io.StringIO(), width=10_000)  # unclamped: the width without any wrapping
    if measurer.measure(table).maximum <= console.width:
        console.print(table)
    else:
        console.print(Text(f"Vastgelegde runs ({len(runs)})", style="italic"))
        for stored in runs:
            console.print(_list_block(stored))
    console.print(
        Text("Details: criteria archief toon RUN   ·   opnieuw rekenen: criteria archief verifieer RUN", style="dim")
    )


def _list_facts(stored: StoredRun) -> tuple[str, str, str, str, str, str, str, str]:
    """Run, time, command, label, case, ruleset, result hash, corrections: as both layouts show them."""
    r = stored.record
    assert r is not None
    return (
        str(stored.run),
        when(r)[:16],
        r.get("command", "?"),
        r.get("label") or "",
        r["case"].get("display", ""),
        f"{r['ruleset'].get('id')} {r['ruleset'].get('version')}",
        r["result"]["sha256"][:8] + "…",
        str(len(r.get("corrections", []))),
    )


def _list_table(runs: list[StoredRun]) -> Table:
    table = Table(
        box=box.SIMPLE_HEAD, header_style="bold", title_justify="left", title=f"Vastgelegde runs ({len(runs)})"
    )
    columns: tuple[tuple[str, JustifyMethod], ...] = (
        ("Run", "right"),
        ("Tijd (UTC)", "left"),
        ("Commando", "left"),
        ("Label", "left"),
        ("Casus", "left"),
        ("Toetsingskader", "left"),
        ("Resultaat", "left"),
        ("Corr.", "right"),
    )
    for heading, justify in columns:
        table.add_column(
            heading, justify=justify, no_wrap=heading not in ("Label", "Casus", "Toetsingskader"), overflow="fold"
        )
    for stored in runs:
        if stored.record is None:
            table.add_row(str(stored.run), Text(DAMAGED, style="red"))
            continue
        table.add_row(*_list_facts(stored))
    return table


DAMAGED = "record beschadigd (zie criteria archief controleer)"


def _list_block(stored: StoredRun) -> RenderableType:
    if stored.record is None:
        return Text(f"Run {stored.run}: {DAMAGED}", style="red")
    run, time, command, label, case, ruleset, result, corrections = _list_facts(stored)
    head = Text(f"Run {run}", style="bold")
    head.append(f" · {time} UTC · {command}" + (f" · {label}" if label else ""))
    facts = Text(
        f"casus {case} · kader {ruleset} · resultaat {result}"
        + (f" · correcties {corrections}" if corrections != "0" else ""),
        style="dim",
    )
    return Group(head, Padding(facts, (0, 0, 0, 2), expand=False))


def print_outcome(console: Console, outcome: Outcome | None, record: dict, headlines: list[str] | None = None) -> None:
    """The scores as recorded (total per subject and year, and the period), the conclusions kept with the run
    (their headlines), and the stored report if any."""
    if outcome is None:
        console.print(
            Text(
                "\nUitkomst: het opgeslagen resultaat is beschadigd (zie criteria archief controleer)", style="bold red"
            )
        )
    elif outcome.subjects:
        limit = f"; voldoende vanaf {score_text(outcome.pass_mark)}" if outcome.pass_mark is not None else ""
        console.print(Text("\nUitkomst zoals vastgelegd", style="bold"))
        console.print(Text(f"Totaal per onderwerp en jaar (rapportcijfer 0–10{limit}):", style="dim"))
        table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False)
        table.add_column("Onderwerp", overflow="fold")
        for year in outcome.years:
            table.add_column(str(year), justify="right", no_wrap=True)
        table.add_column("Periode", justify="right", no_wrap=True)
        for subject in outcome.subjects:
            marks = dict(subject.years)
            table.add_row(subject.title, *(_mark(marks.get(year)) for year in outcome.years), _mark(subject.period))
        console.print(table)
    if headlines:
        console.print(Text("Conclusie zoals vastgelegd:", style="bold"))
        for line in headlines:
            console.print(Text(f"  {line}"))
        console.print()
    reports = [f for f in record.get("outputs", []) if str(f.get("name", "")).startswith(REPORT_NAMES)]
    for f in reports:
        console.print(
            Text(
                f"Rapport zoals het toen is gemaakt: {f['name']} ({max(1, round(f['size'] / 1024))} kB). "
                f"Ophalen: criteria archief export {record.get('run', 'RUN')} MAP",
                style="bold",
            )
        )


def _mark(mark: Mark | None) -> Text:
    if mark is None:
        return Text("")
    symbol, style = VERDICT_STYLE.get(mark.verdict, ("", ""))
    return Text(f"{score_text(mark.score)} {symbol}".strip(), style=style)


def print_run(
    console: Console, stored: StoredRun, path: Path, outcome: Outcome | None = None, headlines: list[str] | None = None
) -> None:
    r = stored.record
    assert r is not None
    rows = [
        ("Run", str(stored.run)),
        ("Tijd", when(r)),
        (
            "Commando",
            "criteria " + r.get("command", "?") + "".join(f" --{k} {v}" for k, v in r.get("parameters", {}).items()),
        ),
        ("Label", r.get("label") or "(geen)"),
        ("Casus", f"{r['case']['display']} (id {r['case']['id']}; sha256 {r['case']['sha256']})"),
        (
            "Toetsingskader",
            (
                f"{r['ruleset']['display']} ({r['ruleset']['id']} versie {r['ruleset']['version']}; "
                f"sha256 {r['ruleset'].get('ruleset_sha256', '–')})"
            ),
        ),
        ("Resultaat", f"sha256 {r['result']['sha256']} ({r['result']['size']} bytes)"),
        ("Versies", ", ".join(f"{k} {v}" for k, v in r.get("versions", {}).items())),
        ("Recordhash", stored.hash),
        ("Vorige hash", r.get("prev_hash", "–")),
        ("Archief", str(path)),
    ]
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for key, value in rows:
        table.add_row(key, value)
    console.print(table)
    print_outcome(console, outcome, r, headlines)
    console.print(Text("\nOpgeslagen bestanden (inhoud-geadresseerd, sha256):", style="bold"))
    files = (
        [("casus", f) for f in r["case"]["files"]]
        + [("toetsingskader", r["ruleset"])]
        + [("resultaat", r["result"])]
        + [("uitvoer", f) for f in r.get("outputs", [])]
    )
    listing = Table(box=None, show_header=False, pad_edge=False)
    for justify in ("left", "left", "right", "left"):
        listing.add_column(justify=justify, overflow="fold")
    for kind, f in files:
        listing.add_row("  " + kind, f["name"], f"{f['size']} bytes", Text(f["sha256"], no_wrap=True))
    console.print(listing)
    corrections = r.get("corrections", [])
    console.print(Text(f"\nCorrecties ({len(corrections)}):" if corrections else "\nCorrecties: geen", style="bold"))
    for c in corrections:
        console.print(Text("  " + correction_line(c)))


def print_check(
    console: Console,
    findings: list[Finding],
    count: int,
    last: StoredRun | None,
    integrity: str,
    path: Path,
    pinned: tuple[str, int | None] | None = None,
) -> bool:
    """Print the outcome of `controleer`; return whether everything is in order.

    `pinned`: a record hash written down earlier, and the run that has it now (None: no run has it)."""
    console.print(Text(f"Archief: {path}", style="dim"))
    ok = not findings and integrity == "ok"
    if integrity != "ok":
        console.print(Text(f"SQLite-integriteitscontrole: {integrity}", style="bold red"))
    if pinned is not None:
        expected, run = pinned
        if run is None:
            ok = False
            console.print(
                Text(
                    f"✘ De opgegeven hash {expected} staat niet in de keten: het archief is vervangen, "
                    "ingekort of herschreven.",
                    style="bold red",
                )
            )
        else:
            console.print(Text(f"✔ De opgegeven hash hoort bij run {run}.", style="green"))
    for f in findings:
        where = f"run {f.run}: " if f.run is not None else ""
        console.print(Text(f"✘ {where}{f.message}", style="red"))
    if ok:
        console.print(
            Text(
                f"✔ In orde: {count} run(s), de hashketen is ononderbroken en elk opgeslagen bestand "
                "past bij zijn hash.",
                style="green",
            )
        )
    else:
        problems = f"{len(findings)} probleem" if len(findings) == 1 else f"{len(findings)} problemen"
        console.print(Text(f"✘ Niet in orde: {problems} in {count} run(s).", style="bold red"))
    if last is not None:
        console.print(
            Text(
                f"Laatste run: {last.run}, recordhash {last.hash}\n(Noteer deze hash, bijvoorbeeld in "
                "het verslag: 'criteria archief controleer --hash HASH' toont later dat de keten tot "
                "daar ongewijzigd is.)",
                style="dim",
            )
        )
    return ok

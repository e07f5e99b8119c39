"""The scaling curve and the targets of issue 12 as Dutch Markdown (docs/prestaties.md), from measured Outcomes.

.venv/bin/python -m benchmarks.scaling_report benchmarks/.runs/schaal-….json   # print a saved run
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from benchmarks.case_files import municipalities_at, scale_text
from benchmarks.processes import Outcome
from benchmarks.scaling import COMMANDS, FLOOR, PROBE, display
from criteria.limits import MAX_REPORT_FILE_SUBJECTS

LABELS = {
    FLOOR: "Ondergrens: polars + numpy over dezelfde bestanden (benchmarks/floor.py)",
    "validate": "criteria validate CASUS",
    "evaluate": "criteria evaluate CASUS -o uitkomst.txt (tabel naar een bestand), met --lange-run waar de "
    "tijdschatting daarom vraagt",
    "evaluate-json": "criteria evaluate CASUS --format json -o uitkomst.json, met --lange-run waar de tijdschatting "
    "daarom vraagt",
    "explain": "criteria explain CASUS --onderwerp S --jaar J -o uitleg.txt (één onderwerp-jaar)",
    "rapport": "criteria rapport CASUS --formaat html -o rapport.html; boven "
    f"{MAX_REPORT_FILE_SUBJECTS} onderwerpen --map -o rapport.map "
    "(een indexpagina en per onderwerp een pagina), met --lange-run waar de tijdschatting daarom vraagt",
    "gevoeligheid": (
        "criteria gevoeligheid CASUS --lange-run -o gevoeligheid.txt (standaard: 10.000 steekproeven, seed 2020; "
        "met --lange-run zoals een gebruiker het start, want al op ⅛ ligt de schatting boven 30 s)"
    ),
    PROBE: "Proef 'te groot': evaluate --format json met een geheugengrens van 768 MB",
}
STATUS = {
    "ok": "klaar",
    "time-out": "**time-out**",
    "geheugengrens": "**geheugengrens**",
    "gestopt": "gestopt met melding",
    "overgeslagen": "overgeslagen",
}
MB_PER_GB = 1024


@dataclass
class Supplement:
    """A saved run (`benchmarks.scaling --resultaat`) whose commands take the place of this run's rows of them:
    for commands that need a longer time-out than the whole run can give (rapport, gevoeligheid at 4×)."""

    outcomes: list[Outcome]
    settings: dict
    path: Path

    @property
    def commands(self) -> list[str]:
        return [c for c in COMMANDS if any(o.command == c for o in self.outcomes)]

    def describe(self) -> str:
        s = self.settings
        return (
            f"Gemeten in een aparte run (`{self.path.name}`: time-out {s.get('timeout', 0):g} s per run, "
            f"commit {s.get('commit', 'onbekend')}, {s.get('datum', 'datum onbekend')}); '× ondergrens' is hier "
            "gedeeld door de ondergrens van die aparte run."
        )


def merged(outcomes: list[Outcome], supplements: list[Supplement]) -> list[Outcome]:
    """This run's outcomes, with every supplement's rows of its commands in place of this run's rows of them."""
    taken = {c: s for s in supplements for c in s.commands}
    kept = [o for o in outcomes if o.command not in taken]
    return kept + [o for c, s in taken.items() for o in s.outcomes if o.command == c]


@dataclass
class Target:
    text: str
    measured: str
    met: bool | None  # None: not measured in this run
    commands: tuple[str, ...] = ()  # the commands a miss is about (profiled in docs/prestaties.md)

    @property
    def outcome(self) -> str:
        return "niet gemeten" if self.met is None else "gehaald" if self.met else "**niet gehaald**"


def _n(x: float, digits: int = 3) -> str:
    """`digits` significant digits with a decimal comma; whole numbers with a thousands point where that would
    take an exponent (1.630, not 1,63e+03)."""
    text = f"{x:.{digits}g}"
    return f"{x:,.0f}".replace(",", ".") if "e" in text else text.replace(".", ",")


def _seconds(x: float | None) -> str:
    return "–" if x is None else f"{_n(x)} s"


def _mb(x: float | None) -> str:
    return "–" if x is None else f"{_n(x / MB_PER_GB)} GB" if x >= MB_PER_GB else f"{_n(x)} MB"


def _bytes(x: int | None) -> str:
    if x is None:
        return "–"
    for unit, size in (("GB", 1024**3), ("MB", 1024**2), ("kB", 1024)):
        if x >= size:
            return f"{_n(x / size)} {unit}"
    return f"{x} B"


def _count(x: int) -> str:
    return f"{x:,}".replace(",", ".")


def find(outcomes: list[Outcome], command: str, scale: float) -> Outcome | None:
    return next((o for o in outcomes if o.command == command and o.scale == scale), None)


def ratio(outcomes: list[Outcome], o: Outcome) -> float | None:
    floor = find(outcomes, FLOOR, o.scale)
    if o.wall is None or o.status != "ok" or floor is None or floor.status != "ok" or not floor.wall:
        return None
    return o.wall / floor.wall


def table(outcomes: list[Outcome], command: str, note: str = "") -> list[str]:
    rows = sorted((o for o in outcomes if o.command == command), key=lambda o: o.scale)
    if not rows:
        return []
    lines = [f"### {LABELS.get(command, command)}", "", *([note, ""] if note else [])]
    lines += [
        "| schaal | gemeenten | gegevens | kloktijd | processortijd | piekgeheugen | × ondergrens | uitvoer | uitkomst |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for o in rows:
        r = ratio(outcomes, o) if command != FLOOR else None
        status = STATUS.get(o.status, f"**{o.status}**")
        if o.status != "ok" and o.message:
            status += f": {o.message[:160]}"
        lines.append(
            f"| {scale_text(o.scale)} | {municipalities_at(o.scale)} | {_count(o.values)} | {_seconds(o.wall)} "
            f"| {_seconds(o.cpu)} | {_mb(o.peak_mb)} | {'–' if r is None else _n(r) + '×'} "
            f"| {_bytes(o.output_bytes)} | {status} |"
        )
    return lines + [""]


def _smaller_scale_miss(
    outcomes: list[Outcome], command: str, peak_gb: float, wall_limit: float | None = None, below: float = 1.0
) -> str | None:
    """Why the national target is missed already at a smaller scale (a limit hit, or a peak or wall time above
    the target: neither shrinks with more data), or None."""
    for o in sorted((o for o in outcomes if o.command == command and o.scale < below), key=lambda o: o.scale):
        if o.status in ("time-out", "geheugengrens"):
            return f"bij schaal {scale_text(o.scale)} al {STATUS[o.status]}"
        if o.peak_mb is not None and o.peak_mb > peak_gb * MB_PER_GB:
            return f"bij schaal {scale_text(o.scale)} al een piek van {_mb(o.peak_mb)}"
        if wall_limit is not None and o.wall is not None and o.status == "ok" and o.wall > wall_limit:
            return f"bij schaal {scale_text(o.scale)} al {_seconds(o.wall)}"
    return None


def _at_national(outcomes, command, wall_factor, peak_gb, label) -> Target:
    o = find(outcomes, command, 1.0)
    if o is None:
        already = _smaller_scale_miss(outcomes, command, peak_gb)
        if already:
            return Target(label, f"schaal 1 niet gemeten; {already}", False, (command,))
        return Target(label, "niet gemeten (schaal 1 niet in deze run)", None)
    r = ratio(outcomes, o)
    if o.status != "ok" or r is None:
        return Target(label, f"{STATUS.get(o.status, o.status)}", False, (command,))
    ok = r <= wall_factor and o.peak_mb <= peak_gb * MB_PER_GB
    return Target(label, f"{_seconds(o.wall)} = {_n(r)}× de ondergrens, piek {_mb(o.peak_mb)}", ok, (command,))


def targets(outcomes: list[Outcome], startup: tuple[float, float] | None = None) -> list[Target]:
    """The targets of issue 12 (part 5). `startup`: (measured ratio, target ratio) of bundled-case evaluate."""
    out = [
        _at_national(outcomes, "evaluate", 10, 1, "Landelijk: evaluate (tabel) ≤ 10× de ondergrens en ≤ 1 GB piek"),
        _at_national(
            outcomes,
            "evaluate-json",
            15,
            2,
            "Landelijk: evaluate --format json naar bestand ≤ 15× de ondergrens en ≤ 2 GB piek",
        ),
    ]
    explain = find(outcomes, "explain", 1.0)
    label = "Landelijk: explain van één onderwerp-jaar ≤ 3 s (heel proces)"
    already = _smaller_scale_miss(outcomes, "explain", float("inf"), wall_limit=3.0)
    if explain is None:
        out.append(
            Target(label, f"schaal 1 niet gemeten; {already}", False, ("explain",))
            if already
            else Target(label, "niet gemeten", None)
        )
    else:
        out.append(
            Target(
                label,
                f"{_seconds(explain.wall)}, {STATUS.get(explain.status, explain.status)}",
                explain.status == "ok" and explain.wall <= 3,
                ("explain",),
            )
        )
    label = "4× landelijk: elk commando voltooit, piekgeheugen groeit lineair (≤ 4,4× dat bij 1×) en ≤ 4 GB"
    at4 = [o for o in outcomes if o.scale == 4.0 and o.command in COMMANDS]
    if not at4:
        already = {c: m for c in COMMANDS if (m := _smaller_scale_miss(outcomes, c, 4, below=4.0))}
        out.append(
            Target(
                label,
                "schaal 4 niet gemeten; " + "; ".join(f"{c}: {m}" for c, m in already.items()),
                False,
                tuple(already),
            )
            if already
            else Target(label, "niet gemeten (schaal 4 niet in deze run)", None)
        )
    else:
        misses, missed = [], []
        for o in at4:
            one = find(outcomes, o.command, 1.0)
            if o.status != "ok":
                misses.append(f"{o.command}: {STATUS.get(o.status, o.status)}")
            elif o.peak_mb > 4 * MB_PER_GB:
                misses.append(f"{o.command}: piek {_mb(o.peak_mb)}")
            elif one is not None and one.status == "ok" and o.peak_mb > 4.4 * one.peak_mb:
                misses.append(f"{o.command}: piek {_n(o.peak_mb / one.peak_mb)}× die bij 1×")
            if len(misses) > len(missed):
                missed.append(o.command)
        out.append(Target(label, "; ".join(misses) or f"{len(at4)} commando's klaar", not misses, tuple(missed)))
    label = "Opstarten: criteria evaluate op de meegeleverde casus ≤ 1,5× het importeren van de bibliotheken"
    out.append(
        Target(label, "niet gemeten", None)
        if startup is None
        else Target(label, f"{_n(startup[0])}×", startup[0] <= startup[1])
    )
    label = (
        "Een run die niet in het geheugen past, stopt vooraf met een Nederlandse melding (nooit geheugengrens, "
        "exit 134 of een traceback)"
    )
    crashed = [o for o in outcomes if o.status == "geheugengrens" or "Traceback" in o.message]
    probe = next((o for o in outcomes if o.command == PROBE), None)
    if not crashed and probe is None:
        out.append(Target(label, "niet gemeten", None))
    else:
        found = [f"{o.command} {scale_text(o.scale)}: {STATUS.get(o.status, o.status)}" for o in crashed]
        if probe is not None and probe not in crashed:
            found.append(f"proef bij {scale_text(probe.scale)}: {STATUS.get(probe.status, probe.status)}")
        out.append(Target(label, "; ".join(found), not crashed))
    return out


def render(
    outcomes: list[Outcome],
    settings: dict,
    startup: tuple[float, float] | None = None,
    profiles: dict[str, str] | None = None,
    supplements: list[Supplement] | None = None,
) -> list[str]:
    supplements = supplements or []
    separate = {c: s for s in supplements for c in s.commands}
    every = merged(outcomes, supplements)
    limit = settings.get("memory", 0) / 1024**3
    lines = [
        "## Wat een gebruiker merkt: hele processen op oplopende schaal",
        "",
        (
            "Elke meting is één heel proces, zoals een gebruiker het start (`.venv/bin/criteria …`, uitvoer naar een "
            "bestand), op een synthetische casus in het gewone casusformaat op schijf (`benchmarks/case_files.py`): "
            "schaal 1 = landelijk, 342 gemeenten × 8 teams × 10 jaar (plus basisjaar), 40 indicatoren, 13 velden, "
            "2 % ontbrekende gegevens, één tabel per jaar. Kloktijd en processortijd (user + system) en het "
            "piekgeheugen (maxrss) zijn die van het hele proces. De ondergrens (`benchmarks/floor.py`) leest dezelfde "
            "bestanden met polars en rekent dezelfde boom met numpy; zijn totalen zijn gelijk aan die van de engine "
            "(`benchmarks/floor_check.py`). '× ondergrens' is de kloktijd gedeeld door die van de ondergrens op "
            "dezelfde schaal, in dezelfde run (de ondergrens: de snelste van 3)."
        ),
        "",
        (
            f"Elke run is begrensd: hoogstens {_n(limit)} GB adresruimte (RLIMIT_AS) en {settings.get('timeout', 0):g} s. "
            "'geheugengrens' betekent: het proces liep tegen die grens aan (MemoryError, 'memory allocation failed', "
            "exit 134); 'gestopt met melding': het programma weigerde zelf, met exitcode 2. Een commando dat op een "
            "schaal een grens raakt, wordt op grotere schalen overgeslagen."
        ),
        "",
        "### Doelen (issue 12)",
        "",
        "| Doel | Gemeten | Uitkomst |",
        "|---|---|---|",
    ]
    lines += [f"| {t.text} | {t.measured} | {t.outcome} |" for t in targets(every, startup)]
    lines.append("")
    for command in (FLOOR, *COMMANDS, PROBE):
        s = separate.get(command)
        lines += table(outcomes, command) if s is None else table(s.outcomes, command, s.describe())
    examples = {o.command: display(list(o.argv)) for o in every if o.argv}
    if examples:
        lines += ["De commando's precies zoals gemeten (grootste schaal):", "", "```"]
        lines += [examples[c] for c in (FLOOR, *COMMANDS, PROBE) if c in examples] + ["```", ""]
    for command, text in (profiles or {}).items():
        lines += [f"### Niet gehaald: waar de tijd zit bij {command}", "", "```", text, "```", ""]
    return lines


def load(path: Path) -> tuple[list[Outcome], dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    outcomes = [Outcome(**{**o, "argv": tuple(o.get("argv", ()))}) for o in data["outcomes"]]
    return outcomes, data.get("settings", {})


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    outcomes, settings = load(Path(args[0]))
    print("\n".join(render(outcomes, settings)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Run every benchmark and write docs/prestaties.md.

    .venv/bin/pip install -r benchmarks/requirements.txt   # once: polars, scikit-criteria, pymcdm (benchmark only)
    .venv/bin/python -m benchmarks.run                      # everything: ⅛ … 4× national, then the micro-benchmarks
    .venv/bin/python -m benchmarks.run --scales 0.125,0.25 --commands evaluate,explain   # a subset
    # rapport and gevoeligheid at 4× take longer than a whole run can wait: measure them apart, then merge
    .venv/bin/python -m benchmarks.scaling --commands rapport,gevoeligheid --timeout 3600 --resultaat lang.json
    .venv/bin/python -m benchmarks.run --commands validate,evaluate,evaluate-json,explain --aanvulling lang.json

Whole processes at each scale come first (benchmarks/scaling.py), then the in-memory micro-benchmarks.

All ratios are against baselines measured in the same run, on the same machine, at the same time.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

from benchmarks import bench_mcda, bench_national, bench_sensitivity, bench_startup, scaling, scaling_report
from benchmarks.measure import Row, machine
from benchmarks.profiles import profile

REPO = Path(__file__).resolve().parent.parent
COMMAND = ".venv/bin/python -m benchmarks.run"


def _number(x: float, digits: int = 3) -> str:
    return f"{x:.{digits}g}".replace(".", ",") if abs(x) < 1e4 else f"{x:,.0f}".replace(",", ".")


def _amount(x: float | None, unit: str) -> str:
    if x is None:
        return "–"
    if unit == "MB":
        return f"{_number(x)} MB"
    return f"{_number(x * 1000)} ms" if x < 1 else f"{_number(x)} s"


def _ratio(row: Row) -> str:
    r = row.ratio
    if r is None:
        return "–"
    return f"{_number(r)}× ({_number(1 / r)}× sneller)" if r < 1 else f"{_number(r)}×"


def _met(row: Row) -> str:
    return "niet gemeten" if row.met is None else ("gehaald" if row.met else "**niet gehaald**")


def micro(rows: list[Row]) -> list[str]:
    """The in-memory micro-benchmarks: one table, notes, and the profile of every missed target."""
    lines = [
        "## Micro-benchmarks in het geheugen",
        "",
        (
            "Deze metingen draaien binnen één Python-proces, op casussen die in het geheugen zijn gemaakt (geen "
            "bestanden inlezen, geen uitvoer schrijven): ze meten onderdelen van de engine, niet wat een gebruiker "
            "merkt. Tijden zijn de beste van meerdere herhalingen (zie de toelichting)."
        ),
        "",
        "| Meting | Gemeten | Basislijn | Basislijn gemeten | Verhouding | Doel | Uitkomst |",
        "|---|---:|---|---:|---:|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row.name} | {_amount(row.measured, row.unit)} | {row.baseline_name} | "
            f"{_amount(row.baseline, row.unit)} | {_ratio(row)} | {row.target} | {_met(row)} |"
        )
    lines += ["", "### Toelichting per meting", ""]
    lines += [f"- **{row.name}**: {row.note}" for row in rows if row.note]
    for row in (r for r in rows if r.met is False):
        lines += ["", f"### Niet gehaald: {row.name}", "", "```", row.profile or "(geen profiel)", "```"]
    return lines + [""]


def render(sections: list[list[str]], facts: dict[str, str], seconds: float, command: str) -> str:
    lines = [
        "# Prestaties",
        "",
        (
            f"Gemaakt met `{command}` op {date.today().isoformat()} (duur {seconds:.0f} s). Niet met de hand "
            "bewerken: draai het commando opnieuw. Elke verhouding is gemeten tegen een basislijn in dezelfde run, "
            "op dezelfde machine."
        ),
        "",
    ]
    for section in sections:
        lines += section
    lines += ["## Machine", "", "| | |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in facts.items()]
    lines += [
        "",
        (
            "De machine wordt gedeeld: de belasting hierboven (load average) zegt hoe druk ze was. Omdat "
            "basislijn en meting afwisselend of direct na elkaar lopen, raakt drukte beide; de verhouding is "
            "daarom betrouwbaarder dan de losse tijden, en de processortijd betrouwbaarder dan de kloktijd."
        ),
    ]
    return "\n".join(lines).rstrip() + "\n"


def _startup(rows: list[Row]) -> tuple[float, float] | None:
    row = next((r for r in rows if r.name.startswith("Opstarten: criteria evaluate")), None)
    return None if row is None or row.ratio is None else (row.ratio, bench_startup.EVALUATE_TARGET)


HAND_START, HAND_END = "<!-- met de hand", "<!-- /met de hand -->"


def hand_blocks(path: Path) -> str:
    """The hand-measured blocks of the file being replaced (between HAND_START and HAND_END), kept at its end."""
    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    blocks, rest = [], old
    while HAND_START in rest and HAND_END in rest.split(HAND_START, 1)[1]:
        inside, rest = rest.split(HAND_START, 1)[1].split(HAND_END, 1)
        blocks.append(HAND_START + inside + HAND_END)
    return "".join(f"\n{block}\n" for block in blocks)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description="Draai de prestatiemetingen en schrijf docs/prestaties.md.")
    parser.add_argument("--uitvoer", type=Path, default=REPO / "docs" / "prestaties.md")
    parser.add_argument("--gemeenten", type=int, default=342, help="aantal gemeenten in de landelijke casus (micro)")
    scaling.add_arguments(parser)
    parser.add_argument(
        "--uit",
        type=Path,
        help="toon een opgeslagen run (benchmarks/.runs/*.json) in plaats van de hele processen opnieuw te meten",
    )
    parser.add_argument(
        "--aanvulling",
        type=Path,
        action="append",
        default=[],
        help="een opgeslagen run (benchmarks.scaling --resultaat) waarvan de commando's de plaats innemen van die "
        "van deze run, bijvoorbeeld rapport en gevoeligheid met een langere time-out; mag vaker",
    )
    parser.add_argument("--zonder-processen", action="store_true", help="meet geen hele processen op schaal")
    parser.add_argument("--zonder-micro", action="store_true", help="sla de micro-benchmarks in het geheugen over")
    parser.add_argument("--zonder-opstart", action="store_true", help="sla de opstartmeting over")
    parser.add_argument("--zonder-profielen", action="store_true", help="geen profiel bij een gemist doel")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    settings = scaling.settings_from(args)
    log = lambda line: print(line, file=sys.stderr, flush=True)
    outcomes, saved = [], {"timeout": settings.timeout, "memory": settings.memory}
    if args.uit:
        outcomes, saved = scaling_report.load(args.uit)
    elif not args.zonder_processen:
        log("meten: hele processen op schaal …")
        outcomes = scaling.run(settings, log=log)
    rows: list[Row] = []
    steps = (
        []
        if args.zonder_micro
        else [
            ("landelijke casus in het geheugen", lambda: bench_national.run(args.gemeenten)),
            ("piekgeheugen", lambda: [bench_national.peak_row()]),
            ("gewogen som 100.000 × 20", bench_mcda.run),
            ("gevoeligheid", bench_sensitivity.run),
        ]
    )
    if not args.zonder_opstart:
        steps.append(("opstarten", bench_startup.run))
    for label, step in steps:
        log(f"meten: {label} …")
        rows += step()
    startup = _startup(rows)
    supplements = [scaling_report.Supplement(*scaling_report.load(path), path) for path in args.aanvulling]
    every = scaling_report.merged(outcomes, supplements)
    profiles = {}
    if every and not args.zonder_profielen:
        missed = sorted({c for t in scaling_report.targets(every, startup) if t.met is False for c in t.commands})
        for command in missed:
            log(f"profiel: {command} …")
            profiles[command] = profile(command, settings)
    sections = []
    if every:
        sections.append(scaling_report.render(outcomes, saved, startup, profiles, supplements))
    if rows:
        sections.append(micro(rows))
    command = " ".join([COMMAND, *argv])
    text = render(sections, machine(), time.perf_counter() - start, command) + hand_blocks(args.uitvoer)
    args.uitvoer.write_text(text, encoding="utf-8")
    print(text)
    met = sum(1 for r in rows if r.met) + sum(1 for t in scaling_report.targets(every, startup) if t.met)
    log(f"{met} doelen gehaald; zie {args.uitvoer}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

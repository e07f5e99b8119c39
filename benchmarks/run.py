"""Run every benchmark and write docs/prestaties.md.

    .venv/bin/pip install -r benchmarks/requirements.txt   # once: scikit-criteria and pymcdm (benchmark only)
    .venv/bin/python -m benchmarks.run

All ratios are against baselines measured in the same run, on the same machine, at the same time.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

from benchmarks import bench_mcda, bench_national, bench_sensitivity, bench_startup
from benchmarks.measure import Row, machine

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


def render(rows: list[Row], facts: dict[str, str], seconds: float) -> str:
    lines = [
        "# Prestaties",
        "",
        f"Gemaakt met `{COMMAND}` op {date.today().isoformat()} (duur {seconds:.0f} s). Niet met de hand "
        "bewerken: draai het commando opnieuw. Elke verhouding is gemeten tegen een basislijn in dezelfde run, "
        "op dezelfde machine; tijden zijn de beste van meerdere herhalingen (zie de toelichting).",
        "",
        "| Meting | Gemeten | Basislijn | Basislijn gemeten | Verhouding | Doel | Uitkomst |",
        "|---|---:|---|---:|---:|---|---|",
    ]
    for row in rows:
        lines.append(f"| {row.name} | {_amount(row.measured, row.unit)} | {row.baseline_name} | "
                     f"{_amount(row.baseline, row.unit)} | {_ratio(row)} | {row.target} | {_met(row)} |")
    lines += ["", "## Machine", "", "| | |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in facts.items()]
    lines += ["", "De machine wordt gedeeld: de belasting hierboven (load average) zegt hoe druk ze was. Omdat "
              "basislijn en meting afwisselend of direct na elkaar lopen, raakt drukte beide; de verhouding is "
              "daarom betrouwbaarder dan de losse tijden.", "", "## Toelichting per meting", ""]
    lines += [f"- **{row.name}**: {row.note}" for row in rows if row.note]
    missed = [row for row in rows if row.met is False]
    if missed:
        lines += ["", "## Niet gehaald: waar de tijd zit", ""]
        for row in missed:
            lines += [f"### {row.name}", "", "```", row.profile or "(geen profiel)", "```", ""]
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Draai alle prestatiemetingen en schrijf docs/prestaties.md.")
    parser.add_argument("--uitvoer", type=Path, default=REPO / "docs" / "prestaties.md")
    parser.add_argument("--gemeenten", type=int, default=342, help="aantal gemeenten in de landelijke casus")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    rows: list[Row] = []
    for label, step in (("landelijke casus", lambda: bench_national.run(args.gemeenten)),
                        ("piekgeheugen", lambda: [bench_national.peak_row()]),
                        ("gewogen som 100.000 × 20", bench_mcda.run),
                        ("gevoeligheid", bench_sensitivity.run),
                        ("opstarten", bench_startup.run)):
        print(f"meten: {label} …", file=sys.stderr, flush=True)
        rows += step()
    text = render(rows, machine(), time.perf_counter() - start)
    args.uitvoer.write_text(text, encoding="utf-8")
    print(text)
    met = sum(1 for r in rows if r.met)
    print(f"{met} van {len(rows)} doelen gehaald; zie {args.uitvoer}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

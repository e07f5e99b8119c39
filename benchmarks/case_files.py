"""The synthetic national case ON DISK, in the real case format: a folder that `criteria` reads like any user's.

    case.toml               manifest: one partner, every subject (GM0001_PO, ...) with its tag
    toetsingskader.toml     the national ruleset (benchmarks/national_case.py), written as TOML
    data/gegevens-YYYY.csv  the long data table, one file per year (';'-separated, as Dutch Excel writes)

One file per year keeps every table under the product's per-table limits (criteria/limits.py: 200.000 rows,
20 MB) up to 4× national size. The data are national_case.national_data: seeded, so the same scale gives the
same bytes. Generated cases are cached under benchmarks/.cases/ (git-ignored), keyed by scale and
GENERATOR_VERSION; bump the version whenever the output of this module changes.

    .venv/bin/python -m benchmarks.case_files 0.125          # write (or reuse) the case, print its folder
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from benchmarks.national_case import FIRST_YEAR, TEAMS, national_data, ruleset_data
from criteria.authoring.toml_write import dumps

GENERATOR_VERSION = 1
NATIONAL_MUNICIPALITIES = 342
TEAMS_PER_MUNICIPALITY = 8
YEARS = 10
CACHE = Path(__file__).resolve().parent / ".cases"
RULESET_FILE = "toetsingskader.toml"
HEADER = "onderwerp;jaar;veld;partner;waarde;eenheid;bron;kwaliteit"
BRON = "illustratief: synthetische benchmarkgegevens (benchmarks/case_files.py), geen echte gemeente"


@dataclass(frozen=True)
class CaseFiles:
    folder: Path
    scale: float
    municipalities: int
    subjects: int
    values: int  # data rows in all tables
    explain_subject: str  # one subject-year for `criteria explain`
    explain_year: int


def municipalities_at(scale: float) -> int:
    return max(1, round(NATIONAL_MUNICIPALITIES * scale))


def scale_text(scale: float) -> str:
    """'1/8', '1/4', '1/2', '1', '2', '4' (a fraction where the scale is 1/n)."""
    if scale < 1 and math.isclose(1 / scale, round(1 / scale)):
        return f"1/{round(1 / scale)}"
    return f"{scale:g}"


def _number(x: float) -> str:
    return repr(x)  # values carry two decimals at most: never read as thousands ("121.000")


def _manifest(subjects: list[str], tags: list[str], municipalities: int) -> str:
    lines = [
        'id = "nationaal_synthetisch"',
        f'title = "Synthetische landelijke casus: {municipalities} gemeenten × {TEAMS_PER_MUNICIPALITY} teams"',
        'form = "synthetisch (prestatiemeting)"',
        f'ruleset = "{RULESET_FILE}"',
        "data = [" + ", ".join(f'"data/gegevens-{y}.csv"' for y in _years()) + "]",
        "",
        "[partners.nl]",
        'name = "Nederland (synthetisch)"',
        "",
    ]
    titles = {code: title for code, title, _ in TEAMS}
    for sid, tag in zip(subjects, tags):
        municipality, team = sid.split("_", 1)
        lines += [
            f"[subjects.{sid}]",
            f'title = "Gemeente {municipality[2:]} – {titles.get(team, team)}"',
            f'tags = ["{tag}"]',
            "",
        ]
    return "\n".join(lines)


def _years() -> list[int]:
    return list(range(FIRST_YEAR - 1, FIRST_YEAR + YEARS))


def write_case(folder: Path, municipalities: int, seed: int = 0, missing: float = 0.02) -> int:
    """Write the case into `folder` (created); return the number of data rows."""
    subjects, data = national_data(municipalities, TEAMS_PER_MUNICIPALITY, YEARS, seed, missing)
    tags = [TEAMS[i % TEAMS_PER_MUNICIPALITY % len(TEAMS)][2] for i in range(len(subjects))]
    (folder / "data").mkdir(parents=True)
    header = "Synthetisch landelijk toetsingskader voor prestatiemetingen (benchmarks/case_files.py)."
    (folder / RULESET_FILE).write_text(dumps(ruleset_data(YEARS), header=header), encoding="utf-8")
    (folder / "case.toml").write_text(_manifest(subjects, tags, municipalities), encoding="utf-8")
    rows = 0
    for y, year in enumerate(_years()):
        lines = [HEADER]
        for field, array in data.items():
            column = array[:, y].tolist()
            lines += [
                f"{sid};{year};{field};;{_number(v)};;{BRON};C" for sid, v in zip(subjects, column) if not math.isnan(v)
            ]
        rows += len(lines) - 1
        (folder / "data" / f"gegevens-{year}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return rows


def cached_case(scale: float, cache: Path = CACHE) -> CaseFiles:
    """The case at `scale` × national size, written once per generator version (atomically: a half-written
    case is never reused)."""
    municipalities = municipalities_at(scale)
    folder = cache / f"v{GENERATOR_VERSION}-gemeenten{municipalities}"
    count = folder / "gegevens.txt"
    if not count.is_file():
        partial = cache / f".{folder.name}.{os.getpid()}"
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        rows = write_case(partial, municipalities)
        (partial / "gegevens.txt").write_text(f"{rows}\n")
        shutil.rmtree(folder, ignore_errors=True)
        partial.rename(folder)
    subjects = municipalities * TEAMS_PER_MUNICIPALITY
    middle = municipalities // 2
    return CaseFiles(
        folder,
        scale,
        municipalities,
        subjects,
        int(count.read_text()),
        f"GM{middle + 1:04d}_{TEAMS[5][0]}",
        FIRST_YEAR + YEARS // 2,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Schrijf de synthetische landelijke casus naar schijf.")
    parser.add_argument("schaal", type=float, help="1 = landelijk (342 gemeenten × 8 teams × 10 jaar)")
    parser.add_argument("--map", type=Path, default=CACHE, help="cachemap (standaard benchmarks/.cases)")
    args = parser.parse_args(argv)
    case = cached_case(args.schaal, args.map)
    print(case.folder)
    print(f"{case.municipalities} gemeenten, {case.subjects} onderwerpen, {case.values} gegevens", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

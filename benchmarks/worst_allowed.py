"""The worst input the work limits allow, per command, measured as a whole process (issue 11, class 14).

    .venv/bin/python -m benchmarks.worst_allowed                 # every shape and command; prints a Markdown table
    .venv/bin/python -m benchmarks.worst_allowed --shapes jaren --commands evaluate,rapport-html

criteria/limits.py bounds the work an evaluation may ask for (MAX_WORK_CELLS: subjects × years × (parts + fields ×
partners); gevoeligheid: MAX_SAMPLE_CELLS) and the estimated time of evaluate, rapport and gevoeligheid
(estimate_seconds, MAX_SECONDS without --lange-run). This module writes cases that sit exactly AT those limits, in
the shapes that stress different parts of the tool (many years, many subjects, a big ruleset, many partners),
with per timed command as many subjects (gevoeligheid: samples) as its time bound allows, and runs every user
command on them, bounded in memory and time (benchmarks/processes.py). The target is 30 s and 2 GB per command on
the 2-core CI machine; processor time (user + system) is reported beside the wall time because this machine is
shared. Raise a limit only after this shows the worst case still fits.
Cases are written under benchmarks/.cases/grens-* (git-ignored); results go to benchmarks/.runs/grens.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from benchmarks.processes import GB, run_bounded, tail
from criteria import limits
from criteria.authoring.toml_write import dumps

BENCH = Path(__file__).resolve().parent
CASES = BENCH / ".cases"
RUNS = BENCH / ".runs"
BRON = "illustratief: grensgeval (benchmarks/worst_allowed.py), geen echte gemeente"
TARGET_SECONDS, TARGET_MB = 30.0, 2048.0


@dataclass(frozen=True)
class Shape:
    """A case at the work limit: subjects × years × (fields + derived + criteria + indicators + fields × partners)."""

    name: str
    description: str
    subjects: int
    years: int
    fields: int
    criteria: int  # including the root
    indicators: int
    partners: int = 1
    partner_fields: bool = False  # fields with scope = "partner" (one value per partner)

    @property
    def nodes(self) -> int:
        return self.fields + self.criteria + self.indicators

    @property
    def cells(self) -> int:
        return limits.work_cells(self.subjects, self.years, self.nodes, self.fields, self.partners)

    @property
    def tree_nodes(self) -> int:
        return self.criteria + self.indicators

    def size(self, samples: int = 0) -> limits.Size:
        """The counts criteria's time estimate reads (limits.Size) for this shape's case."""
        return limits.Size(
            subjects=self.subjects,
            years=self.years,
            shown_years=self.years,
            nodes=self.nodes,
            fields=self.fields,
            partners=self.partners,
            values=self.subjects * self.rows_per_subject,
            tree_nodes=self.tree_nodes,
            samples=samples,
            columns=max(1, self.criteria - 1),  # every criterion hangs directly under the total
            criteria=self.criteria,
        )

    @property
    def rows_per_subject(self) -> int:
        """Data rows of one subject: a row per year, field and (for partner fields) partner."""
        return self.years * self.fields * (self.partners if self.partner_fields else 1)


def _fit(limit: int, per_subject_year: int, years: int) -> int:
    return max(1, limit // (per_subject_year * years))


def shapes(limit: int | None = None) -> list[Shape]:
    """The shapes at `limit` rekencellen (default: MAX_WORK_CELLS)."""
    limit = limit or limits.MAX_WORK_CELLS
    # 34 parts + 4 fields × 1 partner = 38 cells per subject-year on 4 data rows: enough parts per row that the
    # work limit binds before the case's row limit (MAX_CASE_ROWS) does
    small = dict(fields=4, criteria=6, indicators=24)
    span = limits.MAX_YEAR - limits.MIN_YEAR + 1
    out = [
        Shape("jaren", f"alle {span} toegestane jaren, een klein kader", _fit(limit, 38, span), span, **small),
        Shape(
            "onderwerpen",
            "zoveel onderwerpen als mag (hoogstens MAX_SUBJECTS), één jaar",
            min(limits.MAX_SUBJECTS, _fit(limit, 38, 1)),
            1,
            **small,
        ),
    ]
    per = max(15, -(-limit // limits.MAX_SUBJECTS))  # when the subject limit binds first: a bigger ruleset
    if per > 15:
        fields = max(4, min(per // 3, limits.MAX_CASE_ROWS // limits.MAX_SUBJECTS))  # one data row per field
        out[-1] = Shape(
            "onderwerpen",
            "zoveel onderwerpen als mag (MAX_SUBJECTS), één jaar, een kader dat de rest vult",
            limits.MAX_SUBJECTS,
            1,
            fields,
            max(3, per // 6),
            max(4, per - 2 * fields - per // 6),
        )
    big_fields = min(limits.MAX_FIELDS, limit // 4)
    big_ind = min(limits.MAX_INDICATORS, max(4, limit // 4))
    big_crit = min(limits.MAX_CRITERIA, max(3, big_ind // 4))
    per_big = 2 * big_fields + big_crit + big_ind
    out.append(
        Shape(
            "kader",
            "een zo groot mogelijk toetsingskader (velden, criteria, indicatoren)",
            max(1, limit // per_big),
            1,
            big_fields,
            big_crit,
            big_ind,
        )
    )
    partners = limits.MAX_PARTNERS
    pf = max(1, min(limits.MAX_FIELDS, limit // (partners + 1 + 2)))
    out.append(
        Shape(
            "partners",
            f"{partners} partnergemeenten, velden per partner",
            max(1, limit // (pf * (partners + 1) + 2 + min(pf, limits.MAX_INDICATORS))),
            1,
            pf,
            2,
            min(pf, limits.MAX_INDICATORS),  # one indicator per field, within the ruleset's limit
            partners=partners,
            partner_fields=True,
        )
    )
    cells = 1_000  # gevoeligheid with the smallest tree: the most samples, every sampled total kept
    out.append(Shape("steekproeven", "een kader met één indicator: zoveel steekproeven als mag", cells, 1, 1, 1, 1))
    out = [_within_rows(s) for s in out]
    return [s for s in out if s.cells <= limit] + ([group_shape()] if limit == limits.MAX_WORK_CELLS else [])


def _within_rows(shape: Shape) -> Shape:
    """The shape with as many subjects as the case's data rows allow (MAX_CASE_ROWS): a bigger input cannot be read,
    so it is not the worst allowed one."""
    fit = max(1, limits.MAX_CASE_ROWS // shape.rows_per_subject)
    return shape if shape.subjects <= fit else replace(shape, subjects=fit)


ROWS_PER_TABLE = 150_000  # under MAX_ROWS, and at ~80 bytes a row under MAX_TABLE_BYTES


def data_tables(shape: Shape) -> list[str]:
    """The data tables of the shape's case: as many as its rows need at ROWS_PER_TABLE each."""
    rows = shape.subjects * shape.rows_per_subject
    return [f"data/gegevens-{i:03d}.csv" for i in range(max(1, -(-rows // ROWS_PER_TABLE)))]


def ruleset_data(shape: Shape, first_year: int) -> dict:
    fields = {
        f"f{i:04d}": {"title": f"Gegeven {i}", "min": 0, **({"scope": "partner"} if shape.partner_fields else {})}
        for i in range(shape.fields)
    }
    criteria: dict = {"totaal": {"title": "Totaal"}}
    for c in range(1, shape.criteria):
        criteria[f"c{c:04d}"] = {"title": f"Criterium {c}", "parent": "totaal", "weight": 1 + c % 3}
    parents = [c for c in criteria if c != "totaal"] or ["totaal"]
    names = list(fields)
    indicators = {}
    for i in range(shape.indicators):
        name = names[i % len(names)]
        formula = f"sum_partners({name})" if shape.partner_fields else name
        indicators[f"i{i:04d}"] = {
            "title": f"Indicator {i}",
            "parent": parents[i % len(parents)],
            "weight": 1 + i % 4,
            "formula": formula,
            "scoring": {"kind": "linear", "slecht": 0, "goed": 100},
            "norm": {"at_least": 50},
            "toelichting": "grensgeval",
        }
    return {
        "id": "grensgeval",
        "version": "1",
        "title": f"Grensgeval: {shape.description}",
        "authors": ["benchmarks/worst_allowed.py"],
        "basis": "synthetisch, voor de grensmetingen",
        "years": list(range(first_year, first_year + shape.years)),
        "missing_data": "reweigh",
        "fields": fields,
        "criteria": criteria,
        "indicators": indicators,
    }


def write_shape(shape: Shape, folder: Path) -> Path:
    """Write the ruleset, case.toml and one data table (every subject, year, field and partner) into `folder`."""
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "data").mkdir(parents=True)
    first_year = limits.MAX_YEAR - shape.years + 1
    (folder / "kader.toml").write_text(dumps(ruleset_data(shape, first_year)), encoding="utf-8")
    partners = [f"p{p:03d}" for p in range(shape.partners)]
    lines = [
        'id = "grensgeval"',
        f'title = "Grensgeval {shape.name}"',
        'form = "synthetisch"',
        'ruleset = "kader.toml"',
        f"data = {json.dumps(data_tables(shape))}",
        "",
    ]
    for p in partners:
        lines += [f"[partners.{p}]", f'name = "Gemeente {p}"', ""]
    for s in range(shape.subjects):
        lines += [f"[subjects.S{s:05d}]", f'title = "Onderwerp {s}"', ""]
    (folder / "case.toml").write_text("\n".join(lines), encoding="utf-8")
    header = "onderwerp;jaar;veld;partner;waarde;eenheid;bron;kwaliteit\n"
    tables = iter(data_tables(shape))
    out, written = None, ROWS_PER_TABLE
    for s in range(shape.subjects):
        for y in range(first_year, first_year + shape.years):
            for f in range(shape.fields):
                value = (s * 7 + y * 3 + f) % 100
                for p in partners if shape.partner_fields else [""]:
                    if written == ROWS_PER_TABLE:
                        if out is not None:
                            out.close()
                        out, written = (folder / next(tables)).open("w", encoding="utf-8"), 0
                        out.write(header)
                    out.write(f"S{s:05d};{y};f{f:04d};{p};{value};;{BRON};C\n")
                    written += 1
    if out is not None:
        out.close()
    return folder


GROUP_COMPARISONS = 4  # indicators with a reference_group nullijn (median: the slowest statistic)


def group_shape() -> Shape:
    """Reference groups at the limit: comparisons × gemeenten × subjects × years at MAX_GROUP_CELLS, each subject its
    own gemeente (so each has its own group: the table without it)."""
    parts = 2 + 2 + GROUP_COMPARISONS  # fields a, b; criteria totaal, c0001; the indicators
    subjects = min(limits.MAX_SUBJECTS, limits.MAX_WORK_CELLS // parts)
    while GROUP_COMPARISONS * subjects * subjects > limits.MAX_GROUP_CELLS:  # every subject's code is in the table
        subjects -= 1
    return Shape(
        "groepen",
        "een eigen referentietabel zo groot als mag, elk onderwerp een eigen gemeente",
        subjects,
        1,
        2,
        2,
        GROUP_COMPARISONS,
        partners=0,
    )


def group_gemeenten(shape: Shape) -> int:
    return limits.MAX_GROUP_CELLS // (GROUP_COMPARISONS * shape.subjects * shape.years)


def write_group_shape(shape: Shape, folder: Path) -> Path:
    """A benchmark case: every subject a gemeente with its own code, compared with one group of all gemeenten of an
    own reference table (wide layout) on GROUP_COMPARISONS indicators."""
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "data").mkdir(parents=True)
    year = limits.MAX_YEAR
    data = ruleset_data(shape, year)
    data["reference_groups"] = {"alle": {"title": "Alle gemeenten van de tabel", "min_members": 2}}
    for ind in data["indicators"].values():
        ind.update(
            formula="a / b",
            measure="relative_difference",
            scoring={"kind": "linear", "slecht": 50, "goed": -50},
            norm={"at_most": 10},
            nullijn={
                "kind": "reference_group",
                "group": "alle",
                "statistic": "median",
                "numerator": "a",
                "denominator": "b",
            },
        )
    data["fields"] = {"a": {"title": "Teller", "min": 0}, "b": {"title": "Noemer", "min": 1}}
    (folder / "kader.toml").write_text(dumps(data), encoding="utf-8")
    lines = [
        'id = "grensgeval"',
        'kind = "benchmark"',
        'title = "Grensgeval groepen"',
        'form = "synthetisch"',
        'ruleset = "kader.toml"',
        'data = ["data/gegevens.csv"]',
        "",
        "[reference]",
        'file = "data/referentie.csv"',
        'layout = "wide"',
        f'bron = "{BRON}, {{veld}}, {{jaar}}"',
        'quality = "C"',
        "",
    ]
    for s in range(shape.subjects):
        lines += [f"[subjects.S{s:05d}]", f'title = "Onderwerp {s}"', 'kind = "gemeente"', f'code = "GM{s:04d}"', ""]
    (folder / "case.toml").write_text("\n".join(lines), encoding="utf-8")
    with (folder / "data" / "gegevens.csv").open("w", encoding="utf-8") as out:
        out.write("onderwerp;jaar;veld;waarde;eenheid;bron;kwaliteit\n")
        for s in range(shape.subjects):
            out.write(f"S{s:05d};{year};a;{s % 97 + 10};;{BRON};C\nS{s:05d};{year};b;{s % 13 + 1};;{BRON};C\n")
    with (folder / "data" / "referentie.csv").open("w", encoding="utf-8") as out:
        out.write("gemeente_code;jaar;naam;a;b\n")
        for g in range(group_gemeenten(shape)):
            out.write(f"GM{g:04d};{year};Gemeente {g};{g % 89 + 10};{g % 11 + 1}\n")
    return folder


def samples_for(shape: Shape) -> int:
    """The most Monte Carlo samples gevoeligheid allows for this shape: within its size limits and its time bound."""
    from criteria.cli.commands.gevoeligheid import MAX_SAMPLES

    most = max(1, min(MAX_SAMPLES, limits.most_samples(shape.subjects, shape.years, shape.tree_nodes)))
    while most > 1 and limits.check_time("gevoeligheid", shape.size(most)):
        most = most * 9 // 10
    return most


JOBS = {"evaluate": "evaluate", "evaluate-json": "json", "rapport-html": "rapport", "rapport-md": "rapport"}
JOBS.update({"rapport-xlsx": "rapport", "gevoeligheid": "gevoeligheid"})


def timed(shape: Shape, command: str) -> Shape:
    """The shape with as many subjects as the command's time bound allows (limits.check_time): a bigger input is
    refused before work, so it is not the worst allowed one."""
    job = JOBS.get(command)
    samples = 1  # gevoeligheid: the subjects that fit with one sample (samples_for then fits the samples)
    if job is None or not limits.check_time(job, shape.size(samples)):
        return shape
    low, high = 1, shape.subjects
    while low < high:  # the most subjects whose estimate fits
        middle = (low + high + 1) // 2
        if limits.check_time(job, replace(shape, subjects=middle).size(samples)):
            high = middle - 1
        else:
            low = middle
    return replace(shape, subjects=low)


COMMANDS = (
    "validate",
    "evaluate",
    "evaluate-json",
    "explain",
    "rapport-html",
    "rapport-md",
    "rapport-xlsx",
    "gevoeligheid",
    "test",
    "diff",
)


def commands(shape: Shape, case: Path, out: Path, criteria: str) -> dict[str, list[str]]:
    c = str(case)
    year = str(limits.MAX_YEAR)
    new = case / "kader-nieuw.toml"
    commands = {
        "validate": [criteria, "validate", c],
        "evaluate": [criteria, "evaluate", c, "-o", str(out / "evaluate.txt")],
        "evaluate-json": [criteria, "evaluate", c, "--format", "json", "-o", str(out / "evaluate.json")],
        "explain": [criteria, "explain", c, "--onderwerp", "S00000", "--jaar", year, "-o", str(out / "explain.txt")],
        "rapport-html": [criteria, "rapport", c, "--formaat", "html", "-o", str(out / "rapport.html")],
        "rapport-md": [criteria, "rapport", c, "--formaat", "markdown", "-o", str(out / "rapport.md")],
        # above the subjects of a report in one file: a folder (rapport --map)
        **(
            {
                f"rapport-{short}": [criteria, "rapport", c, "--map", "--formaat", fmt, "-o", str(out / f"map-{short}")]
                for short, fmt in (("html", "html"), ("md", "markdown"))
            }
            if shape.subjects > limits.MAX_REPORT_FILE_SUBJECTS
            else {}
        ),
        "rapport-xlsx": [criteria, "rapport", c, "--formaat", "xlsx", "-o", str(out / "rapport.xlsx")],
        "gevoeligheid": [
            criteria,
            "gevoeligheid",
            c,
            "--steekproeven",
            str(samples_for(shape)),
            "-o",
            str(out / "gevoeligheid.txt"),
        ],
        "test": [criteria, "test", str(case / "kader.toml"), "-o", str(out / "test.txt")],
        "diff": [criteria, "diff", str(case / "kader.toml"), str(new), "--case", c, "-o", str(out / "diff.txt")],
    }
    return {
        name: argv + ["--force"] if "-o" in argv and "--map" not in argv else argv for name, argv in commands.items()
    }


def selftests_for(shape: Shape) -> int:
    """The most self-tests `criteria test` allows for this shape's ruleset."""
    return max(
        1,
        min(
            limits.MAX_SELFTESTS,
            limits.MAX_SELFTEST_WORK // (shape.nodes + shape.fields * (shape.partners if shape.partner_fields else 0)),
        ),
    )


def write_selftests(shape: Shape, case: Path) -> None:
    """kader.tests.toml: as many tests as allowed, each giving the first field and expecting the first indicator."""
    if shape.partner_fields:
        given = "".join(f"partners.p{p:03d} = {{ f0000 = 1 }}\n" for p in range(shape.partners))
        expect = float(min(shape.partners, 100)) / 10
    else:
        given, expect = "values = { f0000 = 50 }\n", 5.0
    tests = [
        f'[[test]]\nname = "test {i}"\n{given}expect.i0000 = {{ score = {expect} }}\n'
        for i in range(selftests_for(shape))
    ]
    (case / "kader.tests.toml").write_text('ruleset = "grensgeval"\n\n' + "\n".join(tests), encoding="utf-8")


def write_changed_ruleset(shape: Shape, case: Path) -> None:
    """kader-nieuw.toml: every weight changed (one edit per criterion and indicator), for `diff --case`."""
    import tomllib

    data = tomllib.loads((case / "kader.toml").read_text(encoding="utf-8"))
    for section in ("criteria", "indicators"):
        for node in data[section].values():
            if "weight" in node:
                node["weight"] = node["weight"] + 1
    (case / "kader-nieuw.toml").write_text(dumps({**data, "version": "2"}), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Meet het zwaarste geval dat de grenzen toelaten, per commando.")
    parser.add_argument("--shapes", help="vormen, met komma's (standaard: alle)")
    parser.add_argument("--commands", help="commando's, met komma's (standaard: alle)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconden per run (standaard 300)")
    parser.add_argument("--geheugen", type=float, default=6.0, help="geheugengrens per run in GB (standaard 6)")
    parser.add_argument(
        "--grens",
        type=int,
        help="meet bij deze MAX_WORK_CELLS in plaats van de huidige grens "
        "(alleen de vorm van de casus; het programma zelf past zijn eigen grens toe)",
    )
    args = parser.parse_args(argv)
    criteria = str(Path(sys.executable).parent / "criteria")
    chosen = [s for s in shapes(args.grens) if not args.shapes or s.name in args.shapes.split(",")]
    RUNS.mkdir(exist_ok=True)
    results = []
    print(f"MAX_WORK_CELLS = {args.grens or limits.MAX_WORK_CELLS}; load average {os.getloadavg()[0]:.2f}")
    print(
        "| vorm | onderwerpen × jaren × (onderdelen + velden × partners) | rekencellen | commando | klok | processor "
        "| piekgeheugen | uitkomst |"
    )
    print("|---|---|---:|---|---:|---:|---:|---|")
    for base in chosen:
        written: dict[int, Path] = {}
        out = RUNS / "grens-uitvoer"
        out.mkdir(parents=True, exist_ok=True)
        for name in COMMANDS:
            if base.name == "groepen" and name == "test":  # self-tests of groups need reference rows per test
                continue
            if args.commands and name not in args.commands.split(","):
                continue
            shape = timed(base, name)  # the most subjects this command's time bound allows
            if shape.subjects not in written:
                write = write_group_shape if shape.name == "groepen" else write_shape
                folder = f"grens-{shape.name}" + ("" if shape == base else f"-{shape.subjects}")
                written[shape.subjects] = case = write(shape, CASES / folder)
                write_changed_ruleset(shape, case)
                write_selftests(shape, case)
            command = commands(shape, written[shape.subjects], out, criteria)[name]
            code, status, wall, cpu, peak, _ = run_bounded(
                command,
                stdout=out / "stdout",
                stderr=out / "stderr",
                timeout=args.timeout,
                memory=int(args.geheugen * GB),
            )
            ok = status == "ok" and cpu <= TARGET_SECONDS and peak <= TARGET_MB  # processor time: a shared machine
            formula = f"{shape.subjects} × {shape.years} × ({shape.nodes} + {shape.fields} × {shape.partners})"
            if shape.name == "groepen":
                formula += (
                    f"; groepen {GROUP_COMPARISONS} × {group_gemeenten(shape)} × {shape.subjects} × {shape.years}"
                )
            extra = {
                "gevoeligheid": f" ({samples_for(shape)} steekproeven)",
                "test": f" ({selftests_for(shape)} tests)",
            }.get(name, "")
            print(
                f"| {shape.name} | {formula} | {shape.cells:,} | {name}{extra} | {wall:.1f} s | {cpu:.1f} s | "
                f"{peak:.0f} MB | {status}{'' if ok else ' — boven 30 s / 2 GB' if status == 'ok' else ''} |",
                flush=True,
            )
            results.append(
                {
                    "shape": asdict(shape),
                    "cells": shape.cells,
                    "command": name,
                    "status": status,
                    "wall": wall,
                    "cpu": cpu,
                    "peak_mb": peak,
                    "exit_code": code,
                    "message": "" if status == "ok" else tail(out / "stderr"),
                }
            )
            (RUNS / "grens.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

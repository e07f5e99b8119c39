"""`criteria init`: a commented starting point for a ruleset (with self-tests) or a case that validates.

Pure: the functions return file names and texts; the command writes them.
"""

from __future__ import annotations

import json
import math
import os
import re
from importlib.resources import files
from pathlib import Path

from criteria.authoring.selftest.case import base_years, named_partners
from criteria.rules.compile import CompiledRuleset

BRON = "illustratief: voorbeeldwaarde van criteria init, vervang door de echte bron (document, pagina of cel)"


def identifier(name: str) -> str:
    text = re.sub(r"[^A-Za-z0-9_]", "_", name.strip())
    return text if re.match(r"[A-Za-z_]", text) else "kader_" + text


def _template(name: str, **values: str) -> str:
    text = files("criteria.authoring.scaffold").joinpath(name).read_text(encoding="utf-8")
    if not values.get("schema"):  # no schema folder known: no editor directive
        text = text.split("\n", 1)[1]
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


def _rel(target: Path | None, start: Path) -> str:
    return "" if target is None else Path(os.path.relpath(target, start)).as_posix()


def _schema(schemas: Path | None, name: str) -> Path | None:
    return None if schemas is None else schemas / name


def ruleset_files(name: str, folder: Path, schemas: Path | None) -> dict[Path, str]:
    rid = identifier(name)
    path = folder / f"{name}.toml"
    common = dict(
        id=rid,
        title=f"Toetsingskader {name}",
        path=path.as_posix(),
        schema=_rel(_schema(schemas, "ruleset.schema.json"), folder),
    )
    tests = dict(common, schema=_rel(_schema(schemas, "test.schema.json"), folder))
    return {
        path: _template("ruleset_template.toml", **common),
        folder / f"{name}.tests.toml": _template("tests_template.toml", **tests),
    }


def _example(compiled: CompiledRuleset, field: str) -> float | str:
    f = compiled.ruleset.fields[field]
    if f.type == "label":
        if f.labels:
            return f.labels[-1]
        return "ja"
    if f.min is not None and f.max is not None:
        return (f.min + f.max) / 2
    return (f.min if f.min is not None else 0) + 1


def _number(value: float | str) -> str:
    if isinstance(value, str):
        return value
    return f"{value:g}".replace(".", ",")


EXAMPLE_CODES = ("GM0014", "GM0034", "GM0344", "GM0363")  # Groningen, Almere, Utrecht, Amsterdam: in every year


def _reference_values(partners: list[str]):
    """The bundled CBS figures: a field that is one of its columns gets the real value of the example code."""
    from criteria.errors import ProblemList
    from criteria.load.reference import load_reference
    from criteria.model.case import ReferenceSpec

    return load_reference(ReferenceSpec(source="cbs-iv3", document="jaarrekening"), None, "", ProblemList())


def _real_row(real, field: str, partner: str, year: int, i: int, unit: str) -> str:
    table = real.table
    code = EXAMPLE_CODES[i % len(EXAMPLE_CODES)]
    c, y = table.code_index()[code], int(table.year_columns([year])[0])
    value = float(table.columns[field][c, y]) if y >= 0 else float("nan")
    if y < 0 or math.isnan(value):
        return f";{year};{field};{partner};1;{unit};{BRON};C"
    return f";{year};{field};{partner};{value:.0f};{unit};{real.bron(field, int(table.row[c, y]))};A"


def case_files(
    name: str, folder: Path, ruleset_path: Path, compiled: CompiledRuleset, schemas: Path | None
) -> dict[Path, str]:
    rs = compiled.ruleset
    case_dir = folder / name
    tags = sorted(
        {t for item in list(rs.criteria.values()) + list(rs.indicators.values()) for t in (item.applies_to or [])}
    )
    named = named_partners(compiled)
    partners = sorted(named)
    partners += [f"partner_{i}" for i in range(len(partners) + 1, 3)]  # a samenwerking has two partners or more
    # every tag of applies_to on some subject: a tag no subject carries is refused (it would apply to nobody)
    subjects = [("A", "Team A", tags[0::2]), ("B", "Team B", tags[1::2] or tags[:1])]
    directive = _rel(_schema(schemas, "case.schema.json"), case_dir)
    lines = ([f"#:schema {directive}"] if directive else []) + [
        f"# Casus {name}, gemaakt met `criteria init case`. Controleer met: criteria validate {case_dir.as_posix()}",
        "# De gegevens in data/gegevens.csv zijn voorbeeldwaarden (illustratief): vervang ze door echte.",
        "",
        f'id = "{identifier(name)}"',
        f'title = "Casus {name}"',
        'form = "vervlochten teams (één leiding voor de partnergemeenten)"',
        f'ruleset = "{_rel(ruleset_path, case_dir)}"',
        'data = ["data/gegevens.csv"]',
        "",
    ]
    groups = bool(rs.group_comparisons())
    if groups:  # the ruleset compares with a reference group: the bundled CBS figures, and a code per partner
        lines += [
            "# Het toetsingskader vergelijkt met een referentiegroep: de meegeleverde CBS-cijfers (docs/referentiegroep.md).",
            "[reference]",
            'source = "cbs-iv3"',
            'document = "jaarrekening"',
            "",
        ]
    for i, p in enumerate(partners):
        title = f"Gemeente {p.replace('_', ' ').title()}" if p in named else f"Partnergemeente {p.rsplit('_', 1)[1]}"
        code = (
            [f'code = "{EXAMPLE_CODES[i % len(EXAMPLE_CODES)]}"  # voorbeeld: de CBS-code van deze gemeente']
            if groups
            else []
        )
        lines += [f"[partners.{p}]", f'name = "{title}"', *code, ""]
    for sid, title, sub_tags in subjects:
        lines += [
            f"[subjects.{sid}]",
            f'title = "{title}"',
            'kind = "vervlochten_team"',
            f"tags = {json.dumps(sub_tags, ensure_ascii=False)}",
            "",
        ]
    years = sorted(set(rs.years) | set(base_years(rs)))
    rows = [
        "onderwerp;jaar;veld;partner;waarde;eenheid;bron;kwaliteit",
        "# Voorbeeldgegevens, één regel per waarde. Scheidingsteken puntkomma, decimaalteken komma.",
        "# Elke bron die met 'illustratief:' begint, markeert het rapport als niet-echt gegeven.",
    ]
    real = _reference_values(partners) if groups else None
    for field, f in rs.fields.items():
        value = _number(_example(compiled, field))
        for year in years:
            if f.scope == "partner" and real is not None and field in real.table.columns:
                rows += [_real_row(real, field, p, year, i, f.unit) for i, p in enumerate(partners)]
            elif f.scope == "partner":
                rows += [f";{year};{field};{p};{value};{f.unit};{BRON};C" for p in partners]
            elif f.scope == "samenwerking":
                rows.append(f";{year};{field};;{value};{f.unit};{BRON};C")
            else:
                rows += [f"{sid};{year};{field};;{value};{f.unit};{BRON};C" for sid, _, _ in subjects]
    return {
        case_dir / "case.toml": "\n".join(lines).rstrip() + "\n",
        case_dir / "data" / "gegevens.csv": "\n".join(rows) + "\n",
    }

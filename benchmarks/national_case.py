"""A synthetic national case, in memory: every municipality × its teams × years, as Ruleset and Case models.

342 municipalities × 8 teams × 10 years by default; 40 indicators with formulas (ratios, derived fields),
nullijn (base year, reference group, fixed value) and norms (with knock-outs, one capping and one
failing its criterion), an indicator that applies to primary-process teams only, and a share of missing
values (re-weighed). The data are random but reproducible (seeded); nothing here describes a real
municipality.

    ruleset, case = national_case(municipalities=5)
"""

from __future__ import annotations

import numpy as np

from criteria.model.case import Case, DataValue, Manifest, Partner, Subject
from criteria.model.ruleset import Ruleset
from criteria.model.values import CaseValues, Source

FIRST_YEAR = 2015
FIELDS = [f"x{i:02d}" for i in range(1, 13)]
TEAMS = [
    ("PO", "P&O", "overhead"),
    ("COM", "Communicatie", "overhead"),
    ("FA", "Financiën", "overhead"),
    ("FZ", "Facilitaire Zaken", "overhead"),
    ("ICT", "Informatisering", "overhead"),
    ("HH", "Handhaving", "primair_proces"),
    ("VTH", "Vergunningen", "primair_proces"),
    ("BRP", "Burgerzaken", "primair_proces"),
]
CRITERIA = {"flexibiliteit": 30, "kosten": 30, "kwaliteit": 25, "proces": 15}
SUB_WEIGHTS = (60, 40)
DERIVED = {
    "d1": "x01 + x02",
    "d2": "d1 / x03 * 100",
    "d3": "abs(x04 - x05)",
    "d4": "max(x06, x07) / min(x08, x09) * 100",
}
# pattern 3: a derived field with its linear anchors (slecht, goed)
DERIVED_ANCHORS = {"d2": (320.0, 120.0), "d3": (90.0, 0.0), "d4": (260.0, 100.0)}
_FIELDS_SET = frozenset(DataValue.model_fields)  # shared by every generated value (saves memory)


def _indicator(i: int, parent: str) -> dict:
    a, b = i % 12, (i * 5 + 3) % 12
    b = b if b != a else (a + 1) % 12
    xa, xb = FIELDS[a], FIELDS[b]
    common = {
        "title": f"Indicator {i + 1:02d}",
        "parent": parent,
        "weight": float(10 + (i * 7) % 21),
        "toelichting": "synthetisch",
    }
    pattern = i % 4
    if pattern == 0:
        spec = {
            "formula": f"{xa} / {xb} * 100",
            "unit": "%",
            "scoring": {"kind": "linear", "slecht": 170, "goed": 60},
            "norm": {"at_most": 125},
        }
    elif pattern == 1:
        spec = {
            "formula": xa,
            "measure": "relative_difference",
            "scoring": {"kind": "linear", "slecht": 25, "goed": -15},
            "norm": {"at_most": 8},
        }
    elif pattern == 2:
        spec = {
            "formula": f"({xa} + {xb}) / 2",
            "measure": "index",
            "nullijn": {"kind": "reference", "field": "ref"},
            "scoring": {"kind": "linear", "slecht": 150, "goed": 70},
        }
        if i % 8 == 2:
            spec["norm"] = {"at_most": 115}
    else:
        name = sorted(DERIVED_ANCHORS)[i % 3]
        slecht, goed = DERIVED_ANCHORS[name]
        spec = {
            "formula": f"{name} * 1",
            "measure": "difference",
            "nullijn": {"kind": "fixed", "value": 0},
            "scoring": {"kind": "linear", "slecht": slecht, "goed": goed},
            "norm": {"at_most": (slecht + goed) / 2},
        }
    if i == 4:
        spec["norm"] = {**spec["norm"], "knockout": "cap", "cap": 5.4}
    if i == 9:
        spec["norm"] = {**spec["norm"], "knockout": "fail"}
    if i == 0:
        spec["applies_to"] = ["primair_proces"]
    return {**common, **spec}


def national_ruleset(years: int = 10) -> Ruleset:
    return Ruleset.model_validate(ruleset_data(years))


def ruleset_data(years: int = 10) -> dict:
    """The national ruleset as plain data (what the TOML file holds; benchmarks/case_files.py writes it)."""
    criteria: dict = {"totaal": {"title": "Totaal"}}
    subs = []
    for name, weight in CRITERIA.items():
        criteria[name] = {"title": name.capitalize(), "parent": "totaal", "weight": weight}
        for j, sub_weight in enumerate(SUB_WEIGHTS):
            sub = f"{name}_{j + 1}"
            criteria[sub] = {"title": f"{name.capitalize()} {j + 1}", "parent": name, "weight": sub_weight}
            subs.append(sub)
    indicators = {f"i{i + 1:02d}": _indicator(i, subs[i // 5]) for i in range(40)}
    fields = {f: {"title": f"Gegeven {f}"} for f in FIELDS}
    fields["ref"] = {"title": "Referentiewaarde"}
    return {
        "id": "nationaal_synthetisch",
        "version": "1",
        "title": "Synthetisch landelijk toetsingskader",
        "authors": ["benchmarks/national_case.py"],
        "basis": "synthetisch, voor prestatiemetingen",
        "years": list(range(FIRST_YEAR, FIRST_YEAR + years)),
        "missing_data": "reweigh",
        "nullijn": {"kind": "base_year", "year": FIRST_YEAR - 1},
        "fields": fields,
        "derived": {k: {"title": k, "formula": v} for k, v in DERIVED.items()},
        "criteria": criteria,
        "indicators": indicators,
    }


def national_data(municipalities: int, teams: int, years: int, seed: int, missing: float) -> tuple[list[str], dict]:
    """Subject ids and, per field, an array (subjects, years + 1) with NaN where a value is missing."""
    rng = np.random.default_rng(seed)
    subjects = [
        f"GM{m + 1:04d}_{TEAMS[t % len(TEAMS)][0]}{'' if t < len(TEAMS) else t}"
        for m in range(municipalities)
        for t in range(teams)
    ]
    n, span = len(subjects), years + 1
    t = np.arange(span)
    data = {}
    for f in FIELDS:
        level = rng.lognormal(np.log(100), 0.3, size=(n, 1))
        slope = rng.normal(0, 0.03, size=(n, 1))
        data[f] = level * np.exp(slope * t + rng.normal(0, 0.05, size=(n, span)))
    data["ref"] = rng.lognormal(np.log(100), 0.1, size=(n, span))
    for f, column in data.items():
        data[f] = np.where(rng.random((n, span)) < missing, np.nan, np.round(column, 2))
    return subjects, data


def national_case(
    municipalities: int = 342, teams: int = 8, years: int = 10, seed: int = 0, missing: float = 0.02
) -> tuple[Ruleset, Case]:
    ruleset = national_ruleset(years)
    ids, data = national_data(municipalities, teams, years, seed, missing)
    subjects = {sid: Subject(title=sid, tags=[TEAMS[i % teams % len(TEAMS)][2]]) for i, sid in enumerate(ids)}
    manifest = Manifest(
        id="nationaal",
        title=f"Synthetisch: {municipalities} gemeenten × {teams} teams",
        form="synthetisch",
        ruleset="(in het geheugen)",
        data=["(gegenereerd)"],
        partners={"nl": Partner(name="Nederland")},
        subjects=subjects,
    )
    digest = f"synthetisch-{municipalities}-{teams}-{years}-{seed}-{missing}"
    values = national_values(ids, data, list(range(FIRST_YEAR - 1, FIRST_YEAR + years)))
    return ruleset, Case.model_construct(manifest=manifest, values=values, sha256=digest, source="")


def national_values(ids: list[str], data: dict, year_list: list[int]) -> CaseValues:
    """The generated values as the case's columns (field by field, subject by subject, year by year)."""
    parts = [(code, *np.nonzero(~np.isnan(array))) for code, array in enumerate(data.values())]
    field = np.concatenate([np.full(len(s), code, dtype=np.int32) for code, s, _ in parts])
    subject = np.concatenate([s for _, s, _ in parts]).astype(np.int32)
    year_index = np.concatenate([y for _, _, y in parts])
    number = np.concatenate([array[s, y] for array, (_, s, y) in zip(data.values(), parts)])
    n = len(field)
    none, zero = np.full(n, -1, dtype=np.int32), np.zeros(n, dtype=np.int32)
    return CaseValues(
        field=field,
        subject=subject,
        partner=none,
        year=np.array(year_list, dtype=np.int32)[year_index],
        number=number.astype(float),
        label=none,
        unit=none,
        bron=zero,
        quality=np.full(n, 2, np.int8),
        source=zero,
        row=zero,
        fields=tuple(data),
        subjects=tuple(ids),
        texts=("synthetisch",),
        sources=(Source("(gegenereerd)"),),
    )

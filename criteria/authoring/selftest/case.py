"""One self-test as an in-memory case: one subject ("T") with its tags, values in the test year and the
nullijn years, partner values; plus the located checks of those values against the ruleset (pure)."""

from __future__ import annotations

from criteria.errors import Problem
from criteria.load.selftest import LoadedTest
from criteria.model.case import Case, DataValue, Manifest, Partner, Subject, TableFile
from criteria.model.ruleset import OrdinalScoring, Ruleset, YesNoScoring
from criteria.model.values import CaseValues
from criteria.rules.case_checks import range_problem
from criteria.rules.compile import CompiledRuleset
from criteria.rules.findings import did_you_mean

SUBJECT = "T"


def base_years(rs: Ruleset) -> list[int]:
    return rs.base_years()


def named_partners(compiled: CompiledRuleset) -> set[str]:
    """Partner ids that formulas name, as in partner(bijdrage, "heemstede")."""
    return {p for f in compiled.formulas.values() for _, p in f.partner_refs if p is not None}


def partner_ids(compiled: CompiledRuleset, test: LoadedTest) -> list[str]:
    named = named_partners(compiled)
    given = set(test.test.partners) | set(test.test.nullijn_partners)
    return sorted(named | given) or ["gemeente"]


def test_year(rs: Ruleset, test: LoadedTest) -> int:
    return test.test.year if test.test.year is not None else rs.years[0]


def build_case(compiled: CompiledRuleset, loaded: LoadedTest) -> Case:
    rs, test = compiled.ruleset, loaded.test
    year = test_year(rs, loaded)
    bases = [y for y in base_years(rs) if y != year]
    values: list[DataValue] = []

    def add(field: str, value: float | str, when: int, key: tuple, partner: str | None = None) -> None:
        line, place = loaded.where(key)
        values.append(
            DataValue(
                subject=SUBJECT,
                year=when,
                field=field,
                partner=partner,
                value=value,
                unit="",
                bron=f"zelftest '{test.name}'",
                quality="C",
                file=loaded.file,
                line=line,
                place=place,
            )
        )

    for name, value in test.values.items():
        add(name, value, year, ("values", name))
    for base in bases:
        for name, value in test.nullijn.items():
            add(name, value, base, ("nullijn", name))
    for partner, items in test.partners.items():
        for name, value in items.items():
            add(name, value, year, ("partners", partner, name), partner)
            for base in bases:
                if name not in test.nullijn_partners.get(partner, {}):
                    add(name, value, base, ("partners", partner, name), partner)
    for partner, items in test.nullijn_partners.items():
        for name, value in items.items():
            for base in bases:
                add(name, value, base, ("nullijn_partners", partner, name), partner)
    manifest = Manifest(
        id="zelftest",
        title=test.name,
        form="zelftest",
        ruleset=rs.id,
        data=[TableFile(file=loaded.file)],
        partners={p: Partner(name=p) for p in partner_ids(compiled, loaded)},
        subjects={SUBJECT: Subject(title=test.name, tags=list(test.tags), code=test.code)},
    )
    return Case(
        manifest=manifest,
        values=CaseValues.from_records(values),
        sha256="zelftest",
        source=loaded.file,
        reference=test_reference(loaded, year),
    )


def test_reference(loaded: LoadedTest, year: int):
    """The test's small reference table (all in the test year, quality A), or None."""
    test = loaded.test
    if not test.reference:
        return None
    from criteria.engine.reference import pivot
    from criteria.load.reference import LoadedReference

    codes = list(test.reference)
    names = sorted({k for row in test.reference.values() for k, v in row.items() if not isinstance(v, str)})
    columns = {
        n: [float(row[n]) if isinstance(row.get(n), float | int) else float("nan") for row in test.reference.values()]
        for n in names
    }
    table = pivot(
        codes,
        [year] * len(codes),
        columns,
        provinces=[str(row.get("provincie", "")) for row in test.reference.values()],
        names=[str(row.get("naam", code)) for code, row in test.reference.items()],
    )
    fill = tuple({"jaar": str(year), "code": c, "gemeente": str(test.reference[c].get("naam", c))} for c in codes)
    line = loaded.where(("reference",))[0]
    return LoadedReference(
        table,
        f"zelftest '{test.name}'",
        loaded.file,
        {"*": f"zelftest '{test.name}'"},
        None,
        fill,
        tuple(line for _ in codes),
        {},
    )


def _scored_labels(compiled: CompiledRuleset, name: str) -> list[str] | None:
    rs = compiled.ruleset
    for iid, ind in rs.indicators.items():
        if compiled.formulas[iid].names == frozenset({name}):
            if isinstance(ind.scoring, OrdinalScoring):
                return list(ind.scoring.scale)
            if isinstance(ind.scoring, YesNoScoring):
                return ["ja", "nee"]
    return None


def check_test(compiled: CompiledRuleset, loaded: LoadedTest) -> list[Problem]:
    """Every value and expectation of a test checked against the ruleset, located in the test file."""
    rs, test = compiled.ruleset, loaded.test
    problems: list[Problem] = []

    def add(key: tuple, message: str, suggestion: str | None) -> None:
        line, place = loaded.where(key)
        problems.append(Problem(loaded.file, place, f"test '{test.name}': {message}", "fout", suggestion, line))

    known = sorted(rs.fields)
    entries: list[tuple[tuple[str, ...], str, float | str, bool]] = [
        (("values", n), n, v, False) for n, v in test.values.items()
    ]
    entries += [(("nullijn", n), n, v, False) for n, v in test.nullijn.items()]
    entries += [
        ((section, p, n), n, v, True)
        for section in ("partners", "nullijn_partners")
        for p, items in getattr(test, section).items()
        for n, v in items.items()
    ]
    for key, name, value, per_partner in entries:
        field = rs.fields.get(name)
        if field is None:
            hint = " (een afgeleid veld wordt berekend, niet opgegeven)" if name in rs.derived else ""
            add(key, f"onbekend veld '{name}'{hint}", did_you_mean(name, known) or "kies een veld uit [fields]")
            continue
        if per_partner != (field.scope == "partner"):
            where = "onder partners.<partner>" if field.scope == "partner" else "onder values of nullijn"
            add(key, f"veld '{name}' hoort {where}", f"verplaats '{name}' naar {where}")
        if field.type == "number" and isinstance(value, str):
            add(key, f"veld '{name}' verwacht een getal, niet '{value}'", "schrijf een getal zonder aanhalingstekens")
        elif field.type == "label" and not isinstance(value, str):
            add(key, f"veld '{name}' verwacht een label", 'bijvoorbeeld "ja"')
        elif field.type == "label":
            allowed = field.labels or _scored_labels(compiled, name)
            if allowed is not None and value not in allowed:
                add(
                    key,
                    f"label '{value}' is niet toegestaan voor veld '{name}'",
                    did_you_mean(str(value), allowed) or "toegestaan: " + ", ".join(allowed),
                )
        elif isinstance(value, float):
            bad = range_problem(value, field.min, field.max, field.unit)
            if bad:
                add(
                    key,
                    f"waarde {value:g} van veld '{name}' ligt buiten het geldige bereik ({bad})",
                    "kies een waarde binnen het bereik",
                )
    for code, row in test.reference.items():
        for name, value in row.items():
            if name in ("provincie", "naam"):
                if not isinstance(value, str):
                    add(("reference", code, name), f"'{name}' van gemeente {code} is een tekst", None)
            elif name not in rs.fields or rs.fields[name].type != "number" or isinstance(value, str):
                add(
                    ("reference", code, name),
                    f"'{name}' van gemeente {code} is geen getalveld",
                    did_you_mean(name, known) or "een veld uit [fields], 'provincie' of 'naam'",
                )
    nodes = sorted(set(rs.criteria) | set(rs.indicators) | set(rs.signals))
    for node, expect in test.expect.items():
        if node in rs.signals and (expect.score is not None or expect.verdict not in (None, "signaal")):
            add(
                ("expect", node),
                f"'{node}' is een signaal: het krijgt geen score en geen oordeel",
                "verwacht 'value', 'measure' of 'nullijn'",
            )
        if node in rs.criteria and any(getattr(expect, k) is not None for k in ("value", "measure", "nullijn")):
            add(
                ("expect", node),
                f"'{node}' is een criterium: het heeft geen waarde, meting of nullijn",
                "verwacht 'score' en/of 'verdict'",
            )
        if node not in rs.criteria and node not in rs.indicators and node not in rs.signals:
            add(
                ("expect", node),
                f"onbekend criterium of indicator '{node}'",
                did_you_mean(node, nodes) or f"bijvoorbeeld '{compiled.root}' (het totaal)",
            )
    if test.year is not None and test.year in base_years(rs):
        add(("year",), f"het testjaar {test.year} is ook een nullijnjaar", "kies een toetsjaar")
    return problems

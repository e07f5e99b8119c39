"""Check a case's data against a ruleset (pure): declared fields, scope, type, unit, labels, range and years."""

from __future__ import annotations

from collections.abc import Callable

from criteria.rules.findings import did_you_mean
from criteria.rules.compile import CompiledRuleset
from criteria.errors import Problem
from criteria.model.case import Case
from criteria.engine.scoring import fmt
from criteria.model.ruleset import OrdinalScoring, YesNoScoring

Where = Callable[[tuple], tuple[str, "int | None"]]


def range_problem(value: float, lo: float | None, hi: float | None, unit: str) -> str | None:
    u = f" {unit}" if unit else ""
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        if lo is not None and hi is not None:
            return f"{fmt(lo)} tot en met {fmt(hi)}{u}"
        return f"minstens {fmt(lo)}{u}" if lo is not None else f"hoogstens {fmt(hi)}{u}"  # type: ignore[arg-type]
    return None


def _allowed_labels(compiled: CompiledRuleset) -> dict[str, set[str]]:
    """For each label field scored by an ordinal scale or ja/nee: the labels it may hold."""
    rs = compiled.ruleset
    allowed: dict[str, set[str]] = {}
    for iid, ind in rs.indicators.items():
        names = compiled.formulas[iid].names
        if len(names) != 1:
            continue
        name = next(iter(names))
        if name not in compiled.label_fields:
            continue
        if isinstance(ind.scoring, OrdinalScoring):
            labels = set(ind.scoring.scale)
        elif isinstance(ind.scoring, YesNoScoring):
            labels = {"ja", "nee"}
        else:
            continue
        allowed[name] = allowed[name] & labels if name in allowed else labels
    return allowed


def check_case(compiled: CompiledRuleset, case: Case) -> list[Problem]:
    rs = compiled.ruleset
    problems: list[Problem] = []
    labels = _allowed_labels(compiled)
    known = sorted(rs.fields)
    unknown_seen: set[str] = set()
    for v in case.values:
        def add(message: str, suggestion: str | None = None, severity: str = "fout") -> None:
            problems.append(Problem(v.file, "" if v.line else v.place, message, severity,  # type: ignore[arg-type]
                                    suggestion, v.line))

        f = rs.fields.get(v.field)
        if f is None:
            if v.field not in unknown_seen:
                unknown_seen.add(v.field)
                add(f"veld '{v.field}' komt niet voor in toetsingskader '{rs.id}' en wordt niet gebruikt",
                    did_you_mean(v.field, known), "waarschuwing")
            continue
        if f.scope == "subject" and v.subject is None:
            add(f"veld '{v.field}' hoort bij een onderwerp; vul de kolom 'onderwerp' in")
        if f.scope == "samenwerking" and v.subject is not None:
            add(f"veld '{v.field}' geldt voor de hele samenwerking; laat 'onderwerp' leeg")
        if f.scope == "partner" and v.partner is None:
            add(f"veld '{v.field}' wordt per partnergemeente opgegeven; vul de kolom 'partner' in")
        if f.scope != "partner" and v.partner is not None:
            add(f"veld '{v.field}' wordt niet per partnergemeente opgegeven; laat 'partner' leeg")
        if f.type == "number" and isinstance(v.value, str):
            add(f"veld '{v.field}' verwacht een getal, niet '{v.value}'")
        if f.type == "label" and not isinstance(v.value, str):
            add(f"veld '{v.field}' verwacht een label (bijvoorbeeld ja/nee), niet een getal")
        allowed = f.labels if f.labels is not None else labels.get(v.field)
        if f.type == "label" and isinstance(v.value, str) and allowed is not None and v.value not in allowed:
            add(f"label '{v.value}' is niet toegestaan voor veld '{v.field}'",
                did_you_mean(v.value, list(allowed)) or "toegestaan: " + ", ".join(sorted(allowed)))
        if f.type == "number" and isinstance(v.value, float):
            out_of_range = range_problem(v.value, f.min, f.max, f.unit)
            if out_of_range:
                add(f"waarde {fmt(v.value)} van veld '{v.field}' ligt buiten het geldige bereik ({out_of_range})",
                    "controleer de waarde en de eenheid in de bron")
        if v.unit and f.unit and v.unit.strip().lower() != f.unit.strip().lower():
            add(f"eenheid '{v.unit}' past niet bij veld '{v.field}', dat in '{f.unit}' wordt opgegeven")
    return problems


def check_years(compiled: CompiledRuleset, case: Case, where: Where) -> list[Problem]:
    """Base years of nullijnen and evaluation years must occur in the data; `where` locates ruleset keys."""
    rs = compiled.ruleset
    years = {v.year for v in case.values}
    problems: list[Problem] = []
    seen: set[int] = set()
    for iid, ind in rs.indicators.items():
        null = rs.nullijn_for(iid)
        if ind.measure == "value" or null is None or null.kind != "base_year" or null.year in seen:
            continue
        seen.add(null.year)  # type: ignore[arg-type]
        if null.year not in years:
            key = ("indicators", iid, "nullijn") if ind.nullijn is not None else ("nullijn",)
            file, line = where(key)
            problems.append(Problem(file, ".".join(key) + ".year", f"nullijn-jaar {null.year} komt niet voor in de "
                                    f"gegevens van casus '{case.manifest.id}' (jaren: "
                                    f"{', '.join(map(str, sorted(years))) or 'geen'})", "fout",
                                    "lever gegevens over dat jaar aan of kies een ander nullijn-jaar", line))
    for year in rs.years:
        if year not in years:
            file, line = where(("years",))
            problems.append(Problem(file, "years", f"toetsjaar {year} komt niet voor in de gegevens van casus "
                                    f"'{case.manifest.id}'", "waarschuwing",
                                    "lever gegevens over dat jaar aan of haal het uit 'years'", line))
    return problems


def check_applies_to(compiled: CompiledRuleset, case: Case, where: Where) -> list[Problem]:
    """Every tag in an `applies_to` must be carried by a subject that is evaluated: a tag nobody carries drops
    its criterion or indicator for every subject, while completeness still shows 100 %. `where` locates keys."""
    from criteria.rules.identifiers import lookalike

    rs = compiled.ruleset
    scored = [case.manifest.subjects[s] for s in case.in_scope()]
    carried = sorted({t for s in scored for t in s.tags})
    elsewhere = {t for s in case.manifest.subjects.values() if not s.in_scope for t in s.tags}
    problems: list[Problem] = []
    nodes = [("criteria", c, v.applies_to) for c, v in rs.criteria.items()]
    nodes += [("indicators", i, v.applies_to) for i, v in rs.indicators.items()]
    for section, node, tags in nodes:
        for position, tag in enumerate(tags or []):
            if tag in carried:
                continue
            what = "criterium" if section == "criteria" else "indicator"
            only_out = " (alleen onderwerpen buiten de toets hebben die tag)" if tag in elsewhere else ""
            near = lookalike(tag, carried)
            suggestion = (f"bedoelt u '{near}'?" if near else did_you_mean(tag, carried)) or \
                ("tags van de onderwerpen: " + ", ".join(carried) if carried else "geef de onderwerpen in case.toml "
                 "tags, of haal applies_to weg")
            file, line = where((section, node, "applies_to"))
            problems.append(Problem(file, f"{section}.{node}.applies_to[{position}]",
                                    f"geen enkel onderwerp van casus '{case.manifest.id}' dat getoetst wordt heeft tag "
                                    f"'{tag}'{only_out}; {what} '{node}' telt dan voor niemand mee, terwijl de "
                                    "volledigheid 100 % blijft", "fout", suggestion, line))
    return problems


def unchecked_applies_to(compiled: CompiledRuleset, where: Where) -> list[Problem]:
    """Without a case, validate cannot know whether a subject carries the tags of `applies_to`: one warning."""
    rs = compiled.ruleset
    used = [(s, n, v.applies_to) for s, items in (("criteria", rs.criteria), ("indicators", rs.indicators))
            for n, v in items.items() if v.applies_to]
    if not used:
        return []
    tags = sorted({t for _, _, tags in used for t in tags})
    section, node, _ = used[0]
    file, line = where((section, node, "applies_to"))
    return [Problem(file, f"{section}.{node}.applies_to", "applies_to noemt de tags " + ", ".join(f"'{t}'" for t in tags)
                    + "; zonder casus is niet te controleren of een onderwerp ze heeft (een tag die geen onderwerp "
                    "heeft, laat dat onderdeel voor iedereen wegvallen)", "waarschuwing",
                    "valideer met de casus erbij: criteria validate CASUSMAP", line)]

"""Check a case's data against a ruleset (pure): declared fields, scope, type, unit, labels, range and years."""

from __future__ import annotations

from collections.abc import Callable, Collection

import numpy as np

from criteria.errors import Problem, Severity, rows_place
from criteria.model.case import Case
from criteria.model.notation import fmt
from criteria.model.ruleset import OrdinalScoring, YesNoScoring
from criteria.model.values import CaseValues
from criteria.rules.compile import CompiledRuleset
from criteria.rules.findings import did_you_mean

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


def _problems(
    values: CaseValues, idx: np.ndarray, message: str, suggestion: str | None = None, severity: Severity = "fout"
) -> list[Problem]:
    """One problem for values `idx` per file they come from, with their rows ("regels 4, 8–12"); a computed
    value (no row of its own) gets its own problem at its place."""
    out: list[Problem] = []
    computed = [i for i in idx.tolist() if i in values.computed] if values.computed else []
    for i in computed:
        file, line, place = values.where(i)
        out.append(Problem(file, "" if line else place, message, severity, suggestion, line))
    if computed:
        idx = np.setdiff1d(idx, computed)
    for source in np.unique(values.source[idx]).tolist():
        rows = values.row[idx[values.source[idx] == source]].tolist()
        src = values.sources[source]
        if len(set(rows)) == 1:
            line, place = (rows[0], "") if src.sheet is None else (None, src.place(rows[0]))
        else:
            line, place = None, rows_place(rows, sheet=src.sheet)
        out.append(Problem(src.path, place, message, severity, suggestion, line))
    return out


def _by_code(codes: np.ndarray, idx: np.ndarray) -> list[tuple[int, np.ndarray]]:
    """(code, the indices among `idx` with that code), codes in order of first appearance."""
    if not len(idx):
        return []
    sub = codes[idx]
    distinct, first = np.unique(sub, return_index=True)
    return [(int(code), idx[sub == code]) for code in distinct[np.argsort(first)]]


def unknown_fields(compiled: CompiledRuleset, case: Case) -> set[str]:
    """The fields in the case's data that the ruleset does not define."""
    return set(case.values.fields) - set(compiled.ruleset.fields)


def check_case(compiled: CompiledRuleset, case: Case, elsewhere: Collection[str] = ()) -> list[Problem]:
    """Column-wise, one field at a time: one problem per cause and file, with the rows it concerns.

    `elsewhere`: fields another ruleset of the case uses (case.toml `other_rulesets`): not reported as unused."""
    rs = compiled.ruleset
    values = case.values
    problems: list[Problem] = []
    labels = _allowed_labels(compiled)
    known = sorted(rs.fields)
    is_label = values.label >= 0
    for code, idx in _by_code(values.field, np.arange(len(values))):
        name = values.fields[code]
        f = rs.fields.get(name)
        if f is None and name in elsewhere:
            continue
        if f is None:
            problems += _problems(
                values,
                idx[:1],
                f"veld '{name}' komt niet voor in toetsingskader '{rs.id}' en wordt niet gebruikt",
                did_you_mean(name, sorted({*known, *elsewhere})),
                "waarschuwing",
            )
            continue

        def add(
            mask: np.ndarray,
            message: str,
            suggestion: str | None = None,
            idx: np.ndarray = idx,
            problems: list[Problem] = problems,
        ) -> None:
            if mask.any():
                problems.extend(_problems(values, idx[mask], message, suggestion))

        subject, partner, label = values.subject[idx], values.partner[idx], is_label[idx]
        if f.scope == "subject":
            add(subject < 0, f"veld '{name}' hoort bij een onderwerp; vul de kolom 'onderwerp' in")
        if f.scope == "samenwerking":
            add(subject >= 0, f"veld '{name}' geldt voor de hele samenwerking; laat 'onderwerp' leeg")
        if f.scope == "partner":
            add(partner < 0, f"veld '{name}' wordt per partnergemeente opgegeven; vul de kolom 'partner' in")
        else:
            add(partner >= 0, f"veld '{name}' wordt niet per partnergemeente opgegeven; laat 'partner' leeg")
        if f.type == "number":
            for text_code, at in _by_code(values.label, idx[label]):
                problems += _problems(
                    values, at, f"veld '{name}' verwacht een getal, niet '{values.labels[text_code]}'"
                )
            problems += _range_problems(values, idx[~label], name, f.min, f.max, f.unit)
        if f.type == "label":
            add(~label, f"veld '{name}' verwacht een label (bijvoorbeeld ja/nee), niet een getal")
            allowed = f.labels if f.labels is not None else labels.get(name)
            permitted: Collection[str] = allowed if allowed is not None else ()
            for text_code, at in _by_code(values.label, idx[label]) if allowed is not None else []:
                text = values.labels[text_code]
                if text not in permitted:
                    problems += _problems(
                        values,
                        at,
                        f"label '{text}' is niet toegestaan voor veld '{name}'",
                        did_you_mean(text, list(permitted)) or "toegestaan: " + ", ".join(sorted(permitted)),
                    )
        if f.unit:
            for unit_code, at in _by_code(values.unit, idx[values.unit[idx] >= 0]):
                unit = values.texts[unit_code]
                if unit.strip().lower() != f.unit.strip().lower():
                    problems += _problems(
                        values, at, f"eenheid '{unit}' past niet bij veld '{name}', dat in '{f.unit}' wordt opgegeven"
                    )
    return problems


_FEW = 3  # up to this many different values out of range are told one by one


def _range_problems(
    values: CaseValues, idx: np.ndarray, name: str, lo: float | None, hi: float | None, unit: str
) -> list[Problem]:
    if lo is None and hi is None or not len(idx):
        return []
    number = values.number[idx]
    outside = idx[((number < lo) if lo is not None else False) | ((number > hi) if hi is not None else False)]
    if not len(outside):
        return []
    bounds = range_problem(float(values.number[outside[0]]), lo, hi, unit)
    advice = "controleer de waarde en de eenheid in de bron"
    distinct = list(dict.fromkeys(values.number[outside].tolist()))
    if len(distinct) > _FEW:
        return _problems(
            values,
            outside,
            f"{len(outside)} waarden van veld '{name}' liggen buiten het geldige bereik "
            f"({bounds}), bijvoorbeeld {fmt(distinct[0])}",
            advice,
        )
    out: list[Problem] = []
    for number_value in distinct:
        out += _problems(
            values,
            outside[values.number[outside] == number_value],
            f"waarde {fmt(number_value)} van veld '{name}' ligt buiten het geldige bereik ({bounds})",
            advice,
        )
    return out


def check_data_years(compiled: CompiledRuleset, case: Case) -> list[Problem]:
    """Rows of a year the ruleset never reads (neither a toetsjaar nor a nullijn year): a warning per file."""
    rs = compiled.ruleset
    read = set(rs.years) | set(rs.base_years())
    values = case.values
    idx = np.flatnonzero(~np.isin(values.year, sorted(read)))
    problems: list[Problem] = []
    for year in sorted(set(values.year[idx].tolist())):
        problems += _problems(
            values,
            idx[values.year[idx] == year],
            f"jaar {year} wordt door toetsingskader "
            f"'{rs.id}' niet gebruikt (het rekent met {', '.join(map(str, sorted(read)))})",
            "controleer het jaartal",
            "waarschuwing",
        )
    return problems


def check_years(compiled: CompiledRuleset, case: Case, where: Where) -> list[Problem]:
    """Base years of nullijnen and evaluation years must occur in the data; `where` locates ruleset keys."""
    rs = compiled.ruleset
    years = set(np.unique(case.values.year).tolist())
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
            problems.append(
                Problem(
                    file,
                    ".".join(key) + ".year",
                    f"nullijn-jaar {null.year} komt niet voor in de "
                    f"gegevens van casus '{case.manifest.id}' (jaren: "
                    f"{', '.join(map(str, sorted(years))) or 'geen'})",
                    "fout",
                    "lever gegevens over dat jaar aan of kies een ander nullijn-jaar",
                    line,
                )
            )
    for year in rs.years:
        if year not in years:
            file, line = where(("years",))
            problems.append(
                Problem(
                    file,
                    "years",
                    f"toetsjaar {year} komt niet voor in de gegevens van casus '{case.manifest.id}'",
                    "waarschuwing",
                    "lever gegevens over dat jaar aan of haal het uit 'years'",
                    line,
                )
            )
    return problems


def check_applies_to(compiled: CompiledRuleset, case: Case, where: Where) -> list[Problem]:
    """Every tag in an `applies_to` must be carried by a subject that is evaluated: a tag nobody carries drops
    its criterion or indicator for every subject, while completeness still shows 100 %. `where` locates keys."""
    from criteria.model.identifiers import lookalike

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
            suggestion = (f"bedoelt u '{near}'?" if near else did_you_mean(tag, carried)) or (
                "tags van de onderwerpen: " + ", ".join(carried)
                if carried
                else "geef de onderwerpen in case.toml tags, of haal applies_to weg"
            )
            file, line = where((section, node, "applies_to"))
            problems.append(
                Problem(
                    file,
                    f"{section}.{node}.applies_to[{position}]",
                    f"geen enkel onderwerp van casus '{case.manifest.id}' dat getoetst wordt heeft tag "
                    f"'{tag}'{only_out}; {what} '{node}' telt dan voor niemand mee, terwijl de "
                    "volledigheid 100 % blijft",
                    "fout",
                    suggestion,
                    line,
                )
            )
    return problems


def unchecked_applies_to(compiled: CompiledRuleset, where: Where) -> list[Problem]:
    """Without a case, validate cannot know whether a subject carries the tags of `applies_to`: one warning."""
    rs = compiled.ruleset
    used = [
        (s, n, v.applies_to)
        for s, items in (("criteria", rs.criteria), ("indicators", rs.indicators))
        for n, v in items.items()
        if v.applies_to
    ]
    if not used:
        return []
    tags = sorted({t for _, _, tags in used for t in tags})
    section, node, _ = used[0]
    file, line = where((section, node, "applies_to"))
    return [
        Problem(
            file,
            f"{section}.{node}.applies_to",
            "applies_to noemt de tags "
            + ", ".join(f"'{t}'" for t in tags)
            + "; zonder casus is niet te controleren of een onderwerp ze heeft (een tag die geen onderwerp "
            "heeft, laat dat onderdeel voor iedereen wegvallen)",
            "waarschuwing",
            "valideer met de casus erbij: criteria validate CASUSMAP",
            line,
        )
    ]

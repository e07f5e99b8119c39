"""Check a case's data against a ruleset (pure): declared fields, scope, type, unit and labels."""

from __future__ import annotations

from criteria.compile import CompiledRuleset, did_you_mean
from criteria.errors import Problem
from criteria.model.case import Case
from criteria.model.ruleset import OrdinalScoring, YesNoScoring


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
        if f.type == "label" and isinstance(v.value, str) and v.field in labels and v.value not in labels[v.field]:
            add(f"label '{v.value}' is niet toegestaan voor veld '{v.field}'",
                "toegestaan: " + ", ".join(sorted(labels[v.field])))
        if v.unit and f.unit and v.unit.strip().lower() != f.unit.strip().lower():
            add(f"eenheid '{v.unit}' past niet bij veld '{v.field}', dat in '{f.unit}' wordt opgegeven")
    return problems

"""Deep checks of a ruleset (pure): what validates as a type but gives wrong scores silently.

- a norm that no value can meet (fout) or that every value meets (waarschuwing), using the range of
  the measure derived from the fields' `min`/`max`;
- an ordinal scale that does not score every label of its field (`labels`), labels nobody can meet;
- a band or a linear scoring that no valid value reaches (waarschuwing);
- units that do not match across a formula, or with the declared unit (fout / waarschuwing);
- fields and derived fields that nothing uses (waarschuwing).
Every finding carries a suggested fix.
"""

from __future__ import annotations

import math
from collections.abc import Collection

from criteria import formula as fx
from criteria.model.notation import fmt
from criteria.model.ruleset import BandsScoring, Indicator, LinearScoring, OrdinalScoring, Ruleset, YesNoScoring
from criteria.rules.findings import Finding, did_you_mean
from criteria.rules.intervals import Range, RangeFinder
from criteria.rules.units import UnitChecker, same_unit


def deep_findings(
    ruleset: Ruleset, formulas: dict[str, fx.Formula], also_used: Collection[str] = frozenset()
) -> list[Finding]:
    ranges = RangeFinder(ruleset, formulas)
    findings: list[Finding] = []
    for iid, ind in ruleset.indicators.items():
        label_field = _label_field(ruleset, formulas.get(iid))
        if label_field is not None:
            findings += _label_checks(ruleset, iid, ind, label_field)
        elif iid in formulas:
            findings += _range_checks(iid, ind, ranges.measure(iid))
    findings += _unit_checks(ruleset, formulas)
    known = set(ruleset.fields) | set(ruleset.derived)
    every_formula_read = len(formulas) == len(ruleset.indicators) + len(ruleset.derived)
    if every_formula_read and all(f.names <= known for f in formulas.values()):
        findings += _unused(ruleset, formulas, also_used)  # after a broken formula or a misspelt name: only noise
    return findings


def _label_field(ruleset: Ruleset, formula: fx.Formula | None) -> str | None:
    if formula is None or len(formula.names) != 1 or formula.partner_refs:
        return None
    name = next(iter(formula.names))
    field = ruleset.fields.get(name)
    return name if field is not None and field.type == "label" and fx.unparse(formula) == name else None


def _label_checks(ruleset: Ruleset, iid: str, ind: Indicator, name: str) -> list[Finding]:
    field = ruleset.fields[name]
    key = ("indicators", iid)
    if isinstance(ind.scoring, OrdinalScoring):
        scored = list(ind.scoring.scale)
    elif isinstance(ind.scoring, YesNoScoring):
        scored = ["ja", "nee"]
    else:
        return []
    possible = field.labels if field.labels is not None else scored
    findings = []
    for label in field.labels or []:
        if label not in scored:
            fix = (
                f"voeg {label} = <score> toe aan de schaal"
                if isinstance(ind.scoring, OrdinalScoring)
                else 'gebruik een ordinale schaal (kind = "ordinal") die elk label scoort'
            )
            findings.append(
                Finding(
                    key + ("scoring",),
                    f"label '{label}' van veld '{name}' krijgt geen score; zo'n waarde zou stil als ontbrekend gelden",
                    fix,
                )
            )
    if field.labels is not None:
        for label in scored:
            if label not in field.labels and isinstance(ind.scoring, OrdinalScoring):
                findings.append(
                    Finding(
                        key + ("scoring", "scale", label),
                        f"de schaal scoort '{label}', maar veld '{name}' kent dat label niet",
                        did_you_mean(label, field.labels)
                        or f"voeg '{label}' toe aan labels van veld '{name}' of haal het uit de schaal",
                        "waarschuwing",
                    )
                )
    norm = ind.norm
    if norm is not None and norm.one_of:
        for label in norm.one_of:
            if field.labels is not None and label not in field.labels:
                findings.append(
                    Finding(
                        key + ("norm", "one_of"),
                        f"veld '{name}' kent label '{label}' niet",
                        did_you_mean(label, field.labels) or "kies uit: " + ", ".join(field.labels),
                    )
                )
        if set(possible) <= set(norm.one_of):
            findings.append(
                Finding(
                    key + ("norm", "one_of"),
                    f"elke mogelijke waarde voldoet aan deze norm ({', '.join(possible)}); de norm zegt dus niets",
                    "noem in one_of alleen de labels die voldoen",
                    "waarschuwing",
                )
            )
    return findings


def _span(lo: float, hi: float, unit: str) -> str:
    u = f" {unit}" if unit else ""
    if math.isinf(lo) and math.isinf(hi):
        return "elke waarde"
    if math.isinf(hi):
        return f"minstens {fmt(lo)}{u}"
    if math.isinf(lo):
        return f"hoogstens {fmt(hi)}{u}"
    return f"van {fmt(lo)} tot en met {fmt(hi)}{u}"


def _range_checks(iid: str, ind: Indicator, measure: Range) -> list[Finding]:
    lo, hi = measure
    key = ("indicators", iid)
    findings: list[Finding] = []
    hint = "pas de norm aan, of controleer 'min'/'max' van de velden in de formule"
    norm = ind.norm
    if norm is not None and not norm.one_of:
        least = -math.inf if norm.at_least is None else norm.at_least
        most = math.inf if norm.at_most is None else norm.at_most
        if least > most:
            findings.append(
                Finding(
                    key + ("norm",),
                    f"geen enkele waarde kan voldoen: at_least ({fmt(least)}) ligt boven at_most ({fmt(most)})",
                    "verwissel of corrigeer de grenzen",
                )
            )
        elif least > hi or most < lo:
            findings.append(
                Finding(
                    key + ("norm",),
                    f"geen enkele waarde kan aan deze norm voldoen: de meting is {_span(lo, hi, ind.unit)}",
                    hint,
                )
            )
        elif least <= lo and most >= hi:
            findings.append(
                Finding(
                    key + ("norm",),
                    f"elke mogelijke waarde voldoet aan deze norm: de meting is {_span(lo, hi, ind.unit)}",
                    hint,
                    "waarschuwing",
                )
            )
    scoring = ind.scoring
    if isinstance(scoring, BandsScoring):
        findings += band_coverage(key, scoring, measure, ind.unit)
    if math.isinf(lo) and math.isinf(hi):
        return findings
    if isinstance(scoring, BandsScoring):
        for index, band in enumerate(scoring.bands):
            bmin = -math.inf if band.min is None else band.min
            bmax = math.inf if band.max is None else band.max
            if bmax <= lo or bmin > hi:
                findings.append(
                    Finding(
                        key + ("scoring", "bands", index),
                        f"band {index + 1} is onbereikbaar: de meting is {_span(lo, hi, ind.unit)}",
                        "verschuif of verwijder de band",
                        "waarschuwing",
                    )
                )
    elif isinstance(scoring, LinearScoring):
        low, high = sorted((scoring.slecht, scoring.goed))
        if high <= lo or low >= hi:
            findings.append(
                Finding(
                    key + ("scoring",),
                    "de lineaire scoring geeft elke mogelijke waarde dezelfde "
                    f"score: beide ankers liggen buiten het bereik ({_span(lo, hi, ind.unit)})",
                    "kies ankers binnen het bereik van de meting",
                    "waarschuwing",
                )
            )
    return findings


def band_coverage(key: tuple, scoring: BandsScoring, measure: Range, unit: str) -> list[Finding]:
    """Every value the measure can take must fall in a band: a present value is never 'missing'. The bands
    (without gaps, see compile.check_bands) must reach below the lowest and above the highest possible value;
    without a known bound that takes an open end (no 'min' on the lowest band, no 'max' on the highest)."""
    lo, hi = measure
    lows = [-math.inf if b.min is None else b.min for b in scoring.bands]
    highs = [math.inf if b.max is None else b.max for b in scoring.bands]
    first, last = min(lows), max(highs)
    key = key + ("scoring", "bands")
    u = f" {unit}" if unit else ""
    findings = []
    if first > lo:
        where = "kan elke waarde zijn" if math.isinf(lo) and math.isinf(hi) else f"is {_span(lo, hi, unit)}"
        findings.append(
            Finding(
                key + (lows.index(first),),
                f"een meting onder {fmt(first)}{u} valt in geen enkele "
                f"band (de meting {where}); zo'n waarde zou als ontbrekend gelden",
                "laat 'min' van de laagste band weg (open begin), of geef de velden in de formule "
                "een 'min' die dit uitsluit",
            )
        )
    if not math.isinf(last) and last <= hi:
        edge = (
            (
                f"een meting van precies {fmt(last)}{u} valt in geen enkele band (de bovengrens 'max' hoort zelf "
                "niet bij de band: min ≤ meting < max)"
            )
            if last == hi
            else f"een meting vanaf {fmt(last)}{u} valt in geen enkele band"
        )
        where = "kan elke waarde zijn" if math.isinf(lo) and math.isinf(hi) else f"is {_span(lo, hi, unit)}"
        findings.append(
            Finding(
                key + (highs.index(last),),
                f"{edge} (de meting {where}); zo'n waarde zou als ontbrekend gelden",
                "laat 'max' van de hoogste band weg (open einde), of geef de "
                "velden in de formule een 'max' die dit uitsluit",
            )
        )
    return findings


def _unit_checks(ruleset: Ruleset, formulas: dict[str, fx.Formula]) -> list[Finding]:
    def unit_of(name: str) -> str | None:
        item = ruleset.fields.get(name) or ruleset.derived.get(name)
        return (item.unit or None) if item is not None else None

    findings: list[Finding] = []
    for name, formula in formulas.items():
        section = "derived" if name in ruleset.derived else "indicators"
        checker = UnitChecker(unit_of)
        inferred = checker.infer(formula)
        fix = "reken eerst om (met * of /) of controleer de eenheden van de velden"
        findings += [Finding((section, name, "formula"), message, fix) for message in checker.problems]
        item = ruleset.derived.get(name) if section == "derived" else ruleset.indicators[name]
        declared = item.unit if item is not None else ""
        value_unit = section == "derived" or ruleset.indicators[name].measure == "value"
        if inferred and declared and value_unit and not same_unit(inferred, declared):
            findings.append(
                Finding(
                    (section, name, "unit"),
                    f"de formule geeft '{inferred}', maar de eenheid is '{declared}'",
                    f'zet unit = "{inferred}" of pas de formule aan',
                    "waarschuwing",
                )
            )
        null = ruleset.nullijn_for(name) if section == "indicators" else None
        if (
            null is not None
            and null.kind == "reference"
            and ruleset.indicators[name].measure != "value"
            and inferred
            and unit_of(null.field or "")
            and not same_unit(inferred, unit_of(null.field or "") or "")
        ):
            findings.append(
                Finding(
                    ("indicators", name, "nullijn", "field"),
                    f"de formule geeft '{inferred}', maar referentieveld '{null.field}' is in "
                    f"'{unit_of(null.field or '')}'",
                    "vergelijk gelijke eenheden",
                )
            )
    return findings


def _unused(
    ruleset: Ruleset, formulas: dict[str, fx.Formula], also_used: Collection[str] = frozenset()
) -> list[Finding]:
    used: set[str] = set(also_used)  # fields read by signals and reference groups
    for formula in formulas.values():
        used |= set(formula.names) | {name for name, _ in formula.partner_refs}
    for iid in ruleset.indicators:
        null = ruleset.nullijn_for(iid)
        if null is not None and null.kind == "reference" and null.field:
            used.add(null.field)
    findings = []
    for section, items in (("fields", ruleset.fields), ("derived", ruleset.derived)):
        for name in items:
            if name not in used:
                what = "veld" if section == "fields" else "afgeleid veld"
                findings.append(
                    Finding(
                        (section, name),
                        f"{what} '{name}' wordt door geen formule of nullijn gebruikt",
                        "verwijder het of gebruik het in een indicator",
                        "waarschuwing",
                    )
                )
    return findings

"""Check and parse what a ruleset says about reference groups and signals (pure; part of compile_ruleset).

Reference-group formulas (numerator, denominator, condition) are read over the case's reference table, so
they may name declared number fields only (no derived fields, no partner functions). A signal is checked
like an indicator without scoring, norm and weight.
"""

from __future__ import annotations

from criteria import formula as fx
from criteria.model.ruleset import GroupComparison, Ruleset


def group_formulas(ruleset: Ruleset, findings: list, check_names, did_you_mean, finding) -> tuple[dict, set[str]]:
    """Parse signal, scale and group formulas: (name -> Formula for the engine, field names they read)."""
    out: dict[str, fx.Formula] = {}
    used: set[str] = set()

    def parse(key: tuple, text: str) -> fx.Formula | None:
        try:
            return fx.parse(text)
        except fx.FormulaError as err:
            findings.append(finding(key, err.message, "zie de formuletaal in docs/formaat-toetsingskader.md"))
            return None

    def table_formula(key: tuple, text: str) -> None:
        parsed = parse(key, text)
        if parsed is None:
            return
        if parsed.partner_refs:
            findings.append(
                finding(
                    key,
                    "sum_partners en partner gaan niet in een formule over de referentietabel",
                    "noem de velden zelf: de tabel heeft per gemeente één waarde",
                )
            )
        numbers = sorted(n for n, f in ruleset.fields.items() if f.type == "number")
        for name in sorted(parsed.names):
            fdef = ruleset.fields.get(name)
            if fdef is None:
                extra = " (een afgeleid veld kan hier niet)" if name in ruleset.derived else ""
                findings.append(
                    finding(
                        key,
                        f"de formule gebruikt '{name}', maar dat is geen veld in [fields]{extra}",
                        did_you_mean(name, numbers) or "de referentietabel levert alleen velden",
                    )
                )
            elif fdef.type != "number":
                findings.append(finding(key, f"'{name}' is een label-veld; een referentiegroep rekent met getallen"))
        used.update(parsed.names)

    for sid, sig in ruleset.signals.items():
        key = ("signals", sid, "formula")
        parsed = parse(key, sig.formula)
        if parsed is not None:
            out[sid] = parsed
            findings.extend(check_names(ruleset, key, parsed))
            used.update(parsed.names | {n for n, _ in parsed.partner_refs})
            labels = [n for n in parsed.names if n in ruleset.fields and ruleset.fields[n].type == "label"]
            if labels:
                findings.append(finding(key, f"'{labels[0]}' is een label-veld; een signaal toont een getal"))
        if sig.parent not in ruleset.criteria:
            findings.append(
                finding(
                    ("signals", sid, "parent"),
                    f"onbekend oudercriterium '{sig.parent}'",
                    did_you_mean(sig.parent, sorted(ruleset.criteria)),
                )
            )
        if sig.measure != "value" and ruleset.nullijn_for(sid) is None:
            findings.append(finding(("signals", sid, "measure"), f'measure = "{sig.measure}" vraagt om een nullijn'))
    for name in sorted(set(ruleset.signals) & (set(ruleset.indicators) | set(ruleset.criteria))):
        findings.append(
            finding(("signals", name), f"'{name}' is al een criterium of indicator", "geef het signaal een andere naam")
        )

    if ruleset.nullijn is not None and ruleset.nullijn.kind == "reference_group":
        findings.append(
            finding(
                ("nullijn", "kind"),
                "een nullijn tegen een referentiegroep hoort bij één indicator: "
                "teller en noemer verschillen per indicator",
                "zet de nullijn bij de indicator",
            )
        )
    for place, comparison in ruleset.group_comparisons().items():
        findings.extend(_check_comparison(ruleset, place, comparison, table_formula, did_you_mean, finding))
        if place[-1] == "nullijn" and len(place) == 3:
            item = (ruleset.indicators if place[0] == "indicators" else ruleset.signals)[place[1]]
            if item.measure == "value":
                findings.append(
                    finding(
                        place,
                        'de nullijn tegen de referentiegroep wordt niet gebruikt: measure = "value"',
                        'zet measure op "relative_difference", "difference" of "index"',
                        "waarschuwing",
                    )
                )
            scale = item.nullijn.scale if item.nullijn is not None else None
            if scale:
                parsed = parse(place + ("scale",), scale)
                if parsed is not None:
                    out[f"{place[1]}.nullijn.scale"] = parsed
                    findings.extend(check_names(ruleset, place + ("scale",), parsed))
                    used.update(parsed.names | {n for n, _ in parsed.partner_refs})
    for gid, group in ruleset.reference_groups.items():
        if group.condition:
            table_formula(("reference_groups", gid, "condition"), group.condition)
    uses = {c.group for c in ruleset.group_comparisons().values()}
    for gid in ruleset.reference_groups:
        if gid not in uses:
            findings.append(
                finding(
                    ("reference_groups", gid),
                    f"referentiegroep '{gid}' wordt door geen nullijn of norm gebruikt",
                    "verwijder haar of gebruik haar in een indicator",
                    "waarschuwing",
                )
            )
    return out, used


def _check_comparison(
    ruleset: Ruleset, key: tuple, comparison: GroupComparison, table_formula, did_you_mean, finding
) -> list:
    findings = []
    if comparison.group not in ruleset.reference_groups:
        findings.append(
            finding(
                key + ("group",),
                f"onbekende referentiegroep '{comparison.group}'",
                did_you_mean(comparison.group, sorted(ruleset.reference_groups))
                or "beschrijf de groep in [reference_groups.NAAM]",
            )
        )
    table_formula(key + ("numerator",), comparison.numerator)
    if comparison.denominator:
        table_formula(key + ("denominator",), comparison.denominator)
    return findings

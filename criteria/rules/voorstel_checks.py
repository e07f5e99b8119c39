"""Ruleset checks for the fields a voorstel and a task inventory use (pure; called from compile.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from criteria.model.ruleset import Ruleset

if TYPE_CHECKING:
    from criteria.rules.findings import Finding


def field_findings(ruleset: Ruleset) -> list[Finding]:
    """`combine_weight` names a number field per subject; an inventory measure is computed by one field only."""
    from criteria.rules.findings import Finding, did_you_mean

    findings: list[Finding] = []
    numbers = sorted(n for n, f in ruleset.fields.items() if f.type == "number" and f.scope == "subject")
    taken: dict[str, str] = {}
    for name, fdef in ruleset.fields.items():
        weight = fdef.combine_weight
        if weight is not None and weight not in numbers:
            findings.append(
                Finding(
                    ("fields", name, "combine_weight"),
                    f"'{weight}' is geen getal-veld per onderwerp; daarmee kan niet gewogen worden",
                    did_you_mean(weight, numbers),
                )
            )
        if fdef.inventory is not None:
            if fdef.inventory in taken:
                findings.append(
                    Finding(
                        ("fields", name, "inventory"),
                        f"maat '{fdef.inventory}' wordt al berekend in veld '{taken[fdef.inventory]}'",
                        "één veld per maat uit de taakinventarisatie",
                    )
                )
            taken.setdefault(fdef.inventory, name)
    return findings

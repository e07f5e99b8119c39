"""Formula checks on raw ruleset data, for when pydantic refuses the structure (issue 5).

Without this, a misspelt field name in a formula only shows up after every structural mistake is fixed: the
checks of criteria/rules/compile.py need a validated ruleset. These need only the raw TOML data.
"""

from __future__ import annotations

from criteria import formula as fx
from criteria.rules.compile import undeclared_names
from criteria.rules.findings import Finding, KeyPath


def raw_formula_findings(data: dict) -> list[Finding]:
    """Formula syntax and undeclared names, checked on raw (not validated) ruleset data: when the structure has
    mistakes too, these are reported in the same round instead of after the structure is fixed."""
    sections: dict[str, dict] = {
        s: v if isinstance(v := data.get(s), dict) else {} for s in ("fields", "derived", "indicators")
    }
    known = sorted(str(k) for k in (*sections["fields"], *sections["derived"]))
    findings: list[Finding] = []
    for section in ("derived", "indicators"):
        for name, item in sections[section].items():
            text = item.get("formula") if isinstance(item, dict) else None
            if not isinstance(text, str) or not text.strip():
                continue  # pydantic reports a missing or non-text formula
            key: KeyPath = (section, name, "formula")
            try:
                formula = fx.parse(text)
            except fx.FormulaError as err:
                findings.append(Finding(key, err.message, "zie de formuletaal in docs/formaat-toetsingskader.md"))
                continue
            findings.extend(undeclared_names(known, key, formula))
    return findings

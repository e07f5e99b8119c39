"""Load a ruleset TOML file into a checked, compiled ruleset, reporting every problem with its place.

`extends` is resolved first (criteria/load/inherit.py), so that pydantic and the semantic checks see the
effective ruleset and every problem names the file and line that set the offending value.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from pydantic import BaseModel, ValidationError

from criteria.errors import InputError, Problem
from criteria.load.inherit import ResolvedSource, read_resolved
from criteria.load.messages import problems_from_validation
from criteria.load.raw_formulas import raw_formula_findings
from criteria.load.toml_source import key_path_text
from criteria.model import ruleset as rm
from criteria.rules.compile import CompiledRuleset, RulesetInvalid, compile_ruleset
from criteria.rules.findings import Finding


@dataclass(frozen=True)
class LoadedRuleset:
    compiled: CompiledRuleset
    source: ResolvedSource
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ruleset(self) -> rm.Ruleset:
        return self.compiled.ruleset

    @cached_property
    def sha256(self) -> str:
        """Of the canonical serialisation of the effective ruleset (see canonical_json); computed when first asked:
        a ruleset read only for its field names (pipeline.run.fields_elsewhere) never needs it."""
        return ruleset_sha256(self.ruleset)


def canonical_json(ruleset: rm.Ruleset) -> str:
    """The effective ruleset as compact JSON: every field with its default filled in, model fields in
    declaration order, the items of fields/derived/criteria/indicators in file order (that order is the
    report's order), UTF-8 without escapes. Comments, layout and `extends` do not matter."""
    return json.dumps(ruleset.model_dump(mode="json"), ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def ruleset_sha256(ruleset: rm.Ruleset) -> str:
    return hashlib.sha256(canonical_json(ruleset).encode("utf-8")).hexdigest()


def _keys(model: type[BaseModel]) -> list[str]:
    return list(model.model_fields)


SECTION_KEYS = {
    "criteria": _keys(rm.Criterion),
    "indicators": _keys(rm.Indicator),
    "fields": _keys(rm.FieldDef),
    "derived": _keys(rm.DerivedField),
    "signals": _keys(rm.Signal),
    "reference_groups": _keys(rm.ReferenceGroup),
}
NESTED_KEYS = {
    "nullijn": _keys(rm.Nullijn),
    "scoring": sorted(
        set(_keys(rm.LinearScoring))
        | set(_keys(rm.BandsScoring))
        | set(_keys(rm.OrdinalScoring))
        | set(_keys(rm.YesNoScoring))
    ),
    "norm": _keys(rm.Norm),
    "period": _keys(rm.PeriodRule),
    "bands": _keys(rm.Band),
    "relative_to": _keys(rm.GroupComparison),
    "inwoners": _keys(rm.InwonersRange),
}


def allowed_keys(parent: tuple) -> list[str]:
    """The keys allowed in the table at key path `parent` (for "bedoelde u …?" suggestions)."""
    if not parent:
        return _keys(rm.Ruleset) + ["extends", "remove"]
    if len(parent) == 2 and parent[0] in SECTION_KEYS:
        return SECTION_KEYS[str(parent[0])]
    named = [p for p in parent if isinstance(p, str)]
    return NESTED_KEYS.get(named[-1], [])


def locate(findings: list[Finding], source: ResolvedSource) -> list[Problem]:
    out = []
    for f in findings:
        file, line = source.where(f.key_path)
        out.append(Problem(file, key_path_text(f.key_path), f.message, f.severity, f.suggestion, line))
    return out


def parse_ruleset(resolved: ResolvedSource) -> LoadedRuleset:
    """Validate and compile read and resolved TOML; raises InputError with every problem found."""
    try:
        ruleset = rm.Ruleset.model_validate(resolved.data)
    except ValidationError as err:
        problems = problems_from_validation(err, resolved, allowed_keys)
        raise InputError(problems + locate(raw_formula_findings(resolved.data), resolved)) from None
    try:
        compiled = compile_ruleset(ruleset)
    except RulesetInvalid as err:
        raise InputError(locate(err.findings, resolved)) from None
    return LoadedRuleset(compiled, resolved, locate(list(compiled.warnings), resolved))


def load_ruleset(path: Path, display: str | None = None) -> LoadedRuleset:
    """Read the file and its `extends` chain (load/inherit.py), then validate and compile (parse_ruleset)."""
    return parse_ruleset(read_resolved(path, display or str(path)))

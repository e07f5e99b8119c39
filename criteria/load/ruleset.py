"""Load a ruleset TOML file into a checked, compiled ruleset, reporting every problem with its place."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ValidationError

from criteria.compile import CompiledRuleset, RulesetInvalid, compile_ruleset
from criteria.errors import InputError, Problem, ProblemList
from criteria.load.messages import problems_from_validation
from criteria.load.toml_source import TomlSource, key_path_text, read_toml
from criteria.model import ruleset as rm


@dataclass(frozen=True)
class LoadedRuleset:
    compiled: CompiledRuleset
    source: TomlSource
    sha256: str

    @property
    def ruleset(self) -> rm.Ruleset:
        return self.compiled.ruleset


def _keys(model: type[BaseModel]) -> list[str]:
    return list(model.model_fields)


SECTION_KEYS = {
    "criteria": _keys(rm.Criterion),
    "indicators": _keys(rm.Indicator),
    "fields": _keys(rm.FieldDef),
    "derived": _keys(rm.DerivedField),
}
NESTED_KEYS = {
    "nullijn": _keys(rm.Nullijn),
    "scoring": sorted(set(_keys(rm.LinearScoring)) | set(_keys(rm.BandsScoring)) | set(_keys(rm.OrdinalScoring))
                      | set(_keys(rm.YesNoScoring))),
    "norm": _keys(rm.Norm),
    "period": _keys(rm.PeriodRule),
    "bands": _keys(rm.Band),
}


def allowed_keys(parent: tuple) -> list[str]:
    """The keys allowed in the table at key path `parent` (for "bedoelde u …?" suggestions)."""
    if not parent:
        return _keys(rm.Ruleset)
    if len(parent) == 2 and parent[0] in SECTION_KEYS:
        return SECTION_KEYS[str(parent[0])]
    named = [p for p in parent if isinstance(p, str)]
    return NESTED_KEYS.get(named[-1], [])


def locate(findings_error: RulesetInvalid, source: TomlSource) -> list[Problem]:
    return [Problem(source.path, key_path_text(f.key_path), f.message, f.severity, f.suggestion,  # type: ignore[arg-type]
                    source.line_of(f.key_path)) for f in findings_error.findings]


def parse_ruleset(source: TomlSource) -> LoadedRuleset:
    """Validate and compile already-read TOML; raises InputError with every problem found."""
    try:
        ruleset = rm.Ruleset.model_validate(source.data)
    except ValidationError as err:
        raise InputError(problems_from_validation(err, source, allowed_keys)) from None
    try:
        compiled = compile_ruleset(ruleset)
    except RulesetInvalid as err:
        raise InputError(locate(err, source)) from None
    digest = hashlib.sha256(source.text.encode("utf-8")).hexdigest()
    return LoadedRuleset(compiled, source, digest)


def load_ruleset(path: Path, display: str | None = None) -> LoadedRuleset:
    problems = ProblemList()
    source = read_toml(path, display or str(path), problems)
    problems.raise_if_errors()
    assert source is not None
    return parse_ruleset(source)

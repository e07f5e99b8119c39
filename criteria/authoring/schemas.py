"""JSON Schemas for editors and tools: the result, a ruleset (also a partial one that `extends` another),
a case manifest and a self-test file. Editors (VS Code with Even Better TOML / taplo) use them for completion
and inline errors; see docs/handleiding-bureau.md."""

from __future__ import annotations

import copy
import json

from pydantic import BaseModel

from criteria.model.ruleset import ID_PATTERN

KINDS = ("resultaat", "ruleset", "case", "test")


def _strip_required(node: object) -> None:
    if isinstance(node, dict):
        node.pop("required", None)
        for value in node.values():
            _strip_required(value)
    elif isinstance(node, list):
        for value in node:
            _strip_required(value)


def _rename_refs(node: object, suffix: str) -> None:
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/$defs/"):
            node["$ref"] += suffix
        for value in node.values():
            _rename_refs(value, suffix)
    elif isinstance(node, list):
        for value in node:
            _rename_refs(value, suffix)


def ruleset_schema() -> dict:
    """A complete ruleset, or (with `extends`) a partial one: then every key is optional."""
    from criteria.model.ruleset import Ruleset

    full = Ruleset.model_json_schema()
    defs = full.pop("$defs", {})
    full["properties"]["extends"] = {
        "type": "string",
        "pattern": ID_PATTERN,
        "description": "id van het toetsingskader (in dezelfde map) waarop dit kader voortbouwt",
    }
    full["properties"]["remove"] = {
        "type": "array",
        "items": {"type": "string"},
        "description": "onderdelen van het bovenliggende kader die vervallen, "
        'bijvoorbeeld "indicators.verloop" of "criteria.proces"',
    }
    partial = copy.deepcopy(full)
    partial_defs = copy.deepcopy(defs)
    _strip_required(partial)
    _strip_required(partial_defs)
    _rename_refs(partial, "Deel")
    _rename_refs(partial_defs, "Deel")
    all_defs = {
        **defs,
        **{f"{name}Deel": value for name, value in partial_defs.items()},
        "RulesetVolledig": full,
        "RulesetDeel": partial,
    }
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "Toetsingskader",
        "description": "Een toetsingskader (criteria ruleset). Met 'extends' is elke sleutel optioneel.",
        "$defs": all_defs,
        "if": {"required": ["extends"]},
        "then": {"$ref": "#/$defs/RulesetDeel"},
        "else": {"$ref": "#/$defs/RulesetVolledig"},
    }


def schema_text(kind: str) -> str:
    from criteria.model.case import Manifest
    from criteria.model.selftest import SelfTestFile

    if kind == "ruleset":
        schema = ruleset_schema()
    elif kind == "resultaat":
        from criteria.result.format2_schema import result_schema

        schema = result_schema()
    else:
        models: dict[str, type[BaseModel]] = {"case": Manifest, "test": SelfTestFile}
        schema = models[kind].model_json_schema()
    from criteria.files.marker import GENERATOR

    schema = {"$comment": GENERATOR, **schema}  # criteria's marker: first member once sorted
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"

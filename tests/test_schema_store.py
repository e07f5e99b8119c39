"""The stored core schemas of the models (criteria/schema_store.py): exactly what regenerating them gives, used
for every model class, the same schemas, validation errors, serialisations and JSON Schemas as generating them, and
never used when they were made from other sources or cannot be read."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys

import pytest

from criteria import schema_store as schema_cache

REGENERATE = "python -m criteria.schema_store"

# Run in a fresh process: the models built with the stored schemas (stored = True) or with every schema generated.
# Prints what a model gives a user: its schema (code and type references by name), the errors of invalid input,
# the serialisation of valid input and the JSON Schemas that `criteria schema` writes.
PROBE = r"""
import json, sys, tomllib
from pathlib import Path
from criteria import schema_store as sc

sc.use_stored = STORED
hits = []
plain = sc.stored_schema
def counted(cls):
    found = plain(cls)
    hits.append(found is not None)
    return found
sc.stored_schema = counted

from pydantic import BaseModel, ValidationError
from criteria.model import case, inventory, result, ruleset, tree

def canonical(obj):
    if isinstance(obj, dict):
        return {str(k): canonical(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [type(obj).__name__, *map(canonical, obj)]
    if isinstance(obj, str):
        found = sc._REF.fullmatch(obj)
        return f"ref {found[1]}" if found else obj
    if isinstance(obj, type) or callable(obj) and hasattr(obj, "__qualname__") and not hasattr(obj, "__self__"):
        return f"code {obj.__module__}.{obj.__qualname__}"
    if hasattr(obj, "__self__") and hasattr(obj, "__func__"):
        return ["method", canonical(obj.__self__), obj.__func__.__qualname__]
    if isinstance(obj, BaseModel):
        return ["instance", canonical(type(obj)), repr(obj)]
    assert obj is None or isinstance(obj, bool | int | float), repr(obj)
    return obj

classes = [cls for module in (ruleset, case, inventory, result, tree) for cls in vars(module).values()
           if isinstance(cls, type) and issubclass(cls, sc.CachedSchema) and cls.__module__ == module.__name__]
for cls in classes:
    if not cls.__pydantic_complete__:
        cls.model_rebuild()

root = Path(sys.argv[1])
rules = tomllib.loads((root / "rulesets" / "heemstede-2020.toml").read_text(encoding="utf-8"))
manifest = tomllib.loads((root / "cases" / "heemstede-bloemendaal" / "case.toml").read_text(encoding="utf-8"))
def changed(data, path, value):
    data = json.loads(json.dumps(data))
    *parents, last = path
    node = data
    for part in parents:
        node = node[part]
    node[last] = value
    return data
indicator = next(iter(rules["indicators"]))
bad_rules = [
    changed(rules, ["missing_data"], "reweig"), changed(rules, ["onbekend"], 3),
    changed(rules, ["criteria", next(iter(rules["criteria"])), "weight"], "veertig"),
    changed(rules, ["indicators", indicator, "scoring"], {"kind": "linear", "slecht": 1, "goed": "x"}),
    changed(rules, ["indicators", indicator, "scoring"], {"kind": "bands", "bands": []}),
    changed(rules, ["indicators", indicator, "scoring"], {"kind": "linear", "slecht": 10**400, "goed": 1}),
    changed(rules, ["indicators", indicator, "nullijn"], {"kind": "base_year", "year": 3000}),
    changed(rules, ["indicators", indicator, "nullijn"], {"kind": "reference_group", "group": "g"}),
    changed(rules, ["indicators", indicator, "norm"], {"knockout": "cap"}),
    changed(rules, ["years"], [2018, 2018]), changed(rules, ["pass_mark"], float("inf")),
    changed(rules, ["id"], "1 fout"), changed(rules, ["fields", "x"], {"title": "x", "type": "label", "min": 1}),
]
bad_manifests = [
    changed(manifest, ["subjects", next(iter(manifest["subjects"])), "kind"], "team"),
    changed(manifest, ["partners", next(iter(manifest["partners"])), "code"], 397),
    changed(manifest, ["data"], [5]), changed(manifest, ["reference", "file"], "x.csv"),
    changed(manifest, ["subjects", "Po"], {"title": "x"}), changed(manifest, ["kind"], "benchmark"),
]
def errors(model, data):
    try:
        model.model_validate(data)
    except ValidationError as error:
        return json.loads(json.dumps(error.errors(include_url=False), default=repr))
    return None
from criteria.authoring.schemas import schema_text
print(json.dumps({
    "stored": sum(hits), "generated": len(hits) - sum(hits), "classes": len(classes),
    "schemas": {cls.__qualname__: canonical(cls.__pydantic_core_schema__) for cls in classes},
    "errors": [errors(ruleset.Ruleset, d) for d in bad_rules] + [errors(case.Manifest, d) for d in bad_manifests],
    "dumped": ruleset.Ruleset.model_validate(rules).model_dump(mode="json"),
    "dumped_manifest": case.Manifest.model_validate(manifest).model_dump(mode="json"),
    "json_schemas": {kind: schema_text(kind) for kind in ("ruleset", "case", "test", "resultaat")},
}))
"""


def probe(stored: bool) -> dict:
    repo = schema_cache.HERE.parent
    done = subprocess.run(
        [sys.executable, "-c", PROBE.replace("STORED", repr(stored)), str(repo)],
        capture_output=True,
        text=True,
        check=True,
        cwd=repo,
    )
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def both() -> tuple[dict, dict]:
    return probe(stored=True), probe(stored=False)


def test_the_shipped_file_is_what_regenerating_it_gives() -> None:
    code = "import sys; from criteria import schema_store as s; s.use_stored = False; "
    code += "sys.stdout.buffer.write(s.write())"
    regenerated = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True).stdout
    assert regenerated == schema_cache.STORED.read_bytes(), f"the stored schemas are out of date: run {REGENERATE}"


def test_every_model_class_takes_its_stored_schema(both) -> None:
    stored, generated = both
    assert stored["classes"] >= 40 and stored["generated"] == 0
    assert stored["stored"] >= stored["classes"]
    assert generated["stored"] == 0 and generated["generated"] >= generated["classes"]


def test_stored_schemas_give_what_generated_ones_give(both) -> None:
    stored, generated = both
    assert stored["schemas"] == generated["schemas"]
    assert all(stored["errors"][:-1]) and stored["errors"] == generated["errors"]
    assert stored["dumped"] == generated["dumped"] and stored["dumped_manifest"] == generated["dumped_manifest"]
    assert stored["json_schemas"] == generated["json_schemas"]


def test_schemas_made_from_other_sources_are_not_used(monkeypatch, tmp_path) -> None:
    shipped = pickle.loads(schema_cache.STORED.read_bytes())
    for content in (
        pickle.dumps({"key": "0" * 64, "schemas": shipped["schemas"]}),  # another key: edited models, other pydantic
        schema_cache.STORED.read_bytes()[:1000],  # damaged
        b"",
    ):
        (tmp_path / "model-schemas.pickle").write_bytes(content)
        monkeypatch.setattr(schema_cache, "STORED", tmp_path / "model-schemas.pickle")
        assert schema_cache._read() == {}
    monkeypatch.setattr(schema_cache, "STORED", tmp_path / "absent.pickle")
    assert schema_cache._read() == {}


def test_the_key_follows_the_model_sources_and_the_versions(monkeypatch, tmp_path) -> None:
    import pydantic

    key = schema_cache.key()
    monkeypatch.setattr(pydantic, "VERSION", "0.0.0")
    assert schema_cache.key() != key
    monkeypatch.undo()
    for name in schema_cache.SOURCES:
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes((schema_cache.HERE / name).read_bytes())
    monkeypatch.setattr(schema_cache, "HERE", tmp_path)
    assert schema_cache.key() == key
    (tmp_path / "model" / "ruleset.py").write_bytes((tmp_path / "model" / "ruleset.py").read_bytes() + b"\n")
    assert schema_cache.key() != key


def test_a_schema_that_names_code_which_is_gone_is_generated(monkeypatch) -> None:
    from criteria.model.ruleset import Nullijn

    blob = pickle.loads(schema_cache.STORED.read_bytes())["schemas"]["criteria.model.ruleset.Nullijn"]
    monkeypatch.setattr(
        schema_cache, "_stored", {"criteria.model.ruleset.Nullijn": blob.replace(b"_complete", b"_nowhere_")}
    )
    assert schema_cache.stored_schema(Nullijn) is None

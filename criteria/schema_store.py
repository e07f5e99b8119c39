"""The pydantic core schemas of the input and result models, stored next to the code, so that a run need not
generate them.

Generating the core schemas of the ruleset, case and result models (what pydantic does when a model class is
created) costs ~50 ms of every start. The schema each model class ends up with (its `__pydantic_core_schema__`)
is stored in `data/model-schemas.pickle`, keyed by the exact pydantic and pydantic-core versions, the Python
version and the sha256 of the model sources. A model class hands pydantic its stored schema through
`__get_pydantic_core_schema__`, the hook pydantic offers for a class to give its own schema; pydantic then builds
the validator and serializer from it as always. When the key does not match (a model source edited, another
pydantic), when the file cannot be read, or for a class it does not hold, pydantic generates the schema as always.

A pickle can name any code to run, so the file is read only from the package folder, where the code itself lies
(never from a case or a user's folder), and it is made by this module, never by hand. It refers to code only by
name: a model class, a validator function or method, a pydantic function, each looked up where it is defined when
the file is read. The type references inside a schema ("criteria.model.ruleset.Nullijn:<id>") hold the id of the
class in the process that made it; they are stored by class name and read back with the id of the class in this
process, so a stored schema equals what generating it gives here.

tests/test_schema_store.py checks that the shipped file holds exactly what regenerating it gives, and that the
schemas, validation errors, serialisations and JSON Schemas are the same with and without it. After a change to
a model, regenerate it:  python -m criteria.schema_store
"""

import hashlib
import io
import pickle
import re
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent  # the criteria package
STORED = HERE / "data" / "model-schemas.pickle"
MODULES = (
    "criteria.model.ruleset",
    "criteria.model.case",
    "criteria.model.inventory",
    "criteria.model.result",
    "criteria.model.tree",
)
# The sources whose text decides the schemas: the model modules and what their annotations use.
SOURCES = (
    "model/ruleset.py",
    "model/case.py",
    "model/inventory.py",
    "model/result.py",
    "model/tree.py",
    "model/values.py",
    "schema_store.py",
    "limits.py",
)
FORMAT = 1  # how the file is laid out; part of the key
_REF = re.compile(r"(criteria\.[\w.]+):(\d+)")  # a type reference of pydantic: module.qualname:id

use_stored = True  # False: every schema is generated (tests, and making the file)
_stored: dict[str, bytes] | None = None  # "module.qualname" -> the pickled schema; {} when not usable


def key() -> str:
    """What the stored schemas were made from: versions and the sha256 of the model sources."""
    import pydantic
    import pydantic_core

    digest = hashlib.sha256(f"{FORMAT}\0{pydantic.VERSION}\0{pydantic_core.__version__}\0".encode())
    digest.update(f"{sys.version_info[0]}.{sys.version_info[1]}\0".encode())
    for name in SOURCES:
        digest.update((HERE / name).read_bytes() + b"\0")
    return digest.hexdigest()


class CachedSchema:
    """A model base that hands pydantic its stored core schema, if there is one (see the module docstring)."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any, /) -> Any:
        building = source is cls and not cls.__dict__.get("__pydantic_complete__", False)
        schema = stored_schema(cls) if building else None  # a built class: pydantic reuses its schema as always
        return schema if schema is not None else handler(source)


def stored_schema(cls: type) -> Any:
    """The stored core schema of model class `cls`, or None (then pydantic generates it)."""
    global _stored
    if not use_stored:
        return None
    if _stored is None:
        _stored = _read()
    blob = _stored.get(f"{cls.__module__}.{cls.__qualname__}")
    if blob is None:
        return None
    try:
        return _Reader(io.BytesIO(blob), cls).load()
    except Exception:  # noqa: BLE001 -- a name the file refers to is gone: generate the schema
        return None


def _read() -> dict[str, bytes]:
    try:
        with STORED.open("rb") as file:
            stored = pickle.load(file)  # our own file, shipped with the code (see the module docstring)
        return stored["schemas"] if stored.get("key") == key() else {}
    except Exception:  # noqa: BLE001 -- no file, or a damaged one: generate the schemas
        return {}


class _Writer(pickle.Pickler):
    """Pickles a schema with every criteria class and function, and every type reference, stored by name."""

    def persistent_id(self, obj: Any) -> Any:
        if isinstance(obj, str):
            found = _REF.fullmatch(obj)
            if found is not None:
                return ("ref", *_named(_resolve(found[1])))
            return None
        if isinstance(obj, type) or callable(obj) and hasattr(obj, "__qualname__") and not hasattr(obj, "__self__"):
            module = getattr(obj, "__module__", "") or ""
            if module.startswith("criteria."):
                return ("obj", *_named(obj))
        return None


class _Reader(pickle.Unpickler):
    """Reads what _Writer wrote; `cls` (the class being built, not yet bound to its name) resolves its own names."""

    def __init__(self, file: io.BytesIO, cls: type) -> None:
        super().__init__(file)
        self.cls = cls

    def persistent_load(self, pid: Any) -> Any:
        kind, module, qualname = pid
        obj = self._lookup(module, qualname)
        return f"{module}.{qualname}:{id(obj)}" if kind == "ref" else obj

    def _lookup(self, module: str, qualname: str) -> Any:
        first, *rest = qualname.split(".")
        if module == self.cls.__module__ and first == self.cls.__qualname__.split(".")[0]:
            obj: Any = self.cls
        else:
            obj = getattr(sys.modules[module], first)
        for part in rest:
            obj = getattr(obj, part)
        return obj


def _named(obj: Any) -> tuple[str, str]:
    module, qualname = obj.__module__, obj.__qualname__
    if "<" in qualname or _resolve(f"{module}.{qualname}") is not obj:
        raise ValueError(f"{module}.{qualname} cannot be found by its name")
    return module, qualname


def _resolve(dotted: str) -> Any:
    """The object named `dotted` (module.qualname) among the imported modules."""
    parts = dotted.split(".")
    for split in range(len(parts) - 1, 0, -1):
        module = sys.modules.get(".".join(parts[:split]))
        if module is not None:
            obj: Any = module
            for part in parts[split:]:
                obj = getattr(obj, part)
            return obj
    raise ValueError(f"{dotted} is not imported")


def generated() -> dict[str, bytes]:
    """Every model class of MODULES with its generated core schema, pickled by name (use_stored must be False)."""
    import importlib

    from pydantic import BaseModel

    schemas: dict[str, bytes] = {}
    for name in MODULES:
        module = importlib.import_module(name)
        for cls in vars(module).values():
            if isinstance(cls, type) and issubclass(cls, CachedSchema) and cls.__module__ == name:
                assert issubclass(cls, BaseModel)
                if not cls.__pydantic_complete__:
                    cls.model_rebuild()
                buffer = io.BytesIO()
                _Writer(buffer, protocol=5).dump(cls.__pydantic_core_schema__)
                schemas[f"{name}.{cls.__qualname__}"] = buffer.getvalue()
    return schemas


def write() -> bytes:
    """The file's bytes for the models as they are: made with every schema generated (in a fresh process)."""
    if any(name in sys.modules for name in MODULES) or use_stored:
        raise RuntimeError("make the stored schemas in a fresh process with use_stored = False")
    return pickle.dumps({"key": key(), "schemas": generated()}, protocol=5)


if __name__ == "__main__":
    import criteria.schema_store as module  # noqa: PLW0406 -- the module the models use, not __main__

    module.use_stored = False
    STORED.write_bytes(module.write())
    print(f"{STORED}: {STORED.stat().st_size} bytes")

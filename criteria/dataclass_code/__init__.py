"""The methods that @dataclass writes, compiled ahead: a store of their code, read instead of compiling them again.

@dataclass writes the source text of each class's methods (__init__, __repr__, __eq__, a frozen class's
__setattr__ ...) and compiles it with exec() when the class is defined. On the path of one `criteria evaluate`
that is ~550 texts, ~110 ms of processor time of every run: more than the rest of defining those ~120 classes.
Python keeps the compiled code of modules (.pyc), not of these texts.

`criteria/data/dataclass-code.marshal` holds, for each text that importing every criteria module gives (the
libraries' dataclasses included), its compiled code: what compile(text, "<string>", "exec") gives, stored with
marshal as a .pyc stores code, under the exact text and Python's bytecode magic number. For a run of the `criteria`
command, `install()` (criteria.cli.main) puts `_exec` in the dataclasses module's namespace, where the exec() call of
its _create_fn finds it before the built-in, and takes it away when the run ends: importing criteria as a library
changes nothing. For a text in the store `_exec` runs the stored code; any other text (another Python, a library
version, a class the store does not know) is compiled as exec() would. The classes come out the same either way.
Where dataclasses makes its methods otherwise (Python 3.13 and later) install() does nothing.

tests/test_dataclass_code.py checks that every stored code equals a fresh compile of its text and that the shipped
store is what regenerating it gives. After adding or changing a dataclass (or a library upgrade), regenerate:
    python -m criteria.dataclass_code
A store that is out of date only costs time: the texts it lacks are compiled.
"""

import dataclasses
import marshal
from collections.abc import Callable
from importlib.util import MAGIC_NUMBER
from pathlib import Path

STORE = Path(__file__).parent.parent / "data" / "dataclass-code.marshal"
FORMAT = 1  # the layout of the store; part of its header

_codes: dict[str, bytes] | None = None  # text -> marshalled code, read on first use
_recorded: dict[str, bytes] | None = None  # while regenerating: every text seen, compiled


def _compiled(text: str):
    """The code exec() would compile `text` to when @dataclass calls it (the dataclasses module has no __future__
    imports, so none are inherited here either)."""
    return compile(text, "<string>", "exec", dont_inherit=True)


def read_store(path: Path = STORE) -> dict[str, bytes]:
    """text -> marshalled code; empty for a missing, damaged or foreign store (another format or Python)."""
    try:
        found = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if not (isinstance(found, tuple) and len(found) == 3 and found[:2] == (FORMAT, MAGIC_NUMBER)):
        return {}
    codes = found[2]
    if not isinstance(codes, dict) or not all(type(k) is str and type(v) is bytes for k, v in codes.items()):
        return {}
    return codes


def _exec(source, globals=None, locals=None, /, **kwargs):
    """exec() for the dataclasses module: stored code for a known text, else a compile as exec() would do."""
    global _codes
    if type(source) is str:
        if _recorded is not None:
            code = _recorded.setdefault(source, marshal.dumps(_compiled(source)))
            return exec(marshal.loads(code), globals, locals, **kwargs)  # noqa: S102 -- @dataclass's own text
        if _codes is None:
            _codes = read_store()
        stored = _codes.get(source)
        code = marshal.loads(stored) if stored is not None else _compiled(source)
        return exec(code, globals, locals, **kwargs)  # noqa: S102 -- @dataclass's own text, compiled
    return exec(source, globals, locals, **kwargs)  # noqa: S102 -- as called


def _calls_exec() -> bool:
    """Whether @dataclass compiles its methods by calling exec() from dataclasses._create_fn (Python 3.11, 3.12)."""
    code = getattr(getattr(dataclasses, "_create_fn", None), "__code__", None)
    return code is not None and "exec" in code.co_names


def install() -> Callable[[], None]:
    """Let @dataclass use the store until the returned function is called, which puts back what was there."""
    if not _calls_exec():
        return lambda: None
    previous = vars(dataclasses).get("exec", _NOTHING)
    dataclasses.exec = _exec  # type: ignore[attr-defined]

    def restore() -> None:
        if previous is _NOTHING:
            vars(dataclasses).pop("exec", None)
        else:
            dataclasses.exec = previous  # type: ignore[attr-defined]

    return restore


_NOTHING = object()


def regenerate(path: Path = STORE) -> int:
    """Write the store for every dataclass text that importing all criteria modules gives; returns their number.
    Run in a fresh process (python -m criteria.dataclass_code): classes defined before this runs are missed."""
    global _recorded
    import importlib
    import pkgutil

    _recorded = {}
    restore = install()
    try:
        for module in pkgutil.walk_packages([str(Path(__file__).parent.parent)], "criteria."):
            if module.name.rpartition(".")[2] != "__main__":  # those run a command
                importlib.import_module(module.name)
        recorded = dict(sorted(_recorded.items()))
    finally:
        _recorded = None
        restore()
    path.write_bytes(marshal.dumps((FORMAT, MAGIC_NUMBER, recorded)))
    return len(recorded)

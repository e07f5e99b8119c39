"""The import graph of the criteria package, read from the source (ast), for tests/test_architecture.py.

Every `import` and `from ... import` of a criteria module is one Import: who imports what, where (file:line) and
when it runs:
- "module": at import time (module level, also inside a class body or an if/try at module level);
- "lazy": inside a function, so only when that function is called;
- "typing": under `if TYPE_CHECKING:`, never at run time (an annotation names a dependency all the same).

`from criteria.x import y` names the module criteria.x.y when that is a module, else criteria.x;
relative imports are resolved against the importing module's package. Importing criteria.a.b also runs
criteria/a/__init__.py: `implied` adds those package imports (kind and place of the import that causes them).
Dynamic imports (importlib.import_module, __import__) cannot be followed: `dynamic_imports` lists them.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "criteria"


@dataclass(frozen=True)
class Import:
    importer: str  # dotted module name, e.g. criteria.engine.columns (a package is its __init__: criteria.engine)
    imported: str  # the criteria module it runs
    kind: str  # "module", "lazy" or "typing"
    place: str  # file:line of the import statement, relative to the repository
    implied: bool = False  # True for the parent package that an import of a submodule also runs

    def __str__(self) -> str:
        how = "" if self.kind == "module" else f" ({'inside a function' if self.kind == 'lazy' else 'TYPE_CHECKING'})"
        via = " (its package __init__, run by the import)" if self.implied else ""
        return f"{self.place}: {self.importer} imports {self.imported}{via}{how}"


def modules(root: Path) -> dict[str, Path]:
    """Every module of the package under root (the repository), by dotted name."""
    found = {}
    for path in sorted((root / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _statements(tree: ast.Module):
    """(statement, kind) for every import statement and call in the tree, with the kind of its context."""
    stack: list[tuple[ast.AST, str]] = [(tree, "module")]
    while stack:
        node, kind = stack.pop()
        for child in ast.iter_child_nodes(node):
            child_kind = kind
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) and kind == "module":
                child_kind = "lazy"
            if isinstance(child, ast.If) and _is_type_checking(child.test):
                stack.extend((statement, "typing") for statement in child.body)
                stack.extend((statement, kind) for statement in child.orelse)
                continue
            if isinstance(child, (ast.Import, ast.ImportFrom, ast.Call)):
                yield child, child_kind
            stack.append((child, child_kind))


def _named(name: str, known: dict[str, Path]) -> str:
    """The module that `import name` runs: the longest prefix of name that is a module."""
    while name not in known:
        name = name.rpartition(".")[0]
    return name


def imports(root: Path) -> list[Import]:
    known = modules(root)
    found: list[Import] = []
    for module, path in known.items():
        place = str(path.relative_to(root))
        package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        for statement, kind in _statements(ast.parse(path.read_text(encoding="utf-8"), place)):
            if isinstance(statement, ast.Import):
                names = [alias.name for alias in statement.names]
            elif isinstance(statement, ast.ImportFrom):
                if statement.level:
                    base = ".".join(package[: len(package) - statement.level + 1] + [statement.module or ""]).strip(".")
                else:
                    base = statement.module or ""
                names = [f"{base}.{alias.name}" for alias in statement.names]
            else:
                continue
            for name in names:
                if name.split(".")[0] == PACKAGE:
                    found.append(Import(module, _named(name, known), kind, f"{place}:{statement.lineno}"))
    found = list(dict.fromkeys(found))  # `from x import a, b` of one module is one import
    return found + list(dict.fromkeys(implied(found)))


def implied(found: list[Import]) -> list[Import]:
    """The package __init__ modules an import also runs (not those the importer is itself inside of)."""
    extra = []
    for imp in found:
        parts = imp.imported.split(".")
        for depth in range(1, len(parts)):
            parent = ".".join(parts[:depth])
            if not (imp.importer == parent or imp.importer.startswith(parent + ".")):
                extra.append(Import(imp.importer, parent, imp.kind, imp.place, implied=True))
    return extra


def dynamic_imports(root: Path) -> list[tuple[str, str, str]]:
    """(module, place, the argument's source) of every importlib.import_module(...) and __import__(...) call."""
    found = []
    for module, path in modules(root).items():
        place = str(path.relative_to(root))
        for node, _ in _statements(ast.parse(path.read_text(encoding="utf-8"), place)):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name in ("import_module", "__import__"):
                argument = ast.unparse(node.args[0]) if node.args else ""
                found.append((module, f"{place}:{node.lineno}", argument))
    return found

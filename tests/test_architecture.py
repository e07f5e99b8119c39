"""The package keeps to its layers (ARCHITECTURE.md): what may import what, no import circles, a pure core.

The import graph is read from the source (tests/import_graph.py): module-level, function-level ("lazy") and
TYPE_CHECKING imports. The layer rules apply to all three: an import inside a function or for a type annotation
is a dependency all the same. Circles are looked for among imports that run: module-level imports must form no
circle at all; a lazy import may close one only if it is in LAZY_CIRCLES below. TYPE_CHECKING imports never run
and close no circle.

A new package under criteria/ fails test_every_package_has_a_layer until it is given a place in LAYERS.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pytest

from tests.import_graph import Import, dynamic_imports, imports, modules

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Layer:
    name: str
    packages: tuple[str, ...]
    mutual: bool  # may the packages of this layer import each other?


# From the bottom up: a package imports only packages of a lower layer (and, if `mutual`, of its own layer).
LAYERS = (
    Layer(
        "ground floor",
        (
            "criteria",
            "criteria.errors",
            "criteria.limits",
            "criteria.years",
            "criteria.files",
            "criteria.schema_store",
            "criteria.dataclass_code",
        ),
        mutual=True,
    ),
    Layer("model", ("criteria.model", "criteria.formula"), mutual=True),
    Layer("rules", ("criteria.rules", "criteria.inventory"), mutual=False),
    Layer("voorstel", ("criteria.voorstel",), mutual=False),
    Layer("engine", ("criteria.engine",), mutual=False),
    Layer("load and result", ("criteria.load", "criteria.result"), mutual=False),
    Layer("conclusion", ("criteria.conclusion",), mutual=False),
    Layer("pipeline", ("criteria.pipeline",), mutual=False),
    Layer("authoring", ("criteria.authoring",), mutual=False),
    Layer("archive", ("criteria.archive",), mutual=False),
    Layer("report", ("criteria.report",), mutual=False),
    Layer("cli", ("criteria.cli",), mutual=False),
    Layer("entry point", ("criteria.__main__",), mutual=False),
)
# In LAYERS before they exist: none now (the result view and the conclusion have landed).
PLANNED: set[str] = set()

# Rules the ranks alone do not say: (importing packages, imported packages, why).
CORE = (
    "criteria.model",
    "criteria.formula",
    "criteria.rules",
    "criteria.inventory",
    "criteria.voorstel",
    "criteria.engine",
)
FORBIDDEN = (
    (CORE, ("criteria.files",), "the engine and what it stands on do no I/O"),
    (
        ("criteria.engine",),
        (
            "criteria.load",
            "criteria.pipeline",
            "criteria.result",
            "criteria.report",
            "criteria.cli",
            "criteria.archive",
            "criteria.authoring",
        ),
        "the engine imports no loading, reports, CLI, archive or authoring",
    ),
    (("criteria.report",), ("criteria.cli",), "reports import no CLI"),
)
ONLY_IMPORTED_BY = (
    ("criteria.cli", ("criteria.cli", "criteria.__main__"), "nothing but the entry point uses the CLI"),
)
# Modules of the standard library and dependencies that do I/O or talk to a user: none of them in the core.
IO_MODULES = {
    "os",
    "sys",
    "io",
    "pathlib",
    "shutil",
    "subprocess",
    "tempfile",
    "socket",
    "urllib",
    "http",
    "rich",
    "typer",
    "click",
    "openpyxl",
    "polars",
    "builtins",
}
IO_CALLS = {"print", "open", "input", "breakpoint"}

# Lazy (function-level) imports that may close an import circle, each with why it is lazy: (importer, imported).
LAZY_CIRCLES = {
    (
        "criteria.model.values",
        "criteria.model.case",
    ): "CaseValues (Case.values) makes a DataValue record of one value only when asked (CaseValues.record)",
    (
        "criteria.model.result",
        "criteria.model.tree",
    ): "the breakdown tree models, imported when first named (model.result.__getattr__): evaluate never builds them",
}

# Imports by name at run time (importlib.import_module), which the graph cannot follow: (module, argument) -> why.
DYNAMIC = {
    ("criteria.engine", "f'criteria.engine.{_HOME[name]}'"): "lazy package attributes: its own modules",
    ("criteria.archive", "f'criteria.archive.{_EXPORTS[name]}'"): "lazy package attributes: its own modules",
    ("criteria.cli.support", "cls._module"): "rich.markdown and rich.traceback, imported only if typer uses them",
    ("criteria.dataclass_code", "module.name"): "regenerating the store imports every criteria module once",
    ("criteria.cli.deferred", "name"): "pydantic's plugin loader, importlib.metadata, rich's emoji table: when used",
    ("criteria.cli.registry", "f'criteria.cli.commands.{module}'"): "the command modules, each when asked for",
    ("criteria.schema_store", "name"): "the model modules, when their stored schemas are made (by hand)",
}


def layer_of(module: str) -> tuple[int, Layer, str]:
    """(rank, layer, package) of a module: the longest package in LAYERS that holds it."""
    best = None
    for rank, layer in enumerate(LAYERS):
        for package in layer.packages:
            if (module == package or module.startswith(package + ".")) and (
                best is None or len(package) > len(best[2])
            ):
                best = (rank, layer, package)
    if best is None:
        raise LookupError(module)
    return best


def layer_violations(graph: list[Import]) -> list[str]:
    found = []
    for imp in graph:
        if imp.implied:
            continue
        rank, layer, package = layer_of(imp.importer)
        their_rank, their_layer, their_package = layer_of(imp.imported)
        if package == their_package or their_rank < rank or (their_rank == rank and layer.mutual):
            continue
        found.append(
            f"{imp}: layer '{layer.name}' (rank {rank}) may not import layer '{their_layer.name}' (rank {their_rank})"
        )
    return found


def _in(module: str, packages: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def rule_violations(graph: list[Import]) -> list[str]:
    found = []
    for imp in graph:
        if imp.implied:  # the import itself is named already
            continue
        for importers, imported, why in FORBIDDEN:
            if _in(imp.importer, importers) and _in(imp.imported, imported):
                found.append(f"{imp}: {why}")
        for imported, importers, why in ONLY_IMPORTED_BY:
            if _in(imp.imported, (imported,)) and not _in(imp.importer, importers):
                found.append(f"{imp}: {why}")
    return found


def circles(graph: list[Import], kinds: set[str], allowed: dict[tuple[str, str], str]) -> list[str]:
    """Every import circle among imports of these kinds that are not allowed, with each import in it."""
    g = nx.DiGraph()
    for imp in graph:
        if imp.kind in kinds and imp.importer != imp.imported and (imp.importer, imp.imported) not in allowed:
            g.add_edge(imp.importer, imp.imported)
            g.edges[imp.importer, imp.imported].setdefault("places", []).append(str(imp))
    found = []
    for component in nx.strongly_connected_components(g):
        if len(component) > 1:
            inside = g.subgraph(component)
            lines = [place for _, _, places in sorted(inside.edges(data="places")) for place in places]
            found.append(f"circle through {', '.join(sorted(component))}:\n    " + "\n    ".join(lines))
    return found


def _none(found: list[str]) -> None:
    """Fail with every offending import on its own line (pytest shortens a long list)."""
    assert not found, f"{len(found)} found:\n" + "\n".join(found)


@pytest.fixture(scope="module")
def graph() -> list[Import]:
    return imports(ROOT)


def test_every_package_has_a_layer() -> None:
    tops = {".".join(name.split(".")[:2]) for name in modules(ROOT)}
    listed = {package for layer in LAYERS for package in layer.packages}
    _none(
        [
            f"{name}: a package without a layer: give it one in LAYERS (and in ARCHITECTURE.md)"
            for name in sorted(tops - listed)
        ]
    )
    _none([f"{name}: in LAYERS but not in criteria/" for name in sorted(listed - tops - PLANNED)])


def test_architecture_md_names_only_files_and_definitions_that_exist() -> None:
    """Every `path.py` ARCHITECTURE.md names exists (from the repository or criteria/; a bare name anywhere under
    criteria/, where the sentence names its folder), and every `path.py:name` defines that name."""
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    found = []
    for match in re.finditer(r"`([\w/]+\.py)(?::(\w+))?`", text):
        path, name = match.groups()
        files = (
            [f for f in (ROOT / path, ROOT / "criteria" / path) if f.is_file()]
            if "/" in path
            else sorted((ROOT / "criteria").rglob(path))
        )
        if not files:
            found.append(f"ARCHITECTURE.md names {path}, which is not in the tree")
        elif name and not any(
            re.search(rf"^\s*(def|class) {name}\b|^{name}\b", f.read_text(encoding="utf-8"), re.MULTILINE)
            for f in files
        ):
            found.append(f"ARCHITECTURE.md names {path}:{name}, which {path} does not define")
    _none(found)


def test_each_layer_imports_only_layers_below_it(graph) -> None:
    _none(layer_violations(graph))


def test_the_engine_does_no_io_and_nothing_but_the_entry_point_uses_the_cli(graph) -> None:
    _none(rule_violations(graph))


def test_the_core_does_no_io() -> None:
    """model, formula, rules, inventory, voorstel and engine: no file, terminal or spreadsheet modules, and no
    call of print, open or input."""
    found = []
    for module, path in modules(ROOT).items():
        if not _in(module, CORE):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and not node.level
                else []
            )
            found += [
                f"{path.relative_to(ROOT)}:{node.lineno}: {module} imports {name}: the core does no I/O"
                for name in names
                if name.split(".")[0] in IO_MODULES
            ]
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in IO_CALLS:
                found.append(
                    f"{path.relative_to(ROOT)}:{node.lineno}: {module} calls {node.func.id}(): the core does no I/O"
                )
    _none(found)


def test_no_import_circles_at_import_time(graph) -> None:
    _none(circles(graph, {"module"}, {}))


def test_a_lazy_import_closes_a_circle_only_where_allowed(graph) -> None:
    _none(circles(graph, {"module", "lazy"}, LAZY_CIRCLES))
    lazy = {(imp.importer, imp.imported) for imp in graph if imp.kind == "lazy"}
    assert sorted(set(LAZY_CIRCLES) - lazy) == [], "an allowed lazy import is gone: remove it from LAZY_CIRCLES"


def test_dynamic_imports_stay_inside_their_own_package() -> None:
    """The graph cannot follow import_module(name): only the lazy __getattr__ of a package may use it."""
    found = [
        f"{place}: {module} imports {argument} by name"
        for module, place, argument in dynamic_imports(ROOT)
        if (module, argument) not in DYNAMIC
    ]
    _none(found)


# The checks above would pass on an empty graph; these show that each one finds what it is for.
def _imp(importer: str, imported: str, kind: str = "module") -> Import:
    return Import(importer, imported, kind, "criteria/x.py:1")


@pytest.mark.parametrize(
    "importer, imported",
    [
        ("criteria.errors", "criteria.model.case"),
        ("criteria.files.reading", "criteria.engine"),
        ("criteria.model.case", "criteria.rules.compile"),
        ("criteria.formula", "criteria.load.table"),
        ("criteria.rules.checks", "criteria.engine.scoring"),
        ("criteria.rules.checks", "criteria.inventory.graph"),
        ("criteria.engine.columns", "criteria.pipeline.run"),
        ("criteria.load.case", "criteria.result.view"),
        ("criteria.report.common", "criteria.cli.support"),
        ("criteria.archive.store", "criteria.report.common"),
    ],
)
def test_an_import_upwards_or_sideways_is_found(importer: str, imported: str) -> None:
    for kind in ("module", "lazy", "typing"):
        [message] = layer_violations([_imp(importer, imported, kind)])
        assert f"{importer} imports {imported}" in message and "criteria/x.py:1" in message


def test_imports_downwards_within_a_package_and_within_a_mutual_layer_pass() -> None:
    assert (
        layer_violations(
            [
                _imp("criteria.engine.columns", "criteria.rules.compile"),
                _imp("criteria.engine.columns", "criteria.engine.scoring"),
                _imp("criteria.model.ruleset", "criteria.formula"),
                _imp("criteria.files.reading", "criteria.errors"),
            ]
        )
        == []
    )


@pytest.mark.parametrize(
    "importer, imported",
    [
        ("criteria.engine.columns", "criteria.files.reading"),
        ("criteria.model.case", "criteria.files"),
        ("criteria.engine.breakdown", "criteria.report.common"),
        ("criteria.report.common", "criteria.cli.app"),
        ("criteria.archive.record", "criteria.cli.support"),
        ("criteria.cli.app", "criteria.cli.support"),
    ],
)
def test_the_named_rules_find_their_import(importer: str, imported: str) -> None:
    found = rule_violations([_imp(importer, imported)])
    if importer.startswith("criteria.cli"):
        assert found == []
    else:
        assert found and all(f"criteria/x.py:1: {importer} imports {imported}: " in message for message in found)


def test_a_circle_is_found_with_every_import_in_it_unless_a_lazy_one_is_allowed() -> None:
    graph = [
        _imp("criteria.a", "criteria.b"),
        _imp("criteria.b", "criteria.c"),
        _imp("criteria.c", "criteria.a", "lazy"),
        _imp("criteria.c", "criteria.d", "typing"),
        _imp("criteria.d", "criteria.c"),
    ]
    _none(circles(graph, {"module"}, {}))
    [found] = circles(graph, {"module", "lazy"}, {})
    assert "criteria.a, criteria.b, criteria.c" in found and found.count("criteria/x.py:1") == 3
    assert circles(graph, {"module", "lazy"}, {("criteria.c", "criteria.a"): "test"}) == []

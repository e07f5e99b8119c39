"""A small, safe expression language for ruleset formulas.

Formulas are parsed with :mod:`ast` and the tree is checked against a strict whitelist;
it is never compiled or executed as Python. Evaluation is column-wise on float64 numpy
arrays: every number is a float64, so ``9**9**9`` overflows to ``inf`` instead of hanging.

Missing data (NaN) stays missing: arithmetic, ``min``/``max``, comparisons and ``not``
give NaN when an input is NaN. ``and``/``or`` follow three-valued logic (``0 and NaN`` is
0, ``1 or NaN`` is 1), and ``a if c else b`` is NaN where ``c`` is NaN.
"""

from __future__ import annotations

import ast
import copy
import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from criteria.formula.checker import Checker, check_constants, check_size, prescan, syntax_error
from criteria.formula.evaluator import Evaluator
from criteria.formula.language import FormulaError
from criteria.limits import MAX_FORMULA_DEPTH as MAX_DEPTH
from criteria.limits import MAX_FORMULA_LENGTH
from criteria.limits import MAX_FORMULA_NODES as MAX_NODES

__all__ = [
    "MAX_DEPTH",
    "MAX_FORMULA_LENGTH",
    "MAX_NODES",
    "Formula",
    "FormulaError",
    "evaluate",
    "parse",
    "render",
    "unparse",
]


@dataclass(frozen=True)
class Formula:
    """A parsed, validated formula."""

    text: str
    names: frozenset[str]
    partner_refs: frozenset[tuple[str, str | None]]
    _tree: ast.Expression = field(repr=False, compare=False)

    @property
    def tree(self) -> ast.Expression:
        """The validated syntax tree (for static analysis; never executed)."""
        return self._tree


def parse(text: str) -> Formula:
    """Parse and validate `text`; raises FormulaError (in Dutch) when it is not allowed. The same text gives the
    same (frozen) Formula: a breakdown reads a group's formulas once per subject-year, and parses them once."""
    if not isinstance(text, str):
        raise FormulaError("formule moet tekst zijn")
    return _parse(text)


@functools.lru_cache(maxsize=1024)
def _parse(text: str) -> Formula:
    if not text.strip():
        raise FormulaError("formule is leeg")
    if len(text) > MAX_FORMULA_LENGTH:
        raise FormulaError(f"formule is te lang ({len(text)} tekens, maximaal {MAX_FORMULA_LENGTH})")
    prescan(text)
    # Newlines (e.g. from folded YAML) become spaces: one line, so columns are plain offsets.
    source = text.replace("\r", " ").replace("\n", " ")
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        raise syntax_error(source, exc) from None
    except (RecursionError, MemoryError, ValueError):
        raise FormulaError("ongeldige formule: te complex of te diep genest") from None
    check_size(tree)
    checker = Checker()
    checker.check(tree.body)
    check_constants(tree.body)
    return Formula(text, frozenset(checker.names), frozenset(checker.partner_refs), tree)


def evaluate(
    formula: Formula,
    resolve: Callable[[str], np.ndarray],
    resolve_partner: Callable[[str, str | None], np.ndarray] | None = None,
) -> np.ndarray:
    """Evaluate column-wise. Returns a new float64 array of the inputs' broadcast shape
    (0-d when the formula references no data). Non-finite results are returned as is."""
    evaluator = Evaluator(resolve, resolve_partner)
    with np.errstate(all="ignore"):
        result = np.asarray(evaluator.eval(formula._tree.body), dtype=np.float64)
    shape = np.broadcast_shapes(*evaluator.shapes) if evaluator.shapes else ()
    return np.array(np.broadcast_to(result, shape), dtype=np.float64)


@functools.lru_cache(maxsize=1024)
def unparse(formula: Formula) -> str:
    """The formula in normalized notation, e.g. ``a / b * 1000``."""
    return ast.unparse(formula._tree)


def render(formula: Formula, values: Mapping[str, str]) -> str:
    """The formula with each data name replaced by its value from `values` (when present)."""
    text, names = _template(formula)
    for i, name in enumerate(names):
        text = text.replace(f"\x00{i}\x00", _shown(values[name]) if name in values else name)
    return text


@functools.lru_cache(maxsize=1024)
def _template(formula: Formula) -> tuple[str, tuple[str, ...]]:
    """The unparsed formula with a numbered marker for every data name, and the names in marker order."""
    names: list[str] = []

    def marker(name: str) -> str:
        names.append(name)
        return f"\x00{len(names) - 1}\x00"

    return ast.unparse(_FillIn(marker).visit(copy.deepcopy(formula._tree))), tuple(names)


def _shown(value: object) -> str:
    text = str(value)
    return text if re.fullmatch(r"[\w.,]+", text) else f"({text})"


class _FillIn(ast.NodeTransformer):
    """Replaces data names by what `shown` gives for them (for `render`); function names stay."""

    def __init__(self, shown: Callable[[str], str]) -> None:
        self.shown = shown

    def visit_Call(self, node: ast.Call) -> ast.Call:
        node.args = [self.visit(arg) for arg in node.args]
        return node

    def visit_Name(self, node: ast.Name) -> ast.Name:
        return ast.Name(id=self.shown(node.id))

"""Units across a formula (pure): +, −, comparisons, min/max and if/else need equal units.

Only declared units are checked (a field or derived field with `unit`); a constant fits any unit, and
* and / are free (their result has no declared unit). The difference of two percentages is in
procentpunt.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

from criteria import formula as fx

Unit = str | None


def _norm(unit: str) -> str:
    return " ".join(unit.strip().lower().split())


class UnitChecker:
    """Infers the unit of a formula and records every mismatch as a Dutch message."""

    def __init__(self, unit_of: Callable[[str], Unit]):
        self.unit_of = unit_of
        self.problems: list[str] = []

    def infer(self, formula: fx.Formula) -> Unit:
        try:
            return self._node(formula.tree.body)
        except RecursionError:
            return None

    def _same(self, units: list[tuple[str, Unit]], what: str) -> Unit:
        known = [(text, u) for text, u in units if u]
        if len({_norm(u) for _, u in known}) > 1:
            parts = ", ".join(f"{text} ({u})" for text, u in known)
            self.problems.append(f"eenheden passen niet bij {what}: {parts}")
            return None
        return known[0][1] if known else None

    def _node(self, node: ast.AST) -> Unit:
        if isinstance(node, ast.Name):
            return self.unit_of(node.id)
        if isinstance(node, ast.BinOp):
            left, right = self._node(node.left), self._node(node.right)
            if isinstance(node.op, (ast.Add, ast.Sub)):
                sign = "+" if isinstance(node.op, ast.Add) else "−"
                unit = self._same([(ast.unparse(node.left), left), (ast.unparse(node.right), right)], f"'{sign}'")
                both_percent = left and right and _norm(left) == _norm(right) == "%"
                return "procentpunt" if isinstance(node.op, ast.Sub) and both_percent else unit
            return None
        if isinstance(node, ast.UnaryOp):
            unit = self._node(node.operand)
            return None if isinstance(node.op, ast.Not) else unit
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            self._same([(ast.unparse(o), self._node(o)) for o in operands], "een vergelijking")
            return None
        if isinstance(node, ast.BoolOp):
            for value in node.values:
                self._node(value)
            return None
        if isinstance(node, ast.IfExp):
            self._node(node.test)
            return self._same(
                [(ast.unparse(node.body), self._node(node.body)), (ast.unparse(node.orelse), self._node(node.orelse))],
                "'if … else'",
            )
        if isinstance(node, ast.Call):
            name = node.func.id  # type: ignore[attr-defined]
            if name in ("partner", "sum_partners"):
                return self.unit_of(node.args[0].id)  # type: ignore[attr-defined]
            if name in ("min", "max"):
                return self._same([(ast.unparse(a), self._node(a)) for a in node.args], f"{name}(...)")
            return self._node(node.args[0])  # abs, round
        return None


def same_unit(a: str, b: str) -> bool:
    return _norm(a) == _norm(b)

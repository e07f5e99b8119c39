"""Interval arithmetic over formulas: the range of values a formula or a measure can take (pure).

Ranges come from the `min`/`max` of fields. Every rule errs on the wide side (an unknown bound is
infinite), so that a check built on a range never reports a problem that is not there.
"""

from __future__ import annotations

import ast
import math

from criteria import formula as fx
from criteria.model.ruleset import Ruleset

INF = math.inf
Range = tuple[float, float]
FULL: Range = (-INF, INF)


def _clean(lo: float, hi: float) -> Range:
    if math.isnan(lo) or math.isnan(hi) or lo > hi:
        return FULL
    return lo, hi


def _mul(a: Range, b: Range) -> Range:
    products = []
    for x in a:
        for y in b:
            if (x == 0 and math.isinf(y)) or (y == 0 and math.isinf(x)):
                products.append(0.0)
            else:
                products.append(x * y)
    return _clean(min(products), max(products))


def _reciprocal(x: float) -> float:
    return 0.0 if math.isinf(x) else 1.0 / x


def _div(a: Range, b: Range) -> Range:
    lo, hi = b
    if lo > 0 or hi < 0:
        return _mul(a, (_reciprocal(hi), _reciprocal(lo)))
    if lo == 0 and hi > 0 and a[0] >= 0:  # non-negative over non-negative (division by zero gives no value)
        return 0.0, INF
    if lo == 0 and hi > 0 and a[1] <= 0:
        return -INF, 0.0
    return FULL


def _abs(a: Range) -> Range:
    lo, hi = a
    if lo >= 0:
        return a
    if hi <= 0:
        return -hi, -lo
    return 0.0, max(-lo, hi)


class RangeFinder:
    """Ranges of fields, derived fields and formulas of one ruleset (memoised)."""

    def __init__(self, ruleset: Ruleset, formulas: dict[str, fx.Formula]):
        self.rs = ruleset
        self.formulas = formulas
        self.memo: dict[str, Range] = {}
        self.busy: set[str] = set()

    def name(self, name: str) -> Range:
        if name in self.memo:
            return self.memo[name]
        field = self.rs.fields.get(name)
        if field is not None:
            result = (
                FULL
                if field.type == "label"
                else (-INF if field.min is None else field.min, INF if field.max is None else field.max)
            )
        elif name in self.rs.derived and name in self.formulas and name not in self.busy:
            self.busy.add(name)
            result = self.formula(self.formulas[name])
            self.busy.discard(name)
        else:
            result = FULL
        self.memo[name] = result
        return result

    def formula(self, formula: fx.Formula) -> Range:
        try:
            return self._node(formula.tree.body)
        except (RecursionError, OverflowError, ValueError):
            return FULL

    def _node(self, node: ast.AST) -> Range:
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return float(node.value), float(node.value)
        if isinstance(node, ast.Name):
            return self.name(node.id)
        if isinstance(node, ast.BinOp):
            a, b = self._node(node.left), self._node(node.right)
            if isinstance(node.op, ast.Add):
                return _clean(a[0] + b[0], a[1] + b[1])
            if isinstance(node.op, ast.Sub):
                return _clean(a[0] - b[1], a[1] - b[0])
            if isinstance(node.op, ast.Mult):
                return _mul(a, b)
            if isinstance(node.op, ast.Div):
                return _div(a, b)
            return FULL
        if isinstance(node, ast.UnaryOp):
            a = self._node(node.operand)
            if isinstance(node.op, ast.USub):
                return -a[1], -a[0]
            return (0.0, 1.0) if isinstance(node.op, ast.Not) else a
        if isinstance(node, (ast.BoolOp, ast.Compare)):
            return 0.0, 1.0
        if isinstance(node, ast.IfExp):
            a, b = self._node(node.body), self._node(node.orelse)
            return min(a[0], b[0]), max(a[1], b[1])
        if isinstance(node, ast.Call):
            return self._call(node.func.id, node.args)  # type: ignore[attr-defined]
        return FULL

    def _call(self, name: str, args: list[ast.expr]) -> Range:
        if name in ("min", "max"):
            ranges = [self._node(a) for a in args]
            pick = min if name == "min" else max
            return pick(r[0] for r in ranges), pick(r[1] for r in ranges)
        if name == "abs":
            return _abs(self._node(args[0]))
        if name == "round":
            lo, hi = self._node(args[0])
            digits = args[1].value if len(args) == 2 else 0  # type: ignore[attr-defined]
            return (lo if math.isinf(lo) else round(lo, digits)), (hi if math.isinf(hi) else round(hi, digits))
        if name == "partner":
            return self.name(args[0].id)  # type: ignore[attr-defined]
        if name == "sum_partners":  # the number of partners is not known here: one or more
            lo, hi = self.name(args[0].id)  # type: ignore[attr-defined]
            return (lo, INF) if lo >= 0 else ((-INF, hi) if hi <= 0 else FULL)
        return FULL

    def measure(self, iid: str) -> Range:
        """The range of an indicator's measure (value, difference, relative difference or index)."""
        ind = self.rs.indicators[iid]
        if iid not in self.formulas:
            return FULL
        value = self.formula(self.formulas[iid])
        if ind.measure == "value":
            return value
        null = self.rs.nullijn_for(iid)
        if null is None:
            return FULL
        if null.kind == "base_year":
            base = value
        elif null.kind == "reference":
            base = self.name(null.field or "")
        elif null.kind == "reference_group":
            return FULL  # a statistic over other gemeenten: no range known from this ruleset
        else:
            base = (float(null.value), float(null.value))  # type: ignore[arg-type]
        if ind.measure == "difference":
            return _clean(value[0] - base[1], value[1] - base[0])
        non_negative = value[0] >= 0 and base[0] >= 0
        if ind.measure == "relative_difference":
            return (-100.0, INF) if non_negative else FULL
        return (0.0, INF) if non_negative else FULL

"""Column-wise evaluation of a validated formula tree on float64 numpy arrays (NaN stays missing)."""

from __future__ import annotations

import ast
from functools import reduce
from typing import cast

import numpy as np

from criteria.formula.language import BINARY, COMPARE, PARTNER_FUNCTIONS, FormulaError


def _truth(value):
    """1.0 where nonzero, 0.0 where zero, NaN where missing."""
    return np.where(np.isnan(value), np.nan, np.not_equal(value, 0).astype(np.float64))


def _and(p, q):
    return np.where((p == 0) | (q == 0), 0.0, np.where(np.isnan(p) | np.isnan(q), np.nan, 1.0))


def _or(p, q):
    return np.where((p == 1) | (q == 1), 1.0, np.where(np.isnan(p) | np.isnan(q), np.nan, 0.0))


class Evaluator:
    """Evaluates a validated tree; every value is float64 (scalar or array)."""

    def __init__(self, resolve, resolve_partner) -> None:
        self.resolve = resolve
        self.resolve_partner = resolve_partner
        self.cache: dict[tuple[str, str | None] | str, np.ndarray] = {}
        self.shapes: list[tuple[int, ...]] = []

    def _data(self, key, fetch) -> np.ndarray:
        if key not in self.cache:
            self.cache[key] = np.asarray(fetch(), dtype=np.float64)
            self.shapes.append(self.cache[key].shape)
        return self.cache[key]

    def eval(self, node: ast.AST):
        if isinstance(node, ast.Constant):
            return np.float64(cast(float, node.value))  # the checker admits only numbers here
        if isinstance(node, ast.Name):
            return self._data(node.id, lambda: self.resolve(node.id))
        if isinstance(node, ast.BinOp):
            return BINARY[type(node.op)](self.eval(node.left), self.eval(node.right))
        if isinstance(node, ast.UnaryOp):
            value = self.eval(node.operand)
            if isinstance(node.op, ast.Not):
                return 1.0 - _truth(value)
            return -value if isinstance(node.op, ast.USub) else +value
        if isinstance(node, ast.BoolOp):
            combine = _and if isinstance(node.op, ast.And) else _or
            return reduce(combine, (_truth(self.eval(v)) for v in node.values))
        if isinstance(node, ast.Compare):
            operands = [self.eval(v) for v in (node.left, *node.comparators)]
            results = [
                np.where(np.isnan(a) | np.isnan(b), np.nan, COMPARE[type(op)](a, b).astype(np.float64))
                for op, a, b in zip(node.ops, operands, operands[1:])
            ]
            return reduce(_and, results)
        if isinstance(node, ast.IfExp):
            test = _truth(self.eval(node.test))
            return np.where(np.isnan(test), np.nan, np.where(test != 0, self.eval(node.body), self.eval(node.orelse)))
        if isinstance(node, ast.Call):
            return self._call(cast(ast.Name, node.func).id, node.args)  # the checker admits only named calls
        raise FormulaError(f"constructie '{type(node).__name__}' is niet toegestaan")  # unreachable after parse

    def _call(self, name: str, args: list[ast.expr]):
        if name in PARTNER_FUNCTIONS:
            if self.resolve_partner is None:
                raise FormulaError(f"{name}(...) kan hier niet worden gebruikt: er zijn geen partnergegevens")
            key = (cast(ast.Name, args[0]).id, cast(ast.Constant, args[1]).value if name == "partner" else None)
            return self._data(key, lambda: self.resolve_partner(*key))
        if name == "round":
            digits = cast(int, cast(ast.Constant, args[1]).value) if len(args) == 2 else 0
            return np.round(self.eval(args[0]), digits)
        values = [self.eval(a) for a in args]
        if name == "abs":
            return np.abs(values[0])
        return reduce(np.minimum if name == "min" else np.maximum, values)

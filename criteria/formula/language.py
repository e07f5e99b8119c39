"""The formula language's whitelist: allowed functions and operators, rejected constructs, and its error."""

from __future__ import annotations

import ast
import re

import numpy as np

IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# name -> (minimum, maximum) number of arguments; None means unlimited
FUNCTIONS: dict[str, tuple[int, int | None]] = {
    "min": (2, None),
    "max": (2, None),
    "abs": (1, 1),
    "round": (1, 2),
    "sum_partners": (1, 1),
    "partner": (2, 2),
}
FUNCTION_LIST = ", ".join(FUNCTIONS)
PARTNER_FUNCTIONS = ("sum_partners", "partner")

BINARY = {
    ast.Add: np.add,
    ast.Sub: np.subtract,
    ast.Mult: np.multiply,
    ast.Div: np.true_divide,
    ast.FloorDiv: np.floor_divide,
    ast.Mod: np.mod,
    ast.Pow: np.power,
}
COMPARE = {
    ast.Lt: np.less,
    ast.LtE: np.less_equal,
    ast.Gt: np.greater,
    ast.GtE: np.greater_equal,
    ast.Eq: np.equal,
    ast.NotEq: np.not_equal,
}
OPERATOR_SYMBOLS = {
    ast.BitAnd: "&",
    ast.BitOr: "|",
    ast.BitXor: "^",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.MatMult: "@",
    ast.Invert: "~",
    ast.Is: "is",
    ast.IsNot: "is not",
    ast.In: "in",
    ast.NotIn: "not in",
}
REJECTED = {
    ast.Subscript: "indexeren met [...] is niet toegestaan",
    ast.Lambda: "lambda-functies zijn niet toegestaan",
    ast.ListComp: "lijstconstructies (comprehensions) zijn niet toegestaan",
    ast.SetComp: "lijstconstructies (comprehensions) zijn niet toegestaan",
    ast.DictComp: "lijstconstructies (comprehensions) zijn niet toegestaan",
    ast.GeneratorExp: "generatoren zijn niet toegestaan",
    ast.JoinedStr: "f-strings zijn niet toegestaan",
    ast.List: "lijsten ([...]) zijn niet toegestaan",
    ast.Tuple: "reeksen met komma's zijn niet toegestaan (gebruik een punt als decimaalteken: 1.5)",
    ast.Set: "verzamelingen ({...}) zijn niet toegestaan",
    ast.Dict: "woordenboeken ({...: ...}) zijn niet toegestaan",
    ast.NamedExpr: "toekenning met ':=' is niet toegestaan",
    ast.Starred: "uitpakken met '*' is niet toegestaan",
}
# Leaf marker nodes that do not count towards MAX_NODES / MAX_DEPTH.
MARKERS = (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop)


class FormulaError(ValueError):
    """A formula that cannot be parsed or is not allowed; `message` is Dutch and user-facing."""

    def __init__(self, message: str, column: int | None = None):
        if column is not None:
            message = f"{message} bij kolom {column}"
        super().__init__(message)
        self.message = message
        self.column = column


def fail(message: str, node: ast.AST) -> FormulaError:
    """An error located at `node` (col_offset is a byte offset; the text is ASCII-only)."""
    offset = getattr(node, "col_offset", None)
    return FormulaError(message, None if offset is None else offset + 1)

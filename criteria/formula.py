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
import math
import re
from dataclasses import dataclass, field
from functools import reduce
from typing import Callable, Collection, Mapping

import numpy as np

from criteria.limits import MAX_FORMULA_DEPTH as MAX_DEPTH
from criteria.limits import MAX_ABS_VALUE, MAX_FORMULA_LENGTH
from criteria.limits import MAX_FORMULA_NODES as MAX_NODES

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# name -> (minimum, maximum) number of arguments; None means unlimited
_FUNCTIONS: dict[str, tuple[int, int | None]] = {
    "min": (2, None), "max": (2, None), "abs": (1, 1), "round": (1, 2),
    "sum_partners": (1, 1), "partner": (2, 2),
}
_FUNCTION_LIST = ", ".join(_FUNCTIONS)
_PARTNER_FUNCTIONS = ("sum_partners", "partner")

_BINARY = {ast.Add: np.add, ast.Sub: np.subtract, ast.Mult: np.multiply,
           ast.Div: np.true_divide, ast.FloorDiv: np.floor_divide, ast.Mod: np.mod,
           ast.Pow: np.power}
_COMPARE = {ast.Lt: np.less, ast.LtE: np.less_equal, ast.Gt: np.greater,
            ast.GtE: np.greater_equal, ast.Eq: np.equal, ast.NotEq: np.not_equal}
_OPERATOR_SYMBOLS = {ast.BitAnd: "&", ast.BitOr: "|", ast.BitXor: "^", ast.LShift: "<<",
                     ast.RShift: ">>", ast.MatMult: "@", ast.Invert: "~", ast.Is: "is",
                     ast.IsNot: "is not", ast.In: "in", ast.NotIn: "not in"}
_REJECTED = {
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
_MARKERS = (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop)


class FormulaError(ValueError):
    """A formula that cannot be parsed or is not allowed; `message` is Dutch and user-facing."""

    def __init__(self, message: str, column: int | None = None):
        if column is not None:
            message = f"{message} bij kolom {column}"
        super().__init__(message)
        self.message = message
        self.column = column


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
    """Parse and validate `text`; raises FormulaError (in Dutch) when it is not allowed."""
    if not isinstance(text, str):
        raise FormulaError("formule moet tekst zijn")
    if not text.strip():
        raise FormulaError("formule is leeg")
    if len(text) > MAX_FORMULA_LENGTH:
        raise FormulaError(f"formule is te lang ({len(text)} tekens, maximaal {MAX_FORMULA_LENGTH})")
    _prescan(text)
    # Newlines (e.g. from folded YAML) become spaces: one line, so columns are plain offsets.
    source = text.replace("\r", " ").replace("\n", " ")
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        raise _syntax_error(source, exc) from None
    except (RecursionError, MemoryError, ValueError):
        raise FormulaError("ongeldige formule: te complex of te diep genest") from None
    _check_size(tree)
    checker = _Checker()
    checker.check(tree.body)
    _check_constants(tree.body)
    return Formula(text, frozenset(checker.names), frozenset(checker.partner_refs), tree)


def evaluate(formula: Formula, resolve: Callable[[str], np.ndarray],
             resolve_partner: Callable[[str, str | None], np.ndarray] | None = None) -> np.ndarray:
    """Evaluate column-wise. Returns a new float64 array of the inputs' broadcast shape
    (0-d when the formula references no data). Non-finite results are returned as is."""
    evaluator = _Evaluator(resolve, resolve_partner)
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


def _prescan(text: str) -> None:
    depth = 0
    for i, ch in enumerate(text):
        if not (" " <= ch <= "~" or ch in "\t\r\n"):
            raise FormulaError(f"teken {ch!r} (U+{ord(ch):04X}) is niet toegestaan", i + 1)
        if ch == "#":
            raise FormulaError("commentaar met '#' is niet toegestaan", i + 1)
        if ch in "([{":
            depth += 1
            if depth > MAX_DEPTH:
                raise FormulaError(f"formule is te diep genest (meer dan {MAX_DEPTH} haakjes)", i + 1)
        elif ch in ")]}":
            depth = max(0, depth - 1)


_SYNTAX_MESSAGES = [  # (fragment of Python's message, Dutch explanation)
    ("never closed", "haakje wordt niet gesloten"),
    ("unmatched", "haakje past niet bij een openingshaakje"),
    ("does not match", "haakje past niet bij een openingshaakje"),
    ("unterminated string", "tekst tussen aanhalingstekens wordt niet afgesloten"),
    ("expected 'else'", "'else' ontbreekt na 'if'"),
    ("literal", "ongeldig getal"),
    ("nested", "te diep genest"),
]


def _syntax_error(source: str, exc: SyntaxError) -> FormulaError:
    msg, offset, end = exc.msg or "", exc.offset or 0, len(source.rstrip())
    detail = next((dutch for fragment, dutch in _SYNTAX_MESSAGES if fragment in msg), None)
    if detail is None:
        if not 1 <= offset <= end:
            return FormulaError("ongeldige formule: onverwacht einde van de formule", end + 1)
        token = re.match(r"\s*(\w+|\S)", source[offset - 1:]).group(1)
        detail = "'=' is niet toegestaan (gebruik '==' om te vergelijken)" if token == "=" else f"onverwacht '{token}'"
    return FormulaError(f"ongeldige formule: {detail}", offset if 1 <= offset <= len(source) + 1 else None)


def _check_size(tree: ast.Expression) -> None:
    """Count nodes and nesting iteratively, so huge trees cannot exhaust the stack later."""
    count = 0
    stack: list[tuple[ast.AST, int]] = [(tree.body, 1)]
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise FormulaError(f"formule is te groot (meer dan {MAX_NODES} onderdelen)")
        if depth > MAX_DEPTH:
            raise _fail(f"formule is te diep genest (meer dan {MAX_DEPTH} niveaus; "
                        "splits de formule op of groepeer met haakjes)", node)
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node)
                     if not isinstance(child, _MARKERS))


def _fail(message: str, node: ast.AST) -> FormulaError:
    """An error located at `node` (col_offset is a byte offset; the text is ASCII-only)."""
    offset = getattr(node, "col_offset", None)
    return FormulaError(message, None if offset is None else offset + 1)


class _Checker:
    """Validates a tree against the whitelist and collects the names it uses."""

    def __init__(self) -> None:
        self.names: set[str] = set()
        self.partner_refs: set[tuple[str, str | None]] = set()

    def check(self, node: ast.AST) -> None:
        if isinstance(node, ast.Constant):
            _number(node)
        elif isinstance(node, ast.Name):
            self.names.add(_field_name(node))
        elif isinstance(node, ast.BinOp):
            _allowed_operator(node.op, _BINARY, node)
            self.check(node.left)
            self.check(node.right)
        elif isinstance(node, ast.UnaryOp):
            _allowed_operator(node.op, (ast.USub, ast.UAdd, ast.Not), node)
            self.check(node.operand)
        elif isinstance(node, ast.BoolOp):
            for value in node.values:
                self.check(value)
        elif isinstance(node, ast.Compare):
            for op in node.ops:
                _allowed_operator(op, _COMPARE, node)
            for value in (node.left, *node.comparators):
                self.check(value)
        elif isinstance(node, ast.IfExp):
            for value in (node.test, node.body, node.orelse):
                self.check(value)
        elif isinstance(node, ast.Call):
            self._call(node)
        elif isinstance(node, ast.Attribute):
            raise _fail(f"attribuuttoegang ('.{node.attr}') is niet toegestaan", node)
        else:
            message = _REJECTED.get(type(node), f"constructie '{type(node).__name__}' is niet toegestaan")
            raise _fail(message, node)

    def _call(self, node: ast.Call) -> None:
        if not isinstance(node.func, ast.Name):
            raise _fail(f"deze aanroep is niet toegestaan (alleen de functies {_FUNCTION_LIST})", node)
        name = node.func.id
        if name not in _FUNCTIONS:
            raise _fail(f"functie '{name}' is niet toegestaan (toegestaan: {_FUNCTION_LIST})", node)
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise _fail("uitpakken met '*' is niet toegestaan", arg)
        if node.keywords:
            raise _fail(f"benoemde argumenten zijn niet toegestaan in {name}(...)", node.keywords[0])
        low, high = _FUNCTIONS[name]
        if len(node.args) < low or (high is not None and len(node.args) > high):
            expected = f"minstens {low}" if high is None else (f"{low}" if low == high else f"{low} of {high}")
            raise _fail(f"{name}(...) verwacht {expected} argumenten, niet {len(node.args)}", node)
        if name in _PARTNER_FUNCTIONS:
            if not isinstance(node.args[0], ast.Name):
                raise _fail(f"het eerste argument van {name}(...) moet een veldnaam zijn", node.args[0])
            partner_id = _partner_id(node.args[1]) if name == "partner" else None
            self.partner_refs.add((_field_name(node.args[0]), partner_id))
            return
        if name == "round" and len(node.args) == 2:
            digits = node.args[1]
            if not (isinstance(digits, ast.Constant) and type(digits.value) is int and 0 <= digits.value <= 10):
                raise _fail("het tweede argument van round(...) moet een geheel getal van 0 tot en met 10 zijn", digits)
            self.check(node.args[0])
            return
        for arg in node.args:
            self.check(arg)


_CONSTANT_MESSAGES = [
    ((bool, type(None)), "'{value}' is niet toegestaan (gebruik 1 of 0)"),
    (str, 'tekst is niet toegestaan, behalve als partner-id in partner(veld, "id")'),
    (bytes, "bytes zijn niet toegestaan"),
    (complex, "complexe getallen zijn niet toegestaan"),
]


def _number(node: ast.Constant) -> None:
    for types, message in _CONSTANT_MESSAGES:
        if isinstance(node.value, types):
            raise _fail(message.format(value=node.value), node)
    if not isinstance(node.value, (int, float)):
        raise _fail(f"'{ast.unparse(node)}' is niet toegestaan", node)
    try:
        finite = np.isfinite(float(node.value))
    except OverflowError:
        finite = False
    if not finite:
        raise _fail("getal is te groot", node)


def _constant_only(node: ast.AST) -> bool:
    return all(not isinstance(n, (ast.Name, ast.Call)) for n in ast.walk(node))


def _check_constants(node: ast.AST) -> None:
    """A part without field names ('9**9**9', '1/0') is computed now: it must give a sane finite number."""
    if not isinstance(node, ast.expr) or isinstance(node, ast.Constant):
        return
    if _constant_only(node):
        with np.errstate(all="ignore"):
            value = float(_Evaluator(None, None).eval(node))
        if not (math.isfinite(value) and abs(value) <= MAX_ABS_VALUE):
            raise _fail(f"'{ast.unparse(node)}' geeft geen geldig getal (oneindig, onbepaald of onaannemelijk "
                        "groot)", node)
        return
    for child in ast.iter_child_nodes(node):
        _check_constants(child)


def _field_name(node: ast.Name) -> str:
    name = node.id
    if name.startswith("_"):
        raise _fail(f"namen die met '_' beginnen zijn niet toegestaan ('{name}')", node)
    if not _IDENTIFIER.fullmatch(name):
        raise _fail(f"ongeldige naam '{name}'", node)
    if name in _FUNCTIONS:
        raise _fail(f"'{name}' is een functie en moet worden aangeroepen, bijvoorbeeld {name}(...)", node)
    return name


def _partner_id(node: ast.expr) -> str:
    if not (isinstance(node, ast.Constant) and isinstance(node.value, str)
            and _IDENTIFIER.fullmatch(node.value)):
        raise _fail('het tweede argument van partner(...) moet een partner-id tussen '
                    'aanhalingstekens zijn, bijvoorbeeld partner(veld, "gemeente_a")', node)
    return node.value


def _allowed_operator(op: ast.AST, allowed: Collection[type], node: ast.AST) -> None:
    if type(op) not in allowed:
        symbol = _OPERATOR_SYMBOLS.get(type(op), type(op).__name__)
        raise _fail(f"operator '{symbol}' is niet toegestaan", node)


def _truth(value):
    """1.0 where nonzero, 0.0 where zero, NaN where missing."""
    return np.where(np.isnan(value), np.nan, np.not_equal(value, 0).astype(np.float64))


def _and(p, q):
    return np.where((p == 0) | (q == 0), 0.0, np.where(np.isnan(p) | np.isnan(q), np.nan, 1.0))


def _or(p, q):
    return np.where((p == 1) | (q == 1), 1.0, np.where(np.isnan(p) | np.isnan(q), np.nan, 0.0))


class _Evaluator:
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
            return np.float64(node.value)
        if isinstance(node, ast.Name):
            return self._data(node.id, lambda: self.resolve(node.id))
        if isinstance(node, ast.BinOp):
            return _BINARY[type(node.op)](self.eval(node.left), self.eval(node.right))
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
            results = [np.where(np.isnan(a) | np.isnan(b), np.nan, _COMPARE[type(op)](a, b).astype(np.float64))
                       for op, a, b in zip(node.ops, operands, operands[1:])]
            return reduce(_and, results)
        if isinstance(node, ast.IfExp):
            test = _truth(self.eval(node.test))
            return np.where(np.isnan(test), np.nan, np.where(test != 0, self.eval(node.body), self.eval(node.orelse)))
        if isinstance(node, ast.Call):
            return self._call(node.func.id, node.args)
        raise FormulaError(f"constructie '{type(node).__name__}' is niet toegestaan")  # unreachable after parse

    def _call(self, name: str, args: list[ast.expr]):
        if name in _PARTNER_FUNCTIONS:
            if self.resolve_partner is None:
                raise FormulaError(f"{name}(...) kan hier niet worden gebruikt: er zijn geen partnergegevens")
            key = (args[0].id, args[1].value if name == "partner" else None)
            return self._data(key, lambda: self.resolve_partner(*key))
        if name == "round":
            digits = args[1].value if len(args) == 2 else 0
            return np.round(self.eval(args[0]), digits)
        values = [self.eval(a) for a in args]
        if name == "abs":
            return np.abs(values[0])
        return reduce(np.minimum if name == "min" else np.maximum, values)


class _FillIn(ast.NodeTransformer):
    """Replaces data names by what `shown` gives for them (for `render`); function names stay."""

    def __init__(self, shown: Callable[[str], str]) -> None:
        self.shown = shown

    def visit_Call(self, node: ast.Call) -> ast.Call:
        node.args = [self.visit(arg) for arg in node.args]
        return node

    def visit_Name(self, node: ast.Name) -> ast.Name:
        return ast.Name(id=self.shown(node.id))

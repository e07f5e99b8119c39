"""Validation of formula text and trees against the whitelist, before anything is evaluated."""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Collection

import numpy as np

from criteria.formula.evaluator import Evaluator
from criteria.formula.language import (
    BINARY,
    COMPARE,
    FUNCTION_LIST,
    FUNCTIONS,
    IDENTIFIER,
    MARKERS,
    OPERATOR_SYMBOLS,
    PARTNER_FUNCTIONS,
    REJECTED,
    FormulaError,
    fail,
)
from criteria.limits import MAX_ABS_VALUE
from criteria.limits import MAX_FORMULA_DEPTH as MAX_DEPTH
from criteria.limits import MAX_FORMULA_NODES as MAX_NODES


def prescan(text: str) -> None:
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


def syntax_error(source: str, exc: SyntaxError) -> FormulaError:
    msg, offset, end = exc.msg or "", exc.offset or 0, len(source.rstrip())
    detail = next((dutch for fragment, dutch in _SYNTAX_MESSAGES if fragment in msg), None)
    if detail is None:
        if not 1 <= offset <= end:
            return FormulaError("ongeldige formule: onverwacht einde van de formule", end + 1)
        found = re.match(r"\s*(\w+|\S)", source[offset - 1 :])
        if found is None:
            return FormulaError("ongeldige formule: onverwacht einde van de formule", end + 1)
        token = found.group(1)
        detail = "'=' is niet toegestaan (gebruik '==' om te vergelijken)" if token == "=" else f"onverwacht '{token}'"
    return FormulaError(f"ongeldige formule: {detail}", offset if 1 <= offset <= len(source) + 1 else None)


def check_size(tree: ast.Expression) -> None:
    """Count nodes and nesting iteratively, so huge trees cannot exhaust the stack later."""
    count = 0
    stack: list[tuple[ast.AST, int]] = [(tree.body, 1)]
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise FormulaError(f"formule is te groot (meer dan {MAX_NODES} onderdelen)")
        if depth > MAX_DEPTH:
            raise fail(
                f"formule is te diep genest (meer dan {MAX_DEPTH} niveaus; "
                "splits de formule op of groepeer met haakjes)",
                node,
            )
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node) if not isinstance(child, MARKERS))


class Checker:
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
            _allowed_operator(node.op, BINARY, node)
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
                _allowed_operator(op, COMPARE, node)
            for value in (node.left, *node.comparators):
                self.check(value)
        elif isinstance(node, ast.IfExp):
            for value in (node.test, node.body, node.orelse):
                self.check(value)
        elif isinstance(node, ast.Call):
            self._call(node)
        elif isinstance(node, ast.Attribute):
            raise fail(f"attribuuttoegang ('.{node.attr}') is niet toegestaan", node)
        else:
            message = REJECTED.get(type(node), f"constructie '{type(node).__name__}' is niet toegestaan")
            raise fail(message, node)

    def _call(self, node: ast.Call) -> None:
        if not isinstance(node.func, ast.Name):
            raise fail(f"deze aanroep is niet toegestaan (alleen de functies {FUNCTION_LIST})", node)
        name = node.func.id
        if name not in FUNCTIONS:
            raise fail(f"functie '{name}' is niet toegestaan (toegestaan: {FUNCTION_LIST})", node)
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise fail("uitpakken met '*' is niet toegestaan", arg)
        if node.keywords:
            raise fail(f"benoemde argumenten zijn niet toegestaan in {name}(...)", node.keywords[0])
        low, high = FUNCTIONS[name]
        if len(node.args) < low or (high is not None and len(node.args) > high):
            expected = f"minstens {low}" if high is None else (f"{low}" if low == high else f"{low} of {high}")
            raise fail(f"{name}(...) verwacht {expected} argumenten, niet {len(node.args)}", node)
        if name in PARTNER_FUNCTIONS:
            if not isinstance(node.args[0], ast.Name):
                raise fail(f"het eerste argument van {name}(...) moet een veldnaam zijn", node.args[0])
            partner_id = _partner_id(node.args[1]) if name == "partner" else None
            self.partner_refs.add((_field_name(node.args[0]), partner_id))
            return
        if name == "round" and len(node.args) == 2:
            digits = node.args[1]
            if not (isinstance(digits, ast.Constant) and type(digits.value) is int and 0 <= digits.value <= 10):
                raise fail("het tweede argument van round(...) moet een geheel getal van 0 tot en met 10 zijn", digits)
            self.check(node.args[0])
            return
        for arg in node.args:
            self.check(arg)


_CONSTANT_MESSAGES: list[tuple[type | tuple[type, ...], str]] = [
    ((bool, type(None)), "'{value}' is niet toegestaan (gebruik 1 of 0)"),
    (str, 'tekst is niet toegestaan, behalve als partner-id in partner(veld, "id")'),
    (bytes, "bytes zijn niet toegestaan"),
    (complex, "complexe getallen zijn niet toegestaan"),
]


def _number(node: ast.Constant) -> None:
    for types, message in _CONSTANT_MESSAGES:
        if isinstance(node.value, types):
            raise fail(message.format(value=node.value), node)
    if not isinstance(node.value, (int, float)):
        raise fail(f"'{ast.unparse(node)}' is niet toegestaan", node)
    try:
        finite = np.isfinite(float(node.value))
    except OverflowError:
        finite = False
    if not finite:
        raise fail("getal is te groot", node)


def _constant_only(node: ast.AST) -> bool:
    return all(not isinstance(n, (ast.Name, ast.Call)) for n in ast.walk(node))


def check_constants(node: ast.AST) -> None:
    """A part without field names ('9**9**9', '1/0') is computed now: it must give a sane finite number."""
    if not isinstance(node, ast.expr) or isinstance(node, ast.Constant):
        return
    if _constant_only(node):
        with np.errstate(all="ignore"):
            value = float(Evaluator(None, None).eval(node))
        if not (math.isfinite(value) and abs(value) <= MAX_ABS_VALUE):
            raise fail(
                f"'{ast.unparse(node)}' geeft geen geldig getal (oneindig, onbepaald of onaannemelijk groot)", node
            )
        return
    for child in ast.iter_child_nodes(node):
        check_constants(child)


def _field_name(node: ast.Name) -> str:
    name = node.id
    if name.startswith("_"):
        raise fail(f"namen die met '_' beginnen zijn niet toegestaan ('{name}')", node)
    if not IDENTIFIER.fullmatch(name):
        raise fail(f"ongeldige naam '{name}'", node)
    if name in FUNCTIONS:
        raise fail(f"'{name}' is een functie en moet worden aangeroepen, bijvoorbeeld {name}(...)", node)
    return name


def _partner_id(node: ast.expr) -> str:
    if not (isinstance(node, ast.Constant) and isinstance(node.value, str) and IDENTIFIER.fullmatch(node.value)):
        raise fail(
            "het tweede argument van partner(...) moet een partner-id tussen "
            'aanhalingstekens zijn, bijvoorbeeld partner(veld, "gemeente_a")',
            node,
        )
    return node.value


def _allowed_operator(op: ast.AST, allowed: Collection[type], node: ast.AST) -> None:
    if type(op) not in allowed:
        symbol = OPERATOR_SYMBOLS.get(type(op), type(op).__name__)
        raise fail(f"operator '{symbol}' is niet toegestaan", node)

"""Tests for the safe formula language (criteria.formula)."""

from __future__ import annotations

import ast

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from criteria import formula as fm
from criteria.formula import FormulaError, evaluate, language, parse, render, unparse

NAN = np.nan
DATA = {
    "a": np.array([[1.0, 2.0], [NAN, 4.0]]),
    "b": np.array([[2.0, 0.0], [3.0, NAN]]),
    "c": np.array([[10.0, 20.0], [30.0, 40.0]]),
}


def run(text: str, data=DATA, partner=None) -> np.ndarray:
    return evaluate(parse(text), data.__getitem__, partner)


def same(actual, expected) -> None:
    np.testing.assert_array_equal(actual, np.asarray(expected, dtype=float))


DUTCH_MARKERS = (
    "niet toegestaan",
    "ongeldige formule",
    "te lang",
    "te diep",
    "te groot",
    "leeg",
    "verwacht",
    "moet",
    "is een functie",
    "niet worden gebruikt",
)
ENGLISH_MARKERS = ("invalid", "syntax", "not allowed", "expected", "never closed", "unexpected", "recursion", "error")


def assert_dutch(message: str) -> None:
    assert any(m in message for m in DUTCH_MARKERS), message
    assert not any(m in message.lower() for m in ENGLISH_MARKERS), message


# --- arithmetic ------------------------------------------------------------------------


def test_arithmetic_on_arrays():
    c = DATA["c"]
    same(run("c + 1"), c + 1)
    same(run("c - 2 * c / 4"), c - 2 * c / 4)
    same(run("c // 3"), c // 3)
    same(run("c % 7"), c % 7)
    same(run("c ** 2"), c**2)
    same(run("-c + +c"), np.zeros_like(c))
    same(run("(c + 2) * 3"), (c + 2) * 3)


def test_operator_precedence_and_power_right_associative():
    same(run("2 ** 3 ** 2"), 512.0)
    same(run("-2 ** 2"), -4.0)
    same(run("1 + 2 * 3"), 7.0)


def test_nan_propagates_through_arithmetic_min_max():
    same(run("a + b"), [[3.0, 2.0], [NAN, NAN]])
    same(run("min(a, b)"), [[1.0, 0.0], [NAN, NAN]])
    same(run("max(a, b, c)"), [[10.0, 20.0], [NAN, NAN]])
    same(run("max(a, 0)"), [[1.0, 2.0], [NAN, 4.0]])


def test_division_by_zero_is_silent():
    with np.errstate(all="raise"):  # evaluate must suppress warnings itself
        result = run("a / b")
    same(result, [[0.5, np.inf], [NAN, NAN]])


def test_a_constant_part_that_gives_no_valid_number_is_refused_when_parsing():
    for text in ("0 / 0", "a + 1 / 0", "min(a, 1e300 * 1e300)"):
        with pytest.raises(FormulaError) as info:
            parse(text)
        assert "geeft geen geldig getal" in info.value.message


def test_huge_power_is_refused_or_overflows_to_inf_without_hanging(monkeypatch):
    # Why it cannot hang: every power is one float64 operation, never Python's exact integer power (9**9**9 has
    # 369 million digits). Seen here: the constant part is computed when parsing, on float64 operands only.
    operands = []

    def power(a, b):
        operands.extend((a, b))
        return np.power(a, b)

    monkeypatch.setitem(language.BINARY, ast.Pow, power)
    with pytest.raises(FormulaError) as info:
        parse("9**9**9")
    assert "'9 ** 9 ** 9' geeft geen geldig getal" in info.value.message
    assert len(operands) == 4 and all(isinstance(x, np.float64) for x in operands), operands
    assert np.isposinf(run("c ** 1000")).all()  # with data: inf, which the engine reports as no valid number


def test_abs_and_round():
    same(run("abs(a - 3)"), [[2.0, 1.0], [NAN, 1.0]])
    same(run("round(c / 3)"), np.round(DATA["c"] / 3))
    same(run("round(c / 3, 2)"), np.round(DATA["c"] / 3, 2))
    same(run("round(2.5)"), 2.0)  # numpy rounds half to even, like Python


def test_result_is_new_float64_array_of_broadcast_shape():
    c = DATA["c"]
    result = run("c")
    assert result.dtype == np.float64 and result.shape == c.shape
    result[0, 0] = -1
    assert c[0, 0] == 10.0  # not aliased to the resolver's array
    assert run("1 + c * 0").shape == (2, 2)
    assert run("min(c, 1)").shape == (2, 2)


def test_constant_formula_gives_0d_array():
    result = run("1 + 2")
    assert isinstance(result, np.ndarray) and result.shape == () and result.dtype == np.float64
    assert float(result) == 3.0


def test_names_resolved_once():
    calls = []

    def resolve(name):
        calls.append(name)
        return DATA[name]

    evaluate(parse("c + c * c - min(c, c)"), resolve)
    assert calls == ["c"]


# --- comparisons, logic, conditionals --------------------------------------------------


def test_comparisons_give_one_or_zero_and_nan_when_missing():
    same(run("a < b"), [[1.0, 0.0], [NAN, NAN]])
    same(run("a >= 2"), [[0.0, 1.0], [NAN, 1.0]])
    same(run("c == 20"), [[0.0, 1.0], [0.0, 0.0]])
    same(run("c != 20"), [[1.0, 0.0], [1.0, 1.0]])
    same(run("c <= 20"), [[1.0, 1.0], [0.0, 0.0]])
    same(run("c > 20"), [[0.0, 0.0], [1.0, 1.0]])


def test_chained_comparison():
    same(run("15 < c < 35"), [[0.0, 1.0], [1.0, 0.0]])
    same(run("0 < a <= 2"), [[1.0, 1.0], [NAN, 0.0]])


def test_and_or_not_use_truthiness_with_three_valued_logic():
    same(run("a and b"), [[1.0, 0.0], [NAN, NAN]])
    same(run("b and a"), [[1.0, 0.0], [NAN, NAN]])
    same(run("a or b"), [[1.0, 1.0], [1.0, 1.0]])
    same(run("0 and a"), 0.0 * np.ones((2, 2)))
    same(run("(a > 100) or b"), [[1.0, 0.0], [1.0, NAN]])  # NaN or true is true
    same(run("not b"), [[0.0, 1.0], [0.0, NAN]])
    same(run("not 0"), 1.0)
    same(run("c > 15 and c < 35 or c == 10"), [[1.0, 1.0], [1.0, 0.0]])


def test_conditional():
    same(run("c if c > 15 else -c"), [[-10.0, 20.0], [30.0, 40.0]])
    # Missing condition gives missing; a missing unselected branch does not matter.
    same(run("1 if a > 1 else 2"), [[2.0, 1.0], [NAN, 1.0]])
    same(run("c if b == 0 else 0"), [[0.0, 20.0], [0.0, NAN]])
    same(run("c if 1 else a"), DATA["c"])


# --- partner functions -----------------------------------------------------------------


def fake_partner(field: str, partner_id: str | None) -> np.ndarray:
    base = {"lasten": 100.0, "inwoners": 10.0}[field]
    offset = {None: 1000.0, "gem_a": 1.0, "gem_b": 2.0}[partner_id]
    return np.full((2, 2), base + offset)


def test_partner_functions_use_partner_resolver():
    same(run("sum_partners(lasten)", partner=fake_partner), np.full((2, 2), 1100.0))
    same(run('partner(lasten, "gem_b") - c', partner=fake_partner), 102.0 - DATA["c"])
    same(run("partner(inwoners, 'gem_a') + sum_partners(inwoners)", partner=fake_partner), np.full((2, 2), 1021.0))


def test_partner_refs_and_names():
    f = parse('c + sum_partners(lasten) / partner(inwoners, "gem_a") + partner(c, "gem_b")')
    assert f.names == {"c"}
    assert f.partner_refs == {("lasten", None), ("inwoners", "gem_a"), ("c", "gem_b")}


def test_partner_without_partner_resolver_is_error():
    with pytest.raises(FormulaError) as info:
        run("sum_partners(c)")
    assert_dutch(info.value.message)


# --- names, render, unparse ------------------------------------------------------------


def test_names_extraction():
    f = parse("lasten / inwoners * 1000 + max(a, abs(b), round(c, 2)) if d > 0 else e")
    assert f.names == frozenset({"lasten", "inwoners", "a", "b", "c", "d", "e"})
    assert f.partner_refs == frozenset()
    assert parse("1 + 2").names == frozenset()
    assert f.text == "lasten / inwoners * 1000 + max(a, abs(b), round(c, 2)) if d > 0 else e"


def test_formula_is_hashable_and_compares_by_text():
    assert parse("a+b") == parse("a+b")
    assert len({parse("a+b"), parse("a+b"), parse("a")}) == 2


def test_render_fills_in_values():
    f = parse("lasten / inwoners * 1000")
    assert render(f, {"lasten": "812000", "inwoners": "27286"}) == "812000 / 27286 * 1000"
    assert render(f, {"lasten": "812000"}) == "812000 / inwoners * 1000"
    assert render(f, {}) == "lasten / inwoners * 1000"
    # Values that are not a single number or word are parenthesised to keep precedence visible.
    assert render(parse("x ** 2"), {"x": "-5"}) == "(-5) ** 2"
    assert render(f, {"lasten": "812000"}) == "812000 / inwoners * 1000"  # tree not mutated


def test_render_includes_partner_fields_but_not_function_names():
    f = parse('min(a, 3) + sum_partners(lasten) + partner(lasten, "gem_a")')
    values = {"a": "1.5", "lasten": "400", "min": "X", "partner": "X", "gem_a": "X"}
    assert render(f, values) == "min(1.5, 3) + sum_partners(400) + partner(400, 'gem_a')"


def test_unparse_normalizes():
    assert unparse(parse("(lasten)/inwoners  *1000")) == "lasten / inwoners * 1000"
    assert unparse(parse("a +\n  b")) == "a + b"  # newlines (folded YAML) are allowed


# --- rejections ------------------------------------------------------------------------

REJECTED = [
    "__import__('os')",
    "x.__class__",
    "().__class__",
    "(1).real",
    "lambda: 1",
    "(lambda: 1)()",
    "[x for x in y]",
    "(x for x in y)",
    "{x: 1 for x in y}",
    "open('f')",
    "eval('1')",
    "exec('1')",
    "getattr(x, 'y')",
    "x.y()",
    "x()",
    "x[0]",
    "x[0:1]",
    '"abc"',
    "b'abc'",
    'f"{x}"',
    "(x := 1)",
    "min(*x)",
    "max(**x)",
    "round(x, n=1)",
    "round(x, 11)",
    "round(x, 1.5)",
    "round(x, y)",
    "min(x)",
    "abs(x, y)",
    "sum_partners(1)",
    "sum_partners(x + 1)",
    "partner(x)",
    "partner(x, y)",
    "partner(x, 'not an id')",
    "partner(x, 1)",
    "_private",
    "__builtins__",
    "x + _y",
    "min",
    "[1, 2]",
    "(1, 2)",
    "1,5",
    "{1}",
    "{1: 2}",
    "...",
    "1j",
    "True",
    "None",
    "1e999",
    "a @ b",
    "a & b",
    "a | b",
    "~a",
    "a << 1",
    "a is b",
    "a in b",
    "await x",
    "1 +",
    "(a",
    "a)",
    "a b",
    "x = 1",
    "a if b",
    "'abc",
    "a # comment",
    "a\u00a0+ b",
    "a\x00",
    "",
    "   ",
]


@pytest.mark.parametrize("text", REJECTED)
def test_rejected(text):
    with pytest.raises(FormulaError) as info:
        parse(text)
    assert isinstance(info.value, ValueError)
    assert_dutch(info.value.message)
    assert str(info.value) == info.value.message


@pytest.mark.parametrize(
    "text, column, fragment",
    [
        ("1 + x.__class__", 5, "attribuuttoegang"),
        ("a + open('f')", 5, "'open'"),
        ("min(a, *b)", 8, "'*'"),
        ("round(x, n=1)", 10, "benoemde argumenten"),
        ("1 +", 4, "onverwacht einde"),
        ("a ! b", 3, "onverwacht '!'"),
        ("a + _x", 5, "'_'"),
        ("a\n+ b[0]", 5, "indexeren"),
    ],
)
def test_error_columns(text, column, fragment):
    with pytest.raises(FormulaError) as info:
        parse(text)
    assert info.value.column == column
    assert fragment in info.value.message
    assert f"bij kolom {column}" in info.value.message


def test_very_long_expression_is_refused_before_any_other_work(monkeypatch):
    def never(*args):
        raise AssertionError("a formula over the length limit was scanned")

    monkeypatch.setattr(fm, "prescan", never)  # the first step after the length check (then ast.parse)
    with pytest.raises(FormulaError) as info:
        parse("1+" * 500_000 + "1")
    assert info.value.message == "formule is te lang (1000001 tekens, maximaal 2000)"


def test_deeply_nested_parentheses_rejected_without_recursion_error():
    with pytest.raises(FormulaError):
        parse("(" * 10000 + "x" + ")" * 10000)


def test_bracket_depth_prescan(monkeypatch):
    text = "(" * 60 + "x" + ")" * 60
    with pytest.raises(FormulaError) as info:
        parse(text)
    assert "te diep genest" in info.value.message and info.value.column == fm.MAX_DEPTH + 1
    # Even with the length limit lifted, the pre-scan stops 10,000 parentheses before ast.parse.
    monkeypatch.setattr(fm, "MAX_FORMULA_LENGTH", 10**6)
    monkeypatch.setattr(fm.ast, "parse", lambda *a, **k: pytest.fail("ast.parse reached"))
    with pytest.raises(FormulaError):
        parse("(" * 10000 + "x" + ")" * 10000)


@pytest.mark.parametrize("exc", [RecursionError, MemoryError, ValueError])
def test_parser_crashes_become_formula_errors(monkeypatch, exc):
    def crash(*args, **kwargs):
        raise exc("boom")

    monkeypatch.setattr(fm.ast, "parse", crash)
    fm._parse.cache_clear()  # parse keeps the Formula of a text it parsed before: parse this one anew
    with pytest.raises(FormulaError) as info:
        parse("a + b")
    assert_dutch(info.value.message)


def test_deep_unparenthesised_nesting_rejected():
    for text in ["-" * 1999 + "x", "not " * 400 + "x", "x**" * 500 + "x", "+".join("a" * 60)]:
        with pytest.raises(FormulaError) as info:
            parse(text)
        assert "te diep genest" in info.value.message


def test_node_limit():
    group = "(" + "+".join("a" * 20) + ")"
    too_many = "*".join([group] * 15)  # ~600 nodes, shallow, short
    assert len(too_many) <= fm.MAX_FORMULA_LENGTH
    with pytest.raises(FormulaError) as info:
        parse(too_many)
    assert "te groot" in info.value.message
    ok = "*".join([group] * 10)  # ~400 nodes
    assert parse(ok).names == {"a"}
    same(run(ok, {"a": np.ones(3)}), np.full(3, 20.0**10))


def test_limits_have_specified_values():
    assert (fm.MAX_FORMULA_LENGTH, fm.MAX_DEPTH, fm.MAX_NODES) == (2000, 50, 500)


# --- property --------------------------------------------------------------------------

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 4).flatmap(
        lambda n: st.tuples(
            hnp.arrays(np.float64, (n, 3), elements=finite), hnp.arrays(np.float64, (n, 3), elements=finite)
        )
    )
)
def test_property_matches_numpy(arrays):
    a, b = arrays
    result = evaluate(parse("a + b * 2 - min(a, b)"), {"a": a, "b": b}.__getitem__)
    np.testing.assert_array_equal(result, a + b * 2 - np.minimum(a, b))

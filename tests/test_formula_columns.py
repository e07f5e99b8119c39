"""A group formula evaluated once over the whole columns (criteria.engine.group_breakdown.formula_columns, used by
the evaluate table's reference-group lines) gives, for every subject-year, the very number that subject_formula
gives for that one subject-year (what the breakdowns of explain and the reports use): bit for bit, None alike."""

from __future__ import annotations

import math
import struct
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from criteria.engine.group_breakdown import FormulaColumns, formula_columns, subject_formula
from criteria.formula import FormulaError

FORMULAS = [
    "a / b",
    "a * 1000 / b",
    "p / a",
    "(a + p) / b",
    "p",
    "round(a / b, 2)",
    "a ** 2 / b",
    "x / a",  # a name the subject has no column for: missing
    "max(a, b) - min(a, p)",
    "a if b > 0 else p",
    "abs(a - b) // 3 + a % 7",
    "2.5",
]
ODD = st.sampled_from([0.0, -0.0, math.nan, math.inf, -math.inf, 1e308, -1e-308, 5e-324, 0.1, 3.0, -7.25])
NUMBERS = st.one_of(ODD, st.floats(-1e6, 1e6), st.floats(allow_nan=True, allow_infinity=True))


def _same(x: float | None, y: float | None) -> bool:
    if x is None or y is None:
        return x is None and y is None
    return struct.pack("<d", x) == struct.pack("<d", y)


@st.composite
def evaluations(draw) -> SimpleNamespace:
    subjects, years = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    column = st.lists(NUMBERS, min_size=subjects * years, max_size=subjects * years).map(
        lambda cells: np.array(cells, dtype=np.float64).reshape(subjects, years)
    )  # every cell drawn on its own (so sums in another order show)
    partners = draw(st.integers(1, 10))  # ten or more: numpy pools them pairwise, in another order
    return SimpleNamespace(
        subjects=[f"S{i}" for i in range(subjects)],
        all_years=list(range(2018, 2018 + years)),
        numbers={"a": draw(column), "b": draw(column)},
        partners={"p": {f"GM{i:04d}": draw(column) for i in range(partners)}},
    )


@settings(max_examples=200, deadline=None, derandomize=True)
@given(evaluations(), st.sampled_from(FORMULAS))
def test_formula_columns_equal_subject_formula_cell_by_cell(ev: SimpleNamespace, text: str) -> None:
    columns = formula_columns(ev, text)
    assert len(columns) == len(ev.subjects) and all(len(row) == len(ev.all_years) for row in columns)
    for s in range(len(ev.subjects)):
        for y in range(len(ev.all_years)):
            assert _same(columns[s][y], subject_formula(ev, text, s, y)), (text, s, y)


def test_formula_columns_evaluates_each_formula_once_and_belongs_to_one_evaluation() -> None:
    ev = SimpleNamespace(
        subjects=["A", "B"],
        all_years=[2020],
        numbers={"a": np.array([[6.0], [1.0]]), "b": np.array([[3.0], [0.0]])},
        partners={},
    )
    formulas = FormulaColumns(ev)
    assert formulas(ev, "a / b", 0, 0) == 2.0 and formulas(ev, "a / b", 1, 0) is None  # 1 / 0: not a number
    assert list(formulas.columns) == ["a / b"]
    with pytest.raises(AssertionError):
        formulas(SimpleNamespace(**vars(ev)), "a / b", 0, 0)


def test_a_partner_function_fails_as_in_subject_formula() -> None:
    ev = SimpleNamespace(subjects=["A"], all_years=[2020], numbers={"a": np.ones((1, 1))}, partners={})
    for read in (
        lambda: subject_formula(ev, "partner(a, 'GM0001')", 0, 0),
        lambda: formula_columns(ev, "sum_partners(a)"),
    ):
        with pytest.raises(FormulaError):
            read()

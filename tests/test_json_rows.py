"""The column-wise JSON writer (criteria/result/json_rows.py) writes every row exactly as json.dumps writes the
same list: floats as their shortest repr (also where polars writes them for a large block), -0.0 as 0.0, NaN as
null, an infinite number refused; flags, counts, labels and fixed texts likewise."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from criteria.result import json_rows as jr


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def as_json(x: float) -> float | None:
    """What the result writes for a float: NaN as null, -0.0 as 0.0."""
    return None if math.isnan(x) else (0.0 if x == 0 else x)


finite_or_nan = st.floats(allow_infinity=False) | st.sampled_from(
    [0.0, -0.0, 1e-4, -1e-4, 9.999999999999999e-05, 1e15, 1e16, 9999999999999998.0, 0.1, 5e-324, 1.5, 2.675]
)
blocks = hnp.arrays(np.float64, st.tuples(st.integers(0, 6), st.integers(0, 5)), elements=finite_or_nan)


def large(values: np.ndarray) -> np.ndarray:
    """The same rows repeated until the block is written by the large-block path."""
    rows, years = values.shape
    if values.size == 0:
        return values
    times = jr.SMALL // values.size + 1
    return np.tile(values, (times, 1)).reshape(rows * times, years)


@settings(max_examples=300, deadline=None)
@given(values=blocks)
def test_float_rows_are_what_json_dumps_writes(values: np.ndarray) -> None:
    for block in (values, large(values)):
        expected = [dumps([as_json(x) for x in row]) for row in block.tolist()]
        assert jr.exact_rows(block) == expected
        assert jr.exact_cells(block) == [dumps(as_json(x)) for x in block.reshape(-1).tolist()]


def test_floats_near_the_edges_of_plain_notation_are_written_as_repr_writes_them() -> None:
    rng = np.random.default_rng(12)
    values = np.concatenate(
        [
            10.0 ** rng.uniform(-7, 18, 20_000),
            -(10.0 ** rng.uniform(-7, 18, 20_000)),
            np.round(rng.normal(5, 3, 20_000), 6),
            np.nextafter(1e-4, [0.0, 1.0]),
            np.nextafter(1e16, [0.0, 2e16]),
        ]
    )
    assert jr.exact_cells(values) == [dumps(as_json(x)) for x in values.tolist()]


@pytest.mark.parametrize("size", [1, jr.SMALL + 1])
def test_an_infinite_number_is_refused_as_json_dumps_refuses_it(size: int) -> None:
    values = np.zeros((1, size))
    values[0, -1] = math.inf
    with pytest.raises(ValueError):
        jr.exact_rows(values)
    with pytest.raises(ValueError):
        dumps(math.inf)


@given(values=hnp.arrays(bool, st.tuples(st.integers(1, 5), st.integers(0, 4))))
def test_flag_rows(values: np.ndarray) -> None:
    assert jr.bool_rows(values) == [dumps(row) for row in values.tolist()]


@given(values=hnp.arrays(np.int64, st.tuples(st.integers(1, 5), st.integers(0, 4)), elements=st.integers(-3, 99)))
def test_index_rows_write_a_negative_index_as_null_and_count_rows_every_count(values: np.ndarray) -> None:
    assert jr.int_rows(values) == [dumps([v if v >= 0 else None for v in row]) for row in values.tolist()]
    assert jr.count_rows(values) == [dumps(row) for row in values.tolist()]


@given(
    values=hnp.arrays(
        object,
        st.tuples(st.integers(1, 4), st.integers(0, 4)),
        elements=st.none() | st.text(max_size=6) | st.sampled_from(["ja", "nee", 'a"b\\c\n', "é€"]),
    )
)
def test_label_rows_and_fixed_texts(values: np.ndarray) -> None:
    assert jr.label_rows(values) == [dumps(row) for row in values.tolist()]
    texts = ["voldoet", "voldoet niet", 'met "aanhalingstekens"']
    codes = np.arange(values.size).reshape(values.shape) % len(texts)
    assert jr.lookup_rows(texts)(codes) == [dumps([texts[c] for c in row]) for row in codes.tolist()]

"""engine.bind's quick lookups give what their definitions give: a value's year column (a table over the years'
range, or np.unique for a wide range) and the groups of positions per code (a radix sort for small codes)."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from criteria.engine.bind import _groups, _year_codes


@given(st.lists(st.integers(-5, 3000), max_size=60), st.sets(st.integers(1990, 2030), max_size=12), st.booleans())
def test_year_codes_are_the_columns_of_the_years(years: list[int], read: set[int], wide: bool) -> None:
    values = np.array(years + ([10**7] if wide and years else []), dtype=np.int32)
    y_index = {y: i for i, y in enumerate(sorted(read))}
    expected = [y_index.get(int(y), -1) for y in values]
    assert _year_codes(values, y_index).tolist() == expected


@given(st.lists(st.tuples(st.integers(-1, 40), st.booleans()), max_size=80), st.booleans())
def test_groups_hold_each_codes_positions_in_order(cells: list[tuple[int, bool]], large: bool) -> None:
    codes = np.array([c + (2**20 if large and c >= 0 else 0) for c, _ in cells], dtype=np.int64)
    mask = np.array([m for _, m in cells], dtype=bool)
    expected: dict[int, list[int]] = {}
    for i, (code, keep) in enumerate(zip(codes.tolist(), mask.tolist())):
        if keep:
            expected.setdefault(code, []).append(i)
    assert {k: v.tolist() for k, v in _groups(codes, mask).items()} == expected

"""Law (hypothesis): the distinct own-code rows of a reference group (criteria.engine.reference._patterns) are
np.unique(rows, axis=0, return_inverse=True): the same sorted rows, the same index per subject, for bool rows (read
as bytes) and for any other dtype (np.unique itself)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from criteria.engine.reference import _patterns


@settings(max_examples=300, deadline=None)
@given(
    hnp.arrays(
        st.sampled_from([np.bool_, np.int64]),
        st.tuples(st.integers(1, 12), st.integers(1, 40)),
        elements=st.integers(0, 1),
    ),
    st.booleans(),
)
def test_patterns_are_numpys_unique_rows(own: np.ndarray, strided: bool) -> None:
    if strided:  # a column selection, as group_columns passes (own[:, relevant]): not contiguous
        own = np.repeat(own, 2, axis=1)[:, ::2]
    patterns, inverse = _patterns(own)
    expected, expected_inverse = np.unique(own, axis=0, return_inverse=True)
    assert patterns.dtype == expected.dtype and patterns.shape == expected.shape
    assert np.array_equal(patterns, expected)
    assert np.array_equal(inverse, np.asarray(expected_inverse).reshape(-1))
    assert inverse.dtype == np.intp

"""decimal_snap looks its powers of ten up: the same numbers as computing 10.0 ** digits per value."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from criteria.engine import scoring as sc

FLOATS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([0.0, -0.0, 1e-300, 105.00000000000001])
)


def computed(values: np.ndarray) -> np.ndarray:
    size = np.abs(values)
    with np.errstate(all="ignore"):
        digits = sc.SIGNIFICANT - 1 - np.floor(np.log10(size))
        up = np.where(digits >= 0, 10.0 ** np.clip(digits, 0, 300), 1.0)
        down = np.where(digits < 0, 10.0 ** np.clip(-digits, 0, 300), 1.0)
        snapped = np.round(values * up / down) * down / up
    return np.where(np.isfinite(snapped) & (size > 1e-290), snapped, values)


@given(arrays(np.float64, st.integers(0, 40), elements=FLOATS))
def test_the_same_as_computing_each_power(values: np.ndarray) -> None:
    assert np.array_equal(sc.decimal_snap(values), computed(values), equal_nan=True)

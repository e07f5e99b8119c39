"""decimal_snap looks its powers of ten up: the same numbers as computing 10.0 ** digits per value. A linear score
near a rounding edge is computed on whole numbers: the same float as with fractions."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from criteria.engine import scoring as sc
from criteria.model.ruleset import LinearScoring

FLOATS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([0.0, -0.0, 1e-300, 105.00000000000001])
)


def computed(values: np.ndarray, scale: np.ndarray | None = None) -> np.ndarray:
    size = np.abs(values if scale is None else scale)
    with np.errstate(all="ignore"):
        digits = sc.SIGNIFICANT - 1 - np.floor(np.log10(size))
        up = np.where(digits >= 0, 10.0 ** np.clip(digits, 0, 300), 1.0)
        down = np.where(digits < 0, 10.0 ** np.clip(-digits, 0, 300), 1.0)
        snapped = np.round(values * up / down) * down / up
    return np.where(np.isfinite(snapped) & (size > 1e-290), snapped, values)


@given(arrays(np.float64, st.integers(0, 40), elements=FLOATS))
def test_the_same_as_computing_each_power(values: np.ndarray) -> None:
    assert np.array_equal(sc.decimal_snap(values), computed(values), equal_nan=True)


@given(
    arrays(np.float64, st.integers(0, 40), elements=FLOATS).flatmap(
        lambda v: st.tuples(st.just(v), arrays(np.float64, len(v), elements=FLOATS))
    )
)
def test_snapped_at_the_scale_of_other_numbers_is_the_same_bit_for_bit(pair) -> None:
    values, scale = pair
    found, expected = sc.decimal_snap(values, scale), computed(values, scale)
    assert np.array_equal(found.view(np.int64), expected.view(np.int64))


def on_fractions(measure: float, slecht: float, goed: float) -> float:
    """The linear score on the decimal values by Fraction arithmetic: the definition."""
    s, g, m = (Fraction(repr(float(x))) for x in (slecht, goed, measure))
    exact = min(Fraction(10), max(Fraction(0), 10 * (m - s) / (g - s)))
    edge = (math.floor(exact * 10) + Fraction(1, 2)) / 10
    if exact < edge:
        return min(float(exact), float(edge) - 4 * sc.NOISE)
    return max(float(exact), float(edge))


ANCHOR = st.one_of(
    st.floats(-1e6, 1e6, allow_nan=False),
    st.integers(-200, 200).map(float),
    st.decimals(-1000, 1000, places=2).map(float),
)


@given(ANCHOR, ANCHOR, st.integers(-20, 120), st.one_of(st.none(), st.integers(0, 9)), st.floats(-1e7, 1e7))
def test_a_score_near_an_edge_is_the_fraction_of_its_decimals(
    slecht: float, goed: float, tenths: int, digits: int | None, other: float
) -> None:
    if slecht == goed:
        return
    near = slecht + (tenths + 0.5) / 100 * (goed - slecht)  # on a rounding edge x,x5 but for the float's noise
    for measure in (near, round(near, digits) if digits is not None else other):
        rule = LinearScoring(kind="linear", slecht=slecht, goed=goed)
        assert sc._linear_on_decimals(measure, rule).hex() == on_fractions(measure, slecht, goed).hex()

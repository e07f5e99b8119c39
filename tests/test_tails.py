"""Exact percentiles from the tails (criteria.engine.tails): bit for bit np.percentile on all the samples, whatever the
chunks they arrive in; and the work guard's count of kept totals is at least what the tails keep."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from criteria import limits
from criteria.engine.tails import Tails, kept


@settings(max_examples=150, deadline=None)
@given(
    n=st.integers(1, 300),
    subjects=st.integers(1, 5),
    years=st.integers(1, 3),
    seed=st.integers(0, 2**32 - 1),
    spare=st.one_of(st.none(), st.integers(1, 40)),
    ties=st.booleans(),
    gaps=st.booleans(),
)
def test_tails_give_numpys_percentiles_exactly(n, subjects, years, seed, spare, ties, gaps) -> None:
    rng = np.random.default_rng(seed)
    values = rng.normal(5.0, 1.5, (n, subjects, years))
    if ties:
        values = np.round(values)  # many equal values
    if gaps:
        values[rng.integers(0, n), 0, 0] = np.nan  # one sample without a total: numpy gives NaN for that cell
    expected = np.percentile(values, [5, 95], axis=0)
    tails = Tails(n, (subjects, years), 5, 95, spare=spare)
    start = 0
    while start < n:
        size = int(rng.integers(1, 50))
        tails.add(values[start : start + size])
        start += size
    low, high = tails.result()
    np.testing.assert_array_equal(low, expected[0])
    np.testing.assert_array_equal(high, expected[1])


@given(st.integers(1, 2_000_000))
def test_the_work_guard_counts_at_least_the_kept_tails(n: int) -> None:
    assert kept(n, 5, 95) <= limits.sample_tail(n) <= n
    assert limits.kept_per_cell(n) >= 2 * (kept(n, 5, 95) + limits.sample_spare(n))


def test_a_count_other_than_announced_is_an_error() -> None:
    tails = Tails(3, (2,), 5, 95)
    tails.add(np.zeros((2, 2)))
    try:
        tails.result()
    except ValueError as err:
        assert "2 samples" in str(err)
    else:
        raise AssertionError("two samples of three gave a result")

"""Laws (hypothesis) of the reference-group helpers. The distinct own-code rows (engine.reference._patterns) are
np.unique(rows, axis=0, return_inverse=True): the same sorted rows, the same index per subject, for bool rows (read
as bytes) and for any other dtype (np.unique itself); the member counts of the checks (group_counts) are those of
group_columns."""

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


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_group_counts_are_the_counts_of_group_columns(data) -> None:
    """engine.reference.group_counts (the checks' member counts) is group_columns(...).count, for any selection,
    own codes, ratios with gaps and years in or outside the table."""
    from criteria.engine.reference import ReferenceTable, group_columns, group_counts

    codes, years = data.draw(st.integers(1, 8)), data.draw(st.integers(1, 4))
    shape = (codes, years)
    table = ReferenceTable(
        tuple(f"GM{i:04d}" for i in range(codes)),
        tuple(2017 + y for y in range(years)),
        tuple(f"G{i}" for i in range(codes)),
        np.ones(shape, dtype=bool),
        np.full(shape, "", dtype=object),
        {},
        np.zeros(shape, dtype=np.int64),
    )
    floats = st.sampled_from([0.0, 1.0, 2.5, -3.0, np.nan, np.inf])
    base = data.draw(hnp.arrays(np.bool_, shape))
    numerator = data.draw(hnp.arrays(np.float64, shape, elements=floats))
    denominator = data.draw(st.none() | hnp.arrays(np.float64, shape, elements=floats))
    own = data.draw(hnp.arrays(np.bool_, (data.draw(st.integers(1, 5)), codes)))
    asked = data.draw(st.lists(st.integers(2015, 2022), min_size=1, max_size=4))
    expected = group_columns(table, base, own, asked, "mean_of_ratios", numerator, denominator).count
    counted = group_counts(table, base, own, asked, numerator, denominator)
    assert counted.dtype == expected.dtype and np.array_equal(counted, expected)


def test_comparisons_sharing_their_groups_inputs_give_what_each_gives_alone() -> None:
    """evaluate_use and use_counts with the selections and formulas kept between comparisons (`known`, as one
    evaluation and one check keep them) give the same arrays as each comparison computed alone."""
    from dataclasses import fields

    from conftest import REPO

    from criteria.engine.groups import evaluate_use, subject_codes, use_counts
    from criteria.engine.reference import own_codes
    from criteria.pipeline.run import load_inputs

    loaded, case, _ = load_inputs(REPO / "cases" / "heemstede-bloemendaal")
    rs, table = loaded.ruleset, case.reference.table
    own = own_codes(table, subject_codes(case, case.in_scope()))
    years = list(rs.years)
    uses, known, counted = rs.group_comparisons(), {}, {}
    assert len(uses) > 1 and len({c.group for c in uses.values()}) < len(uses)  # they do share
    for key, comp in uses.items():
        shared, alone = (
            evaluate_use(key, rs, comp, table, own, years, None, None, known),
            evaluate_use(key, rs, comp, table, own, years, None),
        )
        for name in ("base", "numerator", "denominator"):
            a, b = getattr(shared, name), getattr(alone, name)
            assert (a is None and b is None) or np.array_equal(a, b, equal_nan=a.dtype.kind == "f"), name
        for f in fields(alone.columns):
            a, b = getattr(shared.columns, f.name), getattr(alone.columns, f.name)
            assert (a is None and b is None) or np.array_equal(a, b, equal_nan=a.dtype.kind == "f"), f.name
        assert np.array_equal(use_counts(rs, comp, table, own, years, counted), alone.columns.count)

"""A case's values from many tables joined in one step (CaseValues.joined, criteria/model/values.py): the records of
every part in order, each table of texts in order of first appearance, the same as joining them pair by pair."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from criteria.model.values import CaseValues, Computed, Source


@st.composite
def parts(draw) -> CaseValues:
    n = draw(st.integers(0, 4))

    def table(pool: list) -> tuple:
        return tuple(draw(st.lists(st.sampled_from(pool), unique=True, min_size=1, max_size=3)))

    def codes(size: int, none: bool) -> np.ndarray:
        return np.array(draw(st.lists(st.integers(-1 if none else 0, size - 1), min_size=n, max_size=n)), np.int32)

    fields, subjects, partners = table(["a", "b", "c"]), table(["S1", "S2", "S3"]), table(["p", "q"])
    labels, texts = table(["ja", "nee"]), table(["bron 1", "bron 2", "m3"])
    sources = table([Source("x.csv"), Source("y.csv"), Source("z.xlsx", "data")])
    label = codes(len(labels), True)
    numbers = draw(st.lists(st.floats(-5, 5, allow_nan=False), min_size=n, max_size=n))
    return CaseValues(
        field=codes(len(fields), False),
        subject=codes(len(subjects), True),
        partner=codes(len(partners), True),
        year=np.array(draw(st.lists(st.integers(2019, 2021), min_size=n, max_size=n)), np.int32),
        number=np.where(label >= 0, np.nan, np.array(numbers, dtype=float)),
        label=label,
        unit=codes(len(texts), True),
        bron=codes(len(texts), False),
        quality=np.array(draw(st.lists(st.integers(0, 2), min_size=n, max_size=n)), np.int8),
        source=codes(len(sources), False),
        row=np.array(draw(st.lists(st.integers(1, 9), min_size=n, max_size=n)), np.int32),
        fields=fields,
        subjects=subjects,
        partners=partners,
        labels=labels,
        texts=texts,
        sources=sources,
        computed={i: Computed(None, f"berekend {i}") for i in draw(st.sets(st.integers(0, max(n - 1, 0)))) if i < n},
    )


def first_appearance(tables: list[tuple]) -> tuple:
    return tuple(dict.fromkeys(key for table in tables for key in table))


@settings(max_examples=100, deadline=None)
@given(st.lists(parts(), min_size=1, max_size=5))
def test_joining_in_one_step_keeps_every_record_and_the_order_of_the_tables(values: list[CaseValues]) -> None:
    joined = CaseValues.joined(values)
    assert list(joined) == [record for part in values for record in part]
    filled = [part for part in values if len(part)]
    for name in ("fields", "subjects", "partners", "labels", "texts", "sources"):
        want = first_appearance([getattr(part, name) for part in filled]) if filled else getattr(values[0], name)
        assert getattr(joined, name) == want, name
    pairwise = values[0]
    for part in values[1:]:
        pairwise = pairwise.concat(part)
    assert joined == pairwise

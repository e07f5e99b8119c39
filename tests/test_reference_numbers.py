"""The whole-number columns of a reference table (the CBS file) are read text by text with float(): the same
numbers, and the same columns taken as whole, as the numpy string functions that read them before."""

from __future__ import annotations

import numpy as np
from hypothesis import example, given
from hypothesis import strategies as st

from criteria.load.reference import whole_numbers


def numpy_whole_numbers(texts: list[str]) -> np.ndarray | None:
    """criteria/load/reference.py's reading before (0d0c11d)."""
    array = np.array(texts, dtype=str)
    bare = np.char.lstrip(array, "-")
    if len(array) and (np.char.isdigit(bare) & (np.char.str_len(array) - np.char.str_len(bare) <= 1)).all():
        return array.astype(float)
    return None


texts = st.lists(st.text(alphabet="-0123456789.,e ٣", min_size=1, max_size=25), max_size=8)


@given(texts)
@example(["12", "-5", "0007", "99999999999999999999"])
@example(["-", "--5", ""])
@example(["١٢", "3"])
def test_whole_numbers_as_numpy_read_them(found: list[str]) -> None:
    expected = numpy_whole_numbers(found)
    got = whole_numbers(found)
    assert (got is None) == (expected is None)
    if got is not None:
        assert got.tolist() == expected.tolist()  # type: ignore[union-attr]

"""Numbers as people write them (criteria/load/numbers.py): read exactly, refused when they could be two numbers."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from criteria.load.numbers import DUTCH, INTERNATIONAL, Refused, read_number

ANY = None  # no declared writer


def result(text: str, writer: str | None) -> float | str | None:
    found = read_number(text, writer)
    return f"{found.kind}: {found.message}" if isinstance(found, Refused) else found


@pytest.mark.parametrize(
    "text, undeclared, dutch, international",
    [
        # plain and unambiguous shapes
        ("12", 12.0, 12.0, 12.0),
        ("-3", -3.0, -3.0, -3.0),
        ("+4", 4.0, 4.0, 4.0),
        ("\u22123", -3.0, -3.0, -3.0),
        ("12,5", 12.5, 12.5, "mismatch"),
        ("12.5", 12.5, "mismatch", 12.5),
        ("0,125", 0.125, 0.125, "mismatch"),  # a thousands group never starts with 0
        ("1234.567", 1234.567, "mismatch", 1234.567),  # a first group has at most three digits
        ("1.2345", 1.2345, "mismatch", 1.2345),
        (",5", 0.5, 0.5, "mismatch"),
        ("1.234,5", 1234.5, 1234.5, "mismatch"),
        ("1,234.5", 1234.5, "mismatch", 1234.5),
        ("1.234.567", 1234567.0, 1234567.0, "mismatch"),
        ("1,234,567", 1234567.0, "mismatch", 1234567.0),
        ("1.234.567,89", 1234567.89, 1234567.89, "mismatch"),
        ("4.732,0", 4732.0, 4732.0, "mismatch"),
        (" 4 732 ", 4732.0, 4732.0, 4732.0),
        ("4\u00a0732", 4732.0, 4732.0, 4732.0),
        ("4\u202f732,5", 4732.5, 4732.5, "mismatch"),
        ("1 234.5", 1234.5, "mismatch", 1234.5),
        ("12%", 12.0, 12.0, 12.0),
        ("12 %", 12.0, 12.0, 12.0),
        ("12,5 %", 12.5, 12.5, "mismatch"),
        ("€ 12,50", 12.5, 12.5, "mismatch"),
        ("EUR 1.000,00", 1000.0, 1000.0, "mismatch"),
        ("€-3", -3.0, -3.0, -3.0),
        ("-€ 3", -3.0, -3.0, -3.0),
        ("25,-", 25.0, 25.0, "mismatch"),
        ("€ 1.000,-", 1000.0, 1000.0, "mismatch"),
        ("1e3", 1000.0, 1000.0, 1000.0),
        ("1.5E-2", 0.015, 0.015, 0.015),
        ("-0", 0.0, 0.0, 0.0),
        # one point or comma before exactly three digits: two readings
        ("4.732", "ambiguous", 4732.0, 4.732),
        ("5,319", "ambiguous", 5.319, 5319.0),
        ("-4.732", "ambiguous", -4732.0, -4.732),
        ("+1.125", "ambiguous", 1125.0, 1.125),
        ("€ 1.234", "ambiguous", 1234.0, 1.234),
        ("8,200 %", "ambiguous", 8.2, 8200.0),
        # refused in every file
        ("(1.234)", "bracketed", "bracketed", "bracketed"),
        ("(12)", "bracketed", "bracketed", "bracketed"),
        ("1.234.5", "invalid", "invalid", "invalid"),
        ("1.23,5", "invalid", "invalid", "invalid"),
        ("12 5", "invalid", "invalid", "invalid"),
        ("1..2", "invalid", "invalid", "invalid"),
        ("1.", "invalid", "invalid", "invalid"),
        ("12a", "invalid", "invalid", "invalid"),
        ("0x10", "invalid", "invalid", "invalid"),
        ("1e999", "invalid", "invalid", "invalid"),
        ("1'234", "invalid", "invalid", "invalid"),
        # no digits: not a number at all (a label)
        ("", None, None, None),
        ("ja", None, None, None),
        ("nan", None, None, None),
        ("-", None, None, None),
    ],
)
def test_every_shape_in_every_kind_of_file(text, undeclared, dutch, international) -> None:
    for writer, expected in ((ANY, undeclared), (DUTCH, dutch), (INTERNATIONAL, international)):
        got = result(text, writer)
        if isinstance(expected, str):
            assert isinstance(got, str) and got.startswith(expected + ":"), (text, writer, got)
        else:
            assert got == expected, (text, writer, got)


def test_an_ambiguous_number_is_refused_with_both_readings() -> None:
    found = read_number("4.732")
    assert isinstance(found, Refused)
    assert found.message == "'4.732' is dubbelzinnig: het kan 4,732 of 4732 zijn"
    assert read_number("1,125").message == "'1,125' is dubbelzinnig: het kan 1,125 of 1125 zijn"


def test_a_number_that_does_not_fit_the_declared_writer_names_it() -> None:
    found = read_number("12.5", DUTCH)
    assert found.message == (
        "'12.5' past niet bij de schrijfwijze van dit bestand (number_format = \"1.234,5\": "
        "komma als decimaalteken, punt tussen duizendtallen)"
    )


def _write(digits: str, fraction: str, sign: str, thousands: str, decimal: str) -> str:
    groups = []
    while len(digits) > 3:
        digits, groups = digits[:-3], [digits[-3:], *groups]
    whole = thousands.join([digits, *groups])
    return sign + whole + (decimal + fraction if fraction else "")


numbers = st.tuples(st.integers(0, 10**12), st.text("0123456789", max_size=6), st.sampled_from(["", "-"]))


@given(
    numbers,
    st.sampled_from(
        [
            (DUTCH, ".", ","),
            (DUTCH, " ", ","),
            (DUTCH, "", ","),
            (INTERNATIONAL, ",", "."),
            (INTERNATIONAL, "\u00a0", "."),
            (INTERNATIONAL, "", "."),
        ]
    ),
)
def test_a_number_written_by_a_declared_writer_is_read_back_exactly(number, style) -> None:
    whole, fraction, sign = number
    writer, thousands, decimal = style
    text = _write(str(whole), fraction, sign, thousands, decimal)
    expected = float(Decimal(f"{sign}{whole}.{fraction or '0'}")) + 0.0
    assert read_number(text, writer) == expected


@given(numbers, st.sampled_from([(".", ","), (",", "."), (" ", ","), (" ", ".")]))
def test_without_a_declaration_a_number_is_read_only_when_both_writers_agree(number, style) -> None:
    whole, fraction, sign = number
    thousands, decimal = style
    text = _write(str(whole), fraction, sign, thousands, decimal)
    found = read_number(text)
    readings = {w: read_number(text, w) for w in (DUTCH, INTERNATIONAL)}
    values = {r for r in readings.values() if isinstance(r, float)}
    if len(values) > 1:
        assert isinstance(found, Refused) and found.kind == "ambiguous"
    elif isinstance(found, float):
        assert values == {found}  # never a value one of the writers would read differently


@given(st.text(alphabet="0123456789.,- €%+()e\u00a0", max_size=14))
def test_never_a_guess_on_any_text(text: str) -> None:
    found = read_number(text)
    if isinstance(found, float):
        for writer in (DUTCH, INTERNATIONAL):
            other = read_number(text, writer)
            assert other == found or isinstance(other, Refused)


@given(
    st.sampled_from(["", "-", "+", "€ ", "-€ "]),
    st.integers(1, 999),
    st.integers(0, 999),
    st.sampled_from([".", ","]),
    st.sampled_from(["", "%", " %"]),
)
def test_one_mark_before_three_digits_is_always_refused_without_a_declaration(sign, head, tail, mark, percent) -> None:
    text = f"{sign}{head}{mark}{tail:03d}{percent}"
    found = read_number(text)
    assert isinstance(found, Refused) and found.kind == "ambiguous"
    assert f"{head},{tail:03d}" in found.message and f"{head}{tail:03d}" in found.message


@given(
    st.lists(
        st.one_of(
            st.text(alphabet="0123456789.,- €%", max_size=12),
            st.from_regex(r"-?[0-9]{1,6}([.,][0-9]{1,5})?", fullmatch=True),
        ),
        max_size=30,
    ),
    st.sampled_from([None, DUTCH, INTERNATIONAL]),
)
def test_reading_many_numbers_at_once_gives_the_same_results(texts: list[str], writer) -> None:
    from criteria.load.numbers import read_numbers

    got = read_numbers(texts, writer)
    want = [read_number(t, writer) for t in texts]
    assert [repr(g) for g in got] == [repr(w) for w in want]


@given(
    st.lists(
        st.one_of(
            st.text(alphabet="0123456789.,- €%e+", max_size=24),
            st.from_regex(r"-?[0-9]{1,22}([.,][0-9]{0,22})?", fullmatch=True),
        ),
        max_size=60,
    ),
    st.sampled_from([None, DUTCH, INTERNATIONAL]),
)
def test_the_column_wise_quick_way_reads_as_read_number(texts: list[str], writer) -> None:
    """A large table's distinct texts are read column-wise by polars (criteria.load.csv_fast.plain_numbers): each text
    it reads is the number read_number gives (the same float, no negative zero); the rest is left to read_number."""
    from criteria.load.csv_fast import plain_numbers

    numbers, accepted = plain_numbers(texts, writer, DUTCH, INTERNATIONAL)
    for text, number, taken in zip(texts, numbers.tolist(), accepted.tolist()):
        if taken:
            assert repr(number) == repr(read_number(text, writer))


@pytest.mark.parametrize("writer", [None, DUTCH, INTERNATIONAL])
def test_a_large_column_read_column_wise_gives_the_same_results(writer) -> None:
    """Above COLUMNAR_TEXTS distinct texts (with polars in use, as for a large table) read_numbers takes the
    column-wise quick way: the same results as reading one text at a time, refusals included."""
    import polars  # noqa: F401 -- in use, as after the fast CSV path

    from criteria.load.numbers import COLUMNAR_TEXTS, read_numbers

    texts = [f"{i // 7}{',.'[i % 2]}{i % 1000:0{1 + i % 3}d}" for i in range(COLUMNAR_TEXTS)] + [
        "-0",
        "0,0",
        "1.234",
        "12,5 %",
        "ja",
        "",
        "(12)",
        "1e3",
        "-7,25",
        "007",
    ]
    assert [repr(x) for x in read_numbers(texts, writer)] == [repr(read_number(t, writer)) for t in texts]


def _as_columns(texts: list[str], writer) -> tuple[list[str], list[bool], list[bool]]:
    """read_number of each text in the three columns number_columns gives (number or NaN, refused, label)."""
    read = [read_number(t, writer) for t in texts]
    return (
        [repr(r if isinstance(r, float) else float("nan")) for r in read],
        [isinstance(r, Refused) for r in read],
        [r is None for r in read],
    )


@pytest.mark.parametrize("writer", [None, DUTCH, INTERNATIONAL])
@pytest.mark.parametrize("large", [False, True])
def test_number_columns_are_read_number_column_by_column(writer, large: bool) -> None:
    """number_columns (the data tables' reader) gives per text what read_number gives, in arrays: column-wise with
    polars for a large table's texts, one by one for a small one; refusals and labels included."""
    import polars  # noqa: F401 -- in use, as after the fast CSV path

    from criteria.load.numbers import COLUMNAR_TEXTS, number_columns

    odd = ["-0", "0,0", "1.234", "12,5 %", "ja", "Nee", "", "(12)", "1e3", "-7,25", "007", "4.732", "€ 5"]
    texts = odd + [f"{i // 7}{',.'[i % 2]}{i % 1000:0{1 + i % 3}d}" for i in range(COLUMNAR_TEXTS if large else 40)]
    numbers, refused, label = number_columns(texts, writer)
    assert ([repr(x) for x in numbers.tolist()], refused.tolist(), label.tolist()) == _as_columns(texts, writer)


@given(st.lists(st.text(alphabet="0123456789.,- €%+()e", max_size=10), max_size=6), st.sampled_from([None, DUTCH]))
def test_a_text_read_again_gives_what_reading_it_anew_gives(texts: list[str], writer) -> None:
    """read_number keeps what it read (lru_cache): the same answer as the function itself, every time."""
    for text in texts + texts:
        assert read_number(text, writer) == read_number.__wrapped__(text, writer)  # type: ignore[attr-defined]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.text(alphabet="0123456789.,-+ e€", max_size=9), min_size=1, max_size=30),
    st.sampled_from([None, DUTCH, INTERNATIONAL]),
)
def test_the_column_wise_quick_way_reads_any_text_as_read_number(texts: list[str], writer) -> None:
    """number_columns of a large table's texts (polars decides the plain shapes column-wise) gives, for any text
    of digits, marks, signs and spaces, what read_number gives it."""
    import polars  # noqa: F401 -- in use, as after the fast CSV path

    from criteria.load.numbers import COLUMNAR_TEXTS, number_columns

    texts = texts + [f"{i}{',.'[i % 2]}{i % 1000:0{1 + i % 3}d}" for i in range(COLUMNAR_TEXTS)]
    numbers, refused, label = number_columns(texts, writer)
    assert ([repr(x) for x in numbers.tolist()], refused.tolist(), label.tolist()) == _as_columns(texts, writer)

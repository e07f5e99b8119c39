"""The fast path for CSV never accepts what the precise path refuses, and reads the same cells and lines: with the
records split by polars (large tables) and by Python's csv module column-wise (medium tables, tight memory)."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from criteria.errors import ProblemList
from criteria.load import table as table_module
from criteria.load.table import TableSettings


def both(text: str, polars: bool = True):
    """(fast table or None, precise table or None, precise problems)."""
    fast = table_module._fast_csv(text, "t.csv", polars)
    problems = ProblemList()
    precise = table_module._parse_csv(text.encode("utf-8"), "t.csv", problems, TableSettings())
    return fast, precise, problems.problems


def same(fast, precise) -> bool:
    return (
        fast.header == precise.header
        and fast.lines.tolist() == precise.lines.tolist()
        and [r.cells for r in fast.rows] == [r.cells for r in precise.rows]
        and fast.positions == precise.positions
    )


def check(text: str) -> bool:
    """True if the fast path took the text (and then agreed with the precise path), split either way (Python's csv
    module takes a record with fewer cells than the header, which polars may refuse)."""
    taken = []
    for polars in (True, False):
        fast, precise, problems = both(text, polars)
        taken.append(fast is not None)
        if fast is not None:
            assert not problems, (text, problems)
            assert precise is not None and same(fast, precise), (text, polars, fast.rows, precise.rows)
    return any(taken)


ANYTHING = st.lists(
    st.sampled_from(list(';,\t"\n\r# a1.\u00a0x\x1f\u2003') + ["\r\n", '""', "é", "#x", "  "]), max_size=80
).map("".join)
CELL = st.sampled_from(
    [
        "a",
        "1",
        "",
        " x ",
        '"q;q"',
        '"a""b"',
        "12,5",
        '"x"y',
        'x"y',
        "#c",
        "  ",
        '"',
        "\u00a0b\u00a0",
        '"r\nn"',
        "Totaal",
        "é",
    ]
)
ROWS = st.lists(st.lists(CELL, min_size=0, max_size=5).map(";".join), min_size=1, max_size=8)
LINES = st.lists(
    st.one_of(ROWS.map(lambda r: r[0]), st.sampled_from(["", "# opmerking", "  # x", "   "])), min_size=1, max_size=10
)


@settings(max_examples=600, deadline=None, suppress_health_check=list(HealthCheck))
@given(ANYTHING)
def test_any_text(text: str) -> None:
    check(text)


@settings(max_examples=600, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.sampled_from(["a;b;c", "a;;c", "A ; b", "a,b,c", "a\tb"]), LINES, st.sampled_from(["\n", "\r\n"]), st.booleans()
)
def test_tables_with_comments_quotes_and_ragged_rows(header: str, lines: list[str], newline: str, final: bool) -> None:
    check(newline.join([header, *lines]) + (newline if final else ""))


REGULAR_CELL = st.sampled_from(
    ["a", "1", "", " x ", '"q;q"', '"a""b"', "12,5", "4.732", "  ", "\u00a0b\u00a0", "é", "Totaal", '""', "#c", "x y"]
)
REGULAR = st.lists(
    st.one_of(
        st.lists(REGULAR_CELL, min_size=3, max_size=3).map(";".join),
        st.sampled_from(["", "# opmerking", "  # x", "   ", ";;"]),
    ),
    min_size=1,
    max_size=12,
)
TAKEN: list[bool] = []


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(REGULAR, st.sampled_from(["\n", "\r\n"]), st.sampled_from(["a;b;c", " A ;b; C"]))
def test_regular_tables_go_the_fast_way_and_read_the_same(lines: list[str], newline: str, header: str) -> None:
    TAKEN.append(check(newline.join([header, *lines]) + newline))


def test_the_property_above_exercised_the_fast_path() -> None:
    if not TAKEN:  # run on its own (-k): run the property first
        test_regular_tables_go_the_fast_way_and_read_the_same()
    assert sum(TAKEN) > len(TAKEN) // 4


def test_the_fast_path_takes_ordinary_files() -> None:
    """A plain file with comments, blank lines, quotes and a BOM-free header goes the fast way, line numbers kept."""
    text = (
        '# bron: test\nonderwerp;jaar;waarde\n\nPO;2019;12,5\n# tussendoor\n"FZ";2019;"1;5"\n  ;  ;  \nHH ; 2020 ;  7\n'
    )
    assert check(text)
    fast, _, _ = both(text)
    assert fast.lines.tolist() == [4, 6, 8]
    assert [r.cells for r in fast.rows] == [
        {"onderwerp": "PO", "jaar": "2019", "waarde": "12,5"},
        {"onderwerp": "FZ", "jaar": "2019", "waarde": "1;5"},
        {"onderwerp": "HH", "jaar": "2020", "waarde": "7"},
    ]


def test_the_fast_path_leaves_problems_to_the_precise_path() -> None:
    for text in (
        "a;b\n1;2;3\n",
        'a;b\n"open;2\n',
        'a;b\n"x"y;2\n',
        "a;;c\n1;2;3\n",
        "a;a\n1;2\n",
        'a;b\n"line\nbreak";2\n',
        "a;b\r1;2\r",
    ):
        for polars in (True, False):
            fast, _, _ = both(text, polars)
            assert fast is None, (text, polars)


def test_a_column_of_one_text_is_encoded_as_that_text() -> None:
    """A column with one distinct text (a year, one bron, all empty) gets code 0 everywhere (EMPTY when empty)."""
    import polars as pl

    from criteria.load import csv_fast
    from criteria.load.columns import EMPTY

    one, empty, two = csv_fast._frame_columns(
        pl.DataFrame({"a": ["2019", " 2019", "2019 ", "2019"], "b": ["", None, " ", None], "c": ["b", "a", "b", ""]})
    ).values()
    assert one.codes.tolist() == [0, 0, 0, 0] and one.texts == ["2019"]
    assert empty.codes.tolist() == [EMPTY] * 4 and empty.texts == []
    assert two.codes.tolist() == [0, 1, 0, EMPTY] and two.texts == ["b", "a"]


TEXT = st.one_of(st.none(), st.sampled_from(["", " ", "a", " a", "a ", "\u00a0a", "b", "b\t", "é", "\u2003", "x y"]))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(TEXT, min_size=1, max_size=40), min_size=1, max_size=4).filter(
        lambda c: len({len(x) for x in c}) == 1
    )
)
def test_columns_are_the_stripped_cells_encoded_in_order_of_first_appearance(cells: list[list[str | None]]) -> None:
    """The fast path's encoding of polars' columns (distinct texts stripped once, codes by an Enum cast) is the
    precise path's: every cell stripped (str.strip), empty cells EMPTY, texts in order of first appearance."""
    import polars as pl

    from criteria.load import csv_fast
    from criteria.load.columns import encode

    frame = pl.DataFrame(
        {f"c{i}": column for i, column in enumerate(cells)}, schema={f"c{i}": pl.String for i in range(len(cells))}
    )
    for i, found in csv_fast._frame_columns(frame).items():
        expected = encode((cell or "").strip() for cell in cells[i])
        assert found.codes.dtype == np.int32
        assert found.codes.tolist() == expected.codes.tolist() and found.texts == expected.texts, (cells[i], found)


def test_a_large_ascii_file_is_read_from_its_own_bytes_as_from_its_text(monkeypatch) -> None:
    """A file of ASCII text (with or without a BOM) goes the fast way from its bytes as read (no second encoding):
    the same cells and lines as the precise path reads; a UTF-8 or Windows-1252 file with other letters too."""
    from criteria.load import csv_fast

    body = "".join(f"GM{i:04d};2019;veld_{i % 7};;{i}.5;;bron {i % 3};C\n" for i in range(9_000))
    header = "onderwerp;jaar;veld;partner;waarde;eenheid;bron;kwaliteit\n"
    other = body.replace("bron 1", "brón 1")
    for text, encoding in ((body, "utf-8"), (other, "utf-8"), (other, "cp1252")):
        for bom in (b"", b"\xef\xbb\xbf") if encoding == "utf-8" else (b"",):
            data = bom + (header + text).encode(encoding)
            assert len(data) >= csv_fast.FAST_BYTES
            fast = table_module._parse_csv(data, "t.csv", ProblemList(), TableSettings())
            with monkeypatch.context() as m:
                m.setattr(csv_fast, "FAST_BYTES", len(data) + 1)
                precise = table_module._parse_csv(data, "t.csv", ProblemList(), TableSettings())
            assert fast is not None and precise is not None and same(fast, precise)

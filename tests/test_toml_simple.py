"""The quick reader of plain TOML (criteria/load/toml_simple.py) never accepts what tomllib refuses, and reads what
it accepts to the same data, types included; a case.toml as the benchmarks write it (thousands of subjects) goes
its way."""

from __future__ import annotations

import tomllib

from conftest import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from criteria.load import toml_simple


def typed(data):
    """The data with the type of every value, so that True and 1 (equal in Python) differ."""
    if isinstance(data, dict):
        return {k: typed(v) for k, v in data.items()}
    if isinstance(data, list):
        return [typed(v) for v in data]
    return (type(data).__name__, data)


def agrees(text: str) -> bool:
    """True if the quick reader took `text` (then tomllib reads the same); False if it left it to tomllib."""
    quick = toml_simple.loads(text)
    try:
        expected = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, ValueError, RecursionError):
        assert quick is None, text
        return False
    if quick is None:
        return False
    assert typed(quick) == typed(expected), text
    return True


KEY = st.sampled_from(["a", "b", "title", "tags", "x-1", "_", "0", "true", '"q"', "a.b", "a . b", "'l'", "é", ""])
VALUE = st.sampled_from(
    [
        '"tekst"',
        '""',
        '"P&O – één"',
        '"a#b"',
        '"a\\"b"',
        "'lit'",
        '"tab\there"',
        '"ctl\x01"',
        "0",
        "-7",
        "+3",
        "007",
        "123456789012345678",
        "1234567890123456789012",
        "1_000",
        "1.5",
        "1e3",
        "1979-05-27",
        "true",
        "false",
        "True",
        '["a", "b"]',
        '[ "a" , ]',
        "[]",
        "[,]",
        '["a" "b"]',
        "[1, 2]",
        '["a", ["b"]]',
        "{ x = 1 }",
        '"""lang"""',
        "'''lang'''",
        "",
        "inf",
        "+inf",
        "-inf",
        "nan",
        "-nan",
        "0x1F",
        "0o17",
        "0b101",
        "1979-05-27T07:32:00Z",
        "07:32:00",
        '"\\u00e9"',
        '"a\\tb"',
        '"\u2028"',
        '"\x7f"',
        '["a",\n"b"]',
        '["a", 1]',
        '["a"] ["b"]',
        '"a" "b"',
        "true false",
    ]
)
HEADER = st.lists(st.sampled_from(["subjects", "a", "b", "x-1", "0", '"q"', ""]), min_size=1, max_size=3)
TAIL = st.sampled_from(["", "  ", " # opmerking", "\t#\tx", " #\x01", " x"])
LINE = st.one_of(
    st.tuples(KEY, st.sampled_from([" = ", "=", " =\t", " "]), VALUE, TAIL).map("".join),
    st.tuples(st.sampled_from(["[", "[ ", "[["]), HEADER.map(".".join), st.sampled_from(["]", " ]", "]]"]), TAIL).map(
        "".join
    ),
    st.sampled_from(["", "   ", "# opmerking", "  # x", "#\x7f", "\r", "[subjects.a]", "[a]", "a = 1"]),
)
DOCUMENTS = st.tuples(st.lists(LINE, max_size=12), st.sampled_from(["\n", "\r\n"]), st.booleans()).map(
    lambda t: t[1].join(t[0]) + (t[1] if t[2] else "")
)
TAKEN: list[bool] = []
ODD = list("\"'\\[]=.#\n\r\t ,{}ab1_-+:é\x00\x01\x7f\u2028")


@settings(max_examples=600, deadline=None, suppress_health_check=list(HealthCheck))
@given(DOCUMENTS)
def test_the_quick_reader_agrees_with_tomllib(text: str) -> None:
    TAKEN.append(agrees(text))


@settings(max_examples=600, deadline=None, suppress_health_check=list(HealthCheck))
@given(DOCUMENTS, st.lists(st.tuples(st.integers(0, 400), st.sampled_from(ODD), st.integers(0, 2)), max_size=4))
def test_a_mutated_document_is_read_as_tomllib_reads_it_or_left_to_tomllib(text: str, changes: list) -> None:
    """Odd inputs: characters inserted, removed or replaced anywhere (quotes, escapes, brackets, control
    characters, line breaks): the same data as tomllib, or None (tomllib then reads it or says what is wrong)."""
    for place, char, how in changes:
        at = place % (len(text) + 1)
        text = (text[:at] + char + text[at:], text[:at] + text[at + 1 :], text[:at] + char + text[at + 1 :])[how]
    agrees(text)


def test_the_property_above_exercised_the_quick_reader() -> None:
    if not TAKEN:  # run on its own (-k): run the property first
        test_the_quick_reader_agrees_with_tomllib()
    assert sum(TAKEN) > len(TAKEN) // 20


def test_tables_declared_after_their_subtables_and_redefinitions() -> None:
    assert agrees("[a.b]\nx = 1\n[a]\ny = 2\n")
    for refused in ("[a]\n[a]\n", "[a]\nb = 1\n[a.b]\n", "[a.b]\n[a]\nb = 1\n", "a = 1\na = 2\n", "x = 1\r"):
        assert not agrees(refused), refused


def test_the_bundled_files_read_the_same_either_way() -> None:
    for path in sorted([*(REPO / "cases").glob("*/case.toml"), *(REPO / "rulesets").glob("*.toml")]):
        agrees(path.read_text(encoding="utf-8"))


def test_a_case_file_as_the_benchmarks_write_it_goes_the_quick_way(tmp_path) -> None:
    from benchmarks.case_files import write_case

    write_case(tmp_path / "casus", 3)
    assert agrees((tmp_path / "casus" / "case.toml").read_text(encoding="utf-8"))


def test_only_case_toml_is_read_the_quick_way(monkeypatch) -> None:
    """Rulesets (and every other TOML file) are read by tomllib alone; case.toml asks the quick reader first."""
    from criteria.load.case import load_case
    from criteria.load.ruleset import load_ruleset

    asked: list[str] = []
    monkeypatch.setattr(toml_simple, "loads", lambda text: asked.append(text) or None)
    folder = REPO / "cases" / "heemstede-bloemendaal"
    load_ruleset(REPO / "rulesets" / "heemstede-2020.toml", "heemstede-2020.toml")
    assert asked == []
    load_case(folder)
    assert asked == [(folder / "case.toml").read_text(encoding="utf-8")]

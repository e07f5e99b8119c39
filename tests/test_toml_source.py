"""Tests for criteria.load.toml_source: reading TOML with line numbers for key paths."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from criteria.errors import ProblemList
from criteria.load import toml_source
from criteria.load.toml_source import TomlSource, key_path_text, read_toml

SAMPLE = textwrap.dedent('''\
    # toetsingskader
    titel = "Test # geen commentaar [x] = y"
    omschrijving = """
    regel = 1
    [nep]
    """
    na_string = 3

    [indicators.verzuim]
    naam = 'ziekte # verzuim'
    scoring = { kind = "linear", slecht = 8, goed = 4 }
    a.b.c = 5

    [indicators."met spatie".scoring]
    kind = "bands"
    bands = [
      { min = 0, score = 10 },   # eerste
      { min = 5, score = 5, label = "x ] }" },
      [1, [2, 3]],
    ]

    [[fields]]
    id = "a"
    [[fields]]
    id = "b"
    [fields.sub]
    x = 1
    [[fields.opties]]
    y = 2
    ''')


def write(tmp_path: Path, text: str, name: str = "kader.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def source(tmp_path: Path) -> TomlSource:
    problems = ProblemList()
    result = read_toml(write(tmp_path, SAMPLE), "kader.toml", problems)
    assert result is not None and not problems.problems
    return result


def test_reads_data_and_display_path(source: TomlSource) -> None:
    assert source.path == "kader.toml"
    assert source.data["indicators"]["verzuim"]["scoring"]["slecht"] == 8
    assert source.data["fields"][1]["sub"]["x"] == 1


@pytest.mark.parametrize(
    "key_path, line",
    [
        (("titel",), 2),
        (("omschrijving",), 3),
        (("na_string",), 7),  # after a multi-line string
        (("indicators", "verzuim"), 9),  # table header
        (("indicators",), 9),  # implicit parent table
        (("indicators", "verzuim", "naam"), 10),  # '#' inside a literal string
        (("indicators", "verzuim", "scoring"), 11),
        (("indicators", "verzuim", "scoring", "slecht"), 11),  # inline table member
        (("indicators", "verzuim", "a", "b", "c"), 12),  # dotted key
        (("indicators", "verzuim", "a"), 12),
        (("indicators", "met spatie", "scoring"), 14),  # quoted key in a header
        (("indicators", "met spatie", "scoring", "bands"), 16),
        (("indicators", "met spatie", "scoring", "bands", 0), 17),  # array of inline tables
        (("indicators", "met spatie", "scoring", "bands", 0, "score"), 17),
        (("indicators", "met spatie", "scoring", "bands", 1, "label"), 18),
        (("indicators", "met spatie", "scoring", "bands", 2, 1, 0), 19),
        (("fields",), 22),  # array of tables
        (("fields", 0), 22),
        (("fields", 0, "id"), 23),
        (("fields", 1), 24),
        (("fields", 1, "id"), 25),
        (("fields", 1, "sub", "x"), 27),
        (("fields", 1, "opties", 0, "y"), 29),
    ],
)
def test_line_of(source: TomlSource, key_path: tuple, line: int) -> None:
    assert source.line_of(key_path) == line


def test_line_of_falls_back_to_nearest_ancestor(source: TomlSource) -> None:
    assert source.line_of(("indicators", "verzuim", "scoring", "onbekend")) == 11
    assert source.line_of(("indicators", "met spatie", "scoring", "bands", 7, "score")) == 16
    assert source.line_of(("fields", 5)) == 22
    assert source.line_of(("bestaat", "niet")) is None
    assert source.line_of(()) is None


def test_strings_do_not_confuse_the_scanner(source: TomlSource) -> None:
    # "[nep]" and "regel = 1" inside the multi-line string are not a table and a key.
    assert source.line_of(("nep",)) is None
    assert source.line_of(("regel",)) is None
    assert source.line_of(("x",)) is None


def test_hash_and_brackets_inside_strings() -> None:
    text = 'a = "x # [y] = {z}" # echt commentaar\nb = \'c # d\'\nc = "esc \\" # q"\nd = 1\n'
    src = TomlSource("t.toml", text, {})
    assert [src.line_of((k,)) for k in "abcd"] == [1, 2, 3, 4]


def test_quoted_dotted_key_and_escapes() -> None:
    text = '"a.b".c = 1\n[x]\n"sp\\u00e9cial" = 2\n\'lit\'.y = 3\n'
    src = TomlSource("t.toml", text, {})
    assert src.line_of(("a.b", "c")) == 1
    assert src.line_of(("x", "spécial")) == 3
    assert src.line_of(("x", "lit", "y")) == 4


def test_multiline_literal_string_and_crlf() -> None:
    text = "a = '''\r\n[b]\r\nc = 1'''\r\nd = 2\r\n[e]\r\nf = 3\r\n"
    src = TomlSource("t.toml", text, {})
    assert src.line_of(("d",)) == 4
    assert src.line_of(("b",)) is None
    assert src.line_of(("e", "f")) == 6


def test_key_path_text() -> None:
    assert key_path_text(("indicators", "verzuim", "scoring", "slecht")) == "indicators.verzuim.scoring.slecht"
    assert key_path_text(("indicators", "x", "scoring", "bands", 2, "score")) == "indicators.x.scoring.bands[2].score"
    assert key_path_text(("a", "met spatie", 0, 1)) == 'a."met spatie"[0][1]'
    assert key_path_text(()) == ""


@pytest.mark.parametrize(
    "text, line, fragment",
    [
        ("a = 1\nb c\n", 2, "na een sleutel hoort een '=' te staan (kolom 3)"),
        ("a = 1\na = 2\n", 2, "heeft al een waarde"),
        ("[t]\nx = 1\n[t]\n", 3, "de tabel [t] wordt twee keer gedeclareerd"),
        ("x = tekst\n", 1, "ongeldige of ontbrekende waarde"),
        ("x = [1,\n2,\n", 2, "aan het einde van het bestand"),
        ("é = 1\n", 1, "bijzondere tekens"),
        ("x = {a = 1, a = 2}\n", 1, "komt twee keer voor"),
    ],
)
def test_syntax_error_gives_line_and_dutch_text(tmp_path: Path, text: str, line: int, fragment: str) -> None:
    problems = ProblemList()
    assert read_toml(write(tmp_path, text), "kader.toml", problems) is None
    [problem] = problems.problems
    assert problem.line == line
    assert problem.message.startswith("TOML-syntaxfout: ")
    assert fragment in problem.message
    assert "Expected" not in problem.message and "Invalid" not in problem.message


def test_untranslated_reason_keeps_english_after_dutch_prefix() -> None:
    message, line = toml_source._syntax_error("Something new (at line 3, column 4)", "a\nb\nc\n")
    assert (message, line) == ("TOML-syntaxfout: ongeldige TOML (Something new) (kolom 4)", 3)


def test_deep_nesting_is_an_error_not_a_crash(tmp_path: Path) -> None:
    problems = ProblemList()
    assert read_toml(write(tmp_path, "x = " + "[" * 5000 + "]" * 5000), "k.toml", problems) is None
    assert "diep genest" in problems.problems[0].message


def test_bom_allowed_invalid_utf8_rejected(tmp_path: Path) -> None:
    problems = ProblemList()
    path = tmp_path / "bom.toml"
    path.write_bytes("\ufeffa = 'é'\n".encode("utf-8"))
    assert read_toml(path, "bom.toml", problems).data == {"a": "é"}
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b"a = 1\nb = '\xe9'\n")
    assert read_toml(bad, "bad.toml", problems) is None
    assert problems.problems[0].line == 2 and "UTF-8" in problems.problems[0].message


def test_size_limit_and_missing_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(toml_source, "MAX_TOML_BYTES", 10)
    problems = ProblemList()
    assert read_toml(write(tmp_path, "a = 12345678901\n"), "k.toml", problems) is None
    assert read_toml(tmp_path / "nope.toml", "nope.toml", problems) is None
    assert "te groot" in problems.problems[0].message
    assert "bestaat niet" in problems.problems[1].message


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("ab1 =.[]{},\"'#\n\\") + ['"""', "'''", "[[", "]]"]), max_size=120).map("".join))
def test_line_of_never_raises(text: str) -> None:
    src = TomlSource("t.toml", text, {})
    line = src.line_of(("a", 0, "b"))
    assert line is None or 1 <= line <= text.count("\n") + 1
    toml_source._Scanner(text).run()  # the scanner itself copes, not only the safety net


def test_a_text_read_again_is_parsed_once_and_each_reader_gets_its_own_data(tmp_path: Path, monkeypatch) -> None:
    parses = []
    real = toml_source.tomllib.loads
    monkeypatch.setattr(toml_source.tomllib, "loads", lambda text: parses.append(text) or real(text))
    text = f'id = "eenmalig_{tmp_path.name}"\n[fields.x]\nbands = [{{ max = 1 }}]\n'
    (tmp_path / "a.toml").write_text(text, encoding="utf-8")
    (tmp_path / "b.toml").write_text(text, encoding="utf-8")
    first = read_toml(tmp_path / "a.toml", "a.toml", ProblemList())
    assert first is not None
    first.data["fields"]["x"]["bands"][0]["max"] = 99  # a reader changing its data changes no one else's
    again = read_toml(tmp_path / "b.toml", "b.toml", ProblemList())
    assert again is not None and again.path == "b.toml"
    assert again.data == real(text) and parses == [text]
    (tmp_path / "a.toml").write_text("extra = 1\n" + text, encoding="utf-8")  # other bytes: parsed anew
    changed = read_toml(tmp_path / "a.toml", "a.toml", ProblemList())
    assert changed is not None and changed.data["extra"] == 1 and len(parses) == 2

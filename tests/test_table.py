"""Tests for criteria.load.table: CSV and XLSX files as Dutch municipalities write them."""

from __future__ import annotations

import math
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from criteria.errors import InputError, ProblemList
from criteria.load import table as table_module
from criteria.load.table import Table, parse_number, read_table


def write(tmp_path: Path, content: str | bytes, name: str = "data.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


def load(path: Path) -> tuple[Table | None, ProblemList]:
    problems = ProblemList()
    return read_table(path, path.name, problems), problems


def messages(problems: ProblemList) -> list[str]:
    return [p.render() for p in problems.problems]


def test_semicolon_and_decimal_comma(tmp_path: Path) -> None:
    table, problems = load(write(tmp_path, "Gemeente ; Jaar;Waarde\nUtrecht;2023;12,5\nZwolle;2023;\n"))
    assert not problems.problems
    assert table.header == ["gemeente", "jaar", "waarde"]
    assert table.rows[0].cells == {"gemeente": "Utrecht", "jaar": "2023", "waarde": "12,5"}
    assert table.rows[1].cells == {"gemeente": "Zwolle", "jaar": "2023"}  # empty cell is absent
    assert (table.rows[0].number, table.rows[0].place) == (2, "regel 2")
    assert parse_number(table.rows[0].cells["waarde"]) == 12.5
    assert table.column_place(table.rows[0], "waarde") == "regel 2, kolom 'waarde'"
    assert table.locate(table.rows[0], "waarde") == (2, "kolom 'waarde'")


def test_comma_separated(tmp_path: Path) -> None:
    table, problems = load(write(tmp_path, 'gemeente,waarde\nUtrecht,12.5\n"Den Haag, de",3\n'))
    assert not problems.problems
    assert [r.cells for r in table.rows] == [{"gemeente": "Utrecht", "waarde": "12.5"},
                                             {"gemeente": "Den Haag, de", "waarde": "3"}]


def test_tab_separated(tmp_path: Path) -> None:
    table, problems = load(write(tmp_path, "gemeente\twaarde (x 1,000)\nUtrecht\t1,5\n", name="data.tsv"))
    assert not problems.problems
    assert table.rows[0].cells == {"gemeente": "Utrecht", "waarde (x 1,000)": "1,5"}


def test_utf8_bom(tmp_path: Path) -> None:
    table, problems = load(write(tmp_path, "\ufeffgemeente;waarde\nSúdwest-Fryslân;1\n"))
    assert not problems.problems
    assert table.header == ["gemeente", "waarde"]
    assert table.rows[0].cells["gemeente"] == "Súdwest-Fryslân"


def test_cp1252_from_dutch_excel(tmp_path: Path) -> None:
    path = write(tmp_path, "Financiële positie;bedrag\nschuld;€ 1.234,50\n", encoding="cp1252")
    table, problems = load(path)
    assert not problems.problems
    assert table.header == ["financiële positie", "bedrag"]
    assert table.rows[0].cells["bedrag"] == "€ 1.234,50"
    assert parse_number(table.rows[0].cells["bedrag"]) == 1234.5


@pytest.mark.parametrize("content", [b"a;b\n1;\x81\n", "a;b\n1;2\n".encode("utf-16")])
def test_bad_encoding(tmp_path: Path, content: bytes) -> None:
    table, problems = load(write(tmp_path, content))
    assert table is None
    assert "onbekende tekenset" in problems.problems[0].message


def test_quoted_cell_with_separator(tmp_path: Path) -> None:
    table, problems = load(write(tmp_path, 'naam;waarde\n"Bergen (L; NH)";"1.234,5"\n'))
    assert not problems.problems
    assert table.rows[0].cells == {"naam": "Bergen (L; NH)", "waarde": "1.234,5"}


def test_multiline_quoted_cell_keeps_line_numbers(tmp_path: Path) -> None:
    text = 'naam;toelichting\nA;"eerste\n# geen commentaar\n\nlaatste"\nB;x\nC;1;2\n'
    table, problems = load(write(tmp_path, text))
    assert [r.number for r in table.rows] == [2, 6]
    assert table.rows[0].cells["toelichting"] == "eerste\n# geen commentaar\n\nlaatste"
    assert [p.line for p in problems.problems] == [7]


def test_ragged_rows_all_reported(tmp_path: Path) -> None:
    text = "a;b\n1;2\n1;2;3\n4;5\n6;7;8;9\n10;11;\n"
    table, problems = load(write(tmp_path, text))
    assert [p.line for p in problems.problems] == [3, 5]
    assert "te veel cellen" in problems.problems[0].message
    assert [r.number for r in table.rows] == [2, 4, 6]  # a trailing empty cell is harmless
    with pytest.raises(InputError) as info:
        problems.raise_if_errors()
    assert "data.csv, regel 3: te veel cellen" in str(info.value)


def test_fewer_cells_are_absent(tmp_path: Path) -> None:
    table, problems = load(write(tmp_path, "a;b;c\n1\n"))
    assert not problems.problems and table.rows[0].cells == {"a": "1"}


def test_several_bad_rows_of_different_kinds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(table_module, "MAX_LINE_CHARS", 40)
    text = 'a;b\n1;2\n"x"y;2\n' + "3;" + "9" * 50 + '\n5;6;7\n8;"open\n'
    table, problems = load(write(tmp_path, text))
    assert [p.line for p in problems.problems] == [3, 4, 5, 6]
    assert "aanhalingsteken" in problems.problems[0].message
    assert "te lang" in problems.problems[1].message
    assert "niet afgesloten" in problems.problems[3].message
    assert [r.number for r in table.rows] == [2]


@pytest.mark.parametrize("content, expected", [
    ("", "geen gegevensregels"),
    ("\n# alleen commentaar\n\n", "geen gegevensregels"),
    ("a;b\n", "geen gegevensregels"),
    ("a;b\n\n;;\n", "geen gegevensregels"),
    ("a;a;b;B \n1;2;3;4\n", "kolomnaam 'a' komt meer dan één keer voor"),
])
def test_unusable_files(tmp_path: Path, content: str, expected: str) -> None:
    table, problems = load(write(tmp_path, content))
    assert table is None
    assert problems.has_errors
    assert expected in problems.problems[0].message


def test_value_under_unnamed_column(tmp_path: Path) -> None:
    table, problems = load(write(tmp_path, "a;;c\n1;;3\n4;5;6\n"))
    assert [r.cells for r in table.rows] == [{"a": "1", "c": "3"}]
    assert problems.problems[0].line == 3 and "kolom 2" in problems.problems[0].message


def test_duplicate_header_names_each_reported(tmp_path: Path) -> None:
    _, problems = load(write(tmp_path, "a;A;b;B \n1;2;3;4\n"))
    assert len(problems.problems) == 2 and all(p.line == 1 for p in problems.problems)


def test_comments_and_blank_lines_skipped(tmp_path: Path) -> None:
    text = "# bron: CBS\n\ngemeente;waarde\n# toelichting\n\nA;1\n   \n;;\nB;2\n"
    table, problems = load(write(tmp_path, text))
    assert not problems.problems
    assert [(r.number, r.cells["gemeente"]) for r in table.rows] == [(6, "A"), (9, "B")]


def test_crlf_line_endings(tmp_path: Path) -> None:
    table, problems = load(write(tmp_path, "a;b\r\n1;2\r\n\r\n3;4\r\n"))
    assert not problems.problems
    assert [(r.number, r.cells["b"]) for r in table.rows] == [(2, "2"), (4, "4")]


def test_oversize_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(table_module, "MAX_TABLE_BYTES", 10)
    table, problems = load(write(tmp_path, "a;b\n1;2\n3;4\n"))
    assert table is None and "te groot" in problems.problems[0].message
    assert "10 bytes" in problems.problems[0].message


def test_too_many_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(table_module, "MAX_ROWS", 2)
    table, problems = load(write(tmp_path, "a\n1\n2\n3\n"))
    assert table is None and "meer dan 2" in problems.problems[0].message


def test_missing_file(tmp_path: Path) -> None:
    table, problems = load(tmp_path / "weg.csv")
    assert table is None and "bestaat niet" in problems.problems[0].message


def make_xlsx(path: Path) -> Path:
    book = openpyxl.Workbook()
    book.active.title = "toelichting"
    book.active.append(["dit blad wordt niet gelezen"])
    sheet = book.create_sheet("data")
    sheet.append([])
    sheet.append(["Gemeente", "Jaar", None, "Waarde", "Actief"])
    sheet.append(["Utrecht", 2023, None, 0.1, True])
    sheet.append([])
    sheet.append(["Zwolle", 2024, None, 1234.5, False])
    sheet.append(["Fout", 2024, "x", 1, None])
    sheet.append(["Te breed", 2024, None, 1, None, "extra"])
    sheet.append(["  Ede ", 2024, None, 1e-7, None])
    book.save(path)
    return path


def test_xlsx_read_back_with_places(tmp_path: Path) -> None:
    table, problems = load(make_xlsx(tmp_path / "data.xlsx"))
    assert table.header == ["gemeente", "jaar", "waarde", "actief"]
    assert [r.cells for r in table.rows] == [
        {"gemeente": "Utrecht", "jaar": "2023", "waarde": "0.1", "actief": "ja"},
        {"gemeente": "Zwolle", "jaar": "2024", "waarde": "1234.5", "actief": "nee"},
        {"gemeente": "Ede", "jaar": "2024", "waarde": "0.0000001"},
    ]
    assert [r.place for r in table.rows] == ["blad 'data', rij 3", "blad 'data', rij 5", "blad 'data', rij 8"]
    assert table.column_place(table.rows[1], "waarde") == "blad 'data', cel D5"
    assert table.locate(table.rows[1], "Waarde") == (None, "blad 'data', cel D5")
    assert [p.place for p in problems.problems] == ["blad 'data', rij 6", "blad 'data', rij 7"]
    assert "kolom C" in problems.problems[0].message and "kolom F" in problems.problems[1].message
    assert parse_number(table.rows[2].cells["waarde"]) == 1e-7


def test_xlsx_first_sheet_when_no_data_sheet(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Blad1"
    book.active.append(["a"])
    book.active.append([12])
    book.save(tmp_path / "t.xlsx")
    table, problems = load(tmp_path / "t.xlsx")
    assert not problems.problems and table.rows[0].place == "blad 'Blad1', rij 2"


def test_xlsx_header_only(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["a", "b"])
    book.save(tmp_path / "t.xlsx")
    table, problems = load(tmp_path / "t.xlsx")
    assert table is None and "geen gegevensregels" in problems.problems[0].message


def test_text_file_renamed_xlsx(tmp_path: Path) -> None:
    table, problems = load(write(tmp_path, "a;b\n1;2\n", name="data.xlsx"))
    assert table is None
    [problem] = problems.problems
    assert "geen geldig of een verdacht groot Excel-bestand" in problem.message
    assert "Traceback" not in problem.render()


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "data.xlsx", "w") as archive:
        archive.writestr("hallo.txt", "geen werkmap")
    table, problems = load(tmp_path / "data.xlsx")
    assert table is None and "geen geldig" in problems.problems[0].message


def test_zip_bomb_like_xlsx(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "bom.xlsx", "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (5 * 1024 * 1024))
    table, problems = load(tmp_path / "bom.xlsx")
    assert table is None
    assert "verdacht groot Excel-bestand" in problems.problems[0].message


@pytest.mark.parametrize("text, expected", [
    ("12", 12.0), ("-3", -3.0), ("+4", 4.0), ("12.5", 12.5), ("12,5", 12.5), (" 7 ", 7.0),
    ("1.234,5", 1234.5), ("1 234,5", 1234.5), ("1\u00a0234,5", 1234.5), ("1,234.5", 1234.5),
    ("1.234.567", 1234567.0), ("1.234.567,89", 1234567.89),
    ("1.234", 1.234), ("1,234", 1.234),  # a lone separator is always the decimal separator
    ("12%", 12.0), ("12,5 %", 12.5), ("€ 12,50", 12.5), ("€-3", -3.0), ("-€ 3", -3.0),
    ("EUR 1.000,00", 1000.0),
    ("1e3", 1000.0), ("0,5", 0.5), (",5", 0.5), ("\u22123", -3.0),
    ("", None), ("--", None), ("-", None), ("abc", None), ("nan", None), ("NaN", None), ("inf", None),
    ("-Infinity", None), ("1e999", None), ("12,5,3", None), ("1.234.5", None), ("1.23,5", None),
    ("1,234,5", None), ("12 5", None), ("1..2", None), ("12a", None), ("%", None),
    ("€", None), ("0x10", None),
])
def test_parse_number(text: str, expected: float | None) -> None:
    assert parse_number(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_parse_number_round_trip_decimal_comma(x: float) -> None:
    text = f"{x:.4f}".replace(".", ",")
    assert parse_number(text) == float(f"{x:.4f}")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_parse_number_is_none_or_finite(text: str) -> None:
    value = parse_number(text)
    assert value is None or math.isfinite(value)


# --- decimal convention per table, Excel percentages, comment rows in XLSX --------------------------

@pytest.mark.parametrize("text, decimal, expected", [
    ("121.000", ",", 121000.0),     # Dutch file: the dot groups thousands
    ("€ 121.000", ",", 121000.0),
    ("1.234.567", ",", 1234567.0),
    ("121.000", ".", 121.0),        # comma-separated file: the dot is the decimal point
    ("1,234", ".", 1234.0),
    ("0.125", ",", 0.125),          # a leading 0 never starts a thousands group
    ("12,5", ",", 12.5),
    ("1.234,5", ",", 1234.5),
])
def test_parse_table_number_follows_the_files_convention(text, decimal, expected):
    from criteria.load.table import parse_table_number
    assert parse_table_number(text, decimal) == (expected, None)


def test_parse_table_number_refuses_ambiguous_grouping_when_convention_unknown():
    from criteria.load.table import parse_table_number
    value, problem = parse_table_number("121.000", None)
    assert value is None and "dubbelzinnig" in problem


def test_semicolon_csv_implies_decimal_comma_and_tab_is_unknown(tmp_path):
    semi = tmp_path / "a.csv"
    semi.write_text("a;b\n1;2\n", encoding="utf-8")
    tab = tmp_path / "b.csv"
    tab.write_text("a\tb\n1\t2\n", encoding="utf-8")
    comma = tmp_path / "c.csv"
    comma.write_text("a,b\n1,2\n", encoding="utf-8")
    assert [read_table(p, p.name, ProblemList()).decimal for p in (semi, tab, comma)] == [",", None, "."]


def test_xlsx_percentage_cells_read_as_shown_and_comment_rows_skipped(tmp_path):
    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    sheet.title = "data"
    sheet.append(["veld", "waarde"])
    sheet.append(["# toelichting: verzuim als percentage"])
    sheet.append(["verzuim", 0.089])
    sheet["B3"].number_format = "0.0%"
    sheet.append(["fte", 12.5])
    path = tmp_path / "p.xlsx"
    book.save(path)
    problems = ProblemList()
    table = read_table(path, "p.xlsx", problems)
    assert not problems.problems
    assert [r.cells for r in table.rows] == [{"veld": "verzuim", "waarde": "8.9"}, {"veld": "fte", "waarde": "12.5"}]

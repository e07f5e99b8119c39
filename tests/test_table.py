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
from criteria.load import csv_text
from criteria.load import table as table_module
from criteria.load.numbers import parse_number
from criteria.load.table import Table, read_table


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
    assert [r.cells for r in table.rows] == [
        {"gemeente": "Utrecht", "waarde": "12.5"},
        {"gemeente": "Den Haag, de", "waarde": "3"},
    ]


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
    monkeypatch.setattr(csv_text, "MAX_LINE_CHARS", 40)
    text = 'a;b\n1;2\n"x"y;2\n' + "3;" + "9" * 50 + '\n5;6;7\n8;"open\n'
    table, problems = load(write(tmp_path, text))
    assert [p.line for p in problems.problems] == [3, 4, 5, 6]
    assert "aanhalingsteken" in problems.problems[0].message
    assert "te lang" in problems.problems[1].message
    assert "niet afgesloten" in problems.problems[3].message
    assert [r.number for r in table.rows] == [2]


@pytest.mark.parametrize(
    "content, expected",
    [
        ("", "geen gegevensregels"),
        ("\n# alleen commentaar\n\n", "geen gegevensregels"),
        ("a;b\n", "geen gegevensregels"),
        ("a;b\n\n;;\n", "geen gegevensregels"),
        ("a;a;b;B \n1;2;3;4\n", "kolomnaam 'a' komt meer dan één keer voor"),
    ],
)
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


@pytest.mark.parametrize(
    "text, expected",
    [
        ("12", 12.0),
        ("-3", -3.0),
        ("+4", 4.0),
        ("12.5", 12.5),
        ("12,5", 12.5),
        (" 7 ", 7.0),
        ("1.234,5", 1234.5),
        ("1 234,5", 1234.5),
        ("1\u00a0234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("1.234.567", 1234567.0),
        ("1.234.567,89", 1234567.89),
        ("1.234", None),
        ("1,234", None),  # one separator before three digits: 1234 or 1,234? refused
        ("1.2345", 1.2345),
        ("12,50", 12.5),
        ("0,125", 0.125),
        ("1234,567", 1234.567),  # cannot be thousands
        ("12%", 12.0),
        ("12,5 %", 12.5),
        ("€ 12,50", 12.5),
        ("€-3", -3.0),
        ("-€ 3", -3.0),
        ("EUR 1.000,00", 1000.0),
        ("1e3", 1000.0),
        ("0,5", 0.5),
        (",5", 0.5),
        ("\u22123", -3.0),
        ("", None),
        ("--", None),
        ("-", None),
        ("abc", None),
        ("nan", None),
        ("NaN", None),
        ("inf", None),
        ("-Infinity", None),
        ("1e999", None),
        ("12,5,3", None),
        ("1.234.5", None),
        ("1.23,5", None),
        ("1,234,5", None),
        ("12 5", None),
        ("1..2", None),
        ("12a", None),
        ("%", None),
        ("€", None),
        ("0x10", None),
    ],
)
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


# --- Excel percentages, comment rows in XLSX --------------------------------------------------------------


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


# --- which sheet of a workbook (issue 11) ------------------------------------------------------------------


def sheets_book(path: Path, sheets: dict[str, str], data_in: str) -> Path:
    """A workbook with these sheets (title -> state); only `data_in` holds a table."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, state in sheets.items():
        sheet = book.create_sheet(title)
        sheet.append(["a", "b"])
        sheet.append([title, 1 if title == data_in else 2])
        sheet.sheet_state = state
    book.save(path)
    return path


def read_with(path: Path, sheet: str | None = None, listed: bool = True):
    from criteria.load.table import TableSettings

    problems = ProblemList()
    return read_table(path, path.name, problems, TableSettings(sheet=sheet, listed=listed)), problems


@pytest.mark.parametrize(
    "sheets, chosen",
    [
        ({"Blad1": "visible"}, "Blad1"),
        ({"toelichting": "visible", "Data": "visible"}, "Data"),
        ({"data": "hidden", "nieuw": "visible"}, "nieuw"),  # a hidden sheet is never read unasked, even named 'data'
        ({"oud": "veryHidden", "Blad1": "visible", "hulp": "hidden"}, "Blad1"),
    ],
)
def test_the_only_visible_sheet_or_the_visible_data_sheet_is_read(tmp_path, sheets, chosen) -> None:
    table, problems = read_with(sheets_book(tmp_path / "t.xlsx", sheets, chosen))
    assert not problems.problems and table.sheet == chosen and table.rows[0].cells["a"] == chosen


def test_two_visible_sheets_without_data_are_refused_with_the_list(tmp_path) -> None:
    path = sheets_book(tmp_path / "t.xlsx", {"2019": "visible", "2020": "visible", "oud": "hidden"}, "2020")
    table, problems = read_with(path)
    [problem] = problems.problems
    assert table is None
    assert problem.message == (
        "het Excel-bestand heeft 2 zichtbare werkbladen en geen blad 'data': welk blad de "
        "gegevens bevat, is niet zeker ('2019', '2020', 'oud' (verborgen))"
    )
    assert "sheet =" in problem.suggestion
    _, unlisted = read_with(path, listed=False)
    assert unlisted.problems[0].suggestion == "geef het blad met de gegevens de naam 'data'"


def test_a_named_sheet_is_read_and_a_hidden_one_with_a_warning(tmp_path) -> None:
    path = sheets_book(tmp_path / "t.xlsx", {"nieuw": "visible", "oud": "hidden", "geheim": "veryHidden"}, "oud")
    table, problems = read_with(path, "nieuw")
    assert table.sheet == "nieuw" and not problems.problems
    table, problems = read_with(path, "oud")
    assert table.sheet == "oud" and table.rows[0].cells["b"] == "1"
    [warning] = problems.problems
    assert warning.severity == "waarschuwing" and warning.place == "blad 'oud'"
    assert "verborgen" in warning.message and "case.toml het noemt" in warning.message
    _, problems = read_with(path, "geheim")
    assert "zeer verborgen" in problems.problems[0].message
    table, problems = read_with(path, "Gegevens")
    assert table is None and problems.problems[0].message == "het werkblad 'Gegevens' bestaat niet in dit bestand"
    assert (
        problems.problems[0].suggestion == "werkbladen: 'nieuw', 'oud' (verborgen), 'geheim' (zeer verborgen "
        "(alleen via VBA te tonen))"
    )


# --- reading only what is in the sheet (issue 11, work limits) -----------------------------------------------


def test_a_stray_cell_at_the_last_row_costs_no_empty_rows(tmp_path) -> None:
    from criteria.load import xlsx

    book = openpyxl.Workbook()
    book.active.title = "data"
    book.active.append(["a", "b"])
    book.active.append([1, 2])
    book.active["A1048576"] = "x"
    book.save(tmp_path / "t.xlsx")
    workbook = xlsx.Workbook((tmp_path / "t.xlsx").read_bytes())
    [sheet] = workbook.worksheets
    rows = list(xlsx.sheet_rows(workbook, sheet))
    assert [number for number, _ in rows] == [1, 2, 1048576]  # not a million filled-in empty rows
    table, _ = load(tmp_path / "t.xlsx")
    assert [r.number for r in table.rows] == [2, 1048576]


def test_the_row_limit_stops_reading_a_sheet(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(table_module, "MAX_ROWS", 3)
    book = openpyxl.Workbook()
    book.active.title = "data"
    for n in range(10):
        book.active.append([n])
    book.save(tmp_path / "t.xlsx")
    table, problems = load(tmp_path / "t.xlsx")
    assert table is None
    assert problems.problems[0].render() == "t.xlsx, blad 'data', rij 5: het werkblad heeft meer dan 3 gegevensrijen"


def test_the_work_on_a_sheet_is_bounded_by_its_cells(tmp_path, monkeypatch) -> None:
    from criteria.load import xlsx

    monkeypatch.setattr(xlsx, "MAX_XLSX_CELLS", 5)
    book = openpyxl.Workbook()
    book.active.title = "data"
    book.active.append(["a", "b"])
    for n in range(4):
        book.active.append([n, n])
    book.save(tmp_path / "t.xlsx")
    table, problems = load(tmp_path / "t.xlsx")
    assert table is None
    assert problems.problems[0].render() == (
        "t.xlsx, blad 'data', rij 3: het werkblad heeft meer dan 5 cellen of "
        "300000 rijen (ook lege, opgemaakte cellen en rijen tellen mee)"
    )


def test_number_cells_keep_their_number_and_text_cells_follow_the_number_rules(tmp_path) -> None:
    from criteria.load.numbers import Refused

    book = openpyxl.Workbook()
    book.active.title = "data"
    book.active.append(["getal", "tekst"])
    book.active.append([1.125, "1,125"])
    book.active.append([4732, "4.732,0"])
    book.save(tmp_path / "t.xlsx")
    table, _ = load(tmp_path / "t.xlsx")
    first, second = table.rows
    assert table.number(first, "getal") == 1.125  # a number cell is never ambiguous
    refused = table.number(first, "tekst")
    assert isinstance(refused, Refused) and refused.kind == "ambiguous"
    assert (table.number(second, "getal"), table.number(second, "tekst")) == (4732.0, 4732.0)

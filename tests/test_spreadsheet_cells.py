"""Texts from input files stay texts in spreadsheets (issue 11 class 9) and never break an XLSX file (class 13):
criteria.files.cells, the XLSX report and the norm table in XLSX and CSV."""

from __future__ import annotations

import csv
import io
import tomllib
from pathlib import Path

import openpyxl
import pytest
from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st

from criteria.files import cells
from criteria.files.visible import visible

FORMULAS = [
    "=1+1",
    '=HYPERLINK("http://x.invalid","klik")',
    "+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1",
    "\r=1",
    " =1+1",
    "'=1+1",
    "'",
    "''",
    "=",
    "-",
]
# Texts that start like a formula, with control characters and with apostrophes: what the strategies favour.
texts = st.text(alphabet=st.sampled_from(list("=+-@'\t\r\n a1\x0b\x1b\u202e\x00é")) | st.characters(), max_size=12)


@given(texts)
def test_csv_text_is_read_back_as_the_same_text_and_never_starts_a_formula(text: str) -> None:
    written = cells.csv_text(text)
    assert cells.from_csv_text(written) == text
    assert not cells.starts_formula(written)


@pytest.mark.parametrize("text", FORMULAS)
def test_a_formula_start_gets_an_apostrophe_in_csv(text: str) -> None:
    assert cells.csv_text(text) == "'" + text


@settings(max_examples=60, deadline=None)
@given(st.lists(texts, min_size=1, max_size=8))
def test_any_text_is_a_text_cell_in_xlsx_and_the_file_opens(values: list[str]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    for i, value in enumerate(values, 1):
        cells.put(sheet, i, 1, value)
    cells.append(sheet, values)
    saved = io.BytesIO()
    book.save(saved)  # openpyxl refuses XML-illegal characters: this would raise
    read = openpyxl.load_workbook(io.BytesIO(saved.getvalue())).active
    column = [read.cell(i, 1) for i in range(1, len(values) + 1)]
    row = next(iter(read.iter_rows(min_row=len(values) + 1, max_row=len(values) + 1)))
    for value, cell in [*zip(values, column), *zip(values, row)]:
        assert cell.data_type != "f"
        assert (cell.value or "") == visible(value)
        assert cell.quotePrefix == cells.starts_formula(visible(value))


def test_numbers_stay_numbers_in_xlsx() -> None:
    sheet = openpyxl.Workbook().active
    assert cells.put(sheet, 1, 1, -2.5).data_type == "n"
    assert cells.put(sheet, 1, 2, None).value is None


def _hostile_ruleset(path: Path) -> Path:
    text = (REPO / "tests/hostile/base/rulesets/basis.toml").read_text(encoding="utf-8")
    text = text.replace("{ max = 95, score = 10 }", '{ max = 95, score = 10, label = "=HYPERLINK(\\"x\\")" }')
    text = text.replace("{ min = 105, score = 2 }", '{ min = 105, score = 2, label = "\'-" }')
    text = text.replace(
        'nullijn = { kind = "base_year", year = 2018 }',
        'nullijn = { kind = "base_year", year = 2018, description = "@basis\\u000b2018" }',
    )
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_norm_table_round_trip_keeps_formula_like_texts(tmp_path: Path, kind: str) -> None:
    from criteria.authoring.sheets.export import table_content
    from criteria.authoring.sheets.importer import import_table
    from criteria.load.ruleset import load_ruleset

    ruleset = _hostile_ruleset(tmp_path / "basis.toml")
    original = load_ruleset(ruleset)
    content = table_content(original.source.data, kind)
    table = tmp_path / f"normen.{kind}"
    table.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    if kind == "xlsx":
        written = [c for row in openpyxl.load_workbook(table).active.iter_rows() for c in row if c.value is not None]
        assert not [c.coordinate for c in written if c.data_type == "f"]
    else:
        written = [c for row in csv.reader(io.StringIO(content), delimiter=";") for c in row]
        assert '\'=HYPERLINK("x")' in written and not [c for c in written if cells.starts_formula(c)]
    data = tomllib.loads(import_table(ruleset, table))
    bands = data["indicators"]["kostenindex"]["scoring"]["bands"]
    assert [b.get("label") for b in bands] == ['=HYPERLINK("x")', None, "'-"]
    # XLSX shows the vertical tab visibly (XML cannot hold it); CSV keeps the text as it is
    expected = "@basis\x0b2018" if kind == "csv" else "@basis<U+000B>2018"
    assert data["nullijn"]["description"] == expected

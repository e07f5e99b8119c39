"""Law (hypothesis): an inventory table read column-wise (criteria/load/inventory_columns.py) gives the same TaskRows
as the row-by-row reader whenever that reader finds no problem, and defers to it (None) whenever it finds one."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import event, given, settings
from hypothesis import strategies as st

from criteria.errors import ProblemList
from criteria.load.inventory import COLUMNS, read_inventory, rows_one_by_one
from criteria.load.inventory_columns import clean_rows
from criteria.load.table import Table, TableRow, TableSettings
from criteria.model.case import Manifest

MANIFEST = Manifest.model_validate(
    {
        "id": "t",
        "title": "T",
        "ruleset": "r.toml",
        "form": "vervlochten teams",
        "data": ["data.csv"],
        "partners": {"heemstede": {"name": "Gemeente Heemstede"}, "bloemendaal": {"name": "Gemeente Bloemendaal"}},
        "subjects": {"PO": {"title": "P&O"}, "HH": {"title": "Handhaving"}},
    }
)
# per column: good texts and texts the row-by-row reader refuses (empty, unknown, badly written, personal data)
CELLS = {
    "onderwerp": ["PO", "HH", "", "XX"],
    "jaar": ["2019", "2020", "", "19", "1899", "２０２０", "2019a"],
    "taak": ["Salarissen", "Handhaving APV", "", "mail a@b.nl"],
    "kritiek": ["ja", "nee", "Ja", "NEE", "", "misschien"],
    "medewerker": ["M07", "AB123", "", "Jan Jansen", "m07", "dhr. Jansen"],
    "gemeente": ["heemstede", "bloemendaal", "", "Gemeente Heemstede", "haarlem"],
    "fte": ["0,5", "1", "0", "0,25", "", "1,5", "-0,1", "abc", "1.000", "0.5", "1e0"],
    "gekwalificeerd": ["ja", "deels", "DEELS", "", "nee"],
    "bron": ["illustratief: verzonnen", "HR-systeem", "", "06 12345678 bellen"],
    "kwaliteit": ["A", "b", "C", "", "D"],
    "opmerking": ["", "zie notitie", "mevr. De Vries"],
}


@st.composite
def tables(draw) -> Table:
    header = list(COLUMNS) + (["opmerking"] if draw(st.booleans()) else [])
    good = draw(st.booleans())  # mostly clean tables, so that the column-wise path is taken often
    sheet = draw(st.sampled_from([None, "taken"]))  # an XLSX sheet: its number cells hold a number (int or float)
    rows = []
    for n in range(draw(st.integers(1, 8))):
        cells = {}
        for name in header:
            pool = CELLS[name][:2] if good and name != "opmerking" else CELLS[name]
            text = draw(st.sampled_from(pool))
            if text:
                cells[name] = text
        numbers = {"fte": draw(st.sampled_from([0.5, 1, 0, 1.0, 1.5]))} if sheet and "fte" in cells else {}
        place = f"regel {n + 2}" if sheet is None else f"blad '{sheet}', rij {n + 2}"
        rows.append(TableRow(n + 2, cells, place, numbers))
    table = Table.from_rows("taken.csv", header, rows, sheet, {name: i + 1 for i, name in enumerate(header)})
    return replace(table, settings=TableSettings(draw(st.sampled_from([None, "1.234,5", "1,234.5"])), listed=True))


@settings(max_examples=400, deadline=None)
@given(tables())
def test_column_wise_rows_are_the_row_by_row_rows_of_a_table_without_problems(table: Table) -> None:
    problems = ProblemList()
    one_by_one = rows_one_by_one(table, MANIFEST, problems)
    columns = clean_rows(table, MANIFEST)
    event("column-wise" if columns is not None else "row by row")
    if problems.problems:
        assert columns is None
    else:
        assert columns == one_by_one
        assert [type(getattr(r, f)) for r in columns for f in ("year", "fte", "line")] == [
            type(getattr(r, f)) for r in one_by_one for f in ("year", "fte", "line")
        ]
    again = ProblemList()
    assert read_inventory(table, MANIFEST, again) == one_by_one
    assert [p for p in again.problems if p.place != "kopregel"] == problems.problems  # the header's own: apart

"""An inventory table without problems read column-wise: each check once per distinct text of a column.

`clean_rows` gives the same TaskRows as the row-by-row reader (criteria/load/inventory.py) when no row of the table
has a problem, and None as soon as any cell might have one: then the row-by-row reader runs and reports every
problem with its row and column, as before. A clean table so never builds a TableRow per row.
"""

from __future__ import annotations

import re

from criteria.inventory.privacy import cell_problem, employee_problem
from criteria.load.numbers import read_number
from criteria.load.table import Table
from criteria.model.case import Manifest
from criteria.model.inventory import TaskRow

REQUIRED = ("onderwerp", "taak", "medewerker", "bron")  # a row without one of these has a problem


def _year(text: str) -> int:
    year = int(text) if re.fullmatch(r"\d{4}", text) else 0
    return year if 1900 <= year <= 2200 else 0


def _fte(value: object) -> float | None:
    """The fte of a cell read as a number (see inventory._fte), or None if the row-by-row reader refuses it."""
    if not isinstance(value, (int, float)) or not 0 <= value <= 1:
        return None
    return value if isinstance(value, float) else 0.0


def clean_rows(table: Table, manifest: Manifest) -> list[TaskRow] | None:
    """The TaskRows of `table` (its header already checked) if none of its rows has a problem; else None."""
    columns = table.columns
    for name, column in columns.items():
        check = employee_problem if name == "medewerker" else cell_problem
        if any(check(text) for text in column.texts):
            return None
    if any((columns[name].codes < 0).any() for name in REQUIRED):
        return None
    # per column: the value of every code, the last one ("" or its value) for an empty cell (code -1)
    subjects = columns["onderwerp"].texts
    years = [_year(t) for t in columns["jaar"].texts] + [0]
    critical = [t.lower() for t in columns["kritiek"].texts] + [""]
    partners = [*columns["gemeente"].texts, ""]
    qualified = [t.lower() for t in columns["gekwalificeerd"].texts] + [""]
    quality = [t.upper() for t in columns["kwaliteit"].texts] + [""]
    fte_column = columns["fte"]
    writer = table.settings.number_format
    ftes = [_fte(read_number(text, writer)) for text in [*fte_column.texts, ""]]
    if (
        any(s not in manifest.subjects for s in subjects)
        or any(critical[c] not in ("ja", "nee") for c in set(columns["kritiek"].codes.tolist()))
        or any(partners[c] not in manifest.partners for c in set(columns["gemeente"].codes.tolist()))
        or any(qualified[c] not in ("ja", "deels") for c in set(columns["gekwalificeerd"].codes.tolist()))
        or any(quality[c] not in ("A", "B", "C") for c in set(columns["kwaliteit"].codes.tolist()))
        or any(not years[c] for c in set(columns["jaar"].codes.tolist()))
    ):
        return None
    fte_codes = fte_column.codes.tolist()
    fte_of = [ftes[c] for c in fte_codes]
    for index, number in fte_column.numbers.items():  # XLSX number cells: the number Excel holds
        fte_of[index] = _fte(number)
    if any(f is None for f in fte_of):
        return None
    lines = table.lines.tolist()
    places = [f"regel {n}" for n in lines] if table.sheet is None else [table.place(i) for i in range(len(lines))]
    texts = {name: [*columns[name].texts, ""] for name in ("onderwerp", "taak", "medewerker", "bron")}
    codes = {name: column.codes.tolist() for name, column in columns.items()}
    return [
        TaskRow(
            subject=texts["onderwerp"][codes["onderwerp"][i]],
            year=years[codes["jaar"][i]],
            task=texts["taak"][codes["taak"][i]],
            critical=critical[codes["kritiek"][i]] == "ja",
            employee=texts["medewerker"][codes["medewerker"][i]],
            partner=partners[codes["gemeente"][i]],
            fte=fte_of[i],
            qualified=qualified[codes["gekwalificeerd"][i]],
            bron=texts["bron"][codes["bron"][i]],
            quality=quality[codes["kwaliteit"][i]],
            file=table.path,
            line=lines[i] if table.sheet is None else None,
            place=places[i],
        )
        for i in range(len(lines))
    ]

"""Read an edited norm table back into a ruleset and return the new, standalone ruleset text."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from criteria.authoring.sheets.normtable import COLUMNS, apply_rows
from criteria.authoring.toml_write import dumps
from criteria.errors import InputError, Problem, ProblemList
from criteria.files.cells import from_csv_text
from criteria.load.messages import dutch_message
from criteria.load.numbers import DUTCH, Refused
from criteria.load.ruleset import load_ruleset
from criteria.load.table import Table, TableSettings, read_table
from criteria.load.toml_source import copy_data, key_path_text, longest_prefix
from criteria.model.ruleset import Ruleset
from criteria.rules.compile import RulesetInvalid, compile_ruleset
from criteria.rules.findings import did_you_mean

NUMERIC = {
    "gewicht",
    "slecht",
    "goed",
    "ja",
    "nee",
    "band",
    "min",
    "max",
    "score",
    "norm_minstens",
    "norm_hoogstens",
    "cap",
    "nullijn_jaar",
    "nullijn_waarde",
}
INTEGER = {"band", "nullijn_jaar"}
KINDS = ("kader", "criterium", "indicator", "band", "schaal")


def _rows(table: Table, data: dict, problems: ProblemList, csv: bool) -> list[tuple[dict, tuple]]:
    """The table's rows as settings; `csv`: texts were written with cells.csv_text (an apostrophe before a
    formula start), which is undone here."""
    unknown = [c for c in table.header if c not in COLUMNS]
    for column in unknown:
        problems.add(
            table.path,
            "kopregel",
            f"onbekende kolom '{column}'",
            suggestion=did_you_mean(column, COLUMNS) or "gebruik de kolommen van criteria ruleset exporteer",
        )
    out = []
    for row in table.rows:
        parsed: dict = {}
        for column, text in row.cells.items():
            if column in NUMERIC:
                number = table.number(row, column)
                if not isinstance(number, float):
                    line, place = table.locate(row, column)
                    problems.add(
                        table.path,
                        place,
                        number.message if isinstance(number, Refused) else f"'{text}' is geen getal",
                        line=line,
                        suggestion="schrijf een getal, bijvoorbeeld 4,8",
                    )
                    continue
                parsed[column] = int(number) if column in INTEGER and number.is_integer() else number
            else:
                parsed[column] = from_csv_text(text) if csv else text
        kind, node = parsed.get("soort"), parsed.get("id", "")
        line, place = table.locate(row, "id")
        if kind not in KINDS:
            problems.add(
                table.path,
                table.locate(row, "soort")[1],
                f"onbekende soort '{kind}'",
                line=line,
                suggestion="kies uit: " + ", ".join(KINDS),
            )
            continue
        section = "criteria" if kind == "criterium" else "indicators"
        if kind != "kader" and node not in data.get(section, {}):
            problems.add(
                table.path,
                place,
                f"'{node}' is geen {'criterium' if kind == 'criterium' else 'indicator'} van dit kader",
                line=line,
                suggestion=did_you_mean(node, list(data.get(section, {})))
                or "de tabel wijzigt instellingen; nieuwe onderdelen horen in het TOML-bestand",
            )
            continue
        out.append((parsed, (line, place)))
    return out


def import_table(ruleset_path: Path, table_path: Path) -> str:
    loaded = load_ruleset(ruleset_path, str(ruleset_path))
    problems = ProblemList()
    # criteria writes the CSV form with a decimal comma and no thousands separators (sheets/export.py)
    writer = None if table_path.suffix.lower() == ".xlsx" else DUTCH
    table = read_table(table_path, str(table_path), problems, TableSettings(number_format=writer))
    problems.raise_if_errors()
    assert table is not None
    data = copy_data(loaded.source.data)
    rows = _rows(
        table, data, problems, csv=writer is not None
    )  # bad rows are reported and left out; the rest is still checked
    places = apply_rows(data, rows)

    def locate(key_path: tuple) -> tuple[int | None, str]:
        return longest_prefix(places, key_path, (None, ""))

    found: list[Problem] = []
    try:
        compile_ruleset(Ruleset.model_validate(data))
    except ValidationError as err:
        for error in err.errors():
            line, place = locate(tuple(error["loc"]))
            found.append(
                Problem(table.path, place, f"{key_path_text(tuple(error['loc']))}: {dutch_message(error)}", line=line)
            )
    except RulesetInvalid as err:
        for f in err.findings:
            line, place = locate(f.key_path)
            found.append(
                Problem(table.path, place, f"{key_path_text(f.key_path)}: {f.message}", f.severity, f.suggestion, line)
            )
    if found or problems.has_errors:
        raise InputError(problems.problems + found)
    from criteria.files.marker import GENERATOR

    header = (
        f"gemaakt door {GENERATOR}\nToetsingskader {data.get('id')}, met instellingen uit de normtabel {table_path.name}\n"
        f"(gemaakt met criteria ruleset importeer uit {ruleset_path})."
    )
    return dumps(data, header)

"""Load ruleset self-tests: `<ruleset>.tests.toml`, and/or `<ruleset>.tests.csv` / `.tests.xlsx` beside it.

The spreadsheet form is a long table, one row per fact, so that the bureau can edit tests in Excel:

    test;soort;sleutel;partner;waarde;tolerantie
    verzuim op de norm;waarde;ziekteverzuim;;4,8;
    verzuim op de norm;score;verzuim;;5,5;0,05
    verzuim op de norm;oordeel;verzuim;;voldoet;

soort: waarde (testjaar), nullijn (nullijnjaar), tag, jaar, omschrijving, score, oordeel, tolerantie.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from criteria.errors import InputError, Problem, ProblemList
from criteria.files.reading import MISSING, check_regular
from criteria.load.messages import dutch_message, fix_for, problems_from_validation
from criteria.load.numbers import Refused
from criteria.load.table import Table, TableRow, read_table
from criteria.load.toml_source import key_path_text, longest_prefix, read_toml
from criteria.model.selftest import Expectation, SelfTest, SelfTestFile

SUFFIXES = (".tests.toml", ".tests.csv", ".tests.xlsx")
COLUMNS = ("test", "soort", "sleutel", "partner", "waarde", "tolerantie")
KINDS = ("waarde", "nullijn", "tag", "jaar", "omschrijving", "score", "oordeel", "tolerantie")
Place = tuple[int | None, str]


@dataclass(frozen=True)
class LoadedTest:
    test: SelfTest
    file: str
    place: Place  # where the test starts
    places: dict[tuple, Place] = field(default_factory=dict)  # ("values", "x"), ("expect", "node"), ...

    def where(self, key: tuple) -> Place:
        return longest_prefix(self.places, key, self.place)


def test_files(ruleset_path: Path) -> list[Path]:
    stem = ruleset_path.name.removesuffix(".toml")
    # a FIFO or a folder with such a name is listed too, so that reading it refuses it with the reason
    return [p for p in (ruleset_path.with_name(stem + s) for s in SUFFIXES) if check_regular(p) != MISSING]


def _allowed(parent: tuple) -> list[str]:
    if not parent:
        return list(SelfTestFile.model_fields)
    if len(parent) >= 4 and parent[2] == "expect":
        return list(Expectation.model_fields)
    return list(SelfTest.model_fields) if parent[0] == "test" and len(parent) == 2 else []


def load_tests(path: Path, display: str) -> tuple[SelfTestFile, list[LoadedTest]]:
    problems = ProblemList()
    if path.name.endswith(".toml"):
        source = read_toml(path, display, problems)
        problems.raise_if_errors()
        assert source is not None
        try:
            spec = SelfTestFile.model_validate(source.data)
        except ValidationError as err:
            raise InputError(problems_from_validation(err, source, _allowed)) from None
        loaded = []
        for i, test in enumerate(spec.test):
            if test.tolerance is None:  # the file's tolerance is the default of each test
                test = test.model_copy(update={"tolerance": spec.tolerance})
            if not test.reference and spec.reference:  # so is the file's reference table
                test = test.model_copy(update={"reference": spec.reference})
            places: dict[tuple, Place] = {}
            for section in ("values", "nullijn", "expect", "tags", "year", "partners", "nullijn_partners"):
                value = getattr(test, section)
                keys = list(value) if isinstance(value, dict) else []
                places[(section,)] = (source.line_of(("test", i, section)), f"test[{i}].{section}")
                for key in keys:
                    places[(section, key)] = (
                        source.line_of(("test", i, section, key)),
                        f"test[{i}].{section}.{key_path_text((key,))}",
                    )
            loaded.append(LoadedTest(test, display, (source.line_of(("test", i)), f"test[{i}]"), places))
        return spec, loaded
    table = read_table(path, display, problems)
    problems.raise_if_errors()
    assert table is not None
    return _from_table(table)


def _from_table(table: Table) -> tuple[SelfTestFile, list[LoadedTest]]:
    problems = ProblemList()
    for column in ("test", "soort"):
        if column not in table.header:
            problems.add(
                table.path,
                "kopregel",
                f"kolom '{column}' ontbreekt",
                suggestion="verwachte kolommen: " + ";".join(COLUMNS),
            )
    problems.raise_if_errors()
    order: list[str] = []
    raw: dict[str, dict] = {}
    places: dict[str, dict[tuple, Place]] = {}
    for row in table.rows:
        name = row.cells.get("test", "")
        if name not in raw:
            order.append(name)
            raw[name] = {"name": name}
            places[name] = {(): table.locate(row)}
        _add_row(table, row, raw[name], places[name], problems)
    loaded = []
    for name in order:
        try:
            test = SelfTest.model_validate(raw[name])
        except ValidationError as err:
            for error in err.errors():
                loc = tuple(error["loc"])
                line, place = longest_prefix(places[name], loc, places[name][()])
                problems.add(
                    table.path,
                    place,
                    f"test '{name}', {key_path_text(loc)}: {dutch_message(error)}",
                    line=line,
                    suggestion=fix_for(error, loc),
                )
            continue
        loaded.append(LoadedTest(test, table.path, places[name][()], places[name]))
    problems.raise_if_errors()
    if not loaded:
        raise InputError(
            [
                Problem(
                    table.path,
                    "",
                    "het bestand bevat geen tests",
                    suggestion="één regel per gegeven: " + ";".join(COLUMNS),
                )
            ]
        )
    return SelfTestFile(test=[t.test for t in loaded]), loaded


def _add_row(table: Table, row: TableRow, test: dict, places: dict[tuple, Place], problems: ProblemList) -> None:
    cells = row.cells
    kind = cells.get("soort", "").lower()
    key = cells.get("sleutel", "")
    partner = cells.get("partner")
    text = cells.get("waarde", "")
    where = table.locate(row, "waarde")
    if kind not in KINDS:
        line, place = table.locate(row, "soort")
        problems.add(
            table.path, place, f"onbekende soort '{kind}'", line=line, suggestion="kies uit: " + ", ".join(KINDS)
        )
        return
    number = _number(table, row, "waarde", problems) if kind not in ("tag", "omschrijving", "oordeel") else None
    if isinstance(number, Refused):
        return
    value: float | str = number if number is not None else text.lower()
    if kind in ("waarde", "nullijn"):
        if partner:
            section = "partners" if kind == "waarde" else "nullijn_partners"
            test.setdefault(section, {}).setdefault(partner, {})[key] = value
            places[(section, partner, key)] = where
        else:
            section = "values" if kind == "waarde" else "nullijn"
            test.setdefault(section, {})[key] = value
            places[(section, key)] = where
    elif kind == "tag":
        test.setdefault("tags", []).append(text)
        places[("tags",)] = where
    elif kind in ("jaar", "omschrijving", "tolerantie"):
        target = {"jaar": "year", "omschrijving": "description", "tolerantie": "tolerance"}[kind]
        if kind == "jaar" and isinstance(value, float) and value.is_integer():
            value = int(value)  # a year is a whole number; "2019" in the table is read as 2019.0
        test[target] = value if kind != "omschrijving" else text
        places[(target,)] = where
    else:
        expect = test.setdefault("expect", {}).setdefault(key, {})
        expect["score" if kind == "score" else "verdict"] = value if kind == "score" else text.lower()
        if cells.get("tolerantie"):
            tolerance = _number(table, row, "tolerantie", problems)
            if not isinstance(tolerance, Refused):
                expect["tolerance"] = cells["tolerantie"] if tolerance is None else tolerance
        places[("expect", key)] = where


def _number(table: Table, row: TableRow, column: str, problems: ProblemList) -> float | Refused | None:
    """The number in a cell (None for text without digits); a refused number is reported at its cell."""
    found = table.number(row, column)
    if isinstance(found, Refused):
        line, place = table.locate(row, column)
        problems.add(table.path, place, found.message, line=line, suggestion=table.number_advice(found))
    return found

"""Authoring tools: JSON Schemas for editors, `criteria init`, norm tables in spreadsheets, XLSX case data."""

from __future__ import annotations

import json
import re
import shutil
import tomllib
from pathlib import Path

import openpyxl
import pytest
from conftest import CASE, REPO, run_cli

from criteria.authoring.schemas import ruleset_schema, schema_text
from criteria.authoring.sheets.export import csv_number
from criteria.load.numbers import DUTCH, parse_number
from criteria.load.ruleset import load_ruleset
from criteria.pipeline.run import run
from criteria.result.format1 import full_result

RULESETS = REPO / "rulesets"


# --- schemas -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["ruleset", "case", "test"])
def test_shipped_editor_schemas_match_the_models(kind: str) -> None:
    assert (REPO / "docs" / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8") == schema_text(kind)


def test_result_schema_in_docs_matches_the_model() -> None:
    assert (REPO / "docs" / "resultaat.schema.json").read_text(encoding="utf-8") == schema_text("resultaat")


def test_ruleset_schema_makes_everything_optional_in_an_extension() -> None:
    schema = ruleset_schema()
    full, partial = schema["$defs"]["RulesetVolledig"], schema["$defs"]["RulesetDeel"]
    assert {"id", "criteria", "indicators"} <= set(full["required"]) and "required" not in partial
    assert {"extends", "remove"} <= set(full["properties"]) and full["additionalProperties"] is False
    assert "required" not in schema["$defs"]["IndicatorDeel"] and "required" in schema["$defs"]["Indicator"]
    assert schema["if"] == {"required": ["extends"]}


def test_schema_test_command() -> None:
    proc = run_cli("schema", "test")
    assert proc.returncode == 0 and "expect" in json.loads(proc.stdout)["$defs"]["SelfTest"]["properties"]


def test_taplo_config_points_at_the_shipped_schemas() -> None:
    config = tomllib.loads((REPO / ".taplo.toml").read_text(encoding="utf-8"))
    for rule in config["rule"]:
        assert (REPO / rule["schema"]["path"]).is_file()


# --- init --------------------------------------------------------------------------------------------------


def test_init_ruleset_and_case_validate_and_the_tests_pass(tmp_path: Path) -> None:
    shutil.copytree(REPO / "docs" / "schemas", tmp_path / "docs" / "schemas")
    assert run_cli("init", "ruleset", "proef-2022", cwd=tmp_path).returncode == 0
    ruleset = tmp_path / "rulesets" / "proef-2022.toml"
    assert ruleset.read_text(encoding="utf-8").startswith("#:schema ../docs/schemas/ruleset.schema.json\n")
    proc = run_cli("validate", str(ruleset))
    assert proc.returncode == 0 and "0 waarschuwing(en)" in proc.stdout, proc.stdout
    proc = run_cli("test", str(ruleset), "--min-dekking", "100")
    assert proc.returncode == 0, proc.stdout
    proc = run_cli("init", "case", "proefcasus", "--ruleset", "rulesets/proef-2022.toml", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    proc = run_cli("validate", str(tmp_path / "cases" / "proefcasus"))
    assert proc.returncode == 0 and "0 waarschuwing(en)" in proc.stdout, proc.stdout
    assert run_cli("evaluate", str(tmp_path / "cases" / "proefcasus")).returncode == 0
    again = run_cli("init", "ruleset", "proef-2022", cwd=tmp_path)
    assert again.returncode == 2 and "bestaat al" in again.stderr


def test_init_case_for_the_bundled_ruleset_validates(tmp_path: Path) -> None:
    proc = run_cli("init", "case", "nieuw", "--map", str(tmp_path), "--ruleset", "rulesets/bureau-2021.toml")
    assert proc.returncode == 0, proc.stderr
    proc = run_cli("validate", str(tmp_path / "nieuw"))
    assert proc.returncode == 0 and "0 waarschuwing(en)" in proc.stdout, proc.stdout


# --- norm tables in spreadsheets ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["heemstede-2020.toml", "bureau-2021.toml"])
@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_norm_table_round_trip_keeps_the_ruleset_hash(tmp_path: Path, name: str, suffix: str) -> None:
    from criteria.authoring.sheets.export import table_content
    from criteria.authoring.sheets.importer import import_table
    from criteria.load.ruleset import ruleset_sha256
    from criteria.model.ruleset import Ruleset

    table = tmp_path / f"normen{suffix}"
    original = load_ruleset(RULESETS / name)
    content = table_content(original.source.data, suffix[1:])
    table.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    data = tomllib.loads(import_table(RULESETS / name, table))
    assert "extends" not in data
    assert ruleset_sha256(Ruleset.model_validate(data)) == original.sha256


def test_norm_table_round_trip_on_the_command_line(tmp_path: Path) -> None:
    table, new = tmp_path / "normen.xlsx", tmp_path / "nieuw.toml"
    assert run_cli("ruleset", "exporteer", "rulesets/bureau-2021.toml", "--output", str(table)).returncode == 0
    proc = run_cli("ruleset", "importeer", "rulesets/bureau-2021.toml", str(table), "--output", str(new))
    assert proc.returncode == 0, proc.stderr
    assert load_ruleset(new).sha256 == load_ruleset(RULESETS / "bureau-2021.toml").sha256


def test_an_edited_norm_table_changes_exactly_that_setting(tmp_path: Path) -> None:
    table = tmp_path / "normen.xlsx"
    run_cli("ruleset", "exporteer", "rulesets/heemstede-2020.toml", "--output", str(table))
    book = openpyxl.load_workbook(table)
    sheet = book["normen"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "indicator" and row[1].value == "verzuim":
            row[header.index("norm_hoogstens")].value = 4.5
        if row[0].value == "band" and row[1].value == "verloop" and row[header.index("band")].value == 3:
            row[header.index("max")].value = 12
    book.save(table)
    proc = run_cli("ruleset", "importeer", "rulesets/heemstede-2020.toml", str(table))
    text = " ".join(proc.stderr.split())
    assert proc.returncode == 2 and "blad 'normen', cel B" in text and "tussen 12 en 15 valt geen enkele band" in text
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "band" and row[1].value == "verloop" and row[header.index("band")].value == 4:
            row[header.index("min")].value = 12
    book.save(table)
    new = tmp_path / "nieuw.toml"
    assert run_cli("ruleset", "importeer", "rulesets/heemstede-2020.toml", str(table), "-o", str(new)).returncode == 0
    old_rs, new_rs = load_ruleset(RULESETS / "heemstede-2020.toml").ruleset, load_ruleset(new).ruleset
    assert new_rs.indicators["verzuim"].norm.at_most == 4.5
    assert [b.max for b in new_rs.indicators["verloop"].scoring.bands][2] == 12
    changed = new_rs.model_copy(update={"indicators": old_rs.indicators})
    assert changed == old_rs  # nothing else moved


@pytest.mark.parametrize("value", [0.1, 7.5, -2.5, 1e-07, 123456789.125, 5.0, 2017.0, 1.125, 4.375])
def test_csv_numbers_are_exact(value: float) -> None:
    """The norm table's CSV writes a decimal comma without thousands separators; importing reads it so."""
    assert parse_number(csv_number(value), DUTCH) == value


# --- XLSX case data ----------------------------------------------------------------------------------------


def csv_to_xlsx(source: Path, target: Path) -> None:
    """A spreadsheet as a municipality would make it: numbers as numbers, texts as texts, no comment lines."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "data"
    lines = [line for line in source.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    for line in lines:
        cells = line.split(";")
        sheet.append(
            [
                parse_number(c, DUTCH) if c and parse_number(c, DUTCH) is not None and i in (1, 4) else (c or None)
                for i, c in enumerate(cells)
            ]
        )
    book.save(target)


PLACE = re.compile(r"\S*data/[\w.-]+\.(?:csv|xlsx)(?:, (?:regel \d+|blad '[^']*', rij \d+))?")


def test_case_data_from_xlsx_gives_identical_results(tmp_path: Path) -> None:
    case = tmp_path / "case"
    shutil.copytree(CASE, case)
    manifest = (case / "case.toml").read_text(encoding="utf-8")
    for name in tomllib.loads(manifest)["data"]:
        csv_to_xlsx(case / name, case / name.replace(".csv", ".xlsx"))
        manifest = manifest.replace(f'"{name}"', f'"{name.replace(".csv", ".xlsx")}"')
    manifest = manifest.replace("../../rulesets/", str(RULESETS) + "/")
    (case / "case.toml").write_text(manifest, encoding="utf-8")

    def strip(data: object) -> object:
        """Everything but where a value was found (file and row, also where a text quotes them)."""
        if isinstance(data, dict):
            return {k: strip(v) for k, v in data.items() if k not in ("location", "case_sha256")}
        if isinstance(data, list):
            return [strip(v) for v in data]
        return PLACE.sub("<plaats>", data) if isinstance(data, str) else data

    for ruleset in (None, RULESETS / "bureau-2021.toml"):
        from_csv = full_result(run(CASE, ruleset).result).model_dump(mode="json")
        from_xlsx = full_result(run(case, ruleset).result).model_dump(mode="json")
        assert strip(from_xlsx) == strip(from_csv)
        text = json.dumps(from_xlsx, ensure_ascii=False)
        assert "blad 'data', rij" in text and "teams.csv" not in text

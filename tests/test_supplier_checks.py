"""Supplier checks (issue 14 part 5): one data file against a case, and no warnings on the bundled cases."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from conftest import REPO, run_cli

from criteria.pipeline.run import load_inputs
from criteria.pipeline.validation import validate_paths

CASE = REPO / "cases" / "heemstede-bloemendaal"
HEADER = "onderwerp;jaar;veld;partner;waarde;eenheid;bron;kwaliteit"


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("case", ["heemstede-bloemendaal", "aalsmeer-amstelveen", "heemskerk-2023"])
def test_bundled_cases_give_no_warnings(case: str) -> None:
    """Warnings on every run teach people to ignore them: the bundled cases have none."""
    _, _, warnings = load_inputs(REPO / "cases" / case)
    assert warnings == []
    assert validate_paths([REPO / "cases" / case]) == []


def test_a_field_for_another_ruleset_of_the_case_is_not_unused_but_a_typo_still_is(tmp_path: Path) -> None:
    sheet = tmp_path / "kwaliteit.csv"
    sheet.write_text(
        f"{HEADER}\nPO;2019;klanttevredenheid;;7;rapportcijfer;eigen peiling;B\n"
        "PO;2019;klanttevredenheidd;;7;rapportcijfer;eigen peiling;B\n",
        encoding="utf-8",
    )
    found = [p.render() for p in validate_paths([sheet], CASE)]
    assert len(found) == 1 and "veld 'klanttevredenheidd' komt niet voor" in found[0]
    assert "bedoelde u 'klanttevredenheid'?" in found[0]


def test_one_sheet_every_problem_with_its_place(tmp_path: Path) -> None:
    sheet = tmp_path / "eigen.csv"
    sheet.write_text(
        f"{HEADER}\nHX;2019;formatie_fte;;12;fte;begroting 2019;A\nHH;2015;formatie_fte;;12;fte;begroting 2015;A\nHH;2019;uitstroom_fte;;1;uren;HRM-rapportage;B\nHH;2019;ziekteverzium;;4,1;%;HRM-rapportage;B\nHH;2019;bezetting_fte;;12,5x;fte;HRM-rapportage;B\nHH;2019;loonsom;heemstede;1000;€;jaarrekening;A"
        + "\n",
        encoding="utf-8",
    )
    proc = run_cli("validate", str(sheet), "--casus", "cases/heemstede-bloemendaal")
    assert proc.returncode == 2, proc.stderr
    out = flat(proc.stdout)
    for fragment in (
        "regel 2, kolom 'onderwerp': onbekend onderwerp 'HX'",
        "regel 3: jaar 2015 wordt door toetsingskader 'heemstede_2020' niet gebruikt",
        "regel 4: eenheid 'uren' past niet bij veld 'uitstroom_fte'",
        "regel 5: veld 'ziekteverzium' komt niet voor",
        "bedoelde u 'ziekteverzuim'",
        "regel 6, kolom 'waarde': '12,5x' is geen geldig getal",
        "regel 7: veld 'loonsom' wordt niet per partnergemeente opgegeven",
        "4 fout(en), 2 waarschuwing(en)",
    ):
        assert fragment in out, (fragment, out)
    assert "Traceback" not in proc.stdout + proc.stderr


def test_a_listed_file_is_read_with_its_settings_and_an_own_sheet_anywhere() -> None:
    proc = run_cli("validate", "cases/heemstede-bloemendaal/data/teams.csv", "--casus", "cases/heemstede-bloemendaal")
    assert proc.returncode == 0 and "0 waarschuwing(en)" in proc.stdout, proc.stdout + proc.stderr


def test_an_excel_sheet_of_a_supplier(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "data"
    sheet.append(HEADER.split(";"))
    sheet.append(["HH", 2019, "formatie_fte", None, 12.5, "fte", "begroting 2019", "A"])
    sheet.append(["Handhaving", 2019, "bezetting_fte", None, 12, "fte", "HRM 2019", "B"])
    book.save(tmp_path / "teams-2019.xlsx")
    proc = run_cli("validate", str(tmp_path / "teams-2019.xlsx"), "--casus", "cases/heemstede-bloemendaal")
    out = flat(proc.stdout)
    assert proc.returncode == 2 and "cel A3" in out and "onbekend onderwerp 'Handhaving'" in out, out


def test_a_data_file_without_a_case_says_how(tmp_path: Path) -> None:
    sheet = tmp_path / "eigen.csv"
    sheet.write_text(f"{HEADER}\n", encoding="utf-8")
    proc = run_cli("validate", str(sheet))
    assert proc.returncode == 2 and "--casus MAP" in flat(proc.stdout)
    proc = run_cli("validate", str(sheet), "--casus", str(tmp_path / "geen"))
    assert proc.returncode == 2 and "casusmap bestaat niet" in flat(proc.stdout)

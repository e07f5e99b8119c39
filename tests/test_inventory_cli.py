"""The real commands on task inventories and voorstellen: the bundled voorstel explained, the Aalsmeer–Amstelveen
case, and an inventory with personal data refused (exit 2, the row named, no traceback, the data not echoed)."""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import CASE, RULESET, run_cli
from test_cli import assert_user_error, contains, flat

EMAIL = "p.devries@heemstede.example"
NAME = "Pieter de Vries"


def _personal_data_case(root: Path) -> tuple[Path, int, int]:
    """A copy of the bundled case whose inventory has an e-mail address and a full name as medewerker."""
    shutil.copytree(CASE, root / "cases" / CASE.name)
    shutil.copytree(RULESET.parent, root / "rulesets")
    inventory = root / "cases" / CASE.name / "data" / "taken.csv"
    lines = inventory.read_text(encoding="utf-8").splitlines()
    mail_line = next(i for i, line in enumerate(lines, 1) if line.startswith("HH;2019;Lastgevingen"))
    name_line = mail_line + 2
    for number, who in ((mail_line, EMAIL), (name_line, NAME)):
        cells = lines[number - 1].split(";")
        cells[4] = who
        lines[number - 1] = ";".join(cells)
    inventory.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root / "cases" / CASE.name, mail_line, name_line


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict:
    bad, mail_line, name_line = _personal_data_case(tmp_path_factory.mktemp("privacy"))
    commands = {
        "explain": (
            "explain",
            "cases/heemstede-bloemendaal",
            "--onderwerp",
            "INF_SAMEN",
            "--jaar",
            "2020",
            "--volledig",
        ),
        "explain_2019": ("explain", "cases/heemstede-bloemendaal", "--onderwerp", "INF_SAMEN", "--jaar", "2019"),
        "evaluate": ("evaluate", "cases/heemstede-bloemendaal"),
        "aalsmeer": ("evaluate", "cases/aalsmeer-amstelveen"),
        "aalsmeer_validate": ("validate", "cases/aalsmeer-amstelveen", "rulesets/aalsmeer-2026.toml"),
        "personal": ("evaluate", str(bad)),
    }
    with ThreadPoolExecutor(max_workers=len(commands)) as pool:
        futures = {key: pool.submit(run_cli, *args) for key, args in commands.items()}
        done = {key: f.result() for key, f in futures.items()}
    return {**done, "lines": (mail_line, name_line)}


def test_explain_on_the_voorstel_names_the_tasks_that_stop_being_eenmansfuncties(runs) -> None:
    proc = runs["explain"]
    assert proc.returncode == 0, proc.stderr
    for task in ("Netwerk- en serverbeheer", "Leveranciersmanagement ICT", "Back-up en herstel"):
        assert contains(proc.stdout, f"na samenvoegen geen eenmansfunctie meer: {task}"), task
    assert contains(proc.stdout, "Informatiebeveiliging: alleen M63 (deels: M75)")  # still one
    assert contains(proc.stdout, "tegenover de huidige situatie (INF_HS + INF_BD), 2020")


def test_a_voorstel_is_only_explained_in_the_years_of_its_raming(runs) -> None:
    assert_user_error(runs["explain_2019"], "wordt alleen getoetst in: 2020")


def test_evaluate_shows_the_voorstel_beside_the_teams_and_today(runs) -> None:
    proc = runs["evaluate"]
    assert proc.returncode == 0, proc.stderr
    text = flat(proc.stdout)  # the table names subjects by title, or by id when the terminal is narrow
    assert ("Huidige situatie" in text and "Voorstel:" in text) or ("INF_SAMEN_huidig" in text)
    assert contains(
        proc.stdout, "Voorstel: Informatisering samenvoegen tegenover de huidige situatie (INF_HS + INF_BD), 2020"
    )
    assert "Kwetsbaarheid" in text and "beter" in text


def test_the_aalsmeer_amstelveen_case_evaluates_and_validates(runs) -> None:
    proc = runs["aalsmeer"]
    assert proc.returncode == 0, proc.stderr
    text = flat(proc.stdout)
    assert "AA-organisatie" in text and "Voorstel: doorontwikkeling kernorganisatie Aalsmeer" in text
    for year in (2026, 2027, 2028):
        assert f"tegenover de huidige situatie (KOA), {year}" in text
    validated = runs["aalsmeer_validate"]
    assert validated.returncode == 0 and "In orde: 2 bestand(en) gecontroleerd, 0 waarschuwing(en)" in flat(
        validated.stdout
    ), validated.stdout + validated.stderr


def test_an_inventory_with_an_email_address_or_a_name_is_refused_with_the_rows(runs) -> None:
    proc = runs["personal"]
    mail_line, name_line = runs["lines"]
    assert_user_error(proc, "persoonsgegevens horen niet in de casus; gebruik een pseudoniem zoals M07")
    text = flat(proc.stderr + proc.stdout)
    assert f"taken.csv, regel {mail_line}, kolom 'medewerker': de cel lijkt een e-mailadres te bevatten" in text
    assert f"taken.csv, regel {name_line}, kolom 'medewerker': de cel lijkt een naam te bevatten" in text
    assert EMAIL not in text and NAME not in text  # the personal data is not repeated in the message

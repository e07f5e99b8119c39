"""One clear message per cause (issue 11): the same problem on many rows once, rows in numeric order, a totals
row or an incomplete row as one message, and no cell text echoed that looks like a person's name."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from criteria.errors import Problem, ordered, rows_text
from criteria.inventory.privacy import NOT_ECHOED, echo
from criteria.load.case import read_case

MANIFEST = (
    'id = "c"\ntitle = "C"\nform = "f"\nruleset = "r.toml"\ndata = ["teams.csv"]\n[partners.noord]\n'
    'name = "Gemeente Noord"\n[subjects.PO]\ntitle = "P&O"\n'
)
HEADER = "onderwerp;jaar;veld;waarde;eenheid;bron;kwaliteit\n"
ROW = "PO;{year};kosten;{value};euro;jaarrekening;A\n"


def case_problems(tmp_path: Path, rows: str, manifest: str = MANIFEST) -> list[str]:
    (tmp_path / "case.toml").write_text(manifest, encoding="utf-8")
    (tmp_path / "teams.csv").write_text(HEADER + rows, encoding="utf-8")
    _, problems = read_case(tmp_path, "c")
    return [p.render() for p in ordered(problems)]


def test_rows_text_is_compact() -> None:
    assert rows_text([5], "regel", "regels") == "regel 5"
    assert rows_text([2, 3, 4, 9, 11, 12], "regel", "regels") == "regels 2–4, 9, 11–12"
    assert rows_text(list(range(2, 60, 2)), "rij", "rijen").endswith(", … (29 in totaal)")


def test_the_same_problem_on_many_rows_is_told_once() -> None:
    problems = [
        Problem("t.xlsx", f"blad 'data', rij {n}", "waarde in kolom E, maar die kolom heeft geen naam")
        for n in range(2, 321)
    ]
    problems += [Problem("t.csv", "kolom 'waarde'", "lege waarde", line=n) for n in (4, 5, 6, 9)]
    assert [p.render() for p in ordered(problems)] == [
        "t.csv, regels 4–6, 9, kolom 'waarde': lege waarde",
        "t.xlsx, blad 'data', rijen 2–320: waarde in kolom E, maar die kolom heeft geen naam",
    ]


@given(st.permutations(list(range(1, 130))))
def test_rows_are_in_numeric_order(rows: list[int]) -> None:
    problems = [Problem("t.xlsx", f"blad 'data', cel A{n}", f"onbekend onderwerp 'X{n}'") for n in rows]
    problems += [Problem("t.csv", "", f"fout {n}", line=n) for n in rows]
    out = ordered(problems)
    assert [p.place for p in out if p.file == "t.xlsx"] == [f"blad 'data', cel A{n}" for n in range(1, 130)]
    assert [p.line for p in out if p.file == "t.csv"] == list(range(1, 130))


def test_a_totals_row_is_one_message(tmp_path: Path) -> None:
    rows = ROW.format(year=2019, value=100) + ROW.format(year=2020, value=200) + "Totaal;;;300;;;\n"
    assert case_problems(tmp_path, rows) == [
        (
            "c/teams.csv, regel 4: deze regel lijkt een totaalregel ('Totaal'); een totaal hoort niet in de gegevens "
            "(laat totalen en subtotalen weg: criteria telt zelf op waar dat nodig is)"
        )
    ]
    assert (
        "totaalregel ('Eindtotaal')"
        in case_problems(tmp_path, ROW.format(year=2019, value=1) + ";;Eindtotaal;1;;;\n")[0]
    )


def test_a_row_with_a_word_like_total_in_a_later_cell_is_not_a_totals_row(tmp_path: Path) -> None:
    found = case_problems(tmp_path, "XX;2019;kosten;1;euro;Totaal volgens jaarrekening;A\n")
    assert found == [
        (
            "c/teams.csv, regel 2, kolom 'onderwerp': onbekend onderwerp 'XX' (bekende onderwerpen: PO "
            "(leeg = de hele samenwerking))"
        )
    ]


def test_an_incomplete_row_is_one_message_for_its_empty_cells(tmp_path: Path) -> None:
    found = case_problems(tmp_path, "PO;2019\n")
    assert found == [
        (
            "c/teams.csv, regel 2: de regel is onvolledig: 'veld', 'waarde', 'bron' en 'kwaliteit' zijn "
            "leeg (vul de regel aan of laat hem weg)"
        )
    ]


def test_many_ambiguous_numbers_are_one_message_with_an_example(tmp_path: Path) -> None:
    rows = "".join(ROW.format(year=y, value=v) for y, v in ((2017, "1.500"), (2018, "2.750"), (2019, "12,5")))
    assert case_problems(tmp_path, rows) == [
        (
            "c/teams.csv, regels 2–3, kolom 'waarde': 2 getallen zijn dubbelzinnig, bijvoorbeeld '1.500': dat kan "
            "1,500 of 1500 zijn (zet bij dit bestand in case.toml hoe het getallen schrijft: number_format = "
            '"1.234,5" (komma als decimaalteken) of "1,234.5" (punt als decimaalteken); of schrijf duizendtallen '
            "zonder scheidingsteken (4732) en drie decimalen met een 0 erachter (4,7320))"
        )
    ]
    declared = MANIFEST.replace('data = ["teams.csv"]', 'data = [{ file = "teams.csv", number_format = "1.234,5" }]')
    assert case_problems(tmp_path, rows, declared) == []


def test_a_name_is_not_echoed_in_a_code_column(tmp_path: Path) -> None:
    assert echo("XX") == "'XX'" and echo("Jan de Vries") == NOT_ECHOED and echo("j.devries@example.org") == NOT_ECHOED
    assert echo("Inkoop Facilitair", code=False) == "'Inkoop Facilitair'"
    found = case_problems(tmp_path, ROW.format(year=2019, value=1).replace("PO", "Voornaam Achternaam"))
    assert found == [
        (
            "c/teams.csv, regel 2, kolom 'onderwerp': onbekend onderwerp (waarde niet herhaald: die lijkt "
            "op een persoonsgegeven) (bekende onderwerpen: PO (leeg = de hele samenwerking))"
        )
    ]

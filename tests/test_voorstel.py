"""A voorstel scored against today, on the bundled case (Informatisering samenvoegen, 2020): the computed huidige
situatie, the merged inventory, the nullijn, the side-by-side comparison; and the rules for typed counts,
task mappings and `combine`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from builders import node
from conftest import CASE, RULESET

from criteria.errors import InputError
from criteria.model.case import DataValue
from criteria.model.ruleset import FieldDef, Ruleset
from criteria.pipeline.run import load_inputs, run
from criteria.rules.compile import RulesetInvalid, compile_ruleset
from criteria.voorstel.combine import Combined, combine


@pytest.fixture(scope="module")
def bundled():
    return run(CASE)


def values(case, subject: str, year: int = 2020) -> dict[tuple[str, str | None], DataValue]:
    return {(v.field, v.partner): v for v in case.values if v.subject == subject and v.year == year}


def copy_case(tmp_path: Path) -> Path:
    shutil.copytree(CASE, tmp_path / "cases" / CASE.name)
    shutil.copytree(RULESET.parent, tmp_path / "rulesets")
    return tmp_path / "cases" / CASE.name


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(InputError) as err:
        load_inputs(folder)
    return [p.render() for p in err.value.problems if p.severity == "fout"]


# --- the huidige situatie ------------------------------------------------------------------------------------


def test_the_huidige_situatie_combines_the_current_subjects_by_each_fields_rule(bundled) -> None:
    today = values(bundled.case, "INF_SAMEN_huidig")
    assert today["formatie_fte", None].value == 22  # sum: 12.5 + 9.5, the vervlochten team INF in 2020
    assert today["ziekteverzuim", None].value == pytest.approx((5.2 * 11.7 + 4.3 * 8.8) / 20.5)  # weighted
    assert today["vacaturevervultijd", None].value == 190  # mean of 180 and 200
    assert today["rapportage_teamniveau", None].value == "nee"  # lowest of deels and nee
    assert today["bijdrage", "heemstede"].value == 1478800 and today["bijdrage", "bloemendaal"].value == 1138200
    assert ("verdeelsleutel_pct", "heemstede") not in today  # combine = "none"
    assert today["frictiekosten", None].value == 0  # combine = "zero": no change, no one-off costs
    assert "INF_HS" in today["formatie_fte", None].bron and today["formatie_fte", None].illustrative


def test_the_huidige_situatie_takes_the_inventories_side_by_side_and_the_voorstel_merges_them(bundled) -> None:
    today, proposed = values(bundled.case, "INF_SAMEN_huidig"), values(bundled.case, "INF_SAMEN")
    count = {
        f: (today[f, None].value, proposed[f, None].value)
        for f in ("kritieke_taken", "eenmansfuncties", "onbezette_kritieke_taken", "grootste_uitval")
    }
    assert count == {
        "kritieke_taken": (16, 8),
        "eenmansfuncties": (5, 1),
        "onbezette_kritieke_taken": (1, 0),
        "grootste_uitval": (2, 1),
    }
    gone = [d for d in proposed["eenmansfuncties", None].details if d.startswith("na samenvoegen")]
    assert [d.split(": ")[1].split(" — ")[0] for d in gone] == [
        "Back-up en herstel",
        "Leveranciersmanagement ICT",
        "Netwerk- en serverbeheer",
    ]
    assert proposed["eenmansfuncties", None].quality == "C"  # a projection


def test_what_the_voorstel_does_not_project_it_takes_from_today_and_says_so(bundled) -> None:
    today, proposed = values(bundled.case, "INF_SAMEN_huidig"), values(bundled.case, "INF_SAMEN")
    assert proposed["ziekteverzuim", None].value == today["ziekteverzuim", None].value
    assert proposed["ziekteverzuim", None].bron.startswith("niet geraamd")
    assert proposed["loonsom", None].value == 1712000 and proposed["loonsom", None].bron.startswith(
        "illustratief: raming"
    )


def test_the_nullijn_of_a_voorstel_is_today_in_the_same_year(bundled) -> None:
    ind = node(bundled.result, "INF_SAMEN", 2020, "lasten_per_inwoner").indicator
    base = node(bundled.result, "INF_SAMEN_huidig", 2020, "lasten_per_inwoner").indicator
    assert (
        ind.nullijn.value == pytest.approx(base.value)
        and "huidige situatie (INF_SAMEN_huidig) in 2020" in ind.nullijn.description
    )
    assert ind.measure == pytest.approx((ind.value - base.value) / base.value * 100)
    assert base.measure == 0  # today against itself
    assert any(i.subject == "INF_SAMEN_huidig" for i in ind.inputs)  # today's inputs are shown with the voorstel


def test_the_result_puts_the_voorstel_beside_today_per_criterion(bundled) -> None:
    [comp] = bundled.result.comparisons
    assert (comp.voorstel, comp.huidige_situatie, comp.current, comp.year) == (
        "INF_SAMEN",
        "INF_SAMEN_huidig",
        ["INF_HS", "INF_BD"],
        2020,
    )
    rows = {c.id: c for c in comp.criteria}
    assert list(rows) == [
        "totaal",
        "flexibiliteit",
        "kwetsbaarheid",
        "inzetbaarheid",
        "kosten",
        "kosten_gemeenten",
        "proces",
    ]
    k = rows["kwetsbaarheid"]
    assert k.voorstel > k.huidig and k.oordeel == "beter" and k.huidig_verdict == "voldoet niet"
    assert k.verschil == pytest.approx(k.voorstel - k.huidig, abs=1e-6)
    assert rows["inzetbaarheid"].oordeel == "gelijk"  # not projected: taken over from today
    subjects = {s.id: s for s in bundled.result.subjects}
    assert list(subjects["INF_SAMEN"].years) == [2020] == list(subjects["INF_SAMEN_huidig"].years)


def test_the_vervlochten_teams_take_kwetsbaarheid_from_their_inventory(bundled) -> None:
    hh = values(bundled.case, "HH", 2019)
    assert (hh["eenmansfuncties", None].value, hh["onbezette_kritieke_taken", None].value) == (1, 0)
    assert hh["eenmansfuncties", None].details == ("Lastgevingen en dwangsommen: alleen M47 (deels: M50)",)
    assert values(bundled.case, "FA", 2018)["onbezette_kritieke_taken", None].value == 1
    detail = node(bundled.result, "HH", 2019, "aantal_eenmansfuncties").indicator.inputs[0]
    assert detail.details == ["Lastgevingen en dwangsommen: alleen M47 (deels: M50)"]
    assert detail.location.endswith("taken.csv, regels 512–535")


# --- rules ---------------------------------------------------------------------------------------------------


def test_a_typed_count_beside_the_inventory_is_an_error_at_the_typed_row(tmp_path: Path) -> None:
    folder = copy_case(tmp_path)
    teams = folder / "data" / "teams.csv"
    text = teams.read_text(encoding="utf-8")
    teams.write_text(text + "HH;2019;eenmansfuncties;;1;aantal;typed;B\n", encoding="utf-8")
    line = len(text.splitlines()) + 1
    [message] = problems_of(folder)
    assert f"teams.csv, regel {line}" in message and "wordt berekend uit de taakinventarisatie" in message


def test_a_task_mapping_that_names_an_unknown_task_is_an_error_with_its_row(tmp_path: Path) -> None:
    folder = copy_case(tmp_path)
    mapping = folder / "data" / "takenkoppeling-informatisering.csv"
    mapping.write_text(
        mapping.read_text(encoding="utf-8").replace("Netwerkbeheer;", "Netwerkbeheeer;"), encoding="utf-8"
    )
    [message] = problems_of(folder)
    assert "takenkoppeling-informatisering.csv, regel 6" in message and "'Netwerkbeheeer' komt niet voor" in message


def test_a_voorstel_naming_an_unknown_current_subject_is_an_error_in_case_toml(tmp_path: Path) -> None:
    folder = copy_case(tmp_path)
    toml = folder / "case.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace('current = ["INF_HS", "INF_BD"]', 'current = ["INF_HS", "INF_XX"]'),
        encoding="utf-8",
    )
    messages = problems_of(folder)
    assert any("case.toml" in m and "onbekend onderwerp 'INF_XX' in 'current'" in m for m in messages), messages


def field(**kw) -> FieldDef:
    return FieldDef(title="veld", **kw)


def dv(subject: str, value: float | str, field_name: str = "x") -> DataValue:
    return DataValue(
        subject=subject,
        year=2020,
        field=field_name,
        partner=None,
        value=value,
        unit="",
        bron="b",
        quality="B",
        file="f.csv",
        line=3,
        place="regel 3",
    )


def test_combine_rules() -> None:
    a, b = dv("A", 4.0), dv("B", 6.0)
    assert combine(field(combine="sum"), {"A": a, "B": b}).value == 10
    assert combine(field(combine="mean"), {"A": a, "B": b}).value == 5
    weighted = combine(
        field(combine="weighted_mean", combine_weight="w"),
        {"A": a, "B": b},
        {"A": dv("A", 1.0, "w"), "B": dv("B", 3.0, "w")},
    )
    assert isinstance(weighted, Combined) and weighted.value == pytest.approx(5.5) and "gewogen" in weighted.text
    assert combine(field(combine="sum"), {"A": a, "B": None}) == "ontbreekt bij B"  # never a silent zero
    assert combine(field(combine="none"), {"A": a, "B": b}) is None and combine(field(), {"A": a}) is None
    assert combine(field(combine="zero"), {"A": None}).value == 0
    labels = field(type="label", labels=["nee", "deels", "ja"], combine="lowest")
    assert combine(labels, {"A": dv("A", "ja"), "B": dv("B", "deels")}).value == "deels"
    assert combine(field(combine="same"), {"A": a, "B": b}).startswith("verschilt")


def test_ruleset_declarations_are_checked() -> None:
    with pytest.raises(ValueError, match="inventory"):
        field(type="label", inventory="eenmansfuncties")
    with pytest.raises(ValueError, match="combine_weight"):
        field(combine="weighted_mean")
    with pytest.raises(ValueError, match="label-veld"):
        field(type="label", combine="sum")
    base = Ruleset.model_validate(
        {
            "id": "t",
            "version": "1",
            "title": "t",
            "authors": ["a"],
            "basis": "b",
            "years": [2020],
            "missing_data": "reweigh",
            "criteria": {"totaal": {"title": "T"}},
            "fields": {
                "a": {"title": "A", "inventory": "eenmansfuncties"},
                "b": {"title": "B", "inventory": "eenmansfuncties"},
                "c": {"title": "C", "combine": "weighted_mean", "combine_weight": "onbekend"},
            },
            "indicators": {
                "i": {
                    "title": "I",
                    "parent": "totaal",
                    "formula": "a + b + c",
                    "toelichting": "t",
                    "scoring": {"kind": "linear", "slecht": 0, "goed": 1},
                }
            },
        }
    )
    with pytest.raises(RulesetInvalid) as err:
        compile_ruleset(base)
    messages = [f.message for f in err.value.findings]
    assert any("wordt al berekend in veld 'a'" in m for m in messages)
    assert any("'onbekend' is geen getal-veld" in m for m in messages)

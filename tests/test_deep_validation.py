"""Deep validation: what validates as a type but would give wrong scores silently, found with file, line,
key path, severity and a suggested fix."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest
from builders import toml_head, toml_indicator
from conftest import CASE, REPO, cli_words, run_cli

from criteria.errors import InputError
from criteria.load.ruleset import load_ruleset
from criteria.model.ruleset import Ruleset
from criteria.rules.compile import RulesetInvalid, compile_ruleset
from criteria.rules.intervals import RangeFinder

HEAD = (
    toml_head("proef")
    + """
[fields.ziekteverzuim]
title = "Verzuim"
unit = "%"
min = 0
max = 100

[fields.status]
title = "Status"
type = "label"
labels = ["nee", "deels", "ja"]

[fields.kosten]
title = "Kosten"
unit = "€"
min = 0

[fields.fte]
title = "Formatie"
unit = "fte"
min = 0

[criteria.totaal]
title = "Totaal"
"""
)


def ruleset_file(tmp_path: Path, indicators: str, head: str = HEAD) -> Path:
    path = tmp_path / "proef.toml"
    path.write_text(head + textwrap.dedent(indicators), encoding="utf-8")
    return path


def line_of(path: Path, fragment: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if fragment in line)


def problems(path: Path) -> list:
    try:
        return load_ruleset(path, path.name).warnings
    except InputError as err:
        return err.problems


ALL_USED = (
    toml_indicator("v", "ziekteverzuim", '{ kind = "linear", slecht = 8, goed = 3 }')
    + toml_indicator("s", "status", '{ kind = "ordinal", scale = { nee = 0, deels = 5, ja = 10 } }')
    + toml_indicator("k", "kosten / fte", '{ kind = "linear", slecht = 100000, goed = 50000 }')
)


def test_the_clean_sample_has_no_findings(tmp_path: Path) -> None:
    assert problems(ruleset_file(tmp_path, ALL_USED)) == []


def test_broken_bands_and_a_misspelt_field_are_both_located_with_suggestions(tmp_path: Path) -> None:
    text = ALL_USED.replace('formula = "ziekteverzuim"', 'formula = "ziekteverzuimm"') + toml_indicator(
        "b",
        "ziekteverzuim",
        '{ kind = "bands", bands = [\n  { max = 4, score = 10 },\n  { min = 5, max = 8, score = 5 },'
        "\n  { min = 7, score = 0 },\n] }",
    )
    path = ruleset_file(tmp_path, text)
    found = {p.place: p for p in problems(path) if p.severity == "fout"}
    name = found["indicators.v.formula"]
    assert name.line == line_of(path, "ziekteverzuimm") and name.suggestion == "bedoelde u 'ziekteverzuim'?"
    gap, overlap = found["indicators.b.scoring.bands[1]"], found["indicators.b.scoring.bands[2]"]
    assert "tussen 4 en 5 valt geen enkele band" in gap.message and gap.line == line_of(path, "min = 5, max = 8")
    assert gap.suggestion == "laat band 2 beginnen bij 4"
    assert "overlapt" in overlap.message and overlap.line == line_of(path, "min = 7")
    assert overlap.suggestion == "laat band 3 beginnen bij 8"


def test_cli_rejects_the_broken_ruleset_listing_both_errors(tmp_path: Path) -> None:
    text = ALL_USED.replace('formula = "ziekteverzuim"', 'formula = "ziekteverzuimm"') + toml_indicator(
        "b", "ziekteverzuim", '{ kind = "bands", bands = [{ max = 4, score = 10 }, { min = 5, score = 0 }] }'
    )
    path = ruleset_file(tmp_path, text)
    out = cli_words("validate", str(path), code=2)
    assert f"regel {line_of(path, 'ziekteverzuimm')}, indicators.v.formula" in out
    assert "bedoelde u 'ziekteverzuim'?" in out
    assert "indicators.b.scoring.bands[1]: tussen 4 en 5 valt geen enkele band (laat band 2 beginnen bij 4)" in out
    proc = run_cli("validate", "--format", "json", str(path))
    data = json.loads(proc.stdout)
    assert proc.returncode == 2 and data["summary"]["errors"] == 2
    assert {p["key_path"] for p in data["problems"] if p["severity"] == "fout"} == {
        "indicators.v.formula",
        "indicators.b.scoring.bands[1]",
    }
    assert all(p["suggestion"] and p["line"] for p in data["problems"])


@pytest.mark.parametrize(
    "norm, severity, fragment",
    [
        ("{ at_most = -1 }", "fout", "geen enkele waarde kan aan deze norm voldoen: de meting is van 0 tot en met 100"),
        ("{ at_least = 101 }", "fout", "geen enkele waarde kan aan deze norm voldoen"),
        ("{ at_least = 6, at_most = 4 }", "fout", "at_least (6) ligt boven at_most (4)"),
        ("{ at_most = 100 }", "waarschuwing", "elke mogelijke waarde voldoet aan deze norm"),
        ("{ at_least = 0 }", "waarschuwing", "elke mogelijke waarde voldoet aan deze norm"),
    ],
)
def test_norms_no_value_or_every_value_meets(tmp_path: Path, norm: str, severity: str, fragment: str) -> None:
    text = ALL_USED.replace("slecht = 8, goed = 3 }", f"slecht = 8, goed = 3 }}\nnorm = {norm}")
    [p] = [p for p in problems(ruleset_file(tmp_path, text)) if p.place == "indicators.v.norm"]
    assert p.severity == severity and fragment in p.message and p.suggestion and p.line


def test_measure_range_is_derived_through_formulas_and_measures() -> None:
    rs = Ruleset.model_validate(
        {
            "id": "r",
            "version": "1",
            "title": "r",
            "authors": ["a"],
            "basis": "b",
            "years": [2019],
            "missing_data": "reweigh",
            "nullijn": {"kind": "base_year", "year": 2018},
            "fields": {"a": {"title": "a", "min": 0, "max": 100}, "b": {"title": "b", "min": 0}},
            "criteria": {"t": {"title": "t"}},
            "indicators": {
                n: {
                    "title": n,
                    "parent": "t",
                    "formula": f,
                    "measure": m,
                    "toelichting": "x",
                    "scoring": {"kind": "linear", "slecht": 0, "goed": 1},
                }
                for n, f, m in [
                    ("p", "a / b * 100", "value"),
                    ("d", "a", "difference"),
                    ("r", "b", "relative_difference"),
                    ("m", "min(a, 50) - 10", "value"),
                    ("x", "abs(a - 200)", "value"),
                ]
            },
        }
    )
    compiled = compile_ruleset(rs)
    ranges = RangeFinder(rs, compiled.formulas)
    assert ranges.measure("p") == (0.0, float("inf"))
    assert ranges.measure("d") == (-100.0, 100.0)
    assert ranges.measure("r") == (-100.0, float("inf"))
    assert ranges.measure("m") == (-10.0, 40.0)
    assert ranges.measure("x") == (100.0, 200.0)


def test_an_ordinal_scale_must_score_every_label_of_its_field(tmp_path: Path) -> None:
    text = ALL_USED.replace("scale = { nee = 0, deels = 5, ja = 10 }", "scale = { nee = 0, ja = 10, misschien = 3 }")
    found = {(p.place, p.severity): p for p in problems(ruleset_file(tmp_path, text))}
    missing = found[("indicators.s.scoring", "fout")]
    assert "label 'deels' van veld 'status' krijgt geen score" in missing.message
    assert missing.suggestion == "voeg deels = <score> toe aan de schaal"
    extra = found[("indicators.s.scoring.scale.misschien", "waarschuwing")]
    assert "kent dat label niet" in extra.message


def test_a_label_norm_that_every_label_meets_is_a_warning(tmp_path: Path) -> None:
    text = ALL_USED.replace("ja = 10 } }", 'ja = 10 } }\nnorm = { one_of = ["nee", "deels", "ja"] }')
    [p] = [p for p in problems(ruleset_file(tmp_path, text)) if p.place == "indicators.s.norm.one_of"]
    assert p.severity == "waarschuwing" and "elke mogelijke waarde voldoet" in p.message


def test_units_must_match_across_plus_minus_comparisons_and_min_max(tmp_path: Path) -> None:
    text = (
        ALL_USED
        + toml_indicator("u1", "kosten + fte", '{ kind = "linear", slecht = 0, goed = 1 }')
        + toml_indicator("u2", "max(ziekteverzuim, fte)", '{ kind = "linear", slecht = 0, goed = 1 }')
        + toml_indicator("u3", "kosten * fte", '{ kind = "linear", slecht = 0, goed = 1 }')
    )
    found = {p.place: p for p in problems(ruleset_file(tmp_path, text))}
    assert "eenheden passen niet bij '+': kosten (€), fte (fte)" in found["indicators.u1.formula"].message
    assert "max(...)" in found["indicators.u2.formula"].message
    assert "indicators.u3.formula" not in found  # * and / are free


def test_declared_unit_that_the_formula_contradicts_is_a_warning(tmp_path: Path) -> None:
    text = ALL_USED + toml_indicator(
        "w", "ziekteverzuim", '{ kind = "linear", slecht = 8, goed = 3 }', extra='unit = "dagen"\n'
    )
    [p] = [p for p in problems(ruleset_file(tmp_path, text)) if p.place == "indicators.w.unit"]
    assert p.severity == "waarschuwing" and "de formule geeft '%'" in p.message


def test_unused_fields_are_warnings(tmp_path: Path) -> None:
    text = toml_indicator("v", "ziekteverzuim", '{ kind = "linear", slecht = 8, goed = 3 }')
    found = {p.place: p for p in problems(ruleset_file(tmp_path, text))}
    assert {"fields.status", "fields.kosten", "fields.fte"} <= set(found)
    assert all(found[k].severity == "waarschuwing" for k in ("fields.status", "fields.kosten", "fields.fte"))


def test_a_broken_formula_is_reported_without_calling_its_fields_unused(tmp_path: Path) -> None:
    broken = ALL_USED.replace('formula = "kosten / fte"', 'formula = "kosten / (fte"')
    found = problems(ruleset_file(tmp_path, broken))
    assert [p.place for p in found] == ["indicators.k.formula"]
    assert "haakje wordt niet gesloten" in found[0].message and found[0].severity == "fout"


def test_a_field_range_with_min_above_max_is_refused(tmp_path: Path) -> None:
    path = ruleset_file(tmp_path, ALL_USED, HEAD.replace("min = 0\nmax = 100", "min = 100\nmax = 0"))
    [p] = problems(path)
    assert p.place == "fields.ziekteverzuim" and "'min' (100) ligt boven 'max' (0)" in p.message


def test_bundled_rulesets_validate_cleanly() -> None:
    for name in ("heemstede-2020.toml", "bureau-2021.toml"):
        assert load_ruleset(REPO / "rulesets" / name).warnings == []


def copy_case(tmp_path: Path) -> Path:
    target = tmp_path / "case"
    shutil.copytree(CASE, target)
    text = (target / "case.toml").read_text(encoding="utf-8")
    (target / "case.toml").write_text(text.replace("../../rulesets/", str(REPO / "rulesets") + "/"), encoding="utf-8")
    return target


def test_case_data_outside_the_valid_range_or_labels_is_an_error(tmp_path: Path) -> None:
    case = copy_case(tmp_path)
    teams = case / "data" / "teams.csv"
    text = teams.read_text(encoding="utf-8")
    text = text.replace("PO;2019;ziekteverzuim;;4,4;", "PO;2019;ziekteverzuim;;144;", 1)
    text = text.replace("HH;2019;rapportage_teamniveau;;ja;", "HH;2019;rapportage_teamniveau;;jawel;", 1)
    teams.write_text(text, encoding="utf-8")
    out = cli_words("validate", str(case), code=2)
    assert "waarde 144 van veld 'ziekteverzuim' ligt buiten het geldige bereik (0 tot en met 100 %)" in out
    assert "label 'jawel' is niet toegestaan voor veld 'rapportage_teamniveau'" in out


def test_a_nullijn_year_without_data_is_an_error_when_validating_the_case(tmp_path: Path) -> None:
    case = copy_case(tmp_path)
    for path in sorted((case / "data").glob("*.csv")):
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if ";2017;" not in line]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = cli_words("validate", str(case), code=2)
    line = line_of(REPO / "rulesets" / "heemstede-2020.toml", "nullijn = {")
    assert f"rulesets/heemstede-2020.toml, regel {line}, nullijn.year: nullijn-jaar 2017 komt niet voor" in out


def test_a_ruleset_error_stops_compilation_but_warnings_do_not() -> None:
    rs = load_ruleset(REPO / "rulesets" / "heemstede-2020.toml").ruleset
    data = rs.model_dump(mode="json")
    data["fields"]["ongebruikt"] = {"title": "x"}
    assert [f.key_path for f in compile_ruleset(Ruleset.model_validate(data)).warnings] == [("fields", "ongebruikt")]
    data["indicators"]["verzuim"]["norm"] = {"at_most": -5}
    with pytest.raises(RulesetInvalid):
        compile_ruleset(Ruleset.model_validate(data))

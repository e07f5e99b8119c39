"""Ruleset syntax for reference groups, group nullijnen, relative norms and signals: every misuse is a Dutch
error with file, line and key, and rulesets that do not use them keep their fingerprint."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import toml_head
from conftest import REPO, run_cli

from criteria.load.ruleset import load_ruleset

BASE = (
    "\n"
    + toml_head("r", [2020])
    + """
[reference_groups.groep]
title = "Groep"
provinces = ["Utrecht"]

[fields.kosten]
title = "Kosten"
unit = "€"

[fields.inwoners]
title = "Inwoners"

[fields.oordeel]
title = "Oordeel"
type = "label"

[derived.per_inwoner]
title = "Per inwoner"
formula = "kosten / inwoners"

[criteria.totaal]
title = "Totaal"

[indicators.i]
title = "I"
parent = "totaal"
formula = "per_inwoner"
measure = "relative_difference"
nullijn = NULLIJN
scoring = { kind = "linear", slecht = 20, goed = -20 }
NORM
toelichting = "t"
EXTRA
"""
)
GOOD = '{ kind = "reference_group", group = "groep", statistic = "median", numerator = "kosten", denominator = "inwoners" }'


def validate(tmp_path: Path, nullijn: str = GOOD, norm: str = "", extra: str = "") -> tuple[int, str]:
    path = tmp_path / "r.toml"
    path.write_text(BASE.replace("NULLIJN", nullijn).replace("NORM", norm).replace("EXTRA", extra), encoding="utf-8")
    proc = run_cli("validate", str(path))
    return proc.returncode, " ".join((proc.stdout + proc.stderr).split())


def test_a_good_group_nullijn_validates(tmp_path: Path) -> None:
    code, out = validate(
        tmp_path,
        norm='norm = { at_most = 10, relative_to = { group = "groep", statistic = "p75", '
        'numerator = "kosten", denominator = "inwoners" } }',
    )
    assert code == 0, out
    assert "referentiegroep" not in out and "0 fout(en)" not in out


@pytest.mark.parametrize(
    "nullijn, norm, extra, message",
    [
        (GOOD.replace('"groep"', '"groe"'), "", "", "onbekende referentiegroep 'groe' (bedoelde u 'groep'?)"),
        (
            GOOD.replace('"median"', '"weighted_mean"').replace(', denominator = "inwoners"', ""),
            "",
            "",
            "statistic = \"weighted_mean\" (som van de tellers gedeeld door de som van de noemers) vraagt om 'denominator'",
        ),
        (GOOD.replace('"median"', '"gemiddelde"'), "", "", "statistic"),
        (
            '{ kind = "reference_group", group = "groep", statistic = "median" }',
            "",
            "",
            "nullijn van soort 'reference_group' vraagt om 'numerator'",
        ),
        (
            '{ kind = "base_year", year = 2019, group = "groep" }',
            "",
            "",
            "'group' hoort alleen bij een nullijn van soort 'reference_group'",
        ),
        (
            GOOD.replace('numerator = "kosten"', 'numerator = "per_inwoner"'),
            "",
            "",
            "de formule gebruikt 'per_inwoner', maar dat is geen veld in [fields] (een afgeleid veld kan hier niet)",
        ),
        (
            GOOD.replace('numerator = "kosten"', 'numerator = "oordeel"'),
            "",
            "",
            "'oordeel' is een label-veld; een referentiegroep rekent met getallen",
        ),
        (
            GOOD,
            'norm = { one_of = ["ja"], relative_to = { group = "groep", statistic = "median", numerator = "kosten" } }',
            "",
            "'relative_to' hoort bij 'at_least' of 'at_most'",
        ),
        (
            GOOD,
            "",
            '\n[signals.s]\ntitle = "S"\nparent = "totaaal"\nformula = "kosten"\ntoelichting = "t"',
            "onbekend oudercriterium 'totaaal' (bedoelde u 'totaal'?)",
        ),
        (
            GOOD,
            "",
            '\n[signals.i]\ntitle = "S"\nparent = "totaal"\nformula = "kosten"\ntoelichting = "t"',
            "'i' is al een criterium of indicator",
        ),
        (
            GOOD,
            "",
            '\n[signals.s]\ntitle = "S"\nparent = "totaal"\nformula = "kosten"\nweight = 2\ntoelichting = "t"',
            "weight",
        ),
        (
            GOOD,
            "",
            '\n[reference_groups.leeg]\ntitle = "Leeg"\ninwoners = { min = 50, max = 10 }',
            "'min' (50) ligt boven 'max' (10)",
        ),
    ],
)
def test_every_misuse_is_located_in_dutch(tmp_path: Path, nullijn: str, norm: str, extra: str, message: str) -> None:
    code, out = validate(tmp_path, nullijn, norm, extra)
    assert code == 2, out
    assert message in out, out
    assert "r.toml, regel" in out and "Traceback" not in out


def test_an_unused_group_is_a_warning(tmp_path: Path) -> None:
    code, out = validate(tmp_path, '{ kind = "fixed", value = 3 }')
    assert code == 0 and "referentiegroep 'groep' wordt door geen nullijn of norm gebruikt" in out


def test_a_group_nullijn_at_the_top_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    text = BASE.replace("NULLIJN", GOOD).replace("NORM", "").replace("EXTRA", "")
    path.write_text(
        text.replace('missing_data = "reweigh"', f'missing_data = "reweigh"\nnullijn = {GOOD}'), encoding="utf-8"
    )
    proc = run_cli("validate", str(path))
    assert proc.returncode == 2 and "hoort bij één indicator" in proc.stdout + proc.stderr


@pytest.mark.parametrize("name", ["aalsmeer-2026"])
def test_rulesets_without_the_new_keys_keep_their_fingerprint(name: str) -> None:
    """The canonical form leaves out keys that are not used (reference_groups, signals, group nullijn keys)."""
    known = {"aalsmeer-2026": "55e9814429c64a2365cf8f34aa511b3067edaff999563e0b8445a3d634318b4a"}
    loaded = load_ruleset(REPO / "rulesets" / f"{name}.toml")
    if name in known:
        assert loaded.sha256 == known[name]
    from criteria.load.ruleset import canonical_json

    text = canonical_json(loaded.ruleset)
    for key in ('"reference_groups"', '"signals"', '"numerator"', '"relative_to"'):
        assert key not in text

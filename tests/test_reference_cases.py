"""Reference groups in whole runs: the bundled Heemskerk benchmark, own reference tables (wide and long), the
Dutch errors for every misuse, signals that are never weighed, and the share of weight resting on estimates."""

from __future__ import annotations

import csv
import json
import math
import statistics
import textwrap
from pathlib import Path

import pytest
from builders import toml_head
from conftest import REPO, cli_words, run_cli

from criteria.engine.columns import evaluate
from criteria.errors import InputError
from criteria.pipeline.run import load_inputs

HEEMSKERK = REPO / "cases" / "heemskerk-2023"
CBS = REPO / "criteria" / "data" / "iv3" / "gemeenten-iv3-2017-2024.csv"
RANDSTAD = ("Noord-Holland", "Zuid-Holland", "Utrecht")


def cbs_rows(year: int, stuk: str) -> list[dict]:
    with CBS.open(encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if r["jaar"] == str(year) and r["stuk"] == stuk]


def randstad_group(rows: list[dict], own: set[str]) -> list[dict]:
    """The group of rulesets/benchmark-2023.toml, straight from the CSV."""
    return [
        r
        for r in rows
        if r["provincie"] in RANDSTAD
        and 20000 <= float(r["inwoners"]) <= 50000
        and float(r["salarissen"]) * 1000 / float(r["inwoners"]) >= 250
        and r["gm_code"] not in own
    ]


@pytest.fixture(scope="module")
def heemskerk():
    ruleset, case, _ = load_inputs(HEEMSKERK)
    return evaluate(ruleset.compiled, case)


def test_the_benchmark_statistic_is_the_plain_mean_of_the_cbs_rows(heemskerk) -> None:
    group = randstad_group(cbs_rows(2023, "begroting"), {"GM0396"})
    per_inwoner = [float(r["lasten_overhead"]) * 1000 / float(r["inwoners"]) for r in group]
    cols = heemskerk.indicators["overhead_vs_groep"]
    assert len(group) == 39 and int(cols.group.columns.count[0, 0]) == 39
    assert math.isclose(cols.nullijn[0, 0], statistics.fmean(per_inwoner), rel_tol=1e-12)
    own = 16165 * 1000 / 39431
    assert math.isclose(cols.measure[0, 0], (own / statistics.fmean(per_inwoner) - 1) * 100, rel_tol=1e-9)
    share = heemskerk.signals["overhead_aandeel_lasten"]
    assert math.isclose(
        share.nullijn[0, 0],
        statistics.median(float(r["lasten_overhead"]) * 100 / float(r["lasten"]) for r in group),
        rel_tol=1e-12,
    )


def test_evaluate_shows_the_group_the_statistic_and_the_deviation_in_percent_and_euros() -> None:
    out = cli_words("evaluate", str(HEEMSKERK))
    assert "Tegenover de referentiegroep" in out
    assert "Randstadgemeenten van 20.000 tot 50.000 inwoners met eigen personeel" in out
    assert "gemiddelde van 39 gemeenten 387,48 € per inwoner" in out
    assert "Gemeente Heemskerk: +5,8 %, +€ 22,48 per inwoner, +€ 0,89 mln, plaats 28 van 40" in out
    assert "+€ 0,89 mln (signaal, niet gescoord)" in out
    assert "samenwerking" not in out.lower() and "partner" not in out.lower()


def test_explain_lists_the_members_with_their_bron_and_the_place_of_the_subject() -> None:
    out = cli_words("explain", str(HEEMSKERK), "--onderwerp", "HK", "--jaar", "2023", "--volledig")
    assert "gemiddelde van 39 gemeenten: 387,48 € per inwoner" in out
    assert "plaats 28 van 40 (1 = laagste), hoger dan 69 % van de groep" in out
    assert "niet in de eigen groep: GM0396 (het onderwerp zelf)" in out
    assert "de laagste en hoogste 5; 29 ertussen niet getoond" in out
    assert "GM0531 Hendrik-Ido-Ambacht: 220,49 € per inwoner" in out
    assert "bron: CBS Iv3 gemeenten, begroting 2023 (2023X000), Hendrik-Ido-Ambacht: taakveld 0.4 Overhead" in out
    assert "afwijking van de groep: +5,8 %, +€ 22,48 per inwoner, +€ 0,89 mln" in out
    assert "signaal wordt getoond, niet gescoord en niet gewogen" in out.replace("◦ ", "")
    assert "leden: zie hierboven bij 'Overhead per inwoner tegenover het groepsgemiddelde'" in out


def test_json_carries_the_group_as_numbers() -> None:
    proc = run_cli("evaluate", str(HEEMSKERK), "--format", "json")
    data = json.loads(proc.stdout)
    assert data["case"]["kind"] == "benchmark" and data["case"]["partners"] == {}
    nodes = {n["id"]: n for n in [*data["ruleset"]["nodes"], *data["ruleset"]["signals"]]}
    null = nodes["overhead_vs_groep"]["nullijn"]
    assert (null["kind"], null["group"], null["statistic"]) == ("reference_group", "randstad_20_50k", "mean_of_ratios")
    assert (null["numerator"], null["denominator"], null.get("scale")) == ("lasten_overhead * 1000", "inwoners", None)
    subject = data["subjects"][0]
    ind = subject["nodes"]["overhead_vs_groep"]
    assert (ind["group"]["members"], ind["group"]["rank"]) == ([39], [28.0])
    assert ind["nullijn"] == ind["group"]["statistic"]
    assert round(ind["measure"][0], 1) == 5.8  # relative_difference: +5,8 % against the group
    signal = subject["signals"]["overhead_afwijking_euro"]
    assert nodes["overhead_afwijking_euro"]["kind"] == "signaal" and "score" not in signal
    assert signal["nullijn"][0] == signal["group"]["statistic"][0] * signal["scale"][0]  # € per inwoner × inwoners
    assert round(signal["measure"][0] / 1e6, 2) == 0.89 and subject["nodes"]["overhead"]["completeness"] == [1.0]
    assert sum(subject["nodes"][k]["weight_share"][0] for k in nodes["overhead"]["children"]) == 1.0


def test_the_benchmark_ruleset_passes_its_self_tests_with_full_coverage() -> None:
    proc = run_cli("test", "rulesets/benchmark-2023.toml", "--format", "json", "--min-dekking", "100")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data = json.loads(proc.stdout)
    assert data["summary"]["failed"] == 0 and data["summary"]["tests"] >= 9
    checks = {c["what"] for t in data["tests"] for c in t["checks"]}
    assert {"waarde", "meting", "nullijn", "score", "oordeel"} <= checks


def test_a_parents_tests_run_against_its_extension_skipping_what_it_removed() -> None:
    proc = run_cli("test", "rulesets/bureau-2021.toml", "--tests", "rulesets/heemstede-2020.tests.toml")
    assert proc.returncode == 1, proc.stderr  # bureau_2021 changes norms on purpose: those tests fail
    assert "○ vacaturevervultijd 120 dagen: op de norm: overgeslagen, onbekend veld 'vacaturevervultijd'" in proc.stdout
    assert "✘ verloop 12%: verhoogd" in proc.stdout and "2 overgeslagen" in proc.stdout
    other = run_cli("test", "rulesets/benchmark-2023.toml", "--tests", "rulesets/heemstede-2020.tests.toml")
    assert other.returncode == 2 and "deze tests zijn voor toetsingskader 'heemstede_2020'" in other.stderr


def test_a_failing_value_expectation_names_expected_and_actual(tmp_path: Path) -> None:
    tests = tmp_path / "t.tests.toml"
    original = (REPO / "rulesets" / "benchmark-2023.tests.toml").read_text(encoding="utf-8")
    tests.write_text(original.replace("value = 440, nullijn = 400", "value = 441, nullijn = 400"), encoding="utf-8")
    proc = run_cli("test", "rulesets/benchmark-2023.toml", "--tests", str(tests))
    assert proc.returncode == 1
    assert "overhead_vs_groep: verwacht waarde 441 ± 0,01, gekregen 440" in proc.stdout


# --- own reference tables and errors ------------------------------------------------------------------

RULESET = (
    "\n"
    + toml_head("mini", [2020])
    + """
[reference_groups.groep]
title = "Groep"
provinces = ["Utrecht"]
min_members = 3

[fields.inwoners]
title = "Inwoners"
unit = "inwoners"

[fields.kosten]
title = "Kosten"
unit = "€"

[derived.per_inwoner]
title = "Kosten per inwoner"
unit = "€ per inwoner"
formula = "kosten / inwoners"

[criteria.totaal]
title = "Totaal"

[indicators.kosten_vs_groep]
title = "Kosten per inwoner tegenover de groep"
parent = "totaal"
unit = "%"
formula = "per_inwoner"
measure = "relative_difference"
nullijn = { kind = "reference_group", group = "groep", statistic = "STAT", numerator = "kosten", denominator = "inwoners" }
scoring = { kind = "linear", slecht = 20, goed = -20 }
toelichting = "test"

[signals.kosten_euro]
title = "Afwijking in euro's"
parent = "totaal"
unit = "€"
formula = "kosten"
measure = "difference"
nullijn = { kind = "reference_group", group = "groep", statistic = "STAT", numerator = "kosten", denominator = "inwoners", scale = "inwoners" }
toelichting = "test"
"""
)

WIDE = """gemeente_code;naam;provincie;jaar;inwoners;kosten
GM0001;Een;Utrecht;2020;1000;100000
GM0002;Twee;Utrecht;2020;2000;300000
GM0003;Drie;Utrecht;2020;1000;200000
GM0004;Vier;Utrecht;2020;4000;1000000
GM0005;Vijf;Zeeland;2020;1000;900000
"""


def write_case(
    tmp_path: Path,
    reference: str,
    table: str,
    *,
    stat: str = "median",
    manifest_extra: str = "",
    subject: str = 'code = "GM0001"',
    kind: str = "benchmark",
    name: str = "ref.csv",
    data: str = "HK;2020;inwoners;1000;illustratief: test;C\nHK;2020;kosten;100000;test;B\n",
) -> Path:
    folder = tmp_path / "casus"
    (folder / "data").mkdir(parents=True)
    (tmp_path / "mini.toml").write_text(RULESET.replace("STAT", stat), encoding="utf-8")
    (folder / "data" / name).write_text(table, encoding="utf-8")
    (folder / "data" / "eigen.csv").write_text("onderwerp;jaar;veld;waarde;bron;kwaliteit\n" + data, encoding="utf-8")
    (folder / "case.toml").write_text(
        textwrap.dedent(f'''
        id = "mini"
        kind = "{kind}"
        title = "Mini"
        form = "benchmark"
        ruleset = "../mini.toml"
        data = ["data/eigen.csv"]
        {manifest_extra}
        [reference]
        {reference}

        [subjects.HK]
        title = "Gemeente Een"
        kind = "gemeente"
        {subject}
        '''),
        encoding="utf-8",
    )
    return folder


def run(folder: Path):
    ruleset, case, warnings = load_inputs(folder)
    return evaluate(ruleset.compiled, case), warnings


@pytest.mark.parametrize(
    "stat, expected",
    [
        ("median", 200.0),
        ("mean_of_ratios", (150 + 200 + 250) / 3),
        ("weighted_mean", 1500000 / 7000),
        ("p25", 175.0),
        ("p75", 225.0),
    ],
)
def test_an_own_wide_table_gives_each_statistic(tmp_path: Path, stat: str, expected: float) -> None:
    """Members GM0002..GM0004 (GM0001 is the subject, GM0005 lies in Zeeland): 150, 200, 250 per inwoner."""
    folder = write_case(
        tmp_path,
        'file = "data/ref.csv"\nbron = "Eigen benchmark 2020, tabel 1, {veld}"\nquality = "B"',
        WIDE,
        stat=stat,
    )
    ev, _ = run(folder)
    cols = ev.indicators["kosten_vs_groep"]
    expected = {
        "p25": statistics.quantiles([150, 200, 250], n=4, method="inclusive")[0],
        "p75": statistics.quantiles([150, 200, 250], n=4, method="inclusive")[2],
    }.get(stat, expected)
    assert math.isclose(cols.nullijn[0, 0], expected) and int(cols.group.columns.count[0, 0]) == 3
    assert math.isclose(ev.signals["kosten_euro"].measure[0, 0], (100 - expected) * 1000)
    assert ev.reference_values == (6, 0)  # kosten and inwoners of three members


def test_a_long_table_gives_the_same_group_as_the_wide_one(tmp_path: Path) -> None:
    rows = ["gemeente;provincie;jaar;veld;waarde;bron;kwaliteit"]
    for line in WIDE.splitlines()[1:]:
        code, _, prov, year, inw, kosten = line.split(";")
        rows += [f"{code};{prov};{year};inwoners;{inw};CBS;A", f"{code};{prov};{year};kosten;{kosten};eigen;C"]
    folder = write_case(tmp_path, 'file = "data/ref.csv"\nlayout = "long"', "\n".join(rows) + "\n")
    ev, _ = run(folder)
    cols = ev.indicators["kosten_vs_groep"]
    assert cols.nullijn[0, 0] == 200.0 and bool(cols.estimate[0, 0])  # the members' kosten are quality C
    assert ev.reference_values == (6, 3)


def test_a_benchmark_needs_no_partners_but_a_samenwerking_does(tmp_path: Path) -> None:
    folder = write_case(tmp_path, 'file = "data/ref.csv"\nbron = "x"\nquality = "B"', WIDE, kind="samenwerking")
    with pytest.raises(InputError) as err:
        load_inputs(folder)
    assert "een samenwerking vraagt om minstens één partner" in str(err.value)
    assert 'kind = "benchmark"' in str(err.value)


@pytest.mark.parametrize(
    "change, message",
    [
        (dict(subject='code = "GM0009"'), "gemeentecode 'GM0009' staat niet in de referentietabel"),
        (dict(subject=""), "onderwerp 'HK' wordt met een referentiegroep vergeleken, maar heeft geen gemeentecode"),
        (dict(table=WIDE.replace("kosten", "lasten")), "de referentietabel heeft geen kolom 'kosten'"),
        (dict(reference='file = "data/ref.csv"\nquality = "B"'), "de referentietabel heeft geen bron"),
        (dict(reference='file = "data/ref.csv"\nbron = "x"'), "de referentietabel heeft geen kwaliteitslabel"),
        (dict(table=WIDE + "GM0002;Twee;Utrecht;2020;2000;1\n"), "gemeente GM0002, jaar 2020 staat dubbel"),
        (
            dict(reference='file = "data/ref.csv"\nbron = "x"\nquality = "B"\ndocument = "begroting"'),
            "de tabel heeft geen kolom voor het stuk",
        ),
        (
            dict(table=WIDE.replace("Utrecht", "Zeeland")),
            ("referentiegroep 'groep' heeft voor onderwerp 'HK' in 2020 geen enkele gemeente"),
        ),
    ],
)
def test_every_misuse_is_a_dutch_error(tmp_path: Path, change: dict, message: str) -> None:
    args = dict(reference='file = "data/ref.csv"\nbron = "x"\nquality = "B"', table=WIDE) | change
    folder = write_case(tmp_path, args.pop("reference"), args.pop("table"), **args)
    out = cli_words("validate", str(folder), code=2)
    assert message in out, out


def test_a_small_group_is_a_warning_and_still_computed(tmp_path: Path) -> None:
    table = "\n".join(WIDE.splitlines()[:4]) + "\n"  # GM0002 and GM0003 only
    folder = write_case(tmp_path, 'file = "data/ref.csv"\nbron = "x"\nquality = "B"', table)
    ev, warnings = run(folder)
    assert any("telt voor onderwerp 'HK' in 2020 maar 2 gemeente(n), minder dan 3" in p.message for p in warnings)
    assert ev.indicators["kosten_vs_groep"].nullijn[0, 0] == 175.0


def test_a_case_value_that_differs_from_its_reference_row_is_a_warning(tmp_path: Path) -> None:
    folder = write_case(
        tmp_path,
        'file = "data/ref.csv"\nbron = "x"\nquality = "B"',
        WIDE,
        data="HK;2020;inwoners;1000;test;B\nHK;2020;kosten;100;test;B\n",
    )
    _, warnings = run(folder)
    assert any(
        "waarde 100 voor veld 'kosten' (GM0001, 2020) wijkt af van de referentietabel (100000)" in p.message
        for p in warnings
    )


def test_a_ruleset_without_reference_in_the_case_is_an_error(tmp_path: Path) -> None:
    folder = write_case(tmp_path, 'file = "data/ref.csv"\nbron = "x"\nquality = "B"', WIDE)
    text = (folder / "case.toml").read_text(encoding="utf-8")
    (folder / "case.toml").write_text(
        text.split("[reference]")[0] + "[subjects.HK]" + text.split("[subjects.HK]")[1], encoding="utf-8"
    )
    assert "de casus heeft geen referentietabel" in cli_words("validate", str(folder), code=2)


def test_the_estimate_share_follows_the_weights(tmp_path: Path) -> None:
    """One indicator reads an illustratief value (inwoners), so the whole weight rests on an estimate."""
    folder = write_case(tmp_path, 'file = "data/ref.csv"\nbron = "x"\nquality = "B"', WIDE)
    ev, _ = run(folder)
    assert bool(ev.indicators["kosten_vs_groep"].estimate[0, 0])
    assert ev.criteria["totaal"].estimate_share[0, 0] == 1.0
    folder2 = write_case(
        tmp_path / "b",
        'file = "data/ref.csv"\nbron = "x"\nquality = "B"',
        WIDE,
        data="HK;2020;inwoners;1000;test;B\nHK;2020;kosten;100000;test;B\n",
    )
    ev2, _ = run(folder2)
    assert ev2.criteria["totaal"].estimate_share[0, 0] == 0.0


def test_the_documented_exclusions_and_figures_are_the_data() -> None:
    """docs/referentiegroep.md: the gemeenten without own staff (begroting 2023) and the Heemskerk figures."""
    import re

    doc = (REPO / "docs" / "referentiegroep.md").read_text(encoding="utf-8")
    rows = cbs_rows(2023, "begroting")
    candidates = [r for r in rows if r["provincie"] in RANDSTAD and 20000 <= float(r["inwoners"]) <= 50000]
    left_out = {
        r["gm_code"]: round(float(r["salarissen"]) * 1000 / float(r["inwoners"]))
        for r in candidates
        if float(r["salarissen"]) * 1000 / float(r["inwoners"]) < 250
    }
    documented = {
        m.group(1): int(m.group(2)) for m in re.finditer(r"^\| (GM\d{4}) \| [^|]+ \| € (\d+) \|$", doc, re.MULTILINE)
    }
    assert documented == left_out
    own = 16165 * 1000 / 39431
    group = randstad_group(rows, {"GM0396"})
    values = [float(r["lasten_overhead"]) * 1000 / float(r["inwoners"]) for r in group]
    median = statistics.median(values)
    assert f"+{(own / median - 1) * 100:.1f}".replace(".", ",") + " %, +€ " in doc
    assert f"{(own - median) * 39431 / 1e6:.2f}".replace(".", ",") + " mln tegenover de mediaan" in doc


def test_the_bundled_case_carries_the_real_cbs_figures() -> None:
    """cases/heemstede-bloemendaal: every municipality-level value is the CBS figure, with a precise bron."""
    from criteria.load.case import load_case

    case = load_case(REPO / "cases" / "heemstede-bloemendaal")
    codes = {"heemstede": "GM0397", "bloemendaal": "GM0377"}
    column = {"inhuur_gemeente": "inhuur"}
    with CBS.open(encoding="utf-8") as f:
        cbs = {(r["gm_code"], int(r["jaar"])): r for r in csv.DictReader(f) if r["stuk"] == "jaarrekening"}
    found = [v for v in case.values if v.bron.startswith("CBS Iv3 gemeenten, jaarrekening")]
    assert len(found) == 64  # 8 fields x 2 gemeenten x 2017-2020
    for v in found:
        row = cbs[(codes[v.partner], v.year)]
        assert v.value == float(row[column.get(v.field, v.field)]), v
        assert f"jaarrekening {v.year} ({v.year}X005)" in v.bron and v.quality == "A"
    inwoners = {(v.partner, v.year): v.value for v in found if v.field == "inwoners"}
    assert inwoners[("bloemendaal", 2019)] == 23410  # not 23,159
    assert not any("illustratief" in v.bron for v in case.values if v.field == "inwoners")


def test_the_bundled_case_compares_its_bedrijfsvoering_with_2017_and_with_the_group() -> None:
    """cases/heemstede-bloemendaal: both gemeenten pooled (sum over sum); the 2017 nullijn and the group median
    (both partners excluded) recomputed straight from the CBS rows."""
    ruleset, case, _ = load_inputs(REPO / "cases" / "heemstede-bloemendaal")
    ev = evaluate(ruleset.compiled, case)
    own = ("GM0397", "GM0377")

    def pooled(year: int) -> float:
        rows = [r for r in cbs_rows(year, "jaarrekening") if r["gm_code"] in own]
        return (
            sum(float(r["salarissen_overhead"]) + float(r["inhuur_overhead"]) for r in rows)
            * 1000
            / sum(float(r["inwoners"]) for r in rows)
        )

    s = ev.subjects.index("PO")
    for y, year in enumerate(ev.years):
        trend = ev.signals["overhead_personeel_sinds_2017"]
        assert math.isclose(trend.nullijn[s, y], pooled(2017), rel_tol=1e-9)
        assert math.isclose(trend.measure[s, y], (pooled(year) / pooled(2017) - 1) * 100, rel_tol=1e-6)
        group = randstad_group(cbs_rows(year, "jaarrekening"), set(own))
        median = statistics.median(
            (float(r["salarissen_overhead"]) + float(r["inhuur_overhead"])) * 1000 / float(r["inwoners"]) for r in group
        )
        cols = ev.indicators["overhead_personeel_tegenover_groep"]
        assert math.isclose(cols.nullijn[s, y], median, rel_tol=1e-12)
        assert math.isclose(cols.measure[s, y], (pooled(year) / median - 1) * 100, rel_tol=1e-6)

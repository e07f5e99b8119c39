"""The real `criteria` command, run as a user would: `python -m criteria.cli ...` from the repository root.

Every command of this module runs once, in the `cli` fixture (conftest.run_cli: the CLI's entry point in the test
process, its output piped); the tests then read the outcomes.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import CASE, RULESET, run_cli

CASE_ARG = "cases/heemstede-bloemendaal"
TEAMS = ["P&O", "Communicatie", "Financiële Administratie", "Facilitaire Zaken", "Handhaving"]
VOORSTEL = ["Voorstel: Informatisering samenvoegen", "Huidige situatie (INF_HS + INF_BD)"]  # 2020 only (issue 4)
BOX = "│├└─┌┐┘┬┴┼┃┏┓┗┛━┡┩╇┳┻╋╭╮╰╯"

# --- helpers ----------------------------------------------------------------------------------------------


def flat(text: str) -> str:
    """Text with rich's line wrapping undone: whitespace runs become one space."""
    return " ".join(text.split())


def squeeze(text: str) -> str:
    """Text without any whitespace or tree/table drawing characters (to find wrapped text inside a tree)."""
    return "".join(ch for ch in text if not ch.isspace() and ch not in BOX)


def assert_user_error(proc, *fragments: str) -> None:
    """Exit code 2, a Dutch message naming the problem, no traceback."""
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    text = flat(proc.stderr + proc.stdout)
    for fragment in fragments:
        assert fragment in text, (fragment, text)


def contains(text: str, *fragments: str) -> bool:
    """Every fragment occurs in text, ignoring whitespace (rich folds long words, such as paths, mid-word)."""
    return all(squeeze(f) in squeeze(text) for f in fragments)


def at_line(text: str, line: int) -> bool:
    """The text names 'regel <line>' (not a longer number), ignoring whitespace."""
    return re.search(rf"regel{line}(?!\d)", squeeze(text)) is not None


def problem_lines(proc) -> list[str]:
    """One entry per reported problem ('fout: ...' / '- fout: ...'), with rich's wrapping undone."""
    text = "\n" + proc.stdout + "\n" + proc.stderr
    parts = re.split(r"\n(?=\s*(?:- )?(?:fout|waarschuwing): )", text)
    return [flat(part) for part in parts if re.match(r"\s*(?:- )?fout: ", part)]


def line_of(text: str, fragment: str, after: str | None = None) -> int:
    """1-based number of the first line containing `fragment` (after the line containing `after`)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i in range(start, len(lines)) if fragment in lines[i]) + 1


def replace_on_line(text: str, line: int, old: str, new: str) -> str:
    lines = text.splitlines(keepends=True)
    assert old in lines[line - 1], lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    return "".join(lines)


def copy_case(root: Path) -> Path:
    """The bundled case and ruleset under root, in the same layout (case.toml names ../../rulesets/...)."""
    shutil.copytree(CASE, root / "cases" / CASE.name)
    shutil.copytree(RULESET.parent, root / "rulesets")
    return root / "cases" / CASE.name


# The three deliberate ruleset mistakes: (section header, text on a line below it, replacement)
WIEGHT = ("[criteria.flexibiliteit]", "weight = 40", "wieght = 40")
MISSPELT = ("[indicators.verzuim]", 'formula = "ziekteverzuim"', 'formula = "ziekteverzium"')
SAME_ANCHORS = ("[indicators.vacatureduur]", "slecht = 200, goed = 60", "slecht = 200, goed = 200")


def broken_ruleset(path: Path, *mistakes: tuple[str, str, str]) -> list[int]:
    """Write the bundled ruleset with `mistakes` to path; return the line of each mistake."""
    text = RULESET.read_text(encoding="utf-8")
    lines = []
    for section, old, new in mistakes:
        line = line_of(text, old, after=section)
        text = replace_on_line(text, line, old, new)
        lines.append(line)
    path.write_text(text, encoding="utf-8")
    return lines


def bad_case_rows(root: Path, edits: list[tuple[str, str, str]]) -> tuple[Path, list[int]]:
    """A copy of the case with edits (row start, old, new) on the HH 2019 rows of teams.csv."""
    case_dir = copy_case(root)
    teams = case_dir / "data" / "teams.csv"
    text = teams.read_text(encoding="utf-8")
    lines = []
    for row_start, old, new in edits:
        line = line_of(text, row_start)
        text = replace_on_line(text, line, old, new)
        lines.append(line)
    teams.write_text(text, encoding="utf-8")
    return case_dir, lines


# --- the runs ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    """name -> CompletedProcess, plus 'lines' / 'paths' for what the tests need to know of the set-up."""
    tmp = tmp_path_factory.mktemp("cli")
    three = tmp / "kader-met-fouten.toml"
    three_lines = broken_ruleset(three, WIEGHT, MISSPELT, SAME_ANCHORS)
    formula_only = tmp / "kader-met-tikfout.toml"
    formula_lines = broken_ruleset(formula_only, MISSPELT)
    bad_rows, bad_rows_lines = bad_case_rows(
        tmp / "rows",
        [
            ("HH;2019;formatie_fte;", "HH;2019;", "HH;20l9;"),
            ("HH;2019;bezetting_fte;", ";12,8;", ";12,8x;"),
            ("HH;2019;uitstroom_fte;", "HH;2019;", "HX;2019;"),
        ],
    )
    word_and_year, word_and_year_lines = bad_case_rows(
        tmp / "word",
        [("HH;2019;formatie_fte;", "HH;2019;", "HH;20l9;"), ("HH;2019;bezetting_fte;", ";12,8;", ";twaalf;")],
    )
    word_only, word_only_lines = bad_case_rows(tmp / "word-only", [("HH;2019;bezetting_fte;", ";12,8;", ";twaalf;")])
    long_path, long_path_lines = bad_case_rows(
        tmp / ("map-met-een-lange-naam-" * 3).rstrip("-"), [("HH;2019;formatie_fte;", "HH;2019;", "HH;20l9;")]
    )
    out_json = tmp / "uitkomst.json"
    commands = {
        "json": ("evaluate", CASE_ARG, "-f", "json"),
        "json_again": ("evaluate", CASE_ARG, "--format", "json"),
        "json1": ("evaluate", CASE_ARG, "--format", "json", "--json-versie", "1"),
        "table": ("evaluate", CASE_ARG),
        "out_json": ("evaluate", CASE_ARG, "-f", "json", "--output", str(out_json)),
        "explain": ("explain", CASE_ARG, "--onderwerp", "HH", "--jaar", "2019", "--volledig"),
        "explain_unknown": ("explain", CASE_ARG, "--onderwerp", "XYZ", "--jaar", "2019"),
        "explain_inf": ("explain", CASE_ARG, "--onderwerp", "INF", "--jaar", "2019"),
        "explain_year": ("explain", CASE_ARG, "-s", "HH", "-j", "2017"),
        "explain_lookalike": ("explain", CASE_ARG, "-s", "hh", "-j", "2019"),
        "bad_option": ("evaluate", CASE_ARG, "--wieght", "3"),
        "validate_ok": ("validate", "rulesets/heemstede-2020.toml", CASE_ARG),
        "validate_three": ("validate", str(three)),
        "validate_formula": ("validate", str(formula_only)),
        "validate_rows": ("validate", str(bad_rows)),
        "evaluate_rows": ("evaluate", str(bad_rows)),
        "validate_word_and_year": ("validate", str(word_and_year)),
        "validate_word": ("validate", str(word_only)),
        "evaluate_long_path": ("evaluate", str(long_path)),
    }
    runs = {name: run_cli(*args) for name, args in commands.items()}
    runs["lines"] = {
        "three": three_lines,
        "formula": formula_lines,
        "rows": bad_rows_lines,
        "word_and_year": word_and_year_lines,
        "word": word_only_lines,
        "long_path": long_path_lines,
    }
    runs["paths"] = {"three": three, "formula": formula_only, "out_json": out_json, "long_path": long_path}
    return runs


@pytest.fixture(scope="module")
def result(cli) -> dict:
    assert cli["json"].returncode == 0, cli["json"].stderr
    return json.loads(cli["json"].stdout)


@pytest.fixture(scope="module")
def result1(cli) -> dict:
    """The same result in format 1 (--json-versie 1): a full tree per subject-year."""
    assert cli["json1"].returncode == 0, cli["json1"].stderr
    return json.loads(cli["json1"].stdout)


# --- evaluate ---------------------------------------------------------------------------------------------


def table_rows(stdout: str) -> dict[tuple[str, int], str]:
    """(team title, year) -> the 'Totaal' cell, read from the boxed table (team names may wrap)."""
    totals: dict[tuple[str, int], str] = {}
    names: list[str] = []
    rows: list[tuple[int, str]] = []

    def close_block() -> None:
        for year, total in rows:
            totals[(" ".join(names), year)] = total
        names.clear()
        rows.clear()

    for line in stdout.splitlines():
        if line.startswith(("├", "└")):
            close_block()
            continue
        if not line.startswith("│"):
            continue
        cells = [c.strip() for c in line.split("│")[1:-1]]
        if len(cells) < 3:
            continue
        if any(ch.isalpha() for ch in cells[0]):
            names.append(cells[0])
        if cells[1].isdigit():
            rows.append((int(cells[1]), cells[2].split()[0]))
    close_block()
    return totals


def test_evaluate_shows_every_team_year_and_criterion(cli) -> None:
    proc = cli["table"]
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    teams = {team for team, _ in table_rows(proc.stdout)}
    assert teams == set(TEAMS + VOORSTEL)
    years = {year for _, year in table_rows(proc.stdout)}
    assert years == {2018, 2019, 2020}
    for column in ("Totaal", "Flexibilit", "Kosten", "Proces"):
        assert column in proc.stdout, column
    assert "\x1b[" not in proc.stdout  # NO_COLOR and a pipe: no escape codes


def test_evaluate_table_totals_are_the_json_totals_with_one_decimal(cli, result) -> None:
    root = result["ruleset"]["root"]
    expected = {
        (s["title"], year): f"{mark:.1f}".replace(".", ",")
        for s in result["subjects"]
        if s["nodes"]
        for year, mark in zip(s["years"], s["nodes"][root]["mark"])
    }
    assert len(expected) == 15 + 2  # five teams × three years, the voorstel and its huidige situatie in 2020
    assert table_rows(cli["table"].stdout) == expected
    assert expected[("Handhaving", 2019)] == "4,5"


def test_evaluate_names_informatisering_as_out_of_scope_with_its_reason(cli, result) -> None:
    text = flat(cli["table"].stdout)
    inf = next(s for s in result["subjects"] if s["id"] == "INF")
    assert "Buiten deze toets: Informatisering" in text
    assert flat(inf["scope_reason"]) in text
    assert "Informatisering" not in {team for team, _ in table_rows(cli["table"].stdout)}


def test_evaluate_warns_that_the_data_is_illustrative(cli, result) -> None:
    meta = result["meta"]
    assert 0 < meta["values_illustrative"] <= meta["values_total"]
    text = flat(cli["table"].stdout)
    share = round(meta["values_illustrative"] / meta["values_total"] * 100)
    # the case's own share leads; the real reference values are counted apart and never dilute it
    assert text.startswith(
        f"LET OP: {meta['values_illustrative']} van de {meta['values_total']} gegevens van de "
        f"casus zijn illustratief ({share} %)",
        text.index("LET OP"),
    )
    assert f"De {meta['reference_values']} waarden uit de referentietabel" in text  # CBS: no estimates
    total = meta["values_total"] + meta["reference_values"]
    assert f"van de {total:,}".replace(",", ".") + " gegevens" not in text
    assert f"Gemiddeld rust {round(meta['estimate_share'] * 100)} % van het gewicht" in text


def test_evaluate_json_has_meta_hashes_and_every_subject(result) -> None:
    meta = result["meta"]
    for key in ("ruleset_sha256", "case_sha256"):
        assert re.fullmatch(r"[0-9a-f]{64}", meta[key]), key
    assert meta["ruleset_id"] == "heemstede_2020" and meta["engine_version"]
    assert [s["id"] for s in result["subjects"]] == [
        "PO",
        "COM",
        "FA",
        "FZ",
        "HH",
        "INF",
        "INF_SAMEN",
        "INF_SAMEN_huidig",
        "INF_HS",
        "INF_BD",
    ]
    assert {s["id"]: s["in_scope"] for s in result["subjects"]} == {
        "PO": True,
        "COM": True,
        "FA": True,
        "FZ": True,
        "HH": True,
        "INF": False,
        "INF_SAMEN": True,
        "INF_SAMEN_huidig": True,
        "INF_HS": False,
        "INF_BD": False,
    }
    assert result["ruleset"]["years"] == [2018, 2019, 2020]
    for s in result["subjects"]:
        expected = [2020] if s["id"].startswith("INF_SAMEN") else [2018, 2019, 2020] if s["in_scope"] else []
        assert s["years"] == expected, s["id"]


def test_evaluate_json_version_1_is_the_old_format_with_the_same_scores(result, result1) -> None:
    assert "format" not in result1 and result1["meta"] == result["meta"]
    root = result["ruleset"]["root"]
    for old, new in zip(result1["subjects"], result["subjects"]):
        assert [y["total"]["score"] for y in old["years"]] == (new["nodes"][root]["score"] if new["nodes"] else [])


def test_evaluate_json_is_byte_identical_across_runs(cli) -> None:
    assert cli["json_again"].returncode == 0
    assert cli["json_again"].stdout.encode() == cli["json"].stdout.encode()


def test_output_file_gets_the_json_and_stdout_stays_empty(cli) -> None:
    proc = cli["out_json"]
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert cli["paths"]["out_json"].read_text(encoding="utf-8") == cli["json"].stdout


# --- explain ----------------------------------------------------------------------------------------------


def hh_2019_brons(result: dict) -> set[str]:
    hh = next(s for s in result["subjects"] if s["id"] == "HH")
    stack = [next(y for y in hh["years"] if y["year"] == 2019)["total"]]
    brons: set[str] = set()
    while stack:
        n = stack.pop()
        stack.extend(n["children"])
        detail = n.get("indicator") if n["verdict"] != "niet van toepassing" else None  # explain shows no details
        if detail:
            brons.update(i["bron"] for i in detail["inputs"] if i["bron"])
            if detail.get("nullijn") and detail["nullijn"].get("bron"):
                brons.add(detail["nullijn"]["bron"])
    return brons


def test_explain_reaches_every_bron(cli, result1) -> None:
    proc = cli["explain"]
    assert proc.returncode == 0, proc.stderr
    brons = hh_2019_brons(result1)
    assert len(brons) >= 10  # team data, partner data, samenwerking facts, the 2017 nullijn
    out = squeeze(proc.stdout)
    assert [b for b in sorted(brons) if squeeze(b) not in out] == []
    assert "Handhaving" in proc.stdout and "4,5" in proc.stdout


def test_explain_unknown_subject(cli) -> None:
    assert_user_error(cli["explain_unknown"], "onbekend onderwerp 'XYZ'", "HH")


def test_explain_subject_id_is_exact_and_a_look_alike_is_named(cli) -> None:
    assert_user_error(cli["explain_lookalike"], "onbekend onderwerp 'hh'; bedoelt u 'HH'?")


def test_explain_out_of_scope_subject(cli) -> None:
    assert_user_error(cli["explain_inf"], "Informatisering valt buiten deze toets")


def test_explain_wrong_year(cli) -> None:
    assert_user_error(cli["explain_year"], "jaar 2017 hoort niet bij dit toetsingskader", "2018, 2019, 2020")


def test_unknown_option_is_a_dutch_usage_error(cli) -> None:
    assert_user_error(cli["bad_option"], "onbekende optie")
    assert "--wieght" in cli["bad_option"].stderr


# --- validate: rulesets -----------------------------------------------------------------------------------


def test_validate_the_bundled_ruleset_and_case(cli) -> None:
    proc = cli["validate_ok"]
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "In orde: 2 bestand(en) gecontroleerd" in flat(proc.stdout)


def one_problem(proc, key: str) -> str:
    found = [p for p in problem_lines(proc) if key in p]
    assert len(found) == 1, (key, problem_lines(proc))
    return found[0]


def test_validate_lists_the_structural_mistakes_with_file_line_path_and_suggestion(cli) -> None:
    proc = cli["validate_three"]
    assert_user_error(proc)
    name = cli["paths"]["three"].name
    wieght_line, _, anchors_line = cli["lines"]["three"]
    wieght = one_problem(proc, "criteria.flexibiliteit.wieght")
    assert at_line(wieght, wieght_line), wieght
    assert contains(wieght, name, "onbekende sleutel", "bedoelde u 'weight'?"), wieght
    anchors = one_problem(proc, "indicators.vacatureduur.scoring")
    assert at_line(anchors, anchors_line) and contains(anchors, name, "gelijk"), anchors


def test_validate_lists_the_misspelt_formula_field_with_the_other_mistakes(cli) -> None:
    proc = cli["validate_three"]
    formula_line = cli["lines"]["three"][1]
    found = one_problem(proc, "indicators.verzuim.formula")
    assert at_line(found, formula_line), found
    assert contains(found, cli["paths"]["three"].name, "bedoelde u 'ziekteverzuim'?"), found
    assert_user_error(proc, "3 fout(en)")


def test_validate_reports_an_undeclared_field_in_a_formula_with_a_suggestion(cli) -> None:
    proc = cli["validate_formula"]
    assert_user_error(proc, "1 fout(en)")
    found = one_problem(proc, "indicators.verzuim.formula")
    assert at_line(found, cli["lines"]["formula"][0]), found
    assert contains(found, cli["paths"]["formula"].name, "'ziekteverzium'", "bedoelde u 'ziekteverzuim'?"), found


# --- validate / evaluate: case data -----------------------------------------------------------------------


@pytest.mark.parametrize("run", ["validate_rows", "evaluate_rows"])
def test_bad_case_rows_are_all_listed_with_their_line(cli, run: str) -> None:
    proc = cli[run]
    assert_user_error(proc, "3 fout(en)")
    year_line, number_line, subject_line = cli["lines"]["rows"]
    for line, fragment in (
        (year_line, "ongeldig jaar '20l9'"),
        (number_line, "'12,8x' is geen geldig getal"),
        (subject_line, "onbekend onderwerp 'HX'"),
    ):
        found = one_problem(proc, fragment)
        assert at_line(found, line) and contains(found, "teams.csv"), found


def test_a_word_in_a_number_field_is_reported(cli) -> None:
    proc = cli["validate_word"]
    assert_user_error(proc)
    found = one_problem(proc, "twaalf")
    assert at_line(found, cli["lines"]["word"][0]), found
    assert contains(found, "teams.csv", "verwacht een getal"), found


def test_a_word_in_a_number_field_is_listed_with_the_other_row_errors(cli) -> None:
    proc = cli["validate_word_and_year"]
    assert_user_error(proc)
    year_line, word_line = cli["lines"]["word_and_year"]
    assert at_line(one_problem(proc, "20l9"), year_line)
    assert at_line(one_problem(proc, "twaalf"), word_line)


def test_error_messages_keep_a_long_file_path_intact(cli) -> None:
    proc = cli["evaluate_long_path"]
    assert_user_error(proc)
    teams = str(cli["paths"]["long_path"] / "data" / "teams.csv")
    assert f"{teams}, regel {cli['lines']['long_path'][0]}" in proc.stderr


def test_usage_errors_and_help_are_dutch():
    missing = run_cli("explain", "cases/heemstede-bloemendaal")
    assert missing.returncode == 2
    assert "Optie '--onderwerp' / '-s' ontbreekt" in missing.stderr and "Traceback" not in missing.stderr
    wrong = run_cli("evaluate", "cases/heemstede-bloemendaal", "--format", "xml")
    assert wrong.returncode == 2 and "is niet een van 'tabel', 'json'" in wrong.stderr
    typo = run_cli("evaluat", "x")
    assert typo.returncode == 2 and "Onbekend commando 'evaluat'" in typo.stderr and "Bedoelde u" in typo.stderr
    helptext = run_cli("explain", "--help")
    assert helptext.returncode == 0
    assert "Gebruik:" in helptext.stdout and "Toon deze hulp en stop." in helptext.stdout
    assert "Usage:" not in helptext.stdout and "Show this message" not in helptext.stdout
    assert " explain [OPTIES] " in helptext.stdout and "[OPTIONS]" not in helptext.stdout
    overview = run_cli("--help")
    assert overview.returncode == 0
    assert " [OPTIES] COMMANDO [ARGUMENTEN]..." in overview.stdout
    assert "[OPTIONS]" not in overview.stdout and "COMMAND [ARGS]" not in overview.stdout


def test_version_is_printed_in_the_form_criteria_x_y_z():
    import criteria

    proc = run_cli("--version")
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, f"criteria {criteria.__version__}\n", "")
    assert re.fullmatch(r"\d+\.\d+\.\d+", criteria.__version__)
    assert "Toon het versienummer van criteria en stop." in flat(run_cli("--help").stdout)


def test_help_names_arguments_and_types_in_dutch():
    helptext = run_cli("evaluate", "--help").stdout
    assert " evaluate [OPTIES] CASUS" in helptext and "CASUS" in helptext and "<pad>" in helptext
    for english in ("{case}", "<path>", "<bool>", "<str>"):
        assert english not in helptext
    assert " diff [OPTIES] OUD NIEUW" in run_cli("diff", "--help").stdout
    missing = run_cli("evaluate")
    assert missing.returncode == 2 and "Argument 'CASUS' ontbreekt." in missing.stderr


@pytest.mark.parametrize("group", [(), ("archief",), ("ruleset",)])
def test_a_command_group_alone_shows_its_dutch_help_and_no_error(group):
    proc = run_cli(*group)
    assert proc.returncode == 0 and proc.stderr == ""
    assert "Gebruik:" in proc.stdout and "Commando's" in proc.stdout and "Opties" in proc.stdout
    assert "Usage:" not in proc.stdout and "Fout" not in proc.stdout

"""The reader's answers first (issue 14): explain is short unless asked for everything, gevoeligheid opens with one
plain sentence per subject, and a voorstel is weighed only in the years evaluate scores it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from archive_helpers import copy_case
from conftest import CASE, run_cli
from terminal_support import screen_rows

from criteria.conclusion import text
from criteria.conclusion.compute import conclude, context_of
from criteria.pipeline.run import run

COLUMNS, ROWS = 80, 24  # the small terminal of tests/test_final_screen.py


def test_explain_answers_in_at_most_40_lines_and_the_full_tree_is_asked_for(tmp_path: Path) -> None:
    copy_case(tmp_path)
    args = ["explain", "cases/heemstede-bloemendaal", "--onderwerp", "Handhaving", "--jaar", "2019"]
    short = screen_rows(args, tmp_path, COLUMNS, ROWS)
    text = " ".join(" ".join(short).split())
    assert len(short) <= 40, "\n".join(short)
    assert "✘ Handhaving voldoet niet in 2019: 4,5." in text
    assert "Vooral Kosten (3,1) trekt het omlaag" in text
    assert "Het oordeel wordt 'voldoet' bij één verandering: " in text
    assert " andere weegsets hetzelfde." in text
    assert "criteria explain cases/heemstede-bloemendaal --onderwerp HH --jaar 2019 --volledig" in text
    assert "LET OP: " in text and "· kwaliteit " not in text  # no input values with their bron and quality
    full = screen_rows([*args, "--volledig"], tmp_path, COLUMNS, ROWS)
    assert len(full) > 5 * len(short) and "· kwaliteit " in "\n".join(full)


def test_gevoeligheid_opens_with_one_plain_sentence_per_subject(tmp_path: Path) -> None:
    copy_case(tmp_path)
    rows = screen_rows(["gevoeligheid", "cases/heemstede-bloemendaal", "-n", "2000"], tmp_path, COLUMNS, ROWS)
    start = rows.index(next(r for r in rows if r.startswith("Hoe dit berekend is")))
    first = " ".join(" ".join(rows[:start]).split())
    for sentence in (
        "Handhaving voldoet niet over 2018–2020 (gemiddeld 5,3), en dat blijft zo bij ",
        "P&O voldoet over 2018–2020 (gemiddeld 6,6), en dat blijft zo bij ",
        "Voorstel: Informatisering samenvoegen voldoet in 2020 (6,0), en dat blijft zo bij ",
    ):
        assert sentence in first
    assert "Dirichlet" not in first and "seed" not in first
    assert "Dirichlet" in " ".join(rows[start:])


def _counts(opening: str) -> dict[str, int]:
    """Per subject title the number of the 100 weightings that keep its verdict, from the per-subject sentences."""
    found = re.findall(r"[✔✘] (.+?) voldoet.*?en dat blijft zo bij (\d+) van de 100 andere weegsets\.", opening)
    return {title: int(n) for title, n in found}


@pytest.fixture(scope="module")
def default_gevoeligheid() -> str:
    """`criteria gevoeligheid` of the bundled case with the documented defaults (10.000 samples, seed 2020)."""
    out = run_cli("gevoeligheid", str(CASE))
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_gevoeligheid_says_per_subject_how_many_of_100_weightings_keep_the_verdict_and_names_the_unsure(
    default_gevoeligheid: str,
) -> None:
    out = default_gevoeligheid
    opening = " ".join(out[: out.index("Hoe dit berekend is")].split())
    counts = _counts(opening)
    assert len(counts) == 7 and "alle " not in opening  # one way of counting for every subject
    ev = run(CASE).evaluation
    context = context_of(ev)
    for row, sid in enumerate(ev.subjects):  # the number is the conclusion's own robustness, per 100
        c = conclude(ev, row, context=context, robust=True, changes=False)
        assert c.robustness is not None and c.robustness.samples == 10_000 and c.robustness.seed == 2020
        assert counts[c.title] == text.per_hundred(c.robustness.kept), c.title
    unsure = sorted((n, t) for t, n in counts.items() if n < text.SURE)
    assert [t for _, t in unsure] == ["Handhaving", "Communicatie", "Financiële Administratie"]  # the truth, today
    first = opening.split("✔")[0].split("2018–2020 ", 1)[1]  # after the case's title: the opening sentence
    assert first.startswith(f"{7 - len(unsure)} van de 7 oordelen blijven bij ten minste 95 van de 100 ")
    assert "Minder zeker: " + ", ".join(f"{t} ({n} van de 100)" for n, t in unsure[:-1]) in first
    assert first.rstrip().endswith(f"en {unsure[-1][1]} ({unsure[-1][0]} van de 100).")


def test_gevoeligheid_table_counts_a_single_year_as_its_sentence_does(default_gevoeligheid: str) -> None:
    out = default_gevoeligheid
    counts = _counts(" ".join(out[: out.index("Hoe dit berekend is")].split()))
    row = next(
        line
        for line in out[out.index("Kans op elk oordeel") :].splitlines()
        if line.strip().startswith("Voorstel: Informatisering")
    )
    assert re.search(rf"\b{counts['Voorstel: Informatisering samenvoegen']} %\s+\d+ %", row), row


def test_gevoeligheid_weighs_a_voorstel_only_in_the_years_of_its_raming() -> None:
    done = run_cli("gevoeligheid", str(CASE), "-n", "200", "--format", "json")
    assert done.returncode == 0, done.stderr
    years = {s["id"]: [y["year"] for y in s["years"]] for s in json.loads(done.stdout)["subjects"]}
    assert years["INF_SAMEN"] == [2020] and years["INF_SAMEN_huidig"] == [2020]
    assert years["HH"] == [2018, 2019, 2020]
    evaluated = json.loads(run_cli("evaluate", str(CASE), "--format", "json").stdout)["subjects"]
    assert years == {s["id"]: s["years"] for s in evaluated if s["in_scope"]}  # the same subject-years as evaluate
    table = run_cli("gevoeligheid", str(CASE), "-n", "200").stdout
    rows = table[table.index("Kans op elk oordeel") :].splitlines()
    voorstel = next(i for i, row in enumerate(rows) if row.strip().startswith("Voorstel: Informatisering"))
    assert " 2020 " in rows[voorstel]
    assert not any(f" {year} " in row for row in rows[voorstel : voorstel + 4] for year in (2018, 2019))


def test_explain_without_a_year_answers_for_the_period_with_every_year(tmp_path: Path) -> None:
    copy_case(tmp_path)
    rows = screen_rows(["explain", "cases/heemstede-bloemendaal", "--onderwerp", "Handhaving"], tmp_path, COLUMNS, ROWS)
    said = " ".join(" ".join(rows).split())
    assert len(rows) <= 40, "\n".join(rows)
    assert "✘ Handhaving voldoet niet over 2018–2020: gemiddeld 5,3. Wel in 2018 (5,5) en 2020 (5,9)." in said
    assert "Het oordeel over de periode wordt 'voldoet' bij één verandering in " in said
    table = next(i for i, r in enumerate(rows) if r.startswith("Opbouw van het totaal"))
    assert rows[table].split()[-3:] == ["2018", "2019", "2020"]
    kosten = next(r for r in rows[table:] if r.startswith("Kosten"))
    assert kosten.split()[1::2] == ["3,6", "3,1", "3,9"]  # the yearly marks of the table of evaluate
    assert "--onderwerp HH --jaar 2020 (of 2018 of 2019)" in said and "--jaar 2020 --volledig" in said


def test_explain_of_a_voorstel_without_a_year_is_its_one_year() -> None:
    args = ["explain", str(CASE), "--onderwerp", "INF_SAMEN"]
    assert run_cli(*args).stdout == run_cli(*args, "--jaar", "2020").stdout


def test_the_full_tree_without_a_year_is_refused_in_dutch_with_the_years() -> None:
    out = run_cli("explain", str(CASE), "--onderwerp", "HH", "--volledig")
    assert out.returncode == 2 and out.stdout == "" and "Traceback" not in out.stderr
    assert "--volledig legt één jaar uit: geef ook --jaar" in out.stderr and "2018, 2019, 2020" in out.stderr

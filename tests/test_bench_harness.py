"""The whole-process benchmark harness: the on-disk national case is a valid case, the columnar floor computes
the same totals as the engine on it, and bounded runs report their limits instead of hanging or crashing.

Kept small (one municipality, 8 subjects) so that it runs in a few seconds in the normal suite.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import run_cli

from benchmarks import floor
from benchmarks.case_files import TEAMS_PER_MUNICIPALITY, CaseFiles, cached_case, write_case
from benchmarks.floor_check import engine_totals, max_difference
from benchmarks.processes import GB, Outcome, run_bounded
from benchmarks.scaling import FLOOR, argv_of, display, estimated_seconds
from benchmarks.scaling_report import Supplement, _n, render, targets
from criteria import limits


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("landelijk") / "casus"
    rows = write_case(folder, municipalities=1)
    assert rows > 1000
    return folder


def test_generated_case_passes_validate(tiny: Path) -> None:
    done = run_cli("validate", str(tiny))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 waarschuwing" in done.stdout


def test_generation_is_deterministic(tiny: Path, tmp_path: Path) -> None:
    again = tmp_path / "casus"
    write_case(again, municipalities=1)
    for path in sorted(tiny.rglob("*")):
        if path.is_file():
            assert (again / path.relative_to(tiny)).read_bytes() == path.read_bytes(), path.name


def _floor_totals_from(folder: Path) -> dict[tuple[str, int], float]:
    """The floor's numpy tree fed with the values as the product reads them (no polars needed)."""
    from criteria.load.case import load_case

    case = load_case(folder)
    import tomllib

    ruleset = tomllib.loads((folder / case.manifest.ruleset).read_text(encoding="utf-8"))
    subjects = case.in_scope()
    fields, years = list(ruleset["fields"]), floor.all_years(ruleset)
    s_code, f_code = {s: i for i, s in enumerate(subjects)}, {f: i for i, f in enumerate(fields)}
    values = case.values
    columns = floor.columns_from_long(
        np.array([s_code[v.subject] for v in values]),
        np.array([f_code.get(v.field, -1) for v in values]),
        np.array([v.year for v in values]),
        np.array([float(v.value) for v in values]),
        len(subjects),
        fields,
        years,
    )
    tags = [case.manifest.subjects[s].tags for s in subjects]
    total = floor.evaluate(ruleset, tags, columns)["__root__"]
    return {(s, y): float(total[i, j]) for i, s in enumerate(subjects) for j, y in enumerate(ruleset["years"])}


def test_floor_tree_agrees_with_the_engine(tiny: Path) -> None:
    engine = engine_totals(tiny)
    assert len(engine) == TEAMS_PER_MUNICIPALITY * 10
    assert max_difference(_floor_totals_from(tiny), engine) <= 1e-9


def test_floor_process_agrees_with_the_engine(tiny: Path) -> None:
    pytest.importorskip("polars", reason="polars is a benchmark-only dependency (benchmarks/requirements.txt)")
    from benchmarks.floor_check import floor_totals

    assert max_difference(floor_totals(tiny), engine_totals(tiny)) <= 1e-9


def test_max_difference_refuses_other_keys() -> None:
    with pytest.raises(ValueError):
        max_difference({("A", 2020): 1.0}, {("B", 2020): 1.0})
    assert max_difference({("A", 2020): 1.0, ("A", 2021): np.nan}, {("A", 2020): 1.5, ("A", 2021): np.nan}) == 0.5


def test_columns_from_long_broadcasts_values_without_subject() -> None:
    columns = floor.columns_from_long(
        np.array([-1, 1]), np.array([0, 0]), np.array([2020, 2021]), np.array([5.0, 7.0]), 3, ["x"], [2020, 2021]
    )
    np.testing.assert_array_equal(columns["x"], [[5.0, np.nan], [5.0, 7.0], [5.0, np.nan]])


def test_cached_case_is_written_once(tmp_path: Path) -> None:
    first = cached_case(1 / 342, cache=tmp_path)
    stamp = (first.folder / "case.toml").stat().st_mtime_ns
    again = cached_case(1 / 342, cache=tmp_path)
    assert again.folder == first.folder and again.values == first.values
    assert (again.folder / "case.toml").stat().st_mtime_ns == stamp
    assert [p.name for p in tmp_path.iterdir()] == [first.folder.name]  # no half-written folder left


@pytest.fixture(scope="module")
def one_municipality(tmp_path_factory) -> CaseFiles:
    return cached_case(1 / 342, cache=tmp_path_factory.mktemp("cases"))


@pytest.mark.parametrize("command, job", [("evaluate", "evaluate"), ("evaluate-json", "json"), ("rapport", "rapport")])
@pytest.mark.parametrize("factor", [0.999, 1.001])
def test_long_run_is_given_exactly_where_criteria_asks_for_it(
    one_municipality: CaseFiles, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, job: str, factor: float
) -> None:
    """The harness adds --lange-run to a timed command where criteria's own estimate is above its time bound: with
    the bound just under the estimate the command is refused without it and runs with it; just above, it runs as is."""
    monkeypatch.setattr(limits, "MAX_SECONDS", estimated_seconds(job, one_municipality) * factor)
    argv = argv_of(command, one_municipality, tmp_path / "uit", sys.executable, "criteria")[1:]
    assert (limits.LONG_RUN in argv) == (factor < 1)
    done = run_cli(*argv)
    assert done.returncode == 0, done.stdout + done.stderr
    if factor < 1:
        refused = run_cli(*[a for a in argv if a != limits.LONG_RUN])
        assert refused.returncode == 2 and limits.TIME_REASON in refused.stdout + refused.stderr


@pytest.mark.parametrize(
    "code, memory, timeout, status",
    [
        ("import time; time.sleep(30)", 2 * GB, 0.3, "time-out"),
        ("b = bytearray(600_000_000)", 400 * 1024**2, 30, "geheugengrens"),
        ("import sys; print('fout: te groot', file=sys.stderr); sys.exit(2)", 2 * GB, 30, "gestopt"),
        ("print('klaar')", 2 * GB, 30, "ok"),
    ],
)
def test_bounded_run_reports_its_outcome(tmp_path: Path, code: str, memory: int, timeout: float, status: str) -> None:
    _, found, wall, _, peak, _ = run_bounded(
        [sys.executable, "-c", code], stdout=tmp_path / "out", stderr=tmp_path / "err", timeout=timeout, memory=memory
    )
    assert found == status
    assert wall < 20 and peak > 1


def _outcome(command: str, scale: float, wall: float, peak: float, status: str = "ok") -> Outcome:
    return Outcome(command, scale, 1000, status, wall=wall, cpu=wall, peak_mb=peak, exit_code=0)


def test_targets_judge_the_national_runs_against_the_floor() -> None:
    runs = [
        _outcome(FLOOR, 1.0, 2.0, 180),
        _outcome("evaluate", 1.0, 19.0, 900),
        _outcome("evaluate-json", 1.0, 31.0, 900),
        _outcome("explain", 1.0, 2.5, 300),
    ]
    found = {t.commands: t.met for t in targets(runs) if t.commands}
    assert found == {("evaluate",): True, ("evaluate-json",): False, ("explain",): True}


def test_a_miss_at_a_smaller_scale_decides_the_national_target() -> None:
    runs = [
        _outcome(FLOOR, 0.125, 1.0, 100),
        _outcome("evaluate", 0.125, 150.0, 1400),
        _outcome("explain", 0.125, 2.0, 300),
        _outcome("evaluate-json", 0.25, 600.0, None, "time-out"),
    ]
    found = {t.commands: (t.met, t.measured) for t in targets(runs) if t.commands}
    assert found[("evaluate",)][0] is False and "1,37 GB" in found[("evaluate",)][1]
    assert found[("evaluate-json",)][0] is False and "time-out" in found[("evaluate-json",)][1]
    assert ("explain",) not in found  # 2 s at 1/8 says nothing about 1×


def test_a_separate_run_takes_the_place_of_its_commands(tmp_path: Path) -> None:
    """rapport timed out in the whole run; a separate run with a longer time-out measured it at every scale. Its
    rows, divided by its own floor, decide the 4× target and fill rapport's table; this run's rows of it are gone."""
    this_run = [
        _outcome(FLOOR, 1.0, 1.0, 160),
        _outcome(FLOOR, 4.0, 2.0, 360),
        _outcome("evaluate", 1.0, 5.0, 240),
        _outcome("evaluate", 4.0, 18.0, 640),
        _outcome("rapport", 1.0, 240.0, 250, "time-out"),
        _outcome("rapport", 4.0, 0.0, 0, "overgeslagen"),
    ]
    separate = [
        _outcome(FLOOR, 1.0, 4.0, 170),
        _outcome(FLOOR, 4.0, 8.0, 370),
        _outcome("rapport", 1.0, 400.0, 300),
        _outcome("rapport", 4.0, 1600.0, 900),
    ]
    supplement = Supplement(separate, {"timeout": 3600, "commit": "abc123", "datum": "2026-12-06"}, tmp_path / "x.json")
    without = {t.text[:2]: t.met for t in targets(this_run)}
    assert without["4×"] is False
    page = "\n".join(render(this_run, {"timeout": 240, "memory": GB}, supplements=[supplement]))
    four = next(line for line in page.splitlines() if line.startswith("| 4× landelijk"))
    assert four.endswith("| gehaald |") and "2 commando's klaar" in four
    rapport = page[page.index("### criteria rapport") :].split("\n### ")[0]
    assert "time-out 3600 s per run, commit abc123" in rapport
    assert "| 1 | 342 |" in rapport and "| 400 s |" in rapport and "| 100× |" in rapport  # 400 s / its floor's 4 s
    assert "time-out" not in rapport.split("|---|")[-1] and "overgeslagen" not in rapport
    evaluate = page[page.index("### criteria evaluate CASUS -o") :].split("\n### ")[0]
    assert "| 5× |" in evaluate  # this run's rows keep this run's floor


def test_numbers_in_the_tables_never_take_an_exponent() -> None:
    assert [_n(x) for x in (0.5, 12.34, 999.4, 999.6, 1629.7, 12345.6)] == [
        "0,5",
        "12,3",
        "999",
        "1.000",
        "1.630",
        "12.346",
    ]


def test_commands_measured_in_another_checkout_are_shown_relative_to_it() -> None:
    argv = ["/x/.venv/bin/criteria", "rapport", "/work/wt/bench/benchmarks/.cases/v1-gemeenten43", "-o", "r.html"]
    assert display(argv) == "criteria rapport benchmarks/.cases/v1-gemeenten43 -o r.html"


def test_a_regenerated_performance_page_keeps_its_hand_measured_blocks(tmp_path: Path) -> None:
    """benchmarks.run rewrites docs/prestaties.md whole; what was measured by hand (between the markers) stays."""
    from benchmarks.run import HAND_END, HAND_START, hand_blocks

    page = tmp_path / "prestaties.md"
    block = f"{HAND_START}: rapport -->\n## Rapport\n\n| a | b |\n{HAND_END}"
    page.write_text(f"# Prestaties\n\noud, gegenereerd\n\n{block}\n", encoding="utf-8")
    assert hand_blocks(page) == f"\n{block}\n"
    assert hand_blocks(tmp_path / "nieuw.md") == ""

"""The work guard (issue 11, class 14): what the inputs ask the tool to do is bounded, and checked before work.

criteria/limits.py check_work decides from counts; criteria/pipeline/work.py takes the counts from a loaded case
and ruleset; load_inputs refuses (exit 2) before anything is evaluated. The corpus cases 'werk-*' in
tests/hostile/cases.toml run the declared-huge shapes through the real CLI.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from criteria import limits
from criteria.errors import InputError
from criteria.pipeline.run import load_inputs

BASE = Path(__file__).resolve().parent / "hostile" / "base"
counts = st.integers(min_value=0, max_value=20_000)


def refused(*args: int, **kwargs: int) -> bool:
    return bool(limits.check_work(*args, **kwargs))


@given(
    counts,
    counts,
    counts,
    st.integers(0, 2_000),
    st.integers(0, 100),
    st.sampled_from(["subjects", "years", "nodes", "fields", "partners"]),
)
def test_more_work_is_never_allowed_where_less_was_refused(subjects, years, nodes, fields, partners, grow) -> None:
    """Monotone: growing any one count never turns a refusal into an acceptance."""
    before = dict(subjects=subjects, years=years, nodes=nodes, fields=fields, partners=partners)
    after = {**before, grow: before[grow] + 1}
    if refused(before.pop("subjects"), before.pop("years"), before.pop("nodes"), **before):
        assert refused(after.pop("subjects"), after.pop("years"), after.pop("nodes"), **after)


@given(counts, counts, st.integers(1, 4_000))
def test_the_work_limit_is_exactly_the_product(subjects, years, nodes) -> None:
    cells = limits.work_cells(subjects, years, nodes)
    assert refused(subjects, years, nodes) == (cells > limits.MAX_WORK_CELLS)


def test_a_national_case_and_four_times_it_are_allowed() -> None:
    """Issue 12: the national benchmark case (342 gemeenten × 8 teams, 11 years, 70 parts and 13 fields with one
    partner) and a case four times its size are evaluated (table, explain); rapport, JSON format 1 and the archive,
    which build every breakdown, keep their own limit."""
    for gemeenten in (342, 4 * 342):
        subjects = gemeenten * 8
        assert subjects <= limits.MAX_SUBJECTS
        assert limits.check_work(subjects, 11, 70, fields=13, partners=1) == []
        assert limits.check_work(subjects, 11, 70, fields=13, partners=1, breakdowns=True)


def test_at_the_limit_is_allowed_and_one_more_is_refused() -> None:
    assert limits.check_work(limits.MAX_WORK_CELLS, 1, 1) == []
    [reason] = limits.check_work(limits.MAX_WORK_CELLS + 1, 1, 1)
    assert "het rekenwerk is te groot" in reason and limits.dutch_count(limits.MAX_WORK_CELLS) in reason


@given(st.integers(1, 5_000), st.integers(1, 50), st.integers(2, 2_000))
def test_the_largest_sample_count_offered_is_itself_allowed(subjects, years, tree_nodes) -> None:
    """The message names the most samples this case allows: that number passes, one more does not."""
    nodes = tree_nodes
    most = limits.most_samples(subjects, years, tree_nodes)
    if most < 1:
        return
    sample_reasons = lambda n: [
        r for r in limits.check_work(subjects, years, nodes, samples=n, tree_nodes=tree_nodes) if "steekproeven" in r
    ]
    assert sample_reasons(most) == []
    [reason] = sample_reasons(most + 1)
    assert f"hoogstens {limits.dutch_count(most)} steekproeven" in reason


@pytest.fixture
def corpus_case(tmp_path: Path) -> Path:
    shutil.copytree(BASE, tmp_path / "base")
    return tmp_path / "base" / "case"


def test_load_inputs_refuses_before_anything_is_evaluated(corpus_case, monkeypatch) -> None:
    """Over the limit: InputError naming the case.toml and the ruleset's years; the engine is never called."""
    from criteria.engine import columns
    from criteria.voorstel import prepare

    def must_not_run(*_args, **_kwargs):
        raise AssertionError("work started before the work limit was checked")

    monkeypatch.setattr(columns, "evaluate", must_not_run)
    monkeypatch.setattr(prepare, "prepare_case", must_not_run)
    monkeypatch.setattr("criteria.pipeline.run.prepare_case", must_not_run)
    # 2 subjects × 3 years (2018 nullijn, 2019, 2020) × (11 parts + 4 fields × 2 partners) = 114
    monkeypatch.setattr(limits, "MAX_WORK_CELLS", 113)
    with pytest.raises(InputError) as err:
        load_inputs(corpus_case)
    [problem] = err.value.problems
    assert problem.file.endswith("case.toml") and problem.place == "subjects"
    assert "2 onderwerpen × 3 jaren × (11 onderdelen + 4 velden × 2 partners) = 114 rekencellen" in problem.message
    assert "'years' in" in problem.suggestion and "regel 7" in problem.suggestion


def test_at_the_limit_the_case_loads(corpus_case, monkeypatch) -> None:
    monkeypatch.setattr(limits, "MAX_WORK_CELLS", 114)
    _ruleset, case, _ = load_inputs(corpus_case)
    assert len(case.in_scope()) == 2


def test_the_issue_shape_is_refused_quickly(corpus_case) -> None:
    """The issue's example: 300 years × 100 subjects from a case.toml of a few kilobytes (35 s and 1 GB before)."""
    ruleset = corpus_case.parent / "rulesets" / "basis.toml"
    ruleset.write_text(
        ruleset.read_text(encoding="utf-8").replace(
            "years = [2019, 2020]", "years = [" + ", ".join(map(str, range(1901, 2201))) + "]"
        ),
        encoding="utf-8",
    )
    with (corpus_case / "case.toml").open("a", encoding="utf-8") as f:
        f.writelines(f'\n[subjects.S{i}]\ntitle = "S{i}"\n' for i in range(98))
    assert (corpus_case / "case.toml").stat().st_size < 4096
    cells = limits.work_cells(100, 300, 11, 4, 2)
    assert limits.MAX_BREAKDOWN_CELLS < cells <= limits.MAX_WORK_CELLS
    with pytest.raises(InputError, match="het rekenwerk is te groot: 100 onderwerpen × 300 jaren"):
        load_inputs(corpus_case, breakdowns=True)  # JSON format 1, archive: every breakdown is built at once
    _ruleset, case, _ = load_inputs(corpus_case)  # the table and explain: breakdowns on demand
    assert len(case.in_scope()) == 100


def test_the_tables_of_a_case_are_bounded_together(corpus_case, monkeypatch) -> None:
    """Each table is within its own limits; together they pass MAX_CASE_ROWS: the rest is not read."""
    manifest = corpus_case / "case.toml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace(
            'data = ["data/teams.csv"]', 'data = ["data/teams.csv", "data/teams.csv", "data/teams.csv"]'
        ),
        encoding="utf-8",
    )
    read = []
    import criteria.load.case as case_module

    real = case_module.read_table
    monkeypatch.setattr(case_module, "read_table", lambda *a, **k: read.append(1) or real(*a, **k))
    monkeypatch.setattr(limits, "MAX_CASE_ROWS", 30)  # teams.csv has 24 data rows
    with pytest.raises(InputError) as err:
        load_inputs(corpus_case)
    assert len(read) == 2  # the third table is never read
    assert any(
        p.place == "data[1]" and "meer dan 30 gegevensregels (tot en met 'data/teams.csv': 48)" in p.message
        for p in err.value.problems
    )


ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("case", ["aalsmeer-amstelveen", "heemstede-bloemendaal", "heemskerk-2023"])
def test_the_counts_are_what_the_engine_then_evaluates(case) -> None:
    """The guard counts before work starts what the engine then builds: the subjects (a voorstel's huidige
    situatie included), the years, at least the comparisons with a group, and the groups' possible members."""
    from criteria.engine import evaluate
    from criteria.engine.columns import evaluation_years
    from criteria.load.case import load_case
    from criteria.pipeline.work import groups, subjects_evaluated

    ruleset, prepared, _ = load_inputs(ROOT / "cases" / case)
    declared = load_case(ROOT / "cases" / case)
    ev = evaluate(ruleset.compiled, prepared)
    assert subjects_evaluated(declared) == len(ev.subjects)
    assert len(evaluation_years(ruleset.compiled)[1]) == len(ev.all_years)
    comparisons, gemeenten = groups(ruleset.ruleset, declared)
    uses = [u for cols in [*ev.indicators.values(), *ev.signals.values()] for u in (cols.group, cols.norm_group) if u]
    assert comparisons >= len(uses)
    for use in uses:
        assert gemeenten >= int(use.columns.count.max())


def test_reference_group_work_is_refused_before_any_group_is_computed(monkeypatch) -> None:
    """A reference table of many gemeenten compared for many subjects and years: refused, naming the counts."""
    import criteria.engine.groups as groups_module

    def must_not_run(*_args, **_kwargs):
        raise AssertionError("a group was computed before the work limit was checked")

    monkeypatch.setattr(groups_module, "evaluate_use", must_not_run)
    monkeypatch.setattr("criteria.engine.columns.evaluate_use", must_not_run)
    monkeypatch.setattr(limits, "MAX_GROUP_CELLS", 100)
    with pytest.raises(InputError) as err:
        load_inputs(ROOT / "cases" / "heemskerk-2023")
    [problem] = err.value.problems
    assert problem.file.endswith("case.toml") and problem.place == "reference"
    assert (
        "de vergelijking met referentiegroepen is te groot: 7 vergelijkingen × 405 gemeenten in de "
        "referentietabel × 1 onderwerp × 1 jaar = 2.835" in problem.message
    )


@given(st.integers(0, 50), st.integers(0, 2_000), st.integers(0, 10_000), st.integers(0, 301))
def test_the_group_limit_is_exactly_the_product(comparisons, gemeenten, subjects, years) -> None:
    cells = comparisons * gemeenten * subjects * years
    reasons = [
        r
        for r in limits.check_work(subjects, years, 0, groups=(comparisons, gemeenten))
        if r.startswith(limits.GROUP_REASON)
    ]
    assert bool(reasons) == (cells > limits.MAX_GROUP_CELLS)


def run_in_process(monkeypatch, *args: str):
    """The CLI in this process (so a limit can be lowered), from the repository root."""
    from typer.testing import CliRunner

    from criteria.cli.registry import every_command

    monkeypatch.chdir(ROOT)
    return CliRunner().invoke(every_command(), list(args))


def test_diff_with_a_case_refuses_too_many_evaluations_before_the_first(monkeypatch) -> None:
    """diff --case evaluates the case once per scored change, plus twice: above the limit, none is run."""
    from criteria.authoring.diff import impact

    def must_not_run(*_args, **_kwargs):
        raise AssertionError("an evaluation started before the diff limit was checked")

    monkeypatch.setattr(impact, "impact", must_not_run)
    monkeypatch.setattr(limits, "MAX_DIFF_CELLS", 10_000)  # heemstede-bloemendaal: 12 changes
    result = run_in_process(
        monkeypatch,
        "diff",
        "rulesets/heemstede-2020.toml",
        "rulesets/bureau-2021.toml",
        "--case",
        "cases/heemstede-bloemendaal",
    )
    assert result.exit_code == 2, result.output
    assert (
        "rulesets/bureau-2021.toml: te veel rekenwerk om het effect per wijziging te meten: (12 wijzigingen + 2) ×"
        in " ".join(result.output.split())
    )


@given(st.integers(0, 5_000), st.integers(1, 5_000), st.integers(0, 200_000))
def test_the_diff_limit_is_exactly_the_two_products(changes, nodes, cells) -> None:
    refused = (changes + 2) * nodes > limits.MAX_DIFF_WORK or (changes + 2) * cells > limits.MAX_DIFF_CELLS
    assert bool(limits.check_diff(changes, nodes, cells)) == refused


def test_selftests_above_the_limit_are_refused_before_any_runs(monkeypatch) -> None:
    import criteria.authoring.selftest.run as selftest_run

    def must_not_run(*_args, **_kwargs):
        raise AssertionError("a self-test ran before the self-test limit was checked")

    monkeypatch.setattr(selftest_run, "run_tests", must_not_run)
    monkeypatch.setattr(limits, "MAX_SELFTESTS", 3)
    result = run_in_process(monkeypatch, "test", "rulesets/heemstede-2020.toml")
    assert result.exit_code == 2, result.output
    assert "te veel zelftests" in result.output and "het maximum is 3" in result.output


def test_case_rows_above_the_limit_stop_reading_further_tables(tmp_path, monkeypatch) -> None:
    """The case's tables together may hold MAX_CASE_ROWS data rows; the table that passes it is named, later ones
    are not read."""
    import criteria.load.case as case_module

    shutil.copytree(BASE, tmp_path / "base")
    case = tmp_path / "base" / "case"
    rows = len((case / "data" / "teams.csv").read_text(encoding="utf-8").splitlines()) - 1
    monkeypatch.setattr(limits, "MAX_CASE_ROWS", rows)
    toml = case / "case.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace(
            'data = ["data/teams.csv"]', 'data = ["data/teams.csv", "data/teams.csv"]'
        ),
        encoding="utf-8",
    )
    read = []
    real = case_module.read_table
    monkeypatch.setattr(case_module, "read_table", lambda *a, **k: read.append(a[0]) or real(*a, **k))
    with pytest.raises(InputError) as err:
        load_inputs(case)
    assert len(read) == 2
    assert any(
        f"meer dan {limits.dutch_count(rows)} gegevensregels (tot en met 'data/teams.csv': "
        f"{limits.dutch_count(2 * rows)})" in p.message
        for p in err.value.problems
    )


@given(st.integers(0, 1_000), st.integers(0, 3_000))
def test_the_leave_one_out_limit_is_exactly_the_product(criteria, tree_nodes) -> None:
    """gevoeligheid leaves every criterion out once and recomputes the tree: criteria × tree parts."""
    reasons = [
        r
        for r in limits.check_work(1, 1, 1, samples=1, tree_nodes=tree_nodes, criteria=criteria)
        if r.startswith(limits.LEAVE_ONE_OUT_REASON)
    ]
    assert bool(reasons) == (criteria * tree_nodes > limits.MAX_LEAVE_ONE_OUT)
    assert not [
        r
        for r in limits.check_work(1, 1, 1, tree_nodes=tree_nodes, criteria=criteria)
        if r.startswith(limits.LEAVE_ONE_OUT_REASON)
    ]  # only gevoeligheid does it


def test_gevoeligheid_with_a_tree_too_big_to_leave_out_is_refused_naming_the_ruleset(monkeypatch) -> None:
    from criteria.engine import sensitivity

    def must_not_run(*_args, **_kwargs):
        raise AssertionError("the analysis started before the leave-one-out limit was checked")

    monkeypatch.setattr(sensitivity, "analyse", must_not_run)
    monkeypatch.setattr(limits, "MAX_LEAVE_ONE_OUT", 10)
    result = run_in_process(monkeypatch, "gevoeligheid", "cases/heemstede-bloemendaal", "--steekproeven", "10")
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())
    assert "rulesets/heemstede-2020.toml" in text and limits.LEAVE_ONE_OUT_REASON in text


# --- time (issue 11, class 14): the estimate per command, refused above MAX_SECONDS unless --lange-run ----------

sizes = st.builds(
    limits.Size,
    subjects=st.integers(0, 20_000),
    years=st.integers(1, 301),
    shown_years=st.integers(1, 301),
    nodes=st.integers(0, 5_000),
    fields=st.integers(0, 2_000),
    partners=st.integers(0, 100),
    values=st.integers(0, 2_000_000),
    tree_nodes=st.integers(0, 3_000),
    samples=st.integers(0, 1_000_000),
    columns=st.integers(0, 1_000),
    criteria=st.integers(0, 1_000),
)
jobs = st.sampled_from(limits.TIMED)


@given(sizes, jobs)
def test_a_run_is_refused_exactly_when_its_estimate_is_above_the_bound_and_never_with_lange_run(size, job) -> None:
    reasons = limits.check_time(job, size)
    assert bool(reasons) == (limits.estimate_seconds(job, size) > limits.MAX_SECONDS)
    assert limits.check_time(job, size, long_run=True) == []
    assert limits.check_time("explain", size) == []  # explain and validate: bounded by the cell limit (measured)
    for reason in reasons:
        assert reason.startswith(limits.TIME_REASON) and "meer dan de grens van 30 seconden" in reason


@given(sizes, jobs, st.sampled_from([f for f in limits.Size.__dataclass_fields__ if f != "shown_years"]))
def test_more_of_any_count_never_takes_less_time(size, job, grow) -> None:
    bigger = replace(size, **{grow: getattr(size, grow) + 1})
    assert limits.estimate_seconds(job, bigger) >= limits.estimate_seconds(job, size)


@given(sizes)
def test_the_volledige_bijlage_is_estimated_above_the_report_without_it(size) -> None:
    """--bijlage volledig builds every subject-year's breakdown (the other appendices read the columns): it never
    gets a lower estimate, and a higher one whenever there is a subject with onderdelen."""
    full, summary = limits.estimate_seconds("rapport-volledig", size), limits.estimate_seconds("rapport", size)
    assert full >= summary and (full > summary) == (size.subjects * size.nodes > 0)


@given(sizes, jobs)
def test_the_largest_count_the_message_names_fits_and_one_more_does_not(size, job) -> None:
    [reason] = limits.check_time(job, size) or [None]
    if reason is None or "hoogstens" not in reason:
        return
    most = int(reason.split("hoogstens ")[1].split()[0].replace(".", ""))
    if job == "gevoeligheid":
        fits, more = replace(size, samples=most), replace(size, samples=most + 1)
        assert "steekproeven" in reason
    else:
        fits, more = limits.fewer_subjects(size, most), limits.fewer_subjects(size, most + 1)
        assert "onderwerp" in reason
    assert limits.estimate_seconds(job, fits) <= limits.MAX_SECONDS < limits.estimate_seconds(job, more)


def test_the_default_samples_that_do_not_fit_are_refused_naming_the_most_that_do() -> None:
    """1/8 of the national case (344 subjects, 11 years, 57 tree nodes) with the default 10,000 samples."""
    size = limits.Size(344, 11, 11, 70, 13, 1, 47_000, 57, 10_000, 4, 13)
    [reason] = limits.check_time("gevoeligheid", size)
    most = int(reason.split("hoogstens ")[1].split()[0].replace(".", ""))
    assert 0 < most < 10_000 and f"passen hoogstens {limits.dutch_count(most)} steekproeven" in reason


def test_a_long_run_is_refused_before_work_and_allowed_with_lange_run(corpus_case, monkeypatch) -> None:
    from criteria.engine import columns
    from criteria.pipeline.work import Job

    monkeypatch.setattr(limits, "MAX_SECONDS", 0.5)  # the tiny corpus case: estimated at about 2 s (start-up)
    monkeypatch.setattr(columns, "evaluate", lambda *a, **k: (_ for _ in ()).throw(AssertionError("work started")))
    with pytest.raises(InputError) as err:
        load_inputs(corpus_case, job=Job("rapport"))
    [problem] = err.value.problems
    assert problem.file.endswith("case.toml") and problem.message.startswith("dit duurt te lang: deze opdracht")
    assert "--lange-run" in problem.suggestion
    with pytest.raises(InputError) as err:
        load_inputs(corpus_case, samples=10_000, job=Job("gevoeligheid"))
    [problem] = err.value.problems
    assert problem.file == "--steekproeven" and "--steekproeven" in problem.suggestion
    said: list[str] = []
    load_inputs(corpus_case, job=Job("rapport", long_run=True, announce=said.append))
    [notice] = said
    assert notice.startswith("Dit duurt naar schatting ") and "(--lange-run; zonder die optie" in notice
    load_inputs(corpus_case, job=Job("explain"))  # not timed: the cell limit bounds it


def test_too_many_samples_also_says_the_time_bound(corpus_case, monkeypatch) -> None:
    """A sample count above the memory limits and above the time bound gets both reasons at once, each naming its
    largest count: the user is not sent to a count that the next run refuses for its time."""
    from criteria.pipeline.work import Job

    monkeypatch.setattr(limits, "MAX_SAMPLE_CELLS", 100)
    monkeypatch.setattr(limits, "MAX_SECONDS", 0.5)
    with pytest.raises(InputError) as err:
        load_inputs(corpus_case, samples=10_000, job=Job("gevoeligheid"))
    messages = [problem.message for problem in err.value.problems]
    assert sorted(m.startswith(limits.SAMPLES_REASON) for m in messages) == [False, True]
    assert any(m.startswith(limits.TIME_REASON) for m in messages)
    monkeypatch.setattr(limits, "MAX_SECONDS", 10**6)
    with pytest.raises(InputError) as err:
        load_inputs(corpus_case, samples=10_000, job=Job("gevoeligheid"))
    [problem] = err.value.problems
    assert problem.message.startswith(limits.SAMPLES_REASON)

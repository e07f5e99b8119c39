"""Use cases behind the CLI: load inputs (reporting every problem at once), evaluate, and view the result."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from criteria.engine import Evaluation, evaluate
from criteria.errors import InputError, Problem
from criteria.load.case import MANIFEST, manifest_path, read_case
from criteria.load.ruleset import LoadedRuleset, load_ruleset
from criteria.model.case import Case, Manifest
from criteria.pipeline.reference_checks import check_case_data
from criteria.pipeline.work import Job, announce_long_run, memory_problems, work_problems
from criteria.result.view import ResultView
from criteria.rules.case_checks import check_applies_to, check_case, unknown_fields
from criteria.voorstel.prepare import prepare_case


@dataclass(frozen=True)
class Run:
    ruleset: LoadedRuleset
    case: Case
    evaluation: Evaluation
    result: ResultView  # the evaluation's columns with meta; breakdowns are built when asked
    warnings: list[Problem]


def load_inputs(
    case_path: Path,
    ruleset_path: Path | None = None,
    case_display: str | None = None,
    samples: int = 0,
    breakdowns: bool = False,
    job: Job | None = None,
) -> tuple[LoadedRuleset, Case, list[Problem]]:
    """Load case and ruleset; raise InputError with the problems of both; return warnings otherwise.

    `case_display` names the case in messages and in the result's data locations (default: the path as
    given); the archive passes the original name when it re-runs stored inputs from a temporary folder.
    The work the inputs ask for is checked here, once, before any evaluation (criteria/pipeline/work.py);
    `samples` is the Monte Carlo sample count of `gevoeligheid` (0: none); `breakdowns`: the command builds the
    breakdown of every score (limits.MAX_BREAKDOWN_CELLS); `job`: what the command does with the evaluation, for
    the time estimate (refused above limits.MAX_SECONDS unless job.long_run; with it the estimate is announced).
    """
    ruleset: LoadedRuleset | None = None
    ruleset_problems: list[Problem] = []
    tried = False

    def admit(manifest: Manifest, data_bytes: int) -> list[Problem]:
        """The ruleset, read before the case's tables: the memory guard needs it (work.memory_problems)."""
        nonlocal ruleset, tried
        path = ruleset_path or manifest_path(case_path).parent / manifest.ruleset
        tried = True
        try:
            ruleset = load_ruleset(path, _display(path))
        except InputError as err:
            ruleset_problems.extend(err.problems)
            return []
        return memory_problems(ruleset, manifest, data_bytes, _manifest_display(case_path, case_display), samples)

    case, problems = read_case(case_path, case_display, admit)
    case_ok = case is not None and not any(p.severity == "fout" for p in problems)
    if ruleset_path is None and case is not None:
        ruleset_path = manifest_path(case_path).parent / case.manifest.ruleset
    problems.extend(ruleset_problems)
    if ruleset_path is not None and not tried:
        try:
            ruleset = load_ruleset(ruleset_path, _display(ruleset_path))
        except InputError as err:
            problems.extend(err.problems)
    too_much = []
    if case is not None and ruleset is not None:
        too_much = work_problems(ruleset, case, _manifest_display(case_path, case_display), samples, breakdowns, job)
        problems.extend(too_much)
    elsewhere: set[str] = set()
    if (
        case is not None
        and ruleset is not None
        and ruleset_path is not None
        and not too_much
        and unknown_fields(ruleset.compiled, case)
    ):
        elsewhere = fields_elsewhere(case_path, case, ruleset_path, problems)
    if case is not None and ruleset is not None and too_much:
        problems.extend(
            check_case(ruleset.compiled, case, elsewhere)
        )  # the rows: cheap; the reference groups would be work
    elif case is not None and ruleset is not None and not case_ok:
        problems.extend(
            check_case_data(ruleset.compiled, case, elsewhere)
        )  # the rows that could be read: all errors in one round
    elif case is not None and ruleset is not None:
        case, found = prepare_case(ruleset.compiled.ruleset, case)  # inventory measures, huidige situatie
        problems.extend(found)
        problems.extend(check_case_data(ruleset.compiled, case, elsewhere))
        problems.extend(check_applies_to(ruleset.compiled, case, ruleset.source.where))
    if not case_ok or any(p.severity == "fout" for p in problems) or case is None or ruleset is None:
        raise InputError(problems)
    announce_long_run(job, ruleset, case, samples)
    return ruleset, case, problems


def _manifest_display(case_path: Path, case_display: str | None) -> str:
    shown = case_display or str(case_path)
    return str(Path(shown) / MANIFEST) if case_path.is_dir() else shown


def fields_elsewhere(case_path: Path, case: Case, used: Path, problems: list[Problem]) -> set[str]:
    """The fields of the case's other rulesets (its own ruleset when another is used, and `other_rulesets`), so
    that data meant for them is not reported as unused. One that cannot be read is a warning here: it changes no
    score; `criteria validate` on that ruleset names its problems."""
    folder = manifest_path(case_path).parent
    paths = [folder / case.manifest.ruleset] + [folder / other for other in case.manifest.other_rulesets]
    fields: set[str] = set()
    for index, path in enumerate(paths):
        if path.resolve() == used.resolve():
            continue
        try:
            fields |= set(load_ruleset(path, _display(path)).compiled.ruleset.fields)
        except InputError as err:
            if index:  # the case's own ruleset, when another is used, is none of this case's business here
                key = f"other_rulesets[{index - 1}]"
                shown = case.source if case.source.endswith(".toml") else str(Path(case.source) / "case.toml")
                problems.append(
                    Problem(
                        shown,
                        key,
                        f"toetsingskader '{case.manifest.other_rulesets[index - 1]}' "
                        f"is niet te lezen ({len(err.errors)} fout(en)); de velden daarvan worden "
                        "als ongebruikt gemeld",
                        "waarschuwing",
                        "controleer het met criteria validate",
                    )
                )
    return fields


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def run(
    case_path: Path,
    ruleset_path: Path | None = None,
    case_display: str | None = None,
    breakdowns: bool = False,
    job: Job | None = None,
) -> Run:
    ruleset, case, warnings = load_inputs(case_path, ruleset_path, case_display, breakdowns=breakdowns, job=job)
    evaluation = evaluate(ruleset.compiled, case)
    return Run(ruleset, case, evaluation, ResultView.of(evaluation, ruleset.sha256), warnings)

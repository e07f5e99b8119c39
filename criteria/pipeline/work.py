"""The work guard (issue 11, class 14): how much work a case and a ruleset ask for, refused before it starts.

The counts come from what the inputs declare (subjects in scope, the years the engine reads, the ruleset's
parts, partners, the reference table); criteria.limits.check_work decides. Called once, by load_inputs, before
any evaluation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from criteria import limits
from criteria.engine.columns import evaluation_years
from criteria.errors import Problem
from criteria.files.memory import available_memory
from criteria.load.ruleset import LoadedRuleset
from criteria.model.case import Case, Manifest
from criteria.model.ruleset import Indicator, Ruleset, Signal


@dataclass(frozen=True)
class Job:
    """What the command will do with the evaluation, for the time estimate (limits.estimate_seconds): `command` one
    of limits.TIMED ('evaluate' as a table, 'json', 'rapport', 'rapport-volledig', 'gevoeligheid'); `long_run`:
    the user gave --lange-run (no time bound; the estimate is announced through `announce` before the work
    starts)."""

    command: str
    long_run: bool = False
    announce: Callable[[str], None] | None = None


def parts(ruleset: Ruleset) -> int:
    """The onderdelen of a ruleset the engine computes a column for: fields, derived fields, criteria, indicators
    and signals."""
    return (
        len(ruleset.fields)
        + len(ruleset.derived)
        + len(ruleset.criteria)
        + len(ruleset.indicators)
        + len(ruleset.signals)
    )


def subjects_evaluated(case: Case | Manifest) -> int:
    """Subjects in scope, plus the huidige situatie the engine adds for each voorstel (criteria/voorstel): what
    case.toml declares."""
    subjects = (case.manifest if isinstance(case, Case) else case).subjects.values()
    return sum(1 for s in subjects if s.in_scope) + sum(
        1 for s in subjects if s.in_scope and s.kind == "voorstel" and s.current
    )


def groups(ruleset: Ruleset, case: Case) -> tuple[int, int]:
    """What the reference-group comparisons cost per subject and year: (comparisons, gemeenten in the reference
    table). Each comparison gives every subject and year a group of up to that many members, each listed in the
    explanation. An upper bound: a ruleset-wide reference_group nullijn is counted for every indicator and signal."""
    if case.reference is None:
        return 0, 0
    uses = len(ruleset.group_comparisons())
    if ruleset.nullijn is not None and ruleset.nullijn.kind == "reference_group":
        items: list[Indicator | Signal] = [*ruleset.indicators.values(), *ruleset.signals.values()]
        uses += sum(1 for i in items if i.nullijn is None)
    return uses, len(case.reference.table.codes)


def cells(ruleset: LoadedRuleset, case: Case) -> int:
    """The rekencellen of evaluating `case` with `ruleset` (limits.work_cells)."""
    rs = ruleset.ruleset
    return limits.work_cells(
        subjects_evaluated(case),
        len(evaluation_years(ruleset.compiled)[1]),
        parts(rs),
        len(rs.fields),
        len(case.manifest.partners),
    )


def size(ruleset: LoadedRuleset, case: Case, samples: int = 0) -> limits.Size:
    """The counts a command's time grows with (limits.Size), from the read inputs."""
    return counted_size(ruleset, subjects_evaluated(case), len(case.manifest.partners), len(case.values), samples)


def counted_size(ruleset: LoadedRuleset, subjects: int, partners: int, values: int, samples: int = 0) -> limits.Size:
    """limits.Size of `ruleset` with these counts of the case (a benchmark that knows them without reading it)."""
    rs = ruleset.ruleset
    shown, all_years = evaluation_years(ruleset.compiled)
    return limits.Size(
        subjects=subjects,
        years=len(all_years),
        shown_years=len(shown),
        nodes=parts(rs),
        fields=len(rs.fields),
        partners=partners,
        values=values,
        tree_nodes=len(rs.criteria) + len(rs.indicators) + len(rs.signals),
        samples=samples,
        columns=len(ruleset.compiled.children.get(ruleset.compiled.root, [])),
        criteria=len(rs.criteria),
    )


def announce_long_run(job: Job | None, ruleset: LoadedRuleset, case: Case, samples: int = 0) -> None:
    """With --lange-run: say before the work starts how long it is estimated to take."""
    if job is None or not job.long_run or job.announce is None or job.command not in limits.TIMED:
        return
    seconds = limits.estimate_seconds(job.command, size(ruleset, case, samples))
    job.announce(
        f"Dit duurt naar schatting {limits.duration(seconds)} processortijd ({limits.LONG_RUN}; zonder die optie "
        f"is de grens {limits.duration(limits.MAX_SECONDS)})."
    )


def diff_problems(loaded: list[LoadedRuleset], case: Case, changes: int, shown: str) -> list[Problem]:
    """`diff --case` evaluates the case once per scored change (and twice more): refused above the diff limits."""
    return [
        Problem(
            shown,
            "",
            reason,
            suggestion="vergelijk zonder --case, of in kleinere stappen (minder wijzigingen per versie)",
        )
        for reason in limits.check_diff(
            changes, max(parts(lr.ruleset) for lr in loaded), max(cells(lr, case) for lr in loaded)
        )
    ]


def memory_problems(
    ruleset: LoadedRuleset, manifest: Manifest, data_bytes: int, case_file: str, samples: int = 0
) -> list[Problem]:
    """Before the case's tables are read: does what case.toml declares fit in the memory still available, the
    tables (`data_bytes`) included? (work_problems checks the rest once they are read.)"""
    memory = available_memory()
    if memory is None:
        return []
    rs = ruleset.ruleset
    reasons = limits.check_memory(
        subjects_evaluated(manifest),
        len(evaluation_years(ruleset.compiled)[1]),
        parts(rs),
        memory,
        fields=len(rs.fields),
        partners=len(manifest.partners),
        samples=samples,
        tree_nodes=len(rs.criteria) + len(rs.indicators) + len(rs.signals),
        data_bytes=data_bytes,
    )
    return [_memory_problem(reason, case_file, samples) for reason in reasons]


def _memory_problem(reason: str, case_file: str, samples: int) -> Problem:
    return Problem(
        case_file,
        "subjects",
        reason,
        suggestion=(
            "sluit andere programma's, splits de casus in kleinere casussen of toets minder jaren"
            + (", of geef minder steekproeven met --steekproeven" if samples else "")
            + "; zie docs/grenzen-en-fouten.md"
        ),
    )


def work_problems(
    ruleset: LoadedRuleset,
    case: Case,
    case_file: str,
    samples: int = 0,
    breakdowns: bool = False,
    job: Job | None = None,
) -> list[Problem]:
    """The work limits this evaluation would exceed, located: the case.toml (its subjects) and, for the years, the
    ruleset's `years`; a sample count above its limit names the option --steekproeven. With a `job`, also its
    estimated time (limits.check_time): refused above limits.MAX_SECONDS unless job.long_run."""
    rs = ruleset.ruleset
    _years, all_years = evaluation_years(ruleset.compiled)
    reasons = limits.check_work(
        subjects_evaluated(case),
        len(all_years),
        parts(rs),
        fields=len(rs.fields),
        partners=len(case.manifest.partners),
        values=len(case.values),
        samples=samples,
        tree_nodes=len(rs.criteria) + len(rs.indicators) + len(rs.signals),
        criteria=len(rs.criteria),
        groups=groups(rs, case),
        memory=available_memory(),
        breakdowns=breakdowns,
    )
    if job is not None and all(reason.startswith(limits.SAMPLES_REASON) for reason in reasons):
        # Too many samples is fixed by asking fewer, so the time bound is said as well: the user learns at once
        # which count fits both, instead of being sent to a count that the time bound then refuses.
        reasons += limits.check_time(job.command, size(ruleset, case, samples), job.long_run)
    if not reasons:  # the usual case: no need to look up the line of 'years' (a scan of the ruleset's text)
        return []
    file, line = ruleset.source.where(("years",))
    where = f"'years' in {file}" + (f", regel {line}" if line else "")
    problems = []
    for reason in reasons:
        if reason.startswith(limits.MEMORY_REASON):
            problems.append(_memory_problem(reason, case_file, samples))
        elif reason.startswith(limits.TIME_REASON):
            problems.append(
                Problem(
                    "--steekproeven" if job is not None and job.command == "gevoeligheid" else case_file,
                    "" if job is not None and job.command == "gevoeligheid" else "subjects",
                    reason,
                    suggestion=_time_advice(job, where),
                )
            )
        elif reason.startswith(limits.SAMPLES_REASON):
            problems.append(
                Problem(
                    "--steekproeven",
                    "",
                    reason,
                    suggestion="geef minder steekproeven met "
                    "--steekproeven, of toets minder onderwerpen of jaren tegelijk",
                )
            )
        elif reason.startswith(limits.LEAVE_ONE_OUT_REASON):
            problems.append(
                Problem(
                    file,
                    "criteria",
                    reason,
                    suggestion="gebruik gevoeligheid met een kleiner "
                    "toetsingskader (minder criteria); evaluate en explain werken wel",
                )
            )
        elif reason.startswith(limits.GROUP_REASON):
            problems.append(
                Problem(
                    case_file,
                    "reference",
                    reason,
                    suggestion=(
                        f"gebruik een kleinere referentietabel, minder vergelijkingen met een referentiegroep, of toets "
                        f"minder jaren ({where}); zie docs/grenzen-en-fouten.md"
                    ),
                )
            )
        else:
            problems.append(
                Problem(
                    case_file,
                    "subjects",
                    reason,
                    suggestion=(
                        f"splits de casus in kleinere casussen, of toets minder jaren ({where}); zie docs/grenzen-en-fouten.md"
                    ),
                )
            )
    return problems


def _time_advice(job: Job | None, where: str) -> str:
    """What the user can do about a run that would take too long."""
    start = f"geef {limits.LONG_RUN} om het toch te doen, of "
    if job is not None and job.command == "gevoeligheid":
        return start + "geef minder steekproeven met --steekproeven; zie docs/grenzen-en-fouten.md"
    return (
        start + f"splits de casus in kleinere casussen of toets minder jaren ({where}); zie docs/grenzen-en-fouten.md"
    )

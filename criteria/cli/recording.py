"""What the commands that can record a run (evaluate, explain, rapport) share: the evaluation with corrections
applied that they all start from, and recording it when asked (their options: criteria.cli.options)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from criteria.pipeline.run import Run
    from criteria.pipeline.work import Job
    from criteria.result.view import ResultView


def run_corrected(
    case: Path,
    ruleset: Path | None,
    correcties: list[str] | None,
    reden: str | None,
    breakdowns: bool = False,
    job: Job | None = None,
) -> tuple[Run, ResultView]:
    """Evaluate the case, then apply the asked corrections (checked: Dutch error listing every problem).
    `breakdowns`: the command builds every score's breakdown (a report, JSON, an archive record). `job`: what the
    command does with the evaluation, for the time estimate (criteria.cli.support.timed_job)."""
    from criteria.pipeline.corrections import correct
    from criteria.pipeline.run import run

    done = run(case, ruleset, breakdowns=breakdowns or bool(correcties), job=job)
    return done, correct(done.result, correcties or [], reden)


def record_if_asked(
    run: Run,
    case_path: Path,
    result: ResultView,
    *,
    command: str,
    label: str | None,
    archiveer: bool,
    archief: Path | None,
    parameters: dict | None = None,
    outputs: dict[str, bytes] | None = None,
) -> None:
    """Record the run when asked (--label, --archiveer, --archief) or when it carries a correction.

    `outputs`: rendered files to keep as the user saw them (e.g. {"rapport.html": data}); a command that must
    always be recorded (such as rapport) passes archiveer=True."""
    if not (label or archiveer or archief is not None or result.corrections):
        return
    from criteria.archive import archive_path, record_run
    from criteria.report.terminal.console import message_console

    stored = record_run(
        run,
        case_path,
        command=command,
        label=label,
        result=result,
        parameters=parameters,
        outputs=outputs,
        archive=archief,
    )
    # the last lines on the screen (issue 14): wrapped between words, not mid-word as a soft-wrapped note would be
    message_console().print(
        f"Vastgelegd in het archief als run {stored.run} ({archive_path(archief)}). "
        f"Later opnieuw rekenen en vergelijken: criteria archief verifieer {stored.run}",
        soft_wrap=False,
    )

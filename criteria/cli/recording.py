"""CLI options shared by the commands that can record a run (evaluate, explain, rapport): archive, label,
corrections; and the evaluation with corrections applied that they all start from."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from criteria.pipeline.run import Run
    from criteria.result.view import ResultView

ArchiefOpt = Annotated[Path | None, typer.Option(
    "--archief", help="Het archiefbestand (SQLite). Standaard: $CRITERIA_ARCHIEF, anders "
                      "$XDG_DATA_HOME/criteria/archief.sqlite (meestal ~/.local/share/criteria/archief.sqlite).",
    show_default=False)]
LabelOpt = Annotated[str | None, typer.Option(
    "--label", "-l", help="Leg de run vast in het archief, met dit label (bijvoorbeeld \"commissie Middelen "
                          "21-10-2020\").", show_default=False)]
ArchiveerOpt = Annotated[bool, typer.Option(
    "--archiveer", help="Leg de run vast in het archief, ook zonder label.")]
CorrectieOpt = Annotated[list[str] | None, typer.Option(
    "--correctie", metavar="CORRECTIE",
    help="Menselijke correctie van een score: ONDERWERP:JAAR:CRITERIUM=SCORE (0–10), bijvoorbeeld "
         "HH:2019:proces=7,5. Herhaalbaar; vraagt --reden; "
         "wordt altijd in het archief vastgelegd en naast de berekende score getoond.", show_default=False)]
RedenOpt = Annotated[str | None, typer.Option(
    "--reden", help="Waarom de correctie(s): besluit, vergadering, argument.", show_default=False)]


def run_corrected(case: Path, ruleset: Path | None, correcties: list[str] | None,
                  reden: str | None, breakdowns: bool = False) -> tuple[Run, ResultView]:
    """Evaluate the case, then apply the asked corrections (checked: Dutch error listing every problem).
    `breakdowns`: the command builds every score's breakdown (a report, JSON, an archive record)."""
    from criteria.pipeline.run import run
    from criteria.pipeline.corrections import correct
    done = run(case, ruleset, breakdowns=breakdowns or bool(correcties))
    return done, correct(done.result, correcties or [], reden)


def record_if_asked(run: Run, case_path: Path, result: ResultView, *, command: str, label: str | None,
                    archiveer: bool, archief: Path | None, parameters: dict | None = None,
                    outputs: dict[str, bytes] | None = None) -> None:
    """Record the run when asked (--label, --archiveer, --archief) or when it carries a correction.

    `outputs`: rendered files to keep as the user saw them (e.g. {"rapport.html": data}); a command that must
    always be recorded (such as rapport) passes archiveer=True."""
    if not (label or archiveer or archief is not None or result.corrections):
        return
    from criteria.archive import archive_path, record_run
    from criteria.report.terminal.console import message_console
    stored = record_run(run, case_path, command=command, label=label, result=result, parameters=parameters,
                        outputs=outputs, archive=archief)
    # the last lines on the screen (issue 14): wrapped between words, not mid-word as a soft-wrapped note would be
    message_console().print(f"Vastgelegd in het archief als run {stored.run} ({archive_path(archief)}). "
                            f"Later opnieuw rekenen en vergelijken: criteria archief verifieer {stored.run}",
                            soft_wrap=False)

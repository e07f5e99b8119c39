"""`criteria evaluate`: the table of all subjects × years, or the full result as JSON; optionally archived."""

from typing import Annotated

from criteria.cli.app import app, emit_stream, render, target
from criteria.cli.options import (
    ArchiefOpt,
    ArchiveerOpt,
    CaseArg,
    CorrectieOpt,
    ForceOpt,
    LabelOpt,
    LangeRunOpt,
    OutputOpt,
    RedenOpt,
    RulesetOpt,
    TableFormatOpt,
    number_option,
)
from criteria.cli.options import TableFormat as Format
from criteria.cli.recording import record_if_asked, run_corrected
from criteria.cli.support import guarded, timed_job


@app.command("evaluate")
@guarded
def evaluate_cmd(
    case: CaseArg,
    ruleset: RulesetOpt = None,
    format: TableFormatOpt = Format.tabel,
    output: OutputOpt = None,
    force: ForceOpt = False,
    label: LabelOpt = None,
    archiveer: ArchiveerOpt = False,
    archief: ArchiefOpt = None,
    correctie: CorrectieOpt = None,
    reden: RedenOpt = None,
    json_versie: Annotated[
        int,
        number_option(
            "--json-versie",
            low=1,
            high=2,
            help="Versie van het JSON-formaat bij --format json: 2 (standaard, "
            "getallen per onderwerp) of 1 (het oude formaat met een volledige boom per onderwerp en jaar).",
        ),
    ] = 2,
    lange_run: LangeRunOpt = False,
) -> None:
    """Beoordeel alle onderwerpen van een casus voor alle jaren: totaal, criteria, oordeel, volledigheid, trend.

    Met --label, --archiveer of --correctie wordt de run vastgelegd in het archief (zie 'criteria archief')."""
    dest = target(output, force)  # before the work: a path that cannot be written is refused at once
    records = bool(label or archiveer or archief is not None or correctie)
    tree_json = format is Format.json and json_versie == 1  # format 1 holds every score's breakdown
    done, result = run_corrected(
        case,
        ruleset,
        correctie,
        reden,
        breakdowns=tree_json or records,
        job=timed_job("json" if format is Format.json else "evaluate", lange_run),
    )
    if format is Format.json:
        from criteria.result.machine import write_result

        emit_stream(lambda stream: write_result(result, stream, json_versie), dest)
    else:
        from criteria.report.terminal.table import print_evaluation

        render(lambda console: print_evaluation(console, result, conclusion=True), dest)
    # recorded after the output is written, so the confirmation is the last line on the screen (issue 14)
    record_if_asked(done, case, result, command="evaluate", label=label, archiveer=archiveer, archief=archief)

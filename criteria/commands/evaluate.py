"""`criteria evaluate`: the table of all subjects × years, or the full result as JSON."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from criteria.cli_app import CaseArg, OutputOpt, RulesetOpt, app, emit, render
from criteria.cli_support import guarded


class Format(str, Enum):
    tabel = "tabel"
    json = "json"


@app.command("evaluate")
@guarded
def evaluate_cmd(
    case: CaseArg,
    ruleset: RulesetOpt = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="tabel (scherm) of json.")] = Format.tabel,
    output: OutputOpt = None,
) -> None:
    """Beoordeel alle onderwerpen van een casus voor alle jaren: totaal, criteria, oordeel, volledigheid, trend."""
    from criteria.app import run
    result = run(case, ruleset).result
    if format is Format.json:
        emit(result.model_dump_json(indent=2) + "\n", output)
        return
    from criteria.report.table import print_evaluation
    render(lambda console: print_evaluation(console, result), output)

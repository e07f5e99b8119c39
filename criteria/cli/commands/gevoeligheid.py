"""`criteria gevoeligheid`: how much the verdicts depend on the weights (Monte Carlo, flip points, leave-one-out)."""

from typing import Annotated

from criteria.cli.app import app, emit, render, target
from criteria.cli.options import (
    CaseArg,
    ForceOpt,
    LangeRunOpt,
    OutputOpt,
    RulesetOpt,
    TableFormatOpt,
    number_option,
)
from criteria.cli.options import TableFormat as Format
from criteria.cli.support import fail, guarded, timed_job

MAX_SAMPLES = 1_000_000
MAX_SEED = 2**63 - 1


@app.command("gevoeligheid")
@guarded
def gevoeligheid_cmd(
    case: CaseArg,
    ruleset: RulesetOpt = None,
    steekproeven: Annotated[
        int, number_option("--steekproeven", "-n", low=1, high=MAX_SAMPLES, help="Aantal trekkingen van de gewichten.")
    ] = 10_000,
    spreiding: Annotated[
        float,
        number_option(
            "--spreiding",
            low=0.0,
            high=100.0,
            help="Hoeveel een gewicht van gemiddelde grootte typisch afwijkt, in procenten van zijn waarde.",
        ),
    ] = 20.0,
    seed: Annotated[
        int,
        number_option(
            "--seed",
            low=0,
            high=MAX_SEED,
            help="Startgetal van de toevalsgenerator: dezelfde seed geeft dezelfde uitkomst.",
        ),
    ] = 2020,
    format: TableFormatOpt = Format.tabel,
    output: OutputOpt = None,
    force: ForceOpt = False,
    lange_run: LangeRunOpt = False,
) -> None:
    """Hoe gevoelig zijn de oordelen voor de gewichten? Kansen per oordeel, bandbreedte van het totaal,
    stabiliteit van de rangorde, exacte kantelpunten per gewicht en het totaal zonder elk criterium."""
    if spreiding == 0:
        fail("--spreiding moet groter dan 0 en hoogstens 100 (procent) zijn")
    dest = target(output, force)  # before the work
    from criteria.engine import evaluate
    from criteria.engine.sensitivity import Settings
    from criteria.pipeline.run import load_inputs

    loaded, case_model, _warnings = load_inputs(
        case, ruleset, samples=steekproeven, job=timed_job("gevoeligheid", lange_run)
    )
    ev = evaluate(loaded.compiled, case_model)
    settings = Settings(samples=steekproeven, spread=spreiding / 100, seed=seed)
    context = shares = None
    if format is Format.tabel:  # its first lines: the robustness of every verdict, counted on the same samples
        from criteria.conclusion.compute import context_of

        context = context_of(ev, settings)
        shares = context.shares()
    sens = _with_progress(ev, settings, format is Format.tabel and dest.is_stdout, shares.add if shares else None)
    if context is not None and shares is not None:
        context.robust.update(shares.result())
    if format is Format.json:
        import json

        from criteria.report.terminal.gevoeligheid import sensitivity_json

        text = json.dumps(sensitivity_json(sens, ev, loaded.sha256), indent=2, ensure_ascii=False) + "\n"
        emit(text, dest)
        return
    from criteria.report.terminal.gevoeligheid import print_sensitivity

    render(lambda console: print_sensitivity(console, sens, ev, context), dest)


def _with_progress(ev, settings, show: bool, on_chunk=None):
    """Run the analysis; on a terminal with a progress bar (on stderr) while the samples are drawn."""
    import sys

    from criteria.engine.sensitivity import analyse
    from criteria.report.terminal.console import make_console

    if not (show and sys.stderr.isatty()):
        return analyse(ev, settings, on_chunk=on_chunk)
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    def dutch(n: int) -> str:
        return f"{n:,}".replace(",", ".")

    columns = (
        TextColumn("steekproeven"),
        BarColumn(),
        TextColumn("{task.fields[done]}/" + dutch(settings.samples)),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=make_console(stderr=True), transient=True) as bar:
        task = bar.add_task("steekproeven", total=settings.samples, done="0")
        return analyse(ev, settings, lambda done, _total: bar.update(task, completed=done, done=dutch(done)), on_chunk)

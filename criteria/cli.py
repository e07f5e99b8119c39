"""The `criteria` command (typer): parse arguments, call the engine, hand the result to a report.

Exit codes: 0 success, 2 bad input (or a usage error), 3 internal error. No traceback reaches a user.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from criteria.cli_support import fail, guarded, translate_typer

translate_typer()
app = typer.Typer(
    name="criteria",
    help="Toetst ambtelijke samenwerking aan een toetsingskader: scores per onderwerp en jaar, met herkomst "
         "van elk getal.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(str, Enum):
    tabel = "tabel"
    json = "json"


CaseArg = Annotated[Path, typer.Argument(help="Casusmap (met case.toml) of het pad naar case.toml.",
                                         show_default=False)]
RulesetOpt = Annotated[Optional[Path], typer.Option("--ruleset", "-r", help="Ander toetsingskader (TOML) dan "
                                                    "dat van de casus.", show_default=False)]
OutputOpt = Annotated[Optional[Path], typer.Option("--output", "-o", help="Schrijf naar dit bestand in plaats "
                                                   "van naar het scherm.", show_default=False)]


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


@app.command("explain")
@guarded
def explain_cmd(
    case: CaseArg,
    onderwerp: Annotated[str, typer.Option("--onderwerp", "-s", help="Id van het onderwerp, bijvoorbeeld HH.",
                                           show_default=False)],
    jaar: Annotated[int, typer.Option("--jaar", "-j", help="Het jaar, bijvoorbeeld 2019.", show_default=False)],
    ruleset: RulesetOpt = None,
    output: OutputOpt = None,
) -> None:
    """Leg één score uit: van het totaal tot elk invoergegeven en zijn bron."""
    from criteria.app import run
    result = run(case, ruleset).result
    subject = next((s for s in result.subjects if s.id.lower() == onderwerp.lower()), None)
    if subject is None:
        fail(f"onbekend onderwerp '{onderwerp}'; kies uit: " + ", ".join(s.id for s in result.subjects))
    if not subject.in_scope:
        fail(f"{subject.title} valt buiten deze toets: {subject.scope_reason or 'geen reden opgegeven'}")
    if jaar not in result.years:
        fail(f"jaar {jaar} hoort niet bij dit toetsingskader; kies uit: " + ", ".join(map(str, result.years)))
    from criteria.report.explain import print_explain
    render(lambda console: print_explain(console, result, subject, jaar), output)


@app.command("validate")
@guarded
def validate_cmd(
    files: Annotated[list[Path], typer.Argument(help="Toetsingskaders (TOML) en/of casussen (map of case.toml).",
                                                show_default=False)],
) -> None:
    """Controleer toetsingskaders en casussen; meldt alle problemen tegelijk, met bestand en plaats."""
    from criteria.validate import validate_paths
    from criteria.report.common import make_console
    problems = validate_paths(files)
    console = make_console(sys.stdout)
    errors = [p for p in problems if p.severity == "fout"]
    for p in problems:
        console.print(f"[{'red' if p.severity == 'fout' else 'yellow'}]{p.severity}[/]: {escape(p.render())}")
    warnings = len(problems) - len(errors)
    if errors:
        console.print(f"{len(errors)} fout(en), {warnings} waarschuwing(en).")
        raise typer.Exit(2)
    console.print(f"In orde: {len(files)} bestand(en) gecontroleerd, {warnings} waarschuwing(en).")


def escape(text: str) -> str:
    from rich.markup import escape as rich_escape
    return rich_escape(text)


def emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    from criteria.output import write_atomic
    write_atomic(output, text)


def render(draw, output: Path | None) -> None:
    from criteria.report.common import make_console
    if output is None:
        draw(make_console(sys.stdout))
        return
    import io
    buffer = io.StringIO()
    draw(make_console(buffer, width=120))
    emit(buffer.getvalue(), output)


def main() -> None:
    from criteria.cli_support import run_app
    run_app(app)


if __name__ == "__main__":
    main()

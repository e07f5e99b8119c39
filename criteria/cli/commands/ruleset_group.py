"""The group `criteria ruleset` without its commands (criteria/cli/commands/ruleset.py adds those): the list of
commands in `criteria --help` needs only its help text (criteria.cli.registry)."""

import typer

from criteria.cli.app import DUTCH_USAGE, app

ruleset_app = typer.Typer(
    help="Werken met één toetsingskader: tonen (opgelost, met herkomst), normtabellen "
    "exporteren naar en importeren uit een spreadsheet.",
    no_args_is_help=True,
    **DUTCH_USAGE,
)
app.add_typer(ruleset_app, name="ruleset")

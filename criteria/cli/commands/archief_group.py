"""The group `criteria archief` without its commands (criteria/cli/commands/archief.py adds those): the list of
commands in `criteria --help` needs only its help text (criteria.cli.registry)."""

import typer

from criteria.cli.app import DUTCH_USAGE, app

archief_app = typer.Typer(
    name="archief",
    help="Het archief van vastgelegde runs: bekijken, opnieuw rekenen, vergelijken, exporteren en de hashketen "
    "controleren. Een run wordt vastgelegd met 'criteria evaluate … --label \"…\"'.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    **DUTCH_USAGE,
)
app.add_typer(archief_app, name="archief")

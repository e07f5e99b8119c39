"""Which module registers which command of `criteria` (criteria/cli/commands/: importing a module registers its
command on criteria.cli.app.app). A run registers only the command it was given: importing the other modules and
building their options (typer's get_command builds every registered command) would cost every start some 25 ms."""

from __future__ import annotations

import typer

from criteria.cli.app import app

# command name -> its module in criteria/cli/commands/, in the order `criteria --help` lists them
COMMANDS = {
    "diff": "diff",
    "evaluate": "evaluate",
    "explain": "explain",
    "gevoeligheid": "gevoeligheid",
    "init": "init",
    "rapport": "rapport",
    "schema": "schema",
    "test": "selftest",
    "validate": "validate",
    "voorbeeld": "voorbeeld",
    "archief": "archief",
    "ruleset": "ruleset",
}


def register(args: list[str]) -> typer.Typer:
    """The application with the command that `args` (the command line after the program name) starts with, or with
    every command when it starts with none of them (help, --version, a misspelt command: typer then lists or
    suggests them all). In the order of COMMANDS, whichever was registered first."""
    wanted = [args[0]] if args and args[0] in COMMANDS else list(COMMANDS)
    for name in wanted:
        __import__(f"criteria.cli.commands.{COMMANDS[name]}")
    position = {name: i for i, name in enumerate(COMMANDS)}
    app.registered_commands.sort(key=lambda command: position[str(command.name)])
    app.registered_groups.sort(key=lambda group: position[str(group.name)])
    return app


def every_command() -> typer.Typer:
    """The application with all its commands (for tests that drive it without `main`)."""
    return register([])

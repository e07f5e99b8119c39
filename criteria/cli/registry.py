"""Which module registers which command of `criteria` (criteria/cli/commands/: importing a module registers its
command on criteria.cli.app.app). A run registers only the command it was given: importing the other modules and
building their options (typer's get_command builds every registered command) would cost every start some 25 ms.
The list of commands (`criteria --help`, a misspelt command) registers every command, and of the groups (archief,
ruleset) only the group with its help text, not its commands."""

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
GROUPS = {"archief": "archief_group", "ruleset": "ruleset_group"}  # a group without its commands


def _registered(modules: list[str]) -> typer.Typer:
    """The application once these modules are imported, its commands and groups in the order of COMMANDS
    (whichever was registered first)."""
    for module in modules:
        __import__(f"criteria.cli.commands.{module}")
    position = {name: i for i, name in enumerate(COMMANDS)}
    app.registered_commands.sort(key=lambda command: position[str(command.name)])
    app.registered_groups.sort(key=lambda group: position[str(group.name)])
    return app


def register(args: list[str]) -> typer.Typer:
    """The application with the command that `args` (the command line after the program name) starts with, or,
    when it starts with none of them (help, --version, a misspelt command: typer then lists or suggests them all),
    with every command and every group without its commands."""
    if args and args[0] in COMMANDS:
        return _registered([COMMANDS[args[0]]])
    return _registered([GROUPS.get(name, module) for name, module in COMMANDS.items()])


def every_command() -> typer.Typer:
    """The application with all its commands, also those of the groups (for tests that drive it without `main`)."""
    return _registered(list(COMMANDS.values()))

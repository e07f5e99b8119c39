"""criteria.cli.registry: a run registers only the command it was given, and the help always lists every command in
one order, whatever was registered before (tests run many commands in one process)."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import REPO, run_cli, run_cli_process
from test_startup import imports, loaded

from criteria.cli.registry import COMMANDS, GROUPS


def registered_in_a_fresh_process(code: str) -> list[str]:
    """The names of the commands and groups registered after running `code`, in the order typer builds them."""
    script = (
        "import json\nfrom criteria.cli.app import app\n"
        + code
        + "\nprint(json.dumps([c.name for c in app.registered_commands] + [g.name for g in app.registered_groups]))"
    )
    proc = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def test_the_registry_names_every_command_module_and_what_it_registers() -> None:
    modules = {p.stem for p in (REPO / "criteria" / "cli" / "commands").glob("*.py")} - {"__init__"}
    assert sorted([*COMMANDS.values(), *GROUPS.values()]) == sorted(modules)
    for name, module in [*COMMANDS.items(), *GROUPS.items()]:
        assert registered_in_a_fresh_process(f"import criteria.cli.commands.{module}") == [name]


def test_a_group_without_its_commands_lists_them_when_asked_for() -> None:
    """The list of commands registers the groups without their commands; the group itself registers them all."""
    for name in GROUPS:
        script = (
            f"from criteria.cli.commands.{name}_group import {name}_app as group\n"
            "from criteria.cli.registry import register\n"
            "register(['--help'])\nprint(len(group.registered_commands))\n"
            f"register(['{name}'])\nprint(len(group.registered_commands))\n"
        )
        proc = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True)
        listed, alone = map(int, proc.stdout.split())
        assert listed == 0 and alone >= 3, (name, listed, alone)


def test_the_help_of_a_group_lists_its_commands() -> None:
    proc = run_cli_process("archief", "--help")
    assert proc.returncode == 0
    for command in ("lijst", "toon", "verifieer", "vergelijk", "export", "controleer"):
        assert command in proc.stdout, command


def test_a_command_registers_only_itself_and_help_lists_all_in_one_order() -> None:
    assert registered_in_a_fresh_process("from criteria.cli.registry import register\nregister(['explain', 'x'])") == [
        "explain"
    ]
    every = list(COMMANDS)
    assert registered_in_a_fresh_process("from criteria.cli.registry import register\nregister(['--help'])") == every
    # registered in another order first (a command run, a module imported by a test): help keeps the order
    later = "import criteria.cli.commands.voorbeeld, criteria.cli.commands.archief\nfrom criteria.cli.registry import "
    assert registered_in_a_fresh_process(later + "register\nregister(['rapport'])\nregister(['evaluat'])") == every


def test_evaluate_imports_only_its_own_command_module() -> None:
    modules, proc = imports("evaluate", "cases/heemstede-bloemendaal")
    assert proc.returncode == 0, proc.stderr
    assert loaded(modules, "criteria.cli.commands") == ["criteria.cli.commands", "criteria.cli.commands.evaluate"]


def test_the_help_is_the_same_after_other_commands_ran_in_the_process() -> None:
    run_cli("voorbeeld", "--help")
    run_cli("evaluate", "--help")
    assert run_cli("--help").stdout == run_cli_process("--help").stdout


def test_a_misspelt_command_is_still_matched_against_every_command() -> None:
    proc = run_cli_process("evalueer")
    assert proc.returncode == 2
    assert "evaluate" in proc.stderr, proc.stderr

"""The typer/click internals that criteria's Dutch texts rely on (criteria/cli/dutch.py, criteria/cli/support.py).

typer has no translation catalogue, so criteria patches a few of its private functions and translates its English
messages by pattern. A typer release may move any of them; then these tests fail and name what moved, instead of
criteria silently showing English, or a traceback. pyproject.toml holds typer to the range tested here (the
TESTED_TYPER prefix); moving typer means: change the lock (requirements/lock.sh --upgrade-package typer), run these
tests, adapt dutch.py/support.py, and only then widen the range.
"""

from __future__ import annotations

import inspect
import json
import subprocess
import sys

import pytest
import typer
from conftest import REPO, run_cli
from typer import core as typer_core
from typer.main import get_command

TESTED_TYPER = "0.29."  # the minor version the patch is tested on; pyproject.toml admits only this one

# (module, attribute path, the parameter names of the function that criteria wraps or replaces)
PATCHED_FUNCTIONS = [
    ("typer._click.formatting", "HelpFormatter.write_usage", ["self", "prog", "args", "prefix"]),
    ("typer._click.core", "Command.get_help_option", ["self", "ctx"]),
    ("typer.core", "_TyperParameter.display_type", ["self", "ctx"]),
    ("typer.core", "TyperArgument._usage_display_name", ["self"]),
    ("typer.core", "TyperCommand.format_help", ["self", "ctx", "formatter"]),
    ("typer.core", "TyperGroup.format_help", ["self", "ctx", "formatter"]),
    ("typer.core", "_TyperParameter.get_runtime_param", ["self"]),  # start-up: coerce_only_given_values
]
EXCEPTIONS = [
    "UsageError",
    "NoArgsIsHelpError",
    "MissingParameter",
    "NoSuchOption",
    "BadParameter",
    "BadOptionUsage",
    "BadArgumentUsage",
]
HELP_TEXTS = [
    "ARGUMENTS_PANEL_TITLE",
    "OPTIONS_PANEL_TITLE",
    "COMMANDS_PANEL_TITLE",
    "REQUIRED_LONG_STRING",
    "DEFAULT_STRING",
    "ERRORS_PANEL_TITLE",
]
ENGLISH = [
    "Usage:",
    "No such",
    "Missing",
    "Invalid value",
    "Got unexpected",
    "is not one of",
    "requires an argument",
    "Did you mean",
    "not a valid",
    "Input should",
    "Show this message",
    "Error",
]


def attribute(module: str, path: str):
    found = __import__(module, fromlist=["_"])
    for name in path.split("."):
        assert hasattr(found, name), f"typer {typer.__version__}: {module}.{path} is gone ({name} missing)"
        found = getattr(found, name)
    return found


def test_typer_is_the_tested_version() -> None:
    assert typer.__version__.startswith(TESTED_TYPER), (
        f"typer {typer.__version__} is installed, the Dutch texts are tested on {TESTED_TYPER}x: install from the "
        "lock (requirements/), or move typer as this module's docstring says"
    )


def test_the_vendored_click_is_where_criteria_imports_it() -> None:
    # dutch.py gives up silently (English help) when this import fails; here it fails loudly
    from typer._click import core, exceptions, formatting  # noqa: F401

    from criteria.cli import support

    assert support.click_exceptions is exceptions


@pytest.mark.parametrize(
    ("module", "path", "parameters"), PATCHED_FUNCTIONS, ids=[f"{m}.{p}" for m, p, _ in PATCHED_FUNCTIONS]
)
def test_each_patched_function_exists_with_the_same_parameters(module: str, path: str, parameters: list[str]) -> None:
    function = inspect.unwrap(attribute(module, path))
    assert callable(function), f"{module}.{path} is no longer a function"
    if getattr(function, "_dutch", False):  # already patched in this process: check the patch kept the shape
        pytest.skip("patched in this process; the fresh process of test_the_patch_takes_effect checks it")
    assert list(inspect.signature(function).parameters) == parameters, (
        f"typer {typer.__version__}: {module}.{path}{inspect.signature(function)} changed"
    )


def test_the_exceptions_criteria_catches_are_usage_errors() -> None:
    for name in EXCEPTIONS:
        cls = attribute("typer._click.exceptions", name)
        assert issubclass(cls, attribute("typer._click.exceptions", "UsageError")), name
    assert callable(attribute("typer._click.exceptions", "UsageError.format_message"))


def test_the_help_module_has_the_texts_criteria_translates() -> None:
    from criteria.cli.support import rich_help_module

    rich_utils = rich_help_module()
    for name in HELP_TEXTS:
        assert isinstance(getattr(rich_utils, name, None), str), f"typer.rich_utils.{name} is gone"
    assert "{}" in rich_utils.DEFAULT_STRING


def test_an_argument_has_what_the_usage_line_patch_reads() -> None:
    from criteria.cli.registry import every_command

    case = next(
        p for p in get_command(every_command()).commands["evaluate"].params if isinstance(p, typer_core.TyperArgument)
    )
    assert (case.display_name_raw, case.required, case.nargs) == ("CASUS", True, 1)


def test_the_patch_takes_effect_in_a_fresh_process() -> None:
    """Patch as a help screen does, then look: every replaced function carries criteria's mark."""
    code = (
        "import json\n"
        "from criteria.cli.support import translate_help_when_drawn, translate_typer\n"
        "translate_help_when_drawn(); translate_typer()\n"
        "from typer._click import core, formatting\n"
        "from typer import core as tc, rich_utils\n"
        "print(json.dumps({'write_usage': getattr(formatting.HelpFormatter.write_usage, '_dutch', False),\n"
        "  'format_help': [getattr(c.format_help, '_dutch', False) for c in (tc.TyperCommand, tc.TyperGroup)],\n"
        "  'display_type': tc._TyperParameter.display_type.__module__,\n"
        "  'usage_name': tc.TyperArgument._usage_display_name.__module__,\n"
        "  'help_option': core.Command.get_help_option.__module__, 'panel': rich_utils.OPTIONS_PANEL_TITLE}))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {
        "write_usage": True,
        "format_help": [True, True],
        "display_type": "criteria.cli.dutch",
        "usage_name": "criteria.cli.dutch",
        "help_option": "criteria.cli.dutch",
        "panel": "Opties",
    }


USAGE_ERRORS = [
    (["--bogus"], "Onbekende optie: --bogus"),
    (["evaluat", "x"], "Onbekend commando 'evaluat'. Bedoelde u 'evaluate'"),
    (["evaluate"], "Argument 'CASUS' ontbreekt."),
    (["explain", "x"], "Optie '--onderwerp' / '-s' ontbreekt."),
    (
        ["evaluate", "x", "--format", "xml"],
        "Ongeldige waarde voor '--format' / '-f': 'xml' is niet een van 'tabel', 'json'.",
    ),
    (["evaluate", "x", "--format"], "Optie '--format' vraagt om een waarde."),
    (["evaluate", "x", "y"], "Onverwacht extra argument (y)"),
    (
        ["gevoeligheid", "x", "--steekproeven", "abc"],
        "Ongeldige waarde voor '--steekproeven' / '-n': dit is geen geheel getal",
    ),
    (
        ["gevoeligheid", "x", "--spreiding", "200"],
        "Ongeldige waarde voor '--spreiding': de waarde mag hoogstens 100 zijn",
    ),
]


@pytest.mark.parametrize(("args", "dutch"), USAGE_ERRORS, ids=[" ".join(a) for a, _ in USAGE_ERRORS])
def test_every_english_usage_message_is_translated(args: list[str], dutch: str) -> None:
    """click's English messages, as this typer words them, each match a pattern of criteria.cli.dutch."""
    from typer._click.exceptions import UsageError

    from criteria.cli.dutch import dutch_usage_message
    from criteria.cli.registry import every_command

    with pytest.raises(UsageError) as caught:
        get_command(every_command()).main(args, prog_name="criteria", standalone_mode=False)
    message = dutch_usage_message(caught.value.format_message())
    assert dutch in message and not [word for word in ENGLISH if word in message], message


def test_an_unknown_option_is_a_dutch_usage_error_without_traceback() -> None:
    proc = run_cli("--bogus")
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    assert proc.stderr.splitlines() == [
        "Fout (onbekende optie): Onbekende optie: --bogus",
        "Zie 'criteria --help' of 'criteria COMMANDO --help'.",
    ]


def _parameters(command) -> list:
    found = [p for p in command.params if isinstance(p, typer_core._TyperParameter)]
    for sub in getattr(command, "commands", {}).values():
        found += _parameters(sub)
    return found


def test_a_parameter_without_a_value_comes_out_as_typer_makes_it() -> None:
    """coerce_only_given_values answers None for typer without building its coercion: the same answer."""
    from typer._coercion import build_runtime_param

    from criteria.cli.registry import every_command
    from criteria.cli.support import _Unbuilt

    parameters = _parameters(get_command(every_command()))
    assert len(parameters) > 50 and any(p.multiple or p.nargs == -1 for p in parameters)
    for p in parameters:
        typers = build_runtime_param(p.type_descriptor).coerce(None, param=p, ctx=None)
        ours = _Unbuilt(lambda p=p: build_runtime_param(p.type_descriptor)).coerce(None, param=p, ctx=None)
        assert (type(ours), ours) == (type(typers), typers), p.name


def test_only_the_parameters_with_a_value_get_typers_coercion(monkeypatch) -> None:
    built = []
    build = typer_core.build_runtime_param

    def counted(descriptor):
        built.append(descriptor.annotation)
        return build(descriptor)

    monkeypatch.setattr(typer_core, "build_runtime_param", counted)
    done = run_cli("evaluate", "cases/heemstede-bloemendaal", "-f", "json", "-r", "rulesets/heemstede-2020.toml")
    assert done.returncode == 0 and done.stdout.startswith("{"), done.stderr
    # CASUS, --ruleset, --format, and --json-versie (its default 2); none for the options that were not given
    assert sorted(a.__name__ for a in built) == ["Path", "Path", "TableFormat", "int"], built
    done = run_cli("evaluate", "cases/heemstede-bloemendaal", "--json-versie", "abc")
    assert done.returncode == 2 and "--json-versie': dit is geen geheel getal" in done.stderr

"""CLI plumbing: Dutch messages for every failure, exit codes, no tracebacks."""

from __future__ import annotations

import functools
import sys
from typing import NoReturn

import typer

try:  # typer >= 0.20 vendors click as typer._click
    from typer._click import exceptions as click_exceptions
except ImportError:  # pragma: no cover - older typer with click as a dependency
    from click import exceptions as click_exceptions

EXIT_OK, EXIT_INPUT, EXIT_INTERNAL = 0, 2, 3


class UserFacingError(Exception):
    pass


def fail(message: str) -> NoReturn:
    raise UserFacingError(message)


def _stderr(text: str) -> None:
    from rich.console import Console
    from rich.markup import escape
    Console(stderr=True, highlight=False, soft_wrap=True).print(escape(text))


def guarded(command):
    """Turn every failure of a command into a Dutch message on stderr and a documented exit code."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        from criteria.errors import CriteriaError, InputError
        try:
            return command(*args, **kwargs)
        except typer.Exit:
            raise
        except InputError as err:
            errors = err.errors
            warnings = [p for p in err.problems if p.severity != "fout"]
            _stderr(f"Invoer afgekeurd: {len(errors)} fout(en)" + (f", {len(warnings)} waarschuwing(en)" if warnings else "") + ".")
            for p in err.problems:
                _stderr(f"- {p.severity}: {p.render()}")
            raise typer.Exit(EXIT_INPUT)
        except (CriteriaError, UserFacingError) as err:
            _stderr(f"Fout: {err}")
            raise typer.Exit(EXIT_INPUT)
        except KeyboardInterrupt:
            _stderr("Afgebroken.")
            raise typer.Exit(130)
        except OSError as err:
            _stderr(f"Fout bij lezen of schrijven van '{err.filename or ''}': {err.strerror or err}")
            raise typer.Exit(EXIT_INPUT)
        except Exception as err:  # noqa: BLE001 - the last line of defence: never a traceback
            _stderr(f"Interne fout in criteria ({type(err).__name__}: {err}). Meld dit aan de beheerder, "
                    "met het commando dat u gaf.")
            raise typer.Exit(EXIT_INTERNAL)

    return wrapper


USAGE_MESSAGES = {
    click_exceptions.MissingParameter: "ontbrekend argument of optie",
    click_exceptions.NoSuchOption: "onbekende optie",
    click_exceptions.BadParameter: "ongeldige waarde",
    click_exceptions.BadOptionUsage: "verkeerd gebruik van een optie",
    click_exceptions.BadArgumentUsage: "verkeerd gebruik van een argument",
}


def wants_help(args: list[str]) -> bool:
    """Will typer show a help screen for these arguments (no arguments, or -h/--help)?"""
    return not args or any(a in ("-h", "--help") for a in args)


def translate_typer() -> None:
    """Dutch headings in typer's help screens (imports typer's rich help module: call only for help)."""
    from typer import rich_utils
    rich_utils.ARGUMENTS_PANEL_TITLE = "Argumenten"
    rich_utils.OPTIONS_PANEL_TITLE = "Opties"
    rich_utils.COMMANDS_PANEL_TITLE = "Commando's"
    rich_utils.REQUIRED_LONG_STRING = "[verplicht]"
    rich_utils.DEFAULT_STRING = "[standaard: {}]"
    rich_utils.ERRORS_PANEL_TITLE = "Fout"
    from criteria.cli_dutch import patch_help_texts
    patch_help_texts()


def run_app(app: typer.Typer) -> None:
    if wants_help(sys.argv[1:]):
        translate_typer()
    try:
        code = app(standalone_mode=False)  # returns the exit code of a typer.Exit in this mode
    except click_exceptions.UsageError as err:
        kind = next((text for cls, text in USAGE_MESSAGES.items() if isinstance(err, cls)), "verkeerd gebruik")
        from criteria.cli_dutch import dutch_usage_message
        detail = dutch_usage_message(err.format_message())
        _stderr(f"Fout ({kind}): {detail}\nZie 'criteria --help' of 'criteria COMMANDO --help'.")
        sys.exit(EXIT_INPUT)
    except typer.Abort:
        _stderr("Afgebroken.")
        sys.exit(130)
    except typer.Exit as err:
        sys.exit(err.exit_code)
    except KeyboardInterrupt:
        _stderr("Afgebroken.")
        sys.exit(130)
    except Exception as err:  # noqa: BLE001 - outside any command (argument handling): still no traceback
        _stderr(f"Interne fout in criteria ({type(err).__name__}: {err}). Meld dit aan de beheerder, "
                "met het commando dat u gaf.")
        sys.exit(EXIT_INTERNAL)
    sys.exit(code if isinstance(code, int) else EXIT_OK)

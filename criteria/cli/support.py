"""CLI plumbing: Dutch messages for every failure, exit codes, no tracebacks."""

from __future__ import annotations

import functools
import importlib
import sys
import types
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from typer._click import exceptions as click_exceptions  # typer >= 0.20 vendors click (pyproject pins typer 0.29)

if TYPE_CHECKING:
    from criteria.pipeline.work import Job

EXIT_OK, EXIT_INPUT, EXIT_INTERNAL = 0, 2, 3


OUT_OF_MEMORY = (
    "er is niet genoeg geheugen; de opdracht is gestopt. Sluit andere programma's, splits de casus in kleinere "
    "casussen of toets minder jaren; zie docs/grenzen-en-fouten.md"
)


class UserFacingError(Exception):
    pass


def fail(message: str) -> NoReturn:
    raise UserFacingError(message)


def _stderr(text: str) -> None:
    from criteria.report.terminal.console import message_console

    message_console().print(text)


def say(text: str) -> None:
    """A note on stderr (what was written where, what was recorded): texts in it are shown inert."""
    _stderr(text)


def timed_job(command: str, lange_run: bool) -> Job:
    """What a command does with the evaluation, for the time estimate (limits.TIMED): --lange-run lifts the bound
    and the estimate is said on stderr before the work starts."""
    from criteria.pipeline.work import Job

    return Job(command, lange_run, say)


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
            _stderr(
                f"Invoer afgekeurd: {len(errors)} fout(en)"
                + (f", {len(warnings)} waarschuwing(en)" if warnings else "")
                + "."
            )
            for p in err.problems:
                _stderr(f"- {p.severity}: {p.render()}")
            raise typer.Exit(EXIT_INPUT)
        except (CriteriaError, UserFacingError) as err:
            _stderr(f"Fout: {err}")
            raise typer.Exit(EXIT_INPUT)
        except KeyboardInterrupt:
            _stderr("Afgebroken.")
            raise typer.Exit(130)
        except MemoryError:  # what the memory guard's estimate did not foresee: stopped, still in Dutch
            _stderr(f"Fout: {OUT_OF_MEMORY}")
            raise typer.Exit(EXIT_INPUT)
        except OSError as err:
            from criteria.files.writing import os_reason

            where = f" van '{err.filename}'" if err.filename else ""
            _stderr(f"Fout bij lezen of schrijven{where}: {os_reason(err)}")
            raise typer.Exit(EXIT_INPUT)
        except Exception as err:  # noqa: BLE001 - the last line of defence: never a traceback
            _stderr(
                f"Interne fout in criteria ({type(err).__name__}: {err}). Meld dit aan de beheerder, "
                "met het commando dat u gaf."
            )
            raise typer.Exit(EXIT_INTERNAL)

    return wrapper


USAGE_MESSAGES = {
    click_exceptions.MissingParameter: "ontbrekend argument of optie",
    click_exceptions.NoSuchOption: "onbekende optie",
    click_exceptions.BadParameter: "ongeldige waarde",
    click_exceptions.BadOptionUsage: "verkeerd gebruik van een optie",
    click_exceptions.BadArgumentUsage: "verkeerd gebruik van een argument",
}


class _Deferred(type):
    """Stands for a class or function of a module that is imported only when it is called or asked for more."""

    def _real(cls):
        return getattr(importlib.import_module(cls._module), cls.__name__)

    def __call__(cls, *args, **kwargs):
        return cls._real()(*args, **kwargs)

    def __getattr__(cls, name: str):
        if name.startswith("__"):  # what Python and typing ask any class: answer as a plain class would
            raise AttributeError(name)
        return getattr(cls._real(), name)


def _stand_in(module: str) -> types.ModuleType:
    def attribute(name: str) -> _Deferred:
        if name.startswith("__"):
            raise AttributeError(name)
        return _Deferred(name, (), {"_module": module})

    stand_in = types.ModuleType(module)
    stand_in.__getattr__ = attribute  # type: ignore[method-assign]
    return stand_in


def rich_help_module() -> Any:  # typer.rich_utils, whose module constants are patched
    """typer.rich_utils without importing what it needs only for help in Markdown (rich.markdown: markdown-it,
    pygments) and for typer's own tracebacks (rich.traceback): criteria uses rich markup and its own error
    messages. Those names stand in for the real ones, which are imported if they are ever used."""
    if "typer.rich_utils" in sys.modules:
        return sys.modules["typer.rich_utils"]
    stand_ins = {name: _stand_in(name) for name in ("rich.markdown", "rich.traceback") if name not in sys.modules}
    sys.modules.update(stand_ins)
    try:
        from typer import rich_utils
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
    return rich_utils


def translate_typer() -> None:
    """Dutch headings in typer's help screens (imports typer's rich help module: call only for help)."""
    rich_utils = rich_help_module()
    rich_utils.ARGUMENTS_PANEL_TITLE = "Argumenten"
    rich_utils.OPTIONS_PANEL_TITLE = "Opties"
    rich_utils.COMMANDS_PANEL_TITLE = "Commando's"
    rich_utils.REQUIRED_LONG_STRING = "[verplicht]"
    rich_utils.DEFAULT_STRING = "[standaard: {}]"
    rich_utils.ERRORS_PANEL_TITLE = "Fout"
    from criteria.cli.dutch import patch_help_texts

    patch_help_texts()


def translate_help_when_drawn() -> None:
    """Every help screen (-h/--help, a group without command, no arguments at all) is drawn by a typer command's
    format_help: translate just before that, so a run that shows no help never imports the help module."""
    from typer import core

    for command_class in (core.TyperCommand, core.TyperGroup):
        draw = command_class.format_help
        if getattr(draw, "_dutch", False):
            continue

        def format_help(self, ctx, formatter, _draw=draw):
            translate_typer()
            return _draw(self, ctx, formatter)

        format_help._dutch = True  # type: ignore[attr-defined]
        command_class.format_help = format_help  # type: ignore[method-assign]  # on purpose: Dutch texts (tests/test_typer_internals.py)


class _Unbuilt:
    """A parameter's coercion before its first value: no value gives what typer's RuntimeParam.coerce gives for
    none (None, or () for a list option), without the pydantic TypeAdapter typer builds to coerce a value; the
    first value builds it (`build`) and is coerced by it."""

    __slots__ = ("build",)

    def __init__(self, build: Callable[[], Any]) -> None:
        self.build = build

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if value is None:
            return () if param.multiple or param.nargs == -1 else None
        return self.build().coerce(value, param=param, ctx=ctx)


def coerce_only_given_values() -> None:
    """typer builds a pydantic TypeAdapter (~0.4 ms) for every parameter of the command that runs, also for each
    option that was not given, whose value (None) it then returns as is. Build it only for a value."""
    from typer import core

    build = core._TyperParameter.get_runtime_param
    if getattr(build, "_lazy", False):
        return

    def get_runtime_param(self):
        if self._runtime_param is None:
            return _Unbuilt(lambda: build(self))
        return self._runtime_param

    get_runtime_param._lazy = True  # type: ignore[attr-defined]
    core._TyperParameter.get_runtime_param = get_runtime_param  # type: ignore[method-assign]  # on purpose: start-up time (tests/test_typer_internals.py)


def run_app(app: typer.Typer) -> None:
    translate_help_when_drawn()
    coerce_only_given_values()
    try:
        code = app(standalone_mode=False)  # returns the exit code of a typer.Exit in this mode
    except click_exceptions.NoArgsIsHelpError as err:  # 'criteria' or 'criteria archief' alone: the help
        if err.format_message().strip():
            print(err.format_message())
        sys.exit(EXIT_OK)
    except click_exceptions.UsageError as err:
        kind = next((text for cls, text in USAGE_MESSAGES.items() if isinstance(err, cls)), "verkeerd gebruik")
        from criteria.cli.dutch import dutch_usage_message

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
        _stderr(
            f"Interne fout in criteria ({type(err).__name__}: {err}). Meld dit aan de beheerder, "
            "met het commando dat u gaf."
        )
        sys.exit(EXIT_INTERNAL)
    sys.exit(code if isinstance(code, int) else EXIT_OK)

"""The typer application and what commands share: writing to screen or file (their options: criteria.cli.options)."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from criteria.files.writing import Destination

# The placeholders of the usage line ("Gebruik: criteria evaluate [OPTIES] ..."); every typer app passes them.
DUTCH_USAGE: dict[str, Any] = {"options_metavar": "[OPTIES]", "subcommand_metavar": "COMMANDO [ARGUMENTEN]..."}

app = typer.Typer(
    name="criteria",
    help="Toetst ambtelijke samenwerking aan een toetsingskader: scores per onderwerp en jaar, met herkomst "
    "van elk getal.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    **DUTCH_USAGE,
)


def _show_version(wanted: bool) -> None:
    if wanted:
        from criteria import __version__

        typer.echo(f"criteria {__version__}")
        raise typer.Exit(0)


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Toon het versienummer van criteria en stop.", callback=_show_version, is_eager=True
        ),
    ] = False,
) -> None:
    """Options of `criteria` itself, before the command (the help text is the app's)."""


def target(output: Path | str | None, force: bool = False, binary: bool = False) -> Destination:
    """Check --output before any work (criteria.files.writing.destination): '-' or none is standard output."""
    from criteria.files.writing import destination

    return destination(output, force, binary)


def emit(text: str | bytes, output: Destination | Path | None, force: bool = False, text_file: bool = False) -> None:
    """Write the content whole to the checked destination (standard output, a pipe, or a file that is replaced
    atomically). `text_file`: plain text, which gets criteria's marker as its last line in a file."""
    from criteria.files.writing import TEXT_FOOTER, Destination, write

    dest = output if isinstance(output, Destination) else target(output, force)
    write(dest, text, footer=TEXT_FOOTER if text_file else None)


def emit_stream(write: Callable[[IO[str]], None], output: Destination | Path | None, force: bool = False) -> None:
    """Write a text that `write(stream)` produces piece by piece to the checked destination (standard output as it
    comes, or a file replaced atomically when the writing is done): never the whole text in memory."""
    from criteria.files.writing import Destination, opened

    dest = output if isinstance(output, Destination) else target(output, force)
    with opened(dest) as stream:
        write(stream)


def render(draw: Callable, output: Destination | Path | None, force: bool = False) -> None:
    """Draw rich output on the terminal (control characters from input texts made visible), or into a file
    (plain text, 120 columns, criteria's marker as the last line)."""
    from criteria.files.writing import Destination
    from criteria.report.common import make_console

    dest = output if isinstance(output, Destination) else target(output, force)
    if dest.is_stdout:
        draw(make_console(sys.stdout))
        return
    buffer = io.StringIO()
    draw(make_console(buffer, width=120))
    emit(buffer.getvalue(), dest, text_file=True)

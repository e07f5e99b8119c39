"""The options and arguments that several commands share, declared once: the case and its ruleset, where the
output goes, the output format, numeric ranges, and the recording options (archive, label, corrections) of the
commands that can record a run (evaluate, explain, rapport)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from criteria.cli.support import fail

CaseArg = Annotated[
    Path,
    typer.Argument(help="Casusmap (met case.toml) of het pad naar case.toml.", metavar="CASUS", show_default=False),
]
RulesetOpt = Annotated[
    Path | None,
    typer.Option("--ruleset", "-r", help="Ander toetsingskader (TOML) dan dat van de casus.", show_default=False),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Schrijf naar dit bestand in plaats van naar het scherm ('-': naar het scherm of de pipe).",
        show_default=False,
    ),
]
LangeRunOpt = Annotated[
    bool,
    typer.Option(
        "--lange-run",
        help="Sta een opdracht toe die naar schatting langer dan 30 seconden processortijd duurt (een grote casus); "
        "de geschatte duur wordt vooraf gemeld. De geheugengrens en de andere grenzen blijven gelden.",
    ),
]
ForceOpt = Annotated[
    bool,
    typer.Option("--force", help="Overschrijf het bestand van --output ook als het niet door criteria is gemaakt."),
]


class TableFormat(str, Enum):
    """Output of commands that draw a table: on screen, or JSON for tools."""

    tabel = "tabel"
    json = "json"


class TextFormat(str, Enum):
    """Output of commands that print a report as text: on screen, or JSON for tools."""

    tekst = "tekst"
    json = "json"


TableFormatOpt = Annotated[TableFormat, typer.Option("--format", "-f", help="tabel (scherm) of json.")]
TextFormatOpt = Annotated[TextFormat, typer.Option("--format", "-f", help="tekst (scherm) of json.")]


def file_output_option(help: str) -> typer.models.OptionInfo:
    """The required --output of a command that writes a file of a format chosen with --formaat or by extension."""
    return typer.Option("--output", "-o", help=help, show_default=False)


def format_option(help: str) -> typer.models.OptionInfo:
    """--formaat beside file_output_option: `help` names the formats; without it the extension decides."""
    return typer.Option(
        "--formaat",
        "-f",
        help=f"{help} Zonder deze optie volgt het formaat uit de extensie van --output.",
        show_default=False,
    )


Format = TypeVar("Format", bound=Enum)


def chosen_format(formaat: Format | None, output: Path, by_suffix: dict[str, Format]) -> Format:
    """The format asked with --formaat, else the one --output's extension names; neither: a Dutch usage error."""
    chosen = formaat or by_suffix.get(output.suffix.lower())
    if chosen is None:
        names = [f.value for f in type(next(iter(by_suffix.values())))]
        fail(
            f"kies een formaat met --formaat {_either(names, 'of')} (de naam '{output}' zegt het niet; criteria "
            f"herkent {_either(list(by_suffix), 'en')})"
        )
    return chosen


def _either(words: list[str], last: str) -> str:
    return ", ".join(words[:-1]) + f" {last} {words[-1]}" if len(words) > 1 else words[0]


def finite(value: float | None) -> float | None:
    """Callback of every decimal option: nan and inf are not numbers a user means (a range lets nan through)."""
    import math

    if value is not None and not math.isfinite(value):
        raise typer.BadParameter(f"'{value}' is geen eindig getal")
    return value


def number_option(*names: str, low: float, high: float, help: str, **kwargs) -> typer.models.OptionInfo:
    """A numeric option with its allowed range (every int and float option has one: an out-of-range value is a
    Dutch usage error, exit 2, before any work; tests/test_cli_options.py checks that none is missing)."""
    return typer.Option(
        *names, min=low, max=high, help=help, callback=finite if isinstance(low, float) else None, **kwargs
    )


ArchiefOpt = Annotated[
    Path | None,
    typer.Option(
        "--archief",
        help="Het archiefbestand (SQLite). Standaard: $CRITERIA_ARCHIEF, anders "
        "$XDG_DATA_HOME/criteria/archief.sqlite (meestal ~/.local/share/criteria/archief.sqlite).",
        show_default=False,
    ),
]
LabelOpt = Annotated[
    str | None,
    typer.Option(
        "--label",
        "-l",
        help='Leg de run vast in het archief, met dit label (bijvoorbeeld "commissie Middelen 21-10-2020").',
        show_default=False,
    ),
]
ArchiveerOpt = Annotated[bool, typer.Option("--archiveer", help="Leg de run vast in het archief, ook zonder label.")]
CorrectieOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--correctie",
        metavar="CORRECTIE",
        help="Menselijke correctie van een score: ONDERWERP:JAAR:CRITERIUM=SCORE (0–10), bijvoorbeeld "
        "HH:2019:proces=7,5. Herhaalbaar; vraagt --reden; "
        "wordt altijd in het archief vastgelegd en naast de berekende score getoond.",
        show_default=False,
    ),
]
RedenOpt = Annotated[
    str | None,
    typer.Option("--reden", help="Waarom de correctie(s): besluit, vergadering, argument.", show_default=False),
]

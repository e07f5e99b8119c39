"""`criteria ruleset toon|exporteer|importeer`: the resolved ruleset with provenance; norm tables to and
from a spreadsheet."""

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from criteria.cli.app import emit, target
from criteria.cli.commands.ruleset_group import ruleset_app
from criteria.cli.options import ForceOpt, OutputOpt, chosen_format, file_output_option, format_option
from criteria.cli.support import guarded

RulesetArg = Annotated[
    Path, typer.Argument(metavar="TOETSINGSKADER", help="Toetsingskader (TOML).", show_default=False)
]


class NormTableFormat(str, Enum):
    """The file a norm table is exported to (criteria ruleset exporteer)."""

    csv = "csv"
    xlsx = "xlsx"


class ShowFormat(str, Enum):
    herkomst = "herkomst"
    toml = "toml"
    json = "json"


@ruleset_app.command("toon")
@guarded
def show_cmd(
    ruleset: RulesetArg,
    format: Annotated[
        ShowFormat,
        typer.Option(
            "--format",
            "-f",
            help="herkomst (per waarde het bestand en de regel), toml (zelfstandig kader zonder extends) of json.",
        ),
    ] = ShowFormat.herkomst,
    output: OutputOpt = None,
    force: ForceOpt = False,
) -> None:
    """Toon het opgeloste toetsingskader (na 'extends'), met bij elke waarde het bestand dat haar vastlegde."""
    dest = target(output, force)  # before the work
    from criteria.authoring.toml_write import resolved_toml
    from criteria.load.ruleset import load_ruleset
    from criteria.report.terminal.provenance import provenance_json, provenance_text

    loaded = load_ruleset(ruleset, str(ruleset))
    rid = loaded.ruleset.id
    text = {
        ShowFormat.herkomst: lambda: provenance_text(loaded.source, rid),
        ShowFormat.toml: lambda: resolved_toml(loaded.source),
        ShowFormat.json: lambda: provenance_json(loaded.source, rid),
    }[format]()
    emit(text, dest, text_file=format is ShowFormat.herkomst)


@ruleset_app.command("exporteer")
@guarded
def export_cmd(
    ruleset: RulesetArg,
    output: Annotated[
        Path, file_output_option("Doelbestand: .xlsx of .csv ('-': naar de standaarduitvoer, met --formaat).")
    ],
    formaat: Annotated[NormTableFormat | None, format_option("csv of xlsx.")] = None,
    force: ForceOpt = False,
) -> None:
    """Schrijf de gewichten, scoring (ankers, banden, schalen), normen en nullijnen naar XLSX of CSV."""
    from criteria.authoring.sheets.export import table_content
    from criteria.cli.support import say
    from criteria.load.ruleset import load_ruleset

    kind = chosen_format(formaat, output, {".csv": NormTableFormat.csv, ".xlsx": NormTableFormat.xlsx})
    dest = target(output, force, binary=kind is NormTableFormat.xlsx)  # before the work
    loaded = load_ruleset(ruleset, str(ruleset))
    emit(table_content(loaded.source.data, kind.value), dest)
    if not dest.is_stdout:
        say(f"Normtabel van {loaded.ruleset.id} geschreven naar {output}.")


@ruleset_app.command("importeer")
@guarded
def import_cmd(
    ruleset: RulesetArg,
    table: Annotated[
        Path,
        typer.Argument(
            metavar="NORMTABEL", help="Normtabel (.xlsx of .csv), gemaakt met 'exporteer'.", show_default=False
        ),
    ],
    output: OutputOpt = None,
    force: ForceOpt = False,
) -> None:
    """Neem de instellingen uit een (bewerkte) normtabel over in het kader; schrijft een zelfstandig kader."""
    from criteria.authoring.sheets.importer import import_table
    from criteria.cli.support import say

    dest = target(output, force)  # before the work
    text = import_table(ruleset, table)
    emit(text, dest)
    if not dest.is_stdout:
        say(f"Nieuw toetsingskader geschreven naar {output}.")

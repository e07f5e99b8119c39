"""`criteria validate`: check rulesets and cases, every problem at once with file and place."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from criteria.cli.app import app, emit
from criteria.cli.options import TextFormat as Format
from criteria.cli.support import fail, guarded

STDIN_REFUSED = (
    "validate leest niet van de standaardinvoer ('-'): een toetsingskader verwijst met 'extends' en "
    "zijn tests naar bestanden naast zich, en een casus is een map met gegevensbestanden. Sla de tekst "
    "op in een bestand en geef dat pad, bijvoorbeeld: criteria validate kader.toml"
)


@app.command("validate")
@guarded
def validate_cmd(
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="BESTAND",
            help="Toetsingskaders (TOML) en/of casussen (map of case.toml); met "
            "--casus ook losse gegevensbestanden (CSV of XLSX).",
            show_default=False,
        ),
    ],
    casus: Annotated[
        Path | None,
        typer.Option(
            "--casus",
            help="Controleer de gegevensbestanden (CSV/XLSX) tegen deze casus: onderwerpen, partners, "
            "velden, eenheden, jaren en getallen zoals de casus ze leest.",
            show_default=False,
        ),
    ] = None,
    format: Annotated[
        Format, typer.Option("--format", "-f", help="tekst (scherm) of json (voor hulpmiddelen).")
    ] = Format.tekst,
) -> None:
    """Controleer toetsingskaders en casussen; meldt alle problemen tegelijk, met bestand, regel, plaats,
    ernst (fout of waarschuwing) en een voorstel. Exitcode 2 bij een fout.

    Eén eigen gegevensbestand controleren: criteria validate teams-2021.xlsx --casus cases/heemstede-bloemendaal"""
    if any(str(f) == "-" for f in files):
        fail(STDIN_REFUSED)
    from rich.text import Text

    from criteria.pipeline.validation import problems_json, validate_paths
    from criteria.report.common import make_console

    problems = validate_paths(files, casus)
    errors = [p for p in problems if p.severity == "fout"]
    if format is Format.json:
        emit(problems_json(problems, len(files)), None)
        if errors:
            raise typer.Exit(2)
        return
    console = make_console(sys.stdout)
    for p in problems:
        console.print(Text.assemble((p.severity, "red" if p.severity == "fout" else "yellow"), f": {p.render()}"))
    warnings = len(problems) - len(errors)
    if errors:
        console.print(f"{len(errors)} fout(en), {warnings} waarschuwing(en).")
        raise typer.Exit(2)
    console.print(f"In orde: {len(files)} bestand(en) gecontroleerd, {warnings} waarschuwing(en).")

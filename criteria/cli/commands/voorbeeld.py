"""`criteria voorbeeld MAP`: the bundled rulesets, cases and reference data in a new folder, after any install."""

from pathlib import Path
from typing import Annotated

import typer

from criteria.cli.app import app
from criteria.cli.support import guarded


@app.command("voorbeeld")
@guarded
def voorbeeld_cmd(
    folder: Annotated[
        Path, typer.Argument(metavar="MAP", help="Nieuwe of lege map voor de voorbeelden.", show_default=False)
    ],
) -> None:
    """Zet de meegeleverde voorbeelden in een nieuwe map: toetsingskaders (rulesets/), casussen (cases/) en de
    CBS-referentiegegevens om na te lezen (referentie/). Zo kunt u na een installatie meteen een casus
    evalueren of een eigen casus maken. Overschrijft niets: de map moet nieuw of leeg zijn."""
    from criteria.authoring.examples import DEFAULT_CASE, FOLDERS, REFERENCE, example_files
    from criteria.files.folder import check_new_folder, write_new_folder

    check_new_folder(folder)
    plan = example_files()
    write_new_folder(folder, {relative: source.read_bytes() for relative, source in plan.items()})
    typer.echo(f"{len(plan)} bestanden gezet in {folder}: " + ", ".join(f"{name}/" for name in (*FOLDERS, REFERENCE)))
    case = DEFAULT_CASE if any(DEFAULT_CASE in p.parents for p in plan) else None
    if case is not None:
        typer.echo(f"Volgende stap: criteria evaluate {(folder / case).as_posix()}")

"""`criteria validate`: check rulesets and cases, every problem at once with file and place."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from criteria.cli_app import app
from criteria.cli_support import guarded


@app.command("validate")
@guarded
def validate_cmd(
    files: Annotated[list[Path], typer.Argument(help="Toetsingskaders (TOML) en/of casussen (map of case.toml).",
                                                show_default=False)],
) -> None:
    """Controleer toetsingskaders en casussen; meldt alle problemen tegelijk, met bestand en plaats."""
    from rich.markup import escape

    from criteria.report.common import make_console
    from criteria.validate import validate_paths
    problems = validate_paths(files)
    console = make_console(sys.stdout)
    errors = [p for p in problems if p.severity == "fout"]
    for p in problems:
        console.print(f"[{'red' if p.severity == 'fout' else 'yellow'}]{p.severity}[/]: {escape(p.render())}")
    warnings = len(problems) - len(errors)
    if errors:
        console.print(f"{len(errors)} fout(en), {warnings} waarschuwing(en).")
        raise typer.Exit(2)
    console.print(f"In orde: {len(files)} bestand(en) gecontroleerd, {warnings} waarschuwing(en).")

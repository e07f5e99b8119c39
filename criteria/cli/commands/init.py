"""`criteria init ruleset|case NAME`: write a commented starting point that validates."""

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from criteria.cli.app import app, emit
from criteria.cli.support import fail, guarded


class Kind(str, Enum):
    ruleset = "ruleset"
    case = "case"


@app.command("init")
@guarded
def init_cmd(
    kind: Annotated[
        Kind, typer.Argument(metavar="SOORT", help="ruleset (toetsingskader met zelftests) of case (casus).")
    ],
    name: Annotated[
        str, typer.Argument(metavar="NAAM", help="Naam, bijvoorbeeld bureau-2022 of mijn-casus.", show_default=False)
    ],
    folder: Annotated[
        Path | None,
        typer.Option("--map", "-m", help="Map waarin het komt (standaard rulesets/ of cases/).", show_default=False),
    ] = None,
    ruleset: Annotated[
        Path | None,
        typer.Option(
            "--ruleset",
            "-r",
            help="Toetsingskader van de casus (alleen bij "
            "case). Standaard rulesets/heemstede-2020.toml; staat dat er nog "
            "niet, dan wordt het meegeleverde ernaast gezet.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Schrijf een becommentarieerd startpunt dat meteen geldig is: een toetsingskader met zelftests, of een
    casus met voorbeeldgegevens voor alle velden van een toetsingskader. Overschrijft niets."""
    from criteria.authoring import scaffold
    from criteria.files.writing import create

    if not name.strip() or "/" in name or "\\" in name or name.startswith("."):
        fail(f"ongeldige naam '{name}': gebruik letters, cijfers, - en _")
    schemas = Path("docs/schemas") if Path("docs/schemas").is_dir() else None
    out: dict[Path, str | bytes]  # the case's ruleset is copied byte for byte
    if kind is Kind.ruleset:
        target = folder or Path("rulesets")
        out = {**scaffold.ruleset_files(name, target, schemas)}
    else:
        from criteria.load.ruleset import load_ruleset

        target = folder or Path("cases")
        if ruleset is None:  # outside a checkout the default ruleset is not there yet: the bundled one is put there
            from criteria.authoring.examples import DEFAULT_RULESET, bundled_ruleset

            ruleset = source = DEFAULT_RULESET
            if not DEFAULT_RULESET.exists():
                source = bundled_ruleset()
        else:
            source = ruleset
        loaded = load_ruleset(source, str(ruleset))
        out = {**scaffold.case_files(name, target, ruleset, loaded.compiled, schemas)}
        if source != ruleset:
            out[ruleset] = source.read_bytes()  # byte for byte: the same SHA-256 in every result
    existing = [str(p) for p in out if p.exists()]
    if existing:
        fail("bestaat al, er is niets geschreven: " + ", ".join(existing))
    for path, text in out.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        create(path, text)
        emit(f"geschreven: {path}\n", None)
    first = next(iter(out))
    check = first.parent if kind is Kind.case else first
    emit(
        f"Controleer met: criteria validate {check}"
        + (f" en criteria test {first}" if kind is Kind.ruleset else "")
        + "\n",
        None,
    )

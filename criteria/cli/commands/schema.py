"""`criteria schema`: JSON Schema of the result, the ruleset or the case manifest."""

from enum import Enum
from typing import Annotated

import typer

from criteria.cli.app import app, emit, target
from criteria.cli.options import ForceOpt, OutputOpt
from criteria.cli.support import guarded


class SchemaKind(str, Enum):
    resultaat = "resultaat"
    ruleset = "ruleset"
    case = "case"
    test = "test"


def schema_json(kind: SchemaKind) -> str:
    from criteria.authoring.schemas import schema_text

    return schema_text(kind.value)


@app.command("schema")
@guarded
def schema_cmd(
    kind: Annotated[SchemaKind, typer.Argument(metavar="SOORT", help="resultaat, ruleset, case of test.")],
    output: OutputOpt = None,
    force: ForceOpt = False,
) -> None:
    """Schrijf het JSON Schema van het resultaat, een toetsingskader, een casus (case.toml) of een testbestand
    (<kader>.tests.toml). Editors gebruiken het voor aanvullen en foutmeldingen terwijl u typt."""
    dest = target(output, force)
    emit(schema_json(kind), dest)

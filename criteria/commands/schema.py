"""`criteria schema`: JSON Schema of the result, the ruleset or the case manifest."""

from __future__ import annotations

import json
from enum import Enum
from typing import Annotated

import typer

from criteria.cli_app import OutputOpt, app, emit
from criteria.cli_support import guarded


class SchemaKind(str, Enum):
    resultaat = "resultaat"
    ruleset = "ruleset"
    case = "case"


def schema_json(kind: SchemaKind) -> str:
    from criteria.model.case import Manifest
    from criteria.model.result import EvaluationResult
    from criteria.model.ruleset import Ruleset
    model = {SchemaKind.resultaat: EvaluationResult, SchemaKind.ruleset: Ruleset, SchemaKind.case: Manifest}[kind]
    return json.dumps(model.model_json_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


@app.command("schema")
@guarded
def schema_cmd(
    kind: Annotated[SchemaKind, typer.Argument(help="resultaat, ruleset of case.")],
    output: OutputOpt = None,
) -> None:
    """Schrijf het JSON Schema van het resultaat, een toetsingskader of een casus (case.toml)."""
    emit(schema_json(kind), output)

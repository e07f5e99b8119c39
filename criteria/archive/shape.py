"""The shape of a run record, checked in one step before any command reads it (pure).

Every command that reads records (lijst, toon, verifieer, vergelijk, export, controleer) goes through
`record_damage`: a record that is not valid JSON, or has a field of the wrong type or a missing field, is
reported as damaged with the field and what is wrong, never read half-way.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
Text = Annotated[str, Field(max_length=100_000)]
Scalar = str | int | float | bool | None


class _Part(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True, frozen=True)


class StoredFile(_Part):
    name: Text
    sha256: Sha256
    size: Annotated[int, Field(ge=0)]


class CaseRef(_Part):
    id: Text
    display: Text
    given_as: Literal["map", "bestand"]
    sha256: Sha256
    files: list[StoredFile] = Field(min_length=1)


class RulesetRef(StoredFile):
    display: Text
    id: Text
    version: Text
    ruleset_sha256: Sha256 | None = None


class StoredResult(StoredFile):
    format_version: Annotated[int, Field(ge=1, le=2)] = 1  # absent in records from before result format 2


class StoredCorrection(_Part):
    subject: Text
    year: int
    node: Text
    computed_score: float | None = None
    corrected_score: Annotated[float, Field(ge=0, le=10)]
    reason: Text


class RunRecord(_Part):
    format: int
    run: int
    prev_hash: Sha256
    time_utc: Text
    command: Text
    label: Text | None = None
    parameters: dict[str, Scalar] = Field(default_factory=dict)
    case: CaseRef
    ruleset: RulesetRef
    result: StoredResult
    corrections: list[StoredCorrection] = Field(default_factory=list)
    outputs: list[StoredFile] = Field(default_factory=list)
    engine_version: Text = "?"
    versions: dict[str, Text] = Field(default_factory=dict)


def _place(loc: tuple) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else ("." if text else "") + str(part)
    return text or "record"


def _message(error: Mapping[str, Any]) -> str:
    if error["type"] == "string_pattern_mismatch":
        return "geen geldige SHA-256-hash (64 tekens 0-9 en a-f)"
    from criteria.load.messages import dutch_message

    return dutch_message(error)


def record_damage(record: object) -> list[str]:
    """What is wrong with a parsed record (Dutch, one line per field); [] when it can be read."""
    if not isinstance(record, dict):
        return ["geen geldig runrecord (geen JSON-object)"]
    try:
        RunRecord.model_validate(record)
    except ValidationError as err:
        return [f"veld {_place(tuple(e['loc']))}: {_message(e)}" for e in err.errors()]
    return []


def damage_text(damage: list[str], most: int = 3) -> str:
    """'veld case.files[0].size: hier hoort een geheel getal, …; en nog 2 velden'."""
    text = "; ".join(damage[:most])
    return text + (f"; en nog {len(damage) - most} veld(en)" if len(damage) > most else "")

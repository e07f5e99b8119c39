"""A case: a samenwerking, its partners and subjects, and the data values (with bron)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from criteria.model.ruleset import Identifier

SubjectKind = Literal["vervlochten_team", "voorstel", "organisatie"]
Quality = Literal["A", "B", "C"]

KIND_LABELS = {
    "vervlochten_team": "vervlochten team",
    "voorstel": "voorstel",
    "organisatie": "organisatie",
}
QUALITY_LABELS = {
    "A": "A (gecontroleerde jaarrekening)",
    "B": "B (interne registratie)",
    "C": "C (reconstructie of schatting)",
}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Partner(Strict):
    name: str


class Subject(Strict):
    title: str
    kind: SubjectKind = "vervlochten_team"
    in_scope: bool = True
    scope_reason: str | None = None
    tags: list[str] = Field(default_factory=list)
    description: str | None = None


class Manifest(Strict):
    """case.toml"""

    id: Identifier
    title: str
    form: str = Field(min_length=1)
    description: str | None = None
    ruleset: str = Field(min_length=1)
    data: list[str] = Field(min_length=1)
    partners: dict[Identifier, Partner] = Field(min_length=1)
    subjects: dict[Identifier, Subject] = Field(min_length=1)


class DataValue(Strict):
    """One row of the long data table: a value of a field for a subject (or the samenwerking) in a year."""

    subject: str | None  # None: the samenwerking as a whole
    year: int
    field: str
    partner: str | None
    value: float | str
    unit: str
    bron: str
    quality: Quality
    file: str
    line: int | None  # CSV line number (None for XLSX)
    place: str  # how to name the row to a user: "regel 12" or "blad 'data', rij 12"

    @property
    def illustrative(self) -> bool:
        return "illustratief" in self.bron.lower()


class Case(Strict):
    manifest: Manifest
    values: tuple[DataValue, ...]
    sha256: str
    source: str = ""  # the case folder as given, for messages

    @property
    def illustrative_count(self) -> int:
        return sum(1 for v in self.values if v.illustrative)

    def in_scope(self) -> list[str]:
        return [sid for sid, s in self.manifest.subjects.items() if s.in_scope]

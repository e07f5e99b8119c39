"""A case: a samenwerking, its partners and subjects, and the data values (with bron)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from criteria import limits

from criteria.model.inventory import TaskLink, TaskRow
from criteria.model.values import CaseValues
from criteria.model.ruleset import Identifier, Strict, Tag, Year, distinct, too_many

SubjectKind = Literal["vervlochten_team", "voorstel", "organisatie", "huidige_situatie"]
Quality = Literal["A", "B", "C"]

KIND_LABELS = {
    "vervlochten_team": "vervlochten team",
    "voorstel": "voorstel",
    "organisatie": "organisatie",
    "huidige_situatie": "huidige situatie",  # computed for a voorstel, never written in case.toml
}
QUALITY_LABELS = {
    "A": "A (gecontroleerde jaarrekening)",
    "B": "B (interne registratie)",
    "C": "C (reconstructie of schatting)",
}


class Built(BaseModel):
    """A model the loaders build from checked rows (not read from TOML as is)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Partner(Strict):
    name: str


class TableFile(Strict):
    """A table the case reads (data, inventory, task mapping), with how to read it. In case.toml a bare path
    ("data/teams.csv") is short for { file = "data/teams.csv" }."""

    file: str = Field(min_length=1)
    number_format: Literal["1.234,5", "1,234.5"] | None = None  # how the file writes 1234.5; None: not declared
    sheet: str | None = Field(default=None, min_length=1)  # XLSX: the sheet to read


def _table_file(item: object) -> object:
    if isinstance(item, str):
        return {"file": item}
    if not isinstance(item, dict):
        raise ValueError("hier hoort een pad (tekst tussen aanhalingstekens) of een tabel zoals "
                         "{ file = \"data/teams.csv\", number_format = \"1.234,5\" }")
    return item


TableFileEntry = Annotated[TableFile, BeforeValidator(_table_file, json_schema_input_type=str | TableFile)]


class Subject(Strict):
    title: str
    kind: SubjectKind = "vervlochten_team"
    in_scope: bool = True
    scope_reason: str | None = None
    tags: list[Tag] = Field(default_factory=list)
    description: str | None = None
    partner: Identifier | None = None  # the municipality an organisation belongs to (task mapping columns)
    current: list[Identifier] | None = None  # voorstel: the subjects that make up today's situation
    task_mapping: TableFileEntry | None = None  # voorstel: file mapping the partners' task names to the merged ones
    years: list[Year] | None = None  # evaluated only in these years (a voorstel: the years of its raming)


class Manifest(Strict):
    """case.toml"""

    id: Identifier
    title: str
    form: str = Field(min_length=1)
    description: str | None = None
    ruleset: str = Field(min_length=1)
    data: list[TableFileEntry] = Field(min_length=1)
    inventories: list[TableFileEntry] = Field(default_factory=list)  # task inventories (taakinventarisatie)
    partners: dict[Identifier, Partner] = Field(min_length=1)
    subjects: dict[Identifier, Subject] = Field(min_length=1)

    @field_validator("subjects", "partners")
    @classmethod
    def _not_too_many(cls, items: dict, info) -> dict:
        limit = limits.MAX_SUBJECTS if info.field_name == "subjects" else limits.MAX_PARTNERS
        what = "onderwerp" if info.field_name == "subjects" else "partner"
        return distinct(too_many(items, limit, what + ("en" if what == "onderwerp" else "s")), what)

    def input_files(self) -> list[str]:
        """Every file the case reads besides case.toml, in the order hashed: data, inventories, task mappings."""
        return [t.file for t in self.tables()]

    def tables(self) -> list[TableFile]:
        """Every table the case reads, in the order hashed: data, inventories, task mappings."""
        mappings = [s.task_mapping for s in self.subjects.values() if s.task_mapping]
        return [*self.data, *self.inventories, *mappings]


class DataValue(Built):
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
    details: tuple[str, ...] = ()  # computed values: what lies behind the number (e.g. the tasks counted)

    @property
    def illustrative(self) -> bool:
        return "illustratief" in self.bron.lower()


def _as_columns(values: object) -> object:
    """Case(values=...) takes the columns, or records (a list of DataValue: self-tests, tests)."""
    if isinstance(values, CaseValues):
        return values
    if isinstance(values, (list, tuple)):
        return CaseValues.from_records([v if isinstance(v, DataValue) else DataValue.model_validate(v)
                                        for v in values])
    return values


class Case(Built):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    manifest: Manifest
    values: Annotated[CaseValues, BeforeValidator(_as_columns)]  # the data values as columns
    sha256: str
    source: str = ""  # the case folder as given, for messages
    inventory: tuple[TaskRow, ...] = ()  # task inventory rows of every subject and year
    task_links: dict[str, tuple[TaskLink, ...]] = Field(default_factory=dict)  # voorstel -> its task mapping

    @property
    def illustrative_count(self) -> int:
        return int(self.values.illustrative().sum())

    def in_scope(self) -> list[str]:
        return [sid for sid, s in self.manifest.subjects.items() if s.in_scope]

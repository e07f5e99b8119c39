"""A case: a samenwerking, its partners and subjects, and the data values (with bron)."""

from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from criteria import limits
from criteria.model.inventory import TaskLink, TaskRow
from criteria.model.ruleset import GemeenteCode, Identifier, Strict, Tag, Year, added, distinct, empty_list, too_many
from criteria.model.values import CaseValues
from criteria.schema_store import CachedSchema

SubjectKind = Literal["vervlochten_team", "voorstel", "organisatie", "huidige_situatie", "gemeente"]
Quality = Literal["A", "B", "C"]

KIND_LABELS = {
    "vervlochten_team": "vervlochten team",
    "voorstel": "voorstel",
    "organisatie": "organisatie",
    "huidige_situatie": "huidige situatie",  # computed for a voorstel, never written in case.toml
    "gemeente": "gemeente",
}
QUALITY_LABELS = {
    "A": "A (gecontroleerde jaarrekening)",
    "B": "B (interne registratie)",
    "C": "C (reconstructie of schatting)",
}


class Built(CachedSchema, BaseModel):
    """A model the loaders build from checked rows (not read from TOML as is)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Partner(Strict):
    name: str
    code: GemeenteCode | None = None  # CBS gemeentecode (e.g. GM0397), for reference groups


class ReferenceColumns(Strict):
    """Which column of an own reference table (wide layout) is what."""

    code: str = "gemeente_code"
    name: str | None = None
    province: str | None = None
    year: str = "jaar"
    document: str | None = None


class TableFile(Strict):
    """A table the case reads (data, inventory, task mapping), with how to read it. In case.toml a bare path
    ("data/teams.csv") is short for { file = "data/teams.csv" }."""

    file: str = Field(min_length=1)
    number_format: Literal["1.234,5", "1,234.5"] | None = None  # how the file writes 1234.5; None: not declared
    sheet: str | None = Field(default=None, min_length=1)  # XLSX: the sheet to read


def _table_file(item: object) -> object:
    if isinstance(item, str):
        return {"file": item}
    if isinstance(item, TableFile):  # built in code (self-tests)
        return item
    if not isinstance(item, dict):
        message = (
            "hier hoort een pad (tekst tussen aanhalingstekens) of een tabel zoals "
            '{ file = "data/teams.csv", number_format = "1.234,5" }'
        )
        # pydantic turns a ValueError (not a TypeError) into a located message, so TRY004 does not apply
        raise ValueError(message)  # noqa: TRY004
    return item


TableFileEntry = Annotated[TableFile, BeforeValidator(_table_file, json_schema_input_type=str | TableFile)]


class ReferenceSpec(Strict):
    """[reference]: a table of values for many gemeenten that are not scored (docs/referentiegroep.md)."""

    title: str | None = None
    source: Literal["cbs-iv3"] | None = None  # the bundled CBS Iv3 file
    file: TableFileEntry | None = None  # or an own table in the case folder
    layout: Literal["wide", "long"] = "wide"
    document: str | None = None  # only the rows of this document, e.g. "jaarrekening" or "begroting"
    columns: ReferenceColumns | None = None
    bron: str | dict[Identifier, Annotated[str, Field(min_length=1)]] | None = None
    quality: Quality | dict[str, Quality] | None = None
    tags: dict[Identifier, list[GemeenteCode]] = Field(default_factory=dict)  # tag -> codes

    @model_validator(mode="after")
    def _one_source(self) -> Self:
        if (self.source is None) == (self.file is None):
            raise ValueError(
                "geef óf 'source' (de meegeleverde CBS-tabel: source = \"cbs-iv3\") óf 'file' "
                "(een eigen tabel in de casusmap)"
            )
        if self.source is not None and (self.columns is not None or self.bron is not None or self.quality is not None):
            raise ValueError(
                'bij source = "cbs-iv3" liggen kolommen, bron en kwaliteit vast; '
                "laat 'columns', 'bron' en 'quality' weg"
            )
        return self


class Subject(Strict):
    title: str
    kind: SubjectKind = "vervlochten_team"
    in_scope: bool = True
    scope_reason: str | None = None
    tags: list[Tag] = Field(default_factory=empty_list)
    description: str | None = None
    partner: Identifier | None = None  # the municipality an organisation belongs to (task mapping columns)
    current: list[Identifier] | None = None  # voorstel: the subjects that make up today's situation
    task_mapping: TableFileEntry | None = None  # voorstel: file mapping the partners' task names to the merged ones
    years: list[Year] | None = None  # evaluated only in these years (a voorstel: the years of its raming)
    code: GemeenteCode | None = added()  # kind "gemeente": its CBS gemeentecode (e.g. GM0396)


class Manifest(Strict):
    """case.toml"""

    id: Identifier
    kind: Literal["samenwerking", "benchmark"] = "samenwerking"  # benchmark: one gemeente against a group
    title: str
    form: str = Field(min_length=1)
    description: str | None = None
    ruleset: str = Field(min_length=1)
    # Other rulesets (paths from the case folder) this case also holds data for: a field that one of them uses is
    # not reported as unused. They do not change any score and are not part of the case's fingerprint.
    other_rulesets: list[str] = Field(default_factory=empty_list)
    data: list[TableFileEntry] = Field(min_length=1)
    inventories: list[TableFileEntry] = Field(default_factory=empty_list)  # task inventories (taakinventarisatie)
    reference: ReferenceSpec | None = None
    partners: dict[Identifier, Partner] = Field(default_factory=dict)
    subjects: dict[Identifier, Subject] = Field(min_length=1)

    @model_validator(mode="after")
    def _partners_for_samenwerking(self) -> Self:
        if self.kind == "samenwerking" and not self.partners:
            raise ValueError(
                "een samenwerking vraagt om minstens één partner ([partners.ID]); "
                'toetst u één gemeente tegen een referentiegroep, zet dan kind = "benchmark"'
            )
        return self

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
        own_reference = [self.reference.file] if self.reference is not None and self.reference.file is not None else []
        return [*self.data, *self.inventories, *mappings, *own_reference]


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
        return CaseValues.from_records([v if isinstance(v, DataValue) else DataValue.model_validate(v) for v in values])
    return values


class Case(Built):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    manifest: Manifest
    values: Annotated[CaseValues, BeforeValidator(_as_columns)]  # the data values as columns
    sha256: str
    source: str = ""  # the case folder as given, for messages
    inventory: tuple[TaskRow, ...] = ()  # task inventory rows of every subject and year
    task_links: dict[str, tuple[TaskLink, ...]] = Field(default_factory=dict)  # voorstel -> its task mapping
    reference: Any = None  # criteria.load.reference.LoadedReference: the [reference] table, if any

    @property
    def illustrative_count(self) -> int:
        return int(self.values.illustrative().sum())

    def in_scope(self) -> list[str]:
        return [sid for sid, s in self.manifest.subjects.items() if s.in_scope]

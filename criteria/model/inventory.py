"""A task inventory (taakinventarisatie): who can carry which task, per subject per year, by pseudonym.

One `TaskRow` per (subject, year, task, employee). A `TaskLink` is one row of a voorstel's task mapping:
the names one task has at each partner, and its name in the merged team.
"""

from typing import Literal

from pydantic import BaseModel, ConfigDict

from criteria.schema_store import CachedSchema

Qualified = Literal["ja", "deels"]

# The measures an inventory yields; a ruleset field names one with `inventory = "..."`.
MEASURES: dict[str, tuple[str, str]] = {  # name -> (Dutch title, unit)
    "kritieke_taken": ("Kritieke taken", "aantal"),
    "kritieke_taken_gedekt": ("Kritieke taken met ten minste twee gekwalificeerde medewerkers", "aantal"),
    "dekking_kritieke_taken": ("Aandeel kritieke taken met ten minste twee gekwalificeerde medewerkers", "%"),
    "eenmansfuncties": ("Kritieke taken met precies één gekwalificeerde medewerker", "aantal"),
    "onbezette_kritieke_taken": ("Kritieke taken zonder gekwalificeerde medewerker", "aantal"),
    "kritieke_taken_deels": ("Kritieke taken met een gedeeltelijk gekwalificeerde vervanger", "aantal"),
    "fte_per_kritieke_taak": ("Fte op kritieke taken per kritieke taak", "fte"),
    "grootste_uitval": ("Kritieke taken die stilvallen bij uitval van één medewerker (grootste)", "aantal"),
    "sleutelpersonen": ("Medewerkers bij wier uitval een kritieke taak stilvalt", "aantal"),
}
InventoryMeasure = Literal[
    "kritieke_taken",
    "kritieke_taken_gedekt",
    "dekking_kritieke_taken",
    "eenmansfuncties",
    "onbezette_kritieke_taken",
    "kritieke_taken_deels",
    "fte_per_kritieke_taak",
    "grootste_uitval",
    "sleutelpersonen",
]


class TaskRow(CachedSchema, BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    subject: str
    year: int
    task: str
    critical: bool
    employee: str  # a pseudonym (M07), never a name
    partner: str  # the municipality the employee works for
    fte: float
    qualified: Qualified
    bron: str
    quality: Literal["A", "B", "C"]
    file: str
    line: int | None
    place: str


class TaskLink(CachedSchema, BaseModel):
    """One row of a task mapping: partner id -> that partner's task name, and the merged name."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    names: dict[str, str]
    merged: str
    file: str
    line: int | None
    place: str

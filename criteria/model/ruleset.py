"""The ruleset (toetsingskader): fields, derived fields, a criteria tree with indicators.

The TOML format mirrors these models one to one; docs/formaat-toetsingskader.md documents it.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

ID_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"
Identifier = Annotated[str, Field(pattern=ID_PATTERN, max_length=64)]
Score = Annotated[float, Field(ge=0, le=10, allow_inf_nan=False)]
Finite = Annotated[float, Field(allow_inf_nan=False)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Nullijn(Strict):
    """The baseline a measure is compared with."""

    kind: Literal["base_year", "reference", "fixed"]
    year: int | None = None
    field: Identifier | None = None
    value: Finite | None = None
    bron: str | None = None
    description: str | None = None

    @model_validator(mode="after")
    def _complete(self) -> "Nullijn":
        needed = {"base_year": "year", "reference": "field", "fixed": "value"}[self.kind]
        if getattr(self, needed) is None:
            raise ValueError(f"nullijn van soort '{self.kind}' vraagt om '{needed}'")
        return self


class LinearScoring(Strict):
    """Linear between the 'slecht' anchor (score 0) and the 'goed' anchor (score 10), clamped."""

    kind: Literal["linear"]
    slecht: Finite
    goed: Finite

    @model_validator(mode="after")
    def _distinct(self) -> "LinearScoring":
        if self.slecht == self.goed:
            raise ValueError("de ankers 'slecht' en 'goed' zijn gelijk; er is geen richting")
        return self


class Band(Strict):
    """A half-open band min <= measure < max; an absent bound is open."""

    min: Finite | None = None
    max: Finite | None = None
    score: Score
    label: str | None = None


class BandsScoring(Strict):
    kind: Literal["bands"]
    bands: list[Band] = Field(min_length=1)


class OrdinalScoring(Strict):
    """Labels (e.g. nee / deels / ja) each mapped to a score."""

    kind: Literal["ordinal"]
    scale: dict[str, Score] = Field(min_length=1)


class YesNoScoring(Strict):
    kind: Literal["yesno"]
    ja: Score = 10.0
    nee: Score = 0.0


Scoring = Annotated[
    Union[LinearScoring, BandsScoring, OrdinalScoring, YesNoScoring], Field(discriminator="kind")
]


class Norm(Strict):
    """A verdict on the measure: voldoet / voldoet niet. Knock-out caps or fails the parent."""

    at_least: Finite | None = None
    at_most: Finite | None = None
    one_of: list[str] | None = None
    knockout: Literal["none", "cap", "fail"] = "none"
    cap: Score | None = None

    @model_validator(mode="after")
    def _shape(self) -> "Norm":
        if self.at_least is None and self.at_most is None and not self.one_of:
            raise ValueError("een norm vraagt om 'at_least', 'at_most' of 'one_of'")
        if self.one_of and (self.at_least is not None or self.at_most is not None):
            raise ValueError("'one_of' gaat niet samen met 'at_least' of 'at_most'")
        if self.knockout == "cap" and self.cap is None:
            raise ValueError("knockout = \"cap\" vraagt om 'cap' (de maximale score van de ouder)")
        return self


class CriterionNorm(Strict):
    """The verdict on a criterion's score (default: the ruleset's pass_mark)."""

    at_least: Score


class FieldDef(Strict):
    """A raw datum the case supplies."""

    title: str
    unit: str = ""
    type: Literal["number", "label"] = "number"
    scope: Literal["subject", "samenwerking", "partner"] = "subject"
    description: str | None = None


class DerivedField(Strict):
    title: str
    unit: str = ""
    formula: str = Field(min_length=1)
    description: str | None = None


class Criterion(Strict):
    title: str
    parent: Identifier | None = None
    weight: Annotated[float, Field(ge=0, allow_inf_nan=False)] = 1.0
    toelichting: str | None = None
    norm: CriterionNorm | None = None
    applies_to: list[str] | None = None


class Indicator(Strict):
    title: str
    parent: Identifier
    weight: Annotated[float, Field(ge=0, allow_inf_nan=False)] = 1.0
    unit: str = ""
    formula: str = Field(min_length=1)
    measure: Literal["value", "difference", "relative_difference", "index"] = "value"
    nullijn: Nullijn | None = None
    scoring: Scoring
    norm: Norm | None = None
    toelichting: str = Field(min_length=1)
    applies_to: list[str] | None = None


class PeriodRule(Strict):
    """How the yearly totals become one period score and a trend label."""

    score: Literal["mean", "last", "min"] = "mean"
    trend_tolerance: Annotated[float, Field(ge=0, allow_inf_nan=False)] = 0.25


class Ruleset(Strict):
    id: Identifier
    version: str = Field(min_length=1)
    title: str
    authors: list[str] = Field(min_length=1)
    basis: str = Field(min_length=1)
    description: str | None = None
    years: list[int] = Field(min_length=1)
    nullijn: Nullijn | None = None
    missing_data: Literal["error", "reweigh"]
    pass_mark: Score = 5.5
    period: PeriodRule = PeriodRule()
    fields: dict[Identifier, FieldDef] = Field(default_factory=dict)
    derived: dict[Identifier, DerivedField] = Field(default_factory=dict)
    criteria: dict[Identifier, Criterion] = Field(min_length=1)
    indicators: dict[Identifier, Indicator] = Field(min_length=1)

    @field_validator("years")
    @classmethod
    def _years(cls, years: list[int]) -> list[int]:
        if len(set(years)) != len(years):
            raise ValueError("een jaar staat dubbel in 'years'")
        if any(y < 1900 or y > 2200 for y in years):
            raise ValueError("jaren moeten tussen 1900 en 2200 liggen")
        return sorted(years)

    @property
    def root(self) -> str:
        return next(cid for cid, c in self.criteria.items() if c.parent is None)

    def children(self, node_id: str) -> list[str]:
        """Child ids (criteria first, then indicators) in file order."""
        crit = [cid for cid, c in self.criteria.items() if c.parent == node_id]
        ind = [iid for iid, i in self.indicators.items() if i.parent == node_id]
        return crit + ind

    def nullijn_for(self, indicator_id: str) -> Nullijn | None:
        ind = self.indicators[indicator_id]
        return ind.nullijn or self.nullijn

    def node_title(self, node_id: str) -> str:
        if node_id in self.criteria:
            return self.criteria[node_id].title
        return self.indicators[node_id].title

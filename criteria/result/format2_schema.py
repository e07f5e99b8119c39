"""The shape of result format 2 as models: the source of `criteria schema resultaat` (JSON Schema 2020-12) and the
check, in the tests, that what criteria.result.format2 writes has exactly this shape (docs/resultaat-json.md)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from criteria.model.result import Correction, RunMeta, Verdict, VoorstelComparison
from criteria.model.ruleset import CriterionNorm, Norm, Nullijn, PeriodRule, ReferenceGroup, Scoring

SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "urn:criteria:schema:resultaat:2"

Number = float | None  # null: no number (missing, not applicable, not a finite number)
Value = float | str | None  # a label indicator's value and measure are its label


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CasePart(_Part):
    id: str
    title: str
    kind: Literal["samenwerking", "benchmark"]
    form: str
    partners: dict[str, str]


class CriterionDefinition(_Part):
    id: str
    kind: Literal["criterium"]
    title: str
    parent: str | None
    depth: int
    weight: float
    applies_to: list[str] | None
    children: list[str]
    signals: list[str]
    norm: CriterionNorm | None
    pass_mark: float = Field(description="het cijfer vanaf waar het criterium voldoet (eigen norm of pass_mark)")
    verdict_threshold: float = Field(
        description="de laagste score (vóór het afronden) die een cijfer ≥ pass_mark geeft"
    )


class _Measured(_Part):
    id: str
    title: str
    parent: str
    applies_to: list[str] | None
    unit: str
    value_unit: str
    formula: str
    reads: list[str]
    measure: Literal["value", "difference", "relative_difference", "index"]
    nullijn: Nullijn | None
    nullijn_from: Literal["indicator", "ruleset"] | None


class IndicatorDefinition(_Measured):
    kind: Literal["indicator"]
    depth: int
    weight: float
    value_type: Literal["number", "label"]
    scoring: Scoring
    norm: Norm | None


class SignalDefinition(_Measured):
    kind: Literal["signaal"]


class FieldDefinition(_Part):
    id: str
    title: str
    unit: str
    type: Literal["number", "label"]
    scope: Literal["subject", "samenwerking", "partner"]


class DerivedDefinition(_Part):
    id: str
    title: str
    unit: str
    formula: str


class GroupDefinition(ReferenceGroup):
    id: str


class RulesetPart(_Part):
    id: str
    version: str
    title: str
    basis: str
    years: list[int]
    data_years: list[int]
    pass_mark: float
    missing_data: Literal["error", "reweigh"]
    period: PeriodRule
    nullijn: Nullijn | None
    root: str
    nodes: list[Annotated[CriterionDefinition | IndicatorDefinition, Field(discriminator="kind")]]
    signals: list[SignalDefinition]
    fields: list[FieldDefinition]
    derived: list[DerivedDefinition]
    reference_groups: list[GroupDefinition]


class GroupNumbers(_Part):
    statistic: list[Number]
    members: list[int]
    rank: list[Number]
    percentile: list[Number]


class NullijnSource(_Part):
    subject: str
    year: int | None = Field(description="het basisjaar; null = hetzelfde jaar (de huidige situatie van een voorstel)")
    value: Number = None


class CriterionYears(_Part):
    applicable: bool
    score: list[Number]
    mark: list[Number]
    score_before_knockout: list[Number]
    verdict: list[Verdict]
    weight_share: list[Number]
    contribution: list[Number]
    completeness: list[Number]
    estimate_share: list[Number]
    knocked_out_by: list[list[str]]


class _MeasuredYears(_Part):
    applicable: bool
    value: list[Value]
    nullijn: list[Number] | None = None
    measure: list[Value]
    invalid: list[bool] | None = None
    estimate: list[bool] | None = None
    group: GroupNumbers | None = None
    scale: list[Number] | None = None
    nullijn_source: NullijnSource | None = None


class IndicatorYears(_MeasuredYears):
    score: list[Number]
    verdict: list[Verdict]
    weight_share: list[Number]
    contribution: list[Number]
    band: list[int | None] | None = None
    deviation: list[Number] | None = None
    norm_group: GroupNumbers | None = None


class SignalYears(_MeasuredYears):
    pass


class InputValue(_Part):
    field: str
    year: int
    partner: str | None
    value: Value
    subject: str | None
    bron: str | None
    quality: Literal["A", "B", "C"] | None
    file: str | None
    line: int | None
    place: str | None
    details: list[str]


class Trend(_Part):
    slope: Number
    trend: Literal["stijgend", "stabiel", "dalend", "onbekend"]


class Period(_Part):
    rule: Literal["mean", "last", "min"]
    score: Number
    mark: Number
    verdict: Verdict
    years_with_data: int
    trends: dict[str, Trend]


class SubjectPart(_Part):
    id: str
    title: str
    kind: str
    in_scope: bool
    scope_reason: str | None
    tags: list[str]
    years: list[int]
    baseline: str | None
    nodes: dict[str, CriterionYears | IndicatorYears] | None
    signals: dict[str, SignalYears] | None
    inputs: list[InputValue]
    period: Period | None


class ResultFormat2(_Part):
    """Het resultaat van criteria in formaat 2: getallen per onderwerp (docs/resultaat-json.md)."""

    format: Literal["criteria-resultaat"]
    format_version: Literal[2]
    meta: RunMeta
    case: CasePart
    ruleset: RulesetPart
    subjects: list[SubjectPart]
    corrections: list[Correction]
    comparisons: list[VoorstelComparison]


def result_schema() -> dict:
    """The JSON Schema (draft 2020-12) of result format 2, with its $schema and $id."""
    schema = ResultFormat2.model_json_schema()
    return {"$schema": SCHEMA_DRAFT, "$id": SCHEMA_ID, **schema}

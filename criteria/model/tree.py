"""The breakdown of a result: per subject-year a tree of nodes down to every input and its bron (NodeResult),
built on demand from the evaluation's columns (criteria.engine.breakdown, criteria.result.view).

EvaluationResult (every subject-year's tree in one model) is result format 1, kept to verify archived runs
(criteria.result.format1). Import these names from criteria.model.result (which imports this module when one of
them is first asked for) or from here.
"""

from typing import Literal

from pydantic import Field

from criteria.model.result import Correction, GroupResult, Out, RunMeta, Verdict, VoorstelComparison


def _is_samenwerking(value: object) -> bool:
    return value == "samenwerking"


class InputValue(Out):
    """A raw field value (with bron) or a derived field (with its formula filled in)."""

    name: str
    title: str
    unit: str
    year: int
    subject: str | None = None  # None: the samenwerking as a whole
    partner: str | None = None
    value: float | str | None
    bron: str | None = None
    quality: str | None = None
    location: str | None = None  # file and row of the data table
    formula: str | None = None
    formula_filled: str | None = None
    details: list[str] = []  # what lies behind a computed value, e.g. the tasks behind a kwetsbaarheid count


class NullijnResult(Out):
    kind: Literal["base_year", "reference", "fixed", "reference_group"]
    description: str
    value: float | None
    bron: str | None = None
    group: GroupResult | None = None


class IndicatorDetail(Out):
    unit: str  # the unit of the measure (what the norm and the scoring speak of)
    value_unit: str = ""  # the unit of the value and the nullijn (differs for difference-% and index measures)
    formula: str
    formula_filled: str
    value: float | str | None
    value_note: str | None = None  # why there is no value (missing input, division by zero, ...)
    measure_kind: Literal["value", "difference", "relative_difference", "index"]
    measure: float | str | None
    measure_formula: str | None = None
    nullijn: NullijnResult | None = None
    scoring: str
    norm: str | None
    knockout: str | None = None
    inputs: list[InputValue]
    what_if: list[str] = []  # "why not": margins to the next score point or band and to the norm (Dutch)
    norm_group: GroupResult | None = None  # a norm relative to a reference group
    deviation_text: str | None = None  # the subject against its group: '+16,7 %, +€ 1,66 mln'


class NodeResult(Out):
    id: str
    kind: Literal["criterium", "indicator", "signaal"]
    title: str
    weight: float
    weight_normalised: float | None  # share of the parent's score among children with data
    score: float | None
    score_before_knockout: float | None = None
    contribution: float | None  # weight_normalised × score
    verdict: Verdict
    verdict_reason: str
    completeness: float | None
    estimate_share: float | None = None  # share of the weight resting on illustratief or quality-C data
    toelichting: str | None = None
    knockouts: list[str] = []
    indicator: IndicatorDetail | None = None
    children: list["NodeResult"] = []


class YearResult(Out):
    year: int
    total: NodeResult


class CriterionTrend(Out):
    id: str
    title: str
    scores: dict[str, float | None]  # year (as text, for JSON) -> score
    slope: float | None
    trend: Literal["stijgend", "stabiel", "dalend", "onbekend"]


class PeriodSummary(Out):
    rule: Literal["mean", "last", "min"]
    score: float | None
    verdict: Verdict
    years_with_data: int
    trends: list[CriterionTrend]  # the total first, then the top-level criteria


class SubjectResult(Out):
    id: str
    title: str
    kind: str
    in_scope: bool
    scope_reason: str | None = None
    tags: list[str] = []
    years: list[YearResult] = []
    period: PeriodSummary | None = None


class EvaluationResult(Out):
    meta: RunMeta
    case_kind: Literal["samenwerking", "benchmark"] = Field(default="samenwerking", exclude_if=_is_samenwerking)
    case_title: str
    form: str
    partners: dict[str, str]
    ruleset_title: str
    ruleset_basis: str
    years: list[int]
    missing_data: Literal["error", "reweigh"]
    pass_mark: float
    subjects: list[SubjectResult]
    corrections: list[Correction] = []
    comparisons: list[VoorstelComparison] = []  # issue 4: each voorstel beside its huidige situatie

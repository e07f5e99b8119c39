"""The breakdown of a result: per subject-year a tree of nodes down to every input and its bron (NodeResult),
built on demand from the evaluation's columns (criteria.engine.breakdown, criteria.result.view), and the small
records a result carries (meta, corrections, period, voorstel comparisons).

EvaluationResult (every subject-year's tree in one model) is result format 1, kept to verify archived runs
(criteria.result.format1). Numbers are rounded to 6 decimals so that the same inputs give byte-identical output.
"""

from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from criteria.schema_store import CachedSchema

Verdict = Literal["voldoet", "voldoet niet", "geen norm", "onvoldoende gegevens", "niet van toepassing", "signaal"]


def _is_none(value: object) -> bool:
    return value is None


def _is_zero(value: object) -> bool:
    return not value


def _is_samenwerking(value: object) -> bool:
    return value == "samenwerking"


class Out(CachedSchema, BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


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


class GroupMember(Out):
    code: str
    name: str
    value: float | None
    bron: str | None = None


class GroupResult(Out):
    """A reference group behind a nullijn or a norm, for one subject-year (docs/referentiegroep.md)."""

    id: str
    title: str
    statistic: Literal["mean_of_ratios", "weighted_mean", "median", "p25", "p75"]
    statistic_text: str
    value: float | None  # the statistic
    unit: str = ""  # of the statistic and of the members' values (e.g. "€ per inwoner")
    members: int
    min_members: int
    rank: float | None  # 1 = lowest value, among the members plus the subject
    percentile: float | None  # share of the members below the subject (ties count half), 0–100
    subject_value: float | None  # the subject's own numerator / denominator
    deviation: float | None  # subject_value − value
    deviation_pct: float | None
    amount: float | None = None  # deviation × the subject's denominator (e.g. € for € per inwoner)
    amount_unit: str | None = None
    own_codes: list[str] = []  # the subject's gemeenten: never members of its own group
    member_list: list[GroupMember] = []  # sorted by value; top and bottom only when long
    members_left_out: int = 0  # members between top and bottom, not listed
    excluded: list[str] = []  # named exclusions with their reason
    condition: str | None = None
    source: str = ""  # the reference table


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


def walk(node: NodeResult, depth: int = 0) -> Iterator[tuple[NodeResult, int]]:
    """The node and all nodes below it, depth first, with their depth (the node itself has `depth`)."""
    yield node, depth
    for child in node.children:
        yield from walk(child, depth + 1)


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


class Correction(Out):
    """A human override of one node's score (issue 7): recorded and shown, never hiding the computed score."""

    subject: str
    year: int
    node: str  # criterion id (or "totaal"/root id)
    computed_score: float | None
    corrected_score: float
    reason: str


class CriterionComparison(Out):
    """One criterion of a voorstel beside the same criterion of its huidige situatie, in one year."""

    id: str
    title: str
    depth: int  # 0 for the total, 1 for its criteria, ...
    voorstel: float | None
    huidig: float | None
    verschil: float | None  # voorstel − huidig
    voorstel_verdict: Verdict
    huidig_verdict: Verdict
    oordeel: Literal["beter", "slechter", "gelijk", "onvoldoende gegevens"]  # of the difference (one decimal)


class VoorstelComparison(Out):
    """A voorstel against its huidige situatie (computed from the current subjects), per criterion."""

    voorstel: str
    huidige_situatie: str
    current: list[str]
    year: int
    criteria: list[CriterionComparison]


class RunMeta(Out):
    engine_version: str
    ruleset_id: str
    ruleset_version: str
    ruleset_sha256: str
    case_id: str
    case_sha256: str
    values_total: int
    values_illustrative: int
    # data quality (issue 13); left out of the JSON while zero or absent, so older results keep their bytes
    values_quality_c: int = Field(default=0, exclude_if=_is_zero)  # quality C, not already illustratief
    reference_values: int = Field(default=0, exclude_if=_is_zero)  # reference-table values used
    reference_estimates: int = Field(default=0, exclude_if=_is_zero)  # of which illustratief or quality C
    reference_title: str | None = Field(default=None, exclude_if=_is_none)
    reference_sha256: str | None = Field(default=None, exclude_if=_is_none)
    estimate_share: float | None = Field(default=None, exclude_if=_is_none)  # mean over subject-years


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

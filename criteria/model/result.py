"""The records a result carries (meta, corrections, reference groups, voorstel comparisons) and the names of the
breakdown tree (criteria.model.tree: per subject-year a tree of nodes down to every input and its bron, NodeResult),
built on demand from the evaluation's columns (criteria.engine.breakdown, criteria.result.view).

The tree models are imported from criteria.model.tree when first named here (`result.NodeResult`, `from
criteria.model.result import NodeResult`): a run that shows only the table (evaluate) does not create them.
Numbers are rounded to 6 decimals so that the same inputs give byte-identical output.
"""

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from criteria.schema_store import CachedSchema

if TYPE_CHECKING:  # for type checkers; at run time __getattr__ below imports them when first asked for
    from criteria.model.tree import (  # noqa: F401
        CriterionTrend,
        EvaluationResult,
        IndicatorDetail,
        InputValue,
        NodeResult,
        NullijnResult,
        PeriodSummary,
        SubjectResult,
        YearResult,
    )

Verdict = Literal["voldoet", "voldoet niet", "geen norm", "onvoldoende gegevens", "niet van toepassing", "signaal"]
TREE = frozenset(
    {
        "InputValue",
        "NullijnResult",
        "IndicatorDetail",
        "NodeResult",
        "YearResult",
        "CriterionTrend",
        "PeriodSummary",
        "SubjectResult",
        "EvaluationResult",
    }
)


def __getattr__(name: str) -> Any:
    """A tree model (criteria.model.tree), imported when first asked for."""
    if name in TREE:
        from criteria.model import tree

        return getattr(tree, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _is_none(value: object) -> bool:
    return value is None


def _is_zero(value: object) -> bool:
    return not value


class Out(CachedSchema, BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


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


def walk(node: "NodeResult", depth: int = 0) -> Iterator[tuple["NodeResult", int]]:
    """The node and all nodes below it, depth first, with their depth (the node itself has `depth`)."""
    yield node, depth
    for child in node.children:
        yield from walk(child, depth + 1)

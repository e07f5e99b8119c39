"""What a conclusion holds: data only (ids, verdict codes, numbers). Sentences come from criteria.conclusion.text.

Verdict codes are those of criteria.engine.scoring (PASS, FAIL, NO_DATA, ...). Scores are raw (unrounded); every
output rounds them as a rapportcijfer when it shows them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class YearMark:
    """The total in one year."""

    year: int
    score: float | None
    verdict: int


@dataclass(frozen=True)
class PeriodMark:
    """The total over the years the subject is evaluated in, by the ruleset's period rule."""

    score: float | None
    verdict: int
    rule: str  # "mean", "last" or "min"
    years: tuple[int, ...]  # the years with a total that the rule used


@dataclass(frozen=True)
class Reason:
    """A node that pulls the total below the pass mark, or carries it above (see docs/rekenregels.md).

    pull = Σ over the focus years of (year weight × the node's share of the total's weight × (score − pass mark)):
    the points of the total above (+) or below (−) the pass mark that this node accounts for. The pulls of the
    children of a criterion add up to the criterion's own pull (unless a knock-out caps it)."""

    node: str
    title: str
    score: float | None  # over the focus years (weighed as the pull)
    verdict: int  # the node's verdict: one year as the engine gives it; several years, see conclusion.reasons
    pull: float
    share: float  # the node's share of the total's weight, over the focus years
    knockout: bool = False  # a knock-out indicator that fails its norm and caps or fails its parent
    driver: Reason | None = None  # the indicator below that accounts for most of this pull (same direction)


@dataclass(frozen=True)
class Change:
    """One change of one indicator's measure in one year that turns the verdict of the total (re-evaluated).

    `measure_now`/`measure_new` are numbers, or labels for label indicators. `value_now`/`value_new` are the
    indicator's value when its measure is a difference, a relative difference or an index and the value can be
    given (the nullijn is known); else None. `condition`: "≥", "≤", "<", ">" or "=" (a label) for how the new
    measure is meant: at least, at most, below, above, equal to. `size` is the change as a share of the
    indicator's scale (0–1), the measure by which the smallest change is chosen."""

    year: int
    indicator: str
    title: str
    unit: str  # of the measure
    measure_kind: str  # "value", "difference", "relative_difference" or "index"
    measure_now: float | str
    measure_new: float | str
    condition: str
    value_unit: str
    value_now: float | None
    value_new: float | None
    score_now: float
    score_new: float
    total_new: float  # the total of that year with the change
    verdict_new: int  # the verdict the change gives (of the period, when the conclusion is about the period)
    size: float
    knockout: bool = False  # the change makes a knock-out norm pass or fail


@dataclass(frozen=True)
class Robustness:
    """How many alternative weightings keep the verdict (criteria.engine.sensitivity, fixed defaults)."""

    kept: float  # share of the samples with the same verdict (0–1)
    samples: int
    seed: int
    spread: float


@dataclass(frozen=True)
class Conclusion:
    subject: str
    title: str
    kind: str  # as shown: "vervlochten team", "voorstel", ...
    pass_mark: float  # the total's norm (the ruleset's pass mark unless the total has its own)
    years: tuple[YearMark, ...]
    period: PeriodMark | None  # None when the subject is evaluated in one year only
    focus: tuple[int, ...]  # the years the reasons, the change and the robustness are about
    score: float | None  # the total the conclusion is about: over the period, or of the one focus year
    verdict: int  # its verdict
    reasons: tuple[Reason, ...]  # in the direction of the verdict, strongest first (at most three)
    counter: Reason | None  # the strongest node pulling the other way, if any
    changes: tuple[Change, ...]  # the smallest changes that turn the verdict, smallest first (at most three)
    robustness: Robustness | None  # None unless asked for (it costs a Monte Carlo)
    estimate_share: float | None  # share of the weight resting on estimates (quality C or illustratief)

    @property
    def flip(self) -> Change | None:
        """The smallest single change that turns the verdict."""
        return self.changes[0] if self.changes else None


Flip = Change  # the name in the API agreed with the report documents (LOG 17:23)

"""What a conclusion is about (pure): one year's total, or the period's by the period rule (Focus), and the period
score from the yearly totals as the result computes it.

Their own module so that a conclusion without its changes and robustness (the evaluate table) imports neither
criteria.conclusion.changes nor the Monte Carlo.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from criteria.engine.breakdown import r


def period_score(rule: str, totals: Sequence[float]) -> float | None:
    """The period score from the yearly totals as shown (rounded to 6 decimals), as the result computes it."""
    shown = [cast(float, r(t)) for t in totals if not math.isnan(t)]  # r of a finite number is a number
    if not shown:
        return None
    if rule == "last":
        return shown[-1]
    if rule == "min":
        return min(shown)
    return r(sum(shown) / len(shown))


@dataclass(frozen=True)
class Focus:
    """What the change must turn: one year's total, or the period's (the years and the rule)."""

    positions: tuple[int, ...]  # year positions on the evaluation's year axis
    rule: str | None  # None: one year

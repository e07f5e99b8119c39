"""One criterion's aggregation step: weighted mean over the children with data, knock-outs, verdict.

The single implementation of the aggregation, shared by the engine and the sensitivity analysis. Child
scores have shape (subjects, years) or (samples, subjects, years); a weight is a number or an array that
broadcasts against them, e.g. shape (samples, 1, 1). Pure numpy: no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from criteria.engine import scoring as sc

Weight = float | np.ndarray
NO_VERDICTS = np.empty(0, dtype=np.int8)  # an aggregate computed without verdicts (combine(verdicts=False))


@dataclass(frozen=True)
class Child:
    score: np.ndarray  # NaN where the child has no score
    applicable: np.ndarray  # bool: the child applies to the subject

    @property
    def present(self) -> np.ndarray:
        """Applies and has a score: takes part in the weighted mean."""
        return self.applicable & ~np.isnan(self.score)


@dataclass(frozen=True)
class Knockout:
    """A knock-out indicator under the criterion: where `hit`, the criterion fails (and is capped at `cap`)."""

    hit: np.ndarray  # bool (subjects, years): the indicator fails its norm
    cap: float | None  # None: knockout = "fail" (the verdict only); a number: the score is capped too


@dataclass(frozen=True)
class Aggregate:
    score: np.ndarray
    score_before_knockout: np.ndarray
    verdict: np.ndarray  # int8 verdict codes (criteria.engine.scoring)
    applicable: np.ndarray
    present_weight: np.ndarray  # sum of the weights of the children with data
    applicable_weight: np.ndarray  # sum of the weights of the children that apply
    forced_fail: np.ndarray  # a knock-out hit


def combine(
    children: Sequence[Child],
    weights: Sequence[Weight],
    knockouts: Sequence[Knockout],
    in_scope: np.ndarray,
    threshold: float,
    verdicts: bool = True,
) -> Aggregate:
    """Weighted mean over the children with data (re-weighed over what is present), then knock-outs.

    `in_scope`: the criterion (and all its ancestors) apply to the subject; it applies only where some
    child with a positive weight applies. Verdict: voldoet from `threshold`, voldoet niet on a knock-out.
    `verdicts=False`: no verdict is computed (an empty array instead), for a caller that reads only the score.
    """
    shape = np.broadcast_shapes(
        np.shape(in_scope), *(np.shape(c.score) for c in children), *(np.shape(w) for w in weights)
    )
    num, present_w, applicable_w, term = (np.zeros(shape) for _ in range(4))
    stacked = _per_sample(children, weights, len(shape))
    if len(stacked) > 1:  # one weight per sample on fixed children: every sample in one matrix product
        per_sample = np.stack([np.reshape(weights[i], -1) for i in stacked], axis=1)  # (samples, children)
        for out, part in (
            (num, lambda c: np.where(c.present, c.score, 0.0)),
            (present_w, lambda c: c.present),
            (applicable_w, lambda c: c.applicable),
        ):
            rows = np.stack([np.broadcast_to(part(children[i]), shape[1:]).reshape(-1) for i in stacked])
            out += (per_sample @ rows.astype(float)).reshape(shape)
    for i, (child, w) in enumerate(zip(children, weights)):  # in place: no array allocated per child
        if len(stacked) > 1 and i in stacked:
            continue
        present = child.present
        num += np.multiply(w, np.where(present, child.score, 0.0), out=term)
        # w × 1 = w and adding w × 0 = +0 changes no sum of weights (they start at +0): the same sums, one pass less
        np.add(present_w, w, out=present_w, where=present)
        np.add(applicable_w, w, out=applicable_w, where=child.applicable)
    applicable = in_scope & (applicable_w > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(applicable & (present_w > 0), num / present_w, np.nan)
    # A weighted mean of marks in [0, 10] lies in [0, 10]; in floating point it can land an ulp outside
    # (ten times 10 with weights 0.2, 0.15, 0.05, 0.7 gives 10.000000000000002). Clip: NaN stays NaN.
    score = np.clip(mean, 0.0, 10.0)
    before = score
    forced_fail = np.zeros(shape, dtype=bool)
    for knock in knockouts:
        forced_fail = forced_fail | knock.hit
        if knock.cap is not None:
            score = np.where(knock.hit & ~np.isnan(score), np.minimum(score, knock.cap), score)
    return Aggregate(
        score,
        before,
        verdict(score, forced_fail, applicable, threshold) if verdicts else NO_VERDICTS,
        applicable,
        present_w,
        applicable_w,
        forced_fail,
    )


def _per_sample(children: Sequence[Child], weights: Sequence[Weight], ndim: int) -> list[int]:
    """The children whose weight is one number per sample (shape (samples, 1, …)) and whose score is the
    same in every sample (no samples axis)."""
    return [
        i
        for i, (c, w) in enumerate(zip(children, weights))
        if isinstance(w, np.ndarray)
        and w.ndim == ndim > 1
        and all(d == 1 for d in w.shape[1:])
        and np.ndim(c.score) < ndim
        and np.ndim(c.applicable) < ndim
    ]


def verdict(score: np.ndarray, forced_fail: np.ndarray, applicable: np.ndarray, threshold: float) -> np.ndarray:
    code = {c: np.int8(c) for c in (sc.PASS, sc.FAIL, sc.NO_DATA, sc.NOT_APPLICABLE)}  # int8 all the way
    with np.errstate(invalid="ignore"):
        out = np.where(score >= threshold, code[sc.PASS], code[sc.FAIL])
    out = np.where(forced_fail, code[sc.FAIL], out)
    out = np.where(np.isnan(score), code[sc.NO_DATA], out)
    return np.where(applicable, out, code[sc.NOT_APPLICABLE]).astype(np.int8)

"""Exact flip points of the total's verdict, and leave-one-criterion-out (pure; no I/O).

Change one weight to a share p of its siblings' total weight, the siblings rescaled proportionally. The
parent's weighted mean over the children with data is then (p·s + (1−p)·a) / (p + (1−p)·b), a ratio of
linear functions in p; every criterion above it is an increasing affine function of its child, capped by
knock-outs (a min with a constant). Walking down from the total gives the score each criterion must reach
for the total to voldoen; at the changed weight's parent that gives one linear equation p·D ≥ E, so the
flip point is p* = E / D, exactly. No sampling.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from criteria.engine import scoring as sc
from criteria.engine.aggregate import Aggregate
from criteria.engine.reweigh import Tree, rescore


@dataclass(frozen=True)
class Flips:
    """Where changing one weight flips the verdict of the total, per subject and year."""

    node: str
    parent: str
    share: float  # the weight's share of its siblings now (0–1)
    point: np.ndarray  # (subjects, years): the share at which the verdict flips; NaN where no share in (0, 1) does
    above: np.ndarray  # bool: the verdict flips when the share rises above `point` (else: falls below it)


def _cap(tree: Tree, cid: str, shape: tuple[int, ...]) -> np.ndarray:
    cap = np.full(shape, np.inf)
    for knock in tree.knockouts[cid]:
        if knock.cap is not None:
            cap = np.where(knock.hit, np.minimum(cap, knock.cap), cap)
    return cap


def _scores(tree: Tree, base: dict[str, Aggregate], node: str) -> tuple[np.ndarray, np.ndarray]:
    """A node's score and where it takes part in its parent's mean (applies and has a score)."""
    if node in base:
        score, applicable = base[node].score, base[node].applicable
    else:
        score, applicable = tree.indicators[node].score, tree.indicators[node].applicable
    return score, applicable & ~np.isnan(score)


def required_scores(
    tree: Tree, base: dict[str, Aggregate], target: np.ndarray | None = None
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """For every node (criteria and indicators): the score it must reach for the total to voldoen (all else as it
    is), and where the total's verdict depends on that score at all (no knock-out decides it regardless).

    `target`: the score the total must reach per subject-year (default: its threshold, from which it voldoet)."""
    root = base[tree.root]
    shape = root.score.shape
    need = {tree.root: np.full(shape, tree.thresholds[tree.root]) if target is None else target}
    reach = {tree.root: np.isin(root.verdict, (sc.PASS, sc.FAIL)) & ~root.forced_fail}
    for cid in reversed(tree.criteria):  # parents before children
        t = need[cid]
        ok = reach[cid] & (_cap(tree, cid, shape) >= t)
        reach[cid] = ok
        total_w = base[cid].present_weight
        for kid in tree.children[cid]:
            score, present = _scores(tree, base, kid)
            with np.errstate(invalid="ignore", divide="ignore"):
                beta = tree.weights[kid] / total_w
                alpha = base[cid].score_before_knockout - beta * np.where(present, score, 0.0)
                need[kid] = (t - alpha) / beta
            reach[kid] = ok & present & (beta > 0)
    return need, reach


def flip_points(tree: Tree, base: dict[str, Aggregate] | None = None) -> list[Flips]:
    """The flip point of every weight (every node but the total), in the tree's bottom-up order."""
    base = base or rescore(tree)
    need, reach = required_scores(tree, base)
    fails = base[tree.root].verdict == sc.FAIL
    out = []
    for cid in tree.criteria:
        kids = tree.children[cid]
        parts = [_scores(tree, base, k) for k in kids]
        for i, kid in enumerate(kids):
            others = sum(tree.weights[k] for j, k in enumerate(kids) if j != i)
            score, present = parts[i]
            if others <= 0:  # the only weight with a value: nothing to shift
                continue
            a_sum = sum(
                tree.weights[k] * np.where(p, s, 0.0) for j, (k, (s, p)) in enumerate(zip(kids, parts)) if j != i
            )
            b_sum = sum(tree.weights[k] * p for j, (k, (s, p)) in enumerate(zip(kids, parts)) if j != i)
            a, b, t = a_sum / others, b_sum / others, need[cid]
            d = np.where(present, score, 0.0) - t - a + t * b
            e = t * b - a
            with np.errstate(invalid="ignore", divide="ignore"):
                point = e / d
            valid = reach[cid] & present & (d != 0) & (point > 0) & (point < 1)
            out.append(Flips(kid, cid, tree.share(kid), np.where(valid, point, np.nan), (d > 0) == fails))
    return out


def leave_one_out(tree: Tree) -> dict[str, Aggregate]:
    """The total with each criterion (not the total itself) left out: its weight set to zero."""
    return {cid: rescore(tree, {cid: 0.0})[tree.root] for cid in tree.top_down() if cid != tree.root}

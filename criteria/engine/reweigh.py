"""Re-aggregate an evaluated criteria tree with other weights (pure; no I/O).

Indicator scores and knock-outs do not depend on weights, so they are read once from an Evaluation; the
criteria are then recomputed bottom-up with `aggregate.combine`, the engine's own aggregation step. A
weight may be an array, e.g. shape (samples, 1, 1) for many weight vectors at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np

from criteria.engine.aggregate import Aggregate, Child, Knockout, Weight, combine
from criteria.engine.columns import Evaluation, evaluated_years, knockouts, node_weight, threshold


@dataclass(frozen=True)
class Pin:
    """Where a criterion's score was set by hand (criteria.engine.corrected): kept whatever the weights below it."""

    mask: np.ndarray  # bool (subjects, years)
    score: np.ndarray
    verdict: np.ndarray


@dataclass(frozen=True)
class Tree:
    """What re-aggregation needs, read once from an Evaluation."""

    root: str
    criteria: list[str]  # bottom-up (children before parents)
    children: dict[str, list[str]]
    parent: dict[str, str]  # every node except the root -> its criterion
    weights: dict[str, float]  # every node except the root -> its weight in the ruleset
    titles: dict[str, str]
    indicators: dict[str, Child]
    knockouts: dict[str, list[Knockout]]
    in_scope: dict[str, np.ndarray]
    thresholds: dict[str, float]
    pinned: dict[str, Pin] = field(default_factory=dict)  # criterion -> where a human correction set its score

    def top_down(self) -> list[str]:
        """The criteria from the total down, siblings in the ruleset's order."""
        out, todo = [], [self.root]
        while todo:
            node = todo.pop(0)
            out.append(node)
            todo[:0] = [k for k in self.children[node] if k in self.children]
        return out

    def share(self, node: str) -> float:
        """The node's weight as a share of the weights of its siblings (0–1), as the ruleset sets it."""
        total = sum(self.weights[k] for k in self.children[self.parent[node]])
        return self.weights[node] / total if total > 0 else 0.0


def tree_of(ev: Evaluation) -> Tree:
    compiled = ev.compiled
    rs = compiled.ruleset
    crits = [n for n in compiled.postorder if n in rs.criteria]
    nodes = [n for n in compiled.postorder if n != compiled.root]
    evaluated = evaluated_years(ev)
    return Tree(
        root=compiled.root,
        criteria=crits,
        children={c: list(compiled.children[c]) for c in crits},
        parent={k: c for c in crits for k in compiled.children[c]},
        weights={n: node_weight(compiled, n) for n in nodes},
        titles={n: rs.node_title(n) for n in compiled.postorder},
        indicators={i: Child(c.score, c.applicable) for i, c in ev.indicators.items()},
        knockouts={c: list(knockouts(compiled, c, ev.indicators).values()) for c in crits},
        in_scope={c: _in_scope(ev.criteria[c].in_scope, evaluated) for c in crits},
        thresholds={c: threshold(compiled, c) for c in crits},
        pinned={c: Pin(m, ev.criteria[c].score, ev.criteria[c].verdict) for c, m in ev.pinned.items() if c in crits},
    )


def _in_scope(scope: np.ndarray | None, evaluated: np.ndarray) -> np.ndarray:
    """A criterion's scope, only in the subject-years that are evaluated (a voorstel: the years of its raming)."""
    return evaluated if scope is None else scope & evaluated


def rescore(
    tree: Tree,
    weights: Mapping[str, Weight] | None = None,
    only: set[str] | None = None,
    base: Mapping[str, Aggregate] | None = None,
    keep_only_root: bool = False,
) -> dict[str, Aggregate]:
    """Every criterion recomputed with `weights` (node -> weight; nodes not named keep the ruleset's). `only`:
    recompute just these criteria (e.g. the ancestors of one changed indicator) and take every other one from
    `base`, the aggregates of the same tree where nothing below them differs (the same numbers as recomputing).
    `keep_only_root`: a criterion's aggregate is dropped once its parent is computed (the memory of one chunk of
    samples stays that of a few criteria) and only the root gets verdicts; only the root's is returned."""
    weights = weights or {}
    done: dict[str, Aggregate] = {}
    for cid in tree.criteria:
        if only is not None and base is not None and cid not in only:
            done[cid] = base[cid]
            continue
        kids = tree.children[cid]
        children = [Child(done[k].score, done[k].applicable) if k in done else tree.indicators[k] for k in kids]
        done[cid] = combine(
            children,
            [weights.get(k, tree.weights[k]) for k in kids],
            tree.knockouts[cid],
            tree.in_scope[cid],
            tree.thresholds[cid],
            verdicts=not keep_only_root or cid == tree.root,
        )
        if cid in tree.pinned:
            done[cid] = _pinned(done[cid], tree.pinned[cid])
        if keep_only_root:
            for k in kids:
                done.pop(k, None)
    return done


def _pinned(agg: Aggregate, pin: Pin) -> Aggregate:
    """The aggregate with the scores set by hand where the pin says so (broadcast over samples)."""
    score = np.where(pin.mask, pin.score, agg.score)
    return replace(
        agg,
        score=score,
        score_before_knockout=np.where(pin.mask, pin.score, agg.score_before_knockout),
        verdict=np.where(pin.mask, pin.verdict, agg.verdict).astype(np.int8) if agg.verdict.size else agg.verdict,
        applicable=agg.applicable | pin.mask,
        forced_fail=agg.forced_fail & ~pin.mask,
    )

"""The main reasons behind a verdict (pure): which criteria pull the total below the pass mark, or carry it above.

The measure (docs/rekenregels.md, "De conclusie"): a node's pull in one year is its share of the total's weight
(the product of the normalised weights on the path from the total, over the children with data) times its score
minus the pass mark. Because a weighted mean minus the pass mark is the weighted sum of (score − pass mark), the
pulls of the criteria under the total add up exactly to (total − pass mark), and the pulls of the children of a
criterion to that criterion's pull, unless a knock-out caps it. Over several years the pulls are weighed as the
period rule weighs the years (mean: equally; last: the last year; min: the lowest year).

Column-wise: the pulls of every node are computed for many subjects at once (Pulls), the reasons of one subject
are then picked from them.
"""

from __future__ import annotations

import numpy as np

from criteria.conclusion.model import Reason
from criteria.engine import scoring as sc
from criteria.engine.columns import Evaluation, threshold

MAX_REASONS = 3
MIN_PART = 0.25  # a reason pulls at least this part of the strongest one (else it is not a main reason)


def year_weights(rule: str, totals: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """(subjects, years): how much each year counts for each subject's period, the years in `mask` with a total:
    equally (mean), the last one (last) or the lowest one (min). Each row sums to 1, or to 0 without a total."""
    present = mask & ~np.isnan(totals)
    weights = np.zeros(totals.shape)
    rows = np.flatnonzero(present.any(axis=1))
    if rule == "last":
        last = totals.shape[1] - 1 - np.argmax(present[:, ::-1], axis=1)
        weights[rows, last[rows]] = 1.0
    elif rule == "min":
        lowest = np.argmin(np.where(present, totals, np.inf), axis=1)
        weights[rows, lowest[rows]] = 1.0
    else:
        weights = present / np.maximum(present.sum(axis=1, keepdims=True), 1)
    return weights


BLOCK_CELLS = 1 << 18  # cells (nodes × subjects × years) per block of Pulls' arrays: 2 MB per temporary


class Pulls:
    """Share of the total's weight, pull and score of every node, for the subjects `rows` (arrays (len(rows),)),
    over the years weighed by `weights` (len(rows), evaluation years)."""

    def __init__(self, ev: Evaluation, rows: np.ndarray, weights: np.ndarray, pass_mark: float):
        self.ev, self.rows, self.weights, self.pass_mark = ev, rows, weights, pass_mark
        compiled = ev.compiled
        nodes = list(reversed(compiled.postorder))  # parents before children
        share = {compiled.root: np.ones(weights.shape)}
        for node in nodes:
            below = share[node] if node not in ev.pinned else np.where(ev.pinned[node][rows], 0.0, share[node])
            for kid in compiled.children.get(node, []):  # a score set by hand: what is below it does not count
                share[kid] = below * np.nan_to_num(ev.criteria[node].weight_share[kid][rows])
        self.score: dict[str, np.ndarray] = {}
        self.pull: dict[str, np.ndarray] = {}
        self.share: dict[str, np.ndarray] = {}
        # many nodes at once, (nodes, subjects, years): the same operations cell by cell as node by node, each sum
        # over one row of years; in blocks of nodes, so that a national case's temporaries stay small
        block = max(1, BLOCK_CELLS // max(1, weights.size))
        for start in range(0, len(nodes), block):
            part = nodes[start : start + block]
            score = np.stack([(ev.criteria[n] if n in ev.criteria else ev.indicators[n]).score[rows] for n in part])
            node_share = np.stack([share[n] for n in part])
            present = ~np.isnan(score) & (weights > 0)
            w = np.where(present, weights, 0.0)
            with np.errstate(invalid="ignore", divide="ignore"):
                mean = np.where(present.any(axis=2), np.sum(w * np.nan_to_num(score), axis=2) / w.sum(axis=2), np.nan)
            pull = np.sum(weights * np.nan_to_num(node_share * (score - pass_mark)), axis=2)
            self.score.update(zip(part, mean))
            self.pull.update(zip(part, pull))
            self.share.update(zip(part, np.sum(weights * node_share, axis=2)))

    def _counted(self, i: int) -> np.ndarray:
        return np.flatnonzero(self.weights[i] > 0)

    def verdict(self, node: str, i: int) -> int:
        """One focus year: the engine's verdict. Several: a criterion's score over them against its threshold;
        an indicator's most frequent verdict in them (the latest on a tie)."""
        ev = self.ev
        counted = self._counted(i)
        if node in ev.criteria and len(counted) > 1:
            mean = self.score[node][i]
            if np.isnan(mean):
                return sc.NO_DATA
            return sc.PASS if mean >= threshold(ev.compiled, node) else sc.FAIL
        cols = ev.criteria[node] if node in ev.criteria else ev.indicators[node]
        codes = [int(c) for c in cols.verdict[self.rows[i], counted]] or [sc.NO_DATA]
        return max(reversed(codes), key=codes.count)

    def knocked(self, cid: str, i: int) -> list[str]:
        """The knock-out indicators under `cid` that fail in a focus year (they cap or fail it)."""
        cols = self.ev.criteria[cid]
        counted = self._counted(i)
        return [k for k, mask in cols.knocked_by.items() if mask[self.rows[i], counted].any()]

    def reason(self, node: str, i: int, driver: Reason | None = None, knockout: bool = False) -> Reason:
        score = float(self.score[node][i])
        return Reason(
            node,
            self.ev.compiled.ruleset.node_title(node),
            None if np.isnan(score) else score,
            self.verdict(node, i),
            float(self.pull[node][i]),
            float(self.share[node][i]),
            knockout,
            driver,
        )

    def has_score(self, node: str, i: int) -> bool:
        return not np.isnan(self.score[node][i])


def _leaves(ev: Evaluation, node: str) -> list[str]:
    children = ev.compiled.children.get(node, [])
    if not children:
        return [node]
    return [leaf for kid in children for leaf in _leaves(ev, kid)]


def _driver(p: Pulls, node: str, i: int, sign: float) -> Reason | None:
    """The indicator under `node` that accounts for most of its pull in the direction `sign`; a failing knock-out
    first when the node pulls down (it caps or fails the node whatever the rest)."""
    if node not in p.ev.criteria:
        return None
    knocked = p.knocked(node, i)
    if knocked and sign < 0:
        return p.reason(knocked[0], i, knockout=True)
    leaves = [leaf for leaf in _leaves(p.ev, node) if p.has_score(leaf, i)]
    if len(leaves) < 2:
        return None
    best = max(leaves, key=lambda leaf: sign * p.pull[leaf][i])
    return p.reason(best, i) if sign * p.pull[best][i] > 0 else None


def main_reasons(p: Pulls, i: int, verdict: int) -> tuple[tuple[Reason, ...], Reason | None]:
    """For subject i of `p`: up to MAX_REASONS nodes under the total that push in the direction of the verdict,
    strongest first, each with its main indicator; and the strongest node pushing the other way."""
    if verdict not in (sc.PASS, sc.FAIL):
        return (), None
    ev = p.ev
    root = ev.compiled.root
    sign = 1.0 if verdict == sc.PASS else -1.0
    out: list[Reason] = []
    if sign < 0:  # a knock-out directly under the total decides it, whatever the scores
        out += [p.reason(k, i, knockout=True) for k in p.knocked(root, i)]
    taken = {r.node for r in out}
    kids = [k for k in ev.compiled.children[root] if p.has_score(k, i) and k not in taken]
    along = sorted((k for k in kids if sign * p.pull[k][i] > 0), key=lambda k: -sign * p.pull[k][i])
    along = [k for k in along if sign * p.pull[k][i] >= MIN_PART * sign * p.pull[along[0]][i]]
    out += [p.reason(k, i, _driver(p, k, i, sign)) for k in along]
    against = sorted((k for k in kids if sign * p.pull[k][i] < 0), key=lambda k: sign * p.pull[k][i])
    counter = p.reason(against[0], i, _driver(p, against[0], i, -sign)) if against else None
    return tuple(out[:MAX_REASONS]), counter

"""criteria.conclusion.reasons.Pulls computes every node's score, pull and share at once ((nodes, subjects, years));
it must give, bit for bit, what the node-by-node definition gives (below), for every kind of year weighting."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import REPO

from criteria.conclusion import reasons
from criteria.conclusion.reasons import Pulls, year_weights
from criteria.engine.columns import Evaluation
from criteria.pipeline.run import run

CASES = [
    ("heemstede-bloemendaal", None),
    ("heemstede-bloemendaal", "rulesets/bureau-2021.toml"),
    ("heemskerk-2023", None),
    ("aalsmeer-amstelveen", None),
]


def node_by_node(ev: Evaluation, rows: np.ndarray, weights: np.ndarray, pass_mark: float) -> tuple[dict, ...]:
    """The definition, one node at a time (as Pulls computed it before)."""
    compiled = ev.compiled
    share = {compiled.root: np.ones(weights.shape)}
    pull, score_of, share_of = {}, {}, {}
    for node in reversed(compiled.postorder):
        cols = ev.criteria[node] if node in ev.criteria else ev.indicators[node]
        score = cols.score[rows]
        below = share[node] if node not in ev.pinned else np.where(ev.pinned[node][rows], 0.0, share[node])
        for kid in compiled.children.get(node, []):
            share[kid] = below * np.nan_to_num(ev.criteria[node].weight_share[kid][rows])
        present = ~np.isnan(score) & (weights > 0)
        w = np.where(present, weights, 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            score_of[node] = np.where(
                present.any(axis=1), np.sum(w * np.nan_to_num(score), axis=1) / w.sum(axis=1), np.nan
            )
        pull[node] = np.sum(weights * np.nan_to_num(share[node] * (score - pass_mark)), axis=1)
        share_of[node] = np.sum(weights * share[node], axis=1)
    return score_of, pull, share_of


def _weightings(ev: Evaluation, rng: np.random.Generator):
    subjects, years = len(ev.subjects), len(ev.years)
    totals = ev.criteria[ev.compiled.root].score
    everything = np.ones((subjects, years), dtype=bool)
    for rule in ("mean", "last", "min"):
        yield np.arange(subjects), year_weights(rule, totals, everything)
    for position in range(years):
        one = np.zeros((subjects, years))
        one[:, position] = 1.0
        yield np.arange(subjects), one
    for row in range(subjects):  # one subject on its own, as conclude() does without a shared context
        yield np.array([row]), year_weights("mean", totals[row : row + 1], rng.random((1, years)) < 0.7)
    odd = rng.random((subjects, years)) * (rng.random((subjects, years)) < 0.8)
    yield np.arange(subjects), odd / np.maximum(odd.sum(axis=1, keepdims=True), 1e-300)


@pytest.mark.parametrize("case,ruleset", CASES)
@pytest.mark.parametrize("corrected", [False, True])
@pytest.mark.parametrize("per_block", [None, 1, 3])  # None: every node in one block (the bundled cases' size)
def test_pulls_equal_the_node_by_node_definition(
    case: str, ruleset: str | None, corrected: bool, per_block: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run(REPO / "cases" / case, REPO / ruleset if ruleset else None).result
    ev = result.evaluation
    if corrected:  # a score set by hand: pinned criteria
        from criteria.engine.corrected import with_scores

        node = ev.compiled.children[ev.compiled.root][0]
        ev = with_scores(ev, {(node, 0, len(ev.years) - 1): 7.5})
        assert ev.pinned
    rng = np.random.default_rng(2020)
    for pass_mark in (5.5, 0.0):
        for rows, weights in _weightings(ev, rng):
            if per_block is not None:  # a national case's blocks of nodes, on a small case
                monkeypatch.setattr(reasons, "BLOCK_CELLS", per_block * weights.size)
            found = Pulls(ev, rows, weights, pass_mark)
            expected = node_by_node(ev, rows, weights, pass_mark)
            for got, want in zip((found.score, found.pull, found.share), expected, strict=True):
                assert list(got) == list(want)
                for node in want:
                    assert got[node].tobytes() == want[node].tobytes(), node

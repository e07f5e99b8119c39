"""An evaluation with scores set by hand (human corrections, issue 7), every criterion above them recomputed (pure).

    corrected = with_scores(ev, {("proces", row, year_position): 7.5})

A set score replaces the computed one in that subject-year: a criterion's score and its verdict against its own
threshold (a correction overrules a knock-out below it); an indicator's score (its verdict stays the norm's). Every
criterion above it is recomputed with the engine's own aggregation step, so the total is the total with the
correction. `Evaluation.pinned` records where a score was set: criteria.engine.reweigh keeps those scores when it
re-aggregates with other weights, and the conclusion's reasons do not look below them.

The original Evaluation is not changed: outputs that show the computed scores keep reading it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import numpy as np

from criteria.engine import quality
from criteria.engine import scoring as sc
from criteria.engine.columns import CriterionColumns, Evaluation, criterion_columns, threshold

Pins = Mapping[tuple[str, int, int], float]  # (node, subject row, year position) -> the score set by hand


def with_scores(ev: Evaluation, pins: Pins) -> Evaluation:
    """The evaluation with these scores set, every criterion above them recomputed; `ev` itself without pins."""
    if not pins:
        return ev
    compiled = ev.compiled
    shape = (len(ev.subjects), len(ev.years))
    masks: dict[str, np.ndarray] = {}
    values: dict[str, np.ndarray] = {}
    for (node, row, position), score in pins.items():
        masks.setdefault(node, np.zeros(shape, dtype=bool))[row, position] = True
        values.setdefault(node, np.full(shape, np.nan))[row, position] = score
    parents = {kid: node for node, kids in compiled.children.items() for kid in kids}
    touched: set[str] = set()
    for node in masks:
        while node in parents:
            node = parents[node]
            touched.add(node)
    indicators = dict(ev.indicators)
    for node in masks.keys() & indicators.keys():
        cols = indicators[node]
        indicators[node] = replace(
            cols, score=np.where(masks[node], values[node], cols.score), applicable=cols.applicable | masks[node]
        )
    criteria: dict[str, CriterionColumns] = {}
    for node in compiled.postorder:
        if node not in ev.criteria:
            continue
        crit = ev.criteria[node]
        if node in touched:
            crit = criterion_columns(compiled, node, indicators, criteria, crit.in_scope)
            crit.estimate_share = quality.criterion_share(
                crit.weight_share,
                {
                    kid: criteria[kid].estimate_share if kid in criteria else indicators[kid].estimate
                    for kid in compiled.children[node]
                },
            )
        if node in masks:
            crit = _set(crit, masks[node], values[node], threshold(compiled, node))
        criteria[node] = crit
    return replace(ev, indicators=indicators, criteria=criteria, pinned={**ev.pinned, **masks})


def _set(crit: CriterionColumns, mask: np.ndarray, value: np.ndarray, at_least: float) -> CriterionColumns:
    """The criterion with its score set where `mask`, its verdict from that score."""
    with np.errstate(invalid="ignore"):  # NaN outside the mask
        verdict = np.where(value >= at_least, sc.PASS, sc.FAIL)
    return replace(
        crit,
        score=np.where(mask, value, crit.score),
        score_before_knockout=np.where(mask, value, crit.score_before_knockout),
        verdict=np.where(mask, verdict, crit.verdict).astype(np.int8),
        applicable=crit.applicable | mask,
    )

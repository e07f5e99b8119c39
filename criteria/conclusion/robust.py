"""How robust a verdict is to the weights (pure): the share of alternative weightings that keep it.

The weightings are those of the sensitivity analysis (criteria.engine.sensitivity) with its fixed defaults:
10.000 samples, Dirichlet distribution around the ruleset's weights with spread 20 %, seed 2020. The same
draws serve every subject, so a subject-year's share equals the one `criteria gevoeligheid` reports. Over a
period, the period rule is applied to each sample's yearly totals.
"""

from __future__ import annotations

import numpy as np

from criteria.conclusion.changes import subject_tree
from criteria.conclusion.focus import Focus
from criteria.conclusion.model import Robustness
from criteria.engine import scoring as sc
from criteria.engine.aggregate import Aggregate
from criteria.engine.reweigh import Tree, rescore
from criteria.engine.sensitivity import sample_weights
from criteria.engine.sensitivity_settings import Settings

CHUNK_CELLS = 100_000  # samples × years per step: bounds the memory of one subject's Monte Carlo; a step's
# arrays (800 kB each) stay in the processor's cache, so fewer, larger steps cost less (10,000 samples of 10
# years in one step: 50 ms a subject instead of 79 ms in steps of 2,000)


def _period(rule: str, totals: np.ndarray) -> np.ndarray:
    """Period score per sample from (samples, …, years) totals, rounded like the result (6 decimals)."""
    shown = np.round(totals, 6)
    with np.errstate(invalid="ignore"):
        if rule == "last":
            present = ~np.isnan(shown)
            last = shown.shape[-1] - 1 - np.argmax(present[..., ::-1], axis=-1)
            return np.take_along_axis(shown, last[..., None], axis=-1)[..., 0]
        if rule == "min":
            return np.asarray(np.nanmin(shown, axis=-1))
        return np.asarray(np.round(np.nanmean(shown, axis=-1), 6))


def robustness(
    tree: Tree,
    row: int,
    focus: Focus,
    verdict: int,
    settings: Settings = Settings(),
    weights: dict[str, np.ndarray] | None = None,
) -> Robustness | None:
    """The share of the samples in which the verdict of the focus stays `verdict`. `weights`: the samples of
    sample_weights(tree, settings), when the caller draws them once for many subjects."""
    if verdict not in (sc.PASS, sc.FAIL):
        return None
    one = subject_tree(tree, row, focus.positions)  # only the years of the focus: their columns, in order
    draws = weights if weights is not None else sample_weights(tree, settings)
    threshold = tree.thresholds[tree.root]
    kept = 0
    step = max(1, CHUNK_CELLS // max(one.in_scope[tree.root].shape[1], 1))
    for start in range(0, settings.samples, step):
        stop = min(settings.samples, start + step)
        root = rescore(one, {k: w[start:stop, None, None] for k, w in draws.items()})[tree.root]
        if focus.rule is None:
            same = root.verdict[:, 0, 0] == verdict
        else:
            with np.errstate(invalid="ignore"):
                period = _period(focus.rule, root.score[:, 0, :])
                same = np.where(period >= threshold, sc.PASS, sc.FAIL) == verdict
        kept += int(np.count_nonzero(same))
    return Robustness(kept / settings.samples, settings.samples, settings.seed, settings.spread)


class Shares:
    """The robustness of many subjects' verdicts counted on the chunks of one Monte Carlo over all subjects at once
    (criteria.engine.sensitivity.analyse's on_chunk), instead of a Monte Carlo per subject: the same draws and the same
    totals, so the same shares as robustness() gives per subject. `foci`: row -> (focus, verdict)."""

    def __init__(self, foci: dict[int, tuple[Focus, int]], threshold: float, settings: Settings) -> None:
        grouped: dict[tuple[tuple[int, ...], str | None], list[tuple[int, int]]] = {}
        for row, (focus, verdict) in foci.items():
            if verdict in (sc.PASS, sc.FAIL):
                grouped.setdefault((focus.positions, focus.rule), []).append((row, verdict))
        self.groups = [
            (list(positions), rule, np.array([r for r, _ in rows]), np.array([v for _, v in rows]))
            for (positions, rule), rows in grouped.items()
        ]
        self.kept = [np.zeros(len(rows), dtype=np.int64) for _, _, rows, _ in self.groups]
        self.rows = set(foci)
        self.threshold = threshold
        self.settings = settings

    def add(self, root: Aggregate) -> None:
        """Count, for the samples of one chunk (root: the total, shape (samples, subjects, years)), where each
        subject's verdict stays."""
        for (positions, rule, rows, verdicts), kept in zip(self.groups, self.kept):
            if rule is None:
                same = root.verdict[:, rows, positions[0]] == verdicts
            else:
                with np.errstate(invalid="ignore"):
                    period = _period(rule, root.score[:, rows][:, :, positions])
                    same = np.where(period >= self.threshold, sc.PASS, sc.FAIL) == verdicts
            kept += np.count_nonzero(same, axis=0)

    def result(self) -> dict[int, Robustness | None]:
        """row -> its Robustness (None where the verdict is neither voldoet nor voldoet niet)."""
        s = self.settings
        out: dict[int, Robustness | None] = dict.fromkeys(self.rows)
        for (_, _, rows, _), kept in zip(self.groups, self.kept):
            for row, k in zip(rows.tolist(), kept.tolist()):
                out[row] = Robustness(k / s.samples, s.samples, s.seed, s.spread)
        return out

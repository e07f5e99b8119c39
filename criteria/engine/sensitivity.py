"""Sensitivity of the verdicts to the weights (pure; no I/O).

Monte Carlo: the weights under every criterion are drawn from a Dirichlet distribution around the
ruleset's normalised weights, and the tree is re-aggregated with the engine's own aggregation step for a
chunk of samples at a time (arrays of shape (samples in the chunk, subjects, years)). Reported per subject-year: the
probability of each verdict of the total, the 5–95 % range of the total and how stable the subject's rank
is. Exact flip points and leave-one-criterion-out come from criteria.engine.flips.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from criteria import limits
from criteria.engine import scoring as sc
from criteria.engine.aggregate import Aggregate
from criteria.engine.columns import Evaluation
from criteria.engine.flips import Flips, flip_points, leave_one_out
from criteria.engine.reweigh import Tree, rescore, tree_of
from criteria.engine.sensitivity_settings import Settings
from criteria.engine.tails import Tails

MIN_CONCENTRATION = 1.0
CHUNK_CELLS = limits.SAMPLE_CHUNK_CELLS  # samples × subjects × years per step: bounds the memory of one step
PROGRESS_STEP = 500  # at least this many samples per step when progress is reported
PERCENTILES = (5, 95)  # the range of the total that is reported

Progress = Callable[[int, int], None]  # (samples done, samples in all)


@dataclass(frozen=True)
class MonteCarlo:
    verdict_probability: np.ndarray  # (verdict codes, subjects, years), sums to 1 over the codes
    low: np.ndarray  # 5th percentile of the total (subjects, years)
    high: np.ndarray  # 95th percentile
    mean: np.ndarray
    rank_kept: np.ndarray  # probability the subject keeps its rank among the subjects that year
    rank_best: np.ndarray  # best (lowest) rank seen; 0 where there is no total
    rank_worst: np.ndarray


@dataclass(frozen=True)
class Sensitivity:
    settings: Settings
    tree: Tree
    subjects: list[str]
    years: list[int]
    total: np.ndarray  # the total with the ruleset's weights (subjects, years)
    verdict: np.ndarray
    rank: np.ndarray  # 1 = highest total that year; 0 where there is no total
    monte_carlo: MonteCarlo
    flips: list[Flips]
    left_out: dict[str, Aggregate]  # criterion -> the total without it


def concentration(children: int, spread: float) -> float:
    """Dirichlet concentration such that a weight of average size (1/children) has relative spread `spread`."""
    if children < 2 or spread <= 0:
        return np.inf
    return max((children - 1) / spread**2 - 1.0, MIN_CONCENTRATION)


def sample_weights(tree: Tree, settings: Settings) -> dict[str, np.ndarray]:
    """Per node (not the total) its weight in every sample, shape (samples,); siblings sum to 1."""
    rng = np.random.default_rng(settings.seed)
    out: dict[str, np.ndarray] = {}
    for cid in tree.criteria:
        kids = tree.children[cid]
        total = sum(tree.weights[k] for k in kids)
        share = np.array([tree.weights[k] / total for k in kids])
        positive = share > 0
        kappa = concentration(int(positive.sum()), settings.spread)
        draws = np.zeros((settings.samples, len(kids)))
        if np.isinf(kappa):
            draws[:] = share
        else:
            draws[:, positive] = rng.dirichlet(kappa * share[positive], size=settings.samples)
        out.update({k: draws[:, i] for i, k in enumerate(kids)})
    return out


def ranks(totals: np.ndarray) -> np.ndarray:
    """1-based rank of each subject (axis -2) by total, highest first; ties keep the subjects' order; 0 for NaN."""
    order = np.argsort(-totals, axis=-2, kind="stable")
    shape = [1] * totals.ndim
    shape[-2] = totals.shape[-2]
    out = np.empty(totals.shape, dtype=np.int32)
    np.put_along_axis(out, order, np.arange(1, totals.shape[-2] + 1, dtype=np.int32).reshape(shape), axis=-2)
    return np.where(np.isnan(totals), 0, out)


def monte_carlo(
    tree: Tree,
    base_rank: np.ndarray,
    settings: Settings,
    progress: Progress | None = None,
    chunk_cells: int | None = None,
    on_chunk: Callable[[Aggregate], None] | None = None,
) -> MonteCarlo:
    """The statistics of the sampled totals, computed chunk by chunk: no sampled total is kept beyond its chunk
    except the few per subject-year that can be a percentile (criteria.engine.tails), so the memory does not grow
    with all samples × subjects × years. Every statistic is exactly what it would be with every total kept.
    `on_chunk`: also given the total of every chunk (shape (samples in the chunk, subjects, years)), in order."""
    weights = sample_weights(tree, settings)
    n = settings.samples
    cells = int(base_rank.size)
    step = max(1, min(n, (chunk_cells or CHUNK_CELLS) // max(cells, 1)))
    if progress is not None:  # a few dozen steps, so that a progress bar moves
        step = min(step, max(PROGRESS_STEP, -(-n // 40)))
    tails = Tails(n, base_rank.shape, *PERCENTILES, spare=limits.sample_spare(n))
    counts = np.zeros((len(sc.VERDICT_TEXT), *base_rank.shape))
    total = np.zeros(base_rank.shape)  # summed sample by sample, in order: the same sum as np.mean's
    same_rank = np.zeros(base_rank.shape)
    best = np.full(base_rank.shape, np.iinfo(np.int32).max)
    worst = np.zeros(base_rank.shape, dtype=np.int32)
    for start in range(0, n, step):
        stop = min(n, start + step)
        chunk = {k: w[start:stop, None, None] for k, w in weights.items()}
        root = rescore(tree, chunk, keep_only_root=True)[tree.root]
        tails.add(root.score)
        if on_chunk is not None:
            on_chunk(root)
        for row in root.score:
            total += row
        for code in range(len(sc.VERDICT_TEXT)):
            counts[code] += np.count_nonzero(root.verdict == code, axis=0)
        r = ranks(root.score)
        same_rank += np.count_nonzero(r == base_rank, axis=0)
        best = np.minimum(best, r.min(axis=0))
        worst = np.maximum(worst, r.max(axis=0))
        if progress is not None:
            progress(stop, n)
    no_rank = base_rank == 0
    low, high = tails.result()
    return MonteCarlo(
        counts / n,
        low,
        high,
        total / n,
        np.where(no_rank, np.nan, same_rank / n),
        np.where(no_rank, 0, best),
        np.where(no_rank, 0, worst),
    )


def analyse(
    ev: Evaluation,
    settings: Settings = Settings(),
    progress: Progress | None = None,
    on_chunk: Callable[[Aggregate], None] | None = None,
) -> Sensitivity:
    """Monte Carlo over the weights, exact flip points and leave-one-criterion-out for an evaluation. `on_chunk`:
    given the total of each chunk of samples as well (monte_carlo)."""
    if settings.samples < 1:
        raise ValueError("samples must be at least 1")
    tree = tree_of(ev)
    base = rescore(tree)
    root = base[tree.root]
    base_rank = ranks(root.score)
    return Sensitivity(
        settings,
        tree,
        list(ev.subjects),
        list(ev.years),
        root.score,
        root.verdict,
        base_rank,
        monte_carlo(tree, base_rank, settings, progress, on_chunk=on_chunk),
        flip_points(tree, base),
        leave_one_out(tree),
    )

"""Weighted sum + ranking on 100,000 × 20: the engine's aggregation vs scikit-criteria and pymcdm.

All three start from the same raw matrix, apply the same min-max normalisation (per column, the direction
from the criterion's objective), take the weighted sum and rank the alternatives.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from benchmarks.measure import Row, profile, timed
from criteria.engine import scoring as sc
from criteria.engine.aggregate import Child, combine
from criteria.engine.sensitivity import ranks
from criteria.model.ruleset import LinearScoring

ROWS, COLS = 100_000, 20


def problem(seed: int = 0):
    rng = np.random.default_rng(seed)
    return rng.uniform(1, 1000, size=(ROWS, COLS)), rng.uniform(1, 10, size=COLS), rng.random(COLS) < 0.5


def engine(matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray):
    """Linear scoring per column (min-max to 0–10), the engine's weighted mean, then the ranks."""
    everyone = np.ones((matrix.shape[0], 1), dtype=bool)
    columns = np.ascontiguousarray(matrix.T)  # the engine works column-wise
    children = []
    for j in range(matrix.shape[1]):
        col = columns[j][:, None]
        lo, hi = float(col.min()), float(col.max())
        rule = LinearScoring(kind="linear", slecht=lo if benefit[j] else hi, goed=hi if benefit[j] else lo)
        children.append(Child(sc.linear(col, rule), everyone))
    total = combine(children, list(weights), [], everyone, 5.5).score
    return total[:, 0], ranks(total)[:, 0]


def skcriteria_wsm(matrix, weights, benefit):
    import skcriteria as skc
    from skcriteria.agg.simple import WeightedSumModel
    from skcriteria.preprocessing.invert_objectives import NegateMinimize
    from skcriteria.preprocessing.scalers import MinMaxScaler, SumScaler

    dm = skc.mkdm(matrix, [max if b else min for b in benefit], weights=weights)
    for step in (NegateMinimize(), MinMaxScaler(target="matrix"), SumScaler(target="weights")):
        dm = step.transform(dm)
    result = WeightedSumModel().evaluate(dm)
    return result.e_.score, result.rank_


def pymcdm_wsm(matrix, weights, benefit):
    from pymcdm.helpers import rankdata
    from pymcdm.methods import WSM
    from pymcdm.normalizations import minmax_normalization

    preference = WSM(minmax_normalization)(matrix, weights / weights.sum(), np.where(benefit, 1, -1))
    return preference, rankdata(preference, reverse=True)


def run() -> list[Row]:
    matrix, weights, benefit = problem()
    ours = timed(lambda: engine(matrix, weights, benefit), repeat=5)
    total, rank = engine(matrix, weights, benefit)
    rows = []
    for label, module, fn in (("scikit-criteria", "skcriteria", skcriteria_wsm), ("pymcdm", "pymcdm", pymcdm_wsm)):
        name = f"Gewogen som + rangorde, 100.000 × 20: engine vs {label}"
        try:
            __import__(module)
        except ImportError:
            rows.append(
                Row(
                    name,
                    ours.best,
                    label,
                    None,
                    "sneller",
                    None,
                    note=f"{label} is hier niet te installeren: niet gemeten",
                )
            )
            continue
        score, their_rank = fn(matrix, weights, benefit)
        assert np.allclose(total / 10, score) and np.array_equal(rank, np.asarray(their_rank).astype(int)), label
        theirs = timed(partial(fn, matrix, weights, benefit), repeat=5)
        met = ours.best < theirs.best
        rows.append(
            Row(
                name,
                ours.best,
                f"{label} WSM",
                theirs.best,
                "sneller (< 1×)",
                met,
                note="zelfde min-max-normalisatie, gewogen som en rangorde; uitkomsten gecontroleerd gelijk",
                profile="" if met else profile(lambda: engine(matrix, weights, benefit)),
            )
        )
    return rows

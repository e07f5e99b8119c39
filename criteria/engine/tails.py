"""Exact percentiles of many samples per cell without keeping every sample (pure numpy; no I/O).

numpy's percentile (method 'linear') of n values reads only two order statistics per percentile: ranks
floor((n − 1)·q) and the one after it. For a low percentile only the smallest values can hold those ranks, for
a high one only the largest: `Tails` keeps, per cell, the `low_count` smallest and the `high_count` largest values
seen so far. Samples arrive in chunks; they are written into spare columns beside the kept ones and, when those
are full, an in-place partition keeps the smallest again. The result is bit for bit what np.percentile gives on
all the samples at once (the same order statistics, numpy's own interpolation), with memory of about
2 × (n·q + 2) + spare columns per cell instead of n.
"""

from __future__ import annotations

import math

import numpy as np


def _order_ranks(n: int, percent: float) -> tuple[int, int, float]:
    """The two 0-based ranks numpy's 'linear' percentile interpolates between, and the weight of the second."""
    virtual = float((n - 1) * np.true_divide(np.array([percent]), 100)[0])
    if virtual >= n - 1:
        return n - 1, n - 1, virtual - math.floor(virtual)
    below = math.floor(virtual)
    return below, below + 1, virtual - below


def _lerp(a: np.ndarray, b: np.ndarray, t: float) -> np.ndarray:
    """numpy's interpolation (numpy.lib._function_base_impl._lerp), so that the result is np.percentile's."""
    diff = b - a
    if t >= 0.5:
        return b - diff * (1 - t)
    return a + diff * t


class Tails:
    """The `low` and `high` percentiles per cell of `n` samples that arrive in chunks of shape (m, *cells)."""

    def __init__(self, n: int, cells: tuple[int, ...], low: float, high: float, spare: int | None = None) -> None:
        self.n, self.shape = n, cells
        self.low_ranks, self.high_ranks = _order_ranks(n, low), _order_ranks(n, high)
        self.count = kept(n, low, high)
        self.spare = max(1, min(n, self.count if spare is None else spare))
        size = math.prod(cells)
        self.small = np.empty((size, self.count + self.spare))
        self.large = np.empty((size, self.count + self.spare))  # negated: the largest values are the smallest here
        self.nan = np.zeros(size, dtype=bool)
        self.seen = 0  # samples taken in so far
        self.filled = 0  # columns of `small` and `large` in use

    def add(self, chunk: np.ndarray) -> None:
        """Take in the next samples, shape (m, *cells)."""
        rows = chunk.reshape(chunk.shape[0], -1)
        self.nan |= np.isnan(rows).any(axis=0)
        start = 0
        while start < rows.shape[0]:
            if self.filled == self.small.shape[1]:
                for buffer in (self.small, self.large):  # the `count` smallest to the first columns
                    buffer.partition(self.count - 1, axis=1)
                self.filled = self.count
            part = rows[start : start + self.small.shape[1] - self.filled]
            end = self.filled + len(part)
            self.small[:, self.filled : end] = part.T
            np.negative(part.T, out=self.large[:, self.filled : end])
            self.filled, self.seen, start = end, self.seen + len(part), start + len(part)

    def result(self) -> tuple[np.ndarray, np.ndarray]:
        """(low percentile, high percentile) per cell, shape `cells`; NaN where a sample was NaN."""
        if self.seen != self.n:
            raise ValueError(f"{self.seen} samples taken in, {self.n} expected")
        small = np.sort(self.small[:, : self.filled], axis=1)[:, : self.count]  # ranks 0 … count − 1
        large = -np.sort(self.large[:, : self.filled], axis=1)[:, : self.count][:, ::-1]  # ranks n − count … n − 1
        first = self.n - large.shape[1]
        (a, b, t), (c, d, u) = self.low_ranks, self.high_ranks
        low = _lerp(small[:, a], small[:, b], t)
        high = _lerp(large[:, c - first], large[:, d - first], u)
        low[self.nan] = np.nan
        high[self.nan] = np.nan
        return low.reshape(self.shape), high.reshape(self.shape)


def kept(n: int, low: float, high: float) -> int:
    """How many of the smallest (and of the largest) of `n` values hold the ranks of both percentiles."""
    return min(n, max(_order_ranks(n, low)[1] + 1, n - _order_ranks(n, high)[0]))

"""The settings of the weights' Monte Carlo (criteria.engine.sensitivity): samples, spread and seed.

Their own module so that a conclusion without robustness (the evaluate table) can name the defaults without
importing the Monte Carlo itself.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_SAMPLES = 10_000
DEFAULT_SPREAD = 0.20
DEFAULT_SEED = 2020


@dataclass(frozen=True)
class Settings:
    samples: int = DEFAULT_SAMPLES
    spread: float = DEFAULT_SPREAD  # typical relative deviation of an average weight (0.2 = 20 %)
    seed: int = DEFAULT_SEED

"""How the product rounds and writes numbers (pure, stdlib only): the Dutch rapportcijfer (one decimal, halves up
on the decimal value) and Dutch notation in texts (decimal comma, thousands dot).

Every layer that writes a number for a person uses these: the rules' messages, the inventory measures, the
voorstel texts, the engine's breakdown and the reports. They live with the model, below all of them, so that none
of those has to import the engine to write a number.
"""

from __future__ import annotations

import functools
import math
from decimal import ROUND_HALF_UP, Decimal

# Binary floating point cannot hold most decimals (5,95 is stored as 5,9499999999999997…), and arithmetic adds
# noise of that size. A shown number is therefore first rounded to NOISE_DECIMALS decimals, then rounded half up
# on its decimal value (docs/rekenregels.md, "Afronding"); a linear score near a rounding edge is computed exactly.
NOISE_DECIMALS = 9
NOISE = 0.5 * 10.0**-NOISE_DECIMALS


def _half_up(x: float, decimals: int) -> Decimal:
    """x rounded half up to `decimals` decimals, on its decimal value after removing binary noise."""
    number = float(x)
    if number == 0 or not math.isfinite(number):  # -0.0 keeps its sign (0.0 is the same key); NaN never hits
        return _exact_half_up(number, decimals)
    return _rounded(number, decimals)


def _exact_half_up(number: float, decimals: int) -> Decimal:
    value = Decimal(repr(number)).quantize(Decimal(1).scaleb(-NOISE_DECIMALS))
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


_rounded = functools.lru_cache(maxsize=1 << 16)(_exact_half_up)  # reports round the same numbers again and again


def rapportcijfer(x: float) -> float:
    """A score rounded as a Dutch report mark: one decimal, halves up on the decimal value (5,25 -> 5,3;
    5,45 -> 5,5; a score computed as 5,9499999999999 from 5,95 -> 6,0)."""
    return float(_half_up(x, 1))


def mark_difference(a: float, b: float) -> float:
    """The difference of two marks as shown (6,3 − 6,2 = 0,1), exact on one decimal."""
    return float(_half_up(a, 1) - _half_up(b, 1))


def fmt(x: float, decimals: int = 2) -> str:
    """A number in Dutch notation for texts: decimal comma, at most `decimals` decimals (halves up), no trailing
    zeros."""
    return _written(float(x), decimals) if math.isfinite(x) else _write(x, decimals)


def _write(x: float, decimals: int) -> str:
    text = f"{_half_up(x, decimals):,f}" if math.isfinite(x) else f"{x}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


_written = functools.lru_cache(maxsize=1 << 16)(_write)  # -0.0 and 0.0 are both written 0

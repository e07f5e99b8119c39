"""How the product rounds and writes numbers (pure, stdlib only): the Dutch rapportcijfer (one decimal, halves up
on the decimal value) and Dutch notation in texts (decimal comma, thousands dot).

Every layer that writes a number for a person uses these: the rules' messages, the inventory measures, the
voorstel texts, the engine's breakdown and the reports. They live with the model, below all of them, so that none
of those has to import the engine to write a number.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

# Binary floating point cannot hold most decimals (5,95 is stored as 5,9499999999999997…), and arithmetic adds
# noise of that size. A shown number is therefore first rounded to NOISE_DECIMALS decimals, then rounded half up
# on its decimal value (docs/rekenregels.md, "Afronding"); a linear score near a rounding edge is computed exactly.
NOISE_DECIMALS = 9
NOISE = 0.5 * 10.0**-NOISE_DECIMALS


def _half_up(x: float, decimals: int) -> Decimal:
    """x rounded half up to `decimals` decimals, on its decimal value after removing binary noise."""
    value = Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-NOISE_DECIMALS))
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


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
    text = f"{_half_up(x, decimals):,f}" if math.isfinite(x) else f"{x}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")

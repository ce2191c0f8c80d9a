"""Unit conversion and the rounding rules used by carriers and rate cards.

Comparisons against limits allow a tiny tolerance so that the same physical item
entered in another unit (15 in = 38.1 cm) lands in the same tier.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

LENGTH_TO_CM = {"cm": 1.0, "in": 2.54, "m": 100.0}
WEIGHT_TO_G = {"g": 1.0, "kg": 1000.0, "oz": 28.349523125, "lb": 453.59237}

EPS = 1e-9


def length(value: float, frm: str, to: str) -> float:
    return value * LENGTH_TO_CM[frm] / LENGTH_TO_CM[to]


def weight(value: float, frm: str, to: str) -> float:
    return value * WEIGHT_TO_G[frm] / WEIGHT_TO_G[to]


def le(a: float, b: float) -> bool:
    """a ≤ b, forgiving conversion noise."""
    return a <= b + EPS * max(1.0, abs(b))


# Rounding up to a weight step forgives a millionth of a step: an item entered in
# inches and ounces lands a few millionths above the same item in cm and grams.
STEP_EPS = 1e-6


def ceil_to(value: float, step: float) -> float:
    """Round up to the next multiple of ``step`` (exact multiples, give or take
    conversion noise, stay)."""
    if step <= 0:
        return value
    n = math.ceil(value / step - STEP_EPS)
    return round(n * step, 10)


_QUANTUM: dict[int, Decimal] = {}  # digits -> Decimal("0.01") etc., made once: money() is called thousands of times


def money(value: float, digits: int = 2) -> float:
    """Round half up to cents (or whole yen), as fee tables are quoted."""
    q = _QUANTUM.get(digits)
    if q is None:
        q = _QUANTUM[digits] = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(value)).quantize(q, ROUND_HALF_UP))


def sorted_sides(a: float, b: float, c: float) -> tuple[float, float, float]:
    """(longest, median, shortest)."""
    x = sorted((a, b, c), reverse=True)
    return x[0], x[1], x[2]

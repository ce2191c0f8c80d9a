"""Money: rounding a fee in its currency, and each marketplace's currency (one table).

The currency of a marketplace lives in its import rules (``data/import/<code>.json``),
the one table the calculators read it from; decimals per currency come from
``i18n.currency_digits``, which formatting uses too.
"""

from __future__ import annotations

from functools import lru_cache

from . import units
from .i18n import currency_digits
from .ratecards import read_file


def rounded(amount: float, currency: str) -> float:
    """``amount`` rounded half up to the currency's quoted decimals (cents, whole yen)."""
    return units.money(amount, currency_digits(currency))


@lru_cache(maxsize=None)
def marketplace_currency(code: str) -> str:
    """The currency prices and fees are in on a marketplace (or a destination country)."""
    return read_file("import", code.lower())["currency"]

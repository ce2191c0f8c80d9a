"""Exchange rates: dated approximate reference rates, which the reader can replace.

``data/fx/rates-<period>.json`` holds, for each currency, how many units buy one US
dollar, the date the figure was set and whether it is approximate. Every rate here is
a reference to be checked, never a quote. Conversions go through USD.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Mapping

from .i18n import Text, message, text
from .ratecards import read_data

BASE = "USD"


@lru_cache(maxsize=None)
def tables() -> tuple[dict, ...]:
    """Every rate file, oldest first."""
    return tuple(sorted(read_data("fx"), key=lambda t: t["effective_from"]))


def table_for(on: str | None = None) -> dict:
    """The latest table that took effect on or before ``on`` (else the oldest one)."""
    all_tables = tables()
    if on is None:
        return all_tables[-1]
    earlier = [t for t in all_tables if t["effective_from"] <= on]
    return earlier[-1] if earlier else all_tables[0]


def currencies() -> tuple[str, ...]:
    return tuple(table_for()["rates"])


def default_rates(on: str | None = None) -> dict[str, float]:
    """Units of each currency per 1 USD."""
    return {c: r["per_usd"] for c, r in table_for(on)["rates"].items()}


def rate_info(currency: str, on: str | None = None) -> dict:
    """{"per_usd", "date", "approximate", "note"} for one currency."""
    return dict(table_for(on)["rates"][currency])


def with_overrides(overrides: Mapping[str, float | None], on: str | None = None) -> tuple[dict[str, float], list[dict]]:
    """The default rates with the reader's own rates in place; and one record per rate
    used: {"currency", "per_usd", "source": "yours" | "default", "date", "approximate"}."""
    rates = default_rates(on)
    used = []
    for cur, default in rates.items():
        mine = overrides.get(cur)
        if mine is not None:
            rates[cur] = float(mine)
            used.append({"currency": cur, "per_usd": float(mine), "source": "yours", "default": default,
                         "date": None, "approximate": False})
        else:
            info = rate_info(cur, on)
            used.append({"currency": cur, "per_usd": default, "source": "default", "default": default,
                         "date": info["date"], "approximate": info["approximate"]})
    return rates, used


def convert(amount: float, frm: str, to: str, rates: Mapping[str, float]) -> float:
    """``amount`` in ``frm`` expressed in ``to``, through USD (not rounded)."""
    if frm == to:
        return amount
    return amount / rates[frm] * rates[to]


def cross_rate(frm: str, to: str, rates: Mapping[str, float]) -> float:
    """Units of ``to`` for one unit of ``frm``."""
    return convert(1.0, frm, to, rates)


def reference_note(on: str | None = None) -> Text:
    """The sentence every result using default rates must show."""
    t = table_for(on)
    return message("fx.reference", date=max(r["date"] for r in t["rates"].values()), id=t["id"])


def label(currency: str) -> Text:
    from .i18n import catalogue
    return catalogue()["currencies"].get(currency, text(currency, currency))

"""Weight bands and the base fee: the middle stages of the fee pipeline.

A band is ``{"up_to": weight or null, ...}`` with either ``"fee"`` (a flat figure) or
``"base"`` + ``"per"`` for each ``"per_weight"`` started above ``"above"``. A figure is a
number, or a list with one number per price band of the card (US from 2024:
under $10, $10–$50, over $50). Bands may carry ``"conflict"`` (another source's
figure, recorded and flagged) and ``"source"``/``"confidence"`` of their own.
"""

from __future__ import annotations

from .. import units
from ..i18n import Text, fmt_money, fmt_quantity, message


def price_index(card: dict, price: float) -> tuple[int | None, dict | None]:
    """Which price column of the card's figures applies, and its band."""
    bands = card.get("price_bands")
    if not bands:
        return None, None
    for i, band in enumerate(bands):
        if "below" in band and price < band["below"]:
            return i, band
        if "up_to" in band and units.le(price, band["up_to"]):
            return i, band
        if "below" not in band and "up_to" not in band:
            return i, band
    return len(bands) - 1, bands[-1]


def product_type(v: dict) -> str:
    """The fee table an item uses: dangerous goods and apparel have their own on some cards."""
    if v.get("dangerous_goods"):
        return "dangerous_goods"
    return "apparel" if v.get("apparel") else "standard"


def table(card: dict, tier: dict, product: str) -> tuple[list[dict] | None, str]:
    """The bands for ``tier`` and the table actually used (a card without a product's
    own table falls back to its standard one; the caller says so)."""
    if product != "standard":
        own = card.get("product_tables", {}).get(product)
        if own is not None:
            return own["fees"].get(tier["id"]), product
    return tier.get("fees"), "standard"


def find(bands: list[dict] | None, weight: float) -> dict | None:
    for band in bands or ():
        if band["up_to"] is None or units.le(weight, band["up_to"]):
            return band
    return None


def pick(value, index: int | None):
    return value[index] if isinstance(value, list) else value


def fee(band: dict, weight: float, index: int | None) -> float:
    if "fee" in band:
        return pick(band["fee"], index)
    extra = max(0.0, weight - band["above"])
    steps = units.ceil_to(extra, band["per_weight"]) / band["per_weight"]
    return pick(band["base"], index) + pick(band["per"], index) * round(steps)


def fee_at(bands: list[dict] | None, weight: float, index: int | None) -> float | None:
    """The fee of the band ``weight`` falls in, or None where the table has none."""
    band = find(bands, weight)
    return None if band is None else fee(band, weight, index)


def describe(band: dict, amount: float, weight_unit: str, currency: str) -> Text:
    """The step that names the band and its fee."""
    if "fee" not in band:
        return message("fba_fee.fee_band_per", above=fmt_quantity(band["above"], weight_unit, 3),
                       step=fmt_quantity(band["per_weight"], weight_unit, 3), fee=fmt_money(amount, currency))
    if band["up_to"] is None:
        return message("fba_fee.fee_flat", fee=fmt_money(amount, currency))
    return message("fba_fee.fee_band", up_to=fmt_quantity(band["up_to"], weight_unit, 4), fee=fmt_money(amount, currency))

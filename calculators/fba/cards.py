"""Which rate card prices a unit: the first stage of the fee pipeline.

A fulfilment card (``data/fba``) prices units sold on one marketplace from stock held in
the countries its ``stock_in`` lists: its own country (``programme: local``), another
European country (``efn``, the European Fulfilment Network), or across the UK–EU or
US–Canada border (``remote``). A seller in Pan-European FBA pays the destination's
local fee wherever Amazon ships the unit from: cards with ``pan_eu: true`` say which
marketplaces take part. Holiday peak seasons live in ``data/peak``, one file per
marketplace and season.
"""

from __future__ import annotations

from functools import lru_cache

from ..fields import InputError, field_error
from ..i18n import fmt_date, message
from ..ratecards import flag_card, load_kind, pick
from ..result import Notes


@lru_cache(maxsize=None)
def stock_locations(marketplace: str) -> tuple[str, ...]:
    """Every country whose stock some card of ``marketplace`` prices."""
    seen: list[str] = []
    for card in load_kind("fba"):
        if card["marketplace"] == marketplace:
            seen += [s for s in card["stock_in"] if s not in seen]
    return tuple(seen)


@lru_cache(maxsize=None)
def pan_eu_marketplaces() -> frozenset[str]:
    return frozenset(c["marketplace"] for c in load_kind("fba") if c.get("pan_eu"))


def route(v: dict) -> tuple[list[dict], dict]:
    """The cards that can price this unit, and the facts the adjustments test:
    ``stock_in`` and ``pan_eu_cross_border``."""
    dest = v["marketplace"]
    stock = v.get("fulfilment_from") or "local"
    stock = dest if stock == "local" else stock
    pan_eu = pan_eu_marketplaces()
    cross = stock != dest and (v.get("eu_programme") or "pan_eu") == "pan_eu" and dest in pan_eu and stock in pan_eu
    if cross:
        cards = [c for c in load_kind("fba") if c["marketplace"] == dest and c["programme"] == "local"]
    else:
        cards = [c for c in load_kind("fba") if c["marketplace"] == dest and stock in c["stock_in"]]
    if not cards:
        raise InputError([field_error("fulfilment_from", message(
            "fba_fee.bad_from", frm=message(f"marketplaces.{stock}"), to=message(f"marketplaces.{dest}"),
            options=", ".join(s for s in stock_locations(dest) if s != dest) or "—"))])
    return cards, {"stock_in": stock, "pan_eu_cross_border": cross}


def select(v: dict, notes: Notes) -> tuple[dict, dict]:
    """The card in force on the date for this route, or the nearest one (said and flagged)."""
    cards, facts = route(v)
    card, nearest = pick(cards, v["date"])
    flag_card(card, nearest, v["date"], message("fba_fee.what_card"), "fba_fee.nearest_card_short", notes)
    return card, facts


def season(card: dict, on: str) -> dict | None:
    """The peak season of the card's marketplace and programme that ``on`` falls in."""
    for s in load_kind("peak"):
        if (s["marketplace"] == card["marketplace"] and card["programme"] in s["programmes"]
                and s["effective_from"] <= on <= s["effective_to"]):
            return s
    return None


def flag_season_edges(card: dict, on: str, notes: Notes) -> None:
    """A peak season with approximate dates whose start or end is within a month of ``on``:
    whether the peak fee applies is in doubt either way, so say so and mark it unverified."""
    for s in load_kind("peak"):
        if s["marketplace"] == card["marketplace"] and card["programme"] in s["programmes"]:
            flag_card(s, False, on, message("fba_fee.what_peak"), "fba_fee.nearest_card_short", notes)


def in_scope(s: dict, tier_id: str, product: str) -> bool:
    """Whether season ``s`` charges a peak fee for this tier and product at all."""
    if product in s.get("exclude_products", ()):
        return False
    return tier_id in s.get("scope", (s.get("add") or s.get("fees") or {tier_id: None}).keys())


def _figure(s: dict, product: str, tier_id: str, weight: float):
    """Season ``s``'s own figure for one tier and weight: ("add", amount), ("table", bands)
    or None where the season's data has none."""
    if s.get("figures") == "add":
        add = s["add"].get(tier_id)
        if isinstance(add, list):
            hit = next((b for b in add if b["above"] < weight and (b["up_to"] is None or weight <= b["up_to"] + 1e-9)), None)
            return None if hit is None else ("add", hit["add"])
        return None if add is None else ("add", add)
    if s.get("figures") == "table":
        table = s["fees"] if product == "standard" else s.get("product_tables", {}).get(product, {}).get("fees")
        bands = (table or {}).get(tier_id)
        if bands and any(b["up_to"] is None or weight <= b["up_to"] + 1e-9 for b in bands):
            return "table", bands
    return None


def figure(s: dict, product: str, tier_id: str, weight: float, on: str) -> tuple[dict | None, tuple | None]:
    """The figure that prices this unit in season ``s``: the season's own, else the
    nearest season of the same marketplace and route that has one (the caller warns).
    Returns (season used, figure) or (None, None)."""
    own = _figure(s, product, tier_id, weight)
    if own is not None:
        return s, own
    others = [x for x in load_kind("peak") if x["marketplace"] == s["marketplace"] and x is not s
              and set(s["programmes"]) & set(x["programmes"]) and _figure(x, product, tier_id, weight) is not None]
    nearest, _ = pick(others, on)
    return (nearest, _figure(nearest, product, tier_id, weight)) if nearest is not None else (None, None)


def season_label(s: dict) -> dict:
    return message("card_label", name=s["name"], period=message("period_from_to", start=fmt_date(s["effective_from"]),
                                                                 end=fmt_date(s["effective_to"])))

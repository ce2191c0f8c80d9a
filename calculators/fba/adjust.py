"""Adjustments to the base fee: low-price rates, the holiday peak, and the lines a card
adds on top (SIPP discount, surcharges, packaging and handling fees).

Each adjustment is one small function with its own data and its own explanation
line. A card's ``adjustments`` list holds the lines it adds; each entry names its
``kind`` (the function that prices it), its dates (``from``/``to``), its source and
confidence, and ``when``: the facts that must hold for it to apply, as
``{"fact": [allowed values]}`` (facts: the inputs ``sipp``, ``apparel``,
``dangerous_goods``, ``eu_programme``; and ``tier``, ``stock_in``, ``overmax``,
``low_price``, ``pan_eu_cross_border``). A SIPP discount marked ``charged_tiers_only``
gives none, by rule, to the tiers it does not list; a line with a ``missing`` note and no
figure for the item is said and marked unverified. A line marked ``part_of_fee`` belongs to the
card's own fee (Germany's "DE only" column), so percentages include it, as they include
the SIPP discount. Marketplace differences live in that data, not here.

A peak season may name ``inferred_price_bands``: price columns its source lacks that we
worked out, each with the note that says so in ``unverified``.
"""

from __future__ import annotations

import math

from .. import units
from ..i18n import Text, fmt_date, fmt_money, message
from ..ratecards import card_by_id, card_label, in_force, source_of
from ..result import Notes
from . import bands, cards
from .size import tier_label


def _m(key: str, **params) -> Text:
    return message(f"fba_fee.{key}", **params)


def applies(entry: dict, facts: dict, on: str) -> bool:
    """The entry is in force on ``on`` and every fact it names has an allowed value."""
    if not in_force(entry, on):
        return False
    return all(facts.get(fact) in allowed for fact, allowed in entry.get("when", {}).items())


def money(amount: float, currency: str) -> float:
    return units.money(amount, 0 if currency == "JPY" else 2)


def rely_on(notes: Notes, confidence: str | None, why: Text) -> None:
    """The result uses a figure of this confidence; an unverified one says ``why``, so
    "unverified" never stands without its reason."""
    notes.rely_on(confidence)
    if confidence == "unverified":
        notes.doubt(why)


# --- Low-price FBA: a cheaper table for items at or under a price threshold.

def low_price(card: dict, tier: dict, weight: float, v: dict, facts: dict, fee: float | None, notes: Notes) -> float | None:
    rule = card.get("low_price")
    if not rule or fee is None or not applies(rule, facts, v["date"]):
        return fee
    cur = card["currency"]
    threshold = next((t for t in rule["thresholds"] if applies(t, facts, v["date"])), None)
    if threshold is None or not (v["price"] < threshold["below"] if "below" in threshold else units.le(v["price"], threshold["max_price"])):
        return fee
    limit = fmt_money(threshold.get("max_price", threshold.get("below")), cur)
    lp = bands.fee_at(rule["fees"].get(tier["id"]), weight, None)
    if lp is None:
        notes.step("fba_fee.low_price_no_band", max=limit, tier=tier_label(tier["id"]))
        return fee
    facts["low_price"] = True
    notes.step("fba_fee.low_price_below" if "below" in threshold else "fba_fee.low_price", max=limit, fee=fmt_money(lp, cur))
    if threshold.get("restricted_max") is not None and v["price"] > threshold["restricted_max"]:
        notes.warn("fba_fee.low_price_restricted", max=fmt_money(threshold["restricted_max"], cur),
                   categories=rule.get("restricted_categories", {"en": "", "zh": ""}))
    rely_on(notes, rule.get("confidence"), rule.get("note") or _m("figure_unverified", what=_m("low_price_label")))
    return lp


# --- Holiday peak: the season's own table, its add-ons, or the nearest season's increments.

def peak(card: dict, tier: dict, weight: float, index: int | None, product: str, v: dict, facts: dict,
         fee: float | None, notes: Notes) -> tuple[float | None, str]:
    s = cards.season(card, v["date"])
    if fee is None:
        return fee, "non_peak"
    cards.flag_season_edges(card, v["date"], notes)
    if s is None:
        return fee, "non_peak"
    cur, label = card["currency"], cards.season_label(s)
    if facts.get("low_price") and s.get("exclude_low_price"):
        notes.step("fba_fee.peak_low_price_excluded", season=label)
        return fee, "non_peak"
    if not cards.in_scope(s, tier["id"], product):
        notes.step("fba_fee.peak_tier_free", season=label, tier=tier_label(tier["id"]))
        return fee, "non_peak"
    used, fig = cards.figure(s, product, tier["id"], weight, v["date"])
    if used is None:
        notes.warn("fba_fee.peak_no_figures", season=label, tier=tier_label(tier["id"]))
        notes.doubt("fba_fee.peak_no_figures_short", season=label)
        return fee, "non_peak"
    if used is not s:
        notes.warn("fba_fee.peak_nearest", season=label, used=cards.season_label(used))
        notes.doubt("fba_fee.peak_nearest_short", used=cards.season_label(used))
    kind, value = fig
    if kind == "add":
        new = fee + bands.pick(value, index)
    else:
        band = bands.find(value, weight)
        peak_fee = bands.fee(band, weight, index)
        if band.get("conflict"):
            notes.doubt(band["conflict"]["note"])
        if used["relative_to"] == card["id"]:
            new = peak_fee
        else:  # another card's peak table: add its increase over its own card to ours
            base = card_by_id("fba", used["relative_to"])
            base_tier = next((t for t in base["tiers"] if t["id"] == tier["id"]), None)
            base_fee = bands.fee_at(bands.table(base, base_tier, product)[0], weight, index) if base_tier else None
            if base_fee is None:
                notes.warn("fba_fee.peak_no_figures", season=label, tier=tier_label(tier["id"]))
                notes.doubt("fba_fee.peak_no_figures_short", season=label)
                return fee, "non_peak"
            new = fee + (peak_fee - base_fee)
            notes.step("fba_fee.peak_increment", used=cards.season_label(used), add=fmt_money(peak_fee - base_fee, cur),
                       base=card_label(base))
    new = money(new, cur)
    notes.step("fba_fee.peak_used", season=label, fee=fmt_money(new, cur))
    rely_on(notes, used["confidence"], (used.get("notes") or [_m("figure_unverified", what=cards.season_label(used))])[0])
    if used.get("average"):
        notes.doubt("fba_fee.peak_average", season=cards.season_label(used))
    if used.get("conflict"):
        c = used["conflict"]
        notes.doubt("fba_fee.peak_conflict", other=fmt_money(c["value"], cur), source=source_of(used, c["source"])["title"])
    if index is not None and card.get("price_bands"):   # a price column the season's source lacks, worked out by us
        inferred = used.get("inferred_price_bands", {}).get(card["price_bands"][index]["id"])
        if inferred:
            notes.doubt(inferred)
    return new, "peak"


# --- Lines the card adds on top of the fee.

def _sipp_discount(entry: dict, ctx: dict) -> float | None:
    tier_id, product = ctx["tier"], ctx["product"]
    if ctx["facts"].get("low_price") and "low_price_fees" in entry:
        table = entry["low_price_fees"].get(tier_id)
    else:
        table = entry.get("product_fees", {}).get(product, {}).get(tier_id) or entry["fees"].get(tier_id)
    amount = bands.fee_at(table, ctx["weight"], None)
    return None if amount is None else -amount


def _flat(entry: dict, ctx: dict) -> float | None:
    return entry["amount"]


def _by_weight(entry: dict, ctx: dict) -> float | None:
    weight = ctx["dim_weight"] if entry.get("weight") == "dimensional" else ctx["weight"]
    return None if weight is None else bands.fee_at(entry["bands"], weight, None)


def _by_tier(entry: dict, ctx: dict) -> float | None:
    return bands.fee_at(entry["tiers"].get(ctx["tier"]), ctx["weight"], None)


def _percent(entry: dict, ctx: dict) -> float | None:
    return ctx["fee_for_percent"] * entry["percent"] / 100


PRICERS = {"sipp_discount": _sipp_discount, "flat": _flat, "by_weight": _by_weight,
           "by_tier_band": _by_weight, "by_tier": _by_tier, "percent": _percent}


def lines(card: dict, ctx: dict, notes: Notes) -> list[dict]:
    """Every line of ``card['adjustments']`` that applies, priced in order. Percentages
    (the fuel surcharge) apply to the fee after the SIPP discount, as Amazon's 2026
    pages and both calculators that model it do, and to lines that are part of the
    card's own fee (``part_of_fee``: Germany's "DE only" column is the CEP fee + 0.26)."""
    cur, on, fee = card["currency"], ctx["date"], ctx["fee"]
    out: list[dict] = []
    in_fee: set[str] = set()
    for entry in card.get("adjustments", ()):
        if not applies(entry, ctx["facts"], on):
            continue
        if entry["kind"] == "percent":
            ctx["fee_for_percent"] = fee + math.fsum(x["amount"] for x in out if x["name"] in in_fee)
        amount = PRICERS[entry["kind"]](entry, ctx)
        if amount is None:
            if entry["kind"] == "sipp_discount" and entry.get("charged_tiers_only"):   # the rule leaves the tier out
                notes.step("fba_fee.sipp_not_for_tier", tier=tier_label(ctx["tier"]))
            elif entry["kind"] == "sipp_discount":   # a discount the fee likely has, whose figure we lack
                notes.warn("fba_fee.sipp_none", tier=tier_label(ctx["tier"]))
                notes.doubt("fba_fee.sipp_none", tier=tier_label(ctx["tier"]))
            elif entry.get("missing"):   # a line that may apply, whose amount no source gives: said, not silent
                notes.warn(entry["missing"])
                notes.doubt(entry["missing"])
            continue
        amount = money(amount, cur)
        if entry["kind"] == "sipp_discount" or entry.get("part_of_fee"):
            in_fee.add(entry["id"])
        src = source_of(card, entry.get("source"))
        line = {"name": entry["id"], "label": _m(f"lines.{entry['id']}"), "amount": amount,
                "percent": entry.get("percent"), "from": entry.get("effective_from"), "confidence": entry.get("confidence", card["confidence"]),
                "source": src["title"]}
        out.append(line)
        rely_on(notes, line["confidence"], entry.get("note") or _m("figure_unverified", what=line["label"]))
        if entry["kind"] == "percent":
            notes.step("fba_fee.line_percent", name=line["label"], percent=_n(entry["percent"]),
                       base=fmt_money(ctx["fee_for_percent"], cur), amount=fmt_money(amount, cur), start=fmt_date(entry["effective_from"]))
        else:
            notes.step("fba_fee.line", name=line["label"], amount=fmt_money(amount, cur))
        if entry.get("note"):
            notes.warn(entry["note"]) if entry.get("note_is_warning") else notes.step(entry["note"])
    return out


def _n(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")

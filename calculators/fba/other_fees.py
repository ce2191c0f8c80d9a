"""Per-unit fees Amazon bills besides the fulfilment fee: the last stage of the pipeline.

Each fee has its own inputs (``FIELDS``, all optional: an empty input leaves the fee
out, as before these fees were modelled), its own data folder with dated files, and
one function here:

- ``low_inventory``: the US low-inventory-level fee and the Pan-European low-inventory
  cost coverage fee (``data/low-inventory``), from the days of supply;
- ``inbound_placement``: the US inbound placement service fee (``data/inbound-placement``),
  from the split the seller chooses when sending stock;
- ``returns_processing``: the US returns processing fee (``data/returns-processing``),
  spread over every unit sold at the seller's return rate;
- ``digital_services``: the UK/EU digital services fee on FBA fees
  (``data/digital-services``), by where the seller is established.

Where the file in force is missing, the nearest one is used, said and flagged; but a
file marked ``introduced`` starts its fee, so earlier dates pay none. A file marked
``charged_tiers_only`` charges only the tiers it lists (the others are outside the fee's
rule, not missing figures); a band may carry its own ``source`` and ``confidence``.
"""

from __future__ import annotations

import math

from .. import units
from ..fields import Choice, Number, Option
from ..i18n import Text, fmt_date, fmt_money, fmt_number, message, text
from ..ratecards import flag_card, load_kind, pick, source_of
from ..result import Notes, weakest
from . import adjust, bands
from .size import tier_label


def _m(key: str, **params) -> Text:
    return message(f"fba_fee.{key}", **params)


EXEMPTIONS = ("none", "new_seller", "new_selection", "awd", "low_sales", "grocery")
SPLITS = ("amazon_optimized", "partial", "minimal")
RETURN_CATEGORIES = ("other", "apparel_shoes", "grocery", "toys", "beauty_health", "home_kitchen",
                     "consumer_electronics", "computers", "luggage_bags")
SELLER_PLACES = ("elsewhere", "UK", "FR", "IT", "ES", "CA")

FIELDS = (
    Number("days_of_supply_30", text("Days of supply, last 30 days", "可售天数（近 30 天）"),
           text("Optional. Seller Central's short-term historical days of supply. With the 90-day figure, it decides the low-inventory fee (US) or the low-inventory cost coverage fee (Pan-European FBA).",
                "可选。卖家平台显示的近期历史可售天数。与 90 天数字一起决定低库存水平费（美国站）或低库存成本分摊费（泛欧计划）。"),
           required=False, minimum=0, exclusive_minimum=False, maximum=10_000, step=1, group="inventory"),
    Number("days_of_supply_90", text("Days of supply, last 90 days", "可售天数（近 90 天）"),
           text("Optional. The long-term historical days of supply.", "可选。长期历史可售天数。"),
           required=False, minimum=0, exclusive_minimum=False, maximum=10_000, step=1, group="inventory"),
    Choice("low_inventory_exemption", text("Low-inventory fee exemption", "低库存费豁免"),
           text("Amazon does not charge the low-inventory fee in these cases.", "以下情况亚马逊不收取低库存费。"),
           required=False, default="none", group="inventory",
           options=tuple(Option(e, message(f"fba_fee.exemptions.{e}")) for e in EXEMPTIONS)),
    Choice("inbound_split", text("Inbound shipment split (US)", "入库分仓方式（美国站）"),
           text("How you send stock to Amazon US: Amazon-optimised splits to several locations pay no inbound placement fee; fewer locations pay per unit.",
                "向美国站发货的方式：按亚马逊优化的多地点分仓不收入库配置服务费；发往较少地点按件收费。"),
           required=False, default="amazon_optimized", group="inbound",
           options=tuple(Option(s, message(f"fba_fee.splits.{s}")) for s in SPLITS)),
    Number("return_rate", text("Return rate (%)", "退货率 (%)"),
           text("Optional. Share of units sold that come back; spreads the returns processing fee over every unit sold.",
                "可选。售出商品中被退回的比例；用于把退货处理费分摊到每件售出商品上。"),
           required=False, minimum=0, exclusive_minimum=False, maximum=100, unit="percent", group="returns"),
    Choice("return_category", text("Category for returns", "退货类别"),
           text("Amazon US charges the returns processing fee on returns above a category's return-rate threshold, and on every return of apparel and shoes.",
                "亚马逊美国站对退货率超过类别阈值的部分收取退货处理费，服装和鞋靴则每次退货都收取。"),
           required=False, default="other", group="returns",
           options=tuple(Option(c, message(f"fba_fee.return_categories.{c}")) for c in RETURN_CATEGORIES)),
    Number("returns_fee", text("Returns processing fee per return (your figure)", "每次退货处理费（自填）"),
           text("Optional. From your Seller Central fee preview; used where our data has no figure.", "可选。见卖家平台的费用预览；在我们的数据没有金额时使用。"),
           required=False, minimum=0, exclusive_minimum=False, maximum=10_000, group="returns"),
    Choice("seller_established", text("Where your business is established", "企业注册所在地"),
           text("Decides the digital services fee Amazon adds to its fees in some European stores (and in every store for businesses established in the UK, France, Italy or Spain).",
                "决定亚马逊在部分欧洲站点对其费用加收的数字服务费（英国、法国、意大利或西班牙注册的企业在所有站点都需缴纳）。"),
           required=False, default="elsewhere", group="seller",
           options=tuple(Option(p, message(f"fba_fee.seller_places.{p}")) for p in SELLER_PLACES)),
)


def _line(name: str, amount: float | None, entry: dict, notes: Notes, band: dict | None = None, **extra) -> dict:
    """One line of ``other_fees``; a band with its own source and confidence (weaker
    than its file's) speaks for the figure."""
    own = band if band and band.get("confidence") else entry
    src = source_of(entry, own.get("source"))
    label = _m(f"lines.{name}")
    adjust.rely_on(notes, own["confidence"], _m("figure_unverified", what=label))
    return {"name": name, "label": label, "amount": amount, "confidence": own["confidence"],
            "source": src["title"], "file": entry["_file"], **extra}


def _file(kind: str, marketplace: str, on: str, notes: Notes, what: Text, name: str) -> dict | None:
    """The file of ``kind`` for the marketplace in force on ``on``, or the nearest (said).
    None before the fee existed: a file marked ``introduced`` starts the fee."""
    chosen, nearest = pick([f for f in load_kind(kind) if f["marketplace"] in (marketplace, "*")], on)
    if chosen is not None and nearest and on < chosen["effective_from"] and chosen.get("introduced"):
        notes.step("fba_fee.fee_not_yet", fee=_m(f"lines.{name}"), start=fmt_date(chosen["effective_from"]))
        return None
    if chosen is not None:
        flag_card(chosen, nearest, on, what, "fba_fee.nearest_card_short", notes)
    return chosen


def low_inventory(card: dict, v: dict, r: dict, notes: Notes) -> dict | None:
    d30, d90 = v.get("days_of_supply_30"), v.get("days_of_supply_90")
    if d30 is None and d90 is None:
        return None
    files = [f for f in load_kind("low-inventory") if f["marketplace"] == card["marketplace"]]
    if not files or r["programme"] not in files[0]["programmes"]:
        return None
    f = _file("low-inventory", card["marketplace"], v["date"], notes, _m("what_low_inventory"), files[0]["fee"])
    if f is None:
        return None
    if f.get("pan_eu_only") and ((v.get("eu_programme") or "pan_eu") != "pan_eu"):
        notes.step("fba_fee.low_inventory_not_pan_eu")
        return None
    name = f["fee"]
    if d30 is None or d90 is None:
        notes.warn("fba_fee.low_inventory_need_both")
        return _line(name, None, f, notes)
    exemption = v.get("low_inventory_exemption") or "none"
    if exemption != "none":
        if exemption in f["exemptions"]:
            notes.step("fba_fee.low_inventory_exempt", reason=_m(f"exemptions.{exemption}"))
            return _line(name, 0.0, f, notes)
        notes.warn("fba_fee.low_inventory_exemption_unknown", reason=_m(f"exemptions.{exemption}"))
    if r["low_price"] and f.get("exclude_low_price"):
        notes.step("fba_fee.low_inventory_low_price")
        return _line(name, 0.0, f, notes)
    threshold = f["threshold_days"]
    if d30 >= threshold or d90 >= threshold:
        notes.step("fba_fee.low_inventory_none", d30=fmt_number(d30, 0), d90=fmt_number(d90, 0), days=threshold)
        return _line(name, 0.0, f, notes)
    basis = max(d30, d90) if f["band_by"] == "higher" else min(d30, d90)
    index = next(i for i, limit in enumerate(f["days_bands"]) if limit is None or basis < limit)
    table = f["fees"].get(r["size_tier"])
    if table is None and f.get("charged_tiers_only"):   # the fee's rule leaves this tier out
        notes.step("fba_fee.low_inventory_tier_free", tier=tier_label(r["size_tier"]))
        return _line(name, 0.0, f, notes)
    amount = bands.fee_at(table, r["shipping_weight"]["value"], index) if table else None
    if amount is None:
        notes.warn("fba_fee.low_inventory_no_tier", tier=tier_label(r["size_tier"]))
        return _line(name, None, f, notes)
    notes.step("fba_fee.low_inventory_fee", d30=fmt_number(d30, 0), d90=fmt_number(d90, 0), days=fmt_number(basis, 0),
               fee=fmt_money(amount, r["currency"]))
    return _line(name, amount, f, notes)


def inbound_placement(card: dict, v: dict, r: dict, notes: Notes) -> dict | None:
    split = v.get("inbound_split") or "amazon_optimized"
    candidates = [f for f in load_kind("inbound-placement") if f["marketplace"] == card["marketplace"]]
    if not candidates or r["programme"] != "local":
        return None
    if split == "amazon_optimized":
        notes.step("fba_fee.inbound_optimized")
        return None
    f = _file("inbound-placement", card["marketplace"], v["date"], notes, _m("what_inbound"), "inbound_placement")
    if f is None:
        return None
    table = f["fees"].get(split, {}).get(r["size_tier"])
    band = bands.find(table, r["shipping_weight"]["value"]) if table else None
    amount = bands.fee(band, r["shipping_weight"]["value"], None) if band else None
    if amount is None:
        notes.warn("fba_fee.inbound_no_figure", tier=tier_label(r["size_tier"]), split=_m(f"splits.{split}"))
        notes.doubt("fba_fee.inbound_no_figure", tier=tier_label(r["size_tier"]), split=_m(f"splits.{split}"))
        return _line("inbound_placement", None, f, notes)
    notes.step("fba_fee.inbound_fee", split=_m(f"splits.{split}"), fee=fmt_money(amount, r["currency"]))
    if f.get("range_note"):
        notes.warn(f["range_note"])
    return _line("inbound_placement", amount, f, notes, band=band)


def returns_processing(card: dict, v: dict, r: dict, notes: Notes) -> dict | None:
    rate = v.get("return_rate")
    if rate is None or card["marketplace"] not in {f["marketplace"] for f in load_kind("returns-processing")}:
        return None
    f = _file("returns-processing", card["marketplace"], v["date"], notes, _m("what_returns"), "returns_processing")
    if f is None:
        return None
    category = v.get("return_category") or "other"
    cur = r["currency"]
    every = category in f["every_return"]
    threshold = None if every else f["thresholds"].get(category)
    if not every and threshold is None:
        notes.warn("fba_fee.returns_threshold_unknown", category=_m(f"return_categories.{category}"))
        threshold_frac = 0.0
        notes.doubt("fba_fee.returns_threshold_unknown", category=_m(f"return_categories.{category}"))
    else:
        threshold_frac = 0.0 if every else threshold / 100
    share = rate / 100 if every else max(0.0, rate / 100 - threshold_frac)
    per_return = v.get("returns_fee")
    entry = f
    if per_return is None:
        table = f["fees"].get(category if every else "other", {}).get(r["size_tier"])
        per_return = bands.fee_at(table, r["shipping_weight"]["value"], None) if table else None
        if per_return is not None and f.get("fees_note"):
            notes.warn(f["fees_note"])
            notes.doubt(f["fees_note"])
    if per_return is None:
        notes.warn("fba_fee.returns_need_fee")
        return _line("returns_processing", None, entry, notes)
    amount = units.money(per_return * share, 2)
    if every:
        notes.step("fba_fee.returns_every", rate=_pct(rate), fee=fmt_money(per_return, cur), amount=fmt_money(amount, cur))
    else:
        notes.step("fba_fee.returns_over", rate=_pct(rate), threshold=_pct(threshold or 0), over=_pct(share * 100),
                   fee=fmt_money(per_return, cur), amount=fmt_money(amount, cur))
    notes.warn("fba_fee.returns_small_volume")
    return _line("returns_processing", amount, entry, notes)


def digital_services(card: dict, v: dict, r: dict, notes: Notes, on_amount: float | None) -> dict | None:
    """The digital services fee on this unit's FBA fees (``on_amount``)."""
    if on_amount is None:
        return None
    rule = dsf_rule(card["marketplace"], v.get("seller_established") or "elsewhere", v["date"], notes)
    if rule is None or "fba" not in rule["on"]:
        return None
    amount = units.money(on_amount * rule["rate"] / 100, 0 if r["currency"] == "JPY" else 2)
    notes.step("fba_fee.dsf_fee", rate=_pct(rule["rate"]), base=fmt_money(on_amount, r["currency"]),
               fee=fmt_money(amount, r["currency"]))
    return _line("digital_services", amount, rule["_card"], notes, percent=rule["rate"])


def dsf_rule(marketplace: str, seller: str, on: str, notes: Notes) -> dict | None:
    """The digital services fee row for a store and a seller's place of establishment,
    with ``_card`` (its file), or None where none is charged."""
    f = _file("digital-services", marketplace, on, notes, message("fba_fee.what_dsf"), "digital_services")
    if f is None:
        return None
    for row_ in f["rows"]:
        if seller in row_["seller"] and marketplace in row_["stores"]:
            return dict(row_, _card=f)
    return None


def _pct(x: float) -> str:
    return fmt_number(x, 2).rstrip("0").rstrip(".")


def add(card: dict, v: dict, r: dict, explain: bool) -> None:
    """Add ``other_fees`` and ``fees_per_unit`` to the result ``r`` (in place)."""
    r["other_fees"] = []
    r["fees_per_unit"] = r["total_fee"]
    if not r["eligible"] or r["size_tier"] is None:
        return
    notes = Notes(explain)
    lines = [f(card, v, r, notes) for f in (low_inventory, inbound_placement, returns_processing)]
    lines.append(digital_services(card, v, r, notes, r["total_fee"]))
    r["other_fees"] = [x for x in lines if x is not None]
    known = [x["amount"] for x in r["other_fees"] if x["amount"] is not None]
    if r["total_fee"] is not None:
        r["fees_per_unit"] = units.money(r["total_fee"] + math.fsum(known), 0 if r["currency"] == "JPY" else 2)
    r["steps"].extend(notes.steps)
    for w in notes.warnings:
        if w not in r["warnings"]:
            r["warnings"].append(w)
    for u in notes.unverified:
        if u not in r["unverified"]:
            r["unverified"].append(u)
    r["confidence"] = weakest(r["confidence"], notes.confidence)

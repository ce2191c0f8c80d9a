"""FBA size tier and fulfillment fee per unit, in every marketplace our data covers.

The calculation is a short pipeline; each stage lives in ``calculators/fba/`` and
explains itself in both languages:

1. **card** (``fba/cards.py``): the rate card for the marketplace, where the stock is and
   the date (the nearest card, said and flagged, where none is in force);
2. **size tier** and **weights** (``fba/size.py``);
3. **band** and **base fee** (``fba/bands.py``), from the table for the product type
   (standard, apparel, dangerous goods) and the price band;
4. **adjustments** (``fba/adjust.py``): low-price rates, the holiday peak, then the
   card's own lines (SIPP discount, surcharges, packaging and handling fees);
5. **other per-unit fees** Amazon charges besides the fulfilment fee
   (``fba/other_fees.py``: low-inventory-level fee, inbound placement, returns
   processing, digital services fee);
6. **total**.

Output keys for callers (``run("fba-fee", ...)``), beyond the contract in the README:
``eligible`` (false: FBA does not take the item; ``ineligible_reason`` says why and
every fee is null), ``fee_available`` (false when no figure exists; then
``fee_unavailable_reason``), ``fee_basis`` ("non_peak" or "peak"), ``peak_season``,
``low_price``, ``card_fee`` (the card's figure before an override), ``override``,
``surcharges`` (lines added to the fulfilment fee), ``other_fees`` (per-unit fees
billed separately, each ``{"name", "label", "amount", ...}``; ``amount`` may be null
when our data lacks the figure), ``fees_per_unit`` (``total_fee`` plus the other fees
that have a figure), ``programme``, ``fulfilment_from``, ``comparison``.
"""

from __future__ import annotations

import math

from .core import calculator, row
from .fba import adjust, bands, cards, other_fees, size
from .fields import Boolean, Choice, Date, InputError, Number, Option, Section, field_error, marketplace_field, plausible_item, price_field, size_fields, weight_fields
from .i18n import Text, fmt_money, fmt_quantity, message, text
from .ratecards import age_warning, card_by_id, card_label, card_summary, load_kind, source_of
from .render import table_html, text_html
from .result import Notes


def _m(key: str, **params) -> Text:
    return message(f"fba_fee.{key}", **params)


def _marketplaces() -> tuple[str, ...]:
    seen: list[str] = []
    for card in load_kind("fba"):
        if card["marketplace"] not in seen:
            seen.append(card["marketplace"])
    order = ("US", "CA", "UK", "DE", "FR", "IT", "ES", "JP")
    return tuple(sorted(seen, key=lambda m: (order.index(m) if m in order else len(order), m)))


MARKETPLACES = _marketplaces()


def _tier_options() -> tuple[Option, ...]:
    """Every tier of every card, each shown only with its marketplaces (``for_values``)."""
    seen: dict[str, list[str]] = {}
    for card in sorted(load_kind("fba"), key=lambda c: MARKETPLACES.index(c["marketplace"])):
        for tier in card["tiers"] + [t for cp in card.get("category_parcels", ()) for t in cp["tiers"]]:
            markets = seen.setdefault(tier["id"], [])
            if card["marketplace"] not in markets:
                markets.append(card["marketplace"])
    return tuple(Option(t, size.tier_label(t), for_field="marketplace", for_values=tuple(m)) for t, m in seen.items())


def _card_options() -> tuple[Option, ...]:
    """Every fulfilment card by name and date ("UK 2026, from 1 Feb 2026"), each shown
    only with its own marketplace."""
    return tuple(Option(c["id"], card_label(c), for_field="marketplace", for_values=(c["marketplace"],))
                 for c in sorted(load_kind("fba"), key=lambda c: MARKETPLACES.index(c["marketplace"])))


def _stock_options() -> tuple[Option, ...]:
    places: list[str] = []
    for mk in MARKETPLACES:
        places += [s for s in cards.stock_locations(mk) if s not in places]
    return (Option("local", text("Local (in the marketplace's country)", "本地（站点所在国家）")),) + tuple(
        Option(p, message("fba_fee.stock_in", place=message(f"marketplaces.{p}"))) for p in places)


FIELDS = (
    marketplace_field(text("The Amazon marketplace where the item is sold.", "销售商品的亚马逊站点。"), MARKETPLACES),
    *size_fields((text("Longest side of the packaged item, as it will arrive at Amazon.", "包装后商品的最长边（按送达亚马逊时的状态测量）。"),
                  text("Second-longest side of the packaged item.", "包装后商品的次长边。"),
                  text("Shortest side of the packaged item.", "包装后商品的最短边。"))),
    *weight_fields(text("Weight of the packaged item (unit weight).", "包装后商品的重量（商品重量）。")),
    price_field(text("Selling price in the marketplace currency. Some fees depend on it: US price bands, low-price FBA in Europe, Japan and Canada.",
                     "以站点货币计的售价。部分费用与售价有关：美国站的售价区间，以及欧洲、日本和加拿大站的低价商品亚马逊物流。")),
    Boolean("apparel", text("Apparel", "服装类商品"),
            text("Clothing has its own fee table in the US, and its own parcel rates in the UK and EU.",
                 "服装类商品在美国站有单独的配送费表，在英国和欧洲站有单独的包裹费率。")),
    Boolean("dangerous_goods", text("Dangerous goods (hazmat)", "危险品"),
            text("Items Amazon classes as dangerous goods, such as many lithium batteries: their own table in the US, a surcharge in Europe.",
                 "被亚马逊归为危险品的商品（如许多锂电池）：美国站有单独的费用表，欧洲站收取附加费。")),
    Date("date", text("Date", "日期"),
         text("The day the unit leaves the fulfillment center; picks the rate card and the peak season in force then. Defaults to today.",
              "商品从运营中心发出的日期，用于选择当时有效的费率表和旺季。默认为今天。")),
    Choice("fulfilment_from", text("Stock held in", "库存所在地"),
           text("Where the stock sits. Local: in the marketplace's own country. Stock in another European country is the European Fulfilment Network (EFN); UK stock sold in the EU (and the reverse) and US stock sold on amazon.ca are Remote Fulfilment.",
                "库存存放的位置。本地：存放在该站点所在国家。库存在另一个欧洲国家属于欧洲配送网络 (EFN)；英国库存在欧盟销售（或反之）、美国库存在 amazon.ca 销售属于亚马逊远程配送。"),
           required=False, default="local", group="programme", options=_stock_options()),
    Choice("eu_programme", text("European programme", "欧洲物流计划"),
           text("Pan-European FBA: you pay the destination's local fee wherever Amazon ships from. Stock kept only in Germany without the Central Europe Programme pays a surcharge per unit.",
                "泛欧计划：无论亚马逊从哪里发货，都按目的地的本地费率收费。库存只放在德国且未加入中欧计划的，每件需支付附加费。"),
           required=False, default="pan_eu", group="programme",
           options=(Option("pan_eu", text("Pan-European FBA", "亚马逊物流欧洲整合服务 (泛欧计划)")),
                    Option("cep", text("Central Europe Programme (CEP)", "中欧计划")),
                    Option("none", text("Neither (stock in one country only)", "都不参加（库存只在一个国家）")))),
    Boolean("sipp", text("Ships in Product Packaging (SIPP)", "使用商品原包装发货 (SIPP)"),
            text("Certified to ship in its own packaging: a lower fee for standard-size units; bulky and oversize units that are not certified pay a packaging fee.",
                 "经认证可使用商品原包装发货：标准尺寸商品配送费更低；未认证的大件需支付包装费。"),
            group="programme"),
    *other_fees.FIELDS,
    Choice("size_tier", text("Size tier", "尺寸分段"),
           text("Leave on automatic, or choose the tier Seller Central shows to check it against ours.",
                "一般保持“自动”；也可选择卖家平台显示的分段，与本站结果核对。"),
           required=False, default="auto", group="override",
           options=(Option("auto", text("Automatic", "自动")),) + _tier_options()),
    Number("fee_override", text("Your fee from Seller Central", "卖家平台显示的配送费"),
           text("Optional. The fulfillment fee per unit Seller Central shows for this item, before surcharges, in the marketplace currency. It replaces the rate card's figure, which stays shown beside it.",
                "可选。卖家平台显示的该商品每件配送费（不含附加费），以站点货币计。填写后取代费率表中的金额，费率表金额仍会并列显示。"),
           required=False, default=None, minimum=0.0, exclusive_minimum=False, maximum=100_000, group="override"),
    Choice("compare_card", text("Compare with rate card", "对比费率表"),
           text("Optional. Another rate card of the same marketplace, such as the previous year's, worked out for the same item.",
                "可选。同一站点的另一张费率表（例如上一年的），按同一件商品计算并对比。"),
           required=False, default=None, group="override",
           options=(Option("", text("No comparison", "不对比")),) + _card_options()),
)


def _digits(currency: str) -> int:
    return 0 if currency == "JPY" else 2


def _money(amount: float | None, cur: str) -> Text:
    return fmt_money(amount, cur) if amount is not None else _m("not_available")


def _empty(card: dict) -> dict:
    wu = card["weight_unit"]
    return {
        "marketplace": card["marketplace"], "programme": card["programme"], "currency": card["currency"],
        "rate_card": card_summary(card), "card_notes": card.get("notes", []),
        "eligible": True, "ineligible_reason": None, "size_tier": None, "size_tier_label": None,
        "unit_weight": {"value": None, "unit": wu}, "dimensional_weight": {"value": None, "unit": wu},
        "shipping_weight": {"value": None, "unit": wu}, "price_band": None, "low_price": False,
        "fee_basis": "non_peak", "peak_season": None, "fee_available": False, "fee_unavailable_reason": None,
        "card_fee": None, "override": None, "fulfillment_fee": None, "surcharges": [], "total_fee": None,
    }


def _choose_tier(card: dict, item: size.Item, v: dict, notes: Notes) -> dict:
    """The size tier: found from the card's limits, or the reader's choice (checked)."""
    auto = size.find_tier(card, card["tiers"], item)
    for group in card.get("category_parcels", ()):  # clothing and the like in Europe
        if auto["id"] in group["replaces"] and adjust.applies(group, {"apparel": bool(v.get("apparel"))}, v["date"]):
            auto = size.find_tier(card, group["tiers"], item) if any(size.fits(card, t, item) for t in group["tiers"]) else auto
    chosen = v.get("size_tier") or "auto"
    if chosen == "auto":
        notes.step_with(lambda: size.why(card, auto, item))
        return auto
    every = card["tiers"] + [t for g in card.get("category_parcels", ()) for t in g["tiers"]]
    tier = next((t for t in every if t["id"] == chosen), None)
    if tier is None:
        raise InputError([field_error("size_tier", _m("tier_not_in_card", tier=size.tier_label(chosen), card=card_label(card),
                                                        tiers=", ".join(t["id"] for t in card["tiers"])))])
    notes.step("fba_fee.tier_chosen", tier=size.tier_label(tier["id"]))
    if tier["id"] != auto["id"]:
        notes.warn("fba_fee.tier_differs", chosen=size.tier_label(tier["id"]), auto=size.tier_label(auto["id"]))
    return tier


def _base_fee(card: dict, tier: dict, weight: float, index: int | None, product: str, notes: Notes, result: dict) -> float | None:
    """The card's figure for the tier, weight band and price band, or None (said why)."""
    table, used = bands.table(card, tier, product)
    if product != "standard" and used == "standard" and product not in card.get("products_covered", ()):
        notes.warn("fba_fee.product_table_missing", product=_m(f"products.{product}"), card=card_label(card))
        notes.doubt("fba_fee.product_table_missing_short", product=_m(f"products.{product}"))
    band = bands.find(table, weight)
    if band is None:
        reason = _m("no_fees_tier", tier=size.tier_label(tier["id"]), card=card_label(card)) if not table \
            else _m("no_fees_weight", tier=size.tier_label(tier["id"]), weight=fmt_quantity(weight, card["weight_unit"], 4))
        notes.warn(reason)
        result["fee_unavailable_reason"] = reason
        return None
    fee = bands.fee(band, weight, index)
    notes.step_with(lambda: bands.describe(band, fee, card["weight_unit"], card["currency"]))
    conflict = band.get("conflict")
    if conflict and conflict.get("note"):
        notes.doubt(conflict["note"])
    elif conflict:
        shown = bands.pick(conflict["value"], index)
        notes.doubt("fba_fee.conflict", value=fmt_money(fee, card["currency"]), other=fmt_money(shown, card["currency"]),
                    source=source_of(card, conflict["source"])["title"])
    adjust.rely_on(notes, band.get("confidence") or tier.get("confidence"),
                   _m("figure_unverified", what=_m("fee_label")))
    return fee


def fee_for_card(card: dict, v: dict, facts: dict, explain: bool = True) -> dict:
    """The whole pipeline against one card; ``facts`` come from the route (cards.route)."""
    notes = Notes(explain)
    adjust.rely_on(notes, card["confidence"], _m("figure_unverified", what=card_label(card)))
    result = _empty(card)
    cur, wu = card["currency"], card["weight_unit"]
    item = size.measure(card, v, notes)
    result["unit_weight"]["value"] = round(item.weight, 4)
    reason = size.ineligible_reason(card, item, v["date"])
    if reason is not None:
        notes.step(reason)
        if v.get("fee_override") is not None:
            notes.warn("fba_fee.override_ignored")
        result.update(eligible=False, ineligible_reason=reason, size_tier_label=_m("not_eligible_label"))
        return _finish(card, v, result, notes)

    tier = _choose_tier(card, item, v, notes)
    dim_w, ship_w = size.shipping_weight(card, tier, item, notes)
    index, price_band = bands.price_index(card, v["price"])
    if price_band is not None:
        notes.step("fba_fee.price_band", price=fmt_money(v["price"], cur), band=_m(f"price_bands.{price_band['id']}"))
    product = bands.product_type(v)
    facts = dict(facts, tier=tier["id"], sipp=bool(v.get("sipp")), apparel=bool(v.get("apparel")),
                 dangerous_goods=bool(v.get("dangerous_goods")), eu_programme=v.get("eu_programme") or "pan_eu",
                 low_price=False, overmax=_overmax(tier, item))
    result.update(size_tier=tier["id"], size_tier_label=size.tier_label(tier["id"]),
                  dimensional_weight={"value": round(dim_w, 4) if dim_w is not None else None, "unit": wu},
                  shipping_weight={"value": round(ship_w, 4), "unit": wu}, price_band=price_band["id"] if price_band else None)

    fee = _base_fee(card, tier, ship_w, index, product, notes, result)
    fee = adjust.low_price(card, tier, ship_w, v, facts, fee, notes)
    fee, basis = adjust.peak(card, tier, ship_w, index, product, v, facts, fee, notes)
    season = cards.season(card, v["date"])
    result.update(low_price=facts["low_price"], fee_basis=basis, peak_season=season["id"] if season else None)
    if fee is not None:
        fee = adjust.money(fee, cur)
    result["card_fee"] = fee

    override = v.get("fee_override")
    if override is not None:
        diff = adjust.money(override - fee, cur) if fee is not None else None
        result["override"] = {"value": override, "card_fee": fee, "difference": diff}
        notes.step("fba_fee.override_step", fee=fmt_money(override, cur), card=_money(fee, cur))
        notes.warn("fba_fee.override_warning", fee=fmt_money(override, cur), card=_money(fee, cur))
        fee = override
    if fee is None:
        return _finish(card, v, result, notes)

    ctx = {"date": v["date"], "facts": facts, "tier": tier["id"], "product": product, "weight": ship_w,
           "dim_weight": dim_w, "fee": fee}
    lines = adjust.lines(card, ctx, notes)
    if (v.get("eu_programme") or "pan_eu") == "cep" and card.get("pan_eu") and facts["stock_in"] == "DE":
        notes.step("fba_fee.cep_note")
    result.update(fee_available=True, fulfillment_fee=fee, surcharges=lines,
                  total_fee=adjust.money(fee + math.fsum(x["amount"] for x in lines), cur))
    return _finish(card, v, result, notes)


def _overmax(tier: dict, item: size.Item) -> bool:
    rule = tier.get("overmax")
    return bool(rule) and (item.long > rule["longest_side"] or item.length_girth > rule["length_girth"])


def _finish(card: dict, v: dict, result: dict, notes: Notes) -> dict:
    if card.get("date_basis") == "undated":
        notes.warn("fba_fee.undated_card", card=card_label(card))
    else:
        age = age_warning(card, v["date"])
        if age:
            notes.warn(age)
    return notes.into(result)


def compute(v: dict, explain: bool = True) -> dict:
    """``explain`` false: figures only, no ``steps``."""
    route_notes = Notes(explain)
    card, facts = cards.select(v, route_notes)
    result = fee_for_card(card, v, facts, explain)
    for w in reversed(route_notes.warnings):
        result["warnings"].insert(0, w)
    for u in route_notes.unverified:
        if u not in result["unverified"]:
            result["unverified"].append(u)
    if route_notes.unverified:
        result["confidence"] = "unverified"
    result["fulfilment_from"] = facts["stock_in"]
    result["pan_eu_cross_border"] = facts["pan_eu_cross_border"]
    other_fees.add(card, v, result, explain)
    result["comparison"] = _compare(card, v, facts, result, explain)
    return result


def _compare(card: dict, v: dict, facts: dict, result: dict, explain: bool) -> dict | None:
    if not v.get("compare_card"):
        return None
    other = card_by_id("fba", v["compare_card"])
    if other is None or other["marketplace"] != card["marketplace"]:
        raise InputError([field_error("compare_card", _m("compare_other_marketplace", card=v["compare_card"],
                                                         marketplace=message(f"marketplaces.{card['marketplace']}")))])
    r2 = fee_for_card(other, dict(v, fee_override=None), facts, explain=False)
    diff = None
    if result["total_fee"] is not None and r2["total_fee"] is not None and r2["currency"] == result["currency"]:
        diff = adjust.money(result["total_fee"] - r2["total_fee"], result["currency"])
    if explain:
        result["steps"].append(_m("compare_step", card=card_label(other), total=_money(r2["total_fee"], r2["currency"]),
                                  diff=_money(diff, result["currency"])))
    return {"rate_card": r2["rate_card"], "size_tier": r2["size_tier"], "size_tier_label": r2["size_tier_label"],
            "shipping_weight": r2["shipping_weight"], "fulfillment_fee": r2["fulfillment_fee"],
            "surcharges": [{"name": s["name"], "amount": s["amount"]} for s in r2["surcharges"]],
            "total_fee": r2["total_fee"], "currency": r2["currency"], "difference": diff,
            "confidence": r2["confidence"], "warnings": r2["warnings"], "unverified": r2["unverified"]}


def summary(r: dict) -> list[dict]:
    cur = r["currency"]

    def weight(q: dict, digits: int) -> Text:
        return fmt_quantity(q["value"], q["unit"], digits) if q and q.get("value") is not None else _m("not_available")

    rows = [row(text("Size tier", "尺寸分段"), r["size_tier_label"] or _m("not_available"))]
    if not r["eligible"]:
        rows.append(row(_m("fee_label"), _m("not_eligible_value"), strong=True))
        return rows
    rows += [
        row(text("Unit weight", "商品重量"), weight(r["unit_weight"], 3)),
        row(text("Dimensional weight", "体积重量"), weight(r["dimensional_weight"], 3) if r["dimensional_weight"]["value"] is not None else _m("not_used")),
        row(text("Shipping weight", "发货重量"), weight(r["shipping_weight"], 4)),
    ]
    if r.get("override"):
        rows.append(row(_m("card_fee_label"), _money(r["override"]["card_fee"], cur)))
        rows.append(row(_m("override_label"), fmt_money(r["override"]["value"], cur)))
    else:
        label = _m("fee_label_peak") if r["fee_basis"] == "peak" else _m("fee_label")
        rows.append(row(label, _money(r["fulfillment_fee"], cur)))
    for s in r["surcharges"]:
        rows.append(row(s["label"], fmt_money(s["amount"], cur)))
    rows.append(row(text("FBA fee per unit", "每件亚马逊物流费用"), _money(r["total_fee"], cur), strong=True))
    for f in r.get("other_fees", ()):
        rows.append(row(f["label"], _money(f["amount"], cur)))
    if r.get("other_fees"):
        rows.append(row(_m("fees_per_unit_label"), _money(r.get("fees_per_unit"), cur), strong=True))
    return rows


def details(r: dict, lang: str) -> str:
    """The card's notes, and the comparison with another card."""
    parts: list[str] = []
    notes = r.get("card_notes") or []
    if notes:
        items = "".join(f"<li>{text_html(n, lang)}</li>" for n in notes)
        parts.append(f'<div class="calc-card-notes"><p><strong>{text_html(_m("notes_title", card=r["rate_card"]["name"]), lang)}</strong></p><ul>{items}</ul></div>')
    c = r.get("comparison")
    if c:
        cur = r["currency"]
        body = [[r["rate_card"]["name"], r["size_tier_label"], _money(r["fulfillment_fee"], cur), _money(r["total_fee"], cur)],
                [c["rate_card"]["name"], c["size_tier_label"], _money(c["fulfillment_fee"], c["currency"]), _money(c["total_fee"], c["currency"])]]
        foot = [[_m("col_difference"), fmt_money(c["difference"], cur)]] if c["difference"] is not None else []
        parts.append(table_html(lang, _m("compare_caption"), [_m("col_card"), _m("col_tier"), _m("col_fee"), _m("col_total")], body, foot))
    return "".join(parts)


EXAMPLE = {"marketplace": "US", "length": 10, "width": 6, "height": 2, "dimension_unit": "in", "weight": 0.8,
           "weight_unit": "lb", "price": 25, "apparel": False, "date": "2026-05-01"}

# The form's folded (or labelled) sections, by field group: render.form_html.
SECTIONS = (
    Section("programme", ("programme", "seller")),
    Section("inventory", ("inventory", "inbound")),
    Section("returns", ("returns",)),
    Section("override", ("override",)),
)


CALCULATOR = calculator(
    __name__, "fba-fee",
    checks=(plausible_item(FIELDS),),
    examples=(
        EXAMPLE,
        {**EXAMPLE, "length": 30, "width": 20, "height": 10, "dimension_unit": "cm", "weight": 300, "weight_unit": "g",
         "price": 8, "date": "2025-06-01"},
        {**EXAMPLE, "length": 40, "width": 30, "height": 25, "weight": 60, "price": 120, "date": "2025-11-20"},
        {**EXAMPLE, "length": 12, "width": 9, "height": 0.5, "weight": 1.5, "weight_unit": "oz", "price": 9.99, "apparel": True,
         "date": "2026-12-01"},
        {**EXAMPLE, "compare_card": "us-fba-2025", "fee_override": 5.1},
        {**EXAMPLE, "length": 16, "width": 9, "height": 0.5, "weight": 1, "date": "2026-03-01", "sipp": True,
         "days_of_supply_30": 10, "days_of_supply_90": 20, "inbound_split": "minimal"},
        {**EXAMPLE, "marketplace": "UK", "length": 30, "width": 20, "height": 10, "dimension_unit": "cm", "weight": 500,
         "weight_unit": "g", "price": 15, "date": "2026-05-01"},
        {**EXAMPLE, "marketplace": "DE", "length": 30, "width": 20, "height": 10, "dimension_unit": "cm", "weight": 500,
         "weight_unit": "g", "price": 25, "date": "2026-12-01", "eu_programme": "none"},
        {**EXAMPLE, "marketplace": "FR", "length": 30, "width": 20, "height": 10, "dimension_unit": "cm", "weight": 500,
         "weight_unit": "g", "price": 25, "date": "2026-05-01", "fulfilment_from": "DE", "eu_programme": "cep"},
        {**EXAMPLE, "marketplace": "DE", "length": 30, "width": 20, "height": 10, "dimension_unit": "cm", "weight": 500,
         "weight_unit": "g", "price": 25, "date": "2026-05-01", "fulfilment_from": "UK"},
        {**EXAMPLE, "marketplace": "JP", "length": 30, "width": 20, "height": 5, "dimension_unit": "cm", "weight": 800,
         "weight_unit": "g", "price": 2000, "date": "2026-05-01"},
        {**EXAMPLE, "marketplace": "JP", "length": 150, "width": 80, "height": 50, "dimension_unit": "cm", "weight": 20,
         "weight_unit": "kg", "price": 20000, "date": "2026-05-01"},
        {**EXAMPLE, "marketplace": "CA", "length": 30, "width": 20, "height": 10, "dimension_unit": "cm", "weight": 500,
         "weight_unit": "g", "price": 30, "date": "2026-12-01"},
        {**EXAMPLE, "marketplace": "CA", "price": 30, "date": "2026-05-01", "fulfilment_from": "US"},
        {**EXAMPLE, "length": -1, "width": "abc", "dimension_unit": "mm", "weight": 1, "price": 5, "date": "2026-13-01"},
        {**EXAMPLE, "marketplace": "XX", "weight": "NaN", "weight_unit": "st", "price": 1e12, "date": "yesterday"},
        {**EXAMPLE, "marketplace": "JP", "weight": 1, "price": 5, "date": "2026-05-01", "fulfilment_from": "US"},
    ),
)

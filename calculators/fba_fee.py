"""FBA size tier and fulfillment fee per unit, for every marketplace we have data for.

The rules (tiers, weight basis, divisor, packaging weight, rounding, fee bands, peak
windows, low-price rates, surcharges) come from the rate card in force on the date;
this module only applies them and explains each step in both languages.

A card may lack fees (``fees_available: false``, or a tier with ``fees: null``): the
result then says so (``fee_available: false``, ``fulfillment_fee: null``) instead of
inventing a figure, and a seller who knows the fee from Seller Central can enter it as
``fee_override``. A card may lack its tiers' size limits (Canada): the result then
lists the fee for each tier (``alternatives``) until the seller picks ``size_tier``.

Inputs beyond the US contract (all optional): ``fulfilment_from`` ("local", or "US"
for Remote Fulfillment into CA, or UK/DE/FR/IT/ES for EFN into another European
marketplace), ``eu_programme`` ("pan_eu", "cep", "none": stock only in Germany adds the
amazon.de surcharge), ``size_tier`` ("auto" or a tier id of the card), ``fee_override``
(the seller's own fee before surcharges) and ``compare_card`` (a card id of the same
marketplace).

Output keys for callers (``run("fba-fee", ...)``), besides the US contract:

- ``eligible`` (false: FBA does not take the item, e.g. Japan over 260 cm or 50 kg;
  then ``ineligible_reason`` says why and every fee is null);
- ``fee_available`` (false: no figure in our data for this card, tier, weight or EFN;
  ``fulfillment_fee`` and ``total_fee`` are then null, ``fee_unavailable_reason``
  says why, and ``surcharges`` is empty);
- ``fee_is_minimum`` (the fee is only a base fee, a lower bound), ``card_fee`` (the
  card's figure), ``override`` ({"value", "card_fee", "difference"} or null),
  ``alternatives`` (Canada without a tier), ``efn``, ``local_fee_reference``,
  ``programme``, ``fulfilment_from``, ``comparison``, ``card_notes``,
  ``packaging_weight`` (Japan).
- ``dimensional_weight.value`` is null where the card uses none (Japan, Canada local);
  ``shipping_weight.value`` is null when no tier could be chosen.

Callers must check ``eligible`` and ``fee_available`` (or ``total_fee is None``) before
doing arithmetic with the fee.
"""

from __future__ import annotations

import html

from . import units
from .core import Calculator, row
from .fields import Boolean, Choice, Date, InputError, Number, Option, field_error
from .i18n import Text, fmt_money, fmt_quantity, message, text
from .ratecards import age_warning, card_by_id, card_summary, in_force, load_kind, source_of

MARKETPLACES = ("US", "CA", "UK", "DE", "FR", "IT", "ES", "JP")
EUROPE = ("UK", "DE", "FR", "IT", "ES")
EU_ONLY = ("DE", "FR", "IT", "ES")
FROM_OPTIONS = ("local", "US") + EUROPE


def _m(key: str, **params) -> Text:
    return message(f"fba_fee.{key}", **params)


def _all_tier_ids() -> tuple[str, ...]:
    seen: list[str] = []
    for card in load_kind("fba"):
        for tier in card["tiers"]:
            if tier["id"] not in seen:
                seen.append(tier["id"])
    return tuple(seen)


FIELDS = (
    Choice("marketplace", text("Marketplace", "站点"),
           text("The Amazon marketplace where the item is sold.", "销售商品的亚马逊站点。"),
           default="US", options=tuple(Option(m, message(f"marketplaces.{m}")) for m in MARKETPLACES)),
    Number("length", text("Length", "长度"),
           text("Longest side of the packaged item, as it will arrive at Amazon.", "包装后商品的最长边（按送达亚马逊时的状态测量）。"),
           default=10, maximum=5000, group="dimensions"),
    Number("width", text("Width", "宽度"), text("Second-longest side of the packaged item.", "包装后商品的次长边。"),
           default=6, maximum=5000, group="dimensions"),
    Number("height", text("Height", "高度"), text("Shortest side of the packaged item.", "包装后商品的最短边。"),
           default=2, maximum=5000, group="dimensions"),
    Choice("dimension_unit", text("Length unit", "尺寸单位"), default="in", group="dimensions",
           options=(Option("in", text("inches (in)", "英寸 (in)")), Option("cm", text("centimetres (cm)", "厘米 (cm)")))),
    Number("weight", text("Weight", "重量"),
           text("Weight of the packaged item (unit weight).", "包装后商品的重量（商品重量）。"),
           default=0.8, maximum=1_000_000, group="weight"),
    Choice("weight_unit", text("Weight unit", "重量单位"), default="lb", group="weight",
           options=(Option("oz", text("ounces (oz)", "盎司 (oz)")), Option("lb", text("pounds (lb)", "磅 (lb)")),
                    Option("g", text("grams (g)", "克 (g)")), Option("kg", text("kilograms (kg)", "千克 (kg)")))),
    Number("price", text("Item price", "商品售价"),
           text("Selling price in the marketplace currency (USD, CAD, GBP, EUR or JPY). Some fees depend on it: US price bands from 2026, low-price FBA in the US, UK and EU.",
                "以站点货币计的售价（美元、加元、英镑、欧元或日元）。部分费用与售价有关：美国站自 2026 年起的售价区间，以及美国、英国和欧洲站的低价商品亚马逊物流。"),
           default=25, maximum=1_000_000, exclusive_minimum=True),
    Boolean("apparel", text("Apparel", "服装类商品"),
            text("Clothing has its own fee table on Amazon.", "服装类商品在亚马逊有单独的配送费表。")),
    Date("date", text("Date", "日期"),
         text("The day the fee applies; picks the rate card in force then. Defaults to today.",
              "收费日期，用于选择当时有效的费率表。默认为今天。")),
    Choice("fulfilment_from", text("Stock held in", "库存所在地"),
           text("Where the stock sits. Local: in the marketplace's own country (for Europe also Pan-European FBA). US stock sold on amazon.ca is Remote Fulfillment; stock in another European country is the European Fulfilment Network (EFN).",
                "库存存放的位置。本地：存放在该站点所在国家（欧洲也包括泛欧计划）。美国库存在 amazon.ca 销售属于亚马逊远程配送；库存在另一个欧洲国家属于欧洲配送网络 (EFN)。"),
           required=False, default="local", group="programme",
           options=tuple(Option(value, label) for value, label in (
               ("local", text("Local (in the marketplace's country)", "本地（站点所在国家）")),
               ("US", text("United States (Remote Fulfillment)", "美国（亚马逊远程配送）")),
               ("UK", text("United Kingdom (EFN)", "英国 (EFN)")), ("DE", text("Germany (EFN)", "德国 (EFN)")),
               ("FR", text("France (EFN)", "法国 (EFN)")), ("IT", text("Italy (EFN)", "意大利 (EFN)")),
               ("ES", text("Spain (EFN)", "西班牙 (EFN)"))))),
    Choice("eu_programme", text("European programme", "欧洲物流计划"),
           text("For amazon.de: stock kept only in Germany, without Pan-European FBA or the Central Europe Programme, pays a surcharge per unit.",
                "适用于 amazon.de：库存只放在德国、且未加入泛欧计划或中欧计划的卖家，每件需支付附加费。"),
           required=False, default="pan_eu", group="programme",
           options=(Option("pan_eu", text("Pan-European FBA", "亚马逊物流欧洲整合服务 (泛欧计划)")),
                    Option("cep", text("Central Europe Programme (CEP)", "中欧计划")),
                    Option("none", text("Neither (stock in one country only)", "都不参加（库存只在一个国家）")))),
    Choice("size_tier", text("Size tier", "尺寸分段"),
           text("Leave on automatic. Choose the tier Seller Central shows when our data lacks the size limits (Canada) or to check another tier.",
                "一般保持“自动”。如我们的数据缺少尺寸上限（加拿大站），或想核对其他分段，可选择卖家平台显示的分段。"),
           required=False, default="auto", group="override",
           options=(Option("auto", text("Automatic", "自动")),) + tuple(Option(t, message(f"fba_fee.tiers.{t}")) for t in _all_tier_ids())),
    Number("fee_override", text("Your fee from Seller Central", "卖家平台显示的配送费"),
           text("Optional. The fulfillment fee per unit Seller Central shows for this item, before surcharges, in the marketplace currency. It replaces the rate card's figure, which stays shown beside it.",
                "可选。卖家平台显示的该商品每件配送费（不含附加费），以站点货币计。填写后取代费率表中的金额，费率表金额仍会并列显示。"),
           required=False, default=None, minimum=0.0, exclusive_minimum=False, maximum=100_000, group="override"),
    Choice("compare_card", text("Compare with rate card", "对比费率表"),
           text("Optional. Another rate card of the same marketplace, such as the previous year's, worked out for the same item.",
                "可选。同一站点的另一张费率表（例如上一年的），按同一件商品计算并对比。"),
           required=False, default=None, group="override",
           options=(Option("", text("No comparison", "不对比")),)
           + tuple(Option(c["id"], text(c["id"], c["id"])) for c in load_kind("fba"))),
)


def _tier_label(tier_id: str) -> Text:
    return message(f"fba_fee.tiers.{tier_id}")


def _length_girth(long: float, med: float, short: float) -> float:
    return long + 2 * (med + short)


def _n(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _packaging(tier: dict) -> float:
    return tier.get("packaging_weight") or 0.0


def _tier_weight(card: dict, tier: dict, long: float, med: float, short: float, unit_w: float) -> float:
    """The weight a tier's limit is checked against: the unit weight (plus packaging where
    the card adds it), or on cards that say so (US) the shipping weight before rounding."""
    if card.get("tier_weight_basis") == "shipping" and tier["shipping_weight"] == "greater":
        dim_w = _dim_weight(card, tier, long, med, short, None)
        return max(unit_w, dim_w) if dim_w is not None else unit_w
    return unit_w + _packaging(tier)


def _fits(card: dict, tier: dict, long: float, med: float, short: float, unit_w: float, dim_w: float | None) -> bool:
    if "max_weight" in tier and not units.le(_tier_weight(card, tier, long, med, short, unit_w), tier["max_weight"]):
        return False
    if "max_dim_weight" in tier and dim_w is not None and not units.le(dim_w, tier["max_dim_weight"]):
        return False
    if "max_sides" in tier:
        a, b, c = tier["max_sides"]
        if not (units.le(long, a) and units.le(med, b) and units.le(short, c)):
            return False
    if "max_sum" in tier and not units.le(long + med + short, tier["max_sum"]):
        return False
    if "max_length_girth" in tier and not units.le(_length_girth(long, med, short), tier["max_length_girth"]):
        return False
    if "max_girth" in tier and not units.le(2 * (med + short), tier["max_girth"]):
        return False
    return True


def _why(card: dict, tier: dict, long: float, med: float, short: float, unit_w: float, dim_w: float | None) -> Text:
    lu, wu = card["length_unit"], card["weight_unit"]
    keys = set(tier) & {"max_weight", "max_sides", "max_sum", "max_dim_weight", "max_girth", "max_length_girth"}
    if not keys:
        return _m("tier_over", tier=_tier_label(tier["id"]))
    tier_w = _tier_weight(card, tier, long, med, short, unit_w) if "max_weight" in tier else unit_w
    by_shipping = tier_w > unit_w + _packaging(tier) + units.EPS
    if keys <= {"max_weight", "max_sides", "max_length_girth"} and "max_sides" in keys and "max_weight" in keys and not _packaging(tier) and not by_shipping:
        a, b, c = tier["max_sides"]
        return _m("tier_fits", tier=_tier_label(tier["id"]),
                  sides=f"{_n(long)} × {_n(med)} × {_n(short)}", limits=f"{_n(a)} × {_n(b)} × {_n(c)}",
                  unit=message(f"units.{lu}"), weight=fmt_quantity(unit_w, wu, 3),
                  max_weight=fmt_quantity(tier["max_weight"], wu, 3))
    parts: list[Text] = []
    u = message(f"units.{lu}")
    if "max_sides" in tier:
        a, b, c = tier["max_sides"]
        parts.append(_m("limit_sides", sides=f"{_n(long)} × {_n(med)} × {_n(short)}", limits=f"{_n(a)} × {_n(b)} × {_n(c)}", unit=u))
    if "max_sum" in tier:
        parts.append(_m("limit_sum", sum=_n(long + med + short), max=_n(tier["max_sum"]), unit=u))
    if "max_girth" in tier:
        parts.append(_m("limit_girth", girth=_n(2 * (med + short)), max=_n(tier["max_girth"]), unit=u))
    if "max_length_girth" in tier:
        parts.append(_m("limit_length_girth", value=_n(_length_girth(long, med, short)), max=_n(tier["max_length_girth"]), unit=u))
    if "max_weight" in tier:
        if by_shipping:
            parts.append(_m("limit_ship_weight", weight=fmt_quantity(tier_w, wu, 3), max=fmt_quantity(tier["max_weight"], wu, 3)))
        elif _packaging(tier):
            parts.append(_m("limit_weight_packed", weight=fmt_quantity(unit_w, wu, 3), packaging=fmt_quantity(_packaging(tier), wu, 3),
                            total=fmt_quantity(unit_w + _packaging(tier), wu, 3), max=fmt_quantity(tier["max_weight"], wu, 3)))
        else:
            parts.append(_m("limit_weight", weight=fmt_quantity(unit_w, wu, 3), max=fmt_quantity(tier["max_weight"], wu, 3)))
    if "max_dim_weight" in tier and dim_w is not None:
        parts.append(_m("limit_dim_weight", weight=fmt_quantity(dim_w, wu, 3), max=fmt_quantity(tier["max_dim_weight"], wu, 3)))
    joined = {lang: ("; " if lang == "en" else "；").join(p[lang] for p in parts) for lang in ("en", "zh")}
    return _m("tier_fits_generic", tier=_tier_label(tier["id"]), limits=joined)


def find_tier(card: dict, long: float, med: float, short: float, unit_weight: float,
              dim_weight: float | None = None) -> dict:
    """The first tier whose limits the item fits (``_why`` says why)."""
    for tier in card["tiers"]:
        if _fits(card, tier, long, med, short, unit_weight, dim_weight):
            return tier
    raise AssertionError("the last tier of a card must have no limits")


def _band_fee(band: dict, weight: float, price_index: int | None) -> float:
    def pick(v):
        return v[price_index] if isinstance(v, list) else v
    if "fee" in band:
        return pick(band["fee"])
    if "minimum" in band:
        return pick(band["minimum"])
    extra = max(0.0, weight - band["above"])
    steps = units.ceil_to(extra, band["per_weight"]) / band["per_weight"]
    return pick(band["base"]) + pick(band["per"]) * round(steps)


def _find_band(bands: list[dict], weight: float) -> dict | None:
    for band in bands:
        if band["up_to"] is None or units.le(weight, band["up_to"]):
            return band
    return None


def _price_band(card: dict, price: float) -> tuple[int | None, dict | None]:
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


def _in_window(item: dict, on: str) -> bool:
    start, end = item.get("from"), item.get("to")
    return (start is None or start <= on) and (end is None or on <= end)


def _money(amount: float | None, cur: str) -> Text:
    return fmt_money(amount, cur) if amount is not None else _m("not_available")


def _dim_weight(card: dict, tier: dict | None, long: float, med: float, short: float, steps: list | None) -> float | None:
    dim = card.get("dimensional_weight")
    if not dim:
        return None
    lu, wu = card["length_unit"], card["weight_unit"]
    min_side = tier.get("min_side_for_dim") if tier else None
    d_med, d_short = (max(med, min_side), max(short, min_side)) if min_side else (med, short)
    dim_w = long * d_med * d_short / dim["divisor"]
    if steps is not None:
        dim_note = _m("dim_min_side", min=_n(min_side), unit=message(f"units.{lu}")) if min_side and (d_med != med or d_short != short) else {"en": "", "zh": ""}
        steps.append(_m("dim_weight", l=_n(long), w=_n(d_med), h=_n(d_short), divisor=_n(dim["divisor"]),
                        result=fmt_quantity(dim_w, wu, 3), note=dim_note))
    return dim_w


def _shipping_weight(card: dict, tier: dict, unit_w: float, dim_w: float | None, steps: list | None) -> float:
    """The shipping weight; explained in ``steps`` unless it is None."""
    wu = card["weight_unit"]
    basis = tier["shipping_weight"]
    over_unit_only = tier.get("unit_weight_only_above")
    say = steps is not None
    if basis == "packed":
        pack = tier.get("packaging_weight")
        if pack is None:
            raw_ship = unit_w
            if say:
                steps.append(_m("ship_packed_unknown", tier=_tier_label(tier["id"]), weight=fmt_quantity(unit_w, wu, 3)))
        else:
            raw_ship = unit_w + pack
            if say:
                steps.append(_m("ship_packed", tier=_tier_label(tier["id"]), weight=fmt_quantity(unit_w, wu, 3),
                                packaging=fmt_quantity(pack, wu, 3), total=fmt_quantity(raw_ship, wu, 3)))
    elif basis == "unit" or dim_w is None or (over_unit_only is not None and unit_w > over_unit_only):
        raw_ship = unit_w
        if say:
            steps.append(_m("ship_unit", tier=_tier_label(tier["id"]), weight=fmt_quantity(unit_w, wu, 3)))
    else:
        raw_ship = max(unit_w, dim_w)
        if say:
            which = _m("dim_word") if dim_w > unit_w else _m("unit_word")
            steps.append(_m("ship_greater", which=which, weight=fmt_quantity(raw_ship, wu, 3)))
    step = tier.get("rounding")
    if not step:
        return raw_ship
    ship_w = units.ceil_to(raw_ship, step)
    if say:
        step_text = fmt_quantity(step * 16, "oz", 0) if wu == "lb" and step < 1 else fmt_quantity(step, wu, 3)
        steps.append(_m("rounded", step=step_text, weight=fmt_quantity(ship_w, wu, 4)))
    return ship_w


def _low_price_rule(card: dict, v: dict) -> dict | None:
    """The dated low-price threshold in force (new-style cards), or None."""
    rule = card.get("low_price")
    if not rule or "thresholds" not in rule:
        return None
    return next((t for t in rule["thresholds"] if _in_window(t, v["date"])), None)


def _band_step(tier: dict, band: dict, fee: float, wu: str, cur: str) -> Text:
    if "minimum" in band:
        return _m("fee_band_minimum", fee=fmt_money(fee, cur))
    if band["up_to"] is None and len(tier["fees"]) == 1 and "fee" in band:
        return _m("fee_flat", tier=_tier_label(tier["id"]), fee=fmt_money(fee, cur))
    return _m("fee_band", up_to=fmt_quantity(band["up_to"], wu, 4) if band["up_to"] is not None else _m("no_limit"),
              fee=fmt_money(fee, cur))


def fee_for_card(card: dict, v: dict, explain: bool = True) -> dict:
    """The whole calculation against one card. ``v`` holds clean inputs. With
    ``explain`` false, ``steps`` stays empty (callers that want the figures only skip
    building the text); every other key is the same."""
    lu, wu, cur = card["length_unit"], card["weight_unit"], card["currency"]
    steps: list[Text] = []
    warnings: list[Text] = []
    unverified: list[Text] = []

    sides = [units.length(v[k], v["dimension_unit"], lu) for k in ("length", "width", "height")]
    long, med, short = units.sorted_sides(*sides)
    unit_w = units.weight(v["weight"], v["weight_unit"], wu)
    if explain and (v["dimension_unit"] != lu or v["weight_unit"] != wu):
        steps.append(_m("converted", sides=f"{_n(long)} × {_n(med)} × {_n(short)}",
                        unit=message(f"units.{lu}"), weight=fmt_quantity(unit_w, wu, 3)))

    base = {
        "marketplace": card["marketplace"],
        "programme": card.get("programme", "local"),
        "eligible": True,
        "ineligible_reason": None,
        "unit_weight": {"value": round(unit_w, 4), "unit": wu},
        "currency": cur,
        "rate_card": card_summary(card),
        "price_band": None,
        "low_price": False,
        "fee_basis": "non_peak",
        "fee_available": False,
        "fee_is_minimum": False,
        "card_fee": None,
        "override": None,
        "alternatives": [],
        "surcharges": [],
        "fulfillment_fee": None,
        "total_fee": None,
    }
    # Japan: FBA stops above a size sum or a weight.
    elig = card.get("eligibility")
    if elig and (not units.le(long + med + short, elig["max_sum"]) or not units.le(unit_w, elig["max_weight"])):
        reason = _m("jp_ineligible", sum=_n(long + med + short), max_sum=_n(elig["max_sum"]), unit=message(f"units.{lu}"),
                    weight=fmt_quantity(unit_w, wu, 3), max_weight=fmt_quantity(elig["max_weight"], wu, 3))
        if explain:
            steps.append(reason)
        if v.get("fee_override") is not None:
            warnings.append(_m("override_ignored"))
        _dating_warnings(card, v, warnings)
        base.update(eligible=False, ineligible_reason=reason, size_tier=None, card_notes=card.get("notes", []), size_tier_label=_m("not_eligible_label"),
                    dimensional_weight={"value": None, "unit": wu}, shipping_weight={"value": None, "unit": wu},
                    confidence=card["confidence"], unverified=unverified, steps=steps, warnings=warnings)
        return base

    chosen = v.get("size_tier") or "auto"
    if chosen != "auto":
        tier = next((t for t in card["tiers"] if t["id"] == chosen), None)
        if tier is None:
            raise InputError([field_error("size_tier", _m("tier_not_in_card", tier=_tier_label(chosen), card=card["id"],
                                                            tiers=", ".join(t["id"] for t in card["tiers"])))])
        dim_w = _dim_weight(card, tier, long, med, short, None)
        auto = None
        if not card.get("tier_limits_unknown"):
            auto = find_tier(card, long, med, short, unit_w, dim_w)
        if explain:
            steps.append(_m("tier_chosen", tier=_tier_label(tier["id"])))
        if auto is not None and auto["id"] != tier["id"]:
            warnings.append(_m("tier_differs", chosen=_tier_label(tier["id"]), auto=_tier_label(auto["id"])))
    elif card.get("tier_limits_unknown"):
        return _alternatives(card, v, base, long, med, short, unit_w, steps, warnings, unverified, explain)
    else:
        dim0 = _dim_weight(card, None, long, med, short, None)
        tier = find_tier(card, long, med, short, unit_w, dim0)
        if explain:
            steps.append(_why(card, tier, long, med, short, unit_w, dim0))
    if tier["id"] in card.get("standard_side_limits_unknown", ()):
        warnings.append(_m("jp_side_limits"))

    said = steps if explain else None
    dim_w = _dim_weight(card, tier, long, med, short, said)
    if dim_w is None and card["marketplace"] == "JP":
        if explain:
            steps.append(_m("jp_no_dim"))
    elif dim_w is None:
        warnings.append(_m("ca_weight_unknown"))
    ship_w = _shipping_weight(card, tier, unit_w, dim_w, said)

    price_index, price_band = _price_band(card, v["price"])
    if explain and price_band is not None:
        steps.append(_m("price_band", price=fmt_money(v["price"], cur), band=_m(f"price_bands.{price_band['id']}")))

    fee: float | None = None
    band = None
    if card.get("fees_available", True) is False or tier.get("fees") is None:
        reason = _m("no_fees_card", marketplace=message(f"marketplaces.{card['marketplace']}")) if card.get("fees_available", True) is False \
            else _m("no_fees_tier", tier=_tier_label(tier["id"]), rows=tier.get("rows", ""))
        warnings.append(reason)
        base["fee_unavailable_reason"] = reason
    else:
        band = _find_band(tier["fees"], ship_w)
        if band is None:
            reason = _m("no_fees_weight", tier=_tier_label(tier["id"]), weight=fmt_quantity(ship_w, wu, 4))
            warnings.append(reason)
            base["fee_unavailable_reason"] = reason
        else:
            fee = _band_fee(band, ship_w, price_index)
            if "minimum" in band:
                base["fee_is_minimum"] = True
                unverified.append(_m("fee_minimum", fee=fmt_money(fee, cur), rows=band.get("rows", "")))
            if explain:
                steps.append(_band_step(tier, band, fee, wu, cur))
            if band.get("confidence") == "unverified":
                if band.get("conflict"):
                    conflict = band["conflict"]
                    shown = band.get("fee", band.get("base"))
                    shown = shown[price_index] if isinstance(shown, list) else shown
                    unverified.append(_m("conflict", value=fmt_money(shown, cur), other=fmt_money(conflict["value"], cur),
                                         source=source_of(card, conflict["source"])["title"]))
                if band.get("conflict_note"):
                    unverified.append(band["conflict_note"])
            for point in tier.get("newer_points", ()):
                if point["above"] < unit_w and units.le(unit_w, point["up_to"]):
                    unverified.append(_m("newer_point", fee=fmt_money(fee, cur), other=fmt_money(point["fee"], cur),
                                         low=fmt_quantity(point["above"], wu, 3), high=fmt_quantity(point["up_to"], wu, 3),
                                         source=source_of(card, point["source"])["title"]))

    # Low-price FBA.
    low_price = False
    rule = card.get("low_price")
    if rule and "below" in rule:  # US style: a discount below a price
        if v["price"] < rule["below"] and fee is not None:
            low_price = True
            fee -= rule["discount"]
            if explain:
                steps.append(_m("low_price", below=fmt_money(rule["below"], cur), discount=fmt_money(rule["discount"], cur)))
    elif rule:
        threshold = _low_price_rule(card, v)
        if threshold and units.le(v["price"], threshold["max_price"]):
            lp_bands = (rule.get("fees") or {}).get(tier["id"])
            lp_band = _find_band(lp_bands, ship_w) if lp_bands else None
            if fee is None:
                warnings.append(_m("low_price_eligible_no_fee", max=fmt_money(threshold["max_price"], cur)))
            elif lp_band is None:
                warnings.append(_m("low_price_no_band", max=fmt_money(threshold["max_price"], cur), tier=_tier_label(tier["id"])))
            else:
                low_price = True
                fee = _band_fee(lp_band, ship_w, None)
                if explain:
                    steps.append(_m("low_price_eu", max=fmt_money(threshold["max_price"], cur), fee=fmt_money(fee, cur)))
                warnings.append(_m("low_price_category"))
                if lp_band.get("upper") and rule.get("range_note"):
                    unverified.append(rule["range_note"])
                if rule.get("confidence") == "unverified":
                    unverified.append(_m("low_price_unverified"))

    if v["apparel"] and not card.get("apparel"):
        warnings.append(_m("apparel_missing"))
        unverified.append(_m("apparel_missing_short"))
        if card.get("apparel_example"):
            warnings.append(card["apparel_example"])

    # Holiday peak: use the peak figure where the data has it, say so where it has not.
    fee_basis = "non_peak"
    for window in card.get("peak", []):
        if not (window["from"] <= v["date"] <= window["to"]):
            continue
        if "add" in window:
            add = window["add"].get(tier["id"])
            if add is None:
                warnings.append(_m("peak_not_listed", start=window["from"], end=window["to"], tier=_tier_label(tier["id"])))
            elif fee is not None:
                fee_basis = "peak"
                fee += add
                if explain:
                    steps.append(_m("peak_added", start=window["from"], end=window["to"], add=fmt_money(add, cur), fee=fmt_money(fee, cur)))
        elif "per_unit" in window:
            pu = window["per_unit"]
            other = _m("peak_conflict", other=fmt_money(pu["conflict"]["value"], cur)) if pu.get("conflict") else {"en": "", "zh": ""}
            warnings.append(_m("peak_per_unit", start=window["from"], end=window["to"], add=fmt_money(pu["amount"], cur), other=other))
            if pu.get("conflict"):
                unverified.append(_m("peak_per_unit_short", add=fmt_money(pu["amount"], cur), other=fmt_money(pu["conflict"]["value"], cur)))
        else:
            peak_bands = (window.get("fees") or {}).get(tier["id"], [])
            match = next((b for b in peak_bands if band is not None and b["up_to"] == band["up_to"]), None)
            if match is None or fee is None:
                warnings.append(_m("peak_missing", start=window["from"], end=window["to"]))
            else:
                fee_basis = "peak"
                fee = _band_fee(match, ship_w, price_index) - (rule.get("discount", 0) if low_price else 0)
                if explain:
                    steps.append(_m("peak_used", start=window["from"], end=window["to"], fee=fmt_money(fee, cur)))
                if match.get("note"):
                    unverified.append(match["note"])
    if fee is not None:
        fee = units.money(fee, 0 if cur == "JPY" else 2)
    card_fee = fee

    # Where the stock is: Remote Fulfillment and EFN.
    frm = v.get("fulfilment_from") or "local"
    efn = frm in EUROPE and frm != card["marketplace"] and card["marketplace"] in EUROPE
    if explain and card.get("programme") == "remote":
        steps.append(_m("remote_used", frm=message(f"marketplaces.{card.get('fulfilment_from', 'US')}")))
    if efn:
        base["local_fee_reference"] = card_fee
        if explain:
            steps.append(_m("efn_step", frm=message(f"marketplaces.{frm}"), to=message(f"marketplaces.{card['marketplace']}"),
                            local=_money(card_fee, cur)))
        warnings.append(_m("efn_unknown"))
        if "UK" in (frm, card["marketplace"]):
            warnings.append(_m("efn_uk_eu"))
        card_fee = None
        fee = None
        base["fee_unavailable_reason"] = _m("efn_unknown")

    # The seller's own figure wins, and stays visible beside the card's.
    override = v.get("fee_override")
    if override is not None:
        diff = units.money(override - card_fee, 0 if cur == "JPY" else 2) if card_fee is not None else None
        base["override"] = {"value": override, "card_fee": card_fee, "difference": diff}
        fee = override
        if explain:
            steps.append(_m("override_step", fee=fmt_money(override, cur), card=fmt_money(card_fee, cur)) if card_fee is not None
                         else _m("override_step_nocard", fee=fmt_money(override, cur)))
        warnings.append(_m("override_warning", fee=fmt_money(override, cur), card=fmt_money(card_fee, cur)) if card_fee is not None
                        else _m("override_warning_nocard", fee=fmt_money(override, cur)))

    surcharges = []
    pending: list[Text] = []
    for s in card.get("surcharges", []):
        if _in_window(s, v["date"]):
            if fee is None:
                pending.append(_m("surcharge_pending", name=_m(f"surcharges.{s['id']}"), percent=_n(s["percent"]), start=s["from"]))
                continue
            amount = units.money(fee * s["percent"] / 100, 0 if cur == "JPY" else 2)
            surcharges.append({"name": s["id"], "label": _m(f"surcharges.{s['id']}"), "percent": s["percent"],
                               "amount": amount, "from": s["from"], "confidence": s["confidence"]})
            if explain:
                steps.append(_m("surcharge", name=_m(f"surcharges.{s['id']}"), percent=_n(s["percent"]),
                                start=s["from"], amount=fmt_money(amount, cur)))
    for s in card.get("flat_surcharges", []):
        applies = s["when"] == "de_only" and not efn and (v.get("eu_programme") or "pan_eu") == "none"
        if applies and _in_window(s, v["date"]):
            if fee is None:
                pending.append(_m("flat_pending", name=_m(f"surcharges.{s['id']}"), amount=fmt_money(s["amount"], cur), start=s["from"]))
                continue
            surcharges.append({"name": s["id"], "label": _m(f"surcharges.{s['id']}"), "percent": None,
                               "amount": s["amount"], "from": s["from"], "confidence": s["confidence"]})
            if explain:
                steps.append(_m("flat_surcharge", name=_m(f"surcharges.{s['id']}"), start=s["from"], amount=fmt_money(s["amount"], cur)))
    if (v.get("eu_programme") or "pan_eu") == "cep" and card["marketplace"] in EU_ONLY:
        warnings.append(_m("cep_note"))
    if pending:
        warnings.extend(pending)
    total = units.money(fee + sum(s["amount"] for s in surcharges), 0 if cur == "JPY" else 2) if fee is not None else None

    overmax = tier.get("overmax")
    if overmax and (long > overmax["longest_side"] or _length_girth(long, med, short) > overmax["length_girth"]):
        warnings.append(_m("overmax"))
    _dating_warnings(card, v, warnings)

    base.update({
        "size_tier": tier["id"],
        "size_tier_label": _tier_label(tier["id"]),
        "dimensional_weight": {"value": round(dim_w, 4) if dim_w is not None else None, "unit": wu},
        "shipping_weight": {"value": round(ship_w, 4), "unit": wu},
        "packaging_weight": {"value": tier.get("packaging_weight"), "unit": wu} if "packaging_weight" in tier else None,
        "price_band": price_band["id"] if price_band else None,
        "low_price": low_price,
        "fee_basis": fee_basis,
        "fee_available": fee is not None,
        "card_fee": card_fee,
        "efn": efn,
        "fulfillment_fee": fee,
        "surcharges": surcharges,
        "total_fee": total,
        "confidence": "unverified" if unverified or card["confidence"] == "unverified" else card["confidence"],
        "card_notes": card.get("notes", []),
        "unverified": unverified,
        "steps": steps,
        "warnings": warnings,
    })
    return base


def _dating_warnings(card: dict, v: dict, warnings: list) -> None:
    if card.get("undated"):
        warnings.append(_m("undated_card", id=card["id"]))
    else:
        age = age_warning(card, v["date"])
        if age:
            warnings.append(age)


def _alternatives(card, v, base, long, med, short, unit_w, steps, warnings, unverified, explain) -> dict:
    """Tier limits unknown (Canada): the fee for each tier, and ask the seller to choose."""
    wu, cur = card["weight_unit"], card["currency"]
    if explain:
        steps.append(_m("tiers_unknown", marketplace=message(f"marketplaces.{card['marketplace']}")))
    alts = []
    for tier in card["tiers"]:
        sub = dict(v, size_tier=tier["id"], fee_override=None, compare_card=None)
        r = fee_for_card(card, sub, explain=False)  # its figures only; its steps were never shown
        alts.append({"size_tier": tier["id"], "size_tier_label": _tier_label(tier["id"]),
                     "shipping_weight": r["shipping_weight"], "fulfillment_fee": r["fulfillment_fee"], "total_fee": r["total_fee"]})
        if explain:
            steps.append(_m("alternative", tier=_tier_label(tier["id"]), weight=fmt_quantity(r["shipping_weight"]["value"], wu, 3),
                            fee=_money(r["fulfillment_fee"], cur), total=_money(r["total_fee"], cur)))
        for note in r["unverified"]:
            if note not in unverified:
                unverified.append(note)
    reason = _m("choose_tier", marketplace=message(f"marketplaces.{card['marketplace']}"))
    warnings.append(reason)
    warnings.append(_m("ca_weight_unknown"))
    _dating_warnings(card, v, warnings)
    base.update({
        "size_tier": None, "size_tier_label": _m("tier_unknown_label"),
        "dimensional_weight": {"value": None, "unit": wu}, "shipping_weight": {"value": None, "unit": wu},
        "alternatives": alts, "fee_unavailable_reason": reason, "efn": False, "card_notes": card.get("notes", []),
        "confidence": "unverified", "unverified": unverified, "steps": steps, "warnings": warnings,
    })
    override = v.get("fee_override")
    if override is not None:
        base.update(fee_available=True, fulfillment_fee=override, total_fee=None,
                    override={"value": override, "card_fee": None, "difference": None})
        warnings.append(_m("override_warning_nocard", fee=fmt_money(override, cur)))
        fee = override
        for s in card.get("surcharges", []):
            if _in_window(s, v["date"]):
                amount = units.money(fee * s["percent"] / 100)
                base["surcharges"].append({"name": s["id"], "label": _m(f"surcharges.{s['id']}"), "percent": s["percent"],
                                           "amount": amount, "from": s["from"], "confidence": s["confidence"]})
        base["total_fee"] = units.money(fee + sum(s["amount"] for s in base["surcharges"]))
    return base


def select_card(marketplace: str, frm: str, on: str) -> tuple[dict | None, list[dict]]:
    """The card for a destination, where the stock is, and a date; and every card of that kind."""
    programme = "remote" if (marketplace == "CA" and frm == "US") else "local"
    cards = [c for c in load_kind("fba") if c["marketplace"] == marketplace and c.get("programme", "local") == programme]
    matching = [c for c in cards if in_force(c, on)]
    return (matching[-1] if matching else None), cards


def _check_from(v: dict) -> None:
    frm, mk = v.get("fulfilment_from") or "local", v["marketplace"]
    if frm in ("local", mk):
        return
    if frm == "US" and mk == "CA":
        return
    if frm in EUROPE and mk in EUROPE:
        return
    raise InputError([field_error("fulfilment_from", _m("bad_from", frm=message(f"marketplaces.{frm}"),
                                                        to=message(f"marketplaces.{mk}")))])


def compute(v: dict, explain: bool = True) -> dict:
    """``explain`` false: figures only, no ``steps`` (see ``fee_for_card``)."""
    _check_from(v)
    frm = v.get("fulfilment_from") or "local"
    card, known = select_card(v["marketplace"], frm, v["date"])
    if card is None:
        first = known[0]["effective_from"] if known else "?"
        raise InputError([field_error("date", _m("no_card", marketplace=v["marketplace"], first=first))])
    result = fee_for_card(card, v, explain)
    result["fulfilment_from"] = frm
    result["comparison"] = None
    if v.get("compare_card"):
        other = card_by_id("fba", v["compare_card"])
        if other is None or other["marketplace"] != card["marketplace"]:
            raise InputError([field_error("compare_card", _m("compare_other_marketplace", card=v["compare_card"],
                                                             marketplace=message(f"marketplaces.{card['marketplace']}")))])
        r2 = fee_for_card(other, dict(v, fee_override=None), explain=False)  # its steps are not shown
        diff = None
        if result["total_fee"] is not None and r2["total_fee"] is not None and r2["currency"] == result["currency"]:
            diff = units.money(result["total_fee"] - r2["total_fee"], 0 if result["currency"] == "JPY" else 2)
        result["comparison"] = {
            "rate_card": r2["rate_card"], "size_tier": r2["size_tier"], "size_tier_label": r2["size_tier_label"],
            "shipping_weight": r2["shipping_weight"], "fulfillment_fee": r2["fulfillment_fee"],
            "surcharges": [{"name": s["name"], "amount": s["amount"]} for s in r2["surcharges"]],
            "total_fee": r2["total_fee"], "currency": r2["currency"], "difference": diff,
            "confidence": r2["confidence"], "warnings": r2["warnings"], "unverified": r2["unverified"],
        }
        if explain:
            result["steps"].append(_m("compare_step", card=other["id"], total=_money(r2["total_fee"], r2["currency"]),
                                      diff=_money(diff, result["currency"]) if diff is not None else _m("not_available")))
        if other is not card:
            age = None if other.get("undated") else age_warning(other, v["date"])
            if age and age not in result["warnings"]:
                result["warnings"].append(age)
    return result


def summary(r: dict) -> list[dict]:
    cur = r["currency"]
    wq = lambda q, d: fmt_quantity(q["value"], q["unit"], d) if q and q.get("value") is not None else _m("not_available")  # noqa: E731
    rows = [row(text("Size tier", "尺寸分段"), r["size_tier_label"])]
    if not r["eligible"]:
        rows.append(row(_m("fee_label"), _m("not_eligible_value"), strong=True))
        return rows
    rows += [
        row(text("Unit weight", "商品重量"), wq(r["unit_weight"], 3)),
        row(text("Dimensional weight", "体积重量"), wq(r["dimensional_weight"], 3) if r["dimensional_weight"]["value"] is not None else _m("not_used")),
        row(text("Shipping weight", "发货重量"), wq(r["shipping_weight"], 4)),
    ]
    for alt in r.get("alternatives") or []:
        rows.append(row(_m("if_tier", tier=alt["size_tier_label"]), _money(alt["fulfillment_fee"], cur)))
    if r.get("override"):
        rows.append(row(_m("card_fee_label"), _money(r["override"]["card_fee"], cur)))
        rows.append(row(_m("override_label"), fmt_money(r["override"]["value"], cur)))
    elif r.get("alternatives"):
        pass
    elif r.get("efn"):
        rows.append(row(_m("local_reference_label"), _money(r.get("local_fee_reference"), cur)))
        rows.append(row(_m("fee_label_efn"), _money(r["fulfillment_fee"], cur)))
    else:
        label = _m("fee_label_peak") if r["fee_basis"] == "peak" else _m("fee_label")
        value = _money(r["fulfillment_fee"], cur)
        if r.get("fee_is_minimum") and r["fulfillment_fee"] is not None:
            value = _m("at_least", value=value)
        rows.append(row(label, value))
    for s in r["surcharges"]:
        rows.append(row(s["label"], fmt_money(s["amount"], cur)))
    total = _money(r["total_fee"], cur)
    if r.get("fee_is_minimum") and r["total_fee"] is not None:
        total = _m("at_least", value=total)
    rows.append(row(text("Total per unit", "每件合计"), total, strong=True))
    return rows


def details(r: dict, lang: str) -> str:
    """Small tables: the fee per tier (when the tier is unknown) and the card comparison."""
    e = html.escape
    parts: list[str] = []
    cur = r["currency"]
    if r.get("alternatives"):
        head = _m("alt_caption")[lang]
        rows = "".join(
            f"<tr><th scope=\"row\">{e(a['size_tier_label'][lang])}</th>"
            f"<td>{e(fmt_quantity(a['shipping_weight']['value'], a['shipping_weight']['unit'], 3)[lang])}</td>"
            f"<td>{e(_money(a['fulfillment_fee'], cur)[lang])}</td><td>{e(_money(a['total_fee'], cur)[lang])}</td></tr>"
            for a in r["alternatives"])
        cols = "".join(f"<th scope=\"col\">{e(_m(k)[lang])}</th>" for k in ("col_tier", "col_weight", "col_fee", "col_total"))
        parts.append(f"<table class=\"calc-table\"><caption>{e(head)}</caption><thead><tr>{cols}</tr></thead><tbody>{rows}</tbody></table>")
    notes = r.get("card_notes") or []
    if notes:
        items = "".join(f"<li>{e(n[lang])}</li>" for n in notes)
        parts.append(f'<div class="calc-card-notes"><p><strong>{e(_m("notes_title", id=r["rate_card"]["id"])[lang])}</strong></p><ul>{items}</ul></div>')
    c = r.get("comparison")
    if c:
        cols = "".join(f"<th scope=\"col\">{e(x)}</th>" for x in (
            _m("col_card")[lang], _m("col_tier")[lang], _m("col_fee")[lang], _m("col_total")[lang]))
        def line(card_id, tier_label, fee, total, currency):
            return (f"<tr><th scope=\"row\">{e(card_id)}</th><td>{e(tier_label[lang])}</td>"
                    f"<td>{e(_money(fee, currency)[lang])}</td><td>{e(_money(total, currency)[lang])}</td></tr>")
        body = line(r["rate_card"]["id"], r["size_tier_label"], r["fulfillment_fee"], r["total_fee"], cur)
        body += line(c["rate_card"]["id"], c["size_tier_label"], c["fulfillment_fee"], c["total_fee"], c["currency"])
        foot = ""
        if c["difference"] is not None:
            foot = f"<tfoot><tr><th scope=\"row\" colspan=\"3\">{e(_m('col_difference')[lang])}</th><td>{e(fmt_money(c['difference'], cur)[lang])}</td></tr></tfoot>"
        parts.append(f"<table class=\"calc-table\"><caption>{e(_m('compare_caption')[lang])}</caption><thead><tr>{cols}</tr></thead><tbody>{body}</tbody>{foot}</table>")
    return "".join(parts)


CALCULATOR = Calculator(
    name="fba-fee",
    title=text("FBA size tier and fulfillment fee", "亚马逊物流尺寸分段与配送费"),
    fields=FIELDS,
    compute=compute,
    summary=summary,
    details=details,
    examples=(
        {"marketplace": "US", "length": 10, "width": 6, "height": 2, "dimension_unit": "in", "weight": 0.8,
         "weight_unit": "lb", "price": 25, "apparel": False, "date": "2026-05-01"},
        {"marketplace": "US", "length": 30, "width": 20, "height": 10, "dimension_unit": "cm", "weight": 300,
         "weight_unit": "g", "price": 8, "apparel": False, "date": "2025-06-01"},
        {"marketplace": "US", "length": 40, "width": 30, "height": 25, "dimension_unit": "in", "weight": 60,
         "weight_unit": "lb", "price": 120, "apparel": False, "date": "2025-11-20"},
        {"marketplace": "US", "length": 12, "width": 9, "height": 0.5, "dimension_unit": "in", "weight": 1.5,
         "weight_unit": "oz", "price": 9.99, "apparel": True, "date": "2026-12-01"},
        {"marketplace": "US", "length": 10, "width": 6, "height": 2, "dimension_unit": "in", "weight": 0.8,
         "weight_unit": "lb", "price": 25, "date": "2026-05-01", "compare_card": "us-fba-2025", "fee_override": 5.1},
        {"marketplace": "UK", "length": 30, "width": 20, "height": 10, "dimension_unit": "cm", "weight": 500,
         "weight_unit": "g", "price": 15, "date": "2026-05-01"},
        {"marketplace": "DE", "length": 30, "width": 20, "height": 10, "dimension_unit": "cm", "weight": 500,
         "weight_unit": "g", "price": 15, "date": "2026-05-01", "eu_programme": "none", "fee_override": 3.2},
        {"marketplace": "FR", "length": 30, "width": 20, "height": 10, "dimension_unit": "cm", "weight": 500,
         "weight_unit": "g", "price": 15, "date": "2026-05-01", "fulfilment_from": "DE"},
        {"marketplace": "JP", "length": 30, "width": 20, "height": 5, "dimension_unit": "cm", "weight": 800,
         "weight_unit": "g", "price": 2000, "date": "2026-05-01"},
        {"marketplace": "JP", "length": 150, "width": 80, "height": 50, "dimension_unit": "cm", "weight": 20,
         "weight_unit": "kg", "price": 20000, "date": "2026-05-01"},
        {"marketplace": "CA", "length": 30, "width": 20, "height": 10, "dimension_unit": "cm", "weight": 500,
         "weight_unit": "g", "price": 30, "date": "2026-05-01"},
        {"marketplace": "CA", "length": 10, "width": 6, "height": 2, "dimension_unit": "in", "weight": 0.8,
         "weight_unit": "lb", "price": 30, "date": "2026-05-01", "fulfilment_from": "US"},
        {"marketplace": "US", "length": -1, "width": "abc", "height": 2, "dimension_unit": "mm", "weight": 1,
         "weight_unit": "lb", "price": 5, "date": "2026-13-01"},
        {"marketplace": "XX", "length": 10, "width": 6, "height": 2, "dimension_unit": "in", "weight": "NaN",
         "weight_unit": "st", "price": 1e12, "date": "yesterday"},
        {"marketplace": "JP", "length": 10, "width": 6, "height": 2, "dimension_unit": "in", "weight": 1,
         "weight_unit": "lb", "price": 5, "date": "2026-05-01", "fulfilment_from": "US"},
    ),
)

"""FBA size tier and fulfillment fee per unit.

The rules (tiers, weight basis, divisor, rounding, fee bands, peak windows,
surcharges) come from the rate card in force on the date; this module only applies
them and explains each step in both languages.
"""

from __future__ import annotations

from . import units
from .core import Calculator, row
from .fields import Boolean, Choice, Date, InputError, Number, Option, field_error
from .i18n import Text, fmt_money, fmt_quantity, message, text
from .ratecards import age_warning, card_for_date, card_summary, cards_for, source_of

MARKETPLACES = ("US",)


def _m(key: str, **params) -> Text:
    return message(f"fba_fee.{key}", **params)


FIELDS = (
    Choice("marketplace", text("Marketplace", "站点"),
           text("The Amazon marketplace where the item is sold and stored.", "销售并存放商品的亚马逊站点。"),
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
           default=0.8, maximum=50000, group="weight"),
    Choice("weight_unit", text("Weight unit", "重量单位"), default="lb", group="weight",
           options=(Option("oz", text("ounces (oz)", "盎司 (oz)")), Option("lb", text("pounds (lb)", "磅 (lb)")),
                    Option("g", text("grams (g)", "克 (g)")), Option("kg", text("kilograms (kg)", "千克 (kg)")))),
    Number("price", text("Item price", "商品售价"),
           text("Selling price in the marketplace currency. From 2026 the US fee depends on it; items under $10 may get low-price FBA rates.",
                "以站点货币计的售价。自 2026 年起美国站配送费按售价区间收取；售价低于 10 美元的商品可能适用低价商品亚马逊物流费率。"),
           default=25, maximum=1_000_000, exclusive_minimum=True),
    Boolean("apparel", text("Apparel", "服装类商品"),
            text("Clothing has its own fee table on Amazon.", "服装类商品在亚马逊有单独的配送费表。")),
    Date("date", text("Date", "日期"),
         text("The day the fee applies; picks the rate card in force then. Defaults to today.",
              "收费日期，用于选择当时有效的费率表。默认为今天。")),
)


def _tier_label(tier_id: str) -> Text:
    return message(f"fba_fee.tiers.{tier_id}")


def _length_girth(long: float, med: float, short: float) -> float:
    return long + 2 * (med + short)


def find_tier(card: dict, long: float, med: float, short: float, unit_weight: float) -> tuple[dict, Text]:
    """The first tier whose limits the item fits, and why."""
    lu, wu = card["length_unit"], card["weight_unit"]
    for tier in card["tiers"]:
        fits = True
        if "max_weight" in tier and not units.le(unit_weight, tier["max_weight"]):
            fits = False
        if "max_sides" in tier:
            a, b, c = tier["max_sides"]
            if not (units.le(long, a) and units.le(med, b) and units.le(short, c)):
                fits = False
        if "max_length_girth" in tier and not units.le(_length_girth(long, med, short), tier["max_length_girth"]):
            fits = False
        if fits:
            if "max_sides" in tier:
                a, b, c = tier["max_sides"]
                why = _m("tier_fits", tier=_tier_label(tier["id"]),
                         sides=f"{_n(long)} × {_n(med)} × {_n(short)}", limits=f"{_n(a)} × {_n(b)} × {_n(c)}",
                         unit=message(f"units.{lu}"), weight=fmt_quantity(unit_weight, wu, 3),
                         max_weight=fmt_quantity(tier["max_weight"], wu, 3))
            else:
                why = _m("tier_over", tier=_tier_label(tier["id"]))
            return tier, why
    raise AssertionError("the last tier of a card must have no limits")


def _n(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _band_fee(band: dict, weight: float, price_index: int | None) -> float:
    def pick(v):
        return v[price_index] if isinstance(v, list) else v
    if "fee" in band:
        return pick(band["fee"])
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


def fee_for_card(card: dict, v: dict) -> dict:
    """The whole calculation against one card. ``v`` holds clean inputs."""
    lu, wu, cur = card["length_unit"], card["weight_unit"], card["currency"]
    steps: list[Text] = []
    warnings: list[Text] = []
    unverified: list[Text] = []

    sides = [units.length(v[k], v["dimension_unit"], lu) for k in ("length", "width", "height")]
    long, med, short = units.sorted_sides(*sides)
    unit_w = units.weight(v["weight"], v["weight_unit"], wu)
    if v["dimension_unit"] != lu or v["weight_unit"] != wu:
        steps.append(_m("converted", sides=f"{_n(long)} × {_n(med)} × {_n(short)}",
                        unit=message(f"units.{lu}"), weight=fmt_quantity(unit_w, wu, 3)))

    tier, why = find_tier(card, long, med, short, unit_w)
    steps.append(why)

    # Dimensional weight, with the minimum width and height some tiers assume.
    dim = card["dimensional_weight"]
    min_side = tier.get("min_side_for_dim")
    d_med, d_short = (max(med, min_side), max(short, min_side)) if min_side else (med, short)
    dim_w = long * d_med * d_short / dim["divisor"]
    dim_note = _m("dim_min_side", min=_n(min_side), unit=message(f"units.{lu}")) if min_side and (d_med != med or d_short != short) else {"en": "", "zh": ""}
    steps.append(_m("dim_weight", l=_n(long), w=_n(d_med), h=_n(d_short), divisor=_n(dim["divisor"]),
                    result=fmt_quantity(dim_w, wu, 3), note=dim_note))

    basis = tier["shipping_weight"]
    over_unit_only = tier.get("unit_weight_only_above")
    if basis == "unit" or (over_unit_only is not None and unit_w > over_unit_only):
        raw_ship = unit_w
        steps.append(_m("ship_unit", tier=_tier_label(tier["id"]), weight=fmt_quantity(unit_w, wu, 3)))
    else:
        raw_ship = max(unit_w, dim_w)
        which = _m("dim_word") if dim_w > unit_w else _m("unit_word")
        steps.append(_m("ship_greater", which=which, weight=fmt_quantity(raw_ship, wu, 3)))
    ship_w = units.ceil_to(raw_ship, tier["rounding"])
    step_text = fmt_quantity(tier["rounding"] * 16, "oz", 0) if wu == "lb" and tier["rounding"] < 1 else fmt_quantity(tier["rounding"], wu, 3)
    steps.append(_m("rounded", step=step_text, weight=fmt_quantity(ship_w, wu, 4)))

    price_index, price_band = _price_band(card, v["price"])
    if price_band is not None:
        steps.append(_m("price_band", price=fmt_money(v["price"], cur), band=_m(f"price_bands.{price_band['id']}")))

    band = _find_band(tier["fees"], ship_w)
    fee = _band_fee(band, ship_w, price_index)
    if band.get("confidence") == "unverified":
        conflict = band.get("conflict")
        unverified.append(_m("conflict", value=fmt_money(fee, cur), other=fmt_money(conflict["value"], cur),
                             source=source_of(card, conflict["source"])["title"]))
    steps.append(_m("fee_band", up_to=fmt_quantity(band["up_to"], wu, 4) if band["up_to"] is not None else _m("no_limit"),
                    fee=fmt_money(fee, cur)))

    low_price = False
    rule = card.get("low_price")
    if rule and v["price"] < rule["below"]:
        low_price = True
        fee -= rule["discount"]
        steps.append(_m("low_price", below=fmt_money(rule["below"], cur), discount=fmt_money(rule["discount"], cur)))

    if v["apparel"] and not card.get("apparel"):
        warnings.append(_m("apparel_missing"))
        unverified.append(_m("apparel_missing_short"))

    # Holiday peak: use the peak figure where the data has it, say so where it has not.
    fee_basis = "non_peak"
    for window in card.get("peak", []):
        if window["from"] <= v["date"] <= window["to"]:
            peak_bands = (window.get("fees") or {}).get(tier["id"], [])
            match = next((b for b in peak_bands if b["up_to"] == band["up_to"]), None)
            if match is None:
                warnings.append(_m("peak_missing", start=window["from"], end=window["to"]))
            else:
                fee_basis = "peak"
                fee = _band_fee(match, ship_w, price_index) - (rule["discount"] if low_price else 0)
                steps.append(_m("peak_used", start=window["from"], end=window["to"], fee=fmt_money(fee, cur)))
                if match.get("note"):
                    unverified.append(match["note"])
    fee = units.money(fee)

    surcharges = []
    for s in card.get("surcharges", []):
        if s["from"] <= v["date"] and (s["to"] is None or v["date"] <= s["to"]):
            amount = units.money(fee * s["percent"] / 100)
            surcharges.append({"name": s["id"], "label": _m(f"surcharges.{s['id']}"), "percent": s["percent"],
                               "amount": amount, "from": s["from"], "confidence": s["confidence"]})
            steps.append(_m("surcharge", name=_m(f"surcharges.{s['id']}"), percent=_n(s["percent"]),
                            start=s["from"], amount=fmt_money(amount, cur)))
    total = units.money(fee + sum(s["amount"] for s in surcharges))

    overmax = tier.get("overmax")
    if overmax and (long > overmax["longest_side"] or _length_girth(long, med, short) > overmax["length_girth"]):
        warnings.append(_m("overmax"))

    age = age_warning(card, v["date"])
    if age:
        warnings.append(age)

    return {
        "marketplace": card["marketplace"],
        "eligible": True,
        "size_tier": tier["id"],
        "size_tier_label": _tier_label(tier["id"]),
        "unit_weight": {"value": round(unit_w, 4), "unit": wu},
        "dimensional_weight": {"value": round(dim_w, 4), "unit": wu},
        "shipping_weight": {"value": round(ship_w, 4), "unit": wu},
        "price_band": price_band["id"] if price_band else None,
        "low_price": low_price,
        "fee_basis": fee_basis,
        "fulfillment_fee": fee,
        "surcharges": surcharges,
        "total_fee": total,
        "currency": cur,
        "rate_card": card_summary(card),
        "confidence": "unverified" if unverified else card["confidence"],
        "unverified": unverified,
        "steps": steps,
        "warnings": warnings,
    }


def compute(v: dict) -> dict:
    card = card_for_date("fba", v["marketplace"], v["date"])
    if card is None:
        known = cards_for("fba", v["marketplace"])
        first = known[0]["effective_from"] if known else "?"
        raise InputError([field_error("date", _m("no_card", marketplace=v["marketplace"], first=first))])
    return fee_for_card(card, v)


def summary(r: dict) -> list[dict]:
    cur = r["currency"]
    rows = [
        row(text("Size tier", "尺寸分段"), r["size_tier_label"]),
        row(text("Unit weight", "商品重量"), fmt_quantity(r["unit_weight"]["value"], r["unit_weight"]["unit"], 3)),
        row(text("Dimensional weight", "体积重量"), fmt_quantity(r["dimensional_weight"]["value"], r["dimensional_weight"]["unit"], 3)),
        row(text("Shipping weight", "发货重量"), fmt_quantity(r["shipping_weight"]["value"], r["shipping_weight"]["unit"], 4)),
        row(_m("fee_label_peak") if r["fee_basis"] == "peak" else _m("fee_label"), fmt_money(r["fulfillment_fee"], cur)),
    ]
    for s in r["surcharges"]:
        rows.append(row(s["label"], fmt_money(s["amount"], cur)))
    rows.append(row(text("Total per unit", "每件合计"), fmt_money(r["total_fee"], cur), strong=True))
    return rows


CALCULATOR = Calculator(
    name="fba-fee",
    title=text("FBA size tier and fulfillment fee", "亚马逊物流尺寸分段与配送费"),
    fields=FIELDS,
    compute=compute,
    summary=summary,
    examples=(
        {"marketplace": "US", "length": 10, "width": 6, "height": 2, "dimension_unit": "in", "weight": 0.8,
         "weight_unit": "lb", "price": 25, "apparel": False, "date": "2026-05-01"},
        {"marketplace": "US", "length": 30, "width": 20, "height": 10, "dimension_unit": "cm", "weight": 300,
         "weight_unit": "g", "price": 8, "apparel": False, "date": "2025-06-01"},
        {"marketplace": "US", "length": 40, "width": 30, "height": 25, "dimension_unit": "in", "weight": 60,
         "weight_unit": "lb", "price": 120, "apparel": False, "date": "2025-11-20"},
        {"marketplace": "US", "length": 12, "width": 9, "height": 0.5, "dimension_unit": "in", "weight": 1.5,
         "weight_unit": "oz", "price": 9.99, "apparel": True, "date": "2026-12-01"},
        {"marketplace": "US", "length": -1, "width": "abc", "height": 2, "dimension_unit": "mm", "weight": 1,
         "weight_unit": "lb", "price": 5, "date": "2026-13-01"},
    ),
)

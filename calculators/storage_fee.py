"""Monthly inventory storage fee, and the aged inventory surcharge where it is known.

The rates (per cubic foot, cubic metre or 1,000 cm³, by season and size class), the
size rule used to tell standard-size from oversize, and the aged-inventory rules come
from the storage rate card of the marketplace (``data/storage``). This module works
month by month from the start date, so a stay that crosses 30 September / 1 October
or 31 December / 1 January uses each month's own season.
"""

from __future__ import annotations

import datetime as _dt
import math

from . import units
from .core import calculator, row
from .fields import Boolean, Choice, Date, InputError, Number, Option, Section, field_error, marketplace_field, plausible_item, size_fields, weight_fields
from .i18n import Text, currency_digits, fmt_date, fmt_money, fmt_number, fmt_quantity, message, text
from .ratecards import age_warning, card_label, card_summary, cards_for, flag_card, pick
from .render import table_html
from .result import Notes

MARKETPLACES = ("US", "CA", "UK", "DE", "FR", "IT", "ES", "JP")
SIZE_CLASSES = ("auto", "standard", "oversize", "apparel")
OPTIONAL_CLASSES = ("dangerous_goods_standard", "dangerous_goods_oversize")
JAN_SEP, OCT_DEC = "jan_sep", "oct_dec"

# Volume of one unit of each rate card's volume unit, in cm³.
VOLUME_CM3 = {"ft3": 2.54 ** 3 * 1728, "m3": 1_000_000.0, "cm3": 1.0}
VOLUME_DIGITS = {"ft3": 4, "m3": 6, "cm3": 0}


def _m(key: str, **params) -> Text:
    return message(f"storage_fee.{key}", **params)




FIELDS = (
    marketplace_field(text("The Amazon marketplace whose fulfillment centers store the stock.", "存放库存的亚马逊运营中心所在站点。"), MARKETPLACES),
    *size_fields((text("Longest side of one packaged unit.", "单件包装后商品的最长边。"),
                   text("Second-longest side of one packaged unit.", "单件包装后商品的次长边。"),
                   text("Shortest side of one packaged unit.", "单件包装后商品的最短边。"))),
    *weight_fields(text("Weight of one packaged unit. Used only to work out the size class when it is set to automatic.",
                        "单件包装后商品的重量。仅在尺寸类别设为“自动判断”时用于判断类别。"), maximum=50000),
    Choice("size_class", text("Size class", "尺寸类别"),
           text("Automatic works it out from size and weight where our data has the limits. Apparel has its own rate in the UK and EU only.",
                "“自动判断”会在我们的数据有尺寸上限时，根据尺寸和重量判断类别。只有英国站和欧盟站有单独的服装费率。"),
           default="auto", required=False, group="override",
           options=tuple(Option(s, message(f"storage_fee.classes.{s}")) for s in SIZE_CLASSES)),
    Number("units", text("Units in stock", "库存件数"),
           text("Average number of units you keep in the fulfillment center over each month.", "每月在运营中心平均存放的件数。"),
           default=100, maximum=10_000_000, step=1),
    Number("months", text("Months stored", "存放月数"),
           text("How many calendar months to add up, starting with the month of the date below (1 to 36).",
                "要累计的自然月数，从下方日期所在月份开始计算（1 至 36）。"),
           default=1, minimum=1, exclusive_minimum=False, maximum=36, step=1),
    Number("inventory_age_months", text("Inventory age at start (months)", "起始库龄（月）"),
           text("How long these units have already been in the fulfillment center on the date below. Used for the aged inventory surcharge.",
                "截至下方日期，这些商品已在运营中心存放的时长。用于计算库龄附加费。"),
           default=0, minimum=0, exclusive_minimum=False, maximum=120, step=1, required=False, group="surcharges"),
    Number("rate_override", text("Your storage rate (optional)", "自定义仓储费率（选填）"),
           text("If Seller Central shows a different monthly rate for this size class, enter it here, in the marketplace currency per the same volume unit as the rate card (ft³ in the US and UK, m³ in the EU and Canada, 1,000 cm³ in Japan). It replaces the card's rate for every month and is marked as yours in the result.",
                "如果卖家平台显示的该尺寸类别月度费率与此不同，请在此填写：以站点货币计，体积单位与费率表相同（美国和英国为立方英尺，欧洲和加拿大为立方米，日本为每 1,000 立方厘米）。填写后将替换费率表中每个月的费率，并在结果中注明为您自填。"),
           required=False, minimum=0, exclusive_minimum=False, maximum=10_000, group="override"),
    Boolean("dangerous_goods", text("Dangerous goods (hazmat)", "危险品"),
            text("Dangerous goods have their own storage rates in the US, UK and EU.", "危险品在美国、英国和欧洲站有单独的仓储费率。")),
    Number("storage_utilization_weeks", text("Storage utilization ratio (weeks, US)", "仓储使用率（周，美国站）"),
           text("Optional. Seller Central's storage utilization ratio; above 22 weeks a surcharge is added per cubic foot.",
                "可选。卖家平台显示的仓储使用率；超过 22 周按每立方英尺加收附加费。"),
           required=False, minimum=0, exclusive_minimum=False, maximum=1000, step=0.1, group="surcharges"),
    Date("date", text("Start date", "开始日期"),
         text("The first month counted; its month picks the season (January–September or October–December). Defaults to today.",
              "累计的第一个月；所在月份决定淡旺季（1–9 月或 10–12 月）。默认为今天。")),
)


def _check_whole_months(v) -> list:
    if float(v["months"]) != int(v["months"]):
        label = next(f.label for f in FIELDS if f.name == "months")
        return [field_error("months", _m("whole_months", label=label))]
    return []


def _n(x: float, digits: int = 2) -> str:
    return f"{x:.{digits}f}".rstrip("0").rstrip(".")


def season_of(month: int) -> str:
    return OCT_DEC if month >= 10 else JAN_SEP


def month_starts(start: str, months: int) -> list[str]:
    """The charge date of each month: the start date, then the 1st of each next month."""
    d = _dt.date.fromisoformat(start)
    out = [d.isoformat()]
    y, m = d.year, d.month
    for _ in range(months - 1):
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        out.append(_dt.date(y, m, 1).isoformat())
    return out


def unit_volume_cm3(v: dict) -> float:
    return units.length(v["length"], v["dimension_unit"], "cm") * units.length(v["width"], v["dimension_unit"], "cm") \
        * units.length(v["height"], v["dimension_unit"], "cm")


def _volume_per_label(card: dict) -> Text:
    return _m(f"per_volume.{card['volume_unit']}_{card['volume_per']}")


def _size_class(card: dict, v: dict, notes: Notes) -> str:
    """The size class whose rates apply (dangerous goods have their own on most cards)."""
    classes = card["size_classes"]
    chosen = v["size_class"]
    mk = card["marketplace"]
    if chosen == "apparel" and "apparel" not in classes:
        raise InputError([field_error("size_class", _m("no_apparel", marketplace=message(f"marketplaces.{mk}")))])
    if chosen != "auto":
        notes.step("storage_fee.class_chosen", cls=_m(f"classes.{chosen}"))
        cls = chosen
    else:
        rule = card["size_rule"]
        lu, wu = rule["length_unit"], rule["weight_unit"]
        sides = units.sorted_sides(*(units.length(v[k], v["dimension_unit"], lu) for k in ("length", "width", "height")))
        w = units.weight(v["weight"], v["weight_unit"], wu)
        a, b, c = rule["standard_max_sides"]
        fits = units.le(sides[0], a) and units.le(sides[1], b) and units.le(sides[2], c) and units.le(w, rule["standard_max_weight"])
        cls = "standard" if fits else "oversize"
        notes.step_with(lambda: _m("class_auto_" + cls, sides=" × ".join(_n(x) for x in sides), unit=message(f"units.{lu}"),
                                   limits=f"{_n(a)} × {_n(b)} × {_n(c)}", weight=fmt_quantity(w, wu, 3),
                                   max_weight=fmt_quantity(rule["standard_max_weight"], wu, 3), basis=_m(f"size_basis.{rule['basis']}")))
    if v.get("dangerous_goods") and cls != "apparel":
        dg = f"dangerous_goods_{cls}"
        if dg in classes:
            notes.step("storage_fee.dangerous_goods_class", cls=_m(f"classes.{dg}"))
            return dg
        notes.warn("storage_fee.dangerous_goods_not_in_data", marketplace=message(f"marketplaces.{mk}"))
    return cls


def _card(v: dict, notes: Notes) -> dict:
    """The storage card in force on the start date, or the nearest one (said and flagged)."""
    cards = cards_for("storage", v["marketplace"])
    card, nearest = pick(cards, v["date"])
    if card is None:
        raise InputError([field_error("marketplace", _m("no_card", marketplace=message(f"marketplaces.{v['marketplace']}"), first="?"))])
    flag_card(card, nearest, v["date"], _m("what_card"), "storage_fee.nearest_short", notes)
    notes.rely_on(card["confidence"])
    return card


def _aged_per_unit(card: dict, day: str, age_months: float, billed: float, notes: Notes, said: set) -> float:
    """The aged inventory surcharge per unit for one month, from the card's age bands."""
    aged = card.get("aged")
    cur = card["currency"]
    days = age_months * 30.4375
    if not aged:
        if age_months > 6 and "unknown" not in said:
            said.add("unknown")
            notes.warn("storage_fee.aged_unknown_market", marketplace=message(f"marketplaces.{card['marketplace']}"))
            notes.doubt("storage_fee.aged_band_missing_short")
        return 0.0
    band = next((b for b in reversed(aged["bands"]) if days > b["over_days"]), None)
    if band is None:
        return 0.0
    by_volume = band["per_volume"] * billed
    used = max(band.get("per_unit", 0.0), by_volume)
    notes.rely_on(aged["confidence"])
    notes.step_with(lambda: _m("aged_band", month=day[:7], age=_n(age_months), over=band["over_days"],
                               per_volume=fmt_money(band["per_volume"], cur), per=_volume_per_label(card),
                               per_unit=fmt_money(band.get("per_unit", 0.0), cur), used=fmt_money(used, cur)))
    if band.get("exempt_note") and "exempt" not in said:
        said.add("exempt")
        notes.warn("storage_fee.aged_exempt_categories")
    return used


def _utilization_per_unit(card: dict, v: dict, cls: str, season: str, billed: float, notes: Notes, said: set) -> float:
    """The storage utilization surcharge per unit for one month (US), when the reader gives
    the ratio in weeks."""
    weeks = v.get("storage_utilization_weeks")
    util = card.get("utilization")
    if weeks is None or not util:
        return 0.0
    size = "oversize" if "oversize" in cls else "standard"
    index = max((i for i, w in enumerate(util["over_weeks"]) if weeks > w), default=None)
    if index is None:
        if "util_none" not in said:
            said.add("util_none")
            notes.step("storage_fee.utilization_none", weeks=_n(weeks), over=util["over_weeks"][0])
        return 0.0
    if season not in util["seasons"]:
        if "util_season" not in said:
            said.add("util_season")
            notes.warn("storage_fee.utilization_season_missing")
            notes.doubt("storage_fee.utilization_season_missing")
        return 0.0
    add = util[size][index]
    if "util" not in said:
        said.add("util")
        notes.rely_on(util["confidence"])
        notes.step("storage_fee.utilization", weeks=_n(weeks), add=fmt_money(add, card["currency"]), per=_volume_per_label(card))
        notes.warn(util["note"])
    return add * billed


def _long_term_minimum(card: dict, v: dict, day: str, age_months: float, notes: Notes, said: set) -> float:
    """Japan's minimum charge per unit for stock over a year old (from 15 Apr 2026)."""
    rule = card.get("long_term_minimum")
    if not rule or day < rule["effective_from"] or age_months * 30.4375 <= rule["over_days"]:
        return 0.0
    if "long_term" not in said:
        said.add("long_term")
        notes.rely_on(rule["confidence"])
        notes.step("storage_fee.long_term_minimum", per_unit=fmt_money(rule["per_unit"], card["currency"]), start=fmt_date(rule["effective_from"]))
    return rule["per_unit"]


def _month(card: dict, v: dict, cls: str, k: int, day: str, billed: float, notes: Notes, said: set) -> dict:
    """One calendar month of storage for the whole stock."""
    cur, digits = card["currency"], currency_digits(card["currency"])
    season = season_of(int(day[5:7]))
    rates = card["size_classes"][cls]
    override = v.get("rate_override")
    rate = rates[season] if override is None else override
    if season not in said:
        said.add(season)
        notes.step("storage_fee.rate", season=_m(f"seasons.{season}"), cls=_m(f"classes.{cls}"), rate=fmt_money(rate, cur),
                   per=_volume_per_label(card))
        if override is not None:
            notes.step("storage_fee.rate_overridden", rate=fmt_money(override, cur), card_rate=fmt_money(rates[season], cur),
                       per=_volume_per_label(card))
        elif rates.get("conflict"):
            notes.doubt(rates["conflict"]["note"])
    per_unit = rate * billed
    minimum = _long_term_minimum(card, v, day, (v.get("inventory_age_months") or 0.0) + k, notes, said)
    per_unit = max(per_unit, minimum)
    age = (v.get("inventory_age_months") or 0.0) + k
    aged = _aged_per_unit(card, day, age, billed, notes, said)
    util = _utilization_per_unit(card, v, cls, season, billed, notes, said)
    n = v["units"]
    return {"month": day[:7], "charge_date": day, "season": season, "rate": rate, "per_unit": round(per_unit, 6),
            "storage_fee": units.money(per_unit * n, digits), "age_months": round(age, 4), "aged_per_unit": round(aged, 6),
            "aged_surcharge": units.money(aged * n, digits), "utilization_surcharge": units.money(util * n, digits)}


def compute(v: dict, explain: bool = True) -> dict:
    """Card → size class → volume → each month (rate, aged surcharge, utilization) → totals."""
    notes = Notes(explain)
    card = _card(v, notes)
    cur, digits = card["currency"], currency_digits(card["currency"])
    cls = _size_class(card, v, notes)
    vol_unit = card["volume_unit"]
    vol = unit_volume_cm3(v) / VOLUME_CM3[vol_unit]
    billed = vol / card["volume_per"]
    notes.step("storage_fee.volume", l=_n(v["length"]), w=_n(v["width"]), h=_n(v["height"]), unit=message(f"units.{v['dimension_unit']}"),
               volume=fmt_quantity(vol, vol_unit, VOLUME_DIGITS[vol_unit]))
    said: set = set()
    months = [_month(card, v, cls, k, day, billed, notes, said) for k, day in enumerate(month_starts(v["date"], int(v["months"])))]
    storage = units.money(math.fsum(m["storage_fee"] for m in months), digits)
    aged = units.money(math.fsum(m["aged_surcharge"] for m in months), digits)
    util = units.money(math.fsum(m["utilization_surcharge"] for m in months), digits)
    total = units.money(storage + aged + util, digits)
    notes.step("storage_fee.total", units=fmt_number(v["units"], 0 if float(v["units"]).is_integer() else 2), months=len(months),
               storage=fmt_money(storage, cur), aged=fmt_money(aged + util, cur), total=fmt_money(total, cur))
    _dating(card, v, notes)
    return notes.into({
        "marketplace": v["marketplace"], "currency": cur, "size_class": cls, "size_class_label": _m(f"classes.{cls}"),
        "unit_volume": {"value": round(vol, 8), "unit": vol_unit}, "rate_per": {"volume_unit": vol_unit, "volume_per": card["volume_per"]},
        "units": v["units"], "months": months, "per_unit_per_month": round(total / v["units"] / len(months), 6),
        "storage_fee_total": storage, "rate_override": v.get("rate_override"), "aged_surcharge_total": aged,
        "utilization_surcharge_total": util, "total_fee": total, "rate_card": card_summary(card), "card_notes": card.get("notes", []),
    })


def _dating(card: dict, v: dict, notes: Notes) -> None:
    if card.get("date_basis") == "approximate":
        notes.step("storage_fee.approximate", card=card_label(card))
    age = age_warning(card, v["date"])
    if age:
        notes.warn(age)


def summary(r: dict) -> list[dict]:
    cur = r["currency"]
    vu = r["unit_volume"]["unit"]
    rows = [
        row(text("Size class", "尺寸类别"), r["size_class_label"]),
        row(text("Volume per unit", "单件体积"), fmt_quantity(r["unit_volume"]["value"], vu, VOLUME_DIGITS[vu])),
        *([row(text("Storage rate: your own figure", "仓储费率：您的自定义数值"),
                {lang: f"{fmt_money(r['rate_override'], cur)[lang]} / {message('units.' + vu)[lang]}" for lang in ("en", "zh")})]
          if r.get("rate_override") is not None else []),
        row(text("Per unit per month (average)", "每件每月（平均）"), fmt_money(r["per_unit_per_month"], cur)),
        row(text("Monthly inventory storage fee, total", "月度库存仓储费合计"), fmt_money(r["storage_fee_total"], cur)),
    ]
    if r["aged_surcharge_total"]:
        rows.append(row(text("Aged inventory surcharge, total", "库龄附加费合计"), fmt_money(r["aged_surcharge_total"], cur)))
    if r.get("utilization_surcharge_total"):
        rows.append(row(_m("utilization_total"), fmt_money(r["utilization_surcharge_total"], cur)))
    rows.append(row(text("Total", "合计"), fmt_money(r["total_fee"], cur), strong=True))
    return rows


def details(r: dict, lang: str) -> str:
    cur = r["currency"]
    head = [_m("table.month"), _m("table.season"), _m("table.rate"), _m("table.storage"), _m("table.aged")]
    body = [[{"en": mo["month"], "zh": mo["month"]}, _m("seasons." + mo["season"]), fmt_money(mo["rate"], cur),
             fmt_money(mo["storage_fee"], cur), fmt_money(mo["aged_surcharge"] + mo["utilization_surcharge"], cur)] for mo in r["months"]]
    return table_html(lang, _m("table.caption"), head, body)


# The form's folded (or labelled) sections, by field group: render.form_html.
SECTIONS = (
    Section("surcharges", ("surcharges",)),
    Section("override", ("override",)),
)


CALCULATOR = calculator(
    __name__, "storage-fee",
    checks=(_check_whole_months, plausible_item(FIELDS)),
    examples=(
        {"marketplace": "US", "length": 10, "width": 6, "height": 2, "dimension_unit": "in", "weight": 0.8,
         "weight_unit": "lb", "size_class": "auto", "units": 100, "months": 3, "date": "2026-09-15"},
        {"marketplace": "US", "length": 12, "width": 12, "height": 12, "dimension_unit": "in", "weight": 5,
         "weight_unit": "lb", "size_class": "auto", "units": 10, "months": 2, "inventory_age_months": 15,
         "date": "2026-02-01"},
        {"marketplace": "DE", "length": 30, "width": 20, "height": 10, "dimension_unit": "cm", "weight": 1,
         "weight_unit": "kg", "size_class": "apparel", "units": 50, "months": 1, "date": "2026-12-01"},
        {"marketplace": "JP", "length": 20, "width": 10, "height": 5, "dimension_unit": "cm", "weight": 300,
         "weight_unit": "g", "size_class": "auto", "units": 200, "months": 12, "date": "2026-01-01"},
        {"marketplace": "CA", "length": 10, "width": 6, "height": 2, "dimension_unit": "in", "weight": 1,
         "weight_unit": "lb", "size_class": "auto", "units": 10, "months": 1, "date": "2026-05-01"},
        {"marketplace": "XX", "length": 0, "width": "wide", "height": 2, "dimension_unit": "in", "weight": 1,
         "weight_unit": "lb", "units": -5, "months": 2.5, "date": "2026-02-30"},
    ),
)

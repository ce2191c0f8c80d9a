"""Referral fee by category, closing fee and selling plan fee per unit.

Each marketplace's referral card (``data/referral``) lists, per category, dated rules:
``flat`` (one rate), ``whole_price`` (the price decides one rate for the whole price)
or ``portion`` (each rate applies to the part of the price inside its band). A band
whose rate is ``null`` is not in our data: the reader must enter the rate.
"""

from __future__ import annotations

import math

from . import units
from .core import calculator, row
from .fba import other_fees
from .fields import Choice, Date, InputError, Number, Option, Section, field_error, marketplace_field, price_field
from .i18n import Text, currency_digits, fmt_money, fmt_number, message, text
from .ratecards import age_warning, card_summary, cards_for, flag_card, pick
from .render import table_html
from .result import Notes

MARKETPLACES = ("US", "CA", "UK", "DE", "FR", "IT", "ES", "JP")
CATEGORIES = ("most", "electronics", "clothing", "beauty_health", "baby", "grocery", "electronics_accessories",
              "furniture", "jewelry", "watches", "amazon_device_accessories", "automotive_industrial", "home", "pet",
              "supplements", "accessories", "sports_car_toys", "media", "other")
PLANS = ("professional", "individual")


def _m(key: str, **params) -> Text:
    return message(f"referral_fee.{key}", **params)




def _pct(x: float) -> str:
    return fmt_number(x, 2).rstrip("0").rstrip(".")


FIELDS = (
    marketplace_field(text("The Amazon marketplace where you sell.", "您销售的亚马逊站点。"), MARKETPLACES),
    Choice("category", text("Category", "品类"),
           text("Only the categories our data has for each marketplace can be worked out; for the others enter the rate from Seller Central.",
                "只有我们的数据中收录的站点品类才能直接算出；其他品类请填写卖家平台上的费率。"),
           default="most", options=tuple(Option(c, message(f"referral_fee.categories.{c}")) for c in CATEGORIES)),
    price_field(text("Selling price per unit in the marketplace currency.", "以站点货币计的每件售价。")),
    Choice("plan", text("Selling plan", "销售计划"),
           text("Professional: a monthly subscription. Individual: a fee for each item sold.",
                "专业销售计划：按月订阅。个人销售计划：每售出一件收取一笔费用。"),
           default="professional", required=False,
           options=tuple(Option(p, message(f"referral_fee.plans.{p}")) for p in PLANS)),
    Number("units_per_month", text("Units sold per month", "每月销量"),
           text("Expected units sold per month, to spread the Professional plan's monthly fee over each unit.",
                "预计每月售出件数，用于把专业销售计划的月费分摊到每件商品上。"),
           default=100, maximum=10_000_000, step=1, required=False),
    Number("rate_override", text("Referral fee rate override (%)", "销售佣金费率（自填，%）"),
           text("Leave empty to use our data. Enter a percentage to use your own rate for the whole price instead.",
                "留空则使用我们的数据。填写百分比则改用您自己的费率，按整个售价计算。"),
           unit="percent", minimum=0, exclusive_minimum=False, maximum=100, required=False, group="override"),
    Number("plan_fee_override", text("Selling plan fee (your figure)", "销售计划费用（自填）"),
           text("Leave empty to use our data. Professional: the monthly fee. Individual: the fee per item sold. In the marketplace currency.",
                "留空则使用我们的数据。专业销售计划填月费，个人销售计划填每件费用，以站点货币计。"),
           minimum=0, exclusive_minimum=False, maximum=100_000, required=False, group="override"),
    other_fees.FIELDS[-1],  # where the seller is established: the digital services fee
    Date("date", text("Date", "日期"),
         text("The day of the sale; picks the rates in force then. Defaults to today.", "销售日期，用于选择当时有效的费率。默认为今天。")),
)


def _cat_label(cat: str) -> Text:
    return _m(f"categories.{cat}")


def _mk_label(mk: str) -> Text:
    return message(f"marketplaces.{mk}")


def _bands_text(rule: dict, cur: str) -> Text:
    parts = []
    prev = None
    for band in rule["bands"]:
        rate = band["rate"]
        if band["up_to"] is not None:
            key = "band_up_to" if rate is not None else "band_up_to_unknown"
            parts.append(_m(key, rate=_pct(rate) if rate is not None else "", up_to=fmt_money(band["up_to"], cur)))
        else:
            key = "band_above" if rate is not None else "band_above_unknown"
            parts.append(_m(key, rate=_pct(rate) if rate is not None else "",
                            above=fmt_money(prev, cur) if prev is not None else ""))
        prev = band["up_to"]
    return {lang: ("; " if lang == "en" else "；").join(p[lang] for p in parts) for lang in ("en", "zh")}


def pick_rule(card: dict, category: str, on: str) -> dict | None:
    rules = card["categories"].get(category) or []
    valid = [r for r in rules if not r["effective_from"] or r["effective_from"] <= on]
    return valid[-1] if valid else None


def fee_from_rule(rule: dict, price: float) -> tuple[float | None, list[tuple[float, float]]]:
    """(fee before minimum, [(amount, rate)...]) or (None, []) when the rate is not in the data."""
    bands = rule["bands"]
    if rule["kind"] in ("flat", "whole_price"):
        band = next(b for b in bands if b["up_to"] is None or units.le(price, b["up_to"]))
        if band["rate"] is None and rule.get("top_portion"):  # above the last band: charged by portions
            return fee_from_rule({"kind": "portion", "bands": [{"up_to": u, "rate": r} for u, r in rule["top_portion"]]}, price)
        if band["rate"] is None:
            return None, []
        return price * band["rate"] / 100, [(price, band["rate"])]
    return _portions(bands, price)


def _portions(bands: list[dict], price: float) -> tuple[float | None, list[tuple[float, float]]]:
    """Each rate on the part of the price inside its band."""
    parts = []
    lower = 0.0
    for band in bands:
        upper = band["up_to"]
        if price <= lower:
            break
        amount = (min(price, upper) if upper is not None else price) - lower
        if band["rate"] is None:
            return None, []
        parts.append((amount, band["rate"]))
        if upper is None:
            break
        lower = upper
    return math.fsum(a * r / 100 for a, r in parts), parts


def plan_fee_part(card: dict, plan: str, units_per_month: float | None, override: float | None) -> dict:
    """The selling plan's fee per unit from ``card`` (or the seller's own figure), with
    its steps and notes. Also used by the profit calculator."""
    cur, mk = card["currency"], card["marketplace"]
    steps: list[Text] = []
    warnings: list[Text] = []
    unverified: list[Text] = []
    plan_data = card.get("plan") or {}
    key = "professional_monthly" if plan == "professional" else "individual_per_unit"
    fee = plan_data.get(key)
    known = True
    entry = None
    if override is not None:
        entry = {"field": "plan_fee_override", "label": _m("plan_override_label"), "value": override,
                 "replaces": fee}
        fee = override
        steps.append(_m("plan_override", plan=_m(f"plans.{plan}"), fee=fmt_money(fee, cur)))
    elif fee is None:
        known = False
        warnings.append(_m("plan_missing", plan=_m(f"plans.{plan}"), marketplace=_mk_label(mk)))
        unverified.append(_m("plan_missing_short", plan=_m(f"plans.{plan}")))
    elif plan_data.get("undated"):
        unverified.append(_m("plan_undated", plan=_m(f"plans.{plan}"), fee=fmt_money(fee, cur)))
    per_unit = 0.0
    if fee is not None:
        if plan == "professional":
            upm = units_per_month or 1
            per_unit = fee / upm
            steps.append(_m("plan_professional", fee=fmt_money(fee, cur),
                            units=fmt_number(upm, 0 if float(upm).is_integer() else 2),
                            per_unit=fmt_money(per_unit, cur)))
        else:
            per_unit = fee
            steps.append(_m("plan_individual", fee=fmt_money(fee, cur)))
    return {"fee": fee, "known": known, "per_unit": units.money(per_unit, 4), "override": entry,
            "steps": steps, "warnings": warnings, "unverified": unverified}


def _card(v: dict, notes: Notes) -> dict:
    """The referral card in force on the date, or the nearest one (said and flagged)."""
    card, nearest = pick(cards_for("referral", v["marketplace"]), v["date"])
    if card is None:
        raise InputError([field_error("marketplace", _m("no_card", marketplace=_mk_label(v["marketplace"]), first="?"))])
    flag_card(card, nearest, v["date"], _m("what_card"), "referral_fee.nearest_short", notes)
    notes.rely_on(card["confidence"])
    return card


def _data_fee(card: dict, v: dict, notes: Notes) -> tuple[dict | None, float | None, list]:
    """The rule for the category and its fee before the minimum; a clear error when our
    data lacks it and the reader gave no rate."""
    cat, price, cur = v["category"], v["price"], card["currency"]
    rule = pick_rule(card, cat, max(v["date"], card["effective_from"]))  # a nearest card's first rules before it starts
    data_fee, parts = fee_from_rule(rule, price) if rule else (None, [])
    if data_fee is not None or v.get("rate_override") is not None:
        return rule, data_fee, parts
    mk = card["marketplace"]
    if cat not in card["categories"]:
        why = _m("category_not_in_data", category=_cat_label(cat), marketplace=_mk_label(mk))
    elif rule is None:
        first = min((r["effective_from"] for r in card["categories"][cat] if r["effective_from"]), default=None)
        why = _m("rule_not_yet", category=_cat_label(cat), marketplace=_mk_label(mk), start=first) if first \
            else _m("category_not_in_data", category=_cat_label(cat), marketplace=_mk_label(mk))
    else:
        why = _m("band_not_in_data", category=_cat_label(cat), marketplace=_mk_label(mk), price=fmt_money(price, cur))
    label = next(f.label for f in FIELDS if f.name == "rate_override")
    raise InputError([field_error("rate_override", _m("enter_rate", label=label, why=why))])


def _explain_rule(rule: dict, parts: list, fee: float, v: dict, cur: str, notes: Notes) -> None:
    cat, price, digits = v["category"], v["price"], currency_digits(cur)
    if rule["effective_from"]:
        notes.step("referral_fee.rule_from", category=_cat_label(cat), start=rule["effective_from"])
    if rule["kind"] == "flat":
        notes.step("referral_fee.flat", category=_cat_label(cat), rate=_pct(parts[0][1]), price=fmt_money(price, cur), fee=fmt_money(fee, cur))
    elif rule["kind"] == "whole_price" and len(parts) == 1:
        notes.step("referral_fee.whole_price", category=_cat_label(cat), bands=_bands_text(rule, cur), rate=_pct(parts[0][1]),
                   price=fmt_money(price, cur), fee=fmt_money(fee, cur))
    else:
        sums = " + ".join(f"{fmt_number(a, digits)} × {_pct(r)}%" for a, r in parts)
        notes.step("referral_fee.portion", category=_cat_label(cat), bands=_bands_text(rule, cur), sums=sums, fee=fmt_money(fee, cur))
        if rule.get("basis_unverified"):
            notes.doubt("referral_fee.portion_unverified", category=_cat_label(cat))


def _referral(card: dict, v: dict, notes: Notes, overrides: list) -> tuple[float, str, float | None, bool]:
    """(referral fee after the minimum, rule kind, minimum, minimum applied)."""
    cur, price, digits = card["currency"], v["price"], currency_digits(card["currency"])
    rule, data_fee, parts = _data_fee(card, v, notes)
    minimum = rule.get("minimum") if rule else None
    override = v.get("rate_override")
    if override is not None:
        raw = price * override / 100
        notes.step("referral_fee.override", rate=_pct(override), price=fmt_money(price, cur), fee=fmt_money(raw, cur))
        replaced = None if data_fee is None else units.money(max(data_fee, minimum or 0), digits)
        overrides.append({"field": "rate_override", "label": _m("override_label"), "value": override, "replaces": replaced})
        if replaced is not None:
            notes.step("referral_fee.override_replaces", fee=fmt_money(replaced, cur), category=_cat_label(v["category"]))
        kind = "override"
    else:
        raw, kind = data_fee, rule["kind"]
        _explain_rule(rule, parts, raw, v, cur, notes)
    if minimum is not None and raw < minimum:
        notes.step("referral_fee.minimum_applied", minimum=fmt_money(minimum, cur), fee=fmt_money(raw, cur))
        return units.money(minimum, digits), kind, minimum, True
    if minimum is not None:
        notes.step("referral_fee.minimum_ok", minimum=fmt_money(minimum, cur))
    elif card.get("general_minimum") and raw < card["general_minimum"]:
        notes.doubt("referral_fee.minimum_unknown", minimum=fmt_money(card["general_minimum"], cur), category=_cat_label(v["category"]))
    elif not card.get("general_minimum"):
        notes.step("referral_fee.minimum_not_in_data")
    return units.money(raw, digits), kind, minimum, False


def _dsf(card: dict, v: dict, fees: float, notes: Notes) -> float:
    """The digital services fee on the selling fees (referral and closing), where charged."""
    rule = other_fees.dsf_rule(card["marketplace"], v.get("seller_established") or "elsewhere", v["date"], notes)
    if rule is None or "referral" not in rule["on"] or not fees:
        return 0.0
    cur = card["currency"]
    amount = units.money(fees * rule["rate"] / 100, currency_digits(cur))
    notes.step("referral_fee.dsf", rate=_pct(rule["rate"]), base=fmt_money(fees, cur), fee=fmt_money(amount, cur))
    notes.rely_on(rule["_card"]["confidence"])
    return amount


def _dating(card: dict, v: dict, notes: Notes) -> None:
    basis = card.get("date_basis", "exact")
    if basis != "exact" and card.get("date_note"):
        notes.warn(card["date_note"])
    if basis == "undated":
        notes.doubt("referral_fee.undated_short")
    within = bool(card.get("reported_until")) and v["date"] <= card["reported_until"]
    if basis != "undated" and not within:
        age = age_warning(card, v["date"])
        if age:
            notes.warn(age)
    if card.get("reported_until") and v["date"] > card["reported_until"]:
        notes.warn("referral_fee.beyond_reported", until=card["reported_until"])
        notes.doubt("referral_fee.beyond_reported_short", until=card["reported_until"])


def compute(v: dict, explain: bool = True) -> dict:
    """Card → category rule → referral fee (minimum) → closing fee → plan → digital services fee → total."""
    notes = Notes(explain)
    card = _card(v, notes)
    cur, digits, cat = card["currency"], currency_digits(card["currency"]), v["category"]
    overrides: list[dict] = []
    fee, kind, minimum, minimum_applied = _referral(card, v, notes, overrides)
    closing = card["closing_fees"].get(cat, 0)
    if closing:
        notes.step("referral_fee.closing", category=_cat_label(cat), fee=fmt_money(closing, cur))
    part = plan_fee_part(card, v["plan"], v.get("units_per_month"), v.get("plan_fee_override"))
    for s_ in part["steps"]:
        notes.step(s_)
    for w in part["warnings"]:
        notes.warn(w)
    for u in part["unverified"]:
        notes.doubt(u)
    if part["override"]:
        overrides.append(part["override"])
    dsf = _dsf(card, v, fee + closing, notes)
    total = units.money(fee + closing + part["per_unit"] + dsf, digits)
    notes.step("referral_fee.total", referral=fmt_money(fee, cur), closing=fmt_money(closing, cur),
               plan=fmt_money(part["per_unit"], cur), total=fmt_money(total, cur))
    _dating(card, v, notes)
    return notes.into({
        "marketplace": v["marketplace"], "currency": cur, "category": cat, "category_label": _cat_label(cat), "price": v["price"],
        "rule": kind, "rate_applied": round(fee / v["price"] * 100, 4), "rate_override": v.get("rate_override"),
        "minimum": minimum, "minimum_applied": minimum_applied, "referral_fee": fee, "closing_fee": closing,
        "digital_services_fee": dsf, "plan": v["plan"], "plan_fee": part["fee"], "plan_fee_known": part["known"],
        "plan_fee_per_unit": part["per_unit"], "total_per_unit": total, "overrides": overrides,
        "rate_card": card_summary(card), "card_notes": card.get("notes", []),
    })


def summary(r: dict) -> list[dict]:
    cur = r["currency"]
    rate = f"{_pct(r['rate_applied'])}%"
    rate_text = _m("rate_value_override", rate=rate) if r["rate_override"] is not None else {"en": rate, "zh": rate}
    rows = [
        row(text("Category", "品类"), r["category_label"]),
        row(text("Referral fee rate (effective)", "销售佣金实际费率"), rate_text),
        row(text("Referral fee", "销售佣金"), fmt_money(r["referral_fee"], cur)),
    ]
    if r["closing_fee"]:
        rows.append(row(text("Closing fee", "交易手续费"), fmt_money(r["closing_fee"], cur)))
    if r.get("digital_services_fee"):
        rows.append(row(_m("dsf_label"), fmt_money(r["digital_services_fee"], cur)))
    plan_value = fmt_money(r["plan_fee_per_unit"], cur) if r["plan_fee_known"] else _m("not_in_data")
    rows.append(row(_m(f"plan_row.{r['plan']}"), plan_value))
    rows.append(row(text("Total per unit", "每件合计"), fmt_money(r["total_per_unit"], cur), strong=True))
    return rows


def details(r: dict, lang: str) -> str:
    """The overrides in force, as a table (nothing when the data was used throughout)."""
    if not r["overrides"]:
        return ""
    cur = r["currency"]
    body = []
    for o in r["overrides"]:
        yours = {"en": f"{_pct(o['value'])}%", "zh": f"{_pct(o['value'])}%"} if o["field"] == "rate_override" else fmt_money(o["value"], cur)
        body.append([o["label"], yours, _m("not_in_data") if o["replaces"] is None else fmt_money(o["replaces"], cur)])
    return table_html(lang, _m("overrides_caption"), [_m("col_item"), _m("col_yours"), _m("col_data")], body)


# The form's folded (or labelled) sections, by field group: render.form_html.
SECTIONS = (
    Section("seller", ("seller",)),
    Section("override", ("override",)),
)


CALCULATOR = calculator(
    __name__, "referral-fee",
    examples=(
        {"marketplace": "US", "category": "most", "price": 25, "plan": "professional", "units_per_month": 100,
         "date": "2026-05-01"},
        {"marketplace": "US", "category": "clothing", "price": 18, "plan": "professional", "units_per_month": 200,
         "plan_fee_override": 39.99, "date": "2026-05-01"},
        {"marketplace": "US", "category": "furniture", "price": 350, "date": "2025-07-01"},
        {"marketplace": "UK", "category": "clothing", "price": 12, "plan": "individual", "date": "2026-03-01"},
        {"marketplace": "DE", "category": "other", "price": 30, "rate_override": 15, "plan": "professional",
         "units_per_month": 50, "date": "2026-03-01"},
        {"marketplace": "JP", "category": "media", "price": 1800, "plan": "individual", "date": "2026-03-01"},
        {"marketplace": "JP", "category": "beauty_health", "price": 1200, "date": "2025-11-15"},
        {"marketplace": "FR", "category": "electronics", "price": 99, "date": "2026-03-01"},
        {"marketplace": "CA", "category": "electronics", "price": 60, "plan": "professional", "date": "2026-05-01",
         "seller_established": "elsewhere"},
        {"marketplace": "IT", "category": "clothing", "price": 20, "date": "2026-05-01", "seller_established": "IT"},
        {"marketplace": "US", "category": "toys", "price": -4, "rate_override": 150, "plan": "monthly"},
    ),
)

"""Referral fee by category, closing fee and selling plan fee per unit.

Each marketplace's referral card (``data/referral``) lists, per category, dated rules:
``flat`` (one rate), ``whole_price`` (the price decides one rate for the whole price)
or ``portion`` (each rate applies to the part of the price inside its band). A band
whose rate is ``null`` is not in our data: the reader must enter the rate.
"""

from __future__ import annotations

import html

from . import units
from .core import Calculator, row
from .fields import Choice, Date, InputError, Number, Option, field_error
from .i18n import Text, fmt_money, fmt_number, message, text
from .ratecards import age_warning, card_for_date, card_summary, cards_for

MARKETPLACES = ("US", "UK", "DE", "FR", "IT", "ES", "JP")
CATEGORIES = ("most", "electronics", "clothing", "beauty_health", "baby", "grocery", "electronics_accessories",
              "furniture", "jewelry", "watches", "amazon_device_accessories", "automotive_industrial", "home", "pet",
              "supplements", "accessories", "sports_car_toys", "media", "other")
PLANS = ("professional", "individual")


def _m(key: str, **params) -> Text:
    return message(f"referral_fee.{key}", **params)


def _digits(currency: str) -> int:
    return 0 if currency == "JPY" else 2


def _pct(x: float) -> str:
    return fmt_number(x, 2).rstrip("0").rstrip(".")


FIELDS = (
    Choice("marketplace", text("Marketplace", "站点"), text("The Amazon marketplace where you sell.", "您销售的亚马逊站点。"),
           default="US", options=tuple(Option(m, message(f"marketplaces.{m}")) for m in MARKETPLACES)),
    Choice("category", text("Category", "品类"),
           text("Only the categories our data has for each marketplace can be worked out; for the others enter the rate from Seller Central.",
                "只有我们的数据中收录的站点品类才能直接算出；其他品类请填写卖家平台上的费率。"),
           default="most", options=tuple(Option(c, message(f"referral_fee.categories.{c}")) for c in CATEGORIES)),
    Number("price", text("Item price", "商品售价"),
           text("Selling price per unit in the marketplace currency.", "以站点货币计的每件售价。"),
           default=25, maximum=1_000_000),
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
           unit="percent", minimum=0, exclusive_minimum=False, maximum=100, required=False),
    Number("plan_fee_override", text("Selling plan fee (your figure)", "销售计划费用（自填）"),
           text("Leave empty to use our data. Professional: the monthly fee. Individual: the fee per item sold. In the marketplace currency.",
                "留空则使用我们的数据。专业销售计划填月费，个人销售计划填每件费用，以站点货币计。"),
           minimum=0, exclusive_minimum=False, maximum=100_000, required=False),
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
    valid = [r for r in rules if r["from"] is None or r["from"] <= on]
    return valid[-1] if valid else None


def fee_from_rule(rule: dict, price: float) -> tuple[float | None, list[tuple[float, float]]]:
    """(fee before minimum, [(amount, rate)...]) or (None, []) when the rate is not in the data."""
    bands = rule["bands"]
    if rule["kind"] in ("flat", "whole_price"):
        band = next(b for b in bands if b["up_to"] is None or units.le(price, b["up_to"]))
        if band["rate"] is None:
            return None, []
        return price * band["rate"] / 100, [(price, band["rate"])]
    # portion: each rate on the part of the price inside its band
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
    return sum(a * r / 100 for a, r in parts), parts


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


def compute(v: dict) -> dict:
    mk = v["marketplace"]
    card = card_for_date("referral", mk, v["date"])
    if card is None:
        known = cards_for("referral", mk)
        first = known[0]["effective_from"] if known else "?"
        raise InputError([field_error("date", _m("no_card", marketplace=_mk_label(mk), first=first))])
    cur = card["currency"]
    digits = _digits(cur)
    price = v["price"]
    cat = v["category"]
    steps: list[Text] = []
    warnings: list[Text] = []
    unverified: list[Text] = []
    overrides: list[dict] = []

    rule = pick_rule(card, cat, v["date"])
    data_fee, parts = fee_from_rule(rule, price) if rule else (None, [])
    minimum = rule.get("minimum") if rule else None
    override = v.get("rate_override")

    if data_fee is None and override is None:
        if cat not in card["categories"]:
            why = _m("category_not_in_data", category=_cat_label(cat), marketplace=_mk_label(mk))
        elif rule is None:
            first = min(r["from"] for r in card["categories"][cat]) if card["categories"][cat] else None
            why = _m("rule_not_yet", category=_cat_label(cat), marketplace=_mk_label(mk), start=first) if first \
                else _m("category_not_in_data", category=_cat_label(cat), marketplace=_mk_label(mk))
        else:
            why = _m("band_not_in_data", category=_cat_label(cat), marketplace=_mk_label(mk),
                     price=fmt_money(price, cur))
        label = next(f.label for f in FIELDS if f.name == "rate_override")
        raise InputError([field_error("rate_override", _m("enter_rate", label=label, why=why))])

    if override is not None:
        raw = price * override / 100
        rule_kind = "override"
        steps.append(_m("override", rate=_pct(override), price=fmt_money(price, cur), fee=fmt_money(raw, cur)))
        overrides.append({"field": "rate_override", "label": _m("override_label"), "value": override,
                          "replaces": None if data_fee is None else units.money(max(data_fee, minimum or 0), digits)})
        if data_fee is not None:
            steps.append(_m("override_replaces", fee=fmt_money(max(data_fee, minimum or 0), cur), category=_cat_label(cat)))
    else:
        raw = data_fee
        rule_kind = rule["kind"]
        if rule["from"]:
            steps.append(_m("rule_from", category=_cat_label(cat), start=rule["from"]))
        if rule_kind == "flat":
            steps.append(_m("flat", category=_cat_label(cat), rate=_pct(parts[0][1]), price=fmt_money(price, cur),
                            fee=fmt_money(raw, cur)))
        elif rule_kind == "whole_price":
            steps.append(_m("whole_price", category=_cat_label(cat), bands=_bands_text(rule, cur),
                            rate=_pct(parts[0][1]), price=fmt_money(price, cur), fee=fmt_money(raw, cur)))
        else:
            sums = " + ".join(f"{fmt_number(a, digits)} × {_pct(r)}%" for a, r in parts)
            steps.append(_m("portion", category=_cat_label(cat), bands=_bands_text(rule, cur), sums=sums,
                            fee=fmt_money(raw, cur)))
            if rule.get("basis_unverified"):
                unverified.append(_m("portion_unverified", category=_cat_label(cat)))

    fee = raw
    minimum_applied = False
    if minimum is not None:
        if raw < minimum:
            fee = minimum
            minimum_applied = True
            steps.append(_m("minimum_applied", minimum=fmt_money(minimum, cur), fee=fmt_money(raw, cur)))
        else:
            steps.append(_m("minimum_ok", minimum=fmt_money(minimum, cur)))
    elif card.get("general_minimum") and raw < card["general_minimum"]:
        unverified.append(_m("minimum_unknown", minimum=fmt_money(card["general_minimum"], cur), category=_cat_label(cat)))
    elif not card.get("general_minimum"):
        steps.append(_m("minimum_not_in_data"))
    fee = units.money(fee, digits)
    effective_rate = fee / price * 100

    closing = card["closing_fees"].get(cat, 0)
    if closing:
        steps.append(_m("closing", category=_cat_label(cat), fee=fmt_money(closing, cur)))

    # Selling plan.
    plan = v["plan"]
    part = plan_fee_part(card, plan, v.get("units_per_month"), v.get("plan_fee_override"))
    steps += part["steps"]
    warnings += part["warnings"]
    unverified += part["unverified"]
    if part["override"]:
        overrides.append(part["override"])
    per_month_or_item, plan_known, plan_per_unit = part["fee"], part["known"], part["per_unit"]

    total = units.money(fee + closing + plan_per_unit, digits)
    steps.append(_m("total", referral=fmt_money(fee, cur), closing=fmt_money(closing, cur),
                    plan=fmt_money(plan_per_unit, cur), total=fmt_money(total, cur)))

    basis = card.get("date_basis", "exact")
    if basis != "exact":
        warnings.append(card["date_note"])
    if basis == "undated" and override is None and not (rule and rule["from"]):
        unverified.append(_m("undated_short"))
    within_reported = bool(card.get("reported_until")) and v["date"] <= card["reported_until"]
    if basis != "undated" and not within_reported:
        age_w = age_warning(card, v["date"])
        if age_w:
            warnings.append(age_w)
    if card.get("reported_until") and v["date"] > card["reported_until"]:
        warnings.append(_m("beyond_reported", until=card["reported_until"]))
        unverified.append(_m("beyond_reported_short", until=card["reported_until"]))

    rc = card_summary(card)
    rc["date_basis"] = basis
    return {
        "marketplace": mk,
        "currency": cur,
        "category": cat,
        "category_label": _cat_label(cat),
        "price": price,
        "rule": rule_kind,
        "rate_applied": round(effective_rate, 4),
        "rate_override": override,
        "minimum": minimum,
        "minimum_applied": minimum_applied,
        "referral_fee": fee,
        "closing_fee": closing,
        "plan": plan,
        "plan_fee": per_month_or_item,
        "plan_fee_known": plan_known,
        "plan_fee_per_unit": plan_per_unit,
        "total_per_unit": total,
        "overrides": overrides,
        "rate_card": rc,
        "confidence": "unverified" if unverified else card["confidence"],
        "unverified": unverified,
        "steps": steps,
        "warnings": warnings,
    }


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
    plan_value = fmt_money(r["plan_fee_per_unit"], cur) if r["plan_fee_known"] else _m("not_in_data")
    rows.append(row(_m(f"plan_row.{r['plan']}"), plan_value))
    rows.append(row(text("Total per unit", "每件合计"), fmt_money(r["total_per_unit"], cur), strong=True))
    return rows


def details(r: dict, lang: str) -> str:
    """The overrides in force, as a table (nothing when the data was used throughout)."""
    if not r["overrides"]:
        return ""
    e = html.escape
    cur = r["currency"]
    out = ['<table class="calc-table">', f"<caption>{e(_m('overrides_caption')[lang])}</caption>",
           f'<thead><tr><th scope="col">{e(_m("col_item")[lang])}</th><th scope="col">{e(_m("col_yours")[lang])}</th>'
           f'<th scope="col">{e(_m("col_data")[lang])}</th></tr></thead><tbody>']
    for o in r["overrides"]:
        yours = f"{_pct(o['value'])}%" if o["field"] == "rate_override" else fmt_money(o["value"], cur)[lang]
        if o["replaces"] is None:
            data = _m("not_in_data")[lang]
        else:
            data = fmt_money(o["replaces"], cur)[lang]
        out.append(f'<tr><th scope="row">{e(o["label"][lang])}</th><td>{e(yours)}</td><td>{e(data)}</td></tr>')
    out.append("</tbody></table>")
    return "".join(out)


CALCULATOR = Calculator(
    name="referral-fee",
    title=text("Referral fee and selling plan", "销售佣金与销售计划"),
    fields=FIELDS,
    compute=compute,
    summary=summary,
    intro=text("Referral fee by category, closing fee and selling plan fee per unit.",
               "按品类计算每件的销售佣金、交易手续费和销售计划费用。"),
    details=details,
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
        {"marketplace": "US", "category": "toys", "price": -4, "rate_override": 150, "plan": "monthly"},
    ),
)

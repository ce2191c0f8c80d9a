"""Expected cost of returns per unit sold, and the price needed to keep a target margin.

Returns to a local address are paid by the buyer; a seller who gives an international
return address reimburses the international postage (Amazon's Global Selling page).
With FBA, Amazon provides the local return address; the US returns processing fee is
charged only above a category's return-rate threshold (every return for apparel and
shoes) and not in months with fewer than 25 units shipped (Amazon's 2024 returns
processing fee page, ``data/returns-processing/us-2024.json``). Here the seller enters the
fee and the threshold; the FBA fee calculator works them out from that file for the US.
"""

from __future__ import annotations

import math
from functools import partial

from . import units
from .core import calculator, row
from .fields import Choice, InputError, Number, Option, Section, field_error, marketplace_field, price_field
from .i18n import Text, currency_digits, fmt_money, message, text
from .landed_cost import DESTINATIONS, currency_of
from .render import text_html
from .result import Notes

EU_HIGH_RETURN = ("UK", "DE", "FR", "IT", "ES")


def _m(key: str, **params) -> Text:
    return message(f"returns.{key}", **params)


def _pct_field(name, en, zh, help_en, help_zh, default=None, required=False, maximum=100.0, group=""):
    return Number(name, text(en, zh), text(help_en, help_zh), default=default, required=required,
                  minimum=0, exclusive_minimum=False, maximum=maximum, group=group)


def _money(name, en, zh, help_en, help_zh, default=0.0, required=False, group=""):
    return Number(name, text(en, zh), text(help_en, help_zh), default=default, required=required,
                  minimum=0, exclusive_minimum=False, maximum=1e9, group=group)


FIELDS = (
    marketplace_field(text("Where the item is sold. Amounts are in its currency.", "商品销售的站点。金额以该站点货币计。"), DESTINATIONS, names="landed_cost.countries"),
    Choice("fulfilment", text("Fulfilment", "配送方式"), default="self", required=False,
           options=(Option("self", text("I fulfil orders myself", "卖家自配送")), Option("fba", text("Fulfillment by Amazon (FBA)", "亚马逊物流 (FBA)")))),
    price_field(text("Selling price per unit.", "每件商品的售价。"), default=30, maximum=1e9, group="price"),
    _money("product_cost", "Cost of the goods", "商品采购成本", "What one unit costs you; lost when a returned unit cannot be resold.",
           "每件商品的采购成本；退回后无法再售时即为损失。", default=8, required=True, group="price"),
    _money("other_costs", "All other costs per unit", "每件其他成本合计",
           "Everything else per unit sold, including the cost of the goods: shipping, fulfilment fee, import charges. Leave out the referral fee (entered as a percentage below).",
           "每售出一件的其他全部成本（含商品采购成本）：运费、配送费、进口税费等。销售佣金不要计入（在下方按百分比填写）。",
           default=20, required=True, group="price"),
    _pct_field("return_rate", "Expected return rate (%)", "预计退货率 (%)", "Share of units sold that come back.", "售出商品中被退回的比例。",
               default=5, required=True, group="returns"),
    Choice("route", text("Return address (self-fulfilment)", "退货地址（自配送）"),
           text("A local address: the buyer pays the return postage. An international address: you reimburse the buyer's international postage.",
                "当地退货地址：退货运费由买家支付。国际退货地址：您需补偿买家支付的国际退货运费。"),
           default="international", required=False,
           options=(Option("local", text("local return address", "当地退货地址")), Option("international", text("international return address (I reimburse)", "国际退货地址（由我补偿运费）"))),
           group="returns"),
    _money("local_return_cost", "Local return address cost per return", "当地退货地址每件费用",
           "What a local returns service charges you per return (receiving, forwarding), if you use one.",
           "当地退货服务商按每次退货向您收取的费用（收货、转运等），如使用。", group="returns"),
    _money("intl_return_cost", "International return postage per return", "每次国际退货运费",
           "What you reimburse the buyer for sending the item back abroad.", "您补偿买家将商品退回境外的运费。", default=15, group="returns"),
    _money("handling_cost", "Handling per return", "每次退货处理成本", "Inspection, repacking, relabelling.", "检查、重新包装、换标等成本。", group="returns"),
    _pct_field("resale_pct", "Returned units resold as new (%)", "可作为新品再次销售的比例 (%)",
               "The rest are written off at the cost of the goods.", "其余部分按商品采购成本计为损失。", default=70, group="returns"),
    _money("lost_outbound", "Outbound cost lost per return", "每次退货损失的出库成本",
           "Shipping or fulfilment cost of the original order that you do not get back.", "原订单的运费或配送费中无法收回的部分。", group="returns"),
    Choice("category", text("Category (FBA)", "商品类别（FBA）"), default="other", required=False,
           options=(Option("other", text("other categories", "其他类别")), Option("apparel_shoes", text("apparel or shoes", "服装或鞋靴"))),
           group="fba"),
    Number("monthly_units", text("Units shipped per month (FBA)", "每月发货件数（FBA）"),
           text("Months with fewer than 25 units shipped are exempt from the US returns processing fee.", "每月发货少于 25 件的月份免收美国站退货处理费。"),
           default=100, minimum=0, exclusive_minimum=False, maximum=1e8, step=1, required=False, group="fba"),
    _money("processing_fee", "Returns processing fee per return (FBA)", "每件退货处理费（FBA）",
           "From your Seller Central fee page. For the US, the FBA fee calculator estimates it from our rate card.",
           "见卖家平台的费用页面。美国站可用 FBA 配送费计算器按我们的费率表估算。", default=None, group="fba"),
    _pct_field("category_threshold", "Category return-rate threshold (%)", "类别退货率阈值 (%)",
               "Amazon charges the fee only on returns above this rate for your category. For the US, the FBA fee calculator knows the thresholds by category.",
               "亚马逊只对超过该类别阈值的退货收费。美国站各类别的阈值已收录在 FBA 配送费计算器中。", group="fba"),
    _pct_field("referral_pct", "Referral fee (%)", "销售佣金 (%)", "Percentage of the price; 15% for most US categories.", "按售价的百分比；美国站大多数类别为 15%。",
               default=15, group="margin"),
    _pct_field("target_margin", "Target margin (%)", "目标利润率 (%)", "Profit as a share of the price that you want to keep.", "希望保持的利润占售价的比例。",
               default=20, required=True, maximum=99, group="margin"),
)


def processing_per_unit(marketplace: str, fulfilment: str, rate: float, category: str, monthly_units: float,
                        fee: float | None, threshold: float | None, cur: str, notes: Notes) -> float:
    """FBA returns processing fee per unit sold (rate as a fraction)."""
    if fulfilment != "fba":
        return 0.0
    rule = "us" if marketplace == "US" else "eu" if marketplace in EU_HIGH_RETURN else None
    if rule is None:
        if fee:
            notes.step("returns.proc_other", fee=fmt_money(fee, cur), rate=_n(rate * 100))
        notes.doubt("returns.proc_not_in_data")
        return fee * rate if fee else 0.0
    if monthly_units is not None and monthly_units < 25:
        notes.step("returns.proc_exempt", units=_n(monthly_units))
        return 0.0
    if fee is None:
        raise InputError([field_error("processing_fee", _m("need_fee", label=_label("processing_fee")))])
    if rule == "us" and category == "apparel_shoes":
        notes.step("returns.proc_every", rate=_n(rate * 100))
        return fee * rate
    if threshold is None:
        raise InputError([field_error("category_threshold", _m("need_threshold", label=_label("category_threshold")))])
    over = max(0.0, rate - threshold / 100)
    notes.step("returns.proc_over", rate=_n(rate * 100), threshold=_n(threshold), over=_n(over * 100))
    if rule == "eu":
        notes.doubt("returns.proc_eu")
    return fee * over


def _label(name: str) -> Text:
    return next(f.label for f in FIELDS if f.name == name)


def _n(x: float, digits: int = 3) -> str:
    s = f"{x:,.{digits}f}"
    return s.rstrip("0").rstrip(".")


def returns_cost(v: dict, cur: str, notes: Notes) -> dict:
    """Everything about returns for one product: what one return costs, and per unit sold."""
    rate = v["return_rate"] / 100
    parts = []  # (id, amount per return)
    if v["fulfilment"] == "fba":
        notes.step("returns.fba_route")
    elif v["route"] == "local":
        notes.step("returns.local_route")
        parts.append(("local_return_cost", v.get("local_return_cost") or 0.0))
    else:
        notes.step("returns.intl_route")
        parts.append(("intl_return_cost", v.get("intl_return_cost") or 0.0))
    parts.append(("handling_cost", v.get("handling_cost") or 0.0))
    unsold = 1 - (v["resale_pct"] if v.get("resale_pct") is not None else 100) / 100
    write_off = unsold * v["product_cost"]
    parts.append(("write_off", write_off))
    notes.step("returns.write_off", share=_n(unsold * 100), cost=fmt_money(v["product_cost"], cur), amount=fmt_money(write_off, cur))
    parts.append(("lost_outbound", v.get("lost_outbound") or 0.0))
    per_return = math.fsum(a for _, a in parts)
    notes.step("returns.per_return", amount=fmt_money(per_return, cur))
    proc = processing_per_unit(v["marketplace"], v["fulfilment"], rate, v.get("category") or "other", v.get("monthly_units"),
                               v.get("processing_fee"), v.get("category_threshold"), cur, notes)
    per_unit = per_return * rate + proc
    notes.step("returns.per_unit", per_return=fmt_money(per_return, cur), rate=_n(rate * 100), proc=fmt_money(proc, cur),
               amount=fmt_money(per_unit, cur))
    return {"rate": rate, "parts": [{"id": i, "label": _m(f"parts.{i}"), "per_return": a} for i, a in parts],
            "per_return": per_return, "processing_per_unit": proc, "per_unit": per_unit}


def compute(v: dict) -> dict:
    """Cost per return → per unit sold → the price that keeps the target margin."""
    cur = currency_of(v["marketplace"])
    dig = currency_digits(cur)
    notes = Notes()
    notes.rely_on("third-party")  # the return costs are the seller's; Amazon's rules from third-party summaries
    rc = returns_cost(v, cur, notes)
    f = (v.get("referral_pct") or 0.0) / 100
    m = v["target_margin"] / 100
    room = 1 - m - f
    if room <= 0:
        raise InputError([field_error("target_margin", _m("no_room", label=_label("target_margin")))])
    c, r = v["other_costs"], rc["per_unit"]
    p0, p1 = c / room, (c + r) / room
    margin_now = (v["price"] - c - f * v["price"] - r) / v["price"]
    notes.step("returns.price_without", c=fmt_money(c, cur), m=_n(m * 100), f=_n(f * 100), p=fmt_money(p0, cur))
    notes.step("returns.price_with", c=fmt_money(c, cur), r=fmt_money(r, cur), m=_n(m * 100), f=_n(f * 100), p=fmt_money(p1, cur))
    notes.step("returns.margin_now", price=fmt_money(v["price"], cur), margin=_n(margin_now * 100, 1))
    if margin_now < m:
        notes.warn("returns.below_target", margin=_n(margin_now * 100, 1), target=_n(m * 100, 1), p=fmt_money(p1, cur))
    return notes.into({
        "marketplace": v["marketplace"], "currency": cur, "fulfilment": v["fulfilment"],
        "return_rate": v["return_rate"], "parts": rc["parts"],
        "cost_per_return": units.money(rc["per_return"], dig),
        "processing_per_unit": units.money(rc["processing_per_unit"], dig),
        "returns_cost_per_unit": units.money(r, dig),
        "price_without_returns": units.money(p0, dig), "price_with_returns": units.money(p1, dig),
        "price_uplift": units.money(p1 - p0, dig), "price_uplift_pct": round((p1 - p0) / p0 * 100, 2) if p0 else None,
        "margin_at_price": round(margin_now * 100, 2),
    })


def summary(r: dict) -> list[dict]:
    cur = r["currency"]
    rows = [row(_m("rows.per_return"), fmt_money(r["cost_per_return"], cur))]
    if r["fulfilment"] == "fba":
        rows.append(row(_m("rows.processing"), fmt_money(r["processing_per_unit"], cur)))
    rows += [row(_m("rows.per_unit"), fmt_money(r["returns_cost_per_unit"], cur), strong=True),
             row(_m("rows.margin_now"), {"en": f"{r['margin_at_price']:.1f}%", "zh": f"{r['margin_at_price']:.1f}%"}),
             row(_m("rows.price_without"), fmt_money(r["price_without_returns"], cur)),
             row(_m("rows.price_with"), fmt_money(r["price_with_returns"], cur)),
             row(_m("rows.uplift"), {lang: f"{fmt_money(r['price_uplift'], cur)[lang]} (+{r['price_uplift_pct']:.1f}%)"
                                     for lang in ("en", "zh")}, strong=True)]
    return rows


def details(r: dict, lang: str) -> str:
    cur = r["currency"]

    t = partial(text_html, lang=lang)

    body = "".join(f'<tr><th scope="row">{t(p["label"])}</th><td>{t(fmt_money(p["per_return"], cur))}</td></tr>'
                   for p in r["parts"])
    return (f'<table class="calc-lines"><caption>{t(_m("table.caption"))}</caption>'
            f'<thead><tr><th scope="col">{t(_m("table.item"))}</th><th scope="col">{t(_m("table.amount"))}</th></tr></thead>'
            f'<tbody>{body}</tbody></table>')


# The form's folded (or labelled) sections, by field group: render.form_html.
SECTIONS = (
    Section("fba", ("fba",)),
)


CALCULATOR = calculator(
    __name__, "returns",
    examples=(
        {"marketplace": "US", "fulfilment": "self", "price": 30, "product_cost": 8, "other_costs": 20, "return_rate": 5,
         "route": "international", "intl_return_cost": 15, "resale_pct": 70, "target_margin": 20},
        {"marketplace": "US", "fulfilment": "fba", "price": 25, "product_cost": 6, "other_costs": 14, "return_rate": 12,
         "category": "apparel_shoes", "monthly_units": 300, "processing_fee": 2.5, "resale_pct": 80, "target_margin": 15},
        {"marketplace": "DE", "fulfilment": "fba", "price": 25, "product_cost": 6, "other_costs": 14, "return_rate": 12,
         "monthly_units": 300, "processing_fee": 1.5, "category_threshold": 8, "target_margin": 15},
        {"marketplace": "JP", "fulfilment": "self", "price": 3000, "product_cost": 800, "other_costs": 1800, "return_rate": 3,
         "route": "local", "local_return_cost": 300, "target_margin": 10},
        {"marketplace": "US", "price": 0, "product_cost": 8, "other_costs": 20, "return_rate": 150, "target_margin": 20},
        {"marketplace": "US", "price": 30, "product_cost": 8, "other_costs": 20, "return_rate": 5, "referral_pct": 40,
         "target_margin": 70},
    ),
)

"""Net profit per unit, margin and return on investment for an FBA item.

Amazon's fees come from the other calculators through ``core.run`` (referral fee,
FBA fee, storage fee), so the rules live in one place; each can be replaced by the
seller's own figure, and the result says which lines are the seller's. VAT is taken
out of a VAT-inclusive price; the result can be shown in a second currency at the
seller's own exchange rate.
"""

from __future__ import annotations

import html

from . import fx as fxrates
from . import units
from .core import Calculator, row, run
from .fields import Boolean, Choice, Date, InputError, Number, Option, field_error
from .i18n import Text, fmt_money, fmt_number, message, text
from .ratecards import card_for_date
from .referral_fee import CATEGORIES, MARKETPLACES as REFERRAL_MARKETPLACES, PLANS, plan_fee_part

MARKETPLACES = ("US", "CA", "UK", "DE", "FR", "IT", "ES", "JP")
CURRENCY = {"US": "USD", "CA": "CAD", "UK": "GBP", "DE": "EUR", "FR": "EUR", "IT": "EUR", "ES": "EUR", "JP": "JPY"}
# Standard VAT / consumption tax rates (fee-facts §5). US and CA have none we can default to.
DEFAULT_VAT = {"UK": 20.0, "DE": 19.0, "FR": 20.0, "IT": 22.0, "ES": 21.0, "JP": 10.0}
HOME_CURRENCIES = ("none", "CNY", "USD", "EUR", "GBP", "JPY", "CAD")


def _m(key: str, **params) -> Text:
    return message(f"profit.{key}", **params)


def _digits(cur: str) -> int:
    return 0 if cur == "JPY" else 2


def _pct(x: float) -> str:
    return fmt_number(x, 2).rstrip("0").rstrip(".") if abs(x - round(x)) > 1e-9 else fmt_number(x, 0)


def _rate(x: float) -> str:
    return fmt_number(x, 6).rstrip("0").rstrip(".")


def _neg(x: float) -> float:
    return -x if x else 0.0


def _optional_money(name, en, zh, help_en, help_zh, group=""):
    return Number(name, text(en, zh), text(help_en, help_zh), minimum=0, exclusive_minimum=False,
                  maximum=1_000_000, required=False, group=group)


FIELDS = (
    Choice("marketplace", text("Marketplace", "站点"), text("The Amazon marketplace where you sell.", "您销售的亚马逊站点。"),
           default="US", options=tuple(Option(m, message(f"marketplaces.{m}")) for m in MARKETPLACES)),
    Number("price", text("Item price", "商品售价"),
           text("Selling price per unit in the marketplace currency, as the buyer sees it.", "以站点货币计、买家看到的每件售价。"),
           default=25, maximum=1_000_000, group="price"),
    Boolean("price_includes_vat", text("Price includes VAT", "售价含增值税"),
            text("In the UK, the EU and Japan listed prices include VAT (consumption tax in Japan); tick this to take it out before working out profit.",
                 "英国、欧盟和日本的标价含增值税（日本为消费税）；勾选后先扣除税额再计算利润。"), group="price"),
    Number("vat_rate", text("VAT rate (%)", "增值税税率（%）"),
           text("Leave empty for the standard rate of the marketplace (UK 20, DE 19, FR 20, IT 22, ES 21, JP 10).",
                "留空则使用站点的标准税率（英国 20、德国 19、法国 20、意大利 22、西班牙 21、日本 10）。"),
           unit="percent", minimum=0, exclusive_minimum=False, maximum=50, required=False, group="price"),
    Number("product_cost", text("Product cost per unit", "每件采购成本"),
           text("What one unit costs you to buy or make.", "每件商品的采购或生产成本。"),
           default=5, minimum=0, exclusive_minimum=False, maximum=1_000_000, group="costs"),
    Number("inbound_shipping", text("Inbound shipping per unit", "每件头程运费"),
           text("First-leg freight and other costs to get one unit into Amazon's fulfillment center.",
                "把每件商品送到亚马逊运营中心的头程运费及相关费用。"),
           default=1, minimum=0, exclusive_minimum=False, maximum=1_000_000, group="costs"),
    Choice("costs_currency", text("Costs entered in", "成本的币种"),
           text("Enter product cost and inbound shipping in the marketplace currency, or in your home currency (then the exchange rate below is needed).",
                "采购成本和头程运费可以按站点货币填写，也可以按本币填写（此时需要填写下方汇率）。"),
           default="marketplace", required=False, group="costs",
           options=(Option("marketplace", text("Marketplace currency", "站点货币")),
                    Option("home", text("Home currency", "本币")))),
    Choice("category", text("Category", "品类"), text("For the referral fee.", "用于计算销售佣金。"),
           default="most", options=tuple(Option(c, message(f"referral_fee.categories.{c}")) for c in CATEGORIES)),
    Choice("plan", text("Selling plan", "销售计划"), default="professional", required=False, group="plan",
           options=tuple(Option(p, message(f"referral_fee.plans.{p}")) for p in PLANS)),
    Number("units_per_month", text("Units sold per month", "每月销量"),
           text("Spreads the Professional plan's monthly fee over each unit.", "用于把专业销售计划的月费分摊到每件商品。"),
           default=100, maximum=10_000_000, step=1, required=False, group="plan"),
    Number("length", text("Length", "长度"), text("Longest side of the packaged unit.", "包装后商品的最长边。"),
           default=10, maximum=5000, group="dimensions"),
    Number("width", text("Width", "宽度"), text("Second-longest side of the packaged unit.", "包装后商品的次长边。"),
           default=6, maximum=5000, group="dimensions"),
    Number("height", text("Height", "高度"), text("Shortest side of the packaged unit.", "包装后商品的最短边。"),
           default=2, maximum=5000, group="dimensions"),
    Choice("dimension_unit", text("Length unit", "尺寸单位"), default="in", group="dimensions",
           options=(Option("in", text("inches (in)", "英寸 (in)")), Option("cm", text("centimetres (cm)", "厘米 (cm)")))),
    Number("weight", text("Weight", "重量"), text("Weight of the packaged unit.", "包装后商品的重量。"),
           default=0.8, maximum=50000, group="weight"),
    Choice("weight_unit", text("Weight unit", "重量单位"), default="lb", group="weight",
           options=(Option("oz", text("ounces (oz)", "盎司 (oz)")), Option("lb", text("pounds (lb)", "磅 (lb)")),
                    Option("g", text("grams (g)", "克 (g)")), Option("kg", text("kilograms (kg)", "千克 (kg)")))),
    Boolean("apparel", text("Apparel", "服装类商品"), text("Clothing has its own FBA and storage rates.", "服装有单独的配送费和仓储费费率。")),
    Number("storage_months", text("Months in storage before sale", "售出前的存放月数"),
           text("On average, how many months a unit waits in the fulfillment center before it sells (whole months, 1 to 36).",
                "平均每件商品在运营中心存放多少个月后售出（整月，1 至 36）。"),
           default=1, minimum=1, exclusive_minimum=False, maximum=36, step=1, required=False),
    Number("referral_rate_override", text("Referral fee rate override (%)", "销售佣金费率（自填，%）"),
           text("Leave empty to use our data; needed where our data has no rate for your category.",
                "留空则使用我们的数据；我们的数据中没有您所在品类的费率时必须填写。"),
           unit="percent", minimum=0, exclusive_minimum=False, maximum=100, required=False, group="overrides"),
    _optional_money("referral_fee_override", "Referral fee per unit (your figure)", "每件销售佣金（自填）",
                    "Leave empty to work it out from the category.", "留空则按品类计算。", "overrides"),
    _optional_money("fba_fee_override", "FBA fee per unit (your figure)", "每件亚马逊物流配送费（自填）",
                    "Leave empty to work it out from size and weight.", "留空则按尺寸和重量计算。", "overrides"),
    _optional_money("storage_fee_override", "Storage fee per unit (your figure)", "每件仓储费（自填）",
                    "Leave empty to work it out from size and months in storage. The total per unit for the whole stay.",
                    "留空则按尺寸和存放月数计算。填写整个存放期间每件的合计。", "overrides"),
    _optional_money("plan_fee_override", "Selling plan fee (your figure)", "销售计划费用（自填）",
                    "Professional: the monthly fee. Individual: the fee per item sold. Leave empty to use our data.",
                    "专业销售计划填月费，个人销售计划填每件费用。留空则使用我们的数据。", "overrides"),
    Choice("home_currency", text("Also show in", "同时换算为"),
           text("Show every line also in this currency, at your exchange rate.", "按您填写的汇率，把每一项同时换算为该货币。"),
           default="none", required=False, group="fx",
           options=(Option("none", text("No conversion", "不换算")),) + tuple(
               Option(c, message(f"currencies.{c}")) for c in HOME_CURRENCIES[1:])),
    Number("exchange_rate", text("Exchange rate", "汇率"),
           text("How much of your home currency one unit of the marketplace currency buys, e.g. 7.1 for 1 USD = 7.1 CNY. Leave empty for the site's approximate reference rate; better, enter your bank's or payment provider's rate.",
                "一单位站点货币可兑换多少本币，例如 1 美元 = 7.1 人民币时填 7.1。留空则使用本站的近似参考汇率；建议填写您的银行或收款服务商的汇率。"),
           maximum=1_000_000, step=0.0001, required=False, group="fx"),
    Date("date", text("Date", "日期"), text("The day of the sale; picks the rates in force then. Defaults to today.",
                                           "销售日期，用于选择当时有效的费率。默认为今天。")),
)

_LABELS = {f.name: f.label for f in FIELDS}


def _check(v) -> list:
    errs = []
    if v.get("storage_months") is not None and float(v["storage_months"]) != int(v["storage_months"]):
        errs.append(field_error("storage_months", _m("whole_months", label=_LABELS["storage_months"])))
    if v.get("costs_currency") == "home" and v.get("home_currency", "none") == "none":
        errs.append(field_error("home_currency", _m("home_needed", label=_LABELS["home_currency"])))
    return errs


def _sub_error(override_field: str, what: Text, out: dict) -> InputError:
    """A sub-calculator could not work: say why, and name the field that gets round it."""
    reasons = out.get("errors") or []
    reason = {lang: " ".join(e["message"][lang] for e in reasons) for lang in ("en", "zh")}
    return InputError([field_error(override_field, _m("sub_failed", label=_LABELS[override_field], what=what,
                                                       reason=reason))])


def _collect(prefix: Text, sub: dict, warnings: list, unverified: list) -> None:
    for w in sub.get("warnings", []):
        warnings.append(_m("from_sub", what=prefix, note=w))
    for u in sub.get("unverified", []):
        unverified.append(_m("from_sub", what=prefix, note=u))


def compute(v: dict) -> dict:
    mk = v["marketplace"]
    cur = CURRENCY[mk]
    d = _digits(cur)
    steps: list[Text] = []
    warnings: list[Text] = []
    unverified: list[Text] = []
    overrides: list[dict] = []
    cards: list[dict] = []
    price = v["price"]
    home = v.get("home_currency") or "none"
    fx = v.get("exchange_rate")
    fx_source = "yours"
    if home != "none" and fx is None:
        # No rate entered: the project's dated, approximate reference rate, said so loudly.
        fx = fxrates.cross_rate(cur, home, fxrates.default_rates(v["date"]))
        fx_source = "reference"
        warnings.append(fxrates.reference_note(v["date"]))
        unverified.append(_m("fx_reference", cur=cur, home=home, rate=_rate(fx)))

    # 1. VAT out of the price.
    vat_rate = 0.0
    if v["price_includes_vat"]:
        if v.get("vat_rate") is not None:
            vat_rate = v["vat_rate"]
            steps.append(_m("vat_yours", rate=_pct(vat_rate)))
            if mk in DEFAULT_VAT and vat_rate != DEFAULT_VAT[mk]:
                overrides.append({"field": "vat_rate", "label": _LABELS["vat_rate"], "value": vat_rate,
                                  "replaces": DEFAULT_VAT[mk], "kind": "percent"})
        elif mk in DEFAULT_VAT:
            vat_rate = DEFAULT_VAT[mk]
            steps.append(_m("vat_default", rate=_pct(vat_rate), marketplace=message(f"marketplaces.{mk}")))
            if mk == "JP":
                steps.append(_m("vat_jp_reduced"))
        else:
            raise InputError([field_error("vat_rate", _m("vat_unknown", label=_LABELS["vat_rate"],
                                                         marketplace=message(f"marketplaces.{mk}")))])
    elif v.get("vat_rate") is not None:
        warnings.append(_m("vat_ignored"))
    net_price = units.money(price / (1 + vat_rate / 100), d)
    vat = units.money(price - net_price, d) if v["price_includes_vat"] else 0.0
    if v["price_includes_vat"]:
        steps.append(_m("vat_out", price=fmt_money(price, cur), rate=_pct(vat_rate), net=fmt_money(net_price, cur),
                        vat=fmt_money(vat, cur), divisor=fmt_number(1 + vat_rate / 100, 4).rstrip("0").rstrip(".")))
    elif mk in DEFAULT_VAT:
        warnings.append(_m("vat_not_ticked", marketplace=message(f"marketplaces.{mk}"), rate=_pct(DEFAULT_VAT[mk])))

    # 2. Own costs, converted to the marketplace currency if entered in the home currency.
    product, inbound = v["product_cost"], v["inbound_shipping"]
    if v.get("costs_currency") == "home":
        hc = home
        product_mk = units.money(product / fx, d)
        inbound_mk = units.money(inbound / fx, d)
        steps.append(_m("costs_converted", product=fmt_money(product, hc), inbound=fmt_money(inbound, hc),
                        rate=_rate(fx), cur=message(f"currencies.{cur}"),
                        home=message(f"currencies.{hc}"),
                        product_mk=fmt_money(product_mk, cur), inbound_mk=fmt_money(inbound_mk, cur)))
        product, inbound = product_mk, inbound_mk
    else:
        product, inbound = units.money(product, d), units.money(inbound, d)

    # 3. Referral fee (and closing fee, selling plan).
    plan = v.get("plan") or "professional"
    upm = v.get("units_per_month") or 100
    closing = 0.0
    if v.get("referral_fee_override") is not None:
        referral = units.money(v["referral_fee_override"], d)
        overrides.append({"field": "referral_fee_override", "label": _LABELS["referral_fee_override"], "value": referral,
                          "replaces": None, "kind": "money"})
        steps.append(_m("referral_yours", fee=fmt_money(referral, cur)))
        card = card_for_date("referral", mk, v["date"]) or {"currency": cur, "marketplace": mk, "plan": {}}
        part = plan_fee_part(card, plan, upm, v.get("plan_fee_override"))
        steps += part["steps"]
        for w in part["warnings"]:
            warnings.append(_m("from_sub", what=_m("what_title.plan"), note=w))
        for u in part["unverified"]:
            unverified.append(_m("from_sub", what=_m("what_title.plan"), note=u))
        if part["override"]:
            o = part["override"]
            overrides.append({"field": "plan_fee_override", "label": _LABELS["plan_fee_override"], "value": o["value"],
                              "replaces": o["replaces"], "kind": "money"})
        plan_per_unit, plan_known = units.money(part["per_unit"], d), part["known"]
    else:
        if mk not in REFERRAL_MARKETPLACES:
            raise InputError([field_error("referral_fee_override", _m("referral_no_data", label=_LABELS["referral_fee_override"],
                                                                      marketplace=message(f"marketplaces.{mk}")))])
        payload = {"marketplace": mk, "category": v["category"], "price": price, "date": v["date"],
                   "plan": plan, "units_per_month": upm}
        if v.get("referral_rate_override") is not None:
            payload["rate_override"] = v["referral_rate_override"]
        if v.get("plan_fee_override") is not None:
            payload["plan_fee_override"] = v["plan_fee_override"]
        ok, out = run("referral-fee", payload)
        if not ok:
            field = "referral_rate_override" if any(e["field"] == "rate_override" for e in out["errors"]) else "referral_fee_override"
            raise _sub_error(field, _m("what.referral"), out)
        referral, closing = out["referral_fee"], out["closing_fee"]
        plan_per_unit, plan_known = units.money(out["plan_fee_per_unit"], d), out["plan_fee_known"]
        for o in out["overrides"]:
            name = "referral_rate_override" if o["field"] == "rate_override" else o["field"]
            overrides.append({"field": name, "label": _LABELS[name], "value": o["value"], "replaces": o["replaces"],
                              "kind": "percent" if name == "referral_rate_override" else "money"})
        steps.append(_m("referral_computed_vat" if v["price_includes_vat"] else "referral_computed",
                        fee=fmt_money(referral, cur), rate=_pct(out["rate_applied"]),
                        category=out["category_label"], price=fmt_money(price, cur)))
        if closing:
            steps.append(_m("closing", fee=fmt_money(closing, cur)))
        if plan_known:
            steps.append(_m("plan", fee=fmt_money(plan_per_unit, cur)))
        _collect(_m("what_title.referral"), out, warnings, unverified)
        cards.append(out["rate_card"])

    # 4. FBA fee.
    if v.get("fba_fee_override") is not None:
        fba = units.money(v["fba_fee_override"], d)
        overrides.append({"field": "fba_fee_override", "label": _LABELS["fba_fee_override"], "value": fba,
                          "replaces": None, "kind": "money"})
        steps.append(_m("fba_yours", fee=fmt_money(fba, cur)))
    else:
        payload = {k: v[k] for k in ("marketplace", "length", "width", "height", "dimension_unit", "weight",
                                     "weight_unit", "price", "apparel", "date")}
        ok, out = run("fba-fee", payload)
        if not ok:
            raise _sub_error("fba_fee_override", _m("what.fba"), out)
        if out.get("eligible") is False or out.get("currency") != cur:
            raise InputError([field_error("fba_fee_override", _m("fba_not_eligible", label=_LABELS["fba_fee_override"]))])
        if out.get("total_fee") is None:
            raise InputError([field_error("fba_fee_override", _m("fba_no_fee", label=_LABELS["fba_fee_override"],
                                                                 marketplace=message(f"marketplaces.{mk}"),
                                                                 tier=out.get("size_tier_label") or out.get("size_tier") or ""))])
        fba = out["total_fee"]
        steps.append(_m("fba_computed", fee=fmt_money(fba, cur), tier=out.get("size_tier_label") or out.get("size_tier", "")))
        _collect(_m("what_title.fba"), out, warnings, unverified)
        if out.get("rate_card"):
            cards.append(out["rate_card"])

    # 5. Storage.
    months = int(v.get("storage_months") or 1)
    if v.get("storage_fee_override") is not None:
        storage = units.money(v["storage_fee_override"], d)
        overrides.append({"field": "storage_fee_override", "label": _LABELS["storage_fee_override"], "value": storage,
                          "replaces": None, "kind": "money"})
        steps.append(_m("storage_yours", fee=fmt_money(storage, cur)))
    else:
        size_class = "apparel" if v["apparel"] and mk in ("UK", "DE", "FR", "IT", "ES") else "auto"
        payload = {k: v[k] for k in ("marketplace", "length", "width", "height", "dimension_unit", "weight",
                                     "weight_unit", "date")}
        payload.update(size_class=size_class, units=1, months=months)
        ok, out = run("storage-fee", payload)
        if not ok:
            raise _sub_error("storage_fee_override", _m("what.storage"), out)
        # Unrounded per-unit amounts, so a small item's fee is not lost to cent rounding.
        storage = units.money(sum(mo["per_unit"] + mo["aged_per_unit"] for mo in out["months"]), d)
        steps.append(_m("storage_computed", fee=fmt_money(storage, cur), months=months, cls=out["size_class_label"]))
        _collect(_m("what_title.storage"), out, warnings, unverified)
        cards.append(out["rate_card"])

    # 6. Profit, margin, ROI.
    fees = units.money(referral + closing + plan_per_unit + fba + storage, d)
    total_cost = units.money(product + inbound + fees, d)
    profit = units.money(net_price - total_cost, d)
    invested = units.money(product + inbound, d)
    margin = profit / net_price * 100 if net_price > 0 else None
    roi = profit / invested * 100 if invested > 0 else None
    steps.append(_m("profit", net=fmt_money(net_price, cur), cost=fmt_money(total_cost, cur), profit=fmt_money(profit, cur)))
    if margin is None:
        steps.append(_m("margin_none"))
    else:
        steps.append(_m("margin", profit=fmt_money(profit, cur), net=fmt_money(net_price, cur),
                        margin=_pct(round(margin, 2))))
    if roi is None:
        steps.append(_m("roi_none"))
    else:
        steps.append(_m("roi", profit=fmt_money(profit, cur), invested=fmt_money(invested, cur), roi=_pct(round(roi, 2))))
    if profit < 0:
        warnings.append(_m("loss"))

    own = "converted" if v.get("costs_currency") == "home" else "yours"
    lines = [
        {"id": "price", "amount": price, "source": "yours"},
    ]
    if v["price_includes_vat"]:
        lines += [
            {"id": "vat", "amount": _neg(vat), "source": "default" if v.get("vat_rate") is None else "yours"},
            {"id": "net_price", "amount": net_price, "source": "computed", "subtotal": True},
        ]
    lines += [
        {"id": "product_cost", "amount": _neg(product), "source": own},
        {"id": "inbound_shipping", "amount": _neg(inbound), "source": own},
        {"id": "referral_fee", "amount": _neg(referral), "source": "override" if v.get("referral_fee_override") is not None
         else ("override" if v.get("referral_rate_override") is not None else "data")},
    ]
    if closing:
        lines.append({"id": "closing_fee", "amount": _neg(closing), "source": "data"})
    lines.append({"id": "plan_fee", "amount": _neg(plan_per_unit),
                  "source": "override" if v.get("plan_fee_override") is not None else ("data" if plan_known else "missing")})
    lines += [
        {"id": "fba_fee", "amount": _neg(fba), "source": "override" if v.get("fba_fee_override") is not None else "data"},
        {"id": "storage_fee", "amount": _neg(storage), "source": "override" if v.get("storage_fee_override") is not None else "data"},
        {"id": "net_profit", "amount": profit, "source": "computed", "subtotal": True},
    ]

    converted = None
    if home != "none":
        hd = _digits(home)
        for ln in lines:
            ln["home_amount"] = units.money(ln["amount"] * fx, hd)
        converted = {"currency": home, "rate": fx, "net_profit": units.money(profit * fx, hd),
                     "net_price": units.money(net_price * fx, hd), "total_cost": units.money(total_cost * fx, hd)}
        converted["rate_source"] = fx_source
        steps.append(_m("fx" if fx_source == "yours" else "fx_ref", rate=_rate(fx), cur=cur, home=home,
                        profit=fmt_money(converted["net_profit"], home)))
        if fx_source == "yours":
            overrides.append({"field": "exchange_rate", "label": _LABELS["exchange_rate"], "value": fx,
                              "replaces": units.money(fxrates.cross_rate(cur, home, fxrates.default_rates(v["date"])), 6),
                              "kind": "number"})

    confidences = [c["confidence"] for c in cards]
    if unverified or "unverified" in confidences:
        confidence = "unverified"
    elif "third-party" in confidences:
        confidence = "third-party"
    else:
        confidence = "official"
    return {
        "marketplace": mk,
        "currency": cur,
        "price": price,
        "vat_rate": vat_rate,
        "vat": vat,
        "net_price": net_price,
        "product_cost": product,
        "inbound_shipping": inbound,
        "referral_fee": referral,
        "closing_fee": closing,
        "plan_fee_per_unit": plan_per_unit,
        "fba_fee": fba,
        "storage_fee": storage,
        "amazon_fees": fees,
        "total_cost": total_cost,
        "net_profit": profit,
        "margin_percent": None if margin is None else round(margin, 4),
        "roi_percent": None if roi is None else round(roi, 4),
        "lines": lines,
        "converted": converted,
        "overrides": overrides,
        "rate_card": None,
        "rate_cards": cards,
        "confidence": confidence,
        "unverified": unverified,
        "steps": steps,
        "warnings": warnings,
    }


def summary(r: dict) -> list[dict]:
    cur = r["currency"]
    margin = f"{_pct(round(r['margin_percent'], 2))}%" if r["margin_percent"] is not None else "—"
    roi = f"{_pct(round(r['roi_percent'], 2))}%" if r["roi_percent"] is not None else "—"
    rows = [
        row(text("Price without VAT", "不含税售价"), fmt_money(r["net_price"], cur)),
        row(text("Amazon fees", "亚马逊费用"), fmt_money(r["amazon_fees"], cur)),
        row(text("Total cost per unit", "每件总成本"), fmt_money(r["total_cost"], cur)),
        row(text("Net profit per unit", "每件净利润"), fmt_money(r["net_profit"], cur), strong=True),
    ]
    if r["converted"]:
        c = r["converted"]
        rows.append(row(_m("profit_in", home=c["currency"]), fmt_money(c["net_profit"], c["currency"]), strong=True))
    rows += [
        row(text("Margin (profit ÷ price without VAT)", "毛利率（利润 ÷ 不含税售价）"), {"en": margin, "zh": margin}),
        row(text("Return on investment (profit ÷ product cost and inbound shipping)", "投资回报率（利润 ÷ 采购成本与头程运费）"),
            {"en": roi, "zh": roi}),
    ]
    return rows


def details(r: dict, lang: str) -> str:
    e = html.escape
    cur = r["currency"]
    conv = r["converted"]
    head = [_m("table.line"), _m("table.amount", cur=cur)]
    if conv:
        head.append(_m("table.amount", cur=conv["currency"]))
    head.append(_m("table.source"))
    out = ['<table class="calc-table calc-profit">', f"<caption>{e(_m('table.caption')[lang])}</caption><thead><tr>"]
    out += [f'<th scope="col">{e(h[lang])}</th>' for h in head]
    out.append("</tr></thead><tbody>")
    for ln in r["lines"]:
        cls = ' class="calc-subtotal"' if ln.get("subtotal") else ""
        out.append(f"<tr{cls}><th scope=\"row\">{e(_m('lines.' + ln['id'])[lang])}</th>")
        out.append(f"<td>{e(fmt_money(ln['amount'], cur)[lang])}</td>")
        if conv:
            out.append(f"<td>{e(fmt_money(ln['home_amount'], conv['currency'])[lang])}</td>")
        out.append(f"<td>{e(_m('sources.' + ln['source'])[lang])}</td></tr>")
    out.append("</tbody></table>")
    if r["overrides"]:
        out.append(f'<p class="calc-overrides"><strong>{e(_m("overrides_title")[lang])}</strong> ')
        items = []
        for o in r["overrides"]:
            if o["kind"] == "percent":
                val = f"{_pct(o['value'])}%"
            elif o["kind"] == "money":
                val = fmt_money(o["value"], cur)[lang]
            else:
                val = fmt_number(o["value"], 4).rstrip("0").rstrip(".")
            items.append(f"{e(o['label'][lang])}{'：' if lang == 'zh' else ': '}{e(val)}")
        out.append(("；" if lang == "zh" else "; ").join(items) + "</p>")
    if r["rate_cards"]:
        out.append(f'<ul class="calc-cards" aria-label="{e(_m("cards_title")[lang])}">')
        for c in r["rate_cards"]:
            conf = message(f"confidence.{c['confidence']}")[lang]
            out.append(f"<li><code>{e(c['id'])}</code> — {e(c['source'])} ({e(conf)})</li>")
        out.append("</ul>")
    return "".join(out)


CALCULATOR = Calculator(
    name="profit",
    title=text("Profit per unit with FBA", "亚马逊物流利润计算"),
    fields=FIELDS,
    compute=compute,
    summary=summary,
    checks=(_check,),
    intro=text("Net profit per unit, margin and return on investment after Amazon's fees and VAT.",
               "扣除亚马逊费用和增值税后的每件净利润、毛利率和投资回报率。"),
    details=details,
    examples=(
        {"marketplace": "US", "price": 25, "product_cost": 5, "inbound_shipping": 1, "category": "most",
         "plan": "professional", "units_per_month": 100, "length": 10, "width": 6, "height": 2, "dimension_unit": "in",
         "weight": 0.8, "weight_unit": "lb", "storage_months": 1, "date": "2026-05-01"},
        {"marketplace": "US", "price": 25, "product_cost": 35, "inbound_shipping": 7, "costs_currency": "home",
         "home_currency": "CNY", "exchange_rate": 7, "category": "clothing", "length": 10, "width": 6, "height": 2,
         "dimension_unit": "in", "weight": 0.8, "weight_unit": "lb", "apparel": True, "fba_fee_override": 4.5,
         "storage_months": 2, "date": "2026-09-20"},
        {"marketplace": "UK", "price": 120, "price_includes_vat": True, "product_cost": 30, "inbound_shipping": 4,
         "category": "other", "referral_rate_override": 15, "length": 30, "width": 20, "height": 10,
         "dimension_unit": "cm", "weight": 1, "weight_unit": "kg", "fba_fee_override": 3.5, "date": "2026-03-01"},
        {"marketplace": "JP", "price": 1800, "price_includes_vat": True, "product_cost": 300, "inbound_shipping": 60,
         "category": "media", "plan": "individual", "length": 20, "width": 15, "height": 3, "dimension_unit": "cm",
         "weight": 300, "weight_unit": "g", "fba_fee_override": 318, "date": "2026-03-01"},
        {"marketplace": "DE", "price": 0, "product_cost": -1, "inbound_shipping": 1, "category": "home",
         "length": 10, "width": 6, "height": 2, "dimension_unit": "cm", "weight": 1, "weight_unit": "kg",
         "home_currency": "CNY"},
    ),
)

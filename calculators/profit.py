"""Net profit per unit, margin and return on investment for an FBA item.

Amazon's fees come from the other calculators through ``core.run`` (referral fee,
FBA fee, storage fee), so the rules live in one place; each can be replaced by the
seller's own figure, and the result says which lines are the seller's. VAT is taken
out of a VAT-inclusive price; the result can be shown in a second currency at the
seller's own exchange rate.
"""

from __future__ import annotations

import math

from . import fx as fxrates
from . import units
from .core import calculator, row, run
from .fba import other_fees
from .fields import Boolean, Choice, Date, InputError, Number, Option, Section, field_error, marketplace_field, plausible_item, price_field, size_fields, weight_fields
from .i18n import Text, currency_digits, fmt_money, fmt_number, message, text
from .landed_cost import country_rules, tax_rate_in_force
from .money import marketplace_currency
from .ratecards import card_for_date
from .referral_fee import CATEGORIES, PLANS, plan_fee_part
from .referral_fee import MARKETPLACES as REFERRAL_MARKETPLACES
from .render import table_html, text_html
from .result import Notes

MARKETPLACES = ("US", "CA", "UK", "DE", "FR", "IT", "ES", "JP")
# Taxes with one national rate the calculator may take out of a tax-inclusive price; US
# sales tax and Canada's GST/HST (by province) have no single rate to default to.
NATIONAL_TAXES = ("vat", "consumption")
HOME_CURRENCIES = ("none", "CNY", "USD", "EUR", "GBP", "JPY", "CAD")


def _m(key: str, **params) -> Text:
    return message(f"profit.{key}", **params)




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
    marketplace_field(text("The Amazon marketplace where you sell.", "您销售的亚马逊站点。"), MARKETPLACES),
    price_field(text("Selling price per unit in the marketplace currency, as the buyer sees it.", "以站点货币计、买家看到的每件售价。"),
                group="price"),
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
    *size_fields((text("Longest side of the packaged unit.", "包装后商品的最长边。"),
                   text("Second-longest side of the packaged unit.", "包装后商品的次长边。"),
                   text("Shortest side of the packaged unit.", "包装后商品的最短边。"))),
    *weight_fields(text("Weight of the packaged unit.", "包装后商品的重量。"), maximum=50000),
    Boolean("apparel", text("Apparel", "服装类商品"), text("Clothing has its own FBA and storage rates.", "服装有单独的配送费和仓储费费率。")),
    Boolean("dangerous_goods", text("Dangerous goods (hazmat)", "危险品"),
            text("Their own FBA and storage rates in the US; surcharges in Europe.", "美国站有单独的配送费和仓储费费率；欧洲站收取附加费。")),
    Boolean("sipp", text("Ships in Product Packaging (SIPP)", "使用商品原包装发货 (SIPP)"),
            text("A lower FBA fee for certified standard-size units; a packaging fee for bulky units that are not certified.",
                 "经认证的标准尺寸商品配送费更低；未认证的大件需支付包装费。")),
    *other_fees.FIELDS,
    Number("storage_months", text("Months in storage before sale", "售出前的存放月数"),
           text("On average, how many months a unit waits in the fulfillment center before it sells (whole months, 1 to 36).",
                "平均每件商品在运营中心存放多少个月后售出（整月，1 至 36）。"),
           default=1, minimum=1, exclusive_minimum=False, maximum=36, step=1, required=False, group="storage"),
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


class _Ledger:
    """What the stages of one profit calculation share: notes, the seller's overrides,
    the rate cards used, and the amounts so far (in the marketplace currency)."""

    def __init__(self, v: dict, explain: bool):
        self.v = v
        self.mk = v["marketplace"]
        self.cur = marketplace_currency(self.mk)
        self.d = currency_digits(self.cur)
        self.notes = Notes(explain)
        self.overrides: list[dict] = []
        self.cards: list[dict] = []
        self.amounts: dict = {}

    def override(self, field: str, value, replaces=None, kind: str = "money") -> None:
        self.overrides.append({"field": field, "label": _LABELS[field], "value": value, "replaces": replaces, "kind": kind})

    def take(self, what: str, out: dict) -> None:
        """A sub-calculator's warnings and unverified notes, prefixed with what it priced."""
        for w in out.get("warnings", []):
            self.notes.warn("profit.from_sub", what=_m(f"what_title.{what}"), note=w)
        for u in out.get("unverified", []):
            self.notes.doubt("profit.from_sub", what=_m(f"what_title.{what}"), note=u)
        self.notes.rely_on(out.get("confidence"))
        if out.get("rate_card"):
            self.cards.append(out["rate_card"])


def _exchange_rate(lg: _Ledger) -> tuple[float | None, str]:
    home, fx = lg.v.get("home_currency") or "none", lg.v.get("exchange_rate")
    if home == "none" or fx is not None:
        return fx, "yours"
    # No rate entered: the project's dated, approximate reference rate, said so loudly.
    fx = fxrates.cross_rate(lg.cur, home, fxrates.default_rates(lg.v["date"]))
    lg.notes.warn(fxrates.reference_note(lg.v["date"]))
    lg.notes.doubt("profit.fx_reference", cur=lg.cur, home=home, rate=_rate(fx))
    return fx, "reference"


def standard_vat(mk: str, on: str) -> dict | None:
    """The marketplace's standard VAT (or consumption tax) rate in force ``on``, from its import
    rules (``calculators/data/import/<cc>.json``), or None where there is no one national rate."""
    rules = country_rules(mk)
    found = tax_rate_in_force(rules, on) if rules["tax"]["kind"] in NATIONAL_TAXES else None
    return found and {**found, "rate": float(found["rate"])}


def _vat(lg: _Ledger) -> None:
    """Stage 1: VAT (or Japan's consumption tax) out of a tax-inclusive price."""
    v, mk, cur, price = lg.v, lg.mk, lg.cur, lg.v["price"]
    rate, standard = 0.0, standard_vat(mk, v["date"])
    if v["price_includes_vat"]:
        if v.get("vat_rate") is not None:
            rate = v["vat_rate"]
            lg.notes.step("profit.vat_yours", rate=_pct(rate))
            if standard and rate != standard["rate"]:
                lg.override("vat_rate", rate, standard["rate"], "percent")
        elif standard:
            rate = standard["rate"]
            lg.notes.rely_on(standard["confidence"])
            lg.notes.step("profit.vat_default", rate=_pct(rate), marketplace=message(f"marketplaces.{mk}"))
            if mk == "JP":
                lg.notes.step("profit.vat_jp_reduced")
        else:
            raise InputError([field_error("vat_rate", _m("vat_unknown", label=_LABELS["vat_rate"], marketplace=message(f"marketplaces.{mk}")))])
    elif v.get("vat_rate") is not None:
        lg.notes.warn("profit.vat_ignored")
    net = units.money(price / (1 + rate / 100), lg.d)
    vat = units.money(price - net, lg.d) if v["price_includes_vat"] else 0.0
    if v["price_includes_vat"]:
        lg.notes.step("profit.vat_out", price=fmt_money(price, cur), rate=_pct(rate), net=fmt_money(net, cur), vat=fmt_money(vat, cur),
                      divisor=fmt_number(1 + rate / 100, 4).rstrip("0").rstrip("."))
    elif standard:
        lg.notes.warn("profit.vat_not_ticked", marketplace=message(f"marketplaces.{mk}"), rate=_pct(standard["rate"]))
    lg.amounts.update(vat_rate=rate, vat=vat, net_price=net)


def _own_costs(lg: _Ledger, fx: float | None) -> None:
    """Stage 2: the seller's own costs, converted from the home currency where entered so."""
    v, cur = lg.v, lg.cur
    product, inbound = v["product_cost"], v["inbound_shipping"]
    if v.get("costs_currency") == "home":
        home = v["home_currency"]
        product_mk, inbound_mk = units.money(product / fx, lg.d), units.money(inbound / fx, lg.d)
        lg.notes.step("profit.costs_converted", product=fmt_money(product, home), inbound=fmt_money(inbound, home), rate=_rate(fx),
                      cur=message(f"currencies.{cur}"), home=message(f"currencies.{home}"),
                      product_mk=fmt_money(product_mk, cur), inbound_mk=fmt_money(inbound_mk, cur))
        product, inbound = product_mk, inbound_mk
    lg.amounts.update(product_cost=units.money(product, lg.d), inbound_shipping=units.money(inbound, lg.d))


def _referral_yours(lg: _Ledger, plan: str, upm: float) -> None:
    v, cur = lg.v, lg.cur
    referral = units.money(v["referral_fee_override"], lg.d)
    lg.override("referral_fee_override", referral)
    lg.notes.step("profit.referral_yours", fee=fmt_money(referral, cur))
    card = card_for_date("referral", lg.mk, v["date"]) or {"currency": cur, "marketplace": lg.mk, "plan": {}}
    part = plan_fee_part(card, plan, upm, v.get("plan_fee_override"))
    for s_ in part["steps"]:
        lg.notes.step(s_)
    lg.take("plan", {"warnings": part["warnings"], "unverified": part["unverified"]})
    if part["override"]:
        lg.override("plan_fee_override", part["override"]["value"], part["override"]["replaces"])
    lg.amounts.update(referral_fee=referral, closing_fee=0.0, referral_dsf=0.0, plan_fee_per_unit=units.money(part["per_unit"], lg.d),
                      plan_known=part["known"])


def _referral(lg: _Ledger) -> None:
    """Stage 3: referral fee, closing fee, selling plan and the digital services fee on them."""
    v, cur = lg.v, lg.cur
    plan, upm = v.get("plan") or "professional", v.get("units_per_month") or 100
    if v.get("referral_fee_override") is not None:
        return _referral_yours(lg, plan, upm)
    if lg.mk not in REFERRAL_MARKETPLACES:
        raise InputError([field_error("referral_fee_override", _m("referral_no_data", label=_LABELS["referral_fee_override"],
                                                                  marketplace=message(f"marketplaces.{lg.mk}")))])
    payload = {"marketplace": lg.mk, "category": v["category"], "price": v["price"], "date": v["date"], "plan": plan,
               "units_per_month": upm, "seller_established": v.get("seller_established") or "elsewhere"}
    for mine, theirs in (("referral_rate_override", "rate_override"), ("plan_fee_override", "plan_fee_override")):
        if v.get(mine) is not None:
            payload[theirs] = v[mine]
    ok, out = run("referral-fee", payload, explain=False)
    if not ok:
        field = "referral_rate_override" if any(e["field"] == "rate_override" for e in out["errors"]) else "referral_fee_override"
        raise _sub_error(field, _m("what.referral"), out)
    for o in out["overrides"]:
        name = "referral_rate_override" if o["field"] == "rate_override" else o["field"]
        lg.override(name, o["value"], o["replaces"], "percent" if name == "referral_rate_override" else "money")
    lg.notes.step("profit.referral_computed_vat" if v["price_includes_vat"] else "profit.referral_computed",
                  fee=fmt_money(out["referral_fee"], cur), rate=_pct(out["rate_applied"]), category=out["category_label"],
                  price=fmt_money(v["price"], cur))
    if out["closing_fee"]:
        lg.notes.step("profit.closing", fee=fmt_money(out["closing_fee"], cur))
    plan_per_unit = units.money(out["plan_fee_per_unit"], lg.d)
    if out["plan_fee_known"]:
        lg.notes.step("profit.plan", fee=fmt_money(plan_per_unit, cur))
    lg.take("referral", out)
    lg.amounts.update(referral_fee=out["referral_fee"], closing_fee=out["closing_fee"], referral_dsf=out["digital_services_fee"],
                      plan_fee_per_unit=plan_per_unit, plan_known=out["plan_fee_known"])


FBA_INPUTS = ("marketplace", "length", "width", "height", "dimension_unit", "weight", "weight_unit", "price", "apparel", "date",
              "dangerous_goods", "sipp") + tuple(f.name for f in other_fees.FIELDS)


def _fba(lg: _Ledger) -> None:
    """Stage 4: the FBA fee per unit and the other per-unit fees Amazon bills with it."""
    v, cur = lg.v, lg.cur
    if v.get("fba_fee_override") is not None:
        fba = units.money(v["fba_fee_override"], lg.d)
        lg.override("fba_fee_override", fba)
        lg.notes.step("profit.fba_yours", fee=fmt_money(fba, cur))
        lg.amounts.update(fba_fee=fba, fba_other=[])
        return
    ok, out = run("fba-fee", {k: v[k] for k in FBA_INPUTS if v.get(k) is not None}, explain=False)
    if not ok:
        raise _sub_error("fba_fee_override", _m("what.fba"), out)
    if out.get("eligible") is False or out.get("currency") != cur:
        raise InputError([field_error("fba_fee_override", _m("fba_not_eligible", label=_LABELS["fba_fee_override"]))])
    if out.get("total_fee") is None:
        raise InputError([field_error("fba_fee_override", _m("fba_no_fee", label=_LABELS["fba_fee_override"],
                                                             marketplace=message(f"marketplaces.{lg.mk}"),
                                                             tier=out.get("size_tier_label") or out.get("size_tier") or ""))])
    lg.notes.step("profit.fba_computed", fee=fmt_money(out["total_fee"], cur), tier=out.get("size_tier_label") or out.get("size_tier", ""))
    other = [f for f in out.get("other_fees", ()) if f["amount"]]
    for f in other:
        lg.notes.step("profit.other_fee", name=f["label"], fee=fmt_money(f["amount"], cur))
    lg.take("fba", out)
    lg.amounts.update(fba_fee=out["total_fee"], fba_other=other)


def _storage(lg: _Ledger) -> None:
    """Stage 5: storage for the months a unit waits before it sells."""
    v, cur = lg.v, lg.cur
    months = int(v.get("storage_months") or 1)
    if v.get("storage_fee_override") is not None:
        storage = units.money(v["storage_fee_override"], lg.d)
        lg.override("storage_fee_override", storage)
        lg.notes.step("profit.storage_yours", fee=fmt_money(storage, cur))
        lg.amounts["storage_fee"] = storage
        return
    size_class = "apparel" if v["apparel"] and lg.mk in ("UK", "DE", "FR", "IT", "ES", "JP") else "auto"
    payload = {k: v[k] for k in ("marketplace", "length", "width", "height", "dimension_unit", "weight", "weight_unit", "date")}
    payload.update(size_class=size_class, units=1, months=months, dangerous_goods=bool(v.get("dangerous_goods")))
    ok, out = run("storage-fee", payload, explain=False)
    if not ok:
        raise _sub_error("storage_fee_override", _m("what.storage"), out)
    # Unrounded per-unit amounts, so a small item's fee is not lost to cent rounding.
    storage = units.money(math.fsum(mo["per_unit"] + mo["aged_per_unit"] for mo in out["months"]), lg.d)
    lg.notes.step("profit.storage_computed", fee=fmt_money(storage, cur), months=months, cls=out["size_class_label"])
    lg.take("storage", out)
    lg.amounts["storage_fee"] = storage


def _profit(lg: _Ledger) -> None:
    """Stage 6: net profit, margin and return on investment."""
    a, cur = lg.amounts, lg.cur
    a["digital_services_fee"] = units.money(a["referral_dsf"] + math.fsum(f["amount"] for f in a["fba_other"] if f["name"] == "digital_services"), lg.d)
    a["other_fba_fees"] = units.money(math.fsum(f["amount"] for f in a["fba_other"] if f["name"] != "digital_services"), lg.d)
    a["amazon_fees"] = units.money(a["referral_fee"] + a["closing_fee"] + a["plan_fee_per_unit"] + a["fba_fee"] + a["storage_fee"]
                                   + a["other_fba_fees"] + a["digital_services_fee"], lg.d)
    a["total_cost"] = units.money(a["product_cost"] + a["inbound_shipping"] + a["amazon_fees"], lg.d)
    a["net_profit"] = units.money(a["net_price"] - a["total_cost"], lg.d)
    invested = units.money(a["product_cost"] + a["inbound_shipping"], lg.d)
    a["margin"] = a["net_profit"] / a["net_price"] * 100 if a["net_price"] > 0 else None
    a["roi"] = a["net_profit"] / invested * 100 if invested > 0 else None
    lg.notes.step("profit.profit", net=fmt_money(a["net_price"], cur), cost=fmt_money(a["total_cost"], cur), profit=fmt_money(a["net_profit"], cur))
    if a["margin"] is None:
        lg.notes.step("profit.margin_none")
    else:
        lg.notes.step("profit.margin", profit=fmt_money(a["net_profit"], cur), net=fmt_money(a["net_price"], cur), margin=_pct(round(a["margin"], 2)))
    if a["roi"] is None:
        lg.notes.step("profit.roi_none")
    else:
        lg.notes.step("profit.roi", profit=fmt_money(a["net_profit"], cur), invested=fmt_money(invested, cur), roi=_pct(round(a["roi"], 2)))
    if a["net_profit"] < 0:
        lg.notes.warn("profit.loss")


def _lines(lg: _Ledger) -> list[dict]:
    """The statement: every line with where its figure came from."""
    v, a = lg.v, lg.amounts
    own = "converted" if v.get("costs_currency") == "home" else "yours"
    yours = lambda field: "override" if v.get(field) is not None else "data"  # noqa: E731
    lines = [{"id": "price", "amount": v["price"], "source": "yours"}]
    if v["price_includes_vat"]:
        lines += [{"id": "vat", "amount": _neg(a["vat"]), "source": "default" if v.get("vat_rate") is None else "yours"},
                  {"id": "net_price", "amount": a["net_price"], "source": "computed", "subtotal": True}]
    lines += [{"id": "product_cost", "amount": _neg(a["product_cost"]), "source": own},
              {"id": "inbound_shipping", "amount": _neg(a["inbound_shipping"]), "source": own},
              {"id": "referral_fee", "amount": _neg(a["referral_fee"]),
               "source": "override" if v.get("referral_fee_override") is not None or v.get("referral_rate_override") is not None else "data"}]
    if a["closing_fee"]:
        lines.append({"id": "closing_fee", "amount": _neg(a["closing_fee"]), "source": "data"})
    lines.append({"id": "plan_fee", "amount": _neg(a["plan_fee_per_unit"]),
                  "source": "override" if v.get("plan_fee_override") is not None else ("data" if a["plan_known"] else "missing")})
    lines += [{"id": "fba_fee", "amount": _neg(a["fba_fee"]), "source": yours("fba_fee_override")},
              {"id": "storage_fee", "amount": _neg(a["storage_fee"]), "source": yours("storage_fee_override")}]
    for f in a["fba_other"]:
        if f["name"] != "digital_services":
            lines.append({"id": f["name"], "amount": _neg(f["amount"]), "source": "data"})
    if a["digital_services_fee"]:
        lines.append({"id": "digital_services", "amount": _neg(a["digital_services_fee"]), "source": "data"})
    lines.append({"id": "net_profit", "amount": a["net_profit"], "source": "computed", "subtotal": True})
    return lines


def _convert(lg: _Ledger, lines: list[dict], fx: float | None, fx_source: str) -> dict | None:
    """Stage 7: every line also in the home currency."""
    home = lg.v.get("home_currency") or "none"
    if home == "none":
        return None
    a, hd = lg.amounts, currency_digits(home)
    for ln in lines:
        ln["home_amount"] = units.money(ln["amount"] * fx, hd)
    converted = {"currency": home, "rate": fx, "net_profit": units.money(a["net_profit"] * fx, hd),
                 "net_price": units.money(a["net_price"] * fx, hd), "total_cost": units.money(a["total_cost"] * fx, hd),
                 "rate_source": fx_source}
    lg.notes.step("profit.fx" if fx_source == "yours" else "profit.fx_ref", rate=_rate(fx), cur=lg.cur, home=home,
                  profit=fmt_money(converted["net_profit"], home))
    if fx_source == "yours":
        lg.override("exchange_rate", fx, units.money(fxrates.cross_rate(lg.cur, home, fxrates.default_rates(lg.v["date"])), 6), "number")
    return converted


def compute(v: dict, explain: bool = True) -> dict:
    """VAT → own costs → referral → FBA and other per-unit fees → storage → profit → home currency."""
    lg = _Ledger(v, explain)
    fx, fx_source = _exchange_rate(lg)
    _vat(lg)
    _own_costs(lg, fx)
    _referral(lg)
    _fba(lg)
    _storage(lg)
    _profit(lg)
    lines = _lines(lg)
    converted = _convert(lg, lines, fx, fx_source)
    a = lg.amounts
    result = {
        "marketplace": lg.mk, "currency": lg.cur, "price": v["price"], "vat_rate": a["vat_rate"], "vat": a["vat"],
        "net_price": a["net_price"], "product_cost": a["product_cost"], "inbound_shipping": a["inbound_shipping"],
        "referral_fee": a["referral_fee"], "closing_fee": a["closing_fee"], "plan_fee_per_unit": a["plan_fee_per_unit"],
        "fba_fee": a["fba_fee"], "other_fba_fees": a["other_fba_fees"], "digital_services_fee": a["digital_services_fee"],
        "storage_fee": a["storage_fee"], "amazon_fees": a["amazon_fees"], "total_cost": a["total_cost"], "net_profit": a["net_profit"],
        "margin_percent": None if a["margin"] is None else round(a["margin"], 4),
        "roi_percent": None if a["roi"] is None else round(a["roi"], 4),
        "lines": lines, "converted": converted, "overrides": lg.overrides, "rate_card": None, "rate_cards": lg.cards,
    }
    return lg.notes.into(result)


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
    cur, conv = r["currency"], r["converted"]
    head = [_m("table.line"), _m("table.amount", cur=cur)] + ([_m("table.amount", cur=conv["currency"])] if conv else []) + [_m("table.source")]
    body = [[_m("lines." + ln["id"]), fmt_money(ln["amount"], cur)] + ([fmt_money(ln["home_amount"], conv["currency"])] if conv else [])
            + [_m("sources." + ln["source"])] for ln in r["lines"]]
    out = [table_html(lang, _m("table.caption"), head, body)]
    if r["overrides"]:
        items = [message("profit.override_item", label=o["label"], value=_override_value(o, cur)) for o in r["overrides"]]
        out.append(f'<p class="calc-overrides"><strong>{text_html(_m("overrides_title"), lang)}</strong> '
                   + ("；" if lang == "zh" else "; ").join(text_html(i, lang) for i in items) + "</p>")
    if r["rate_cards"]:
        items = "".join(f"<li>{text_html(c.get('name') or {'en': c['id'], 'zh': c['id']}, lang)} — {text_html({'en': c['source'], 'zh': c['source']}, lang)} "
                        f"({text_html(message('confidence.' + c['confidence']), lang)})</li>" for c in r["rate_cards"])
        out.append(f'<ul class="calc-cards" aria-label="{text_html(_m("cards_title"), lang)}">{items}</ul>')
    return "".join(out)


def _override_value(o: dict, cur: str) -> Text:
    if o["kind"] == "percent":
        return {"en": f"{_pct(o['value'])}%", "zh": f"{_pct(o['value'])}%"}
    if o["kind"] == "money":
        return fmt_money(o["value"], cur)
    plain = fmt_number(o["value"], 4).rstrip("0").rstrip(".")
    return {"en": plain, "zh": plain}


# The form's folded (or labelled) sections, by field group: render.form_html.
SECTIONS = (
    Section("inventory", ("inventory", "inbound", "storage")),
    Section("returns", ("returns",)),
    Section("seller", ("seller",)),
    Section("override", ("overrides",)),
    Section("fx", ("fx",)),
)


CALCULATOR = calculator(
    __name__, "profit",
    checks=(_check, plausible_item(FIELDS)),
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

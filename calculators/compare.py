"""FBA against self-fulfilment for one product in one marketplace: cost per unit under
each option, and where the two lines cross as monthly volume and item weight change.

Amazon's fees come from the other calculators through ``core.run`` ("fba-fee",
"storage-fee", "referral-fee"); where one of them has no data for the marketplace, the
seller's own figure is used and the result says so. Self-fulfilment reuses the
landed-cost logic (chargeable weight, parcel rates, import rules).
"""

from __future__ import annotations

import math
from functools import partial

from . import landed_cost, units
from .core import calculator, row, run, varying
from .fields import Choice, Date, InputError, Number, Option, Section, field_error, marketplace_field, price_field
from .i18n import Text, currency_digits, fmt_money, fmt_number, message, text
from .landed_cost import (
    DESTINATIONS,
    chargeable_weight,
    country_rules,
    currency_of,
    fx_default,
    import_charges,
    price_parcel,
    rate_sheet,
    tax_rate_in_force,
)
from .render import esc, text_html
from .result import Notes

DISPLAY_CURRENCIES = ("CNY", "USD", "EUR", "GBP", "JPY", "CAD", "AUD")
POINTS = 20


def _m(key: str, **params) -> Text:
    return message(f"compare.{key}", **params)


def _num_field(name, en, zh, help_en, help_zh, default=None, required=False, minimum=0.0, exclusive=False,
               maximum=1e9, step=0.01, group=""):
    return Number(name, text(en, zh), text(help_en, help_zh), default=default, required=required, minimum=minimum,
                  exclusive_minimum=exclusive, maximum=maximum, step=step, group=group)


FIELDS = (
    marketplace_field(text("Where the product is sold. Amounts are in its currency.", "商品销售的站点。金额以该站点货币计。"), DESTINATIONS, names="landed_cost.countries"),
    Date("date", text("Date", "日期"), text("Picks the fee cards and import rules in force. Defaults to today.", "用于选择当时有效的费率表和进口规则。默认为今天。")),
    _num_field("length", "Length (cm)", "长度（厘米）", "Longest side of one packed unit.", "单件包装后的最长边。", 25, True, exclusive=True, maximum=1000, group="size"),
    _num_field("width", "Width (cm)", "宽度（厘米）", "Second-longest side.", "次长边。", 15, True, exclusive=True, maximum=1000, group="size"),
    _num_field("height", "Height (cm)", "高度（厘米）", "Shortest side.", "最短边。", 5, True, exclusive=True, maximum=1000, group="size"),
    _num_field("weight", "Weight (kg)", "重量（千克）", "One packed unit.", "单件包装后的重量。", 0.5, True, exclusive=True, maximum=500, group="size"),
    price_field(text("Price per unit, net of any VAT/GST collected on the sale.", "每件售价，不含销售时代收的增值税/GST。"),
                group="money", label=text("Selling price", "售价")),
    _num_field("product_cost", "Cost of the goods", "商品采购成本", "Per unit, in the marketplace currency.", "每件成本，以站点货币计。", 6, True, group="money"),
    _num_field("monthly_units", "Units sold per month", "每月销量", "Your expected monthly sales.", "预计每月销量。", 200, True, exclusive=True,
               maximum=1e7, step=1, group="money"),
    _num_field("duty_rate", "Import duty rate (%)", "进口关税税率 (%)", "For your goods in the destination tariff (all tariffs that apply).",
               "您的商品在目的国税则中的税率（含所有适用的附加关税）。", 5, True, maximum=1000, group="money"),
    _num_field("tax_rate", "Import VAT/GST rate (%)", "进口增值税/GST 税率 (%)", "Leave empty to use the standard rate in our data.",
               "留空则使用我们数据中的标准税率。", maximum=100, group="money"),
    Choice("import_vat_recoverable", text("Import VAT/GST on stock", "库存的进口增值税/GST"),
           text("If you are registered for VAT/GST in the marketplace you can usually reclaim import VAT on FBA stock; then it is not a cost.",
                "如您在该站点国家注册了增值税/GST，FBA 库存的进口增值税通常可以抵扣，此时不计为成本。"),
           default="recoverable", required=False,
           options=(Option("recoverable", text("I reclaim it (not a cost)", "可以抵扣（不计成本）")),
                    Option("cost", text("I cannot reclaim it (a cost)", "无法抵扣（计为成本）")))),
    # FBA
    Choice("inbound_basis", text("Inbound freight charged", "头程运费计价方式"), default="per_m3", required=False, group="fba_in",
           options=(Option("per_m3", text("per m³ (sea)", "按立方米（海运）")), Option("per_kg", text("per kg (air or express)", "按千克（空运或快递）")))),
    _num_field("inbound_rate", "Inbound freight rate", "头程运费单价", "Per m³ or per kg, door to the fulfillment center. The default is an example, not a quote.",
               "每立方米或每千克的费用（到运营中心）。默认值仅为示例，并非报价。", 200, True, group="fba_in"),
    _num_field("inbound_fixed", "Fixed cost per inbound shipment", "每批头程固定费用",
               "Customs clearance, delivery appointment and other fees per shipment. The default is an example.",
               "每批货的清关、预约送仓等固定费用。默认值仅为示例。", 300, False, group="fba_in"),
    _num_field("months_cover", "Months of stock per shipment", "每批备货月数", "How many months of sales one inbound shipment covers; stock waits half of that on average.",
               "每批头程覆盖几个月的销量；库存平均等待时间为其一半。", 3, False, exclusive=True, maximum=36, group="fba_in"),
    _num_field("fba_fee_override", "FBA fee per unit (if not in our data)", "每件配送费（数据中没有时填写）",
               "Used when our FBA fee data does not cover the marketplace or date.", "当我们的配送费数据不覆盖该站点或日期时使用。", group="fba_fees"),
    _num_field("storage_override", "Storage per unit per month (if not in our data)", "每件每月仓储费（数据中没有时填写）",
               "Used when our storage data does not cover the marketplace or date.", "当我们的仓储费数据不覆盖该站点或日期时使用。", group="fba_fees"),
    _num_field("fba_return_fee", "FBA returns processing fee per return", "FBA 每件退货处理费",
               "Not in our data: enter it if it applies to your category (0 if not). Not charged in US months with fewer than 25 units.",
               "不在我们的数据中：如您的类别需要缴纳请填写（不需要则填 0）。美国站每月少于 25 件时不收取。", 0, False, group="fba_fees"),
    # Self-fulfilment
    Choice("incoterm", text("Import charges on parcels", "包裹的进口税费"), default="DDP", required=False, group="self",
           options=(Option("DDP", text("DDP: I pay", "完税后交货 (DDP)：我来支付")), Option("DAP", text("DAP: the buyer pays", "目的地交货 (DAP)：买家支付")))),
    Choice("origin", text("Parcels shipped from", "包裹发货地"), default="CN", required=False, group="self",
           options=tuple(Option(o, message(f"landed_cost.origins.{o}")) for o in ("CN", "HK", "US", "CA", "MX", "OTHER"))),
    Choice("channel", text("Carrier type", "承运方式"), default="courier", required=False, group="self",
           options=(Option("courier", text("courier", "快递")), Option("post", text("post", "邮政")))),
    Choice("rate_sheet", text("Parcel rates", "包裹运费价目"), default="example-express", required=False, group="self",
           options=(Option("own", text("My own rates (below)", "我自己的费率（见下）")),
                    Option("example-express", text("EXAMPLE express courier (not a quote)", "示例：国际快递（非报价）")),
                    Option("example-economy", text("EXAMPLE economy line (not a quote)", "示例：经济专线（非报价）")))),
    _num_field("per_parcel", "Fee per parcel", "每票费用", "Your rate, in the rate currency.", "您的费率，以费率货币计。", 10, group="self_rates"),
    _num_field("per_kg", "Rate per kg", "每千克运费", "Your rate per kg of chargeable weight.", "每千克计费重量的运费。", 12, group="self_rates"),
    _num_field("fuel_pct", "Fuel surcharge (%)", "燃油附加费 (%)", "Added to the freight.", "按运费的百分比加收。", 20, maximum=200, group="self_rates"),
    _num_field("divisor", "Volumetric divisor (cm³/kg)", "体积重除数（立方厘米/千克）", "Usually 5,000 or 6,000.", "通常为 5,000 或 6,000。", 5000,
               exclusive=True, minimum=1000, maximum=100000, step=1, group="self_rates"),
    _num_field("rounding", "Round up to (kg)", "进位单位（千克）", "Enter 0 for no rounding.", "填 0 表示不取整。", 0.5, maximum=100, group="self_rates"),
    _num_field("rate_exchange", "Exchange rate for parcel rates", "运费换算汇率",
               "When the rates are in another currency than the marketplace's: marketplace currency per one unit of the rate currency.",
               "当费率货币与站点货币不同时：1 单位费率货币折合多少站点货币。", maximum=1e6, group="self_rates"),
    _num_field("threshold_rate", "Exchange rate for thresholds", "门槛换算汇率",
               "Only where a threshold is in another currency (MX, BR in USD; SE, PL in EUR): marketplace currency per one unit.",
               "仅在门槛以其他货币规定时使用（墨西哥、巴西以美元计；瑞典、波兰以欧元计）：1 单位折合多少站点货币。", maximum=1e6, group="self_rates"),
    _num_field("self_fixed_monthly", "Fixed monthly cost of self-fulfilment", "自配送每月固定成本",
               "Your own warehouse space, packing staff, software per month.", "每月自有仓储、打包人工、软件等固定成本。", 0, group="self"),
    # Returns and referral
    _num_field("return_rate", "Return rate (%)", "退货率 (%)", "Share of units sold that come back.", "售出商品中被退回的比例。", 5, True, maximum=100, group="returns"),
    _num_field("resale_pct", "Returns resold as new (%)", "可再次销售的退货比例 (%)", "The rest are written off.", "其余部分计为损失。", 70, maximum=100, group="returns"),
    _num_field("intl_return_cost", "International return postage (self)", "国际退货运费（自配送）", "Reimbursed to the buyer per return.", "每次退货补偿给买家的运费。",
               15, group="returns"),
    _num_field("referral_pct", "Referral fee (%)", "销售佣金 (%)", "Leave empty to use our referral fee data (most categories).", "留空则使用我们的销售佣金数据（大多数类别）。",
               maximum=100, group="returns"),
    # Currency and ranges
    Choice("display_currency", text("Also show in", "同时显示货币"), default="CNY", required=False, group="display",
           options=tuple(Option(c, message(f"currencies.{c}")) for c in DISPLAY_CURRENCIES)),
    _num_field("display_rate", "Exchange rate", "汇率", "Units of that currency per one unit of the marketplace currency. Leave empty for our dated default.",
               "1 单位站点货币可兑换多少该货币。留空则使用本站注明日期的默认汇率。", maximum=1e6, exclusive=True, group="display"),
    _num_field("volume_max", "Chart: up to units per month", "图表：月销量上限", "Range of the volume chart.", "销量图表的横轴范围。", 1000, exclusive=True,
               maximum=1e7, step=1, group="display"),
    _num_field("weight_max", "Chart: up to weight (kg)", "图表：重量上限（千克）", "Range of the weight chart.", "重量图表的横轴范围。", 5, exclusive=True,
               maximum=500, group="display"),
)

FIELD = {f.name: f for f in FIELDS}


def _n(x: float, digits: int = 2) -> str:
    s = fmt_number(x, digits)
    return s.rstrip("0").rstrip(".") if "." in s else s


# --------------------------------------------------------------------------- Amazon fees through the other calculators

def _at_weight(ctx: dict, name: str, v: dict, **extra):
    """``name``'s engine for this answer's product at any weight (in kg): ``core.varying``,
    made once per answer (in ``ctx``), validates the other inputs once. Figures only
    (explain=False): the step-by-step text is not shown here."""
    key = f"engine:{name}"
    if key not in ctx:
        product = {"marketplace": v["marketplace"], "length": v["length"], "width": v["width"], "height": v["height"],
                   "dimension_unit": "cm", "weight_unit": "kg", "date": v["date"], **extra}
        ctx[key] = varying(name, product, "weight", explain=False)
    return ctx[key]


def fba_fee(v: dict, ctx: dict, weight: float, notes: Notes) -> float:
    """The seller's own FBA fee when given; else the fee engine's, where our data has one."""
    if v.get("fba_fee_override") is not None:
        notes.doubt(_m("fba_fee_user"))
        return v["fba_fee_override"]
    ok, out = _at_weight(ctx, "fba-fee", v, price=v["price"])(weight)
    usable = (ok and out.get("eligible", True) and out.get("fee_available", True)
              and out.get("total_fee") is not None and out.get("currency") == currency_of(v["marketplace"]))
    if usable:
        notes.rely_on(out["confidence"])
        if out.get("unverified"):
            notes.doubt(_m("fba_fee_unverified"))
        # with the per-unit fees billed beside it (the digital services fee on FBA fees, where charged)
        return float(out.get("fees_per_unit", out["total_fee"]))
    raise InputError([field_error("fba_fee_override", _m("need_fba_fee", label=FIELD["fba_fee_override"].label))])


def storage_per_month(v: dict, ctx: dict, weight: float, notes: Notes) -> float:
    ok, out = (False, {})
    if v.get("storage_override") is None:
        ok, out = _at_weight(ctx, "storage-fee", v, units=1, months=1)(weight)
    if ok and out.get("currency") == currency_of(v["marketplace"]):
        notes.rely_on(out["confidence"])
        if out.get("unverified"):
            notes.doubt(_m("storage_unverified"))
        return float(out["per_unit_per_month"])
    if v.get("storage_override") is not None:
        notes.doubt(_m("storage_user"))
        return v["storage_override"]
    raise InputError([field_error("storage_override", _m("need_storage", label=FIELD["storage_override"].label))])


def referral(v: dict, notes: Notes) -> float:
    if v.get("referral_pct") is not None:
        notes.doubt(_m("referral_user", pct=_n(v["referral_pct"], 3)))
        return v["price"] * v["referral_pct"] / 100
    ok, out = run("referral-fee", {"marketplace": v["marketplace"], "category": "most", "price": v["price"],
                                   "date": v["date"]}, explain=False)
    if ok and out.get("currency") == currency_of(v["marketplace"]):
        notes.rely_on(out["confidence"])
        notes.doubt(_m("referral_data"))
        return float(out["referral_fee"]) + float(out.get("closing_fee") or 0) + float(out.get("digital_services_fee") or 0)
    raise InputError([field_error("referral_pct", _m("need_referral", label=FIELD["referral_pct"].label))])


# --------------------------------------------------------------------------- one scenario

def _sheet(v: dict, cur: str) -> dict:
    if v["rate_sheet"] == "own":
        return {"id": "own", "example": False, "per_parcel": v.get("per_parcel") or 0.0, "per_weight": v.get("per_kg") or 0.0,
                "fuel_pct": v.get("fuel_pct") or 0.0, "brackets": [], "currency": cur, "weight_unit": "kg"}
    s = dict(rate_sheet(v["rate_sheet"]))
    s["brackets"] = [tuple(b) for b in s["brackets"]]
    return s


def _weight_pieces(v: dict, ctx: dict, weight: float) -> dict:
    """The parts of a scenario that depend on the weight only (Amazon's fees, the parcel
    and its import charges), worked out once per distinct weight in one ``compute``:
    the volume chart and its break-even search all share the form's weight."""
    cache = ctx["by_weight"]
    if weight in cache:
        return cache[weight]
    notes = Notes(explain=False)
    fee = fba_fee(v, ctx, weight, notes)
    storage = storage_per_month(v, ctx, weight, notes)
    cw, _ = chargeable_weight(v["length"], v["width"], v["height"], weight, "metric", v["divisor"], v.get("rounding") or 0.0,
                              explain=False)
    sheet = ctx["sheet"]
    price, _ = price_parcel(cw["chargeable"], sheet["per_parcel"], sheet["per_weight"], sheet["fuel_pct"], sheet["brackets"],
                            sheet["currency"], "kg", explain=False)
    parcel = price["total"] * ctx["sheet_rate"]
    imp = import_charges(v["marketplace"], v["date"], v["origin"], v["channel"], v["price"], parcel, 0.0, v["duty_rate"],
                         v.get("tax_rate"), 1, ctx.get("threshold_rate"), explain=False)
    cache[weight] = {"fee": fee, "storage": storage, "notes": notes, "chargeable": cw, "parcel": parcel, "import": imp}
    return cache[weight]


def scenario(v: dict, ctx: dict, volume: float, weight: float, explain: bool = False) -> dict:
    """Cost per unit under each option for one volume and weight. ``ctx`` holds what
    does not change across the chart points (rates, referral fee) and the pieces
    already worked out per weight (``by_weight``)."""
    cur = ctx["cur"]
    steps: list[Text] = []
    vol_m3 = v["length"] * v["width"] * v["height"] / 1e6
    rate = v["return_rate"] / 100
    write_off = (1 - (v.get("resale_pct") if v.get("resale_pct") is not None else 100) / 100) * v["product_cost"]

    # ---- FBA
    if v["inbound_basis"] == "per_m3":
        inbound_var = v["inbound_rate"] * vol_m3
        if explain:
            steps.append(_m("inbound_m3", rate=fmt_money(v["inbound_rate"], cur), vol=_n(vol_m3, 6), amount=fmt_money(inbound_var, cur)))
    else:
        inbound_var = v["inbound_rate"] * weight
        if explain:
            steps.append(_m("inbound_kg", rate=fmt_money(v["inbound_rate"], cur), kg=_n(weight, 3), amount=fmt_money(inbound_var, cur)))
    shipment_units = volume * v["months_cover"]
    inbound_fixed = (v.get("inbound_fixed") or 0.0) / shipment_units
    if explain:
        steps.append(_m("inbound_fixed", fixed=fmt_money(v.get("inbound_fixed") or 0.0, cur), units=_n(shipment_units, 0),
                        amount=fmt_money(inbound_fixed, cur)))
    customs_value = v["product_cost"] + inbound_var + inbound_fixed
    duty_fba = customs_value * v["duty_rate"] / 100
    tax_fba = 0.0
    if v["import_vat_recoverable"] == "cost" and ctx["stock_tax_rate"]:
        tax_fba = (customs_value + duty_fba) * ctx["stock_tax_rate"] / 100
    if explain:
        steps.append(_m("fba_duty", cv=fmt_money(customs_value, cur), rate=_n(v["duty_rate"], 3), duty=fmt_money(duty_fba, cur)))
        if tax_fba:
            steps.append(_m("fba_tax", rate=_n(ctx["stock_tax_rate"], 3), tax=fmt_money(tax_fba, cur)))
        elif ctx["stock_tax_rate"]:
            steps.append(_m("fba_tax_recovered"))
    at_weight = _weight_pieces(v, ctx, weight)
    fee = at_weight["fee"]
    avg_months = v["months_cover"] / 2
    storage = at_weight["storage"] * avg_months
    if explain:
        steps.append(_m("fba_fee", fee=fmt_money(fee, cur)))
        steps.append(_m("storage", months=_n(avg_months, 2), amount=fmt_money(storage, cur)))
    exempt = v["marketplace"] == "US" and volume < 25
    proc = 0.0 if exempt else (v.get("fba_return_fee") or 0.0) * rate
    returns_fba = rate * write_off + proc
    if explain:
        steps.append(_m("fba_returns", rate=_n(rate * 100, 3), write_off=fmt_money(write_off, cur), proc=fmt_money(proc, cur),
                        amount=fmt_money(returns_fba, cur)))
        if exempt:
            steps.append(_m("proc_exempt"))
    fba_lines = [("product_cost", v["product_cost"]), ("inbound", inbound_var + inbound_fixed), ("import_stock", duty_fba + tax_fba),
                 ("fba_fee", fee), ("storage", storage), ("returns", returns_fba), ("referral", ctx["referral"])]

    # ---- Self-fulfilment
    cw, parcel, imp = at_weight["chargeable"], at_weight["parcel"], at_weight["import"]
    sheet = ctx["sheet"]
    # Under DDP you are the importer: import VAT/GST at the border follows the same
    # choice as for FBA stock (reclaimed, or a cost).
    reclaimed = imp["tax_border"] if v["import_vat_recoverable"] == "recoverable" else 0.0
    import_self = imp["border_total"] - reclaimed if v["incoterm"] == "DDP" else 0.0
    returns_self = rate * ((v.get("intl_return_cost") or 0.0) + write_off)
    fixed_self = (v.get("self_fixed_monthly") or 0.0) / volume
    if explain:
        steps.append(_m("self_parcel", kg=_n(cw["chargeable"], 3), amount=fmt_money(parcel, cur),
                        example=_m("example_word") if sheet.get("example") else {"en": "", "zh": ""}))
        steps.append(_m(f"self_import_{v['incoterm']}", amount=fmt_money(imp["border_total"], cur), rule=imp["rule_explain"]))
        if reclaimed and v["incoterm"] == "DDP":
            steps.append(_m("self_tax_recovered", amount=fmt_money(reclaimed, cur)))
        steps.append(_m("self_returns", rate=_n(rate * 100, 3), cost=fmt_money(v.get("intl_return_cost") or 0.0, cur),
                        write_off=fmt_money(write_off, cur), amount=fmt_money(returns_self, cur)))
        steps.append(_m("self_fixed", fixed=fmt_money(v.get("self_fixed_monthly") or 0.0, cur), units=_n(volume, 0),
                        amount=fmt_money(fixed_self, cur)))
    self_lines = [("product_cost", v["product_cost"]), ("parcel", parcel), ("import_parcel", import_self),
                  ("returns", returns_self), ("fixed", fixed_self), ("referral", ctx["referral"])]
    return {"fba": math.fsum(a for _, a in fba_lines), "self": math.fsum(a for _, a in self_lines), "fba_lines": fba_lines,
            "self_lines": self_lines, "steps": steps, "notes": at_weight["notes"], "import": imp, "chargeable": cw}


# --------------------------------------------------------------------------- break-even

def crossing(points_a: list, points_b: list) -> dict | None:
    """First point where line a meets line b, linearly interpolated between samples.
    ``segment`` is the index of the sample where the segment starts."""
    for i, ((x0, a0), (x1, a1), (_, b0), (_, b1)) in enumerate(zip(points_a, points_a[1:], points_b, points_b[1:])):
        d0, d1 = a0 - b0, a1 - b1
        if d0 == 0:
            return {"x": x0, "y": a0, "segment": i}
        if d0 * d1 < 0:
            k = d0 / (d0 - d1)
            return {"x": round(x0 + (x1 - x0) * k, 4), "y": round(a0 + (a1 - a0) * k, 4), "segment": i}
    if points_a[-1][1] == points_b[-1][1]:
        return {"x": points_a[-1][0], "y": points_a[-1][1], "segment": len(points_a) - 1}
    return None


def refine(diff, x0: float, x1: float, digits: int = 4, iterations: int = 50) -> float:
    """Bisection for the x in [x0, x1] where ``diff`` (FBA minus self) changes sign.

    Stops as soon as both ends of the bracket round to the same ``digits`` decimals:
    the crossing lies inside, so more steps could not change the rounded x (each step
    costs a full evaluation of both options)."""
    d0 = diff(x0)
    if d0 == 0:
        return x0
    for _ in range(iterations):
        if round(x0, digits) == round(x1, digits):
            break
        mid = (x0 + x1) / 2
        dm = diff(mid)
        if dm == 0:
            return mid
        if (dm < 0) == (d0 < 0):
            x0, d0 = mid, dm
        else:
            x1 = mid
    return (x0 + x1) / 2


def _option(key: str) -> Text:
    return _m(f"options.{key}")


def crossing_sentence(kind: str, fba_pts: list, self_pts: list, cross: dict | None, cur: str) -> Text:
    unit = _m(f"x_word.{kind}")
    if cross is None:
        cheaper = "fba" if fba_pts[0][1] < self_pts[0][1] else "self"
        gaps = [abs(a[1] - b[1]) for a, b in zip(fba_pts, self_pts)]
        return _m("no_crossing", cheaper=_m(f"in_sentence.{cheaper}"), lo=fmt_money(min(gaps), cur), hi=fmt_money(max(gaps), cur),
                  start=_n(fba_pts[0][0], 3), end=_n(fba_pts[-1][0], 3), unit=unit)
    before = "fba" if fba_pts[0][1] < self_pts[0][1] else "self"
    after = "self" if before == "fba" else "fba"
    return _m("crossing", x=_n(cross["x"], 2 if kind == "weight" else 0), unit=unit, before=_m(f"in_sentence.{before}"),
              after=_m(f"in_sentence.{after}"), y=fmt_money(cross["y"], cur))


def _context(v: dict, cur: str, notes: Notes) -> dict:
    """Stage 1: what stays fixed across the charts (rate sheet, tax on stock, referral fee)."""
    code = v["marketplace"]
    sheet = _sheet(v, cur)
    sheet_rate, note = landed_cost.sheet_rate(v, sheet["currency"], cur)
    if note:
        notes.doubt(note)
    if sheet.get("example"):
        notes.warn("landed_cost.example_sheet", name=sheet["name"])
    stock_tax = v.get("tax_rate")
    if stock_tax is None:
        info = tax_rate_in_force(country_rules(code), v["date"])
        stock_tax = info["rate"] if info else None
    if stock_tax is None and country_rules(code)["tax"]["kind"] != "none" and v["import_vat_recoverable"] == "cost":
        raise InputError([field_error("tax_rate", _m("need_tax", label=FIELD["tax_rate"].label))])
    return {"cur": cur, "sheet": sheet, "sheet_rate": sheet_rate, "stock_tax_rate": stock_tax or 0.0,
            "referral": referral(v, notes), "threshold_rate": v.get("threshold_rate"),
            "by_weight": {}}  # see _weight_pieces


def _series(v: dict, ctx: dict, kind: str, dig: int) -> tuple[list, list]:
    """Stage 3: cost per unit under each option along one axis (volume, denser at the low end; or weight)."""
    if kind == "volume":
        xs = sorted({max(1, round(v["volume_max"] * (k / POINTS) ** 2)) for k in range(1, POINTS + 1)})
        at = lambda x: scenario(v, ctx, x, v["weight"])  # noqa: E731
    else:
        xs = [round(v["weight_max"] * k / POINTS, 4) for k in range(1, POINTS + 1)]
        at = lambda x: scenario(v, ctx, v["monthly_units"], x)  # noqa: E731
    points = [(x, at(x)) for x in xs]
    return [[x, round(s["fba"], dig)] for x, s in points], [[x, round(s["self"], dig)] for x, s in points]


def _chart(v: dict, ctx: dict, kind: str, fba_pts: list, self_pts: list, cur: str) -> dict:
    """Stage 4: one chart, with the crossing sharpened on the real cost functions."""
    cross = crossing(fba_pts, self_pts)
    if cross is not None and cross["segment"] < len(fba_pts) - 1:
        i = cross.pop("segment")

        def at(x):
            return scenario(v, ctx, x, v["weight"]) if kind == "volume" else scenario(v, ctx, v["monthly_units"], x)

        x = refine(lambda x: at(x)["fba"] - at(x)["self"], fba_pts[i][0], fba_pts[i + 1][0])
        cross = {"x": round(x, 4), "y": round(at(x)["self"], 4)}
    elif cross is not None:
        cross.pop("segment")
    return {
        "id": f"compare-{kind}", "title": _m(f"chart_title.{kind}"),
        "x": {"label": _m(f"x_label.{kind}"), "unit": "units/month" if kind == "volume" else "kg"},
        "y": {"label": _m("y_label", cur=cur), "unit": cur},
        "series": [{"name": _option("fba"), "key": "fba", "points": fba_pts},
                   {"name": _option("self"), "key": "self", "points": self_pts}],
        "crossing": cross, "crossing_label": _m("crossing_label"),
        "statement": crossing_sentence(kind, fba_pts, self_pts, cross, cur),
    }


def _display_rate(v: dict, cur: str, notes: Notes) -> float | None:
    """Stage 5: the second currency's rate: the reader's, or the dated default."""
    display = v["display_currency"]
    if display == cur:
        return 1.0
    if v.get("display_rate") is not None:
        notes.step(_m("display_user", cur=cur, display=display, rate=_n(v["display_rate"], 6)))
        return v["display_rate"]
    got = fx_default(cur, display, v["date"])
    if got is None:
        notes.warn(_m("no_display_rate", cur=cur, display=display))
        return None
    rate, note = got
    notes.doubt(note)
    return rate


def compute(v: dict) -> dict:
    """Context → the reader's scenario → volume and weight series → charts → second currency."""
    code = v["marketplace"]
    cur = currency_of(code)
    dig = currency_digits(cur)
    notes = Notes()
    ctx = _context(v, cur, notes)
    base = scenario(v, ctx, v["monthly_units"], v["weight"], explain=True)  # stage 2
    notes.step(_m("referral_step", amount=fmt_money(ctx["referral"], cur)))
    for step in base["steps"]:
        notes.step(step)
    notes.merge({"unverified": base["notes"].unverified, "confidence": base["notes"].confidence})
    notes.merge(base["import"])
    notes.doubt(_m("customs_value_assumed"))
    if v["incoterm"] == "DAP":
        notes.warn("landed_cost.dap_refusal")
    charts = [_chart(v, ctx, kind, *_series(v, ctx, kind, dig), cur) for kind in ("volume", "weight")]
    disp_rate = _display_rate(v, cur, notes)
    fba_total, self_total = units.money(base["fba"], dig), units.money(base["self"], dig)
    lines = lambda key: [{"id": i, "label": _m(f"lines.{i}"), "amount": units.money(a, dig)} for i, a in base[key]]  # noqa: E731
    return {
        "marketplace": code, "currency": cur, "display_currency": v["display_currency"], "display_rate": disp_rate,
        "fba": {"lines": lines("fba_lines"), "total": fba_total, "profit": units.money(v["price"] - base["fba"], dig)},
        "self": {"lines": lines("self_lines"), "total": self_total, "profit": units.money(v["price"] - base["self"], dig)},
        "cheaper": "fba" if fba_total < self_total else "self" if self_total < fba_total else "equal",
        "charts": charts, "rate_card": base["import"]["card"],
    } | notes.into({})


def _both(amount: float, r: dict) -> Text:
    out = fmt_money(amount, r["currency"])
    if r.get("display_rate") and r["display_currency"] != r["currency"]:
        other = fmt_money(amount * r["display_rate"], r["display_currency"])
        return {lang: f"{out[lang]} (≈ {other[lang]})" for lang in ("en", "zh")}
    return out


def summary(r: dict) -> list[dict]:
    rows = [row(_m("rows.fba_total"), _both(r["fba"]["total"], r), strong=r["cheaper"] == "fba"),
            row(_m("rows.self_total"), _both(r["self"]["total"], r), strong=r["cheaper"] == "self"),
            row(_m("rows.fba_profit"), _both(r["fba"]["profit"], r)),
            row(_m("rows.self_profit"), _both(r["self"]["profit"], r)),
            row(_m("rows.cheaper"), _m(f"cheaper.{r['cheaper']}"), strong=True)]
    for chart in r["charts"]:
        rows.append(row(chart["title"], chart["statement"]))
    return rows


def _plain(x: float) -> str:
    return fmt_number(x, 2) if not float(x).is_integer() else fmt_number(x, 0)


def details(r: dict, lang: str) -> str:
    cur = r["currency"]

    t = partial(text_html, lang=lang)

    ids = [line["id"] for line in r["fba"]["lines"]] + [line["id"] for line in r["self"]["lines"]
                                                        if line["id"] not in {x["id"] for x in r["fba"]["lines"]}]
    fba = {line["id"]: line for line in r["fba"]["lines"]}
    slf = {line["id"]: line for line in r["self"]["lines"]}
    dash = "—"
    body = "".join(
        f'<tr><th scope="row">{t((fba.get(i) or slf.get(i))["label"])}</th>'
        f'<td>{t(_both(fba[i]["amount"], r)) if i in fba else dash}</td>'
        f'<td>{t(_both(slf[i]["amount"], r)) if i in slf else dash}</td></tr>' for i in ids)
    body += (f'<tr class="calc-total"><th scope="row">{t(_m("lines.total"))}</th><td>{t(_both(r["fba"]["total"], r))}</td>'
             f'<td>{t(_both(r["self"]["total"], r))}</td></tr>')
    out = [f'<table class="calc-lines calc-compare"><caption>{t(_m("table.caption", cur=cur))}</caption>'
           f'<thead><tr><th scope="col">{t(_m("table.item"))}</th><th scope="col">{t(_option("fba"))}</th>'
           f'<th scope="col">{t(_option("self"))}</th></tr></thead><tbody>{body}</tbody></table>']
    for chart in r["charts"]:
        title = t(chart["title"])
        x_label = t(chart["x"]["label"])
        names = [t(s["name"]) for s in chart["series"]]
        rows = "".join(
            f'<tr><th scope="row">{esc(_plain(p[0]))}</th>'
            + "".join(f'<td>{esc(fmt_number(s["points"][k][1], currency_digits(cur)))}</td>' for s in chart["series"])
            + '</tr>' for k, p in enumerate(chart["series"][0]["points"]))
        head = f'<tr><th scope="col">{x_label}</th>' + "".join(f'<th scope="col">{n}</th>' for n in names) + '</tr>'
        out.append(
            f'<figure class="calc-chart" data-chart-figure="{esc(chart["id"])}">'
            f'<figcaption>{title}</figcaption>'
            f'<div class="calc-chart-canvas"><canvas data-chart="{esc(chart["id"])}" role="img" aria-label="{title}"></canvas></div>'
            f'<p class="calc-chart-statement">{t(chart["statement"])}</p>'
            f'<details class="calc-chart-data"><summary>{t(_m("table.data"))}</summary>'
            f'<table data-chart-table="{esc(chart["id"])}"><caption>{title} ({esc(cur)})</caption>'
            f'<thead>{head}</thead><tbody>{rows}</tbody></table></details></figure>')
    return "".join(out)


# The form's folded (or labelled) sections, by field group: render.form_html.
SECTIONS = (
    Section("fba_in", ("fba_in",), open=True),
    Section("fba_fees", ("fba_fees",)),
    Section("self", ("self",), open=True),
    Section("self_rates", ("self_rates",)),
    Section("returns", ("returns",)),
    Section("display", ("display",)),
)


CALCULATOR = calculator(
    __name__, "compare",
    examples=(
        {"marketplace": "US", "date": "2026-05-01", "length": 25, "width": 15, "height": 5, "weight": 0.5, "price": 25,
         "product_cost": 6, "monthly_units": 200, "duty_rate": 5, "inbound_rate": 200, "return_rate": 5},
        {"marketplace": "UK", "date": "2026-03-01", "length": 30, "width": 20, "height": 10, "weight": 1.2, "price": 30,
         "product_cost": 8, "monthly_units": 80, "duty_rate": 4, "inbound_basis": "per_kg", "inbound_rate": 4,
         "return_rate": 8, "rate_sheet": "own", "per_parcel": 4, "per_kg": 6, "fuel_pct": 10, "referral_pct": 15,
         "display_rate": 9.1, "storage_override": 0.2, "fba_fee_override": 3.5},
        {"marketplace": "US", "length": 25, "width": 15, "height": 5, "weight": 0, "price": 25, "product_cost": 6,
         "monthly_units": 200, "duty_rate": 5, "inbound_rate": 200, "return_rate": 5, "divisor": 139},
    ),
)

"""Landed cost of one self-fulfilled parcel: chargeable weight, shipping from your own
business rates, and import charges at the destination.

The import rules (low-value thresholds by date, origin and carrier type; tax rates; the
base each country charges duty and tax on) live in ``data/import/<country>.json``, one
file per destination, each rule with its source, dates and confidence. Example rate
sheets (made-up figures, clearly labelled) live in ``data/shipping/``. This module only
applies them and explains every line in both languages. ``compare`` reuses the pure
functions below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache, partial

from . import units
from .core import calculator, row
from .fields import Choice, Date, Field, InputError, Number, Option, Section, field_error
from .i18n import Text, currency_digits, fmt_money, fmt_number, fmt_quantity, message, text
from .money import marketplace_currency, rounded
from .ratecards import in_force, read_file
from .render import esc, text_html
from .result import Notes

DESTINATIONS = ("US", "CA", "MX", "BR", "UK", "DE", "FR", "IT", "ES", "NL", "PL", "SE", "BE", "IE",
                "JP", "AU", "SG", "AE", "SA", "IN")
ORIGINS = ("CN", "HK", "US", "CA", "MX", "OTHER")
SHEETS = ("example-express", "example-economy")


def _m(key: str, **params) -> Text:
    return message(f"landed_cost.{key}", **params)


def _blank() -> Text:
    return {"en": "", "zh": ""}


# --------------------------------------------------------------------------- data

@lru_cache(maxsize=None)
def country_rules(code: str) -> dict:
    return read_file("import", code.lower())


@lru_cache(maxsize=None)
def rate_sheet(sheet_id: str) -> dict:
    return read_file("shipping", sheet_id)


currency_of = marketplace_currency


def sheet_rate(v: dict, frm: str, to: str) -> tuple[float, Text | None]:
    """The rate that turns a rate sheet's currency into the destination's: the seller's
    own ``rate_exchange`` when given, else the dated reference rate with its note."""
    if frm == to:
        return 1.0, None
    if v.get("rate_exchange") is not None:
        return v["rate_exchange"], None
    got = fx_default(frm, to, v["date"])
    if got is None:
        raise InputError([field_error("rate_exchange", message("landed_cost.need_rate_exchange", frm=frm, to=to,
                                                                  label=FIELD["rate_exchange"].label))])
    return got


def fx_default(frm: str, to: str, on: str) -> tuple[float, Text] | None:
    """The project's dated reference rate (``to`` per one ``frm``) from ``calculators.fx``,
    with a note that says it is an approximate default; None when there is none."""
    if frm == to:
        return 1.0, _blank()
    try:
        from . import fx
        a, b = fx.rate_info(frm, on), fx.rate_info(to, on)
        rate = float(b["per_usd"]) / float(a["per_usd"])
    except Exception:  # no module, no table or no such currency: the reader enters it
        return None
    if not rate > 0:
        return None
    date = min(str(a.get("date") or ""), str(b.get("date") or "")) or on
    return rate, _m("fx_default", frm=frm, to=to, rate=_num(rate, 6), date=date)


def _num(x: float, digits: int = 2) -> str:
    s = fmt_number(x, digits)
    return s.rstrip("0").rstrip(".") if "." in s else s


def _pct(x: float) -> str:
    return _num(x, 3)


# --------------------------------------------------------------------------- a text input

@dataclass(frozen=True)
class TextInput(Field):
    """A short free-text input checked against a pattern (HS code, weight brackets)."""

    pattern: str = r".*"
    max_length: int = 200
    problem: str = "bad_text"  # message key under landed_cost for a value that does not match

    kind = "text"

    def parse(self, raw):
        if not isinstance(raw, str):
            return None, _m(self.problem, label=self.label)
        value = raw.strip()
        if len(value) > self.max_length or not re.fullmatch(self.pattern, value):
            return None, _m(self.problem, label=self.label)
        return value, None

    def describe(self):
        d = super().describe()
        d.update(pattern=self.pattern, max_length=self.max_length)
        return d


def _text_widget(calc, f, lang, value, help_html, error_html, described):
    cid = f"{calc.name}-{f.name}"
    req = ' <span class="calc-required" aria-hidden="true">*</span>' if f.required else ""
    return (f'<div class="calc-field" data-field="{esc(f.name)}">'
            f'<label for="{cid}">{esc(f.label[lang] if f.label.get(lang) else f.label["en"])}{req}</label>'
            f'<input id="{cid}" name="{esc(f.name)}" type="text" autocomplete="off" maxlength="{f.max_length}"'
            f' aria-describedby="{described}" value="{esc(value or "")}">{help_html}{error_html}</div>')


try:  # the form renderer takes extra widgets by field type
    from . import render as _render
    _render.WIDGETS[TextInput] = _text_widget
except ImportError:  # pragma: no cover - render is part of the site build
    pass


BRACKETS_PATTERN = r"(\s*\d+(\.\d+)?\s*:\s*\d+(\.\d+)?\s*)(,(\s*\d+(\.\d+)?\s*:\s*\d+(\.\d+)?\s*))*|"


def parse_brackets(value: str | None) -> list[tuple[float, float]]:
    if not value:
        return []
    out = []
    for part in value.split(","):
        w, p = part.split(":")
        out.append((float(w), float(p)))
    return out


# --------------------------------------------------------------------------- fields

def _origin_label(o: str) -> Text:
    return _m(f"origins.{o}")


def _money_field(name, en, zh, help_en, help_zh, default=0.0, required=False, group=""):
    return Number(name, text(en, zh), text(help_en, help_zh), default=default, required=required,
                  minimum=0, exclusive_minimum=False, maximum=1e9, group=group)


FIELDS = (
    Choice("destination", text("Destination", "目的国"),
           text("The buyer's country. Amounts below are in its currency.", "买家所在国家。下面的金额均以该国货币计。"),
           default="US", options=tuple(Option(c, _m(f"countries.{c}")) for c in DESTINATIONS)),
    Choice("origin", text("Shipped from", "发货地"),
           text("Where the parcel is shipped from (the origin for customs).", "包裹的发出地（海关认定的原产地/发货地）。"),
           default="CN", required=False, options=tuple(Option(o, _origin_label(o)) for o in ORIGINS), group="route"),
    Choice("channel", text("Carrier type", "承运方式"),
           text("Courier (express or commercial line) or the postal service. Some countries set different thresholds for each.",
                "快递（国际快递或商业专线）或邮政。部分国家对两者设定不同的门槛。"),
           default="courier", required=False, options=(Option("courier", text("courier", "快递")), Option("post", text("post", "邮政"))),
           group="route"),
    Choice("incoterm", text("Who pays import charges", "进口税费由谁支付"),
           text("DDP: you pay duty and import tax, the buyer pays nothing on delivery. DAP: the buyer pays them on delivery.",
                "完税后交货 (DDP)：由您支付进口关税和进口税，买家收货时无需付款。目的地交货 (DAP)：由买家在收货时支付。"),
           default="DDP", required=False, options=(Option("DDP", text("DDP: I pay (Delivered Duty Paid)", "完税后交货 (DDP)：我来支付")),
                                   Option("DAP", text("DAP: the buyer pays (Delivered at Place)", "目的地交货 (DAP)：买家支付"))),
           group="route"),
    Date("date", text("Import date", "进口日期"),
         text("The day the parcel is imported; picks the rules in force then. Defaults to today.",
              "包裹进口的日期，用于选择当时有效的规则。默认为今天。")),
    Number("goods_value", text("Goods value per parcel", "每个包裹的货值"),
           text("The value of the goods declared to customs, normally the price the buyer pays for them, in the destination currency.",
                "向海关申报的货物价值，通常即买家支付的商品价格，以目的国货币计。"),
           default=40, maximum=1e9, group="value"),
    Number("item_categories", text("Item categories in the parcel", "包裹内商品类别数"),
           text("How many different kinds of goods (tariff categories) are in the parcel. Used by the EU's €3 per item category duty from 1 July 2026.",
                "包裹内不同种类（关税类别）的商品数量。用于欧盟自 2026 年 7 月 1 日起按商品类别每类征收 3 欧元的关税。"),
           default=1, minimum=1, exclusive_minimum=False, maximum=1000, step=1, required=False, group="value"),
    _money_field("product_cost", "Your cost of the goods", "商品采购成本",
                 "What the goods cost you (optional; 0 leaves it out of your landed cost).",
                 "货物的采购成本（选填；填 0 则不计入您的到岸成本）。", group="value"),
    _money_field("shipping_charged", "Shipping charged to the buyer", "向买家收取的运费",
                 "What the buyer pays you for shipping, if anything.", "买家向您支付的运费（如有）。", group="value"),
    Number("duty_rate", text("Import duty rate (%)", "进口关税税率 (%)"),
           text("The duty rate for your goods in the destination's tariff; look it up with the HS code. Enter 0 if the goods are duty-free.",
                "您的商品在目的国税则中的关税税率，可凭 HS 编码查询。免税商品请填 0。"),
           default=5, minimum=0, exclusive_minimum=False, maximum=1000, group="tax"),
    TextInput("hs_code", text("HS code (optional)", "HS 编码（选填）"),
              text("Only a label for your records; the calculator does not look up rates.", "仅作记录用；计算器不会据此查询税率。"),
              required=False, default="", pattern=r"[0-9][0-9. ]{0,15}|", max_length=16, problem="bad_hs", group="tax"),
    Number("tax_rate", text("Import VAT/GST rate (%)", "进口增值税/GST 税率 (%)"),
           text("Leave empty to use the standard rate in our data for the destination and date.",
                "留空则使用我们数据中目的国在该日期的标准税率。"),
           minimum=0, exclusive_minimum=False, maximum=100, required=False, group="tax"),
    Number("threshold_rate", text("Exchange rate for thresholds", "门槛换算汇率"),
           text("Only where a threshold is set in another currency (Mexico and Brazil in US dollars, Sweden and Poland in euros): how many units of the destination currency one unit of that currency buys.",
                "仅在门槛以其他货币规定时使用（墨西哥和巴西以美元计，瑞典和波兰以欧元计）：1 单位该货币可兑换多少目的国货币。"),
           maximum=1e6, required=False, group="tax"),
    _money_field("insurance", "Insurance", "保险费", "Insurance on the parcel, if any (part of the CIF value).",
                 "包裹保险费（如有），计入到岸价 (CIF)。", group="fees"),
    _money_field("clearance_fee", "Clearance or brokerage fee", "清关/报关服务费",
                 "A fee your carrier or broker charges per parcel for customs clearance, if any. Paid by whoever pays the import charges.",
                 "物流商或报关行按包裹收取的清关服务费（如有），由支付进口税费的一方承担。", group="fees"),
    Choice("unit_system", text("Units", "单位"), default="metric", required=False, group="parcel",
           options=(Option("metric", text("cm and kg", "厘米和千克")), Option("imperial", text("inches and pounds", "英寸和磅")))),
    Number("length", text("Length", "长度"), text("Longest side of the parcel.", "包裹最长边。"), default=30, maximum=10000, group="parcel"),
    Number("width", text("Width", "宽度"), text("Second-longest side of the parcel.", "包裹次长边。"), default=20, maximum=10000, group="parcel"),
    Number("height", text("Height", "高度"), text("Shortest side of the parcel.", "包裹最短边。"), default=10, maximum=10000, group="parcel"),
    Number("weight", text("Actual weight", "实际重量"), text("The packed parcel on the scale.", "打包后的包裹实重。"),
           default=1.2, maximum=100000, group="parcel"),
    Number("divisor", text("Volumetric divisor", "体积重除数"),
           text("From your carrier's terms: usually 5,000 or 6,000 (cm³ per kg), or 139 or 166 (in³ per lb).",
                "见物流商条款：通常为 5,000 或 6,000（立方厘米/千克），或 139 或 166（立方英寸/磅）。"),
           default=5000, maximum=100000, step=1, required=False, group="weights"),
    Number("rounding", text("Round chargeable weight up to", "计费重量进位单位"),
           text("Carriers round up to a step, such as 0.5 kg. Enter 0 for no rounding.", "物流商会按固定单位向上取整，例如 0.5 千克。填 0 表示不取整。"),
           default=0.5, minimum=0, exclusive_minimum=False, maximum=100, required=False, group="weights"),
    Choice("rate_sheet", text("Shipping rates", "运费价目"),
           text("An EXAMPLE sheet (made-up figures, not a quote) or your own business rates entered below.",
                "选择示例价目表（虚构数字，非报价），或使用下面填写的您自己的商业费率。"),
           default="example-express", required=False, group="sheet",
           options=(Option("own", text("My own rates (below)", "我自己的费率（见下）")),
                    Option("example-express", text("EXAMPLE express courier (not a quote)", "示例：国际快递（非报价）")),
                    Option("example-economy", text("EXAMPLE economy line (not a quote)", "示例：经济专线（非报价）")))),
    Number("per_parcel", text("Fee per parcel", "每票费用"), text("Your rate: fixed fee per parcel.", "您的费率：每个包裹的固定费用。"),
           default=10, minimum=0, exclusive_minimum=False, maximum=1e7, required=False, group="rates"),
    Number("per_weight", text("Rate per kg (or lb)", "每千克（或每磅）运费"),
           text("Your rate per kg of chargeable weight (per lb if you chose inches and pounds).", "您的费率：每千克计费重量的运费（若选择英寸和磅，则为每磅）。"),
           default=12, minimum=0, exclusive_minimum=False, maximum=1e7, required=False, group="rates"),
    Number("fuel_pct", text("Fuel surcharge (%)", "燃油附加费 (%)"), text("Added to the freight.", "按运费的百分比加收。"),
           default=20, minimum=0, exclusive_minimum=False, maximum=200, required=False, group="rates"),
    TextInput("brackets", text("Weight brackets (optional)", "重量段价格（选填）"),
              text("Price per bracket as weight:price pairs, such as 0.5:18, 1:24, 2:34. Up to the last bracket the bracket price replaces the fee per parcel and rate per kg.",
                   "按“重量:价格”填写，用逗号分隔，例如 0.5:18, 1:24, 2:34。在最后一个重量段以内，按重量段价格计费，不再使用每票费用和每千克运费。"),
              required=False, default="", pattern=BRACKETS_PATTERN, max_length=400, problem="bad_brackets", group="rates"),
    Choice("rate_currency", text("Currency of your rates", "费率货币"), default="local", required=False, group="rates",
           options=(Option("local", text("destination currency", "目的国货币")), Option("USD", text("US dollars", "美元")),
                    Option("CNY", text("Chinese yuan", "人民币")))),
    Number("rate_exchange", text("Exchange rate for rates", "费率换算汇率"),
           text("When your rates are in another currency: how many units of the destination currency one unit of the rate currency buys.",
                "当费率货币与目的国货币不同时：1 单位费率货币可兑换多少目的国货币。"),
           maximum=1e6, required=False, group="rates"),
)


def _check(v) -> list:
    errors = []
    if v["unit_system"] == "metric" and v["divisor"] < 1000:
        errors.append(field_error("divisor", _m("divisor_metric", label=FIELD["divisor"].label)))
    if v["unit_system"] == "imperial" and v["divisor"] > 1000:
        errors.append(field_error("divisor", _m("divisor_imperial", label=FIELD["divisor"].label)))
    if float(v.get("item_categories") or 1) != int(v.get("item_categories") or 1):
        errors.append(field_error("item_categories", _m("whole_number", label=FIELD["item_categories"].label)))
    brackets = parse_brackets(v.get("brackets"))
    weights = [w for w, _ in brackets]
    if any(w <= 0 for w in weights) or weights != sorted(set(weights)):
        errors.append(field_error("brackets", _m("brackets_order", label=FIELD["brackets"].label)))
    return errors


FIELD = {f.name: f for f in FIELDS}


# --------------------------------------------------------------------------- weight and shipping

def chargeable_weight(length: float, width: float, height: float, actual: float, unit_system: str,
                      divisor: float, rounding: float, explain: bool = True) -> tuple[dict, list[Text]]:
    """The chargeable weight and its steps (none when ``explain`` is false)."""
    lu, wu = ("cm", "kg") if unit_system == "metric" else ("in", "lb")
    volume = length * width * height
    vol_w = volume / divisor
    raw = max(actual, vol_w)
    charged = units.ceil_to(raw, rounding) if rounding > 0 else raw
    steps = []
    if explain:
        steps = [
            _m("vol_weight", l=_num(length), w=_num(width), h=_num(height), lu=message(f"units.{lu}"),
               divisor=_num(divisor), result=fmt_quantity(vol_w, wu, 3)),
            _m("greater", actual=fmt_quantity(actual, wu, 3), vol=fmt_quantity(vol_w, wu, 3),
               which=_m("vol_word") if vol_w > actual else _m("actual_word"), result=fmt_quantity(raw, wu, 3)),
            _m("rounded", step=fmt_quantity(rounding, wu, 3), result=fmt_quantity(charged, wu, 3)) if rounding > 0
            else _m("not_rounded"),
        ]
    return {"actual": round(actual, 6), "volumetric": round(vol_w, 6), "chargeable": round(charged, 6),
            "unit": wu}, steps


def price_parcel(weight: float, per_parcel: float, per_weight: float, fuel_pct: float,
                 brackets: list[tuple[float, float]], currency: str, weight_unit: str,
                 explain: bool = True) -> tuple[dict, list[Text]]:
    """Freight for one parcel of chargeable ``weight`` (in ``weight_unit``), in the rates'
    currency, and its steps (none when ``explain`` is false)."""
    steps = []
    bracket = next(((w, p) for w, p in brackets if units.le(weight, w)), None)
    if bracket is not None:
        base = bracket[1]
        if explain:
            steps.append(_m("bracket_used", weight=fmt_quantity(weight, weight_unit, 3),
                            up_to=fmt_quantity(bracket[0], weight_unit, 3), price=fmt_money(base, currency)))
    else:
        base = per_parcel + per_weight * weight
        if explain:
            if brackets:
                steps.append(_m("over_brackets", last=fmt_quantity(brackets[-1][0], weight_unit, 3)))
            steps.append(_m("per_weight_used", fee=fmt_money(per_parcel, currency), rate=fmt_money(per_weight, currency),
                            unit=message(f"units.{weight_unit}"), weight=_num(weight, 3), result=fmt_money(base, currency)))
    fuel = base * fuel_pct / 100
    total = rounded(base + fuel, currency)
    if explain:
        steps.append(_m("fuel", pct=_pct(fuel_pct), base=fmt_money(base, currency), fuel=fmt_money(fuel, currency),
                        total=fmt_money(total, currency)))
    return {"base": base, "fuel": fuel, "total": total, "currency": currency}, steps


# --------------------------------------------------------------------------- import rules

def _after(a: float, b: float) -> bool:  # a > b, conversion noise forgiven
    return not units.le(a, b)


def rule_matches(rule: dict, date: str, origin: str, channel: str, value: float) -> bool:
    if not in_force(rule, date):
        return False
    if rule.get("origins") and origin not in rule["origins"]:
        return False
    if rule.get("channels") and channel not in rule["channels"]:
        return False
    if "up_to" in rule and not units.le(value, rule["up_to"]):
        return False
    if "above" in rule and not _after(value, rule["above"]):
        return False
    if "below" in rule and not (value < rule["below"] and _after(rule["below"], value)):
        return False
    if "above_or_equal" in rule and not units.le(rule["above_or_equal"], value):
        return False
    return True


def find_rule(country: dict, date: str, origin: str, channel: str, value: float) -> dict | None:
    return next((r for r in country["rules"] if rule_matches(r, date, origin, channel, value)), None)


def tax_rate_in_force(country: dict, date: str) -> dict | None:
    for r in country["tax"]["rates"]:
        if in_force(r, date):
            return r
    return None


def _source(country: dict, sid: str) -> dict:
    return next(s for s in country["sources"] if s["id"] == sid)


def rule_card(country: dict, rule: dict | None) -> dict:
    """What the generic renderer shows as "rate card": the rule file and its source."""
    sid = rule["source"] if rule else country["sources"][0]["id"]
    src = _source(country, sid)
    return {
        "id": rule["id"] if rule else f"{country['country'].lower()}-no-rule",
        "effective_from": (rule or {}).get("effective_from") or "?",
        "effective_to": (rule or {}).get("effective_to"),
        "source": src["title"],
        "source_url": src.get("url", ""),
        "checked": "",
        "confidence": (rule or {}).get("confidence", "unverified"),
        "file": country["_file"],
    }


@dataclass
class _Parcel:
    """One parcel at the border: what the stages of ``import_charges`` share."""

    c: dict  # the destination's import rules
    cur: str
    date: str
    goods: float
    duty_base: float
    cif: float
    threshold_rate: float | None
    categories: int
    notes: Notes


def _duty_base(p: _Parcel, freight: float, insurance: float) -> None:
    basis = p.c["duty_base"]["basis"]
    p.notes.step("landed_cost." + f"duty_base_{basis}", goods=fmt_money(p.goods, p.cur), freight=fmt_money(freight, p.cur),
                 insurance=fmt_money(insurance, p.cur), base=fmt_money(p.duty_base, p.cur))
    if p.c["duty_base"]["status"] == "assumed":
        p.notes.doubt("landed_cost.assumed_duty_base", basis=_m(f"basis_{basis}"))


def _value_in_threshold_currency(p: _Parcel) -> float:
    """The value compared with the low-value threshold, in the threshold's currency."""
    thr_cur = p.c.get("threshold_currency", p.cur)
    value = p.duty_base if p.c.get("threshold_basis") == "duty_base" else p.goods
    if thr_cur == p.cur:
        return value
    if p.threshold_rate is None:
        got = fx_default(thr_cur, p.cur, p.date)
        if got is None:
            raise InputError([field_error("threshold_rate", _m("need_threshold_rate", frm=thr_cur, to=p.cur,
                                                                  label=FIELD["threshold_rate"].label))])
        p.threshold_rate, note = got
        p.notes.doubt(note)
    converted = value / p.threshold_rate
    p.notes.step("landed_cost.converted_threshold", value=fmt_money(value, p.cur), rate=_num(p.threshold_rate, 6),
                 frm=thr_cur, to=p.cur, result=fmt_money(converted, thr_cur))
    return converted


def _rule(p: _Parcel, code: str, origin: str, channel: str, value: float) -> tuple[dict | None, object, str]:
    """The low-value rule in force, and the duty and tax modes it sets."""
    rule = find_rule(p.c, p.date, origin, channel, value)
    if rule is None:
        p.notes.warn(p.c["missing"] if p.c.get("missing") else _m("no_rule", country=_m(f"countries.{code}"), date=p.date))
        p.notes.doubt("landed_cost.no_rule_short")
        return None, "normal", ("none" if p.c["tax"]["kind"] == "none" else "border")
    p.notes.step("landed_cost.rule_used", rule=rule["explain"])
    if rule["confidence"] == "unverified":
        p.notes.doubt(rule["explain"])
    return rule, rule["duty"], rule["tax"]


def _tax_rate(p: _Parcel, code: str, tax_mode: str, tax_rate: float | None) -> float:
    """The reader's rate, else the one in force in our data, else a clear request."""
    if tax_mode not in ("border", "at_sale"):
        return tax_rate or 0.0
    if tax_rate is not None:
        p.notes.step("landed_cost.tax_rate_user", name=p.c["tax"]["name"], rate=_pct(tax_rate))
        return tax_rate
    info = tax_rate_in_force(p.c, p.date)
    if info is None:
        raise InputError([field_error("tax_rate", _m("need_tax_rate", country=_m(f"countries.{code}"), date=p.date,
                                                        label=FIELD["tax_rate"].label, note=p.c["tax"].get("note", _blank())))])
    p.notes.step("landed_cost.tax_rate_data", name=p.c["tax"]["name"], rate=_pct(info["rate"]))
    return info["rate"] or 0.0


# Duty modes: each prices the duty (or a global charge in its place) for one parcel.
# Returns (duty, global charge).

def _duty_exempt(p: _Parcel, mode, duty_rate: float, code: str) -> tuple[float, float]:
    p.notes.step("landed_cost.duty_exempt")
    return 0.0, 0.0


def _duty_normal(p: _Parcel, mode, duty_rate: float, code: str) -> tuple[float, float]:
    duty = p.duty_base * duty_rate / 100
    p.notes.step("landed_cost.duty_normal", base=fmt_money(p.duty_base, p.cur), rate=_pct(duty_rate), duty=fmt_money(duty, p.cur))
    if mode == "unknown":
        p.notes.doubt("landed_cost.duty_unknown", country=_m(f"countries.{code}"))
    usual = p.c.get("usual_duty_rate")
    if usual is not None and mode == "normal" and duty_rate != usual:
        p.notes.warn("landed_cost.usual_duty", rate=_pct(usual))
    return duty, 0.0


def _duty_per_category(p: _Parcel, mode, duty_rate: float, code: str) -> tuple[float, float]:
    per = mode["per_category"]
    to_local = 1.0 if p.cur == "EUR" else (p.threshold_rate if p.threshold_rate is not None else 1.0)
    duty = per * to_local * p.categories
    p.notes.step("landed_cost.duty_per_category", per=fmt_money(per, "EUR"), n=str(p.categories), duty=fmt_money(duty, p.cur))
    return duty, 0.0


def _duty_global_rate(p: _Parcel, mode, duty_rate: float, code: str) -> tuple[float, float]:
    g = mode["global_rate"]
    charge = p.duty_base * g / 100
    p.notes.step("landed_cost.global_rate", base=fmt_money(p.duty_base, p.cur), rate=_pct(g), amount=fmt_money(charge, p.cur))
    return 0.0, charge


def _duty_percent(p: _Parcel, mode, duty_rate: float, code: str) -> tuple[float, float]:
    pct = mode["percent"]
    thr_cur = p.c.get("threshold_currency", p.cur)
    minus = mode.get("minus", 0) * (p.threshold_rate if thr_cur != p.cur else 1.0)
    duty = max(0.0, p.duty_base * pct / 100 - minus)
    if minus:
        p.notes.step("landed_cost.duty_percent_minus", base=fmt_money(p.duty_base, p.cur), rate=_pct(pct),
                     minus=fmt_money(minus, p.cur), duty=fmt_money(duty, p.cur))
    else:
        p.notes.step("landed_cost.duty_percent", base=fmt_money(p.duty_base, p.cur), rate=_pct(pct), duty=fmt_money(duty, p.cur))
    return duty, 0.0


DUTY_MODES = {"exempt": _duty_exempt, "normal": _duty_normal, "unknown": _duty_normal,
              "per_category": _duty_per_category, "global_rate": _duty_global_rate, "percent": _duty_percent}


def _duty(p: _Parcel, mode, duty_rate: float, code: str) -> tuple[float, float]:
    key = mode if isinstance(mode, str) else next((k for k in ("per_category", "global_rate", "percent") if k in mode), None)
    if key is None:
        return 0.0, 0.0
    duty, charge = DUTY_MODES[key](p, mode, duty_rate, code)
    dig = currency_digits(p.cur)
    return units.money(duty, dig), units.money(charge, dig)


def _tax(p: _Parcel, tax_mode: str, tax_rate: float, duty: float, shipping_charged: float) -> tuple[float, float]:
    """(tax at the border, tax at the sale)."""
    name, basis, dig = p.c["tax"]["name"], p.c["tax_base"]["basis"], currency_digits(p.cur)
    if tax_mode == "border":
        base = (p.cif if basis == "cif_plus_duty" else p.duty_base) + duty
        tax = units.money(base * tax_rate / 100, dig)
        p.notes.step("landed_cost.tax_border", name=name, base=fmt_money(base, p.cur), rate=_pct(tax_rate), tax=fmt_money(tax, p.cur),
                     basis=_m(f"tax_basis_{basis}"))
        if p.c["tax_base"]["status"] == "assumed":
            p.notes.doubt("landed_cost.assumed_tax_base", name=name, basis=_m(f"tax_basis_{basis}"))
        return tax, 0.0
    if tax_mode == "at_sale":
        base = p.goods + shipping_charged
        tax = units.money(base * tax_rate / 100, dig)
        p.notes.step("landed_cost.tax_at_sale", name=name, base=fmt_money(base, p.cur), rate=_pct(tax_rate), tax=fmt_money(tax, p.cur))
        p.notes.doubt("landed_cost.assumed_sale_base", name=name)
        return 0.0, tax
    if tax_mode == "exempt":
        p.notes.step("landed_cost.tax_exempt", name=name)
    elif tax_mode == "included":
        p.notes.step("landed_cost.tax_included", name=name)
    elif tax_mode == "none":
        p.notes.step("landed_cost.tax_none")
    return 0.0, 0.0


def _rule_notes(p: _Parcel, rule: dict | None, needs_tax: bool) -> None:
    if rule is None or not rule.get("effective_from"):
        src = _source(p.c, rule["source"] if rule else p.c["sources"][0]["id"])
        p.notes.doubt("landed_cost.source_undated", source=src["title"], file=p.c["_file"])
    for note in p.c.get("notes", []):
        if in_force(note, p.date):
            p.notes.warn(note["text"])
    if p.c["tax"].get("note") and needs_tax:
        p.notes.warn(p.c["tax"]["note"])


def import_charges(code: str, date: str, origin: str, channel: str, goods: float, freight: float,
                   insurance: float, duty_rate: float, tax_rate: float | None, categories: int,
                   threshold_rate: float | None, shipping_charged: float = 0.0, explain: bool = True) -> dict:
    """Duty and import tax for one parcel in the destination currency, with the rule
    used and every step (``steps`` stays empty when ``explain`` is false). Raises
    InputError for a figure our data lacks and the user did not give.

    Stages: duty base → value against the low-value threshold → rule in force (duty and
    tax modes) → tax rate → duty (by mode, ``DUTY_MODES``) → tax → the rule's notes."""
    c = country_rules(code)
    cif = goods + freight + insurance
    p = _Parcel(c, c["currency"], date, goods, goods if c["duty_base"]["basis"] == "goods" else cif, cif,
                threshold_rate, categories, Notes(explain))
    _duty_base(p, freight, insurance)
    rule, duty_mode, tax_mode = _rule(p, code, origin, channel, _value_in_threshold_currency(p))
    rate = _tax_rate(p, code, tax_mode, tax_rate)
    duty, global_charge = _duty(p, duty_mode, duty_rate, code)
    tax_border, tax_at_sale = _tax(p, tax_mode, rate, duty, shipping_charged)
    _rule_notes(p, rule, tax_mode in ("border", "at_sale"))
    dig = currency_digits(p.cur)
    return {
        "country": code, "currency": p.cur, "rule": rule["id"] if rule else None,
        "rule_explain": rule["explain"] if rule else (c.get("missing") or _m("no_rule_short")),
        "confidence": rule["confidence"] if rule else "unverified",
        "duty_mode": duty_mode if isinstance(duty_mode, str) else "special",
        "tax_mode": tax_mode, "tax_name": c["tax"]["name"], "tax_rate": rate,
        "duty_base": units.money(p.duty_base, dig), "cif": units.money(cif, dig),
        "duty": duty, "global_charge": global_charge, "tax_border": tax_border, "tax_at_sale": tax_at_sale,
        "border_total": units.money(duty + global_charge + tax_border, dig),
        "card": rule_card(c, rule) if rule and rule.get("effective_from") else None,
        "steps": p.notes.steps, "warnings": p.notes.warnings, "unverified": p.notes.unverified,
    }


# --------------------------------------------------------------------------- the calculator

def shipping_for(v: dict, cur: str) -> tuple[dict, dict, list[Text], list[Text]]:
    """Chargeable weight and freight in the destination currency for the form values."""
    steps: list[Text] = []
    notes: list[Text] = []
    cw, wsteps = chargeable_weight(v["length"], v["width"], v["height"], v["weight"], v["unit_system"],
                                   v["divisor"], v["rounding"])
    steps += wsteps
    if v["rate_sheet"] == "own":
        sheet = {"id": "own", "example": False, "weight_unit": cw["unit"],
                 "per_parcel": v.get("per_parcel") or 0.0, "per_weight": v.get("per_weight") or 0.0,
                 "fuel_pct": v.get("fuel_pct") or 0.0, "brackets": parse_brackets(v.get("brackets")),
                 "currency": cur if v["rate_currency"] == "local" else v["rate_currency"]}
        steps.append(_m("own_rates"))
    else:
        sheet = dict(rate_sheet(v["rate_sheet"]))
        sheet["brackets"] = [tuple(b) for b in sheet["brackets"]]
        notes.append(_m("example_sheet", name=sheet["name"]))
        steps.append(_m("example_used", name=sheet["name"], description=sheet["description"]))
    weight = units.weight(cw["chargeable"], cw["unit"], sheet["weight_unit"])
    if sheet["weight_unit"] != cw["unit"]:
        steps.append(_m("weight_converted", weight=fmt_quantity(weight, sheet["weight_unit"], 3)))
    if not sheet["brackets"] and sheet["per_parcel"] == 0 and sheet["per_weight"] == 0:
        raise InputError([field_error("per_weight", _m("no_rates", label=FIELD["per_weight"].label))])
    price, psteps = price_parcel(weight, sheet["per_parcel"], sheet["per_weight"], sheet["fuel_pct"],
                                 sheet["brackets"], sheet["currency"], sheet["weight_unit"])
    steps += psteps
    freight = price["total"]
    if sheet["currency"] != cur:
        rate, note = sheet_rate(v, sheet["currency"], cur)
        if note:
            notes.append(note)
        freight = freight * rate
        steps.append(_m("freight_converted", amount=fmt_money(price["total"], sheet["currency"]), rate=_num(rate, 6),
                        frm=sheet["currency"], to=cur, result=fmt_money(freight, cur)))
    freight = rounded(freight, cur)
    return cw, {"sheet": sheet["id"], "example": bool(sheet.get("example")), "freight": freight,
                "rate_currency": sheet["currency"]}, steps, notes


def _line(lid: str, amount: float, payer: str, explain: Text) -> dict:
    return {"id": lid, "label": _m(f"lines.{lid}"), "amount": amount, "payer": payer, "explain": explain}


def compute(v: dict) -> dict:
    code = v["destination"]
    cur = currency_of(code)
    dig = currency_digits(cur)
    categories = int(v.get("item_categories") or 1)
    notes = Notes()
    if v.get("hs_code"):
        notes.step(_m("hs_label", code=v["hs_code"]))
    cw, ship, ship_steps, ship_doubts = shipping_for(v, cur)
    for step in ship_steps:
        notes.step(step)
    for doubt in ship_doubts:
        notes.doubt(doubt)
    imp = import_charges(code, v["date"], v["origin"], v["channel"], v["goods_value"], ship["freight"],
                         v.get("insurance") or 0.0, v["duty_rate"], v.get("tax_rate"), categories,
                         v.get("threshold_rate"), v.get("shipping_charged") or 0.0)
    notes.merge(imp, steps=True)
    border_payer = "seller" if v["incoterm"] == "DDP" else "buyer"
    notes.step(_m(f"who_pays_{v['incoterm']}"))

    lines = []
    if v.get("product_cost"):
        lines.append(_line("product_cost", v["product_cost"], "seller", _m("explain.product_cost")))
    lines.append(_line("freight", ship["freight"], "seller",
                       _m("explain.freight_example") if ship["example"] else _m("explain.freight")))
    if v.get("insurance"):
        lines.append(_line("insurance", v["insurance"], "seller", _m("explain.insurance")))
    lines.append(_line("goods", v["goods_value"], "buyer", _m("explain.goods")))
    if v.get("shipping_charged"):
        lines.append(_line("shipping_charged", v["shipping_charged"], "buyer", _m("explain.shipping_charged")))
    if imp["duty_mode"] != "exempt" or imp["duty"]:
        lines.append(_line("duty", imp["duty"], border_payer, imp["rule_explain"]))
    if imp["global_charge"]:
        lines.append(_line("global_charge", imp["global_charge"], border_payer, imp["rule_explain"]))
    if imp["tax_mode"] == "border":
        lines.append(_line("tax_border", imp["tax_border"], border_payer,
                           _m("explain.tax_border", name=imp["tax_name"])))
    if imp["tax_mode"] == "at_sale":
        lines.append(_line("tax_at_sale", imp["tax_at_sale"], "buyer", _m("explain.tax_at_sale", name=imp["tax_name"])))
    if v.get("clearance_fee"):
        lines.append(_line("clearance_fee", v["clearance_fee"], border_payer, _m("explain.clearance_fee")))

    border = imp["duty"] + imp["global_charge"] + imp["tax_border"] + (v.get("clearance_fee") or 0.0)
    seller_total = (v.get("product_cost") or 0.0) + ship["freight"] + (v.get("insurance") or 0.0) \
        + (border if border_payer == "seller" else 0.0)
    buyer_total = v["goods_value"] + (v.get("shipping_charged") or 0.0) + imp["tax_at_sale"] \
        + (border if border_payer == "buyer" else 0.0)
    if v["incoterm"] == "DAP" and border > 0:
        notes.warn(_m("dap_refusal"))
    return {
        "destination": code, "currency": cur, "incoterm": v["incoterm"], "hs_code": v.get("hs_code") or "",
        "chargeable_weight": cw, "shipping": ship, "import": {k: imp[k] for k in (
            "rule", "duty_mode", "tax_mode", "tax_rate", "duty_base", "cif", "duty", "global_charge", "tax_border",
            "tax_at_sale", "border_total")},
        "lines": lines,
        "seller_total": units.money(seller_total, dig),
        "buyer_total": units.money(buyer_total, dig),
        "rate_card": imp["card"],
    } | notes.into({})


def summary(r: dict) -> list[dict]:
    cur = r["currency"]
    cw = r["chargeable_weight"]
    imp = r["import"]
    rows = [row(_m("rows.chargeable"), fmt_quantity(cw["chargeable"], cw["unit"], 3)),
            row(_m("rows.freight_example") if r["shipping"]["example"] else _m("rows.freight"),
                fmt_money(r["shipping"]["freight"], cur))]
    if imp["duty"] or imp["duty_mode"] != "exempt":
        rows.append(row(_m("lines.duty"), fmt_money(imp["duty"], cur)))
    if imp["global_charge"]:
        rows.append(row(_m("lines.global_charge"), fmt_money(imp["global_charge"], cur)))
    if imp["tax_mode"] == "border":
        rows.append(row(_m("lines.tax_border"), fmt_money(imp["tax_border"], cur)))
    if imp["tax_mode"] == "at_sale":
        rows.append(row(_m("lines.tax_at_sale"), fmt_money(imp["tax_at_sale"], cur)))
    rows.append(row(_m("rows.seller_total", incoterm=r["incoterm"]), fmt_money(r["seller_total"], cur), strong=True))
    rows.append(row(_m("rows.buyer_total", incoterm=r["incoterm"]), fmt_money(r["buyer_total"], cur), strong=True))
    return rows


def details(r: dict, lang: str) -> str:
    cur = r["currency"]

    t = partial(text_html, lang=lang)

    head = (f'<thead><tr><th scope="col">{t(_m("table.item"))}</th><th scope="col">{t(_m("table.amount"))}</th>'
            f'<th scope="col">{t(_m("table.payer"))}</th><th scope="col">{t(_m("table.why"))}</th></tr></thead>')
    body = "".join(
        f'<tr><th scope="row">{t(line["label"])}</th><td>{t(fmt_money(line["amount"], cur))}</td>'
        f'<td>{t(_m("payer." + line["payer"]))}</td><td>{t(line["explain"])}</td></tr>' for line in r["lines"])
    return (f'<table class="calc-lines"><caption>{t(_m("table.caption", incoterm=r["incoterm"]))}</caption>'
            f'{head}<tbody>{body}</tbody></table>')


# The form's folded (or labelled) sections, by field group: render.form_html.
SECTIONS = (
    Section("parcel", ("parcel", "sheet", "weights"), open=True),
    Section("rates", ("rates",)),
    Section("fees", ("fees",)),
)


CALCULATOR = calculator(
    __name__, "landed-cost",
    checks=(_check,),
    examples=(
        {"destination": "US", "origin": "CN", "channel": "courier", "incoterm": "DDP", "date": "2026-03-01",
         "goods_value": 40, "duty_rate": 5, "unit_system": "metric", "length": 30, "width": 20, "height": 10,
         "weight": 1.2, "divisor": 5000, "rounding": 0.5, "rate_sheet": "example-express"},
        {"destination": "DE", "origin": "CN", "channel": "courier", "incoterm": "DAP", "date": "2026-07-01",
         "goods_value": 120, "item_categories": 2, "duty_rate": 4, "unit_system": "metric", "length": 40, "width": 30,
         "height": 20, "weight": 3, "divisor": 6000, "rounding": 0.5, "rate_sheet": "own", "per_parcel": 8,
         "per_weight": 7.5, "fuel_pct": 10, "brackets": "1:12, 2:18", "rate_currency": "local", "hs_code": "6109.10"},
        {"destination": "UK", "origin": "CN", "channel": "post", "incoterm": "DDP", "date": "2025-06-01",
         "goods_value": 200, "duty_rate": 12, "unit_system": "imperial", "length": 12, "width": 10, "height": 6,
         "weight": 2, "divisor": 139, "rounding": 1, "rate_sheet": "own", "per_parcel": 5, "per_weight": 4,
         "fuel_pct": 0, "rate_currency": "local", "insurance": 2, "clearance_fee": 3},
        {"destination": "IN", "origin": "CN", "channel": "courier", "incoterm": "DDP", "date": "2026-01-10",
         "goods_value": 2000, "duty_rate": 10, "unit_system": "metric", "length": 20, "width": 15, "height": 10,
         "weight": 0.5, "divisor": 5000, "rounding": 0.5, "rate_sheet": "own", "per_parcel": 300, "per_weight": 500,
         "rate_currency": "local"},
        {"destination": "XX", "goods_value": -3, "duty_rate": "five", "unit_system": "metric", "length": 10,
         "width": 10, "height": 10, "weight": 1, "divisor": 139, "rounding": 0.5, "brackets": "1kg=5"},
        {"destination": "US", "origin": "CN", "goods_value": 40, "duty_rate": 5, "unit_system": "imperial",
         "length": 10, "width": 8, "height": 4, "weight": 2, "divisor": 5000, "rounding": 1, "date": "2026-03-01"},
    ),
)

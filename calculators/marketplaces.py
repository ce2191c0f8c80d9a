"""One item across every marketplace: FBA size tier, fulfillment fee and total per unit,
in each marketplace's currency and in one currency the reader picks.

Each row comes from the FBA fee calculator (``run("fba-fee", ...)``) with the same
item; the price is converted into each marketplace's currency at the exchange rates
shown, which the reader can replace. Rows without a fee in our data say why.
"""

from __future__ import annotations

from . import fx, units
from .core import calculator, row, run
from .fields import Boolean, Choice, Date, Number, Option, Section, plausible_item, price_field, size_fields, weight_fields
from .i18n import Text, currency_digits, fmt_money, fmt_number, message, text
from .money import marketplace_currency, rounded
from .render import table_html, text_html
from .result import Notes

# (marketplace, stock held in) per row, in the order of the table.
ROWS = (("US", "local"), ("CA", "local"), ("CA", "US"), ("UK", "local"), ("DE", "local"), ("FR", "local"),
        ("IT", "local"), ("ES", "local"), ("JP", "local"))
MONEY = ("USD", "CNY", "EUR", "GBP", "CAD", "JPY")
EDITABLE = ("CNY", "EUR", "GBP", "CAD", "JPY")  # rates per USD the reader can replace


def _m(key: str, **params) -> Text:
    return message(f"marketplaces_calc.{key}", **params)


def _currency_options() -> tuple[Option, ...]:
    return tuple(Option(c, fx.label(c)) for c in MONEY)


def _rate_field(cur: str) -> Number:
    info = fx.rate_info(cur)
    return Number(f"rate_{cur}", _m("rate_label", currency=fx.label(cur)),
                  _m("rate_help", date=info["date"]), required=False, default=info["per_usd"],
                  minimum=0.0, exclusive_minimum=True, maximum=1_000_000, step=0.0001, group="rates")


FIELDS = (
    *size_fields((text("Longest side of the packaged item.", "包装后商品的最长边。"), text("Second-longest side.", "次长边。"),
                   text("Shortest side.", "最短边。")), defaults=(30, 20, 5), unit="cm"),
    *weight_fields(text("Weight of the packaged item (unit weight).", "包装后商品的重量（商品重量）。"), default=400, unit="g"),
    price_field(text("One selling price, converted into each marketplace's currency. Some fees depend on the price (US price bands, low-price FBA).",
                     "同一个售价，换算成各站点的货币。部分费用与售价有关（美国站售价区间、低价商品亚马逊物流）。"), maximum=100_000_000, group="price"),
    Choice("price_currency", text("Price currency", "售价货币"), default="USD", group="price", options=_currency_options()),
    Choice("display_currency", text("Show totals also in", "合计另以此货币显示"), default="CNY", group="price",
           options=_currency_options()),
    Boolean("apparel", text("Apparel", "服装类商品"), text("Clothing has its own fee tables on Amazon.", "服装类商品在亚马逊有单独的配送费表。")),
    Date("date", text("Date", "日期"), text("The day the fees apply; defaults to today.", "收费日期，默认为今天。")),
) + tuple(_rate_field(c) for c in EDITABLE)


def _price_in(v: dict, cur: str, rates: dict) -> float:
    amount = fx.convert(v["price"], v["price_currency"], cur, rates)
    return rounded(amount, cur)


def compute(v: dict) -> dict:
    overrides = {c: v.get(f"rate_{c}") for c in EDITABLE}
    defaults = fx.default_rates()
    mine = {c: r for c, r in overrides.items() if r is not None and abs(r - defaults[c]) > 1e-12}
    rates, used = fx.with_overrides(mine)
    shown = v["display_currency"]
    notes = Notes()
    rows = []
    for mk, frm in ROWS:
        cur = marketplace_currency(mk)
        price = _price_in(v, cur, rates)
        payload = {"marketplace": mk, "fulfilment_from": frm, "length": v["length"], "width": v["width"],
                   "height": v["height"], "dimension_unit": v["dimension_unit"], "weight": v["weight"],
                   "weight_unit": v["weight_unit"], "price": max(price, 0.01), "apparel": v["apparel"], "date": v["date"]}
        ok, out = run("fba-fee", payload, explain=False)  # its figures and notes; its steps are not shown
        entry = {"marketplace": mk, "fulfilment_from": frm, "label": _row_label(mk, frm), "currency": cur,
                 "price": price, "size_tier": None, "size_tier_label": None, "fulfillment_fee": None,
                 "total_fee": None, "total_in_display": None, "confidence": None,
                 "rate_card": None, "status": "ok", "reason": None}
        if not ok:
            entry.update(status="no_card", reason=_join_errors(out["errors"]))
        else:
            entry.update(size_tier=out["size_tier"], size_tier_label=out["size_tier_label"],
                         fulfillment_fee=out["fulfillment_fee"], total_fee=out["total_fee"], confidence=out["confidence"],
                         rate_card=out["rate_card"]["id"])
            if not out["eligible"]:
                entry.update(status="not_eligible", reason=out["ineligible_reason"])
            elif out["total_fee"] is None:
                entry.update(status="no_fee", reason=out.get("fee_unavailable_reason") or _m("no_fee"))
            else:
                entry["total_in_display"] = units.money(fx.convert(out["total_fee"], cur, shown, rates),
                                                        currency_digits(shown))
            if entry["status"] == "ok":
                notes.rely_on(out["confidence"])
                if out["confidence"] == "unverified":
                    notes.doubt(_m("row_unverified", marketplace=entry["label"]))
        if cur != v["price_currency"]:
            notes.step(_m("price_step", marketplace=entry["label"], price=fmt_money(v["price"], v["price_currency"]),
                            local=fmt_money(price, cur), rate=fmt_number(fx.cross_rate(v["price_currency"], cur, rates), 4),
                            frm=v["price_currency"], to=cur))
        rows.append(entry)

    priced = [r for r in rows if r["total_in_display"] is not None]
    cheapest = min(priced, key=lambda r: r["total_in_display"]) if priced else None
    if any(u["source"] == "default" and u["currency"] in {marketplace_currency(m) for m, _ in ROWS} | {v["price_currency"], shown}
           and u["currency"] != "USD" for u in used):
        notes.warn(fx.reference_note())
    notes.warn(_m("same_price_note"))
    notes.warn(_m("details_note"))
    rates_used = [u for u in used if u["currency"] in {marketplace_currency(m) for m, _ in ROWS} | {v["price_currency"], shown}]
    return {
        "rows": rows,
        "display_currency": shown,
        "price": {"value": v["price"], "currency": v["price_currency"]},
        "rates": rates_used,
        "cheapest": {"marketplace": cheapest["marketplace"], "fulfilment_from": cheapest["fulfilment_from"],
                     "total_in_display": cheapest["total_in_display"]} if cheapest else None,
        "priced_count": len(priced),
    } | notes.into({})


def _row_label(mk: str, frm: str) -> Text:
    base = message(f"marketplaces.{mk}")
    if frm == "US" and mk == "CA":
        return _m("remote_label", marketplace=base)
    return base


def _join_errors(errors: list[dict]) -> Text:
    return {lang: " ".join(e["message"][lang] for e in errors) for lang in ("en", "zh")}


def _fee_text(r: dict, key: str) -> Text:
    if r[key] is None:
        return _m("dash")
    return fmt_money(r[key], r["currency"])


def summary(res: dict) -> list[dict]:
    shown = res["display_currency"]
    out = []
    c = res["cheapest"]
    if c:
        r = next(x for x in res["rows"] if x["marketplace"] == c["marketplace"] and x["fulfilment_from"] == c["fulfilment_from"])
        out.append(row(_m("cheapest_label"), _m("cheapest_value", marketplace=r["label"], local=_fee_text(r, "total_fee"),
                                                  shown=fmt_money(c["total_in_display"], shown)), strong=True))
    out.append(row(_m("count_label"), _m("count_value", n=res["priced_count"], total=len(res["rows"]))))
    for r in res["rows"]:
        if r["total_in_display"] is not None:
            value = _m("row_value", tier=r["size_tier_label"], local=_fee_text(r, "total_fee"),
                       shown=fmt_money(r["total_in_display"], shown))
        else:
            value = _m("row_missing", status=_m(f"status.{r['status']}"))
        out.append(row(r["label"], value))
    return out


def details(res: dict, lang: str) -> str:
    shown = res["display_currency"]
    heads = [_m("col_marketplace"), _m("col_tier"), _m("col_fee"), _m("col_total"), _m("col_shown", currency=fx.label(shown)), _m("col_note")]
    body = []
    for r in res["rows"]:
        if r["reason"]:
            note = r["reason"]
        elif r["confidence"]:
            conf = message(f"confidence.{r['confidence']}")
            note = {lang_: conf[lang_] + (f" ({r['rate_card']})" if r["rate_card"] else "") for lang_ in ("en", "zh")}
        else:
            note = {"en": "", "zh": ""}
        body.append([r["label"], r["size_tier_label"] or _m("dash"), _fee_text(r, "fulfillment_fee"), _fee_text(r, "total_fee"),
                     fmt_money(r["total_in_display"], shown) if r["total_in_display"] is not None else _m("dash"), note])
    rates = {lang_: ("; " if lang_ == "en" else "；").join(
        message("fx.per_usd", rate=fmt_number(u["per_usd"], 4).rstrip("0").rstrip("."), currency=fx.label(u["currency"]))[lang_]
        + (" ({})" if lang_ == "en" else "（{}）").format((message("fx.yours") if u["source"] == "yours" else message("fx.default", date=u["date"]))[lang_])
        for u in res["rates"] if u["currency"] != "USD") for lang_ in ("en", "zh")}
    return (table_html(lang, _m("caption", currency=fx.label(shown)), heads, body).replace('class="calc-table"', 'class="calc-table calc-compare"', 1)
            + f'<p class="calc-rates">{text_html(_m("rates_used"), lang)} {text_html(rates, lang)}</p>')


# The form's folded (or labelled) sections, by field group: render.form_html.
SECTIONS = (
    Section("rates", ("rates",)),
)


CALCULATOR = calculator(
    __name__, "marketplaces",
    locale="marketplaces_calc",
    checks=(plausible_item(FIELDS),),
    examples=(
        {"length": 30, "width": 20, "height": 5, "dimension_unit": "cm", "weight": 400, "weight_unit": "g", "price": 25,
         "price_currency": "USD", "display_currency": "CNY", "date": "2026-05-01"},
        {"length": 12, "width": 9, "height": 0.5, "dimension_unit": "in", "weight": 3, "weight_unit": "oz", "price": 9,
         "price_currency": "EUR", "display_currency": "USD", "date": "2026-02-15", "rate_EUR": 0.9, "rate_CNY": 7.2},
        {"length": 60, "width": 40, "height": 40, "dimension_unit": "cm", "weight": 12, "weight_unit": "kg", "price": 800,
         "price_currency": "CNY", "display_currency": "JPY", "date": "2025-06-01"},
        {"length": 30, "width": 20, "height": 5, "dimension_unit": "cm", "weight": 400, "weight_unit": "g", "price": 25,
         "price_currency": "XYZ", "display_currency": "CNY", "date": "2026-05-01", "rate_EUR": 0},
    ),
)

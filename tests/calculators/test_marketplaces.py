"""The marketplace comparison: one item, every marketplace, totals in local currency and
in one currency the reader picks, at editable exchange rates."""

from __future__ import annotations

import json

from calculators import run
from calculators.marketplaces import CALCULATOR
from tests.calculators.conftest import cli, result


ITEM = {"length": 30, "width": 20, "height": 5, "dimension_unit": "cm", "weight": 400, "weight_unit": "g",
        "price": 25, "price_currency": "USD", "display_currency": "CNY", "date": "2026-05-01"}


def compare(**changes):
    return result("marketplaces", {**ITEM, **changes})


def by(out, mk, frm="local"):
    return next(r for r in out["rows"] if r["marketplace"] == mk and r["fulfilment_from"] == frm)


def test_rows_for_every_marketplace():
    out = compare()
    assert [(r["marketplace"], r["fulfilment_from"]) for r in out["rows"]] == [
        ("US", "local"), ("CA", "local"), ("CA", "US"), ("UK", "local"), ("DE", "local"), ("FR", "local"),
        ("IT", "local"), ("ES", "local"), ("JP", "local")]


def test_us_row_matches_the_fba_calculator_and_converts():
    # 30 × 20 × 5 cm = 11.81 × 7.87 × 1.97 in; dim 183.1/139 = 1.317 lb → 1.5 lb; large standard 1.25–1.5 lb,
    # $10–50: 5.42; fuel 3.5% = 0.19 → 5.61; at 7.1 CNY per USD: 39.831 → 39.83
    us = by(compare(), "US")
    assert (us["size_tier"], us["fulfillment_fee"], us["total_fee"], us["total_in_display"]) == ("large_standard", 5.42, 5.61, 39.83)
    ok, direct = run("fba-fee", {"marketplace": "US", "length": 30, "width": 20, "height": 5, "dimension_unit": "cm",
                                 "weight": 400, "weight_unit": "g", "price": 25, "date": "2026-05-01"})
    assert direct["total_fee"] == us["total_fee"]


def test_price_is_converted_for_each_marketplace():
    out = compare()
    # 25 USD × 0.76 = 19.00 GBP: under the £20 low-price limit → extra-large envelope low-price fee 2.65;
    # 1.5% fuel = 0.04 → 2.69 GBP; 2.69 / 0.76 × 7.1 = 25.13 CNY
    uk = by(out, "UK")
    assert uk["price"] == 19.0 and uk["fulfillment_fee"] == 2.65 and uk["total_fee"] == 2.69
    assert uk["total_in_display"] == 25.13
    assert by(out, "JP")["price"] == 3800  # 25 × 152


def test_edited_rates_change_the_conversion_and_are_marked_yours():
    out = compare(rate_GBP=0.8)
    # 25 × 0.8 = 20.00 GBP: still ≤ £20; 2.69 / 0.8 × 7.1 = 23.87 CNY
    uk = by(out, "UK")
    assert uk["price"] == 20.0 and uk["total_in_display"] == 23.87
    gbp = next(r for r in out["rates"] if r["currency"] == "GBP")
    assert gbp["source"] == "yours" and gbp["per_usd"] == 0.8
    assert "your rate" in CALCULATOR.details(out, "en")


def test_every_row_has_a_fee_and_rows_from_a_nearest_card_are_flagged():
    out = compare()
    assert all(r["status"] == "ok" and r["total_fee"] is not None for r in out["rows"])
    # DE extra-large envelope (30 × 20 × 5 cm, 400 g; card of 1 Feb 2026, Pan-EU/CEP column): 3.16 + 1.5% fuel = 3.21
    de = by(out, "DE")
    assert (de["size_tier"], de["fulfillment_fee"], de["total_fee"]) == ("extra_large_envelope", 3.16, 3.21)
    # CA standard: dim weight 3,000 / 5,000 = 0.6 kg > 0.4 kg → 600 g band, CAD 7.40; + 3.5% fuel = 0.26 → 7.66
    ca = by(out, "CA")
    assert (ca["size_tier"], ca["fulfillment_fee"], ca["total_fee"]) == ("standard", 7.40, 7.66)
    old = compare(date="2025-06-01")  # no European card of 2025 in our data: the 2026 card, said and flagged
    uk = by(old, "UK")
    assert uk["status"] == "ok" and uk["confidence"] == "unverified"
    assert any("United Kingdom" in u["en"] for u in old["unverified"])
    big = compare(length=150, width=80, height=50, weight=20, weight_unit="kg", date="2025-05-01")
    assert by(big, "JP")["status"] == "not_eligible"  # sum 280 cm: over 260 cm before 1 Jun 2025


def test_cheapest_and_summary():
    out = compare()
    # JP 30 × 20 × 5 cm, 400 g: standard, sum 55 cm ≤ 60 → standard 6, ¥430 (card in force 2026) → 430 / 152 × 7.1 = 20.09 CNY
    assert out["cheapest"] == {"marketplace": "JP", "fulfilment_from": "local", "total_in_display": 20.09}
    rows = CALCULATOR.summary(out)
    assert rows[0]["strong"] and "Japan" in rows[0]["value"]["en"] and "日本" in rows[0]["value"]["zh"]


def test_reference_rate_warning_and_table_markup():
    out = compare()
    assert any("not quotes" in w["en"] for w in out["warnings"])
    table = CALCULATOR.details(out, "zh")
    assert table.count("<caption>") == 1 and 'scope="row"' in table and 'scope="col"' in table
    assert "<script" not in table and "style=" not in table


def test_same_physical_item_in_other_units():
    # 30 cm = 11.811 in, 400 g = 14.1096 oz
    a = compare()
    b = compare(length=11.811024, width=7.874016, height=1.968504, dimension_unit="in", weight=14.109585, weight_unit="oz")
    assert [(r["size_tier"], r["total_fee"]) for r in a["rows"]] == [(r["size_tier"], r["total_fee"]) for r in b["rows"]]


def test_bad_inputs_are_bilingual_errors():
    ok, out = run("marketplaces", {**ITEM, "price_currency": "XYZ", "rate_EUR": 0, "weight": float("nan")})
    assert not ok
    fields = {e["field"]: e["message"] for e in out["errors"]}
    assert set(fields) == {"price_currency", "rate_EUR", "weight"}
    assert all(m["en"] and m["zh"] for m in fields.values())


def test_cli():
    proc = cli("marketplaces", ITEM)
    assert proc.returncode == 0 and len(json.loads(proc.stdout)["rows"]) == 9
    proc = cli("marketplaces", {**ITEM, "date": "2026-02-30"})
    assert proc.returncode == 2 and json.loads(proc.stdout)["errors"][0]["field"] == "date"

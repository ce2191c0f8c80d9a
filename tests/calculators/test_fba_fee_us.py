"""US FBA fees: size tiers of the 2025 and 2026 cards, dimensional weight with its
2-inch minimum, price bands, SIPP, bulky packaging, overmax and the fuel surcharge.

Every expected figure is typed from Amazon's Seller Central page "2026 US FBA
fulfillment fee changes" (source id amazon-us-2026-fee-changes-copy in
calculators/data/sources/catalogue.json: the 2025 and 2026 non-peak tables for
non-apparel, apparel and dangerous goods, the 2025–26 peak, the overmax and
dimensional-weight rules, the 3.5 % surcharge), from calc-makaev-us and calc-patrick-us
for SIPP and the bulky packaging fee, and from Amazon's size-tier page (amazon-size-tiers)
for the tier limits; table and row named beside each figure, never read from our data
files. Band edges of whole tables: test_fba_fee_bands.py;
peak seasons: test_fba_peak.py; the other per-unit fees: test_fba_other_fees.py."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from calculators import run
from calculators.fba_fee import details
from tests.calculators.fba_helpers import en, errors, fee, lines

ROOT = Path(__file__).resolve().parents[2]
ITEM = {"marketplace": "US", "length": 10, "width": 6, "height": 2, "dimension_unit": "in", "weight": 0.8,
        "weight_unit": "lb", "price": 25, "apparel": False, "date": "2026-03-01"}
# Fits large standard only by its thickness (0.8 in > 0.75 in): a dimensional weight
# below every unit weight used here, even with the 2-inch minimum (2 × 2 × 2 / 139 = 0.06 lb).
THIN_LARGE = {**ITEM, "length": 2, "width": 2, "height": 0.8}
SMALL = {**ITEM, "length": 10, "width": 6, "height": 0.5, "weight_unit": "oz"}


def us(**changes):
    return fee(ITEM, **changes)


def test_reference_item_2026():
    # dim 10×6×2/139 = 0.8633 lb > 0.8 lb → rounded up to the next 4 oz: 1.00 lb;
    # non-apparel large standard 12+ to 16 oz, 2026 $10–$50: 4.60
    r = us()
    assert (r["size_tier"], r["rate_card"]["id"]) == ("large_standard", "us-fba-2026")
    assert r["dimensional_weight"] == {"value": 0.8633, "unit": "lb"}
    assert r["shipping_weight"] == {"value": 1.0, "unit": "lb"}
    assert r["fulfillment_fee"] == 4.60 and r["total_fee"] == 4.60 and r["surcharges"] == []


# --- The example: the 2-inch minimum for large standard from 15 Jan 2026.

def test_two_inch_minimum_for_large_standard_from_2026():
    # 16 × 9 × 0.5 in, 1 lb, $25. 2026 card: 16 × 9 × 2 / 139 = 2.0719 lb → 2.25 lb;
    # non-apparel large standard 2+ to 2.25 lb, 2026 $10–$50: 5.92
    item = dict(length=16, width=9, height=0.5, weight=1)
    r = us(**item)
    assert r["size_tier"] == "large_standard" and r["dimensional_weight"]["value"] == 2.0719
    assert r["shipping_weight"]["value"] == 2.25 and r["fulfillment_fee"] == 5.92
    assert "2 in" in en(r["steps"])
    # 2025 card: 16 × 9 × 0.5 / 139 = 0.518 lb < 1 lb → 1 lb; non-apparel 12+ to 16 oz, 2025 $10–$50: 4.55
    old = us(**item, date="2025-06-01")
    assert old["rate_card"]["id"] == "us-fba-2025" and old["dimensional_weight"]["value"] == 0.518
    assert old["shipping_weight"]["value"] == 1.0 and old["fulfillment_fee"] == 4.55


def test_the_minimum_starts_with_the_2026_card():
    # 2026-01-14 is still the 2025 card, and in the 2025–26 peak (peak non-apparel 12+ to 16 oz $10–$50: 4.84);
    # 2026-01-15 the 2026 card with the minimum (5.92 as above)
    item = dict(length=16, width=9, height=0.5, weight=1)
    before, after = us(**item, date="2026-01-14"), us(**item, date="2026-01-15")
    assert (before["rate_card"]["id"], before["shipping_weight"]["value"], before["fulfillment_fee"]) == ("us-fba-2025", 1.0, 4.84)
    assert (after["rate_card"]["id"], after["shipping_weight"]["value"], after["fulfillment_fee"]) == ("us-fba-2026", 2.25, 5.92)


def test_small_standard_uses_unit_weight_only():
    # amazon-size-tiers: small standard uses the unit weight. 10 × 6 × 0.5 in, 3 oz: dim 0.216 lb
    # (3.45 oz) is ignored; 3 oz → non-apparel small standard 2+ to 4 oz, 2026 $10–$50: 3.42
    r = fee(SMALL, weight=3)
    assert r["size_tier"] == "small_standard" and r["shipping_weight"]["value"] == 0.1875
    assert r["fulfillment_fee"] == 3.42


def test_bulky_minimum_applied_on_both_cards():
    # 30 × 1 × 1 in, 2 lb: dim with the 2 in minimum 30 × 2 × 2 / 139 = 0.8633 lb; ship 2 lb.
    # 2026 small bulky (non-apparel): 7.55 + 0.38 × 1 = 7.93; 2025 large bulky: 9.61 + 0.38 = 9.99
    new, old = us(length=30, width=1, height=1, weight=2), us(length=30, width=1, height=1, weight=2, date="2025-06-01")
    assert (new["size_tier"], new["dimensional_weight"]["value"], new["fulfillment_fee"]) == ("small_bulky", 0.8633, 7.93)
    assert (old["size_tier"], old["dimensional_weight"]["value"], old["fulfillment_fee"]) == ("large_bulky", 0.8633, 9.99)


# --- Size tiers, both sides of every limit (amazon-size-tiers; the note under the non-apparel table).

@pytest.mark.parametrize("dims,weight,unit,date,tier", [
    # small standard ≤ 15 × 12 × 0.75 in, ≤ 16 oz
    ((15, 12, 0.75), 16, "oz", "2026-03-01", "small_standard"),
    ((15.01, 12, 0.75), 16, "oz", "2026-03-01", "large_standard"),
    ((15, 12.01, 0.75), 16, "oz", "2026-03-01", "large_standard"),
    ((15, 12, 0.76), 16, "oz", "2026-03-01", "large_standard"),
    ((15, 12, 0.75), 16.01, "oz", "2026-03-01", "large_standard"),
    ((15, 12, 0.75), 16, "oz", "2025-06-01", "small_standard"),
    ((15, 12, 0.76), 16, "oz", "2025-06-01", "large_standard"),
    # large standard ≤ 18 × 14 × 8 in, ≤ 20 lb (dim 18 × 14 × 8 / 139 = 14.5 lb)
    ((18, 14, 8), 20, "lb", "2026-03-01", "large_standard"),
    ((18.01, 14, 8), 20, "lb", "2026-03-01", "small_bulky"),
    ((18, 14.01, 8), 20, "lb", "2026-03-01", "small_bulky"),
    ((18, 14, 8.01), 20, "lb", "2026-03-01", "small_bulky"),
    ((18, 14, 8), 20.01, "lb", "2026-03-01", "small_bulky"),
    ((18, 14, 8), 20, "lb", "2025-06-01", "large_standard"),
    ((18.01, 14, 8), 20, "lb", "2025-06-01", "large_bulky"),       # no small bulky before 15 Jan 2026
    ((18, 14, 8), 20.01, "lb", "2025-06-01", "large_bulky"),
    # small bulky ≤ 37 × 28 × 20 in, ≤ 50 lb, L + G ≤ 130 in (from 15 Jan 2026)
    ((37, 20, 6), 30, "lb", "2026-03-01", "small_bulky"),          # dim 4440/139 = 31.9 lb
    ((37.01, 20, 6), 30, "lb", "2026-03-01", "large_bulky"),
    ((37, 28, 6), 30, "lb", "2026-03-01", "small_bulky"),          # L+G 105, dim 44.7 lb
    ((37, 28.01, 6), 30, "lb", "2026-03-01", "large_bulky"),
    ((30, 10, 5), 50, "lb", "2026-03-01", "small_bulky"),
    ((30, 10, 5), 50.01, "lb", "2026-03-01", "extra_large"),       # over 50 lb: above every bulky tier
    ((37, 20, 10), 10, "lb", "2026-03-01", "extra_large"),         # dim 7400/139 = 53.2 lb > 50: the limit is on shipping weight
    # large bulky ≤ 59 × 33 × 33 in, ≤ 50 lb, L + G ≤ 130 in
    ((59, 20, 1), 30, "lb", "2026-03-01", "large_bulky"),          # L+G 101; dim (2 in minimum) 17 lb
    ((59.01, 20, 1), 30, "lb", "2026-03-01", "extra_large"),
    ((50, 33, 2), 30, "lb", "2026-03-01", "large_bulky"),
    ((50, 33.01, 2), 30, "lb", "2026-03-01", "extra_large"),
    ((59, 33, 2.5), 30, "lb", "2026-03-01", "large_bulky"),        # L+G 59 + 2 × 35.5 = 130 exactly; dim 35 lb
    ((59, 33, 2.51), 30, "lb", "2026-03-01", "extra_large"),       # L+G 130.02
    ((40, 2, 2), 50, "lb", "2026-03-01", "large_bulky"),
    ((40, 2, 2), 50.01, "lb", "2026-03-01", "extra_large"),
    ((59, 33, 2.5), 30, "lb", "2025-06-01", "large_bulky"),
    ((59, 33, 2.51), 30, "lb", "2025-06-01", "extra_large"),
    ((59.01, 20, 1), 30, "lb", "2025-06-01", "extra_large"),
])
def test_size_tier_limits(dims, weight, unit, date, tier):
    l, w, h = dims
    assert us(length=l, width=w, height=h, weight=weight, weight_unit=unit, date=date)["size_tier"] == tier


def test_extra_large_over_150_lb_uses_unit_weight():
    # Non-apparel table, note: extra-large 150+ lb uses the unit weight. 100 × 30 × 30 in: dim 90000/139 = 647.5 lb.
    # 150 lb unit: the dim weight counts → 648 lb, "150+ lb" row: 194.95 + 0.19 × (648 − 151) = 289.38
    # 150.01 lb unit: unit weight only → 151 lb: 194.95
    at, over = us(length=100, width=30, height=30, weight=150), us(length=100, width=30, height=30, weight=150.01)
    assert (at["shipping_weight"]["value"], at["fulfillment_fee"]) == (648, 289.38)
    assert (over["shipping_weight"]["value"], over["fulfillment_fee"]) == (151, 194.95)


# --- Price bands: "< $10", "$10–$50" (exactly $10 and $50 fall here), "> $50" (source: amazon-us-2026-fee-changes-copy).

@pytest.mark.parametrize("date,price,band,expected", [
    # non-apparel small standard 2 oz or less: 2025 2.29 / 3.06 / 3.06; 2026 2.43 / 3.32 / 3.58
    ("2026-03-01", 9.99, "under_10", 2.43), ("2026-03-01", 10, "10_to_50", 3.32),
    ("2026-03-01", 10.01, "10_to_50", 3.32), ("2026-03-01", 49.99, "10_to_50", 3.32),
    ("2026-03-01", 50, "10_to_50", 3.32), ("2026-03-01", 50.01, "over_50", 3.58),
    ("2025-06-01", 9.99, "under_10", 2.29), ("2025-06-01", 10, "10_to_50", 3.06),
    ("2025-06-01", 50, "10_to_50", 3.06), ("2025-06-01", 50.01, "over_50", 3.06),
])
def test_price_bands(date, price, band, expected):
    r = fee(SMALL, weight=1.5, price=price, date=date)
    assert (r["price_band"], r["fulfillment_fee"]) == (band, expected)


@pytest.mark.parametrize("price,expected", [
    # non-apparel extra-large 150+ lb, 2026: 194.18 / 194.95 / 194.95 + 0.19 per lb above 151 (160 lb: 9 × 0.19 = 1.71)
    (9.99, 195.89), (10, 196.66), (50, 196.66), (50.01, 196.66),
])
def test_price_bands_of_a_formula_row(price, expected):
    assert us(length=100, width=30, height=30, weight=160, price=price)["fulfillment_fee"] == expected


# --- Product tables: apparel and dangerous goods have their own figures.

@pytest.mark.parametrize("date,flags,expected", [
    # small standard 2+ to 4 oz, $10–$50: non-apparel 3.15 / 3.42; apparel 3.27 / 3.54; hazmat 4.09 / 4.36
    ("2025-06-01", {}, 3.15), ("2026-03-01", {}, 3.42),
    ("2025-06-01", {"apparel": True}, 3.27), ("2026-03-01", {"apparel": True}, 3.54),
    ("2025-06-01", {"dangerous_goods": True}, 4.09), ("2026-03-01", {"dangerous_goods": True}, 4.36),
])
def test_apparel_and_dangerous_goods_tables(date, flags, expected):
    r = fee(SMALL, weight=3, date=date, **flags)
    assert r["fulfillment_fee"] == expected
    assert "not in our data" not in en(r["warnings"])


def test_apparel_large_standard_per_half_pound_above_3_lb():
    # 2026 apparel 3+ lb to 20 lb: 6.97 + 0.16 per ½ lb above 3 lb ($10–$50).
    # 3.25 lb → one started ½ lb: 7.13; 3.5 lb → 7.13; 3.75 lb → 7.29. Non-apparel: 6.97 + 0.08 per 4 oz.
    assert fee(THIN_LARGE, weight=3.2, apparel=True)["fulfillment_fee"] == 7.13
    assert fee(THIN_LARGE, weight=3.5, apparel=True)["fulfillment_fee"] == 7.13
    assert fee(THIN_LARGE, weight=3.6, apparel=True)["fulfillment_fee"] == 7.29
    assert fee(THIN_LARGE, weight=3.6)["fulfillment_fee"] == 7.21   # 6.97 + 3 × 0.08


def test_apparel_conflict_on_the_3_lb_row_is_unverified():
    # Sources disagree: calc-young-apparel-2026 gives 6.82 / 6.97 / 7.63 for apparel 3–20 lb;
    # we use Amazon's page copy (6.15 / 6.97 / 7.23) and say so
    r = fee(THIN_LARGE, weight=5, apparel=True, price=60)
    assert r["fulfillment_fee"] == 7.87   # 7.23 + 4 × 0.16
    assert r["confidence"] == "unverified" and "7.63" in en(r["unverified"])
    assert fee(THIN_LARGE, weight=2, apparel=True)["confidence"] != "unverified"


# --- SIPP discount from 15 Jan 2026 (calc-makaev-us, calc-patrick-us), on standard sizes only, before the fuel surcharge.

@pytest.mark.parametrize("base,weight,apparel,discount", [
    # SIPP rows: small standard 2 oz or less 0.04 / 0.06; 2+ to 4 oz 0.04 / 0.06; 4+ to 6 oz 0.05 / 0.07;
    # 12+ to 14 oz 0.07 / 0.07
    (SMALL, 2, False, 0.04), (SMALL, 2, True, 0.06), (SMALL, 2.01, False, 0.04), (SMALL, 4.01, False, 0.05),
    (SMALL, 4.01, True, 0.07), (SMALL, 14, True, 0.07),
    # large standard 8+ to 12 oz 0.07 / 0.06; 12+ to 16 oz 0.08 / 0.07; 2.75+ to 3 lb 0.14 / 0.14; 3+ to 20 lb 0.23 / 0.22
    (THIN_LARGE, 0.75, False, 0.07), (THIN_LARGE, 0.75, True, 0.06), (THIN_LARGE, 1, False, 0.08),
    (THIN_LARGE, 1, True, 0.07), (THIN_LARGE, 3, False, 0.14), (THIN_LARGE, 3.01, False, 0.23),
    (THIN_LARGE, 20, True, 0.22),
])
def test_sipp_discount_by_band(base, weight, apparel, discount):
    r = fee(base, weight=weight, apparel=apparel, sipp=True)
    assert lines(r)["sipp_discount"] == -discount
    assert r["total_fee"] == round(r["fulfillment_fee"] - discount, 2)


def test_no_sipp_discount_before_2026_for_bulky_or_for_dangerous_goods():
    assert "sipp_discount" not in lines(fee(SMALL, weight=2, sipp=True, date="2025-06-01"))
    assert "sipp_discount" not in lines(fee(SMALL, weight=2, sipp=True, dangerous_goods=True))
    # SIPP: small and large bulky have no SIPP discount from 15 Jan 2026
    for dims in ((30, 2, 2), (40, 2, 2), (60, 2, 2)):
        r = us(length=dims[0], width=dims[1], height=dims[2], weight=5, sipp=True)
        assert r["size_tier"] in ("small_bulky", "large_bulky", "extra_large") and lines(r) == {}
        # a rule, not a missing figure: said as a step, no warning that our data lacks it
        assert "SIPP" in en(r["steps"]) and "SIPP" not in en(r["warnings"])


def test_fuel_surcharge_on_the_fee_after_sipp():
    # Fuel and logistics surcharge: +3.5 % of the fulfilment fee from 2026-04-17; SIPP is subtracted before it.
    # 3 oz small standard: 3.42 − 0.04 = 3.38; 3.5 % × 3.38 = 0.1183 → 0.12; total 3.50
    r = fee(SMALL, weight=3, sipp=True, date="2026-04-17")
    assert lines(r) == {"sipp_discount": -0.04, "fuel_logistics": 0.12} and r["total_fee"] == 3.50
    assert lines(fee(SMALL, weight=3, sipp=True, date="2026-04-16")) == {"sipp_discount": -0.04}


def test_fuel_surcharge_starts_on_17_april_2026():
    # 4.60 × 3.5 % = 0.161 → 0.16
    assert us(date="2026-04-16")["total_fee"] == 4.60 and lines(us(date="2026-04-16")) == {}
    r = us(date="2026-04-17")
    assert r["surcharges"][0]["percent"] == 3.5 and lines(r) == {"fuel_logistics": 0.16} and r["total_fee"] == 4.76


# --- Bulky packaging fee (calc-patrick-us, ridgeline-2026): small and large bulky not SIPP-certified, by dimensional weight.

@pytest.mark.parametrize("dims,expected", [
    ((34.75, 10, 2), 1.51),      # dim 695/139 = 5.0 lb: "0 to 5 lb"
    ((34.75, 10, 2.01), 1.68),   # dim 5.03 lb: "5 to 10 lb"
    ((30, 20, 6), 3.47),         # dim 25.9 lb: "25 to 30 lb"
    ((40, 20, 6), 3.60),         # large bulky, dim 34.5 lb: "30 to 35 lb"
    ((37, 28, 6.5), 4.04),       # dim 48.4 lb: "45 lb or more"
])
def test_bulky_packaging_by_dimensional_weight(dims, expected):
    r = us(length=dims[0], width=dims[1], height=dims[2], weight=1)
    assert r["size_tier"] in ("small_bulky", "large_bulky") and lines(r) == {"bulky_packaging": expected}


def test_bulky_packaging_goes_by_dimensional_not_shipping_weight():
    # 30 × 20 × 6 in at 40 lb: shipping weight 40 lb, dim 25.9 lb → still "25 to 30 lb": 3.47
    r = us(length=30, width=20, height=6, weight=40)
    assert r["shipping_weight"]["value"] == 40 and lines(r) == {"bulky_packaging": 3.47}


def test_no_bulky_packaging_when_sipp_or_not_bulky_or_before_2026():
    assert lines(us(length=30, width=20, height=6, weight=1, sipp=True)) == {}
    assert lines(us(length=30, width=20, height=6, weight=1, date="2025-06-01")) == {}
    assert lines(us(length=60, width=2, height=2, weight=5)) == {}     # extra-large
    assert lines(us()) == {}                                          # large standard


# --- Overmax (amazon-us-2026-fee-changes-copy): extra-large up to 150 lb, longest side over 96 in or length + girth over 130 in.

@pytest.mark.parametrize("dims,weight,expected", [
    ((96, 10, 2), 30, None),          # longest side exactly 96 in; L+G 120
    ((96.01, 10, 2), 30, 17.0),       # longest side over 96 in: "Extra-large 0–50 lb" 17.00
    ((96, 15, 2), 30, None),          # L+G 96 + 34 = 130 exactly
    ((96, 15, 2.01), 30, 17.0),       # L+G 130.02
    ((100, 10, 2), 50, 17.0),
    ((100, 10, 2), 50.01, 21.0),      # "50+–70 lb" 21.00
    ((100, 10, 2), 70, 21.0),
    ((100, 10, 2), 70.01, 25.0),      # "70+–150 lb" 25.00
    ((100, 10, 2), 150, 25.0),
    ((100, 10, 2), 150.01, None),     # "150+ lb: not charged"
])
def test_overmax_handling(dims, weight, expected):
    r = us(length=dims[0], width=dims[1], height=dims[2], weight=weight)
    assert r["size_tier"] == "extra_large"
    assert lines(r).get("overmax_handling") == expected


def test_no_overmax_fee_before_15_january_2026():
    assert "overmax_handling" not in lines(us(length=100, width=10, height=2, weight=30, date="2025-06-01"))


# --- Cards by date, stale card, override, comparison, CLI.

def test_stale_card_warning_after_one_year():
    # us-fba-2026 took effect 2026-01-15, no end date: 2027-01-15 is 365 days later, 2027-01-16 is 366
    assert "more than a year" not in en(us(date="2027-01-15")["warnings"])
    assert "more than a year" in en(us(date="2027-01-16")["warnings"])


def test_override_replaces_the_fee_and_keeps_the_card_figure():
    # card 4.60; seller's 5.10; fuel 3.5 % × 5.10 = 0.1785 → 0.18; total 5.28
    r = us(fee_override=5.10, date="2026-05-01")
    assert r["fulfillment_fee"] == 5.10 and r["card_fee"] == 4.60 and r["total_fee"] == 5.28
    assert r["override"] == {"value": 5.10, "card_fee": 4.60, "difference": 0.5}
    assert "5.10" in en(r["warnings"]) and "4.60" in en(r["warnings"])
    assert "fee_override" in errors(ITEM, fee_override=-1)


def test_compare_card():
    # 2026 card on 2026-05-01: 4.60 + 0.16 = 4.76; the 2025 card for the same item: non-apparel 12+ to 16 oz 4.55
    r = us(compare_card="us-fba-2025", date="2026-05-01")
    c = r["comparison"]
    assert c["rate_card"]["id"] == "us-fba-2025" and c["total_fee"] == 4.55 and c["difference"] == 0.21
    table = details(r, "en")
    assert "<caption>" in table and "US 2025" in table and 'scope="col"' in table
    assert "compare_card" in errors(ITEM, compare_card="uk-fba-2026")
    assert "compare_card" in errors(ITEM, compare_card="no-such-card")


def cli(payload):
    return subprocess.run([sys.executable, "-m", "calculators", "fba-fee"], input=payload, capture_output=True,
                          text=True, cwd=ROOT)


def test_cli_exit_codes_and_bilingual_errors():
    ok = cli(json.dumps(ITEM))
    assert ok.returncode == 0 and json.loads(ok.stdout)["total_fee"] == 4.60
    for bad, field in [({**ITEM, "marketplace": "XX"}, "marketplace"), ({**ITEM, "weight_unit": "st"}, "weight_unit"),
                       ({**ITEM, "length": -2}, "length"), ({**ITEM, "weight": 1e9}, "weight"),
                       ({**ITEM, "date": "2026-02-30"}, "date")]:
        proc = cli(json.dumps(bad))
        assert proc.returncode == 2, bad
        errs = json.loads(proc.stdout)["errors"]
        assert [e["field"] for e in errs] == [field]
        assert errs[0]["message"]["en"] and errs[0]["message"]["zh"] and errs[0]["message"]["en"] != errs[0]["message"]["zh"]
    nan = cli(json.dumps(ITEM).replace('"weight": 0.8', '"weight": NaN'))
    assert nan.returncode == 2 and json.loads(nan.stdout)["errors"][0]["field"] == "weight"


def test_units_do_not_change_the_result():
    # 10 in = 25.4 cm, 6 in = 15.24 cm, 2 in = 5.08 cm; 0.8 lb = 12.8 oz = 362.874 g
    for changes in ({"length": 25.4, "width": 15.24, "height": 5.08, "dimension_unit": "cm"},
                    {"weight": 12.8, "weight_unit": "oz"}, {"weight": 362.87389, "weight_unit": "g"}):
        r = us(**changes)
        assert (r["size_tier"], r["shipping_weight"]["value"], r["total_fee"]) == ("large_standard", 1.0, 4.60)
    ok, out = run("fba-fee", {**ITEM, "weight": 0.36287389, "weight_unit": "kg"})
    assert ok and out["total_fee"] == 4.60

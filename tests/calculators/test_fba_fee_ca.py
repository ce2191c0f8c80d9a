"""Canada (calculators/data/fba/ca-undated.json, ca-remote-2024.json): amazon.ca's old
local structure (undated; tier limits, packaging weight and divisor not in our sources)
and Remote Fulfillment from US stock (2024 official card)."""

from __future__ import annotations

import pytest

from calculators import run
from tests.calculators.conftest import english, result


CA = {"marketplace": "CA", "length": 30, "width": 20, "height": 10, "dimension_unit": "cm", "weight": 500,
      "weight_unit": "g", "price": 30, "date": "2026-03-01"}
REMOTE = {**CA, "fulfilment_from": "US", "length": 10, "width": 6, "height": 2, "dimension_unit": "in",
          "weight": 0.8, "weight_unit": "lb"}


def fee(base=CA, **changes):
    return result("fba-fee", {**base, **changes})


en = english


def test_local_without_tier_lists_each_tier():
    # 500 g: envelope 3.37 + 0.31 × (0.4 / 0.1 = 4) = 4.61; standard 250–500 g 5.57; oversize first kg 9.71
    r = fee()
    assert r["size_tier"] is None and r["fulfillment_fee"] is None and r["total_fee"] is None
    assert [(a["size_tier"], a["fulfillment_fee"]) for a in r["alternatives"]] == [
        ("envelope", 4.61), ("standard", 5.57), ("oversize", 9.71)]
    assert "Choose the size tier" in en(r["warnings"]) and "undated" in en(r["warnings"])
    assert r["confidence"] == "unverified"


@pytest.mark.parametrize("tier,grams,expected", [
    ("envelope", 100, 3.37), ("envelope", 101, 3.68),      # 101 g → 200 g: 3.37 + 0.31
    ("standard", 250, 5.44), ("standard", 251, 5.57),      # rounded up to 250 g steps
    ("standard", 500, 5.57), ("standard", 501, 6.40),
    ("standard", 1000, 6.40), ("standard", 1001, 7.06),
    ("standard", 1500, 7.06), ("standard", 1600, 7.49),    # 1.75 kg: 7.06 + 0.43 × 1 (per 500 g)
    ("standard", 2000, 7.49), ("standard", 2001, 7.92),    # 2.25 kg: 2 × 500 g above 1.5 kg
    ("oversize", 1000, 9.71), ("oversize", 1001, 10.15),   # 1.5 kg: 9.71 + 0.44
])
def test_local_weight_bands_with_chosen_tier(tier, grams, expected):
    r = fee(size_tier=tier, weight=grams)
    assert r["size_tier"] == tier and r["fulfillment_fee"] == expected


def test_local_newer_point_conflict_0_2_to_0_3_kg():
    r = fee(size_tier="standard", weight=250)
    assert r["fulfillment_fee"] == 5.44 and "give CAD 6.36 for a standard item" in en(r["unverified"])
    assert "6.36" in en(fee(size_tier="standard", weight=300)["unverified"])
    assert "6.36" not in en(fee(size_tier="standard", weight=200)["unverified"])  # 0.2 kg is not above 0.2
    assert "6.36" not in en(fee(size_tier="standard", weight=301)["unverified"])


def test_local_fuel_surcharge_from_17_april_2026():
    assert fee(size_tier="standard", date="2026-04-16")["surcharges"] == []
    # 5.57 × 3.5% = 0.19495 → 0.19; total 5.76
    r = fee(size_tier="standard", date="2026-04-17")
    assert r["surcharges"][0]["amount"] == 0.19 and r["total_fee"] == 5.76


def test_local_weight_rules_missing_are_said():
    assert "divisor" in en(fee(size_tier="standard")["warnings"])


def test_local_override_without_tier():
    # 6.50 + 3.5% = 0.2275 → 0.23 → 6.73
    r = fee(fee_override=6.5, date="2026-05-01")
    assert r["fulfillment_fee"] == 6.5 and r["total_fee"] == 6.73 and r["override"]["card_fee"] is None


def test_remote_fulfillment_card():
    # US rules: ship 1 lb (dim 0.863); large standard 12–16 oz: CAD 10.63
    r = fee(REMOTE)
    assert r["rate_card"]["id"] == "ca-remote-2024" and r["programme"] == "remote"
    assert (r["size_tier"], r["fulfillment_fee"], r["currency"]) == ("large_standard", 10.63, "CAD")
    assert "more than a year" in en(r["warnings"])


def test_remote_surcharge_and_dates():
    assert fee(REMOTE, date="2026-04-16")["total_fee"] == 10.63
    assert fee(REMOTE, date="2026-04-17")["total_fee"] == 11.00  # 10.63 × 3.5% = 0.372 → 0.37
    ok, out = run("fba-fee", {**REMOTE, "date": "2024-02-04"})
    assert not ok and out["errors"][0]["field"] == "date"
    assert "peak" in en(fee(REMOTE, date="2025-12-01")["warnings"])
    assert "more than a year" not in en(fee(REMOTE, date="2025-02-04")["warnings"])  # 365 days after 2024-02-05


@pytest.mark.parametrize("changes,tier,expected", [
    ({"height": 0.5, "weight": 2, "weight_unit": "oz"}, "small_standard", 8.21),
    ({"height": 0.5, "weight": 2.01, "weight_unit": "oz"}, "small_standard", 8.38),
    ({"height": 0.5, "weight": 16, "weight_unit": "oz"}, "small_standard", 9.29),
    ({"length": 12, "width": 10, "height": 6, "weight": 10}, "large_standard", 18.69),  # 15.61 + 0.11 × 28
    ({"length": 20, "width": 10, "height": 10, "weight": 20}, "large_bulky", 35.28),   # 20.08 + 0.80 × 19
    ({"length": 61, "width": 10, "height": 10, "weight": 50}, "extra_large", 76.63),   # 37.43 + 0.80 × 49
    ({"length": 61, "width": 10, "height": 10, "weight": 51}, "extra_large", 71.76),   # 50–70 lb band
    ({"length": 61, "width": 10, "height": 10, "weight": 70}, "extra_large", 86.96),   # 71.76 + 0.80 × (70 − 51)
])
def test_remote_bands(changes, tier, expected):
    r = fee(REMOTE, **changes)
    assert r["size_tier"] == tier and r["fulfillment_fee"] == expected


def test_remote_above_70_lb_has_no_figure():
    r = fee(REMOTE, length=61, width=10, height=10, weight=71)
    assert r["fee_available"] is False and r["fulfillment_fee"] is None and "no fee" in en(r["warnings"])


def test_remote_only_from_us():
    ok, out = run("fba-fee", {**CA, "fulfilment_from": "UK"})
    assert not ok and out["errors"][0]["field"] == "fulfilment_from"
    ok, out = run("fba-fee", {**CA, "marketplace": "US", "fulfilment_from": "US"})
    assert ok and out["programme"] == "local"  # US stock on amazon.com is plain local FBA

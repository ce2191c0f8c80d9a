"""Japan FBA (calculators/data/fba/jp-undated.json): tiers by the sum of the sides,
packaging weight added per tier, fees including 10% consumption tax, the Standard 2
conflict, and no FBA above a sum of 260 cm or 50 kg."""

from __future__ import annotations

import pytest

from calculators import run
from tests.calculators.conftest import english, result


JP = {"marketplace": "JP", "length": 30, "width": 20, "height": 5, "dimension_unit": "cm", "weight": 800,
      "weight_unit": "g", "price": 2000, "date": "2026-05-01"}


def fee(**changes):
    return result("fba-fee", {**JP, **changes})


en = english


@pytest.mark.parametrize("dims,kg,tier,expected", [
    ((25, 18, 2.0), 0.2, "small", 288),          # 0.2 + 0.05 packaging = 0.25 kg ≤ 0.25
    ((25, 18, 2.0), 0.201, "standard_1", 318),   # 0.251 kg > 0.25 → next tier (35 × 30 × 3.3, ≤1 kg)
    ((25.1, 18, 2.0), 0.1, "standard_1", 318),
    ((25, 18, 2.1), 0.1, "standard_1", 318),
    ((35, 30, 3.3), 0.95, "standard_1", 318),    # 0.95 + 0.05 = 1.0 kg
    ((30, 20, 3.4), 0.5, "standard_2", 434),     # thicker than 3.3; sum 53.4 ≤ 60
    ((30, 20, 10), 1.85, "standard_2", 434),     # sum 60; 1.85 + 0.15 = 2.0 kg
    ((30, 20, 10.1), 1.0, "standard_3", 514),    # sum 60.1
    ((30, 20, 10), 1.851, "standard_3", 514),    # 2.001 kg
    ((40, 30, 10), 4.85, "standard_3", 514),     # sum 80; 5.0 kg
    ((40, 30, 10), 4.86, "standard_4", 603),     # 4.86 + 0.15 = 5.01 kg > 5
    ((40, 30, 10.1), 1.0, "standard_4", 603),    # sum 80.1
    ((50, 30, 20), 8.85, "standard_4", 603),     # sum 100; 9.0 kg
    ((50, 30, 20), 8.86, "oversize_3", 815),     # 9.01 kg: standard tiers end at 9 kg; oversize 3 ≤ 100 cm, ≤ 10 kg
    ((50, 30, 20), 9.85, "oversize_3", 815),     # 10.0 kg
    ((50, 30, 20.1), 9.0, "oversize_4", 975),    # sum 100.1; 9 + 0.55 = 9.55 kg ≤ 15
    ((60, 40, 20), 14.45, "oversize_4", 975),    # sum 120; 14.45 + 0.55 = 15.0
    ((60, 40, 20), 14.46, "oversize_5", 1020),   # 15.01 > 15; 14.46 + 0.70 = 15.16 ≤ 20
    ((60, 50, 30), 19.3, "oversize_5", 1020),    # sum 140; 19.3 + 0.7 = 20.0
    ((60, 50, 30.1), 10, "oversize_6", 1100),    # sum 140.1; + 1.2 kg
    ((80, 50, 50), 28.8, "oversize_7", 1532),    # sum 180; 28.8 + 1.2 = 30.0
    ((80, 60, 60), 38.6, "oversize_8", 1756),    # sum 200; 38.6 + 1.4 = 40.0
    ((80, 60, 60), 38.61, "supersize_1", 2755),  # 40.01 kg
    ((80, 60, 60.1), 20, "supersize_2", 3573),   # sum 200.1
    ((100, 70, 70), 20, "supersize_3", 4496),    # sum 240
    ((100, 100, 60), 50, "supersize_4", 5625),   # sum 260, 50 kg: the last tier FBA takes
])
def test_jp_tiers(dims, kg, tier, expected):
    l, w, h = dims
    r = fee(length=l, width=w, height=h, weight=kg, weight_unit="kg")
    assert r["size_tier"] == tier and r["fulfillment_fee"] == expected and r["currency"] == "JPY"
    assert r["eligible"] is True


def test_packaging_weight_is_added_to_the_shipping_weight():
    # standard 2: 0.8 kg + 0.15 kg = 0.95 kg
    r = fee()
    assert r["size_tier"] == "standard_2" and r["shipping_weight"] == {"value": 0.95, "unit": "kg"}
    assert r["packaging_weight"] == {"value": 0.15, "unit": "kg"}
    assert r["dimensional_weight"]["value"] is None
    # standard 3 (sum 65 cm): 1.0 + 0.15 = 1.15 kg; oversize 4: 9 + 0.55 = 9.55 kg
    assert fee(length=35, width=20, height=10, weight=1000)["shipping_weight"]["value"] == 1.15
    assert fee(length=50, width=30, height=20.1, weight=9, weight_unit="kg")["shipping_weight"]["value"] == 9.55
    # small: 0.1 + 0.05 = 0.15 kg
    assert fee(length=20, width=15, height=1, weight=100)["shipping_weight"]["value"] == 0.15


def test_supersize_packaging_unknown_is_said():
    r = fee(length=80, width=60, height=60, weight=45, weight_unit="kg")
    assert r["size_tier"] == "supersize_1" and r["shipping_weight"]["value"] == 45
    assert "no packaging weight" in en(r["steps"])


@pytest.mark.parametrize("dims,kg", [((100, 100, 60.1), 10), ((100, 100, 60), 50.01), ((200, 50, 50), 60)])
def test_fba_not_available_above_260_cm_or_50_kg(dims, kg):
    l, w, h = dims
    r = fee(length=l, width=w, height=h, weight=kg, weight_unit="kg")
    assert r["eligible"] is False and r["size_tier"] is None and r["fulfillment_fee"] is None
    assert "not available" in r["ineligible_reason"]["en"] and r["ineligible_reason"]["zh"]


def test_standard_2_conflict_is_unverified():
    r = fee()
    assert r["confidence"] == "unverified"
    text = en(r["unverified"])
    assert "413" in text and "465" in text and "485" in text


def test_standard_tiers_warn_that_side_limits_are_missing():
    assert "¥589" in en(fee()["warnings"])
    assert "¥589" not in en(fee(length=20, width=15, height=1, weight=100)["warnings"])  # small has side limits


def test_undated_card_warns():
    r = fee()
    assert r["rate_card"]["id"] == "jp-fba-undated" and "undated" in en(r["warnings"])


def test_units_convert():
    # 9.8 × 7 × 0.75 in = 24.892 × 17.78 × 1.905 cm; 7 oz = 198.45 g (+50 g = 248.45 g ≤ 250) → small
    r = fee(length=9.8, width=7, height=0.75, dimension_unit="in", weight=7, weight_unit="oz")
    assert (r["size_tier"], r["fulfillment_fee"]) == ("small", 288)
    # 0.8 kg = 800 g = 1.763698 lb: the same standard 2 item, ¥434
    for w, u in ((0.8, "kg"), (1.7636981, "lb"), (28.219169, "oz")):
        r = fee(weight=w, weight_unit=u)
        assert (r["size_tier"], r["fulfillment_fee"], r["shipping_weight"]["value"]) == ("standard_2", 434, 0.95)


def test_chosen_tier_and_override():
    # the seller says oversize 1: ¥589, with a warning that our limits say standard 2
    r = fee(size_tier="oversize_1")
    assert r["size_tier"] == "oversize_1" and r["fulfillment_fee"] == 589 and "Standard 2" in en(r["warnings"])
    r = fee(fee_override=465)
    assert r["fulfillment_fee"] == 465 and r["card_fee"] == 434 and r["override"]["difference"] == 31
    ok, out = run("fba-fee", {**JP, "size_tier": "small_parcel"})
    assert not ok and out["errors"][0]["field"] == "size_tier"


def test_no_remote_programme_into_japan():
    ok, out = run("fba-fee", {**JP, "fulfilment_from": "US"})
    assert not ok and out["errors"][0]["field"] == "fulfilment_from"


def test_override_is_not_used_for_an_ineligible_item():
    r = fee(length=100, width=100, height=61, weight=10, weight_unit="kg", fee_override=6000)
    assert r["eligible"] is False and r["fulfillment_fee"] is None and "not used" in en(r["warnings"])


def test_rate_card_says_it_is_undated():
    assert fee()["rate_card"]["date_basis"] == "undated"

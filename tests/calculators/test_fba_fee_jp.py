"""Japan: every size tier (小型, 標準1–8, 大型1–8, 特大型1–5) on both sides of its
limits, the fee of each tier on the cards of 1 Apr 2024, 1 Apr 2025 and the current
card, the ≤ ¥1,000 column, and where FBA stops before and after 1 Jun 2025.

Expected figures are typed from the original sources (ids of
calculators/data/sources/catalogue.json): tiers and limits from Amazon's size-tier help
page (amazon-jp-size-tiers-copy) and fee page (amazon-jp-fees-old); fees, tax included,
from Amazon's notices of the 2024 and 2025 changes (amazon-jp-2024-notice,
amazon-jp-2025-notice) and the pricing page (jp-pricing-copy-2026, with the ≤ ¥1,000
column; calc-jp-2025-c4 for the 2025 card); never read from our data files."""

from __future__ import annotations

import pytest

from tests.calculators.fba_helpers import en, fee, mismatches

JP = {"marketplace": "JP", "length": 30, "width": 20, "height": 5, "dimension_unit": "cm", "weight": 0.8,
      "weight_unit": "kg", "price": 2000, "date": "2026-06-01"}
TIERS = ["small", "standard_1", "standard_2", "standard_3", "standard_4", "standard_5", "standard_6", "standard_7",
         "standard_8", "oversize_1", "oversize_2", "oversize_3", "oversize_4", "oversize_5", "oversize_6", "oversize_7",
         "oversize_8", "supersize_1", "supersize_2", "supersize_3", "supersize_4", "supersize_5"]
# Fees, price > ¥1,000, in TIERS order (特大型 260–<400 cm only from 2025-06-01):
FROM_2024_04 = [288, 318, 413, 434, 455, 465, 485, 514, 603, 589, 712, 815, 975, 1020, 1100, 1532, 1756,
                2755, 3573, 4496, 5625, None]
FROM_2025_04 = [288, 318, 413, 434, 455, 465, 485, 514, 532, 589, 624, 675, 781, 1020, 1100, 1532, 1756,
                2755, 3573, 4496, 5625, 13950]
CURRENT = [288, 318, 410, 415, 420, 425, 430, 472, 532, 589, 624, 675, 781, 1020, 1100, 1532, 1756,
           2755, 3573, 4496, 5625, 13950]
# The current ≤ ¥1,000 column (jp-pricing-copy-2026); 2024–2025: ¥66 below the normal fee in every tier
CURRENT_LOW = [222, 252, 344, 358, 371, 379, 391, 427, 466, 523, 558, 609, 715, 954, 1034, 1466, 1690,
               2689, 3507, 4430, 5559, 13884]
# One item per tier: (sides cm, kg), inside the tier's limits (amazon-jp-size-tiers-copy) and outside every smaller tier's.
ITEMS = [((25, 18, 2), 0.25), ((35, 30, 3.3), 1), ((10, 6, 4), 2), ((15, 10, 5), 2), ((20, 15, 5), 2),
         ((25, 15, 10), 2), ((30, 20, 10), 2), ((40, 30, 10), 5), ((45, 35, 20), 9), ((46, 10, 4), 2),
         ((50, 20, 10), 5), ((50, 30, 20), 10), ((60, 40, 20), 15), ((70, 40, 30), 20), ((80, 50, 30), 25),
         ((90, 50, 40), 30), ((100, 60, 40), 40), ((100, 60, 40), 50), ((110, 60, 50), 50), ((120, 70, 50), 50),
         ((130, 80, 50), 50), ((250, 100, 49), 49)]


def jp(**changes):
    return fee(JP, **changes)


def _dims(d):
    return {"length": d[0], "width": d[1], "height": d[2]}


@pytest.mark.parametrize("date,fees,low", [
    ("2024-06-01", FROM_2024_04, [None if f is None else f - 66 for f in FROM_2024_04]),
    ("2025-06-01", FROM_2025_04, [f - 66 for f in FROM_2025_04]),
    ("2026-06-01", CURRENT, CURRENT_LOW),
])
def test_every_tier_on_every_card(date, fees, low):
    cases = []
    for tier, (dims, kg), normal, cheap in zip(TIERS, ITEMS, fees, low):
        if normal is None:
            continue
        for price, expected in ((1001, normal), (2000, normal), (1000, cheap), (500, cheap)):
            cases.append((f"{tier} at ¥{price}", JP, {**_dims(dims), "weight": kg, "price": price, "date": date},
                          lambda r: (r["size_tier"], r["fulfillment_fee"], r["low_price"]),
                          (tier, expected, price <= 1000)))
    assert mismatches(cases) == []


@pytest.mark.parametrize("dims,kg,tier", [
    # 小型 ≤ 25 × 18 × 2.0 cm, ≤ 250 g
    ((25, 18, 2), 0.25, "small"), ((25.1, 18, 2), 0.25, "standard_1"), ((25, 18.1, 2), 0.25, "standard_1"),
    ((25, 18, 2.1), 0.25, "standard_1"), ((25, 18, 2), 0.251, "standard_1"),
    # 標準1 ≤ 35 × 30 × 3.3 cm, ≤ 1 kg; beyond it, 標準 by the sum of the sides
    ((35, 30, 3.3), 1, "standard_1"), ((35.1, 30, 3.3), 1, "standard_7"), ((35, 30.1, 3.3), 1, "standard_7"),
    ((35, 30, 3.4), 1, "standard_7"), ((35, 30, 3.3), 1.01, "standard_7"),
    # 標準2–6: sum ≤ 20 / 30 / 40 / 50 / 60 cm, ≤ 2 kg
    ((10, 6, 4), 2, "standard_2"), ((10, 6, 1), 1.5, "standard_2"), ((10, 6, 4.1), 2, "standard_3"),
    ((10, 6, 4), 2.01, "standard_7"), ((15, 10, 5), 2, "standard_3"), ((15, 10, 5.1), 2, "standard_4"),
    ((20, 15, 5), 2, "standard_4"), ((20, 15, 5.1), 2, "standard_5"), ((25, 15, 10), 2, "standard_5"),
    ((25, 15, 10.1), 2, "standard_6"), ((30, 20, 10), 2, "standard_6"), ((30, 20, 10.1), 2, "standard_7"),
    ((30, 20, 10), 2.01, "standard_7"),
    # 標準7 ≤ 80 cm, 5 kg; 標準8 ≤ 100 cm, 9 kg, inside 45 × 35 × 20 cm
    ((40, 30, 10), 5, "standard_7"), ((40, 30, 10.1), 5, "standard_8"), ((40, 30, 10), 5.01, "standard_8"),
    ((45, 35, 20), 9, "standard_8"), ((45, 35, 20), 9.01, "oversize_3"), ((45.1, 35, 19.9), 1, "oversize_3"),
    ((45, 35.1, 19.9), 1, "oversize_3"), ((45, 35, 20.1), 1, "oversize_4"),
    # 大型1–8: sum ≤ 60 / 80 / 100 / 120 / 140 / 160 / 180 / 200 cm; 2 / 5 / 10 / 15 / 20 / 25 / 30 / 40 kg
    ((46, 10, 4), 2, "oversize_1"), ((46, 10, 4.1), 2, "oversize_2"), ((46, 10, 4), 2.01, "oversize_2"),
    ((50, 20, 10), 5, "oversize_2"), ((50, 20, 10.1), 5, "oversize_3"), ((50, 20, 10), 5.01, "oversize_3"),
    ((50, 30, 20), 10, "oversize_3"), ((50, 30, 20.1), 10, "oversize_4"), ((50, 30, 20), 10.01, "oversize_4"),
    ((60, 40, 20), 15, "oversize_4"), ((60, 40, 20.1), 15, "oversize_5"), ((60, 40, 20), 15.01, "oversize_5"),
    ((70, 40, 30), 20, "oversize_5"), ((70, 40, 30.1), 20, "oversize_6"), ((70, 40, 30), 20.01, "oversize_6"),
    ((80, 50, 30), 25, "oversize_6"), ((80, 50, 30.1), 25, "oversize_7"), ((80, 50, 30), 25.01, "oversize_7"),
    ((90, 50, 40), 30, "oversize_7"), ((90, 50, 40.1), 30, "oversize_8"), ((90, 50, 40), 30.01, "oversize_8"),
    ((100, 60, 40), 40, "oversize_8"), ((100, 60, 40), 40.01, "supersize_1"), ((100, 60, 40.1), 1, "supersize_2"),
    # 特大型1–4: sum ≤ 200 / 220 / 240 / 260 cm, ≤ 50 kg
    ((100, 60, 40), 50, "supersize_1"), ((110, 60, 50), 50, "supersize_2"), ((110, 60, 50.1), 1, "supersize_3"),
    ((120, 70, 50), 50, "supersize_3"), ((120, 70, 50.1), 1, "supersize_4"), ((130, 80, 50), 50, "supersize_4"),
])
def test_size_tier_limits(dims, kg, tier):
    assert jp(**_dims(dims), weight=kg)["size_tier"] == tier


@pytest.mark.parametrize("date,dims,kg,eligible", [
    # amazon-jp-2025-notice: before 2025-06-01 FBA stops above a 260 cm sum or 50 kg; from 2025-06-01, up to 400 cm
    # (longest side 250 cm), 50 kg
    ("2025-05-31", (130, 80, 50), 50, True), ("2025-05-31", (130, 80, 50.1), 10, False),
    ("2025-05-31", (100, 60, 40), 50.01, False),
    ("2025-06-01", (130, 80, 50.1), 10, True), ("2025-06-01", (250, 100, 49), 49, True),
    ("2025-06-01", (250.1, 80, 50), 10, False), ("2025-06-01", (200, 100, 100.5), 10, False),
    ("2025-06-01", (100, 60, 40), 50.01, False),
    ("2026-06-01", (130, 80, 50.1), 10, True), ("2026-06-01", (250.1, 80, 50), 10, False),
])
def test_where_fba_stops(date, dims, kg, eligible):
    r = jp(**_dims(dims), weight=kg, date=date)
    assert r["eligible"] is eligible
    if eligible:
        assert r["fee_available"] is True
    else:
        assert r["size_tier"] is None and r["fulfillment_fee"] is None and r["total_fee"] is None
        assert "FBA" in en(r["steps"]) and r["ineligible_reason"]["zh"]


def test_supersize_over_260_cm_is_unverified():
    # 特大型 260–<400 cm: no official source gives the fee; 13,950 in one code source only (calc-jp-supersize-c5)
    r = jp(length=130, width=80, height=50.1, weight=10)
    assert (r["size_tier"], r["fulfillment_fee"]) == ("supersize_5", 13950)
    assert r["confidence"] == "unverified" and "13,950" in en(r["unverified"])


@pytest.mark.parametrize("date,card", [("2024-04-01", "jp-fba-2024"), ("2025-03-31", "jp-fba-2024"),
                                       ("2025-04-01", "jp-fba-2025"), ("2026-03-31", "jp-fba-2025"),
                                       ("2026-04-01", "jp-fba-2026"), ("2026-12-06", "jp-fba-2026")])
def test_cards_by_date(date, card):
    # 2024-04-01 card (amazon-jp-2024-notice); 2025-04-01 cuts (amazon-jp-2025-notice); the current card (start date not found: approximate)
    assert jp(date=date)["rate_card"]["id"] == card


def test_no_dimensional_weight_and_no_packaging_weight():
    # amazon-jp-fees-old: fees by the three sides, their sum and the unit weight; no packaging weight since 2021-06-16.
    # 40 × 30 × 10 cm at 4 kg: 標準7 (≤ 80 cm, 5 kg) whatever its volume; current card ¥472
    r = jp(length=40, width=30, height=10, weight=4)
    assert r["dimensional_weight"]["value"] is None and r["shipping_weight"]["value"] == 4
    assert (r["size_tier"], r["fulfillment_fee"]) == ("standard_7", 472)


def test_no_holiday_peak_fee_in_japan():
    # No source names a Japanese holiday peak fulfilment fee; the seasonal cost is storage
    r = jp(date="2026-12-06")
    assert r["fee_basis"] == "non_peak" and r["peak_season"] is None and "peak" not in en(r["warnings"]).lower()


def test_yen_has_no_decimals_and_units_convert():
    # 30 × 20 × 5 cm = 11.811 × 7.874 × 1.969 in; 0.8 kg = 1.7637 lb: 標準6 (sum 55, ≤ 2 kg) ¥430
    a = jp()
    b = jp(length=11.811024, width=7.874016, height=1.968504, dimension_unit="in", weight=1.7636981, weight_unit="lb")
    for r in (a, b):
        assert (r["size_tier"], r["fulfillment_fee"], r["currency"]) == ("standard_6", 430, "JPY")

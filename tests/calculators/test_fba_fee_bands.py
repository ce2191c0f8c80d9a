"""Every weight band's edges, both sides, typed in from the sources the rate cards name
(calculators/data/fba/us-2025.json, us-2026.json, ca-remote-2024.json, uk-2026.json)
rather than read from those files, so a slipped figure in a data file fails here."""

from __future__ import annotations

import pytest

from tests.calculators.conftest import result


OZ = 1 / 16


def fee(**payload):
    return result("fba-fee", payload)


SMALL_2025 = [3.06, 3.15, 3.24, 3.33, 3.43, 3.53, 3.60, 3.65]          # ≤2, 2–4, … 14–16 oz
SMALL_2026 = [3.32, 3.42, 3.45, 3.54, 3.68, 3.78, 3.91, 3.96]          # $10–50 column
SMALL_REMOTE = [8.21, 8.38, 8.55, 8.69, 8.83, 8.97, 9.11, 9.29]        # CAD, Remote Fulfillment into CA
LARGE_2025 = [3.68, 3.90, 4.15, 4.55, 4.99, 5.37, 5.52, 5.77, 5.87, 6.05, 6.21, 6.62]  # ≤4 oz … 2.75–3 lb
LARGE_2026 = [3.73, 3.95, 4.20, 4.60, 5.04, 5.42, 5.57, 5.82, 5.92, 6.10, 6.26, 6.67]
LARGE_REMOTE = [9.46, 9.82, 10.26, 10.63, 12.05, 12.75, 12.98, 13.63, 13.84, 14.29, 14.44, 15.08]
CASES = {"us-2025": ("US", "local", "2025-06-01", SMALL_2025, LARGE_2025, 6.92 + 0.08),
         "us-2026": ("US", "local", "2026-03-01", SMALL_2026, LARGE_2026, 6.97 + 0.08),
         "ca-remote": ("CA", "US", "2026-03-01", SMALL_REMOTE, LARGE_REMOTE, 15.61 + 0.11)}


def card_item(card, weight_unit, **sides_in):
    """An item priced $25 under ``card``'s marketplace and date, its sides in inches."""
    mk, frm, date = CASES[card][:3]
    return dict(marketplace=mk, fulfilment_from=frm, date=date, dimension_unit="in", weight_unit=weight_unit, price=25,
                **sides_in)


@pytest.mark.parametrize("card", CASES)
@pytest.mark.parametrize("i", range(8))
def test_small_standard_band_edges(card, i):
    small, edge_oz = CASES[card][3], 2 * (i + 1)
    thin = card_item(card, "oz", length=10, width=6, height=0.5)
    # at the band's upper edge: that band; 0.01 oz more rounds up to the next whole ounce
    assert fee(**thin, weight=edge_oz)["fulfillment_fee"] == small[i]
    over = fee(**thin, weight=edge_oz + 0.01)
    if i < 7:
        assert over["size_tier"] == "small_standard" and over["fulfillment_fee"] == small[i + 1]
    else:
        assert over["size_tier"] == "large_standard"


@pytest.mark.parametrize("card", CASES)
@pytest.mark.parametrize("i", range(12))
def test_large_standard_band_edges(card, i):
    large, first_step_over_3 = CASES[card][4:]
    edge_lb = 0.25 * (i + 1)
    # 15.5 × 2 × 0.5 in: longest side over 15 → large standard; dim 15.5/139 = 0.11 lb below every unit weight here
    long = card_item(card, "lb", length=15.5, width=2, height=0.5)
    at = fee(**long, weight=edge_lb)
    assert at["size_tier"] == "large_standard" and at["fulfillment_fee"] == large[i]
    over = fee(**long, weight=edge_lb + 0.01 * OZ)   # rounds up to the next 4 oz
    expected = large[i + 1] if i < 11 else round(first_step_over_3, 2)  # 3.25 lb: base + one 4-oz step
    assert over["fulfillment_fee"] == expected


@pytest.mark.parametrize("date,column", [("2026-03-01", 0), ("2026-03-01", 1), ("2026-03-01", 2)])
def test_2026_price_columns_for_formula_tiers(date, column):
    price = (9.99, 25, 60)[column]
    base = dict(marketplace="US", date=date, dimension_unit="in", weight_unit="lb", price=price)
    # large standard 3.25 lb: 6.15 / 6.97 / 7.23 + 0.08
    assert fee(**base, length=15.5, width=2, height=0.5, weight=3.2)["fulfillment_fee"] == [6.23, 7.05, 7.31][column]
    # small bulky 5 lb (30 × 2 × 2 in, dim 0.86 lb): 6.78 / 7.55 / 7.55 + 0.38 × 4
    assert fee(**base, length=30, width=2, height=2, weight=5)["fulfillment_fee"] == [8.30, 9.07, 9.07][column]
    # large bulky 5 lb (40 × 2 × 2 in): 8.58 / 9.35 / 9.35 + 0.38 × 4
    assert fee(**base, length=40, width=2, height=2, weight=5)["fulfillment_fee"] == [10.10, 10.87, 10.87][column]
    # extra-large 5 lb (60 × 2 × 2 in, dim 1.73 lb): 25.56 / 26.33 / 26.33 + 0.38 × 4
    assert fee(**base, length=60, width=2, height=2, weight=5)["fulfillment_fee"] == [27.08, 27.85, 27.85][column]


def test_large_standard_20_lb_edge():
    item = dict(marketplace="US", date="2026-03-01", length=15.5, width=2, height=0.5, dimension_unit="in",
                weight_unit="lb", price=25)
    # 20 lb: 6.97 + 0.08 × (17 / 0.25 = 68) = 12.41
    assert fee(**item, weight=20)["fulfillment_fee"] == 12.41
    # just over 20 lb: small bulky; dim with 2 in minimum 15.5 × 2 × 2 / 139 = 0.45; ship 21 lb: 7.55 + 0.38 × 20 = 15.15
    r = fee(**item, weight=20 + 0.01 * OZ)
    assert r["size_tier"] == "small_bulky" and r["fulfillment_fee"] == 15.15


STANDARD_PARCEL = [(0.15, 2.94), (0.4, 3.01), (0.9, 3.06), (1.4, 3.26), (1.9, 3.48), (2.9, 3.49), (3.9, 3.54),
                   (5.9, 3.56), (8.9, 3.57), (11.9, 3.58)]


@pytest.mark.parametrize("i", range(len(STANDARD_PARCEL)))
def test_uk_standard_parcel_band_edges(i):
    edge, expected = STANDARD_PARCEL[i]
    item = dict(marketplace="UK", date="2026-03-01", length=40, width=30, height=20, dimension_unit="cm",
                weight_unit="kg", price=25)
    at = fee(**item, weight=edge)
    assert at["size_tier"] == "standard_parcel" and at["fulfillment_fee"] == expected
    over = fee(**item, weight=edge + 0.001)
    if i + 1 < len(STANDARD_PARCEL):
        assert over["fulfillment_fee"] == STANDARD_PARCEL[i + 1][1]
    else:
        assert over["size_tier"] == "standard_oversize"

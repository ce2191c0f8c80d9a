"""The per-unit fees Amazon bills besides the fulfilment fee (``other_fees``), each with
its thresholds and exemptions: the US low-inventory-level fee, the Pan-European
low-inventory cost coverage fee, the US inbound placement service fee, the US returns
processing fee, and the UK/EU digital services fee on FBA fees.

Expected figures are typed from the original sources, named by their ids in
calculators/data/sources/catalogue.json: the US low-inventory-level fee from
calc-patrick-us, lil-3p and lil-2026-3p (grocery exempt: mistorify-2026); the Pan-EU
fee from calc-patrick-eu (forceget-2025, ratecard-es-2026-07-li); inbound placement
from Amazon's page (amazon-inbound-placement) and inbound-placement-code; returns from
Amazon's notice (returns-2024-repost) and returns-thresholds-3p; the digital services
fee from Amazon's forums (dsf-uk-forum, dsf-us-forum), dsf-selleramp and dsf-2026-3p.
Never read from our data files."""

from __future__ import annotations

import pytest

from tests.calculators.fba_helpers import en, errors, fee, others

US = {"marketplace": "US", "dimension_unit": "in", "weight_unit": "lb", "price": 25, "date": "2026-03-01"}
SMALL = {**US, "length": 10, "width": 6, "height": 0.5, "weight": 0.25}            # small standard
LARGE = {**US, "length": 2, "width": 2, "height": 0.8, "weight": 1}                # large standard by thickness
SMALL_BULKY = {**US, "length": 30, "width": 2, "height": 2, "weight": 5}
LARGE_BULKY = {**US, "length": 40, "width": 2, "height": 2, "weight": 5}
EXTRA_LARGE = {**US, "length": 60, "width": 2, "height": 2, "weight": 5}
DE = {"marketplace": "DE", "length": 30, "width": 20, "height": 10, "dimension_unit": "cm", "weight": 500,
      "weight_unit": "g", "price": 25, "date": "2026-03-01", "eu_programme": "pan_eu"}   # small parcel


def dos(d30, d90, **extra):
    return {"days_of_supply_30": d30, "days_of_supply_90": d90, **extra}


# --- US low-inventory-level fee (calc-patrick-us, lil-3p): both 30- and 90-day days of supply under 28;
# band by the higher of the two: < 14 / 14–21 / 21–28.

@pytest.mark.parametrize("d30,d90,expected", [
    (27, 28, 0.0), (28, 27, 0.0), (28, 28, 0.0), (40, 10, 0.0),   # not both under 28
    (13, 13, 0.89), (0, 13, 0.89),                                 # < 14
    (13, 14, 0.63), (14, 14, 0.63), (20, 5, 0.63),                 # 14–21 (the higher of the two)
    (21, 3, 0.32), (27, 27, 0.32),                                 # 21–28
])
def test_low_inventory_thresholds_and_bands(d30, d90, expected):
    # small standard: 0.89 / 0.63 / 0.32
    assert others(fee(SMALL, **dos(d30, d90))) == {"low_inventory": expected}


@pytest.mark.parametrize("base,weight,fees", [
    # Rows: large standard ≤ 3 lb 0.97 / 0.70 / 0.36; > 3 lb to 20 lb 1.11 / 0.87 / 0.47;
    # small bulky 1.85 / 1.02 / 0.51; large bulky 2.09 / 1.15 / 0.57 (bulky from 2026-01-15)
    (LARGE, 3, (0.97, 0.70, 0.36)), (LARGE, 3.01, (1.11, 0.87, 0.47)), (LARGE, 20, (1.11, 0.87, 0.47)),
    (SMALL_BULKY, 5, (1.85, 1.02, 0.51)), (LARGE_BULKY, 5, (2.09, 1.15, 0.57)),
])
def test_low_inventory_by_tier(base, weight, fees):
    for (d30, d90), expected in zip(((10, 10), (15, 10), (25, 25)), fees):
        assert others(fee(base, weight=weight, **dos(d30, d90)))["low_inventory"] == expected


def test_low_inventory_is_not_charged_where_it_does_not_apply():
    # Standard-size products from 2024-04-01 (lil-3p), bulky added from 2026-01-15 (lil-2026-3p); never extra-large.
    # Not charged is not "no figure": no warning that a figure is missing.
    for base, date in ((EXTRA_LARGE, "2026-03-01"), (SMALL_BULKY, "2025-06-01"), (EXTRA_LARGE, "2025-06-01")):
        r = fee(base, date=date, **dos(5, 5))
        assert others(r) == {"low_inventory": 0.0}, (base["length"], date)
        assert "no low-inventory fee" not in en(r["warnings"])
    assert others(fee(SMALL, date="2025-06-01", **dos(5, 5))) == {"low_inventory": 0.89}


@pytest.mark.parametrize("exemption", ["new_seller", "new_selection", "awd", "low_sales", "grocery"])
def test_low_inventory_exemptions(exemption):
    # Exemptions (calc-patrick-us): new Professional seller's first 365 days; FBA New Selection; ≥ 70 % AWD;
    # < 20 units sold in the past 7 days; grocery (mistorify-2026: from 2026)
    r = fee(SMALL, **dos(5, 5, low_inventory_exemption=exemption))
    assert others(r) == {"low_inventory": 0.0} and "exempt" in en(r["steps"])


def test_grocery_is_exempt_only_from_2026():
    r = fee(SMALL, date="2025-06-01", **dos(5, 5, low_inventory_exemption="grocery"))
    assert others(r) == {"low_inventory": 0.89} and "not an exemption" in en(r["warnings"])


def test_low_inventory_needs_both_figures_and_starts_on_1_april_2024():
    r = fee(SMALL, days_of_supply_30=5)
    assert others(r) == {"low_inventory": None} and "both" in en(r["warnings"])
    assert others(fee(SMALL)) == {}
    # From 2024-04-01 (standard; lil-3p). Before, there was no such fee: none, and no "nearest card" warning.
    before = fee(SMALL, date="2024-03-31", **dos(5, 5))
    assert "low_inventory" not in others(before) and "low-inventory" not in en(before["warnings"]).lower()
    assert others(fee(SMALL, date="2024-04-01", **dos(5, 5))) == {"low_inventory": 0.89}
    assert "days_of_supply_30" in errors(SMALL, days_of_supply_30=-1)


# --- Pan-European low-inventory cost coverage fee (calc-patrick-eu, forceget-2025): DE/FR/IT/ES, Pan-EU only,
# not on low-price units, both days of supply under 28.

@pytest.mark.parametrize("dims,grams,apparel,fees", [
    ((30, 20, 1), 50, False, (0.27, 0.18, 0.16)),       # light envelope
    ((30, 20, 1), 300, False, (0.41, 0.25, 0.18)),      # standard envelope
    ((30, 20, 4), 500, False, (0.46, 0.27, 0.18)),      # large envelope
    ((30, 20, 6), 500, False, (0.46, 0.27, 0.18)),      # extra-large envelope
    ((30, 20, 10), 500, False, (0.46, 0.27, 0.18)),     # small parcel
    ((40, 30, 20), 500, False, (0.67, 0.35, 0.21)),     # standard parcel
    ((35, 25, 7), 500, True, (0.46, 0.27, 0.18)),       # small-parcel-1 (selected categories)
    ((45, 34, 26), 500, True, (0.67, 0.35, 0.21)),      # large-parcel-2 (selected categories)
])
def test_pan_eu_low_inventory_fee_by_tier(dims, grams, apparel, fees):
    for mk in ("DE", "FR", "IT", "ES"):
        for (d30, d90), expected in zip(((10, 10), (10, 15), (25, 21)), fees):
            r = fee(DE, marketplace=mk, length=dims[0], width=dims[1], height=dims[2], weight=grams, apparel=apparel,
                    **dos(d30, d90))
            assert others(r)["pan_eu_low_inventory"] == expected, (mk, dims, d30, d90)


def test_pan_eu_low_inventory_only_for_pan_eu_and_not_low_price():
    assert others(fee(DE, **dos(10, 10))) == {"pan_eu_low_inventory": 0.46}
    assert others(fee(DE, **dos(10, 28))) == {"pan_eu_low_inventory": 0.0}
    # Pan-EU stock in France, sold on amazon.de (cross-border at local rates): still charged
    assert others(fee(DE, fulfilment_from="FR", **dos(10, 10))) == {"pan_eu_low_inventory": 0.46}
    # CEP or stock in Germany only: not Pan-EU, no fee
    for programme in ("cep", "none"):
        r = fee(DE, eu_programme=programme, **dos(10, 10))
        assert "pan_eu_low_inventory" not in others(r) and "Pan-European" in en(r["steps"])
    # EFN (not Pan-EU): no fee
    assert "pan_eu_low_inventory" not in others(fee(DE, eu_programme="cep", fulfilment_from="FR", **dos(10, 10)))
    # low-price unit (€20 or less from 2026-02-01): not charged
    assert others(fee(DE, price=15, length=30, width=20, height=1, weight=50, **dos(10, 10))) == {"pan_eu_low_inventory": 0.0}


@pytest.mark.parametrize("mk", ["NL", "PL", "SE", "BE", "IE", "UK"])
def test_pan_eu_low_inventory_not_outside_de_fr_it_es(mk):
    # calc-patrick-eu / ratecard-es-2026-07-li: not charged in NL, PL, SE, BE, IE
    assert "pan_eu_low_inventory" not in others(fee(DE, marketplace=mk, price=300, **dos(10, 10)))


# --- US inbound placement service fee (amazon-inbound-placement; inbound-placement-code).

@pytest.mark.parametrize("base,weight,minimal,partial", [
    # top of Amazon's ranges until 2025-02-19: small standard ≤ 16 oz 0.30 / 0.21; large standard ≤ 12 oz 0.34 / 0.24;
    # 12 oz+ to 1.5 lb 0.41 / 0.28; 1.5+ to 3 lb 0.49 / 0.34; 3+ to 20 lb 0.68 / 0.48
    (SMALL, 0.25, 0.30, 0.21), (SMALL, 1, 0.30, 0.21),
    (LARGE, 0.75, 0.34, 0.24), (LARGE, 0.76, 0.41, 0.28), (LARGE, 1.5, 0.41, 0.28), (LARGE, 1.51, 0.49, 0.34),
    (LARGE, 3, 0.49, 0.34), (LARGE, 3.01, 0.68, 0.48), (LARGE, 20, 0.68, 0.48),
    # large bulky (B1, undated): ≤ 5 / 12 / 28 / 42 / 50 lb: 1.60 / 2.40 / 3.50 / 4.95 / 5.95; partial 1.10 / 1.75 / 2.19 / 2.83 / 3.32
    ({**LARGE_BULKY, "length": 30}, 5, 1.60, 1.10), ({**LARGE_BULKY, "length": 30}, 6, 2.40, 1.75),
    ({**LARGE_BULKY, "length": 30}, 12, 2.40, 1.75), ({**LARGE_BULKY, "length": 30}, 13, 3.50, 2.19),
    ({**LARGE_BULKY, "length": 30}, 42, 4.95, 2.83), ({**LARGE_BULKY, "length": 30}, 50, 5.95, 3.32),
])
def test_inbound_placement_by_band(base, weight, minimal, partial):
    date = "2025-01-10"   # the 2025 card (no small bulky): 30 × 2 × 2 in is large bulky
    assert others(fee(base, weight=weight, date=date, inbound_split="minimal"))["inbound_placement"] == minimal
    assert others(fee(base, weight=weight, date=date, inbound_split="partial"))["inbound_placement"] == partial
    r = fee(base, weight=weight, date=date, inbound_split="amazon_optimized")
    assert "inbound_placement" not in others(r) and "no fee" in en(r["steps"])


def test_inbound_placement_confidence_and_dates():
    # the standard-size figures are Amazon's own (top of its range); large bulky ones one undated code source
    r = fee(SMALL, date="2025-01-10", inbound_split="minimal")
    assert r["confidence"] != "unverified" and "top of the range" in en(r["warnings"])
    bulky = fee({**LARGE_BULKY, "length": 30}, date="2025-01-10", inbound_split="minimal")
    line = next(f for f in bulky["other_fees"] if f["name"] == "inbound_placement")
    assert line["confidence"] == "open-source-code"
    # from 2025-02-20 Amazon's table is not in our data: the 2024 one, said and unverified
    later = fee(SMALL, date="2026-03-01", inbound_split="minimal")
    assert others(later) == {"inbound_placement": 0.30} and later["confidence"] == "unverified"
    assert "19 Feb 2025" in en(later["warnings"])
    # small bulky and extra-large (2026 tiers): no figure, said
    sb = fee(SMALL_BULKY, inbound_split="minimal")
    assert others(sb) == {"inbound_placement": None} and sb["confidence"] == "unverified"
    # US only, local stock only
    assert others(fee(DE, inbound_split="minimal")) == {}
    assert "inbound_placement" not in others(fee(SMALL, marketplace="CA", fulfilment_from="US", inbound_split="minimal"))
    # the fee began on 2024-03-01: none before
    assert "inbound_placement" not in others(fee(SMALL, date="2024-02-29", inbound_split="minimal"))


# --- US returns processing fee (returns-2024-repost, returns-thresholds-3p): returns above a category's threshold; apparel
# and shoes on every return; spread over every unit sold at the return rate.

@pytest.mark.parametrize("category,threshold", [
    ("grocery", 2.9), ("toys", 4.7), ("beauty_health", 5.5), ("home_kitchen", 8.1),
    ("consumer_electronics", 11.2), ("computers", 11.4), ("luggage_bags", 12.8),
])
def test_returns_above_the_category_threshold(category, threshold):
    base = dict(return_category=category, returns_fee=3.00)
    assert others(fee(SMALL, return_rate=threshold, **base)) == {"returns_processing": 0.0}
    # 10 points above the threshold: 10 % of units × $3.00 = $0.30 per unit sold
    r = fee(SMALL, return_rate=threshold + 10, **base)
    assert others(r) == {"returns_processing": 0.30} and f"{threshold:g}%" in en(r["steps"])


def test_apparel_and_shoes_pay_on_every_return():
    # 10 % return rate × the seller's $3.00 = 0.30, no threshold
    assert others(fee(SMALL, return_rate=10, return_category="apparel_shoes", returns_fee=3.0)) == {"returns_processing": 0.30}
    # without the seller's figure: Amazon's card before 2024 (small standard ≤ 6 oz $2.12; 4 oz here),
    # marked unverified: 10 % × 2.12 = 0.212 → 0.21
    r = fee(SMALL, return_rate=10, return_category="apparel_shoes")
    assert others(r) == {"returns_processing": 0.21} and r["confidence"] == "unverified"
    # large standard 2+ to 3 lb: $3.41; 3+ to 20 lb: 3.41 + 0.20 per lb above 3 lb (5 lb: 3.81)
    assert others(fee(LARGE, weight=2.5, return_rate=100, return_category="apparel_shoes")) == {"returns_processing": 3.41}
    assert others(fee(LARGE, weight=5, return_rate=100, return_category="apparel_shoes")) == {"returns_processing": 3.81}


def test_returns_without_a_figure_ask_for_the_sellers_fee():
    r = fee(SMALL, return_rate=20, return_category="toys")
    assert others(r) == {"returns_processing": None} and "Seller Central" in en(r["warnings"])
    # "other" categories: no threshold in our data → spread over every return, said
    r = fee(SMALL, return_rate=5, returns_fee=2.0)
    assert others(r) == {"returns_processing": 0.10} and "threshold" in en(r["warnings"])
    assert "25 units" in en(r["warnings"])        # the low-volume exemption is said
    assert others(fee(SMALL)) == {}
    assert others(fee(DE, return_rate=20, returns_fee=2.0)) == {}    # US only
    assert "return_rate" in errors(SMALL, return_rate=101)


# --- Digital services fee on FBA fees (dsf-uk-forum, dsf-selleramp, dsf-2026-3p).
UK_ITEM = {"marketplace": "UK", "length": 30, "width": 20, "height": 10, "dimension_unit": "cm", "weight": 500,
           "weight_unit": "g", "price": 25}                  # small parcel ≤ 900 g: £3.04, €3.14 in DE


def dsf(mk, seller, date, **extra):
    r = fee(UK_ITEM, marketplace=mk, seller_established=seller, date=date, **extra)
    line = next((f for f in r["other_fees"] if f["name"] == "digital_services"), None)
    return None if line is None else (line["percent"], line["amount"]), r


@pytest.mark.parametrize("mk,seller,date,expected", [
    # From 2024-10-01: UK-established 2 % on SoA and FBA fees in every listed store; FR-established 3 %;
    # IT/ES/CA-established: SoA fees only (nothing on FBA fees); elsewhere: UK and FR stores 2 % on FBA,
    # IT/ES/CA stores SoA only, DE/NL/SE/PL/BE/US/MX none.
    ("UK", "elsewhere", "2026-03-01", 2), ("FR", "elsewhere", "2026-03-01", 2), ("IT", "elsewhere", "2026-03-01", None),
    ("ES", "elsewhere", "2026-03-01", None), ("DE", "elsewhere", "2026-03-01", None), ("NL", "elsewhere", "2026-03-01", None),
    ("UK", "UK", "2026-03-01", 2), ("DE", "UK", "2026-03-01", 2), ("US", "UK", "2026-03-01", 2),
    ("DE", "FR", "2026-03-01", 3), ("US", "FR", "2026-03-01", 3), ("UK", "FR", "2026-03-01", 3),
    ("DE", "IT", "2026-03-01", None), ("UK", "ES", "2026-03-01", None), ("UK", "CA", "2025-06-01", None),
    ("CA", "elsewhere", "2025-06-01", None), ("JP", "UK", "2026-03-01", None), ("IE", "elsewhere", "2026-03-01", None),
    ("UK", "elsewhere", "2024-10-01", 2), ("FR", "FR", "2024-10-01", 3), ("US", "ES", "2024-10-01", None),
    ("UK", "CA", "2024-10-01", None), ("US", "CA", "2024-10-01", None),
    # From 2025-08-15 the Canadian row is gone: a CA-established seller counts as established elsewhere
    ("UK", "CA", "2025-08-15", 2), ("CA", "CA", "2025-08-15", None), ("FR", "elsewhere", "2025-08-15", 2),
    ("IT", "elsewhere", "2025-08-15", None), ("DE", "UK", "2025-08-15", 2),
    # From 2026-03-20: sellers established outside FR/IT/ES pay 3 % in FR, IT, ES; in France also on FBA fees
    ("FR", "elsewhere", "2026-03-19", 2), ("FR", "elsewhere", "2026-03-20", 3), ("FR", "UK", "2026-03-20", 3),
    ("IT", "elsewhere", "2026-03-20", None), ("UK", "UK", "2026-03-20", 2), ("UK", "elsewhere", "2026-03-20", 2),
    ("DE", "FR", "2026-03-20", 3), ("FR", "CA", "2026-03-20", 3),
])
def test_digital_services_fee_rates(mk, seller, date, expected):
    got, r = dsf(mk, seller, date, price={"SE": 300, "PL": 100, "JP": 2000}.get(mk, 25))
    if expected is None:
        assert got is None
    else:
        assert got == (expected, round(r["total_fee"] * expected / 100 + 1e-9, 2 if r["currency"] != "JPY" else 0))


def test_digital_services_fee_amount_and_dates():
    # UK small parcel £3.04 × 2 % = 0.0608 → 0.06; with the fuel surcharge (from 2026-04-17) 3.09 × 2 % = 0.0618 → 0.06
    assert dsf("UK", "elsewhere", "2026-03-01")[0] == (2, 0.06)
    # FR small parcel ≤ 900 g €5.79 (ratecard-eu-2026-e1) + fuel 0.09 = 5.88; 3 % = 0.1764 → 0.18
    got, r = dsf("FR", "elsewhere", "2026-05-01")
    assert r["total_fee"] == 5.88 and got == (3, 0.18)
    # Canada: the CA-established seller's 3 % on SoA fees was removed from 2025-08-15; such a seller then
    # counts as established elsewhere: 2 % on FBA fees in the UK store, nothing in the Canadian one
    assert dsf("UK", "CA", "2025-08-14")[0] is None and dsf("UK", "CA", "2025-08-15")[0] == (2, 0.06)
    assert dsf("CA", "CA", "2025-08-15")[0] is None
    # the fee began on 2024-10-01 (before, the tax was built into Amazon's fees): nothing before, and no warning
    got, r = dsf("UK", "elsewhere", "2024-09-30")
    assert got is None and "digital services" not in en(r["warnings"]).lower()
    assert dsf("UK", "elsewhere", "2024-10-01")[0] == (2, 0.06)

"""Referral fee, closing fee, selling plan and digital services fee: figures from the sources
the referral cards name (calculators/data/referral/*.json and data/sources/catalogue.json),
typed in by hand, never read from the data files; arithmetic by hand."""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from calculators.core import get, run
from tests.calculators.conftest import cli, field_errors, result


def calc(**payload):
    return result("referral-fee", {"date": "2026-05-01", **payload})


def fails(**payload):
    return field_errors("referral-fee", {"date": "2026-05-01", **payload})


def fee(mk, cat, price, **kw):
    return calc(marketplace=mk, category=cat, price=price, **kw)["referral_fee"]


# --- US: flat rates and the $0.30 minimum -------------------------------------------------

def test_us_most_categories_15_percent():
    r = calc(marketplace="US", category="most", price=25)
    assert r["referral_fee"] == 3.75  # 25 × 15%
    assert r["rule"] == "flat" and not r["minimum_applied"]


def test_us_minimum_both_sides():
    # 2.00 × 15% = 0.30: exactly the minimum, not raised
    r = calc(marketplace="US", category="most", price=2)
    assert r["referral_fee"] == 0.30 and not r["minimum_applied"]
    # 1.99 × 15% = 0.2985 < 0.30 → minimum 0.30
    r = calc(marketplace="US", category="most", price=1.99)
    assert r["referral_fee"] == 0.30 and r["minimum_applied"]
    # 1.00 × 15% = 0.15 → 0.30
    assert fee("US", "most", 1) == 0.30


def test_us_minimum_not_assumed_for_other_categories_but_flagged():
    # electronics 8%: 2.00 × 8% = 0.16; the source gives the minimum only for "most categories"
    r = calc(marketplace="US", category="electronics", price=2)
    assert r["referral_fee"] == 0.16
    assert r["confidence"] == "unverified"
    assert any("0.30" in u["en"] and "0.30" in u["zh"] for u in r["unverified"])


def test_us_flat_categories():
    assert fee("US", "electronics", 100) == 8.0  # 8%
    assert fee("US", "amazon_device_accessories", 20) == 9.0  # 45%
    assert fee("US", "automotive_industrial", 50) == 6.0  # 12%


# --- US: thresholds on the whole price -----------------------------------------------------

def test_us_clothing_thresholds():
    assert fee("US", "clothing", 15) == 0.75  # 15 × 5%
    assert fee("US", "clothing", 15.01) == 1.50  # 15.01 × 10% = 1.501
    assert fee("US", "clothing", 20) == 2.00  # 20 × 10%
    assert fee("US", "clothing", 20.01) == 3.40  # 20.01 × 17% = 3.4017
    assert calc(marketplace="US", category="clothing", price=20.01)["rule"] == "whole_price"


def test_us_beauty_baby_grocery_thresholds():
    assert fee("US", "beauty_health", 10) == 0.80  # 10 × 8%
    assert fee("US", "beauty_health", 10.01) == 1.50  # 10.01 × 15% = 1.5015
    assert fee("US", "baby", 10) == 0.80
    assert fee("US", "baby", 12) == 1.80  # 12 × 15%
    assert fee("US", "grocery", 15) == 1.20  # 15 × 8%
    assert fee("US", "grocery", 15.01) == 2.25  # 15.01 × 15% = 2.2515


# --- US: rates on portions of the price ----------------------------------------------------

def test_us_electronics_accessories_portion():
    assert fee("US", "electronics_accessories", 100) == 15.0  # 100 × 15%
    r = calc(marketplace="US", category="electronics_accessories", price=150)
    # 100 × 15% + 50 × 8% = 15 + 4 = 19.00
    assert r["referral_fee"] == 19.0
    assert r["rule"] == "portion"
    # the portion reading is ours: flagged
    assert r["confidence"] == "unverified"
    assert any("part" in u["en"] for u in r["unverified"])


def test_us_furniture_jewelry_watches_portion():
    assert fee("US", "furniture", 350) == 45.0  # 200 × 15% + 150 × 10% = 30 + 15
    assert fee("US", "jewelry", 300) == 52.5  # 250 × 20% + 50 × 5% = 50 + 2.5
    assert fee("US", "watches", 2000) == 255.0  # 1,500 × 16% + 500 × 3% = 240 + 15
    assert fee("US", "watches", 1500) == 240.0


# --- overrides -----------------------------------------------------------------------------

def test_rate_override_replaces_data_and_is_shown():
    r = calc(marketplace="US", category="most", price=25, rate_override=10)
    assert r["referral_fee"] == 2.50  # 25 × 10%
    assert r["rule"] == "override" and r["rate_override"] == 10
    assert r["overrides"][0]["field"] == "rate_override"
    assert r["overrides"][0]["replaces"] == 3.75  # what the data would have given
    rows = get("referral-fee").summary(r)
    assert any("your rate" in row["value"]["en"] and "自填" in row["value"]["zh"] for row in rows)
    assert "<table" in get("referral-fee").details(r, "en")


def test_rate_override_keeps_known_minimum():
    # 1.00 × 10% = 0.10 < 0.30 minimum of "most categories"
    r = calc(marketplace="US", category="most", price=1, rate_override=10)
    assert r["referral_fee"] == 0.30 and r["minimum_applied"]


def test_eu_most_categories_and_a_category_outside_our_data():
    # "Everything else" 15%, minimum €0.30 (card of 1 Feb 2026, unchanged rates since 1 Oct 2024)
    r = calc(marketplace="DE", category="most", price=30)
    assert r["referral_fee"] == 4.50 and r["confidence"] == "official-copy"
    assert fee("DE", "most", 2) == 0.30  # 2 × 15% = 0.30: the minimum
    assert fee("UK", "most", 1) == 0.25  # 0.15 → £0.25 minimum
    # consumer electronics 7%
    assert fee("DE", "electronics", 99) == 6.93
    # a category our data lacks still needs the seller's rate
    errs = fails(marketplace="DE", category="other", price=99)
    assert set(errs) == {"rate_override"}
    assert "Germany" in errs["rate_override"]["en"] and "德国" in errs["rate_override"]["zh"]


# --- EU / UK dated rules -------------------------------------------------------------------

def test_uk_clothing_before_and_from_15_december_2025():
    assert fee("UK", "clothing", 12, date="2025-12-14") == 0.96  # 12 × 8% (before the cut)
    assert fee("UK", "clothing", 15, date="2025-12-15") == 0.75  # 15 × 5%
    assert fee("UK", "clothing", 15.01, date="2025-12-15") == 1.50  # 15.01 × 10%
    assert fee("FR", "clothing", 20, date="2026-03-01") == 2.00  # 20 × 10%
    assert fee("UK", "clothing", 20.01, date="2026-03-01") == 3.00  # 20.01 × 15%
    # above £40 / €45: 15% on the first 40 / 45 and 7% on the rest
    assert fee("UK", "clothing", 50, date="2026-03-01") == 6.70  # 6.00 + 0.70
    assert fee("DE", "clothing", 55, date="2026-03-01") == 7.45  # 45 × 15% = 6.75 + 10 × 7% = 0.70


def test_eu_home_and_grocery_from_1_february_2026():
    assert fee("DE", "home", 20, date="2026-01-31") == 3.00  # 15% before the new category
    assert fee("DE", "home", 20, date="2026-02-01") == 1.60  # 20 × 8%
    assert fee("DE", "home", 20.01, date="2026-02-01") == 3.00  # 20.01 × 15%
    assert fee("IT", "grocery", 10, date="2026-01-31") == 0.80  # 10 × 8% (no minimum for grocery)
    assert fee("IT", "grocery", 10, date="2026-02-01") == 0.50  # 10 × 5%
    assert fee("ES", "pet", 8, date="2026-02-01") == 0.40  # 8 × 5%
    assert fee("UK", "supplements", 9.99, date="2026-02-01") == 0.50  # 9.99 × 5% = 0.4995


def test_eu_portion_categories():
    assert fee("UK", "furniture", 200, date="2026-03-01") == 28.75  # 175 × 15% + 25 × 10%
    assert fee("DE", "jewelry", 300, date="2026-03-01") == 52.50  # 250 × 20% + 50 × 5%
    assert fee("FR", "automotive_industrial", 100, date="2026-03-01") == 12.00  # 50 × 15% + 50 × 9%


def test_eu_media_closing_fee_and_no_minimum():
    r = calc(marketplace="FR", category="media", price=1, date="2026-03-01", plan="individual")
    assert r["referral_fee"] == 0.15 and r["closing_fee"] == 0.61 and not r["minimum_applied"]


# --- Japan -----------------------------------------------------------------------------------

def test_jp_bands_under_750_yen_and_plus_04_from_april_2026():
    d = "2025-10-31"
    assert fee("JP", "beauty_health", 700, date=d) == 35  # 700 × 5%
    assert fee("JP", "beauty_health", 750, date=d) == 38  # 750 × 5% = 37.5 → 38 (half up)
    assert fee("JP", "beauty_health", 751, date=d) == 60  # 751 × 8% = 60.08
    assert fee("JP", "beauty_health", 1500, date=d) == 120  # 1,500 × 8%
    assert fee("JP", "beauty_health", 1501, date=d) == 150  # 1,501 × 10% = 150.1
    assert fee("JP", "beauty_health", 1501, date="2026-04-01") == 156  # 1,501 × 10.4% = 156.1
    assert fee("JP", "most", 1000, date="2026-03-31") == 150 and fee("JP", "most", 1000, date="2026-04-01") == 154


def test_jp_electronics_minimum_30_yen():
    assert fee("JP", "electronics", 300) == 30  # 300 × 5% = 15 → minimum ¥30
    assert fee("JP", "electronics", 1000, date="2026-03-01") == 80
    assert fee("JP", "electronics", 1000) == 84  # 8.4% from 1 Apr 2026


def test_jp_media_closing_fee_and_individual_plan():
    r = calc(marketplace="JP", category="media", price=1800, plan="individual", date="2026-03-01")
    assert r["referral_fee"] == 270  # 1,800 × 15%
    assert r["closing_fee"] == 140
    assert r["plan_fee_per_unit"] == 100
    assert r["total_per_unit"] == 510  # 270 + 140 + 100
    assert calc(marketplace="JP", category="media", price=1800, plan="individual")["referral_fee"] == 277  # 15.4%
    assert calc(marketplace="JP", category="sports_car_toys", price=1000)["closing_fee"] == 0


def test_canada_referral_from_an_undated_copy_is_unverified():
    r = calc(marketplace="CA", category="most", price=30)
    assert r["referral_fee"] == 4.50 and r["confidence"] == "unverified"
    assert any("undated" in w["en"] for w in r["warnings"])


# --- digital services fee ----------------------------------------------------------------------

def test_digital_services_fee_by_seller_country_and_store():
    # elsewhere (China), UK store: 2% of the selling fees
    r = calc(marketplace="UK", category="most", price=20, date="2025-05-01", plan="individual")
    assert r["referral_fee"] == 3.00 and r["digital_services_fee"] == 0.06 and r["total_per_unit"] == 3.81
    # elsewhere, Germany: none
    assert calc(marketplace="DE", category="most", price=20)["digital_services_fee"] == 0
    # elsewhere, France from 20 Mar 2026: 3% (2% before)
    assert calc(marketplace="FR", category="most", price=20, date="2026-03-19")["digital_services_fee"] == 0.06
    assert calc(marketplace="FR", category="most", price=20, date="2026-03-20")["digital_services_fee"] == 0.09
    # a business established in the UK pays 2% in the US store too
    assert calc(marketplace="US", category="most", price=20, seller_established="UK")["digital_services_fee"] == 0.06
    # Canada's fee ended on 15 Aug 2025
    assert calc(marketplace="CA", category="most", price=20, date="2025-08-14")["digital_services_fee"] == 0.06
    assert calc(marketplace="CA", category="most", price=20, date="2025-08-15")["digital_services_fee"] == 0
    # none before 1 Oct 2024: the tax was then inside the rates, and the fee did not exist
    r = calc(marketplace="US", category="most", price=20, seller_established="UK", date="2024-09-30")
    assert r["digital_services_fee"] == 0


# --- selling plans -----------------------------------------------------------------------------

def test_professional_plan_spread_over_units():
    r = calc(marketplace="JP", category="sports_car_toys", price=1000, plan="professional", units_per_month=70, date="2026-03-01")
    assert r["plan_fee_per_unit"] == 70  # ¥4,900 ÷ 70
    assert r["total_per_unit"] == 170  # 1,000 × 10% = 100, + 70
    r = calc(marketplace="DE", category="home", price=20, plan="professional", units_per_month=100, date="2026-03-01")
    assert r["plan_fee_per_unit"] == 0.39  # €39 ÷ 100
    assert r["total_per_unit"] == 1.99  # 1.60 + 0.39


def test_uk_individual_plan():
    r = calc(marketplace="UK", category="clothing", price=12, plan="individual", date="2026-03-01")
    assert r["referral_fee"] == 0.60 and r["plan_fee_per_unit"] == 0.75
    assert r["digital_services_fee"] == 0.01  # 2% of 0.60
    assert r["total_per_unit"] == 1.36


def test_us_plan_fee_not_invented():
    r = calc(marketplace="US", category="most", price=25, plan="professional")
    assert r["plan_fee_known"] is False and r["plan_fee_per_unit"] == 0
    assert r["total_per_unit"] == 3.75
    assert r["confidence"] == "unverified"
    assert any("not in our data" in w["en"] and "没有" in w["zh"] for w in r["warnings"])
    # the seller's own figure is used and shown as theirs
    r = calc(marketplace="US", category="most", price=25, plan="professional", plan_fee_override=40, units_per_month=80)
    assert r["plan_fee_per_unit"] == 0.5  # 40 ÷ 80
    assert r["total_per_unit"] == 4.25
    assert r["overrides"][0]["field"] == "plan_fee_override"


def test_us_rates_beyond_2026_flagged():
    r = calc(marketplace="US", category="most", price=25, date="2027-02-01")
    assert r["referral_fee"] == 3.75
    assert any("2026-12-31" in u["en"] for u in r["unverified"])


# --- command line ----------------------------------------------------------------------------

def test_cli_ok():
    p = cli("referral-fee", {"marketplace": "US", "category": "clothing", "price": 20.01, "date": "2026-05-01"})
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["referral_fee"] == 3.40


def test_cli_bad_inputs_exit_2():
    p = cli("referral-fee", {"marketplace": "US", "category": "toys", "price": "cheap", "rate_override": 120, "date": "2026-05-01"})
    assert p.returncode == 2
    errs = {e["field"]: e["message"] for e in json.loads(p.stdout)["errors"]}
    assert set(errs) == {"category", "price", "rate_override"}
    assert errs["price"]["en"].startswith("Item price") and errs["price"]["zh"].startswith("商品售价")
    assert errs["category"]["zh"].startswith("品类")


def test_cli_rate_needed_exit_2():
    p = cli("referral-fee", {"marketplace": "ES", "category": "other", "price": 30, "date": "2026-05-01"})
    assert p.returncode == 2
    err = json.loads(p.stdout)["errors"][0]
    assert err["field"] == "rate_override"
    assert "Spain" in err["message"]["en"] and "西班牙" in err["message"]["zh"]


# --- properties ------------------------------------------------------------------------------

MARKETS = ["US", "CA", "UK", "DE", "FR", "IT", "ES", "JP"]
CATS = list(get("referral-fee").fields[1].options)
PRICE = st.floats(min_value=0.01, max_value=20_000, allow_nan=False, allow_infinity=False)
DAY = st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2027, 6, 30))


@settings(max_examples=300, deadline=None)
@given(mk=st.sampled_from(MARKETS), cat=st.sampled_from([o.value for o in CATS]), p1=PRICE, p2=PRICE, day=DAY,
       override=st.one_of(st.none(), st.floats(min_value=0, max_value=100)),
       plan=st.sampled_from(["professional", "individual"]))
def test_never_negative_and_higher_price_never_lower_fee(mk, cat, p1, p2, day, override, plan):
    lo, hi = sorted((p1, p2))
    base = {"marketplace": mk, "category": cat, "date": day.isoformat(), "plan": plan}
    if override is not None:
        base["rate_override"] = override
    ok_lo, r_lo = run("referral-fee", dict(base, price=lo))
    ok_hi, r_hi = run("referral-fee", dict(base, price=hi))
    for ok, r in ((ok_lo, r_lo), (ok_hi, r_hi)):
        if ok:
            assert r["referral_fee"] >= 0 and r["closing_fee"] >= 0 and r["plan_fee_per_unit"] >= 0
            assert r["total_per_unit"] >= 0
    assume(ok_lo and ok_hi)
    assert r_hi["referral_fee"] >= r_lo["referral_fee"]

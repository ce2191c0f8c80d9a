"""Profit per unit: VAT (calculators/data/import/<country>.json), fees from the other
calculators, overrides, margin and ROI.

Every expected figure is worked out by hand in the comments.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.core import get, run
from tests.calculators.conftest import cli, field_errors, result


US = {"marketplace": "US", "price": 25, "product_cost": 5, "inbound_shipping": 1, "category": "most",
      "plan": "professional", "units_per_month": 100, "length": 10, "width": 6, "height": 2, "dimension_unit": "in",
      "weight": 0.8, "weight_unit": "lb", "storage_months": 1, "date": "2026-05-01"}

# A UK item with every Amazon fee given by the seller, so only VAT and arithmetic are tested.
UK = {"marketplace": "UK", "price": 120, "price_includes_vat": True, "product_cost": 30, "inbound_shipping": 4,
      "category": "other", "referral_fee_override": 18, "fba_fee_override": 3.5, "storage_fee_override": 0.15,
      "plan": "professional", "units_per_month": 100, "length": 30, "width": 20, "height": 10, "dimension_unit": "cm",
      "weight": 1, "weight_unit": "kg", "date": "2026-03-01"}


def calc(base, **over):
    return result("profit", {**base, **over})


def fails(base, **over):
    return field_errors("profit", {**base, **over})


# --- the whole sum, US, fees from the other calculators -------------------------------------

def test_us_profit_with_fees_from_the_other_calculators():
    r = calc(US)
    assert r["referral_fee"] == 3.75  # 25 × 15%
    # FBA: large standard, dim weight 120/139 = 0.86 lb → 1 lb → $4.60 ($10–50 band, 2026)
    #      + fuel and logistics surcharge 3.5% from 17 Apr 2026 = 0.161 → 4.76
    assert r["fba_fee"] == 4.76
    # storage: 0.78 $/ft³ × 120/1728 ft³ = 0.0542 → 0.05 for one month (May)
    assert r["storage_fee"] == 0.05
    assert r["plan_fee_per_unit"] == 0  # US plan fee not in our data: not invented
    # costs: 5 + 1 + 3.75 + 4.76 + 0.05 = 14.56; profit 25 − 14.56 = 10.44
    assert r["total_cost"] == 14.56
    assert r["net_profit"] == 10.44
    assert r["margin_percent"] == pytest.approx(41.76)  # 10.44 / 25
    assert r["roi_percent"] == pytest.approx(174.0)  # 10.44 / (5 + 1)
    assert r["confidence"] == "unverified"
    assert any("selling plan" in w["en"].lower() for w in r["warnings"])


def test_storage_months_and_season_reach_the_profit():
    # 2 months from 20 Sep: Sep 0.0541667 + Oct 2.40 × 0.0694444 = 0.1666667 → 0.2208 → 0.22
    r = calc(US, storage_months=2, date="2026-09-20")
    assert r["storage_fee"] == 0.22


# --- VAT -----------------------------------------------------------------------------------

def test_uk_price_120_including_20_percent_vat():
    r = calc(UK)
    assert r["vat_rate"] == 20
    assert r["net_price"] == 100.0  # 120 / 1.2
    assert r["vat"] == 20.0
    # plan £25 / 100 units = 0.25; costs 30 + 4 + 18 + 0.25 + 3.5 + 0.15 = 55.90
    assert r["plan_fee_per_unit"] == 0.25
    assert r["total_cost"] == 55.9
    assert r["net_profit"] == 44.1
    assert r["margin_percent"] == pytest.approx(44.1)  # 44.10 / 100
    assert r["roi_percent"] == pytest.approx(129.7059, abs=1e-4)  # 44.10 / 34


@pytest.mark.parametrize("mk,gross", [("DE", 119), ("FR", 120), ("IT", 122), ("ES", 121)])
def test_eu_default_vat_rates(mk, gross):
    # DE 19%, FR 20%, IT 22%, ES 21%: each gross price is 100 net
    r = calc(UK, marketplace=mk, price=gross)
    assert r["net_price"] == 100.0
    assert r["vat"] == gross - 100


def test_vat_rate_entered_by_the_seller_is_marked():
    # 105 incl. 5% → 100
    r = calc(UK, price=105, vat_rate=5)
    assert r["net_price"] == 100.0
    assert any(o["field"] == "vat_rate" and o["replaces"] == 20 for o in r["overrides"])


def test_price_without_vat_is_kept_but_europe_warns():
    r = calc(UK, price_includes_vat=False)
    assert r["net_price"] == 120.0 and r["vat"] == 0
    assert any("VAT" in w["en"] and "增值税" in w["zh"] for w in r["warnings"])


def test_no_default_vat_for_us_and_canada():
    assert set(fails(US, price_includes_vat=True)) == {"vat_rate"}
    r = calc(US, price_includes_vat=True, vat_rate=10, price=27.5)
    assert r["net_price"] == 25.0  # 27.50 / 1.10


def test_japan_consumption_tax_10_percent():
    # ¥1,100 incl. 10% → ¥1,000
    r = calc(UK, marketplace="JP", price=1100, referral_fee_override=100, fba_fee_override=318,
             storage_fee_override=7, product_cost=300, inbound_shipping=60, plan="individual")
    assert r["net_price"] == 1000 and r["vat"] == 100
    # costs 300 + 60 + 100 + ¥100 individual plan + 318 + 7 = 885; profit 115
    assert r["plan_fee_per_unit"] == 100
    assert r["net_profit"] == 115


# --- overrides -----------------------------------------------------------------------------

def test_every_override_is_visible():
    r = calc(US, referral_fee_override=2, fba_fee_override=3, storage_fee_override=0.5, plan_fee_override=40,
             units_per_month=80)
    fields = {o["field"] for o in r["overrides"]}
    assert fields == {"referral_fee_override", "fba_fee_override", "storage_fee_override", "plan_fee_override"}
    sources = {ln["id"]: ln["source"] for ln in r["lines"]}
    assert sources["referral_fee"] == sources["fba_fee"] == sources["storage_fee"] == sources["plan_fee"] == "override"
    # plan 40 / 80 = 0.50; costs 5 + 1 + 2 + 0.5 + 3 + 0.5 = 12.00; profit 13.00
    assert r["net_profit"] == 13.0
    html = get("profit").details(r, "zh")
    assert "您的数字（代替我们的数据）" in html and "<caption>" in html and '<th scope="row">' in html


def test_referral_rate_override_passed_through():
    # 25 × 10% = 2.50 instead of 3.75: profit rises by 1.25 to 11.69
    r = calc(US, referral_rate_override=10)
    assert r["referral_fee"] == 2.5
    assert r["net_profit"] == 11.69
    assert any(o["field"] == "referral_rate_override" and o["replaces"] == 3.75 for o in r["overrides"])


def test_referral_rate_needed_is_asked_for_on_the_right_field():
    errs = fails(UK, referral_fee_override=None, category="other")
    assert set(errs) == {"referral_rate_override"}
    assert "referral fee" in errs["referral_rate_override"]["en"]
    assert "销售佣金" in errs["referral_rate_override"]["zh"]


def test_canada_is_worked_out_from_our_data_and_flagged():
    base = {**UK, "marketplace": "CA", "price_includes_vat": False, "referral_fee_override": None, "fba_fee_override": None,
            "price": 100, "date": "2026-05-01", "category": "most", "referral_rate_override": None}
    r = calc(base)
    assert r["currency"] == "CAD" and r["referral_fee"] == 15.0  # 15% from an undated copy of Amazon.ca's schedule
    assert r["confidence"] == "unverified"  # the referral card is undated
    # the seller's own figures still replace ours
    r = calc(base, referral_fee_override=15, fba_fee_override=6, storage_fee_override=0.2)
    # costs 30 + 4 + 15 + 6 + 0.2 = 55.20 (plan fee for CA not in our data); profit 44.80
    assert r["net_profit"] == 44.8


# --- currency ------------------------------------------------------------------------------

def test_profit_also_shown_in_home_currency():
    r = calc(US, home_currency="CNY", exchange_rate=7.1)
    assert r["converted"]["net_profit"] == 74.12  # 10.44 × 7.1 = 74.124
    assert any(o["field"] == "exchange_rate" for o in r["overrides"])
    rows = get("profit").summary(r)
    assert any("CNY" in row["label"]["en"] for row in rows)


def test_costs_entered_in_home_currency():
    # 35 CNY / 7 = 5.00 USD; 7 CNY / 7 = 1.00 USD → same profit as US
    r = calc(US, costs_currency="home", home_currency="CNY", exchange_rate=7, product_cost=35, inbound_shipping=7)
    assert r["product_cost"] == 5.0 and r["inbound_shipping"] == 1.0
    assert r["net_profit"] == 10.44
    assert r["converted"]["net_profit"] == 73.08  # 10.44 × 7


def test_without_a_rate_the_reference_rate_is_used_and_flagged():
    from calculators import fx
    rate = fx.cross_rate("USD", "CNY", fx.default_rates("2026-05-01"))
    r = calc(US, home_currency="CNY")
    assert r["converted"]["rate_source"] == "reference"
    assert r["converted"]["rate"] == rate
    assert r["converted"]["net_profit"] == round(10.44 * rate, 2)
    assert r["confidence"] == "unverified"
    assert any("reference" in u["en"] and "参考汇率" in u["zh"] for u in r["unverified"])
    assert not any(o["field"] == "exchange_rate" for o in r["overrides"])


def test_home_currency_needed_for_costs_in_it():
    assert set(fails(US, costs_currency="home", exchange_rate=7)) == {"home_currency"}


def test_fba_fee_not_in_data_asks_for_the_sellers_figure(monkeypatch):
    from calculators import core, profit

    def fake_run(name, payload, explain=True):
        if name == "fba-fee":  # as the FBA calculator answers where it has no fee card
            return True, {"eligible": True, "currency": "EUR", "total_fee": None,
                          "size_tier": "small_parcel", "size_tier_label": {"en": "Small parcel", "zh": "小包裹"}}
        return core.run(name, payload, explain)

    monkeypatch.setattr(profit, "run", fake_run)
    errs = fails(UK, marketplace="DE", price=119, fba_fee_override=None)
    assert set(errs) == {"fba_fee_override"}
    assert "Germany" in errs["fba_fee_override"]["en"] and "小包裹" in errs["fba_fee_override"]["zh"]


# --- margin and ROI edge cases ---------------------------------------------------------------

def test_loss_gives_negative_margin_and_a_warning():
    r = calc(UK, price_includes_vat=False, price=20, product_cost=30, inbound_shipping=0,
             referral_fee_override=3, fba_fee_override=3, storage_fee_override=0, plan_fee_override=0)
    # 20 − (30 + 3 + 0 + 3 + 0) = −16; margin −16 / 20 = −80%; ROI −16 / 30 = −53.33%
    assert r["net_profit"] == -16.0
    assert r["margin_percent"] == pytest.approx(-80.0)
    assert r["roi_percent"] == pytest.approx(-53.3333, abs=1e-4)
    assert any("loses money" in w["en"] for w in r["warnings"])


def test_roi_undefined_with_no_investment():
    r = calc(US, product_cost=0, inbound_shipping=0)
    assert r["roi_percent"] is None
    assert any(row["value"]["en"] == "—" for row in get("profit").summary(r))


# --- command line ----------------------------------------------------------------------------

def test_cli_ok():
    p = cli("profit", UK)
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["net_profit"] == 44.1


def test_cli_bad_inputs_exit_2_with_bilingual_messages():
    p = cli("profit", {**US, "price": "ten", "product_cost": -1, "vat_rate": 80, "storage_months": 0})
    assert p.returncode == 2
    errs = {e["field"]: e["message"] for e in json.loads(p.stdout)["errors"]}
    assert set(errs) == {"price", "product_cost", "vat_rate", "storage_months"}
    assert errs["product_cost"]["en"].startswith("Product cost per unit")
    assert errs["product_cost"]["zh"].startswith("每件采购成本")
    assert errs["vat_rate"]["zh"].startswith("增值税税率")


def test_cli_fractional_storage_months():
    p = cli("profit", {**US, "storage_months": 1.5})
    assert p.returncode == 2
    err = json.loads(p.stdout)["errors"][0]
    assert err["field"] == "storage_months" and "售出前的存放月数" in err["message"]["zh"]


# --- properties ------------------------------------------------------------------------------

MONEY = st.floats(min_value=0, max_value=500, allow_nan=False)


@settings(max_examples=80, deadline=None)
@given(price=st.floats(min_value=0.5, max_value=2000), cost=MONEY, ship=MONEY,
       mk=st.sampled_from(["US", "UK", "DE", "FR", "IT", "ES", "JP"]), vat=st.booleans(),
       months=st.integers(1, 12), cat=st.sampled_from(["clothing", "electronics", "home", "grocery"]))
def test_fees_never_negative_and_lines_add_up(price, cost, ship, mk, vat, months, cat):
    payload = {**US, "marketplace": mk, "price": price, "product_cost": cost, "inbound_shipping": ship,
               "price_includes_vat": vat and mk != "US", "storage_months": months, "category": cat, "referral_rate_override": 12,
               "fba_fee_override": None if mk == "US" else 5, "dimension_unit": "cm", "weight_unit": "kg",
               "weight": 0.5}
    payload = {k: v for k, v in payload.items() if v is not None}
    ok, r = run("profit", payload)
    assert ok, r
    for key in ("referral_fee", "closing_fee", "plan_fee_per_unit", "fba_fee", "storage_fee", "vat"):
        assert r[key] >= 0, key
    assert r["net_price"] <= price + (0.5 if mk == "JP" else 0.005)  # rounded to the cent, or whole yen
    assert r["net_profit"] == pytest.approx(r["net_price"] - r["total_cost"], abs=1e-6)
    assert r["total_cost"] == pytest.approx(r["product_cost"] + r["inbound_shipping"] + r["amazon_fees"], abs=0.011)

"""UK and EU FBA (calculators/data/fba/uk-2026.json, de-, fr-, it-, es-rules.json): size
tiers, unit/dim weight, the UK 2026 card (one third-party file: unverified), DE/FR/IT/ES
without a fee card, peak, fuel surcharge, low-price FBA by date, EFN and the
Germany-only stock surcharge."""

from __future__ import annotations

import pytest

from tests.calculators.conftest import english, field_errors, result


UK = {"marketplace": "UK", "length": 30, "width": 20, "height": 10, "dimension_unit": "cm", "weight": 500,
      "weight_unit": "g", "price": 25, "date": "2026-03-01"}


def fee(**changes):
    return result("fba-fee", {**UK, **changes})


def errors(**changes):
    return field_errors("fba-fee", {**UK, **changes})


en = english


def env(thick, grams, **kw):
    return fee(length=33, width=23, height=thick, weight=grams, **kw)


@pytest.mark.parametrize("thick,grams,tier,expected", [
    (2.5, 100, "light_envelope", 2.08),       # ≤100 g, 33 × 23 × 2.5 cm; 80–100 g band 2.08
    (2.5, 101, "standard_envelope", 2.10),    # over 100 g; ≤210 g band 2.10
    (2.5, 460, "standard_envelope", 2.16),
    (2.5, 461, "large_envelope", 2.72),       # over 460 g
    (2.6, 100, "large_envelope", 2.72),       # thicker than 2.5 cm
    (4, 960, "large_envelope", 2.72),
    (4.1, 960, "extra_large_envelope", 2.94),
    (6, 960, "extra_large_envelope", 2.94),
    (6.1, 100, "small_parcel", 2.91),         # thicker than 6 cm; ≤150 g band 2.91
    (6, 961, "small_parcel", 3.05),           # over 960 g; 0.9–1.4 kg band 3.05
])
def test_uk_envelope_boundaries(thick, grams, tier, expected):
    r = env(thick, grams)
    assert r["size_tier"] == tier and r["fulfillment_fee"] == expected


@pytest.mark.parametrize("dims,kg,tier,expected", [
    ((35, 25, 12), 3.9, "small_parcel", 3.27),
    ((35, 25, 12), 3.901, "standard_parcel", 3.56),   # 3.9–5.9 kg band of standard parcel
    ((35.1, 25, 12), 0.15, "standard_parcel", 2.94),
    ((45, 34, 26), 11.9, "standard_parcel", 3.58),
    ((45, 34, 26), 11.91, "standard_oversize", 4.35),  # over 11.9 kg → oversize; base fee only (minimum)
    ((46, 34, 26), 1.0, "small_oversize", 3.49),       # dim 46×34×26/5000 = 8.13 kg ≤ 25.82; unit ≤ 1.76
    ((46, 34, 26), 1.77, "standard_oversize", 4.35),   # unit over 1.76 kg
    ((61, 46, 46), 1.76, "small_oversize", 3.49),      # dim 129076/5000 = 25.815 kg ≤ 25.82
    ((61, 46, 46.1), 1.0, "standard_oversize", 4.35),
    ((120, 60, 60), 29.76, "standard_oversize", 4.35),
    ((120, 60, 60.1), 20, "large_oversize", None),
    ((120, 60, 60), 29.77, "large_oversize", None),
])
def test_uk_parcel_and_oversize_boundaries(dims, kg, tier, expected):
    l, w, h = dims
    r = fee(length=l, width=w, height=h, weight=kg, weight_unit="kg")
    assert r["size_tier"] == tier and r["fulfillment_fee"] == expected


@pytest.mark.parametrize("dims,kg,tier", [
    ((175, 50, 50), 31.5, "large_oversize"),      # girth 2 × (50 + 50) = 200 ≤ 360
    ((175.1, 50, 50), 20, "special_oversize"),    # longest side over 175 cm
    ((175, 50, 50), 31.51, "special_oversize"),   # over 31.5 kg
    ((170, 100, 80), 20, "large_oversize"),       # girth 2 × 180 = 360
    ((170, 100, 80.1), 20, "special_oversize"),   # girth 360.2
])
def test_large_and_special_oversize(dims, kg, tier):
    l, w, h = dims
    r = fee(length=l, width=w, height=h, weight=kg, weight_unit="kg")
    assert r["size_tier"] == tier
    assert r["fee_available"] is False and r["fulfillment_fee"] is None and r["total_fee"] is None
    assert "bulky £10.20" in en(r["warnings"])


def test_oversize_base_fee_is_a_minimum_and_uses_dim_weight():
    # 60 × 40 × 40 cm, 2 kg: unit over 1.76 → standard oversize; dim 96000/5000 = 19.2 kg > 2
    r = fee(length=60, width=40, height=40, weight=2, weight_unit="kg")
    assert r["size_tier"] == "standard_oversize" and r["dimensional_weight"]["value"] == 19.2
    assert r["shipping_weight"]["value"] == 19.2
    assert r["fee_is_minimum"] is True and r["fulfillment_fee"] == 4.35 and r["confidence"] == "unverified"


def test_parcels_use_unit_weight():
    # 30 × 20 × 10 cm: dim 6000/5000 = 1.2 kg, but a small parcel uses the 0.5 kg unit weight → 0.4–0.9 kg: 3.04
    r = fee()
    assert r["dimensional_weight"]["value"] == 1.2 and r["shipping_weight"]["value"] == 0.5
    assert r["fulfillment_fee"] == 3.04


@pytest.mark.parametrize("grams,expected", [
    (20, 1.83), (21, 1.87), (40, 1.87), (41, 1.89), (60, 1.89), (61, 2.07), (80, 2.07), (81, 2.08),
])
def test_light_envelope_weight_bands(grams, expected):
    assert env(1, grams)["fulfillment_fee"] == expected


@pytest.mark.parametrize("grams,expected", [
    (150, 2.91), (151, 3.00), (400, 3.00), (401, 3.04), (900, 3.04), (901, 3.05), (1400, 3.05),
    (1401, 3.25), (1900, 3.25), (1901, 3.27),
])
def test_small_parcel_weight_bands(grams, expected):
    assert fee(weight=grams)["fulfillment_fee"] == expected


def test_uk_units_convert():
    # 30 cm = 11.811 in; 500 g = 17.637 oz = 1.10231 lb
    a = fee(length=11.811024, width=7.874016, height=3.937008, dimension_unit="in", weight=17.636981, weight_unit="oz")
    b = fee(weight=1.1023113, weight_unit="lb")
    for r in (a, b):
        assert (r["size_tier"], r["fulfillment_fee"]) == ("small_parcel", 3.04)


def test_uk_card_dates_and_unverified():
    assert "date" in errors(date="2025-12-31")
    r = fee(date="2026-01-01")
    assert r["rate_card"]["id"] == "uk-fba-2026" and r["confidence"] == "unverified"
    # stale after a year: 2027-01-01 is 365 days after 2026-01-01, 2027-01-02 is 366
    assert "more than a year" not in en(fee(date="2027-01-01")["warnings"])
    assert "more than a year" in en(fee(date="2027-01-02")["warnings"])


def test_uk_peak_surcharge_window():
    # small parcel 500 g: 3.04 + £0.10 peak up to 14 Jan 2026
    r = fee(date="2026-01-14")
    assert r["fulfillment_fee"] == 3.14 and r["fee_basis"] == "peak"
    assert fee(date="2026-01-15")["fulfillment_fee"] == 3.04
    # large envelope + £0.05 = 2.77
    assert env(4, 500, date="2026-01-10")["fulfillment_fee"] == 2.77
    # light envelope: no peak figure in the source → unchanged, with a warning
    r = env(1, 50, date="2026-01-10")
    assert r["fulfillment_fee"] == 1.89 and "peak" in en(r["warnings"])


def test_uk_fuel_surcharge_from_17_april_2026():
    assert fee(date="2026-04-16")["surcharges"] == []
    r = fee(date="2026-04-17")
    # 1.5% × 3.04 = 0.0456 → 0.05; total 3.09
    assert r["surcharges"][0]["percent"] == 1.5 and r["surcharges"][0]["amount"] == 0.05 and r["total_fee"] == 3.09


@pytest.mark.parametrize("date,price,expected,low", [
    ("2026-01-31", 10, 1.46, True),      # before 1 Feb 2026: up to £10
    ("2026-01-31", 10.01, 1.83, False),
    ("2026-02-01", 20, 1.46, True),      # from 1 Feb 2026: up to £20
    ("2026-02-01", 20.01, 1.83, False),
])
def test_uk_low_price_threshold_by_date(date, price, expected, low):
    r = env(1, 20, date=date, price=price)
    assert r["fulfillment_fee"] == expected and r["low_price"] is low


def test_uk_low_price_bands_and_gaps():
    assert env(2.5, 300, price=15)["fulfillment_fee"] == 1.87           # standard envelope 210–460 g
    assert fee(weight=150, length=30, width=20, height=10, price=15)["fulfillment_fee"] == 2.67
    r = env(1, 50, price=15)                                            # light envelope 40–60 g: range top
    assert r["fulfillment_fee"] == 1.70 and "1.46–1.70" in en(r["unverified"])
    r = fee(weight=500, price=15)                                       # small parcel over 400 g: no low-price figure
    assert r["fulfillment_fee"] == 3.04 and r["low_price"] is False and "low-price" in en(r["warnings"])


def test_uk_apparel_warning():
    assert "Apparel" in en(fee(apparel=True)["warnings"])


@pytest.mark.parametrize("mk", ["DE", "FR", "IT", "ES"])
def test_eu_marketplaces_have_tiers_but_no_fee(mk):
    r = fee(marketplace=mk, date="2026-05-01")
    assert r["size_tier"] == "small_parcel" and r["currency"] == "EUR"
    assert r["fee_available"] is False and r["fulfillment_fee"] is None and r["total_fee"] is None
    assert r["confidence"] == "unverified" and "not in our sources" in en(r["warnings"])
    assert "1.5%" in en(r["warnings"])   # fuel surcharge from 17 Apr 2026, pending a fee
    assert "1.5%" not in en(fee(marketplace=mk, date="2026-04-16")["warnings"])
    assert "date" in errors(marketplace=mk, date="2025-12-14")


def test_de_override_with_germany_only_surcharge():
    # seller's fee 3.20; fuel 1.5% = 0.048 → 0.05; stock only in DE: +0.35 → 3.60
    r = fee(marketplace="DE", fee_override=3.2, eu_programme="none", date="2026-05-01")
    assert r["fulfillment_fee"] == 3.2 and r["card_fee"] is None
    # before 17 Apr 2026 only the Germany-only surcharge: 3.55
    assert fee(marketplace="DE", fee_override=3.2, eu_programme="none", date="2026-04-16")["total_fee"] == 3.55
    assert [(s["name"], s["amount"]) for s in r["surcharges"]] == [("fuel_logistics", 0.05), ("de_only_stock", 0.35)]
    assert r["total_fee"] == 3.60
    assert fee(marketplace="DE", fee_override=3.2, eu_programme="pan_eu", date="2026-05-01")["total_fee"] == 3.25  # 3.20 + 0.05
    assert fee(marketplace="FR", fee_override=3.2, eu_programme="none", date="2026-05-01")["total_fee"] == 3.25    # DE only
    assert "Central Europe" in en(fee(marketplace="DE", eu_programme="cep")["warnings"])


def test_de_peak_conflict_is_flagged():
    r = fee(marketplace="DE", date="2026-01-10")
    assert "0.19" in en(r["warnings"]) and "0.26" in en(r["warnings"])
    assert "0.26" in en(r["unverified"])


@pytest.mark.parametrize("mk,date,threshold", [("DE", "2026-01-31", "11.00"), ("FR", "2026-01-31", "12.00"),
                                               ("DE", "2026-02-01", "20.00")])
def test_eu_low_price_threshold_named(mk, date, threshold):
    r = fee(marketplace=mk, date=date, price=float(threshold))
    assert threshold in en(r["warnings"])
    assert "low-price" not in en(fee(marketplace=mk, date=date, price=float(threshold) + 0.01)["warnings"])


def test_efn_fee_unknown_and_local_fee_only_for_reference():
    r = fee(marketplace="UK", fulfilment_from="DE")
    assert r["efn"] is True and r["fulfillment_fee"] is None and r["local_fee_reference"] == 3.04
    assert "much higher" in en(r["warnings"]) and "customs" in en(r["warnings"])
    r = fee(marketplace="FR", fulfilment_from="DE", eu_programme="none", fee_override=4.0, date="2026-05-01")
    # EFN: no Germany-only surcharge (the order is not on amazon.de); 4.00 + 1.5% = 4.06
    assert r["efn"] is True and r["total_fee"] == 4.06
    assert fee(marketplace="DE", fulfilment_from="DE")["efn"] is False


def test_bad_fulfilment_origin():
    msg = errors(marketplace="DE", fulfilment_from="US")["fulfilment_from"]
    assert "Germany" in msg["en"] and "德国" in msg["zh"]


def test_card_notes_are_shown_in_both_languages():
    from calculators.fba_fee import details
    r = fee()
    assert "We date it from 1 Jan 2026" in details(r, "en")
    assert "2026 年 1 月 1 日" in details(r, "zh")
    assert "<script" not in details(r, "en") and "style=" not in details(r, "en")


def test_efn_summary_shows_the_local_fee_only_as_a_reference():
    from calculators.fba_fee import summary
    rows = {r["label"]["en"]: r["value"]["en"] for r in summary(fee(fulfilment_from="DE"))}
    assert rows["Local fee (for reference only)"] == "GBP 3.04"
    assert rows["EFN cross-border fee"] == "not available" and rows["Total per unit"] == "not available"


def test_germany_only_surcharge_is_not_charged_on_efn_into_germany():
    # stock in FR sold on amazon.de is EFN, not "stock kept only in Germany": 4.00 + 1.5% (0.06) = 4.06
    r = fee(marketplace="DE", fulfilment_from="FR", eu_programme="none", fee_override=4.0, date="2026-05-01")
    assert r["efn"] is True and [s["name"] for s in r["surcharges"]] == ["fuel_logistics"] and r["total_fee"] == 4.06

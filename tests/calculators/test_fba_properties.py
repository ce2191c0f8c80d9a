"""Properties of the FBA fee engine over many generated items (hypothesis).

- Fees are never negative.
- The same physical item entered in other units gives the same result.
- Within one rate card, a heavier item never costs less, and neither does a larger one,
  except where Amazon's own table jumps down; those places are listed here and pinned
  by a test, so a new one cannot slip in unnoticed.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculators import run
from tests.calculators.conftest import result as expect_result


CASES = [("US", "local", "2025-06-01"), ("US", "local", "2026-05-01"), ("CA", "US", "2026-05-01"),
         ("UK", "local", "2026-05-01"), ("UK", "local", "2026-01-10"), ("JP", "local", "2026-05-01"),
         ("DE", "local", "2026-05-01")]

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

side = st.floats(min_value=0.5, max_value=200, allow_nan=False)
grams = st.floats(min_value=5, max_value=80_000, allow_nan=False)
price = st.sampled_from([5, 9.99, 15, 25, 60, 2000])


def result(mk, frm, date, l, w, h, g, p, **extra):
    payload = {"marketplace": mk, "fulfilment_from": frm, "date": date, "length": l, "width": w, "height": h,
               "dimension_unit": "cm", "weight": g, "weight_unit": "g", "price": p, **extra}
    return expect_result("fba-fee", payload)


# Where Amazon's extra-large bands restart lower than the band below ends (the extra-large
# tiers of calculators/data/fba/us-2025.json, us-2026.json, ca-remote-2024.json): 50 → 51 lb
# (all cards) and 70 → 71 lb (2026 card).
def _xl_band(r):
    w = r["shipping_weight"]["value"]
    return 0 if w <= 50 else 1 if w <= 70 else 2 if w <= 150 else 3


def known_drop(a, b):
    """True where b (heavier or larger) may cost less than a by Amazon's table."""
    if a["size_tier"] == b["size_tier"] == "extra_large" and _xl_band(a) != _xl_band(b):
        return True
    # US extra-large over 150 lb unit weight uses unit weight only, so a light but bulky
    # item billed on a huge dimensional weight can cost more than the same box at 151 lb.
    if (a["size_tier"] == b["size_tier"] == "extra_large" and a["unit_weight"]["unit"] == "lb"
            and a["unit_weight"]["value"] <= 150 < b["unit_weight"]["value"]):
        return True
    if a["size_tier"] in ("small_bulky", "large_bulky") and b["size_tier"] == "extra_large":
        return False
    # UK: an extra-large envelope (£2.94) that grows into a small parcel ≤150 g (£2.91)
    if a["size_tier"] == "extra_large_envelope" and b["size_tier"] == "small_parcel":
        return True
    return False


@SETTINGS
@given(case=st.sampled_from(CASES), l=side, w=side, h=side, g=grams, p=price)
def test_fees_are_never_negative(case, l, w, h, g, p):
    r = result(*case, l, w, h, g, p)
    for key in ("fulfillment_fee", "total_fee"):
        assert r[key] is None or r[key] >= 0
    assert all(s["amount"] >= 0 for s in r["surcharges"])
    if r["fee_available"]:
        assert r["total_fee"] >= r["fulfillment_fee"]


@SETTINGS
@given(case=st.sampled_from(CASES), l=side, w=side, h=side, g=grams, p=price)
def test_units_change_nothing(case, l, w, h, g, p):
    a = result(*case, l, w, h, g, p)
    ok, b = run("fba-fee", {"marketplace": case[0], "fulfilment_from": case[1], "date": case[2],
                            "length": l / 2.54, "width": w / 2.54, "height": h / 2.54, "dimension_unit": "in",
                            "weight": g / 453.59237, "weight_unit": "lb", "price": p})
    assert ok, b
    for key in ("size_tier", "fulfillment_fee", "total_fee", "eligible"):
        assert a[key] == b[key], key
    ok, c = run("fba-fee", {"marketplace": case[0], "fulfilment_from": case[1], "date": case[2],
                            "length": l, "width": w, "height": h, "dimension_unit": "cm",
                            "weight": g / 28.349523125, "weight_unit": "oz", "price": p})
    assert ok and (c["size_tier"], c["total_fee"]) == (a["size_tier"], a["total_fee"])


@SETTINGS
@given(case=st.sampled_from(CASES), l=side, w=side, h=side, g=grams, extra=st.floats(min_value=1, max_value=20_000), p=price)
def test_heavier_never_costs_less(case, l, w, h, g, extra, p):
    a = result(*case, l, w, h, g, p)
    b = result(*case, l, w, h, g + extra, p)
    if a["fulfillment_fee"] is None or b["fulfillment_fee"] is None or known_drop(a, b):
        return
    assert b["fulfillment_fee"] >= a["fulfillment_fee"], (a["size_tier"], b["size_tier"])


@SETTINGS
@given(case=st.sampled_from(CASES), l=side, w=side, h=side, g=grams, grow=st.floats(min_value=0.1, max_value=100), p=price,
       which=st.sampled_from([0, 1, 2]))
def test_larger_never_costs_less(case, l, w, h, g, grow, p, which):
    sides = [l, w, h]
    a = result(*case, *sides, g, p)
    sides[which] += grow
    b = result(*case, *sides, g, p)
    if a["fulfillment_fee"] is None or b["fulfillment_fee"] is None or known_drop(a, b):
        return
    assert b["fulfillment_fee"] >= a["fulfillment_fee"], (a["size_tier"], b["size_tier"])


def test_the_known_drops_are_real_and_the_only_listed_ones():
    # US 2025 extra-large: 50 lb 26.33 + 0.38 × 49 = 44.95 > 51 lb 40.12
    def us(lb, date):
        return result("US", "local", date, 155, 25, 25, lb * 453.59237, 25)
    assert us(50, "2025-06-01")["fulfillment_fee"] == 44.95 and us(51, "2025-06-01")["fulfillment_fee"] == 40.12
    # US 2026 extra-large: 70 lb 37.32 + 0.75 × 19 = 51.57 > 71 lb 51.32
    assert us(70, "2026-05-01")["fulfillment_fee"] == 51.57 and us(71, "2026-05-01")["fulfillment_fee"] == 51.32
    # UK: 33 × 23 × 6 cm at 100 g is an extra-large envelope (£2.94); 6.1 cm thick, a small parcel (£2.91)
    a = result("UK", "local", "2026-05-01", 33, 23, 6, 100, 25)
    b = result("UK", "local", "2026-05-01", 33, 23, 6.1, 100, 25)
    assert (a["fulfillment_fee"], b["fulfillment_fee"]) == (2.94, 2.91)


def test_us_extra_large_switches_to_unit_weight_above_150_lb():
    # 170 x 46 x 44 in: dimensional weight 344,080 / 139 = 2,475.4 lb.
    # At 48,039 g (105.9 lb) the shipping weight is the dimensional 2,476 lb:
    # 194.95 + 0.19 x (2,476 - 151) = 636.70, less 0.77 low-price = 635.93.
    # At 68,039 g (150.0003 lb) unit weight alone counts: 151 lb -> 194.95 - 0.77 = 194.18.
    base = {"marketplace": "US", "length": 44, "width": 46, "height": 170, "dimension_unit": "in",
            "weight_unit": "g", "price": 5, "date": "2025-06-01"}
    ok, light = run("fba-fee", {**base, "weight": 48039})
    ok2, heavy = run("fba-fee", {**base, "weight": 68039})
    assert ok and ok2
    assert (light["shipping_weight"]["value"], light["fulfillment_fee"]) == (2476, 635.93)
    assert (heavy["shipping_weight"]["value"], heavy["fulfillment_fee"]) == (151, 194.18)

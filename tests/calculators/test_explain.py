"""``explain=False`` (used by compare, which needs only the figures, many times per
result) skips the step-by-step text and changes nothing else: same figures, warnings,
notes and errors as the explained result."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculators import landed_cost as lc
from calculators.core import get, run

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def same_but_steps(name, payload):
    ok, full = run(name, payload)
    ok2, quiet = run(name, payload, explain=False)
    assert ok == ok2
    if ok:
        assert quiet.pop("steps") == []
        full.pop("steps")
    assert quiet == full


@pytest.mark.parametrize("name", ["fba-fee", "storage-fee"])
def test_examples(name):
    for example in get(name).examples:
        same_but_steps(name, example)


@SETTINGS
@given(mk=st.sampled_from(["US", "CA", "UK", "DE", "FR", "IT", "ES", "JP"]),
       frm=st.sampled_from(["local", "local", "US", "DE", "UK"]),
       date=st.sampled_from(["2024-03-01", "2025-06-01", "2025-11-20", "2026-01-10", "2026-05-01", "2026-12-01"]),
       sides=st.tuples(*[st.floats(min_value=0.5, max_value=200)] * 3),
       grams=st.floats(min_value=5, max_value=80_000),
       price=st.sampled_from([5, 9.99, 15, 25, 60, 2000]),
       apparel=st.booleans(),
       extra=st.sampled_from([{}, {"fee_override": 3.2}, {"eu_programme": "none"}, {"eu_programme": "cep"},
                              {"size_tier": "large_standard"}, {"compare_card": "us-fba-2025"}]))
def test_fba_fee_quiet_matches(mk, frm, date, sides, grams, price, apparel, extra):
    l, w, h = sides
    same_but_steps("fba-fee", {"marketplace": mk, "fulfilment_from": frm, "date": date, "length": l, "width": w,
                               "height": h, "dimension_unit": "cm", "weight": grams, "weight_unit": "g",
                               "price": price, "apparel": apparel, **extra})


@SETTINGS
@given(mk=st.sampled_from(["US", "CA", "UK", "DE", "FR", "IT", "ES", "JP"]),
       date=st.sampled_from(["2024-03-01", "2025-06-01", "2025-09-15", "2026-01-01", "2026-12-01"]),
       sides=st.tuples(*[st.floats(min_value=0.5, max_value=200)] * 3),
       grams=st.floats(min_value=5, max_value=40_000),
       size_class=st.sampled_from(["auto", "standard", "oversize", "apparel"]),
       months=st.integers(min_value=1, max_value=14),
       age=st.sampled_from([0, 5, 11, 15]),
       extra=st.sampled_from([{}, {"rate_override": 1.5}]))
def test_storage_fee_quiet_matches(mk, date, sides, grams, size_class, months, age, extra):
    l, w, h = sides
    same_but_steps("storage-fee", {"marketplace": mk, "date": date, "length": l, "width": w, "height": h,
                                   "dimension_unit": "cm", "weight": grams, "weight_unit": "g", "units": 10,
                                   "months": months, "size_class": size_class, "inventory_age_months": age, **extra})


@SETTINGS
@given(code=st.sampled_from(lc.DESTINATIONS), origin=st.sampled_from(lc.ORIGINS),
       channel=st.sampled_from(["courier", "post"]),
       date=st.sampled_from(["2025-03-01", "2025-06-01", "2026-01-10", "2026-07-01"]),
       goods=st.floats(min_value=1, max_value=5000), freight=st.floats(min_value=0, max_value=300),
       duty=st.sampled_from([0, 4, 12.5]), tax=st.sampled_from([None, 0, 20]),
       rounding=st.sampled_from([0, 0.5]), weight=st.floats(min_value=0.05, max_value=40),
       brackets=st.sampled_from([[], [(0.5, 18), (1, 24), (2, 34)]]))
def test_landed_cost_pieces_quiet_match(code, origin, channel, date, goods, freight, duty, tax, rounding, weight, brackets):
    def both(f, *args):
        try:
            full = f(*args)
        except lc.InputError as exc:
            with pytest.raises(lc.InputError) as quiet:
                f(*args, explain=False)
            assert quiet.value.errors == exc.errors
            return None
        return full, f(*args, explain=False)

    cw, quiet_cw = both(lc.chargeable_weight, 30, 20, 10, weight, "metric", 5000, rounding)
    assert quiet_cw == (cw[0], [])
    price, quiet_price = both(lc.price_parcel, cw[0]["chargeable"], 10, 12, 20, brackets, "USD", "kg")
    assert quiet_price == (price[0], [])
    got = both(lc.import_charges, code, date, origin, channel, goods, freight, 0.0, duty, tax, 1, 1.1)
    if got:
        full, quiet = got
        assert quiet.pop("steps") == []
        full.pop("steps")
        assert quiet == full

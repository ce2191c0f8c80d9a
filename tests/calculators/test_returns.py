"""Returns: cost per return and per unit sold, FBA returns processing rules, price uplift."""

from __future__ import annotations

import json


from calculators.core import run
from tests.calculators.conftest import cli, result


def base(**over):
    payload = {"marketplace": "US", "fulfilment": "self", "price": 30, "product_cost": 8, "other_costs": 20,
               "return_rate": 5, "route": "international", "intl_return_cost": 15, "resale_pct": 70,
               "referral_pct": 15, "target_margin": 20}
    payload.update(over)
    return payload


def ok(payload):
    return result("returns", payload)


def test_international_returns_worked_example():
    # per return: postage 15 + write-off (1 - 0.70) x 8 = 2.40 -> 17.40
    # per unit sold: 5% x 17.40 = 0.87
    # price for 20% margin with 15% referral: without returns 20 / 0.65 = 30.77; with (20 + 0.87) / 0.65 = 32.11
    # uplift 0.87 / 0.65 = 1.34 (+4.35%); margin at 30: (30 - 20 - 4.50 - 0.87) / 30 = 15.43%
    out = ok(base())
    assert out["cost_per_return"] == 17.4
    assert out["returns_cost_per_unit"] == 0.87
    assert out["price_without_returns"] == 30.77
    assert out["price_with_returns"] == 32.11
    assert out["price_uplift"] == 1.34
    assert out["price_uplift_pct"] == 4.35
    assert out["margin_at_price"] == 15.43
    assert any("below your target" in w["en"] for w in out["warnings"])


def test_local_return_address_buyer_pays_postage():
    # local route: only the local service 2.00 + handling 1.00 + write-off 0 (all resold) = 3.00; 10% -> 0.30
    out = ok(base(route="local", local_return_cost=2, handling_cost=1, resale_pct=100, return_rate=10))
    assert out["cost_per_return"] == 3.0
    assert out["returns_cost_per_unit"] == 0.3
    ids = [p["id"] for p in out["parts"]]
    assert "intl_return_cost" not in ids and "local_return_cost" in ids


def test_fba_us_apparel_every_return():
    # FBA: no return postage; write-off (1 - 0.8) x 6 = 1.20 per return; 12% -> 0.144
    # apparel: fee 2.50 on every return -> 12% x 2.50 = 0.30; total 0.444 -> 0.44
    out = ok(base(fulfilment="fba", product_cost=6, return_rate=12, resale_pct=80, category="apparel_shoes",
                  monthly_units=300, processing_fee=2.5))
    assert out["cost_per_return"] == 1.2
    assert out["processing_per_unit"] == 0.3
    assert out["returns_cost_per_unit"] == 0.44


def test_fba_us_only_above_threshold():
    # other category, threshold 8%: fee on 12% - 8% = 4% of units -> 0.04 x 2.50 = 0.10
    out = ok(base(fulfilment="fba", product_cost=6, return_rate=12, resale_pct=80, monthly_units=300,
                  processing_fee=2.5, category_threshold=8))
    assert out["processing_per_unit"] == 0.1
    # below the threshold: nothing
    out = ok(base(fulfilment="fba", return_rate=5, monthly_units=300, processing_fee=2.5, category_threshold=8))
    assert out["processing_per_unit"] == 0


def test_fba_us_25_unit_exemption_edges():
    common = dict(fulfilment="fba", return_rate=12, category="apparel_shoes", processing_fee=2.5)
    assert ok(base(monthly_units=24, **common))["processing_per_unit"] == 0    # fewer than 25: exempt
    assert ok(base(monthly_units=25, **common))["processing_per_unit"] == 0.3  # 25: charged, 12% x 2.50


def test_fba_fee_and_threshold_not_in_data_must_be_entered():
    good, out = run("returns", base(fulfilment="fba", monthly_units=300))
    assert not good and out["errors"][0]["field"] == "processing_fee"
    good, out = run("returns", base(fulfilment="fba", monthly_units=300, processing_fee=2))
    assert not good and out["errors"][0]["field"] == "category_threshold"


def test_fba_eu_high_return_fee_marked_unverified():
    # DE: same rule, flagged; 12% - 8% = 4% x 1.50 = 0.06
    out = ok(base(marketplace="DE", fulfilment="fba", return_rate=12, monthly_units=300, processing_fee=1.5,
                  category_threshold=8))
    assert out["processing_per_unit"] == 0.06
    assert out["unverified"] and out["currency"] == "EUR"


def test_fba_marketplace_without_data_says_so():
    out = ok(base(marketplace="AU", fulfilment="fba"))
    assert out["processing_per_unit"] == 0
    assert any("not in our data" in u["en"] for u in out["unverified"])


def test_no_room_for_margin():
    good, out = run("returns", base(referral_pct=40, target_margin=60))
    assert not good and out["errors"][0]["field"] == "target_margin"
    assert out["errors"][0]["message"]["zh"]


def test_cli_bad_inputs_exit_2_bilingual():
    proc = cli("returns", {"marketplace": "US", "price": 0, "product_cost": 8, "other_costs": 20, "return_rate": 150,
                           "target_margin": 20})
    assert proc.returncode == 2
    out = json.loads(proc.stdout)
    assert {e["field"] for e in out["errors"]} == {"price", "return_rate"}
    assert all(e["message"]["en"] and e["message"]["zh"] for e in out["errors"])

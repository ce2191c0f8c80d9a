"""FBA against self-fulfilment: per-unit costs computed by hand, break-even where the two
lines cross (volume and weight), charts, second currency, fallbacks and CLI errors.

Amazon's fees are stubbed in the hand-computed tests (FBA fee 4.00, storage 0.10 per
unit per month) so the arithmetic does not depend on other calculators' rate cards; one
test checks that the real fee comes from run("fba-fee")."""

from __future__ import annotations

import json

import pytest

from calculators import compare, landed_cost
from calculators.core import run
from tests.calculators.conftest import cli, result


@pytest.fixture
def stub_fees(monkeypatch):
    monkeypatch.setattr(compare, "fba_fee", lambda v, ctx, weight, notes: 4.0)
    monkeypatch.setattr(compare, "storage_per_month", lambda v, ctx, weight, notes: 0.10)


@pytest.fixture(autouse=True)
def no_fx_default(monkeypatch):
    monkeypatch.setattr(compare, "fx_default", lambda frm, to, on: None)
    monkeypatch.setattr(landed_cost, "fx_default", lambda frm, to, on: None)


def base(**over):
    # 20 x 10 x 5 cm = 0.001 m3; 0.4 kg; price 20; goods 5; duty 10%; referral 10% = 2.00
    payload = {"marketplace": "US", "date": "2026-05-01", "length": 20, "width": 10, "height": 5, "weight": 0.4,
               "price": 20, "product_cost": 5, "monthly_units": 150, "duty_rate": 10,
               "inbound_basis": "per_m3", "inbound_rate": 100, "inbound_fixed": 300, "months_cover": 2,
               "fba_return_fee": 0, "incoterm": "DDP", "origin": "CN", "rate_sheet": "own", "per_parcel": 5,
               "per_kg": 10, "fuel_pct": 0, "divisor": 5000, "rounding": 0.5, "self_fixed_monthly": 0,
               "return_rate": 0, "resale_pct": 100, "intl_return_cost": 0, "referral_pct": 10,
               "display_currency": "CNY", "display_rate": 7, "volume_max": 200, "weight_max": 1}
    payload.update(over)
    return payload


def ok(payload):
    return result("compare", payload)


def test_per_unit_costs_by_hand(stub_fees):
    # FBA at 150 units a month, 2 months per shipment -> 300 units per shipment:
    #   inbound 100 x 0.001 = 0.10 + 300 / 300 = 1.00 -> 1.10
    #   duty 10% x (5 + 1.10) = 0.61; fee 4.00; storage 0.10 x (2 / 2) = 0.10; returns 0; referral 2.00
    #   total 5 + 1.10 + 0.61 + 4 + 0.10 + 2 = 12.81
    # Self: 20x10x5/5000 = 0.2 kg < 0.4 -> 0.5 kg; parcel 5 + 10 x 0.5 = 10.00;
    #   US duty (goods only, China after 2 May 2025) 10% x 20 = 2.00; referral 2.00
    #   total 5 + 10 + 2 + 2 = 19.00
    out = ok(base())
    assert out["fba"]["total"] == 12.81
    assert out["self"]["total"] == 19.0
    assert out["fba"]["profit"] == 7.19 and out["self"]["profit"] == 1.0
    assert out["cheaper"] == "fba"
    fba = {line["id"]: line["amount"] for line in out["fba"]["lines"]}
    assert fba == {"product_cost": 5, "inbound": 1.1, "import_stock": 0.61, "fba_fee": 4.0, "storage": 0.1,
                   "returns": 0, "referral": 2.0}
    slf = {line["id"]: line["amount"] for line in out["self"]["lines"]}
    assert slf == {"product_cost": 5, "parcel": 10.0, "import_parcel": 2.0, "returns": 0, "fixed": 0, "referral": 2.0}


def test_dap_takes_import_charges_off_the_seller(stub_fees):
    # DAP: the buyer pays the 2.00 duty -> self 17.00
    out = ok(base(incoterm="DAP"))
    assert out["self"]["total"] == 17.0
    assert any("refuse" in w["en"] for w in out["warnings"])


def test_break_even_on_volume(stub_fees):
    # FBA(V) = 5 + 0.1 + 150/V + 10% x (5.1 + 150/V) + 4 + 0.1 + 2 = 11.71 + 165/V; self = 19.00
    # crossing: 165 / V = 7.29 -> V = 22.634 units a month, at 19.00 per unit
    out = ok(base())
    chart = next(c for c in out["charts"] if c["id"] == "compare-volume")
    assert chart["crossing"]["x"] == pytest.approx(165 / 7.29, abs=0.01)
    assert chart["crossing"]["y"] == pytest.approx(19.0, abs=0.01)
    # below it self-fulfilment is cheaper, above it FBA
    assert "Break-even at about 23 units a month" in chart["statement"]["en"]
    assert "below it self-fulfilment costs less" in chart["statement"]["en"]
    assert "盈亏平衡点约为 23 件/月" in chart["statement"]["zh"]
    assert "卖家自配送" in chart["statement"]["zh"]
    # the sampled points are the cost function: at V = 200, 11.71 + 0.825 = 12.535 -> 12.53 or 12.54
    fba = dict(map(tuple, chart["series"][0]["points"]))
    assert fba[200] == pytest.approx(12.535, abs=0.006)
    assert fba[50] == pytest.approx(11.71 + 165 / 50, abs=0.006)  # 15.01


def test_break_even_on_weight(stub_fees):
    # No rounding, per parcel 1: self(w) = 5 + (1 + 10 x max(w, 0.2)) + 2 + 2 = 10 + 10w for w >= 0.2
    # per-kg inbound 2: FBA(w) = 5 + 2w + 1 + 10% x (5 + 2w + 1) + 4 + 0.1 + 2 = 12.7 + 2.2w
    # crossing: 10 + 10w = 12.7 + 2.2w -> w = 2.7 / 7.8 = 0.34615 kg, cost 13.4615
    out = ok(base(per_parcel=1, rounding=0, inbound_basis="per_kg", inbound_rate=2))
    chart = next(c for c in out["charts"] if c["id"] == "compare-weight")
    assert chart["crossing"]["x"] == pytest.approx(2.7 / 7.8, abs=0.001)
    assert chart["crossing"]["y"] == pytest.approx(10 + 10 * 2.7 / 7.8, abs=0.01)
    assert "0.35 kg" in chart["statement"]["en"]
    assert "below it self-fulfilment costs less" in chart["statement"]["en"]
    # points: at 0.05 kg self is 12.00 (chargeable floor 0.2 kg), at 1 kg 20.00
    slf = dict(map(tuple, chart["series"][1]["points"]))
    assert slf[0.05] == 12.0 and slf[1.0] == 20.0


def test_no_crossing_in_range(stub_fees):
    # Self-fulfilment fixed 10,000 a month: self is dearer at every volume up to 200 and every weight.
    out = ok(base(self_fixed_monthly=10000, volume_max=200))
    vol = next(c for c in out["charts"] if c["id"] == "compare-volume")
    assert vol["crossing"] is None
    assert vol["statement"]["en"].startswith("No crossing in this range")
    assert vol["statement"]["zh"].startswith("在此范围内")


def test_crossing_helper_interpolates():
    # a: 10 -> 0, b: 0 -> 10 over x 0..10: they meet at x 5, y 5
    assert compare.crossing([[0, 10], [10, 0]], [[0, 0], [10, 10]]) == {"x": 5.0, "y": 5.0, "segment": 0}
    assert compare.crossing([[0, 1], [10, 2]], [[0, 3], [10, 4]]) is None


def test_charts_shape_and_languages(stub_fees):
    out = ok(base())
    assert [c["id"] for c in out["charts"]] == ["compare-volume", "compare-weight"]
    for chart in out["charts"]:
        assert chart["title"]["en"] and chart["title"]["zh"]
        assert chart["x"]["label"]["zh"] and chart["y"]["unit"] == "USD"
        assert [s["name"]["en"] for s in chart["series"]] == ["FBA", "Self-fulfilment"]
        assert len(chart["series"][0]["points"]) == len(chart["series"][1]["points"]) >= 10
        xs = [p[0] for p in chart["series"][0]["points"]]
        assert xs == sorted(xs)


def test_details_has_canvas_and_table_with_same_numbers(stub_fees):
    out = ok(base())
    html = compare.details(out, "zh")
    assert 'data-chart="compare-volume"' in html and 'data-chart="compare-weight"' in html
    assert html.count("<caption>") == 3 and 'scope="row"' in html and 'scope="col"' in html
    assert "<script" not in html and "style=" not in html
    first = out["charts"][0]["series"][0]["points"][0]
    assert f'<td>{first[1]:,.2f}</td>' in html


def test_second_currency(stub_fees):
    # 12.81 USD x 7 = 89.67 CNY
    out = ok(base())
    rows = compare.summary(out)
    assert "CNY 89.67" in rows[0]["value"]["en"] and "89.67 人民币" in rows[0]["value"]["zh"]
    # no rate given and no default in our data: amounts in USD only, with a note
    out = ok(base(display_rate=None))
    assert out["display_rate"] is None
    assert any("No exchange rate" in w["en"] for w in out["warnings"])


def test_fba_fee_comes_from_the_fba_fee_calculator():
    payload = base(storage_override=0.1)
    out = ok(payload)
    good, fee = run("fba-fee", {"marketplace": "US", "length": 20, "width": 10, "height": 5, "dimension_unit": "cm",
                                "weight": 0.4, "weight_unit": "kg", "price": 20, "date": "2026-05-01"})
    assert good
    assert {line["id"]: line["amount"] for line in out["fba"]["lines"]}["fba_fee"] == fee["total_fee"]


def test_marketplace_without_fba_data_needs_the_users_fee():
    # Mexico: no FBA fee card, so the user's figure is required, then used
    good, out = run("compare", base(marketplace="MX", threshold_rate=18))
    assert not good and out["errors"][0]["field"] in ("fba_fee_override", "storage_override")
    out = ok(base(marketplace="MX", threshold_rate=18, fba_fee_override=60, storage_override=2))
    assert {line["id"]: line["amount"] for line in out["fba"]["lines"]}["fba_fee"] == 60


def test_cli_bad_inputs_exit_2_bilingual():
    proc = cli("compare", {"marketplace": "US", "length": 25, "width": 15, "height": 5, "weight": 0, "price": 25,
                           "product_cost": 6, "monthly_units": 200, "duty_rate": 5, "inbound_rate": 200,
                           "return_rate": 5, "divisor": 139})
    assert proc.returncode == 2
    out = json.loads(proc.stdout)
    assert {e["field"] for e in out["errors"]} == {"weight", "divisor"}
    assert all(e["message"]["en"] and e["message"]["zh"] for e in out["errors"])


def test_second_currency_default_comes_from_fx_and_is_flagged(stub_fees, monkeypatch):
    monkeypatch.undo()  # the real dated reference rates of calculators.fx
    monkeypatch.setattr(compare, "fba_fee", lambda v, ctx, weight, notes: 4.0)
    monkeypatch.setattr(compare, "storage_per_month", lambda v, ctx, weight, notes: 0.10)
    from calculators import fx
    out = ok(base(display_rate=None))
    expected = fx.rate_info("CNY", "2026-05-01")["per_usd"] / fx.rate_info("USD", "2026-05-01")["per_usd"]
    assert out["display_rate"] == pytest.approx(expected)
    assert any("approximate reference rate" in u["en"] and "近似参考汇率" in u["zh"] for u in out["unverified"])


def test_ddp_import_vat_over_the_threshold_follows_the_reclaim_choice(stub_fees):
    # UK, price 200 > GBP 135: parcel 10.00 (as above); CIF 210; duty 10% = 21.00;
    # VAT 20% x (210 + 21) = 46.20 at the border.
    common = dict(marketplace="UK", price=200, display_currency="GBP", threshold_rate=None)
    reclaim = ok(base(**common))
    cost = ok(base(import_vat_recoverable="cost", **common))
    line = lambda out: {x["id"]: x["amount"] for x in out["self"]["lines"]}["import_parcel"]
    assert line(reclaim) == 21.0
    assert line(cost) == 67.2
    # post instead of courier changes nothing in the UK rule
    assert line(ok(base(channel="post", **common))) == 21.0


def test_fee_engines_run_once_per_distinct_weight(monkeypatch):
    # The volume chart and its break-even search share one weight: Amazon's fees, the
    # parcel and its import charges are worked out once for it, not once per point.
    real_fee, real_storage = compare.fba_fee, compare.storage_per_month
    fee_weights, storage_weights = [], []
    monkeypatch.setattr(compare, "fba_fee", lambda v, ctx, w, notes: fee_weights.append(w) or real_fee(v, ctx, w, notes))
    monkeypatch.setattr(compare, "storage_per_month",
                        lambda v, ctx, w, notes: storage_weights.append(w) or real_storage(v, ctx, w, notes))
    out = ok(compare.CALCULATOR.examples[0])
    assert out["charts"][0]["crossing"] is not None  # the volume break-even was searched
    assert sorted(fee_weights) == sorted(set(fee_weights)) == sorted(storage_weights)
    chart_weights = {p[0] for p in out["charts"][1]["series"][0]["points"]}
    assert set(fee_weights) == chart_weights | {compare.CALCULATOR.examples[0]["weight"]}


@pytest.mark.parametrize("root", [0.123456789, 0.5, 0.99995, 1 / 3, 0.00004999, 0.7071067811865476])
def test_break_even_bisection_stops_early_with_the_same_rounded_answer(root):
    calls = []

    def diff(x):
        calls.append(x)
        return x - root

    x = compare.refine(diff, 0.0, 1.0)
    steps = len(calls)
    full = compare.refine(lambda x: x - root, 0.0, 1.0, digits=30)  # never stops early: all 50 steps
    assert round(x, 4) == round(full, 4)
    if round(root, 4) == round(full, 4):  # not a root sitting on a rounding boundary
        assert steps < 30  # far fewer than the 50-step cap: each step is a full evaluation

"""Reference exchange rates (calculators/data/fx) and conversion."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from calculators import fx

ROOT = Path(__file__).resolve().parents[2]
NEEDED = ("USD", "CAD", "MXN", "BRL", "GBP", "EUR", "JPY", "CNY", "AUD", "SGD", "AED", "SAR", "INR", "SEK", "PLN")


def test_every_needed_currency_has_a_dated_approximate_rate():
    data = json.loads((ROOT / "calculators/data/fx/rates-2026-11.json").read_text("utf-8"))
    assert data["base"] == "USD" and data["confidence"] == "unverified"
    assert data["notes"][0]["en"] and data["notes"][0]["zh"]
    for cur in NEEDED:
        info = data["rates"][cur]
        assert info["per_usd"] > 0 and info["date"] == "2026-11-25", cur
        assert info["approximate"] is (cur != "USD"), cur
    assert data["rates"]["USD"]["per_usd"] == 1.0


def test_pegged_rates():
    rates = fx.default_rates()
    assert rates["AED"] == 3.6725 and rates["SAR"] == 3.75


@pytest.mark.parametrize("cur,low,high", [  # broad sanity ranges, so a slipped digit shows
    ("CAD", 1.2, 1.6), ("MXN", 15, 22), ("BRL", 4.5, 6.5), ("GBP", 0.7, 0.85), ("EUR", 0.8, 1.0),
    ("JPY", 130, 170), ("CNY", 6.8, 7.5), ("AUD", 1.4, 1.7), ("SGD", 1.25, 1.4), ("INR", 80, 95),
    ("SEK", 9, 11.5), ("PLN", 3.5, 4.3),
])
def test_rates_are_in_a_plausible_range(cur, low, high):
    assert low <= fx.default_rates()[cur] <= high


def test_convert_goes_through_usd():
    rates = {"USD": 1.0, "EUR": 0.8, "JPY": 160.0}
    # 10 EUR = 10 / 0.8 = 12.5 USD = 12.5 × 160 = 2,000 JPY
    assert fx.convert(10, "EUR", "JPY", rates) == pytest.approx(2000)
    assert fx.convert(10, "EUR", "EUR", rates) == 10
    assert fx.cross_rate("USD", "EUR", rates) == 0.8


def test_overrides_replace_defaults_and_say_so():
    rates, used = fx.with_overrides({"EUR": 0.9, "GBP": None})
    assert rates["EUR"] == 0.9 and rates["GBP"] == fx.default_rates()["GBP"]
    eur = next(u for u in used if u["currency"] == "EUR")
    gbp = next(u for u in used if u["currency"] == "GBP")
    assert eur["source"] == "yours" and eur["default"] == 0.87
    assert gbp["source"] == "default" and gbp["date"] == "2026-11-25" and gbp["approximate"] is True


def test_reference_note_is_bilingual_and_says_not_a_quote():
    note = fx.reference_note()
    assert "not quotes" in note["en"] and "并非报价" in note["zh"] and "2026-11-25" in note["en"]


def test_table_for_a_date():
    assert fx.table_for("2026-12-01")["id"] == "fx-2026-11"
    assert fx.table_for("2020-01-01")["id"] == "fx-2026-11"  # the oldest we have

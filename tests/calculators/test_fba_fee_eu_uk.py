"""UK and EU local (and Pan-European) FBA fees on the card of 1 Feb 2026: size tiers on
both sides of every limit, every weight band of every store (UK, DE, FR, IT, ES, NL, SE,
PL, BE), oversize and special oversize, the selected-category parcel tiers (apparel),
low-price FBA and its thresholds before and after 1 Feb 2026, the Germany-only ("no
CEP") rates, SIPP, oversize packaging, dangerous goods, fuel; Ireland's own tiers; the
nearest card before 1 Feb 2026.

Expected figures are typed from Amazon's Rate Card Europe effective 1 Feb 2026 (source
id ratecard-eu-2026-e1 in calculators/data/sources/catalogue.json), as transcribed in
calc-patrick-eu and calc-makaev-eu (the card's table, as a [name], and row named beside
each figure; Ireland, the Germany-only columns, NL, SE, PL and BE from calc-patrick-eu
alone; the weight used for the fee from Amazon's help page amazon-eu-dim-weight), never
read from our data files. Cross-border routes: test_fba_fee_efn.py; peak seasons:
test_fba_peak.py."""

from __future__ import annotations

import math

import pytest

from calculators.fba_fee import details
from tests.calculators.fba_helpers import en, errors, fee, lines, mismatches

DATE = "2026-03-01"   # in the card's period, before the fuel surcharge of 17 Apr 2026
UK = {"marketplace": "UK", "length": 30, "width": 20, "height": 10, "dimension_unit": "cm", "weight": 500,
      "weight_unit": "g", "price": 25, "date": DATE}

# Columns of the card's tables (envelopes and parcels, oversize, selected-category parcels, low-price fees), in their order. "DE_ONLY" is the
# German "DE-only, no CEP" column: stock kept only in Germany (programme "none").
COLS = ("UK", "DE", "DE_ONLY", "FR", "IT", "ES", "NL", "SE", "PL", "BE")
PRICE_AT_THRESHOLD = {"UK": 20, "DE": 20, "DE_ONLY": 20, "FR": 20, "IT": 20, "ES": 20, "NL": 20, "SE": 230,
                      "PL": 85, "BE": 20}   # [low-price thresholds], most categories from 2026-02-01


def store(col, **extra):
    """The UK item in another store (a price above its low-price threshold)."""
    mk, programme = ("DE", "none") if col == "DE_ONLY" else (col, "pan_eu")
    price = {"SE": 300, "PL": 100}.get(mk, 25)
    return {**UK, "marketplace": mk, "eu_programme": programme, "price": price, **extra}


def card_fee(r):
    """The fee the card's column shows: the DE-only column is the CEP fee + EUR 0.26 ([CEP surcharge])."""
    return round(r["fulfillment_fee"] + lines(r).get("de_only_stock", 0), 2) if r["fulfillment_fee"] is not None else None


# Envelopes and parcels: (band limit in kg, fees in COLS order).
ENVELOPES_PARCELS = {
    "light_envelope": [
        (0.02, (1.83, 2.07, 2.33, 2.75, 3.23, 2.77, 2.31, 33.35, 3.04, 2.26)),
        (0.04, (1.87, 2.11, 2.37, 2.76, 3.26, 2.84, 2.35, 33.52, 3.05, 2.31)),
        (0.06, (1.89, 2.13, 2.39, 2.78, 3.28, 2.87, 2.35, 33.70, 3.06, 2.31)),
        (0.08, (2.07, 2.26, 2.52, 3.30, 3.39, 3.21, 2.45, 35.08, 3.13, 2.41)),
        (0.1, (2.08, 2.28, 2.54, 3.32, 3.41, 3.23, 2.47, 35.20, 3.14, 2.43))],
    "standard_envelope": [
        (0.21, (2.10, 2.31, 2.57, 3.33, 3.45, 3.26, 2.51, 35.47, 3.16, 2.47)),
        (0.46, (2.16, 2.42, 2.68, 3.77, 3.64, 3.45, 2.60, 41.09, 3.36, 2.56))],
    "large_envelope": [(0.96, (2.72, 2.78, 3.04, 4.39, 3.94, 3.60, 3.26, 42.35, 3.49, 3.21))],
    "extra_large_envelope": [(0.96, (2.94, 3.16, 3.42, 4.72, 4.17, 3.85, 3.61, 45.62, 3.58, 3.53))],
    "small_parcel": [
        (0.15, (2.91, 3.12, 3.38, 4.56, 4.13, 3.52, 3.47, 45.41, 3.61, 3.39)),
        (0.4, (3.00, 3.13, 3.39, 5.07, 4.54, 3.74, 3.51, 47.29, 3.67, 3.67)),
        (0.9, (3.04, 3.14, 3.40, 5.79, 4.95, 3.95, 4.03, 48.19, 3.71, 4.15)),
        (1.4, (3.05, 3.15, 3.41, 5.87, 5.11, 4.21, 4.50, 52.68, 3.76, 4.63)),
        (1.9, (3.25, 3.17, 3.43, 6.10, 5.14, 4.27, 4.82, 54.49, 3.81, 4.95)),
        (3.9, (3.27, 4.28, 4.54, 7.80, 5.16, 5.50, 5.90, 64.10, 3.93, 6.38))],
    "standard_parcel": [
        (0.15, (2.94, 3.13, 3.39, 4.58, 4.29, 3.55, 3.69, 48.58, 3.67, 3.46)),
        (0.4, (3.01, 3.16, 3.42, 5.22, 4.70, 3.77, 4.04, 51.70, 3.73, 3.85)),
        (0.9, (3.06, 3.18, 3.44, 6.01, 5.15, 3.99, 4.39, 52.04, 3.80, 4.39)),
        (1.4, (3.26, 3.67, 3.93, 6.41, 5.26, 4.85, 4.72, 58.46, 3.89, 4.99)),
        (1.9, (3.48, 3.69, 3.95, 6.44, 5.29, 4.94, 4.76, 61.53, 3.97, 5.41)),
        (2.9, (3.49, 4.29, 4.55, 7.08, 5.30, 4.98, 4.82, 65.36, 4.10, 6.27)),
        (3.9, (3.54, 4.83, 5.09, 7.81, 5.35, 5.53, 5.15, 65.71, 4.15, 6.30)),
        (5.9, (3.56, 4.96, 5.22, 8.22, 5.38, 5.96, 5.30, 70.20, 4.19, 6.54)),
        (8.9, (3.57, 5.77, 6.03, 8.84, 5.41, 7.24, 5.74, 72.20, 4.24, 6.90)),
        (11.9, (3.58, 6.39, 6.65, 9.38, 6.25, 7.85, 6.31, 87.92, 4.37, 7.36))],
}
# Oversize: (base fees, per kg above the base band) in COLS order, and the base band (kg).
OVERSIZE = {
    "small_oversize": ((3.49, 4.30, 4.56, 7.05, 7.21, 5.68, 7.02, 82.32, 4.13, 6.63),
                       (0.25, 0.18, 0.18, 0.20, 0.08, 0.04, 0.07, 0.73, 0.03, 0.04), 0.76),
    "standard_oversize_light": ((4.35, 4.33, 4.59, 7.29, 7.45, 6.55, 7.12, 82.59, 4.15, 6.66),
                                (0.15, 0.18, 0.18, 0.21, 0.22, 0.34, 0.22, 3.10, 0.14, 0.23), 0.76),
    "standard_oversize_heavy": ((6.58, 6.99, 7.25, 10.42, 10.63, 11.72, 10.24, 129.09, 6.15, 10.15),
                                (0.08, 0.07, 0.07, 0.11, 0.08, 0.27, 0.22, 4.00, 0.15, 0.24), 15.76),
    "standard_oversize_large": ((5.67, 5.80, 6.06, 8.47, 9.13, 6.76, 7.22, 83.09, 4.18, 6.69),
                                (0.07, 0.08, 0.08, 0.13, 0.09, 0.33, 0.23, 4.00, 0.16, 0.29), 0.76),
    "bulky_oversize": ((10.20, 7.98, 8.24, 15.38, 9.59, 9.95, 9.96, 118.02, 6.27, 9.50),
                       (0.24, 0.27, 0.27, 0.45, 0.30, 0.43, 0.32, 4.90, 0.16, 0.35), 0.76),
    "heavy_oversize": ((13.04, 12.74, 13.00, 15.59, 16.85, 14.00, 16.22, 192.14, 10.21, 15.47),
                       (0.09, 0.15, 0.15, 0.18, 0.15, 0.12, 0.62, 9.49, 0.39, 0.68), 31.5),
}
# Special oversize (unit weight): UK, DE, FR, IT, ES; ≤ 30 / 40 / 50 / 60 kg, then per kg above 60 kg.
SPECIAL = {"UK": ((16.22, 17.24, 34.38, 42.04), 0.35), "DE": ((21.30, 24.19, 47.98, 51.99), 0.36),
           "FR": ((24.88, 28.77, 46.66, 50.54), 0.49), "IT": ((21.70, 24.10, 32.19, 32.82), 0.65),
           "ES": ((19.93, 20.80, 34.32, 36.93), 0.45)}
# Selected-category parcels: (max dims, max kg, first 100 g in COLS order,
# + per extra 100 g).
SELECTED = {
    "category_small_parcel_1": ((35, 25, 7), 3.9, (2.83, 3.04, 3.30, 4.97, 4.54, 3.55, 3.43, 40.91, 3.25, 3.48),
                                (0.02, 0.05, 0.05, 0.03, 0.02, 0.04, 0.07, 0.77, 0.01, 0.07)),
    "category_small_parcel_2": ((35, 25, 9), 3.9, (2.87, 3.08, 3.34, 5.01, 4.58, 3.59, 3.52, 41.23, 3.29, 3.52),
                                (0.02, 0.06, 0.06, 0.05, 0.03, 0.04, 0.07, 0.77, 0.01, 0.07)),
    "category_small_parcel_3": ((35, 25, 12), 3.9, (2.91, 3.12, 3.38, 5.05, 4.62, 3.62, 3.62, 41.76, 3.33, 3.67),
                                (0.02, 0.07, 0.07, 0.08, 0.06, 0.05, 0.08, 0.77, 0.01, 0.07)),
    "category_medium_parcel_1": ((40, 30, 6), 11.9, (2.97, 3.24, 3.50, 5.45, 4.83, 3.85, 3.77, 45.06, 3.37, 3.84),
                                 (0.02, 0.07, 0.07, 0.08, 0.06, 0.07, 0.08, 0.89, 0.01, 0.08)),
    "category_medium_parcel_2": ((40, 30, 20), 11.9, (3.10, 3.47, 3.73, 5.69, 5.05, 3.91, 4.01, 46.44, 3.41, 4.15),
                                 (0.03, 0.07, 0.07, 0.08, 0.07, 0.08, 0.08, 0.89, 0.01, 0.08)),
    "category_large_parcel_1": ((45, 34, 10), 11.9, (3.34, 3.71, 3.97, 6.16, 5.30, 4.08, 4.06, 46.76, 3.45, 4.20),
                                (0.03, 0.07, 0.07, 0.08, 0.08, 0.11, 0.08, 0.89, 0.01, 0.08)),
    "category_large_parcel_2": ((45, 34, 26), 11.9, (3.97, 4.12, 4.38, 6.25, 5.44, 4.53, 4.15, 47.18, 3.57, 4.34),
                                (0.03, 0.08, 0.08, 0.08, 0.08, 0.11, 0.08, 0.89, 0.02, 0.08)),
}
# Low-price fees: (band limit kg, fees in COLS order).
LOW_PRICE = {
    "light_envelope": [
        (0.02, (1.46, 1.61, 1.87, 2.24, 2.64, 2.15, 1.96, 28.71, 1.68, 1.74)),
        (0.04, (1.50, 1.64, 1.90, 2.26, 2.65, 2.21, 2.00, 28.91, 1.70, 1.77)),
        (0.06, (1.52, 1.66, 1.92, 2.27, 2.67, 2.23, 2.00, 29.07, 1.70, 1.78)),
        (0.08, (1.67, 1.80, 2.06, 2.79, 2.79, 2.55, 2.08, 30.56, 1.72, 1.83)),
        (0.1, (1.70, 1.83, 2.09, 2.81, 2.81, 2.59, 2.11, 30.74, 1.73, 1.86))],
    "standard_envelope": [
        (0.21, (1.73, 1.86, 2.12, 2.81, 2.81, 2.61, 2.16, 31.56, 1.74, 1.98)),
        (0.46, (1.87, 2.02, 2.28, 3.31, 3.04, 2.85, 2.25, 36.61, 1.83, 2.12))],
    "large_envelope": [(0.96, (2.42, 2.39, 2.65, 3.96, 3.35, 3.00, 2.91, 37.79, 1.89, 2.66))],
    "extra_large_envelope": [(0.96, (2.65, 2.78, 3.04, 4.31, 3.59, 3.23, 3.26, 40.84, 1.91, 2.96))],
    "small_parcel": [
        (0.15, (2.67, 2.78, 3.04, 4.31, 3.59, 3.23, 3.13, 41.23, 1.81, 2.64)),
        (0.4, (2.70, 2.99, 3.25, 4.71, 3.91, 3.46, 3.17, 43.31, 1.86, 2.96))],
}
# Items that sit in each tier whatever their weight (cm); dimensional weight below 1.2 kg.
ITEMS = {"light_envelope": (30, 20, 1), "standard_envelope": (30, 20, 1), "large_envelope": (30, 20, 4),
         "extra_large_envelope": (30, 20, 6), "small_parcel": (30, 20, 10), "standard_parcel": (40, 30, 20)}
# Where an item lands just above its tier's last band: (tier, band limit in kg).
NEXT = {"light_envelope": ("standard_envelope", 0.21), "standard_envelope": ("large_envelope", 0.96),
        "large_envelope": ("small_parcel", 1.4), "extra_large_envelope": ("small_parcel", 1.4),
        "small_parcel": ("standard_parcel", 5.9)}


def _band_fee(table, tier, kg, i):
    return next(fees[i] for limit, fees in table[tier] if kg <= limit + 1e-9)


def _oversize(tier, i, ship_kg):
    base, per, above = OVERSIZE[tier]
    return round(base[i] + per[i] * math.ceil(round(ship_kg - above, 6)), 2) if ship_kg > above else base[i]


def _dims(d):
    return {"length": d[0], "width": d[1], "height": d[2]}


def envelope_parcel_cases(i, col):
    cases = []
    for tier, bands in ENVELOPES_PARCELS.items():
        for limit, fees in bands:
            cases.append((f"{tier} ≤ {limit} kg", store(col), {**_dims(ITEMS[tier]), "weight": limit, "weight_unit": "kg"},
                          card_fee, fees[i]))
            over = round(limit + 0.001, 3)
            if over <= bands[-1][0]:
                expected = _band_fee(ENVELOPES_PARCELS, tier, over, i)
            elif tier in NEXT:
                expected = _band_fee(ENVELOPES_PARCELS, *NEXT[tier][:1], NEXT[tier][1], i)
            else:   # standard parcel over 11.9 kg: standard oversize light, 11.901 kg
                expected = _oversize("standard_oversize_light", i, over)
            cases.append((f"{tier} just over {limit} kg", store(col),
                          {**_dims(ITEMS[tier]), "weight": over, "weight_unit": "kg"}, card_fee, expected))
    return cases


@pytest.mark.parametrize("i,col", list(enumerate(COLS)))
def test_envelope_and_parcel_bands(i, col):
    assert mismatches(envelope_parcel_cases(i, col)) == []


# Oversize: (item cm, unit kg, tier, shipping kg); the fee is the [oversize] base plus the per-kg
# rate for every started kg above the base band.
OVERSIZE_CASES = [
    ((46, 9, 9), 0.5, "small_oversize", 0.745),            # 46 cm > 45: oversize; dim 0.745 kg ≤ 760 g: base
    ((46, 9, 9), 0.76, "small_oversize", 0.76),
    ((46, 9, 9), 0.77, "small_oversize", 0.77),            # one started kg above 760 g
    ((46, 9, 9), 1.76, "small_oversize", 1.76),
    ((61, 46, 46), 1.76, "small_oversize", 25.8152),       # dim 129,076 / 5,000 = 25.815 ≤ 25.82
    ((61, 46, 46.01), 1.76, "standard_oversize_light", 25.8208),   # dim over 25.82
    ((46, 9, 9), 1.77, "standard_oversize_light", 1.77),   # unit weight over 1.76 kg
    ((46, 9, 9), 15, "standard_oversize_light", 15),
    ((101, 60, 60), 5, "standard_oversize_light", 72.72),  # dim 72.72 exactly
    ((101.1, 60, 60), 5, "standard_oversize_large", 72.792),
    ((46, 9, 9), 15.01, "standard_oversize_heavy", 15.01),  # over 15 kg; base band to 15.76 kg
    ((46, 9, 9), 15.76, "standard_oversize_heavy", 15.76),
    ((46, 9, 9), 15.77, "standard_oversize_heavy", 15.77),
    ((46, 9, 9), 23, "standard_oversize_heavy", 23),
    ((102, 6, 6), 0.5, "standard_oversize_large", 0.7344),  # longest over 101 cm
    ((102, 6, 6), 23, "standard_oversize_large", 23),
    ((120, 60, 60), 5, "standard_oversize_large", 86.4),   # dim 86.4 exactly
    ((120, 60, 60.1), 5, "bulky_oversize", 86.544),
    ((120.1, 6, 6), 0.5, "bulky_oversize", 0.8647),        # longest over 120 cm
    ((121, 5, 5), 0.5, "bulky_oversize", 0.605),
    ((121, 5, 5), 23, "bulky_oversize", 23),
    ((175, 60, 60), 5, "bulky_oversize", 126),             # dim 126 exactly
    ((170, 170, 10), 5, "bulky_oversize", 57.8),           # girth 2 × (170 + 10) = 360 exactly
    ((121, 5, 5), 23.01, "heavy_oversize", 23.01),         # over 23 kg
    ((121, 5, 5), 31.5, "heavy_oversize", 31.5),
    ((150, 50, 40), 25, "heavy_oversize", 60),             # dim 60 kg: 29 started kg above 31.5
]


def oversize_cases(i, col):
    return [(f"{dims} {kg} kg", store(col), {**_dims(dims), "weight": kg, "weight_unit": "kg"},
             lambda r: (r["size_tier"], card_fee(r)), (tier, _oversize(tier, i, ship)))
            for dims, kg, tier, ship in OVERSIZE_CASES]


@pytest.mark.parametrize("i,col", list(enumerate(COLS)))
def test_oversize_tiers_and_fees(i, col):
    assert mismatches(oversize_cases(i, col)) == []


@pytest.mark.parametrize("dims,kg", [((175.1, 5, 5), 5), ((175, 60, 60.1), 5), ((170, 170, 10.1), 5),
                                     ((121, 5, 5), 31.51)])
def test_special_oversize_limits(dims, kg):
    # [size tiers]: special oversize = longest side > 175 cm, girth > 360 cm, dim weight > 126 kg, or > 31.5 kg
    assert fee(UK, **_dims(dims), weight=kg, weight_unit="kg")["size_tier"] == "special_oversize"


@pytest.mark.parametrize("mk", list(SPECIAL))
def test_special_oversize_bands(mk):
    (f30, f40, f50, f60), per = SPECIAL[mk]
    item = store(mk, length=180, width=30, height=30, weight_unit="kg")   # dim 32.4 kg is ignored: unit weight
    cases = [(f"{kg} kg", item, {"weight": kg}, "fulfillment_fee", expected) for kg, expected in [
        (10, f30), (30, f30), (30.01, f40), (40, f40), (40.01, f50), (50, f50), (50.01, f60), (60, f60),
        (61, round(f60 + per, 2)), (70.5, round(f60 + 11 * per, 2))]]
    assert mismatches(cases) == []


def test_special_oversize_has_no_german_split_and_no_figure_outside_the_big_five():
    # [special oversize] has no CEP/DE-only split: DE is 21.30 for every programme
    for programme in ("pan_eu", "cep", "none"):
        r = fee(store("DE", eu_programme=programme), length=180, width=30, height=30, weight=20, weight_unit="kg")
        assert r["total_fee"] == 21.30 and "de_only_stock" not in lines(r)
    for mk in ("NL", "SE", "PL", "BE"):   # [envelopes and parcels]: "—"
        r = fee(store(mk), length=180, width=30, height=30, weight=20, weight_unit="kg")
        assert r["size_tier"] == "special_oversize" and r["fee_available"] is False and r["total_fee"] is None


@pytest.mark.parametrize("dims,kg,tier", [
    # [size tiers] envelopes: 33 × 23 × 2.5 (light ≤ 100 g, standard ≤ 460 g), × 4 (large ≤ 960 g), × 6 (extra-large ≤ 960 g)
    ((33, 23, 2.5), 0.1, "light_envelope"), ((33, 23, 2.5), 0.101, "standard_envelope"),
    ((33.1, 23, 2.5), 0.1, "small_parcel"), ((33, 23.1, 2.5), 0.1, "small_parcel"),
    ((33, 23, 2.6), 0.1, "large_envelope"), ((33, 23, 2.5), 0.46, "standard_envelope"),
    ((33, 23, 2.5), 0.461, "large_envelope"), ((33, 23, 4), 0.96, "large_envelope"),
    ((33, 23, 4.1), 0.96, "extra_large_envelope"), ((33, 23, 6), 0.96, "extra_large_envelope"),
    ((33, 23, 6.1), 0.1, "small_parcel"), ((33, 23, 6), 0.961, "small_parcel"),
    # parcels: 35 × 25 × 12 ≤ 3.9 kg; 45 × 34 × 26 ≤ 11.9 kg
    ((35, 25, 12), 3.9, "small_parcel"), ((35.1, 25, 12), 1, "standard_parcel"), ((35, 25.1, 12), 1, "standard_parcel"),
    ((35, 25, 12.1), 1, "standard_parcel"), ((35, 25, 12), 3.901, "standard_parcel"),
    ((45, 34, 26), 11.9, "standard_parcel"), ((45.1, 34, 26), 1, "small_oversize"),
    ((45, 34.1, 26), 1, "small_oversize"), ((45, 34, 26.1), 1, "small_oversize"),
    ((45, 34, 26), 11.901, "standard_oversize_light"),
    # small oversize 61 × 46 × 46, ≤ 1.76 kg; standard oversize 101 × 60 × 60 (light ≤ 15 kg, heavy ≤ 23 kg)
    ((61, 46, 46), 1.76, "small_oversize"), ((61.1, 46, 40), 1, "standard_oversize_light"),
    ((61, 46.1, 40), 1, "standard_oversize_light"), ((61, 46, 46.1), 1, "standard_oversize_light"),
    ((101, 60, 50), 15, "standard_oversize_light"), ((101, 60, 50), 15.01, "standard_oversize_heavy"),
    ((101, 60, 50), 23, "standard_oversize_heavy"), ((101, 60, 50), 23.01, "heavy_oversize"),
    ((101, 60.1, 50), 10, "bulky_oversize"),
])
def test_size_tier_limits(dims, kg, tier):
    assert fee(UK, **_dims(dims), weight=kg, weight_unit="kg")["size_tier"] == tier


def test_parcels_use_unit_weight_oversize_the_greater():
    # [size tiers], "weight used for fee": envelopes and parcels the unit weight (amazon-eu-dim-weight),
    # oversize the greater of unit and dimensional weight (L × W × H ÷ 5,000).
    # 30 × 20 × 10 cm, 500 g: dim 1.2 kg is ignored → [envelopes and parcels] UK small parcel ≤ 900 g: 3.04
    r = fee(UK)
    assert r["dimensional_weight"]["value"] == 1.2 and r["shipping_weight"]["value"] == 0.5
    assert r["fulfillment_fee"] == 3.04
    # 50 × 40 × 30 cm, 1 kg: small oversize, dim 12 kg → 3.49 + 0.25 × 12 = 6.49
    r = fee(UK, length=50, width=40, height=30, weight=1, weight_unit="kg")
    assert (r["size_tier"], r["shipping_weight"]["value"], r["fulfillment_fee"]) == ("small_oversize", 12, 6.49)


def test_uk_small_oversize_per_kg_conflict_is_unverified():
    # Sources disagree: £0.25 per kg (calc-patrick-eu, calc-makaev-eu, ratecard-eu-2026-e1, ratecard-eu-2026-07-z1,
    # ratecard-uk-2026-07-k1) against £0.22 (calc-uk-2026-07-g1, calc-uk-2026-u)
    r = fee(UK, length=50, width=40, height=30, weight=1, weight_unit="kg")
    assert r["confidence"] == "unverified" and "0.22" in en(r["unverified"])
    assert fee(UK)["confidence"] != "unverified"


# --- Selected-category parcel tiers (apparel ticked).

def selected_cases(i, col):
    cases = []
    for tier, (dims, max_kg, first, per) in SELECTED.items():
        for kg, steps in ((0.05, 0), (0.1, 0), (0.101, 1), (1.0, 9), (max_kg, round((max_kg - 0.1) / 0.1))):
            cases.append((f"{tier} {kg} kg", store(col, apparel=True), {**_dims(dims), "weight": kg, "weight_unit": "kg"},
                          lambda r: (r["size_tier"], card_fee(r)), (tier, round(first[i] + per[i] * steps, 2))))
    return cases


@pytest.mark.parametrize("i,col", list(enumerate(COLS)))
def test_selected_category_parcels(i, col):
    assert mismatches(selected_cases(i, col)) == []


@pytest.mark.parametrize("dims,kg,tier", [
    # [size tiers] selected-category tiers: small parcel 1/2/3 = 35 × 25 × 7/9/12 ≤ 3.9 kg; medium 40 × 30 × 6/20;
    # large 45 × 34 × 10/26 (≤ 11.9 kg)
    ((35, 25, 7), 1, "category_small_parcel_1"), ((35, 25, 7.1), 1, "category_small_parcel_2"),
    ((35, 25, 9), 1, "category_small_parcel_2"), ((35, 25, 9.1), 1, "category_small_parcel_3"),
    ((35, 25, 12), 1, "category_small_parcel_3"), ((35.1, 25, 6), 1, "category_medium_parcel_1"),
    ((35, 25.1, 6), 1, "category_medium_parcel_1"), ((40, 30, 6.1), 1, "category_medium_parcel_2"),
    ((35, 25, 12.1), 1, "category_medium_parcel_2"), ((40, 30, 20), 1, "category_medium_parcel_2"),
    ((40.1, 30, 6), 1, "category_large_parcel_1"), ((40, 30.1, 6), 1, "category_large_parcel_1"),
    ((45, 34, 10), 1, "category_large_parcel_1"), ((45, 34, 10.1), 1, "category_large_parcel_2"),
    ((40, 30, 20.1), 1, "category_large_parcel_2"), ((45, 34, 26), 11.9, "category_large_parcel_2"),
    ((35, 25, 7), 3.9, "category_small_parcel_1"), ((35, 25, 7), 3.901, "category_medium_parcel_2"),
    ((45, 34, 26.1), 1, "small_oversize"), ((45, 34, 26), 11.901, "standard_oversize_light"),
    ((30, 20, 2), 0.1, "light_envelope"),   # envelopes keep their own rates
])
def test_selected_category_tiers(dims, kg, tier):
    assert fee(UK, **_dims(dims), weight=kg, weight_unit="kg", apparel=True)["size_tier"] == tier


# --- Low-price FBA.

def low_price_cases(i, col):
    price = PRICE_AT_THRESHOLD[col]
    cases = []
    for tier, bands in LOW_PRICE.items():
        for limit, fees in bands:
            cases.append((f"{tier} ≤ {limit} kg", store(col, price=price),
                          {**_dims(ITEMS[tier]), "weight": limit, "weight_unit": "kg"},
                          lambda r: (r["low_price"], card_fee(r)), (True, fees[i])))
    # small parcel over 400 g: no low-price band ([low-price thresholds] size limit) → the
    # [envelopes and parcels] fee, not low-price
    cases.append(("small parcel 401 g", store(col, price=price), {**_dims(ITEMS["small_parcel"]), "weight": 0.401,
                                                                   "weight_unit": "kg"},
                  lambda r: (r["low_price"], card_fee(r)), (False, ENVELOPES_PARCELS["small_parcel"][2][1][i])))
    cases.append(("standard parcel 100 g", store(col, price=price), {**_dims(ITEMS["standard_parcel"]), "weight": 0.1,
                                                                      "weight_unit": "kg"},
                  lambda r: (r["low_price"], card_fee(r)), (False, ENVELOPES_PARCELS["standard_parcel"][0][1][i])))
    return cases


@pytest.mark.parametrize("i,col", list(enumerate(COLS)))
def test_low_price_fees(i, col):
    assert mismatches(low_price_cases(i, col)) == []


@pytest.mark.parametrize("mk,before,after", [
    # [low-price thresholds]: item price incl. VAT, at or below; "restricted" threshold = all categories before 2026-02-01
    ("UK", 10, 20), ("DE", 11, 20), ("FR", 12, 20), ("IT", 12, 20), ("ES", 12, 20), ("NL", 12, 20),
    ("BE", 12, 20), ("SE", 140, 230), ("PL", 55, 85),
])
def test_low_price_thresholds_before_and_after_1_february_2026(mk, before, after):
    env = store(mk, length=30, width=20, height=1, weight=20)
    for date, limit in (("2026-01-31", before), ("2026-02-01", after)):
        assert fee(env, date=date, price=limit)["low_price"] is True, (date, limit)
        assert fee(env, date=date, price=round(limit + 0.01, 2))["low_price"] is False, (date, limit)
    # a price between the two: low-price only from 1 Feb 2026, with the restricted categories named
    between = (before + after) / 2
    assert fee(env, date="2026-01-31", price=between)["low_price"] is False
    r = fee(env, date="2026-02-01", price=between)
    assert r["low_price"] is True and str(before) in en(r["warnings"]) and "grocery" in en(r["warnings"])
    assert "grocery" not in en(fee(env, date="2026-02-01", price=before)["warnings"])


def test_low_price_is_not_charged_cross_border():
    # [low-price thresholds]: low-price rates apply only to local/Pan-EU fulfilment, not EFN or UK↔EU remote
    env = dict(length=30, width=20, height=1, weight=20, price=5)
    assert fee(store("FR", fulfilment_from="DE", eu_programme="cep"), **env)["low_price"] is False
    assert fee(store("DE", fulfilment_from="UK"), **env)["low_price"] is False
    assert fee(store("DE", fulfilment_from="FR"), **env)["low_price"] is True     # Pan-EU: local rates


# --- Germany: stock kept only in Germany (no CEP, no Pan-EU) pays the "DE-only" rates ([CEP surcharge]).

@pytest.mark.parametrize("programme,surcharge", [("pan_eu", None), ("cep", None), ("none", 0.26)])
def test_germany_only_surcharge_by_programme(programme, surcharge):
    # [envelopes and parcels] DE small parcel ≤ 900 g: 3.14 (Pan-EU/CEP), 3.40 (DE-only) = 3.14 + 0.26
    r = fee(store("DE", eu_programme=programme))
    assert r["fulfillment_fee"] == 3.14 and lines(r).get("de_only_stock") == surcharge
    assert r["total_fee"] == (3.40 if surcharge else 3.14)


def test_fuel_surcharge_on_the_germany_only_rate():
    # [envelopes and parcels] DE standard parcel ≤ 3.9 kg: 4.83 (CEP), 5.09 (DE-only).
    # [fuel surcharge]: 1.5 % of the fulfilment fee:
    # the DE-only column's fee 5.09 → 0.07635 → 0.08 (1.5 % of 4.83 would be 0.07); total 5.17
    r = fee(store("DE_ONLY"), length=40, width=30, height=20, weight=3.9, weight_unit="kg", date="2026-05-01")
    assert lines(r) == {"de_only_stock": 0.26, "fuel_logistics": 0.08} and r["total_fee"] == 5.17


def test_germany_only_surcharge_is_local_to_germany():
    # the "DE-only" column is the German store's; a French seller with stock only in France pays FR's fee
    assert lines(fee(store("FR", eu_programme="none"))) == {}


# --- SIPP ([SIPP and packaging]): a discount per band on the fulfilment fee; UK, DE, FR, IT, ES only.
# (tier, item, kg, price, discounts UK, DE, FR, IT, ES)
SIPP = [
    ("light_envelope", 0.02, 25, (0.01, 0.01, 0.01, 0.01, 0.01)),
    ("standard_envelope", 0.21, 25, (0.01, 0.02, 0.02, 0.03, 0.02)),
    ("standard_envelope", 0.46, 25, (0.01, 0.02, 0.02, 0.03, 0.03)),
    ("large_envelope", 0.96, 25, (0.02, 0.03, 0.03, 0.04, 0.04)),
    ("extra_large_envelope", 0.96, 25, (0.04, 0.05, 0.05, 0.06, 0.06)),
    ("small_parcel", 0.15, 25, (0.06, 0.07, 0.07, 0.08, 0.08)),
    ("small_parcel", 0.4, 25, (0.06, 0.07, 0.08, 0.08, 0.08)),
    ("small_parcel", 0.9, 25, (0.07, 0.08, 0.08, 0.09, 0.09)),
    ("small_parcel", 1.4, 25, (0.07, 0.08, 0.08, 0.09, 0.10)),
    ("small_parcel", 1.9, 25, (0.08, 0.09, 0.09, 0.10, 0.10)),
    ("small_parcel", 3.9, 25, (0.09, 0.10, 0.10, 0.12, 0.11)),
    ("standard_parcel", 0.15, 25, (0.08, 0.09, 0.10, 0.12, 0.11)),
    ("standard_parcel", 1.4, 25, (0.11, 0.13, 0.14, 0.15, 0.15)),
    ("standard_parcel", 2.9, 25, (0.15, 0.18, 0.18, 0.20, 0.20)),
    ("standard_parcel", 5.9, 25, (0.18, 0.21, 0.23, 0.25, 0.25)),
    ("standard_parcel", 8.9, 25, (0.24, 0.28, 0.29, 0.31, 0.32)),
    ("standard_parcel", 11.9, 25, (0.27, 0.31, 0.33, 0.35, 0.35)),
    ("small_parcel", 0.4, 5, (0.06, 0.07, 0.08, 0.08, 0.08)),            # "low-price" rows: same figures
    ("standard_envelope", 0.21, 5, (0.01, 0.02, 0.02, 0.03, 0.02)),
]


@pytest.mark.parametrize("j,mk", list(enumerate(["UK", "DE", "FR", "IT", "ES"])))
def test_sipp_discounts(j, mk):
    cases = [(f"{tier} ≤ {kg} kg at {price}", store(mk, sipp=True, price=price),
              {**_dims(ITEMS[tier]), "weight": kg, "weight_unit": "kg"},
              lambda r: lines(r).get("sipp_discount"), -d[j]) for tier, kg, price, d in SIPP]
    # "selected categories" rows, one figure per tier: small-parcel-1 and large-parcel-2
    sel = ((0.07, 0.07, 0.08, 0.08, 0.09), (0.18, 0.18, 0.18, 0.19, 0.25))
    cases += [(f"{tier}", store(mk, sipp=True, apparel=True), {**_dims(dims), "weight": 2, "weight_unit": "kg"},
               lambda r: lines(r).get("sipp_discount"), -d[j])
              for (tier, dims), d in zip((("category_small_parcel_1", (35, 25, 7)), ("category_large_parcel_2", (45, 34, 26))), sel)]
    assert mismatches(cases) == []


def test_no_sipp_discount_where_the_card_has_none():
    # [SIPP and packaging] gives SIPP discounts for UK, DE, FR, IT, ES only: elsewhere none is subtracted, and the
    # result says the discount is missing rather than staying silent
    for mk in ("NL", "SE", "PL", "BE", "IE"):
        r = fee(store(mk, sipp=True))
        assert "sipp_discount" not in lines(r)
        assert "SIPP" in en(r["warnings"]) and r["confidence"] == "unverified", mk
        assert "SIPP" not in en(fee(store(mk))["warnings"])
    # [SIPP and packaging] has no oversize rows in the SIPP table either
    r = fee(UK, length=46, width=9, height=9, weight=0.5, weight_unit="kg", sipp=True)
    assert "sipp_discount" not in lines(r) and "SIPP" in en(r["warnings"])


def test_fuel_surcharge_from_17_april_2026_after_sipp():
    # [fuel surcharge]: +1.5 % of the fulfilment fee after the SIPP discount, from 2026-04-17.
    # UK small parcel ≤ 900 g 3.04: 1.5 % = 0.0456 → 0.05; with SIPP (0.07): 2.97 × 1.5 % = 0.04455 → 0.04
    assert lines(fee(UK, date="2026-04-16")) == {}
    r = fee(UK, date="2026-04-17")
    assert lines(r) == {"fuel_logistics": 0.05} and r["surcharges"][0]["percent"] == 1.5 and r["total_fee"] == 3.09
    r = fee(UK, date="2026-04-17", sipp=True)
    assert lines(r) == {"sipp_discount": -0.07, "fuel_logistics": 0.04} and r["total_fee"] == 3.01
    for mk in ("DE", "FR", "IT", "ES", "NL", "SE", "PL", "BE", "IE"):
        assert "fuel_logistics" in lines(fee(store(mk), date="2026-04-17")), mk


# --- Oversize packaging fee ([SIPP and packaging]): oversize units not SIPP-certified; UK, DE, FR, IT, ES.

@pytest.mark.parametrize("dims,kg,uk,eu", [
    ((46, 9, 9), 0.5, 0.59, 0.67),                 # small oversize, ship 0.745 kg: base
    ((46, 9, 9), 1.76, 0.60, 0.68),                # + 0.01 per started kg above 760 g
    ((46, 9, 9), 15, 2.30, 2.57),                  # standard oversize light: 0.80 + 0.10 × 15; 0.92 + 0.11 × 15
    ((46, 9, 9), 20, 4.35, 5.03),                  # standard oversize heavy: 2.25 + 0.42 × 5; 2.58 + 0.49 × 5
    ((102, 6, 6), 0.5, 0.87, 1.00),                # standard oversize large: base
    ((121, 5, 5), 2, 1.76 + 0.22 * 2, 2.01 + 0.25 * 2),   # bulky oversize: base + 2 started kg
])
def test_oversize_packaging(dims, kg, uk, eu):
    for mk, expected in (("UK", uk), ("DE", eu), ("FR", eu), ("IT", eu), ("ES", eu)):
        r = fee(store(mk), **_dims(dims), weight=kg, weight_unit="kg")
        assert lines(r).get("oversize_packaging") == round(expected, 2), mk
        assert "oversize_packaging" not in lines(fee(store(mk, sipp=True), **_dims(dims), weight=kg, weight_unit="kg"))


def test_no_packaging_fee_without_a_figure():
    # [SIPP and packaging] has no heavy-oversize row, and no column for NL, SE, PL, BE, IE: not charged, and where
    # the fee may apply without a figure, said and unverified
    assert "oversize_packaging" not in lines(fee(UK, length=121, width=5, height=5, weight=25, weight_unit="kg"))
    assert "oversize_packaging" not in lines(fee(UK))   # a parcel
    for mk in ("NL", "SE", "PL", "BE", "IE"):
        r = fee(store(mk), length=46, width=9, height=9, weight=0.5, weight_unit="kg")
        assert "oversize_packaging" not in lines(r)
        assert "packaging fee" in en(r["warnings"]) and r["confidence"] == "unverified", mk
        assert "packaging fee" not in en(fee(store(mk))["warnings"])   # a parcel


@pytest.mark.parametrize("mk,amount", [("UK", 0.10), ("DE", 0.10), ("FR", 0.10), ("NL", 0.10), ("IE", 0.10),
                                       ("SE", 1.00), ("PL", 0.40)])
def test_dangerous_goods_surcharge(mk, amount):
    # [dangerous goods]: £0.10 / €0.10 per unit (SEK 1.00, PLN 0.40)
    r = fee(store(mk, dangerous_goods=True))
    assert lines(r) == {"dangerous_goods": amount}
    assert r["total_fee"] == round(r["fulfillment_fee"] + amount, 2)
    assert lines(fee(store(mk))) == {}


# --- The card in force, and the nearest one before it.

def test_before_1_february_2026_the_nearest_card_is_used_and_said():
    # No source gives a complete card before 2026-02-01. The 2026 card prices the unit; the result says so.
    r = fee(UK, date="2025-06-01")
    assert r["rate_card"]["id"] == "uk-fba-2026" and r["fulfillment_fee"] == 3.04
    assert r["confidence"] == "unverified"
    warning = en(r["warnings"])
    assert "UK 2026" in warning and "1 Feb 2026" in warning and "1 Jun 2025" in warning
    assert "UK 2026" in en(r["unverified"])
    zh = " ".join(w["zh"] for w in r["warnings"])
    assert "2026" in zh and "英国" in zh
    ok = fee(UK, date="2026-02-01")
    assert "nearest" not in en(ok["warnings"]) and ok["confidence"] != "unverified"


@pytest.mark.parametrize("mk", ["UK", "DE", "FR", "IT", "ES", "NL", "SE", "PL", "BE", "IE"])
def test_every_store_has_its_card_from_1_february_2026(mk):
    r = fee(store(mk), date="2026-02-01")
    assert r["rate_card"]["effective_from"] == "2026-02-01" and r["rate_card"]["id"] == f"{mk.lower()}-fba-2026"
    assert r["fee_available"] is True and r["total_fee"] > 0
    assert r["currency"] == {"UK": "GBP", "SE": "SEK", "PL": "PLN"}.get(mk, "EUR")


def test_card_notes_in_both_languages():
    r = fee(UK)
    assert "1 February 2026" in details(r, "en") and "2026 年 2 月 1 日" in details(r, "zh")
    assert "<script" not in details(r, "en") and "style=" not in details(r, "en")


def test_size_tier_override_is_checked_against_the_card():
    # a tier of another marketplace's card is a field error naming the field
    assert "size_tier" in errors(UK, size_tier="small_bulky")
    r = fee(UK, size_tier="standard_parcel")
    assert r["size_tier"] == "standard_parcel" and r["fulfillment_fee"] == 3.06   # UK standard parcel ≤ 900 g
    assert "Small parcel" in en(r["warnings"])


# --- Ireland: its own tiers and promotional rates ([Ireland]).
IE = {**UK, "marketplace": "IE"}
IE_CASES = [
    # (dims, kg, tier, IE local €) — [Ireland] "IE local €" column
    ((20, 15, 1), 0.08, "small_envelope", 0.63), ((20, 15, 1), 0.081, "standard_envelope", 0.94),
    ((20.1, 15, 1), 0.05, "standard_envelope", 0.79), ((30, 20, 1), 0.06, "standard_envelope", 0.79),
    ((30, 20, 1), 0.061, "standard_envelope", 0.94), ((30, 20, 1), 0.21, "standard_envelope", 0.94),
    ((30, 20, 1), 0.211, "standard_envelope", 1.09), ((30, 20, 1), 0.46, "standard_envelope", 1.09),
    ((30, 20, 1), 0.461, "large_envelope", 1.35), ((30, 20, 4), 0.96, "large_envelope", 1.35),
    ((30, 20, 6), 0.96, "extra_large_envelope", 1.53), ((30, 20, 10), 0.15, "small_parcel", 1.53),
    ((30, 20, 10), 0.151, "small_parcel", 1.68), ((30, 20, 10), 0.4, "small_parcel", 1.68),
    ((30, 20, 10), 0.9, "small_parcel", 2.02), ((30, 20, 10), 1.4, "small_parcel", 2.33),
    ((30, 20, 10), 1.9, "small_parcel", 2.54), ((30, 20, 10), 3.9, "small_parcel", 3.26),
    ((30, 20, 10), 3.901, "standard_parcel", 3.67), ((40, 30, 20), 0.15, "standard_parcel", 1.87),
    ((40, 30, 20), 0.4, "standard_parcel", 2.08), ((40, 30, 20), 0.9, "standard_parcel", 2.37),
    ((40, 30, 20), 1.4, "standard_parcel", 2.75), ((40, 30, 20), 1.9, "standard_parcel", 3.02),
    ((40, 30, 20), 2.9, "standard_parcel", 3.50), ((40, 30, 20), 3.9, "standard_parcel", 3.52),
    ((40, 30, 20), 5.9, "standard_parcel", 3.67), ((40, 30, 20), 8.9, "standard_parcel", 3.88),
    ((40, 30, 20), 11.9, "standard_parcel", 4.13),
    ((46, 9, 9), 0.5, "small_oversize", 3.50), ((46, 9, 9), 0.76, "small_oversize", 3.50),
    ((46, 9, 9), 0.761, "small_oversize", 3.73), ((46, 9, 9), 1.26, "small_oversize", 3.73),
    ((46, 9, 9), 1.76, "small_oversize", 4.25),
    ((61, 46, 46), 1.76, "small_oversize", 4.25 + 0.01 * 25),    # dim 25.815 kg: 24.06 kg above 1.76 → 25 started kg
    ((62, 5, 5), 0.5, "standard_oversize", 4.18), ((46, 9, 9), 1.77, "standard_oversize", 4.53),
    ((46, 9, 9), 2.76, "standard_oversize", 4.53), ((46, 9, 9), 3.76, "standard_oversize", 4.55),
    ((46, 9, 9), 4.76, "standard_oversize", 4.58), ((46, 9, 9), 9.76, "standard_oversize", 4.73),
    ((46, 9, 9), 14.76, "standard_oversize", 5.08), ((46, 9, 9), 19.76, "standard_oversize", 5.13),
    ((46, 9, 9), 24.76, "standard_oversize", 5.20), ((46, 9, 9), 29.76, "standard_oversize", 5.25),
    ((62, 5, 5), 1.76, "standard_oversize", 4.33),
    ((61, 46, 46.01), 1.76, "standard_oversize", 5.25),           # dim 25.82 kg: over small oversize's limit
    ((120, 60, 60), 5, "standard_oversize", 5.25 + 0.01 * 57),    # dim 86.4 kg: 56.64 kg above 29.76 → 57
    ((120, 60, 60.1), 5, "large_oversize", 6.80 + 0.01 * 56),     # dim 86.54 kg > 86.4: 55.04 above 31.5 → 56
    ((120.1, 5, 5), 2, "large_oversize", 5.10),
    ((46, 9, 9), 29.77, "large_oversize", 6.80), ((121, 5, 5), 2, "large_oversize", 5.10),
    ((121, 5, 5), 4.77, "large_oversize", 5.50), ((121, 5, 5), 31.5, "large_oversize", 6.80),
    ((150, 50, 40), 25, "large_oversize", 6.80 + 0.01 * 29),      # dim 60 kg: 29 started kg above 31.5
]


def test_ireland_tiers_and_fees():
    cases = [(f"{dims} {kg} kg", IE, {**_dims(dims), "weight": kg, "weight_unit": "kg"},
              lambda r: (r["size_tier"], r["fulfillment_fee"]), (tier, round(expected, 2)))
             for dims, kg, tier, expected in IE_CASES]
    assert mismatches(cases) == []


def test_ireland_low_price_and_special_oversize():
    # [Ireland] low-price IE local: small envelope 0.46; standard envelope ≤ 60 g 0.62; small parcel ≤ 400 g 1.51;
    # threshold €20 (restricted €12) from 2026-02-01 ([low-price thresholds])
    assert fee(IE, length=20, width=15, height=1, weight=50, price=20)["fulfillment_fee"] == 0.46
    assert fee(IE, length=30, width=20, height=1, weight=50, price=20)["fulfillment_fee"] == 0.62
    assert fee(IE, weight=400, price=20)["fulfillment_fee"] == 1.51
    assert fee(IE, weight=400, price=20.01)["fulfillment_fee"] == 1.68
    # [size tiers]: no IE price for special oversize
    r = fee(IE, length=180, width=30, height=30, weight=20, weight_unit="kg")
    assert r["size_tier"] == "special_oversize" and r["fee_available"] is False


def test_ireland_selected_category_parcels():
    # [Ireland] selected categories, IE local: small parcel 1 1.65 + 0.03 per extra 100 g; large parcel 2 2.43 + 0.04
    assert fee(IE, length=35, width=25, height=7, weight=1, weight_unit="kg", apparel=True)["fulfillment_fee"] == 1.92
    assert fee(IE, length=45, width=34, height=26, weight=0.1, weight_unit="kg", apparel=True)["fulfillment_fee"] == 2.43

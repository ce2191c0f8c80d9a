"""Cross-border routes: the European Fulfilment Network (stock in one EU country, sold
in another), Remote Fulfilment between the UK and the EU both ways, US stock sold on
amazon.ca, Pan-European FBA (the destination's local fee, plus the Pan-EU oversize
surcharge for oversize units), the cross-border "no CEP" surcharge, and the pairs no
card prices (a field error naming ``fulfilment_from``).

Expected figures are typed from Amazon's Rate Card Europe effective 1 Feb 2026 (source
id ratecard-eu-2026-e1 in calculators/data/sources/catalogue.json), as transcribed in
calc-patrick-eu and calc-makaev-eu (calc-patrick-eu alone for the EFN, remote, Ireland,
CEP and Pan-EU oversize tables; a [name] in a comment is the card's table), and from
Amazon's "2024 Fees for Remote Fulfillment with FBA" (amazon-remote-2024) for US stock
sold into Canada; never read from our data files."""

from __future__ import annotations

import math

import pytest

from tests.calculators.fba_helpers import en, errors, fee, lines, mismatches

ITEM = {"length": 30, "width": 20, "height": 10, "dimension_unit": "cm", "weight": 400, "weight_unit": "g",
        "date": "2026-03-01"}   # a small parcel, ≤ 400 g band
PAN_EU = ("DE", "FR", "IT", "ES", "NL", "PL", "SE", "BE", "IE")
PRICE = {"SE": 300, "PL": 100}   # above the low-price thresholds; other stores: 25


def route(to, frm, programme="cep", **extra):
    return {**ITEM, "marketplace": to, "fulfilment_from": frm, "eu_programme": programme,
            "price": PRICE.get(to, 25), **extra}


def with_surcharges(r):
    """The fee a card column shows, where the column includes a flat per-unit surcharge
    (the "no CEP" columns of [EFN and remote]: +0.26)."""
    extra = lines(r).get("de_only_stock", 0) + lines(r).get("cep_not_enrolled", 0)
    return round(r["fulfillment_fee"] + extra, 2) if r["fulfillment_fee"] is not None else None


# [EFN and remote] small parcel ≤ 400 g, one figure per destination column; IE: [Ireland] "EFN into IE €".
EFN_SMALL_PARCEL_400 = {"DE": 7.05, "FR": 7.05, "IT": 7.05, "ES": 7.05, "NL": 7.21, "BE": 7.21, "SE": 73.94,
                        "PL": 32.33, "IE": 4.03}


@pytest.mark.parametrize("to", PAN_EU)
def test_efn_from_every_other_pan_european_country(to):
    cases = [(f"{frm} → {to}", route(to, frm), {}, lambda r: (r["programme"], r["fulfillment_fee"]),
              ("efn", EFN_SMALL_PARCEL_400[to])) for frm in PAN_EU if frm != to]
    assert len(cases) == 8 and mismatches(cases) == []


@pytest.mark.parametrize("to,frm,expected", [
    # [EFN and remote] remote columns, small parcel ≤ 400 g: UK → DE/FR/IT/ES 6.62; UK → NL 7.69; UK → SE 81.11;
    # DE/FR/IT/ES → UK £4.44; [Ireland] remote UK → IE 3.35
    ("DE", "UK", 6.62), ("FR", "UK", 6.62), ("IT", "UK", 6.62), ("ES", "UK", 6.62), ("NL", "UK", 7.69),
    ("SE", "UK", 81.11), ("IE", "UK", 3.35),
    ("UK", "DE", 4.44), ("UK", "FR", 4.44), ("UK", "IT", 4.44), ("UK", "ES", 4.44),
])
def test_remote_fulfilment_between_the_uk_and_the_eu(to, frm, expected):
    for programme in ("pan_eu", "cep"):   # the UK is outside Pan-European FBA: always remote
        r = fee(route(to, frm, programme))
        assert (r["programme"], r["fulfillment_fee"]) == ("remote", expected)
        assert r["pan_eu_cross_border"] is False


@pytest.mark.parametrize("to,frm", [
    # [EFN and remote]: calc-patrick-eu has no price for IE → UK, UK → BE/PL; NL, SE, PL, BE stock → UK: no column
    ("UK", "IE"), ("UK", "NL"), ("UK", "SE"), ("UK", "PL"), ("UK", "BE"), ("BE", "UK"), ("PL", "UK"),
    # outside Europe's network
    ("DE", "US"), ("UK", "US"), ("US", "UK"), ("US", "CA"), ("JP", "US"), ("CA", "UK"), ("JP", "DE"),
])
def test_pairs_no_card_prices_are_a_field_error(to, frm):
    msg = errors(route(to, frm))["fulfilment_from"]
    assert msg["en"] and msg["zh"] and msg["en"] != msg["zh"]


def test_the_error_names_the_places_in_both_languages():
    msg = errors(route("DE", "US"))["fulfilment_from"]
    assert "Germany" in msg["en"] and "United States" in msg["en"] and "UK" in msg["en"]
    assert "德国" in msg["zh"] and "美国" in msg["zh"]


def test_us_stock_sold_on_amazon_ca_is_remote_fulfilment():
    # amazon-remote-2024: small standard ≤ 2 oz, CAD 8.21
    r = fee({"marketplace": "CA", "fulfilment_from": "US", "length": 10, "width": 6, "height": 0.5,
             "dimension_unit": "in", "weight": 2, "weight_unit": "oz", "price": 30, "date": "2026-03-01"})
    assert (r["programme"], r["currency"], r["size_tier"], r["fulfillment_fee"]) == ("remote", "CAD", "small_standard", 8.21)
    assert r["rate_card"]["id"] == "ca-fba-remote-2024"


# --- Every band of every EFN and remote column, on representative routes.
# Columns: (label, routes as (to, from, programme)).
COLUMNS = [
    ("EFN → DE/FR/IT/ES", [("FR", "DE", "cep"), ("DE", "IT", "cep"), ("IT", "ES", "cep"), ("ES", "FR", "cep")]),
    ("EFN → DE, seller not in CEP", [("DE", "FR", "none")]),
    ("EFN → NL/BE", [("NL", "DE", "cep"), ("BE", "FR", "cep")]),
    ("EFN → SE", [("SE", "DE", "cep")]),
    ("EFN → PL", [("PL", "DE", "cep")]),
    ("Remote UK → DE/FR/IT/ES", [("DE", "UK", "pan_eu"), ("ES", "UK", "pan_eu")]),
    ("Remote UK → NL", [("NL", "UK", "pan_eu")]),
    ("Remote UK → SE", [("SE", "UK", "pan_eu")]),
    ("Remote DE/FR/IT/ES → UK", [("UK", "FR", "pan_eu"), ("UK", "IT", "cep")]),
]
# [EFN and remote] envelopes and parcels: (tier, band limit kg, fees in COLUMNS order).
EFN_BANDS = [
    ("light_envelope", 0.02, (5.08, 5.34, 5.15, 53.13, 20.82, 4.86, 5.59, 59.40, 3.33)),
    ("light_envelope", 0.04, (5.11, 5.37, 5.18, 53.67, 20.98, 4.89, 5.62, 60.01, 3.35)),
    ("light_envelope", 0.06, (5.16, 5.42, 5.20, 53.77, 21.07, 4.94, 5.65, 60.11, 3.39)),
    ("light_envelope", 0.08, (5.47, 5.73, 5.53, 57.31, 22.49, 5.21, 6.01, 64.08, 3.43)),
    ("light_envelope", 0.1, (5.50, 5.76, 5.54, 57.42, 22.53, 5.24, 6.02, 64.16, 3.47)),
    ("standard_envelope", 0.21, (5.50, 5.76, 5.56, 57.57, 22.61, 5.25, 6.03, 64.27, 3.47)),
    ("standard_envelope", 0.46, (5.53, 5.79, 5.60, 57.91, 22.95, 5.28, 6.08, 64.64, 3.56)),
    ("large_envelope", 0.96, (6.09, 6.35, 5.97, 62.44, 24.57, 5.81, 6.48, 69.70, 3.73)),
    ("extra_large_envelope", 0.96, (6.72, 6.98, 6.59, 67.57, 29.68, 6.41, 7.16, 75.43, 3.80)),
    ("small_parcel", 0.15, (6.61, 6.87, 6.59, 67.83, 29.68, 6.20, 7.03, 74.41, 4.34)),
    ("small_parcel", 0.4, (7.05, 7.31, 7.21, 73.94, 32.33, 6.62, 7.69, 81.11, 4.44)),
    ("small_parcel", 0.9, (8.45, 8.71, 8.64, 88.56, 38.43, 7.93, 9.22, 97.15, 4.62)),
    ("small_parcel", 1.4, (9.28, 9.54, 9.49, 97.37, 42.11, 8.72, 10.13, 106.82, 4.86)),
    ("small_parcel", 1.9, (10.58, 10.84, 10.82, 110.88, 47.74, 9.93, 11.54, 121.63, 5.33)),
    ("small_parcel", 3.9, (13.42, 13.68, 13.73, 140.71, 60.18, 12.60, 14.65, 154.36, 5.44)),
    ("standard_parcel", 0.15, (6.63, 6.89, 6.73, 68.32, 29.85, 6.22, 7.18, 74.95, 4.74)),
    ("standard_parcel", 0.4, (7.73, 7.99, 7.90, 81.01, 33.08, 7.26, 8.43, 88.87, 4.98)),
    ("standard_parcel", 0.9, (9.19, 9.45, 9.40, 96.36, 38.98, 8.63, 10.03, 105.71, 5.19)),
    ("standard_parcel", 1.4, (10.43, 10.69, 10.67, 109.35, 42.80, 9.79, 11.38, 119.96, 5.27)),
    ("standard_parcel", 1.9, (11.97, 12.23, 12.25, 125.51, 49.14, 11.24, 13.06, 137.69, 5.74)),
    ("standard_parcel", 2.9, (13.42, 13.68, 13.73, 140.71, 60.43, 12.60, 14.65, 154.36, 6.93)),
    ("standard_parcel", 3.9, (15.80, 16.06, 16.16, 165.71, 64.60, 14.84, 17.24, 181.78, 8.74)),
    ("standard_parcel", 5.9, (16.67, 16.93, 17.05, 174.75, 67.88, 15.65, 18.19, 191.70, 9.64)),
    ("standard_parcel", 8.9, (18.06, 18.32, 18.48, 189.36, 73.47, 16.96, 19.71, 207.73, 9.82)),
    ("standard_parcel", 11.9, (21.24, 21.50, 21.72, 222.60, 88.03, 19.94, 23.17, 244.20, 10.33)),
]
# [EFN and remote] oversize: (tier, base band kg, base fees, per kg above) in COLUMNS order.
EFN_OVERSIZE = {
    "small_oversize": (0.76, (17.68, 17.94, 15.63, 161.58, 71.60, 13.63, 15.99, 173.42, 12.30),
                       (0.36, 0.36, 0.16, 1.86, 0.81, 0.21, 0.17, 1.99, 0.50)),
    "standard_oversize_light": (0.76, (21.55, 21.81, 19.34, 191.97, 85.98, 16.47, 19.79, 196.44, 12.53),
                                (0.78, 0.78, 0.59, 6.38, 2.44, 0.57, 0.61, 6.53, 0.54)),
    "standard_oversize_heavy": (15.76, (32.87, 33.13, 27.78, 280.13, 121.48, 24.54, 28.43, 286.65, 20.49),
                                (0.38, 0.38, 0.58, 5.80, 2.32, 0.62, 0.59, 6.22, 0.57)),
    "standard_oversize_large": (0.76, (22.13, 22.39, 19.57, 194.75, 86.68, 17.06, 20.02, 199.29, 13.03),
                                (0.78, 0.78, 0.64, 6.38, 2.67, 0.62, 0.65, 6.85, 0.56)),
    "bulky_oversize": (0.76, (32.95, 33.21, 29.12, 294.70, 130.19, 25.40, 29.79, 301.56, 15.53),
                       (1.15, 1.15, 0.67, 6.60, 3.02, 0.99, 0.69, 7.09, 0.60)),
    "heavy_oversize": (31.5, (37.67, 37.93, 35.52, 366.60, 148.84, 29.58, 39.51, 456.44, 22.32),
                       (1.24, 1.24, 0.78, 7.75, 3.26, 1.19, 0.87, 8.88, 0.62)),
}
ENVELOPE_ITEMS = {"light_envelope": (30, 20, 1), "standard_envelope": (30, 20, 1), "large_envelope": (30, 20, 4),
                  "extra_large_envelope": (30, 20, 6), "small_parcel": (30, 20, 10), "standard_parcel": (40, 30, 20)}
# (item cm, unit kg, tier, shipping kg)
OVERSIZE_ITEMS = [((46, 9, 9), 0.5, "small_oversize", 0.745), ((46, 9, 9), 1.76, "small_oversize", 1.76),
                  ((46, 9, 9), 10, "standard_oversize_light", 10), ((46, 9, 9), 20, "standard_oversize_heavy", 20),
                  ((102, 6, 6), 5, "standard_oversize_large", 5), ((121, 5, 5), 10, "bulky_oversize", 10),
                  ((121, 5, 5), 25, "heavy_oversize", 25), ((150, 50, 40), 25, "heavy_oversize", 60)]


def _dims(d):
    return {"length": d[0], "width": d[1], "height": d[2]}


def efn_cases(i, routes):
    cases = []
    for to, frm, programme in routes:
        base = route(to, frm, programme)
        for tier, limit, fees in EFN_BANDS:
            cases.append((f"{frm} → {to} {tier} ≤ {limit} kg", base,
                          {**_dims(ENVELOPE_ITEMS[tier]), "weight": limit, "weight_unit": "kg"},
                          lambda r: (r["size_tier"], with_surcharges(r)), (tier, fees[i])))
        for dims, kg, tier, ship in OVERSIZE_ITEMS:
            above, bases, pers = EFN_OVERSIZE[tier]
            steps = math.ceil(round(ship - above, 6)) if ship > above else 0
            cases.append((f"{frm} → {to} {tier} {kg} kg", base, {**_dims(dims), "weight": kg, "weight_unit": "kg"},
                          lambda r: (r["size_tier"], with_surcharges(r)), (tier, round(bases[i] + pers[i] * steps, 2))))
    return cases


@pytest.mark.parametrize("i,column", list(enumerate(COLUMNS)), ids=[c[0] for c in COLUMNS])
def test_every_efn_and_remote_band(i, column):
    assert mismatches(efn_cases(i, column[1])) == []


# [EFN and remote] selected categories (apparel): first 100 g, + per 100 g; (label, route, small parcel 1, large parcel 2).
SELECTED = [
    ("→ DE (CEP)", ("DE", "FR", "cep"), (6.80, 0.01), (11.78, 0.09)),
    ("→ DE (no CEP)", ("DE", "FR", "none"), (7.06, 0.01), (12.04, 0.09)),
    ("→ FR", ("FR", "DE", "cep"), (6.80, 0.01), (11.78, 0.09)),
    ("→ IT", ("IT", "DE", "cep"), (6.80, 0.01), (11.78, 0.09)),
    ("→ ES", ("ES", "DE", "cep"), (6.80, 0.01), (11.78, 0.09)),
    ("→ NL", ("NL", "DE", "cep"), (7.15, 0.05), (13.52, 0.07)),
    ("→ BE", ("BE", "DE", "cep"), (7.15, 0.05), (13.52, 0.07)),
    ("→ PL", ("PL", "DE", "cep"), (30.56, 0.21), (57.82, 0.29)),
    ("→ SE", ("SE", "DE", "cep"), (73.57, 0.05), (139.18, 0.07)),
    ("Remote UK → DE/FR/IT/ES", ("IT", "UK", "pan_eu"), (5.61, 0.01), (9.72, 0.07)),
    ("Remote UK → NL/BE", ("NL", "UK", "pan_eu"), (6.70, 0.05), (12.68, 0.06)),
    ("Remote UK → SE", ("SE", "UK", "pan_eu"), (70.92, 0.48), (134.18, 0.67)),
    ("Remote EU4 → UK", ("UK", "ES", "pan_eu"), (3.24, 0.01), (5.62, 0.01)),
]


@pytest.mark.parametrize("label,rt,sp1,lp2", SELECTED, ids=[s[0] for s in SELECTED])
def test_selected_category_parcels_cross_border(label, rt, sp1, lp2):
    base = route(*rt, apparel=True)
    # small parcel 1 (35 × 25 × 7 cm) at 1 kg: first 100 g + 9 × per; large parcel 2 (45 × 34 × 26) at 100 g
    cases = [("small parcel 1, 1 kg", base, {"length": 35, "width": 25, "height": 7, "weight": 1, "weight_unit": "kg"},
              lambda r: (r["size_tier"], with_surcharges(r)), ("category_small_parcel_1", round(sp1[0] + 9 * sp1[1], 2))),
             ("large parcel 2, 100 g", base, {"length": 45, "width": 34, "height": 26, "weight": 0.1, "weight_unit": "kg"},
              lambda r: (r["size_tier"], with_surcharges(r)), ("category_large_parcel_2", lp2[0]))]
    assert mismatches(cases) == []


@pytest.mark.parametrize("frm,programme,column,envelope,parcel,oversize", [
    # [Ireland]: "EFN into IE €" and "Remote UK → IE €": small envelope ≤ 80 g, standard parcel ≤ 1.4 kg,
    # standard oversize ≤ 29.76 kg
    ("DE", "cep", "EFN into IE", 1.61, 6.59, 14.46),
    ("UK", "pan_eu", "Remote UK → IE", 1.89, 3.65, 11.16),
])
def test_ireland_cross_border(frm, programme, column, envelope, parcel, oversize):
    base = route("IE", frm, programme)
    assert fee(base, length=20, width=15, height=1, weight=80)["fulfillment_fee"] == envelope
    assert fee(base, length=40, width=30, height=20, weight=1.4, weight_unit="kg")["fulfillment_fee"] == parcel
    r = fee(base, length=46, width=9, height=9, weight=29.76, weight_unit="kg")
    assert (r["size_tier"], r["fulfillment_fee"]) == ("standard_oversize", oversize)


# --- The "no CEP" surcharge on German stock shipped cross-border ([CEP surcharge]).

@pytest.mark.parametrize("to,currency_amount", [("FR", 0.26), ("IT", 0.26), ("NL", 0.26), ("BE", 0.26), ("IE", 0.26),
                                                ("SE", 2.50), ("PL", 1.15), ("UK", 0.26)])
def test_german_stock_outside_cep_pays_per_unit_cross_border(to, currency_amount):
    # [CEP surcharge]: DE stock shipped cross-border (EFN / remote to UK / to IE), not in CEP: +0.26 (£ or €), SEK 2.50, PLN 1.15
    assert lines(fee(route(to, "DE", "none"))).get("cep_not_enrolled") == currency_amount
    assert "cep_not_enrolled" not in lines(fee(route(to, "DE", "cep")))
    assert "cep_not_enrolled" not in lines(fee(route(to, "FR" if to != "FR" else "IT", "none")))


def test_efn_into_germany_outside_cep_is_the_second_column():
    # [EFN and remote]: EFN → DE, seller not in CEP = EFN → DE/FR/IT/ES + 0.26 (small parcel ≤ 400 g: 7.31)
    r = fee(route("DE", "FR", "none"))
    assert r["fulfillment_fee"] == 7.05 and lines(r) == {"de_only_stock": 0.26} and r["total_fee"] == 7.31
    assert fee(route("DE", "FR", "cep"))["total_fee"] == 7.05


# --- Pan-European FBA: the destination's local fee, plus the Pan-EU oversize surcharge.
# (tier, item, unit kg, shipping kg, DE, FR, IT, ES as (base, per kg above the base band), base band kg)
PAN_EU_OVERSIZE = [
    ("small_oversize", (46, 9, 9), 0.5, 0.745, ((1.64, 0.03), (1.40, 0.07), (0.63, 0.08), (0.77, 0.12)), 0.76),
    ("small_oversize", (46, 9, 9), 1.76, 1.76, ((1.64, 0.03), (1.40, 0.07), (0.63, 0.08), (0.77, 0.12)), 0.76),
    ("standard_oversize_light", (46, 9, 9), 10, 10, ((1.76, 0.06), (1.41, 0.14), (1.05, 0.19), (1.59, 0.12)), 0.76),
    ("standard_oversize_heavy", (46, 9, 9), 20, 20, ((2.53, 0.27), (3.02, 0.05), (3.57, 0.34), (2.96, 0.12)), 15.76),
    ("standard_oversize_large", (102, 6, 6), 5, 5, ((2.98, 0.27), (2.38, 0.25), (1.84, 0.44), (2.71, 0.25)), 0.76),
    ("bulky_oversize", (121, 5, 5), 10, 10, ((2.99, 0.69), (3.23, 0.53), (3.23, 0.61), (2.74, 0.61)), 0.76),
    ("heavy_oversize", (121, 5, 5), 25, 25, ((5.50, 0.70), (3.70, 0.60), (4.20, 0.50), (3.20, 0.45)), 31.5),
    ("heavy_oversize", (150, 50, 40), 25, 60, ((5.50, 0.70), (3.70, 0.60), (4.20, 0.50), (3.20, 0.45)), 31.5),
]


@pytest.mark.parametrize("j,to", list(enumerate(["DE", "FR", "IT", "ES"])))
def test_pan_eu_oversize_surcharge(j, to):
    frm = "FR" if to != "FR" else "DE"
    cases = []
    for tier, dims, kg, ship, values, above in PAN_EU_OVERSIZE:
        base, per = values[j]
        steps = math.ceil(round(ship - above, 6)) if ship > above else 0
        cases.append((f"{frm} → {to} {tier} {kg} kg", route(to, frm, "pan_eu"),
                      {**_dims(dims), "weight": kg, "weight_unit": "kg"},
                      lambda r: (r["size_tier"], r["programme"], lines(r).get("pan_eu_oversize")),
                      (tier, "local", round(base + per * steps, 2))))
    assert mismatches(cases) == []


def test_pan_eu_cross_border_is_the_local_fee():
    # [envelopes and parcels] DE small parcel ≤ 400 g 3.13 (Pan-EU); no cross-border line for a parcel
    r = fee(route("DE", "FR", "pan_eu"))
    assert (r["programme"], r["pan_eu_cross_border"], r["fulfillment_fee"], lines(r)) == ("local", True, 3.13, {})
    local = fee(route("DE", "DE", "pan_eu"))
    assert local["pan_eu_cross_border"] is False and local["fulfillment_fee"] == 3.13


def test_pan_eu_oversize_surcharge_only_cross_border_and_not_special_oversize():
    small_oversize = dict(length=46, width=9, height=9, weight=0.5, weight_unit="kg")
    assert "pan_eu_oversize" not in lines(fee(route("DE", "DE", "pan_eu"), **small_oversize))     # stock in DE
    assert "pan_eu_oversize" not in lines(fee(route("DE", "FR", "cep"), **small_oversize))        # EFN, not Pan-EU
    special = dict(length=180, width=30, height=30, weight=20, weight_unit="kg")
    assert "pan_eu_oversize" not in lines(fee(route("DE", "FR", "pan_eu"), **special))
    # [Pan-EU oversize surcharge]: Sweden, a flat SEK 20 per oversize unit
    assert lines(fee(route("SE", "DE", "pan_eu"), **small_oversize)).get("pan_eu_oversize") == 20.0
    assert "pan_eu_oversize" not in lines(fee(route("SE", "DE", "pan_eu"), **special))
    assert "pan_eu_oversize" not in lines(fee(route("SE", "DE", "pan_eu")))
    # [Pan-EU oversize surcharge]: no values for UK, NL, PL, BE, IE in any source: nothing added, but said and unverified
    for to in ("NL", "PL", "BE", "IE"):
        r = fee(route(to, "DE", "pan_eu"), **small_oversize)
        assert "pan_eu_oversize" not in lines(r) and "Pan-EU oversize surcharge" in en(r["warnings"]), to
        assert r["confidence"] == "unverified"
        assert "Pan-EU oversize" not in en(fee(route(to, to, "pan_eu"), **small_oversize)["warnings"])


def test_low_price_and_sipp_on_efn():
    # [low-price thresholds]: no low-price rates on EFN; [SIPP and packaging]: SIPP discounts apply "local or EFN" (FR small parcel ≤ 400 g: 0.08)
    r = fee(route("FR", "DE", "cep", price=5, sipp=True))
    assert r["low_price"] is False and lines(r) == {"sipp_discount": -0.08}
    assert r["rate_card"]["name"]["en"] == "France EFN 2026, from 1 Feb 2026"

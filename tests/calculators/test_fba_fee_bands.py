"""Every weight band of the North American tables, both sides of each edge: a weight
exactly on the band's limit, and just above it (which rounds up into the next band).

The tables are typed here from the original sources (ids of
calculators/data/sources/catalogue.json), never read from the data files, so a slipped
figure in a data file, or a band the engine picks wrongly, fails here:
- Amazon's Seller Central page "2026 US FBA fulfillment fee changes"
  (amazon-us-2026-fee-changes-copy; its 2026 columns also in calc-makaev-us and
  calc-patrick-us): US 2025 and 2026 non-peak for non-apparel, apparel and dangerous
  goods, three price columns each (< $10, $10–$50, > $50), and the US holiday peak
  2025–26 (also calc-sekokaze-2024);
- Amazon's "2024 Fees for Remote Fulfillment with FBA" (amazon-remote-2024): US stock
  sold into Canada, non-peak and its 2024–25 peak.
One test per table lists every cell that differs."""

from __future__ import annotations

import pytest

from tests.calculators.fba_helpers import mismatches

OZ = 1 / 16
US = {"marketplace": "US", "dimension_unit": "in", "price": 25}
SMALL = {**US, "length": 10, "width": 6, "height": 0.5, "weight_unit": "oz"}   # dim never counts
THIN = {**US, "length": 2, "width": 2, "height": 0.8, "weight_unit": "lb"}     # large standard by thickness; dim ≤ 0.06 lb
SMALL_BULKY = {**US, "length": 30, "width": 2, "height": 2, "weight_unit": "lb"}   # dim 0.86 lb
LARGE_BULKY = {**US, "length": 40, "width": 2, "height": 2, "weight_unit": "lb"}   # dim 1.15 lb
EXTRA_LARGE = {**US, "length": 60, "width": 2, "height": 2, "weight_unit": "lb"}   # dim 1.73 lb
PRICES = (9.99, 25, 60)   # one price in each band: < $10, $10–$50, > $50

# Non-apparel (amazon-us-2026-fee-changes-copy). Each row: 2025 < $10, $10–$50, > $50, then 2026 < $10, $10–$50, > $50.
NON_APPAREL = {
    "small_standard": [  # 2 oz or less, 2+ to 4 oz, … 14+ to 16 oz
        (2.29, 3.06, 3.06, 2.43, 3.32, 3.58), (2.38, 3.15, 3.15, 2.49, 3.42, 3.68),
        (2.47, 3.24, 3.24, 2.56, 3.45, 3.71), (2.56, 3.33, 3.33, 2.66, 3.54, 3.80),
        (2.66, 3.43, 3.43, 2.77, 3.68, 3.94), (2.76, 3.53, 3.53, 2.82, 3.78, 4.04),
        (2.83, 3.60, 3.60, 2.92, 3.91, 4.17), (2.88, 3.65, 3.65, 2.95, 3.96, 4.22)],
    "large_standard": [  # 4 oz or less, 4+ to 8 oz, 8+ to 12 oz, 12+ to 16 oz, 1+ to 1.25 lb, … 2.75+ to 3 lb
        (2.91, 3.68, 3.68, 2.91, 3.73, 3.99), (3.13, 3.90, 3.90, 3.13, 3.95, 4.21),
        (3.38, 4.15, 4.15, 3.38, 4.20, 4.46), (3.78, 4.55, 4.55, 3.78, 4.60, 4.86),
        (4.22, 4.99, 4.99, 4.22, 5.04, 5.30), (4.60, 5.37, 5.37, 4.60, 5.42, 5.68),
        (4.75, 5.52, 5.52, 4.75, 5.57, 5.83), (5.00, 5.77, 5.77, 5.00, 5.82, 6.08),
        (5.10, 5.87, 5.87, 5.10, 5.92, 6.18), (5.28, 6.05, 6.05, 5.28, 6.10, 6.36),
        (5.44, 6.21, 6.21, 5.44, 6.26, 6.52), (5.85, 6.62, 6.62, 5.85, 6.67, 6.93)],
    "over_3_lb": ((6.15, 6.92, 6.92, 6.15, 6.97, 7.23), 0.08, 0.25),   # "3+ lb to 20 lb": + 0.08 per 4 oz > 3 lb
    "small_bulky": ((8.84, 9.61, 9.61, 6.78, 7.55, 7.55), 0.38),        # + 0.38/lb > 1 lb
    "large_bulky": ((8.84, 9.61, 9.61, 8.58, 9.35, 9.35), 0.38),
    "extra_large": [((25.56, 26.33, 26.33, 25.56, 26.33, 26.33), 0.38),   # 0 to 50 lb, + per lb > 1 lb
                    ((39.35, 40.12, 40.12, 36.55, 37.32, 37.32), 0.75),   # 50+ to 70 lb, > 51 lb
                    ((54.04, 54.81, 54.81, 50.55, 51.32, 51.32), 0.75),   # 70+ to 150 lb, > 71 lb
                    ((194.18, 194.95, 194.95, 194.18, 194.95, 194.95), 0.19)],  # 150+ lb, > 151 lb
}
# Apparel (amazon-us-2026-fee-changes-copy; same column order).
APPAREL = {
    "small_standard": [
        (2.50, 3.27, 3.27, 2.62, 3.51, 3.77), (2.50, 3.27, 3.27, 2.64, 3.54, 3.80),
        (2.65, 3.42, 3.42, 2.68, 3.59, 3.85), (2.65, 3.42, 3.42, 2.81, 3.69, 3.95),
        (2.95, 3.72, 3.72, 3.00, 3.91, 4.17), (2.95, 3.72, 3.72, 3.10, 4.09, 4.35),
        (3.21, 3.98, 3.98, 3.20, 4.20, 4.46), (3.21, 3.98, 3.98, 3.30, 4.25, 4.51)],
    "large_standard": [
        (3.48, 4.25, 4.25, 3.48, 4.30, 4.56), (3.68, 4.45, 4.45, 3.68, 4.50, 4.76),
        (3.90, 4.67, 4.67, 3.90, 4.72, 4.98), (4.35, 5.12, 5.12, 4.35, 5.17, 5.43),
        (5.13, 5.90, 5.90, 5.05, 5.87, 6.13), (5.13, 5.90, 5.90, 5.22, 6.04, 6.30),
        (5.37, 6.14, 6.14, 5.32, 6.14, 6.40), (5.37, 6.14, 6.14, 5.43, 6.25, 6.51),
        (5.83, 6.60, 6.60, 5.78, 6.60, 6.86), (5.83, 6.60, 6.60, 5.90, 6.72, 6.98),
        (6.04, 6.81, 6.81, 5.95, 6.77, 7.03), (6.04, 6.81, 6.81, 6.08, 6.90, 7.16)],
    "over_3_lb": ((6.15, 6.92, 6.92, 6.15, 6.97, 7.23), 0.16, 0.5),    # + 0.16 per ½ lb > 3 lb
    "small_bulky": ((8.84, 9.61, 9.61, 6.78, 7.55, 7.55), 0.38),
    "large_bulky": ((8.84, 9.61, 9.61, 8.58, 9.35, 9.35), 0.38),
    "extra_large": [((25.56, 26.33, 26.33, 25.56, 26.33, 26.33), 0.38),
                    ((39.35, 40.12, 40.12, 36.55, 37.32, 37.32), 0.75),
                    ((54.04, 54.81, 54.81, 50.55, 51.32, 51.32), 0.75),
                    ((194.18, 194.95, 194.95, 194.18, 194.95, 194.95), 0.19)],
}
# Dangerous goods (amazon-us-2026-fee-changes-copy; same column order).
DANGEROUS = {
    "small_standard": [
        (3.26, 4.03, 4.03, 3.40, 4.29, 4.55), (3.32, 4.09, 4.09, 3.43, 4.36, 4.62),
        (3.39, 4.16, 4.16, 3.48, 4.37, 4.63), (3.45, 4.22, 4.22, 3.55, 4.43, 4.69),
        (3.53, 4.30, 4.30, 3.64, 4.55, 4.81), (3.59, 4.36, 4.36, 3.65, 4.61, 4.87),
        (3.64, 4.41, 4.41, 3.73, 4.72, 4.98), (3.70, 4.47, 4.47, 3.77, 4.78, 5.04)],
    "large_standard": [
        (3.73, 4.50, 4.50, 3.73, 4.55, 4.81), (3.94, 4.71, 4.71, 3.94, 4.76, 5.02),
        (4.17, 4.94, 4.94, 4.17, 4.99, 5.25), (4.37, 5.14, 5.14, 4.37, 5.19, 5.45),
        (4.82, 5.59, 5.59, 4.82, 5.64, 5.90), (5.20, 5.97, 5.97, 5.20, 6.02, 6.28),
        (5.35, 6.12, 6.12, 5.35, 6.17, 6.43), (5.49, 6.26, 6.26, 5.49, 6.31, 6.57),
        (5.56, 6.33, 6.33, 5.56, 6.38, 6.64), (5.74, 6.51, 6.51, 5.74, 6.56, 6.82),
        (5.90, 6.67, 6.67, 5.90, 6.72, 6.98), (6.31, 7.08, 7.08, 6.31, 7.13, 7.39)],
    "over_3_lb": ((6.61, 7.38, 7.38, 6.61, 7.43, 7.69), 0.08, 0.25),
    "small_bulky": ((9.56, 10.33, 10.33, 7.50, 8.27, 8.27), 0.38),
    "large_bulky": ((9.56, 10.33, 10.33, 9.30, 10.07, 10.07), 0.38),
    "extra_large": [((27.67, 28.44, 28.44, 27.67, 28.44, 28.44), 0.38),
                    ((42.56, 43.33, 43.33, 39.76, 40.53, 40.53), 0.75),
                    ((61.17, 61.94, 61.94, 57.68, 58.45, 58.45), 0.75),
                    ((218.76, 219.53, 219.53, 218.76, 219.53, 219.53), 0.19)],
}
# Non-apparel / apparel / dangerous goods peak (amazon-us-2026-fee-changes-copy), holiday peak 2025-10-15 → 2026-01-14 (2025 tiers): < $10, $10–$50, > $50.
PEAK = {
    "standard": {
        "small_standard": [(2.48, 3.25, 3.25), (2.57, 3.34, 3.34), (2.67, 3.44, 3.44), (2.76, 3.53, 3.53),
                           (2.87, 3.64, 3.64), (2.97, 3.74, 3.74), (3.05, 3.82, 3.82), (3.10, 3.87, 3.87)],
        "large_standard": [(3.15, 3.92, 3.92), (3.39, 4.16, 4.16), (3.66, 4.43, 4.43), (4.07, 4.84, 4.84),
                           (4.52, 5.29, 5.29), (4.91, 5.68, 5.68), (5.07, 5.84, 5.84), (5.33, 6.10, 6.10),
                           (5.47, 6.24, 6.24), (5.67, 6.44, 6.44), (5.84, 6.61, 6.61), (6.26, 7.03, 7.03)],
        "over_3_lb": ((6.69, 7.46, 7.46), 0.08, 0.25),
        "large_bulky": ((9.88, 10.65, 10.65), 0.38),
        "extra_large": [((28.29, 29.06, 29.06), 0.38), ((42.16, 42.93, 42.93), 0.75),
                        ((58.46, 59.23, 59.23), 0.75), ((202.69, 203.46, 203.46), 0.19)],
    },
    "apparel": {
        "small_standard": [(2.73, 3.50, 3.50), (2.73, 3.50, 3.50), (2.90, 3.67, 3.67), (2.90, 3.67, 3.67),
                           (3.22, 3.99, 3.99), (3.22, 3.99, 3.99), (3.50, 4.27, 4.27), (3.50, 4.27, 4.27)],
        "large_standard": [(3.79, 4.56, 4.56), (4.00, 4.77, 4.77), (4.23, 5.00, 5.00), (4.69, 5.46, 5.46),
                           (5.50, 6.27, 6.27), (5.50, 6.27, 6.27), (5.76, 6.53, 6.53), (5.76, 6.53, 6.53),
                           (6.27, 7.04, 7.04), (6.27, 7.04, 7.04), (6.50, 7.27, 7.27), (6.50, 7.27, 7.27)],
        "over_3_lb": ((6.82, 7.59, 7.59), 0.16, 0.5),
        "large_bulky": ((9.88, 10.65, 10.65), 0.38),
        "extra_large": [((28.29, 29.06, 29.06), 0.38), ((42.16, 42.93, 42.93), 0.75),
                        ((58.46, 59.23, 59.23), 0.75), ((202.69, 203.46, 203.46), 0.19)],
    },
    "dangerous_goods": {
        "small_standard": [(3.60, 4.37, 4.37), (3.69, 4.46, 4.46), (3.79, 4.56, 4.56), (3.88, 4.65, 4.65),
                           (3.99, 4.76, 4.76), (4.08, 4.85, 4.85), (4.16, 4.93, 4.93), (4.25, 5.02, 5.02)],
        "large_standard": [(4.32, 5.09, 5.09), (4.56, 5.33, 5.33), (4.82, 5.59, 5.59), (5.04, 5.81, 5.81),
                           (5.51, 6.28, 6.28), (5.91, 6.68, 6.68), (6.08, 6.85, 6.85), (6.24, 7.01, 7.01),
                           (6.33, 7.10, 7.10), (6.53, 7.30, 7.30), (6.70, 7.47, 7.47), (7.12, 7.89, 7.89)],
        "over_3_lb": ((7.51, 8.28, 8.28), 0.08, 0.25),
        "large_bulky": ((11.12, 11.89, 11.89), 0.38),
        "extra_large": [((31.71, 32.48, 32.48), 0.38), ((46.66, 47.43, 47.43), 0.75),
                        ((67.53, 68.30, 68.30), 0.75), ((230.84, 231.61, 231.61), 0.19)],
    },
}
FLAGS = {"standard": {}, "apparel": {"apparel": True}, "dangerous_goods": {"dangerous_goods": True}}
LS_EDGES = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.25, 2.5, 2.75, 3]   # lb
XL_EDGES = [(2, 0, 2), (50, 0, 50), (50.01, 1, 51), (70, 1, 70), (70.01, 2, 71), (150, 2, 150), (150.01, 3, 151),
            (160, 3, 160)]   # (unit weight lb, extra-large row, shipping weight lb)
XL_ABOVE = (1, 51, 71, 151)  # each row's "per lb above"


def _formula(base, per, steps):
    return round(base + per * steps, 2)


def standard_edges(add, small, large, over_3_lb):
    """Both sides of every small- and large-standard band edge (``add(label, item, weight, fee)``):
    2-oz bands to 16 oz, then 4 oz to 1 lb and ¼ lb to 3 lb, then the formula above 3 lb."""
    for i, f in enumerate(small):
        add(f"small standard ≤ {2 * (i + 1)} oz", SMALL, 2 * (i + 1), f)
        if i < 7:
            add(f"small standard just over {2 * (i + 1)} oz", SMALL, 2 * (i + 1) + 0.01, small[i + 1])
    for i, (edge, f) in enumerate(zip(LS_EDGES, large)):
        add(f"large standard ≤ {edge} lb", THIN, edge, f)
        if i < 11:
            add(f"large standard just over {edge} lb", THIN, edge + 0.01 * OZ, large[i + 1])
    base, per, step = over_3_lb
    # just over 3 lb rounds up to 3.25 lb: one step (4 oz or ½ lb); 20 lb: 17 lb / step
    add("large standard just over 3 lb", THIN, 3 + 0.01 * OZ, _formula(base, per, 1))
    add("large standard 20 lb", THIN, 20, _formula(base, per, round(17 / step)))


def us_cases(table, columns, date, flags, with_small_bulky):
    """(label, item, changes, "fulfillment_fee", expected) for every edge of one table,
    in each price column; ``columns`` picks the table's columns (2025 or 2026)."""
    cases = []
    for col, price in zip(columns, PRICES):
        at = dict(date=date, price=price, **flags)

        def add(label, item, weight, expected):
            cases.append((f"{label} @ {price}", item, {**at, "weight": weight}, "fulfillment_fee", expected))

        base, per, step = table["over_3_lb"]
        standard_edges(add, [row[col] for row in table["small_standard"]], [row[col] for row in table["large_standard"]],
                       (base[col], per, step))
        bulky = [("large_bulky", LARGE_BULKY if with_small_bulky else SMALL_BULKY)]
        if with_small_bulky:
            bulky.insert(0, ("small_bulky", SMALL_BULKY))
        for name, item in bulky:
            base, per = table[name]
            low = 2 if item is LARGE_BULKY else 1     # 40 × 2 × 2 in weighs at least 1.15 lb by dimensions
            add(f"{name} {low} lb", item, low, _formula(base[col], per, low - 1))
            add(f"{name} just over {low} lb", item, low + 0.01, _formula(base[col], per, low))
            add(f"{name} 50 lb", item, 50, _formula(base[col], per, 49))
        for weight, row, ship in XL_EDGES:
            base, per = table["extra_large"][row]
            add(f"extra-large {weight} lb", EXTRA_LARGE, weight, _formula(base[col], per, ship - XL_ABOVE[row]))
    return cases


@pytest.mark.parametrize("product,table", [("standard", NON_APPAREL), ("apparel", APPAREL),
                                           ("dangerous_goods", DANGEROUS)])
@pytest.mark.parametrize("year,columns,date", [(2025, (0, 1, 2), "2025-06-01"), (2026, (3, 4, 5), "2026-03-01")])
def test_us_non_peak_tables(product, table, year, columns, date):
    assert mismatches(us_cases(table, columns, date, FLAGS[product], with_small_bulky=year == 2026)) == []


@pytest.mark.parametrize("product", ["standard", "apparel", "dangerous_goods"])
def test_us_peak_2025_26_tables(product):
    assert mismatches(us_cases(PEAK[product], (0, 1, 2), "2025-11-01", FLAGS[product], with_small_bulky=False)) == []


def test_us_tiers_at_the_edges_of_the_tables():
    # The items above stay in the tier the table is for; just over 16 oz is large standard,
    # just over 20 lb is small bulky on the 2026 card, large bulky on the 2025 one.
    from tests.calculators.fba_helpers import fee
    assert fee(SMALL, weight=16.01, date="2026-03-01")["size_tier"] == "large_standard"
    assert fee(THIN, weight=20 + 0.01 * OZ, date="2026-03-01")["size_tier"] == "small_bulky"
    assert fee(THIN, weight=20 + 0.01 * OZ, date="2025-06-01")["size_tier"] == "large_bulky"


# --- Remote Fulfillment, US stock sold on amazon.ca (CAD).
REMOTE = {"marketplace": "CA", "fulfilment_from": "US", "dimension_unit": "in", "price": 30}
# Amazon's "2024 Fees for Remote Fulfillment with FBA" (amazon-remote-2024), non-peak (in force again from 2025-01-15)
REMOTE_NON_PEAK = {
    "small_standard": [8.21, 8.38, 8.55, 8.69, 8.83, 8.97, 9.11, 9.29],
    "large_standard": [9.46, 9.82, 10.26, 10.63, 12.05, 12.75, 12.98, 13.63, 13.84, 14.29, 14.44, 15.08],
    "over_3_lb": (15.61, 0.11), "large_bulky": (20.08, 0.80), "extra_large": [(37.43, 0.80), (71.76, 0.80)],
}
# The same page's peak rates (amazon-remote-2024), 2024-10-15 → 2025-01-14
REMOTE_PEAK = {
    "small_standard": [8.70, 8.88, 9.05, 9.21, 9.36, 9.51, 9.67, 9.87],
    "large_standard": [10.08, 10.47, 10.95, 11.36, 12.82, 13.56, 13.83, 14.52, 14.79, 15.32, 15.57, 16.30],
    "over_3_lb": (16.95, 0.11), "large_bulky": (21.84, 0.80), "extra_large": [(39.64, 0.80), (75.32, 0.80)],
}


def remote_cases(table, date):
    cases = []

    def add(label, item, weight, expected):
        cases.append((label, {**REMOTE, **{k: item[k] for k in ("length", "width", "height", "weight_unit")}},
                      {"date": date, "weight": weight}, "fulfillment_fee", expected))

    standard_edges(add, table["small_standard"], table["large_standard"], (*table["over_3_lb"], 0.25))
    base, per = table["large_bulky"]   # + per lb above the first
    add("large bulky 1 lb", SMALL_BULKY, 1, base)
    add("large bulky 50 lb", SMALL_BULKY, 50, _formula(base, per, 49))
    (b0, p0), (b1, p1) = table["extra_large"]
    add("extra-large 2 lb", EXTRA_LARGE, 2, _formula(b0, p0, 1))
    add("extra-large 50 lb", EXTRA_LARGE, 50, _formula(b0, p0, 49))
    add("extra-large just over 50 lb", EXTRA_LARGE, 50.01, b1)          # 51 lb: the first of "50–70 lb"
    add("extra-large 70 lb", EXTRA_LARGE, 70, _formula(b1, p1, 19))
    return cases


@pytest.mark.parametrize("table,date", [(REMOTE_NON_PEAK, "2025-06-01"), (REMOTE_NON_PEAK, "2026-03-01"),
                                        (REMOTE_PEAK, "2024-11-01")])
def test_remote_fulfilment_into_canada(table, date):
    assert mismatches(remote_cases(table, date)) == []

#!/usr/bin/env python3
"""Benchmark: a CSV catalogue through ``python -m calculators NAME --csv`` (the target
in issue 20: 100,000 rows of fba-fee in at most 30 s on the project's machine).

    .venv/bin/python scripts/bench_batch.py [--rows 100000] [--calculator fba-fee] [--profile]

Writes a file of varied products (marketplaces, units, sizes, prices, dates; a few
rows with a decimal comma and a few bad rows), runs the command line on it once, and
prints rows per second and the largest memory the process used. ``--profile`` runs
the same rows in this process under cProfile instead and prints where the time goes.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import io
import os
import pstats
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from calculators import batch as batches  # noqa: E402

MARKETPLACES = {"US": ("in", "lb", 5, 80), "CA": ("cm", "g", 8, 120), "UK": ("cm", "g", 4, 60),
                "DE": ("cm", "kg", 4, 60), "FR": ("cm", "g", 4, 60), "JP": ("cm", "g", 500, 9000)}
DATES = ("2026-03-01", "2026-05-01", "2026-12-01")  # our European cards start in December 2025
US_DATES = DATES + ("2025-06-01", "2025-11-20")


def fba_fee_rows(n: int, seed: int = 20) -> Iterator[list[str]]:
    """``n`` varied fba-fee rows; about 1 in 50 has a decimal comma, 1 in 200 a bad value."""
    rng = random.Random(seed)
    for i in range(n):
        mk = rng.choice(list(MARKETPLACES))
        du, wu, low, high = MARKETPLACES[mk]
        scale = 2.54 if du == "cm" else 1
        sides = sorted((round(rng.uniform(1, 30) * scale, 1) for _ in range(3)), reverse=True)
        weight = round(rng.uniform(0.05, 40), 2) * (1000 if wu == "g" else 1)
        weight_text = f"{weight:g}"
        if i % 50 == 7:
            weight_text = weight_text.replace(".", ",") if "." in weight_text else weight_text + ",5"
        price = f"{rng.uniform(low, high):.2f}"
        if i % 200 == 13:
            price = "abc"
        yield [f"SKU-{i:06d}", mk, *(f"{s:g}" for s in sides), du, weight_text, wu, price,
               rng.choice(("false", "false", "true")), rng.choice(US_DATES if mk == "US" else DATES)]


HEADER = ["sku", "marketplace", "length", "width", "height", "dimension_unit", "weight", "weight_unit",
          "price", "apparel", "date"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--calculator", default="fba-fee", choices=["fba-fee"])
    parser.add_argument("--profile", action="store_true", help="profile in this process instead")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "catalogue.csv"
        with source.open("w", encoding="utf-8", newline="") as f:  # written as made: this process stays small
            writer = csv.writer(f, lineterminator="\r\n")
            writer.writerow(HEADER)
            writer.writerows(fba_fee_rows(args.rows))
        size = source.stat().st_size

        if args.profile:
            profile = cProfile.Profile()
            start = time.perf_counter()
            profile.enable()
            with source.open("rb") as f:
                done = sum(1 for _ in batches.rows_from_binary(batches.Batch(args.calculator), f))
            profile.disable()
            elapsed = time.perf_counter() - start
            print(f"{done} rows in {elapsed:.1f} s under cProfile ({done / elapsed:,.0f} rows/s, slowed by profiling)")
            pstats.Stats(profile).sort_stats("tottime").print_stats(25)
            return 0

        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "calculators", args.calculator, "--csv", str(source)],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
    output = proc.stdout.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(output, newline="")))
    errors = sum(1 for row in table[1:] if row[-1])
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{args.calculator}: {args.rows:,} rows ({size / 1e6:.1f} MB) in {elapsed:.1f} s via the CLI: "
          f"{args.rows / elapsed:,.0f} rows/s; exit {proc.returncode}; {len(table) - 1:,} output rows, {errors:,} "
          f"with an error; peak memory of the command {peak_mb:.0f} MB; load average {os.getloadavg()[0]:.1f}")
    return 0 if len(table) - 1 == args.rows else 1


if __name__ == "__main__":
    sys.exit(main())

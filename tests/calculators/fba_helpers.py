"""Helpers shared by the FBA fee tests: run the calculator, read its lines and texts.

Expected figures never come from here or from the data files: each test types them
from the original sources (ids of calculators/data/sources/catalogue.json), citing table
and row.
"""

from __future__ import annotations

from calculators import run


def fee(base: dict, **changes) -> dict:
    """The fba-fee result for ``base`` with ``changes``; the run must succeed."""
    ok, out = run("fba-fee", {**base, **changes})
    assert ok, out
    return out


def errors(base: dict, **changes) -> dict:
    """The field errors (field -> bilingual message) for an input that must fail."""
    ok, out = run("fba-fee", {**base, **changes})
    assert not ok, out
    return {e["field"]: e["message"] for e in out["errors"]}


def en(texts) -> str:
    """The English of a list of bilingual texts, joined, for ``in`` checks."""
    return " | ".join(t["en"] for t in texts)


def lines(r: dict) -> dict:
    """The lines added to the fulfilment fee, by name: {"fuel_logistics": 0.16, ...}."""
    return {s["name"]: s["amount"] for s in r["surcharges"]}


def others(r: dict) -> dict:
    """The other per-unit fees, by name (amount None where our data has no figure)."""
    return {f["name"]: f["amount"] for f in r["other_fees"]}


def mismatches(cases) -> list:
    """Run (label, base, changes, key, expected) cases; return the ones that differ, so
    one failing test lists every cell of a table that disagrees with the reference.
    ``key`` is a result key or a function of the result."""
    wrong = []
    for label, base, changes, key, expected in cases:
        r = fee(base, **changes)
        got = key(r) if callable(key) else r[key]
        if got != expected:
            wrong.append((label, getattr(key, "__name__", key), expected, got, r["size_tier"]))
    return wrong

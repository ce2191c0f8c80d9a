"""The fee data files, walked one by one (issue 18, "Checks"): the cards of one route
follow each other without a gap or an overlap, peak seasons of one route never overlap,
every source named resolves in the catalogue (or the file's own list), and nothing is
"official" without a dated source."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from calculators.ratecards import CONFIDENCE_LEVELS, load_kind, source_of

ROOT = Path(__file__).resolve().parents[2]
KINDS = ("fba", "peak", "low-inventory", "inbound-placement", "returns-processing", "digital-services")
DAY = dt.timedelta(days=1)


def _day(s):
    return dt.date.fromisoformat(s)


def _route(kind, f):
    if kind == "fba":
        return f["marketplace"], f["programme"], tuple(sorted(f["stock_in"]))
    if kind == "low-inventory":
        return f["marketplace"], f["fee"]
    return (f["marketplace"],)


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "peak"])
def test_periods_of_one_route_follow_each_other_without_gap_or_overlap(kind):
    routes = {}
    for f in load_kind(kind):
        routes.setdefault(_route(kind, f), []).append(f)
    for route, files in routes.items():
        files.sort(key=lambda f: f["effective_from"])
        for a, b in zip(files, files[1:]):
            assert a.get("effective_to"), (route, a["id"], "open-ended, but followed by", b["id"])
            assert _day(a["effective_to"]) + DAY == _day(b["effective_from"]), (route, a["id"], b["id"])
        for f in files:
            assert f.get("effective_to") is None or f["effective_from"] <= f["effective_to"], f["id"]


def test_peak_seasons_of_one_route_never_overlap():
    seasons = list(load_kind("peak"))
    for i, a in enumerate(seasons):
        for b in seasons[i + 1:]:
            if a["marketplace"] != b["marketplace"] or not set(a["programmes"]) & set(b["programmes"]):
                continue
            assert a["effective_to"] < b["effective_from"] or b["effective_to"] < a["effective_from"], (a["id"], b["id"])


def _sourced_parts(value, path="file"):
    """Every object in a data file that names a source or a confidence."""
    if isinstance(value, dict):
        if "source" in value or "confidence" in value or "agree" in value:
            yield path, value
        for k, v in value.items():
            if k != "sources":
                yield from _sourced_parts(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _sourced_parts(v, f"{path}[{i}]")


FILES = [(kind, f) for kind in KINDS for f in sorted((ROOT / "calculators/data" / kind).glob("*.json"))]


@pytest.mark.parametrize("kind,path", FILES, ids=[f"{k}/{p.name}" for k, p in FILES])
def test_every_figure_is_sourced_and_nothing_official_is_undated(kind, path):
    data = json.loads(path.read_text("utf-8"))
    assert data["source"] and data["confidence"] in CONFIDENCE_LEVELS
    assert data.get("date_basis", "exact") in ("exact", "approximate", "undated")
    if data.get("date_basis") == "undated":
        assert data["confidence"] not in ("official", "official-copy"), path.name
    for where, part in _sourced_parts(data):
        for sid in [part.get("source")] + list(part.get("agree", ())):
            if sid:
                assert source_of(data, sid)["title"], (where, sid)
        if part.get("confidence"):
            assert part["confidence"] in CONFIDENCE_LEVELS, where
        if part.get("confidence") in ("official", "official-copy"):
            src = source_of(data, part.get("source") or data["source"])
            assert src.get("date"), (where, "official without a dated source", src["id"])


def test_data_files_are_read_in_the_order_of_their_names(monkeypatch):
    # A folder lists its files in an order of its own (Pyodide's file system another than
    # the disk's): the cards, and the rate-card choices the pages show, must not follow it.
    from importlib import resources

    from calculators import ratecards

    folder = resources.files("calculators").joinpath("data", "fba")
    listed = list(folder.iterdir())
    real = type(folder).iterdir
    monkeypatch.setattr(type(folder), "iterdir", lambda self: reversed(list(real(self))))
    names = [card["_file"] for card in ratecards.read_data("fba")]
    assert names == sorted(names) and len(names) == len([e for e in listed if e.name.endswith(".json")])

"""Every marketplace answers with a real fee on every date we promise, and every rate card
says where its figures come from (issue: a real fee, in force today, for every marketplace)."""

from __future__ import annotations

import datetime as dt

import pytest

from calculators import run
from calculators.ratecards import catalogue, load_kind, source_of

MARKETPLACES = ("US", "CA", "UK", "DE", "FR", "IT", "ES", "JP")
TODAY = dt.date.today().isoformat()
KINDS = ("fba", "peak", "storage", "referral", "low-inventory", "inbound-placement", "returns-processing", "digital-services")

# A standard-size item (20 × 15 × 5 cm, 300 g) at a price that is no low-price item anywhere.
ITEM_CM = {"length": 20, "width": 15, "height": 5, "dimension_unit": "cm", "weight": 300, "weight_unit": "g"}
PRICE = {"US": 25, "CA": 35, "UK": 25, "DE": 30, "FR": 30, "IT": 30, "ES": 30, "JP": 3000}


def _dates(marketplace: str) -> list[str]:
    """Today, the range the site promises (2025-01-01 to 2027-01-14), and a date inside
    every fulfilment, storage and referral card of the marketplace."""
    days = {TODAY, "2025-01-01", "2025-06-15", "2025-12-01", "2026-06-15", "2027-01-14"}
    for kind in ("fba", "storage", "referral"):
        for card in load_kind(kind):
            if card["marketplace"] == marketplace:
                start = max(card["effective_from"], "2025-01-01")
                days.add(start)
                if card.get("effective_to"):
                    days.add(card["effective_to"])
    return sorted(d for d in days if "2025-01-01" <= d <= "2027-01-14" or d == TODAY)


CASES = [(mk, day) for mk in MARKETPLACES for day in _dates(mk)]


@pytest.mark.parametrize("marketplace,day", CASES)
def test_a_standard_item_gets_a_fulfilment_referral_and_storage_fee(marketplace, day):
    ok, fba = run("fba-fee", {**ITEM_CM, "marketplace": marketplace, "price": PRICE[marketplace], "date": day})
    assert ok, fba
    assert fba["eligible"] and isinstance(fba["fulfillment_fee"], float) and fba["fulfillment_fee"] > 0
    assert isinstance(fba["total_fee"], float) and fba["override"] is None
    ok, ref = run("referral-fee", {"marketplace": marketplace, "category": "most", "price": PRICE[marketplace], "date": day})
    assert ok, ref
    assert ref["referral_fee"] > 0 and ref["overrides"] == []
    ok, sto = run("storage-fee", {**ITEM_CM, "marketplace": marketplace, "units": 1, "months": 1, "date": day})
    assert ok, sto
    assert sto["storage_fee_total"] > 0 and sto["rate_override"] is None


@pytest.mark.parametrize("marketplace", MARKETPLACES)
def test_local_and_cross_border_routes_price_the_item(marketplace):
    """Every stock location a marketplace's cards price gives a fee, peak season or not."""
    from calculators.fba import cards

    for stock in cards.stock_locations(marketplace):
        for day in ("2026-06-15", "2026-12-06"):
            for programme in ("pan_eu", "cep", "none"):
                ok, out = run("fba-fee", {**ITEM_CM, "marketplace": marketplace, "price": PRICE[marketplace], "date": day,
                                          "fulfilment_from": stock, "eu_programme": programme})
                assert ok, (stock, day, out)
                assert out["total_fee"] is not None, (stock, day, programme, out["warnings"])


def _groups(kind: str) -> dict[tuple, list[dict]]:
    groups: dict[tuple, list[dict]] = {}
    for card in load_kind(kind):
        key = (card["marketplace"], card.get("programme", ""), tuple(card.get("stock_in", ())),
               tuple(card.get("programmes", ())))
        groups.setdefault(key, []).append(card)
    return groups


@pytest.mark.parametrize("kind", KINDS)
def test_dates_are_contiguous_per_marketplace_and_programme(kind):
    for key, cards in _groups(kind).items():
        cards = sorted(cards, key=lambda c: c["effective_from"])
        for card in cards:
            assert card.get("effective_to") is None or card["effective_from"] <= card["effective_to"], card["id"]
        if kind == "peak":  # seasons are windows: no overlap, gaps between them are the non-peak months
            for a, b in zip(cards, cards[1:]):
                assert a["effective_to"] < b["effective_from"], (a["id"], b["id"])
            continue
        for a, b in zip(cards, cards[1:]):
            assert a.get("effective_to") is not None, f"{a['id']} is open-ended but {b['id']} follows it"
            day_after = (dt.date.fromisoformat(a["effective_to"]) + dt.timedelta(days=1)).isoformat()
            assert day_after == b["effective_from"], f"gap or overlap between {a['id']} and {b['id']} ({key})"


def _figures(node, path=""):
    """Every object in a card that holds a fee figure, with its path."""
    if isinstance(node, dict):
        if any(k in node for k in ("fee", "base", "amount", "percent", "rate", "jan_sep", "add")) and \
                not isinstance(node.get("rate"), dict):
            yield path, node
        for k, v in node.items():
            yield from _figures(v, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _figures(v, f"{path}[{i}]")


@pytest.mark.parametrize("kind", KINDS)
def test_every_card_and_figure_is_sourced_and_nothing_undated_is_official(kind):
    ids = set(catalogue())
    for card in load_kind(kind):
        assert card.get("schema"), card["_file"]
        src = source_of(card)
        assert src["title"] and src.get("checked"), card["id"]
        for other in [card.get("source")] + list(card.get("agree", ())):
            assert other in ids or any(s["id"] == other for s in card.get("sources", ())), (card["id"], other)
        for path, node in _figures(card):
            for key in ("source",):
                if key in node:
                    assert node[key] in ids or any(s["id"] == node[key] for s in card.get("sources", ())), (card["id"], path)
            if "conflict" in node:
                c = node["conflict"]
                assert c["source"] in ids or any(s["id"] == c["source"] for s in card.get("sources", ())), (card["id"], path)
        # "official" only with a dated official source, and never for an undated card
        if card["confidence"] == "official":
            assert card.get("date_basis", "exact") != "undated", card["id"]
            assert src["kind"] == "official" and src.get("date"), (card["id"], src)


def test_the_catalogue_has_no_undated_official_source_used_as_a_card_source():
    used = {c["source"] for kind in KINDS for c in load_kind(kind)}
    for sid, s in catalogue().items():
        assert s["kind"] in ("official", "official-copy", "third-party", "open-source-code"), sid
        if sid in used and s["kind"] == "official":
            cards = [c for kind in KINDS for c in load_kind(kind) if c["source"] == sid]
            if any(c["confidence"] == "official" for c in cards):
                assert s.get("date"), sid


def test_every_source_address_in_the_data_is_a_known_host():
    """The calculators link a card's source: https to a host listed in guidance/external-hosts.yml
    (an http page is named but not linked)."""
    import json
    from pathlib import Path
    from urllib.parse import urlsplit

    root = Path(__file__).resolve().parents[2]
    allowed = {line.strip()[2:] for line in (root / "guidance" / "external-hosts.yml").read_text("utf-8").splitlines()
               if line.strip().startswith("- ")}

    def urls(node):
        if isinstance(node, dict):
            if isinstance(node.get("url"), str) and node["url"]:
                yield node["url"]
            for value in node.values():
                yield from urls(value)
        elif isinstance(node, list):
            for value in node:
                yield from urls(value)

    for path in sorted((root / "calculators" / "data").rglob("*.json")):
        for url in urls(json.loads(path.read_text("utf-8"))):
            parts = urlsplit(url)
            assert parts.scheme in ("https", "http") and parts.hostname, (path.name, url)
            if parts.scheme == "https":
                assert parts.hostname in allowed, f"{path.name}: {parts.hostname} not in guidance/external-hosts.yml"

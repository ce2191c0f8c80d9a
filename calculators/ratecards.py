"""Rate cards: dated data files, one per marketplace and effective period.

Files live in ``calculators/data/<kind>/<marketplace>-<period>.json``. Each card names
its source (an id in ``data/sources.json``, the one catalogue of sources, or in the
card's own ``sources`` list) and its confidence; a figure may carry its own. The engine
picks the card in force on a date; where no card covers the date it takes the nearest
one and the caller says so (``pick``). Nothing here knows a fee.
"""

from __future__ import annotations

import datetime as _dt
import json
from functools import lru_cache
from importlib import resources
from typing import Callable

from .i18n import Text, fmt_date, message
from .result import CONFIDENCE, Notes

CONFIDENCE_LEVELS = CONFIDENCE


def read_file(kind: str, name: str) -> dict:
    """One data file, ``calculators/data/<kind>/<name>.json``, tagged with its path. The
    one place the package reads its data: every kind goes through here."""
    entry = resources.files("calculators").joinpath("data", kind, f"{name}.json")
    data = json.loads(entry.read_text("utf-8"))
    data["_file"] = f"calculators/data/{kind}/{name}.json"
    return data


def read_data(kind: str) -> list[dict]:
    """Every JSON file in ``calculators/data/<kind>/``, each tagged with its path, in the
    order of their names: a folder lists its files in an order of its own (another on
    Pyodide's file system than on disk), and the cards' order shows in the pages."""
    folder = resources.files("calculators").joinpath("data", kind)
    names = sorted(entry.name[:-5] for entry in folder.iterdir() if entry.name.endswith(".json"))
    return [read_file(kind, name) for name in names]


@lru_cache(maxsize=None)
def load_kind(kind: str) -> tuple[dict, ...]:
    """Every card of one kind (e.g. ``fba``), sorted by marketplace then date."""
    return tuple(sorted(read_data(kind), key=lambda c: (c["marketplace"], c["effective_from"])))


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict]:
    """The shared source catalogue (``data/sources/catalogue.json``), by id."""
    return {s["id"]: s for s in read_file("sources", "catalogue")["sources"]}


def cards_for(kind: str, marketplace: str) -> list[dict]:
    return [c for c in load_kind(kind) if c["marketplace"] == marketplace]


def in_force(entry: dict, on: str) -> bool:
    """A card, rule or line is in force on ``on`` (ISO date): every dated thing in the data
    names its period ``effective_from``/``effective_to``, either end left out or null when open."""
    start, end = entry.get("effective_from"), entry.get("effective_to")
    return (not start or start <= on) and (not end or on <= end)


def card_for_date(kind: str, marketplace: str, on: str) -> dict | None:
    """The card in force on ``on`` (ISO date); the latest one if several overlap."""
    matching = [c for c in cards_for(kind, marketplace) if in_force(c, on)]
    return matching[-1] if matching else None


def _distance(card: dict, on: str) -> int:
    """Days between ``on`` and the card's period (0 inside it)."""
    day = _dt.date.fromisoformat(on)
    start = _dt.date.fromisoformat(card["effective_from"])
    if day < start:
        return (start - day).days
    end = card.get("effective_to")
    return (day - _dt.date.fromisoformat(end)).days if end and day.isoformat() > end else 0


def pick(cards: list[dict], on: str) -> tuple[dict | None, bool]:
    """The card in force on ``on`` among ``cards``, or else the nearest one in time.

    Returns (card, nearest): ``nearest`` is true when no card covers the date, and the
    caller must then warn, naming the card and its dates, and mark the result unverified.
    """
    if not cards:
        return None, False
    matching = [c for c in cards if in_force(c, on)]
    if matching:
        return matching[-1], False
    return min(cards, key=lambda c: (_distance(c, on), c["effective_from"] < on)), True


def card_by_id(kind: str, card_id: str) -> dict | None:
    return next((c for c in load_kind(kind) if c["id"] == card_id), None)


def source_of(card: dict, source_id: str | None = None) -> dict:
    """A source by id: the card's own list first, then the shared catalogue."""
    sid = source_id or card["source"]
    own = next((s for s in card.get("sources", ()) if s["id"] == sid), None)
    return own if own is not None else catalogue()[sid]


def card_label(card: dict) -> Text:
    """How a reader names a card: "UK 2026, from 1 Feb 2026" (the period in words)."""
    name = card.get("name") or {"en": card["id"], "zh": card["id"]}
    return message("card_label", name=name, period=card_period(card))


def card_period(card: dict) -> Text:
    basis = card.get("date_basis", "exact")
    start = fmt_date(card["effective_from"])
    if basis == "undated":
        return message("ui.effective_undated")
    if card.get("effective_to"):
        return message("period_from_to", start=start, end=fmt_date(card["effective_to"]))
    key = "period_from_approx" if basis == "approximate" else "period_from"
    return message(key, start=start)


def card_summary(card: dict) -> dict:
    """What a result says about the card it used (part of the public contract)."""
    src = source_of(card)
    return {
        "id": card["id"],
        "name": card_label(card),
        "effective_from": card["effective_from"],
        "effective_to": card.get("effective_to"),
        "source": src["title"],
        "source_url": src.get("url", ""),
        "checked": src.get("checked", ""),
        "confidence": card["confidence"],
        "file": card["_file"],
        # "exact": dates as the source states them; "approximate": the start is our
        # estimate; "undated": the source shows no date, effective_from is a placeholder.
        "date_basis": card.get("date_basis", "exact"),
    }


def age_warning(card: dict, on: str) -> Text | None:
    """A card that took effect more than a year before ``on`` may be out of date."""
    start = _dt.date.fromisoformat(card["effective_from"])
    when = _dt.date.fromisoformat(on)
    if (when - start).days > 365 and not card.get("effective_to"):
        # The card's name only: the sentence gives its start date itself.
        name = card.get("name") or {"en": card["id"], "zh": card["id"]}
        return message("stale_card", id=name, start=fmt_date(card["effective_from"]))
    return None


def nearest_warning(card: dict, on: str, what: Text) -> Text:
    """The warning for a result computed with the nearest card instead of the one in force."""
    return message("nearest_card", what=what, date=fmt_date(on), card=card_label(card))


APPROXIMATE_MARGIN_DAYS = 31  # how close to a date the source gives only roughly a result is in doubt


def approximate_edge(card: dict, on: str) -> tuple[str, str] | None:
    """("start" | "end", that date) when the card's dates are approximate and ``on`` lies within
    a month of its start or end (on either side): the neighbouring card may be the one in force."""
    if card.get("date_basis") != "approximate":
        return None
    day = _dt.date.fromisoformat(on)
    for edge in ("start", "end"):
        date = card.get("effective_from" if edge == "start" else "effective_to")
        if date and abs((day - _dt.date.fromisoformat(date)).days) <= APPROXIMATE_MARGIN_DAYS:
            return edge, date
    return None


def flag_card(card: dict, nearest: bool, on: str, what: Text, short: str, notes: Notes) -> None:
    """Say how far the card picked for ``on`` can be trusted: warned and marked unverified when
    it is the nearest card rather than the one in force (``short`` names the unverified note),
    or when ``on`` is within a month of a start or end its source gives only approximately."""
    label = card_label(card)
    if nearest:
        notes.warn(nearest_warning(card, on, what))
        notes.doubt(short, card=label)
    elif (edge := approximate_edge(card, on)) is not None:
        params = {"card": label, "date": fmt_date(on), "edge": message(f"edge.{edge[0]}")}
        notes.warn("approximate_edge", what=what, **params)
        notes.doubt("approximate_edge_short", **params)


def select(kind: str, on: str, keep: Callable[[dict], bool]) -> tuple[dict | None, bool]:
    """``pick`` among the cards of ``kind`` that ``keep`` accepts."""
    return pick([c for c in load_kind(kind) if keep(c)], on)

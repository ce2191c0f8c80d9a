"""Rate cards: dated data files, one per marketplace and effective period.

Files live in ``calculators/data/<kind>/<marketplace>-<period>.json``. Each card names
its sources and confidence; a figure may override them where it came from elsewhere.
The engine picks the card in force on a date; nothing here knows a fee.
"""

from __future__ import annotations

import datetime as _dt
import json
from functools import lru_cache
from importlib import resources

from .i18n import Text, message

CONFIDENCE_LEVELS = ("official", "third-party", "unverified")


def read_data(kind: str) -> list[dict]:
    """Every JSON file in ``calculators/data/<kind>/``, each tagged with its path."""
    folder = resources.files("calculators").joinpath("data", kind)
    out = []
    for entry in folder.iterdir():
        if entry.name.endswith(".json"):
            data = json.loads(entry.read_text("utf-8"))
            data["_file"] = f"calculators/data/{kind}/{entry.name}"
            out.append(data)
    return out


@lru_cache(maxsize=None)
def load_kind(kind: str) -> tuple[dict, ...]:
    """Every card of one kind (e.g. ``fba``), sorted by marketplace then date."""
    return tuple(sorted(read_data(kind), key=lambda c: (c["marketplace"], c["effective_from"])))


def cards_for(kind: str, marketplace: str) -> list[dict]:
    return [c for c in load_kind(kind) if c["marketplace"] == marketplace]


def in_force(card: dict, on: str) -> bool:
    end = card.get("effective_to")
    return card["effective_from"] <= on and (end is None or on <= end)


def card_for_date(kind: str, marketplace: str, on: str) -> dict | None:
    """The card in force on ``on`` (ISO date); the latest one if several overlap."""
    matching = [c for c in cards_for(kind, marketplace) if in_force(c, on)]
    return matching[-1] if matching else None


def card_by_id(kind: str, card_id: str) -> dict | None:
    return next((c for c in load_kind(kind) if c["id"] == card_id), None)


def source_of(card: dict, source_id: str | None = None) -> dict:
    sid = source_id or card["source"]
    return next(s for s in card["sources"] if s["id"] == sid)


def card_summary(card: dict) -> dict:
    """What a result says about the card it used (part of the public contract)."""
    src = source_of(card)
    return {
        "id": card["id"],
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
    if (when - start).days > 365:
        return message("stale_card", id=card["id"], start=card["effective_from"])
    return None

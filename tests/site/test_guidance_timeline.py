"""The timeline of changes: built from guidance/dated-facts.yml and the calculators' rate
cards, it lists every dated fact and every rate card that starts or ends in 2024–2026,
in date order; and each page the timeline sends a reader to states the same date, in
both languages. BUILT_SITE=site checks a site already built."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # guidance_pages, next to this file
from guidance_pages import DOCS, ROOT, article, data, html_path, site  # noqa: E402,F401

FACTS = data("dated-facts.yml")["facts"]
PAGES = {"en": "guide/timeline.md", "zh": "guide/timeline.zh.md"}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def written(value, lang: str) -> str:
    """A date as the pages write it (day and month only when known)."""
    if isinstance(value, dt.date):
        parts = [value.year, value.month, value.day]
    else:
        parts = [int(p) for p in str(value).split("-")]
    year, month, day = (parts + [None, None])[:3]
    if lang == "zh":
        return f"{year} 年" + (f" {month} 月" if month else "") + (f" {day} 日" if day else "")
    return " ".join(str(p) for p in ([day] if day else []) + ([MONTHS[month - 1]] if month else []) + [year])


@pytest.mark.parametrize("fact", FACTS, ids=lambda f: f["id"])
def test_each_dated_fact_is_on_the_timeline_and_its_page_states_the_same_date(site, fact):
    for lang in ("en", "zh"):
        timeline = article(html_path(site, PAGES[lang])).all_text()
        assert written(fact["date"], lang) in timeline, f"{fact['id']}: not on the {lang} timeline"
        assert fact["title"][lang] in timeline, f"{fact['id']}: title not on the {lang} timeline"
        page = fact["page"].split("#")[0]
        source = page if lang == "en" else page[: -len(".md")] + ".zh.md"
        text = article(html_path(site, source)).all_text()
        assert written(fact["date"], lang) in text, f"{source} does not state {written(fact['date'], lang)} ({fact['id']})"


def _rate_cards_in_window():
    for path in sorted((ROOT / "calculators" / "data").glob("*/*.json")):
        if path.parent.name not in ("fba", "storage", "referral"):
            continue
        card = json.loads(path.read_text(encoding="utf-8"))
        for field in ("effective_from", "effective_to"):
            value = card.get(field)
            if value and 2024 <= int(value[:4]) <= 2026 and card.get("date_basis") != "undated":
                yield card["id"], value


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_rate_card_that_starts_or_ends_in_2024_to_2026_is_on_the_timeline(site, lang):
    html = html_path(site, PAGES[lang]).read_text(encoding="utf-8")
    cards = list(_rate_cards_in_window())
    assert cards, "no rate card in the window: the data moved, adapt the test"
    for card_id, value in cards:
        rows = re.findall(rf"<tr>(?:(?!</tr>).)*<code>{re.escape(card_id)}</code>(?:(?!</tr>).)*</tr>", html, re.S)
        assert rows, f"{card_id} is not on the {lang} timeline"
        assert any(written(value, lang) in row for row in rows), f"{card_id}: {value} not shown"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_rows_are_in_date_order_within_each_year(site, lang):
    html = html_path(site, PAGES[lang]).read_text(encoding="utf-8")
    for year, body in re.findall(r'<h2 id="y(\d{4})"(.*?)(?=<h2 |</article>)', html, re.S):
        dates = [cell for cell in re.findall(r"<tr>\s*<td>([^<]+)</td>", body)]
        keys = [_key(d, lang) for d in dates]
        assert keys == sorted(keys), f"{year} ({lang}) rows out of order: {dates}"
        assert all(k[0] == int(year) for k in keys), f"a row of another year in {year}: {dates}"


def _key(cell: str, lang: str) -> tuple:
    if lang == "zh":
        numbers = [int(n) for n in re.findall(r"\d+", cell)]
        return tuple(numbers + [0] * (3 - len(numbers)))
    parts = cell.split()
    year = int(parts[-1])
    month = MONTHS.index(parts[-2]) + 1 if len(parts) >= 2 else 0
    day = int(parts[0]) if len(parts) == 3 else 0
    return year, month, day


def test_timeline_sources_are_in_the_link_registry():
    links = data("links.yml")["links"]
    for fact in FACTS:
        assert fact["links"], fact["id"]
        for ref in fact["links"]:
            assert ref in links, f"{fact['id']}: {ref}"
        assert (DOCS / fact["page"].split("#")[0]).exists(), fact["page"]

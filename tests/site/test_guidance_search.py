"""Chinese search finds the terms a seller in China types in Latin letters or as one
trade word: "A-to-z", 海外仓, EPR and GPSR — in the shared search index (each is a
token of the Chinese page that explains it) and in a real browser (the Chinese site's
search box lists that page)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # guidance_pages, next to this file
from guidance_pages import site  # noqa: E402,F401

# query -> (a token the index must hold for it, the Chinese section that explains it)
QUERIES = {
    "A-to-z": ("z", "zh/guide/self-fulfilment/#a-to-z-guarantee"),
    "海外仓": ("海外仓", "zh/guide/overseas-warehouses/"),
    "EPR": ("epr", "zh/guide/compliance/#epr"),
    "GPSR": ("gpsr", "zh/guide/compliance/#gpsr"),
}


@pytest.fixture(scope="module")
def index(site):
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("query", QUERIES)
def test_the_index_holds_the_term_as_a_token_of_the_chinese_section(index, query):
    token, location = QUERIES[query]
    separator = re.compile(index["config"]["separator"])
    docs = {d["location"]: d for d in index["docs"]}
    doc = docs.get(location)
    assert doc, f"no search document {location}"
    text = re.sub(r"<[^>]+>", " ", doc["title"] + " " + doc["text"])
    assert token in [t.lower() for t in separator.split(text)], f"{token!r} is not a token of {location}"
    # The query itself splits into that token (what the search box does with it).
    assert token in [t.lower() for t in separator.split(query)]


@pytest.mark.browser
@pytest.mark.parametrize("query", QUERIES)
def test_chinese_search_box_finds_the_page(page, site_url, search_for, query):
    _token, location = QUERIES[query]
    page.goto(site_url + "zh/")
    results = search_for(page, query)
    results.first.wait_for(timeout=20_000)
    hrefs = [a.get_attribute("href") or "" for a in page.locator(".md-search-result__item a").all()]
    # A Chinese page about the term is listed (English pages share the index and may
    # come first); for "A-to-z", the guarantee's section on any Chinese page.
    path, _, anchor = location.partition("#")
    wanted = [h for h in hrefs if "/zh/" in h and (path in h if query != "A-to-z" else h.endswith("#" + anchor))]
    assert wanted, f"{query!r}: no Chinese result like {location} among {hrefs}"

"""One term per idea on the guide pages, in both languages (guidance/terms.yml): no
avoided variant appears in what a reader reads; a Chinese page that names the A-to-z
Guarantee also gives "A-to-z". BUILT_SITE=site checks a site already built."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # guidance_pages, next to this file
from guidance_pages import GUIDE_SOURCES, article, data, html_path, lang_of, site  # noqa: E402,F401

TERMS = data("terms.yml")


def _page_name(source: str) -> str:
    return source.rsplit("/", 1)[-1]


@pytest.mark.parametrize("source", GUIDE_SOURCES)
def test_one_term_per_idea(site, source):
    lang = lang_of(source)
    text = article(html_path(site, source)).all_text()
    found = []
    for term in TERMS["terms"]:
        rule = term.get(lang)
        if not rule or source in rule.get("allowed_on", ()) or _page_name(source) in rule.get("allowed_on", ()):
            continue
        for pattern in rule["avoid"]:
            for match in re.finditer(pattern, text):
                context = text[max(0, match.start() - 15): match.end() + 15].replace("\n", " ")
                found.append(f"{term['concept']}: use {rule['use']!r}, not {match.group(0)!r} (…{context}…)")
    assert not found, f"{source}:\n" + "\n".join(found)


@pytest.mark.parametrize("source", [s for s in GUIDE_SOURCES if s.endswith(".zh.md")])
def test_chinese_pages_give_the_english_name_with_the_term(site, source):
    text = article(html_path(site, source)).all_text()
    for rule in TERMS["together"]:
        pair = rule.get("zh")
        if pair and pair["if"] in text:
            assert pair["then"] in text, f"{source} names {pair['if']} without {pair['then']}"


def test_the_a_to_z_guarantee_is_named_in_chinese_where_it_is_discussed(site):
    # The pages that discuss the guarantee (its section, the metrics it feeds, the
    # glossary) carry "A-to-z" in Chinese too, so a seller searching it finds them.
    for source in ("guide/self-fulfilment.zh.md", "guide/self-fulfilment-operations.zh.md", "glossary.zh.md"):
        assert "A-to-z" in article(html_path(site, source)).all_text(), source


def test_every_avoid_pattern_compiles_and_the_terms_file_names_both_languages():
    for term in TERMS["terms"]:
        assert term.get("en") or term.get("zh"), term["concept"]
        for lang in ("en", "zh"):
            for pattern in (term.get(lang) or {}).get("avoid", ()):
                re.compile(pattern)

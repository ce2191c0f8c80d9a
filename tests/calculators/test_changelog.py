"""The rate-card changelog is built from the data files: every card is listed with its dates
and source, and the differences from the card before are the data's own."""

from __future__ import annotations

from calculators import changelog
from calculators.ratecards import load_kind


def test_every_card_of_every_kind_is_listed_in_both_languages():
    for lang in ("en", "zh"):
        html = changelog.changelog_html(lang)
        for kind in changelog.KINDS:
            for card in load_kind(kind):
                assert f'id="{card["id"]}"' in html, (lang, card["id"])
    assert "UK 2026, from 1 Feb 2026" in changelog.changelog_html("en")
    assert "英国站 2026，2026年2月1日起" in changelog.changelog_html("zh")


def test_us_2026_changes_are_band_by_band_from_the_2025_card():
    entry = next(e for e in changelog.entries("fba") if e["card"]["id"] == "us-fba-2026")
    assert entry["previous"]["id"] == "us-fba-2025"
    rows = {(r[0]["en"], r[1]["en"]): (r[2]["en"], r[3]["en"]) for r in entry["rows"]}
    # small standard up to 2 oz: 2.29 / 3.06 / 3.06 (2025) → 2.43 / 3.32 / 3.58 (2026)
    assert rows[("Small standard", "up to 0.125 lb")] == ("2.29 / 3.06 / 3.06", "2.43 / 3.32 / 3.58")
    # small bulky is new in 2026; large standard gets the 2 in minimum for dimensional weight
    assert ("Small bulky", "new tier") in rows
    assert any(k[0] == "Large standard" and "minimum width" in k[1] for k in rows)


def test_a_card_without_a_previous_one_says_so_and_unchanged_fees_are_said():
    first = next(e for e in changelog.entries("fba") if e["card"]["id"] == "jp-fba-2024")
    assert first["previous"] is None and first["rows"] == []
    html = changelog.changelog_html("en")
    assert "The first card of this marketplace and programme in our data." in html


def test_japan_2025_cut_shows_exactly_the_tiers_that_changed():
    entry = next(e for e in changelog.entries("fba") if e["card"]["id"] == "jp-fba-2025")
    changed = {r[0]["en"] for r in entry["rows"]}
    # 標準8 603 → 532; 大型2–4 cut; supersize over 260 cm new (from 1 Jun 2025)
    assert changed == {"Standard 8", "Oversize 2", "Oversize 3", "Oversize 4", "Supersize 5 (over 260 cm)"}

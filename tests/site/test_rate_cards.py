"""The fee calculator offers only the chosen marketplace's rate cards and size tiers, by
name and date; the rate-card changelog page is built in both languages from the data."""

from __future__ import annotations

from calculators.ratecards import load_kind


def _offered(page, select: str) -> list[str]:
    return page.eval_on_selector(select, "s => [...s.options].filter(o => !o.disabled && !o.hidden).map(o => o.value)")


def test_compare_card_and_size_tier_follow_the_marketplace(calculator_page):
    page = calculator_page("calculators/fba-fee/")
    us_cards = {c["id"] for c in load_kind("fba") if c["marketplace"] == "US"}
    assert set(_offered(page, "#fba-fee-compare_card")) == us_cards | {""}
    assert "small_standard" in _offered(page, "#fba-fee-size_tier") and "light_envelope" not in _offered(page, "#fba-fee-size_tier")
    # by name and date, not by file id
    label = page.eval_on_selector("#fba-fee-compare_card", "s => [...s.options].find(o => o.value === 'us-fba-2025').textContent")
    assert label == "US 2025, 5 Feb 2024 to 14 Jan 2026"
    page.click("details[data-section=override] > summary")  # folded until the reader opens it
    page.select_option("#fba-fee-compare_card", "us-fba-2025")
    page.select_option("#fba-fee-marketplace", "UK")
    uk_cards = {c["id"] for c in load_kind("fba") if c["marketplace"] == "UK"}
    assert set(_offered(page, "#fba-fee-compare_card")) == uk_cards | {""}
    assert page.input_value("#fba-fee-compare_card") == ""  # the US card no longer belongs: back to no comparison
    assert "light_envelope" in _offered(page, "#fba-fee-size_tier") and "small_standard" not in _offered(page, "#fba-fee-size_tier")


def test_chinese_labels_name_the_cards_in_chinese(calculator_page):
    page = calculator_page("zh/calculators/fba-fee/")
    label = page.eval_on_selector("#fba-fee-compare_card", "s => [...s.options].find(o => o.value === 'us-fba-2026').textContent")
    assert label == "美国站 2026，2026年1月15日起"


def test_changelog_page_in_both_languages(built_site):
    en = (built_site / "calculators" / "rate-cards" / "index.html").read_text("utf-8")
    zh = (built_site / "zh" / "calculators" / "rate-cards" / "index.html").read_text("utf-8")
    for card in load_kind("fba") + load_kind("storage") + load_kind("referral") + load_kind("peak"):
        assert f'id="{card["id"]}"' in en and f'id="{card["id"]}"' in zh, card["id"]
    assert "US 2026, from 15 Jan 2026" in en and "美国站 2026，2026年1月15日起" in zh
    assert "2.29 / 3.06 / 3.06" in en  # a changed band of the 2026 US card, before → after

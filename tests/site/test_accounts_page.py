"""The account planner page in a real browser, in both languages: the built-in result,
recalculation in Pyodide when a select changes, field errors, and the checklist links."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

def _wait_for_row(page, label: str, value: str) -> None:
    page.wait_for_function(
        """([label, value]) => [...document.querySelectorAll('[data-calc-result] table.calc-summary tr')]
             .some(tr => tr.querySelector('th').innerText.trim() === label
                         && tr.querySelector('td').innerText.trim() === value)""",
        arg=[label, value], timeout=30_000)


def test_english_plan_recalculates_and_the_checklist_links_to_the_guide(calculator_page, site_url, fill_calculator,
                                                                       summary_rows):
    page = calculator_page("calculators/accounts/")
    form = page.locator('form[data-calculator="accounts"]')
    assert form.count() == 1
    rows = summary_rows(page)
    assert rows["Registrations needed"] == "3"
    assert rows["Marketplaces you cannot join"] == "IN"
    assert "unconfirmed" in page.inner_text("[data-calc-result] [data-blocked=IN]")

    # Add Australia with FBA: one more separate registration.
    fill_calculator(page, {"marketplaces-AU": "fba"})
    _wait_for_row(page, "Registrations needed", "4")
    assert "Australia (amazon.com.au) seller account" in summary_rows(page)["Accounts"]

    # A seller based in India can join amazon.in.
    fill_calculator(page, {"home_country": "IN"})
    _wait_for_row(page, "Marketplaces you cannot join", "none")
    _wait_for_row(page, "Registrations needed", "5")

    checklist = page.locator("[data-calc-result] ol.calc-checklist[data-copy] > li")
    assert checklist.count() >= 8
    href = checklist.first.locator("a").get_attribute("href")
    assert href.startswith("../../guide/accounts-and-marketplaces/")
    page.locator("[data-calc-result] ol.calc-checklist a").first.click()
    page.wait_for_url(site_url + "guide/accounts-and-marketplaces/**")
    assert page.locator("h1").inner_text().strip().rstrip("¶") == "Seller accounts and marketplaces"


def test_chinese_plan_shows_unconfirmed_facts_and_field_errors(calculator_page, site_url, fill_calculator,
                                                               summary_rows):
    page = calculator_page("zh/calculators/accounts/")
    assert summary_rows(page)["需要注册的账户"] == "3 个"

    # Ireland: European account or its own registration, not confirmed -> a range.
    fill_calculator(page, {"marketplaces-IE": "fbm"})
    _wait_for_row(page, "需要注册的账户", "3–4 个")
    result = page.inner_text("[data-calc-result]")
    assert "爱尔兰站 (amazon.ie)：并入欧洲联合账户还是单独注册（未确认）" in result
    assert "请咨询税务顾问" in result and "清单" in result

    # Leave out every marketplace: a bilingual field error, in Chinese here.
    fill_calculator(page, {f"marketplaces-{code}": "" for code in ("US", "CA", "UK", "DE", "JP", "IN", "IE")})
    page.wait_for_selector("[data-calc-result][data-stale]", timeout=30_000)
    assert "站点与配送方式：请至少选择一项。" in page.inner_text('[data-error-for="marketplaces"]')
    fill_calculator(page, {"marketplaces-JP": "fbm"})
    page.wait_for_selector("[data-calc-result]:not([data-stale])", timeout=30_000)
    _wait_for_row(page, "需要注册的账户", "1 个")
    assert page.inner_text('[data-error-for="marketplaces"]') == ""

    # The checklist's links stay inside the Chinese site.
    link = page.locator("[data-calc-result] ol.calc-checklist[data-copy] a").first
    link.click()
    page.wait_for_url(site_url + "zh/guide/**")
    assert page.get_attribute("html", "lang").startswith("zh")


@pytest.mark.parametrize("prefix", ["", "zh/"])
def test_no_serious_accessibility_problem_in_the_grid_and_the_result(calculator_page, prefix):
    # Checked on a fresh result: the greyed stale result is the shared stylesheet's
    # business (tests/site/test_accessibility.py covers it).
    from axe_playwright_python.sync_playwright import Axe

    page = calculator_page(prefix + "calculators/accounts/")
    page.select_option("#accounts-marketplaces-IE", "fbm")
    page.wait_for_function("() => document.querySelector('[data-calc-result] [data-registration=IE]') !== null",
                           timeout=30_000)
    results = Axe().run(page)
    serious = [f"{v['id']}: {v['help']} {v['nodes'][0]['target']}" for v in results.response["violations"]
               if v.get("impact") in ("serious", "critical")]
    assert serious == []
    # Every select in the grid has its own label.
    for code in ("US", "DE", "CN"):
        assert page.locator(f'label[for="accounts-marketplaces-{code}"]').count() == 1

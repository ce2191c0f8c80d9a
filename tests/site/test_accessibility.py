"""axe finds no serious or critical violation on any page, in either language, with
the calculators started and showing a field error."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.site.conftest import show_results_off_screen

pytestmark = pytest.mark.browser

AXE = Axe()


def serious(page) -> list[str]:
    # axe finds colours by hit-testing, and a result the browser skips while it is off
    # screen (content-visibility: auto) has nothing to hit: show it as if on screen.
    show_results_off_screen(page)
    results = AXE.run(page)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes: {v['nodes'][0]['target']})"
            for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]


def test_every_page_in_both_languages(page, site_url, built_site, site_pages):
    problems = {}
    for path in site_pages(built_site):
        page.goto(site_url + path)
        found = serious(page)
        if found:
            problems[path] = found
    assert problems == {}


@pytest.mark.parametrize("prefix", ["", "zh/"])
def test_calculator_with_an_error_shown(calculator_page, prefix):
    page = calculator_page(prefix + "calculators/fba-fee/")
    page.fill("#fba-fee-length", "-1")
    page.wait_for_selector("[data-calc-result][data-stale]")
    assert serious(page) == []


def test_keyboard_reaches_every_field_with_a_visible_focus(calculator_page):
    page = calculator_page("calculators/fba-fee/")
    page.focus("#fba-fee-marketplace")
    reached = []
    for _ in range(12):
        reached.append(page.evaluate("document.activeElement.id"))
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none", reached[-1]
        page.keyboard.press("Tab")
    for name in ("length", "width", "height", "dimension_unit", "weight", "weight_unit", "price", "apparel", "date"):
        assert f"fba-fee-{name}" in reached

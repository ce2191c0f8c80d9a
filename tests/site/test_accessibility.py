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


# A CSV file with a good row and two bad ones (the table marks rows with an error).
BATCH_FILE = ("\ufeff站点;长度;宽度;高度;尺寸单位;重量;重量单位;商品售价\r\n"
              "US;10;6;2;in;3;lb;25\r\nUS;10;6;2;in;abc;lb;25\r\nXX;10;6;2;in;1;lb;25\r\n").encode("utf-8")


@pytest.mark.parametrize("prefix,viewport", [("", (1280, 800)), ("zh/", (1280, 800)), ("zh/", (390, 844))])
def test_the_scenario_and_file_controls_in_use(page, calculator_page, prefix, viewport):
    # Every control issue 20 added, each showing what it shows once used: the toolbars,
    # the folded sections opened, a saved scenario in the list (one being renamed), the
    # file panel with its table of results and downloads, the compact main figure.
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    page = calculator_page(prefix + "calculators/fba-fee/")
    page.evaluate("document.querySelectorAll('details.calc-section').forEach((d) => { d.open = true; })")
    page.click("[data-calc-action=save]")
    page.fill("[data-scenario-name]", "SKU 1")
    page.keyboard.press("Enter")
    page.click("[data-calc-action=save]")
    page.keyboard.press("Enter")  # a second one, untitled
    page.wait_for_selector("[data-scenario-list] li:nth-child(2)")
    page.locator("[data-scenario-list] li").nth(1).locator("button").nth(1).click()  # Rename
    page.click("[data-calc-batch] > summary")
    page.set_input_files("[data-batch-file]", files=[{"name": "p.csv", "mimeType": "text/csv", "buffer": BATCH_FILE}])
    page.wait_for_selector("[data-calc-batch][data-state=done]", timeout=60_000)
    assert page.locator("[data-batch-output] tr.calc-row-error").count() == 2
    assert page.locator("[data-scenario-list] li input").count() == 1
    assert serious(page) == []

"""Scenarios in a real browser, in both languages: a copied link reopens the same result
in a fresh browser and in the other language (and the language switcher keeps it); a
reload and a later visit restore the inputs, "reset to example" forgets them; saved
scenarios survive a reload and a round trip through an exported file; hostile link
values are field errors or ignored, never markup or script; and all of it by keyboard."""

from __future__ import annotations

import json

import pytest

from calculators import core, scenario

pytestmark = pytest.mark.browser

OTHER = {"en": "zh", "zh": "en"}
PREFIX = {"en": "", "zh": "zh/"}
FBA = "calculators/fba-fee/"


def _opened(page, how: str, timeout: float = 90_000):
    """Wait until the page has opened a scenario (a link, the browser's storage, a saved one)."""
    page.wait_for_selector(f"form[data-scenario={how}]", timeout=timeout)
    page.wait_for_selector("[data-calc-status][data-ready]", timeout=timeout)


def _expected(values: dict) -> tuple[str, dict[str, str]]:
    """The query Python writes for ``values`` typed into the fee form, and its last
    strong summary figure in each language (what the page shows in tr.calc-total)."""
    calc = core.get("fba-fee")
    payload = {**calc.defaults(), **values}
    ok, result = core.run("fba-fee", payload)
    assert ok
    strong = [r for r in calc.summary(result) if r.get("strong")][-1]
    return scenario.query_of(calc, payload), strong["value"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_copied_link_gives_the_same_result_in_a_fresh_browser_and_in_the_other_language(
        browser, page, calculator_page, worked_example, clipboard, fill_calculator, lang):
    page = calculator_page(PREFIX[lang] + FBA)
    worked_example.type_into(page, lang)
    page.click("details[data-section=returns] > summary")
    fill_calculator(page, {"return_rate": "12"})  # an input of a folded section too
    query, total = _expected({**worked_example.values, "return_rate": "12"})
    page.wait_for_function("(q) => location.search === '?' + q", arg=query)
    page.click("[data-calc-action=copy-link]")
    link = clipboard(page)
    assert link == page.url.split("?")[0] + "?" + query
    assert worked_example.total_shown(page) == total[lang]
    # The language switcher carries the same inputs.
    switch = page.get_attribute(f'.md-select a[hreflang="{OTHER[lang]}"]', "href")
    assert switch.endswith("/calculators/fba-fee/?" + query) and (OTHER[lang] == "en") != ("/zh/" in switch)
    for target_lang, url in ((lang, link), (OTHER[lang], switch)):
        fresh = browser.new_context()
        try:
            other = fresh.new_page()
            other.goto(url)
            _opened(other, "link")
            other.wait_for_selector("[data-calc-result]:not([data-stale])")
            assert other.get_attribute("html", "lang") == target_lang
            assert other.input_value("#fba-fee-weight") == "3"
            assert other.input_value("#fba-fee-return_rate") == "12"
            assert other.locator("details[data-section=returns]").evaluate("(d) => d.open")
            assert worked_example.total_shown(other) == total[target_lang]
        finally:
            fresh.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_reload_and_a_later_visit_restore_the_inputs_and_reset_forgets_them(page, site_url, calculator_page,
                                                                             worked_example, lang):
    page = calculator_page(PREFIX[lang] + FBA)
    worked_example.type_into(page, lang)
    page.set_checked("#fba-fee-apparel", True)
    page.wait_for_function("() => location.search.includes('apparel=true')")
    total = worked_example.total_shown(page)
    page.reload()
    _opened(page, "link")
    assert page.input_value("#fba-fee-weight") == "3" and page.is_checked("#fba-fee-apparel")
    assert worked_example.total_shown(page) == total
    # A later visit, from the menu (no inputs in the address): restored from this browser.
    page.goto(site_url + PREFIX[lang] + FBA)
    _opened(page, "stored")
    assert page.input_value("#fba-fee-weight") == "3" and page.is_checked("#fba-fee-apparel")
    assert worked_example.total_shown(page) == total
    # The address is rewritten once the page is quiet (calculator.js, KEEP_MS).
    page.wait_for_function("(q) => location.search === q", arg="?" + _expected({**worked_example.values, "apparel": True})[0])
    # Reset to example: the example's inputs and result, nothing kept, a bare address.
    page.click("[data-calc-action=reset]")
    page.wait_for_function("() => location.search === ''")
    assert page.input_value("#fba-fee-weight") == "0.8" and not page.is_checked("#fba-fee-apparel")
    assert page.evaluate("localStorage.getItem('calculators:last:fba-fee')") is None
    page.goto(site_url + PREFIX[lang] + FBA)
    page.wait_for_selector("[data-calc-status][data-ready]", timeout=90_000)
    assert page.get_attribute("form", "data-scenario") is None and page.input_value("#fba-fee-weight") == "0.8"


def _saved_names(page) -> list[str]:
    return page.locator("[data-scenario-list] .calc-scenario-name").all_inner_texts()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_saved_scenarios_survive_a_reload_and_a_round_trip_through_a_file(browser, page, calculator_page,
                                                                         worked_example, fill_calculator, tmp_path,
                                                                         lang):
    page = calculator_page(PREFIX[lang] + FBA)
    worked_example.type_into(page, lang)
    heavy_total = worked_example.total_shown(page)
    page.click("[data-calc-action=save]")
    page.fill("[data-scenario-name]", "重的 <b>heavy</b>")
    page.click("[data-scenario-action=save]")
    fill_calculator(page, {"weight": "1"})
    page.wait_for_function("() => location.search.includes('weight=1&')")
    page.fill("[data-scenario-name]", "light")
    page.press("[data-scenario-name]", "Enter")
    assert _saved_names(page) == ["重的 <b>heavy</b>", "light"]
    assert page.locator("[data-scenario-list] b").count() == 0  # a name is text, never markup
    page.reload()
    _opened(page, "link")
    page.click("[data-calc-scenarios] > summary")
    page.wait_for_selector("[data-scenario-list] li")
    assert _saved_names(page) == ["重的 <b>heavy</b>", "light"]
    # Rename and delete.
    page.locator("[data-scenario-list] li").nth(1).locator("button").nth(1).click()
    page.keyboard.press("Control+A")
    page.keyboard.type("light one")
    page.keyboard.press("Enter")
    assert _saved_names(page) == ["重的 <b>heavy</b>", "light one"]
    # Export, then import into a browser that has none.
    with page.expect_download() as download:
        page.click("[data-scenario-action=export]")
    exported = open(download.value.path(), "rb").read()
    data = json.loads(exported)
    assert data["calculator"] == "fba-fee" and [s["name"] for s in data["scenarios"]] == ["重的 <b>heavy</b>", "light one"]
    assert data["scenarios"][0]["inputs"]["weight"] == "3" and data["scenarios"][1]["inputs"]["weight"] == "1"
    page.locator("[data-scenario-list] li").nth(1).locator("button").nth(2).click()
    assert _saved_names(page) == ["重的 <b>heavy</b>"]
    file = tmp_path / "scenarios.json"
    file.write_bytes(exported)
    fresh = browser.new_context()
    try:
        other = fresh.new_page()
        other.goto(page.url.split("?")[0])
        other.wait_for_selector("[data-calc-status][data-ready]", timeout=90_000)
        other.click("[data-calc-scenarios] > summary")
        other.wait_for_selector("[data-scenario-empty]:not([hidden])")
        other.set_input_files("[data-scenario-import]", str(file))
        other.wait_for_selector("[data-scenario-list] li >> nth=1")
        assert _saved_names(other) == ["重的 <b>heavy</b>", "light one"]
        assert "2" in other.inner_text("[data-scenario-status]")
        other.locator("[data-scenario-list] li").nth(0).locator("button").nth(0).click()
        _opened(other, "saved")
        other.wait_for_function("() => ([cell, total]) => document.querySelector(cell).innerText.trim() === total",
                                arg=["[data-calc-result] tr.calc-total td", heavy_total])
        assert other.input_value("#fba-fee-weight") == "3"
        # A file that is not a scenarios file: Python's message, in the page's language.
        bad = tmp_path / "bad.json"
        bad.write_text("{nope", "utf-8")
        other.set_input_files("[data-scenario-import]", str(bad))
        message = "This is not a scenarios file" if lang == "en" else "这不是方案文件"
        other.wait_for_function("(m) => document.querySelector('[data-scenario-status]').innerText.includes(m)",
                                arg=message)
        assert _saved_names(other) == ["重的 <b>heavy</b>", "light one"]
    finally:
        fresh.close()


HOSTILE = ("weight=%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E"
           "&price=%22%27%3E%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D2%3E"
           "&height=" + "9" * 10_000 +
           "&marketplace=%22%3E%3Csvg%20onload%3Dwindow.__pwned%3D3%3E"
           "&fee_override=" + "x" * 10_000 +
           "&not_a_field=%3Cscript%3Ewindow.__pwned%3D4%3C%2Fscript%3E&__proto__=1&constructor=2")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_hostile_link_values_are_field_errors_or_ignored(page, site_url, lang):
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(f"{site_url}{PREFIX[lang]}{FBA}?{HOSTILE}")
    _opened(page, "link")
    page.wait_for_selector("[data-calc-result][data-stale]")
    calc = core.get("fba-fee")
    ok, out = core.run("fba-fee", {**calc.defaults(), "weight": "<script>window.__pwned=1</script>",
                                   "price": "\"'><img src=x onerror=window.__pwned=2>", "height": "9" * 10_000,
                                   "marketplace": "\"><svg onload=window.__pwned=3>", "fee_override": "x" * 10_000})
    expected = {e["field"]: e["message"][lang] for e in out["errors"]}
    shown = {f: page.inner_text(f"[data-error-for={f}]") for f in expected}
    assert shown == expected and not ok
    # The text is shown as typed, where a text box can hold it; a choice keeps its options.
    assert page.input_value("#fba-fee-weight") == "<script>window.__pwned=1</script>"
    assert page.input_value("#fba-fee-marketplace") == "US"
    assert page.locator("details[data-section=override]").evaluate("(d) => d.open")  # its field has a message
    page.wait_for_timeout(500)
    assert page.evaluate("window.__pwned") is None
    assert page.locator("form img, form svg:not(.md-icon svg), [data-calc-result] script").count() == 0
    assert problems == []
    # The address keeps the inputs as read: the unknown names are gone.
    search = page.evaluate("location.search")
    assert "not_a_field" not in search and "__proto__" not in search and "weight=%3Cscript" in search
    # Unknown names alone are no error: the rest of the link works.
    page.goto(f"{site_url}{PREFIX[lang]}{FBA}?not_a_field=1&weight=3&__proto__=x&date=2026-05-01")
    _opened(page, "link")
    assert page.locator("[data-calc-result][data-stale]").count() == 0
    assert page.input_value("#fba-fee-weight") == "3"
    page.wait_for_function("() => location.search === '?weight=3&date=2026-05-01'")  # rewritten once quiet
    assert problems == []


def test_everything_by_keyboard(page, calculator_page, clipboard, tmp_path):
    page = calculator_page(FBA)
    tab_to = _tabber(page)
    page.focus("#fba-fee-weight")
    page.keyboard.press("Control+A")
    page.keyboard.type("3")
    page.wait_for_function("() => location.search.includes('weight=3')")
    tab_to("[data-calc-action=copy-link]", backwards=True)
    page.keyboard.press("Enter")
    page.wait_for_function("() => navigator.clipboard.readText().then((t) => t.includes('weight=3'))")
    tab_to("[data-calc-action=save]")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.matches('[data-scenario-name]')")
    page.keyboard.type("by keyboard")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-scenario-list] li")
    tab_to("[data-calc-action=reset]", backwards=True)
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search === ''")
    tab_to("[data-scenario-list] li button")  # Open
    page.keyboard.press("Enter")
    page.wait_for_selector("form[data-scenario=saved]")
    assert page.input_value("#fba-fee-weight") == "3"
    # The result's own buttons: copy as a table.
    tab_to("[data-calc-action=copy-table]", backwards=True)
    page.keyboard.press("Enter")
    page.wait_for_function("() => navigator.clipboard.readText().then((t) => t.includes('\\t'))")
    assert "\t" in clipboard(page)
    # The CSV panel: open it, take the template, choose a file from the keyboard.
    tab_to("[data-calc-batch] > summary")
    page.keyboard.press("Enter")
    tab_to("[data-batch-template]")
    with page.expect_download() as template:
        page.keyboard.press("Enter")
    path = tmp_path / "template.csv"
    template.value.save_as(path)
    tab_to("[data-batch-file]")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(str(path))
    page.wait_for_selector("[data-calc-batch][data-state=done]", timeout=60_000)
    tab_to("[data-batch-downloads] a")
    with page.expect_download() as results:
        page.keyboard.press("Enter")
    assert results.value.suggested_filename == "fba-fee-results.csv"


def _tabber(page):
    """A function: press Tab (or Shift+Tab) until the element matching ``selector`` has
    the focus, as a keyboard user moves through the page."""

    def tab_to(selector: str, backwards: bool = False, limit: int = 120) -> None:
        for _ in range(limit):
            if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
                return
            page.keyboard.press("Shift+Tab" if backwards else "Tab")
        raise AssertionError(f"Tab never reached {selector}; the focus is on "
                             + page.evaluate("document.activeElement.outerHTML.slice(0, 200)"))

    return tab_to


def test_a_save_pressed_before_the_panels_code_has_come_is_not_lost(page, calculator_page):
    # The panel's code (scenarios.mjs) comes on first use; hold it back while the reader
    # names the scenario and presses Save, then let it come.
    held = []
    page.route("**/scenarios.mjs*", lambda route: held.append(route))
    page = calculator_page(FBA)
    page.click("[data-calc-action=save]")
    page.fill("[data-scenario-name]", "early")
    page.click("[data-scenario-action=save]")
    page.wait_for_function("() => true")  # let Playwright take the held request
    for _ in range(50):
        if held:
            break
        page.wait_for_timeout(100)
    assert held and page.locator("[data-scenario-list] li").count() == 0
    held[0].continue_()
    page.wait_for_selector("[data-scenario-list] li")
    assert _saved_names(page) == ["early"]


def test_inputs_changed_just_before_leaving_are_kept(page, site_url, calculator_page, after_new_result):
    # The page writes the kept inputs once the reader pauses, and at once when it goes.
    page = calculator_page(FBA)
    after_new_result(page, lambda: page.fill("#fba-fee-weight", "7"))
    page.goto(site_url)  # straight away, before the pause
    page.goto(site_url + FBA)
    _opened(page, "stored")
    assert page.input_value("#fba-fee-weight") == "7"

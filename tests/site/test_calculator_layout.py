"""The calculator pages' layout in a real browser, in both languages: the result beside
the inputs and in view on a 1280 x 800 screen whatever input of the first section
changes; on a phone, the main figure kept in view and a jump to the full result; the
sections folded until needed; a printed scenario on one page with its inputs, rate card
and date."""

from __future__ import annotations

import re

import pytest

from calculators import core

pytestmark = pytest.mark.browser

WIDE = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
PAGES = [name for name in core.calculators()]

# Changes every control of a form's first section (the fields before its first
# <details>) to another value as a reader would, one at a time. A number goes up by a
# tenth (a blank one becomes 1), a choice moves to the next option it offers, a box is
# ticked or not, a date is set. Returns the ids in order.
FIRST_SECTION_IDS = """(form) => {
  const first = [];
  for (const el of form.querySelector(".calc-fields").querySelectorAll("[name]")) {
    if (el.closest("details")) continue;
    first.push(el.id || null);
  }
  return first;
}"""


def _in_view(page, selector_or_handle) -> bool:
    box = (page.locator(selector_or_handle) if isinstance(selector_or_handle, str) else selector_or_handle).bounding_box()
    return box is not None and box["y"] >= -1 and box["y"] + box["height"] <= page.viewport_size["height"] + 1 \
        and box["x"] >= -1 and box["x"] + box["width"] <= page.viewport_size["width"] + 1


def _main_figure(page):
    """The result's main figure: its first strong summary row, else its first row."""
    strong = page.locator("[data-calc-result] table.calc-summary tr.calc-total")
    return strong.first if strong.count() else page.locator("[data-calc-result] table.calc-summary tr").first


def _change(page, control) -> None:
    kind = control.evaluate("(el) => el.tagName === 'SELECT' ? 'select' : el.type")
    if kind == "select":
        value = control.evaluate("""(el) => {
          const options = Array.from(el.options).filter((o) => !o.disabled);
          return options[(options.indexOf(el.selectedOptions[0]) + 1) % options.length].value;
        }""")
        control.select_option(value)
    elif kind == "checkbox":
        control.set_checked(not control.is_checked())
    elif kind == "date":
        control.fill("2026-05-01")
    else:
        current = control.input_value()
        try:
            control.fill(f"{round(float(current) * 1.1, 2) if float(current) else 1:g}")
        except ValueError:
            control.fill("8471")  # a free-text input (an HS code)


@pytest.mark.parametrize("prefix", ["", "zh/"])
def test_the_result_stays_in_view_beside_the_inputs_of_the_first_section(page, calculator_page, after_new_result,
                                                                          prefix):
    page.set_viewport_size(WIDE)
    checked = 0
    for name in PAGES:
        page = calculator_page(f"{prefix}calculators/{name}/")
        form = page.locator("form[data-calculator]")
        ids = form.evaluate(FIRST_SECTION_IDS)
        assert ids and None not in ids, name
        for control_id in ids:
            control = page.locator(f"#{control_id}")
            control.scroll_into_view_if_needed()  # the reader scrolls to the field, if it is not in view
            after_new_result(page, lambda: _change(page, control))
            page.wait_for_timeout(50)  # the patched result's layout
            assert _in_view(page, control), (name, control_id)
            figure = _main_figure(page)
            assert _in_view(page, figure), (name, control_id, figure.bounding_box())
            # Beside, not below: the result's column starts right of the inputs.
            assert figure.bounding_box()["x"] > page.locator(".calc-fields").bounding_box()["x"] + 300, name
            checked += 1
    assert checked > 60


@pytest.mark.parametrize("prefix,lang", [("", "en"), ("zh/", "zh")])
def test_on_a_phone_the_main_figure_stays_in_view_and_leads_to_the_result(page, calculator_page, fill_calculator,
                                                                         worked_example, prefix, lang):
    page.set_viewport_size(PHONE)
    page = calculator_page(f"{prefix}calculators/fba-fee/")
    worked_example.type_into(page, lang)
    bar = page.locator("[data-calc-headline]")
    page.locator("#fba-fee-weight").scroll_into_view_if_needed()
    assert _in_view(page, bar) and not _in_view(page, "[data-calc-result] tr.calc-total")
    assert worked_example.total[lang] in bar.inner_text()
    assert bar.evaluate("(el) => getComputedStyle(el).position") == "sticky"
    # A wrong input: the bar shows the last good figure, marked.
    fill_calculator(page, {"weight": "-1"})
    page.wait_for_selector("[data-calc-headline].is-stale")
    assert bar.get_attribute("aria-describedby") == "fba-fee-stale"
    fill_calculator(page, {"weight": "3"})
    page.wait_for_selector("[data-calc-headline]:not(.is-stale)")
    # By keyboard: the bar is a link to the whole result.
    bar.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.hash === '#fba-fee-result'")
    page.wait_for_timeout(300)
    assert _in_view(page, "[data-calc-result] tr.calc-total")
    assert page.evaluate("document.activeElement.id") == "fba-fee-result"


@pytest.mark.parametrize("prefix", ["", "zh/"])
def test_rarely_used_inputs_are_folded_and_open_by_keyboard_or_when_they_hold_a_value(page, site_url, calculator_page,
                                                                                     prefix):
    page.set_viewport_size(WIDE)
    page = calculator_page(f"{prefix}calculators/fba-fee/")
    sections = page.locator("details.calc-section")
    assert sections.count() == 4
    assert all(not s.evaluate("(d) => d.open") for s in sections.all())
    assert not page.locator("#fba-fee-fee_override").is_visible()
    # Keyboard: the section's label takes the focus and opens it.
    page.focus("#fba-fee-date")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "SUMMARY":
            break
    assert page.evaluate("document.activeElement.parentElement.dataset.section") == "programme"
    page.keyboard.press("Enter")
    assert page.locator("details[data-section=programme]").evaluate("(d) => d.open")
    # Opened with a value in a folded section: that section is open, the others not.
    page.goto(f"{site_url}{prefix}calculators/fba-fee/?fee_override=3.1")
    page.wait_for_selector("form[data-scenario=link]", timeout=90_000)
    opened = {s.get_attribute("data-section"): s.evaluate("(d) => d.open") for s in sections.all()}
    assert opened == {"programme": False, "inventory": False, "returns": False, "override": True}
    assert page.input_value("#fba-fee-fee_override") == "3.1"


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


@pytest.mark.parametrize("prefix,lang", [("", "en"), ("zh/", "zh")])
def test_a_printed_scenario_is_one_page_with_its_inputs_rate_card_and_date(page, calculator_page, worked_example,
                                                                           prefix, lang):
    page.set_viewport_size(WIDE)
    page = calculator_page(f"{prefix}calculators/fba-fee/")
    worked_example.type_into(page, lang)
    page.emulate_media(media="print")
    inputs = page.locator(".calc-print-inputs")
    assert inputs.is_visible() and not page.locator(".calc-fields").is_visible()
    assert not page.locator(".calc-toolbar").is_visible() and not page.locator("[data-calc-batch]").is_visible()
    text = inputs.inner_text()
    weight = "Weight" if lang == "en" else "重量"
    date = "1 May 2026" if lang == "en" else "2026年5月1日"
    assert re.search(rf"(^|\n){weight}\s+3\n", text) and date in text
    assert page.locator(".calc-card").is_visible()  # the rate card
    assert page.locator("[data-calc-result] tr.calc-total").is_visible()
    assert _pdf_pages(page.pdf(format="A4")) == 1

"""A result taken out of the page, in a real browser and both languages: copied as a
table (the summary as tab-separated text), downloaded as CSV (Python's bytes, for
Excel), every saved scenario printed one page each with its inputs and the date; and
a guidance page's link that opens a calculator with the worked example's inputs."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest

from calculators import browser, core, scenario

pytestmark = pytest.mark.browser

PREFIX = {"en": "", "zh": "zh/"}
FBA = "calculators/fba-fee/"


def _worked(values: dict) -> tuple[dict, dict]:
    calc = core.get("fba-fee")
    payload = {**calc.defaults(), **values}
    ok, result = core.run("fba-fee", payload)
    assert ok
    return payload, result


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_result_copied_as_a_table_and_downloaded_as_csv(page, calculator_page, worked_example, clipboard,
                                                            lang):
    page = calculator_page(PREFIX[lang] + FBA)
    worked_example.type_into(page, lang)
    payload, result = _worked(worked_example.values)
    calc = core.get("fba-fee")
    # Copy as a table: the calculator's title, then one "label<TAB>value" line per summary row.
    page.click("[data-calc-action=copy-table]")
    page.wait_for_function("() => navigator.clipboard.readText().then((t) => t.includes('\\t'))")
    lines = clipboard(page).rstrip("\n").split("\n")
    assert lines[0] == calc.title[lang]
    assert lines[1:] == [f"{r['label'][lang]}\t{r['value'][lang]}" for r in calc.summary(result)]
    # Download as CSV: what Python writes for these inputs, byte for byte (BOM for Excel).
    with page.expect_download() as download:
        page.click("[data-calc-action=download-csv]")
    assert download.value.suggested_filename == "fba-fee.csv"
    data = open(download.value.path(), "rb").read()
    expected = json.loads(browser.handle(json.dumps({"name": "fba-fee", "lang": lang, "action": "csv",
                                                     "payload": payload})))
    assert data == expected["text"].encode("utf-8")
    text = data.decode("utf-8")
    assert text.startswith("\ufeff" + calc.title[lang]) and "\r\n" in text
    weight = "Weight" if lang == "en" else "重量"
    assert re.search(rf"^{weight},3\r$", text, re.M), text  # the inputs, each on a line of its own
    assert result["rate_card"]["id"] in text
    assert worked_example.total[lang] in text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_saved_scenario_prints_on_a_page_of_its_own(page, site_url, calculator_page, lang):
    # The print dialog itself is the browser's: counted here, the pages printed to PDF.
    page.add_init_script("window.print = () => { window.__printed = (window.__printed || 0) + 1; };")
    calc = core.get("fba-fee")
    saved = [{"name": "<b>light</b>", "query": "weight=1&date=2026-05-01", "saved": "2026-12-01"},
             {"name": "heavy", "query": "weight=9&date=2026-05-01", "saved": "2026-12-02"}]
    page.goto(site_url + PREFIX[lang] + FBA)
    page.evaluate("(items) => localStorage.setItem('calculators:saved:fba-fee', JSON.stringify(items))", saved)
    page = calculator_page(PREFIX[lang] + FBA)
    page.click("[data-calc-scenarios] > summary")
    page.wait_for_selector("[data-scenario-list] li")
    page.click("[data-scenario-action=print]")
    page.wait_for_function("() => window.__printed === 1")
    pages = page.locator(".calc-print-all .calc-print-page")
    assert pages.count() == 2
    page.emulate_media(media="print")
    weight = "Weight" if lang == "en" else "重量"
    for at, item in enumerate(saved):
        text = pages.nth(at).inner_text()
        assert f"{calc.title[lang]}: {item['name']}" in text  # the name as text, not markup
        pounds = item["query"].split("&")[0].split("=")[1]
        assert re.search(rf"(^|\n){weight}\s+{pounds}\n", text), text
        payload, _ = scenario.read_query(calc, item["query"])
        ok, result = core.run("fba-fee", {**calc.defaults(), **payload})
        total = [r for r in calc.summary(result) if r.get("strong")][-1]["value"][lang]
        assert total in text and result["rate_card"]["id"] in text
        assert ("Worked out on" if lang == "en" else "计算日期") in text
    assert page.locator(".calc-print-all b").count() == 0
    assert not page.locator("form[data-calculator]").is_visible()  # only the scenarios' pages
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 2


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_worked_examples_link_opens_the_calculator_with_its_inputs(page, site_url, summary_rows, lang):
    page.goto(site_url + PREFIX[lang] + "guide/deciding/")
    link = page.locator("a.worked-open").first
    href = link.get_attribute("href")
    parts = urlsplit(href)
    name = re.search(r"calculators/([a-z-]+)/$", parts.path).group(1)
    assert parts.query
    link.click()
    page.wait_for_selector("form[data-scenario=link]", timeout=90_000)
    page.wait_for_selector("[data-calc-status][data-ready]", timeout=90_000)
    assert page.evaluate("location.search") == "?" + parts.query
    assert page.locator("[data-calc-result][data-stale]").count() == 0
    calc = core.get(name)
    payload, errors = scenario.read_query(calc, parts.query)
    assert errors == [] and payload
    ok, result = core.run(name, {**calc.defaults(), **payload})
    assert ok
    assert summary_rows(page) == {r["label"][lang]: r["value"][lang] for r in calc.summary(result)}
    # The controls show the link's inputs.
    for field, value in scenario.control_values(calc, payload).items():
        control = page.locator(f"#{name}-{field}")
        if control.count() == 1 and control.evaluate("(el) => el.type !== 'checkbox'"):
            assert control.input_value() == str(value), field

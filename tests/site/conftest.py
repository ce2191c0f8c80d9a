"""Fixtures the browser tests share: Chromium as the benchmark starts it, Python's
workers, the built site's pages, and helpers that act on a calculator page as a reader
does (open it, type into it, read its result). The built site and its servers come from
tests/conftest.py. What a page publishes for the tests to wait on (data-revision,
data-ready, data-start, ...): the protocol at the top of docs/assets/calculators/calculator.js.

The pages carry the site's Content-Security-Policy (no 'unsafe-eval'): give
``page.wait_for_function`` a function (``"() => ..."``), not a bare expression, which
Playwright evaluates with eval in the page while it polls (an EvalError here)."""

from __future__ import annotations

import time
from pathlib import Path
from types import SimpleNamespace

import pytest

import chromium

@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": chromium.PATH, "args": chromium.ARGS}


@pytest.fixture
def end_python(browser):
    """A function that ends every shared worker of the browser: Python, kept running
    across pages (early.js), stops, and the next calculator page starts it again. With
    close=False it only waits for them to end by themselves (up to 10 s)."""

    def end(close: bool = True) -> None:
        cdp = browser.new_browser_cdp_session()
        try:
            for _ in range(100):
                workers = [t for t in cdp.send("Target.getTargets")["targetInfos"] if t["type"] == "shared_worker"]
                if not workers:
                    return
                for target in workers if close else ():
                    try:
                        cdp.send("Target.closeTarget", {"targetId": target["targetId"]})
                    except Exception:
                        pass  # ended meanwhile
                time.sleep(0.1)
            raise AssertionError(f"shared workers still running: {workers}")
        finally:
            cdp.detach()

    return end


@pytest.fixture
def dedicated_workers(context):
    """The context's pages as in browsers that do not keep a shared worker alive across
    pages (no SharedWorker here): Python runs in a worker of the page's own, and test
    routes reach its requests (Playwright's do not reach a shared worker's)."""
    context.add_init_script("delete window.SharedWorker;")
    return context


@pytest.fixture
def calculator_page(page, site_url):
    """Open a calculator page and wait until Pyodide is ready in it."""

    def open_(path: str, timeout: float = 90_000):
        page.goto(site_url + path.lstrip("/"))
        page.wait_for_selector("[data-calc-status][data-ready]", timeout=timeout)
        return page

    return open_


def _after_new_result(page, change, timeout: float = 60_000) -> None:
    """Run ``change`` (a callable) and wait until the first calculator form has rendered
    a new result (the page glue bumps data-revision on every render)."""
    revision = page.get_attribute("form[data-calculator]", "data-revision") or "0"
    change()
    page.wait_for_function(
        f"() => (document.querySelector('form[data-calculator]').dataset.revision || '0') !== '{revision}'", timeout=timeout)


@pytest.fixture
def clipboard(context):
    """The context may read and write the clipboard; a function: page -> its text."""
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    return lambda page: page.evaluate("navigator.clipboard.readText()")


@pytest.fixture
def after_new_result():
    return _after_new_result


@pytest.fixture
def search_for():
    return _search_for


def _search_for(page, query: str):
    """Type a query into Material's search as a reader does: the field gets the text
    and a keyup (the end of typing, from the keyboard or an input method), which is
    what Material's search listens for. Returns the result items."""
    page.click("label.md-search__icon, .md-search__input")
    page.fill(".md-search__input", query)
    page.dispatch_event(".md-search__input", "keyup")
    return page.locator(".md-search-result__item")


def _site_pages(site: Path) -> list[str]:
    """Site-relative URLs of every built page in both languages ("" for the home page)."""
    out = []
    for f in sorted(site.rglob("index.html")):
        rel = f.parent.relative_to(site).as_posix()
        if not rel.startswith(("assets", "bench")):
            out.append("" if rel == "." else rel + "/")
    return out


@pytest.fixture
def site_pages():
    """A function: a built site's folder -> the URL of each of its pages."""
    return _site_pages


def _fill_calculator(page, values: dict) -> None:
    """Type ``values`` ({field: value}, in that order) into the page's first calculator
    form as a reader would: a list chosen, a box checked or not, any other field filled.
    A field is found by its id, ``<calculator>-<field>`` (calculators/render.py)."""
    name = page.get_attribute("form[data-calculator]", "data-calculator")
    for field, value in values.items():
        control = page.locator(f"#{name}-{field}")
        kind = control.evaluate("(el) => el.tagName === 'SELECT' ? 'select' : el.type")
        if kind == "select":
            control.select_option(str(value))
        elif kind == "checkbox":
            control.set_checked(bool(value))
        else:
            control.fill(str(value))


@pytest.fixture
def fill_calculator():
    """A function: (page, {field: value}) -> None, see _fill_calculator."""
    return _fill_calculator


def _summary_rows(page) -> dict[str, str]:
    """The result's summary table as {label: value}."""
    # Read in one go: row by row, a result patched in meanwhile (one more input's answer)
    # could leave a row counted that is no longer there.
    return dict(page.evaluate("""() => Array.from(
        document.querySelectorAll("[data-calc-result] table.calc-summary tr"),
        (tr) => [tr.querySelector("th").innerText.trim(), tr.querySelector("td").innerText.trim()])"""))


@pytest.fixture
def summary_rows():
    """A function: page -> the result's summary rows {label: value}."""
    return _summary_rows


# The browser tests' worked example (FBA fee page): 10 x 6 x 2 in, 3 lb, $25 on 2026-05-01
# in the US. Large standard; dimensional weight 120/139 = 0.863 lb, so the unit weight
# of 3 lb counts; band 2.75-3 lb at $10-50: 6.67; fuel and logistics surcharge 3.5%:
# 0.233 -> 0.23; total USD 6.90 per unit.
WORKED_ITEM = {"length": "10", "width": "6", "height": "2", "weight": "3", "weight_unit": "lb", "price": "25",
               "date": "2026-05-01"}
WORKED_TOTAL = {"en": "USD 6.90", "zh": "6.90 美元"}
TOTAL_CELL = "[data-calc-result] tr.calc-total td"


def _total_shown(page) -> str:
    return page.locator(TOTAL_CELL).last.inner_text().strip()


def _type_worked_item(page, lang: str = "en") -> None:
    _fill_calculator(page, WORKED_ITEM)
    page.wait_for_function("([cell, total]) => document.querySelector(cell)?.innerText.includes(total)",
                           arg=[TOTAL_CELL, WORKED_TOTAL[lang]], timeout=60_000)
    assert _total_shown(page) == WORKED_TOTAL[lang]


@pytest.fixture
def worked_example():
    """The worked example above: .values (to type), .total ({lang: total shown}),
    .total_shown(page), and .type_into(page, lang="en"), which types it into the FBA fee
    form and checks the total once the result is in."""
    return SimpleNamespace(values=WORKED_ITEM, total=WORKED_TOTAL, total_shown=_total_shown,
                           type_into=_type_worked_item)


def show_results_off_screen(page) -> None:
    """Lay out results the browser skips while off screen (content-visibility: auto), for
    axe, which finds colours by hit-testing. A constructed style sheet: the site's
    Content-Security-Policy (style-src 'self') refuses a <style> tag."""
    page.evaluate("""() => {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(".calc-result { content-visibility: visible !important; }");
        document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    }""")

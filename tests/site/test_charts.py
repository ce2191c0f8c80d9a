"""Charts of the FBA-vs-self-fulfilment calculator in a real browser: Chart.js is served
by the site, a chart is drawn with data in the page's language with the break-even
point marked, its numbers are the ones in the table beside it, and it is redrawn when
Python in the browser returns a new result."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

CHART_STATE = """(id) => {
  const canvas = document.querySelector(`canvas[data-chart="${id}"]`);
  const chart = canvas && window.Chart && window.Chart.getChart(canvas);
  if (!chart) return null;
  // Non-blank: some pixel of the drawn canvas is not transparent.
  const ctx = canvas.getContext("2d");
  const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) painted++;
  return {
    painted,
    title: chart.options.plugins.title.text,
    x: chart.options.scales.x.title.text,
    y: chart.options.scales.y.title.text,
    datasets: chart.data.datasets.map((d) => ({label: d.label, type: d.type, data: d.data.map((p) => [p.x, p.y])})),
  };
}"""

TABLE = """(id) => Array.from(document.querySelectorAll(`table[data-chart-table="${id}"] tbody tr`)).map(
  (tr) => [tr.querySelector("th").textContent, ...Array.from(tr.querySelectorAll("td")).map((td) => td.textContent)])"""


def _number(text: str) -> float:
    return float(text.replace(",", "").strip())


def _state(page, chart_id: str, timeout: float = 30_000) -> dict:
    # Charts are drawn once they come into view.
    page.locator(f'canvas[data-chart="{chart_id}"]').scroll_into_view_if_needed()
    page.wait_for_function(f"() => ({CHART_STATE})('{chart_id}') !== null", timeout=timeout)
    return page.evaluate(CHART_STATE, chart_id)


def _check_table_matches(page, chart_id: str, state: dict) -> None:
    rows = page.evaluate(TABLE, chart_id)
    lines = [d for d in state["datasets"] if d["type"] == "line"]
    assert len(rows) == len(lines[0]["data"]) > 5
    for k, row in enumerate(rows):
        assert _number(row[0]) == pytest.approx(lines[0]["data"][k][0])
        for j, line in enumerate(lines):
            assert _number(row[1 + j]) == pytest.approx(line["data"][k][1], abs=0.005)


@pytest.mark.parametrize("prefix,lang,series,axis,mark", [
    ("", "en", ["FBA", "Self-fulfilment"], "Units sold per month", "Break-even"),
    ("zh/", "zh", ["亚马逊物流 (FBA)", "卖家自配送"], "每月销量（件）", "盈亏平衡点"),
])
def test_chart_drawn_in_page_language_and_matches_table(page, site_url, prefix, lang, series, axis, mark):
    page.goto(site_url + prefix + "calculators/compare/")
    state = _state(page, "compare-volume")
    assert state["painted"] > 1000
    labels = [d["label"] for d in state["datasets"]]
    assert labels[:2] == series
    assert state["x"] == axis
    assert ("Cost per unit" if lang == "en" else "单件成本") in state["y"]
    # The example inputs cross on the volume chart: the point is marked.
    assert mark in labels
    crossing = next(d for d in state["datasets"] if d["label"] == mark)["data"][0]
    assert crossing[0] > 0 and crossing[1] > 0
    _check_table_matches(page, "compare-volume", state)
    weight = _state(page, "compare-weight")
    assert weight["painted"] > 1000
    _check_table_matches(page, "compare-weight", weight)


def test_chart_js_is_served_by_the_site(page, site_url):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(site_url + "calculators/compare/")
    _state(page, "compare-volume")
    scripts = [u for u in requests if "chart" in u.lower() and u.endswith(".js")]
    assert scripts and all(u.startswith(site_url) for u in scripts)


def _type_at_the_top(page, selector: str, value: str) -> None:
    """A new value for a field while the page is scrolled to the top, so the charts far
    below stay off screen (page.fill would scroll the field, near them, into view)."""
    page.evaluate("""([selector, value]) => {
      window.scrollTo(0, 0);
      const input = document.querySelector(selector);
      input.value = value;
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }""", [selector, value])


LAST_X = f"(() => {{ const s = ({CHART_STATE})('compare-volume'); return s && s.datasets[0].data.at(-1)[0]; }})()"


# One column (the result below the inputs, as on a small screen): wider, the result sits
# beside the inputs and its charts are near the top of the window.
ONE_COLUMN = {"width": 720, "height": 800}


def test_chart_redrawn_for_new_inputs(page, calculator_page, after_new_result):
    page.set_viewport_size(ONE_COLUMN)
    page = calculator_page("calculators/compare/")
    before = _state(page, "compare-volume")
    # New result from Python in the browser: in the table at once; the chart, off
    # screen, keeps its drawing until it is seen again.
    after_new_result(page, lambda: _type_at_the_top(page, "#compare-volume_max", "400"))
    assert page.locator('canvas[data-chart="compare-volume"]').evaluate(
        "(c) => c.getBoundingClientRect().top > innerHeight || c.getBoundingClientRect().bottom < 0")
    page.wait_for_timeout(300)
    assert page.evaluate(LAST_X) == before["datasets"][0]["data"][-1][0] != 400
    # Scrolled into view: the last x of the volume chart becomes 400.
    page.locator('canvas[data-chart="compare-volume"]').scroll_into_view_if_needed()
    page.wait_for_function(f"() => {LAST_X} === 400", timeout=60_000)
    after = page.evaluate(CHART_STATE, "compare-volume")
    assert after["datasets"][0]["data"] != before["datasets"][0]["data"]
    assert after["painted"] > 1000  # the kept canvas was drawn again, not left blank
    _check_table_matches(page, "compare-volume", after)


def test_chart_off_screen_drawn_for_printing(page, calculator_page, after_new_result):
    page.set_viewport_size(ONE_COLUMN)
    page = calculator_page("calculators/compare/")
    after_new_result(page, lambda: _type_at_the_top(page, "#compare-volume_max", "300"))
    page.wait_for_timeout(300)
    assert page.evaluate(LAST_X) != 300  # off screen: not drawn yet
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.evaluate(LAST_X) == 300

"""The calculators in a second browser engine: Debian's firefox-esr, driven by
puppeteer-core over WebDriver BiDi (tests/site/firefox_calculators.mjs, run here
under Node as the Pyodide parity test runs Pyodide).

One visit online (Python starts normally, stores its snapshot, the site is cached),
then the site's server stops and every calculator page in both languages, each a later
visit, restores Python from the snapshot, computes a typed input, and shows a field
error for a bad one while the last result stays, marked stale. What each page should
show is CPython's answer for the same inputs, rendered by the same code. The site's
Content-Security-Policy is on (meta tags, and the header with a report address), and
nothing may be reported: no violation, no page error, no unhandled rejection.
"""

from __future__ import annotations

import html.parser
import json
import os
import re
import shutil
import subprocess
import threading
import warnings
from pathlib import Path

import pytest

from calculators import core, render
from calculators.fields import ChoiceGrid, Number
from tests.site.test_csp import reports  # noqa: F401 - the fixture

pytestmark = pytest.mark.browser

FIREFOX = os.environ.get("FIREFOX", "/usr/bin/firefox-esr")
SCRIPT = Path(__file__).with_name("firefox_calculators.mjs")
FORM = re.compile(r'<form class="calc" data-calculator="([a-z0-9-]+)" data-lang="(\w+)"')
# No number at any point of its typing, so the result kept is the typed one's.
BAD_NUMBER = "abc"


class _Rows(html.parser.HTMLParser):
    """The summary table's rows as a reader sees their text."""

    def __init__(self):
        super().__init__()
        self.rows, self._in_summary, self._cell = [], False, None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and ("class", "calc-summary") in attrs:
            self._in_summary = True
        elif self._in_summary and tag == "tr":
            self.rows.append([])
        elif self._in_summary and tag in ("th", "td"):
            self._cell = []

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag):
        if tag == "table":
            self._in_summary = False
        elif tag in ("th", "td") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None


def summary_rows(result_html: str) -> list[list[str]]:
    parser = _Rows()
    parser.feed(result_html)
    return parser.rows


def shown(name: str, payload: dict, lang: str):
    """What the page should show for these inputs: (summary rows, None) or (None, errors
    by field), from CPython."""
    ok, output = core.run(name, payload)
    if ok:
        return summary_rows(render.result_html(core.get(name), output, lang)), None
    return None, render.errors_by_field(output["errors"], lang)


def step(path: str, name: str, lang: str) -> dict:
    """What to type on a calculator's page and what should show: a number field's value
    changed (the first that changes the result), then a number nobody writes in it; on a
    calculator without number fields, a choice grid's row added, then every row left out."""
    calc = core.get(name)
    defaults = calc.defaults()
    before, _ = shown(name, defaults, lang)
    for f in calc.fields:
        if isinstance(f, Number) and defaults.get(f.name):
            for value in (defaults[f.name] * 2, defaults[f.name] + 1):
                text = format(value, "g")
                rows, _ = shown(name, {**defaults, f.name: text}, lang)
                if rows and rows != before:
                    _, errors = shown(name, {**defaults, f.name: BAD_NUMBER}, lang)
                    control = f"#{name}-{f.name}"
                    return {"path": path, "typed": [[control, text]], "rows": rows, "bad": [[control, BAD_NUMBER]],
                            "field": f.name, "error": errors[f.name]}
        if isinstance(f, ChoiceGrid):
            chosen = dict(defaults[f.name])
            row = next(o.value for o in f.rows if o.value not in chosen)
            choice = f.allowed(row)[0]
            # In the grid's order, as the page sends its rows.
            grid = {o.value: {**chosen, row: choice}[o.value] for o in f.rows if o.value in chosen or o.value == row}
            rows, _ = shown(name, {**defaults, f.name: grid}, lang)
            _, errors = shown(name, {**defaults, f.name: {code: "" for code in [*chosen, row]}}, lang)
            return {"path": path, "typed": [[f"#{name}-{f.name}-{row}", choice]], "rows": rows,
                    "bad": [[f"#{name}-{f.name}-{code}", ""] for code in [*chosen, row]],
                    "field": f.name, "error": errors[f.name]}
    raise AssertionError(f"{name}: nothing to type found: update this test")


def calculator_pages(site: Path) -> list[tuple[str, str, str]]:
    """(path, calculator, language) of every calculator page, both languages."""
    out = []
    for page in sorted(site.rglob("index.html")):
        for name, lang in FORM.findall(page.read_text("utf-8")):
            out.append((page.parent.relative_to(site).as_posix() + "/", name, lang))
    return out


def test_every_calculator_page_in_firefox_computes_refuses_works_offline_and_restores_its_snapshot(
        origin, built_site, reports):  # noqa: F811 - the fixture imported above
    if not Path(FIREFOX).is_file():
        pytest.skip(f"firefox-esr is not installed ({FIREFOX}): scripts/setup --with-browser installs it")
    assert shutil.which("node") and (SCRIPT.parent.parent.parent / "node_modules" / "puppeteer-core").is_dir(), \
        "node and puppeteer-core are needed: run scripts/setup"
    url, server, stop = origin
    report_url, reported = reports
    server.csp_report_uri = report_url
    pages = calculator_pages(built_site)
    assert len(pages) == 2 * len(core.calculators()), pages
    plan = {"url": url, "firefox": FIREFOX, "first": "calculators/fba-fee/",
            "pages": [step(path, name, lang) for path, name, lang in pages]}
    plan_file = built_site.parent / "firefox-plan.json"
    plan_file.write_text(json.dumps(plan, ensure_ascii=False), "utf-8")

    proc = subprocess.Popen(["node", str(SCRIPT), str(plan_file)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    guard = threading.Timer(900, proc.kill)  # a hung browser fails the test, not the run
    guard.start()
    try:
        ready = proc.stdout.readline()
        assert json.loads(ready or "{}") == {"offline": "ready"}, ready + proc.stderr.read()[-3000:]
        stop()  # the site's server is gone: every page from here on comes from the service worker
        out, err = proc.communicate("go\n")
    finally:
        guard.cancel()
    assert proc.returncode == 0, err[-3000:]
    seen = json.loads(out.splitlines()[-1])
    (built_site.parent / "firefox-seen.json").write_text(json.dumps(seen, ensure_ascii=False, indent=1), "utf-8")

    first = seen["first"]
    assert first["start"] == "normal" and first["snapshot"] == "saved", first
    by_path = {p["path"]: p for p in plan["pages"]}
    retried = {page["path"]: page["navigationRetried"] for page in seen["pages"] if "navigationRetried" in page}
    if retried:
        warnings.warn(f"Firefox: pages loaded a second time after a failed navigation: {retried}")
    failed = [page for page in seen["pages"] if "failed" in page]
    assert failed == [], failed
    for page in [first, *seen["pages"]]:
        expected = by_path[page["path"]]
        assert page["status"] == 200, page
        assert page["rows"] == expected["rows"], page["path"]
        assert page["computed"], page["path"]
        assert (page["error"], page["stale"]) == (expected["error"], True), page["path"]
        assert page["rowsWhileStale"] == expected["rows"], page["path"]  # the last good result, kept
        assert page["state"] == "ready", page["path"]
    starts = [page["start"] for page in seen["pages"]]
    assert starts[0] == "snapshot" and set(starts) <= {"snapshot", "running"}, starts
    assert seen["problems"] == []
    assert [r.get("csp-report", r) for r in reported] == []

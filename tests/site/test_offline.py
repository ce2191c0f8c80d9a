"""Offline and updates, in the real browser against the real built site.

Service workers need a real http origin: each test serves the built site on its own
port (its own origin, so its own service worker and caches) with scripts/static_server,
and uses its own browser context. "Offline" means both: the context is set offline and
the server is shut down.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

import selfhost
from calculators.i18n import message

pytestmark = pytest.mark.browser

STATUS = "[data-calc-status]"


def recalculate_every_form(page):
    """Ask every calculator on the page for a new result and wait for it (generic)."""
    page.wait_for_selector(f"{STATUS}[data-ready]", timeout=120_000)
    count = page.evaluate("""() => {
        const forms = Array.from(document.querySelectorAll("form[data-calculator]"));
        for (const form of forms) {
            form.dataset.before = form.dataset.revision || "0";
            form.requestSubmit();
        }
        return forms.length;
    }""")
    assert count >= 1
    page.wait_for_function("""() => Array.from(document.querySelectorAll("form[data-calculator]"))
        .every((f) => Number(f.dataset.revision || 0) > Number(f.dataset.before))""", timeout=60_000)
    assert page.locator("[data-calc-result][data-stale]").count() == 0
    assert page.locator(f'{STATUS}[data-state="failed"]').count() == 0


def first_visit_of_a_calculator(page, url):
    page.goto(url + "calculators/fba-fee/")
    page.wait_for_selector(f"{STATUS}[data-ready]", timeout=120_000)
    page.fill("#fba-fee-weight", "3")
    page.wait_for_selector("html[data-offline-ready]", timeout=240_000)
    return page.get_attribute("html", "data-offline-ready")


def test_guidance_page_fetches_nothing_of_python_before_its_load_event(page, origin):
    url, _, _ = origin
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(url + "guide/fba/", wait_until="load")
    before_load = list(requested)
    resources = page.evaluate("""() => performance.getEntriesByType("resource")
        .filter((e) => e.startTime < performance.timing.loadEventStart - performance.timeOrigin)
        .map((e) => e.name)""")
    assert before_load and not [u for u in before_load + resources if "/assets/runtime/" in u]
    assert page.locator("form[data-calculator]").count() == 0


def test_every_page_and_calculator_work_offline_after_one_calculator_visit(context, page, origin, built_site,
                                                                          end_python, site_pages, fill_calculator):
    url, _, stop = origin
    version = first_visit_of_a_calculator(page, url)
    assert version
    stop()
    context.set_offline(True)

    pages = site_pages(built_site)
    for path in pages:
        response = page.goto(url + path)
        assert response is not None and response.ok, path
        assert page.get_attribute("html", "lang") == ("zh" if path.startswith("zh/") else "en"), path
        assert page.locator("article h1").count() >= 1, path
    calculators = [p for p in pages
                   if '<form class="calc" data-calculator=' in (built_site / p / "index.html").read_text("utf-8")]
    assert "calculators/fba-fee/" in calculators and "zh/calculators/fba-fee/" in calculators
    # Python starts again, offline, rather than staying on from the pages before.
    end_python()
    starts = []
    for path in calculators:
        page.goto(url + path)
        recalculate_every_form(page)
        starts.append(page.get_attribute(STATUS, "data-start"))
    # Python started offline, from the runtime and snapshot the first visit kept (and
    # stayed running for the next pages).
    assert "snapshot" in starts and set(starts) <= {"snapshot", "running"}, starts
    # A typed value, offline, in Chinese (worked value in test_site.py).
    page.goto(url + "zh/calculators/fba-fee/")
    page.wait_for_selector(f"{STATUS}[data-ready]", timeout=120_000)
    fill_calculator(page, {"weight": "3", "date": "2026-05-01"})
    page.wait_for_function(
        "document.querySelector('[data-calc-result] tr.calc-total td')?.innerText.includes('6.90 美元')",
        timeout=60_000)


def test_offline_search_still_finds_chinese(context, page, origin, search_for):
    url, _, stop = origin
    first_visit_of_a_calculator(page, url)
    stop()
    context.set_offline(True)
    page.goto(url + "zh/")
    search_for(page, "运营中心").first.wait_for(timeout=30_000)


def second_build(built_site: Path, where: Path) -> Path:
    """The same site with a changed page (as after editing a page and rebuilding)."""
    b = where / "site-b"
    shutil.copytree(built_site, b)
    for rel in ("index.html", "zh/index.html", "calculators/fba-fee/index.html"):
        f = b / rel
        f.write_text(f.read_text("utf-8").replace("</head>", '<meta name="build-marker" content="B"></head>', 1), "utf-8")
        (b / (rel + ".gz")).unlink(missing_ok=True)
        (b / (rel + ".br")).unlink(missing_ok=True)
    selfhost.write_service_worker(b)
    assert (b / "sw.js").read_bytes() != (built_site / "sw.js").read_bytes()
    return b


def marker(page) -> bool:
    return page.locator('meta[name="build-marker"]').count() == 1


def test_a_new_build_is_announced_once_and_then_served(context, page, origin, built_site, tmp_path):
    url, server, _ = origin
    old_version = first_visit_of_a_calculator(page, url)
    other = context.new_page()
    other.goto(url + "zh/")
    assert not marker(page) and not marker(other)

    server.directory = second_build(built_site, tmp_path)
    # The next page load finds the new service worker; it installs, then waits. Both
    # tabs hear of it; the notice shows in one of them, whichever is first (told once).
    page.goto(url)
    told = None
    for attempt in range(4):
        for tab in (page, other):
            if tab.locator("[data-site-update]").count():
                told = tab
        if told:
            break
        try:
            page.wait_for_function("!!document.querySelector('[data-site-update]')", timeout=30_000)
            told = page
            break
        except Exception:
            if other.locator("[data-site-update]").count():
                told = other
                break
            if attempt == 3:
                raise
            page.reload()
    quiet = other if told is page else page
    assert not marker(told)  # still the old build: nothing mixed into an open page
    assert told.inner_text("[data-site-update]").startswith(message("ui.site_update")["en" if told is page else "zh"])
    new_version = told.get_attribute("[data-site-update]", "data-site-update")
    assert new_version != old_version
    # Its look comes from the site's stylesheet (site.css): a box in the corner.
    assert told.evaluate("""() => {
        const style = getComputedStyle(document.querySelector("[data-site-update]"));
        return [style.position, style.zIndex, style.borderTopStyle];
    }""") == ["fixed", "10", "solid"]

    # Once: the other tab, reloaded, is not told again.
    quiet.reload()
    quiet.wait_for_load_state("load")
    quiet.wait_for_timeout(3000)
    assert quiet.locator("[data-site-update]").count() == 0
    assert not marker(quiet)

    # The reader accepts: the new build takes over and the page reloads into it.
    with told.expect_navigation(timeout=120_000):
        told.click("[data-site-update-reload]")
    assert marker(told)
    page.goto(url + "calculators/fba-fee/")
    assert marker(page)
    page.wait_for_selector(f"{STATUS}[data-ready]", timeout=120_000)
    recalculate_every_form(page)
    other.goto(url + "zh/")
    assert marker(other)
    assert other.locator("[data-site-update]").count() == 0
    caches = page.evaluate("caches.keys()")
    assert [c for c in caches if c.startswith("site-build-")] == ["site-build-" + new_version]


def trace_v8(context, page, action) -> list[dict]:
    """V8's trace events (all threads of the page's process) while `action()` runs."""
    cdp = context.new_cdp_session(page)
    events, done = [], []
    cdp.on("Tracing.dataCollected", lambda p: events.extend(p["value"]))
    cdp.on("Tracing.tracingComplete", lambda p: done.append(True))
    cdp.send("Tracing.start", {"traceConfig": {"includedCategories": ["v8"]}, "transferMode": "ReportEvents"})
    action()
    cdp.send("Tracing.end")
    while not done:
        page.wait_for_timeout(100)
    return events


def test_the_runtime_is_cached_as_served_and_the_next_visit_reuses_its_compiled_javascript(context, page, origin,
                                                                                           end_python):
    url, _, _ = origin
    first_visit_of_a_calculator(page, url)
    page.wait_for_selector("html[data-code-cache=warmed]", timeout=120_000)
    # Kept as the network served them (their URL with them), checked against the build:
    # the browser keeps compiled code only next to such responses.
    kept = page.evaluate("""async (files) => {
        const name = (await caches.keys()).find((n) => n.startsWith("site-build-"));
        const cache = await caches.open(name);
        const out = {};
        for (const file of files) {
            const response = await cache.match(new URL(file, location.origin + "/").href);
            out[file] = response ? response.url : null;
        }
        return out;
    }""", ["assets/runtime/pyodide/pyodide.asm.mjs", "assets/runtime/pyodide/pyodide.asm.wasm",
           "assets/calculators/calculator.js", "zh/calculators/fba-fee/", ""])
    assert kept == {file: url + file for file in kept}

    # The next visit's worker takes Pyodide's 1.2 MB of JavaScript from the code cache
    # that the first visit left (data-code-cache=warmed), with its functions compiled
    # (the build's compile hint: megabytes of code, not just the top level), and the
    # warming is not repeated. The browser stores that compiled code on its own time
    # after the warming worker has ended, and nothing tells a page when it has: a reader
    # comes back later than a test does, so the test waits a moment too.
    def visit():
        page.goto(url + "zh/calculators/profit/")
        page.wait_for_selector(f"{STATUS}[data-ready]", timeout=120_000)

    # On a busy machine that takes longer: a later visit, a longer wait (2, 5, then 10 s).
    for wait in (2000, 5000, 10000):
        page.wait_for_timeout(wait)
        end_python()
        events = trace_v8(context, page, visit)
        compiles = [e["args"]["data"] for e in events if e.get("name") == "v8.compileModule"
                    and e.get("args", {}).get("data", {}).get("url", "").endswith("/pyodide.asm.mjs")]
        assert compiles, "the worker did not load pyodide.asm.mjs"
        if all(c.get("consumedCacheSize", 0) > 1_000_000 and not c.get("cacheRejected") for c in compiles):
            break
    assert all(c.get("consumedCacheSize", 0) > 1_000_000 and not c.get("cacheRejected") for c in compiles), compiles
    page.wait_for_selector("html[data-code-cache=earlier]", timeout=120_000)


def test_the_runtime_is_pyodide_s_own_files_with_two_changes(built_site):
    npm = Path(selfhost.PYODIDE_NPM)
    runtime = built_site / "assets" / "runtime" / "pyodide"
    for name in selfhost.PYODIDE_RUNTIME_FILES:
        if name == selfhost.STDLIB:
            continue
        original = (npm / name).read_bytes()
        expected = b"//# allFunctionsCalledOnLoad\n" + original if name == "pyodide.asm.mjs" else original
        assert (runtime / name).read_bytes() == expected, name
    # The lock file stays home: the worker gives Pyodide its header (manifest.json).
    assert not (runtime / selfhost.PYODIDE_LOCK).exists()
    # The standard library: the modules of the package's own that the calculators use,
    # as bytecode (sourceless .pyc, hash-based and unchecked) instead of source, and the
    # guard that names the others. What that bytecode does is checked by the Pyodide
    # parity test.
    original = set(zipfile.ZipFile(npm / selfhost.STDLIB).namelist())
    served = zipfile.ZipFile(runtime / selfhost.STDLIB)
    names = set(served.namelist())
    assert "_reduced_stdlib.pyc" in names and 50 < len(names) < len(original) / 2
    for name in names - {"_reduced_stdlib.pyc"}:
        assert name.endswith(".pyc") and name[:-1] in original, name
        header = served.read(name)[:8]
        assert header[2:4] == b"\r\n" and int.from_bytes(header[4:8], "little") == 0b01, name
    license_text = (runtime / "LICENSE.txt").read_text("utf-8")
    assert "//# allFunctionsCalledOnLoad" in license_text and "bytecode" in license_text
    assert "_reduced_stdlib" in license_text and selfhost.PYODIDE_LOCK in license_text

"""A first visit on a slow link, in the real browser against the real built site
served through the benchmark's played link (scripts/static_server.Throttle): the
page says how much of the runtime has arrived and, when the wait is long, about how
long is left, in its language, while the example result stays and the form works;
every calculator starts without asking for a module the build left out; and a
guidance page downloads nothing in the background where the browser asks to save
data or reports a 2G link."""

from __future__ import annotations

import threading
import time

import pytest
from axe_playwright_python.sync_playwright import Axe

import static_server
from calculators.i18n import message

pytestmark = pytest.mark.browser

STATUS = "[data-calc-status]"
BAR = "[data-calc-progress] progress"


@pytest.fixture
def slow_origin(built_site):
    """The built site through a 3 Mbit/s link with a 40 ms round trip, on an origin of
    its own: (url, server)."""
    server = static_server.serve(built_site, 0, throttle=static_server.Throttle(3, 40))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", server
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("lang, prefix", [("en", ""), ("zh", "zh/")])
def test_a_slow_first_visit_says_how_much_has_arrived_and_how_long_is_left(page, slow_origin, lang, prefix):
    url, _ = slow_origin
    page.goto(url + prefix + "calculators/fba-fee/", wait_until="domcontentloaded")
    bar = page.locator(BAR)
    bar.wait_for(timeout=60_000)
    # A determinate bar, named in the page's language, next to the status line.
    assert bar.get_attribute("aria-label") == message("ui.progress_label")[lang]
    assert page.evaluate("document.querySelector('[data-calc-progress]').previousElementSibling.matches('[data-calc-status]')")
    first = page.evaluate(f"[document.querySelector('{BAR}').value, document.querySelector('{BAR}').max]")
    assert 0 <= first[0] < first[1]
    # The build-time result is still there, and the form takes input meanwhile.
    assert page.locator("[data-calc-result] table.calc-summary").count() == 1
    assert page.get_attribute(STATUS, "data-state") == "starting"
    page.fill("#fba-fee-weight", "3")
    # On this link the wait passes a few seconds: it is said, in the page's language.
    left = message("ui.progress_left")[lang].split("{")[0]
    page.wait_for_function(f"document.querySelector('.calc-progress-text').textContent.includes({left!r})",
                           timeout=60_000)
    text = page.inner_text(".calc-progress-text")
    assert "MB" in text and text.replace(" · ", ", ") == bar.get_attribute("aria-valuetext")
    later = page.evaluate(f"document.querySelector('{BAR}').value")
    assert later > first[0]
    page.add_style_tag(content=".calc-result { content-visibility: visible !important; }")
    violations = [v["id"] for v in Axe().run(page).response["violations"] if v.get("impact") in ("serious", "critical")]
    assert violations == []
    # Python ready: the bar goes, and the value typed meanwhile has its result.
    page.wait_for_selector(f"{STATUS}[data-ready]", timeout=180_000)
    assert page.locator("[data-calc-progress]").count() == 0
    page.wait_for_function("Number(document.querySelector('form[data-calculator]').dataset.revision || 0) >= 1",
                           timeout=60_000)
    assert page.locator("[data-calc-result][data-stale]").count() == 0


def test_every_calculator_starts_without_a_module_the_build_left_out(dedicated_workers, page, site_url, built_site):
    # Each page with a worker of its own (Python started or restored for it): the
    # standard library's guard saw no request for a module the build left out, at the
    # start or for the first answer.
    pages = sorted(p.parent.relative_to(built_site).as_posix() + "/" for p in built_site.glob("calculators/*/index.html")
                   if 'data-calculator="' in p.read_text("utf-8"))  # not the rate-card changelog
    assert len(pages) >= 9
    for path in pages:
        page.goto(site_url + path)
        page.wait_for_selector(f"{STATUS}[data-ready]", timeout=120_000)
        revision = page.get_attribute("form[data-calculator]", "data-revision") or "0"
        page.evaluate("document.querySelector('form[data-calculator]').requestSubmit()")
        page.wait_for_function(
            f"(document.querySelector('form[data-calculator]').dataset.revision || '0') !== '{revision}'", timeout=60_000)
        assert page.evaluate("window.__calculatorTimings.missingModules") == [], path
        assert page.get_attribute(STATUS, "data-state") == "ready", path


def runtime_requests(server) -> list[str]:
    return [r["path"] for r in server.served if r["path"].startswith("/assets/runtime/") or r["path"] == "/sw.js"]


def settle(page, seconds: float = 7) -> None:
    """Past the load event and the idle callback's 4 s limit, with time to spare."""
    page.wait_for_load_state("load")
    time.sleep(seconds)


def test_a_guidance_page_caches_the_runtime_after_its_load(page, origin):
    # The background download the next two tests must not see (so they can fail).
    url, server, _ = origin
    server.served = []
    page.goto(url + "guide/fba/")
    page.wait_for_selector("html[data-offline-ready]", state="attached", timeout=120_000)
    assert any(path.endswith(".wasm") for path in runtime_requests(server))


def test_a_guidance_page_downloads_nothing_in_the_background_when_asked_to_save_data(page, origin):
    url, server, _ = origin
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setDataSaverOverride", {"dataSaverEnabled": True})
    server.served = []
    page.goto(url + "guide/fba/")
    assert page.evaluate("navigator.connection.saveData") is True
    settle(page)
    assert runtime_requests(server) == []
    assert page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r === undefined)")
    assert page.get_attribute("html", "data-offline-ready") is None


def test_a_guidance_page_downloads_nothing_in_the_background_on_a_2g_link(page, origin):
    url, server, _ = origin
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    # A 1.5 s round trip is what Chromium calls 2G, whatever the bandwidth.
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 1500, "downloadThroughput": 1_000_000,
                                                  "uploadThroughput": 1_000_000, "connectionType": "cellular2g"})
    server.served = []
    page.goto(url + "guide/fba/", timeout=120_000)
    assert page.evaluate("navigator.connection.effectiveType") == "2g"
    settle(page)
    assert runtime_requests(server) == []
    assert page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r === undefined)")

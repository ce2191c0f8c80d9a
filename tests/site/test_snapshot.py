"""Pyodide memory snapshots in the real browser, against the real built site.

The first visit starts Python normally and leaves a snapshot in Cache Storage; the next
start restores it. Both paths, a corrupt snapshot, a browser without Cache Storage and
inputs typed before Python is ready must all give the right result: the worked example's
(tests/site/conftest.py, USD 6.90).
Each test gets its own browser context, so its own (empty) storage.

Chromium keeps Python's shared worker running across pages (early.js): a test that
wants the next page to start Python again ends it first (`end_python`). Tests that
route the worker's own requests run it as a dedicated worker (`dedicated_workers`).
"""

from __future__ import annotations

import shutil

import pytest

pytestmark = pytest.mark.browser

PAGE = "calculators/fba-fee/"
STATUS = "[data-calc-status]"
SNAPSHOTS = "calculators-snapshots-v1"


def open_ready(page, url):
    page.goto(url)
    page.wait_for_selector(f"{STATUS}[data-ready]", timeout=120_000)
    return page.get_attribute(STATUS, "data-start")


def wait_snapshot_saved(page):
    page.wait_for_selector(f'{STATUS}[data-snapshot="saved"]', timeout=120_000)


def snapshot_entries(page) -> list[dict]:
    """What the snapshot cache holds: url, byte length, first 8 bytes."""
    return page.evaluate("""async (name) => {
        const cache = await caches.open(name);
        const out = [];
        for (const request of await cache.keys()) {
            const bytes = new Uint8Array(await (await cache.match(request)).arrayBuffer());
            out.push({url: request.url, length: bytes.length, head: Array.from(bytes.slice(0, 8))});
        }
        return out;
    }""", SNAPSHOTS)


def hide_from_the_worker(context, name):
    """Serve the Python worker with the global ``name`` undefined in it, as in a browser
    (or mode, or content security policy) that does not offer it there."""
    def without(route):
        response = route.fetch()
        body = f"Object.defineProperty(self, '{name}', {{value: undefined}});\n" + response.text()
        route.fulfill(response=response, body=body)

    context.route("**/assets/calculators/worker.mjs*", without)


def assert_runtime_start_shortcuts(timings):
    """Two of worker.mjs's start-up measures, on either path: the wasm went over the
    network once (Pyodide's own second request got the stand-in), and the worker made
    the first shared buffer itself, before Pyodide's."""
    assert timings["wasmRequests"] == 1, timings
    assert timings["wasmStandIn"] is True, timings
    assert timings["sharedBuffer"] == "made first here", timings


@pytest.mark.parametrize("worker", ["shared", "dedicated"])
def test_first_visit_starts_normally_and_the_next_restores_the_snapshot(request, context, page, site_url, end_python,
                                                                       worker, worked_example):
    if worker == "dedicated":
        request.getfixturevalue("dedicated_workers")
    assert open_ready(page, site_url + PAGE) == "normal"
    worked_example.type_into(page)
    # Pyodide wraps JavaScript functions in tiny wasm modules, one per signature
    # compiled, the rest reused (worker.mjs), with the same answers.
    timings = page.evaluate("window.__calculatorTimings")
    assert 0 < timings["tinyModulesCompiled"] < timings["tinyModulesReused"]
    assert_runtime_start_shortcuts(timings)
    # The wheel was unzipped in JavaScript (its files are kept with the snapshot), not
    # left to Python's unpackArchive.
    assert timings.get("wheelUnzipped", 0) > 0, timings
    wait_snapshot_saved(page)
    [entry] = snapshot_entries(page)
    assert entry["length"] > 1_000_000  # a whole interpreter's memory
    assert "/assets/runtime/snapshot/" in entry["url"]

    # The next start, same browser: the snapshot path, same answer, in both languages.
    end_python()
    assert open_ready(page, site_url + PAGE) == "snapshot"
    # Read by the helper thread started with a dedicated worker (Chromium offers shared
    # workers no workers of their own: read on the worker's thread there).
    reader_ms = page.evaluate("window.__calculatorTimings.snapshotReaderMs")
    assert (reader_ms > 0) if worker == "dedicated" else (reader_ms is None)
    assert_runtime_start_shortcuts(page.evaluate("window.__calculatorTimings"))
    worked_example.type_into(page)
    # The next page: a shared worker is still running (Chromium keeps it alive across
    # pages, early.js); a dedicated one starts again.
    assert open_ready(page, site_url + "zh/" + PAGE) == ("running" if worker == "shared" else "snapshot")
    worked_example.type_into(page, "zh")
    # The restored interpreter still reports bad input field by field.
    page.fill("#fba-fee-weight", "abc")
    page.wait_for_selector("[data-calc-result][data-stale]")
    assert "重量" in page.inner_text('[data-error-for="weight"]')
    if worker == "shared":
        # A second tab shares the one interpreter, with the same answers.
        other = context.new_page()
        assert open_ready(other, site_url + PAGE) == "running"
        assert "snapshotReaderMs" not in other.evaluate("window.__calculatorTimings")
        worked_example.type_into(other)


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_corrupt_snapshot_falls_back_to_a_normal_start_and_is_replaced(page, site_url, end_python, damage,
                                                                          worked_example):
    open_ready(page, site_url + PAGE)
    wait_snapshot_saved(page)
    [good] = snapshot_entries(page)
    page.evaluate("""async ([name, damage]) => {
        const cache = await caches.open(name);
        const [request] = await cache.keys();
        const response = await cache.match(request);
        let bytes = new Uint8Array(await response.arrayBuffer());
        if (damage === "garbage") {
            for (let i = 0; i < 4096; i++) bytes[i] = (i * 131 + 7) & 255;   // header and heap start
            for (let i = bytes.length >> 1; i < (bytes.length >> 1) + 65536; i++) bytes[i] = 0xAB;
        } else {
            bytes = bytes.slice(0, bytes.length >> 1);
        }
        await cache.put(request, new Response(bytes, {headers: response.headers}));
    }""", [SNAPSHOTS, damage])
    assert snapshot_entries(page)[0]["head"] != good["head"] or damage == "truncated"

    end_python()
    assert open_ready(page, site_url + PAGE) == "normal"
    worked_example.type_into(page)
    wait_snapshot_saved(page)
    [fresh] = snapshot_entries(page)
    assert fresh["url"] == good["url"]
    assert fresh["length"] > 1_000_000 and fresh["head"][:4] == good["head"][:4]  # the writer's magic number
    # And the replacement is used by the next start.
    end_python()
    assert open_ready(page, site_url + PAGE) == "snapshot"
    worked_example.type_into(page)


def test_without_workers_inside_the_worker_the_snapshot_is_read_on_the_worker_s_thread(dedicated_workers, page,
                                                                                       site_url, worked_example):
    # The snapshot is normally read by a small helper worker; where a browser (or a
    # content security policy) allows no worker there, the restore still works.
    hide_from_the_worker(dedicated_workers, "Worker")
    assert open_ready(page, site_url + PAGE) == "normal"
    wait_snapshot_saved(page)
    assert open_ready(page, site_url + PAGE) == "snapshot"
    assert page.evaluate("window.__calculatorTimings.snapshotReaderMs") is None
    worked_example.type_into(page)


def test_without_decompression_streams_the_stored_wheel_still_starts_and_is_kept(dedicated_workers, page, site_url,
                                                                                  worked_example):
    # The build stores the wheel's files (brotli or gzip on the way compress them
    # better): the worker unzips them with nothing to inflate, so a browser without
    # DecompressionStream starts as any other, without Python's zipfile (and what it
    # would need of the standard library), and keeps its snapshot.
    hide_from_the_worker(dedicated_workers, "DecompressionStream")
    assert open_ready(page, site_url + PAGE) == "normal"
    wait_snapshot_saved(page)
    worked_example.type_into(page)
    assert page.evaluate("window.__calculatorTimings.missingModules") == []


def test_without_cache_storage_the_calculator_starts_normally_every_time(dedicated_workers, page, site_url,
                                                                         worked_example):
    # As in browsers or modes without Cache Storage: the worker sees no `caches`.
    hide_from_the_worker(dedicated_workers, "caches")
    for _ in range(2):
        assert open_ready(page, site_url + PAGE) == "normal"
        page.wait_for_selector(f'{STATUS}[data-snapshot="skipped"]')
        worked_example.type_into(page)


def test_inputs_typed_before_python_is_ready_are_computed_once_it_is(dedicated_workers, page, site_url, fill_calculator,
                                                                     worked_example):
    held = []
    dedicated_workers.route("**/assets/calculators/worker.mjs*", lambda route: held.append(route))
    page.goto(site_url + PAGE)
    fill_calculator(page, worked_example.values)
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the page did not ask for its worker"
    # Python cannot have started: its worker script is still held back.
    assert page.locator(f"{STATUS}[data-ready]").count() == 0
    assert worked_example.total_shown(page) != worked_example.total["en"]
    for route in held:
        route.continue_()
    page.wait_for_selector(f"{STATUS}[data-ready]", timeout=120_000)
    page.wait_for_function(
        "document.querySelector('[data-calc-result] tr.calc-total td')?.innerText.includes('USD 6.90')",
        timeout=60_000)
    assert worked_example.total_shown(page) == worked_example.total["en"]


def test_a_start_that_failed_is_tried_again_by_the_next_page(page, origin, built_site, tmp_path, end_python,
                                                             worked_example):
    # A shared worker whose start failed ends, rather than telling every page to come
    # that it failed: here the runtime's manifest is missing for the first visit only.
    url, server, _ = origin
    broken = tmp_path / "site"
    shutil.copytree(built_site, broken)
    (broken / "assets" / "runtime" / "manifest.json").unlink()
    server.directory = broken
    page.goto(url + PAGE)
    page.wait_for_selector(f'{STATUS}[data-state="failed"]', timeout=120_000)
    end_python(close=False)  # it ends by itself
    server.directory = built_site
    assert open_ready(page, url + PAGE) == "normal"
    worked_example.type_into(page)

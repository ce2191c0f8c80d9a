"""Benchmark: build the site, serve it locally, measure it in headless Debian Chromium.

Chromium is started as the tests start it (``scripts/chromium.py``, which says why its
address-bar dropdown is turned off).

One run measures, in the same browser and against the same build:

1. baseline: a bare page (generated into ``<build>/bench/`` for this run only) whose
   module worker loads the same Pyodide files and wheel and imports the calculators,
   nothing else, with Pyodide's standard library as the npm package ships it (the
   site's has the modules the calculators use compiled to bytecode, one of the site's
   improvements, as its snapshot is): time from navigation start to "imported", cold
   (new profile) and warm (same profile, browser restarted). It is measured again
   right before each calculator page, and each page's ratios are to that paired
   baseline: the machine is shared, and its speed drifts over the minutes a run takes;
2. every calculator page (each built English page with a ``form[data-calculator]``):
   the benchmark types into the first number field as soon as the DOM is there and
   times navigation start -> that input's result rendered, cold (new profile) and warm
   (same profile after the first visit, browser restarted: snapshot + service worker);
3. recalculation: input event -> result in the DOM, over many changes (warm page);
   then, in the same browser, the next calculator page: time to its first result with
   Python still running (where the browser keeps the shared worker alive, early.js);
4. bytes and requests: a guidance page before its load event (cold), and a
   calculator page up to its first result (cold: what the server sent, to the page and
   its worker), with what came from the runtime;
5. the time to build the site.

Prints a table of medians over the runs with ratios to the baseline, and writes JSON
(default ``bench-results/bench.json``). ``--quick``: 1 run, 1 calculator page,
20 changes (the smoke test).

``--batch`` measures a CSV file of products in the ``fba-fee`` page instead (issue 20:
10,000 rows in at most 10 s, input events answered within 100 ms while it runs, memory
bounded): for each size in ``--batch-rows`` (default 10,000 and 100,000 rows, the
second being the largest file tried), the varied catalogue of ``scripts/bench_batch.py``
chosen in the page; while Python's worker reads it, the benchmark types into the
weight field as a reader does (real key events, every 150 ms) and times each key:
key -> its handler (input delay), key -> the next frame, key -> the new result in the
page (what the reader waits for). Prints rows per second (Python's worker, file to last
row; and wall time, choosing the file to the table shown), the latencies against the
same typing with no file, and the size of Python's wasm memory after each file.
Writes ``bench-results/bench-batch.json``.

``--network MBIT,RTT_MS`` (repeatable) measures instead on a played network link,
against a plain-JavaScript page with the same form: see ``scripts/bench_network.py``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import chromium  # noqa: E402
import selfhost  # noqa: E402
import static_server  # noqa: E402

GUIDANCE_PAGES = ("", "guide/fba/")

BARE_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Baseline: Pyodide + calculators</title></head>
<body><p>Benchmark baseline: loads Pyodide and imports the calculators, nothing else.</p>
<script type="module" src="bare.mjs"></script></body></html>
"""

# A file, not an inline script: the server sends the site's Content-Security-Policy
# (scripts/csp.py), which runs no inline script it has no hash for.
BARE_SCRIPT = """const worker = new Worker(new URL("bare-worker.mjs", location.href), { type: "module" });
worker.onmessage = (event) => { window.__baseline = { at: performance.now(), ...event.data }; };
"""

BARE_WORKER = """// The benchmark's baseline: the same Pyodide files and wheel, loaded the plain way,
// with the standard library and lock file as Pyodide ships them (next to this file:
// see add_bare_page).
import { loadPyodide } from "../assets/runtime/pyodide/pyodide.mjs";
const runtime = new URL("../assets/runtime/", import.meta.url);
const manifest = await (await fetch(new URL("manifest.json", runtime), { cache: "no-cache" })).json();
const [py, wheel] = await Promise.all([
  loadPyodide({ indexURL: new URL("pyodide/", runtime).href, stdLibURL: new URL("python_stdlib.zip", import.meta.url).href,
                lockFileURL: new URL("pyodide-lock.json", import.meta.url).href }),
  fetch(new URL(`wheels/${manifest.wheel}?v=${manifest.sha256.slice(0, 16)}`, runtime)).then((r) => r.arrayBuffer()),
]);
const sitePackages = py.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
py.unpackArchive(new Uint8Array(wheel), "wheel", { extractDir: sitePackages });
py.pyimport("calculators.browser");
postMessage({ ok: true });
"""

# Types into the first number field (else changes the first select) of the first
# calculator, and resolves when that form's result has been rendered (the page glue
# bumps data-revision on every render), with times from navigation start. What the page
# publishes (data-revision, data-start, __calculatorTimings, ...): the protocol at the
# top of docs/assets/calculators/calculator.js.
FIRST_RESULT_JS = """() => new Promise((resolve) => {
  const form = document.querySelector("form[data-calculator]");
  const status = form.querySelector("[data-calc-status]");
  const before = form.dataset.revision || "0";
  const observer = new MutationObserver(() => {
    if ((form.dataset.revision || "0") !== before) {
      observer.disconnect();
      resolve({ result: performance.now(), typed, start: status.dataset.start || null,
                worker: window.__calculatorTimings || null });
    }
  });
  observer.observe(form, { attributes: true, attributeFilter: ["data-revision"] });
  const input = form.querySelector('input[inputmode="decimal"]');
  if (input) {
    const value = Number(input.value) || 1;
    input.value = String(Math.round(value * 110) / 100);
    input.dispatchEvent(new Event("input", { bubbles: true }));
  } else {
    const select = form.querySelector("select");
    select.selectedIndex = (select.selectedIndex + 1) % select.options.length;
    select.dispatchEvent(new Event("change", { bubbles: true }));
  }
  const typed = performance.now();
})"""

RECALC_JS = """async (changes) => {
  const form = document.querySelector("form[data-calculator]");
  const input = form.querySelector('input[inputmode="decimal"]');
  const base = Number(input ? input.value : 0) || 1;
  const select = form.querySelector("select");
  const times = [], python = [];
  for (let i = 0; i < changes; i++) {
    const before = form.dataset.revision || "0";
    const done = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if ((form.dataset.revision || "0") !== before) { observer.disconnect(); resolve(); }
      });
      observer.observe(form, { attributes: true, attributeFilter: ["data-revision"] });
    });
    const t0 = performance.now();
    if (input) {
      input.value = String(Math.round(base * (100 + (i % 40) + 1)) / 100);
      input.dispatchEvent(new Event("input", { bubbles: true }));
    } else {
      select.selectedIndex = (select.selectedIndex + 1) % select.options.length;
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }
    await done;
    times.push(performance.now() - t0);
    python.push(Number(form.dataset.pythonMs || 0));
  }
  return { times, python };
}"""

LOAD_RESOURCES_JS = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const load = nav.loadEventStart;
  const entries = [nav, ...performance.getEntriesByType("resource").filter((e) => e.responseEnd <= load)];
  return { load, requests: entries.length, bytes: entries.reduce((n, e) => n + (e.transferSize || 0), 0),
           runtime: entries.filter((e) => e.name.includes("/assets/runtime/")).map((e) => e.name) };
}"""


# Times each key the reader presses (a real key event: its timeStamp is when the browser
# took it): to its handler, to the next frame, and, for a key that changed the form,
# to the form's next rendered result (data-revision; the protocol in calculator.js).
KEY_PROBE_JS = """() => {
  const form = document.querySelector("form[data-calculator]");
  const samples = [];
  let lastKey = null, pending = null;
  document.addEventListener("keydown", (e) => {
    const s = { delay: performance.now() - e.timeStamp };
    samples.push(s);
    lastKey = { s, t: e.timeStamp };
    requestAnimationFrame(() => setTimeout(() => { s.frame = performance.now() - lastKey.t; }, 0));
  }, true);
  form.addEventListener("input", () => {
    if (lastKey) pending = { ...lastKey, rev: form.dataset.revision };
  }, true);
  new MutationObserver(() => {
    if (pending && form.dataset.revision !== pending.rev) {
      pending.s.result = performance.now() - pending.t;
      pending = null;
    }
  }).observe(form, { attributes: true, attributeFilter: ["data-revision"] });
  // When the file panel's state changes (reading, done): the wall time of a file.
  const panel = document.querySelector("[data-calc-batch]");
  const states = [];
  new MutationObserver(() => states.push({ state: panel.dataset.state, t: performance.now() }))
    .observe(panel, { attributes: true, attributeFilter: ["data-state"] });
  window.__keyProbe = { take: () => samples.splice(0), states: () => states.splice(0) };
}"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def build_site(out: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    proc = subprocess.run([str(ROOT / ".venv/bin/mkdocs"), "build", "--quiet", "--clean", "-d", str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0 or not (out / "sw.js").exists():
        raise SystemExit(f"bench: the build failed\n{proc.stdout}\n{proc.stderr}")
    return elapsed


def add_bare_page(site: Path) -> None:
    bench = site / "bench"
    bench.mkdir(exist_ok=True)
    (bench / "index.html").write_text(BARE_HTML, "utf-8")
    (bench / "bare.mjs").write_text(BARE_SCRIPT, "utf-8")
    (bench / "bare-worker.mjs").write_text(BARE_WORKER, "utf-8")
    # The standard library as the npm package ships it (source): the site's own copy has
    # only the modules the calculators use, compiled (selfhost.reduced_stdlib), which
    # plain Pyodide does not; the site's worker needs no lock file. Served the same way, with a .gz copy.
    stdlib = (selfhost.PYODIDE_NPM / selfhost.STDLIB).read_bytes()
    (bench / selfhost.STDLIB).write_bytes(stdlib)
    (bench / f"{selfhost.STDLIB}.gz").write_bytes(gzip.compress(stdlib, 9))
    shutil.copy(selfhost.PYODIDE_NPM / selfhost.PYODIDE_LOCK, bench / selfhost.PYODIDE_LOCK)


def calculator_pages(site: Path) -> list[str]:
    pages = []
    for f in sorted(site.rglob("index.html")):
        rel = f.parent.relative_to(site).as_posix()
        if rel.startswith(("zh", "assets", "bench")):
            continue
        if re.search(r"<form[^>]*data-calculator=", f.read_text("utf-8")):
            pages.append("" if rel == "." else rel + "/")
    return pages


class Browser:
    """Headless Chromium with a profile directory that outlives restarts (``extra``:
    more command-line arguments)."""

    def __init__(self, playwright, profile: Path, extra: tuple[str, ...] = ()):
        self.playwright, self.profile, self.context, self.extra = playwright, profile, None, list(extra)

    def __enter__(self):
        self.context = self.playwright.chromium.launch_persistent_context(
            str(self.profile), executable_path=chromium.PATH, args=chromium.ARGS + self.extra, headless=True)
        return self.context

    def __exit__(self, *exc):
        self.context.close()


def new_page(context):
    return context.pages[0] if context.pages else context.new_page()


def measure_baseline(playwright, url: str, work: Path) -> dict:
    profile = Path(tempfile.mkdtemp(prefix="profile-", dir=work))
    out = {}
    for phase in ("cold", "warm"):
        with Browser(playwright, profile) as context:
            page = new_page(context)
            page.goto(url + "bench/", wait_until="domcontentloaded")
            page.wait_for_function("() => window.__baseline", timeout=300_000, polling=20)
            out[phase] = page.evaluate("window.__baseline.at") / 1000
    shutil.rmtree(profile, ignore_errors=True)
    return out


def measure_page(playwright, server, url: str, path: str, work: Path, changes: int, next_path: str,
                 offline: bool = True) -> dict:
    profile = Path(tempfile.mkdtemp(prefix="profile-", dir=work))
    out = {}
    with Browser(playwright, profile) as context:
        # What the server sent for this visit (the page's and its worker's requests).
        log = server.served = []
        page = new_page(context)
        page.goto(url + path, wait_until="domcontentloaded")
        first = page.evaluate(FIRST_RESULT_JS)
        until = time.perf_counter()
        out["cold"] = first["result"] / 1000
        out["cold_start"] = first["start"]
        out["cold_worker"] = first["worker"]
        mine = [r for r in log if r["t"] <= until]
        server.served = None
        out["cold_requests"] = len(mine)
        out["cold_bytes"] = sum(r["bytes"] for r in mine)
        out["cold_runtime_bytes"] = sum(r["bytes"] for r in mine if r["path"].startswith("/assets/runtime/"))
        # Let the first visit finish its background work: snapshot, offline cache, and
        # the runtime's JavaScript loaded once through that cache (code cache).
        page.wait_for_selector('[data-calc-status][data-snapshot]', state="attached", timeout=300_000)
        if offline:
            page.wait_for_selector("html[data-offline-ready]", state="attached", timeout=300_000)
            page.wait_for_selector("html[data-code-cache]:not([data-code-cache=warming])", state="attached",
                                   timeout=300_000)
            out["code_cache"] = page.get_attribute("html", "data-code-cache")
        out["snapshot"] = page.get_attribute("[data-calc-status]", "data-snapshot")
        out["snapshot_error"] = page.evaluate("window.__calculatorSnapshotError || null")
    with Browser(playwright, profile) as context:
        page = new_page(context)
        page.goto(url + path, wait_until="domcontentloaded")
        first = page.evaluate(FIRST_RESULT_JS)
        out["warm"] = first["result"] / 1000
        out["warm_start"] = first["start"]
        out["warm_worker"] = first["worker"]
        page.wait_for_selector("[data-calc-status][data-ready]", timeout=300_000)
        recalc = page.evaluate(RECALC_JS, changes)
        out["recalc_ms"], out["recalc_python_ms"] = recalc["times"], recalc["python"]
        # The reader moves on to another calculator.
        page.goto(url + next_path, wait_until="domcontentloaded")
        first = page.evaluate(FIRST_RESULT_JS)
        out["next"] = first["result"] / 1000
        out["next_start"] = first["start"]
    shutil.rmtree(profile, ignore_errors=True)
    return out


def measure_guidance(playwright, url: str, path: str, work: Path) -> dict:
    profile = Path(tempfile.mkdtemp(prefix="profile-", dir=work))
    with Browser(playwright, profile) as context:
        page = new_page(context)
        page.goto(url + path, wait_until="load")
        result = page.evaluate(LOAD_RESOURCES_JS)
    shutil.rmtree(profile, ignore_errors=True)
    return {"load_s": result["load"] / 1000, "requests": result["requests"], "bytes": result["bytes"],
            "runtime_requests": len(result["runtime"])}


def _type_while(page, busy, weights=("3", "4")) -> int:
    """Type into the fee form's weight field (select all, a digit) every 150 ms while
    ``busy()``; at least 20 changes. Returns the changes made."""
    page.focus("#fba-fee-weight")
    made = 0
    while made < 20 or busy():  # at least 20 changes: a file read quicker still gets a sample
        page.keyboard.press("Control+a")
        page.keyboard.press(weights[made % len(weights)])
        made += 1
        time.sleep(0.15)
        if made > 5000:
            break
    return made


def _latencies(samples: list[dict]) -> dict:
    out = {}
    for key in ("delay", "frame", "result"):
        values = [s[key] for s in samples if s.get(key) is not None]
        out[key] = {"n": len(values), "p50_ms": percentile(values, 0.5), "p95_ms": percentile(values, 0.95),
                    "max_ms": max(values) if values else None}
    return out


def measure_batch(playwright, url: str, work: Path, sizes: list[int]) -> dict:
    """A CSV file of products in the fba-fee page, typed into while it is read."""
    import csv

    import bench_batch

    profile = Path(tempfile.mkdtemp(prefix="profile-", dir=work))
    out = {"files": []}
    with Browser(playwright, profile) as context:
        page = new_page(context)
        page.goto(url + "calculators/fba-fee/", wait_until="domcontentloaded")
        page.wait_for_selector("[data-calc-status][data-ready]", timeout=300_000)
        # The first visit's background work done (snapshot, offline cache): a reader's
        # steady state, as measure_page's warm visit.
        page.wait_for_selector("[data-calc-status][data-snapshot]", state="attached", timeout=300_000)
        page.wait_for_selector("html[data-offline-ready]", state="attached", timeout=300_000)
        page.evaluate(KEY_PROBE_JS)
        page.click("[data-calc-batch] > summary")
        # The same typing with no file: what the latencies are compared with.
        page.wait_for_timeout(1000)
        _type_while(page, lambda: False)
        page.wait_for_timeout(500)
        out["idle"] = _latencies(page.evaluate("window.__keyProbe.take()"))
        for rows in sizes:
            source = work / f"catalogue-{rows}.csv"
            with source.open("w", encoding="utf-8", newline="") as f:
                writer = csv.writer(f, lineterminator="\r\n")
                writer.writerow(bench_batch.HEADER)
                writer.writerows(bench_batch.fba_fee_rows(rows))
            print(f"bench:   {rows:,} rows, {source.stat().st_size / 1e6:.1f} MB", file=sys.stderr, flush=True)
            page.evaluate("window.__keyProbe.states()")
            started = page.evaluate("performance.now()")
            page.set_input_files("[data-batch-file]", str(source))
            page.wait_for_selector("[data-calc-batch][data-state=reading]", state="attached", timeout=60_000)
            state = lambda: page.get_attribute("[data-calc-batch]", "data-state")  # noqa: E731
            typed = _type_while(page, lambda: state() == "reading")
            page.wait_for_selector("[data-calc-batch][data-state=done]", state="attached", timeout=1_800_000)
            done = [e["t"] for e in page.evaluate("window.__keyProbe.states()") if e["state"] == "done"]
            wall = (done[0] - started) / 1000  # choosing the file -> the table and downloads shown
            page.wait_for_timeout(500)
            timings = page.evaluate("window.__batchTimings")
            out["files"].append({
                "rows": rows, "bytes": source.stat().st_size, "wall_s": wall, "python_s": timings["ms"] / 1000,
                "rows_per_s": rows / (timings["ms"] / 1000), "failed": timings["failed"],
                "rows_done": timings["rows"], "wasm_memory_bytes": timings["wasmBytes"], "changes_typed": typed,
                "latency": _latencies(page.evaluate("window.__keyProbe.take()")),
                "page_js_heap_bytes": page.evaluate("performance.memory ? performance.memory.usedJSHeapSize : null"),
            })
            source.unlink()
    shutil.rmtree(profile, ignore_errors=True)
    return out


def print_batch(result: dict) -> None:
    def lat(sample: dict) -> str:
        return " / ".join(f"{fmt(sample[k]['p50_ms'], 'ms')}, {fmt(sample[k]['p95_ms'], 'ms')}, "
                          f"{fmt(sample[k]['max_ms'], 'ms')}" for k in ("delay", "frame", "result"))

    info = result["machine"]
    print(f"\nMachine: {info['nproc']} cores, {info['cpu']}, {info['chromium']}; "
          f"load average at start {info['loadavg_at_start']}\n")
    print("| CSV file in the fba-fee page | Rows/s (Python's worker) | Time: worker / wall | Key → handler, "
          "→ next frame, → new result (p50, p95, max) | Wasm memory after |")
    print("|---|---|---|---|---|")
    print(f"| No file (same typing) | | | {lat(result['idle'])} | |")
    for f in result["files"]:
        print(f"| {f['rows']:,} rows, {f['bytes'] / 1e6:.1f} MB ({f['failed']:,} with an error) | "
              f"{f['rows_per_s']:,.0f} | {f['python_s']:.1f} s / {f['wall_s']:.1f} s | {lat(f['latency'])} "
              f"({f['changes_typed']} changes) | {f['wasm_memory_bytes'] / 1048576:.0f} MiB |")
    first = result["files"][0] if result["files"] else None
    if first:
        worst = max(f["latency"]["result"]["max_ms"] or 0 for f in result["files"])
        p95 = max(f["latency"]["result"]["p95_ms"] or 0 for f in result["files"])
        print(f"\ntarget {first['rows']:,} rows in <= 10 s: {'met' if first['python_s'] <= 10 else 'MISSED'} "
              f"({first['python_s']:.1f} s)")
        print(f"target input answered within 100 ms while a file is read: {'met' if p95 <= 100 else 'MISSED'} "
              f"(key -> new result p95 {p95:.0f} ms, max {worst:.0f} ms)")


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        browser = subprocess.run([chromium.PATH, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except Exception:
        browser = "?"
    try:
        load = os.getloadavg()
    except OSError:
        load = None
    return {"nproc": os.cpu_count(), "cpu": cpu, "chromium": browser, "chromium_args": chromium.ARGS,
            "python": platform.python_version(), "loadavg_at_start": load}


def fmt(value, unit="s"):
    if value is None:
        return "–"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "x":
        return f"{value:.2f}×"
    return str(value)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pages", type=int, default=0, help="at most this many calculator pages (0: all)")
    parser.add_argument("--changes", type=int, default=200)
    parser.add_argument("--quick", action="store_true", help="1 run, 1 calculator page, 20 changes")
    parser.add_argument("--out", help="JSON file (default bench-results/bench.json; bench-batch.json with --batch; "
                        "bench-results/bench-network-MBIT-RTT.json per profile with --network)")
    parser.add_argument("--network", action="append", metavar="MBIT,RTT_MS",
                        help="measure on a played link (e.g. 20,60), against a plain-JavaScript page; repeatable")
    parser.add_argument("--batch", action="store_true", help="a CSV file in the fba-fee page instead (see above)")
    parser.add_argument("--batch-rows", default="10000,100000", help="file sizes in rows, comma-separated")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.pages, args.changes = 1, 1, 20
    if args.network:
        import bench_network

        for profile in args.network:
            static_server.Throttle.parse(profile)  # a bad profile fails now, not after the build
        return bench_network.main(args, args.network)

    from playwright.sync_api import sync_playwright

    if args.batch:
        return main_batch(args, sync_playwright)
    args.out = args.out or str(ROOT / "bench-results" / "bench.json")

    info = machine()
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        site = work / "site"
        build_s = build_site(site)
        add_bare_page(site)
        every_page = calculator_pages(site)
        pages = every_page[: args.pages] if args.pages else every_page
        # Each page's next page, for the move within a session (the first after the last).
        next_page = {path: every_page[(i + 1) % len(every_page)] for i, path in enumerate(every_page)}
        server = static_server.serve(site, 0)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        runs = []
        with sync_playwright() as playwright:
            for run in range(args.runs):
                print(f"bench: run {run + 1}/{args.runs}", file=sys.stderr, flush=True)
                one = {"baselines": [], "pages": {}, "guidance": {}}
                for path in pages:
                    print(f"bench:   {path}", file=sys.stderr, flush=True)
                    paired = measure_baseline(playwright, url, work)
                    one["baselines"].append(paired)
                    one["pages"][path] = {**measure_page(playwright, server, url, path, work, args.changes, next_page[path]),
                                          "baseline": paired}
                for path in GUIDANCE_PAGES:
                    one["guidance"][path or "/"] = measure_guidance(playwright, url, path, work)
                runs.append(one)
        server.shutdown()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    base_cold = median([b["cold"] for r in runs for b in r["baselines"]])
    base_warm = median([b["warm"] for r in runs for b in r["baselines"]])
    per_page = {}
    all_recalc = []
    for path in pages:
        samples = [r["pages"][path] for r in runs]
        recalc = [t for s in samples for t in s["recalc_ms"]]
        all_recalc += recalc
        cold, warm = median([s["cold"] for s in samples]), median([s["warm"] for s in samples])
        per_page[path] = {
            "cold_first_result_s": cold, "warm_first_result_s": warm,
            # Each run's time over the baseline measured just before it, then the median.
            "cold_vs_baseline_cold": median([s["cold"] / s["baseline"]["cold"] for s in samples]),
            "warm_vs_baseline_warm": median([s["warm"] / s["baseline"]["warm"] for s in samples]),
            "warm_starts": [s["warm_start"] for s in samples], "cold_starts": [s["cold_start"] for s in samples],
            "next_page": next_page[path], "next_first_result_s": median([s["next"] for s in samples]),
            "next_starts": [s["next_start"] for s in samples],
            "recalc_p50_ms": percentile(recalc, 0.5), "recalc_p95_ms": percentile(recalc, 0.95),
            "recalc_python_p50_ms": percentile([t for s in samples for t in s["recalc_python_ms"]], 0.5),
            "recalc_python_p95_ms": percentile([t for s in samples for t in s["recalc_python_ms"]], 0.95),
            "recalc_changes": len(recalc),
            "cold_requests": median([s["cold_requests"] for s in samples]),
            "cold_bytes": median([s["cold_bytes"] for s in samples]),
            "cold_runtime_bytes": median([s["cold_runtime_bytes"] for s in samples]),
            "runs": samples,
        }
    guidance = {}
    for path in runs[0]["guidance"]:
        samples = [r["guidance"][path] for r in runs]
        guidance[path] = {key: median([s[key] for s in samples]) for key in samples[0]}
    worst_cold = max((p["cold_vs_baseline_cold"] or 0) for p in per_page.values()) if per_page else None
    worst_warm = max((p["warm_vs_baseline_warm"] or 0) for p in per_page.values()) if per_page else None
    p95 = percentile(all_recalc, 0.95)
    next_all = median([s["next"] for r in runs for s in r["pages"].values()])
    result = {
        "machine": info,
        "runs": args.runs,
        "build": {"seconds": build_s},
        "baseline": {"cold_s": base_cold, "warm_s": base_warm, "runs": [r["baselines"] for r in runs]},
        "calculator_pages": per_page,
        "recalculation": {"changes": len(all_recalc), "p50_ms": percentile(all_recalc, 0.5), "p95_ms": p95},
        "next_page": {"first_result_s": next_all,
                      "starts": sorted({s["next_start"] for r in runs for s in r["pages"].values()})},
        "guidance_pages": guidance,
        "targets": {
            "warm_first_result_le_0.3x_baseline_warm": {"worst": worst_warm, "met": worst_warm is not None and worst_warm <= 0.3},
            "cold_first_result_le_1.1x_baseline_cold": {"worst": worst_cold, "met": worst_cold is not None and worst_cold <= 1.1},
            "recalc_p95_le_30ms": {"value": p95, "met": p95 <= 30},
            "guidance_no_pyodide_bytes_before_load": {
                "met": all(g["runtime_requests"] == 0 for g in guidance.values())},
        },
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", "utf-8")

    print(f"\nMachine: {info['nproc']} cores, {info['cpu']}, {info['chromium']}; "
          f"load average at start {info['loadavg_at_start']}; medians of {args.runs} run(s)\n")
    print("| Measure | Value | Ratio to baseline |")
    print("|---|---|---|")
    print(f"| Build the site (both languages, wheel, runtime, sw.js, .gz) | {fmt(build_s)} | |")
    print(f"| Baseline: bare page, Pyodide + import calculators, cold (median of all pairs) | {fmt(base_cold)} | 1.00× |")
    print(f"| Baseline: same, warm | {fmt(base_warm)} | 1.00× |")
    for path, p in per_page.items():
        print(f"| `{path}` first result, cold | {fmt(p['cold_first_result_s'])} | {fmt(p['cold_vs_baseline_cold'], 'x')} of cold |")
        print(f"| `{path}` first result, warm ({'/'.join(sorted(set(map(str, p['warm_starts']))))}) | "
              f"{fmt(p['warm_first_result_s'])} | {fmt(p['warm_vs_baseline_warm'], 'x')} of warm |")
    print(f"| Next calculator page, same browser, first result ({'/'.join(result['next_page']['starts'])}; "
          f"median of all pages) | {fmt(next_all)} | {fmt(next_all / base_warm if next_all and base_warm else None, 'x')} "
          f"of warm |")
    print(f"| Recalculation, input → result in the DOM, {len(all_recalc)} changes | "
          f"p50 {fmt(result['recalculation']['p50_ms'], 'ms')}, p95 {fmt(p95, 'ms')} | |")
    for path, g in guidance.items():
        print(f"| Guidance `{path}` before load: requests, bytes, runtime requests | "
              f"{g['requests']:.0f}, {g['bytes'] / 1024:.0f} KiB, {g['runtime_requests']:.0f} | |")
    for path, p in per_page.items():
        print(f"| `{path}` cold, up to the first result: requests, bytes (runtime) | "
              f"{p['cold_requests']:.0f}, {p['cold_bytes'] / 1048576:.1f} MiB ({p['cold_runtime_bytes'] / 1048576:.1f} MiB) | |")
    print()
    for name, target in result["targets"].items():
        print(f"target {name}: {'met' if target['met'] else 'MISSED'} {json.dumps({k: v for k, v in target.items() if k != 'met'})}")
    print(f"\nJSON: {out}")
    return 0


def main_batch(args, sync_playwright) -> int:
    info = machine()
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        site = work / "site"
        build_site(site)
        server = static_server.serve(site, 0)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        with sync_playwright() as playwright:
            result = {"machine": info, **measure_batch(playwright, url, work,
                                                       [int(n) for n in args.batch_rows.split(",")])}
        server.shutdown()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    out = Path(args.out or ROOT / "bench-results" / "bench-batch.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    print_batch(result)
    print(f"\nJSON: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

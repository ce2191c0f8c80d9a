"""The benchmark on a played network link: ``scripts/bench --network MBIT,RTT_MS``.

The built site is served through a local throttle (``static_server.Throttle``: one
round trip before each response, the bandwidth shared by all responses) over https,
with a certificate made for the run, so that the browser gets the build's brotli
copies as from a real host. The benchmark's browser is told to trust that certificate
by its key (``--ignore-certificate-errors-spki-list``): told to ignore certificate
errors instead, Chromium would keep nothing in its HTTP cache, and warm visits would
download everything again. Measured in headless Chromium, in one run:

1. the floor: a static page with the same form as ``fba-fee`` (the site's styles, no
   Python) whose result a few lines of plain JavaScript work out: what a hand-written
   JavaScript calculator gives on the same link. Cold (new profile) and warm (same
   profile, browser restarted), measured again right before each calculator page;
2. every calculator page, cold and warm: navigation start -> the result of an input
   typed as soon as the page's DOM is there (as ``scripts/bench``), with the bytes
   the server sent before that result (the page's and its worker's requests), and
   each time's ratio to the floor measured just before it;
3. a guidance page first (``guide/fba/``, which links to calculators), left open until
   its background download of the runtime is done, then ``fba-fee``: the first
   result, and the bytes and time that background download took;
4. ``fba-fee`` cold from a host that has no brotli copies (gzip only): bytes and time.

Chromium 156 offers brotli to http://127.0.0.1 too, but to other hosts only over https,
so the benchmark serves https as a real host would.

Prints a table of medians per profile, with the load average at the start and end,
and writes JSON (``bench-results/bench-network-MBIT-RTT.json``).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import bench
import static_server

FLOOR = "bench/floor/"
GUIDANCE_PAGE = "guide/fba/"
MAIN_PAGE = "calculators/fba-fee/"

# A file, not an inline script: the server sends the site's Content-Security-Policy
# (scripts/csp.py), which runs no inline script it has no hash for.
FLOOR_SCRIPT = """(function () {
  // The floor: the same form, its result worked out by a few lines of plain JavaScript.
  var form = document.querySelector("form[data-calculator]");
  var box = form.querySelector("[data-calc-result]");
  function calculate() {
    var values = Array.prototype.map.call(form.querySelectorAll('input[inputmode="decimal"]'), function (input) {
      return parseFloat(input.value.replace(/,/g, "")) || 0;
    });
    var volume = values.slice(0, 3).reduce(function (a, b) { return a * b; }, 1);
    var sum = values.reduce(function (a, b) { return a + b; }, 0);
    box.innerHTML = "<h3>Result</h3><table class=calc-summary><tbody><tr><th>Volume</th><td>" + volume.toFixed(2) +
      "</td></tr><tr><th>Sum of the inputs</th><td>" + sum.toFixed(2) + "</td></tr></tbody></table>";
    form.dataset.revision = String(Number(form.dataset.revision || 0) + 1);
  }
  form.addEventListener("input", calculate);
  form.addEventListener("change", calculate);
})();
"""


def add_floor_page(site: Path) -> None:
    """``bench/floor/``: fba-fee's form and stylesheets, and the plain script above."""
    page = (site / MAIN_PAGE / "index.html").read_text("utf-8")
    styles = "".join(re.findall(r'<link rel="stylesheet"[^>]*>', page))
    form = re.search(r'<form class="calc" data-calculator=.*?</form>', page, re.S).group(0)
    floor = site / FLOOR
    floor.mkdir(parents=True, exist_ok=True)
    # The same depth as the calculator pages, so the stylesheets' relative paths hold.
    assert FLOOR.count("/") == MAIN_PAGE.count("/")
    (floor / "index.html").write_text(
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>Floor: the same form in plain JavaScript</title>{styles}</head>"
        '<body><div class="md-container"><main class="md-main"><div class="md-main__inner md-grid">'
        '<div class="md-content"><article class="md-content__inner md-typeset">'
        f"<h1>The same form, plain JavaScript</h1>{form}</article></div></div></main></div>"
        '<script src="floor.js"></script></body></html>\n', "utf-8")
    (floor / "floor.js").write_text(FLOOR_SCRIPT, "utf-8")


def make_certificate(work: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, valid for a day (Debian's openssl)."""
    cert, key = work / "cert.pem", work / "key.pem"
    proc = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
                           "-addext", "subjectAltName=IP:127.0.0.1", "-days", "1",
                           "-keyout", str(key), "-out", str(cert)], capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"bench: openssl could not make a certificate:\n{proc.stderr}")
    return cert, key


def trusting(cert: Path) -> tuple[str, ...]:
    """Chromium's arguments to trust this certificate: the SHA-256 of its public key."""
    key = subprocess.run(["openssl", "x509", "-in", str(cert), "-pubkey", "-noout"], capture_output=True, check=True).stdout
    der = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "der"], input=key, capture_output=True,
                         check=True).stdout
    return (f"--ignore-certificate-errors-spki-list={base64.b64encode(hashlib.sha256(der).digest()).decode()}",)


def visit_bytes(log: list[dict], until: float) -> dict:
    mine = [r for r in log if r["t"] <= until]
    return {"requests": len(mine), "bytes": sum(r["bytes"] for r in mine),
            "runtime_bytes": sum(r["bytes"] for r in mine if r["path"].startswith("/assets/runtime/")),
            "encodings": sorted({r["encoding"] for r in mine if r["bytes"] > 16 * 1024}),
            "runtime_done_s": max((r.get("done", r["t"]) - mine[0]["t"] for r in mine
                                   if r["path"].startswith("/assets/runtime/")), default=None)}


def measure_floor(playwright, browser_args: tuple[str, ...], server, url: str, work: Path) -> dict:
    profile = Path(tempfile.mkdtemp(prefix="profile-", dir=work))
    out = {}
    for phase in ("cold", "warm"):
        with bench.Browser(playwright, profile, browser_args) as context:
            log = server.served = []
            page = bench.new_page(context)
            page.goto(url + FLOOR, wait_until="domcontentloaded")
            first = page.evaluate(bench.FIRST_RESULT_JS)
            out[phase] = first["result"] / 1000
            out[f"{phase}_bytes"] = visit_bytes(log, time.perf_counter())["bytes"]
            server.served = None
    shutil.rmtree(profile, ignore_errors=True)
    return out


def measure_calculator(playwright, browser_args: tuple[str, ...], server, url: str, path: str, work: Path) -> dict:
    """Cold, then warm once the first visit has left its snapshot and offline copy."""
    profile = Path(tempfile.mkdtemp(prefix="profile-", dir=work))
    out = {}
    with bench.Browser(playwright, profile, browser_args) as context:
        log = server.served = []
        page = bench.new_page(context)
        page.goto(url + path, wait_until="domcontentloaded")
        first = page.evaluate(bench.FIRST_RESULT_JS)
        out.update(cold=first["result"] / 1000, cold_start=first["start"], cold_worker=first["worker"],
                   cold_visit=visit_bytes(log, time.perf_counter()))
        server.served = None
        page.wait_for_selector('[data-calc-status][data-snapshot]', state="attached", timeout=600_000)
        page.wait_for_selector("html[data-offline-ready]", state="attached", timeout=600_000)
        page.wait_for_selector("html[data-code-cache]:not([data-code-cache=warming])", state="attached",
                               timeout=600_000)
    with bench.Browser(playwright, profile, browser_args) as context:
        log = server.served = []
        page = bench.new_page(context)
        page.goto(url + path, wait_until="domcontentloaded")
        first = page.evaluate(bench.FIRST_RESULT_JS)
        out.update(warm=first["result"] / 1000, warm_start=first["start"],
                   warm_bytes=visit_bytes(log, time.perf_counter())["bytes"])
        server.served = None
    shutil.rmtree(profile, ignore_errors=True)
    return out


def measure_guidance_first(playwright, browser_args: tuple[str, ...], server, url: str, work: Path) -> dict:
    """A guidance page, open until the runtime is cached in the background, then the
    calculator."""
    profile = Path(tempfile.mkdtemp(prefix="profile-", dir=work))
    with bench.Browser(playwright, profile, browser_args) as context:
        log = server.served = []
        page = bench.new_page(context)
        started = time.perf_counter()
        page.goto(url + GUIDANCE_PAGE, wait_until="load")
        page.wait_for_selector("html[data-offline-ready]", state="attached", timeout=600_000)
        cached_s = time.perf_counter() - started
        background = visit_bytes(log, time.perf_counter())
        server.served = None
        page.goto(url + MAIN_PAGE, wait_until="domcontentloaded")
        first = page.evaluate(bench.FIRST_RESULT_JS)
    shutil.rmtree(profile, ignore_errors=True)
    return {"runtime_cached_s": cached_s, "background_bytes": background["bytes"],
            "first_result": first["result"] / 1000, "start": first["start"]}


def measure_gzip_only(playwright, browser_args: tuple[str, ...], server, url: str, work: Path) -> dict:
    """fba-fee cold from a host that serves gzip only."""
    profile = Path(tempfile.mkdtemp(prefix="profile-", dir=work))
    with bench.Browser(playwright, profile, browser_args) as context:
        log = server.served = []
        page = bench.new_page(context)
        page.goto(url + MAIN_PAGE, wait_until="domcontentloaded")
        first = page.evaluate(bench.FIRST_RESULT_JS)
        visit = visit_bytes(log, time.perf_counter())
        server.served = None
    shutil.rmtree(profile, ignore_errors=True)
    return {"cold": first["result"] / 1000, **visit}


def run_profile(playwright, site: Path, work: Path, profile: str, pages: list[str], runs: int) -> dict:
    throttle = static_server.Throttle.parse(profile)
    cert, key = make_certificate(work)
    browser_args = trusting(cert)
    https = static_server.serve(site, 0, tls=(cert, key), throttle=throttle)
    # The same link, from a host without brotli.
    gzip_host = static_server.serve(site, 0, tls=(cert, key), throttle=throttle, codings=("gzip",))
    for server in (https, gzip_host):
        threading.Thread(target=server.serve_forever, daemon=True).start()
    secure = f"https://127.0.0.1:{https.server_address[1]}/"
    gzip_url = f"https://127.0.0.1:{gzip_host.server_address[1]}/"
    load_start = os.getloadavg()
    out = {"profile": {"mbit": throttle.bytes_per_s * 8 / 1e6, "rtt_ms": throttle.rtt * 1000},
           "loadavg_at_start": load_start, "runs": []}
    try:
        for run in range(runs):
            print(f"bench: {profile}: run {run + 1}/{runs}", file=sys.stderr, flush=True)
            one = {"pages": {}}
            for path in pages:
                print(f"bench:   {path}", file=sys.stderr, flush=True)
                floor = measure_floor(playwright, browser_args, https, secure, work)
                one["pages"][path] = {**measure_calculator(playwright, browser_args, https, secure, path, work), "floor": floor}
            print("bench:   guidance page first, then fba-fee; fba-fee from a host without brotli",
                  file=sys.stderr, flush=True)
            one["guidance_first"] = measure_guidance_first(playwright, browser_args, https, secure, work)
            one["gzip_only"] = measure_gzip_only(playwright, browser_args, gzip_host, gzip_url, work)
            out["runs"].append(one)
    finally:
        for server in (https, gzip_host):
            server.shutdown()
            server.server_close()
    out["loadavg_at_end"] = os.getloadavg()
    return out


# Where a cold visit's time goes, from the worker's timings (its clock moved to the
# page's) and the server's log (its clock starts with the page's request).
TIMELINE = (("worker created by the page", "page", "pageWorkerCreated"), ("worker started", "worker", "workerStart"),
            ("runtime's last byte sent (server clock, from the page's response)", "server", "runtime_done_s"),
            ("wasm compiled", "worker", "wasmCompiled"), ("Python started", "worker", "pyodide"),
            ("calculators imported (ready)", "worker", "ready"), ("first result", "page", "result"))


def timeline(samples: list[dict]) -> dict[str, float]:
    out = {}
    for label, clock, key in TIMELINE:
        values = []
        for s in samples:
            worker = s["cold_worker"] or {}
            if clock == "server":
                value = s["cold_visit"].get(key)
            elif key == "result":
                value = s["cold"]
            elif clock == "page":
                value = worker.get(key, 0) / 1000 if key in worker else None
            else:
                value = (worker[key] + worker["workerOrigin"]) / 1000 if key in worker else None
            values.append(value)
        out[label] = bench.median(values)
    return out


def summarise(data: dict, pages: list[str]) -> dict:
    med = bench.median
    runs = data["runs"]
    per_page = {}
    for path in pages:
        samples = [r["pages"][path] for r in runs]
        per_page[path] = {
            "cold_s": med([s["cold"] for s in samples]), "warm_s": med([s["warm"] for s in samples]),
            # Each visit over the floor measured just before it, then the median.
            "cold_vs_floor": med([s["cold"] / s["floor"]["cold"] for s in samples]),
            "warm_vs_floor": med([s["warm"] / s["floor"]["warm"] for s in samples]),
            "cold_bytes": med([s["cold_visit"]["bytes"] for s in samples]),
            "cold_runtime_bytes": med([s["cold_visit"]["runtime_bytes"] for s in samples]),
            "cold_requests": med([s["cold_visit"]["requests"] for s in samples]),
            "runtime_done_s": med([s["cold_visit"]["runtime_done_s"] for s in samples]),
            "encodings": sorted({e for s in samples for e in s["cold_visit"]["encodings"]}),
            "cold_starts": [s["cold_start"] for s in samples], "warm_starts": [s["warm_start"] for s in samples],
            "warm_bytes": med([s["warm_bytes"] for s in samples]),
        }
    floors = [s["floor"] for r in runs for s in r["pages"].values()]
    floor = {"cold_s": med([f["cold"] for f in floors]), "warm_s": med([f["warm"] for f in floors]),
             "cold_bytes": med([f["cold_bytes"] for f in floors]), "warm_bytes": med([f["warm_bytes"] for f in floors])}
    guidance = {key: med([r["guidance_first"][key] for r in runs])
                for key in ("runtime_cached_s", "background_bytes", "first_result")}
    guidance["starts"] = sorted({r["guidance_first"]["start"] for r in runs})
    gzip_only = {key: med([r["gzip_only"][key] for r in runs]) for key in ("cold", "bytes", "runtime_bytes")}
    gzip_only["encodings"] = sorted({e for r in runs for e in r["gzip_only"]["encodings"]})
    main = per_page.get(MAIN_PAGE)
    if main:
        main["timeline"] = timeline([r["pages"][MAIN_PAGE] for r in runs])
    mib = 1024 * 1024
    targets = {}
    if main:
        slow = data["profile"]["mbit"] <= 5
        targets = {
            "fba_fee_bytes_br_le_3.5MiB": {"value": main["cold_bytes"] / mib, "met": main["cold_bytes"] <= 3.5 * mib},
            "fba_fee_bytes_gzip_only_le_4.5MiB": {"value": gzip_only["bytes"] / mib,
                                                  "met": gzip_only["bytes"] <= 4.5 * mib},
            ("fba_fee_cold_le_6s" if slow else "fba_fee_cold_le_2.5s"): {
                "value": main["cold_s"], "met": main["cold_s"] <= (6 if slow else 2.5)},
            "fba_fee_cold_le_3x_floor": {"value": main["cold_vs_floor"], "met": main["cold_vs_floor"] <= 3},
            "warm_le_1.2x_floor_every_page": {"worst": max(p["warm_vs_floor"] for p in per_page.values()),
                                              "met": all(p["warm_vs_floor"] <= 1.2 for p in per_page.values())},
        }
    return {"pages": per_page, "floor": floor, "guidance_first": guidance, "gzip_only": gzip_only,
            "targets": targets}


def print_table(profile: str, data: dict, summary: dict, runs: int) -> None:
    p = data["profile"]
    kib, mib = 1024, 1024 * 1024
    print(f"\n### {p['mbit']:g} Mbit/s, {p['rtt_ms']:g} ms round trip (https, brotli)\n")
    print(f"Load average at the start {tuple(round(x, 2) for x in data['loadavg_at_start'])}, at the end "
          f"{tuple(round(x, 2) for x in data['loadavg_at_end'])}; medians of {runs} run(s).\n")
    print("| Page | Cold first result | ÷ floor | Warm first result | ÷ floor | Bytes before the first result, cold |")
    print("|---|---|---|---|---|---|")
    f = summary["floor"]
    print(f"| Floor: the same form, plain JavaScript | {f['cold_s']:.2f} s | 1.00× | {f['warm_s']:.2f} s | 1.00× | "
          f"{f['cold_bytes'] / kib:.0f} KiB |")
    for path, s in summary["pages"].items():
        print(f"| `{path}` | {s['cold_s']:.2f} s | {s['cold_vs_floor']:.2f}× | {s['warm_s']:.2f} s | "
              f"{s['warm_vs_floor']:.2f}× | {s['cold_bytes'] / mib:.2f} MiB ({s['cold_runtime_bytes'] / mib:.2f} MiB "
              f"runtime, {s['cold_requests']:.0f} requests) |")
    g, z = summary["guidance_first"], summary["gzip_only"]
    print(f"| `{MAIN_PAGE}` after a guidance page cached the runtime ({g['runtime_cached_s']:.1f} s, "
          f"{g['background_bytes'] / mib:.2f} MiB in the background; {'/'.join(map(str, g['starts']))}) | | | "
          f"{g['first_result']:.2f} s | {g['first_result'] / f['warm_s']:.2f}× | |")
    print(f"| `{MAIN_PAGE}` from a host without brotli (gzip) | {z['cold']:.2f} s | {z['cold'] / f['cold_s']:.2f}× | | | "
          f"{z['bytes'] / mib:.2f} MiB ({z['runtime_bytes'] / mib:.2f} MiB runtime) |")
    if summary["pages"].get(MAIN_PAGE, {}).get("timeline"):
        steps = "; ".join(f"{label} {value:.2f} s" for label, value in summary["pages"][MAIN_PAGE]["timeline"].items()
                          if value is not None)
        print(f"\nWhere `{MAIN_PAGE}`'s cold visit goes (medians, from navigation start): {steps}.")
    print()
    for name, target in summary["targets"].items():
        shown = {k: round(v, 3) if isinstance(v, float) else v for k, v in target.items() if k != "met"}
        print(f"target {name}: {'met' if target['met'] else 'MISSED'} {json.dumps(shown)}")


def main(args, profiles: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    info = bench.machine()
    work = Path(tempfile.mkdtemp(prefix="bench-network-"))
    results = {}
    try:
        site = work / "site"
        build_s = bench.build_site(site)
        add_floor_page(site)
        every_page = bench.calculator_pages(site)
        pages = every_page[: args.pages] if args.pages else every_page
        if MAIN_PAGE in every_page and MAIN_PAGE not in pages:
            pages = [MAIN_PAGE] + pages[:-1] if pages else [MAIN_PAGE]
        with sync_playwright() as playwright:
            for profile in profiles:
                data = run_profile(playwright, site, work, profile, pages, args.runs)
                results[profile] = (data, summarise(data, pages))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"\nMachine: {info['nproc']} cores, {info['cpu']}, {info['chromium']}; build {build_s:.1f} s")
    for profile, (data, summary) in results.items():
        print_table(profile, data, summary, args.runs)
        out = Path(args.out) if args.out and len(profiles) == 1 else (
            bench.ROOT / "bench-results" / f"bench-network-{profile.replace(',', '-')}.json")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps({"machine": info, "runs": args.runs, "build_s": build_s, "summary": summary,
                                   "data": data}, indent=2) + "\n", "utf-8")
        print(f"\nJSON: {out}")
    return 0

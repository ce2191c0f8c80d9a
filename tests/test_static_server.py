"""What the build and scripts/static_server give a host: pre-compressed copies (brotli
and gzip), types, cache headers (the README's hosting section asks the same of nginx
and others), and the played link the benchmark measures on (https, throttle)."""

from __future__ import annotations

import gzip
import json
import ssl
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import brotli
import pytest

import bench_network
import selfhost
import static_server

WASM = "assets/runtime/pyodide/pyodide.asm.wasm"
UNVERIFIED = ssl._create_unverified_context()  # the run's own self-signed certificate


def get(url: str, **headers):
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60, context=UNVERIFIED if url.startswith("https") else None) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as err:  # 304 comes back as an "error"
        return err.code, err.headers, b""


def decoded(body: bytes, coding: str | None) -> bytes:
    return {"br": brotli.decompress, "gzip": gzip.decompress}.get(coding, lambda b: b)(body)


@pytest.fixture(scope="module")
def server_for(built_site, tmp_path_factory):
    """A function starting scripts/static_server on the built site with some options:
    (**options) -> url; every server stops at the end of the module."""
    started = []

    def start(**options) -> str:
        if options.pop("https", False):
            options["tls"] = bench_network.make_certificate(tmp_path_factory.mktemp("tls"))
        server = static_server.serve(built_site, 0, **options)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        started.append(server)
        return f"{'https' if 'tls' in options else 'http'}://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in started:
        server.shutdown()
        server.server_close()


def test_every_compressed_copy_is_complete_and_smaller(built_site):
    copies = sorted(built_site.rglob("*.br")) + sorted(built_site.rglob("*.gz"))
    originals = {c.with_suffix("") for c in copies}
    for rel in (WASM, "assets/runtime/pyodide/python_stdlib.zip", "assets/runtime/pyodide/pyodide.asm.mjs",
                "search/search_index.json", "index.html", "assets/calculators/worker.mjs"):
        assert built_site / rel in originals, rel
    for copy in copies:
        original = copy.with_suffix("").read_bytes()
        data = copy.read_bytes()
        assert decoded(data, "br" if copy.suffix == ".br" else "gzip") == original, copy
        assert len(data) <= 0.9 * len(original), copy
    # Each large file has both, brotli the smaller; small files are left alone.
    for original in originals:
        br, gz = original.with_name(original.name + ".br"), original.with_name(original.name + ".gz")
        assert br.exists() and gz.exists() and br.stat().st_size < gz.stat().st_size, original
    small = [f for f in built_site.rglob("*.js") if f.stat().st_size < selfhost.PRECOMPRESS_MIN_BYTES]
    assert small and not [f for f in small if f.with_name(f.name + ".gz").exists() or f.with_name(f.name + ".br").exists()]


def test_the_runtime_manifest_lists_the_sizes_a_start_downloads(built_site):
    runtime = built_site / "assets" / "runtime"
    files = json.loads((runtime / "manifest.json").read_text())["files"]
    assert {"pyodide/pyodide.asm.wasm", "pyodide/python_stdlib.zip", "pyodide/pyodide.asm.mjs"} <= set(files)
    for rel, sizes in files.items():
        f = runtime / rel
        assert sizes == {"bytes": f.stat().st_size, "gzip": (runtime / f"{rel}.gz").stat().st_size,
                         "br": (runtime / f"{rel}.br").stat().st_size}, rel


@pytest.mark.parametrize("accept, coding", [
    ("gzip, deflate, br, zstd", "br"),  # what Chromium sends over https
    ("br;q=1.0, gzip;q=0.8, *;q=0.1", "br"),
    ("gzip", "gzip"),
    ("br;q=0, gzip", "gzip"),
    ("*", "br"),
    ("gzip;q=0, br;q=0", None),
    ("identity", None),
    ("deflate", None),
    ("", None),
])
def test_a_copy_goes_only_to_a_client_that_takes_its_coding(server_for, built_site, accept, coding):
    url = server_for()
    original = (built_site / WASM).read_bytes()
    status, headers, body = get(url + WASM, **{"Accept-Encoding": accept})
    assert status == 200 and headers.get("Content-Encoding") == coding
    assert headers["Content-Type"] == "application/wasm" and headers["Cache-Control"] == "no-cache"
    assert decoded(body, coding) == original
    if coding:
        assert "Accept-Encoding" in headers["Vary"] and len(body) < len(original)


def test_never_a_copy_for_a_range_and_never_brotli_from_a_host_without_it(server_for, built_site):
    original = (built_site / WASM).read_bytes()
    url = server_for()
    status, headers, body = get(url + WASM, **{"Accept-Encoding": "br, gzip", "Range": "bytes=0-3"})
    assert headers.get("Content-Encoding") is None and original.startswith(body) and body
    gzip_only = server_for(codings=("gzip",))
    _, headers, body = get(gzip_only + WASM, **{"Accept-Encoding": "br, gzip"})
    assert headers["Content-Encoding"] == "gzip" and gzip.decompress(body) == original


def test_revalidation_and_long_caching_go_by_the_file_name(server_for, built_site):
    url = server_for()
    bundle = next((built_site / "assets" / "javascripts").glob("bundle.*.min.js")).relative_to(built_site)
    _, headers, _ = get(url + bundle.as_posix())
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    _, headers, _ = get(url + "assets/calculators/worker.mjs")
    assert headers["Content-Type"] == "text/javascript" and headers["Cache-Control"] == "no-cache"
    status, headers, _ = get(url + "zh/calculators/fba-fee/", **{"Accept-Encoding": "br"})
    assert status == 200 and headers["Cache-Control"] == "no-cache" and headers["Content-Encoding"] == "br"
    # A page not changed since the browser's copy: 304, nothing sent again.
    status, _, body = get(url + "zh/calculators/fba-fee/", **{"Accept-Encoding": "br",
                                                              "If-Modified-Since": headers["Last-Modified"]})
    assert status == 304 and body == b""


def test_accepted_codings_follow_the_q_values():
    assert static_server.accepted_codings("gzip, deflate, br") == {"br", "gzip"}
    assert static_server.accepted_codings("BR;Q=0.5") == {"br"}
    assert static_server.accepted_codings("br;q=0, *") == {"gzip"}
    assert static_server.accepted_codings("*;q=0") == set()
    assert static_server.accepted_codings("br;q=bad, gzip;q=0.001") == {"gzip"}


def test_the_played_link_sends_the_right_bytes_no_faster_than_it_allows(server_for, built_site):
    """Over https, through a 40 Mbit/s link with a 100 ms round trip: each file's bytes
    exactly, compressed as asked; a file takes at least a round trip plus its bytes at
    that rate, and two at once share it (lower bounds only: a busy machine is slower)."""
    mbit, rtt = 40, 100
    url = server_for(https=True, throttle=static_server.Throttle(mbit, rtt))
    rate = mbit * 1e6 / 8
    files = {WASM: "br", "assets/runtime/pyodide/python_stdlib.zip": "gzip", "index.html": None}
    accept = {"br": "br", "gzip": "gzip", None: "identity"}
    for rel, coding in files.items():
        original = (built_site / rel).read_bytes()
        started = time.perf_counter()
        status, headers, body = get(url + rel, **{"Accept-Encoding": accept[coding]})
        took = time.perf_counter() - started
        assert status == 200 and headers.get("Content-Encoding") == coding and decoded(body, coding) == original, rel
        assert took >= rtt / 1000 + len(body) / rate * 0.95, (rel, took)
    # Two transfers at once share the link.
    wasm_br = (built_site / f"{WASM}.br").stat().st_size
    started = time.perf_counter()
    with ThreadPoolExecutor(2) as pool:
        bodies = list(pool.map(lambda _: get(url + WASM, **{"Accept-Encoding": "br"})[2], range(2)))
    took = time.perf_counter() - started
    assert [len(b) for b in bodies] == [wasm_br, wasm_br]
    assert took >= rtt / 1000 + 2 * wasm_br / rate * 0.95, took


def test_a_throttle_profile_reads_as_mbit_and_round_trip():
    throttle = static_server.Throttle.parse("5,150")
    assert throttle.bytes_per_s == 625_000 and throttle.rtt == 0.15
    for bad in ("5", "0,10", "a,b", "5,-1"):
        with pytest.raises(ValueError):
            static_server.Throttle.parse(bad)

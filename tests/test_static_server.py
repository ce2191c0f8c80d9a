"""What the build and scripts/static_server give a host: pre-compressed copies, types,
cache headers, the Content-Security-Policy header (the README's hosting section asks
the same of nginx and others)."""

from __future__ import annotations

import gzip
import urllib.error
import urllib.request

import selfhost

WASM = "assets/runtime/pyodide/pyodide.asm.wasm"


def get(url: str, **headers):
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as err:  # 304 comes back as an "error"
        return err.code, err.headers, b""


def test_the_build_writes_gzip_copies_of_the_large_files(built_site):
    for rel in (WASM, "assets/runtime/pyodide/pyodide.asm.mjs", "search/search_index.json", "index.html"):
        original = (built_site / rel).read_bytes()
        copy = (built_site / f"{rel}.gz").read_bytes()
        assert gzip.decompress(copy) == original, rel
        assert len(copy) < 0.9 * len(original), rel
    # Small files are left alone.
    small = built_site / "assets" / "calculators" / "code-cache.mjs"
    assert small.stat().st_size < selfhost.PRECOMPRESS_MIN_BYTES and not small.with_name(small.name + ".gz").exists()


def test_the_wasm_goes_out_compressed_to_who_takes_gzip_and_plain_to_others(site_url, built_site):
    original = (built_site / WASM).read_bytes()
    status, headers, body = get(site_url + WASM, **{"Accept-Encoding": "gzip, br"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Content-Type"] == "application/wasm"
    assert "Accept-Encoding" in headers["Vary"]
    assert headers["Cache-Control"] == "no-cache"
    assert len(body) < len(original) and gzip.decompress(body) == original

    status, headers, body = get(site_url + WASM)
    assert status == 200 and headers.get("Content-Encoding") is None and body == original

    # A range request gets the file's own bytes, never the .gz.
    status, headers, body = get(site_url + WASM, **{"Accept-Encoding": "gzip", "Range": "bytes=0-3"})
    assert headers.get("Content-Encoding") is None and original.startswith(body) and body


def test_revalidation_and_long_caching_go_by_the_file_name(site_url, built_site):
    bundle = next((built_site / "assets" / "javascripts").glob("bundle.*.min.js")).relative_to(built_site)
    _, headers, _ = get(site_url + bundle.as_posix())
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    _, headers, _ = get(site_url + "assets/calculators/worker.mjs")
    assert headers["Content-Type"] == "text/javascript" and headers["Cache-Control"] == "no-cache"
    status, headers, _ = get(site_url + "zh/calculators/fba-fee/", **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Cache-Control"] == "no-cache"
    # A page not changed since the browser's copy: 304, nothing sent again.
    status, _, body = get(site_url + "zh/calculators/fba-fee/", **{"Accept-Encoding": "gzip",
                                                                 "If-Modified-Since": headers["Last-Modified"]})
    assert status == 304 and body == b""


def test_every_response_carries_the_build_s_policy_as_a_header(site_url, built_site, origin):
    policy = (built_site / "csp" / "policy.txt").read_text("utf-8").strip()
    for path in ("", "zh/calculators/fba-fee/", "assets/calculators/worker.mjs", "sw.js", WASM):
        _, headers, _ = get(site_url + path, **{"Accept-Encoding": "gzip"})
        assert headers["Content-Security-Policy"] == policy, path
    # With a report address (the tests' collector), the header asks for reports there.
    url, server, _ = origin
    server.csp_report_uri = "http://127.0.0.1:9/csp-report"
    _, headers, _ = get(url + "sw.js")
    assert headers["Content-Security-Policy"] == policy + "; report-uri http://127.0.0.1:9/csp-report"

"""The Content-Security-Policy (scripts/csp.py): what the build writes, and the whole
site running under it in the real browser with nothing reported.

The built pages are read here with a parser of the test's own (a regular expression),
not the build's, so a mistake in the build's reading of a page shows as a mismatch.
"""

from __future__ import annotations

import base64
import hashlib
import http.server
import json
import re
import threading
from pathlib import Path

import pytest

import csp
from tests.site.test_offline import recalculate_every_form

ROOT = Path(__file__).resolve().parents[2]
META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
# An inline script a browser runs: no src, and no type or a JavaScript one.
INLINE_SCRIPT = re.compile(r"<script((?:\s+[\w-]+(?:=\"[^\"]*\")?)*)\s*>(.*?)</script>", re.S)
KEYWORDS = {"'self'", "'none'", "'wasm-unsafe-eval'"}


def directives(policy: str) -> dict[str, list[str]]:
    out = {}
    for part in policy.split(";"):
        name, *values = part.split()
        assert name not in out, f"{name} twice"
        out[name] = values
    return out


def runs(attrs: str) -> bool:
    kind = re.search(r'\btype="([^"]*)"', attrs)
    return "src=" not in attrs and (kind is None or kind.group(1) in ("module", "text/javascript"))


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if not p.relative_to(site).as_posix().startswith("assets/"))


def test_every_page_allows_exactly_its_own_inline_scripts_and_nothing_from_elsewhere(built_site):
    checked = 0
    for page in pages(built_site):
        html = page.read_text("utf-8")
        [policy] = META.findall(html)
        # First thing after the charset: the policy covers only what comes after it.
        assert html.index(META.search(html).group(0)) == html.index('<meta charset="utf-8">') + len(
            '<meta charset="utf-8">'), page
        found = directives(policy)
        hashes = {sha256(body) for attrs, body in INLINE_SCRIPT.findall(html) if runs(attrs)}
        assert hashes, page  # Material's start-up lines at least
        assert found["script-src"] == ["'self'", "'wasm-unsafe-eval'", *sorted(hashes)], page
        for name in ("default-src", "style-src", "font-src", "connect-src", "worker-src", "manifest-src", "base-uri",
                     "form-action"):
            assert found[name] == ["'self'"], (page, name)
        assert found["object-src"] == found["frame-src"] == ["'none'"]
        assert found["img-src"] == ["'self'", "data:"]
        # No origin, scheme or wildcard but data: images; no unsafe-inline or unsafe-eval.
        sources = {s for values in found.values() for s in values if not s.startswith("'sha256-")}
        assert sources <= KEYWORDS | {"data:"}, (page, sources - KEYWORDS)
        checked += 1
    assert checked > 40


def test_the_header_is_every_page_s_policy_at_once_with_frame_ancestors(built_site):
    every_hash = set()
    for page in pages(built_site):
        [policy] = META.findall(page.read_text("utf-8"))
        every_hash |= {s for s in directives(policy)["script-src"] if s.startswith("'sha256-")}
    header = (built_site / "csp" / "policy.txt").read_text("utf-8").strip()
    found = directives(header)
    assert found.pop("frame-ancestors") == ["'none'"]
    assert found["script-src"] == ["'self'", "'wasm-unsafe-eval'", *sorted(every_hash)]
    assert found == directives(csp.policy(every_hash))
    assert (built_site / "csp" / "nginx.conf").read_text("utf-8").endswith(
        f'add_header Content-Security-Policy "{header}" always;\n')
    assert (built_site / "csp" / "nginx-report-only.conf").read_text("utf-8").endswith(
        f'add_header Content-Security-Policy-Report-Only "{header}" always;\n')


def test_the_readme_s_nginx_example_sends_the_policy_the_build_wrote():
    readme = (ROOT / "README.md").read_text("utf-8")
    [nginx] = re.findall(r"```nginx\n(.*?)```", readme, re.S)
    # In each location (nginx drops a server's add_header in a location with its own).
    assert nginx.count("include /srv/site/csp/nginx.conf;") == len(re.findall(r"location [^{;]*\{", nginx)) >= 2
    assert "nginx-report-only.conf" in readme and "Content-Security-Policy-Report-Only" in readme


def site_with(tmp_path: Path, head: str = "", body: str = "") -> Path:
    (tmp_path / "index.html").write_text(f'<html><head><meta charset="utf-8">{csp.META}{head}</head>'
                                         f"<body>{body}</body></html>", "utf-8")
    return tmp_path


@pytest.mark.parametrize("markup", ['<button onclick="go()">x</button>', '<a href="javascript:go()">x</a>',
                                    '<p style="color: red">x</p>', "<style>p { color: red }</style>"])
def test_markup_the_policy_would_block_stops_the_build(tmp_path, markup):
    with pytest.raises(ValueError, match="index.html: .*Content-Security-Policy blocks"):
        csp.apply(site_with(tmp_path, body=markup))


def test_a_page_without_the_policy_stops_the_build(tmp_path):
    (tmp_path / "index.html").write_text("<html><head></head><body></body></html>", "utf-8")
    with pytest.raises(ValueError, match="index.html: no Content-Security-Policy"):
        csp.apply(tmp_path)


def test_each_page_gets_the_hash_of_its_script_as_the_browser_reads_it(tmp_path):
    # CR LF reads as LF; a data block (JSON) is no script; entities are not decoded.
    site = site_with(tmp_path, '<script>a = "&amp;";\r\nb()</script><script type="application/json">{}</script>'
                               '<script src="x.js"></script>')
    csp.apply(site)
    [policy] = META.findall((site / "index.html").read_text("utf-8"))
    assert directives(policy)["script-src"][2:] == [sha256('a = "&amp;";\nb()')]


# The browser test: every page of both languages and every calculator, online then
# with the site's server gone (offline), with the policy as a meta tag in each page
# and as a header on every response (as the README's nginx example sends it), so the
# workers and the service worker run under it too. Violations are heard three ways:
# the header's report-uri (any page or worker, the service worker included), each
# page's securitypolicyviolation events, and the console of the pages, their
# dedicated workers and the service worker.

@pytest.fixture
def reports():
    """A collector for the policy's reports: (url, list of reports), on a server of its
    own so that it still hears when the site's server is gone."""
    heard: list[dict] = []

    class Collector(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            heard.append(json.loads(body or b"{}"))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Collector)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/csp-report", heard
    server.shutdown()
    server.server_close()


def hear_violations(context, page) -> list:
    heard = []
    context.expose_function("__cspViolation", lambda v: heard.append(v))
    context.add_init_script("""document.addEventListener("securitypolicyviolation", (e) => window.__cspViolation(
        {page: location.href, directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample}));""")

    def console(where):
        def check(message):
            if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
                heard.append({"console": where, "text": message.text})
        return check

    page.on("console", console("page"))
    page.on("worker", lambda worker: worker.on("console", console(worker.url)))
    context.on("serviceworker", lambda worker: worker.on("console", console(worker.url)))
    return heard


STATUS = "[data-calc-status]"


def is_calculator(site: Path, path: str) -> bool:
    return '<form class="calc" data-calculator=' in (site / path / "index.html").read_text("utf-8")


@pytest.mark.browser
def test_every_page_and_calculator_run_under_the_policy_online_and_offline_with_nothing_reported(
        context, page, origin, built_site, site_pages, reports, end_python, search_for):
    url, server, stop = origin
    report_url, reported = reports
    server.csp_report_uri = report_url
    heard = hear_violations(context, page)
    paths = site_pages(built_site)
    calculators = [p for p in paths if is_calculator(built_site, p)]
    assert len(calculators) >= 18 and "zh/calculators/fba-fee/" in calculators

    def nothing_reported():
        page.wait_for_timeout(500)  # reports on their way
        assert heard == [], heard
        assert [r.get("csp-report", r) for r in reported] == []

    # First visit: Python starts normally (shared worker), stores its snapshot, and the
    # site and the runtime are cached for offline use.
    page.goto(url + "calculators/fba-fee/")
    assert page.get_attribute("meta[http-equiv=Content-Security-Policy]", "content")
    page.wait_for_selector(f"{STATUS}[data-ready]", timeout=120_000)
    assert page.get_attribute(STATUS, "data-start") == "normal"
    recalculate_every_form(page)
    page.wait_for_selector(f'{STATUS}[data-snapshot="saved"]', timeout=120_000)
    page.wait_for_selector("html[data-offline-ready]", timeout=240_000)
    # Material's search worker and its index.
    nothing_reported()
    search_for(page, "FBA").first.wait_for(timeout=30_000)

    # Every page online; Python starts again from the snapshot, read on the shared
    # worker's own thread, and stays up for the next calculators.
    end_python()
    starts = []
    for path in paths:
        page.goto(url + path)
        assert page.locator("article h1").count() >= 1, path
        if path in calculators:
            recalculate_every_form(page)
            starts.append(page.get_attribute(STATUS, "data-start"))
    nothing_reported()
    assert starts[0] == "snapshot" and set(starts[1:]) == {"running"}, starts

    # Offline, with Python in a worker of each page's own: every calculator page starts
    # it from the snapshot, read by the small reader worker (snapshot-reader.mjs).
    stop()
    context.add_init_script("delete window.SharedWorker;")
    end_python()
    starts = []
    for path in paths:
        response = page.goto(url + path)
        assert response is not None and response.ok, path
        assert page.locator("article h1").count() >= 1, path
        if path in calculators:
            recalculate_every_form(page)
            starts.append(page.get_attribute(STATUS, "data-start"))
            nothing_reported()
            assert page.evaluate("window.__calculatorTimings.snapshotReaderMs") > 0, path
    assert set(starts) == {"snapshot"}, starts
    page.goto("about:blank")
    nothing_reported()

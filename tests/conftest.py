"""Shared fixtures: the built site, a local server for it, and Debian's Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from hypothesis import settings

import chromium

# Property tests explore the same examples on every run (CI stays repeatable); set
# HYPOTHESIS_PROFILE=explore locally to search fresh examples.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

ROOT = Path(__file__).resolve().parent.parent


def _build_site(out: Path, site_url: str | None = None) -> Path:
    """Build the site from the working tree into `out`, strictly, at the default address
    or at `site_url` (mkdocs.yml's SITE_URL; one in the shell is ignored)."""
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    if site_url:
        env["SITE_URL"] = site_url
    proc = subprocess.run([str(ROOT / ".venv/bin/mkdocs"), "build", "--strict", "--quiet", "-d", str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, f"mkdocs build failed:\n{proc.stdout}\n{proc.stderr}"
    return out


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The whole site built once per session, fresh from the working tree, strictly."""
    return _build_site(tmp_path_factory.mktemp("site") / "site")


@pytest.fixture(scope="session")
def build_site():
    """A function that builds the site into a folder: (out, site_url=None) -> out."""
    return _build_site


def _serve(directory: Path):
    """scripts/static_server on a free port, in a thread: (url, server)."""
    import static_server

    server = static_server.serve(directory, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    url, server = _serve(built_site)
    urllib.request.urlopen(url, timeout=10).read()
    yield url
    server.shutdown()


@pytest.fixture
def origin(built_site):
    """A server of its own for the built site (an origin of its own, so its own service
    worker and caches): (url, server, stop). The test may stop it, or serve another
    directory through it (server.directory)."""
    url, server = _serve(built_site)
    state = {"running": True}

    def stop():
        if state["running"]:
            state["running"] = False
            server.shutdown()
            server.server_close()

    yield url, server, stop
    stop()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": chromium.PATH, "args": chromium.ARGS}


@pytest.fixture
def end_python(browser):
    """A function that ends every shared worker of the browser: Python, kept running
    across pages (early.js), stops, and the next calculator page starts it again. With
    close=False it only waits for them to end by themselves (up to 10 s)."""

    def end(close: bool = True) -> None:
        cdp = browser.new_browser_cdp_session()
        try:
            for _ in range(100):
                workers = [t for t in cdp.send("Target.getTargets")["targetInfos"] if t["type"] == "shared_worker"]
                if not workers:
                    return
                for target in workers if close else ():
                    try:
                        cdp.send("Target.closeTarget", {"targetId": target["targetId"]})
                    except Exception:
                        pass  # ended meanwhile
                time.sleep(0.1)
            raise AssertionError(f"shared workers still running: {workers}")
        finally:
            cdp.detach()

    return end


@pytest.fixture
def dedicated_workers(context):
    """The context's pages as in browsers that do not keep a shared worker alive across
    pages (no SharedWorker here): Python runs in a worker of the page's own, and test
    routes reach its requests (Playwright's do not reach a shared worker's)."""
    context.add_init_script("delete window.SharedWorker;")
    return context


@pytest.fixture
def calculator_page(page, site_url):
    """Open a calculator page and wait until Pyodide is ready in it."""

    def open_(path: str, timeout: float = 90_000):
        page.goto(site_url + path.lstrip("/"))
        page.wait_for_selector("[data-calc-status][data-ready]", timeout=timeout)
        return page

    return open_


def _after_new_result(page, change, timeout: float = 60_000) -> None:
    """Run ``change`` (a callable) and wait until the first calculator form has rendered
    a new result (the page glue bumps data-revision on every render)."""
    revision = page.get_attribute("form[data-calculator]", "data-revision") or "0"
    change()
    page.wait_for_function(
        f"(document.querySelector('form[data-calculator]').dataset.revision || '0') !== '{revision}'", timeout=timeout)


@pytest.fixture
def after_new_result():
    return _after_new_result


@pytest.fixture
def search_for():
    return _search_for


def _search_for(page, query: str):
    """Type a query into Material's search as a reader does: the field gets the text
    and a keyup (the end of typing, from the keyboard or an input method), which is
    what Material's search listens for. Returns the result items."""
    page.click("label.md-search__icon, .md-search__input")
    page.fill(".md-search__input", query)
    page.dispatch_event(".md-search__input", "keyup")
    return page.locator(".md-search-result__item")

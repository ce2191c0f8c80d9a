"""Fixtures for every test folder: the built site and a local server for it (the browser
fixtures are in tests/site/conftest.py; the calculator tests' helpers in
tests/calculators/conftest.py)."""

from __future__ import annotations

import os
import subprocess
import threading
import urllib.request
from pathlib import Path

import pytest
from hypothesis import settings

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

"""How the tests and the benchmark start Chromium: Debian's build, headless.

One list for both, so the benchmark measures the browser the tests check.
"""

from __future__ import annotations

import os

PATH = os.environ.get("CHROMIUM", "/usr/bin/chromium")

ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    # Chromium 156 loads its own address-bar dropdown, a WebUI page
    # (chrome://omnibox-popup.top-chrome/), in a renderer of its own at every browser
    # start: about 1 s of a core (traced here), which on two cores lands on whatever the
    # first page does, such as the benchmark's visit right after a browser restart. A
    # reader's browser did this when it started, not when the page opened. Puppeteer
    # turns both features off by default (puppeteer/puppeteer#15278). Chromium merges
    # this list with the one Playwright passes.
    "--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup",
]

"""MkDocs hook: the rate-card changelog page, built from the data files at build time.

A page holding ``<div class="ratecard-changelog"></div>`` gets every rate card with its
dates, source, confidence and what changed from the card before, in the page's
language (``calculators.changelog``). Nothing on that page is typed by hand.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from calculators import changelog  # noqa: E402

MARK = '<div class="ratecard-changelog"></div>'


def on_page_content(html, page, config, files):
    if MARK not in html:
        return html
    lang = config["theme"]["language"] if config["theme"]["language"] in ("en", "zh") else "en"
    return html.replace(MARK, changelog.changelog_html(lang))

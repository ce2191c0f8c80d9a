"""Reading the built guide pages for the guidance tests: which pages are guide pages,
their main text (without code), their links, and the guidance data files."""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
GUIDANCE = ROOT / "guidance"

# The guide pages (not the calculator pages, whose text the calculators write).
GUIDE_SOURCES = sorted(
    p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")
    if not p.relative_to(DOCS).as_posix().startswith("calculators/"))


def data(name: str) -> dict:
    return yaml.safe_load((GUIDANCE / name).read_text(encoding="utf-8"))


def html_path(site: Path, source: str) -> Path:
    """Built HTML file for a docs/ source path (``x.md`` English, ``x.zh.md`` Chinese)."""
    root = site
    if source.endswith(".zh.md"):
        root, source = site / "zh", source[: -len(".zh.md")] + ".md"
    stem = source[: -len(".md")]
    return root / "index.html" if stem == "index" else root / stem / "index.html"


class Article(HTMLParser):
    """The page's article: its text outside links and code, its link texts, and its
    links (href, attributes, visible text, visually hidden text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0          # inside <article>
        self.skip = 0           # inside <code>, <pre>, <script>, <style>
        self.spans: list[bool] = []  # open spans: True for .visually-hidden
        self.foreign: list[bool] = []  # open spans: True for a quotation in another language
        self.anchor: dict | None = None
        self.text: list[str] = []       # outside links
        self.link_text: list[str] = []  # inside links, visible
        self.links: list[dict] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "article":
            self.depth += 1
        if not self.depth:
            return
        if tag in ("code", "pre", "script", "style"):
            self.skip += 1
        if tag == "span":
            self.spans.append("visually-hidden" in (a.get("class") or "").split())
            self.foreign.append(bool(a.get("lang")))
        if tag == "a":
            self.anchor = {"href": a.get("href") or "", "attrs": a, "text": "", "hidden": ""}

    def handle_endtag(self, tag):
        if not self.depth:
            return
        if tag == "article":
            self.depth -= 1
        if tag in ("code", "pre", "script", "style"):
            self.skip -= 1
        if tag == "span" and self.spans:
            self.spans.pop()
            self.foreign.pop()
        if tag == "a" and self.anchor is not None:
            self.links.append(self.anchor)
            self.anchor = None

    def handle_data(self, text):
        if not self.depth or self.skip:
            return
        hidden = any(self.spans)
        own = not any(self.foreign)  # text quoted in another language (lang="…") is not the page's own words
        if self.anchor is not None:
            self.anchor["hidden" if hidden else "text"] += text
            if not hidden and own:
                self.link_text.append(text)
        elif not hidden and own:
            self.text.append(text)

    def all_text(self) -> str:
        """Everything a reader reads in the article (text and link texts)."""
        return " ".join(self.text + self.link_text)


_cache: dict[tuple[Path, type], HTMLParser] = {}


def parsed(path: Path, parser: type[HTMLParser]):
    """``path`` fed to a new ``parser``, once per session."""
    if (path, parser) not in _cache:
        _cache[path, parser] = parser()
        _cache[path, parser].feed(path.read_text(encoding="utf-8"))
    return _cache[path, parser]


def article(path: Path) -> Article:
    return parsed(path, Article)


@pytest.fixture(scope="module")
def site(request) -> Path:
    prebuilt = os.environ.get("BUILT_SITE")
    if prebuilt:
        return Path(prebuilt).resolve()
    return request.getfixturevalue("built_site")


def lang_of(source: str) -> str:
    return "zh" if source.endswith(".zh.md") else "en"


CJK = re.compile(r"[\u4e00-\u9fff]")

"""Checks on the guidance in both languages: pages, anchors, titles, coverage of the
source, internal links and Chinese search.

The built site comes from the ``built_site`` fixture (tests/conftest.py). To check a
site that is already built, set BUILT_SITE to its folder, e.g.
``BUILT_SITE=site .venv/bin/pytest tests/site/test_guidance.py``.
"""

from __future__ import annotations

import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).parent))  # guidance_pages, next to this file
from guidance_pages import parsed, site  # noqa: E402,F401

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
SITE_URL = "http://127.0.0.1:8000/"  # mkdocs.yml site_url; absolute links to it are internal
CJK = re.compile(r"[\u4e00-\u9fff]")

ENGLISH_PAGES = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")
                       if not p.name.endswith(".zh.md"))
CHINESE_PAGES = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.zh.md"))
GUIDE_PAGES = sorted(p.stem for p in (DOCS / "guide").glob("*.md") if not p.name.endswith(".zh.md"))

# For each Chinese guide page, a word that appears mid-sentence on it and that jieba
# keeps as one token.
CHINESE_SEARCH_WORDS = {
    "self-fulfilment": "清关",
    "fba": "曝光",
    "accounts-and-marketplaces": "账户",
    "deciding": "定价",
    "returns": "退货",
    "taxes-and-customs": "增值税",
    "self-fulfilment-operations": "迟发率",
    "overseas-warehouses": "海外仓",
    "compliance": "生产者责任延伸",
    "timeline": "核实",
}


def zh_source(page: str) -> str:
    return page[: -len(".md")] + ".zh.md"


def html_path(site: Path, source: str) -> Path:
    """Built HTML file for a docs/ source path (``x.md`` English, ``x.zh.md`` Chinese)."""
    lang_root = site
    if source.endswith(".zh.md"):
        lang_root = site / "zh"
        source = source[: -len(".zh.md")] + ".md"
    stem = source[: -len(".md")]
    if stem == "index":
        return lang_root / "index.html"
    if stem.endswith("/index"):
        return lang_root / stem[: -len("/index")] / "index.html"
    return lang_root / stem / "index.html"


class Page(HTMLParser):
    """Collects what the checks need from one built HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.headings: list[tuple[str, str]] = []
        self.calculators: list[str] = []
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.title = ""
        self.description = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("id", "name"):
            if a.get(key) and (key == "id" or tag == "a"):
                self.ids.add(a[key])
        if tag in ("h2", "h3") and a.get("id"):
            self.headings.append((tag, a["id"]))
        if "data-calculator" in a:
            self.calculators.append(a["data-calculator"] or "")
        if tag == "a" and a.get("href") is not None:
            self.links.append((tag, "href", a["href"]))
        if tag == "link" and a.get("href") is not None:
            self.links.append((tag, "href", a["href"]))
        if tag in ("script", "img", "iframe", "source") and a.get("src"):
            self.links.append((tag, "src", a["src"]))
        if tag == "meta" and a.get("name") == "description":
            self.description = a.get("content") or ""
        if tag == "title":
            self._in_title = True

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def parse(path: Path) -> Page:
    return parsed(path, Page)


# --- source level ------------------------------------------------------------------

def test_every_page_exists_in_both_languages():
    missing_zh = [p for p in ENGLISH_PAGES if not (DOCS / zh_source(p)).exists()]
    missing_en = [p for p in CHINESE_PAGES if not (DOCS / (p[: -len(".zh.md")] + ".md")).exists()]
    assert not missing_zh, f"no Chinese version: {missing_zh}"
    assert not missing_en, f"no English version: {missing_en}"


@pytest.mark.parametrize("page", ENGLISH_PAGES)
def test_page_has_description_and_h1(page):
    for source in (page, zh_source(page)):
        text = (DOCS / source).read_text(encoding="utf-8")
        assert text.startswith("---\n"), f"{source}: no front matter"
        front, _, body = text[4:].partition("\n---\n")
        meta = yaml.safe_load(front) or {}
        assert str(meta.get("description", "")).strip(), f"{source}: no description"
        assert re.search(r"^# \S", body, re.M), f"{source}: no H1"


@pytest.mark.parametrize("page", GUIDE_PAGES)
def test_dated_updates_match_across_languages(page):
    """Each dated note in English has its Chinese counterpart with the same date."""
    en = (DOCS / "guide" / f"{page}.md").read_text(encoding="utf-8")
    zh = (DOCS / "guide" / f"{page}.zh.md").read_text(encoding="utf-8")
    en_dates = re.findall(r'^\s*!!! \w+ "Updated: checked (\d{4}-\d{2}-\d{2})"', en, re.M)
    zh_dates = re.findall(r'^\s*!!! \w+ "更新：核实于 (\d{4}-\d{2}-\d{2})"', zh, re.M)
    assert en_dates == zh_dates


@pytest.mark.parametrize("page", GUIDE_PAGES)
def test_guide_page_links_a_calculator(page):
    for source in (f"guide/{page}.md", f"guide/{page}.zh.md"):
        text = (DOCS / source).read_text(encoding="utf-8")
        assert re.search(r"\]\(\.\./calculators/[\w-]+\.md", text), f"{source}: no calculator link"


def test_coverage_map_is_well_formed():
    data = yaml.safe_load((DOCS / "coverage.yml").read_text(encoding="utf-8"))
    points = data["points"]
    ids = [p["id"] for p in points]
    assert len(ids) == len(set(ids)), "duplicate coverage ids"
    for p in points:
        assert str(p.get("point", "")).strip(), p["id"]
        for lang in ("en", "zh"):
            source, _, anchor = p[lang].partition("#")
            assert anchor, f"{p['id']}: no anchor for {lang}"
            assert (DOCS / source).exists(), f"{p['id']}: {source} does not exist"
            assert source.endswith(".zh.md") == (lang == "zh"), f"{p['id']}: {source} is not {lang}"


# --- built site ----------------------------------------------------------------------

@pytest.mark.parametrize("page", ENGLISH_PAGES)
def test_same_anchors_and_calculators_in_both_languages(site, page):
    en = parse(html_path(site, page))
    zh = parse(html_path(site, zh_source(page)))
    assert en.headings == zh.headings, f"{page}: h2/h3 ids differ between languages"
    assert en.calculators == zh.calculators, f"{page}: calculator embeds differ"


@pytest.mark.parametrize("page", ENGLISH_PAGES)
def test_translated_title_and_description(site, page):
    en = parse(html_path(site, page))
    zh = parse(html_path(site, zh_source(page)))
    assert zh.title.strip() and zh.title != en.title and CJK.search(zh.title), page
    assert zh.description and zh.description != en.description and CJK.search(zh.description), page


def test_coverage_map_resolves(site):
    points = yaml.safe_load((DOCS / "coverage.yml").read_text(encoding="utf-8"))["points"]
    unresolved = []
    for p in points:
        for lang in ("en", "zh"):
            source, _, anchor = p[lang].partition("#")
            path = html_path(site, source)
            if not path.exists() or anchor not in parse(path).ids:
                unresolved.append(f"{p['id']} ({lang}): {p[lang]}")
    assert not unresolved, "coverage entries that do not resolve:\n" + "\n".join(unresolved)


def test_coverage_points_link_their_official_pages(site):
    links = yaml.safe_load((ROOT / "guidance" / "links.yml").read_text(encoding="utf-8"))["links"]
    points = yaml.safe_load((DOCS / "coverage.yml").read_text(encoding="utf-8"))["points"]
    missing = []
    for p in points:
        for link_id in p.get("links", ()):
            url = links[link_id]["url"]
            for lang in ("en", "zh"):
                source = p[lang].partition("#")[0]
                if url not in {u for tag, _attr, u in parse(html_path(site, source)).links if tag == "a"}:
                    missing.append(f"{p['id']} ({lang}): {source} does not link {link_id}")
    assert not missing, "\n".join(missing)


def _target(site: Path, page_path: Path, url: str) -> Path | None:
    """The file an internal URL points to, or None when the URL is external."""
    if url.startswith(SITE_URL):
        base, url = site, url[len(SITE_URL):]
    elif urlsplit(url).scheme or urlsplit(url).netloc:
        return None
    else:
        base = page_path.parent
    path = unquote(urlsplit(url).path)
    if not path:
        return page_path  # "#fragment" on the same page
    target = site / path.lstrip("/") if path.startswith("/") else base / path
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target.resolve()


def test_no_broken_internal_links(site):
    broken = []
    for page_path in sorted(site.rglob("*.html")):
        page = parse(page_path)
        where = page_path.relative_to(site).as_posix()
        for tag, attr, url in page.links:
            if url.startswith(("mailto:", "tel:", "javascript:", "data:")):
                continue
            parts = urlsplit(url)
            if parts.scheme in ("http", "https") and not url.startswith(SITE_URL):
                # Pages may link out for reading; nothing the page loads may come from
                # another host (no CDNs: the site must work offline).
                if tag != "a":
                    broken.append(f"{where}: loads external {url}")
                continue
            target = _target(site, page_path, url)
            if target is None:
                continue
            if not target.exists():
                broken.append(f"{where}: {url} -> missing {target}")
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html" and fragment not in parse(target).ids:
                broken.append(f"{where}: {url} -> no #{fragment}")
    assert not broken, f"{len(broken)} broken links:\n" + "\n".join(broken[:80])


@pytest.fixture(scope="module")
def search_index(site):
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))


def test_search_separator_splits_on_zero_width_space(search_index):
    assert re.split(search_index["config"]["separator"], "亚马逊\u200b物流") == ["亚马逊", "物流"]


@pytest.mark.parametrize("page", GUIDE_PAGES)
def test_chinese_search_finds_a_word_of_each_guide_page(site, search_index, page):
    word = CHINESE_SEARCH_WORDS.get(page)
    assert word, f"pick a Chinese search word for guide/{page}.zh.md"
    source = (DOCS / "guide" / f"{page}.zh.md").read_text(encoding="utf-8")
    assert re.search(rf"[\u4e00-\u9fff]{re.escape(word)}|{re.escape(word)}[\u4e00-\u9fff]", source), \
        f"{word} is not mid-sentence on guide/{page}.zh.md"
    separator = re.compile(search_index["config"]["separator"])
    prefix = f"zh/guide/{page}/"
    docs = [d for d in search_index["docs"] if d["location"].startswith(prefix)]
    assert docs, f"no search documents for {prefix}"
    for doc in docs:
        text = re.sub(r"<[^>]+>", " ", doc["title"] + " " + doc["text"])
        if word in separator.split(text):
            return
    pytest.fail(f"{word!r} is not a separate token in the search index for {prefix}")


# Glossary terms as they appear in English text; a guide page that uses one links it.
GLOSSARY_TERMS = {
    "fba": r"\bFBA\b",
    "seller-central": r"Seller Central",
    "a-to-z-guarantee": r"A-to-z Guarantee",
    "pan-european-fba": r"Pan-European FBA",
    "efn": r"European Fulfilment Network|\bEFN\b",
    "size-tier": r"size tier",
    "dimensional-weight": r"dimensional weight",
    "de-minimis": r"de minimis",
    "ddp-dap": r"\bDDP\b|\bDAP\b",
    "ioss": r"\bIOSS\b",
    "vat-gst": r"\bVAT\b|\bGST\b",
    "unified-account": r"unified account",
    "remote-fulfillment": r"Remote Fulfillment",
}


def _links(text: str, pattern: str) -> set[str]:
    return set(re.findall(pattern, text))


@pytest.mark.parametrize("page", GUIDE_PAGES)
def test_guide_page_links_the_glossary_terms_it_uses(page):
    text = (DOCS / "guide" / f"{page}.md").read_text(encoding="utf-8")
    body = re.sub(r"^---\n.*?\n---\n", "", text, flags=re.S)
    linked = _links(body, r"glossary\.md#([\w-]+)")
    unlinked = [term for term, pattern in GLOSSARY_TERMS.items()
                if re.search(pattern, body) and term not in linked]
    assert not unlinked, f"guide/{page}.md uses but does not link: {unlinked}"


@pytest.mark.parametrize("page", GUIDE_PAGES + ["../glossary"])
def test_same_glossary_and_calculator_links_in_both_languages(page):
    en = (DOCS / "guide" / f"{page}.md").read_text(encoding="utf-8")
    zh = (DOCS / "guide" / f"{page}.zh.md").read_text(encoding="utf-8")
    for pattern in (r"glossary\.md#([\w-]+)", r"calculators/([\w-]+)\.md"):
        assert _links(en, pattern) == _links(zh, pattern), f"{page}: links differ ({pattern})"


def test_a_build_for_a_public_address_names_it_in_canonical_links_and_the_sitemap(build_site, tmp_path):
    # SITE_URL (mkdocs.yml) is where a public site says it lives.
    out = build_site(tmp_path / "site", site_url="https://sellers.example/guide/")
    page = (out / "zh" / "calculators" / "fba-fee" / "index.html").read_text("utf-8")
    assert '<link rel="canonical" href="https://sellers.example/guide/zh/calculators/fba-fee/">' in page
    sitemap = (out / "sitemap.xml").read_text("utf-8")
    # The English-Chinese pairs for search engines (not in the pages' heads: overrides/main.html).
    assert '<xhtml:link rel="alternate" hreflang="zh" href="https://sellers.example/guide/zh/calculators/fba-fee/"/>' in sitemap
    assert "127.0.0.1" not in sitemap


"""Links out of the site: every external link is https to a host in
guidance/external-hosts.yml; on guide pages each opens in a new tab and says so in the
page's language; no guide paragraph cites a bare domain where a page is meant; every
[text][id] reference resolves; the sources the original guidance points to are linked.
BUILT_SITE=site checks a site already built (see test_guidance.py)."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # guidance_pages, next to this file
from guidance_pages import GUIDE_SOURCES, article, data, html_path, lang_of, site  # noqa: F401

SITE_HOSTS = ("127.0.0.1", "localhost")
ALLOWED = set(data("external-hosts.yml")["hosts"])
LINKS = data("links.yml")["links"]
NEW_TAB = {"en": "(opens in a new tab)", "zh": "（在新标签页打开）"}

# A domain written as text ("gov.uk", "sell.amazon.de"): the citation should be a link
# to the page. Marketplace names ("Amazon.co.uk", "amazon.de") are names, not citations.
DOMAIN = re.compile(
    r"(?<![\w@/.-])(?:[a-z0-9-]+\.)+(?:com|net|org|gov|eu|de|uk|fr|it|es|jp|cn|ca|in|be|ie|sg|au|br|mx|nl|pl|se|"
    r"za|ae|sa|hk|tw|world|info|io|ai)(?:\.[a-z]{2})?\b(?![\w-])", re.I)


def _external(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme not in ("", "mailto", "tel", "javascript", "data") and parts.hostname not in SITE_HOSTS


def _all_pages(site):
    return sorted(p for p in site.rglob("*.html") if "assets" not in p.relative_to(site).parts)


def test_every_external_link_is_https_to_a_known_host(site):
    bad = []
    for path in _all_pages(site):
        html = path.read_text(encoding="utf-8")
        for url in re.findall(r'<a\b[^>]*\bhref="([^"]+)"', html):
            if url.startswith(("#", "/")) or not urlsplit(url).scheme or not _external(url):
                continue
            parts = urlsplit(url)
            if parts.scheme != "https":
                bad.append(f"{path.relative_to(site)}: {url} is not https")
            elif parts.hostname not in ALLOWED:
                bad.append(f"{path.relative_to(site)}: {url}: host not in guidance/external-hosts.yml")
    assert not bad, "\n".join(bad[:40])


def test_the_link_registry_holds_only_well_formed_page_addresses():
    for key, entry in LINKS.items():
        url = entry.get("url")
        if not url:
            continue
        parts = urlsplit(url)
        assert parts.scheme == "https", key
        assert parts.hostname in ALLOWED, f"{key}: {parts.hostname}"
        assert parts.path not in ("", "/") or parts.query, f"{key}: a bare domain"
        # Help-hub addresses end in G + the page id (the form the references use).
        if "/help/hub/reference/external/" in parts.path:
            assert re.fullmatch(r"G[0-9A-Z]{9,15}", parts.path.rsplit("/", 1)[1]), f"{key}: {url}"


@pytest.mark.parametrize("source", GUIDE_SOURCES)
def test_guide_links_out_open_in_a_new_tab_and_say_so(site, source):
    lang = lang_of(source)
    page = article(html_path(site, source))
    external = [a for a in page.links if _external(a["href"]) and urlsplit(a["href"]).scheme]
    for a in external:
        assert a["attrs"].get("target") == "_blank", a["href"]
        assert "noopener" in (a["attrs"].get("rel") or ""), a["href"]
        assert "external-link" in (a["attrs"].get("class") or "").split(), a["href"]
        assert a["hidden"].strip() == NEW_TAB[lang].strip(), (a["href"], a["hidden"])
        assert a["text"].strip(), f"{a['href']}: a link needs words of its own"


@pytest.mark.parametrize("source", GUIDE_SOURCES)
def test_no_guide_paragraph_cites_a_bare_domain(site, source):
    page = article(html_path(site, source))
    cited = [m.group(0) for m in DOMAIN.finditer(" ".join(page.text))
             if not re.fullmatch(r"amazon(\.[a-z]{2,3})+", m.group(0), re.I)]
    assert not cited, f"{source}: link the page instead of naming the domain: {cited}"
    bare = [a["href"] for a in page.links if _external(a["href"]) and urlsplit(a["href"]).path in ("", "/")
            and not urlsplit(a["href"]).query]
    assert not bare, f"{source}: links to a bare domain: {bare}"


@pytest.mark.parametrize("source", GUIDE_SOURCES)
def test_every_reference_link_resolves(site, source):
    # A [text][id] whose id is not in guidance/links.yml stays as literal brackets.
    page = article(html_path(site, source))
    assert not re.search(r"\]\[[\w-]+\]", " ".join(page.text)), f"{source}: an unresolved [text][id] link"


@pytest.mark.parametrize("link_id,source", [
    # The pages the original guidance links to: fulfillment options, Register and Launch,
    # Customer Support and Returns / Taxes and Regulations (Amazon's requirements for
    # international sellers), and the list of logistics companies (Service Provider
    # Network).
    ("gs-fulfillment-options", "guide/self-fulfilment.md"),
    ("gs-fulfillment-options", "guide/returns.md"),
    ("gs-guide", "guide/accounts-and-marketplaces.md"),
    ("intl-seller-requirements", "guide/taxes-and-customs.md"),
    ("intl-seller-requirements", "guide/self-fulfilment-operations.md"),
    ("spn", "guide/self-fulfilment.md"),
])
def test_the_sources_the_original_guidance_points_to_are_linked(site, link_id, source):
    url = LINKS[link_id]["url"]
    for src in (source, source[: -len(".md")] + ".zh.md"):
        hrefs = {a["href"] for a in article(html_path(site, src)).links}
        assert url in hrefs, f"{src} does not link {url}"


def test_every_source_with_a_page_is_linked_on_the_sources_page(site):
    for src in ("sources.md", "sources.zh.md"):
        hrefs = {a["href"] for a in article(html_path(site, src)).links}
        missing = [key for key, entry in LINKS.items() if entry.get("url") and entry["url"] not in hrefs]
        assert not missing, f"{src}: {missing}"

"""The theme overrides (overrides/, Material's custom_dir): what they copy of Material's
templates is Material's, but for the changes they list, so that an upgrade of Material
that changes those templates fails here instead of silently dropping its change or ours;
and the built pages carry what the overrides are for."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import material
import pytest

import site_hooks

ROOT = Path(__file__).resolve().parents[2]
OURS = ROOT / "overrides"
MATERIAL = Path(material.__file__).parent / "templates"


def without_comments(template: str) -> str:
    return re.sub(r"\{#.*?#\}\n?", "", template, flags=re.S)


def block(template: str, name: str) -> str:
    """A Jinja block's body (blocks here do not nest)."""
    match = re.search(r"\{%-? block " + name + r" %\}(.*?)\{%-? endblock %\}", template, re.S)
    assert match, f"no block {name}"
    return match.group(1)


def changed_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"Material's template no longer has {old!r}: update overrides/ and this test"
    return text.replace(old, new)


def test_the_search_and_palette_partials_are_materials_with_one_change_each():
    search = changed_once((MATERIAL / "partials/search.html").read_text("utf-8"),
                          'role="dialog">', 'role="dialog" aria-label="{{ lang.t(\'search.placeholder\') }}">')
    assert without_comments((OURS / "partials/search.html").read_text("utf-8")) == without_comments(search)
    palette = changed_once((MATERIAL / "partials/palette.html").read_text("utf-8"),
                           'id="__palette_{{ loop.index0 }}">',
                           'id="__palette_{{ loop.index0 }}"{% if not option.toggle %} tabindex="-1"{% endif %}>')
    assert without_comments((OURS / "partials/palette.html").read_text("utf-8")) == without_comments(palette)


ALTERNATE_LINKS = """      {% if config.extra.alternate is iterable %}
        {% for alt in config.extra.alternate %}
          <link rel="alternate" href="{{ alt.link | url }}" hreflang="{{ alt.lang | d(lang.t('language')) }}">
        {% endfor %}
      {% endif %}
"""


def test_main_copies_materials_head_but_for_the_language_links_the_policy_and_early_js():
    theirs, ours = (MATERIAL / "base.html").read_text("utf-8"), (OURS / "main.html").read_text("utf-8")
    expected = changed_once(block(theirs, "site_meta"), ALTERNATE_LINKS, "")
    expected = changed_once(expected, '<meta charset="utf-8">', '<meta charset="utf-8">{{ content_security_policy }}{{ calculator_head }}')
    assert block(ours, "site_meta") == expected


def test_materials_scripts_block_is_its_bundle_then_the_sites_scripts():
    # overrides/main.html leaves Material's block out on calculator pages: right only
    # while it holds nothing but the bundle and the site's scripts (none).
    theirs = " ".join(block((MATERIAL / "base.html").read_text("utf-8"), "scripts").split())
    bundle = site_hooks.material_bundle()
    assert (MATERIAL / bundle).is_file()
    assert theirs == ("<script src=\"{{ '%s' | url }}\"></script> {%% for script in config.extra_javascript %%} "
                      "{{ script | script_tag }} {%% endfor %%}" % bundle)


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if not p.relative_to(site).as_posix().startswith("assets/"))


def head(html: str) -> str:
    return html[:html.index("</head>")]


def scripts(html: str) -> list[str]:
    return re.findall(r'<script src="([^"]+)"', html)


def test_every_built_page_carries_the_overrides(built_site):
    checked = 0
    for path in pages(built_site):
        html = path.read_text("utf-8")
        lang = re.search(r'<html lang="(\w+)"', html).group(1)
        # No per-language alternate links in the head (Material would fetch sitemaps
        # next to them), the language selector keeps its links.
        assert not re.search(r"<link rel=\"alternate\"[^>]*hreflang", head(html)), path
        assert re.search(r'<div class="md-search" data-md-component="search" role="dialog" aria-label="%s">'
                         % {"en": "Search", "zh": "搜索"}[lang], html), path
        assert re.search(r'<input class="md-option"[^>]*aria-hidden="true"[^>]*id="__palette_0" tabindex="-1">',
                         html), path
        assert html.count('<script type="application/json" id="site-messages">') == 1, path
        calculator = '<form class="calc" data-calculator=' in html
        glue = "assets/calculators/calculator.js" if calculator else "assets/javascripts/site.js"
        assert [s for s in scripts(html) if s.endswith(glue)], path
        checked += 1
    assert checked > 30


@pytest.mark.parametrize("calculator,guidance", [("calculators/fba-fee/index.html", "guide/fba/index.html"),
                                                 ("zh/calculators/profit/index.html", "zh/guide/fba/index.html")])
def test_calculator_pages_hold_materials_bundle_back_for_early_js(built_site, calculator, guidance):
    html = (built_site / calculator).read_text("utf-8")
    early = re.search(r'<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="[^"]+">'
                      r'<script data-root="([./]*)" data-bundle="([^"]+)" '
                      r'data-runtime="[0-9a-f]{16}">\(function \(\) \{', html)
    assert early, "early.js is not right after the charset and the policy"
    # The bundle early.js runs later is the one a guidance page loads, and the
    # calculator page does not load it itself.
    other = (built_site / guidance).read_text("utf-8")
    [bundle] = [s for s in scripts(other) if "/bundle." in s]
    assert urljoin(guidance, bundle) == urljoin(calculator, early.group(2))
    assert not [s for s in scripts(html) if "/bundle." in s]
    # Its page glue only (it loads site.js later); guidance pages load site.js instead.
    tail = [s.rsplit("/", 1)[-1] for s in scripts(html[html.index('<script id="__config"'):])]
    assert tail == ["calculator.js"]
    assert [s.rsplit("/", 1)[-1] for s in scripts(other[other.index('<script id="__config"'):])] == [
        bundle.rsplit("/", 1)[-1], "site.js"]


class _Page:
    url = "calculators/returns/"

    class file:  # noqa: N801 - stands in for mkdocs' File
        src_path = "calculators/returns.md"


def test_the_calculator_placeholder_becomes_the_form_or_the_build_fails():
    # The one edit of a page's HTML left to a hook: our own placeholder, as Markdown
    # passes it through (not Material's markup). If it stops matching, the build says so.
    config = {"theme": {"language": "en"}}
    html = site_hooks.on_page_content('<p>x</p>\n<div class="calculator" data-calculator="returns"></div>\n',
                                      _Page, config, None)
    assert '<form class="calc" data-calculator="returns"' in html and 'class="calculator"' not in html
    with pytest.raises(ValueError, match="placeholder"):
        site_hooks.on_page_content('<div data-calculator="returns" class="calculator"></div>', _Page, config, None)

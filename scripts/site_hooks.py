"""MkDocs hooks: put the calculators into the pages and self-host their runtime.

- Each ``<div class="calculator" data-calculator="NAME"></div>`` in a page becomes the
  calculator's form and its result for the example inputs, rendered by the calculators
  package itself in the page's language (so a real result is there at first paint).
- After the build, ``scripts/selfhost.py`` copies the Pyodide runtime and a freshly
  built calculators wheel into ``site/assets/runtime/``.
"""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the package is imported from the working tree
    sys.path.insert(0, str(ROOT))
if str(ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(ROOT / "scripts"))

from mkdocs import plugins  # noqa: E402

import selfhost  # noqa: E402
import vendor  # noqa: E402
from calculators import core, render  # noqa: E402

EMBED = re.compile(r'<div class="calculator" data-calculator="([a-z0-9-]+)">\s*</div>')


# Scripts a page with a calculator needs besides the glue: morphdom (results are
# patched into the page, not replaced: far less style and layout work per keystroke);
# and where a calculator draws charts, Chart.js and our chart code.
CALCULATOR_SCRIPTS = (vendor.script_url("morphdom"),)
CHART_SCRIPTS = (vendor.script_url("chart.js"), "assets/javascripts/charts.js")


def on_pre_build(config):
    vendor.sync()


def _root_prefix(page) -> str:
    """Relative path from a page to the site root, where the assets both languages
    share live (a Chinese page's url already starts with zh/)."""
    return "../" * page.url.count("/")


def _language(config) -> str:
    return config["theme"]["language"] if config["theme"]["language"] in ("en", "zh") else "en"


def on_page_content(html, page, config, files):
    lang = _language(config)
    charts = []

    def replace(match: re.Match) -> str:
        name = match.group(1)
        calc = core.get(name)
        if calc is None:
            raise ValueError(f"{page.file.src_path}: no calculator called {name!r}")
        values = calc.defaults()
        ok, result = core.run(name, values)
        if not ok:
            raise ValueError(f"{name}: the example inputs do not validate: {result}")
        if result.get("charts"):
            charts.append(name)
        return render.form_html(calc, lang, values, result)

    html, embedded = EMBED.subn(replace, html)
    scripts = (CALCULATOR_SCRIPTS if embedded else ()) + (CHART_SCRIPTS if charts else ())
    prefix = _root_prefix(page)
    return html + "".join(f'<script src="{prefix}{src}" defer></script>' for src in scripts)


SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog"'
# Material's script fetches a sitemap.xml next to each <link rel="alternate"> in a page's
# head, which it expects to be a language's home; mkdocs-static-i18n's point at the
# page itself, so every page view asked twice for a file that is not there (404s;
# failed requests offline; mkdocs-material#6582). The links are left out of the head:
# the language selector keeps its links to the same page in the other language, and
# sitemap.xml keeps the hreflang pairs for search engines.
HEAD_ALTERNATE = re.compile(r'<link rel="alternate" href="[^"]*" hreflang="[a-z-]+">\s*')
SEARCH_LABEL = {"en": "Search", "zh": "搜索"}
PALETTE_INPUT = re.compile(r'(<input class="md-option"[^>]*aria-hidden="true"[^>]*id="__palette_0")')


def on_post_page(output, page, config):
    # Material's search dialog has no accessible name (axe: aria-dialog-name).
    label = SEARCH_LABEL[_language(config)]
    output = output.replace(SEARCH_DIALOG, f'{SEARCH_DIALOG} aria-label="{label}"', 1)
    # The site has one colour scheme, so Material's palette form holds a single hidden
    # radio button with no label: out of the tab order (axe: aria-hidden-focus), also
    # before Material's script runs (held back on calculator pages).
    output = PALETTE_INPUT.sub(r'\1 tabindex="-1"', output, count=1)
    output = HEAD_ALTERNATE.sub("", output)
    output = output.replace("</body>", _site_messages(_language(config)) + "</body>", 1)
    return _start_worker_early(output, page)


# Sentences the page glue shows on every page (guidance pages have no calculator form
# to carry them), from the message catalogue in the page's language.
SITE_MESSAGES = {"update": "ui.site_update", "reload": "ui.site_update_reload", "later": "ui.site_update_later"}


def _site_messages(lang: str) -> str:
    from calculators.i18n import message

    data = json.dumps({k: message(key)[lang] for k, key in SITE_MESSAGES.items()}, ensure_ascii=False)
    return f'<script type="application/json" id="site-messages">{data}</script>'


# On calculator pages, docs/assets/calculators/early.js goes inline at the top of
# <head>: it starts Python's worker while the rest of the page loads, and holds back
# the search index until the calculator has answered (the file says why).
EARLY_SCRIPT = Path(__file__).resolve().parent.parent / "docs" / "assets" / "calculators" / "early.js"
# The runtime download's progress bar (calculator.js drives it), inline too: no request
# of its own on a page that is waiting for megabytes.
PROGRESS_SCRIPT = EARLY_SCRIPT.with_name("progress.js")


def _inline(path: Path) -> str:
    """A script's code for an inline <script>, without its whole-line comments."""
    return selfhost.without_comment_lines(path.read_text("utf-8")).replace("</script", "<\\/script")


def _start_worker_early(output: str, page) -> str:
    if '<form class="calc" data-calculator="' not in output:
        return output
    # Early in <head> (a script after the stylesheets would wait for them), after the
    # charset declaration.
    anchor = '<meta charset="utf-8">' if '<meta charset="utf-8">' in output else "<head>"
    # Material's page script leaves the end of <body>: early.js runs it once the
    # calculator has answered (the file says why and when).
    bundle = MATERIAL_BUNDLE.search(output)
    held = f' data-bundle="{bundle.group(1)}"' if bundle else ""
    if bundle:
        output = output.replace(bundle.group(0), "", 1)
    # data-runtime: this build's runtime, filled in once it is built (selfhost.py).
    tag = (f'<script data-root="{html.escape(_root_prefix(page))}"{held} data-runtime="{selfhost.RUNTIME_ID_MARKER}">'
           f'{_inline(EARLY_SCRIPT)}</script><script>{_inline(PROGRESS_SCRIPT)}</script>')
    return output.replace(anchor, anchor + tag, 1)


MATERIAL_BUNDLE = re.compile(r'<script src="([^"<>]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js)"></script>')


def _inner_language_build(config) -> bool:
    """True while the i18n plugin builds another language inside the main build."""
    i18n = config.plugins.get("i18n")
    return bool(i18n is not None and getattr(i18n, "building", False))


def _install_runtime(config):
    # The i18n plugin runs the build once per language; the runtime goes once into the
    # top-level site directory, shared by both languages.
    if _inner_language_build(config):
        return
    selfhost.install_runtime(Path(config["site_dir"]))


@plugins.event_priority(-200)  # after the i18n plugin (-100): every language and the search index are written
def _finish_site(config):
    # The service worker lists every built file with its hash; compressed copies last.
    if _inner_language_build(config):
        return
    selfhost.finish_site(Path(config["site_dir"]))


on_post_build = plugins.CombinedEvent(_install_runtime, _finish_site)

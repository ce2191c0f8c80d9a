"""MkDocs hooks: put the calculators into the pages and self-host their runtime.

- Each ``<div class="calculator" data-calculator="NAME"></div>`` in a page becomes the
  calculator's form and its result for the example inputs, rendered by the calculators
  package itself in the page's language (so a real result is there at first paint).
- The theme overrides (``overrides/``, Material's ``custom_dir``) get what they put in
  the pages: on calculator pages the inline ``early.js`` (``calculator_head``), and on
  every page the sentences the page glue shows anywhere (``site_messages``). Material's
  own output is not edited after the fact.
- After the build, ``scripts/selfhost.py`` copies the Pyodide runtime and a freshly
  built calculators wheel into ``site/assets/runtime/``.
"""

from __future__ import annotations

import json
import re
import sys
from functools import lru_cache
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
    # The placeholder is our own markup as Markdown passes it through; if a change there
    # made it stop matching, the page would silently lose its calculator.
    if 'class="calculator"' in html:
        raise ValueError(f"{page.file.src_path}: a calculator placeholder is not "
                         '<div class="calculator" data-calculator="NAME"></div> on a line of its own')
    scripts = (CALCULATOR_SCRIPTS if embedded else ()) + (CHART_SCRIPTS if charts else ())
    prefix = _root_prefix(page)
    return html + "".join(f'<script src="{prefix}{src}" defer></script>' for src in scripts)


def on_env(env, config, files):
    # Every page (the 404 page too) ends with the sentences the page glue shows on any
    # page, in the language being built (overrides/main.html, block scripts).
    env.globals["site_messages"] = _site_messages(_language(config))
    return env


def on_page_context(context, page, config, nav):
    if CALCULATOR_FORM in (page.content or ""):
        context["calculator_head"] = _early_script(page)
    return context


# Sentences the page glue shows on every page (guidance pages have no calculator form
# to carry them), from the message catalogue in the page's language.
SITE_MESSAGES = {"update": "ui.site_update", "reload": "ui.site_update_reload", "later": "ui.site_update_later"}


def _site_messages(lang: str) -> str:
    from calculators.i18n import message

    data = json.dumps({k: message(key)[lang] for k, key in SITE_MESSAGES.items()}, ensure_ascii=False)
    return f'<script type="application/json" id="site-messages">{data}</script>'


# On calculator pages, docs/assets/calculators/early.js goes inline at the top of
# <head> (overrides/main.html, block site_meta): it starts Python's worker while the
# rest of the page loads, and holds back Material's page script and the search index
# until the calculator has answered (the file says why). The runtime download's
# progress bar (progress.js, which calculator.js drives) follows it inline: no request of
# its own on a page that is waiting for megabytes.
EARLY_SCRIPT = ROOT / "docs" / "assets" / "calculators" / "early.js"
PROGRESS_SCRIPT = EARLY_SCRIPT.with_name("progress.js")
CALCULATOR_FORM = '<form class="calc" data-calculator="'


@lru_cache(maxsize=1)
def material_bundle() -> str:
    """Material's page script, site-relative: the file its base.html loads at the end of
    every page (``assets/javascripts/bundle.<hash>.min.js``, one per Material version)."""
    import material

    found = sorted((Path(material.__file__).parent / "templates" / "assets" / "javascripts").glob("bundle.*.min.js"))
    if len(found) != 1:
        raise ValueError(f"expected one Material bundle, found {[f.name for f in found]}")
    return f"assets/javascripts/{found[0].name}"


def _inline(path: Path) -> str:
    """A script's code for an inline <script>, without its whole-line comments."""
    return selfhost.without_comment_lines(path.read_text("utf-8")).replace("</script", "<\\/script")


def _early_script(page) -> str:
    prefix = _root_prefix(page)  # "../" per level: nothing to escape
    # data-bundle: Material's page script, which overrides/main.html leaves out of
    # calculator pages for early.js to run later. data-runtime: this build's runtime,
    # filled in once it is built (selfhost.py).
    return (f'<script data-root="{prefix}" data-bundle="{prefix}{material_bundle()}" '
            f'data-runtime="{selfhost.RUNTIME_ID_MARKER}">{_inline(EARLY_SCRIPT)}</script>'
            f'<script>{_inline(PROGRESS_SCRIPT)}</script>')


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

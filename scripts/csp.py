"""The site's Content-Security-Policy, written by the build from the final HTML.

Every page carries the policy as ``<meta http-equiv="Content-Security-Policy">`` right
after its charset, before any script (overrides/main.html puts a placeholder there;
``apply`` fills it in once every page is final), so a static host needs nothing. The
policy allows:

- scripts from the site itself and, by SHA-256, exactly the inline scripts of that page
  (Material's start-up lines, early.js on calculator pages), computed here from the
  written HTML, so an inline script that changes cannot be left out;
  ``'wasm-unsafe-eval'`` so that Pyodide may compile its WebAssembly; no
  ``'unsafe-inline'``, no ``'unsafe-eval'``, no event-handler attributes;
- styles from the site's own stylesheets only (Material needs nothing inline: its
  scripts set styles through the CSSOM, which a policy does not restrict, and tables
  align with the ``align`` attribute, mkdocs.yml); images from the site and ``data:``
  URLs, which Material's stylesheet uses for its icons (CSS masks);
- workers (Python's, the search index's, the service worker), fetches and the web
  manifest from the site only; no frames, no plugins; anything else from the site only
  (``default-src 'self'``, not ``'none'``: Firefox prefetches the next page that
  Material's ``<link rel="next">`` names under ``default-src``); no other origin of any
  kind.

A server that can send headers should send the same policy as a header too (README,
"Hosting"): a worker takes its policy from its own response's headers, never from the
page's meta tag, and only a header can carry ``frame-ancestors``. The build writes that
header for the whole site (every page's hashes) into ``site/csp/``: ``policy.txt`` (the
policy on one line) and nginx snippets (``nginx.conf``, ``nginx-report-only.conf``).

The build fails on markup the policy would block without saying so: an inline event
handler (``onclick=``), a ``javascript:`` URL, an inline ``<style>`` or ``style=``.
"""

from __future__ import annotations

import base64
import hashlib
import html.parser
from pathlib import Path

# The placeholder overrides/main.html writes (through scripts/site_hooks.py) on every page.
MARKER = "@CONTENT_SECURITY_POLICY@"
META = f'<meta http-equiv="Content-Security-Policy" content="{MARKER}">'

# Every directive but the inline scripts' hashes, which each page adds to script-src.
DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "manifest-src": ["'self'"],
    "object-src": ["'none'"],
    "frame-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
# Only a header can carry these (a meta tag's are ignored): the site is never framed.
HEADER_ONLY = {"frame-ancestors": ["'none'"]}

# The build's output for servers that send headers (README): site/csp/.
HEADER_DIR = "csp"

# <script> types a browser runs (no type, a JavaScript MIME type, or a module); others
# (application/json data blocks) are data, which a policy does not govern.
SCRIPT_TYPES = {"", "module", "text/javascript", "application/javascript", "application/ecmascript",
                "text/ecmascript", "text/jscript", "text/livescript", "text/x-javascript"}


class _Scanner(html.parser.HTMLParser):
    """The inline scripts of a page as the browser reads them, and markup the policy
    would block (event handlers, javascript: URLs, inline styles)."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self.blocked: list[str] = []
        self._inline: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.blocked.append(f"<{tag} {name}=...>: inline event handler")
            elif name == "style":
                self.blocked.append(f"<{tag} style=...>: inline style")
            elif name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith("javascript:"):
                self.blocked.append(f"<{tag} {name}=javascript:...>")
        if tag == "style":
            self.blocked.append("<style>: inline stylesheet")
        if tag == "script" and "src" not in values and (values.get("type") or "").strip().lower() in SCRIPT_TYPES:
            self._inline = []

    def handle_data(self, data):
        if self._inline is not None:
            self._inline.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._inline is not None:
            self.scripts.append("".join(self._inline))
            self._inline = None


def scan(page_html: str) -> tuple[list[str], list[str]]:
    """(inline scripts, blocked markup) of a page."""
    scanner = _Scanner()
    # Browsers read CR LF and CR as LF before anything else (HTML's input stream), so
    # a script's hash is taken over that text.
    scanner.feed(page_html.replace("\r\n", "\n").replace("\r", "\n"))
    scanner.close()
    return scanner.scripts, scanner.blocked


def script_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode() + "'"


def policy(hashes, header: bool = False) -> str:
    """The policy with these inline-script hashes; ``header``: with the header-only
    directives."""
    directives = {**DIRECTIVES, "script-src": DIRECTIVES["script-src"] + sorted(set(hashes))}
    if header:
        directives.update(HEADER_ONLY)
    return "; ".join(" ".join([name, *values]) for name, values in directives.items())


def apply(site_dir: Path) -> str:
    """Fill in every page's policy and write the site-wide header files; returns the
    header policy. Raises ValueError for a page without the placeholder or with markup
    the policy would block."""
    site_dir = Path(site_dir)
    every_hash: set[str] = set()
    problems = []
    for page in sorted(site_dir.rglob("*.html")):
        rel = page.relative_to(site_dir).as_posix()
        if rel.startswith("assets/"):
            continue  # not pages of the site (none today)
        text = page.read_text("utf-8")
        if text.count(META) != 1:
            problems.append(f"{rel}: no Content-Security-Policy placeholder (overrides/main.html)")
            continue
        scripts, blocked = scan(text)
        problems += [f"{rel}: {what}, which the Content-Security-Policy blocks" for what in blocked]
        hashes = {script_hash(s) for s in scripts}
        every_hash |= hashes
        page.write_text(text.replace(MARKER, policy(hashes)), "utf-8")
    if problems:
        raise ValueError("\n".join(problems))
    header = policy(every_hash, header=True)
    out = site_dir / HEADER_DIR
    out.mkdir(exist_ok=True)
    (out / "policy.txt").write_text(header + "\n", "utf-8")
    for name, field in (("nginx.conf", "Content-Security-Policy"),
                        ("nginx-report-only.conf", "Content-Security-Policy-Report-Only")):
        (out / name).write_text(f"# Written by the build (scripts/csp.py): this build's policy, every page's hashes.\n"
                                f'add_header {field} "{header}" always;\n', "utf-8")
    return header

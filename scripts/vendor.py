"""Third-party browser libraries, vendored from node_modules into the site.

Each entry names the npm package (pinned in package.json / package-lock.json) and the
files the site serves, licence included. They are copied into ``docs/assets/vendor/``
(git-ignored) before MkDocs collects files, so they are served from the site's own
origin like every other asset; pages load them only where needed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR_DIR = ROOT / "docs" / "assets" / "vendor"

VENDORED = {
    "chart.js": ("dist/chart.umd.min.js", "LICENSE.md"),
    "morphdom": ("dist/morphdom-umd.min.js", "LICENSE"),
}


def sync() -> None:
    for package, files in VENDORED.items():
        src_root = ROOT / "node_modules" / package
        if not src_root.is_dir():
            raise SystemExit(f"node_modules/{package} is missing: run scripts/setup (npm ci).")
        for rel in files:
            # A licence keeps a .txt name so MkDocs does not take LICENSE.md for a page.
            name = Path(rel).name.replace(".md", ".txt")
            src, dst = src_root / rel, VENDOR_DIR / package / name
            if dst.exists() and dst.read_bytes() == src.read_bytes():
                continue
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)


def script_url(package: str) -> str:
    """The vendored script's path under the site root."""
    return f"assets/vendor/{package}/{Path(VENDORED[package][0]).name}"

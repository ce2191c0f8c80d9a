"""Self-host the calculators' runtime inside the built site.

Copies the run-time files of the npm ``pyodide`` package (no source maps, no console
pages) and a freshly built ``calculators`` wheel into ``<site>/assets/runtime/``, with
a manifest naming the wheel, its SHA-256 and the Pyodide version. The browser side
keys its caches on that manifest. Run by the MkDocs hook; usable on its own:

    python scripts/selfhost.py site
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYODIDE_NPM = ROOT / "node_modules" / "pyodide"
PYODIDE_RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
                         "pyodide-lock.json", "package.json")
BROWSER_GLUE = ROOT / "docs" / "assets" / "calculators"  # worker.mjs lives here, copied as a page asset


def build_wheel() -> tuple[str, bytes]:
    """Build the calculators wheel from the working tree; returns (file name, bytes)."""
    from flit_core import buildapi

    cwd = os.getcwd()
    with tempfile.TemporaryDirectory() as out:
        try:
            os.chdir(ROOT)
            name = buildapi.build_wheel(out)
        finally:
            os.chdir(cwd)
        return name, (Path(out) / name).read_bytes()


def _copy_if_changed(src: Path, dst: Path) -> None:
    if dst.exists() and dst.stat().st_size == src.stat().st_size and dst.stat().st_mtime >= src.stat().st_mtime:
        return
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dst)


def install_runtime(site_dir: Path) -> dict:
    if not PYODIDE_NPM.is_dir():
        raise SystemExit("node_modules/pyodide is missing: run scripts/setup first (npm ci).")
    runtime = site_dir / "assets" / "runtime"
    for name in PYODIDE_RUNTIME_FILES:
        _copy_if_changed(PYODIDE_NPM / name, runtime / "pyodide" / name)
    pyodide_version = json.loads((PYODIDE_NPM / "package.json").read_text())["version"]
    (runtime / "pyodide" / "LICENSE.txt").write_text(
        f"Pyodide {pyodide_version}, from the npm package 'pyodide', is distributed under the "
        "Mozilla Public License 2.0 (https://www.mozilla.org/MPL/2.0/). Its bundled CPython "
        "is under the Python Software Foundation License. Files here are unmodified copies.\n")

    wheel_name, wheel = build_wheel()
    wheels = runtime / "wheels"
    if wheels.exists():
        shutil.rmtree(wheels)
    wheels.mkdir(parents=True)
    (wheels / wheel_name).write_bytes(wheel)
    manifest = {
        "wheel": wheel_name,
        "sha256": hashlib.sha256(wheel).hexdigest(),
        "pyodide": pyodide_version,
    }
    (runtime / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


if __name__ == "__main__":
    print(json.dumps(install_runtime(Path(sys.argv[1] if len(sys.argv) > 1 else "site")), indent=2))

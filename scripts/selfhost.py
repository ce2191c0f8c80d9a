"""Self-host the calculators' runtime inside the built site, and make it offline-ready.

- ``install_runtime``: copies the run-time files of the npm ``pyodide`` package (no
  source maps, no console pages) and a freshly built ``calculators`` wheel into
  ``<site>/assets/runtime/``, with a manifest naming the wheel, its SHA-256, the
  Pyodide version and the standard library's SHA-256. The standard library is the
  package's with the modules the calculators use compiled to bytecode
  (``compiled_stdlib``). The browser side keys its caches (memory snapshots) on that
  manifest.
- ``write_service_worker``: writes ``<site>/sw.js`` from ``scripts/service_worker.js``
  with this build's version (wheel SHA-256 + a hash of every built file) and the list
  of files it caches, each with its hash.
- ``precompress``: writes ``.gz`` copies of the large compressible files (the wasm,
  the standard library, scripts, the search index) for servers that serve them as is
  (nginx ``gzip_static``, ``scripts/static_server.py``).

Run by the MkDocs hook after both languages are built; usable on its own:

    python scripts/selfhost.py site
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYODIDE_NPM = ROOT / "node_modules" / "pyodide"
PYODIDE_RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
                         "pyodide-lock.json", "package.json")
# Python's worker and the modules it imports (all in assets/calculators/ of the site).
WORKER_MODULES = ("worker.mjs", "snapshot-format.mjs", "unzip.mjs", "batch-worker.mjs")


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


# V8's explicit compile hint (Chromium 136 and later; a plain comment elsewhere): compile
# every function of the file when it loads. Pyodide's JavaScript is one large module;
# left lazy, about 500 of its functions are compiled on the worker's thread during every
# start (about 0.15 s, traced). Compiled at load, they enter the browser's code cache
# with the file, and later starts skip that. The only change made to Pyodide's files.
EAGER_COMPILE_HINT = b"//# allFunctionsCalledOnLoad\n"
EAGER_COMPILE_FILES = ("pyodide.asm.mjs",)


def _write_if_changed(dst: Path, data: bytes) -> None:
    if dst.exists() and dst.read_bytes() == data:
        return
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(data)


STDLIB = "python_stdlib.zip"
STDLIB_CACHE = ROOT / ".cache" / "stdlib"


def compiled_stdlib(wheel: bytes) -> bytes:
    """Pyodide's standard library with the modules the calculators use compiled to
    bytecode by Pyodide's own Python under Node (``stdlib.mjs``): the browser then skips
    compiling them at every start (about 2 s of a 4.5 s first visit here). Kept in
    ``.cache/`` under a hash of what it is made from, since it takes a few seconds."""
    script = Path(__file__).with_name("stdlib.mjs")
    original = (PYODIDE_NPM / STDLIB).read_bytes()
    key = hashlib.sha256(b"\0".join([original, wheel, script.read_bytes()])).hexdigest()[:24]
    cached = STDLIB_CACHE / f"{key}.zip"
    if cached.exists():
        return cached.read_bytes()
    node = shutil.which("node")
    if not node:
        raise SystemExit("node is missing: it compiles the standard library for the browser (scripts/setup).")
    with tempfile.TemporaryDirectory() as tmp:
        wheel_path, out = Path(tmp) / "calculators.whl", Path(tmp) / STDLIB
        wheel_path.write_bytes(wheel)
        run = subprocess.run([node, str(script), str(PYODIDE_NPM), str(wheel_path), str(out)],
                             capture_output=True, text=True)
        if run.returncode != 0 or not out.exists():
            raise SystemExit(f"compiling the standard library for the browser failed:\n{run.stderr[-3000:]}")
        data = out.read_bytes()
    STDLIB_CACHE.mkdir(parents=True, exist_ok=True)
    for old in STDLIB_CACHE.glob("*.zip"):
        old.unlink()
    cached.write_bytes(data)
    return data


def install_runtime(site_dir: Path) -> dict:
    if not PYODIDE_NPM.is_dir():
        raise SystemExit("node_modules/pyodide is missing: run scripts/setup first (npm ci).")
    runtime = site_dir / "assets" / "runtime"
    wheel_name, wheel = build_wheel()
    stdlib = compiled_stdlib(wheel)
    for name in PYODIDE_RUNTIME_FILES:
        target = runtime / "pyodide" / name
        if name == STDLIB:
            _write_if_changed(target, stdlib)
        elif name in EAGER_COMPILE_FILES:
            _write_if_changed(target, EAGER_COMPILE_HINT + (PYODIDE_NPM / name).read_bytes())
        else:
            _copy_if_changed(PYODIDE_NPM / name, target)
    pyodide_version = json.loads((PYODIDE_NPM / "package.json").read_text())["version"]
    (runtime / "pyodide" / "LICENSE.txt").write_text(
        f"Pyodide {pyodide_version}, from the npm package 'pyodide', is distributed under the "
        "Mozilla Public License 2.0 (https://www.mozilla.org/MPL/2.0/). Its bundled CPython "
        "is under the Python Software Foundation License. Files here are copies of the "
        "package's files, with two changes. One line is added at the top of pyodide.asm.mjs: "
        f"the comment {EAGER_COMPILE_HINT.decode().strip()}, a hint for the browser's "
        "JavaScript engine to compile the file's functions as it loads. In "
        f"{STDLIB}, the standard library modules the calculators use are compiled to "
        "Python bytecode (without docstrings and asserts) in place of their source, by "
        "scripts/stdlib.mjs; the other modules are as the package ships them.\n")

    wheels = runtime / "wheels"
    if wheels.exists():
        shutil.rmtree(wheels)
    wheels.mkdir(parents=True)
    (wheels / wheel_name).write_bytes(wheel)
    manifest = {
        "wheel": wheel_name,
        "sha256": hashlib.sha256(wheel).hexdigest(),
        "pyodide": pyodide_version,
        # The standard library as served (compiled for this wheel's use of it).
        "stdlib": hashlib.sha256(stdlib).hexdigest(),
    }
    (runtime / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


SERVICE_WORKER_TEMPLATE = Path(__file__).resolve().parent / "service_worker.js"
# Built files the service worker does not cache: source maps, sitemaps, compressed
# copies, the worker itself, and the benchmark's page (only present in bench runs).
SW_SKIP_SUFFIXES = (".map", ".gz", ".br")
SW_SKIP_NAMES = {"sw.js", "sitemap.xml"}
SW_SKIP_DIRS = ("bench/",)
# The Thai word splitter of the search plugin (660 kB) is never loaded for en/zh.
SW_SKIP_FILES = {"assets/javascripts/lunr/wordcut.js"}


def _short_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _served_path(rel: str) -> str:
    """The URL path (relative to the site root) a file is requested under."""
    if rel == "index.html":
        return "./"
    if rel.endswith("/index.html"):
        return rel[: -len("index.html")]
    return rel


def write_service_worker(site_dir: Path) -> str:
    """Write <site>/sw.js for this build; returns the build version."""
    site_dir = Path(site_dir)
    shell, runtime = [], []
    for f in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        rel = f.relative_to(site_dir).as_posix()
        if (rel.endswith(SW_SKIP_SUFFIXES) or f.name in SW_SKIP_NAMES or rel in SW_SKIP_FILES
                or rel.startswith(SW_SKIP_DIRS)):
            continue
        entry = [_served_path(rel), _short_hash(f.read_bytes())]
        (runtime if rel.startswith("assets/runtime/") else shell).append(entry)
    manifest_file = site_dir / "assets" / "runtime" / "manifest.json"
    wheel = json.loads(manifest_file.read_text())["sha256"][:8] if manifest_file.exists() else "nowheel"
    version = f"{wheel}-{_short_hash(json.dumps([shell, runtime]).encode())[:12]}"
    build = {"version": version, "shell": shell, "runtime": runtime}
    template = SERVICE_WORKER_TEMPLATE.read_text("utf-8")
    marker = '/*@BUILD@*/ { version: "dev", shell: [], runtime: [] }'
    if marker not in template:
        raise SystemExit(f"{SERVICE_WORKER_TEMPLATE}: the BUILD marker is missing")
    (site_dir / "sw.js").write_text(template.replace(marker, json.dumps(build, separators=(",", ":"))), "utf-8")
    return version


PRECOMPRESS_SUFFIXES = (".wasm", ".mjs", ".js", ".json", ".css", ".zip", ".html", ".svg", ".xml")
PRECOMPRESS_MIN_BYTES = 16 * 1024


def precompress(site_dir: Path) -> list[str]:
    """Write name.gz next to each large compressible file; skip up-to-date copies and
    files gzip barely shrinks. Returns the files that have a .gz copy."""
    done = []
    for f in sorted(Path(site_dir).rglob("*")):
        if not f.is_file() or not f.name.endswith(PRECOMPRESS_SUFFIXES) or f.name.endswith(".map"):
            continue
        size = f.stat().st_size
        if size < PRECOMPRESS_MIN_BYTES:
            continue
        gz = f.with_name(f.name + ".gz")
        if gz.exists() and gz.stat().st_mtime >= f.stat().st_mtime:
            done.append(f.relative_to(site_dir).as_posix())
            continue
        packed = gzip.compress(f.read_bytes(), compresslevel=6, mtime=0)
        if len(packed) > 0.9 * size:
            gz.unlink(missing_ok=True)
            continue
        gz.write_bytes(packed)
        os.utime(gz, (f.stat().st_atime, max(f.stat().st_mtime, gz.stat().st_mtime)))
        done.append(f.relative_to(site_dir).as_posix())
    return done


# Calculator pages name the shared worker Python runs in after this build's runtime
# (early.js), so that a page never talks to another build's Python: the pages carry the
# marker until the runtime is built, then its id.
RUNTIME_ID_MARKER = "@RUNTIME_ID@"


def stamp_runtime_id(site_dir: Path) -> str:
    """Put the runtime's id (a hash of the manifest, which names the wheel and Pyodide,
    and of the worker's modules) into the pages that start the worker. Returns the id."""
    site_dir = Path(site_dir)
    manifest = (site_dir / "assets" / "runtime" / "manifest.json").read_bytes()
    worker = b"".join((site_dir / "assets" / "calculators" / name).read_bytes() for name in WORKER_MODULES)
    runtime_id = _short_hash(manifest + worker)
    marker = f'data-runtime="{RUNTIME_ID_MARKER}"'
    for page in site_dir.rglob("*.html"):
        text = page.read_text("utf-8")
        if marker in text:
            page.write_text(text.replace(marker, f'data-runtime="{runtime_id}"'), "utf-8")
    return runtime_id


def finish_site(site_dir: Path) -> str:
    """After every page is written: the runtime's id in the pages, the service worker,
    then compressed copies."""
    stamp_runtime_id(site_dir)
    version = write_service_worker(site_dir)
    precompress(site_dir)
    return version


if __name__ == "__main__":
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    print(json.dumps({**install_runtime(site), "build": finish_site(site)}, indent=2))

"""Self-host the calculators' runtime inside the built site, and make it offline-ready.

- ``install_runtime``: copies the run-time files of the npm ``pyodide`` package (no
  source maps, no console pages, no lock file: the worker passes Pyodide an empty one)
  and a freshly built ``calculators`` wheel into ``<site>/assets/runtime/``, with a
  manifest naming the wheel, its SHA-256, the Pyodide version, the standard library's
  SHA-256, the lock file's header and the size of each file a start downloads (plain,
  gzip, brotli: the page's progress bar). The standard library is reduced to the
  modules Python's start and the calculators use, compiled to bytecode
  (``reduced_stdlib``). The browser side keys its caches (memory snapshots) on that
  manifest.
- ``write_service_worker``: writes ``<site>/sw.js`` from ``scripts/service_worker.js``
  with this build's version (wheel SHA-256 + a hash of every built file) and the list
  of files it caches, each with its hash.
- ``precompress``: writes ``.gz`` and ``.br`` copies of the large compressible files
  (the wasm, the standard library, the wheel, scripts, pages, the search index) for
  servers that serve them as they are (nginx ``gzip_static`` and ``brotli_static``,
  ``scripts/static_server.py``): brotli at its best, gzip by Zopfli for the large
  files. Both are slow (about 50 s for the wasm), so copies are kept in ``.cache/`` by
  content.

Run by the MkDocs hook after both languages are built; usable on its own:

    python scripts/selfhost.py site
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import brotli
import zopfli.gzip

import calculator_inputs

ROOT = Path(__file__).resolve().parent.parent
PYODIDE_NPM = ROOT / "node_modules" / "pyodide"
PYODIDE_RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "package.json")
PYODIDE_LOCK = "pyodide-lock.json"  # not served: the worker gives Pyodide its header and no packages
# Python's worker and the modules it imports (all in assets/calculators/ of the site).
WORKER_MODULES = ("worker.mjs", "snapshot-format.mjs", "snapshot-reader.mjs", "zip.mjs", "batch-worker.mjs")


def build_wheel() -> tuple[str, bytes]:
    """Build the calculators wheel from the working tree; returns (file name, bytes).
    Its files are stored, not deflated: the server's brotli or gzip then compresses
    across them (113 KB instead of 199 KB as a deflated wheel, measured)."""
    from flit_core import buildapi

    cwd = os.getcwd()
    with tempfile.TemporaryDirectory() as out:
        try:
            os.chdir(ROOT)
            name = buildapi.build_wheel(out)
        finally:
            os.chdir(cwd)
        return name, _stored((Path(out) / name).read_bytes())


def _stored(archive: bytes) -> bytes:
    """The same zip with every entry stored (same names, order and dates)."""
    source, out = zipfile.ZipFile(io.BytesIO(archive)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            entry.external_attr = info.external_attr
            target.writestr(entry, source.read(info))
    return out.getvalue()


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
# Generated inputs per calculator the build runs to record what the calculators use
# (the parity test runs others, from another seed, on the result).
STDLIB_RECORDING_INPUTS = 200
STDLIB_SCRIPTS = ("stdlib.mjs", "wheel_files.mjs", "stdlib_guard.py", "calculator_inputs.py",
                  "../docs/assets/calculators/zip.mjs")


def reduced_stdlib(wheel: bytes) -> tuple[bytes, dict]:
    """Pyodide's standard library reduced to the modules Python's start and the
    calculators use, compiled to bytecode by Pyodide's own Python under Node, with a
    guard that names any module left out when something asks for it
    (``stdlib.mjs`` says how the modules are found). Returns the archive and a
    summary: {"python", "modules", "shipped", "removed", and the modules shipped for
    Python's start, "start", for importing the browser's entry point, "entry", and for
    the calculations and the rest, "calculations"}.
    Kept in ``.cache/`` under a hash of what it is made from, since it takes a few
    seconds."""
    scripts = Path(__file__).resolve().parent
    original = (PYODIDE_NPM / STDLIB).read_bytes()
    cases = json.dumps(calculator_inputs.all_cases(STDLIB_RECORDING_INPUTS), ensure_ascii=False).encode()
    key = hashlib.sha256(b"\0".join([original, wheel, cases] + [(scripts / name).read_bytes()
                                                                for name in STDLIB_SCRIPTS])).hexdigest()[:24]
    cached, summary_file = STDLIB_CACHE / f"{key}.zip", STDLIB_CACHE / f"{key}.json"
    if cached.exists() and summary_file.exists():
        return cached.read_bytes(), json.loads(summary_file.read_text("utf-8"))
    node = shutil.which("node")
    if not node:
        raise SystemExit("node is missing: it records and compiles the standard library for the browser (scripts/setup).")
    with tempfile.TemporaryDirectory() as tmp:
        wheel_path, cases_path, out = Path(tmp) / "calculators.whl", Path(tmp) / "cases.json", Path(tmp) / STDLIB
        wheel_path.write_bytes(wheel)
        cases_path.write_bytes(cases)
        run = subprocess.run([node, str(scripts / "stdlib.mjs"), str(PYODIDE_NPM), str(wheel_path), str(cases_path),
                              str(scripts / "stdlib_guard.py"), str(out)], capture_output=True, text=True)
        if run.returncode != 0 or not out.exists():
            raise SystemExit(f"recording and compiling the standard library for the browser failed:\n{run.stderr[-3000:]}")
        data = out.read_bytes()
        summary = json.loads(run.stdout.strip().splitlines()[-1])
    STDLIB_CACHE.mkdir(parents=True, exist_ok=True)
    for old in STDLIB_CACHE.iterdir():
        old.unlink()
    cached.write_bytes(data)
    summary_file.write_text(json.dumps(summary, indent=1) + "\n", "utf-8")
    return data, summary


def lock_header() -> dict:
    """The npm package's lock file without its packages: what loadPyodide needs of it
    when nothing is loaded by name (its ABI version is checked)."""
    return {"info": json.loads((PYODIDE_NPM / PYODIDE_LOCK).read_text("utf-8"))["info"], "packages": {}}


# What a normal start downloads (relative to assets/runtime/; the wheel is added by
# name): the manifest lists their sizes, so the page can say how much is left.
START_DOWNLOADS = ("pyodide/pyodide.mjs", "pyodide/pyodide.asm.mjs", "pyodide/pyodide.asm.wasm", f"pyodide/{STDLIB}")


def install_runtime(site_dir: Path) -> dict:
    if not PYODIDE_NPM.is_dir():
        raise SystemExit("node_modules/pyodide is missing: run scripts/setup first (npm ci).")
    runtime = site_dir / "assets" / "runtime"
    wheel_name, wheel = build_wheel()
    stdlib, summary = reduced_stdlib(wheel)
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
        f"JavaScript engine to compile the file's functions as it loads. {STDLIB} holds "
        f"{summary['shipped']} of the package's {summary['modules']} standard library modules, "
        "those Python's start and the calculators use, compiled to Python bytecode (without "
        "docstrings, asserts and column positions, each line number the first line of its "
        "function) in place of their source, and a module of this site's (_reduced_stdlib) "
        "that names the others when something asks for one; made by scripts/stdlib.mjs. "
        f"The package's {PYODIDE_LOCK} is left out.\n")

    wheels = runtime / "wheels"
    if wheels.exists():
        shutil.rmtree(wheels)
    wheels.mkdir(parents=True)
    (wheels / wheel_name).write_bytes(wheel)
    files = {}
    for rel in (*START_DOWNLOADS, f"wheels/{wheel_name}"):
        size = (runtime / rel).stat().st_size
        files[rel] = {"bytes": size, **compress_file(runtime / rel)}
    manifest = {
        "wheel": wheel_name,
        "sha256": hashlib.sha256(wheel).hexdigest(),
        "pyodide": pyodide_version,
        # The standard library as served (reduced and compiled for this wheel's use of it).
        "stdlib": hashlib.sha256(stdlib).hexdigest(),
        "lock": lock_header(),
        # What a normal start downloads: size as is, as gzip and as brotli.
        "files": files,
    }
    (runtime / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


SERVICE_WORKER_TEMPLATE = Path(__file__).resolve().parent / "service_worker.js"
# Built files the service worker does not cache: source maps, sitemaps, compressed
# copies, the worker itself, the benchmark's page (only present in bench runs) and the
# policy's files for server configuration (scripts/csp.py).
SW_SKIP_SUFFIXES = (".map", ".gz", ".br", ".yml")
SW_SKIP_NAMES = {"sw.js", "sitemap.xml"}
SW_SKIP_DIRS = ("bench/", "csp/")
# Scripts the pages inline (not fetched), and the search plugin's word splitters and
# stemmers for languages other than this site's (never loaded for en and zh: the Thai
# splitter alone is 660 KB, the other languages' 190 KB compressed).
SW_SKIP_FILES = {"assets/calculators/early.js", "assets/calculators/progress.js"}
SW_SKIP_PATTERN = re.compile(r"^assets/javascripts/lunr/(wordcut\.js|tinyseg\.js|"
                             r"min/lunr\.(?!(?:stemmer\.support|multi|zh)\.min\.js$)[a-z.]+\.min\.js)$")


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
                or rel.startswith(SW_SKIP_DIRS) or SW_SKIP_PATTERN.match(rel)):
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


PRECOMPRESS_SUFFIXES = (".wasm", ".mjs", ".js", ".json", ".css", ".zip", ".whl", ".html", ".svg", ".xml")
PRECOMPRESS_MIN_BYTES = 512  # smaller files gain less than the headers cost
COMPRESSED_CACHE = ROOT / ".cache" / "compressed"
# The files a first visit waits for are compressed as small as the codings allow:
# brotli at its best everywhere, and gzip by Zopfli (gzip-compatible, 4 % smaller on the
# wasm, about 20 s for it) where it is worth the time, plain gzip -9 elsewhere.
ZOPFLI_MIN_BYTES = 256 * 1024


def _packed(data: bytes, coding: str) -> bytes:
    """``data`` compressed for ``coding`` ("br" or "gzip"), cached by content: the best
    settings are slow (the wasm: about 30 s of brotli and 20 s of Zopfli)."""
    best_gzip = coding == "gzip" and len(data) >= ZOPFLI_MIN_BYTES
    cached = COMPRESSED_CACHE / f"{hashlib.sha256(data).hexdigest()[:32]}.{'zopfli.gz' if best_gzip else coding}"
    if cached.exists():
        os.utime(cached)  # used by this build (see _prune_compressed_cache)
        return cached.read_bytes()
    if coding == "br":
        packed = brotli.compress(data, quality=11, lgwin=24)
    elif best_gzip:
        packed = zopfli.gzip.compress(data, numiterations=1)
    else:
        packed = gzip.compress(data, compresslevel=9, mtime=0)
    COMPRESSED_CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(packed)
    return packed


def _fresh(copy: Path, original: Path) -> bool:
    return copy.exists() and copy.stat().st_mtime >= original.stat().st_mtime


def compress_file(f: Path) -> dict[str, int]:
    """Write f.gz and f.br next to f, unless f is small or they barely shrink it (up to
    date copies are kept). Returns the copies' sizes, {"gzip": n, "br": n}, or {}."""
    size = f.stat().st_size
    if size < PRECOMPRESS_MIN_BYTES:
        return {}
    sizes = {}
    for suffix, coding in ((".gz", "gzip"), (".br", "br")):
        copy = f.with_name(f.name + suffix)
        if not _fresh(copy, f):
            packed = _packed(f.read_bytes(), coding)
            if len(packed) > 0.9 * size:
                copy.unlink(missing_ok=True)
                return {}
            copy.write_bytes(packed)
            os.utime(copy, (f.stat().st_atime, max(f.stat().st_mtime, copy.stat().st_mtime)))
        sizes[coding] = copy.stat().st_size
    return sizes


def precompress(site_dir: Path) -> list[str]:
    """Write name.gz and name.br next to each large compressible file; skip up-to-date
    copies and files that barely shrink. Returns the files that have copies."""
    done = []
    started = time.time()
    for f in sorted(Path(site_dir).rglob("*")):
        if not f.is_file() or not f.name.endswith(PRECOMPRESS_SUFFIXES) or f.name.endswith(".map"):
            continue
        if compress_file(f):
            done.append(f.relative_to(site_dir).as_posix())
    _prune_compressed_cache(started)
    return done


def _prune_compressed_cache(build_started: float) -> None:
    """Forget compressed copies no build has used for a week (old pages, old wheels)."""
    if not COMPRESSED_CACHE.is_dir():
        return
    for cached in COMPRESSED_CACHE.iterdir():
        if cached.stat().st_mtime < build_started - 7 * 24 * 3600:
            cached.unlink(missing_ok=True)


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


def without_comment_lines(source: str) -> str:
    """JavaScript without its whole-line ``//`` comments (the site's own scripts keep
    none inside multi-line strings)."""
    return "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("//")) + "\n"


def strip_served_comments(site_dir: Path) -> None:
    """The site's own scripts (assets/calculators/) go out without their whole-line
    comments: a third of worker.mjs, read by developers in the repository, not by
    readers' browsers (about 4 KB of a first visit, compressed)."""
    for script in sorted((Path(site_dir) / "assets" / "calculators").glob("*.*js")):
        text = script.read_text("utf-8")
        stripped = without_comment_lines(text)
        if stripped != text:
            script.write_text(stripped, "utf-8")


def finish_site(site_dir: Path) -> str:
    """After every page is written: the runtime's id in the pages, the site's scripts
    without comment lines, the service worker, then compressed copies."""
    stamp_runtime_id(site_dir)
    strip_served_comments(site_dir)
    version = write_service_worker(site_dir)
    precompress(site_dir)
    return version


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))  # the calculators package, for the recorded inputs
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    print(json.dumps({**install_runtime(site), "build": finish_site(site)}, indent=2))

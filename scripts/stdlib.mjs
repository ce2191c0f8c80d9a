// Build step (run by scripts/selfhost.py): Pyodide's standard library reduced to the
// modules Python's start and the calculators use, compiled to bytecode.
//
//   node scripts/stdlib.mjs <pyodide folder> <calculators wheel> <cases.json> <guard.py> <out zip>
//
// Why reduced: the npm package's standard library is 2.7 MB (559 modules), of which a
// calculator page needs about 140. Why compiled: shipped as source, every start in the
// browser compiles each module it imports (about 3 s of a 4.5 s first visit on this
// project's machine); compiled here once, by Pyodide's own Python (bytecode is tied to
// Python's version, which the build machine's CPython does not share), they load as
// they are.
//
// Which modules: recorded, never listed by hand, while this Python does what the
// browser's worker does: starts as the worker starts it (no lock file, snapshot-ready),
// writes the wheel's files the way the worker does, imports the browser's entry point
// and answers every request in cases.json through it (every calculator's examples in
// both languages and generated inputs, valid, invalid and random:
// scripts/calculator_inputs.py); then imports every module of the package and every
// module its code names anywhere (an import inside a function included), goes through
// the error paths (a bad request, a traceback, a warning), reseeds `random`, freezes
// the collector and takes a memory snapshot. (The worker's fallback, Python unpacking
// the wheel, is for a deflated wheel in a browser that cannot inflate it; the build
// stores the wheel's files.) Every module asked for is seen by a finder placed first on
// Python's import path; every module loaded from the archive is in sys.modules.
//
// Written to the zip: those modules as sourceless .pyc files (unchecked hash, so no
// source is needed to check them), compiled without docstrings, asserts, column or
// line tables (`python -OO`, PYTHONNODEBUGRANGES, and the line table emptied: a
// traceback through the standard library names the function, not the line), stored
// uncompressed: the server's brotli or gzip then compresses across files (about
// 520 KB instead of 900 KB as a deflated zip). Plus the guard (scripts/stdlib_guard.py,
// as `_reduced_stdlib`) with the names of the whole standard library: importing one
// the archive lacks raises a clear error, and a calculation that fails on one says so.
// Prints a summary as JSON.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { writeWheel } from "./wheel_files.mjs";

const [pyodideDir, wheelPath, casesPath, guardPath, outPath] = process.argv.slice(2);
if (!outPath) {
  console.error("usage: node scripts/stdlib.mjs <pyodide folder> <calculators wheel> <cases.json> <guard.py> <out zip>");
  process.exit(2);
}
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const lock = JSON.parse(await readFile(path.join(pyodideDir, "pyodide-lock.json"), "utf8"));
const wheel = new Uint8Array(await readFile(wheelPath));
const py = await loadPyodide({
  indexURL: path.resolve(pyodideDir) + path.sep,
  env: { PYTHONNODEBUGRANGES: "1" },
  lockFileContents: { info: lock.info, packages: {} },  // as the worker (selfhost.install_runtime)
  _makeSnapshot: true,
});
py.globals.set("cases_json", await readFile(casesPath, "utf8"));
py.runPython(`
import sys

asked = set()
class Observer:
    """Sees every import that gets past sys.modules, and lets it go on."""
    def find_spec(self, name, path=None, target=None):
        asked.add(name)
        return None

at_start = set(sys.modules)
sys.meta_path.insert(0, Observer())
`);
writeWheel(py, wheel);
// Only modules Python's start or the calculators load anyway are used by this code
// itself (json, ast, os, pkgutil, importlib, traceback, warnings, random, gc).
py.runPython(`
import json

handle = __import__("calculators.browser", fromlist=["handle"]).handle
after_entry = set(sys.modules) | asked
for case in json.loads(cases_json):
    handle(json.dumps(case))
handle("not json")
handle('{"name": 5}')

import ast
import importlib
import os
import pkgutil
import calculators

package_dir = calculators.__path__[0]
for module in pkgutil.walk_packages(calculators.__path__, "calculators."):
    if not module.name.endswith(".__main__"):  # runs the command line when imported
        importlib.import_module(module.name)
named = set()
for folder, _, files in os.walk(package_dir):
    for file in files:
        if file.endswith(".py"):
            with open(f"{folder}/{file}", encoding="utf-8") as source:
                tree = ast.parse(source.read())
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    named.update(alias.name for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    named.add(node.module)
                    named.update(f"{node.module}.{alias.name}" for alias in node.names)
for name in sorted(named):
    try:
        importlib.import_module(name)
    except ImportError:
        pass  # an optional import, or a name imported from a module that is not a module

import traceback
import warnings
try:  # a traceback through the standard library, as the calculators' internal error makes
    json.loads("{")
except ValueError:
    traceback.format_exc(limit=3)
with warnings.catch_warnings(record=True):
    warnings.simplefilter("always")
    warnings.warn("recording the standard library", stacklevel=1)
warnings.formatwarning("recording", UserWarning, "x.py", 1)
import random
random.seed()
import gc
gc.freeze()
`);
py.makeMemorySnapshot();
py.globals.set("guard_source", await readFile(guardPath, "utf8"));
const summary = py.runPython(`
import sys

seen = set(sys.modules) | asked  # before this code imports anything of its own

import _imp
import importlib._bootstrap_external as external
import importlib.util
import json
import zipfile

archive = next(p for p in sys.path if p.endswith(".zip"))
source = zipfile.ZipFile(archive)
entries = set(source.namelist())

def file_of(name):
    base = name.replace(".", "/")
    return next((f for f in (f"{base}.py", f"{base}/__init__.py") if f in entries), None)

def from_archive(names):
    """The archive's files of these modules (not those frozen into Python itself,
    which name their file there too)."""
    out = set()
    for name in names:
        module = sys.modules.get(name)
        spec = getattr(module, "__spec__", None)
        if module is not None and getattr(spec, "origin", None) == "frozen":
            continue
        file = getattr(module, "__file__", None) or ""
        if file.startswith(archive + "/"):
            out.add(file[len(archive) + 1:])
        elif module is None and file_of(name):
            out.add(file_of(name))
    return out

start = from_archive(at_start)
entry = from_archive(after_entry) - start
used = from_archive(seen)
assert used and all(f.endswith(".py") for f in used), used
python_files = [f for f in source.namelist() if f.endswith(".py")]

def module_name(file):
    name = file[:-len("/__init__.py")] if file.endswith("/__init__.py") else file[:-len(".py")]
    return name.replace("/", ".")

# Left out (modules frozen into Python itself, whose source the archive also holds, are
# not: they never come from it).
removed = sorted(module_name(f) for f in python_files if f not in used and not _imp.is_frozen(module_name(f)))
marker = "STANDARD_LIBRARY: frozenset[str] = frozenset()"
assert marker in guard_source, "stdlib_guard.py: the STANDARD_LIBRARY line is missing"
every = " ".join(sorted(module_name(f) for f in python_files))
guard = guard_source.replace(marker, f"STANDARD_LIBRARY: frozenset[str] = frozenset({every!r}.split())", 1)

def first_lines(code):
    """The code with every instruction at its function's first line: a short line
    table (2 bytes per 8 instructions) that tracebacks and warnings still read."""
    consts = tuple(first_lines(c) if isinstance(c, type(code)) else c for c in code.co_consts)
    units, table = len(code.co_code) // 2, bytearray()
    while units > 0:  # "no columns" entries of up to 8 code units, line delta 0
        table += bytes((0x80 | 13 << 3 | (min(units, 8) - 1), 0))
        units -= 8
    return code.replace(co_consts=consts, co_linetable=bytes(table))

def pyc(file, data):
    code = first_lines(compile(data, f"{archive}/{file}", "exec", dont_inherit=True, optimize=2))
    return bytes(external._code_to_hash_pyc(code, importlib.util.source_hash(data), checked=False))

out = zipfile.ZipFile("/tmp/stdlib.zip", "w", zipfile.ZIP_STORED)
for info in source.infolist():
    if info.filename in used:
        out.writestr(zipfile.ZipInfo(info.filename + "c", date_time=info.date_time),
                     pyc(info.filename, source.read(info)))
out.writestr(zipfile.ZipInfo("_reduced_stdlib.pyc", date_time=(2026, 1, 1, 0, 0, 0)),
             pyc("_reduced_stdlib.py", guard.encode()))
out.close()
json.dumps({"python": sys.version.split()[0], "modules": len(python_files), "shipped": len(used),
            # Python's start; importing the entry point; the calculations and the rest.
            "start": sorted(module_name(f) for f in start), "entry": sorted(module_name(f) for f in entry),
            "calculations": sorted(module_name(f) for f in used - start - entry), "removed": removed})
`);
await writeFile(outPath, py.FS.readFile("/tmp/stdlib.zip"));
console.log(summary);

// Build step (run by scripts/selfhost.py): Pyodide's standard library with the modules
// the calculators use compiled to bytecode.
//
// The npm package ships the standard library as source, so every Python start in the
// browser compiles each module it imports: about two thirds of a normal start on this
// project's machine (3 s of Pyodide's 4.5 s under Node). Compiled here once, by the
// same Python (bytecode is tied to Python's version, which the build machine's CPython
// does not share), they are loaded as they are.
//
//   node scripts/stdlib.mjs <pyodide folder> <calculators wheel> <out zip>
//
// Which modules: those imported while Python starts and while every calculator runs
// its examples in both languages through the browser's entry point. They become
// sourceless .pyc files in the zip (unchecked hash, so no source is needed to check
// them), compiled without docstrings, asserts or column tables (as `python -OO` with
// PYTHONNODEBUGRANGES), which keeps the zip 0.2 MB larger instead of 0.8 MB. Every other
// module stays as source and is compiled when imported, as before. Prints a summary
// as JSON.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, wheelPath, outPath] = process.argv.slice(2);
if (!outPath) {
  console.error("usage: node scripts/stdlib.mjs <pyodide folder> <calculators wheel> <out zip>");
  process.exit(2);
}
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const py = await loadPyodide({ indexURL: path.resolve(pyodideDir) + path.sep, env: { PYTHONNODEBUGRANGES: "1" } });
const sitePackages = py.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
py.unpackArchive(new Uint8Array(await readFile(wheelPath)), "wheel", { extractDir: sitePackages });

const summary = py.runPython(`
import importlib._bootstrap_external as external
import importlib.util
import json
import sys
import zipfile

from calculators import browser, core

for name, calc in core.calculators().items():
    for payload in calc.examples:
        for lang in ("en", "zh"):
            browser.handle(json.dumps({"name": name, "payload": payload, "lang": lang}))

# Modules imported from the zip (not the ones frozen into Python itself, which name
# their file there too).
archive = next(p for p in sys.path if p.endswith(".zip"))
used = sorted({m.__file__[len(archive) + 1:] for m in list(sys.modules.values())
               if (getattr(m, "__file__", None) or "").startswith(archive + "/")
               and getattr(m.__spec__, "origin", None) != "frozen"})
assert used and all(name.endswith(".py") for name in used), used

source = zipfile.ZipFile(archive)
out = zipfile.ZipFile("/tmp/stdlib.zip", "w")
for info in source.infolist():
    data = source.read(info)
    if info.filename in used:
        code = compile(data, f"{archive}/{info.filename}", "exec", dont_inherit=True, optimize=2)
        data = bytes(external._code_to_hash_pyc(code, importlib.util.source_hash(data), checked=False))
        info = zipfile.ZipInfo(info.filename + "c", date_time=info.date_time)
        info.compress_type = zipfile.ZIP_DEFLATED
    out.writestr(info, data)
out.close()
json.dumps({"python": sys.version.split()[0], "compiled": len(used), "modules": len(source.namelist())})
`);
await writeFile(outPath, py.FS.readFile("/tmp/stdlib.zip"));
console.log(summary);

// Run calculators inside the npm Pyodide under Node, offline, and print the outputs.
// Usage: node run_calculators.mjs <pyodide dir> <wheel> <cases.json> [standard library zip]
// cases.json: [{"name": ..., "payload": ...}, ...] -> stdout: JSON with "results", a list
// of {"ok": bool, "output": ...} in the same order, computed by calculators.run, and
// "stdlib_modules", the files of the standard library modules loaded.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, wheelPath, casesPath, stdlibPath] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const options = { indexURL: path.resolve(pyodideDir) + path.sep };
if (stdlibPath) options.stdLibURL = path.resolve(stdlibPath);
const py = await loadPyodide(options);
const sitePackages = py.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
py.unpackArchive(new Uint8Array(await readFile(wheelPath)), "wheel", { extractDir: sitePackages });
py.globals.set("cases_json", await readFile(casesPath, "utf8"));
const out = py.runPython(`
import json, sys
import calculators
results = []
for case in json.loads(cases_json):
    ok, output = calculators.run(case["name"], case["payload"])
    output.pop("internal", None)
    results.append({"ok": ok, "output": output})
archive = next(p for p in sys.path if p.endswith(".zip"))
stdlib = sorted(m.__file__[len(archive) + 1:] for m in list(sys.modules.values())
                if (getattr(m, "__file__", None) or "").startswith(archive + "/")
                and getattr(m.__spec__, "origin", None) != "frozen")  # frozen: built into Python
json.dumps({"python": sys.version.split()[0], "results": results, "stdlib_modules": stdlib},
           ensure_ascii=False, sort_keys=True)
`);
process.stdout.write(out);

// Run calculators inside the npm Pyodide under Node, offline, and print the outputs.
// Usage: node run_calculators.mjs <pyodide dir> <wheel> <cases.json>
// cases.json: [{"name": ..., "payload": ...}, ...] -> stdout: JSON list of
// {"ok": bool, "output": ...} in the same order, computed by calculators.run.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, wheelPath, casesPath] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const py = await loadPyodide({ indexURL: path.resolve(pyodideDir) + path.sep });
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
json.dumps({"python": sys.version.split()[0], "results": results}, ensure_ascii=False, sort_keys=True)
`);
process.stdout.write(out);

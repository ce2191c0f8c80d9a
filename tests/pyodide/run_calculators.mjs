// Run calculators inside the npm Pyodide under Node, offline, the way the browser's
// worker does (scripts/wheel_files.mjs, docs/assets/calculators/worker.mjs): no lock
// file, the wheel's files written from JavaScript, the standard library given (the
// site's reduced one), its guard installed, and every request answered by the browser's
// entry point through the guard.
// Usage: node run_calculators.mjs <pyodide dir> <wheel> <cases.json> <standard library zip>
// cases.json: [{"name", "payload", "lang"}, ...] -> stdout: JSON {"python", "responses" (the
// entry point's JSON answers, in order), "missing" (left-out modules asked for),
// "stdlib_modules" (the files of the standard library modules loaded)}, or
// {"python", "start_error"} when the entry point could not be imported.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { writeWheel } from "../../scripts/wheel_files.mjs";

const [pyodideDir, wheelPath, casesPath, stdlibPath] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const lock = JSON.parse(await readFile(path.join(pyodideDir, "pyodide-lock.json"), "utf8"));
const py = await loadPyodide({
  indexURL: path.resolve(pyodideDir) + path.sep,
  stdLibURL: path.resolve(stdlibPath),
  lockFileContents: { info: lock.info, packages: {} },
});
writeWheel(py, new Uint8Array(await readFile(wheelPath)));
py.globals.set("cases_json", await readFile(casesPath, "utf8"));
const out = py.runPython(`
import json, sys
import _reduced_stdlib as guard

guard.install()
python = sys.version.split()[0]
try:
    from calculators import browser
except ImportError as exc:
    result = {"python": python, "start_error": f"{type(exc).__name__}: {exc}", "missing": guard.asked()}
else:
    handle = guard.wrap(browser.handle)
    responses = [handle(json.dumps(case)) for case in json.loads(cases_json)]
    archive = next(p for p in sys.path if p.endswith(".zip"))
    stdlib = sorted(m.__file__[len(archive) + 1:] for m in list(sys.modules.values())
                    if (getattr(m, "__file__", None) or "").startswith(archive + "/")
                    and getattr(m.__spec__, "origin", None) != "frozen")  # frozen: built into Python
    result = {"python": python, "responses": responses, "missing": guard.asked(), "stdlib_modules": stdlib}
json.dumps(result, ensure_ascii=False)
`);
process.stdout.write(out);

// The calculators' Python runtime, in a module worker so typing never waits on it.
// Loads the self-hosted Pyodide and the project's wheel (nothing from the network
// beyond this site), then answers {id, request} messages with the JSON the Python
// side returns. Protocol: {type: "progress"|"ready"|"failed"|"result", ...}.
import { loadPyodide } from "../runtime/pyodide/pyodide.mjs";

const runtime = new URL("../runtime/", import.meta.url);

async function start() {
  postMessage({ type: "progress", step: "runtime" });
  const manifestResponse = await fetch(new URL("manifest.json", runtime), { cache: "no-cache" });
  const manifest = await manifestResponse.json();
  const [py, wheel] = await Promise.all([
    loadPyodide({ indexURL: new URL("pyodide/", runtime).href }),
    fetch(new URL(`wheels/${manifest.wheel}?v=${manifest.sha256.slice(0, 16)}`, runtime))
      .then((r) => {
        if (!r.ok) throw new Error(`wheel ${r.status}`);
        return r.arrayBuffer();
      }),
  ]);
  postMessage({ type: "progress", step: "wheel" });
  const sitePackages = py.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
  py.unpackArchive(new Uint8Array(wheel), "wheel", { extractDir: sitePackages });
  return py.pyimport("calculators.browser").handle;
}

const handle = start().then(
  (fn) => {
    postMessage({ type: "ready" });
    return fn;
  },
  (err) => {
    postMessage({ type: "failed", detail: String(err && err.message ? err.message : err) });
    return null;
  },
);

onmessage = async (event) => {
  const { id, request } = event.data;
  const fn = await handle;
  if (!fn) return;
  postMessage({ type: "result", id, response: fn(JSON.stringify(request)) });
};

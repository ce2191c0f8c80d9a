// The calculators' Python runtime, in a module worker so typing never waits on it.
// Loads the self-hosted Pyodide and the project's wheel (nothing from the network
// beyond this site), then answers {id, request} messages with the JSON the Python
// side returns.
//
// Start-up, fastest first:
// 1. Snapshot: a Pyodide memory snapshot taken in this browser after an earlier start,
//    with the calculators already imported, restored with loadPyodide({_loadSnapshot}).
//    Kept in Cache Storage under a key made of the Pyodide version, Pyodide's build id
//    and the wheel's SHA-256 (runtime manifest), so a new build never restores an old
//    state. The memory holds modules, not files: the wheel is unpacked again so data
//    files read later are there, and `random` is reseeded (a restored interpreter
//    would otherwise repeat the snapshot's random state).
// 2. Normal start, when there is no snapshot or it fails in any way (missing, stale,
//    corrupt: the broken entry is deleted). After the first result has been sent, this
//    worker takes a snapshot of itself and stores it for the next visit.
// Storage is optional: without Cache Storage (private modes, http on a LAN address)
// every start is a normal one.
//
// Protocol out: {type: "progress", step} | {type: "ready", start: "snapshot"|"normal"}
// | {type: "failed", detail} | {type: "result", id, response} | {type: "snapshot",
// state: "saved"|"skipped"|"failed", detail?}. In: {id, request}.
// Options (worker URL query): ?snapshot=off never reads or writes snapshots.
import { loadPyodide, version } from "../runtime/pyodide/pyodide.mjs";

const runtime = new URL("../runtime/", import.meta.url);
const indexURL = new URL("pyodide/", runtime).href;
const options = new URL(import.meta.url).searchParams;
const SNAPSHOTS = "calculators-snapshots-v1";
const MAGIC = "pyodide-snapshot-v1";

const now = () => performance.now();
const timings = { workerStart: now() };

async function snapshotStore() {
  if (options.get("snapshot") === "off") return null;
  try {
    if (typeof caches === "undefined") return null;
    return await caches.open(SNAPSHOTS);
  } catch (_) {
    return null;  // storage refused (private mode, quota, insecure origin)
  }
}

function snapshotKey(manifest) {
  // A URL is only a name here: nothing fetches it.
  return new URL(`snapshot/${version}/${manifest.pyodide}/${manifest.sha256}.bin`, runtime).href;
}

async function readSnapshot(store, key) {
  if (!store) return null;
  try {
    const response = await store.match(key);
    if (!response) return null;
    const bytes = new Uint8Array(await response.arrayBuffer());
    // Cheap integrity checks: the writer's magic and the exact length.
    if (response.headers.get("x-snapshot") !== MAGIC ||
        Number(response.headers.get("x-snapshot-length")) !== bytes.length) {
      throw new Error("snapshot entry is incomplete");
    }
    return bytes;
  } catch (_) {
    await dropSnapshot(store, key);
    return null;
  }
}

async function dropSnapshot(store, key) {
  try { await store.delete(key); } catch (_) { /* nothing to drop */ }
}

function installWheel(py, wheel) {
  const sitePackages = py.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
  py.unpackArchive(wheel, "wheel", { extractDir: sitePackages });
}

async function restore(bytes, wheelPromise) {
  const py = await loadPyodide({ indexURL, _loadSnapshot: bytes });
  installWheel(py, await wheelPromise);
  py.runPython("import importlib, random; importlib.invalidate_caches(); random.seed()");
  const handle = py.pyimport("calculators.browser").handle;
  // A corrupt memory image shows itself here rather than on the reader's input.
  const probe = JSON.parse(handle(JSON.stringify({ name: "", payload: {}, lang: "en" })));
  if (!probe || probe.ok !== false) throw new Error("snapshot self-check failed");
  return { py, handle };
}

async function normalStart(wheelPromise, snapshotable) {
  const py = await loadPyodide({ indexURL, _makeSnapshot: snapshotable });
  timings.pyodide = now();
  postMessage({ type: "progress", step: "wheel" });
  installWheel(py, await wheelPromise);
  return { py, handle: py.pyimport("calculators.browser").handle };
}

let makeSnapshot = null;  // set when this start can leave a snapshot behind

async function start() {
  postMessage({ type: "progress", step: "runtime" });
  const manifest = await (await fetch(new URL("manifest.json", runtime), { cache: "no-cache" })).json();
  const wheelPromise = fetch(new URL(`wheels/${manifest.wheel}?v=${manifest.sha256.slice(0, 16)}`, runtime))
    .then((r) => {
      if (!r.ok) throw new Error(`wheel ${r.status}`);
      return r.arrayBuffer();
    })
    .then((buffer) => new Uint8Array(buffer));
  wheelPromise.catch(() => {});
  const store = await snapshotStore();
  const key = snapshotKey(manifest);
  const bytes = await readSnapshot(store, key);
  timings.snapshotRead = now();
  if (bytes) {
    try {
      const started = await restore(bytes, wheelPromise);
      return { ...started, start: "snapshot" };
    } catch (err) {
      await dropSnapshot(store, key);  // stale or corrupt: forget it, start normally
    }
  }
  const started = await normalStart(wheelPromise, Boolean(store));
  if (store) {
    makeSnapshot = async () => {
      try {
        // Import every calculator first, so any page's calculator restores ready.
        started.py.runPython("from calculators import core; core.calculators()");
        const image = started.py.makeMemorySnapshot();
        await store.put(key, new Response(image, {
          headers: {
            "content-type": "application/octet-stream",
            "x-snapshot": MAGIC,
            "x-snapshot-length": String(image.length),
          },
        }));
        // Older snapshots (other builds) are dead weight.
        for (const request of await store.keys()) if (request.url !== key) await store.delete(request);
        postMessage({ type: "snapshot", state: "saved" });
      } catch (err) {
        await dropSnapshot(store, key);
        postMessage({ type: "snapshot", state: "failed", detail: String(err && err.message || err) });
      }
    };
  } else {
    postMessage({ type: "snapshot", state: "skipped" });
  }
  return { ...started, start: "normal" };
}

const ready = start().then(
  (started) => {
    timings.ready = now();
    postMessage({ type: "ready", start: started.start, timings });
    return started.handle;
  },
  (err) => {
    postMessage({ type: "failed", detail: String(err && err.message ? err.message : err) });
    return null;
  },
);

// Snapshot once the reader has a result (or, failing that, when the page is quiet);
// a request that arrives meanwhile waits only for the memory copy.
let snapshotTimer = 0;
function scheduleSnapshot(delay) {
  if (!makeSnapshot) return;
  clearTimeout(snapshotTimer);
  snapshotTimer = setTimeout(() => {
    const run = makeSnapshot;
    makeSnapshot = null;
    if (run) run();
  }, delay);
}
ready.then((fn) => { if (fn) scheduleSnapshot(3000); });

onmessage = async (event) => {
  const { id, request } = event.data;
  const fn = await ready;
  if (!fn) return;
  let response;
  try {
    response = fn(JSON.stringify(request));
  } catch (err) {  // a bug in Python: keep the page alive, say so where the result goes
    response = JSON.stringify({ ok: false, errors: { "": String(err && err.message || err).slice(-400) }, raw: [] });
  }
  postMessage({ type: "result", id, response });
  scheduleSnapshot(500);
};

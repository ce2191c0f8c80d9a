// The calculators' Python runtime, in a module worker so typing never waits on it.
// Loads the self-hosted Pyodide and the project's wheel (nothing from the network
// beyond this site), then answers {id, request} messages with the JSON the Python
// side returns.
//
// Start-up, fastest first:
// 1. Snapshot: a Pyodide memory snapshot taken in this browser after an earlier start,
//    with the calculators already imported, restored with loadPyodide({_loadSnapshot}).
//    Kept in Cache Storage (sparse: zero pages left out) under a key made of the
//    Pyodide version and the wheel's SHA-256 (runtime manifest), so a new build never
//    restores an old state; Pyodide itself refuses a snapshot of another Pyodide build.
//    The memory holds modules, not files: the wheel's files are written again (from
//    JavaScript, while Pyodide starts) so data files read later are there, and `random`
//    is reseeded (a restored interpreter would otherwise repeat the snapshot's state;
//    str hashes keep the snapshot's seed).
// 2. Normal start, when there is no snapshot or it fails in any way (missing, stale,
//    corrupt: the broken entry is deleted). After the first result has been sent, this
//    worker takes a snapshot of itself and stores it for the next visit.
// Storage is optional: without Cache Storage (private modes, http on a LAN address)
// every start is a normal one.
//
// Protocol out: {type: "progress", step} | {type: "ready", start: "snapshot"|"normal",
// timings} | {type: "failed", detail} | {type: "result", id, response, ms} | {type: "snapshot",
// state: "saved"|"skipped"|"failed", detail?}. In: {id, request}.
// Options (worker URL query): ?snapshot=off never reads or writes snapshots.
import { loadPyodide, version } from "../runtime/pyodide/pyodide.mjs";

const runtime = new URL("../runtime/", import.meta.url);
const indexURL = new URL("pyodide/", runtime).href;
const options = new URL(import.meta.url).searchParams;
const SNAPSHOTS = "calculators-snapshots-v1";
const MAGIC = "pyodide-snapshot-sparse-v1";

const now = () => performance.now();
const timings = { workerStart: now() };

// Fetch and compile the wasm (9.6 MB) and load Pyodide's JavaScript (1.2 MB) from the
// first moment, in parallel with everything else this worker does before loadPyodide.
const early = {
  asm: import(new URL("pyodide.asm.mjs", indexURL).href),
  wasm: WebAssembly.compileStreaming(fetch(new URL("pyodide.asm.wasm", indexURL))),
};
early.asm.catch(() => {});
early.wasm.then(() => { timings.wasmCompiled = now(); }, () => {});

// loadPyodide's hook for the module factory: hand it the module compiled above (its
// own instantiateWasm still supplies the imports). Any failure here falls back to
// Pyodide's own streaming compile.
async function createPyodideModule(settings) {
  const factory = (await early.asm).default;
  let compiled = null;
  try { compiled = await early.wasm; } catch (_) { /* let Pyodide fetch and compile */ }
  const original = settings.instantiateWasm;
  if (compiled && typeof original === "function") {
    settings.instantiateWasm = (imports, receive) => {
      const streaming = WebAssembly.instantiateStreaming;
      WebAssembly.instantiateStreaming = async (response, wasmImports) => {
        WebAssembly.instantiateStreaming = streaming;
        Promise.resolve(response).then((r) => r && r.body && r.body.cancel(), () => {});
        return { instance: await WebAssembly.instantiate(compiled, wasmImports), module: compiled };
      };
      return original(imports, receive);
    };
  }
  return factory(settings);
}

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

// The snapshot stored for this Pyodide, if any: {key, bytes} where bytes is a promise
// (loadPyodide takes one), so reading ~30 MB overlaps fetching the manifest and
// compiling the runtime. Whether it belongs to this build is checked by the caller.
async function findSnapshot(store) {
  if (!store) return null;
  try {
    const request = (await store.keys()).find((r) => r.url.includes(`/snapshot/${version}/`));
    const response = request && await store.match(request);
    if (!response || response.headers.get("x-snapshot") !== MAGIC) return null;
    const expected = Number(response.headers.get("x-snapshot-length"));
    const bytes = response.arrayBuffer().then((buffer) => {
      timings.snapshotRead = now();
      // Cheap integrity check: the exact length the writer stored.
      if (buffer.byteLength !== expected) throw new Error("snapshot entry is incomplete");
      return unpackSnapshot(new Uint8Array(buffer));
    });
    bytes.catch(() => {});
    return { key: request.url, bytes };
  } catch (_) {
    return null;
  }
}

// Snapshots are stored sparse: about half of Pyodide's memory is zero pages, which
// need neither disk nor reading. Layout: uint32 [page size, full length, page count],
// one byte per page (1: stored), then the stored pages in order.
const PAGE = 4096;

function packSnapshot(image) {
  const pages = Math.ceil(image.length / PAGE);
  const words = new Uint32Array(image.buffer, image.byteOffset, Math.floor(image.length / 4));
  const map = new Uint8Array(pages);
  let stored = 0;
  for (let p = 0; p < pages; p++) {
    const start = (p * PAGE) / 4;
    const end = Math.min(start + PAGE / 4, words.length);
    for (let i = start; i < end; i++) if (words[i] !== 0) { map[p] = 1; break; }
    if (!map[p] && p === pages - 1) for (let i = end * 4; i < image.length; i++) if (image[i]) map[p] = 1;
    stored += map[p];
  }
  const headerLength = 12 + pages;
  const out = new Uint8Array(headerLength + stored * PAGE);
  new DataView(out.buffer).setUint32(0, PAGE, true);
  new DataView(out.buffer).setUint32(4, image.length, true);
  new DataView(out.buffer).setUint32(8, pages, true);
  out.set(map, 12);
  let at = headerLength;
  for (let p = 0; p < pages; p++) {
    if (!map[p]) continue;
    const page = image.subarray(p * PAGE, Math.min((p + 1) * PAGE, image.length));
    out.set(page, at);
    at += PAGE;
  }
  return out;
}

function unpackSnapshot(packed) {
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  const pageSize = view.getUint32(0, true);
  const length = view.getUint32(4, true);
  const pages = view.getUint32(8, true);
  if (pageSize !== PAGE || pages !== Math.ceil(length / PAGE) || packed.length < 12 + pages) {
    throw new Error("snapshot: bad header");
  }
  const map = packed.subarray(12, 12 + pages);
  let stored = 0;
  for (let p = 0; p < pages; p++) stored += map[p];
  if (packed.length !== 12 + pages + stored * PAGE) throw new Error("snapshot: wrong size");
  const image = new Uint8Array(length);
  let at = 12 + pages;
  for (let p = 0; p < pages; p++) {
    if (!map[p]) continue;
    const end = Math.min((p + 1) * PAGE, length);
    image.set(packed.subarray(at, at + end - p * PAGE), p * PAGE);
    at += PAGE;
  }
  return image;
}

async function dropSnapshot(store, key) {
  try { await store.delete(key); } catch (_) { /* nothing to drop */ }
}

// The wheel's files, unzipped here (a wheel is a zip: central directory, then stored
// or deflated entries) so they can be written into Pyodide's file system while it
// starts (loadPyodide's fsInit), instead of by Python afterwards. Null when this
// browser cannot (no DecompressionStream): Python unpacks the wheel then.
async function unzip(bytes) {
  if (typeof DecompressionStream === "undefined") return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = bytes.length - 22;
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end--;
  if (end < 0) throw new Error("wheel: no zip directory");
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const names = new TextDecoder();
  const files = [];
  for (let i = 0; i < count; i++) {
    if (view.getUint32(at, true) !== 0x02014b50) throw new Error("wheel: bad zip entry");
    const method = view.getUint16(at + 10, true);
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const skip = nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = names.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + skip;
    if (name.endsWith("/")) continue;
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const raw = bytes.subarray(start, start + size);
    let data;
    if (method === 0) data = raw;
    else if (method === 8) {
      const stream = new Blob([raw]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
      data = new Uint8Array(await new Response(stream).arrayBuffer());
    } else throw new Error(`wheel: zip method ${method}`);
    files.push([name, data]);
  }
  return files;
}

// Writes the wheel's files into site-packages with Pyodide's file system API (no
// Python involved): while Pyodide starts from a snapshot (loadPyodide's fsInit: the
// restored memory has the modules, the file system starts empty), or just after a
// normal start (fsInit there would leave a reference the snapshot cannot take).
// Falls back to Python's unpackArchive when the wheel could not be unzipped here.
function wheelInstaller(wheelPromise) {
  const files = wheelPromise.then(unzip).catch(() => null);
  const state = { installed: false };
  state.write = async (FS, sitePackages) => {
    const list = await files;
    if (!list) return;
    for (const [name, data] of list) {
      const path = `${sitePackages}/${name}`;
      FS.mkdirTree(path.slice(0, path.lastIndexOf("/")));
      FS.writeFile(path, data);
    }
    state.installed = true;
    timings.wheelWritten = now();
  };
  state.fsInit = (FS, { sitePackages }) => state.write(FS, sitePackages);
  return state;
}

async function finishWheel(py, installer, wheelPromise) {
  const sitePackages = () => py.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
  if (!installer.installed) await installer.write(py.FS, (py._api && py._api.sitepackages) || sitePackages());
  if (installer.installed) return;
  py.unpackArchive(await wheelPromise, "wheel", { extractDir: sitePackages() });
}

async function restore(bytes, wheelPromise) {
  const installer = wheelInstaller(wheelPromise);
  const py = await loadPyodide({ indexURL, createPyodideModule, fsInit: installer.fsInit, _loadSnapshot: bytes });
  timings.pyodide = now();
  await finishWheel(py, installer, wheelPromise);
  // The snapshot froze the random state: reseed from the browser's entropy.
  py.runPython("import random; random.seed()");
  const handle = py.pyimport("calculators.browser").handle;
  // A corrupt memory image shows itself here rather than on the reader's input.
  const probe = JSON.parse(handle(JSON.stringify({ name: "", payload: {}, lang: "en" })));
  if (!probe || probe.ok !== false) throw new Error("snapshot self-check failed");
  timings.checked = now();
  return { py, handle };
}

async function normalStart(wheelPromise, snapshotable) {
  const installer = wheelInstaller(wheelPromise);
  const py = await loadPyodide({ indexURL, createPyodideModule, _makeSnapshot: snapshotable });
  timings.pyodide = now();
  postMessage({ type: "progress", step: "wheel" });
  await finishWheel(py, installer, wheelPromise);
  return { py, handle: py.pyimport("calculators.browser").handle };
}

let makeSnapshot = null;  // set when this start can leave a snapshot behind

async function start() {
  postMessage({ type: "progress", step: "runtime" });
  timings.manifestAsked = now();
  // Opening the snapshot store and reading the snapshot overlap the manifest's fetch.
  const storePromise = snapshotStore();
  const foundPromise = storePromise.then(findSnapshot);
  const manifest = await (await fetch(new URL("manifest.json", runtime), { cache: "no-cache" })).json();
  timings.manifest = now();
  const wheelPromise = fetch(new URL(`wheels/${manifest.wheel}?v=${manifest.sha256.slice(0, 16)}`, runtime))
    .then((r) => {
      if (!r.ok) throw new Error(`wheel ${r.status}`);
      return r.arrayBuffer();
    })
    .then((buffer) => new Uint8Array(buffer));
  wheelPromise.catch(() => {});
  const store = await storePromise;
  const key = snapshotKey(manifest);
  const found = await foundPromise;
  timings.snapshotFound = now();
  if (found && found.key === key) {
    try {
      const started = await restore(found.bytes, wheelPromise);
      return { ...started, start: "snapshot" };
    } catch (err) {
      timings.snapshotError = String(err && err.message || err).slice(0, 300);
      await dropSnapshot(store, key);  // corrupt: forget it, start normally
    }
  } else if (found) {
    await dropSnapshot(store, found.key);  // another build's: of no use
  }
  const started = await normalStart(wheelPromise, Boolean(store));
  if (store) {
    makeSnapshot = async () => {
      try {
        // Import every calculator first, so any page's calculator restores ready.
        started.py.runPython("from calculators import core; core.calculators()");
        const image = packSnapshot(started.py.makeMemorySnapshot());
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
  const t0 = now();
  try {
    response = fn(JSON.stringify(request));
  } catch (err) {  // a bug in Python: keep the page alive, say so where the result goes
    response = JSON.stringify({ ok: false, errors: { "": String(err && err.message || err).slice(-400) }, raw: [] });
  }
  postMessage({ type: "result", id, response, ms: now() - t0 });
  scheduleSnapshot(500);
};

// The calculators' Python runtime, in a module worker so typing never waits on it.
// Loads the self-hosted Pyodide and the project's wheel (nothing from the network
// beyond this site), then answers {id, request} messages with the JSON the Python
// side returns. The messages both ways, its URL option and the timings the page
// publishes: the protocol at the top of calculator.js. Its own modules:
// snapshot-format.mjs (the stored snapshot's bytes), snapshot-reader.mjs (reads it from
// storage) and zip.mjs (the wheel).
//
// Start-up, fastest first:
// 1. Snapshot: a Pyodide memory snapshot taken in this browser after an earlier start,
//    with the calculators already imported, restored with loadPyodide({_loadSnapshot}).
//    Kept in Cache Storage (sparse: zero pages left out) under a key made of the
//    Pyodide version and the wheel's and standard library's SHA-256 (runtime
//    manifest), so a new build never restores an old state; Pyodide itself refuses a
//    snapshot of another Pyodide build.
//    The memory holds modules, not files: the package's files, stored with the
//    snapshot, are written again while Pyodide starts, so data files read later are
//    there; the image is read from storage while Pyodide instantiates; `random` is reseeded (a restored interpreter would otherwise repeat the snapshot's state;
//    str hashes keep the snapshot's seed).
// 2. Normal start, when there is no snapshot or it fails in any way (missing, stale,
//    corrupt: the broken entry is deleted). After the first result has been sent, this
//    worker takes a snapshot of itself and stores it for the next visit.
// Storage is optional: without Cache Storage (private modes, http on a LAN address)
// every start is a normal one.
//
// Requests may come before the start is over: they wait for it, in order. A CSV file
// ({type: "batch"}) goes to batch-worker.mjs, imported the first time one comes.
//
// Pages: as a dedicated worker, one page, through this worker's own global. As a
// shared worker (early.js, in browsers that keep one alive for a while after its last
// page has gone: the next calculator page, in any tab, finds Python running), every
// page of this build that connects, each through its own port. Each page is told how
// the start went so far; one that connects after it ended gets {type: "ready", start:
// "running"}.
//
// Pyodide's loader is imported, not a static import: this module then starts at once,
// and with it the fetches below, instead of after the loader has arrived.
const loader = import("../runtime/pyodide/pyodide.mjs");
let loadPyodide = null;
let version = "";

const runtime = new URL("../runtime/", import.meta.url);
const indexURL = new URL("pyodide/", runtime).href;
const options = new URL(import.meta.url).searchParams;
const SNAPSHOTS = "calculators-snapshots-v1";
const STDLIB = "python_stdlib.zip";
const MAGIC = "pyodide-snapshot-sparse-v2";

const now = () => performance.now();
// Diagnostics (the benchmark reads them): ms on this worker's clock, which starts later
// than the page's (workerOrigin: its start on the page's clock).
const timings = { workerStart: now() };

const pages = new Set();  // ports (a dedicated worker's is its own global)
const told = [];  // what the pages have been told about the start, for pages to come
function tellPages(message, { replay = true } = {}) {
  if (replay) told.push(message);
  for (const port of pages) port.postMessage(message);
}
function connect(port) {
  const started = told.some((message) => message.type === "ready");
  for (const message of told) {
    port.postMessage(started && message.type === "ready"
      ? { type: "ready", start: "running", timings: { connected: now() }, timeOrigin: performance.timeOrigin }
      : message);
  }
  pages.add(port);
  port.onmessage = (event) => answer(event, port);
  port.onclose = () => pages.delete(port);  // a page gone (where the browser says so)
}
const shared = typeof SharedWorkerGlobalScope !== "undefined" && self instanceof SharedWorkerGlobalScope;
if (shared) onconnect = (event) => connect(event.ports[0]);
else connect(self);

// Pyodide makes a SharedArrayBuffer while it starts (a one-word shared wasm memory, for
// its synchronous sleep). On a page that is not cross-origin isolated, Chromium notes
// the first such buffer of each worker with the script position that made it; finding
// that position inside Pyodide's 1.2 MB module function makes V8 parse the function
// again: 50-110 ms, measured, on the start's critical path. Made first here, from a
// shallow stack, the same note costs under a millisecond, and Pyodide's buffer none.
try {
  new Int32Array(new WebAssembly.Memory({ shared: true, initial: 1, maximum: 1 }).buffer);
  timings.sharedBuffer = "made first here";
} catch (_) {
  timings.sharedBuffer = "unavailable";
}

// While it links, Pyodide turns about 260 JavaScript functions into wasm ones (to put
// them in its function table), each by compiling a tiny module whose bytes depend only
// on the function's signature: about 30 distinct ones. A module is immutable and may be
// instantiated any number of times, so the same bytes get the same compiled module.
// Only such tiny modules are remembered; any other module compiles as before.
{
  const Compile = WebAssembly.Module;
  const tiny = new Map();
  const Module = function Module(bytes, ...rest) {
    if (!new.target) return Compile(bytes, ...rest);  // throws as the original does
    if (bytes instanceof Uint8Array && bytes.length <= 96 && rest.length === 0) {
      const key = String.fromCharCode(...bytes);
      let module = tiny.get(key);
      if (module) {
        timings.tinyModulesReused = (timings.tinyModulesReused || 0) + 1;
      } else {
        module = new Compile(bytes);
        tiny.set(key, module);
        timings.tinyModulesCompiled = tiny.size;
      }
      return module;
    }
    return new Compile(bytes, ...rest);
  };
  Module.prototype = Compile.prototype;
  Object.setPrototypeOf(Module, Compile);
  WebAssembly.Module = Module;
}

// Download progress, for the page's bar: bytes received of the bytes this start needs
// (the manifest lists each file's size plain, as gzip and as brotli; a response's
// Content-Encoding says which one travels). The browser hands JavaScript decoded
// bytes, so a file's count is scaled to its size on the wire. A copy of each response
// is read for the count, so the response itself goes on as it came (the wasm streams
// into its compile natively, not through this thread). Files loaded by import() count
// when they have arrived. Sent at most every 150 ms, to every page, and not kept for
// pages that connect later.
const download = { files: new Map(), needed: null, manifest: null, encoding: "", sent: 0, timer: 0 };

function counted(name, response) {
  if (!response.ok || !response.body) return response;
  const file = { decoded: 0, encoding: response.headers.get("content-encoding") || "" };
  download.files.set(name, file);
  if (name.endsWith(".wasm")) download.encoding = file.encoding;  // the coding of the files import() loads
  const copy = response.clone().body.getReader();
  (async () => {
    for (let part = await copy.read(); !part.done; part = await copy.read()) {
      file.decoded += part.value.byteLength;
      reportDownload();
    }
    file.done = true;
    reportDownload();
  })().catch(() => {});
  return response;
}

function arrived(name) {
  download.files.set(name, { done: true });
  reportDownload();
}

// The files a start needs, once the manifest says what they weigh: all of them for a
// normal start; all but the wheel when a snapshot is restored (the package's files come
// with the snapshot; Python's standard library does not).
function needDownloads(manifest, restoring) {
  download.manifest = manifest;
  download.needed = Object.keys(manifest.files || {}).filter((name) => !restoring || !name.endsWith(".whl"));
  reportDownload();
}

function reportDownload() {
  const { manifest, needed } = download;
  if (!needed || !needed.length) return;
  const wait = 150 - (now() - download.sent);
  if (wait > 0) {
    download.timer = download.timer || setTimeout(() => { download.timer = 0; reportDownload(); }, wait);
    return;
  }
  let received = 0, total = 0;
  for (const name of needed) {
    const sizes = manifest.files[name];
    const file = download.files.get(name);
    const encoding = { br: "br", gzip: "gzip" }[file && file.encoding !== undefined ? file.encoding : download.encoding];
    const wire = (encoding && sizes[encoding]) || sizes.bytes;
    total += wire;
    if (file) received += file.done ? wire : Math.min(wire, (file.decoded / sizes.bytes) * wire);
  }
  download.sent = now();
  tellPages({ type: "progress", step: "download", received: Math.round(received), total }, { replay: false });
  if (received >= total) download.needed = null;  // complete: nothing more to say
}

// Fetch and compile the wasm (9.6 MB) and load Pyodide's JavaScript (1.2 MB) from the
// first moment, in parallel with everything else this worker does before loadPyodide.
const WASM_URL = new URL("pyodide.asm.wasm", indexURL).href;
const STDLIB_URL = new URL(STDLIB, indexURL).href;
const networkFetch = globalThis.fetch;
const early = {
  asm: import(new URL("pyodide.asm.mjs", indexURL).href),
  wasm: WebAssembly.compileStreaming(networkFetch(WASM_URL).then((r) => counted("pyodide/pyodide.asm.wasm", r))),
};
loader.then(() => arrived("pyodide/pyodide.mjs"), () => {});
early.asm.then(() => { timings.asmLoaded = now(); arrived("pyodide/pyodide.asm.mjs"); }, () => {});
early.wasm.then(() => { timings.wasmCompiled = now(); }, () => {});

// This worker's own modules, imported dynamically (a static import would hold this
// module's start, and with it the fetches above, until they arrived) and only on the
// path that uses them, so that no start fetches what it does not use: the snapshot's
// format when a stored snapshot is restored (while its bytes are read) or a new one is
// taken (after the first result), the zip reader as soon as no snapshot is found (the
// wheel is unzipped while Pyodide starts). A failed import fails that step, which then
// falls back as any other failure there does.
const importOnce = (load) => {
  let module = null;
  return () => {
    if (!module) {
      module = load();
      module.catch(() => {});  // reported where it is awaited
    }
    return module;
  };
};
const snapshotFormat = importOnce(() => import("./snapshot-format.mjs"));  // packSnapshot, unpackSnapshot
const zipReader = importOnce(() => import("./zip.mjs"));  // unzip

// loadPyodide's first step fetches the wasm again, for a compile of its own that the
// module compiled above replaces (see createPyodideModule): a second 9.6 MB stream from
// storage, read alongside the standard library Python needs before it runs. Once the
// module is compiled here, that request gets an empty stand-in nobody reads; if the
// compile here failed, it goes to the network as Pyodide meant. Any other request does.
let wasmAskedAgain = false;
globalThis.fetch = function fetch(resource, options) {
  const url = typeof resource === "string" || resource instanceof URL ? String(resource) : "";
  const plain = !options || Object.keys(options).length === 0;  // Pyodide passes {}
  if (url === STDLIB_URL) return networkFetch.apply(this, arguments).then((r) => counted(`pyodide/${STDLIB}`, r));
  if (wasmAskedAgain || url !== WASM_URL || !plain) return networkFetch.apply(this, arguments);
  wasmAskedAgain = true;
  return early.wasm.then(() => {
    timings.wasmStandIn = true;
    return new Response(new ArrayBuffer(0), { headers: { "content-type": "application/wasm" } });
  }, () => networkFetch(WASM_URL));
};

// loadPyodide's hook for the module factory: hand it the module compiled above (its
// own instantiateWasm still supplies the imports). Any failure here falls back to
// Pyodide's own streaming compile.
async function createPyodideModule(settings) {
  timings.factoryCalled = now();
  const factory = (await early.asm).default;
  let compiled = null;
  try { compiled = await early.wasm; } catch (_) { /* let Pyodide fetch and compile */ }
  const original = settings.instantiateWasm;
  if (compiled && typeof original === "function") {
    settings.instantiateWasm = (imports, receive) => {
      const streaming = WebAssembly.instantiateStreaming;
      WebAssembly.instantiateStreaming = async (response, wasmImports) => {
        WebAssembly.instantiateStreaming = streaming;
        // Normally the fetch hook's empty stand-in; a real stream only if Pyodide asked
        // for the wasm in a way the hook does not answer: stop reading it.
        Promise.resolve(response).then((r) => r && r.body && r.body.cancel(), () => {});
        timings.instantiateCalled = now();
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
  return new URL(`snapshot/${version}/${manifest.pyodide}/${manifest.sha256}/${manifest.stdlib}.bin`, runtime).href;
}

// The stored snapshot, looked up and read from this worker's first moment: {found,
// body}, two promises. The reader is a tiny worker (snapshot-reader.mjs) that hands
// the bytes over (transferred, not copied). It must start now: a worker started from a
// worker needs its parent's thread for a moment, and this thread is busy for most of
// Pyodide's start (a read here would wait for it just the same). Where no worker may
// start from here, or the reader fails to load before it said anything, the same
// module reads on this thread.
const snapshotReader = importOnce(() => import("./snapshot-reader.mjs"));  // READER, readStoredSnapshot
function startSnapshotRead() {
  let sayFound, sayBody, failBody;
  const found = new Promise((resolve) => { sayFound = resolve; });
  const body = new Promise((resolve, reject) => { sayBody = resolve; failBody = reject; });
  body.catch(() => {});
  // The first message is the entry found (or not); the next, its bytes. Anything else
  // (nothing stored, an error) ends both.
  let looking = true;
  const hear = (message) => {
    const isEntry = Boolean(message && message.key);
    if (looking) {
      looking = false;
      sayFound(isEntry ? message : null);
      if (isEntry) return;
    }
    if (message && message.buffer) sayBody(message);
    else failBody(new Error(message && message.error || "snapshot not read"));
  };
  const fail = (err) => hear({ error: String(err && err.message || err) });
  const readHere = () => snapshotReader().then((m) => m.readStoredSnapshot(SNAPSHOTS, MAGIC, hear)).catch(fail);
  if (options.get("snapshot") === "off" || typeof caches === "undefined") {
    hear(null);
    return { found, body };
  }
  let reader = null;
  try {
    // Its name says it is the reader (the module imported here does nothing by itself).
    reader = new Worker(new URL("snapshot-reader.mjs", import.meta.url), { type: "module", name: "snapshot-reader" });
  } catch (_) {
    // No workers from here (a shared worker in Chromium, or a policy): read on this thread.
    readHere();
    return { found, body };
  }
  reader.onmessage = (event) => {
    if (event.data && event.data.buffer) timings.snapshotReaderMs = event.data.ms;
    hear(event.data);
  };
  reader.onerror = () => (looking ? readHere() : fail("snapshot reader failed"));
  reader.postMessage({ store: SNAPSHOTS, magic: MAGIC });
  return { found, body };
}
const storedSnapshot = startSnapshotRead();
storedSnapshot.found.then((found) => { if (!found) zipReader(); });

// The snapshot stored in this browser, if any: {store, key, length, imageLength}.
async function findSnapshot(store) {
  const found = store && await storedSnapshot.found;
  return found && found.length > 0 && found.imageLength > 0 ? { store, ...found } : null;
}

async function readEntry() {
  return (await storedSnapshot.body).buffer;
}

// The memory image Pyodide restores, handed over at once (only its length matters
// until Pyodide copies it in), and filled while Pyodide fetches and instantiates the
// runtime, so reading ~15 MB from storage overlaps the runtime's own start.
// `filled` resolves to the package's files stored with the image.
function readSnapshot(found) {
  const image = new Uint8Array(found.imageLength);
  const format = snapshotFormat();
  const filled = readEntry().then(async (buffer) => {
    timings.snapshotRead = now();
    // Cheap integrity check: the exact length the writer stored.
    if (buffer.byteLength !== found.length) throw new Error("snapshot entry is incomplete");
    const { unpackSnapshot } = await format;
    const files = unpackSnapshot(new Uint8Array(buffer), image);
    timings.snapshotUnpacked = now();
    return files;
  });
  filled.catch(() => {});
  return { image, filled };
}

async function dropSnapshot(store, key) {
  try { await store.delete(key); } catch (_) { /* nothing to drop */ }
}

// Writes the package's files into site-packages with Pyodide's file system API (no
// Python involved).
function writeFiles(FS, sitePackages, files) {
  const t0 = now();
  const made = new Set();  // each folder once: mkdirTree throws and catches per existing level
  for (const [name, data] of files) {
    const path = `${sitePackages}/${name}`;
    const folder = path.slice(0, path.lastIndexOf("/"));
    if (!made.has(folder)) {
      FS.mkdirTree(folder);
      made.add(folder);
    }
    FS.writeFile(path, data);
  }
  timings.wheelWritten = now();
  timings.wheelWriteMs = timings.wheelWritten - t0;
}

// The calculators' entry point. The standard library is reduced to what they use
// (scripts/stdlib.mjs); its guard, installed first, names any module left out that
// something asks for, and a calculation that fails on one says so in the reader's
// language instead of a generic error.
function entryPoint(py) {
  const guard = py.pyimport("_reduced_stdlib");
  guard.install();
  return { handle: guard.wrap(py.pyimport("calculators.browser").handle), guard };
}

function sitePackagesOf(py) {
  return (py._api && py._api.sitepackages) || py.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
}

// From a snapshot: the restored memory has the modules imported; the file system
// starts empty, so the files stored with the snapshot are written while Pyodide starts
// (loadPyodide's fsInit). Pyodide copies the image in right after the module factory
// returns, so the factory waits for the image to be complete.
async function restore(found, manifest) {
  const { image, filled } = readSnapshot(found);
  const py = await loadPyodide({
    indexURL,
    lockFileContents: manifest.lock,
    createPyodideModule: async (settings) => {
      const module = await createPyodideModule(settings);
      timings.instantiated = now();
      await filled;
      return module;
    },
    fsInit: async (FS, { sitePackages }) => writeFiles(FS, sitePackages, await filled),
    _loadSnapshot: image,
  });
  timings.pyodide = now();
  // The snapshot froze the random state: reseed from the browser's entropy.
  py.runPython("import random; random.seed()");
  const { handle, guard } = entryPoint(py);
  // A corrupt memory image shows itself here rather than on the reader's input.
  const probe = JSON.parse(handle(JSON.stringify({ name: "", payload: {}, lang: "en" })));
  if (!probe || probe.ok !== false) throw new Error("snapshot self-check failed");
  timings.checked = now();
  return { py, handle, guard };
}

// A normal start: Pyodide, then the wheel's files (unzipped in JavaScript; Python's
// unpackArchive when this browser cannot), written after the start (an fsInit hook
// here would leave a reference the snapshot cannot take). Returns the files too, to
// be stored with the snapshot.
async function normalStart(wheelPromise, snapshotable, manifest) {
  const reader = zipReader();
  const files = wheelPromise.then(async (bytes) => (await reader).unzip(bytes)).then((list) => {
    timings.wheelUnzipped = now();
    return list;
  }).catch(() => null);
  // The lock file's header alone: nothing is loaded by name, and its 119 KB stay home.
  const py = await loadPyodide({ indexURL, createPyodideModule, lockFileContents: manifest.lock, _makeSnapshot: snapshotable });
  timings.pyodide = now();
  tellPages({ type: "progress", step: "wheel" });
  const list = await files;
  if (list) writeFiles(py.FS, sitePackagesOf(py), list);
  else py.unpackArchive(await wheelPromise, "wheel", { extractDir: sitePackagesOf(py) });
  return { py, ...entryPoint(py), files: list };
}

let makeSnapshot = null;  // set when this start can leave a snapshot behind

async function fetchManifest() {
  const response = await fetch(new URL("manifest.json", runtime), { cache: "no-cache" });
  if (!response.ok) throw new Error(`manifest ${response.status}`);
  const manifest = await response.json();
  timings.manifest = now();
  // The host's coding, until the wasm's own response says (see counted).
  download.encoding = download.encoding || response.headers.get("content-encoding") || "";
  return manifest;
}

// Asked for once the wasm has arrived: Python's start needs the wasm and the standard
// library first, and on a slow link the wheel would share the bandwidth with them; it
// is needed only after the start, and arrives during it.
function fetchWheel(manifest) {
  const url = new URL(`wheels/${manifest.wheel}?v=${manifest.sha256.slice(0, 16)}`, runtime);
  const wheel = early.wasm.catch(() => {}).then(() => fetch(url))
    .then((r) => {
      if (!r.ok) throw new Error(`wheel ${r.status}`);
      return counted(`wheels/${manifest.wheel}`, r).arrayBuffer();
    })
    .then((buffer) => new Uint8Array(buffer));
  wheel.catch(() => {});
  return wheel;
}

async function start() {
  tellPages({ type: "progress", step: "runtime" });
  timings.manifestAsked = now();
  // The manifest (which build this is) and the stored snapshot are asked at once.
  const manifestPromise = fetchManifest();
  manifestPromise.catch(() => {});
  ({ loadPyodide, version } = await loader);
  const store = await snapshotStore();
  const found = await findSnapshot(store);
  timings.snapshotFound = now();
  const manifest = await manifestPromise;
  const key = snapshotKey(manifest);
  needDownloads(manifest, Boolean(found && found.key === key));
  if (found && found.key === key) {
    try {
      return { ...(await restore(found, manifest)), start: "snapshot" };
    } catch (err) {
      timings.snapshotError = String(err && err.message || err).slice(0, 300);
      await dropSnapshot(store, key);  // corrupt: forget it, start normally
    }
  } else if (found) {
    await dropSnapshot(store, found.key);  // another build's: of no use
  }
  needDownloads(manifest, false);
  const started = await normalStart(fetchWheel(manifest), Boolean(store), manifest);
  if (store && started.files) {
    makeSnapshot = async () => {
      try {
        const { packSnapshot } = await snapshotFormat();
        // Import every calculator first, so any page's calculator restores ready.
        started.py.runPython("from calculators import core; core.calculators()");
        const memory = started.py.makeMemorySnapshot();
        const packed = packSnapshot(memory, started.files);
        await store.put(key, new Response(packed, {
          headers: {
            "content-type": "application/octet-stream",
            "x-snapshot": MAGIC,
            "x-snapshot-length": String(packed.length),
            "x-snapshot-image": String(memory.length),
          },
        }));
        // Older snapshots (other builds) are dead weight.
        for (const request of await store.keys()) if (request.url !== key) await store.delete(request);
        tellPages({ type: "snapshot", state: "saved" });
      } catch (err) {
        await dropSnapshot(store, key);
        tellPages({ type: "snapshot", state: "failed", detail: String(err && err.message || err) });
      }
    };
  } else {
    tellPages({ type: "snapshot", state: "skipped" });
  }
  return { ...started, start: "normal" };
}

let python = null;  // Pyodide, once started (for the CSV files' module)
const ready = start().then(
  (started) => {
    python = started.py;
    // Everything alive now (modules, catalogues, rate cards) lives as long as the page:
    // taken out of the cycle collector's sight, so a collection during a recalculation
    // walks only what that recalculation made (a full walk costs tens of ms in wasm).
    try { started.py.runPython("import gc; gc.freeze()"); } catch (_) { /* optional */ }
    timings.ready = now();
    // Modules left out of the standard library that the start asked for (none, or the
    // build's recording missed a path: the tests check).
    const asked = started.guard.asked();
    timings.missingModules = asked.toJs();
    asked.destroy();
    timings.wasmRequests = performance.getEntriesByType("resource").filter((e) => e.name === WASM_URL).length;
    tellPages({ type: "ready", start: started.start, timings, timeOrigin: performance.timeOrigin });
    return started.handle;
  },
  (err) => {
    tellPages({ type: "failed", detail: String(err && err.message ? err.message : err) });
    // A shared worker that failed would tell every page to come that it failed: it
    // ends instead, so the next page (or a reload) tries again. A moment later: ending
    // at once drops the messages to the pages not yet delivered.
    if (shared) setTimeout(() => close(), 100);
    return null;
  },
);

// Snapshot once the reader has a result (or, failing that, when the page is quiet);
// a request that arrives meanwhile waits only for the memory copy. Not while a CSV file
// is read: the copy would stall it, and keep its half-read state in the image.
let snapshotTimer = 0;
let batchesRunning = 0;
function scheduleSnapshot(delay) {
  if (!makeSnapshot) return;
  clearTimeout(snapshotTimer);
  snapshotTimer = setTimeout(() => {
    if (batchesRunning) { scheduleSnapshot(delay); return; }
    const run = makeSnapshot;
    makeSnapshot = null;
    if (run) run();
  }, delay);
}
ready.then((fn) => { if (fn) scheduleSnapshot(3000); });

const batches = importOnce(() => import("./batch-worker.mjs"));

async function answer(event, port) {
  const { id, request } = event.data;
  const fn = await ready;
  if (!fn) return;
  if (typeof event.data.type === "string" && event.data.type.startsWith("batch")) {
    batchesRunning++;
    try {
      await (await batches()).onMessage(event.data, port, python);  // a file: until its last row
    } finally {
      batchesRunning--;
    }
    return;
  }
  let response;
  const t0 = now();
  try {
    response = fn(JSON.stringify(request));
  } catch (err) {  // a bug in Python: keep the page alive, say so where the result goes
    response = JSON.stringify({ ok: false, errors: { "": String(err && err.message || err).slice(-400) }, raw: [] });
  }
  port.postMessage({ type: "result", id, response, ms: now() - t0 });
  scheduleSnapshot(500);
}

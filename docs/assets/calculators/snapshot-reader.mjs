// Finds the stored Pyodide snapshot and reads it, for worker.mjs. Started by it as a
// tiny worker of its own, named READER (the read then takes no time on Python's
// thread), or imported by it where it may start none (a shared worker in Chromium, a
// browser or policy without nested workers) and run there.
//
// A file of the site rather than a worker made from a Blob: the site's
// Content-Security-Policy allows workers from the site only (scripts/csp.py).
export const READER = "snapshot-reader";

// Says {key, length, imageLength} (or null) as soon as the entry is found, then
// {buffer, ms}. Uses only its arguments and the globals every worker has. The caller
// restores the bytes only if the key names its build and the length is the one stored
// with them.
export async function readStoredSnapshot(storeName, magic, say) {
  const store = await caches.open(storeName);
  const request = (await store.keys()).find((r) => r.url.includes("/snapshot/"));
  const response = request && await store.match(request);
  if (!response || response.headers.get("x-snapshot") !== magic) return say(null);
  say({
    key: request.url,
    length: Number(response.headers.get("x-snapshot-length")),
    imageLength: Number(response.headers.get("x-snapshot-image")),
  });
  const t0 = performance.now();
  const buffer = await response.arrayBuffer();
  say({ buffer, ms: performance.now() - t0 }, [buffer]);
}

// As the reader worker: one request {store, magic}, answered, then the worker ends.
if (typeof DedicatedWorkerGlobalScope !== "undefined" && self instanceof DedicatedWorkerGlobalScope
    && self.name === READER) {
  self.onmessage = (event) => readStoredSnapshot(event.data.store, event.data.magic, (m, t) => postMessage(m, t))
    .catch((err) => postMessage({ error: String(err && err.message || err) }))
    .finally(() => close());
}

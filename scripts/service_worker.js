// The site's service worker: every page and every calculator work offline once the
// site has been visited. Generated at build time by scripts/selfhost.py from
// scripts/service_worker.js, which fills in BUILD below: the build's version and the
// SHA-256 (first 16 hex digits) of every file it serves. Served from the site root so
// its scope covers both languages (/ and /zh/).
//
// - install: caches the site itself (pages, styles, scripts, search index) in a cache
//   named after this build, checking each file's hash, so a cache never mixes two
//   builds. The Python runtime (13 MB) joins when a page asks for it ("cache-runtime":
//   after a calculator has shown its first result, or at idle on a page that links to
//   one), or at once if the previous build's cache had it (unchanged files are copied
//   from the old cache, not downloaded again).
// - activate: deletes the caches of older builds. A new build waits until the reader
//   accepts the "update ready" notice (message "skip-waiting") or closes the site's
//   tabs, so an open page never gets files from two builds.
// - fetch: same-origin GETs come from this build's cache; anything else goes to the
//   network; a page missing from the cache while offline gets the 404 page.
// The messages it takes and sends: the protocol at the top of
// docs/assets/calculators/calculator.js (its page side is assets/javascripts/site.js).
"use strict";

const BUILD = /*@BUILD@*/ { version: "dev", shell: [], runtime: [] };

const PREFIX = "site-build-";
const CACHE = PREFIX + BUILD.version;
const scope = new URL(self.registration.scope);
const absolute = (path) => new URL(path, scope).href;
const SHELL = new Map(BUILD.shell.map(([path, hash]) => [absolute(path), hash]));
const RUNTIME = new Map(BUILD.runtime.map(([path, hash]) => [absolute(path), hash]));

// This build's cache, opened once per service-worker life rather than once per request
// (a round trip to the browser each time, on the way of every page, script and runtime
// file); opened again after a failure.
let buildCache = null;
function openBuildCache() {
  if (!buildCache) {
    buildCache = caches.open(CACHE);
    buildCache.catch(() => { buildCache = null; });
  }
  return buildCache;
}

async function digest(buffer) {
  const bytes = new Uint8Array(await crypto.subtle.digest("SHA-256", buffer));
  return Array.from(bytes.slice(0, 8), (b) => b.toString(16).padStart(2, "0")).join("");
}

// The response to keep, unread, for a checked file. The network's own response
// when possible: the browser keeps compiled code (its code cache) only next to
// responses that still carry their URL, and the runtime's 1.2 MB of JavaScript then
// starts without being parsed again. A redirected one is rebuilt, since a page cannot
// be answered with a redirected response.
function keepable(response) {
  if (!response.redirected && response.type === "basic") return response;
  const headers = new Headers(response.headers);
  headers.delete("content-encoding");
  headers.delete("content-length");
  return new Response(response.body, { status: 200, statusText: "OK", headers });
}

// Whether a response's bytes are the file of this build with that hash.
async function holds(response, hash) {
  return await digest(await response.clone().arrayBuffer()) === hash;
}

async function olderCaches() {
  return (await caches.keys()).filter((name) => name.startsWith(PREFIX) && name !== CACHE);
}

async function fromOlder(url, hash, older) {
  for (const name of older) {
    const hit = await (await caches.open(name)).match(url);
    if (hit && await holds(hit, hash)) return hit;
  }
  return null;
}

// Put one file of this build into the cache: already there (this build's cache only
// ever holds checked files), copied from an older build's cache when its bytes are the
// same, or fetched (revalidated) and checked.
async function add(cache, url, hash, older, priority) {
  if (await cache.match(url)) return;
  const copy = await fromOlder(url, hash, older);
  if (copy) return cache.put(url, copy);
  const response = await fetch(url, { cache: "no-cache", priority });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  if (!await holds(response, hash)) throw new Error(`${url}: not this build's file`);
  await cache.put(url, keepable(response));
}

async function addAll(cache, entries, priority = "auto") {
  const older = await olderCaches();
  const queue = Array.from(entries);
  const worker = async () => {
    while (queue.length) {
      const [url, hash] = queue.shift();
      await add(cache, url, hash, older, priority);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}

async function hadRuntime() {
  const first = RUNTIME.keys().next().value;
  for (const name of await olderCaches()) {
    if (first && await (await caches.open(name)).match(first)) return true;
  }
  return false;
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await openBuildCache();
    await addAll(cache, SHELL);
    if (await hadRuntime()) await addAll(cache, RUNTIME);
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await olderCaches()) await caches.delete(name);
    await self.clients.claim();
  })());
});

let runtimeJob = null;
async function cacheRuntime(priority) {
  runtimeJob = runtimeJob || addAll(await openBuildCache(), RUNTIME, priority).finally(() => { runtimeJob = null; });
  return runtimeJob;
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  const port = event.ports && event.ports[0];
  const reply = (message) => (port || event.source) && (port || event.source).postMessage({ ...message, version: BUILD.version });
  if (data.type === "skip-waiting") {
    self.skipWaiting();
  } else if (data.type === "version") {
    reply({ type: "version" });
  } else if (data.type === "cache-runtime") {
    event.waitUntil(cacheRuntime(data.priority || "low").then(
      () => reply({ type: "offline-ready" }),
      (err) => reply({ type: "offline-failed", detail: String(err && err.message || err) }),
    ));
  }
});

function cacheKey(url) {
  const key = new URL(url);
  key.search = "";
  key.hash = "";
  if (key.pathname.endsWith("/index.html")) key.pathname = key.pathname.slice(0, -"index.html".length);
  return key.href;
}

async function respond(event) {
  const request = event.request;
  const key = cacheKey(request.url);
  const cache = await openBuildCache();
  const hit = await cache.match(key);
  if (hit) return hit;
  if (request.mode === "navigate" && SHELL.has(key + "/")) return Response.redirect(key + "/", 301);
  try {
    const response = await fetch(request);
    // A runtime file of this build fetched before the runtime was cached: keep it.
    if (response.ok && RUNTIME.has(key)) {
      const copy = response.clone();
      event.waitUntil((async () => {
        if (await holds(copy, RUNTIME.get(key))) await cache.put(key, keepable(copy));
      })().catch(() => {}));
    }
    return response;
  } catch (err) {
    if (request.mode === "navigate") {
      const missing = await cache.match(absolute("404.html"));
      if (missing) return missing;
    }
    throw err;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== scope.origin) return;
  if (request.headers.has("range")) return;
  event.respondWith(respond(event));
});

// Put inline at the top of <head> on calculator pages (overrides/main.html, the tag made
// by scripts/site_hooks.py; as an inline script it costs no request; on the script tag,
// data-root is the site root relative to the page and data-bundle is Material's page
// script, which the build left out of the page; data-runtime names this build's
// runtime). Two jobs, both about the first result arriving sooner:
//
// 1. Start Python's worker now, while the rest of the page loads, or connect to the one
//    still running from the page before (below). calculator.js (at the end of <body>)
//    adopts it with the messages it sent meanwhile (window.__calculatorWorker, and
//    __calculatorSettled below: the protocol at the top of calculator.js).
// 2. Hold back Material's page script and its search index until the calculator has
//    answered and the reader has paused (or Python is ready with nothing to answer;
//    calculator.js says when, through __calculatorSettled): together they cost the page
//    most of a second of CPU (the script's start, then building the index in the
//    search worker) on the same two cores Python's start needs. The page reads and the
//    form works without them; they come at once when the reader reaches for anything
//    outside the calculator (a click, a key or focus there: search, menus, links), and
//    after 10 s at the latest. Where Python cannot start here, they come as usual.
(function () {
  "use strict";
  var me = document.currentScript;
  var root = me && me.getAttribute("data-root") || "";
  var bundle = me && me.getAttribute("data-bundle");
  var runtime = me && me.getAttribute("data-runtime");

  // Material's script expects to start on DOMContentLoaded (it subscribes to that
  // event): run it after the real one, then announce the document to it again.
  var parsed = false, asked = false;
  document.addEventListener("DOMContentLoaded", function () {
    parsed = true;
    if (asked) loadBundle();
  });
  function loadBundle() {
    asked = true;
    if (!bundle || !parsed) return;
    var script = document.createElement("script");
    script.src = bundle;
    script.onload = function () {
      document.dispatchEvent(new Event("DOMContentLoaded"));
      // A search typed before the script ran: hand it over as if typed now.
      setTimeout(function () {
        var query = document.querySelector("[data-md-component=search-query]");
        if (query && query.value) query.dispatchEvent(new KeyboardEvent("keyup"));
      }, 0);
    };
    bundle = null;
    document.body.appendChild(script);
  }

  if (location.protocol === "file:" || !window.Worker) { loadBundle(); return; }

  try {
    var queue = [];
    var url = new URL(root + "assets/calculators/worker.mjs", document.baseURI);
    var worker = keptAlive() ? sharedWorker(url) : dedicatedWorker(url);
    var keep = function (event) { if (queue) queue.push(event); };
    worker.addEventListener("message", keep);
    worker.addEventListener("error", keep);
    window.__calculatorWorker = {
      worker: worker,
      created: performance.now(),
      adopt: function () {
        var all = queue;
        queue = null;
        worker.removeEventListener("message", keep);
        worker.removeEventListener("error", keep);
        return all;
      },
    };
  } catch (e) {
    loadBundle();
    return;  // calculator.js reports why
  }

  // Where the browser keeps a shared worker alive for a while after its last page has
  // gone (the SharedWorker option extendedLifetime), Python runs in one: the next
  // calculator page, in this tab or another, finds it running instead of starting it
  // again. Named after this build's runtime (worker, wheel, Pyodide), so a page never
  // talks to the Python of another build. The option is detected by whether the
  // browser reads it: with an invalid URL, the constructor throws after reading it.
  function keptAlive() {
    if (!runtime || !window.SharedWorker) return false;
    var read = false;
    try {
      new SharedWorker("http://[", { get extendedLifetime() { read = true; return true; } });
    } catch (e) { /* expected */ }
    return read;
  }

  // A SharedWorker dressed as a Worker for calculator.js: messages through its port,
  // errors (the script failing to load) from the worker itself.
  function sharedWorker(url) {
    var shared = new SharedWorker(url, { type: "module", name: "calculators " + runtime, extendedLifetime: true });
    var port = shared.port;
    var on = function (type) { return type === "error" ? shared : port; };
    port.start();
    return {
      postMessage: function (message, transfer) { port.postMessage(message, transfer || []); },
      addEventListener: function (type, listener) { on(type).addEventListener(type, listener); },
      removeEventListener: function (type, listener) { on(type).removeEventListener(type, listener); },
    };
  }

  // Python's worker, replaced if it stays silent. Its module speaks at once when it runs
  // ({type: "progress"}), yet Firefox (153 ESR) now and then never runs a module worker
  // made while a page loads: no message, no error, ever (about one page in fifteen in
  // the Firefox test). Silent for SILENT_MS, it is ended and a new one made, which gets
  // the messages sent so far; twice at most. Dressed as a Worker for calculator.js;
  // `restarts` says how often this happened.
  function dedicatedWorker(url) {
    var SILENT_MS = 8000;  // here, not beside the function: it runs before such a line would
    var listeners = [], sent = [], current = null, timer = 0;
    var dressed = {
      restarts: 0,
      postMessage: function (message) {
        if (sent) sent.push(message);
        current.postMessage(message);
      },
      addEventListener: function (type, listener) {
        listeners.push([type, listener]);
        current.addEventListener(type, listener);
      },
      removeEventListener: function (type, listener) {
        listeners = listeners.filter(function (l) { return l[0] !== type || l[1] !== listener; });
        current.removeEventListener(type, listener);
      },
    };
    var spoke = function () {
      sent = null;  // nothing to replay from here on
      clearTimeout(timer);
    };
    function make() {
      current = new Worker(url, { type: "module" });
      current.addEventListener("message", spoke);
      current.addEventListener("error", spoke);
      listeners.forEach(function (l) { current.addEventListener(l[0], l[1]); });
      sent.forEach(function (message) { current.postMessage(message); });
      if (dressed.restarts < 2) timer = setTimeout(replace, SILENT_MS);
    }
    function replace() {
      current.terminate();
      dressed.restarts += 1;
      make();
    }
    make();
    return dressed;
  }

  var release;
  var settled = new Promise(function (resolve) { release = resolve; });
  settled.then(loadBundle);
  window.__calculatorSettled = function () { release(); };
  setTimeout(release, 10000);
  var outside = function (event) {
    var target = event.target;
    if (!(target && target.closest && target.closest("form[data-calculator]"))) release();
  };
  document.addEventListener("pointerdown", outside, true);
  document.addEventListener("keydown", outside, true);
  document.addEventListener("focusin", outside, true);
  // Material asks for the index with XMLHttpRequest: hold that request's send().
  var isIndex = /\/search\/search_index\.json(\?|#|$)/;
  var proto = window.XMLHttpRequest && XMLHttpRequest.prototype;
  if (!proto) return;
  var open = proto.open, send = proto.send;
  proto.open = function (method, url) {
    this.__searchIndex = isIndex.test(String(url));
    return open.apply(this, arguments);
  };
  proto.send = function () {
    if (!this.__searchIndex) return send.apply(this, arguments);
    var request = this, args = arguments;
    settled.then(function () { send.apply(request, args); });
  };
})();

// Put inline at the top of <head> on calculator pages by scripts/site_hooks.py (as
// an inline script it costs no request; on the script tag, data-root is the site root
// relative to the page and data-bundle is Material's page script, which the build took
// out of the page). Two jobs, both about the first result arriving sooner:
//
// 1. Start Python's worker now, while the rest of the page loads. calculator.js (at
//    the end of <body>) adopts it with the messages it sent meanwhile.
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
    var worker = new Worker(new URL(root + "assets/calculators/worker.mjs", document.baseURI), { type: "module" });
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

// Put inline at the top of <head> on calculator pages by scripts/site_hooks.py (as
// an inline script it costs no request; data-root on the script tag is the site root
// relative to the page). Two jobs, both about the first result arriving sooner:
//
// 1. Start Python's worker now, while the rest of the page loads. calculator.js (at
//    the end of <body>) adopts it with the messages it sent meanwhile.
// 2. Hold back Material's search index until the calculator has answered: on its
//    arrival the search worker spends about half a second of CPU building the index,
//    on the same cores as Python's start. The index is fetched anyway as soon as the
//    reader reaches for search (focus on the search field), or after 10 s.
(function () {
  "use strict";
  if (location.protocol === "file:" || !window.Worker) return;
  var root = document.currentScript && document.currentScript.getAttribute("data-root") || "";

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
    return;  // calculator.js reports why
  }

  var release;
  var settled = new Promise(function (resolve) { release = resolve; });
  window.__calculatorSettled = function () { release(); };
  setTimeout(release, 10000);
  document.addEventListener("focusin", function (event) {
    var target = event.target;
    if (target && target.matches && target.matches("[data-md-component=search-query]")) release();
  });
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

// Page glue for the calculators: the only browser code between a form and Python.
//
// The form and the example result arrive in the HTML (rendered at build time). This
// script adopts the Python worker that early.js started, sends the form's values on
// every change, and puts back what Python returns: result HTML, or a message under each
// wrong field while the last good result stays on screen marked as stale. All
// sentences come from the page (data-msg-* attributes) or from Python, in the page's
// language. Site-wide work (service worker, offline, update notice) is site.js's
// (assets/javascripts/site.js), which this script loads once its calculator is up.
//
// THE PROTOCOL between the page, Python's worker, the service worker, the tests and
// the benchmark, written down here once (early.js, worker.mjs, site.js,
// scripts/service_worker.js, scripts/bench.py and tests/site point here):
//
// early.js (inline in <head>) -> this script:
//   window.__calculatorWorker = {worker, created, adopt()}: the worker it started (a
//     Worker, or a SharedWorker's port dressed as one), when (page clock, ms), and
//     adopt(), which stops its queue and returns the messages that came meanwhile.
//   window.__calculatorSettled(): called here once Python is ready with nothing to
//     answer, has failed, or has answered and the reader paused (QUIET_MS); early.js
//     then runs Material's script and lets the search index load.
// Page -> worker (worker.mjs): {id, request: {name, payload, lang}}; sent before Python
//   is ready too (the worker answers in order once it is). `request` and the JSON
//   string that comes back are calculators/browser.py's.
// Worker -> page:
//   {type: "progress", step: "runtime"|"wheel"}
//   {type: "progress", step: "download", received, total}: bytes of the runtime as sent
//     over the network (the manifest's sizes in the host's coding); progress.js draws it.
//   {type: "ready", start: "snapshot"|"normal"|"running", timings, timeOrigin}
//   {type: "failed", detail}
//   {type: "result", id, response (JSON string), ms (time spent in Python)}
//   {type: "snapshot", state: "saved"|"skipped"|"failed", detail?}
//   A page that connects to a running shared worker is told the start so far, with
//   "ready" saying start "running". Worker URL option: ?snapshot=off (never reads or
//   writes snapshots).
// Page <-> service worker (site.js <-> sw.js): {type: "cache-runtime", priority},
//   answered {type: "offline-ready"|"offline-failed", version, detail?};
//   {type: "version"} on a MessageChannel, answered {type: "version", version};
//   {type: "skip-waiting"}.
// What the page shows, for the reader and for tests and the benchmark to wait on:
//   form[data-calculator]: data-revision (+1 per rendered answer), data-python-ms.
//   [data-calc-status]: data-state (starting|ready|failed), data-ready (once ready),
//     data-start (the "ready" message's start), data-snapshot (the snapshot's state).
//   [data-calc-result][data-stale]: the last good result, kept while an input is wrong.
//   Event "calculator:result" on the form (bubbles): detail {name, result, lang}; the
//     chart script draws from it.
//   window.__calculatorTimings: the worker's timings (ms on its own clock: workerStart,
//     wasmCompiled, snapshotRead, ready, ...) plus pageWorkerCreated and pageReady (page
//     clock) and workerOrigin (the worker clock's start on the page's clock);
//     window.__calculatorSnapshotError: why a snapshot failed.
//   <html data-offline-ready=VERSION> (site and runtime cached), <html
//     data-code-cache=warming|warmed|earlier|failed>, [data-site-update=VERSION] (the
//     update notice). site.js's own tag: data-cache-runtime=PRIORITY (calculator pages:
//     cache the runtime once idle).
(() => {
  "use strict";

  const script = document.currentScript;
  const forms = () => Array.from(document.querySelectorAll("form[data-calculator]"));
  if (!forms().length) return;

  const workerURL = new URL("worker.mjs", script.src);
  const msg = (form, key) => form.dataset[`msg${key.replace(/(^|-)(\w)/g, (_, __, c) => c.toUpperCase())}`] || "";
  const setStatus = (text, state) => {
    for (const form of forms()) {
      const el = form.querySelector("[data-calc-status]");
      el.textContent = typeof text === "function" ? text(form) : text;
      el.dataset.state = state;
      if (state === "ready") el.setAttribute("data-ready", "");
    }
  };

  // Form values -> JSON payload (see calculators/render.py for the naming rules).
  function collect(form) {
    const payload = {};
    const put = (name, value) => {
      const path = name.split(".");
      let node = payload;
      for (const key of path.slice(0, -1)) node = node[key] = node[key] || {};
      node[path[path.length - 1]] = value;
    };
    for (const el of form.querySelectorAll("[name]")) {
      if (el.dataset.kind === "list") {
        const list = payload[el.name] || [];
        if (el.checked) list.push(el.value);
        payload[el.name] = list;
      } else if (el.dataset.kind === "boolean") {
        put(el.name, el.checked);
      } else if (el.type === "radio") {
        if (el.checked) put(el.name, el.value);
      } else {
        put(el.name, el.value);
      }
    }
    return payload;
  }

  function showErrors(form, errors) {
    for (const el of form.querySelectorAll("[data-error-for]")) {
      const text = errors[el.dataset.errorFor] || "";
      el.textContent = text;
      const control = form.querySelector(`[name="${el.dataset.errorFor}"]`);
      if (control) control.toggleAttribute("aria-invalid", Boolean(text));
      if (control && text) control.setAttribute("aria-invalid", "true");
    }
    const general = errors[""];
    const status = form.querySelector("[data-calc-status]");
    if (general) status.textContent = general;
  }

  function addCopyButtons(form) {
    for (const block of form.querySelectorAll("[data-copy]")) {
      if (block.previousElementSibling && block.previousElementSibling.classList.contains("calc-copy")) continue;
      const bar = document.createElement("div");
      bar.className = "calc-copy";
      const copy = document.createElement("button");
      copy.type = "button";
      copy.className = "md-button";
      copy.textContent = msg(form, "copy");
      copy.addEventListener("click", async () => {
        try {
          await navigator.clipboard.writeText(block.innerText);
          copy.textContent = msg(form, "copied");
        } catch (_) {
          const range = document.createRange();
          range.selectNodeContents(block);
          getSelection().removeAllRanges();
          getSelection().addRange(range);
        }
      });
      const print = document.createElement("button");
      print.type = "button";
      print.className = "md-button";
      print.textContent = msg(form, "print");
      print.addEventListener("click", () => window.print());
      bar.append(copy, print);
      block.before(bar);
    }
  }

  function announce(form, result) {
    form.dispatchEvent(new CustomEvent("calculator:result", {
      bubbles: true,
      detail: { name: form.dataset.calculator, result, lang: form.dataset.lang },
    }));
  }

  // The new result goes in as a patch (morphdom, vendored, loaded on calculator
  // pages): unchanged elements stay, so the browser restyles and lays out only what
  // changed. A chart's canvas stays as it is (its size and pixels belong to the chart
  // script, which redraws it on the "calculator:result" event). Without morphdom, a
  // plain replacement.
  const keepCanvas = (from, to) => !(from.nodeName === "CANVAS" && from.dataset.chart === to.dataset.chart);
  function patch(box, html) {
    if (!window.morphdom) { box.innerHTML = html; return; }
    const next = box.cloneNode(false);
    next.innerHTML = html;
    window.morphdom(box, next, { childrenOnly: true, onBeforeElUpdated: keepCanvas });
  }

  function render(form, response) {
    const box = form.querySelector("[data-calc-result]");
    const status = form.querySelector("[data-calc-status]");
    if (response.ok) {
      showErrors(form, {});
      patch(box, response.html);
      box.classList.remove("is-stale");
      box.removeAttribute("data-stale");
      if (status.dataset.state === "ready") status.textContent = msg(form, "ready");
      addCopyButtons(form);
      announce(form, response.result);
    } else {
      showErrors(form, response.errors);
      box.classList.add("is-stale");
      box.setAttribute("data-stale", "");
      let note = box.querySelector(".calc-stale-note");
      if (!note) {
        note = document.createElement("p");
        note.className = "calc-stale-note";
        box.prepend(note);
      }
      note.textContent = msg(form, "stale");
    }
    form.dataset.revision = String(Number(form.dataset.revision || 0) + 1);
  }

  // One request in flight per form; the newest input wins.
  const state = new Map();
  let worker = null;
  let workerCreated = 0;
  let seq = 0;
  const waiting = new Map();

  // Sent even before Python is ready: the worker keeps it and answers the moment it
  // is, without a round trip through this (often busy) page first.
  function send(form) {
    const s = state.get(form);
    if (!worker) { s.dirty = true; return; }
    if (s.inflight) { s.dirty = true; return; }
    s.dirty = false;
    s.inflight = ++seq;
    waiting.set(seq, form);
    worker.postMessage({ id: seq, request: { name: form.dataset.calculator, payload: collect(form), lang: form.dataset.lang } });
  }

  // The page's other work (early.js holds back Material's script and the search index)
  // goes on once Python is ready with nothing to answer, or has failed, or the reader
  // has paused for QUIET_MS after an answer: while answers are coming, the two cores
  // are the calculator's.
  const QUIET_MS = 600;
  const settled = () => { if (window.__calculatorSettled) window.__calculatorSettled(); };
  const busy = () => forms().some((form) => state.get(form).inflight);
  let quietTimer = 0;
  const settledWhenQuiet = () => {
    clearTimeout(quietTimer);
    quietTimer = setTimeout(() => { if (!busy()) settled(); else settledWhenQuiet(); }, QUIET_MS);
  };

  // The runtime's download, as a progress bar under the status (progress.js, inline in
  // the page's head).
  const progress = (fn) => { if (window.__calculatorProgress) for (const form of forms()) fn(window.__calculatorProgress, form); };

  function onMessage(event) {
    const data = event.data;
    if (data.type === "progress" && data.step === "download") {
      progress((bar, form) => bar.update(form, data.received, data.total));
    } else if (data.type === "progress") {
      const key = data.step === "wheel" ? "progress-wheel" : "progress-runtime";
      setStatus((form) => `${msg(form, "starting")} (${msg(form, key)})`, "starting");
    } else if (data.type === "ready") {
      progress((bar, form) => bar.done(form));
      setStatus((form) => msg(form, "ready"), "ready");
      for (const form of forms()) form.querySelector("[data-calc-status]").dataset.start = data.start;
      window.__calculatorTimings = { ...data.timings, pageWorkerCreated: workerCreated, pageReady: performance.now(),
                                     workerOrigin: data.timeOrigin - performance.timeOrigin };
      setTimeout(offlineNext, 4000);
      for (const form of forms()) if (state.get(form).dirty) send(form);
      if (!busy()) settled();
    } else if (data.type === "snapshot") {
      for (const form of forms()) form.querySelector("[data-calc-status]").dataset.snapshot = data.state;
      if (data.detail) window.__calculatorSnapshotError = data.detail;
      offlineNext();
    } else if (data.type === "failed") {
      progress((bar, form) => bar.done(form));
      setStatus((form) => `${msg(form, "failed")} ${data.detail}`, "failed");
      settled();
    } else if (data.type === "result") {
      const form = waiting.get(data.id);
      waiting.delete(data.id);
      const s = state.get(form);
      s.inflight = 0;
      if (s.dirty) { send(form); return; }  // already outdated: ask again
      render(form, JSON.parse(data.response));
      form.dataset.pythonMs = data.ms.toFixed(1);  // time spent in Python (diagnostics, benchmark)
      settledWhenQuiet();
    }
  }

  // Options that belong to one value of another field (a size tier or rate card belongs
  // to its marketplace: render.py's data-for-field / data-for-values) are offered only
  // with that value; a choice that no longer belongs goes back to the first option.
  function scopeOptions(form) {
    for (const select of form.querySelectorAll("select")) {
      const scoped = select.querySelectorAll("option[data-for-field]");
      if (!scoped.length) continue;
      for (const option of scoped) {
        const other = form.elements[option.dataset.forField];
        const fits = !other || option.dataset.forValues.split(" ").includes(other.value);
        option.hidden = option.disabled = !fits;
      }
      if (select.selectedOptions[0] && select.selectedOptions[0].disabled) select.selectedIndex = 0;
    }
  }

  for (const form of forms()) {
    state.set(form, { inflight: 0, dirty: false });
    scopeOptions(form);
    form.addEventListener("submit", (e) => { e.preventDefault(); send(form); });
    form.addEventListener("input", () => { scopeOptions(form); send(form); });
    form.addEventListener("change", () => { scopeOptions(form); send(form); });
    addCopyButtons(form);
    const initial = form.querySelector("script[data-calc-initial]");
    if (initial) announce(form, JSON.parse(initial.textContent));
  }

  // Once the calculator is up (its snapshot taken, or a few seconds after it is ready),
  // make the site and the runtime available offline: off the first result's path.
  // The site-wide script (assets/javascripts/site.js) is not in a calculator page's
  // HTML, so that it takes no request from the start: it comes now and does that.
  let offlineAsked = false;
  function offlineNext() {
    if (offlineAsked) return;
    offlineAsked = true;
    const site = document.createElement("script");
    site.src = new URL("../javascripts/site.js", script.src).href;
    site.dataset.cacheRuntime = "auto";
    document.body.append(site);
  }

  if (location.protocol === "file:") {
    setStatus((form) => msg(form, "file-protocol"), "failed");
    return;
  }
  setStatus((form) => msg(form, "starting"), "starting");
  const onError = (e) => {
    setStatus((form) => `${msg(form, "failed")} ${e.message || "worker error"}`, "failed");
    settled();
  };
  try {
    // Started early by the page's <head> (early.js), or here.
    const early = window.__calculatorWorker;
    let queued = [];
    if (early && early.worker) {
      worker = early.worker;
      workerCreated = early.created;
      queued = early.adopt();
    } else {
      workerCreated = performance.now();
      worker = new Worker(workerURL, { type: "module" });
    }
    worker.addEventListener("message", onMessage);
    worker.addEventListener("error", onError);
    for (const event of queued) (event.type === "error" ? onError : onMessage)(event);
  } catch (err) {
    setStatus((form) => `${msg(form, "failed")} ${err.message}`, "failed");
  }
})();

// Page glue for the calculators: the only browser code between a form and Python.
//
// The form and the example result arrive in the HTML (rendered at build time). This
// script adopts the Python worker that early.js started, sends the form's values on
// every change, and puts back what Python returns: result HTML, or a message under each
// wrong field while the last good result stays on screen marked as stale. All
// sentences come from the page (data-msg-* attributes) or from Python, in the page's
// language. It keeps the inputs in the page's address and in this browser (a link or
// a reload reopens them) and runs the buttons around the form; the panels for saved
// scenarios (scenarios.mjs) and CSV files (batch.mjs) are loaded when first used.
// Site-wide work (service worker, offline, update notice) is site.js's
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
//   string that comes back are calculators/browser.py's: {name, query, lang} opens a
//   scenario (a link's query, or the inputs kept in this browser), {name, action, ...}
//   asks for a file (export, import, csv) or pages to print (print).
//   {type: "batch", id, name, lang, file}: a CSV file through the calculator
//   (batch-worker.mjs); {type: "batch-stop", id}.
// Worker -> page:
//   {type: "progress", step: "runtime"|"wheel"}
//   {type: "progress", step: "download", received, total}: bytes of the runtime as sent
//     over the network (the manifest's sizes in the host's coding); progress.js draws it.
//   {type: "ready", start: "snapshot"|"normal"|"running", timings, timeOrigin}
//   {type: "failed", detail}
//   {type: "result", id, response (JSON string), ms (time spent in Python)}
//   {type: "snapshot", state: "saved"|"skipped"|"failed", detail?}
//   {type: "batch-progress", id, rows, failed, bytes, total}; {type: "batch-done", id,
//     ok, rows, failed, html, csv (Blob), json (Blob), ignored?, error?, ms}
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
//   form[data-opening]: a scenario (link, storage, saved) is being opened; its answer
//     sets the controls (data-scenario: "link"|"stored"|"saved"|"reset" once done).
//   The page's address holds the inputs that differ from the example (?weight=3,
//     calculators/scenario.py), as do localStorage "calculators:last:NAME" (the last
//     inputs) and "calculators:saved:NAME" ([{name, query, saved}], scenarios.mjs).
//   [data-calc-batch] (batch.mjs): data-state (reading|done|stopped|failed), data-rows,
//     data-failed; window.__batchTimings {ms (Python's worker, file to last row), rows}.
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
  const msg = (form, key, params) => {
    const text = form.dataset[`msg${key.replace(/(^|-)(\w)/g, (_, __, c) => c.toUpperCase())}`] || "";
    return params ? text.replace(/\{(\w+)\}/g, (all, name) => (name in params ? String(params[name]) : all)) : text;
  };
  const statusOf = (form) => form.querySelector("[data-calc-status]");
  const setStatus = (text, state) => {
    for (const form of forms()) {
      const el = statusOf(form);
      el.textContent = typeof text === "function" ? text(form) : text;
      el.dataset.state = state;
      if (state === "ready") el.setAttribute("data-ready", "");
    }
  };
  // A short note in the status line (a link copied, a scenario opened): the next answer
  // puts the usual line back, unless the note belongs to that answer.
  const note = (form, text) => { statusOf(form).textContent = text; };

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

  // The reverse: show `values` ({input: value}, Python's scenario.control_values) in
  // the controls; an input not in it goes back to the example's value (the HTML's
  // default), as does a choice the control does not offer. Controls named in `keep`
  // (changed by the reader meanwhile) stay as they are. Values are only ever set as
  // properties: nothing from a link or a file becomes markup.
  function applyValues(form, values, keep = new Set()) {
    for (const el of form.querySelectorAll("[name]")) {
      if (keep.has(el.name)) continue;
      const [field, row] = el.name.split(".");
      let given = values[field];
      if (row !== undefined && given !== undefined) given = given && typeof given === "object" ? (given[row] || "") : undefined;
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = given === undefined ? el.defaultChecked
          : el.dataset.kind === "list" ? Array.isArray(given) && given.includes(el.value)
          : el.dataset.kind === "boolean" ? given === true : el.value === given;
      } else if (el.tagName === "SELECT") {
        const options = Array.from(el.options);
        const wanted = given === undefined ? null : options.find((o) => o.value === String(given));
        el.selectedIndex = options.indexOf(wanted || options.find((o) => o.defaultSelected) || options[0]);
      } else {
        el.value = given === undefined ? el.defaultValue : String(given);
      }
    }
    scopeOptions(form);
    openSections(form);
  }

  // A folded section opens when it holds a value other than the example's (render.py
  // folds them at build time by the same rule) or a field with a message.
  const selectedAtStart = (el) => Math.max(0, Array.from(el.options).findIndex((o) => o.defaultSelected));
  const changed = (el) => (el.type === "checkbox" || el.type === "radio" ? el.checked !== el.defaultChecked
    : el.tagName === "SELECT" ? el.selectedIndex !== selectedAtStart(el) : el.value !== el.defaultValue);
  function openSections(form) {
    for (const section of form.querySelectorAll("details.calc-section")) {
      if (Array.from(section.querySelectorAll("[name]")).some(changed)) section.open = true;
    }
  }

  function showErrors(form, errors) {
    for (const el of form.querySelectorAll("[data-error-for]")) {
      const text = errors[el.dataset.errorFor] || "";
      el.textContent = text;
      const control = form.querySelector(`[name="${el.dataset.errorFor}"]`);
      if (control) control.toggleAttribute("aria-invalid", Boolean(text));
      if (control && text) control.setAttribute("aria-invalid", "true");
      const section = text && el.closest("details.calc-section");
      if (section) section.open = true;
    }
    const general = errors[""];
    const status = statusOf(form);
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
          selectText(block);
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

  function selectText(node) {
    const range = document.createRange();
    range.selectNodeContents(node);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
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
    const status = statusOf(form);
    if (response.ok) {
      showErrors(form, {});
      patch(box, response.html);
      box.classList.remove("is-stale");
      box.removeAttribute("data-stale");
      if (status.dataset.state === "ready") status.textContent = msg(form, "ready");
      const headline = form.querySelector("[data-calc-headline]");
      if (headline && headline.innerHTML !== response.headline) headline.innerHTML = response.headline;  // Python's
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
        note.id = `${form.dataset.calculator}-stale`;
        box.prepend(note);
      }
      note.textContent = msg(form, "stale");
    }
    const headline = form.querySelector("[data-calc-headline]");
    if (headline) {  // the compact figure says so too when it is the last good one
      headline.classList.toggle("is-stale", !response.ok);
      if (response.ok) headline.removeAttribute("aria-describedby");
      else headline.setAttribute("aria-describedby", `${form.dataset.calculator}-stale`);
    }
    keep(form, response.query);
    form.dataset.revision = String(Number(form.dataset.revision || 0) + 1);
  }

  // --- The inputs kept: in the page's address and in this browser -------------------
  const storage = (() => { try { return window.localStorage; } catch (_) { return null; } })();
  const lastKey = (form) => `calculators:last:${form.dataset.calculator}`;
  const stored = (key) => { try { return storage && storage.getItem(key); } catch (_) { return null; } };
  const store = (key, value) => {
    try {
      if (!storage) return;
      if (value) storage.setItem(key, value); else storage.removeItem(key);
    } catch (_) { /* full or refused: the address still has them */ }
  };
  const addressed = (form) => form === forms()[0];  // the page's address belongs to its first calculator

  // After every answer: the address (replaced, not pushed: a history entry per
  // keystroke would make Back useless) and the language switcher's links carry the
  // inputs that differ from the example, and this browser keeps them for next time.
  // The address and the storage are written once the reader pauses (KEEP_MS), and when
  // the page goes: each write is work for the browser's other processes, which took
  // about 6 ms of the two cores from every recalculation (scripts/PERFORMANCE.md).
  const KEEP_MS = 300;
  let keepTimer = 0;
  function keep(form, query) {
    if (typeof query !== "string") return;
    const s = state.get(form);
    if (s.query === query) return;
    s.query = query;
    s.unkept = true;
    if (addressed(form)) carryToOtherLanguage(query ? `?${query}` : "");
    clearTimeout(keepTimer);
    keepTimer = setTimeout(keepAll, KEEP_MS);
  }

  function keepAll() {
    clearTimeout(keepTimer);
    for (const form of forms()) {
      const s = state.get(form);
      if (!s.unkept) continue;
      s.unkept = false;
      store(lastKey(form), s.query);
      if (!addressed(form)) continue;
      const url = new URL(location.href);
      url.search = s.query ? `?${s.query}` : "";
      if (url.href !== location.href) history.replaceState(history.state, "", url);
    }
  }
  addEventListener("pagehide", keepAll);
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") keepAll(); });

  function carryToOtherLanguage(search) {
    for (const link of document.querySelectorAll(".md-select a[hreflang]")) {
      if (!link.dataset.pageHref) link.dataset.pageHref = link.getAttribute("href");
      const target = new URL(link.dataset.pageHref, location.href);
      target.search = search;
      link.href = target.href;
    }
  }

  function linkOf(form) {
    const url = new URL(location.href);
    const query = state.get(form).query;
    url.search = query ? `?${query}` : "";
    url.hash = "";
    return url.href;
  }

  // Opening a scenario: Python reads the query (calculators/scenario.py), answers with
  // the result and what each control is to show. Until then the example stays, marked.
  function openScenario(form, query, how, noteText) {
    const s = state.get(form);
    s.opening = { query, how, note: noteText, touched: new Set() };
    form.setAttribute("data-opening", "");
    form.removeAttribute("data-scenario");
    note(form, msg(form, "opening"));
    if (s.inflight) s.dirty = true; else send(form);
  }

  function opened(form, response) {
    const s = state.get(form);
    const { how, note: noteText, touched } = s.opening;
    s.opening = null;
    form.removeAttribute("data-opening");
    applyValues(form, response.values || {}, touched);
    form.dataset.scenario = how;
    if (touched.size) { s.dirty = true; return; }  // the reader typed meanwhile: ask again with both
    render(form, response);
    if (noteText && !(response.errors && response.errors[""])) note(form, noteText);
  }

  // --- Talking to Python's worker ------------------------------------------------------
  // One calculation in flight per form; the newest input wins.
  const state = new Map();
  let worker = null;
  let workerCreated = 0;
  let seq = 0;
  const waiting = new Map();
  const asked = new Map();  // id -> resolve, for the buttons' and panels' requests

  // Sent even before Python is ready: the worker keeps it and answers the moment it
  // is, without a round trip through this (often busy) page first.
  function send(form) {
    const s = state.get(form);
    if (!worker) { s.dirty = true; return; }
    if (s.inflight) { s.dirty = true; return; }
    s.dirty = false;
    s.inflight = ++seq;
    waiting.set(seq, form);
    const base = { name: form.dataset.calculator, lang: form.dataset.lang };
    const request = s.opening ? { ...base, query: s.opening.query } : { ...base, payload: collect(form) };
    worker.postMessage({ id: seq, request });
  }

  // Any other request: a promise of its answer (an object), {ok: false} without Python.
  function ask(form, fields) {
    if (!worker) return Promise.resolve({ ok: false, errors: {} });
    return new Promise((resolve) => {
      asked.set(++seq, resolve);
      worker.postMessage({ id: seq, request: { name: form.dataset.calculator, lang: form.dataset.lang, ...fields } });
    });
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

  const batchListeners = new Set();  // batch.mjs's panels, once loaded
  function onMessage(event) {
    const data = event.data;
    if (data.type === "progress" && data.step === "download") {
      progress((bar, form) => bar.update(form, data.received, data.total));
    } else if (data.type === "progress") {
      const key = data.step === "wheel" ? "progress-wheel" : "progress-runtime";
      setStatus((form) => state.get(form).opening ? msg(form, "opening") : `${msg(form, "starting")} (${msg(form, key)})`,
                "starting");
    } else if (data.type === "ready") {
      progress((bar, form) => bar.done(form));
      setStatus((form) => state.get(form).opening ? msg(form, "opening") : msg(form, "ready"), "ready");
      for (const form of forms()) statusOf(form).dataset.start = data.start;
      window.__calculatorTimings = { ...data.timings, pageWorkerCreated: workerCreated, pageReady: performance.now(),
                                     workerOrigin: data.timeOrigin - performance.timeOrigin };
      setTimeout(offlineNext, 4000);
      for (const form of forms()) if (state.get(form).dirty) send(form);
      if (!busy()) settled();
    } else if (data.type === "snapshot") {
      for (const form of forms()) statusOf(form).dataset.snapshot = data.state;
      if (data.detail) window.__calculatorSnapshotError = data.detail;
      offlineNext();
    } else if (data.type === "failed") {
      progress((bar, form) => bar.done(form));
      setStatus((form) => `${msg(form, "failed")} ${data.detail}`, "failed");
      settled();
    } else if (data.type === "result" && asked.has(data.id)) {
      asked.get(data.id)(JSON.parse(data.response));
      asked.delete(data.id);
    } else if (data.type === "result") {
      const form = waiting.get(data.id);
      waiting.delete(data.id);
      const s = state.get(form);
      s.inflight = 0;
      const response = JSON.parse(data.response);
      if (s.opening && "values" in response) opened(form, response);
      else if (!s.dirty) render(form, response);
      if (s.dirty) { send(form); return; }  // outdated, or the reader typed while it opened: ask again
      form.dataset.pythonMs = data.ms.toFixed(1);  // time spent in Python (diagnostics, benchmark)
      settledWhenQuiet();
    } else if (typeof data.type === "string" && data.type.startsWith("batch")) {
      for (const listener of batchListeners) listener(data);
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

  // --- The buttons around the form -------------------------------------------------------
  const download = (name, blob) => {
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
  };

  async function copyTable(form) {
    const table = form.querySelector("[data-calc-result] table.calc-summary");
    if (!table) return;
    const rows = Array.from(table.rows, (row) => Array.from(row.cells, (cell) => cell.innerText.trim()).join("\t"));
    const plain = [form.getAttribute("aria-label"), ...rows].join("\n") + "\n";
    const html = `<table><caption>${escapeText(form.getAttribute("aria-label"))}</caption>${table.innerHTML}</table>`;
    try {
      if (window.ClipboardItem && navigator.clipboard.write) {
        await navigator.clipboard.write([new ClipboardItem({
          "text/plain": new Blob([plain], { type: "text/plain" }),
          "text/html": new Blob([html], { type: "text/html" }),
        })]);
      } else {
        await navigator.clipboard.writeText(plain);
      }
      note(form, msg(form, "table-copied"));
    } catch (_) {
      selectText(table);
      note(form, msg(form, "copy-failed"));
    }
  }
  // The title, set as text and read back as markup: the browser escapes it.
  const escapeText = (text) => { const p = document.createElement("p"); p.textContent = text; return p.innerHTML; };

  // Parts loaded on first use (dynamic import: nothing of theirs before the first result).
  const modules = {};
  const load = (file) => (modules[file] = modules[file] || import(new URL(file, script.src).href));
  const page = {  // what they may use
    ask, msg, note, collect, openScenario, download, linkOf, state,
    worker: () => worker,
    onBatchMessage: (listener) => batchListeners.add(listener),
  };
  const scenariosAttached = new WeakSet();  // forms whose saved-scenarios panel has its code
  const withScenarios = (form) => load("scenarios.mjs").then((m) => {
    const panel = m.attach(page, form);
    scenariosAttached.add(form);
    return panel;
  });
  const withBatch = (form) => load("batch.mjs").then((m) => m.attach(page, form));

  const actions = {
    "copy-link": async (form) => {
      const link = linkOf(form);
      try {
        await navigator.clipboard.writeText(link);
        note(form, msg(form, "link-copied"));
      } catch (_) {
        note(form, link);
        selectText(statusOf(form));
      }
    },
    reset: (form) => {
      const s = state.get(form);
      s.opening = null;
      form.removeAttribute("data-opening");
      applyValues(form, {});
      for (const section of form.querySelectorAll("details.calc-section[data-folded]")) section.open = false;
      form.dataset.scenario = "reset";
      send(form);
      note(form, msg(form, "reset-done"));
    },
    save: (form) => {
      const panel = document.querySelector(`[data-calc-scenarios="${form.dataset.calculator}"]`);
      if (!panel) return;
      panel.open = true;
      withScenarios(form).then(() => panel.querySelector("[data-scenario-name]").focus());
    },
    "copy-table": copyTable,
    "download-csv": async (form) => {
      const answer = await ask(form, { action: "csv", payload: collect(form) });
      if (answer.ok) download(`${form.dataset.calculator}.csv`, new Blob([answer.text], { type: "text/csv;charset=utf-8" }));
    },
    print: () => window.print(),
  };

  for (const form of forms()) {
    state.set(form, { inflight: 0, dirty: false, query: null, opening: null });
    scopeOptions(form);
    form.addEventListener("submit", (e) => { e.preventDefault(); send(form); });
    const changedBy = (event) => {
      const opening = state.get(form).opening;
      if (opening && event.target.name) opening.touched.add(event.target.name);
      scopeOptions(form);
      send(form);
    };
    form.addEventListener("input", changedBy);
    form.addEventListener("change", changedBy);
    form.addEventListener("click", (event) => {
      const button = event.target.closest("[data-calc-action]");
      if (button && actions[button.dataset.calcAction]) actions[button.dataset.calcAction](form);
    });
    addCopyButtons(form);
    const initial = form.querySelector("script[data-calc-initial]");
    if (initial) announce(form, JSON.parse(initial.textContent));
    // The panels after the form load their code when first opened or given a file.
    const name = form.dataset.calculator;
    const scenarios = document.querySelector(`[data-calc-scenarios="${name}"]`);
    if (scenarios) {
      scenarios.addEventListener("toggle", () => { if (scenarios.open) withScenarios(form); });
      // A button pressed (or Enter in the name) before the panel's code has come is not
      // lost: it is pressed again once the code is there.
      const early = (event, button) => {
        if (scenariosAttached.has(form) || !button) return;
        event.preventDefault();
        event.stopImmediatePropagation();
        withScenarios(form).then(() => button.click());
      };
      scenarios.addEventListener("click", (event) => early(event, event.target.closest("[data-scenario-action]")), true);
      scenarios.addEventListener("keydown", (event) => {
        if (event.key === "Enter" && event.target.matches("[data-scenario-name]")) {
          early(event, scenarios.querySelector("[data-scenario-action=save]"));
        }
      }, true);
    }
    const batch = document.querySelector(`[data-calc-batch="${name}"]`);
    if (batch) {
      // The files are taken now: a drop's list is empty once its event is over.
      const start = (files) => { if (files && files.length) withBatch(form).then((panel) => panel.take(files[0])); };
      batch.addEventListener("change", (event) => { if (event.target.matches("[data-batch-file]")) start(event.target.files); });
      batch.addEventListener("dragover", (event) => event.preventDefault());
      batch.addEventListener("drop", (event) => { event.preventDefault(); start(event.dataTransfer && event.dataTransfer.files); });
    }
    // A scenario to open: the link's inputs, else the ones kept from the last visit.
    const query = addressed(form) ? location.search.slice(1) : "";
    const kept = !query && stored(lastKey(form));
    if (query) {
      // The address keeps the inputs as they change, so a reload opens them from it too.
      const reloaded = (performance.getEntriesByType("navigation")[0] || {}).type === "reload";
      carryToOtherLanguage(location.search);
      openScenario(form, query, "link", msg(form, reloaded ? "restored" : "opened-link"));
    } else if (kept) {
      openScenario(form, kept, "stored", msg(form, "restored"));
    }
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
  setStatus((form) => state.get(form).opening ? msg(form, "opening") : msg(form, "starting"), "starting");
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
    for (const form of forms()) if (state.get(form).dirty) send(form);
  } catch (err) {
    setStatus((form) => `${msg(form, "failed")} ${err.message}`, "failed");
  }
})();

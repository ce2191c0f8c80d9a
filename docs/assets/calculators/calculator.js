// Page glue for the calculators: the only browser code between a form and Python.
//
// The form and the example result arrive in the HTML (rendered at build time). This
// script starts the Python worker, sends the form's values on every change, and puts
// back what Python returns: result HTML, or a message under each wrong field while the
// last good result stays on screen marked as stale. All sentences come from the page
// (data-msg-* attributes) or from Python, in the page's language.
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

  function render(form, response) {
    const box = form.querySelector("[data-calc-result]");
    const status = form.querySelector("[data-calc-status]");
    if (response.ok) {
      showErrors(form, {});
      box.innerHTML = response.html;
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
  let ready = false;
  let seq = 0;
  const waiting = new Map();

  function send(form) {
    const s = state.get(form);
    if (!ready) { s.dirty = true; return; }
    if (s.inflight) { s.dirty = true; return; }
    s.dirty = false;
    s.inflight = ++seq;
    waiting.set(seq, form);
    worker.postMessage({ id: seq, request: { name: form.dataset.calculator, payload: collect(form), lang: form.dataset.lang } });
  }

  function onMessage(event) {
    const data = event.data;
    if (data.type === "progress") {
      const key = data.step === "wheel" ? "progress-wheel" : "progress-runtime";
      setStatus((form) => `${msg(form, "starting")} (${msg(form, key)})`, "starting");
    } else if (data.type === "ready") {
      ready = true;
      setStatus((form) => msg(form, "ready"), "ready");
      for (const form of forms()) if (state.get(form).dirty) send(form);
    } else if (data.type === "failed") {
      setStatus((form) => `${msg(form, "failed")} ${data.detail}`, "failed");
    } else if (data.type === "result") {
      const form = waiting.get(data.id);
      waiting.delete(data.id);
      const s = state.get(form);
      s.inflight = 0;
      if (s.dirty) { send(form); return; }  // already outdated: ask again
      render(form, JSON.parse(data.response));
    }
  }

  for (const form of forms()) {
    state.set(form, { inflight: 0, dirty: false });
    form.addEventListener("submit", (e) => { e.preventDefault(); send(form); });
    form.addEventListener("input", () => send(form));
    form.addEventListener("change", () => send(form));
    addCopyButtons(form);
    const initial = form.querySelector("script[data-calc-initial]");
    if (initial) announce(form, JSON.parse(initial.textContent));
  }

  if (location.protocol === "file:") {
    setStatus((form) => msg(form, "file-protocol"), "failed");
    return;
  }
  setStatus((form) => msg(form, "starting"), "starting");
  try {
    worker = new Worker(workerURL, { type: "module" });
    worker.addEventListener("message", onMessage);
    worker.addEventListener("error", (e) => setStatus((form) => `${msg(form, "failed")} ${e.message || "worker error"}`, "failed"));
  } catch (err) {
    setStatus((form) => `${msg(form, "failed")} ${err.message}`, "failed");
  }
})();

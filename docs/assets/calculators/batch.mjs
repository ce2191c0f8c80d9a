// The page's side of a CSV file of products ([data-calc-batch], after the form;
// calculator.js imports this module when a file is first chosen or dropped there).
// The file goes to Python's worker as it is (batch-worker.mjs reads it in pieces: the
// page stays free while it does); this shows the progress, then the table Python
// rendered (calculators/render.py batch_table_html) and the two downloads. Nothing
// leaves the browser. What the panel publishes for tests and the benchmark: the
// protocol at the top of calculator.js.

const panels = new WeakMap();  // form -> BatchPanel
let count = 0;

export function attach(page, form) {
  if (!panels.has(form)) panels.set(form, new BatchPanel(page, form));
  return panels.get(form);
}

const SPEAK_MS = 1500;  // the status line (read out by screen readers) changes at most this often

class BatchPanel {
  constructor(page, form) {
    this.page = page;
    this.form = form;
    const panel = this.panel = document.querySelector(`[data-calc-batch="${form.dataset.calculator}"]`);
    this.input = panel.querySelector("[data-batch-file]");
    this.drop = panel.querySelector("[data-batch-drop]");
    this.progress = panel.querySelector("[data-batch-progress]");
    this.bar = this.progress.querySelector("progress");
    this.status = panel.querySelector("[data-batch-status]");
    this.downloads = panel.querySelector("[data-batch-downloads]");
    this.output = panel.querySelector("[data-batch-output]");
    this.job = null;
    this.urls = [];
    page.onBatchMessage((data) => this.hear(data));
    this.progress.querySelector("[data-batch-action=stop]").addEventListener("click", () => this.stop());
    this.drop.addEventListener("dragenter", () => this.drop.classList.add("is-over"));
    this.drop.addEventListener("dragleave", () => this.drop.classList.remove("is-over"));
    this.drop.addEventListener("drop", () => this.drop.classList.remove("is-over"));
  }

  msg(key, params) { return this.page.msg(this.form, key, params); }

  // A file chosen in the panel's input, or dropped on the panel.
  take(file) {
    if (this.job) {
      this.status.textContent = this.msg("batch-busy");
      return;
    }
    this.start(file);
  }

  start(file) {
    const worker = this.page.worker();
    for (const url of this.urls) URL.revokeObjectURL(url);
    this.urls = [];
    this.downloads.replaceChildren();
    this.output.replaceChildren();
    if (!worker) {
      this.finish("failed", `${this.msg("batch-failed")} ${this.msg("failed")}`);
      return;
    }
    this.job = { id: `batch-${++count}`, spoken: 0 };
    this.panel.dataset.state = "reading";
    this.panel.dataset.rows = "0";
    this.panel.dataset.failed = "0";
    this.bar.max = Math.max(file.size, 1);
    this.bar.value = 0;
    this.progress.hidden = false;
    this.status.textContent = this.msg("batch-reading", { rows: 0, failed: 0 });
    worker.postMessage({ type: "batch", id: this.job.id, name: this.form.dataset.calculator,
                         lang: this.form.dataset.lang, file });
  }

  stop() {
    const worker = this.page.worker();
    if (this.job && worker) worker.postMessage({ type: "batch-stop", id: this.job.id });
  }

  hear(data) {
    if (!this.job || data.id !== this.job.id) return;
    if (data.type === "batch-progress") {
      this.bar.value = data.bytes;
      this.panel.dataset.rows = String(data.rows);
      this.panel.dataset.failed = String(data.failed);
      const now = performance.now();
      if (now - this.job.spoken >= SPEAK_MS) {
        this.job.spoken = now;
        this.status.textContent = this.msg("batch-reading", { rows: data.rows, failed: data.failed });
      }
      return;
    }
    if (data.type !== "batch-done") return;
    this.panel.dataset.rows = String(data.rows);
    this.panel.dataset.failed = String(data.failed);
    window.__batchTimings = { ms: data.ms, rows: data.rows, failed: data.failed, bytes: data.bytes,
                              wasmBytes: data.wasmBytes };
    if (!data.ok) {
      this.finish("failed", `${this.msg("batch-failed")} ${data.error}`);
      return;
    }
    this.output.innerHTML = data.html;  // rendered and escaped by Python
    const name = this.form.dataset.calculator;
    this.offer(data.csv, `${name}-results.csv`, "batch-download-csv");
    this.offer(data.json, `${name}-results.json`, "batch-download-json");
    const done = this.msg("batch-done", { rows: data.rows, ok: data.rows - data.failed, failed: data.failed });
    const stopped = data.stopped ? ` ${this.msg("batch-stopped", { rows: data.rows })}` : "";
    this.finish(data.stopped ? "stopped" : "done", [done + stopped, data.ignored].filter(Boolean).join(" "));
  }

  offer(blob, filename, key) {
    const a = document.createElement("a");
    a.className = "md-button";
    a.href = URL.createObjectURL(blob);
    a.download = filename;
    a.textContent = this.msg(key);
    this.urls.push(a.href);
    this.downloads.append(a);
  }

  finish(state, text) {
    this.job = null;
    this.progress.hidden = true;
    this.input.value = "";  // the same file may be chosen again
    this.status.textContent = text;
    this.panel.dataset.state = state;
  }
}

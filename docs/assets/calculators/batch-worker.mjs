// A CSV file of products through a calculator, in Python's worker (worker.mjs imports
// this module the first time a file comes). The page sends the File itself (nothing
// is uploaded anywhere); it is read as a stream, in pieces of a few kB, each handed
// to calculators/browser.py's PageBatch, so memory holds a piece and a row, never the
// file. The output (CSV for Excel, JSON) is gathered into Blobs as it comes and sent
// to the page at the end. Between pieces the worker takes its other messages, so the
// calculator on the page keeps answering while a large file is read. The messages:
// the protocol at the top of calculator.js.

// Bytes per piece: sized as it goes so that Python spends about PIECE_MS on each (a
// calculation the reader asks for waits at most one piece: the target is an answer
// within 100 ms); between MIN_SLICE and MAX_SLICE bytes whatever the calculator's speed.
const PIECE_MS = 25;
const FIRST_SLICE = 4 * 1024;
const MIN_SLICE = 512;
const MAX_SLICE = 64 * 1024;
const FLUSH = 64;  // pieces of text gathered into one Blob part

const jobs = new Map();  // id -> {stopped}

// One turn of the worker's event loop (a message to itself: no timer clamping), so that
// a calculation the page asked for meanwhile is answered between two pieces.
function nextTurn() {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => { channel.port1.close(); resolve(); };
    channel.port2.postMessage(null);
  });
}

// Text gathered piece by piece into Blob parts: the worker's heap holds at most FLUSH
// pieces; the browser keeps the rest (on disk when large).
class Gathered {
  constructor() { this.parts = []; this.pending = []; }
  add(text) {
    if (!text) return;
    this.pending.push(text);
    if (this.pending.length >= FLUSH) this.flush();
  }
  flush() {
    if (this.pending.length) this.parts.push(new Blob(this.pending));
    this.pending = [];
  }
  blob(type, before = [], after = []) {
    this.flush();
    return new Blob([...before, ...this.parts, ...after], { type });
  }
}

export async function onMessage(message, port, py) {
  if (message.type === "batch-stop") {
    const job = jobs.get(message.id);
    if (job) job.stopped = true;
    return;
  }
  if (message.type !== "batch") return;
  const { id, name, lang, file } = message;
  const job = { stopped: false };
  jobs.set(id, job);
  const t0 = performance.now();
  const csv = new Gathered();
  const json = new Gathered();
  let batch = null;
  let last = { rows: 0, failed: 0 };
  let bytes = 0;
  let slice = FIRST_SLICE;
  const take = (text) => {
    const answer = JSON.parse(text);
    if (!answer.ok) throw new Error(answer.error);
    csv.add(answer.csv);
    json.add(answer.json);
    last = answer;
    return answer;
  };
  try {
    batch = py.pyimport("calculators.browser").batch(name, lang);
    const reader = file.stream().getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      for (let at = 0; at < value.length && !job.stopped;) {
        const piece = value.subarray(at, at + slice);
        const began = performance.now();
        take(batch.feed(piece));
        const spent = performance.now() - began;
        // The next piece: PIECE_MS at this one's pace, at most twice or half this one.
        const paced = slice * PIECE_MS / Math.max(spent, 1);
        slice = Math.round(Math.min(MAX_SLICE, slice * 2, Math.max(MIN_SLICE, slice / 2, paced)));
        at += piece.length;
        bytes += piece.length;
        port.postMessage({ type: "batch-progress", id, rows: last.rows, failed: last.failed, bytes, total: file.size });
        await nextTurn();
      }
      if (job.stopped) {
        await reader.cancel();
        break;
      }
    }
    // Stopped: the rows read so far (the line cut off is left out), else the last row.
    const end = job.stopped ? { ...last, html: batch.table() } : take(batch.finish());
    port.postMessage({
      type: "batch-done", id, ok: true, stopped: job.stopped, rows: end.rows, failed: end.failed, html: end.html,
      ignored: end.ignored || "", ms: performance.now() - t0, bytes,
      csv: csv.blob("text/csv;charset=utf-8"),
      json: json.blob("application/json", ["[\n"], ["\n]\n"]),
      wasmBytes: py._module && py._module.HEAPU8 ? py._module.HEAPU8.length : null,
    });
  } catch (err) {
    port.postMessage({ type: "batch-done", id, ok: false, error: String(err && err.message || err), rows: last.rows,
                       failed: last.failed, ms: performance.now() - t0 });
  } finally {
    if (batch) batch.destroy();
    jobs.delete(id);
  }
}

// The entries of a zip archive (a wheel): [{name, method, raw}], folders left out, raw
// being the entry's bytes as stored (method 0: the file itself; 8: deflated). One
// reader for the calculators' worker, which inflates with DecompressionStream, and for
// the build's Node scripts (scripts/wheel_files.mjs), which inflate with node:zlib.
export function zipEntries(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = bytes.length - 22;
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end--;
  if (end < 0) throw new Error("zip: no central directory");
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const names = new TextDecoder();
  const entries = [];
  for (let i = 0; i < count; i++) {
    if (view.getUint32(at, true) !== 0x02014b50) throw new Error("zip: bad entry");
    const method = view.getUint16(at + 10, true);
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const local = view.getUint32(at + 42, true);
    const name = names.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    if (name.endsWith("/")) continue;
    if (method !== 0 && method !== 8) throw new Error(`zip: method ${method}`);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    entries.push({ name, method, raw: bytes.subarray(start, start + size) });
  }
  return entries;
}

// The files of the zip `bytes` (a Uint8Array) as [[name, Uint8Array]], for the worker
// (worker.mjs unzips the wheel while Pyodide starts, to write its files from JavaScript
// and keep them with the snapshot). Deflated entries are inflated with the browser's
// DecompressionStream; null where one is deflated and this browser has none (the
// build stores the wheel's files, so that is rare). Throws on what it cannot read.
export async function unzip(bytes) {
  const files = [];
  for (const { name, method, raw } of zipEntries(bytes)) {
    if (method === 0) files.push([name, raw]);
    else if (typeof DecompressionStream === "undefined") return null;
    else files.push([name, inflate(raw)]);
  }
  // All entries at once: each inflation takes a few turns of the thread's event loop,
  // and Pyodide's start leaves few free (one file after another finished only after
  // Python had started, about 0.1 s late on a first visit).
  return Promise.all(files.map(async ([name, data]) => [name, await data]));
}

async function inflate(raw) {
  const stream = new Response(raw).body.pipeThrough(new DecompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

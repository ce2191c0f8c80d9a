// A zip reader for the calculators' wheel (worker.mjs unzips it while Pyodide starts, to
// write its files from JavaScript and keep them with the snapshot; unit tests in
// tests/js/unzip.test.mjs). A wheel is a zip: an end record, a central directory, then
// stored or deflated entries. Inflating uses the browser's DecompressionStream.

// The files of the zip `bytes` (a Uint8Array) as [[name, Uint8Array]], folders left
// out. Null when this browser cannot inflate (no DecompressionStream). Throws (or
// rejects) on what it cannot read.
export async function unzip(bytes) {
  if (typeof DecompressionStream === "undefined") return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = bytes.length - 22;
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end--;
  if (end < 0) throw new Error("wheel: no zip directory");
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const names = new TextDecoder();
  const files = [];
  for (let i = 0; i < count; i++) {
    if (view.getUint32(at, true) !== 0x02014b50) throw new Error("wheel: bad zip entry");
    const method = view.getUint16(at + 10, true);
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const skip = nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = names.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + skip;
    if (name.endsWith("/")) continue;
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const raw = bytes.subarray(start, start + size);
    if (method === 0) files.push([name, raw]);
    else if (method === 8) files.push([name, inflate(raw)]);
    else throw new Error(`wheel: zip method ${method}`);
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

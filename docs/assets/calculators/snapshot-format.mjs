// The stored snapshot's binary format (worker.mjs stores and restores it; unit tests in
// tests/js/snapshot-format.test.mjs). A snapshot is Pyodide's memory image plus the
// calculators' files, so a restore needs neither the wheel nor unzipping it.
//
// Sparse: about half of Pyodide's memory is zero pages, which need neither disk nor
// reading. Layout (little-endian uint32s): [page size, image length, page count, file
// count], one byte per page (1: stored), the stored pages in order, then per file
// [name length, data length], name (UTF-8), data.
//
// A change of layout must change MAGIC in worker.mjs (the storage entry's tag), so that
// no browser restores a snapshot written in the old one.
export const PAGE = 4096;

// The packed bytes of `image` (a Uint8Array) and `files` ([[name, Uint8Array]]).
export function packSnapshot(image, files) {
  const pages = Math.ceil(image.length / PAGE);
  const words = new Uint32Array(image.buffer, image.byteOffset, Math.floor(image.length / 4));
  const map = new Uint8Array(pages);
  let stored = 0;
  for (let p = 0; p < pages; p++) {
    const start = (p * PAGE) / 4;
    const end = Math.min(start + PAGE / 4, words.length);
    for (let i = start; i < end; i++) if (words[i] !== 0) { map[p] = 1; break; }
    if (!map[p] && p === pages - 1) for (let i = end * 4; i < image.length; i++) if (image[i]) map[p] = 1;
    stored += map[p];
  }
  const encoder = new TextEncoder();
  const named = files.map(([name, data]) => [encoder.encode(name), data]);
  const filesLength = named.reduce((n, [name, data]) => n + 8 + name.length + data.length, 0);
  const headerLength = 16 + pages;
  const out = new Uint8Array(headerLength + stored * PAGE + filesLength);
  const view = new DataView(out.buffer);
  view.setUint32(0, PAGE, true);
  view.setUint32(4, image.length, true);
  view.setUint32(8, pages, true);
  view.setUint32(12, named.length, true);
  out.set(map, 16);
  let at = headerLength;
  for (let p = 0; p < pages; p++) {
    if (!map[p]) continue;
    out.set(image.subarray(p * PAGE, Math.min((p + 1) * PAGE, image.length)), at);
    at += PAGE;
  }
  for (const [name, data] of named) {
    view.setUint32(at, name.length, true);
    view.setUint32(at + 4, data.length, true);
    out.set(name, at + 8);
    out.set(data, at + 8 + name.length);
    at += 8 + name.length + data.length;
  }
  return out;
}

// Fills `image` (zeroed, of the stored length) and returns the files [[name, data]].
// Throws on anything that does not add up, so a damaged entry is never restored.
export function unpackSnapshot(packed, image) {
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  if (packed.length < 16) throw new Error("snapshot: bad header");
  const pageSize = view.getUint32(0, true);
  const length = view.getUint32(4, true);
  const pages = view.getUint32(8, true);
  const count = view.getUint32(12, true);
  if (pageSize !== PAGE || length !== image.length || pages !== Math.ceil(length / PAGE) || packed.length < 16 + pages) {
    throw new Error("snapshot: bad header");
  }
  const map = packed.subarray(16, 16 + pages);
  let at = 16 + pages;
  for (let p = 0; p < pages; p++) {
    if (!map[p]) continue;
    const end = Math.min((p + 1) * PAGE, length);
    if (at + PAGE > packed.length) throw new Error("snapshot: truncated");
    image.set(packed.subarray(at, at + end - p * PAGE), p * PAGE);
    at += PAGE;
  }
  const decoder = new TextDecoder();
  const files = [];
  for (let i = 0; i < count; i++) {
    if (at + 8 > packed.length) throw new Error("snapshot: truncated");
    const nameLength = view.getUint32(at, true);
    const dataLength = view.getUint32(at + 4, true);
    const start = at + 8 + nameLength;
    if (start + dataLength > packed.length) throw new Error("snapshot: truncated");
    files.push([decoder.decode(packed.subarray(at + 8, start)), packed.subarray(start, start + dataLength)]);
    at = start + dataLength;
  }
  if (at !== packed.length || !files.length) throw new Error("snapshot: wrong size");
  return files;
}

// Unit tests of the stored snapshot's format (docs/assets/calculators/snapshot-format.mjs):
// node --test tests/js/ (scripts/test runs them).
import assert from "node:assert/strict";
import test from "node:test";

import { PAGE, packSnapshot, unpackSnapshot } from "../../docs/assets/calculators/snapshot-format.mjs";

// An image of `pages` pages (the last one `tail` bytes long if given), zero except for
// the bytes set by `marks` ([[offset, value]]).
function image(pages, marks, tail = PAGE) {
  const bytes = new Uint8Array((pages - 1) * PAGE + tail);
  for (const [at, value] of marks) bytes[at] = value;
  return bytes;
}

const FILES = [["calculators/__init__.py", new TextEncoder().encode("from .core import run\n")],
               ["calculators/data/fx/rates.json", new Uint8Array([123, 125])],
               ["calculators/locale/名前.json", new Uint8Array(0)]];

function roundTrip(original, files = FILES) {
  const packed = packSnapshot(original, files);
  const restored = new Uint8Array(original.length);
  const back = unpackSnapshot(packed, restored);
  return { packed, restored, back };
}

test("a sparse image and its files come back as they were", () => {
  const original = image(8, [[0, 1], [3 * PAGE + 17, 255], [7 * PAGE + PAGE - 1, 9]]);
  const { restored, back } = roundTrip(original);
  assert.deepEqual(restored, original);
  assert.deepEqual(back.map(([name]) => name), FILES.map(([name]) => name));
  back.forEach(([, data], i) => assert.deepEqual(data, FILES[i][1]));
});

test("zero pages are left out of the packed bytes", () => {
  const files = [["a", new Uint8Array([1])]];
  const sparse = packSnapshot(image(16, [[5 * PAGE, 1], [9 * PAGE + 100, 2]]), files);
  // header (16) + page map (16) + 2 stored pages + the file (8 + 1 + 1)
  assert.equal(sparse.length, 16 + 16 + 2 * PAGE + 10);
  const blank = packSnapshot(image(16, []), files);
  assert.equal(blank.length, 16 + 16 + 10);
  assert.deepEqual(roundTrip(image(16, []), files).restored, image(16, []));
});

test("a last page shorter than a page, stored only for a non-zero byte past the last whole word", () => {
  // 2 pages, the second 6 bytes long: bytes 4 and 5 of it lie past the last whole word.
  const tailOnly = image(2, [[PAGE + 5, 7]], 6);
  const { packed, restored } = roundTrip(tailOnly);
  assert.deepEqual(restored, tailOnly);
  assert.equal(packed[16 + 1], 1, "the short last page is marked stored");
  assert.equal(roundTrip(image(2, [], 6)).packed[16 + 1], 0);
});

test("the header says page size, image length, page count and file count", () => {
  const packed = packSnapshot(image(3, [[1, 1]]), FILES);
  const view = new DataView(packed.buffer);
  assert.deepEqual([0, 4, 8, 12].map((at) => view.getUint32(at, true)), [PAGE, 3 * PAGE, 3, FILES.length]);
  assert.deepEqual(Array.from(packed.subarray(16, 19)), [1, 0, 0]);
});

test("damaged or mismatched entries are refused, never restored", () => {
  const original = image(4, [[2 * PAGE, 3]]);
  const packed = packSnapshot(original, FILES);
  const target = () => new Uint8Array(original.length);
  const refuses = (bytes, into, message) => assert.throws(() => unpackSnapshot(bytes, into), { message });
  refuses(packed.subarray(0, 10), target(), "snapshot: bad header");
  refuses(packed, new Uint8Array(original.length + PAGE), "snapshot: bad header");  // another image size
  const otherPage = packed.slice();
  new DataView(otherPage.buffer).setUint32(0, 8192, true);
  refuses(otherPage, target(), "snapshot: bad header");
  refuses(packed.subarray(0, 16 + 4 + PAGE - 1), target(), "snapshot: truncated");  // inside the pages
  refuses(packed.subarray(0, packed.length - 1), target(), "snapshot: truncated");  // inside the files
  const longer = new Uint8Array(packed.length + 1);
  longer.set(packed);
  refuses(longer, target(), "snapshot: wrong size");
  refuses(packSnapshot(original, []), target(), "snapshot: wrong size");  // no files: not a snapshot of ours
});

test("a packed entry read at an offset (a view into a larger buffer) unpacks the same", () => {
  const original = image(3, [[PAGE + 1, 4]]);
  const packed = packSnapshot(original, FILES);
  const larger = new Uint8Array(packed.length + 64);
  larger.set(packed, 32);
  const restored = new Uint8Array(original.length);
  unpackSnapshot(larger.subarray(32, 32 + packed.length), restored);
  assert.deepEqual(restored, original);
});

// Unit tests of the zip reader (docs/assets/calculators/zip.mjs: the worker's unzip and the build's zipEntries): node --test
// tests/js/ (scripts/test runs them). The zips are written by Python's zipfile, an
// implementation of its own, as a wheel's builder writes them.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import test from "node:test";

import { unzip, zipEntries } from "../../docs/assets/calculators/zip.mjs";

// A zip made by Python: `entries` is [[name, method, contents (str)]], method "stored",
// "deflated" or "bzip2"; a name ending in "/" is a folder.
function pythonZip(entries, { comment = "", extra = false } = {}) {
  const script = `
import io, json, sys, zipfile
entries, comment, extra = json.loads(sys.argv[1])
methods = {"stored": zipfile.ZIP_STORED, "deflated": zipfile.ZIP_DEFLATED, "bzip2": zipfile.ZIP_BZIP2}
out = io.BytesIO()
with zipfile.ZipFile(out, "w") as z:
    for name, method, text in entries:
        info = zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0))
        info.compress_type = methods[method]
        if extra:
            info.extra = b"\\xfe\\xca\\x04\\x00abcd"  # an extra field of an unknown kind
        z.writestr(info, text.encode("utf-8"))
    z.comment = comment.encode("utf-8")
sys.stdout.buffer.write(out.getvalue())
`;
  return new Uint8Array(execFileSync("python3", ["-c", script, JSON.stringify([entries, comment, extra])]));
}

const decode = (files) => files.map(([name, data]) => [name, new TextDecoder().decode(data)]);
const LONG = "def compute(values):\n    return values\n".repeat(200);

test("stored and deflated entries come back whole, folders left out", async () => {
  const files = await unzip(pythonZip([
    ["calculators/", "stored", ""],
    ["calculators/__init__.py", "stored", "from .core import run\n"],
    ["calculators/core.py", "deflated", LONG],
    ["calculators/locale/zh.json", "deflated", '{"search": "搜索"}'],
    ["calculators-0.1.0.dist-info/RECORD", "deflated", ""],
  ]));
  assert.deepEqual(decode(files), [
    ["calculators/__init__.py", "from .core import run\n"],
    ["calculators/core.py", LONG],
    ["calculators/locale/zh.json", '{"search": "搜索"}'],
    ["calculators-0.1.0.dist-info/RECORD", ""],
  ]);
});

test("an archive comment and extra fields do not get in the way", async () => {
  const bytes = pythonZip([["a.py", "deflated", LONG], ["b.txt", "stored", "b"]], { comment: "built by flit", extra: true });
  assert.deepEqual(decode(await unzip(bytes)), [["a.py", LONG], ["b.txt", "b"]]);
});

test("a zip inside a larger buffer (a view at an offset) reads the same", async () => {
  const bytes = pythonZip([["a.py", "deflated", LONG]]);
  const larger = new Uint8Array(bytes.length + 100);
  larger.set(bytes, 50);
  assert.deepEqual(decode(await unzip(larger.subarray(50, 50 + bytes.length))), [["a.py", LONG]]);
});

test("what it cannot read is an error, not a wrong file", async () => {
  await assert.rejects(unzip(new TextEncoder().encode("not a zip at all, just some text here")),
                       { message: "zip: no central directory" });
  await assert.rejects(unzip(pythonZip([["a.py", "bzip2", "x"]])), { message: "zip: method 12" });
  const broken = pythonZip([["a.py", "stored", "x"]]);
  const view = new DataView(broken.buffer);
  const end = broken.length - 22;
  broken[view.getUint32(end + 16, true)] ^= 0xff;  // the central directory's first signature
  await assert.rejects(unzip(broken), { message: "zip: bad entry" });
  const garbled = pythonZip([["a.py", "deflated", LONG]]);
  const start = 30 + "a.py".length;
  garbled.fill(0xff, start, start + 40);  // the deflated stream itself
  await assert.rejects(unzip(garbled));
});

test("entries come as stored, for the build's own inflater", () => {
  const entries = zipEntries(pythonZip([["d/", "stored", ""], ["a.py", "stored", "x"], ["b.py", "deflated", LONG]]));
  assert.deepEqual(entries.map(({ name, method }) => [name, method]), [["a.py", 0], ["b.py", 8]]);
  assert.equal(new TextDecoder().decode(entries[0].raw), "x");
  assert.ok(entries[1].raw.length < LONG.length);  // still deflated
});

test("without DecompressionStream stored entries still read, a deflated one gives null", async () => {
  const saved = globalThis.DecompressionStream;
  delete globalThis.DecompressionStream;
  try {
    assert.deepEqual(decode(await unzip(pythonZip([["a.py", "stored", "x"]]))), [["a.py", "x"]]);
    assert.equal(await unzip(pythonZip([["a.py", "stored", "x"], ["b.py", "deflated", LONG]])), null);
  } finally {
    globalThis.DecompressionStream = saved;
  }
});

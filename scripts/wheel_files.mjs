// The files of a wheel, read in Node, written into Pyodide's file system the way the
// browser's worker does it (docs/assets/calculators/worker.mjs, with the same zip
// reader), without Python's zipfile, whose own needs would count as the calculators':
// used by the build's standard-library recording (stdlib.mjs) and the Pyodide parity
// test.
import { inflateRawSync } from "node:zlib";
import { zipEntries } from "../docs/assets/calculators/zip.mjs";

export function writeWheel(py, bytes) {
  const sitePackages = py._api.sitepackages;
  for (const { name, method, raw } of zipEntries(bytes)) {
    const file = `${sitePackages}/${name}`;
    py.FS.mkdirTree(file.slice(0, file.lastIndexOf("/")));
    py.FS.writeFile(file, method === 8 ? new Uint8Array(inflateRawSync(raw)) : raw);
  }
}

// The files of a wheel (a zip), read in Node: [[name, Uint8Array], ...], folders left
// out. The build's standard-library recording (stdlib.mjs) and the Pyodide parity
// test write them into Pyodide's file system the way the browser's worker does,
// without Python's zipfile (whose own needs would count as the calculators').
import { inflateRawSync } from "node:zlib";

export function wheelFiles(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = bytes.length - 22;
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end--;
  if (end < 0) throw new Error("wheel: no zip directory");
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const files = [];
  for (let i = 0; i < count; i++) {
    if (view.getUint32(at, true) !== 0x02014b50) throw new Error("wheel: bad zip entry");
    const method = view.getUint16(at + 10, true);
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const local = view.getUint32(at + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    if (name.endsWith("/")) continue;
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const raw = bytes.subarray(start, start + size);
    if (method === 0) files.push([name, raw]);
    else if (method === 8) files.push([name, new Uint8Array(inflateRawSync(raw))]);
    else throw new Error(`wheel: zip method ${method}`);
  }
  return files;
}

// As the worker's writeFiles: each file under site-packages, folders made as needed.
export function writeWheel(py, bytes) {
  const sitePackages = py._api.sitepackages;
  for (const [name, data] of wheelFiles(bytes)) {
    const file = `${sitePackages}/${name}`;
    py.FS.mkdirTree(file.slice(0, file.lastIndexOf("/")));
    py.FS.writeFile(file, data);
  }
}

"""The batch module and the number parser give, inside the npm Pyodide under Node (where
the page's batch mode will call them), exactly what they give in CPython."""

from __future__ import annotations

import json
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

import selfhost
from calculators import numbers
from tests.calculators.test_batch import MIXED

ROOT = Path(__file__).resolve().parents[2]
PYODIDE = ROOT / "node_modules" / "pyodide"

pytestmark = pytest.mark.pyodide

TYPED = ["0,8", "1,500", "12,500,000.25", "１，５", "1,2,3", "1.500,25", "1,5000", "-0", "1e400", "nan", "x"]

# The same in both Pythons: the mixed CSV fed in pieces of 7 characters, the output
# header, a template, and how each typed number is read.
PROGRAM = """
import json
from calculators import batch, numbers

def work(text, typed):
    b = batch.Batch("fba-fee", "zh")
    rows = []
    for i in range(0, len(text), 7):
        rows += b.feed(text[i:i + 7])
    rows += b.finish()
    return {"rows": rows, "header": b.output_header(), "delimiter": b.delimiter,
            "template": batch.template("storage-fee", "en"),
            "readings": [list(numbers.read_number(t)) for t in typed]}
"""

NODE = """
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
const [pyodideDir, wheelPath, inputPath] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const py = await loadPyodide({ indexURL: path.resolve(pyodideDir) + path.sep });
const sitePackages = py.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
py.unpackArchive(new Uint8Array(await readFile(wheelPath)), "wheel", { extractDir: sitePackages });
const input = JSON.parse(await readFile(inputPath, "utf8"));
py.globals.set("text", input.text);
py.globals.set("typed_json", JSON.stringify(input.typed));
py.runPython(input.program);
process.stdout.write(py.runPython("import sys; json.dumps({'python': sys.version.split()[0], "
  + "'work': work(text, json.loads(typed_json))}, ensure_ascii=False, sort_keys=True)"));
"""


def test_batch_in_pyodide_matches_cpython(tmp_path):
    assert shutil.which("node"), "node is required"
    assert (PYODIDE / "pyodide.asm.wasm").exists(), "run scripts/setup (npm ci) first"
    wheel_name, wheel = selfhost.build_wheel()
    (tmp_path / wheel_name).write_bytes(wheel)
    (tmp_path / "run.mjs").write_text(NODE)
    (tmp_path / "input.json").write_text(json.dumps({"text": MIXED, "typed": TYPED, "program": PROGRAM}))
    proc = subprocess.run(["node", str(tmp_path / "run.mjs"), str(PYODIDE), str(tmp_path / wheel_name),
                           str(tmp_path / "input.json")], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    node = json.loads(proc.stdout)
    assert node["python"].startswith("3.14")  # really Pyodide's Python

    scope: dict = {}
    exec(textwrap.dedent(PROGRAM), scope)
    expected = json.loads(json.dumps(scope["work"](MIXED, TYPED), ensure_ascii=False, sort_keys=True))
    assert node["work"] == expected
    assert len(expected["rows"]) == 6 and expected["delimiter"] == ";"
    assert expected["readings"][0] == list(numbers.read_number("0,8"))

"""The wheel the site serves gives, inside the npm Pyodide under Node, with the
standard library the site serves, exactly the results CPython gives: every
calculator's examples, valid and invalid."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

import calculators
import selfhost

ROOT = Path(__file__).resolve().parents[2]
PYODIDE = ROOT / "node_modules" / "pyodide"

pytestmark = pytest.mark.pyodide


def _cases() -> list[dict]:
    cases = []
    for name, calc in calculators.calculators().items():
        assert calc.examples, f"{name} has no examples for the parity test"
        cases += [{"name": name, "payload": p} for p in calc.examples]
    # The shared contract's own errors.
    cases += [{"name": "no-such-calculator", "payload": {}}, {"name": "fba-fee", "payload": [1, 2]}]
    return cases


def test_pyodide_matches_cpython(tmp_path):
    assert shutil.which("node"), "node is required for the Pyodide parity test"
    assert (PYODIDE / "pyodide.asm.wasm").exists(), "run scripts/setup (npm ci) first"
    wheel_name, wheel = selfhost.build_wheel()
    (tmp_path / wheel_name).write_bytes(wheel)
    # The standard library as the site serves it: the modules the calculators use
    # compiled to bytecode, without docstrings and asserts.
    (tmp_path / "python_stdlib.zip").write_bytes(selfhost.compiled_stdlib(wheel))
    cases = _cases()
    (tmp_path / "cases.json").write_text(json.dumps(cases))
    proc = subprocess.run(["node", str(ROOT / "tests/pyodide/run_calculators.mjs"), str(PYODIDE),
                           str(tmp_path / wheel_name), str(tmp_path / "cases.json"),
                           str(tmp_path / "python_stdlib.zip")],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    node = json.loads(proc.stdout)
    assert node["python"].startswith("3.14"), node["python"]  # really Pyodide's Python
    # Every standard library module the calculators needed came compiled, none from
    # source (which the browser would compile at every start).
    assert len(node["stdlib_modules"]) > 50, node["stdlib_modules"]
    assert [m for m in node["stdlib_modules"] if not m.endswith(".pyc")] == []

    expected = []
    for case in cases:
        ok, output = calculators.run(case["name"], case["payload"])
        output.pop("internal", None)
        expected.append({"ok": ok, "output": output})
    # Compare through JSON so both sides have the same types (tuples, floats).
    expected = json.loads(json.dumps(expected, ensure_ascii=False, sort_keys=True))
    assert len(node["results"]) == len(expected)
    for case, got, want in zip(cases, node["results"], expected):
        assert got == want, f"{case['name']} {case['payload']}: Pyodide and CPython differ"
    assert any(r["ok"] for r in expected) and any(not r["ok"] for r in expected)

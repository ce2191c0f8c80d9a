"""The wheel the site serves gives, inside the npm Pyodide under Node, with the reduced
standard library the site serves, exactly the answers CPython gives: every
calculator's examples and a few hundred generated inputs per calculator (valid,
invalid, random; scripts/calculator_inputs.py, from another seed than the build's
recording), through the browser's entry point, in both languages. A module the build
left out that any of them needs makes the test fail, naming it; and when one is left
out, a calculation that needs it says so, in the reader's language."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import calculator_inputs
import pytest
import selfhost

import calculators
from calculators import browser
from calculators.i18n import message

ROOT = Path(__file__).resolve().parents[2]
PYODIDE = ROOT / "node_modules" / "pyodide"
# Per calculator; the build records with selfhost.STDLIB_RECORDING_INPUTS from seed 0.
GENERATED_INPUTS = 300
SEED = 1

pytestmark = pytest.mark.pyodide


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The wheel and the standard library exactly as the build makes them: (folder,
    wheel path, standard library bytes, its summary)."""
    assert shutil.which("node"), "node is required for the Pyodide parity test"
    assert (PYODIDE / "pyodide.asm.wasm").exists(), "run scripts/setup (npm ci) first"
    folder = tmp_path_factory.mktemp("pyodide")
    wheel_name, wheel = selfhost.build_wheel()
    (folder / wheel_name).write_bytes(wheel)
    stdlib, summary = selfhost.reduced_stdlib(wheel)
    return folder, folder / wheel_name, stdlib, summary


def run_in_pyodide(folder: Path, wheel: Path, stdlib: bytes, cases: list[dict], name: str = "stdlib.zip") -> dict:
    (folder / name).write_bytes(stdlib)
    (folder / "cases.json").write_text(json.dumps(cases, ensure_ascii=False), "utf-8")
    proc = subprocess.run(["node", str(ROOT / "tests/pyodide/run_calculators.mjs"), str(PYODIDE), str(wheel),
                           str(folder / "cases.json"), str(folder / name)], capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    node = json.loads(proc.stdout)
    assert node["python"].startswith("3.14"), node["python"]  # really Pyodide's Python
    return node


def without(stdlib: bytes, module: str) -> bytes:
    """The archive with one module's file taken out."""
    base = module.replace(".", "/")
    source, out = zipfile.ZipFile(io.BytesIO(stdlib)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        dropped = 0
        for info in source.infolist():
            if info.filename in (f"{base}.pyc", f"{base}/__init__.pyc"):
                dropped += 1
                continue
            target.writestr(info, source.read(info))
    assert dropped == 1, module
    return out.getvalue()


def cpython(cases: list[dict]) -> list[dict]:
    """CPython's answers. The calculators add money with math.fsum, exact on every
    version: Python 3.12 changed the built-in sum of floats, and a sum rounded at a
    half cent came out a cent apart between 3.11 and Pyodide's 3.14."""
    return [json.loads(browser.handle(json.dumps(case))) for case in cases]


def test_the_reduced_library_gives_cpython_s_answers(served):
    folder, wheel, stdlib, summary = served
    cases = calculator_inputs.all_cases(GENERATED_INPUTS, SEED)
    assert len(cases) >= GENERATED_INPUTS * len(calculators.calculators())
    node = run_in_pyodide(folder, wheel, stdlib, cases)
    assert "start_error" not in node, node
    # Nothing the build left out was asked for, by any input or error path.
    assert node["missing"] == [], node["missing"]
    # Every standard library module the calculators needed came compiled, none from
    # source (which the browser would compile at every start).
    assert len(node["stdlib_modules"]) > 50, node["stdlib_modules"]
    assert [m for m in node["stdlib_modules"] if not m.endswith(".pyc")] == []
    expected = cpython(cases)
    got = [json.loads(r) for r in node["responses"]]
    assert len(got) == len(expected)
    for case, mine, theirs in zip(cases, got, expected):
        assert mine == theirs, f"{case}: Pyodide and CPython differ"
    # The inputs reach both kinds of answer for every calculator.
    for name in {c["name"] for c in cases} - {"no-such-calculator"}:
        answers = [r["ok"] for c, r in zip(cases, expected) if c["name"] == name]
        assert any(answers) and not all(answers), name


def test_the_library_holds_only_what_was_recorded_and_names_the_rest(served):
    _, _, stdlib, summary = served
    names = set(zipfile.ZipFile(io.BytesIO(stdlib)).namelist())
    shipped = summary["start"] + summary["entry"] + summary["calculations"]
    assert len(shipped) == summary["shipped"] < summary["modules"] / 2
    files = {m.replace(".", "/") + ".pyc" for m in shipped} | {m.replace(".", "/") + "/__init__.pyc" for m in shipped}
    assert names - files == {"_reduced_stdlib.pyc"}, names - files
    # Much of the library is not there (among it what issue 19 named as dead weight).
    for gone in ("email", "xml", "unittest", "multiprocessing", "http", "_pyrepl", "encodings.latin_1"):
        assert gone in summary["removed"], gone
    assert not set(summary["removed"]) & set(shipped)


def test_a_left_out_module_a_calculation_needs_is_named_in_the_reader_s_language(served):
    folder, wheel, stdlib, summary = served
    if not summary["calculations"]:
        pytest.skip("every module the calculators use is imported with the entry point (see the next test)")
    module = summary["calculations"][0]
    cases = calculator_inputs.all_cases(0)
    node = run_in_pyodide(folder, wheel, without(stdlib, module), cases, "mutilated.zip")
    assert "start_error" not in node, node
    assert node["missing"] == [module]
    reported = 0
    for case, response, theirs in zip(cases, map(json.loads, node["responses"]), cpython(cases)):
        if response == theirs:
            continue  # this calculation does not need it
        # Never a silent wrong answer or a generic error: the module is named.
        assert response["ok"] is False and response["missing_modules"] == [module], (case, response)
        sentence = message("ui.missing_module", modules=module)[case["lang"]]
        assert response["errors"] == {"": sentence}
        reported += 1
    assert reported > 0


def test_a_left_out_module_the_entry_point_needs_stops_the_start_with_its_name(served):
    folder, wheel, stdlib, summary = served
    assert summary["entry"], summary
    module = summary["entry"][0]
    node = run_in_pyodide(folder, wheel, without(stdlib, module), calculator_inputs.all_cases(0), "mutilated.zip")
    assert module in node["start_error"] and "ships only the part of Python's standard library" in node["start_error"]
    assert node["missing"] == [module]

"""Golden outputs: every calculator example, the JSON of ``run()`` and the result's HTML in
both languages, byte for byte.

Restructuring code must not change what a reader sees. When an output is meant to change
(new data, a corrected rule), regenerate with ``GOLDEN_UPDATE=1 .venv/bin/python -m pytest
tests/calculators/test_golden.py`` and say in the commit why it changed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from calculators import core, render

HERE = Path(__file__).parent / "golden"
UPDATE = os.environ.get("GOLDEN_UPDATE") == "1"


def _outputs(name: str) -> list[dict]:
    calc = core.get(name)
    out = []
    for example in calc.examples:
        ok, result = core.run(name, example)
        result.pop("internal", None)
        entry = {"input": example, "ok": ok, "output": result}
        if ok:
            entry["html"] = {lang: render.result_html(calc, result, lang) for lang in ("en", "zh")}
        else:
            entry["html"] = {lang: render.errors_by_field(result["errors"], lang) for lang in ("en", "zh")}
        out.append(entry)
    return out


@pytest.mark.parametrize("name", list(core.calculators()))
def test_examples_match_their_golden_output(name):
    path = HERE / f"{name}.json"
    actual = json.dumps(_outputs(name), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if UPDATE or not path.exists():
        path.write_text(actual, "utf-8")
        if not UPDATE:
            pytest.fail(f"{path} was missing and has been written; commit it")
        return
    expected = path.read_text("utf-8")
    if actual != expected:
        for i, (a, b) in enumerate(zip(json.loads(actual), json.loads(expected))):
            assert a == b, f"{name} example {i} changed (GOLDEN_UPDATE=1 to accept, and say why in the commit)"
        assert actual == expected, f"{name}: the number of examples changed"

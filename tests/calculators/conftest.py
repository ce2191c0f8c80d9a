"""Helpers the calculator tests share: run a calculator expecting a result or field
errors, run its command line, read its bilingual texts.

Plain functions, imported by the test modules (``from tests.calculators.conftest import
result``: pytest loads this file under that name, see ``--import-mode=importlib`` in
pyproject.toml). A test module keeps only its own short wrappers, e.g. ``fee(**changes)``
over its reference item.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from calculators import run

ROOT = Path(__file__).resolve().parents[2]


def result(name: str, payload) -> dict:
    """The result of calculator ``name`` for ``payload``, which must be valid."""
    ok, out = run(name, payload)
    assert ok, out
    return out


def field_errors(name: str, payload) -> dict:
    """{field: bilingual message} for ``payload``, which must be refused."""
    ok, out = run(name, payload)
    assert not ok, out
    return {e["field"]: e["message"] for e in out["errors"]}


def cli(name: str | None, stdin) -> subprocess.CompletedProcess:
    """``python -m calculators NAME`` (no name: the listing) with ``stdin``: a JSON-able
    value, or a str sent as it is."""
    text = stdin if isinstance(stdin, str) else json.dumps(stdin)
    return subprocess.run([sys.executable, "-m", "calculators", *([name] if name else [])], input=text,
                          capture_output=True, text=True, cwd=ROOT, timeout=60)


def english(texts: list[dict], sep: str = " | ") -> str:
    """The English of a list of bilingual texts (steps, warnings, notes), joined."""
    return sep.join(t["en"] for t in texts)


def chinese(texts: list[dict], sep: str = " | ") -> str:
    return sep.join(t["zh"] for t in texts)

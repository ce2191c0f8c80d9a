"""``python -m calculators <name>``: one JSON object on stdin, one on stdout.

Exit status: 0 with the result; 2 with ``{"errors": [...]}`` for bad input (each
message in English and Chinese); 1 only for a bug. ``python -m calculators`` with no
name lists the calculators and their input definitions.
"""

from __future__ import annotations

import json
import sys

from .core import calculators, run
from .fields import field_error
from .i18n import message


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = sys.stdout
    if not argv or argv[0] in ("-h", "--help", "list"):
        listing = {name: calc.describe() for name, calc in calculators().items()}
        json.dump({"usage": "python -m calculators <name> < input.json", "calculators": listing},
                  out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    name = argv[0]
    raw = sys.stdin.read()
    try:
        payload = json.loads(raw)
    except json.JSONDecodeError as exc:
        json.dump({"errors": [field_error("", message("bad_json", detail=exc.msg))]}, out, ensure_ascii=False)
        out.write("\n")
        return 2
    ok, output = run(name, payload)
    internal = output.pop("internal", None)
    json.dump(output, out, ensure_ascii=False, indent=2)
    out.write("\n")
    if internal:
        sys.stderr.write(internal)
        return 1
    return 0 if ok else 2

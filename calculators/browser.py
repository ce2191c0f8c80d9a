"""The browser's entry point: the page's worker calls ``handle`` with one JSON request.

Request: ``{"name": calculator, "payload": {...}, "lang": "en"|"zh"}``.
Response: ``{"ok": true, "html": result HTML, "result": {...}}`` or
``{"ok": false, "errors": {field: message in lang}, "raw": [...]}``.
JSON strings both ways keep the JavaScript side free of Python objects.
"""

from __future__ import annotations

import json

from .core import get, run
from .fields import field_error
from .i18n import message
from .render import errors_by_field, result_html


def handle(request_json: str) -> str:
    try:
        request = json.loads(request_json)
        name, payload, lang = request["name"], request.get("payload", {}), request.get("lang", "en")
    except (ValueError, KeyError, TypeError):
        return json.dumps({"ok": False, "errors": {"": "Bad request"}, "raw": []})
    lang = lang if lang in ("en", "zh") else "en"
    ok, output = run(name, payload)
    if ok:
        try:
            return json.dumps({"ok": True, "html": result_html(get(name), output, lang), "result": output},
                              ensure_ascii=False)
        except Exception:  # a rendering bug must not freeze the page
            output = {"errors": [field_error("", message("internal_error"))]}
    output.pop("internal", None)
    errors = output.get("errors", [])
    return json.dumps({"ok": False, "errors": errors_by_field(errors, lang), "raw": errors}, ensure_ascii=False)

"""The guard of the site's reduced standard library (shipped in it as ``_reduced_stdlib``).

The build (``scripts/stdlib.mjs``) ships only the modules of Python's standard
library that Python's start and the calculators were seen to use, and writes this
file into the archive with ``STANDARD_LIBRARY`` filled in: the name of every module of
Pyodide's whole standard library. The worker installs the guard before it imports the
calculators, and calls them through ``wrap``. Asked for one of those modules that the
archive does not hold (one the build left out), it never fails silently:

- importing it raises ``ModuleNotFoundError`` with a message that says why it is
  missing (code that can do without it, ``try: import x`` / ``except ImportError``,
  still can);
- a calculation that failed after asking for one answers with a clear message in the
  reader's language naming the module, where the reader would otherwise see a generic
  error or a traceback;
- ``asked()`` lists every one asked for (the worker reports it, the tests check it is
  empty).
"""

from __future__ import annotations

import json
import sys

STANDARD_LIBRARY: frozenset[str] = frozenset()  # filled in by scripts/stdlib.mjs

_asked: list[str] = []  # every left-out module asked for, once each
_recent: list[str] = []  # those asked for during the current calculation


class _Guard:
    """Right after Python's path finder on ``sys.meta_path``: reached only for a module
    the archive and site-packages do not have, and before Pyodide's own hook, which
    would call any such module of the standard library one "removed from Pyodide"."""

    def find_spec(self, name, path=None, target=None):
        if name not in STANDARD_LIBRARY:
            return None
        if name not in _asked:
            _asked.append(name)
        _recent.append(name)
        raise ModuleNotFoundError(
            f"No module named {name!r}: this site ships only the part of Python's standard library "
            "its calculators were seen to use (scripts/stdlib.mjs)", name=name)


def install() -> None:
    if any(isinstance(finder, _Guard) for finder in sys.meta_path):
        return
    from importlib.machinery import PathFinder

    at = next((i + 1 for i, finder in enumerate(sys.meta_path) if finder is PathFinder), len(sys.meta_path))
    sys.meta_path.insert(at, _Guard())


def asked() -> list[str]:
    return list(_asked)


def _report(request_json: str, modules: list[str]) -> str:
    try:
        lang = json.loads(request_json).get("lang")
    except Exception:
        lang = None
    lang = lang if lang in ("en", "zh") else "en"
    names = ", ".join(dict.fromkeys(modules))
    try:
        from calculators.i18n import message

        text = message("ui.missing_module", modules=names)
    except Exception:  # the catalogue itself out of reach: say it in English
        text = {"en": f"This calculation needs part of Python ({names}) that this site does not include."}
    sentence = text.get(lang) or text["en"]
    return json.dumps({"ok": False, "errors": {"": sentence}, "raw": [{"field": "", "message": text}],
                       "missing_modules": list(dict.fromkeys(modules))}, ensure_ascii=False)


def wrap(handle):
    """``handle`` (the browser's entry point: JSON request in, JSON response out), with
    a failure that followed a left-out module's import reported as such."""

    def guarded(request_json: str) -> str:
        del _recent[:]
        try:
            response = handle(request_json)
        except Exception:
            if not _recent:
                raise
            return _report(request_json, _recent)
        if _recent:
            try:
                failed = not json.loads(response).get("ok")
            except Exception:
                failed = True
            if failed:
                return _report(request_json, _recent)
        return response

    return guarded

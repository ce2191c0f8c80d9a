"""Scenarios: a calculator's inputs as a link, in the reader's browser, and in a file.

The calculator pages keep a scenario (the inputs a reader has typed) in one form, a
query string, wherever they keep it:

- the page's address, ``calculators/fba-fee/?weight=3&weight_unit=kg``: the
  calculator-link contract of the guidance pages (input names in the calculator's
  order, only the inputs that differ from the example, values as the form holds them,
  percent-encoded), so a link reopens the scenario in either language;
- the browser's storage: each calculator's last inputs, and the scenarios the reader
  has saved by name;
- a JSON file the reader exports and imports (``export_file``, ``read_file``).

What comes back from a link, the storage or a file is reader input: read here (names
that are not the calculator's inputs are ignored), then validated by the calculator
as typed input is, with the same messages. Standard library only.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from .core import Calculator
from .fields import ChoiceGrid, Error, Field, MultiChoice, as_text, at_default, field_error
from .i18n import message

MAX_QUERY = 100_000  # characters of a query read; a longer one is not read at all
FILE_FORMAT = "cross-border-calculators/scenarios"  # the "format" of an exported file
FILE_VERSION = 1
MAX_FILE = 2_000_000  # characters of a scenarios file
MAX_SCENARIOS = 500  # scenarios read from one file
MAX_NAME = 100  # characters of a scenario's name


def _grid(f: Field) -> bool:
    return isinstance(f, ChoiceGrid)


def _query_value(f: Field, raw: Any) -> str:
    """A value of ``f`` as the query holds it: the form's text as typed; a choice grid
    as ``US:fba,CA:fbm``; a list as ``US,DE``."""
    if _grid(f):
        clean, err = f.parse(raw)
        if err is None:
            return ",".join(f"{r[f.row_key]}:{r[f.choice_key]}" for r in clean)
        if isinstance(raw, dict):
            return ",".join(f"{k}:{v}" for k, v in raw.items() if isinstance(v, str) and v.strip())
    if isinstance(raw, (list, tuple)):
        return ",".join(as_text(v) for v in raw)
    return as_text(raw).strip()


def query_of(calc: Calculator, payload: Any) -> str:
    """The query string of ``payload`` (every input, as the form sends them): the inputs
    that differ from the example, in the calculator's order. An input missing from the
    payload counts as left empty (a required one is then in the query, empty)."""
    if not isinstance(payload, dict):
        return ""
    pairs = [(f.name, _query_value(f, payload.get(f.name))) for f in calc.fields
             if not at_default(f, payload.get(f.name))]
    return urlencode(pairs, quote_via=quote)


def read_query(calc: Calculator, query: str) -> tuple[dict, list[Error]]:
    """The payload of a query string (a link's, or one kept in the browser): the
    calculator's inputs, as text; unknown names ignored, the first of a repeated name
    kept (a list's are joined). A choice grid comes as ``name=US:fba,CA:fbm`` or as the
    form names it, ``name.US=fba``. Returns (payload, errors): an error only for a query
    too long to read."""
    query = query[1:] if query.startswith("?") else query
    if len(query) > MAX_QUERY:
        return {}, [field_error("", message("scenario.query_too_long", limit=f"{MAX_QUERY:,}"))]
    fields = {f.name: f for f in calc.fields}
    payload: dict[str, Any] = {}
    for key, value in parse_qsl(query, keep_blank_values=True):
        name, _, row = key.partition(".")
        f = fields.get(name)
        if f is None or (row and not _grid(f)):
            continue
        if row:
            cells = payload.setdefault(name, {})
            if isinstance(cells, dict):
                cells.setdefault(row, value)
        elif isinstance(f, MultiChoice) and isinstance(payload.get(name), str):
            payload[name] += "," + value
        else:
            payload.setdefault(name, value)
    return payload, []


def control_values(calc: Calculator, payload: dict) -> dict:
    """What each of the form's controls shows for ``payload``: {input: value}, for the
    inputs given (the page sets the others to the example's). A valid value as the form
    holds it (a choice's code, a box's state, a list, a grid's {row: choice}); a number,
    date or text that is not valid as given, so that the reader sees it beside its
    message; nothing for a choice that is not valid (the form cannot show it)."""
    out: dict[str, Any] = {}
    for f in calc.fields:
        if f.name not in payload:
            continue
        raw = payload[f.name]
        value, err = f.parse(raw)
        if err is None:
            if _grid(f):
                out[f.name] = {r[f.row_key]: r[f.choice_key] for r in value}
            elif f.kind in ("boolean", "choice", "multichoice"):
                out[f.name] = value
            else:
                out[f.name] = as_text(raw).strip()
        elif isinstance(raw, str) and f.kind in ("number", "date", "text"):
            out[f.name] = raw
    return out


# --- Saved scenarios as a file -----------------------------------------------------

def export_file(calc: Calculator, scenarios: list, exported: str, lang: str = "en") -> str:
    """Saved scenarios (``[{name, query, saved}]``, as the page keeps them) as a JSON file
    for this calculator: each one's inputs by name, as text."""
    items = []
    for s in scenarios if isinstance(scenarios, list) else ():
        if not isinstance(s, dict):
            continue
        inputs, _ = read_query(calc, s.get("query") if isinstance(s.get("query"), str) else "")
        items.append({"name": _name(s.get("name"), len(items) + 1, lang), "saved": _date(s.get("saved")), "inputs": inputs})
    data = {"format": FILE_FORMAT, "version": FILE_VERSION, "calculator": calc.name, "exported": _date(exported),
            "scenarios": items}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def read_file(calc: Calculator, text: Any, lang: str = "en") -> tuple[list[dict], list[Error]]:
    """The scenarios of an exported file (``[{name, query, saved}]``) and what was wrong
    with it. Inputs that are not this calculator's are dropped; the values are checked
    when a scenario is opened, as typed input is. A file that is not a scenarios file
    of this calculator gives no scenarios and one error saying so."""
    def refuse(key: str, **params) -> tuple[list[dict], list[Error]]:
        return [], [field_error("", message(f"scenario.{key}", **params))]

    if not isinstance(text, str):
        return refuse("file_not_json")
    if len(text) > MAX_FILE:
        return refuse("file_too_large", limit=f"{MAX_FILE // 1_000_000}")
    try:
        data = json.loads(text.lstrip("\ufeff"))
    except (ValueError, RecursionError):
        return refuse("file_not_json")
    if not isinstance(data, dict) or data.get("format") != FILE_FORMAT or not isinstance(data.get("scenarios"), list):
        return refuse("file_format")
    if data.get("calculator") != calc.name:
        other = data.get("calculator")
        return refuse("file_other_calculator", other=other if isinstance(other, str) else "?", this=calc.name)
    errors: list[Error] = []
    items = data["scenarios"]
    if len(items) > MAX_SCENARIOS:
        errors.append(field_error("", message("scenario.too_many", max=MAX_SCENARIOS)))
        items = items[:MAX_SCENARIOS]
    fields = {f.name for f in calc.fields}
    scenarios = []
    for number, item in enumerate(items, 1):
        inputs = item.get("inputs") if isinstance(item, dict) else None
        if not isinstance(inputs, dict):
            errors.append(field_error("", message("scenario.item_skipped", n=number)))
            continue
        payload = {**calc.defaults(), **{k: v for k, v in inputs.items() if k in fields}}
        scenarios.append({"name": _name(item.get("name"), number, lang), "saved": _date(item.get("saved")),
                          "query": query_of(calc, payload)})
    if not scenarios and not errors:
        errors.append(field_error("", message("scenario.file_empty")))
    return scenarios, errors


def _name(raw: Any, number: int, lang: str) -> str:
    """A scenario's name as given, spaces collapsed, without control characters, at most
    MAX_NAME long; "Scenario N" where there is none."""
    name = " ".join("".join(c if c.isprintable() else " " for c in raw).split())[:MAX_NAME] if isinstance(raw, str) else ""
    return name or message("ui.untitled", n=number)[lang]


_ISO = re.compile(r"\d{4}-\d{2}-\d{2}(T[0-9:.]+Z?)?")


def _date(raw: Any) -> str:
    """A date or time as the page saves it (ISO), or "" for anything else."""
    return raw if isinstance(raw, str) and _ISO.fullmatch(raw) else ""

"""The browser's entry point: the page's worker calls ``handle`` with one JSON request,
and ``batch`` for a CSV file the reader has chosen.

Requests (``name``: the calculator; ``lang``: "en" or "zh"):

- ``{"name", "payload", "lang"}``: calculate the form's values.
- ``{"name", "query", "lang"}``: open a scenario (a link's query, or one kept in the
  browser; ``scenario.read_query``): as above, plus ``values``, what each control is to
  show (``scenario.control_values``).
- ``{"name", "action": "export", "scenarios", "today", "lang"}``: saved scenarios as a
  file's text; ``{"name", "action": "import", "text", "lang"}``: a file's scenarios;
  ``{"name", "action": "csv", "payload", "lang"}``: the inputs and result as CSV text;
  ``{"name", "action": "print", "scenarios", "lang"}``: every saved scenario's inputs
  and result as HTML, one printed page each.

A calculation answers ``{"ok": true, "html": inputs (for print) and result HTML,
"headline": the main figure's HTML, "result": {...}, "query": the inputs as a link's
query}`` or ``{"ok": false, "errors": {field: message in lang}, "raw": [...], "query"}``.
The other actions answer ``{"ok", ...their fields}`` or ``{"ok": false, "errors"}``.
JSON strings both ways keep the JavaScript side free of Python objects.
"""

from __future__ import annotations

import json
from typing import Any

from . import scenario
from .core import Calculator, calculators, get, run
from .fields import field_error
from .i18n import message
from .render import E, batch_table_html, errors_by_field, headline_html, input_rows, inputs_html, result_html


def _failed(errors: list, lang: str, **extra) -> dict:
    return {"ok": False, "errors": errors_by_field(errors, lang), "raw": errors, **extra}


def calculate(calc: Calculator, payload: Any, lang: str) -> dict:
    ok, output = run(calc.name, payload)
    query = scenario.query_of(calc, payload)
    if ok:
        try:
            return {"ok": True, "html": inputs_html(calc, payload, lang) + result_html(calc, output, lang),
                    "headline": headline_html(calc, output, lang), "result": output, "query": query}
        except Exception:  # a rendering bug must not freeze the page
            output = {"errors": [field_error("", message("internal_error"))]}
    output.pop("internal", None)
    return _failed(output.get("errors", []), lang, query=query)


def handle(request_json: str) -> str:
    try:
        request = json.loads(request_json)
        name, lang = request["name"], request.get("lang", "en")
    except (ValueError, KeyError, TypeError):
        return json.dumps({"ok": False, "errors": {"": "Bad request"}, "raw": []})
    lang = lang if lang in ("en", "zh") else "en"
    calc = get(name) if isinstance(name, str) else None
    if calc is None:
        return json.dumps(_failed([field_error("", message("unknown_calculator", name=str(name),
                                                            names=", ".join(calculators())))], lang), ensure_ascii=False)
    action = request.get("action")
    if action is None and "query" in request:
        action = "open"
    answer = ACTIONS.get(action or "calculate", _unknown_action)(calc, request, lang)
    return json.dumps(answer, ensure_ascii=False)


def _calculate(calc: Calculator, request: dict, lang: str) -> dict:
    return calculate(calc, request.get("payload", {}), lang)


def _open(calc: Calculator, request: dict, lang: str) -> dict:
    query = request.get("query")
    payload, errors = scenario.read_query(calc, query if isinstance(query, str) else "")
    if errors:
        return _failed(errors, lang, values={}, query="")
    return {**calculate(calc, {**calc.defaults(), **payload}, lang), "values": scenario.control_values(calc, payload)}


def _export(calc: Calculator, request: dict, lang: str) -> dict:
    today = request.get("today") if isinstance(request.get("today"), str) else ""
    return {"ok": True, "text": scenario.export_file(calc, request.get("scenarios"), today, lang)}


def _import(calc: Calculator, request: dict, lang: str) -> dict:
    scenarios, errors = scenario.read_file(calc, request.get("text"), lang)
    return {"ok": bool(scenarios), "scenarios": scenarios, "errors": errors_by_field(errors, lang)}


def _csv(calc: Calculator, request: dict, lang: str) -> dict:
    from .batch import csv_line  # the csv module: only for this download

    payload = request.get("payload", {})
    ok, output = run(calc.name, payload)
    if not ok:
        output.pop("internal", None)
        return _failed(output.get("errors", []), lang)
    lines = [[calc.title[lang]], [], [message("ui.inputs")[lang]]]
    lines += [list(row) for row in input_rows(calc, payload, lang)]
    lines += [[], [message("ui.result")[lang]]]
    lines += [[r["label"][lang], r["value"][lang]] for r in calc.summary(output)]
    card = output.get("rate_card")
    if card:
        lines += [[], [message("ui.rate_card")[lang], card.get("id", ""), card.get("source", "")]]
    notes = list(output.get("warnings") or []) + list(output.get("unverified") or [])
    if notes:
        lines += [[], [message("ui.warnings")[lang]]] + [[n[lang]] for n in notes]
    return {"ok": True, "text": "\ufeff" + "".join(csv_line(line) for line in lines)}


def _print(calc: Calculator, request: dict, lang: str) -> dict:
    pages = []
    for item in request.get("scenarios") or ():
        if not isinstance(item, dict):
            continue
        payload, _ = scenario.read_query(calc, item.get("query") if isinstance(item.get("query"), str) else "")
        answer = calculate(calc, {**calc.defaults(), **payload}, lang)
        name = item.get("name") if isinstance(item.get("name"), str) else ""
        if answer["ok"]:
            body = answer["html"]
        else:
            body = "<ul>" + "".join(f"<li>{E(text)}</li>" for text in answer["errors"].values()) + "</ul>"
        pages.append(f'<section class="calc-print-page"><h2>{E(calc.title[lang])}: {E(name)}</h2>{body}</section>')
    return {"ok": True, "html": "".join(pages)}


def _unknown_action(calc: Calculator, request: dict, lang: str) -> dict:
    return {"ok": False, "errors": {"": "Bad request"}, "raw": []}


ACTIONS = {"calculate": _calculate, "open": _open, "export": _export, "import": _import, "csv": _csv,
           "print": _print}


# --- A CSV file in the page ---------------------------------------------------------

SHOWN_ROWS = 200  # rows of a file shown in the page (the downloads have them all)
SHOWN_ERRORS = 200  # rows with an error shown beyond those


class PageBatch:
    """A CSV file through a calculator, in the browser's worker: ``feed`` the file's
    bytes piece by piece as they are read, then ``finish``. Each answers a JSON string:
    ``{"ok", "rows", "failed", "csv": output CSV text so far (the header and BOM first),
    "json": the rows as JSON array items, comma-separated}``; ``finish`` adds ``html``,
    the table the page shows. A problem with the file itself: ``{"ok": false, "error":
    message in lang}``. Memory holds one row, and the rows shown."""

    def __init__(self, name: str, lang: str):
        from . import batch  # csv: only for a file

        self._batch = batch
        self.lang = lang if lang in ("en", "zh") else "en"
        self.job = batch.Batch(name, self.lang)
        self.feeder = batch.ByteFeed(self.job)
        self.header_done = False
        self.any_json = False
        self.shown: list[dict] = []
        self.errors_shown = 0

    def feed(self, chunk: Any) -> str:
        data = chunk.to_bytes() if hasattr(chunk, "to_bytes") else bytes(chunk)  # a Uint8Array from the page
        return self._answer(lambda: self.feeder.feed(data))

    def finish(self) -> str:
        return self._answer(self.feeder.finish, last=True)

    def _answer(self, step, last: bool = False) -> str:
        try:
            rows = step()
        except self._batch.BatchError as exc:
            return json.dumps({"ok": False, "error": " ".join(errors_by_field(exc.errors, self.lang).values())},
                              ensure_ascii=False)
        job, lang = self.job, self.lang
        out = []
        if not self.header_done and job.header is not None:
            self.header_done = True
            out.append("\ufeff" + self._line(job.output_header()))
        items = []
        for row in rows:
            out.append(self._line(row["cells"]))
            items.append(json.dumps({k: row[k] for k in ("line", "input", "ok", "result", "errors")},
                                    ensure_ascii=False))
            beyond = len(self.shown) >= SHOWN_ROWS
            if not beyond or (not row["ok"] and self.errors_shown < SHOWN_ERRORS):
                self.errors_shown += beyond
                self.shown.append({"line": row["line"], "ok": row["ok"], "cells": row["cells"]})
        text = ",\n".join(items)
        if text and self.any_json:
            text = ",\n" + text
        self.any_json = self.any_json or bool(items)
        answer = {"ok": True, "rows": job.rows_done, "failed": job.rows_failed, "csv": "".join(out), "json": text}
        if last:
            answer["html"] = self.table()
            if job.ignored_columns:
                answer["ignored"] = message("csv.ignored_columns", columns=", ".join(job.ignored_columns))[lang]
        return json.dumps(answer, ensure_ascii=False)

    def _line(self, cells: list[str]) -> str:
        return self._batch.csv_line(cells, self.job.delimiter)

    def table(self) -> str:
        job, lang = self.job, self.lang
        counts = {"rows": job.rows_done, "failed": job.rows_failed}
        if job.rows_done > len(self.shown):
            caption = message("ui.batch_caption_some", shown=SHOWN_ROWS, errors=SHOWN_ERRORS, **counts)[lang]
        else:
            caption = message("ui.batch_caption", **counts)[lang]
        return batch_table_html(job.output_header(), self.shown, lang, caption)


def batch(name: str, lang: str) -> PageBatch:
    """A ``PageBatch`` for calculator ``name`` (the worker keeps it while it reads)."""
    return PageBatch(name, lang)

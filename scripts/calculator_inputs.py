"""Inputs for every calculator, generated from its field definitions (``describe()``).

Used twice: by the build, which runs them under Pyodide to record which modules of
Python's standard library the calculators reach (``scripts/stdlib.mjs`` ships only
those), and by the Pyodide parity test, which checks that the reduced library gives
CPython's results on them. Built from the definitions alone, so a new field, a new
calculator or a new kind of input is covered without editing this file.

Three kinds, about a third each, all deterministic for a given seed:
- valid: every field within its definition (numbers within bounds, real options,
  dates in range, some optional fields left out), typed the ways a form or a JSON
  caller sends them ("1,234.5", " 12 ", 12.5, "us" for "US", "US,DE");
- invalid: a valid payload with one or two fields broken (text in a number, out of
  bounds, unknown option, impossible date, empty list, duplicates, wrong types) or an
  unknown field;
- random: any JSON value in any field, odd strings (Chinese, full-width digits,
  "1e400", "nan"), extra keys, and now and then a payload that is not an object.
"""

from __future__ import annotations

import datetime
import json
import math
import random
from typing import Any

ODD_STRINGS = ("", " ", "abc", "１２", "十二", "1e400", "-1e400", "nan", "inf", "-0", "0x10", "1_000", "١٢",
               "12,5", "1.2.3", "--1", "∞", "😀", "null", "true", "<b>", "' OR 1=1", "\u200b5", "5\u3000")


def _number_text(rng: random.Random, value: float) -> Any:
    """A number as a form or a JSON caller may send it."""
    style = rng.randrange(6)
    if style == 0:
        return value
    if style == 1:
        return int(value) if float(value).is_integer() else round(value, 2)
    if style == 2:
        return f"{value:,.2f}"
    if style == 3:
        return f"  {value:g} "
    return f"{round(value, 3):g}" if style == 4 else str(round(value, 2))


def _valid_number(rng: random.Random, f: dict) -> float:
    low, high = float(f["minimum"]), min(float(f["maximum"]), 1e7)
    step = float(f.get("step") or 0.01)
    if rng.random() < 0.15:  # at a bound
        value = high if rng.random() < 0.5 else (low + step if f["exclusive_minimum"] else low)
    else:  # spread over orders of magnitude, as real inputs are
        start = max(low, step if f["exclusive_minimum"] else low, 1e-3)
        value = math.exp(rng.uniform(math.log(start), math.log(max(high, start * 1.0001))))
    value = min(max(value, low), high)
    if step >= 1:  # a whole number of months, of item categories...
        value = max(round(value / step) * step, low + step if f["exclusive_minimum"] else low)
        return int(value) if value <= high else int(high)
    if f["exclusive_minimum"] and value <= low:
        value = low + step
    return round(value, 2) if value >= 0.01 else value


def _random_date(rng: random.Random, earliest: str, latest: str) -> str:
    a, b = datetime.date.fromisoformat(earliest), datetime.date.fromisoformat(latest)
    return (a + datetime.timedelta(days=rng.randrange((b - a).days + 1))).isoformat()


def _valid_value(rng: random.Random, f: dict) -> Any:
    kind = f["kind"]
    if kind == "number":
        return _number_text(rng, _valid_number(rng, f))
    if kind == "choice":
        value = rng.choice(f["options"])["value"]
        return value.lower() if rng.random() < 0.1 else value
    if kind == "boolean":
        return rng.choice([True, False, "true", "false", "on", "", "yes", "0"])
    if kind == "date":
        # Mostly recent dates (rate cards exist for them), sometimes any date in range.
        if rng.random() < 0.7:
            return _random_date(rng, max(f["earliest"], "2024-01-01"), min(f["latest"], "2027-12-31"))
        return _random_date(rng, f["earliest"], f["latest"])
    if kind == "multichoice":
        values = [o["value"] for o in f["options"]]
        chosen = rng.sample(values, rng.randint(1, min(len(values), 6)))
        return ",".join(chosen) if rng.random() < 0.3 else chosen
    if kind == "choicegrid":
        rows = rng.sample(f["rows"], rng.randint(1, min(len(f["rows"]), 6)))
        grid = {r["value"]: rng.choice(r["choices"] or [c["value"] for c in f["choices"]]) for r in rows}
        if rng.random() < 0.3:
            return [{f["row_key"]: k, f["choice_key"]: v} for k, v in grid.items()]
        return grid
    return f.get("default")


def _invalid_value(rng: random.Random, f: dict) -> Any:
    kind = f["kind"]
    if kind == "number":
        return rng.choice([
            "abc", "", "１２", None, True, [], {}, "1e400", "nan", "-inf",
            f["minimum"] - 1, f["minimum"] if f["exclusive_minimum"] else f["minimum"] - 0.01,
            f["maximum"] * 10 + 1, str(f["maximum"] * 10 + 1), "-5", "1.2.3"])
    if kind == "choice":
        return rng.choice(["XX", "", 3, None, ["US"], "u s", "美国"])
    if kind == "boolean":
        return rng.choice(["maybe", 2, [], {}, "是"])
    if kind == "date":
        return rng.choice(["2026-13-40", "20260301", 5, "", "yesterday", "1999-01-01", "2099-01-01",
                           "2026-02-30", "2026/03/01", None])
    if kind == "multichoice":
        values = [o["value"] for o in f["options"]]
        return rng.choice([[], ["XX"], [values[0], values[0]], f"{values[0]},{values[0]}", 5, "", [None],
                           values * 30])
    if kind == "choicegrid":
        row = f["rows"][0]["value"]
        return rng.choice([{"XX": f["choices"][0]["value"]}, {row: "bad"}, 5, [], "", [{"nope": 1}],
                           f"{row}:bad", [row, row]])
    return rng.choice([None, 5, "x", []])


def _random_value(rng: random.Random, depth: int = 0) -> Any:
    pick = rng.randrange(9 if depth < 2 else 6)
    if pick == 0:
        return None
    if pick == 1:
        return rng.random() < 0.5
    if pick == 2:
        return rng.choice([0, -1, 1, 7, 10**12, -(10**12)])
    if pick == 3:
        return rng.choice([0.0, -0.0, 1e-9, 3.14159, 1e308, -2.5, 1e15])
    if pick in (4, 5):
        return rng.choice(ODD_STRINGS) if rng.random() < 0.7 else "".join(
            chr(rng.choice([rng.randrange(32, 127), rng.randrange(0x4E00, 0x9FA5), rng.randrange(0xFF10, 0xFF1A)]))
            for _ in range(rng.randrange(1, 12)))
    if pick in (6, 7):
        return [_random_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    return {rng.choice(["US", "DE", "a", "", "x.y"]): _random_value(rng, depth + 1) for _ in range(rng.randrange(3))}


def valid_payload(rng: random.Random, fields: list[dict]) -> dict:
    """The form's example values with some fields drawn afresh (all of them, at times):
    valid one by one, and often together (cross-field rules may still refuse some)."""
    redraw = rng.choice([0.25, 0.5, 1.0])
    payload = {}
    for f in fields:
        if not f["required"] and rng.random() < (0.6 if f.get("default") is None else 0.15):
            continue  # left out: its default (or today's date) applies
        if f.get("default") is not None and rng.random() > redraw:
            payload[f["name"]] = f["default"]
        else:
            payload[f["name"]] = _valid_value(rng, f)
    return payload


def generate(description: dict, count: int, seed: int = 0) -> list[Any]:
    """``count`` payloads for the calculator ``description`` (its ``describe()``)."""
    rng = random.Random(f"{description['name']}:{seed}")
    fields = description["fields"]
    out: list[Any] = []
    for i in range(count):
        kind = i % 3
        if kind == 0:
            payload: Any = valid_payload(rng, fields)
        elif kind == 1:
            payload = valid_payload(rng, fields)
            broken = rng.sample(fields, min(len(fields), rng.choice([1, 1, 2])))
            for f in broken:
                payload[f["name"]] = _invalid_value(rng, f)
            if rng.random() < 0.1:
                payload["no_such_field"] = 1
        else:
            payload = {f["name"]: _random_value(rng) for f in fields if rng.random() < 0.8}
            if rng.random() < 0.1:
                payload[rng.choice(["", "x", "重量"])] = _random_value(rng)
            if rng.random() < 0.05:
                payload = _random_value(rng)  # not even an object
        out.append(payload)
    return out


def cases(descriptions: list[dict], per_calculator: int, seed: int = 0) -> list[dict]:
    """Requests for the browser's entry point ({"name", "payload", "lang"}): the
    generated payloads of every calculator, languages alternating."""
    out = []
    for description in descriptions:
        for i, payload in enumerate(generate(description, per_calculator, seed)):
            out.append({"name": description["name"], "payload": payload, "lang": ("en", "zh")[i % 2]})
    return out


def all_cases(per_calculator: int, seed: int = 0) -> list[dict]:
    """Every calculator's examples (in both languages), then generated inputs; plus
    requests the entry point must refuse clearly (no such calculator, not an object).
    Imports the calculators package from the working tree."""
    import calculators

    out = []
    every = calculators.calculators()
    for name, calc in every.items():
        for payload in calc.examples:
            out += [{"name": name, "payload": payload, "lang": lang} for lang in ("en", "zh")]
    out += cases([calc.describe() for calc in every.values()], per_calculator, seed)
    out += [{"name": "no-such-calculator", "payload": {}, "lang": "en"},
            {"name": next(iter(every)), "payload": [1, 2], "lang": "zh"}]
    json.dumps(out)  # every case must travel as JSON
    return out

"""The worked example on the decision page: every figure equals what the calculator
returns for the inputs in its link (recomputed here with ``calculators.core.run``, never
compared with constants: the fee data changes), the links follow the calculator-link
contract, and the inputs are those of guidance/worked-example.yml on the date it names.
BUILT_SITE=site checks a site already built."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlsplit

import pytest

from calculators import core
from calculators.i18n import fmt_money

sys.path.insert(0, str(Path(__file__).parent))  # guidance_pages, next to this file
from guidance_pages import article, data, html_path, site  # noqa: E402,F401

SPEC = data("worked-example.yml")
PAGES = {"en": "guide/deciding.md", "zh": "guide/deciding.zh.md"}


def _resolve(result, path: str):
    """The value at a figure's data-path: dotted keys; ``lines[id=x]`` picks a list item.
    Written apart from the build's reader (guidance_hooks.resolve) on purpose: a slip in
    that one would otherwise print and pass the same wrong figure."""
    value = result
    for part in path.split("."):
        match = re.fullmatch(r"(\w+)\[(\w+)=(\w+)\]", part)
        if match:
            name, key, wanted = match.groups()
            value = next((i for i in (value or {}).get(name) or () if str(i.get(key)) == wanted), None)
        else:
            value = value.get(part) if isinstance(value, dict) else None
        if value is None:
            return None
    return value


def _figures(site, lang: str) -> list[dict]:
    page = article(html_path(site, PAGES[lang]))
    found = []
    for a in page.links:
        classes = (a["attrs"].get("class") or "").split()
        if "worked-figure" in classes or "worked-figure-missing" in classes:
            parts = urlsplit(a["href"])
            match = re.search(r"calculators/([a-z-]+)/$", parts.path)
            assert match, f"not a calculator link: {a['href']}"
            found.append({"calculator": match.group(1), "query": parts.query, "path": a["attrs"]["data-path"],
                          "text": a["text"].strip(), "missing": "worked-figure-missing" in classes})
    return found


def _run(figure: dict):
    calc = core.get(figure["calculator"])
    inputs = dict(parse_qsl(figure["query"], keep_blank_values=True))
    return calc, inputs, core.run(figure["calculator"], {**calc.defaults(), **inputs})


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_figure_equals_the_calculators_output_for_its_inputs(site, lang):
    figures = _figures(site, lang)
    shown = [f for f in figures if not f["missing"]]
    assert len(shown) >= 4, f"the example shows too few figures: {figures}"
    for figure in figures:
        _calc, _inputs, (ok, result) = _run(figure)
        value = _resolve(result, figure["path"]) if ok else None
        if figure["missing"]:
            assert not isinstance(value, (int, float)), f"{figure}: the calculator has this figure: {value}"
            continue
        assert ok, f"{figure}: {result.get('errors')}"
        assert isinstance(value, (int, float)), f"{figure}: no value at {figure['path']}"
        expected = fmt_money(float(value), result["currency"])[lang]
        assert figure["text"] == expected, f"{figure['calculator']} {figure['path']}: page {figure['text']!r}, calculator {expected!r}"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_links_follow_the_calculator_link_contract(site, lang):
    # calculators/NAME/?field=value: CLI field names in the calculator's order, values as
    # strings, only fields that differ from the calculator's defaults, percent-encoded.
    for figure in _figures(site, lang):
        calc = core.get(figure["calculator"])
        names = [f.name for f in calc.fields]
        pairs = [tuple(p.split("=", 1)) for p in figure["query"].split("&")]
        keys = [k for k, _ in pairs]
        assert all(k in names for k in keys), f"unknown fields in {figure['query']}"
        assert keys == sorted(keys, key=names.index), f"fields out of order: {figure['query']}"
        defaults = calc.defaults()
        for key, raw in pairs:
            value = unquote(raw)
            assert quote(value, safe="") == raw, f"{key}={raw} is not percent-encoded"
            if key in defaults:
                assert value != _as_string(defaults[key]), f"{key}={value} is the calculator's default"
        assert ("date", SPEC["date"]) in [(k, unquote(v)) for k, v in pairs], "the example's date is not in the link"


def _as_string(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _case_payload(case: dict, run_id: str, results: dict) -> dict:
    """A run's inputs as the spec gives them, with values taken from other runs
    recomputed here."""
    payload = {"date": SPEC["date"]}
    for name, value in case["runs"][run_id]["inputs"].items():
        if isinstance(value, dict) and "from" in value:
            ok, result = results[value["from"]]
            value = _resolve(result, value["path"]) if ok else None
            if value is None:
                continue
        payload[name] = value
    return payload


@pytest.mark.parametrize("case", SPEC["cases"], ids=lambda c: c["id"])
def test_each_case_shows_its_runs_with_the_inputs_of_the_spec(site, case):
    results = {}
    expected_queries = {}
    for run_id, spec in case["runs"].items():
        calc = core.get(spec["calculator"])
        payload = _case_payload(case, run_id, results)
        results[run_id] = core.run(spec["calculator"], {**calc.defaults(), **payload})
        defaults = calc.defaults()
        expected_queries[spec["calculator"]] = {
            k: _as_string(v) for k, v in payload.items() if not (k in defaults and _as_string(defaults[k]) == _as_string(v))}
    for lang in ("en", "zh"):
        queries = {}
        for figure in _figures(site, lang):
            inputs = dict(parse_qsl(figure["query"]))
            market = inputs.get("marketplace") or inputs.get("destination") or "US"
            if market == case["marketplace"]:
                queries.setdefault(figure["calculator"], inputs)
        for name, expected in expected_queries.items():
            assert queries.get(name) == expected, f"{case['id']} {lang}: {name} link inputs differ from the spec"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_page_shows_the_date_the_figures_were_computed_for(site, lang):
    assert SPEC["date"] in article(html_path(site, PAGES[lang])).all_text()

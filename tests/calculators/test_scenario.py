"""Scenarios as links and files (calculators/scenario.py), the browser's requests that
use them (calculators/browser.py), and the form's sections (render.fields_html)."""

from __future__ import annotations

import json
import re

import pytest

from calculators import browser, core, render, scenario
from calculators.fields import at_default

NAMES = list(core.calculators())


def ask(request: dict) -> dict:
    return json.loads(browser.handle(json.dumps(request)))


def fba():
    return core.get("fba-fee")


# --- Links ------------------------------------------------------------------------

def test_the_example_is_an_empty_query_and_a_change_is_one_pair():
    calc = fba()
    assert scenario.query_of(calc, calc.defaults()) == ""
    assert scenario.query_of(calc, {**calc.defaults(), "weight": "3"}) == "weight=3"


def test_query_follows_the_link_contract_order_encoding_and_text_values():
    calc = fba()
    payload = {**calc.defaults(), "price": "1,500", "weight": "3 ", "apparel": True, "marketplace": "UK",
               "date": "2026-05-01", "fee_override": "a&b=c/d"}
    query = scenario.query_of(calc, payload)
    # The calculator's order, not the payload's; values as typed (stripped), encoded.
    assert query == "marketplace=UK&weight=3&price=1%2C500&apparel=true&date=2026-05-01&fee_override=a%26b%3Dc%2Fd"


def test_a_value_equal_to_the_example_is_left_out_however_it_is_written():
    calc = fba()
    assert scenario.query_of(calc, {**calc.defaults(), "weight": "0.80", "marketplace": "us", "apparel": False}) == ""


def test_a_required_input_left_empty_stays_empty_in_the_link():
    calc = fba()
    query = scenario.query_of(calc, {**calc.defaults(), "weight": ""})
    assert query == "weight="
    payload, _ = scenario.read_query(calc, query)
    ok, out = core.run("fba-fee", {**calc.defaults(), **payload})
    assert not ok and [e["field"] for e in out["errors"]] == ["weight"]


def test_read_query_ignores_unknown_names_keeps_the_first_and_drops_a_leading_question_mark():
    calc = fba()
    payload, errors = scenario.read_query(calc, "?zz=1&weight=3&weight=4&length.x=2&__proto__=x")
    assert errors == [] and payload == {"weight": "3"}


def test_a_query_too_long_is_not_read():
    calc = fba()
    payload, errors = scenario.read_query(calc, "weight=" + "9" * scenario.MAX_QUERY)
    assert payload == {} and errors[0]["field"] == ""
    assert "too long" in errors[0]["message"]["en"] and "过长" in errors[0]["message"]["zh"]


def test_a_choice_grid_reads_both_ways_and_writes_as_pairs():
    calc = core.get("accounts")
    by_form = {"home_country": "CN", "marketplaces": {"US": "fba", "CA": "", "UK": "fbm"}}
    query = scenario.query_of(calc, by_form)
    assert query == "marketplaces=US%3Afba%2CUK%3Afbm"
    for q in (query, "marketplaces.US=fba&marketplaces.UK=fbm&marketplaces.CA="):
        payload, _ = scenario.read_query(calc, q)
        assert core.run("accounts", {**calc.defaults(), **payload}) == core.run("accounts", by_form)
    assert scenario.control_values(calc, scenario.read_query(calc, query)[0]) == {
        "marketplaces": {"US": "fba", "UK": "fbm"}}


@pytest.mark.parametrize("name", NAMES)
def test_every_example_reopens_from_its_link_with_the_same_result(name):
    calc = core.get(name)
    for example in calc.examples:
        payload = {**calc.defaults(), **example}
        query = scenario.query_of(calc, payload)
        back, errors = scenario.read_query(calc, query)
        assert errors == []
        (ok, first), (ok_again, second) = core.run(name, payload), core.run(name, {**calc.defaults(), **back})
        assert ok == ok_again, (example, query)
        if ok:
            first.pop("steps"), second.pop("steps")  # "read as" steps follow the text as typed
            assert first == second, (example, query)
        else:  # the same inputs refused (an empty list reads back as empty: "enter a value")
            assert [e["field"] for e in first["errors"]] == [e["field"] for e in second["errors"]], (example, query)


def test_control_values_normalise_valid_values_and_keep_bad_text_for_its_message():
    calc = fba()
    values = scenario.control_values(calc, {"marketplace": "uk", "apparel": "是", "weight": "<script>",
                                            "weight_unit": "stone", "date": "tomorrow", "price": " 12,5 "})
    assert values == {"marketplace": "UK", "apparel": True, "weight": "<script>", "date": "tomorrow", "price": "12,5"}


# --- What the page asks the worker ----------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "zh"])
def test_hostile_link_values_are_field_errors_and_unknown_names_are_ignored(lang):
    long = "9" * 10_000
    answer = ask({"name": "fba-fee", "lang": lang,
                  "query": f"weight=%3Cscript%3Ealert(1)%3C%2Fscript%3E&price=%22%27&height={long}"
                           f"&marketplace=%3Cimg%20src%3Dx%3E&nonsense=1&fee_override={'x' * 10_000}"})
    assert answer["ok"] is False
    assert set(answer["errors"]) == {"weight", "price", "height", "marketplace", "fee_override"}
    for text in answer["errors"].values():
        assert "<" not in text and len(text) < 300  # quoted back, if at all, short and plain
    calc = fba()
    assert [e["message"] for e in answer["raw"]] == [
        e["message"] for e in core.run("fba-fee", {**calc.defaults(), "weight": "<script>alert(1)</script>",
                                                   "price": "\"'", "height": long, "marketplace": "<img src=x>",
                                                   "fee_override": "x" * 10_000})[1]["errors"]]
    assert "nonsense" not in answer["query"] and answer["values"]["weight"] == "<script>alert(1)</script>"
    assert "marketplace" not in answer["values"]  # the select cannot show it: its message does


def test_opening_a_link_answers_as_typing_the_same_inputs_does():
    calc = fba()
    opened = ask({"name": "fba-fee", "lang": "zh", "query": "weight=3&date=2026-05-01"})
    typed = ask({"name": "fba-fee", "lang": "zh", "payload": {**calc.defaults(), "weight": "3", "date": "2026-05-01"}})
    assert opened["ok"] and {k: v for k, v in opened.items() if k != "values"} == typed
    assert opened["values"] == {"weight": "3", "date": "2026-05-01"} and opened["query"] == "weight=3&date=2026-05-01"
    assert "6.90 美元" in opened["headline"]


def test_every_answer_carries_its_query_even_with_an_error():
    calc = fba()
    answer = ask({"name": "fba-fee", "lang": "en", "payload": {**calc.defaults(), "weight": "-1"}})
    assert answer["ok"] is False and answer["query"] == "weight=-1"


def test_the_result_as_csv_has_inputs_result_and_rate_card_for_excel():
    calc = fba()
    answer = ask({"name": "fba-fee", "lang": "zh", "action": "csv",
                  "payload": {**calc.defaults(), "weight": "3", "date": "2026-05-01"}})
    text = answer["text"]
    assert text.startswith("\ufeff") and "\r\n" in text
    assert "重量,3\r\n" in text and "重量单位,磅 (lb)\r\n" in text and "日期,2026年5月1日\r\n" in text
    assert "每件亚马逊物流费用,6.90 美元\r\n" in text and "所用费率表,us-fba-2026" in text


def test_print_gives_one_page_per_scenario_with_its_inputs():
    answer = ask({"name": "fba-fee", "lang": "en", "action": "print",
                  "scenarios": [{"name": "<b>Heavy</b>", "query": "weight=3&date=2026-05-01"},
                                {"name": "Bad", "query": "weight=-1"}]})
    pages = re.findall(r'<section class="calc-print-page">(.*?)</section>(?=<section class="calc-print-page">|$)',
                       answer["html"], re.S)
    assert len(pages) == 2
    assert "&lt;b&gt;Heavy&lt;/b&gt;" in pages[0] and "USD 6.90" in pages[0] and "calc-print-inputs" in pages[0]
    assert "Weight: must be greater than 0." in pages[1] or "Weight" in pages[1]


# --- Scenario files -----------------------------------------------------------------

def test_export_then_import_gives_the_same_scenarios():
    calc = fba()
    saved = [{"name": "Heavy", "query": "weight=3&date=2026-05-01", "saved": "2026-12-01"},
             {"name": "中文名 ", "query": "marketplace=UK&apparel=true", "saved": "2026-12-02"}]
    text = scenario.export_file(calc, saved, "2026-12-07")
    data = json.loads(text)
    assert data["format"] == scenario.FILE_FORMAT and data["calculator"] == "fba-fee"
    assert data["scenarios"][0]["inputs"] == {"weight": "3", "date": "2026-05-01"}
    back, errors = scenario.read_file(calc, text)
    assert errors == []
    assert back == [{"name": "Heavy", "saved": "2026-12-01", "query": "weight=3&date=2026-05-01"},
                    {"name": "中文名", "saved": "2026-12-02", "query": "marketplace=UK&apparel=true"}]


@pytest.mark.parametrize("text,key", [
    ("not json", "file_not_json"),
    ('{"format": "something else", "scenarios": []}', "file_format"),
    ('[1, 2]', "file_format"),
    (json.dumps({"format": scenario.FILE_FORMAT, "calculator": "profit", "scenarios": []}), "file_other_calculator"),
    (json.dumps({"format": scenario.FILE_FORMAT, "calculator": "fba-fee", "scenarios": []}), "file_empty"),
    ("[" * 100_000, "file_not_json"),
    (" " * (scenario.MAX_FILE + 1), "file_too_large"),
])
def test_a_file_that_is_not_a_scenarios_file_of_this_calculator_is_refused(text, key):
    scenarios, errors = scenario.read_file(fba(), text)
    assert scenarios == [] and len(errors) == 1
    from calculators.i18n import catalogue
    template = catalogue()["scenario"][key]["en"].split("{")[0]
    assert errors[0]["message"]["en"].startswith(template)


def test_an_imported_file_is_reader_input():
    calc = fba()
    text = json.dumps({"format": scenario.FILE_FORMAT, "version": 1, "calculator": "fba-fee", "scenarios": [
        {"name": "a\u0000b\nc" + "x" * 300, "saved": "<script>", "inputs": {"weight": "<script>", "evil": "1",
                                                                           "apparel": True, "length": 12}},
        {"name": "", "inputs": {"price": "30"}},
        {"name": "no inputs"},
    ]})
    scenarios, errors = scenario.read_file(calc, text, "zh")
    assert [s["name"][:5] for s in scenarios] == ["a b c", "方案 2"] and len(scenarios[0]["name"]) == scenario.MAX_NAME
    assert scenarios[0]["saved"] == "" and scenarios[0]["query"] == "length=12&weight=%3Cscript%3E&apparel=true"
    assert len(errors) == 1 and "3" in errors[0]["message"]["en"]
    answer = ask({"name": "fba-fee", "lang": "en", "query": scenarios[0]["query"]})
    assert set(answer["errors"]) == {"weight"}  # checked when opened, as typed input is


def test_import_and_export_requests():
    calc = fba()
    exported = ask({"name": "fba-fee", "lang": "en", "action": "export", "today": "2026-12-07",
                    "scenarios": [{"name": "A", "query": "weight=3"}]})
    imported = ask({"name": "fba-fee", "lang": "zh", "action": "import", "text": exported["text"]})
    assert imported == {"ok": True, "scenarios": [{"name": "A", "saved": "", "query": "weight=3"}], "errors": {}}
    refused = ask({"name": "fba-fee", "lang": "zh", "action": "import", "text": "{"})
    assert refused["ok"] is False and refused["errors"][""] == "这不是方案文件：文件不是 JSON 格式。"
    assert ask({"name": "fba-fee", "lang": "en", "action": "nonsense"})["ok"] is False
    assert ask({"name": "nope", "lang": "en", "query": ""})["ok"] is False
    del calc


# --- The form's sections ---------------------------------------------------------------

def _sections(html: str) -> dict[str, bool]:
    return {m.group(1): " open" in m.group(0) for m in re.finditer(r'<details class="calc-section" data-section="([a-z_]+)"[^>]*>', html)}


@pytest.mark.parametrize("name", NAMES)
def test_every_section_is_labelled_in_both_languages_and_holds_fields(name):
    calc = core.get(name)
    for section in calc.sections:
        assert section.label["en"] and section.label["zh"] and section.label["en"] != section.label["zh"]
        assert any(f.group in section.groups for f in calc.fields)
    html = render.fields_html(calc, "zh", calc.defaults())
    assert _sections(html) == {s.key: s.open for s in calc.sections}  # folded unless open
    for f in calc.fields:  # every field once, in the order of its section
        assert html.count(f'name="{f.name}"') + html.count(f'name="{f.name}.') >= 1


def test_the_fee_form_folds_overrides_comparisons_and_programme_details():
    calc = fba()
    html = render.fields_html(calc, "en", calc.defaults())
    first = html[:html.index("<details")]
    for name in ("marketplace", "length", "weight", "price", "date"):
        assert f'id="fba-fee-{name}"' in first
    for name in ("size_tier", "fee_override", "compare_card", "fulfilment_from", "return_rate", "seller_established"):
        assert f'id="fba-fee-{name}"' not in first
    assert "<summary>Overrides and comparison with another rate card</summary>" in html
    assert "<summary>自填数值与费率表对比</summary>" in render.fields_html(calc, "zh", calc.defaults())


def test_a_section_holding_a_value_other_than_the_example_is_open():
    calc = fba()
    opened = _sections(render.fields_html(calc, "en", {**calc.defaults(), "fee_override": "3.1"}))
    assert opened == {"programme": False, "inventory": False, "returns": False, "override": True}
    same = _sections(render.fields_html(calc, "en", {**calc.defaults(), "size_tier": "auto", "fee_override": ""}))
    assert not any(same.values())


def test_at_default():
    calc = fba()
    f = {f.name: f for f in calc.fields}
    assert at_default(f["weight"], "0.8") and at_default(f["weight"], 0.8) and not at_default(f["weight"], "0.81")
    assert not at_default(f["weight"], "")  # required: empty is an error, not the example
    assert at_default(f["fee_override"], "") and not at_default(f["fee_override"], "0")
    assert at_default(f["apparel"], False) and at_default(f["apparel"], "") and not at_default(f["apparel"], True)
    assert at_default(f["date"], "") and not at_default(f["date"], "2026-05-01")
    assert not at_default(f["weight"], "junk")

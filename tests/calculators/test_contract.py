"""The shared contract: validation of every kind of bad input, in both languages,
the same through ``run``, the command line and the browser entry point."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import calculators
from calculators import browser
from calculators.fields import Date, Number, validate
from calculators.i18n import text
from tests.calculators.conftest import cli, field_errors, result

ROOT = Path(__file__).resolve().parents[2]


GOOD = {"marketplace": "US", "length": 10, "width": 6, "height": 2, "dimension_unit": "in", "weight": 0.8,
        "weight_unit": "lb", "price": 25, "apparel": False, "date": "2026-05-01"}


def errors_for(payload):
    return field_errors("fba-fee", payload)


@pytest.mark.parametrize("field,value,en,zh", [
    ("length", None, "Length: enter a value.", "长度：请填写。"),
    ("length", "abc", "Length: enter a number", "长度：请输入数字"),
    ("length", -3, "Length: must be greater than 0.", "长度：必须大于 0。"),
    ("weight", 0, "Weight: must be greater than 0.", "重量：必须大于 0。"),
    ("weight", float("nan"), "Weight: enter an ordinary number", "重量：请输入普通数字"),
    ("weight", float("inf"), "Weight: enter an ordinary number", "重量：请输入普通数字"),
    ("weight", "1e400", "Weight: must be at most 1,000,000", "重量：不能大于 1,000,000"),
    ("height", 1e7, "Height: must be at most 5,000", "高度：不能大于 5,000"),
    ("price", True, "Item price: enter a number", "商品售价：请输入数字"),
    ("dimension_unit", "mm", "Length unit: choose one of in, cm.", "尺寸单位：请从以下选项中选择：in, cm。"),
    ("weight_unit", "stone", "Weight unit: choose one of oz, lb, g, kg.", "重量单位：请从以下选项中选择：oz, lb, g, kg。"),
    ("marketplace", "XX", "Marketplace: choose one of", "站点：请从以下选项中选择"),
    ("date", "2026-13-01", "Date: enter a date as YYYY-MM-DD", "日期：请按 YYYY-MM-DD 格式填写日期"),
    ("date", "20260301", "Date: enter a date as YYYY-MM-DD", "日期：请按 YYYY-MM-DD 格式填写日期"),
    ("date", "1999-01-01", "Date: choose a date between", "日期：请选择"),
    ("apparel", "maybe", "Apparel: answer yes or no", "服装类商品：请回答是或否"),
])
def test_each_bad_value_gets_a_bilingual_message_naming_the_field(field, value, en, zh):
    payload = {**GOOD, field: value}
    if value is None:
        del payload[field]
    messages = errors_for(payload)
    assert list(messages) == [field]
    assert messages[field]["en"].startswith(en)
    assert messages[field]["zh"].startswith(zh)


def test_unknown_keys_and_non_objects_are_errors():
    assert "colour" in errors_for({**GOOD, "colour": "red"})
    ok, out = calculators.run("fba-fee", [1, 2])
    assert not ok and out["errors"][0]["field"] == ""


def test_numbers_typed_in_a_form_are_accepted():
    ok, out = calculators.run("fba-fee", {**{k: str(v) for k, v in GOOD.items()}, "apparel": "false",
                                          "length": " 10,0 "})
    assert ok, out
    assert out["total_fee"] == 4.76


def test_date_defaults_to_today_and_optional_fields_default():
    payload = {k: v for k, v in GOOD.items() if k not in ("date", "apparel")}
    values, errors = validate(calculators.get("fba-fee").fields, payload)
    assert errors == []
    import datetime
    assert values["date"] == datetime.date.today().isoformat()
    assert values["apparel"] is False


def test_number_bounds_can_include_zero():
    f = Number("x", text("X", "X"), minimum=0, exclusive_minimum=False)
    assert f.parse("0") == (0.0, None)
    assert f.parse("-0.01")[1]["en"] == "X: must be at least 0."


def test_date_field_range():
    f = Date("d", text("D", "D"), earliest="2020-01-01", latest="2020-12-31")
    assert f.parse("2020-06-01") == ("2020-06-01", None)
    assert f.parse("2021-01-01")[1] is not None


def test_cli_prints_the_result_and_exits_0():
    proc = cli("fba-fee", json.dumps(GOOD))
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    for key in ("size_tier", "dimensional_weight", "shipping_weight", "fulfillment_fee", "surcharges",
                "total_fee", "currency", "rate_card"):
        assert key in out
    assert out["size_tier"] == "large_standard"
    assert out["shipping_weight"] == {"value": 1.0, "unit": "lb"}
    assert out["surcharges"][0]["name"] == "fuel_logistics" and out["surcharges"][0]["amount"] == 0.16
    assert out["rate_card"]["id"] == "us-fba-2026" and out["rate_card"]["effective_from"] == "2026-01-15"


@pytest.mark.parametrize("stdin,field", [
    ('{"marketplace": "US"}', "length"),
    ("not json", ""),
    ('{"marketplace": "US", "length": NaN}', "length"),
    ("[]", ""),
])
def test_cli_bad_input_exits_2_with_bilingual_errors(stdin, field):
    proc = cli("fba-fee", stdin)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    errors = json.loads(proc.stdout)["errors"]
    assert field in [e["field"] for e in errors]
    assert all(e["message"]["en"] and e["message"]["zh"] for e in errors)


def test_cli_unknown_calculator_and_listing():
    proc = cli("no-such", "{}")
    assert proc.returncode == 2 and "fba-fee" in json.loads(proc.stdout)["errors"][0]["message"]["en"]
    listing = json.loads(cli(None, "").stdout)
    fields = listing["calculators"]["fba-fee"]["fields"]
    length = next(f for f in fields if f["name"] == "length")
    assert length["label"] == {"en": "Length", "zh": "长度"} and length["kind"] == "number"


def test_browser_entry_point_returns_html_or_field_messages_in_the_page_language():
    ok = json.loads(browser.handle(json.dumps({"name": "fba-fee", "payload": GOOD, "lang": "zh"})))
    assert ok["ok"] and "大号标准尺寸" in ok["html"] and ok["result"]["total_fee"] == 4.76
    bad = json.loads(browser.handle(json.dumps({"name": "fba-fee", "payload": {**GOOD, "weight": "x"},
                                                "lang": "zh"})))
    # The answer carries the inputs as the page's address keeps them (calculators/scenario.py).
    assert bad == {"ok": False, "errors": {"weight": "重量：请输入数字，例如 12.5。"}, "raw": bad["raw"],
                   "query": bad["query"]}
    assert "weight=x" in bad["query"]
    assert json.loads(browser.handle("{broken"))["ok"] is False


def test_every_calculator_defines_bilingual_inputs_and_examples():
    for name, calc in calculators.calculators().items():
        assert calc.title["en"] and calc.title["zh"], name
        assert calc.examples, name
        for f in calc.fields:
            assert f.label["en"] and f.label["zh"], (name, f.name)
        ok, out = calculators.run(name, calc.defaults())
        assert ok, (name, out)


@pytest.mark.parametrize("name", ["fba-fee", "storage-fee", "referral-fee"])
def test_varying_gives_what_run_gives_for_each_value_of_one_field(name):
    """core.varying validates the other fields once; every answer, good or bad, must be
    the one run gives for the whole payload."""
    from calculators.core import run, varying

    calc = calculators.get(name)
    field = "weight" if name != "referral-fee" else "price"
    values = [0.05, 0.5, 1, 2.25, 9, 31, 70, 150, 0, -1, "2,5", "x", "", None, 1e9]
    payloads = [dict(calc.defaults()), *[dict(e) for e in calc.examples],
                {**calc.defaults(), "marketplace": "ZZ"}, {**calc.defaults(), "no_such_field": 1},
                {k: v for k, v in calc.defaults().items() if k != field}, "not an object"]
    compared = 0
    for payload in payloads:
        for explain in (True, False):
            at = varying(name, payload, field, explain)
            for value in values:
                whole = {**payload, field: value} if isinstance(payload, dict) else payload
                assert at(value) == run(name, whole, explain), (payload, value)
                compared += 1
    assert compared > 100
    assert varying("no-such", {}, "weight")(1)[0] is False


def test_an_item_no_parcel_could_be_is_a_field_error_in_every_calculator_that_sizes_one():
    """A side over 10 m or a weight over a freight pallet (1,000 kg) is a typed unit gone wrong:
    a field error naming what was read, in both languages, never a nine-digit fee."""
    from calculators import core

    for name, calc in core.calculators().items():
        names = {f.name for f in calc.fields}
        if not {"length", "weight", "dimension_unit", "weight_unit"} <= names:
            continue
        example = next(e for e in calc.examples if core.run(name, e)[0])
        ok, out = core.run(name, {**example, "length": 5000, "dimension_unit": "in"})
        assert not ok and [e["field"] for e in out["errors"]] == ["length"], name
        assert "5,000 in" in out["errors"][0]["message"]["en"] and "米" in out["errors"][0]["message"]["zh"]
        ok, out = core.run(name, {**example, "weight": 2500, "weight_unit": "lb"})
        assert not ok and [e["field"] for e in out["errors"]] == ["weight"], name
        # just inside: 10 m, 1,000 kg
        ok, out = core.run(name, {**example, "length": 1000, "dimension_unit": "cm"})
        assert ok or all(e["field"] != "length" for e in out["errors"]), name


def _readme_fba_keys() -> list[str]:
    """The keys the README's fba-fee table promises (first column, in backticks)."""
    readme = (ROOT / "README.md").read_text("utf-8")
    table = readme.split("The output of `fba-fee` has at least:", 1)[1].split("\n\n", 2)[1]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    return [key for row in rows for key in re.findall(r"`([a-z_]+)`", row.split("|")[1])]


def test_the_readme_fba_fee_table_matches_the_output():
    keys = _readme_fba_keys()
    assert len(keys) == 13 and "other_fees" in keys and "fees_per_unit" in keys
    out = result("fba-fee", {**GOOD, "marketplace": "DE", "dimension_unit": "cm", "length": 30, "width": 20, "height": 10,
                              "weight": 400, "weight_unit": "g", "return_rate": 5, "seller_established": "FR"})
    assert [k for k in keys if k not in out] == []
    assert out["surcharges"] and out["other_fees"]
    for line in out["surcharges"]:
        assert {"name", "label", "amount", "percent", "from", "confidence", "source"} <= set(line)
    for line in out["other_fees"]:
        assert {"name", "label", "amount"} <= set(line)
    assert {"id", "name", "effective_from", "effective_to", "source", "date_basis"} <= set(out["rate_card"])
    assert out["fees_per_unit"] == round(out["total_fee"] + sum(f["amount"] or 0 for f in out["other_fees"]), 2)

"""Numbers as people type them (issue 22): the one rule of ``calculators/numbers.py``,
through the parser, the input definitions and whole calculations."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import calculators
from calculators import core
from calculators.fields import Number, validate_reading
from calculators.i18n import text
from calculators.numbers import DECIMAL_COMMA, FULL_WIDTH, PLAIN, THOUSANDS, read_number, read_value

FBA = {"marketplace": "US", "length": 10, "width": 6, "height": 2, "dimension_unit": "in", "weight": 0.8,
       "weight_unit": "lb", "price": 25, "apparel": False, "date": "2026-05-01"}

FULL = str.maketrans("0123456789.,+-", "０１２３４５６７８９．，＋－")


@pytest.mark.parametrize("typed,value,how", [
    ("12.5", 12.5, PLAIN), (" 3 ", 3.0, PLAIN), (".5", 0.5, PLAIN), ("1e3", 1000.0, PLAIN), ("-2", -2.0, PLAIN),
    ("1.500", 1.5, PLAIN),  # a point is always the decimal mark
    ("0,8", 0.8, DECIMAL_COMMA), ("1,5", 1.5, DECIMAL_COMMA), ("12,75", 12.75, DECIMAL_COMMA),
    ("1234,5", 1234.5, DECIMAL_COMMA), ("0,800", 0.8, DECIMAL_COMMA), ("0,1234", 0.1234, DECIMAL_COMMA),
    ("-0,5", -0.5, DECIMAL_COMMA),
    ("1,500", 1500.0, THOUSANDS), ("12,500,000.25", 12500000.25, THOUSANDS), ("+1,500", 1500.0, THOUSANDS),
    ("999,999.5", 999999.5, THOUSANDS),
    ("１，５", 1.5, DECIMAL_COMMA), ("1，5", 1.5, DECIMAL_COMMA), ("０．８", 0.8, FULL_WIDTH),
    ("１２", 12.0, FULL_WIDTH), ("－３", -3.0, FULL_WIDTH), ("\u3000８\u3000", 8.0, FULL_WIDTH),
])
def test_the_documented_rule(typed, value, how):
    reading = read_number(typed)
    assert reading.error is None and reading.value == value and reading.how == how, reading


@pytest.mark.parametrize("typed,error", [
    ("1,2,3", "number_ambiguous"), ("1,5000", "number_ambiguous"), ("1.500,25", "number_ambiguous"),
    ("1234,567", "number_ambiguous"), ("1,500,25", "number_ambiguous"), ("00,800", "number_ambiguous"),
    ("1,", "number_ambiguous"), (",5", "number_ambiguous"), ("1,500e3", "number_ambiguous"),
    ("1 500", "not_a_number"), ("1_000", "not_a_number"), ("١٢", "not_a_number"), ("12kg", "not_a_number"),
    ("0x10", "not_a_number"), ("", "not_a_number"), ("--1", "not_a_number"),
    ("nan", "not_finite"), ("-Infinity", "not_finite"), ("inf", "not_finite"),
    ("1e400", "too_large"), ("9" * 400, "too_large"),
])
def test_ambiguous_or_malformed_text_is_an_error_never_a_guess(typed, error):
    assert read_number(typed).error == error
    assert read_number(typed.translate(FULL)).error == error  # the same in full-width forms


def test_json_values():
    assert read_value(2).value == 2.0 and read_value(0.8).value == 0.8
    assert read_value(10 ** 400).error == "too_large"  # an int beyond any float: no OverflowError
    assert read_value(float("nan")).error == "not_finite"
    for bad in (True, None, [1], {"a": 1}):
        assert read_value(bad).error == "not_a_number"
    assert math.copysign(1, read_value(-0.0).value) == 1 and math.copysign(1, read_number("-0").value) == 1


# --- properties --------------------------------------------------------------------

AMOUNTS = st.decimals(min_value="0.01", max_value="999999999.99", places=2)


@given(AMOUNTS)
def test_round_trip_english_convention(amount):
    typed = f"{amount:,.2f}"  # 1,234,567.89
    reading = read_number(typed)
    assert reading.value == float(amount)
    assert (reading.how == THOUSANDS) == ("," in typed)


@given(AMOUNTS, st.sampled_from([1, 2]))
def test_round_trip_decimal_comma_convention(amount, places):
    typed = f"{amount:.{places}f}".replace(".", ",")  # 1234567,9 or 1234567,89
    reading = read_number(typed)
    assert reading.value == float(f"{amount:.{places}f}") and reading.how == DECIMAL_COMMA


@given(AMOUNTS, st.booleans())
def test_round_trip_full_width(amount, grouped):
    typed = (f"{amount:,.2f}" if grouped else f"{amount:.2f}").translate(FULL)
    reading = read_number(typed)
    assert reading.value == float(amount) and reading.how != PLAIN


def digits(s: str) -> str:
    return re.sub(r"\D", "", s.translate(str.maketrans("０１２３４５６７８９", "0123456789")).split("e")[0].split("E")[0])


# Number-like texts: runs of digits joined by any of the marks, so that thousands
# groups, decimal commas and ambiguous mixtures all come up; and free text.
NUMBERISH = st.builds(
    lambda sign, runs, marks, pad: pad + sign + "".join(r + m for r, m in zip(runs, marks + [""])) + pad,
    st.sampled_from(["", "-", "+", "－"]),
    st.lists(st.text(alphabet="0123456789０５", min_size=1, max_size=4), min_size=1, max_size=4),
    st.lists(st.sampled_from([",", ".", "，", "．"]), max_size=3),
    st.sampled_from(["", " ", "\u3000"]))


@settings(max_examples=1000)
@given(st.one_of(NUMBERISH, st.text(alphabet="0123456789,.+- ，０１９．e", max_size=14)))
def test_never_another_magnitude_without_saying_so(typed):
    """Whatever is typed: an error, or exactly what Python reads from the same ASCII
    text, or a reading to show that keeps every typed digit in order and is the value."""
    reading = read_number(typed)
    if reading.error:
        return
    if reading.how == PLAIN:
        assert reading.value == float(typed.strip()) + 0.0
    else:
        assert reading.value == float(reading.shown)
        assert digits(reading.shown) == digits(typed)


# --- through the input definitions and the calculators --------------------------------

def test_field_messages_name_the_field_and_quote_the_text():
    weight = Number("weight", text("Weight", "重量"), maximum=1000)
    value, err = weight.parse("1,5000")
    assert value is None
    assert err["en"].startswith("Weight: “1,5000” can be read more than one way.")
    assert err["zh"].startswith("重量：“1,5000”有不止一种读法。")
    assert weight.parse("1,500")[1]["en"] == "Weight: must be at most 1,000. Check the value and its unit."
    assert weight.parse("x" * 10_000)[1]["en"] == "Weight: enter a number, such as 12.5."


def test_the_issue_cases_compute_what_was_meant_and_say_so():
    ok, plain = calculators.run("fba-fee", FBA)
    assert ok and plain["total_fee"] == 4.76
    for typed in ("0,8", "0，8", "０，８", "０．８"):
        ok, out = calculators.run("fba-fee", {**FBA, "weight": typed})
        assert ok and out["total_fee"] == 4.76, typed  # not 8 lb
        assert out["steps"][0]["en"].startswith("Weight read as 0.8 lb:"), out["steps"][0]
        assert out["steps"][0]["zh"].startswith("重量按 0.8 磅读取："), out["steps"][0]
        assert out["steps"][1:] == plain["steps"]
    ok, out = calculators.run("fba-fee", {**FBA, "weight": "0.8"})
    assert out["steps"] == plain["steps"]  # nothing to tell


def test_readings_name_the_unit_when_one_is_known():
    ok, out = calculators.run("fba-fee", {**FBA, "length": "10,0", "dimension_unit": "cm", "price": "1,500"})
    assert ok, out
    assert out["steps"][0]["en"] == "Length read as 10.0 cm: the comma is taken as the decimal mark."
    assert out["steps"][0]["zh"] == "长度按 10.0 厘米读取：逗号视为小数点。"
    assert out["steps"][1]["en"] == "Item price read as 1500: the comma is taken as a thousands separator."
    assert out["steps"][1]["zh"] == "商品售价按 1500 读取：逗号视为千位分隔符。"
    ok, out = calculators.run("referral-fee", {"marketplace": "US", "category": "most", "price": 25,
                                               "rate_override": "12,5"})  # a field with its own unit, %
    assert ok and out["steps"][0]["en"].endswith(" read as 12.5%: the comma is taken as the decimal mark.")
    assert out["steps"][0]["zh"].endswith("按 12.5% 读取：逗号视为小数点。")


def test_readings_without_explanations_are_the_only_steps():
    ok, out = core.run("fba-fee", {**FBA, "weight": "0,8"}, explain=False)
    assert ok and [s["en"] for s in out["steps"]] == ["Weight read as 0.8 lb: the comma is taken as the decimal mark."]
    ok, out, readings = core.evaluate("fba-fee", {**FBA, "weight": "0,8"})
    assert ok and readings and readings[0] not in out["steps"]


@settings(max_examples=150, deadline=None)
@given(st.decimals(min_value="0.01", max_value="99.99", places=2),
       st.sampled_from(["{:.2f}", "{:.1f}", "{:,.2f}", "{:.2f}|comma", "{:.1f}|comma", "{:.2f}|full"]))
def test_a_calculation_never_changes_magnitude_silently(amount, style):
    form, _, how = style.partition("|")
    typed = form.format(amount)
    if how == "comma":
        typed = typed.replace(".", ",")
    elif how == "full":
        typed = typed.translate(FULL)
    calc = calculators.get("fba-fee")
    values, errors, readings = validate_reading(calc.fields, {**FBA, "weight": typed}, None, calc.checks)(None)
    assert not errors
    if readings:
        shown = re.search(r"read as (\S+) lb", readings[0]["en"]).group(1)
        assert float(shown) == values["weight"]
    else:
        assert values["weight"] == float(typed)
    assert values["weight"] == float(form.format(amount).replace(",", ""))


def test_chinese_yes_and_no_for_a_yes_or_no_input():
    ok, yes = calculators.run("fba-fee", {**FBA, "apparel": "是"})
    ok2, true = calculators.run("fba-fee", {**FBA, "apparel": True})
    assert ok and ok2 and yes == true
    ok, no = calculators.run("fba-fee", {**FBA, "apparel": "否"})
    assert ok and no == calculators.run("fba-fee", FBA)[1]

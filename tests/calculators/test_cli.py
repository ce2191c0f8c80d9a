"""The command line (issues 20 and 22): argparse help in both languages, unknown names
before any input is read, --table, and no traceback whatever is piped in."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import calculators
from calculators import cli

ROOT = Path(__file__).resolve().parents[2]
NAMES = list(calculators.calculators())
GOOD = {"marketplace": "US", "length": 10, "width": 6, "height": 2, "dimension_unit": "in", "weight": 0.8,
        "weight_unit": "lb", "price": 25, "apparel": False, "date": "2026-05-01"}


def call(args: list[str], stdin: bytes = b"") -> tuple[int, str, str]:
    """``python -m calculators ARGS`` in this process (the fuzzing runs thousands)."""
    out, err = io.BytesIO(), io.StringIO()
    with mock.patch.object(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin))), \
            mock.patch.object(sys, "stdout", io.TextIOWrapper(out, encoding="utf-8")), \
            mock.patch.object(sys, "stderr", err):
        status = cli.main(args)
        sys.stdout.flush()
        return status, out.getvalue().decode("utf-8"), err.getvalue()


def process(args: list[str], stdin: bytes = b"", **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "calculators", *args], input=stdin, capture_output=True,
                          cwd=ROOT, timeout=60, **kwargs)


def contract_errors(stdout: str) -> list[dict]:
    errors = json.loads(stdout)["errors"]
    assert errors and all(isinstance(e["field"], str) and e["message"]["en"] and e["message"]["zh"] for e in errors)
    return errors


# --- help ------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "zh"])
def test_help_lists_the_calculators_one_line_each(lang):
    proc = process(["--help", "--lang", lang])
    assert proc.returncode == 0 and proc.stderr == b""
    lines = proc.stdout.decode().splitlines()
    for name, calc in calculators.calculators().items():
        assert any(re.fullmatch(rf"\s+{re.escape(name)}\s+{re.escape(calc.title[lang])}", line) for line in lines), name
    assert ("usage:" if lang == "en" else "用法：") in lines[0]
    assert "1 MB" in proc.stdout.decode()  # the stdin limit


def block(help_text: str, name: str) -> str:
    """The help about input ``name``, white space removed (lines wrap where they must)."""
    match = re.search(rf"^  {re.escape(name)}[ （].*?(?=^  \S|^$)", help_text, re.M | re.S)
    assert match, name
    return re.sub(r"\s", "", match.group(0))


def says(*parts: str) -> str:
    return re.sub(r"\s", "", "".join(parts))


def test_a_calculators_help_lists_its_inputs_in_english():
    status, out, _ = call(["fba-fee", "--help"])
    assert status == 0
    assert block(out, "weight") == says("weight (Weight)",
                                        "number > 0, ≤ 1,000,000; unit: as weight_unit says; default 0.8; required",
                                        "Weight of the packaged item (unit weight).")
    assert block(out, "weight_unit") == says("weight_unit (Weight unit) one value; allowed: oz (ounces (oz)), ",
                                             "lb (pounds (lb)), g (grams (g)), kg (kilograms (kg)); default lb; required")
    assert says("date YYYY-MM-DD; 2015-01-01 to 2035-12-31; default today; optional") in block(out, "date")
    assert says("number ≥ 0, ≤ 100,000; optional") in block(out, "fee_override")
    assert says("true or false; default false; optional") in block(out, "apparel")
    assert says("size_tier (Size tier) one value; allowed: auto, small_standard, large_standard,") in block(out, "size_tier")
    status, out, _ = call(["referral-fee", "--help"])
    assert says("unit: %") in block(out, "rate_override")


def test_a_calculators_help_lists_its_inputs_in_chinese():
    status, out, _ = call(["fba-fee", "--help", "--lang", "zh"])
    assert status == 0 and out.startswith("用法：python -m calculators fba-fee")
    assert block(out, "weight") == says("weight（重量）数字 > 0, ≤ 1,000,000；单位：见 weight_unit；默认 0.8；必填",
                                        "包装后商品的重量（商品重量）。")
    assert says("日期 YYYY-MM-DD；2015-01-01 至 2035-12-31；默认为今天；选填") in block(out, "date")
    assert "输入项：" in out and "显示此帮助并退出" in out


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_input_of_every_calculator_is_in_its_help(name, lang):
    status, out, _ = call([name, "--help", f"--lang={lang}"])
    assert status == 0
    calc = calculators.get(name)
    for f in calc.fields:
        text = block(out, f.name)
        assert says(f.label[lang]) in text, f.name
        assert text.endswith(says(f.help[lang])), f.name
        assert says("required" if lang == "en" else "必填") in text or says("optional" if lang == "en" else "选填") in text
        for option in getattr(f, "options", ()):
            assert says(option.value or '""') in text, (f.name, option.value)


# --- unknown names and usage errors, before any input is read ----------------------

@pytest.mark.parametrize("args", [["--help"], ["fba-fee", "--help"], ["fba-fee", "-h", "--lang", "zh"], ["no-such"],
                                  ["fba-fee", "--bogus"], ["--lang", "fr", "fba-fee"], ["fba-fee", "--template"]])
def test_help_names_and_usage_errors_never_wait_for_input(args):
    # Standard input stays open and empty: a command that read it would hang.
    proc = subprocess.Popen([sys.executable, "-m", "calculators", *args], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    try:
        proc.wait(timeout=30)  # TimeoutExpired if it waits for standard input
        stderr = proc.stderr.read()
    finally:
        proc.kill()
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            stream.close()
    assert b"Traceback" not in stderr
    assert proc.returncode in (0, 2)


def test_an_unknown_name_names_the_known_ones():
    status, out, err = call(["fba_fee"], b"{}")
    assert status == 2
    (error,) = contract_errors(out)
    assert error["message"]["en"] == ("There is no calculator called fba_fee. Available: " + ", ".join(NAMES) + ".")
    assert "没有名为 fba_fee 的计算器" in error["message"]["zh"]
    assert "--help" in err


@pytest.mark.parametrize("args,en,zh", [
    (["fba-fee", "--bogus"], "Unknown option: --bogus.", "未知选项：--bogus。"),
    (["fba-fee", "--lang", "fr"], "--lang takes en or zh, not “fr”.", "--lang 只能是 en 或 zh，不能是“fr”。"),
    (["fba-fee", "--lang"], "--lang takes en or zh, not “”.", "--lang 只能是 en 或 zh"),
    (["fba-fee", "--table", "--csv", "x.csv"], "Use only one of --table, --csv.", "--table、--csv 只能选用一个。"),
])
def test_usage_errors_follow_the_contract(args, en, zh):
    status, out, _ = call(args, b"{}")
    assert status == 2
    (error,) = contract_errors(out)
    assert error["message"]["en"].startswith(en) and error["message"]["zh"].startswith(zh)


def test_no_arguments_still_lists_every_calculator_as_json():
    status, out, _ = call([])
    assert status == 0 and set(json.loads(out)["calculators"]) == set(NAMES)
    assert call(["list"])[1] == out


# --- the JSON contract and --table -----------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_the_json_contract_is_run_as_it_was(name):
    for payload in calculators.get(name).examples:
        status, out, err = call([name], json.dumps(payload).encode())
        ok, expected = calculators.run(name, payload)
        assert status == (0 if ok else 2), (payload, err)
        assert json.loads(out) == json.loads(json.dumps(expected))


def test_table_in_both_languages():
    payload = json.dumps({**GOOD, "weight": "0,8"}).encode()
    for lang in ("en", "zh"):
        status, out, _ = call(["fba-fee", "--table", "--lang", lang], payload)
        assert status == 0
        lines = out.splitlines()
        assert lines[0] == calculators.get("fba-fee").title[lang]
        ok, result = calculators.run("fba-fee", {**GOOD, "weight": 0.8})
        for r in calculators.get("fba-fee").summary(result):
            assert any(line.startswith(r["label"][lang]) and line.endswith("  " + r["value"][lang]) for line in lines), r
        reading = {"en": "- Weight read as 0.8 lb: the comma is taken as the decimal mark.",
                   "zh": "- 重量按 0.8 磅读取：逗号视为小数点。"}[lang]
        assert reading in lines
        # The values line up, a Chinese character taking two columns.
        starts = set()
        for r in calculators.get("fba-fee").summary(result):
            line = next(line for line in lines if line.startswith(r["label"][lang]))
            starts.add(cli._width(line[:len(line) - len(r["value"][lang])]))
        assert len(starts) == 1, out


def test_table_errors_are_text_in_the_chosen_language():
    status, out, _ = call(["fba-fee", "--table", "--lang", "zh"], json.dumps({**GOOD, "weight": "1,5000"}).encode())
    assert status == 2
    assert out.splitlines()[0] == "部分输入项需要修改。"
    assert out.splitlines()[1].startswith("- 重量：“1,5000”有不止一种读法。")


# --- hostile input ------------------------------------------------------------------

HOSTILE = [
    b"", b"   \n", b"not json", b"{", b'{"weight": 1,}', b"[]", b"null", b"12", b'"text"',
    b'{"weight": ' + b"9" * 5000 + b"}", b'{"weight": -' + b"9" * 5000 + b"}", b'{"weight": 1e400}',
    b'{"weight": ' + b"1" * 4000 + b"}", b'{"weight": 0.' + b"0" * 5000 + b"1}",
    b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 50_000 + b"1" + b"}" * 50_000, b'{"weight": ' + b"[" * 900 + b"]" * 900 + b"}",
    b'{"weight": NaN, "length": Infinity, "width": -Infinity}',
    b'{"weight": "\xff\xfe"}', b"\xef\xbb\xbf{}", b"\xfe\xff\x00{\x00}", b"\x00" * 100,
    b'{"weight": "' + b"x" * 200_000 + b'"}', b'{"' + b"k" * 10_000 + b'": 1}',
    b'{"weight": {"value": 1}, "length": [1, 2], "marketplace": ["US"], "date": 20260501, "apparel": "maybe"}',
    b'{"marketplace": "<script>alert(1)</script>", "weight": "\\u0000", "price": "1,2,3"}',
    b'{"weight": "\\ud800"}', b'{"weight": 1, "weight": 2}', b" " * (cli.STDIN_LIMIT + 1),
    b'{"weight": "' + "１，５００．２５".encode() + b'", "price": "' + "－１".encode() + b'"}',
]


def assert_contract(status: int, out: str, err: str) -> None:
    assert "Traceback" not in err
    assert status in (0, 2), (status, err[-2000:])
    if status == 2:
        for e in contract_errors(out):
            if e["field"] == "":  # the contract's own messages: fully Chinese in Chinese
                words = set(re.findall(r"[A-Za-z]{3,}", e["message"]["zh"])) - {"JSON", "UTF", "help", "weight", "csv"}
                assert not words, e["message"]["zh"]
    else:
        assert isinstance(json.loads(out), dict)


@pytest.mark.parametrize("name", NAMES)
def test_hostile_payloads_get_the_contract_for_every_calculator(name):
    for payload in HOSTILE:
        assert_contract(*call([name], payload))
        status, out, err = call([name, "--table", "--lang", "zh"], payload)
        assert status in (0, 2) and "Traceback" not in err
        assert out.splitlines()[0] == ("部分输入项需要修改。" if status else calculators.get(name).title["zh"])


@pytest.mark.parametrize("stdin,en,zh", [
    (b"{\n  \"weight\": 1,\n  }", "The input is not valid JSON (line 3, column 3).", "输入不是有效的 JSON（第 3 行第 3 列）。"),
    (b"", "There is no input", "没有输入"),
    (b"[" * 100_000, "The input is nested too deeply", "输入的嵌套层级过深"),
    (b"{} " + b" " * cli.STDIN_LIMIT, "The input is larger than 1 MB", "输入超过 1 MB"),
    (b'{"weight": "\xc3\x28"}', "The input is not UTF-8 text (byte 13 is not valid).", "输入不是 UTF-8 文本（第 13 个字节无效）。"),
])
def test_what_is_wrong_with_the_input_is_said_in_both_languages(stdin, en, zh):
    status, out, _ = call(["fba-fee"], stdin)
    assert status == 2
    (error,) = contract_errors(out)
    assert error["field"] == "" and error["message"]["en"].startswith(en) and error["message"]["zh"].startswith(zh)


def test_oversized_numbers_are_the_fields_own_errors():
    digits = "9" * 5000
    status, out, _ = call(["fba-fee"], f'{{"weight": {digits}, "length": 1e400, "price": 1{"0" * 400}}}'.encode())
    errors = {e["field"]: e["message"]["en"] for e in contract_errors(out)}
    assert errors["weight"] == "Weight: must be at most 1,000,000. Check the value and its unit."
    assert errors["length"] == "Length: must be at most 5,000. Check the value and its unit."
    assert errors["price"].startswith("Item price: must be at most")


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30) | st.sampled_from(["0,8", "1,500", "１，５", "1,2,3", "-0", "US", "lb", "2026-05-01"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(NAMES), data=st.data())
def test_fuzzed_json_gets_the_contract(name, data):
    calc = calculators.get(name)
    keys = [f.name for f in calc.fields]
    base = data.draw(st.sampled_from([{}, calc.defaults(), *calc.examples]))
    changes = data.draw(st.dictionaries(st.sampled_from(keys) | st.text(max_size=6), JSON_VALUES, max_size=4))
    document = data.draw(st.sampled_from(["object", "value"]))
    payload = {**base, **changes} if document == "object" else data.draw(JSON_VALUES)
    raw = json.dumps(payload, allow_nan=True).encode()
    if data.draw(st.booleans()):  # cut or spoil the bytes too
        cut = data.draw(st.integers(0, len(raw)))
        raw = raw[:cut] + data.draw(st.binary(max_size=4)) + raw[cut:]
    assert_contract(*call([name], raw))


# --- a real process: closed pipes and descriptors -------------------------------------

@pytest.mark.parametrize("stdin", [json.dumps(GOOD).encode(), b"{", b'{"weight": ' + b"9" * 5000 + b"}"])
def test_hostile_input_in_a_real_process(stdin):
    proc = process(["fba-fee"], stdin)
    assert proc.returncode in (0, 2) and b"Traceback" not in proc.stderr


@pytest.mark.parametrize("args,stdin,status", [
    (["fba-fee"], json.dumps(GOOD).encode(), 0),
    (["fba-fee"], b"{", 2),
    (["fba-fee", "--help"], b"", 0),
    (["fba-fee", "--csv", "-"], b"weight\n" + b"0.8\n" * 20_000, 2),
])
def test_a_closed_pipe_on_standard_output_is_no_traceback(args, stdin, status):
    read, write = os.pipe()
    os.close(read)  # nobody reads: the first write gets EPIPE
    try:
        proc = subprocess.run([sys.executable, "-m", "calculators", *args], input=stdin, stdout=write,
                              stderr=subprocess.PIPE, cwd=ROOT, timeout=60)
    finally:
        os.close(write)
    assert proc.stderr == b"" and proc.returncode == status


@pytest.mark.parametrize("redirect,status", [(">&-", 0), ("<&-", 2), (">&- <&-", 2)])
def test_closed_descriptors_are_no_traceback(redirect, status):
    good = json.dumps(GOOD).replace("'", "")
    command = f"echo '{good}' | {sys.executable} -m calculators fba-fee {redirect}"
    if redirect.startswith("<"):
        command = f"{sys.executable} -m calculators fba-fee {redirect}"
    proc = subprocess.run(["sh", "-c", command], capture_output=True, cwd=ROOT, timeout=60)
    assert b"Traceback" not in proc.stderr and proc.returncode == status, proc.stderr


def test_a_bug_is_exit_1_with_the_contract_and_details_on_stderr(monkeypatch):
    calc = calculators.get("fba-fee")

    def broken(values, explain=True):
        raise ZeroDivisionError("a bug")

    monkeypatch.setitem(calculators.core._registry, "fba-fee", type(calc)(**{**calc.__dict__, "compute": broken}))
    status, out, err = call(["fba-fee"], json.dumps(GOOD).encode())
    assert status == 1 and "ZeroDivisionError" in err
    assert contract_errors(out)[0]["message"]["zh"].startswith("计算器遇到意外问题")
    status, out, err = call(["fba-fee", "--table", "--lang", "zh"], json.dumps(GOOD).encode())
    assert status == 1 and "ZeroDivisionError" in err and out.splitlines()[1].startswith("- 计算器遇到意外问题")

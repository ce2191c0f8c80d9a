"""Batch (issue 20 item 3): CSV in, one result or one error per row, the same figures as
one-at-a-time runs; the module (``calculators/batch.py``) and ``--csv`` on the command
line."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import calculators
from calculators import batch as batches
from calculators import core
from calculators.fields import as_text

ROOT = Path(__file__).resolve().parents[2]
NAMES = list(calculators.calculators())

# Good rows, bad rows, a BOM, semicolons, Chinese headers, a column that is no input,
# a decimal comma, a thousands comma, a quoted cell with the delimiter and a line break
# in it, an inch mark in a plain cell, a blank line and a short row.
MIXED = (
    "\ufeffSKU;站点;长度;宽度;高度;尺寸单位;重量;重量单位;商品售价;服装类商品;日期\r\n"
    "A1;US;10;6;2;in;0,8;lb;25;否;2026-05-01\r\n"
    "A2;US;10;6;2;in;1,5000;lb;25;否;2026-05-01\r\n"
    "\"A3; two\nlines\";US;30;20;10;cm;300;g;8;false;2026-05-01\r\n"
    "\r\n"
    "12\" tablet;UK;30;20;10;cm;500;g;1,500;;2026-05-01\r\n"
    "A5;XX;10;6;2;in;1;lb;25;;2026-05-01\r\n"
    "A6;US;10;6;2;in;0.8;lb\r\n"
)


def rows_of(name: str, text: str, lang: str = "en") -> list[dict]:
    return list(batches.run_lines(name, io.StringIO(text), lang))


def cli_csv(name: str, data: bytes, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "calculators", name, "--csv", "-", *args], input=data,
                          capture_output=True, cwd=ROOT, timeout=120)


def payload_of(row: dict) -> dict:
    names = batches._input_names("fba-fee")
    return {names[batches._key(k)]: v for k, v in row["input"].items() if batches._key(k) in names and v.strip()}


def test_good_rows_bad_rows_bom_semicolons_and_chinese_headers():
    rows = rows_of("fba-fee", MIXED, "zh")
    assert [r["line"] for r in rows] == [2, 3, 4, 7, 8, 9]  # the quoted cell spans lines 4-5
    assert [r["ok"] for r in rows] == [True, False, True, True, False, False]
    assert rows[0]["input"]["重量"] == "0,8" and rows[0]["result"]["unit_weight"]["value"] == 0.8
    assert rows[0]["readings"][0]["zh"] == "重量按 0.8 磅读取：逗号视为小数点。"
    assert rows[1]["errors"][0]["field"] == "weight" and "有不止一种读法" in rows[1]["cells"][-1]
    assert rows[2]["input"]["SKU"] == "A3; two\nlines"
    assert rows[3]["input"]["SKU"] == '12" tablet' and rows[3]["result"]["marketplace"] == "UK"
    assert rows[3]["readings"][0]["en"] == "Item price read as 1500: the comma is taken as a thousands separator."
    assert rows[4]["cells"][-1] == "站点：请从以下选项中选择：US, CA, UK, DE, FR, IT, ES, JP, BE, IE, NL, PL, SE。"
    assert rows[5]["cells"][-1] == "商品售价：请填写。"  # a short row: the missing cells are blank
    for row in rows:
        assert len(row["cells"]) == len(rows[0]["cells"])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_each_row_equals_a_run_of_its_own(lang):
    calc = calculators.get("fba-fee")
    for row in rows_of("fba-fee", MIXED, lang):
        ok, alone = calculators.run("fba-fee", payload_of(row))
        assert row["ok"] == ok
        if ok:
            assert {k: v for k, v in row["result"].items() if k != "steps"} == \
                   {k: v for k, v in alone.items() if k != "steps"}
            figures = {r["label"][lang]: r["value"][lang] for r in calc.summary(alone)}
            header = batches.Batch("fba-fee", lang)
            header.header = list(row["input"])
            cells = dict(zip(header.output_header(), row["cells"]))
            assert {k: cells[k] for k in figures} == figures
        else:
            assert row["errors"] == alone["errors"]


@pytest.mark.parametrize("name", NAMES)
def test_every_calculators_examples_as_csv_equal_one_at_a_time(name):
    calc = calculators.get(name)
    fields = [f.name for f in calc.fields]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(fields)
    examples = [p for p in calc.examples if isinstance(p, dict) and set(p) <= set(fields)]
    for payload in examples:
        writer.writerow([as_text(payload.get(f)) for f in fields])
    rows = rows_of(name, out.getvalue())
    assert len(rows) == len(examples)
    for row, payload in zip(rows, examples):
        ok, alone = calculators.run(name, {k: v for k, v in payload.items() if v is not None})
        assert row["ok"] == ok, (payload, row["errors"])
        if ok:
            assert {k: v for k, v in row["result"].items() if k != "steps"} == \
                   {k: v for k, v in alone.items() if k != "steps"}, payload
            shown = [r["value"]["en"] for r in calc.summary(alone)]
            assert all(value in row["cells"] or value in row["cells"][-3] for value in shown)
        else:
            assert [e["field"] for e in row["errors"]] == [e["field"] for e in alone["errors"]]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_template_reads_back_as_the_example(name, lang):
    template = batches.template(name, lang)
    assert template.startswith("\ufeff") and template.endswith("\r\n") and template.count("\r\n") == 2
    header = next(csv.reader(io.StringIO(template.lstrip("\ufeff"))))
    calc = calculators.get(name)
    assert header == [f.label[lang] if f.label[lang] not in [g.label[lang] for g in calc.fields if g is not f]
                      else f.name for f in calc.fields]
    (row,) = rows_of(name, template, lang)
    ok, alone = calculators.run(name, calc.defaults())
    assert row["ok"] and ok
    assert {k: v for k, v in row["result"].items() if k != "steps"} == {k: v for k, v in alone.items() if k != "steps"}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 40), min_size=1, max_size=30))
def test_pieces_of_any_size_give_the_same_rows(sizes):
    batch = batches.Batch("fba-fee", "zh")
    rows, at = [], 0
    for size in sizes * 20:
        rows += batch.feed(MIXED[at:at + size])
        at += size
    rows += batch.feed(MIXED[at:])
    rows += batch.finish()
    assert rows == rows_of("fba-fee", MIXED, "zh")
    assert batch.rows_done == 6 and batch.rows_failed == 3


@pytest.mark.parametrize("header,delimiter", [
    ("marketplace,length,width,height,dimension_unit,weight,weight_unit,price", ","),
    ("Marketplace;Length;Width;Height;Length unit;Weight;Weight unit;Item price", ";"),
    ("  MARKETPLACE \tlength\twidth\theight\tLENGTH UNIT\t weight\tweight_unit\tprice", "\t"),
    ("站点,长度,宽度,高度,尺寸单位,重量,重量单位,商品售价", ","),
    ('"Marketplace";"Length";"Width";"Height";"Length unit";"Weight";"Weight unit";"Item price"', ";"),
])
def test_headers_by_name_or_label_and_the_delimiter_from_the_header(header, delimiter):
    # A last column whose name holds commas inside quotes: they do not count.
    text = (header + delimiter + '"Notes, free, text"\n'
            + delimiter.join(["US", "10", "6", "2", "in", '"0,8"', "lb", "25", "x"]) + "\n")
    batch = batches.Batch("fba-fee")
    rows = batch.feed(text) + batch.finish()
    assert batch.delimiter == delimiter and batch.ignored_columns == ["Notes, free, text"]
    assert len(rows) == 1 and rows[0]["ok"], rows[0]["errors"]
    assert rows[0]["result"]["unit_weight"]["value"] == 0.8


@pytest.mark.parametrize("text,en", [
    ("", "The CSV file is empty"),
    ("\ufeff\r\n\r\n", "The CSV file is empty"),
    ("sku,colour\nA,red\n", "No column of the CSV file names an input of fba-fee."),
    ("weight,重量\n1,2\n", "The columns weight, 重量 all give Weight: keep one."),
])
def test_problems_with_the_file_itself(text, en):
    batch = batches.Batch("fba-fee")
    with pytest.raises(batches.BatchError) as problem:
        batch.feed(text)
        batch.finish()
    assert problem.value.errors[0]["message"]["en"].startswith(en)
    assert problem.value.errors[0]["message"]["zh"]


def test_row_problems_are_the_rows_own():
    long_cell = "x" * (batches.MAX_ROW_CHARS + 10)
    text = (f"weight,weight_unit,sku\n1,lb,a\n1,lb,a,b,c\n1,lb,a,,\n1,lb,{long_cell}\n1,lb,\"open\n"
            + "y\n" * 10)
    rows = rows_of("fba-fee", text)
    assert [r["line"] for r in rows] == [2, 3, 4, 5, 6]
    assert rows[1]["errors"][0]["message"]["en"] == "This row has 5 cells, more than the 3 columns of the header."
    assert rows[2]["errors"][0]["field"] != ""  # empty extra cells are fine: the row's inputs are checked
    assert rows[3]["errors"][0]["message"]["en"].startswith("This row is longer than 100,000 characters")
    assert rows[4]["input"]["sku"] == "open\n" + "y\n" * 10  # a quote never closed: read to the end


def test_progress_is_reported():
    text = "weight\n" + "1\n" * 2500
    seen = []
    rows = list(batches.run_lines("fba-fee", io.StringIO(text), progress=seen.append, every=1000))
    assert len(rows) == 2500 and seen == [1000, 2000, 2500]


# --- the command line -------------------------------------------------------------

def read_output(proc: subprocess.CompletedProcess) -> list[list[str]]:
    data = proc.stdout.decode("utf-8")
    assert data.startswith("\ufeff") and data.endswith("\r\n")  # Excel: UTF-8 with BOM, CRLF
    table = list(csv.reader(io.StringIO(data[1:], newline=""), delimiter=";" if ";" in data.splitlines()[0] else ","))
    assert data.count("\r\n") == len(table)  # every line ends so (a line break in a cell stays as it was)
    return table


def test_cli_csv_writes_every_row_and_exits_2_when_any_has_an_error():
    proc = cli_csv("fba-fee", MIXED.encode("utf-8"), "--lang", "zh")
    assert proc.returncode == 2
    table = read_output(proc)
    header, lines = table[0], table[1:]
    assert header[:11] == ["SKU", "站点", "长度", "宽度", "高度", "尺寸单位", "重量", "重量单位", "商品售价", "服装类商品", "日期"]
    assert header[-3:] == ["其他结果", "说明", "错误"] and "每件亚马逊物流费用" in header
    assert len(lines) == 6 and [line[0] for line in lines] == ["A1", "A2", "A3; two\nlines", '12" tablet', "A5", "A6"]
    total = header.index("每件亚马逊物流费用")
    assert lines[0][total] == "4.76 美元" and lines[0][-1] == ""
    assert lines[1][total] == "" and lines[1][-1].startswith("重量：")
    assert "SKU" in proc.stderr.decode()  # the column that gives no input is named


def test_cli_csv_equals_one_at_a_time_runs():
    rows = [["US", "10", "6", "2", "in", "0.8", "lb", "25", "2026-05-01"],
            ["US", "40", "30", "25", "in", "60", "lb", "120", "2025-11-20"],
            ["UK", "30", "20", "10", "cm", "500", "g", "15", "2026-05-01"],
            ["JP", "30", "20", "5", "cm", "800", "g", "2000", "2026-05-01"],
            ["CA", "30", "20", "10", "cm", "500", "g", "30", "2026-05-01"],
            ["US", "5000", "6", "2", "in", "0.8", "lb", "25", "2026-05-01"]]
    fields = ["marketplace", "length", "width", "height", "dimension_unit", "weight", "weight_unit", "price", "date"]
    data = ",".join(fields) + "\n" + "".join(",".join(r) + "\n" for r in rows)
    proc = cli_csv("fba-fee", data.encode())
    table = read_output(proc)
    header = table[0]
    calc = calculators.get("fba-fee")
    for line, row in zip(table[1:], rows):
        one = subprocess.run([sys.executable, "-m", "calculators", "fba-fee"], input=json.dumps(dict(zip(fields, row))),
                             capture_output=True, text=True, cwd=ROOT, timeout=60)
        alone = json.loads(one.stdout)
        cells = dict(zip(header, line))
        if one.returncode == 0:
            for r in calc.summary(alone):
                assert cells.get(r["label"]["en"]) == r["value"]["en"] or r["label"]["en"] + ": " + r["value"]["en"] in cells["other results"]
            assert cells["error"] == ""
        else:
            assert cells["error"] == " ".join(e["message"]["en"] for e in alone["errors"])
    assert proc.returncode == (2 if any(line[-1] for line in table[1:]) else 0)


def test_cli_csv_from_a_file_all_good_exits_0(tmp_path):
    source = tmp_path / "catalogue.csv"
    source.write_bytes(batches.template("fba-fee", "zh").encode("utf-8"))
    proc = subprocess.run([sys.executable, "-m", "calculators", "fba-fee", "--csv", str(source)],
                          capture_output=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0 and proc.stderr == b""
    assert len(read_output(proc)) == 2


@pytest.mark.parametrize("data,status,first", [
    (b"weight\n" + "１".encode() + b"\n\xff\xfe\n1\n", 2, None),  # a line that is not UTF-8: its own error row
    ("站点,重量\n".encode("gbk") + b"US,1\n", 2, "CSV UTF-8"),  # GBK (Excel's plain CSV in Chinese): the header fails
    (b"", 2, "The CSV file is empty"),
    (b"sku\nA\n", 2, "No column of the CSV file"),
    (b"weight\n", 0, None),  # a header alone: no rows, nothing wrong
])
def test_cli_csv_files_that_are_not_what_they_should_be(data, status, first):
    proc = cli_csv("fba-fee", data)
    assert proc.returncode == status and b"Traceback" not in proc.stderr
    if first:
        assert json.loads(proc.stdout)["errors"][0]["message"]["en"].find(first) >= 0
    elif data:
        table = read_output(proc)
        if len(table) > 1:
            assert len(table) == 4 and table[2][-1] == "Line 3 is not UTF-8 text. In Excel, save the file as “CSV UTF-8”."


def test_cli_csv_missing_file_and_template():
    proc = subprocess.run([sys.executable, "-m", "calculators", "fba-fee", "--csv", "/no/such.csv"],
                          capture_output=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 2 and json.loads(proc.stdout)["errors"][0]["message"]["zh"] == "找不到文件 /no/such.csv。"
    proc = subprocess.run([sys.executable, "-m", "calculators", "storage-fee", "--template", "--lang", "zh"],
                          capture_output=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0 and proc.stdout.decode("utf-8") == batches.template("storage-fee", "zh")


def test_the_batch_benchmark_runs_end_to_end():
    # No timing judged here (the machine may be busy): only that it measures what it says.
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench_batch.py"), "--rows", "400"],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "400 rows" in proc.stdout and "rows/s" in proc.stdout and "400 output rows, 2 with an error" in proc.stdout


def test_a_bug_in_a_row_is_exit_1_after_every_row(monkeypatch, capsys):
    from calculators import cli

    calc = calculators.get("fba-fee")

    def broken(values, explain=True):
        if values["weight"] == 2:
            raise ZeroDivisionError("a bug")
        return calc.compute(values, explain=explain)

    monkeypatch.setitem(core._registry, "fba-fee", type(calc)(**{**calc.__dict__, "compute": broken}))
    data = "marketplace,length,width,height,dimension_unit,weight,weight_unit,price\n"
    data += "".join(f"US,10,6,2,in,{w},lb,25\n" for w in (1, 2, 3))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode())))
    out = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(out, encoding="utf-8"))
    status = cli.main(["fba-fee", "--csv", "-"])
    table = list(csv.reader(io.StringIO(out.getvalue().decode("utf-8-sig"))))
    assert status == 1 and "ZeroDivisionError" in capsys.readouterr().err
    assert [row[-1] == "" for row in table[1:]] == [True, False, True]


def test_cli_csv_an_over_long_line_is_one_error_row():
    data = b"weight,weight_unit,marketplace\n" + b"7" * 500_000 + b"\n\"0,8\",lb,XX\n"
    proc = cli_csv("fba-fee", data)
    table = read_output(proc)
    assert proc.returncode == 2 and len(table) == 3
    assert table[1][-1] == "This row is longer than 100,000 characters (is a quote left open?)."
    assert table[2][:3] == ["0,8", "lb", "XX"] and "Marketplace: choose one of" in table[2][-1]

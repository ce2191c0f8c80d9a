"""A CSV file read in pieces: batch.ByteFeed (the browser's reader and the command
line's) and browser.PageBatch (what the page's worker calls): any cut of the bytes
gives the same rows, a line that is not UTF-8 is an error row of its own, and the page's
CSV is the command line's byte for byte."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import batch, browser

TEXT = ("\ufeffsku;marketplace;length;width;height;dimension_unit;weight;weight_unit;price;date\r\n"
        "A1;US;10;6;2;in;3;lb;25;2026-05-01\r\n"
        "\"B2; two\nlines\";US;10;6;2;in;0,8;lb;25;2026-05-01\r\n"
        "C3;US;10;6;2;in;x;lb;25;2026-05-01\r\n"
        "中文;UK;20;15;4;cm;300;g;20;2026-05-01")  # no line break at the end
DATA = TEXT.encode("utf-8")


def _rows(pieces: list[bytes], lang: str = "en") -> list[dict]:
    feed = batch.ByteFeed(batch.Batch("fba-fee", lang))
    rows = []
    for piece in pieces:
        rows += feed.feed(piece)
    return rows + feed.finish()


def _cut(data: bytes, sizes: list[int]) -> list[bytes]:
    pieces, at = [], 0
    for size in sizes:
        pieces.append(data[at:at + size])
        at += size
    return pieces + [data[at:]]


WHOLE = [(r["line"], r["ok"], r["cells"]) for r in _rows([DATA])]


def test_the_whole_file():
    assert [(line, ok) for line, ok, _ in WHOLE] == [(2, True), (3, True), (5, False), (6, True)]
    assert WHOLE[1][2][0] == "B2; two\nlines" and WHOLE[3][2][0] == "中文"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=40), max_size=30))
def test_any_cut_of_the_bytes_gives_the_same_rows(sizes):
    # Cuts fall inside the BOM, inside a character of three bytes, inside a quoted cell.
    assert [(r["line"], r["ok"], r["cells"]) for r in _rows(_cut(DATA, sizes))] == WHOLE


def test_one_byte_at_a_time():
    assert [(r["line"], r["ok"], r["cells"]) for r in _rows([DATA[i:i + 1] for i in range(len(DATA))])] == WHOLE


def test_a_line_that_is_not_utf8_is_an_error_row_and_the_rows_after_it_go_on():
    data = (b"marketplace,length,width,height,dimension_unit,weight,weight_unit,price\n"
            b"US,10,6,2,in,3,lb,25\n" + "US,10,6,2,in,3,lb,25 \u5546\u54c1\n".encode("gbk") + b"US,10,6,2,in,1,lb,25\n")
    rows = _rows([data], "zh")
    assert [(r["line"], r["ok"]) for r in rows] == [(2, True), (3, False), (4, True)]
    assert rows[1]["cells"][-1] == "第 3 行不是 UTF-8 文本。请在 Excel 中另存为“CSV UTF-8”格式。"
    with pytest.raises(batch.BatchError):
        _rows(["站点,长度\n".encode("gbk")])


def test_an_over_long_line_is_one_error_row():
    long = b"US," + b"9" * (batch.ByteFeed.LIMIT + 10) + b"\n"
    data = b"marketplace,length,width,height,dimension_unit,weight,weight_unit,price\n" + long + b"US,10,6,2,in,1,lb,25\n"
    rows = _rows([data[i:i + 4096] for i in range(0, len(data), 4096)])
    assert [(r["line"], r["ok"]) for r in rows] == [(2, False), (3, True)]
    assert "100,000" in rows[0]["cells"][-1]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_pages_csv_is_the_command_lines(tmp_path, lang):
    job = browser.batch("fba-fee", lang)
    answers = [json.loads(job.feed(piece)) for piece in _cut(DATA, [7, 100, 3, 50])] + [json.loads(job.finish())]
    assert all(a["ok"] for a in answers)
    csv_text = "".join(a["csv"] for a in answers)
    source = tmp_path / "in.csv"
    source.write_bytes(DATA)
    cli = subprocess.run([sys.executable, "-m", "calculators", "fba-fee", "--csv", str(source), "--lang", lang],
                         capture_output=True)
    assert csv_text.encode("utf-8") == cli.stdout
    rows = json.loads("[" + "".join(a["json"] for a in answers) + "]")
    assert [r["line"] for r in rows] == [2, 3, 5, 6] and [r["ok"] for r in rows] == [True, True, False, True]
    last = answers[-1]
    assert last["rows"] == 4 and last["failed"] == 1
    assert "<table" in last["html"] and "calc-row-error" in last["html"]
    assert "sku" in last["ignored"]  # the column that gives no input, named


def test_a_file_that_is_no_csv_of_this_calculator_is_one_message():
    job = browser.batch("fba-fee", "zh")
    first = json.loads(job.feed(b"foo,bar\n1,2\n"))
    assert first["ok"] is False and "fba-fee" in first["error"]


def test_the_page_shows_the_first_rows_and_the_errors_after_them():
    rows = ["marketplace,length,width,height,dimension_unit,weight,weight_unit,price"]
    rows += ["US,10,6,2,in,1,lb,25" if i % 100 else "US,10,6,2,in,x,lb,25" for i in range(1, 601)]
    job = browser.batch("fba-fee", "en")
    job.feed(("\n".join(rows) + "\n").encode())
    end = json.loads(job.finish())
    assert end["rows"] == 600 and end["failed"] == 6
    shown = [s for s in job.shown]
    assert len(shown) == browser.SHOWN_ROWS + 4  # the first 200, then the 4 errors after them
    assert [s["line"] for s in shown if not s["ok"]] == [101, 201, 301, 401, 501, 601]
    assert "Shown here: the first 200 rows" in end["html"]

"""A CSV file of products in the page, in a real browser and both languages: the table
and per-row errors in the page's language, the downloads byte for byte (the CSV equal
to the command line's for the same file, the JSON equal to one-at-a-time runs), the
template of every calculator that takes a file, a dropped file, progress and a page
that keeps answering while a large file is read, Stop, and a file that is not UTF-8."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from calculators import batch, core

pytestmark = pytest.mark.browser

PREFIX = {"en": "", "zh": "zh/"}
FBA = "calculators/fba-fee/"

# BOM, semicolons, Chinese headers, a SKU column copied through, a quoted cell holding
# the delimiter, a decimal comma; good rows and bad ones (a word for a number, a
# marketplace that is none, a required input left empty).
MIXED = ("\ufeffSKU;站点;长度;宽度;高度;尺寸单位;重量;重量单位;商品售价;日期\r\n"
         "A1;US;10;6;2;in;3;lb;25;2026-05-01\r\n"
         "B2;US;10;6;2;in;abc;lb;25;2026-05-01\r\n"
         "C3;US;10;6;2;in;0,8;lb;25;2026-05-01\r\n"
         "D4;XX;10;6;2;in;1;lb;25;2026-05-01\r\n"
         "\"E5; boxed\";UK;20;15;4;cm;300;g;20;2026-05-01\r\n"
         "F6;US;10;6;2;in;;lb;25;2026-05-01\r\n")
GOOD = [True, False, True, False, True, False]


def _choose(page, name: str, data: bytes, prefix: str = "") -> None:
    page.click("[data-calc-batch] > summary")
    page.set_input_files("[data-batch-file]", files=[{"name": name, "mimeType": "text/csv", "buffer": data}])
    page.wait_for_selector("[data-calc-batch][data-state=done], [data-calc-batch][data-state=failed]",
                           timeout=120_000)


def _download(page, selector: str) -> bytes:
    with page.expect_download() as download:
        page.click(selector)
    return open(download.value.path(), "rb").read()


def _table(page) -> list[list[str]]:
    return page.locator("[data-batch-output] tbody tr").evaluate_all(
        "(rows) => rows.map((r) => Array.from(r.cells, (c) => c.textContent))")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_csv_file_gives_the_table_and_the_downloads(page, calculator_page, site_url, tmp_path, lang):
    page = calculator_page(PREFIX[lang] + FBA)
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    _choose(page, "products.csv", MIXED.encode("utf-8"))
    assert page.get_attribute("[data-calc-batch]", "data-state") == "done"
    # The rows as Python reads them, in the page's language.
    expected = list(batch.run_lines("fba-fee", MIXED.lstrip("\ufeff").splitlines(), lang))
    assert [r["ok"] for r in expected] == GOOD
    table = _table(page)
    assert table == [[str(r["line"]), *r["cells"]] for r in expected]
    errors = {row[1]: row[-1] for row in table}
    assert errors["A1"] == "" and errors["\"E5; boxed\"".strip('"')] == ""
    word = {"en": "Weight: enter a number", "zh": "重量：请输入数字"}[lang]
    assert errors["B2"].startswith(word)
    assert ("Marketplace" if lang == "en" else "站点") in errors["D4"] and errors["F6"]
    assert page.locator("[data-batch-output] tr.calc-row-error").count() == 3
    status = page.inner_text("[data-batch-status]")
    assert ("6 rows: 3 worked out, 3 with an error." if lang == "en" else "共 6 行：3 行计算完成，3 行有错误。") in status
    # The CSV download: what the command line writes for the same file, byte for byte
    # (BOM and CRLF for Excel, the file's semicolons, the page's language).
    source = tmp_path / "products.csv"
    source.write_bytes(MIXED.encode("utf-8"))
    cli = subprocess.run([sys.executable, "-m", "calculators", "fba-fee", "--csv", str(source), "--lang", lang],
                         capture_output=True)
    assert cli.returncode == 2
    downloaded = _download(page, "[data-batch-downloads] a[download$='.csv']")
    assert downloaded.startswith(b"\xef\xbb\xbf") and b"\r\n" in downloaded
    assert downloaded == cli.stdout
    # The JSON download: one object per row, each result that of a run of its own.
    rows = json.loads(_download(page, "[data-batch-downloads] a[download$='.json']"))
    assert [r["ok"] for r in rows] == GOOD and [r["line"] for r in rows] == [2, 3, 4, 5, 6, 7]
    calc = core.get("fba-fee")
    fields = ("marketplace", "length", "width", "height", "dimension_unit", "weight", "weight_unit", "price", "date")
    for row in rows:
        payload = {f: cell for f, cell in zip(fields, list(row["input"].values())[1:]) if cell}
        ok, alone = core.run("fba-fee", {**{k: v for k, v in calc.defaults().items() if k not in fields}, **payload})
        assert ok == row["ok"]
        if ok:
            assert row["result"]["total_fee"] == alone["total_fee"]
        else:
            assert [e["field"] for e in row["errors"]] == [e["field"] for e in alone["errors"]]
    # Nothing left the browser: the page asked only its own site (the panel's code) and
    # its own blobs (the downloads).
    assert [u for u in requests if not u.startswith((site_url, "blob:", "data:"))] == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_calculator_that_takes_a_file_offers_its_template_and_reads_it_back(page, calculator_page, lang):
    names = [name for name, calc in core.calculators().items() if batch.for_page(calc)]
    assert {"fba-fee", "storage-fee", "referral-fee", "profit", "landed-cost", "compare"} <= set(names)
    for name in names:
        page = calculator_page(f"{PREFIX[lang]}calculators/{name}/")
        page.click("[data-calc-batch] > summary")
        template = _download(page, "[data-batch-template]")
        assert template == batch.template(name, lang).encode("utf-8"), name
        page.set_input_files("[data-batch-file]", files=[{"name": "t.csv", "mimeType": "text/csv", "buffer": template}])
        page.wait_for_selector("[data-calc-batch][data-state=done]", timeout=120_000)
        assert page.get_attribute("[data-calc-batch]", "data-rows") == "1", name
        assert page.get_attribute("[data-calc-batch]", "data-failed") == "0", (name, _table(page))
    # The account planner plans marketplaces, not products: no file.
    page = calculator_page(f"{PREFIX[lang]}calculators/accounts/")
    assert page.locator("[data-calc-batch]").count() == 0


def _rows_csv(count: int) -> bytes:
    lines = ["sku,marketplace,length,width,height,dimension_unit,weight,weight_unit,price,date"]
    lines += [f"S{i},US,{10 + i % 7},6,2,in,{1 + (i % 50) / 10},lb,25,2026-05-01" for i in range(count)]
    return ("\n".join(lines) + "\n").encode()


def test_a_dropped_file_is_read_too(page, calculator_page):
    page = calculator_page(FBA)
    page.click("[data-calc-batch] > summary")
    page.evaluate("""(text) => {
      const data = new DataTransfer();
      data.items.add(new File([text], "dropped.csv", { type: "text/csv" }));
      const zone = document.querySelector("[data-batch-drop]");
      for (const type of ["dragenter", "dragover", "drop"]) {
        zone.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
      }
    }""", _rows_csv(3).decode())
    page.wait_for_selector("[data-calc-batch][data-state=done]", timeout=60_000)
    assert page.get_attribute("[data-calc-batch]", "data-rows") == "3" and len(_table(page)) == 3


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_large_file_shows_progress_while_the_calculator_keeps_answering_and_can_be_stopped(page, calculator_page,
                                                                                           after_new_result, lang):
    page = calculator_page(PREFIX[lang] + FBA)
    page.click("[data-calc-batch] > summary")
    big = _rows_csv(20_000)
    page.set_input_files("[data-batch-file]", files=[{"name": "big.csv", "mimeType": "text/csv", "buffer": big}])
    page.wait_for_function("() => Number(document.querySelector('[data-calc-batch]').dataset.rows) > 0", timeout=60_000)
    assert page.get_attribute("[data-calc-batch]", "data-state") == "reading"
    assert 0 < page.eval_on_selector("[data-batch-progress] progress", "(p) => p.value / p.max") < 1
    assert page.inner_text("[data-batch-status]").startswith("Reading the file" if lang == "en" else "正在读取文件")
    # The form answers while the file is read.
    after_new_result(page, lambda: page.fill("#fba-fee-weight", "3"))
    assert page.get_attribute("[data-calc-batch]", "data-state") == "reading"
    page.click("[data-batch-action=stop]")
    page.wait_for_selector("[data-calc-batch][data-state=stopped]", timeout=60_000)
    rows = int(page.get_attribute("[data-calc-batch]", "data-rows"))
    assert 0 < rows < 20_000
    data = _download(page, "[data-batch-downloads] a[download$='.csv']")
    assert data.count(b"\r\n") == rows + 1  # the header and every row read, nothing cut in half


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_file_that_is_not_utf8_is_refused_with_a_message(page, calculator_page, lang):
    page = calculator_page(PREFIX[lang] + FBA)
    _choose(page, "gbk.csv", "站点,长度\nUS,10\n".encode("gbk"))
    assert page.get_attribute("[data-calc-batch]", "data-state") == "failed"
    text = page.inner_text("[data-batch-status]")
    assert ("UTF-8" in text) and (("could not be read" in text) if lang == "en" else ("无法读取" in text))
    assert page.locator("[data-batch-downloads] a").count() == 0


def test_python_is_not_snapshotted_while_a_file_is_read(page, calculator_page):
    # A first visit snapshots Python's memory a few seconds after it is ready: a file
    # chosen at once is read first (the copy would stall it and keep its state).
    page = calculator_page(FBA)
    page.evaluate("""() => {
      window.__order = [];
      const status = document.querySelector("[data-calc-status]");
      const panel = document.querySelector("[data-calc-batch]");
      if (status.dataset.snapshot) window.__order.push("snapshot already");
      new MutationObserver(() => window.__order.push("snapshot " + status.dataset.snapshot))
        .observe(status, { attributes: true, attributeFilter: ["data-snapshot"] });
      new MutationObserver(() => window.__order.push("file " + panel.dataset.state))
        .observe(panel, { attributes: true, attributeFilter: ["data-state"] });
    }""")
    page.click("[data-calc-batch] > summary")
    page.set_input_files("[data-batch-file]", files=[{"name": "big.csv", "mimeType": "text/csv",
                                                      "buffer": _rows_csv(15_000)}])
    page.wait_for_selector("[data-calc-batch][data-state=done]", timeout=180_000)
    page.wait_for_selector("[data-calc-status][data-snapshot]", state="attached", timeout=60_000)
    order = page.evaluate("window.__order")
    assert order[:2] == ["file reading", "file done"] and order[2].startswith("snapshot "), order
    assert page.evaluate("window.__batchTimings.ms") > 4000  # the file took longer than the snapshot's wait

"""The benchmark runs end to end in its quick mode and writes every section.

No timing is judged here (the machine may be busy): only that each measure exists,
that the warm visit used the snapshot and the next page found Python running, and that
the guidance page fetched nothing of the runtime before its load event.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.browser


def test_bench_quick_writes_every_section(tmp_path):
    out = tmp_path / "bench.json"
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench.py"), "--quick", "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    data = json.loads(out.read_text("utf-8"))
    for section in ("machine", "build", "baseline", "calculator_pages", "recalculation", "next_page",
                    "guidance_pages", "targets"):
        assert section in data, section
    assert data["build"]["seconds"] > 0
    assert data["baseline"]["cold_s"] > 0 and data["baseline"]["warm_s"] > 0
    assert len(data["calculator_pages"]) == 1
    [page] = data["calculator_pages"].values()
    assert page["cold_first_result_s"] > 0 and page["warm_first_result_s"] > 0
    assert page["cold_starts"] == ["normal"] and page["warm_starts"] == ["snapshot"]
    # The next calculator page, same browser: Python still running (Chromium keeps its
    # shared worker alive across pages).
    assert page["next_starts"] == ["running"] and page["next_first_result_s"] > 0
    assert data["next_page"]["starts"] == ["running"]
    assert page["cold_vs_baseline_cold"] > 0 and page["warm_vs_baseline_warm"] > 0
    # Ratios are to the baseline measured just before the page, in the same run.
    [sample] = page["runs"]
    assert page["cold_vs_baseline_cold"] == sample["cold"] / sample["baseline"]["cold"]
    assert page["warm_vs_baseline_warm"] == sample["warm"] / sample["baseline"]["warm"]
    assert page["cold_runtime_bytes"] > 0
    assert data["recalculation"]["changes"] == 20
    assert data["recalculation"]["p50_ms"] > 0 and data["recalculation"]["p95_ms"] >= data["recalculation"]["p50_ms"]
    assert data["guidance_pages"]
    for guide in data["guidance_pages"].values():
        assert guide["requests"] > 0 and guide["bytes"] > 0
        assert guide["runtime_requests"] == 0
    assert "| Measure |" in proc.stdout


def test_bench_network_quick_measures_the_page_the_floor_and_the_bytes(tmp_path):
    # A fast played link keeps the smoke test short; what is judged is that every
    # measure is there and comes from the right path, not how fast it was.
    out = tmp_path / "bench-network.json"
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench.py"), "--quick", "--network", "100,20",
                           "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    data = json.loads(out.read_text("utf-8"))
    assert data["data"]["profile"] == {"mbit": 100, "rtt_ms": 20}
    assert len(data["data"]["loadavg_at_start"]) == 3 and len(data["data"]["loadavg_at_end"]) == 3
    summary = data["summary"]
    [(path, page)] = summary["pages"].items()
    assert path == "calculators/fba-fee/"
    assert page["cold_starts"] == ["normal"] and page["warm_starts"] == ["snapshot"]
    assert page["cold_s"] > 0 and page["warm_s"] > 0 and page["cold_vs_floor"] > 0 and page["warm_vs_floor"] > 0
    [sample] = data["data"]["runs"][0]["pages"].values()
    assert page["cold_vs_floor"] == sample["cold"] / sample["floor"]["cold"]
    # Brotli over https, as a real host sends it; the runtime is most of the bytes.
    assert page["encodings"] == ["br"] and page["cold_runtime_bytes"] > 0.9 * page["cold_bytes"]
    assert page["warm_bytes"] < 0.01 * page["cold_bytes"]  # the service worker had it all
    floor = summary["floor"]
    assert 0 < floor["cold_bytes"] < 0.1 * page["cold_bytes"] and floor["cold_s"] > 0 and floor["warm_s"] > 0
    # The browser trusts the run's certificate: its HTTP cache works (a browser told to
    # ignore certificate errors keeps nothing, and warm visits download it all again).
    assert floor["warm_bytes"] < 0.5 * floor["cold_bytes"]
    assert summary["gzip_only"]["encodings"] == ["gzip"] and summary["gzip_only"]["bytes"] > page["cold_bytes"]
    assert summary["guidance_first"]["background_bytes"] > page["cold_runtime_bytes"]
    assert summary["guidance_first"]["first_result"] > 0
    assert {"fba_fee_bytes_br_le_3.5MiB", "fba_fee_cold_le_3x_floor", "warm_le_1.2x_floor_every_page"} <= set(
        summary["targets"])
    assert "| Floor: the same form, plain JavaScript |" in proc.stdout

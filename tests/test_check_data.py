"""scripts/check_data.py: every data file matches its schema, and the mistakes an editor of a
rate card makes are caught, each named by file and path."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import check_data
import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_every_data_file_matches_its_schema():
    assert check_data.check_all() == []


def test_every_data_folder_has_a_schema_and_every_schema_is_used():
    schemas = check_data.load_schemas()
    folders = {p.name for p in check_data.DATA.iterdir() if p.is_dir()}
    assert {s["x-folder"] for s in schemas.values()} == folders
    used = {json.loads(p.read_text("utf-8"))["schema"] for p in check_data.DATA.glob("*/*.json")}
    assert used == set(schemas)


@pytest.fixture
def data(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(check_data.DATA, copy)
    return copy


def _edit(data: Path, name: str, change) -> None:
    path = data / name
    doc = json.loads(path.read_text("utf-8"))
    change(doc)
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")


def _rename(doc: dict, old: str, new: str) -> None:
    doc[new] = doc.pop(old)


MISTAKES = [
    ("fba/us-2026.json", lambda d: _rename(d, "effective_from", "effective_form"),
     ["fba/us-2026.json: $: missing 'effective_from'", "fba/us-2026.json: $.effective_form: unknown key"]),
    ("fba/us-2026.json", lambda d: d["tiers"][0]["fees"][0].update(fee=[-2.43, 3.32, 3.58]),
     ["fba/us-2026.json: $.tiers[0].fees[0].fee[0]: -2.43 is below 0 (or another allowed shape)"]),
    ("fba/uk-2026.json", lambda d: d.update(effective_from="2026-02-30"),
     ["fba/uk-2026.json: $.effective_from: '2026-02-30' is not a date written YYYY-MM-DD"]),
    ("storage/de-2026.json", lambda d: d.update(confidence="offical"),
     ["storage/de-2026.json: $.confidence: \"offical\" is not one of "
      "['official', 'official-copy', 'third-party', 'open-source-code', 'unverified']"]),
    ("referral/jp-2026.json", lambda d: d.update(source="a-page-nobody-catalogued"),
     ["referral/jp-2026.json: $.source: no source 'a-page-nobody-catalogued'"]),
    ("peak/us-2026-27.json", lambda d: d.update(effective_to="2026-01-01"),
     ["peak/us-2026-27.json: $: effective_to 2026-01-01 is before effective_from 2026-10-15"]),
    ("import/us.json", lambda d: d.update(country="usa"),
     ["import/us.json: $.country: 'usa' does not match ^[A-Z]{2}$"]),
    ("accounts/marketplaces.json", lambda d: d["marketplaces"]["JP"]["fba"].pop("status"),
     ["accounts/marketplaces.json: $.marketplaces.JP.fba: missing 'status'"]),
    ("shipping/example-economy.json", lambda d: d.pop("schema"),
     ["shipping/example-economy.json: \"schema\" is None; expected one of "]),
]


@pytest.mark.parametrize("name, change, expected", MISTAKES, ids=[m[0] for m in MISTAKES])
def test_a_mistake_is_named_by_file_and_path(data, name, change, expected):
    _edit(data, name, change)
    problems = check_data.check_all(data)
    assert len(problems) == len(expected), problems
    for line, start in zip(sorted(problems), sorted(expected)):
        assert line.startswith(start), (line, start)


def test_a_file_in_the_wrong_folder_or_broken_json(data):
    shutil.move(data / "storage" / "uk-2026.json", data / "fba" / "uk-storage-2026.json")
    (data / "fx" / "rates-2026-11.json").write_text('{"schema": "fx-reference/1",', "utf-8")
    problems = check_data.check_all(data)
    assert problems[0] == "fba/uk-storage-2026.json: a storage-rate-card/2 file belongs in calculators/data/storage/"
    assert problems[1].startswith("fx/rates-2026-11.json: not valid JSON")
    assert len(problems) == 2


def test_a_schema_keyword_the_checker_does_not_implement_is_refused():
    with pytest.raises(ValueError, match="oneOf"):
        check_data.validate(1, {"$id": "x", "oneOf": [{"type": "number"}]}, {"$id": "x"})


def test_the_command_exits_1_and_prints_each_problem(data):
    _edit(data, "fba/jp-2026.json", lambda d: d.update(currency="yen"))
    run = subprocess.run([sys.executable, "scripts/check_data.py", str(data)], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 1
    assert run.stdout == "fba/jp-2026.json: $.currency: 'yen' does not match ^[A-Z]{3}$\n"
    assert "1 problem(s)" in run.stderr
    clean = subprocess.run([sys.executable, "scripts/check_data.py"], cwd=ROOT, capture_output=True, text=True)
    assert clean.returncode == 0 and clean.stdout == ""

"""Account planner: data schema, groupings, closed marketplaces, FBA availability,
Pan-EU, returns, tax flags, checklist in both languages, bad inputs, the form shape,
the widget and the command line."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pytest

import calculators
from calculators import accounts, render
from calculators.i18n import catalogue
from tests.calculators.conftest import chinese, cli, english, field_errors, result


ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "calculators" / "data" / "accounts"

ALL = ("US", "CA", "MX", "BR", "UK", "DE", "FR", "IT", "ES", "NL", "SE", "PL", "BE", "IE", "TR",
       "JP", "AU", "SG", "IN", "AE", "SA", "EG", "CN")
EUROPE = ("UK", "DE", "FR", "IT", "ES", "NL", "SE", "PL", "BE", "IE", "TR")
CONFIDENCE = {"official", "third-party", "unverified"}


def run(home, plan):
    return result("accounts", {"home_country": home, "marketplaces": plan})


def errors(payload):
    return field_errors("accounts", payload)


def en(texts):
    return english(texts, " ")


def zh(texts):
    return chinese(texts, " ")


# --- schema of the data files --------------------------------------------------------

def load(name):
    return json.loads((DATA / f"{name}.json").read_text("utf-8"))


def test_every_data_file_is_described():
    names = sorted(p.stem for p in DATA.glob("*.json"))
    assert names == ["countries", "groups", "marketplaces", "sources", "tax-flags"]
    for name in names:
        assert load(name)["about"] if name != "sources" else load(name)["about"]


def _facts(node, path=""):
    """Every dict in the data that names a source."""
    if isinstance(node, dict):
        if "source" in node:
            yield path, node
        for k, v in node.items():
            yield from _facts(v, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _facts(v, f"{path}[{i}]")


def test_every_fact_names_a_known_source_and_a_confidence():
    srcs = {s["id"]: s for s in load("sources")["sources"]}
    for s in srcs.values():
        assert s["kind"] in CONFIDENCE | {"site", "none"}, s
        assert s["title"]["en"] and s["title"]["zh"] and s["date"], s
    count = 0
    for name in ("groups", "marketplaces", "tax-flags"):
        for path, fact in _facts(load(name)):
            count += 1
            assert fact["source"] in srcs, (name, path)
            if path.endswith(("languages_source",)):
                continue
            assert fact.get("confidence") in CONFIDENCE, (name, path, fact)
            if fact["source"] == "not-found":  # nothing found is never shown as certain
                assert fact["confidence"] == "unverified", (name, path)
    assert count > 60
    assert load("countries")["eu_members_source"] in srcs


def test_marketplaces_cover_all_23_and_each_sits_in_exactly_one_place():
    mps = load("marketplaces")["marketplaces"]
    assert tuple(mps) == ALL
    assert set(mps) == set(catalogue()["marketplaces"])
    groups = load("groups")
    placed = [m["code"] for g in groups["unified"] for m in g["members"]]
    placed += [m["code"] for m in groups["separate"]] + [m["code"] for m in groups["none"]]
    assert sorted(placed) == sorted(ALL)
    for g in groups["unified"]:
        for m in g["members"]:
            assert m["status"] in ("member", "inferred", "unconfirmed")
            if m["status"] != "member":
                assert m["confidence"] == "unverified" and m.get("note"), m


def test_marketplace_facts_have_allowed_values():
    tax = load("tax-flags")
    langs = catalogue()["accounts"]["languages"]
    for code, mp in load("marketplaces")["marketplaces"].items():
        assert mp["access"]["status"] in ("open", "closed", "home_only", "not_found"), code
        assert mp["fba"]["status"] in ("offered", "unconfirmed", "not_applicable"), code
        assert (mp["pan_eu"] is not None) == (code in EUROPE) == (mp["region"] == "europe"), code
        assert mp["region"] in load("marketplaces")["regions"], code
        if mp["pan_eu"]:
            assert mp["pan_eu"]["status"] in ("storage", "offered", "unconfirmed"), code
        assert mp["languages"] and all(lang in langs for lang in mp["languages"]), code
        assert mp["low_value_rule"] is None or mp["low_value_rule"] in tax["low_value"], code
        if code != "CN":
            assert code in tax["storage"], code
    for s in load("groups")["pan_eu"]["storage_countries"]:
        assert s["code"] in tax["storage"]


def test_dates_of_facts_are_iso_or_translated():
    phrases = catalogue()["accounts"]["dates"]
    dates = {f.get("date") for name in ("groups", "marketplaces", "tax-flags") for _, f in _facts(load(name))}
    dates |= {s["date"] for s in load("sources")["sources"]}
    for d in sorted(x for x in dates if x):
        shown = accounts._date(d)
        if re.search(r"[a-z]", d):
            assert shown["zh"] != d and not re.search(r"\b(since|from|about|undated|various)\b", shown["zh"]), d
        assert d in phrases or re.fullmatch(r"[0-9\-–,; —]+", d) or d.split(" ", 1)[0] in ("since", "from"), d


def _placeholders(s):
    return {f for _, f, _, _ in string.Formatter().parse(s) if f}


def _leaves(node, path=""):
    if isinstance(node, dict) and set(node) == {"en", "zh"}:
        yield path, node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from _leaves(v, f"{path}.{k}")


def test_every_sentence_has_both_languages_with_the_same_placeholders():
    leaves = list(_leaves(json.loads((ROOT / "calculators/locale/accounts.json").read_text("utf-8"))))
    assert len(leaves) > 150
    for path, pair in leaves:
        assert pair["en"].strip() and pair["zh"].strip(), path
        assert _placeholders(pair["en"]) == _placeholders(pair["zh"]), path
        if path.startswith((".countries", ".languages", ".fulfilment")) or len(pair["en"]) > 20:
            assert re.search(r"[\u4e00-\u9fff]", pair["zh"]), path


def test_chinese_uses_the_terms_list():
    text = (ROOT / "calculators/locale/accounts.json").read_text("utf-8")
    for term in ("欧洲联合账户", "卖家账户", "亚马逊物流", "自配送", "亚马逊物流欧洲整合服务 (泛欧计划)", "卖家平台",
                 "退货地址", "进口一站式申报 (IOSS)", "运营中心"):
        assert term in text, term
    for avoid in ("自发货", "FBA仓", "统一帐户", "帐户"):
        assert avoid not in text, avoid


# --- the scenario in the brief --------------------------------------------------------

BRIEF = [{"code": c, "fulfilment": f} for c, f in
         (("US", "fba"), ("CA", "fba"), ("UK", "fba"), ("DE", "fba"), ("JP", "fba"), ("IN", "fba"))]


def test_china_seller_with_us_ca_uk_de_jp_in():
    r = run("CN", BRIEF)
    assert r["registration_count"] == {"min": 3, "max": 3}
    regs = {g["id"]: g["marketplaces"] for g in r["registrations"]}
    assert regs == {"na_br": ["US", "CA"], "europe": ["UK", "DE"], "JP": ["JP"]}
    assert [b["code"] for b in r["blocked"]] == ["IN"]
    india = r["blocked"][0]
    assert india["status"] == "blocked_unconfirmed"
    assert "unconfirmed" in india["reason"]["en"] and "未确认" in india["reason"]["zh"]
    rows = {x["code"]: x for x in r["marketplaces"]}
    for code in ("US", "CA", "UK", "DE", "JP"):
        assert rows[code]["joinable"] and len(rows[code]["steps"]) >= 3
        assert "convert the listings to FBA" in en(rows[code]["steps"])
        assert "转换为亚马逊物流" in zh(rows[code]["steps"])
    assert rows["IN"]["account_label"]["zh"] == "无法入驻"
    summary = {row["label"]["en"]: row["value"] for row in accounts.summary(r)}
    assert summary["Registrations needed"] == {"en": "3", "zh": "3 个"}
    assert summary["Marketplaces you cannot join"]["en"] == "IN"


# --- groupings -------------------------------------------------------------------------

def test_north_america_and_brazil_is_one_registration_and_brazil_is_flagged():
    r = run("CN", [{"code": c, "fulfilment": "fbm"} for c in ("US", "CA", "MX", "BR")])
    assert r["registration_count"] == {"min": 1, "max": 1}
    (reg,) = r["registrations"]
    assert reg["id"] == "na_br" and reg["covers"] == ["US", "CA", "MX", "BR"]
    assert "US, CA and MX" in en(r["warnings"])  # the global-registration page lists only these


def test_the_eight_confirmed_european_marketplaces_share_one_registration():
    plan = [{"code": c, "fulfilment": "fbm"} for c in ("UK", "DE", "FR", "IT", "ES", "NL", "PL", "SE")]
    r = run("CN", plan)
    assert r["registration_count"] == {"min": 1, "max": 1}
    assert r["registrations"][0]["id"] == "europe"
    assert r["warnings"] == []


def test_belgium_is_counted_in_the_european_account_but_flagged_as_inferred():
    r = run("CN", {"DE": "fba", "BE": "fba"})
    assert r["registration_count"] == {"min": 1, "max": 1}
    assert "infers" in en(r["warnings"]) and "推断" in zh(r["warnings"])


@pytest.mark.parametrize("code", ["IE", "TR"])
def test_ireland_and_turkey_are_unconfirmed_and_give_a_range(code):
    r = run("CN", {"DE": "fbm", code: "fbm"})
    assert r["registration_count"] == {"min": 1, "max": 2}
    kinds = {g["id"]: g["kind"] for g in r["registrations"]}
    assert kinds == {"europe": "unified", code: "unconfirmed"}
    assert "1 to 2" in en(r["warnings"]) and "未确认" in zh(r["warnings"])
    alone = run("CN", {code: "fbm"})
    assert alone["registration_count"] == {"min": 1, "max": 1}


@pytest.mark.parametrize("code", ["JP", "AU", "SG", "AE", "SA"])
def test_separate_accounts(code):
    r = run("CN", {code: "fbm", "US": "fbm"})
    assert r["registration_count"] == {"min": 2, "max": 2}
    assert {g["id"]: g["kind"] for g in r["registrations"]} == {"na_br": "unified", code: "separate"}


def test_egypt_is_a_registration_of_its_own_but_unconfirmed():
    r = run("CN", {"EG": "fbm"})
    assert r["registrations"][0]["kind"] == "separate_unconfirmed"
    assert "Egypt" in en(r["warnings"])


def test_five_separate_plus_two_unified():
    plan = {c: "fba" for c in ("US", "MX", "UK", "FR", "JP", "AU", "SG", "AE", "SA")}
    assert run("HK", plan)["registration_count"] == {"min": 7, "max": 7}


# --- closed marketplaces ---------------------------------------------------------------

@pytest.mark.parametrize("home", ["CN", "HK", "US", "IN", "other"])
def test_amazon_cn_is_closed_to_everyone_since_18_july_2019(home):
    r = run(home, {"CN": "fbm", "JP": "fba"})
    (b,) = r["blocked"]
    assert b["code"] == "CN" and b["status"] == "closed" and b["since"] == "2019-07-18"
    assert "2019-07-18" in b["reason"]["en"] and "2019-07-18" in b["reason"]["zh"]
    assert "third-party" in b["reason"]["en"]
    assert r["registration_count"]["max"] == 1


@pytest.mark.parametrize("home", ["CN", "HK", "US", "UK", "DE", "JP", "other"])
def test_amazon_in_is_unconfirmed_for_sellers_outside_india(home):
    r = run(home, {"IN": "fbm"})
    assert r["blocked"][0]["status"] == "blocked_unconfirmed"
    assert r["registration_count"] == {"min": 0, "max": 0}
    assert "unconfirmed" in en(r["warnings"])


def test_amazon_in_is_open_to_a_seller_based_in_india_with_gst_and_tcs_flags():
    r = run("IN", {"IN": "fbm", "AE": "fba"})
    assert r["blocked"] == []
    assert r["registration_count"] == {"min": 2, "max": 2}
    flags = {f["id"]: f for f in r["tax_flags"]}
    assert "GST registration" in flags["in_gst"]["text"]["en"]
    assert "1%" in flags["in_tcs"]["text"]["en"] and "2018" in flags["in_tcs"]["text"]["zh"]
    # Selling at home: the own address is local.
    row = next(x for x in r["marketplaces"] if x["code"] == "IN")
    assert "your own address" in row["returns"]["en"]


# --- FBA availability ----------------------------------------------------------------

@pytest.mark.parametrize("code,status,source", [
    ("US", "offered", "seed"), ("CA", "offered", "seed"), ("UK", "offered", "seed"), ("DE", "offered", "seed"),
    ("FR", "offered", "seed"), ("IT", "offered", "seed"), ("ES", "offered", "seed"), ("JP", "offered", "seed"),
    ("AU", "offered", "amazon-fba-pages"), ("AE", "offered", "amazon-fba-pages"), ("SG", "offered", "amazon-fba-pages"),
    ("BR", "offered", "amazon-fba-pages"), ("MX", "offered", "amazon-fba-pages"), ("PL", "offered", "amazon-fba-pages"),
    ("NL", "offered", "amazon-fba-pages"), ("SE", "offered", "amazon-fba-pages"), ("BE", "offered", "amazon-fba-pages"),
    ("SA", "unconfirmed", "not-found"), ("EG", "unconfirmed", "not-found"), ("TR", "unconfirmed", "not-found"),
    ("IE", "unconfirmed", "not-found"), ("IN", "unconfirmed", "seed"),
])
def test_fba_availability(code, status, source):
    r = run("IN" if code == "IN" else "CN", {code: "fba"})
    row = r["marketplaces"][0]
    assert row["fba"]["status"] == status and row["fba"]["source"]["id"] == source
    if status == "unconfirmed":
        assert "could not confirm that FBA is offered" in en(r["warnings"])
        assert any("confirm that FBA is offered" in c["text"]["en"] for c in r["checklist"])
    else:
        assert "could not confirm" not in en(r["warnings"])


def test_fba_must_be_enabled_in_each_marketplace_account():
    r = run("CN", {"US": "fba", "UK": "fba"})
    assert "does not extend to another" in en(r["steps"])
    assert sum("enable FBA in the account" in c["text"]["en"] for c in r["checklist"]) == 2


def test_pan_european_fba_adds_storage_countries_and_vat_flags():
    r = run("CN", {"DE": "pan_eu", "FR": "fbm"})
    pe = r["pan_eu"]
    assert pe["marketplaces"] == ["DE"] and pe["source"]["id"] == "forum-paneu-2021"
    assert "about 2021" in pe["text"]["en"] and "约 2021 年" in pe["text"]["zh"]
    assert "unconfirmed: the United Kingdom" in pe["text"]["en"]
    storage = {f["country"]: f for f in r["tax_flags"] if f["kind"] == "storage"}
    assert set(storage) == {"UK", "FR", "DE", "IT", "ES", "PL", "CZ"}
    assert "(unconfirmed)" in storage["UK"]["text"]["en"]
    assert "19%" in storage["DE"]["text"]["en"]
    # A country stocked for FBA of its own is flagged for that marketplace only.
    both = run("CN", {"DE": "pan_eu", "UK": "fba"})
    uk = next(f for f in both["tax_flags"] if f["country"] == "UK")
    assert uk["marketplaces"] == ["UK"] and "(unconfirmed)" not in uk["text"]["en"]
    de_steps = en(next(x for x in both["marketplaces"] if x["code"] == "DE")["steps"])
    assert "in the United Kingdom" not in de_steps and "customs duties" not in de_steps


def test_pan_eu_storage_skips_the_home_country_and_eu_sellers_get_no_ioss_flag():
    r = run("DE", {"DE": "pan_eu", "FR": "fbm", "UK": "fbm"})
    storage = {f["country"] for f in r["tax_flags"] if f["kind"] == "storage"}
    assert "DE" not in storage
    ids = {f["id"] for f in r["tax_flags"]}
    assert "low_value_eu" not in ids  # France from Germany is not an import
    assert "low_value_uk" in ids


def test_unconfirmed_pan_eu_marketplace_is_flagged():
    r = run("CN", {"NL": "pan_eu"})
    assert "Pan-European FBA covers this marketplace is unconfirmed" in en(r["warnings"])


# --- returns, language, tax ------------------------------------------------------------

def test_returns_and_language_per_choice():
    r = run("CN", {"UK": "fbm", "DE": "fba", "JP": "undecided"})
    rows = {x["code"]: x for x in r["marketplaces"]}
    assert "local return address in the United Kingdom" in rows["UK"]["returns"]["en"]
    assert "reimburse" in rows["UK"]["returns"]["en"] and "国际退货运费" in rows["UK"]["returns"]["zh"]
    assert "FBA gives buyers a local return address in Germany" in rows["DE"]["returns"]["en"]
    assert "German" in rows["DE"]["language"]["en"] and "FBA answers" in rows["DE"]["language"]["en"]
    assert "answer buyers in English" in rows["UK"]["language"]["en"]
    assert "日语" in rows["JP"]["language"]["zh"]
    assert any("Japan (amazon.co.jp): choose self-fulfilment or FBA" in c["text"]["en"] for c in r["checklist"])


def test_low_value_flags_for_self_fulfilled_imports():
    r = run("CN", {"UK": "fbm", "DE": "fbm", "FR": "undecided", "US": "fba"})
    flags = {f["id"]: f for f in r["tax_flags"]}
    assert "£135" in flags["low_value_uk"]["text"]["en"]
    assert "IOSS" in flags["low_value_eu"]["text"]["en"] and "€150" in flags["low_value_eu"]["text"]["en"]
    assert flags["low_value_eu"]["marketplaces"] == ["DE", "FR"]
    assert "low_value_us" not in flags  # FBA stock is imported in bulk, not as parcels
    assert "storage_US" in flags and "fba_duties" in flags
    for f in flags.values():
        assert f["text"]["en"].startswith("Check with"), f  # flags, never advice
        assert f["text"]["zh"].startswith("请"), f
        assert f["source"]["date"]


def test_no_flags_for_selling_at_home_by_self_fulfilment():
    r = run("US", {"US": "fbm"})
    assert r["tax_flags"] == []
    assert "your own address" in r["marketplaces"][0]["returns"]["en"]


# --- checklist and details -------------------------------------------------------------

def test_checklist_in_both_languages_links_to_the_guidance():
    r = run("CN", BRIEF)
    items = r["checklist"]
    assert len(items) >= 8
    for item in items:
        assert item["link"].startswith("../../guide/")
        assert item["text"]["en"] and re.search(r"[\u4e00-\u9fff]", item["text"]["zh"])
    texts_en = en([i["text"] for i in items])
    texts_zh = zh([i["text"] for i in items])
    assert "Register the North America and Brazil unified account" in texts_en
    assert "注册北美和巴西联合账户" in texts_zh and "注册欧洲联合账户" in texts_zh
    assert "check whether it now accepts sellers based in Mainland China" in texts_en
    links = {i["link"].split("#")[0] for i in items}
    assert {"../../guide/accounts-and-marketplaces/", "../../guide/taxes-and-customs/"} <= links
    for lang in ("en", "zh"):
        html = accounts.details(r, lang)
        block = re.search(r'<ol class="calc-checklist" data-copy>(.*?)</ol>', html).group(1)
        assert block.count("<li>") == len(items)
        assert block.count('href="../../guide/') == len(items)
        for item in items:
            assert item["text"][lang].replace("&", "&amp;").replace('"', "&quot;") in block or \
                __import__("html").escape(item["text"][lang]) in block
    assert "<caption>" in accounts.details(r, "zh") and "阅读" not in accounts.details(r, "en")


def test_every_guidance_link_points_at_a_page_and_heading_in_both_languages():
    for name, link in accounts.GUIDE.items():
        assert link.startswith("../../"), name
        path, _, anchor = link[len("../../"):].partition("#")
        page = path.rstrip("/") or "index"
        for suffix in (".md", ".zh.md"):
            source = ROOT / "docs" / f"{page}{suffix}"
            assert source.exists(), (name, source)
            if anchor:
                assert "{#" + anchor + "}" in source.read_text("utf-8"), (name, source, anchor)


def test_tax_items_link_to_their_own_section():
    r = run("CN", {"UK": "fbm", "DE": "pan_eu", "US": "fbm", "IN": "fbm"})
    links = {c["text"]["en"][:60]: c["link"] for c in r["checklist"]}
    assert any(l.endswith("#uk-135") for l in links.values())
    assert any(l.endswith("#us-de-minimis") for l in links.values())
    assert any(l.endswith("#storing-inventory-abroad") for l in links.values())
    assert any(l.endswith("#duties-on-fba-stock") for l in links.values())
    assert any(l.endswith("#pan-european-fba") for l in links.values())


def test_details_are_plain_html_without_scripts_or_styles():
    for home, plan in (("CN", BRIEF), ("HK", {"IE": "fbm", "CN": "fba", "TR": "undecided", "EG": "fbm"})):
        r = run(home, plan)
        for lang in ("en", "zh"):
            html = render.result_html(accounts.CALCULATOR, r, lang)
            assert "<script" not in html and "style=" not in html
            assert '<th scope="row">' in html


# --- bad inputs -------------------------------------------------------------------------

@pytest.mark.parametrize("payload,field,en_part,zh_part", [
    ({"home_country": "XX", "marketplaces": {"US": "fba"}}, "home_country", "Where your business is based: choose one of", "企业所在地：请从以下选项中选择"),
    ({"home_country": "CN", "marketplaces": [{"code": "ZZ", "fulfilment": "fba"}]}, "marketplaces", "Marketplaces and fulfilment: choose one of US, CA", "站点与配送方式：请从以下选项中选择"),
    ({"home_country": "CN", "marketplaces": []}, "marketplaces", "choose at least one", "请至少选择一项"),
    ({"home_country": "CN", "marketplaces": {"US": "", "DE": ""}}, "marketplaces", "choose at least one", "请至少选择一项"),
    ({"home_country": "CN", "marketplaces": [{"code": "US", "fulfilment": "fba"}, {"code": "us", "fulfilment": "fbm"}]},
     "marketplaces", "US is listed more than once", "US 重复出现"),
    ({"home_country": "CN", "marketplaces": [{"code": "US", "fulfilment": "pan_eu"}, {"code": "JP", "fulfilment": "pan_eu"}, {"code": "DE", "fulfilment": "pan_eu"}]},
     "marketplaces", "Pan-European FBA is only for the European marketplaces; choose FBA, self-fulfilment or “Not decided yet” for US, JP.",
     "只适用于欧洲站点；请为 US, JP 选择"),
    ({"home_country": "CN", "marketplaces": {"US": "drone"}}, "marketplaces", "Marketplaces and fulfilment (US): choose one of fbm, fba, pan_eu, undecided", "站点与配送方式 (US)：请从以下选项中选择"),
    ({"home_country": "CN", "marketplaces": 5}, "marketplaces", "give a list", "请提供一个列表"),
    ({"home_country": "CN"}, "marketplaces", "enter a value", "请填写"),
    ({"marketplaces": {"US": "fba"}}, "home_country", "enter a value", "请填写"),
])
def test_bad_inputs_give_bilingual_field_errors(payload, field, en_part, zh_part):
    messages = errors(payload)
    assert field in messages, messages
    assert en_part in messages[field]["en"]
    assert zh_part in messages[field]["zh"]


def test_form_shape_list_shape_and_string_shape_agree():
    form = run("CN", {"US": "fba", "CA": "", "UK": "fbm", "JP": "undecided"})
    cli = run("CN", [{"code": "US", "fulfilment": "fba"}, {"code": "UK", "fulfillment": "fbm"}, {"code": "JP"}])
    text = run("cn", "US:fba, UK:fbm, JP")
    assert form == cli == text


def test_examples_cover_valid_and_invalid_inputs():
    results = [calculators.run("accounts", ex)[0] for ex in accounts.CALCULATOR.examples]
    assert results.count(True) >= 5 and results.count(False) >= 3


# --- the form widget ------------------------------------------------------------------

def test_widget_has_one_select_per_marketplace_and_pan_eu_only_in_europe():
    calc = calculators.get("accounts")
    values = calc.defaults()
    ok, result = calculators.run("accounts", values)
    assert ok
    for lang, blank in (("en", "Not selling here"), ("zh", "不在此站点销售")):
        html = render.form_html(calc, lang, values, result)
        selects = re.findall(r'<select id="accounts-marketplaces-(\w+)" name="marketplaces\.(\w+)"[^>]*>(.*?)</select>', html)
        assert sorted(s[0] for s in selects) == sorted(ALL) and all(a == b for a, b, _ in selects)
        regions = re.findall(r'<tbody data-region="(\w+)"><tr><th scope="rowgroup" colspan="2">([^<]+)</th>', html)
        assert [r[0] for r in regions] == ["americas", "europe", "asia_pacific", "middle_east_africa"]
        assert regions[1][1] == ("Europe" if lang == "en" else "欧洲")
        for code, _, options in selects:
            assert ('value="pan_eu"' in options) == (code in EUROPE), code
            assert f">{blank}</option>" in options
        chosen = {code: re.search(r'value="(\w*)" selected', options).group(1) for code, _, options in selects}
        assert {k: v for k, v in chosen.items() if v} == accounts.DEFAULT_PLAN
        assert 'data-error-for="marketplaces"' in html and 'data-error-for="home_country"' in html


# --- the command line ---------------------------------------------------------------------

def test_cli_prints_the_plan():
    proc = cli("accounts", {"home_country": "CN", "marketplaces": BRIEF})
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["registration_count"] == {"min": 3, "max": 3}
    assert out["blocked"][0]["code"] == "IN"


def test_cli_bad_input_exits_2_with_bilingual_errors():
    proc = cli("accounts", {"home_country": "CN", "marketplaces": [{"code": "US", "fulfilment": "pan_eu"}]})
    assert proc.returncode == 2
    (err,) = json.loads(proc.stdout)["errors"]
    assert err["field"] == "marketplaces" and err["message"]["en"] and err["message"]["zh"]
    proc = cli("accounts", "{not json")
    assert proc.returncode == 2

"""MkDocs hooks for the guide pages: content built from data, and links out.

Registered after scripts/site_hooks.py. Reads the files in guidance/ (see its README):

- ``[text][id]`` links: every page gets the reference definitions of guidance/links.yml
  appended, so a source's address is written once.
- Placeholders in a page's Markdown, replaced in the page's language:
  ``<!-- guidance:sources TOPIC -->``   the Sources table for one topic;
  ``<!-- guidance:timeline -->``        the dated changes, from guidance/dated-facts.yml
                                         and the calculators' rate cards;
  ``<!-- guidance:example CASE -->``    one case of the worked example, every figure
                                         computed now by ``calculators.core.run``;
  ``<!-- guidance:item -->``            the worked example's item, in words.
- External links open in a new tab, with an icon (CSS) and visually hidden words that
  say so (guidance.css); links inside calculator forms are left to the calculators.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
import sys
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the calculators package is imported from the working tree
    sys.path.insert(0, str(ROOT))

from calculators import core, scenario  # noqa: E402
from calculators.fields import as_text  # noqa: E402
from calculators.i18n import fmt_money, message  # noqa: E402

DATA = ROOT / "guidance"
CALCULATOR_DATA = ROOT / "calculators" / "data"
LANGUAGES = ("en", "zh")

# The timeline covers these years; earlier changes still cited and announced later
# ones get a section each.
TIMELINE_YEARS = (2024, 2025, 2026)


# --- data files ---------------------------------------------------------------------

def _load(name: str) -> dict:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def links() -> dict:
    return _load("links.yml")


@lru_cache(maxsize=None)
def allowed_hosts() -> frozenset[str]:
    return frozenset(_load("external-hosts.yml")["hosts"])


@lru_cache(maxsize=None)
def dated_facts() -> list[dict]:
    return _load("dated-facts.yml")["facts"]


@lru_cache(maxsize=None)
def worked_example() -> dict:
    return _load("worked-example.yml")


def link_problem(url: str) -> str | None:
    """Why an external URL may not appear on the site, or None when it may."""
    parts = urlsplit(url)
    if parts.scheme != "https":
        return "not https"
    if parts.hostname not in allowed_hosts():
        return f"host {parts.hostname} is not in guidance/external-hosts.yml"
    if parts.path in ("", "/") and not parts.query:
        return "a bare domain: link the page that states the rule"
    return None


def on_config(config):
    # Read the data afresh on every build (mkdocs serve rebuilds in one process).
    for cached in (links, allowed_hosts, dated_facts, worked_example):
        cached.cache_clear()
    # A bad address fails the build here, before any page is written.
    problems = [f"{key}: {link_problem(entry['url'])}" for key, entry in links()["links"].items()
                if entry.get("url") and link_problem(entry["url"])]
    topics = {t["id"] for t in links()["topics"]}
    problems += [f"{key}: unknown topic {entry.get('topic')!r}" for key, entry in links()["links"].items()
                 if entry.get("topic") not in topics]
    problems += [f"dated fact {fact['id']}: unknown link {ref}" for fact in dated_facts()
                 for ref in fact["links"] if ref not in links()["links"]]
    if problems:
        raise ValueError("guidance data: " + "; ".join(problems))
    return config


def _language(config) -> str:
    return config["theme"]["language"] if config["theme"]["language"] in LANGUAGES else "en"


# --- dates and small formatting ---------------------------------------------------------

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def parse_date(value) -> tuple[int, int | None, int | None]:
    """(year, month, day) of a date written YYYY, YYYY-MM or YYYY-MM-DD (or a date)."""
    if isinstance(value, dt.date):
        return value.year, value.month, value.day
    parts = [int(p) for p in str(value).split("-")]
    return (parts + [None, None])[0], (parts + [None, None])[1], (parts + [None, None])[2]


def format_date(value, lang: str) -> str:
    """The date as the pages write it: "1 July 2026" / "2026 年 7 月 1 日"."""
    year, month, day = parse_date(value)
    if lang == "zh":
        return f"{year} 年" + (f" {month} 月" if month else "") + (f" {day} 日" if day else "")
    return " ".join(str(p) for p in ((day,) if day else ()) + ((MONTHS[month - 1],) if month else ()) + (year,))


def _sort_key(value) -> tuple:
    year, month, day = parse_date(value)
    return year, month or 0, day or 0


def _cell(text: str) -> str:
    """Text for a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


MARKS = {"official": {"en": "official", "zh": "官方"}, "third-party": {"en": "third-party", "zh": "第三方"},
         "code": {"en": "calculator code", "zh": "计算器代码"}}
MARKS["third-party-code"] = MARKS["code"]  # the calculators' data files call it so


def source_ref(key: str, lang: str) -> str:
    """A source as Markdown: linked where it has an official page, with its mark."""
    entry = links()["links"][key]
    title = entry["title"][lang]
    text = f"[{_cell(title)}][{key}]" if entry.get("url") else _cell(title)
    mark = MARKS[entry["mark"]][lang]
    return f"{text} ({mark})" if lang == "en" else f"{text}（{mark}）"


# --- [text][id] references -------------------------------------------------------------

def reference_definitions() -> str:
    return "\n".join(f"[{key}]: {entry['url']}" for key, entry in links()["links"].items() if entry.get("url"))


# --- Sources page: one table per topic ---------------------------------------------------

SOURCE_HEADERS = {"en": ("Source", "Supports", "Mark", "Fact dated", "Last checked"),
                  "zh": ("来源", "支持的内容", "标记", "事实日期", "最近核实")}


def sources_table(topic: str, lang: str) -> str:
    rows = [key for key, entry in links()["links"].items() if entry["topic"] == topic]
    if not rows:
        raise ValueError(f"no source in guidance/links.yml for topic {topic!r}")
    head = SOURCE_HEADERS[lang]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for key in rows:
        entry = links()["links"][key]
        title = f"[{_cell(entry['title'][lang])}][{key}]" if entry.get("url") else _cell(entry["title"][lang])
        out.append(f"| {title} | {_cell(entry['supports'][lang])} | {MARKS[entry['mark']][lang]} | "
                   f"{_cell(entry['dated'][lang])} | {entry['checked']} |")
    return "\n".join(out)


# --- timeline -----------------------------------------------------------------------------

def _country(code: str, lang: str) -> str:
    try:
        return message(f"landed_cost.countries.{code}")[lang]
    except Exception:  # a marketplace the catalogue does not name
        return code


def _category_label(code: str, lang: str) -> str:
    calc = core.get("referral-fee")
    for f in calc.fields if calc else ():
        if f.name == "category":
            for option in f.options:
                if option.value == code:
                    return option.label[lang]
    return code


CARD_KINDS = {
    "fba": ({"en": "FBA fulfillment fee card", "zh": "亚马逊物流配送费费率表"}, "fba-fee"),
    "storage": ({"en": "Monthly storage fee card", "zh": "月度库存仓储费费率表"}, "storage-fee"),
    "referral": ({"en": "Referral fee card", "zh": "销售佣金费率表"}, "referral-fee"),
}


# Names for surcharges whose data entry carries no label (terms.md).
SURCHARGE_NAMES = {"fuel_logistics": {"en": "Fuel and logistics surcharge", "zh": "燃油和物流附加费"}}


def _card_source(card: dict, source_id: str | None) -> dict:
    for source in card.get("sources", []):
        if source.get("id") == (source_id or card.get("source")):
            return source
    return {}


def _in_window(value) -> bool:
    if not value:
        return False
    return TIMELINE_YEARS[0] <= parse_date(value)[0] <= TIMELINE_YEARS[-1]


def rate_card_changes(skip_rules: frozenset[str] = frozenset()) -> list[dict]:
    """Dated changes read from the calculators' data files: rate cards that start or end,
    surcharges, referral category changes, aged-inventory rules and import rules, in the
    timeline's years. Each: date, text {en, zh}, where [codes], source {title, url,
    checked, mark}, calculator, key (to merge the same change across marketplaces).
    Import rules whose id is in ``skip_rules`` are left out (a dated fact describes them)."""
    found: list[dict] = []
    for path in sorted(CALCULATOR_DATA.glob("*/*.json")):
        folder = path.parent.name
        try:
            card = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            continue
        if not isinstance(card, dict):
            continue
        where = card.get("marketplace") or card.get("country")
        if folder in CARD_KINDS and isinstance(card.get("id"), str):
            kind, calculator = CARD_KINDS[folder]
            for field, verb in (("effective_from", {"en": "takes effect", "zh": "生效"}),
                                ("effective_to", {"en": "ends", "zh": "停用"})):
                if _in_window(card.get(field)) and card.get("date_basis") != "undated":
                    found.append({"date": card[field], "key": (card["id"], field),
                                  "text": {lang: f"{kind[lang]} `{card['id']}` {verb[lang]}" for lang in LANGUAGES},
                                  "where": [where], "source": _card_source(card, None), "calculator": calculator})
            for item in card.get("surcharges", []) or []:
                if _in_window(item.get("effective_from")):
                    label = (item.get("label") or SURCHARGE_NAMES.get(item.get("id"))
                             or {"en": str(item.get("id")), "zh": str(item.get("id"))})
                    pct = item.get("percent")
                    text = {lang: label[lang] + (f" ({pct:g}%)" if pct is not None else "") for lang in LANGUAGES}
                    found.append({"date": item["effective_from"], "key": ("surcharge", item.get("id"), pct), "text": text,
                                  "where": [where], "source": _card_source(card, item.get("source")),
                                  "calculator": calculator})
            for category, rules in (card.get("categories") or {}).items():
                for item in rules if isinstance(rules, list) else ():
                    if isinstance(item, dict) and _in_window(item.get("effective_from")):
                        text = {"en": f"Referral fee rate for {_category_label(category, 'en')} changes",
                                "zh": f"{_category_label(category, 'zh')}的销售佣金费率调整"}
                        found.append({"date": item["effective_from"], "key": ("referral", category), "text": text,
                                      "where": [where], "source": _card_source(card, item.get("source")),
                                      "calculator": calculator})
            for item in ((card.get("aged") or {}).get("rules") or []):
                if _in_window(item.get("effective_from")):
                    found.append({"date": item["effective_from"], "key": ("aged",),
                                  "text": {"en": "Aged inventory surcharge bands change",
                                           "zh": "库龄附加费分段调整"},
                                  "where": [where], "source": _card_source(card, item.get("source")),
                                  "calculator": calculator})
        for item in card.get("rules", []) if folder == "import" else ():
            if (_in_window(item.get("effective_from")) and isinstance(item.get("explain"), dict)
                    and item.get("id") not in skip_rules):
                found.append({"date": item["effective_from"], "key": ("import", item.get("id")), "rule": item.get("id"),
                              "text": item["explain"], "where": [where],
                              "source": _card_source(card, item.get("source")) | {"mark": item.get("confidence")},
                              "calculator": "landed-cost"})
    # The same change in several marketplaces is one row...
    merged: dict[tuple, dict] = {}
    for change in found:
        key = (str(change["date"]),) + tuple(change["key"])
        if key in merged:
            merged[key]["where"] += [w for w in change["where"] if w not in merged[key]["where"]]
        else:
            merged[key] = change
    # ...and a country's import rules of one day (bands of one regime) are one row.
    rows: dict[tuple, dict] = {}
    for change in merged.values():
        if "rule" not in change:
            rows[(id(change),)] = change
            continue
        key = (str(change["date"]), tuple(change["where"]), change["calculator"])
        if key in rows:
            rows[key]["text"] = {lang: rows[key]["text"][lang] + (" " if lang == "en" else "") + change["text"][lang]
                                 for lang in LANGUAGES}
            rows[key]["rules"].append(change["rule"])
        else:
            rows[key] = change | {"rules": [change["rule"]]}
    return list(rows.values())


TIMELINE_HEADERS = {"en": ("Date", "Change", "Where", "Source", "Checked"),
                    "zh": ("日期", "变化", "适用站点 / 国家", "来源", "核实日期")}
PERIODS = {"before": {"en": "Earlier changes still cited", "zh": "仍被引用的早期变化"},
           "later": {"en": "Announced for later", "zh": "已宣布的后续变化"}}


def _data_source_cell(source: dict, lang: str) -> str:
    # The data files title their sources in English: marked as English on a Chinese
    # page (screen readers switch voice; the Chinese term checks leave it alone).
    title = _cell(source.get("title") or "—")
    if lang == "zh" and source.get("title"):
        title = f'<span lang="en">{title}</span>'

    url = source.get("url") or ""
    return f"[{title}]({url})" if url and link_problem(url) is None else title


def timeline(lang: str, here: str) -> str:
    """The whole timeline in Markdown: a section per period, a table per section.
    ``here`` is the folder of the page's source (links are to .md files, checked by
    MkDocs like any other)."""
    replaced = {rule for fact in dated_facts() for rule in fact.get("replaces", [])}
    rows: list[tuple[tuple, str, str]] = []  # (sort key, period, row)
    for fact in dated_facts():
        year = parse_date(fact["date"])[0]
        period = "before" if year < TIMELINE_YEARS[0] else "later" if year > TIMELINE_YEARS[-1] else str(year)
        page, _, anchor = fact["page"].partition("#")
        target = posixpath.relpath(page, here) + (f"#{anchor}" if anchor else "")
        change = f"{_cell(fact['title'][lang])} ([{'more' if lang == 'en' else '详见'}]({target}))"
        sources = "; ".join(source_ref(ref, lang) for ref in fact["links"])
        rows.append((_sort_key(fact["date"]), period,
                     f"| {format_date(fact['date'], lang)} | {change} | — | {sources} | {fact['checked']} |"))
    for change in rate_card_changes(frozenset(replaced)):
        where = "、".join if lang == "zh" else ", ".join
        places = where(_country(code, lang) for code in change["where"] if code)
        calc = posixpath.relpath(f"calculators/{change['calculator']}.md", here)
        label = "calculator" if lang == "en" else "计算器"
        text = f"{_cell(change['text'][lang])} ([{label}]({calc}))"
        source = change["source"]
        mark = MARKS.get(source.get("mark") or source.get("kind"), None)
        cell = _data_source_cell(source, lang) + (f" ({mark[lang]})" if mark and lang == "en" else
                                                   f"（{mark[lang]}）" if mark else "")
        rows.append((_sort_key(change["date"]), str(parse_date(change["date"])[0]),
                     f"| {format_date(change['date'], lang)} | {text} | {places or '—'} | {cell} | "
                     f"{source.get('checked') or '—'} |"))
    out = []
    head = TIMELINE_HEADERS[lang]
    for period in ("before",) + tuple(str(y) for y in TIMELINE_YEARS) + ("later",):
        section = [row for key, p, row in sorted(rows) if p == period]
        if not section:
            continue
        title = PERIODS[period][lang] if period in PERIODS else (period if lang == "en" else f"{period} 年")
        out += [f"## {title} {{#{'y' + period if period.isdigit() else period}}}", "",
                "| " + " | ".join(head) + " |", "|" + "---|" * len(head), *section, ""]
    return "\n".join(out)


# --- worked example --------------------------------------------------------------------------

def resolve(result, path: str):
    """A value in a result by a dotted path; ``lines[id=fba_fee]`` picks a list item."""
    value = result
    for part in path.split("."):
        match = re.fullmatch(r"(\w+)\[(\w+)=(\w+)\]", part)
        if match:
            name, key, wanted = match.groups()
            items = value.get(name) if isinstance(value, dict) else None
            value = next((i for i in items or () if isinstance(i, dict) and str(i.get(key)) == wanted), None)
        else:
            value = value.get(part) if isinstance(value, dict) else None
        if value is None:
            return None
    return value


def calculator_query(name: str, payload: dict) -> str:
    """The query string for a calculator link (the calculator pages read it back):
    field names in the calculator's order, only the fields that differ from its
    defaults, values as text, percent-encoded (calculators/scenario.py)."""
    calc = core.get(name)
    return scenario.query_of(calc, {**calc.defaults(), **payload})


def run_case(case: dict, date: str) -> dict:
    """Run every calculator of a case: {run: {calculator, payload, ok, result}}."""
    done: dict[str, dict] = {}
    for run_id, spec in case["runs"].items():
        payload = {"date": date}
        for name, value in spec["inputs"].items():
            if isinstance(value, dict) and "from" in value:
                source = done[value["from"]]
                value = resolve(source["result"], value["path"]) if source["ok"] else None
                if value is None:
                    continue  # the calculator says what is missing
            payload[name] = value
        calc = core.get(spec["calculator"])
        if calc is None:
            raise ValueError(f"worked example: no calculator {spec['calculator']!r}")
        ok, result = core.run(spec["calculator"], {**calc.defaults(), **payload})
        if not ok and "internal" in result:
            raise ValueError(f"worked example {case['id']}/{run_id}: {result['internal']}")
        done[run_id] = {"calculator": spec["calculator"], "payload": payload, "ok": ok, "result": result}
    return done


def _figure(run: dict, path: str, lang: str, root: str, missing_path: str | None = None) -> str:
    """A figure from a run as Markdown: the amount, linked to the calculator with the
    same inputs, or what the calculator says is missing."""
    href = f"{root}calculators/{run['calculator']}/?{calculator_query(run['calculator'], run['payload'])}"
    result = run["result"]
    value = resolve(result, path) if run["ok"] else None
    attrs = f'{{: .worked-figure data-path="{path}" }}'
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        currency = result.get("currency") or "USD"
        return f"[{fmt_money(float(value), currency)[lang]}]({href}){attrs}"
    reason = resolve(result, missing_path) if (run["ok"] and missing_path) else None
    if reason is None and not run["ok"]:
        reason = result["errors"][0]["message"]
    why = f" {_cell(reason[lang])}" if isinstance(reason, dict) else ""
    label = {"en": "not in our data", "zh": "我们的数据中没有"}[lang]
    attrs = f'{{: .worked-figure-missing data-path="{path}" }}'
    return f"[{label}]({href}){attrs}{why}"


def _inputs_list(run: dict, lang: str) -> str:
    calc = core.get(run["calculator"])
    labels = {f.name: f for f in calc.fields}
    parts = []
    for name, value in run["payload"].items():
        f = labels.get(name)
        if f is None:
            continue
        shown = as_text(value)
        for option in getattr(f, "options", ()):
            if option.value == value:
                shown = option.label[lang]
        parts.append(f"{f.label[lang]}{'：' if lang == 'zh' else ': '}{shown}")
    return ("；" if lang == "zh" else "; ").join(parts)


EXAMPLE_TEXT = {
    "figures": {"en": "Figures from the calculators", "zh": "各计算器的结果"},
    "option": {"en": "Per unit sold", "zh": "每售出一件"},
    "fba": {"en": "FBA", "zh": "亚马逊物流 (FBA)"},
    "self": {"en": "Self-fulfilment from China", "zh": "从中国自配送"},
    "total": {"en": "Total cost per unit", "zh": "每件总成本"},
    "profit": {"en": "Left per unit (price − total)", "zh": "每件剩余（售价 − 总成本）"},
    "inputs": {"en": "Inputs of the comparison", "zh": "对比所用的输入"},
    "open": {"en": "Open this comparison in the calculator, with these inputs, to change them",
             "zh": "在计算器中打开这组对比（已填好上述输入），可自行修改"},
    "no_table": {"en": "The comparison cannot be completed with our data:", "zh": "用我们的数据无法完成对比："},
    "date": {"en": "Computed with the rate cards and import rules in force on {date}.",
             "zh": "按 {date} 有效的费率表和进口规则计算。"},
}


def example_case(case_id: str, lang: str, root: str) -> str:
    spec = worked_example()
    case = next((c for c in spec["cases"] if c["id"] == case_id), None)
    if case is None:
        raise ValueError(f"worked example: no case {case_id!r}")
    runs = run_case(case, spec["date"])
    t = {k: v[lang] for k, v in EXAMPLE_TEXT.items()}
    out = [t["date"].format(date=spec["date"]), "", f"**{t['figures']}**", ""]
    colon = "：" if lang == "zh" else ": "
    for figure in case["figures"]:
        out.append(f"- {figure['label'][lang]}{colon}"
                   f"{_figure(runs[figure['run']], figure['path'], lang, root, figure.get('missing'))}")
    out.append("")
    both = runs[case["table"]]
    if both["ok"]:
        result = both["result"]
        # Rows: lines both options share at the ends, each option's own in between.
        sides = {side: {line["id"]: line["label"][lang] for line in result[side]["lines"]}
                 for side in ("fba", "self")}
        shared = [i for i in sides["fba"] if i in sides["self"]]
        order = (shared[:1] + [i for i in sides["fba"] if i not in shared]
                 + [i for i in sides["self"] if i not in shared] + shared[1:])
        labels = {i: sides["fba"].get(i) or sides["self"][i] for i in order}
        out += [f"| {t['option']} | {t['fba']} | {t['self']} |", "|---|---:|---:|"]
        for line_id, label in labels.items():
            cells = [_figure(both, f"{side}.lines[id={line_id}].amount", lang, root)
                     if resolve(result, f"{side}.lines[id={line_id}]") else "—" for side in ("fba", "self")]
            out.append(f"| {_cell(label)} | {cells[0]} | {cells[1]} |")
        out.append(f"| **{t['total']}** | {_figure(both, 'fba.total', lang, root)} | "
                   f"{_figure(both, 'self.total', lang, root)} |")
        out.append(f"| **{t['profit']}** | {_figure(both, 'fba.profit', lang, root)} | "
                   f"{_figure(both, 'self.profit', lang, root)} |")
    else:
        reasons = " ".join(dict.fromkeys(e["message"][lang] for e in both["result"]["errors"]))
        out.append(f"{t['no_table']} {_figure(both, 'fba.total', lang, root)} {_cell(reasons)}")
    out += ["", f"*{t['inputs']}:* {_inputs_list(both, lang)}", ""]
    query = calculator_query(both["calculator"], both["payload"])
    out += [f"[{t['open']}]({root}calculators/{both['calculator']}/?{query}){{: .worked-open }}", ""]
    return "\n".join(out)


# --- pages ---------------------------------------------------------------------------------

PLACEHOLDER = re.compile(r"<!-- guidance:(sources|timeline|example|item)(?: ([\w-]+))? -->")


def _default_src(page) -> str:
    """The page's source path as the English page's (``guide/x.zh.md`` -> ``guide/x.md``)."""
    src = page.file.src_uri
    return src[: -len(".zh.md")] + ".md" if src.endswith(".zh.md") else src


def _language_root(page) -> str:
    """Relative path from a page to the home of its language (where both calculators/
    and guide/ of that language live)."""
    url = page.url[3:] if page.url.startswith("zh/") else page.url
    return "../" * url.count("/")


def on_page_markdown(markdown, page, config, files):
    lang = _language(config)
    root = _language_root(page)

    def replace(match: re.Match) -> str:
        kind, arg = match.group(1), match.group(2)
        if kind == "sources":
            return sources_table(arg, lang)
        if kind == "timeline":
            return timeline(lang, posixpath.dirname(_default_src(page)))
        if kind == "item":
            return worked_example()["item"][lang]
        return example_case(arg, lang, root)

    markdown = PLACEHOLDER.sub(replace, markdown)
    return markdown + "\n\n" + reference_definitions() + "\n"


NEW_TAB = {"en": " (opens in a new tab)", "zh": "（在新标签页打开）"}
CALCULATOR_FORM = re.compile(r'(<form class="calc".*?</form>)', re.S)
ANCHOR = re.compile(r'<a ([^>]*?)href="(https?://[^"]+)"([^>]*)>(.*?)</a>', re.S)


def _site_host(config) -> str | None:
    return urlsplit(config.get("site_url") or "").hostname


def decorate_external_links(html: str, lang: str, own_host: str | None) -> str:
    def one(match: re.Match) -> str:
        before, url, after, inner = match.groups()
        if urlsplit(url).hostname in (own_host, "127.0.0.1", "localhost") or "external-link" in before + after:
            return match.group(0)
        attrs = (before + after).strip()
        if 'class="' in attrs:
            attrs = attrs.replace('class="', 'class="external-link ', 1)
        else:
            attrs = (attrs + ' class="external-link"').strip()
        attrs = re.sub(r'\s*(target|rel)="[^"]*"', "", attrs)
        return (f'<a href="{url}" {attrs} target="_blank" rel="noopener noreferrer">{inner}'
                f'<span class="visually-hidden">{NEW_TAB[lang]}</span></a>')

    parts = CALCULATOR_FORM.split(html)
    return "".join(part if part.startswith('<form class="calc"') else ANCHOR.sub(one, part) for part in parts)


def on_page_content(html, page, config, files):
    return decorate_external_links(html, _language(config), _site_host(config))

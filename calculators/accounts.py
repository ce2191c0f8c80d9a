"""Account planner: what a seller must set up to sell in more Amazon marketplaces.

Given where the business is based and, for each marketplace wanted, a fulfilment
choice, it works out the seller-account registrations (as Amazon groups them), the
marketplaces that cannot be joined and why, FBA availability, returns, customer-service
language and tax flags, and a checklist. Every fact comes from
``calculators/data/accounts/*.json`` with its source, date and confidence; facts the
sources do not settle are shown as unconfirmed, never guessed. Sentences live in
``calculators/locale/accounts.json``.
"""

from __future__ import annotations

from functools import lru_cache

from .core import calculator, row
from .fields import Choice, ChoiceGrid, Option, field_error
from .i18n import LANGUAGES, Text, catalogue, message
from .ratecards import read_file
from .render import esc, text_html

FULFILMENT = ("fbm", "fba", "pan_eu", "undecided")
FBA_LIKE = ("fba", "pan_eu")

# Guidance pages, relative to the built page calculators/accounts/ (same in /zh/).
GUIDE = {
    "accounts": "../../guide/accounts-and-marketplaces/#accounts-by-region",
    "european": "../../guide/accounts-and-marketplaces/#european-account",
    "closed": "../../guide/accounts-and-marketplaces/#closed-marketplaces",
    "convert": "../../guide/accounts-and-marketplaces/#convert-listings",
    "fba_where": "../../guide/fba/#where-fba-is-offered",
    "fba_each": "../../guide/fba/#fba-per-marketplace",
    "fba": "../../guide/fba/",
    "fbm": "../../guide/self-fulfilment/",
    "returns_fbm": "../../guide/returns/#self-fulfilled-returns",
    "returns_fba": "../../guide/returns/#fba-returns",
    "language": "../../guide/deciding/#local-language-support",
    "deciding": "../../guide/deciding/",
    "taxes": "../../guide/taxes-and-customs/",
    "tax_storage": "../../guide/taxes-and-customs/#storing-inventory-abroad",
    "tax_low_value": "../../guide/taxes-and-customs/#low-value-rules",
    "tax_us": "../../guide/taxes-and-customs/#us-de-minimis",
    "tax_uk": "../../guide/taxes-and-customs/#uk-135",
    "tax_eu": "../../guide/taxes-and-customs/#eu-ioss",
    "tax_other": "../../guide/taxes-and-customs/#other-marketplaces",
    "tax_rates": "../../guide/taxes-and-customs/#vat-gst",
    "fba_duties": "../../guide/self-fulfilment/#duties-on-fba-stock",
    "pan_eu": "../../glossary/#pan-european-fba",
    "glossary": "../../glossary/",
}


# --- data -------------------------------------------------------------------------

@lru_cache(maxsize=None)
def load(name: str) -> dict:
    """One data file of ``calculators/data/accounts``, e.g. ``load("groups")``."""
    return read_file("accounts", name)


@lru_cache(maxsize=None)  # indexed dozens of times per result; the data never changes
def sources() -> dict[str, dict]:
    return {s["id"]: s for s in load("sources")["sources"]}


def marketplaces() -> dict[str, dict]:
    return load("marketplaces")["marketplaces"]


def account_of(code: str) -> dict:
    """Where a marketplace sits: {"kind": unified|separate|none, "group": id|None, ...member facts}."""
    groups = load("groups")
    for g in groups["unified"]:
        for m in g["members"]:
            if m["code"] == code:
                return {"kind": "unified", "group": g["id"], **m}
    for m in groups["separate"]:
        if m["code"] == code:
            return {"kind": "separate", "group": None, **m}
    for m in groups["none"]:
        if m["code"] == code:
            return {"kind": "none", "group": None, **m}
    raise KeyError(code)


def _m(key: str, **params) -> Text:
    return message(f"accounts.{key}", **params)


def _mp(code: str) -> Text:
    return message(f"marketplaces.{code}")


def _country(code: str) -> Text:
    return _m(f"countries.{code}")


def _country_in(code: str) -> Text:
    """The country's name as it reads inside a sentence ("the United States")."""
    return _m(f"countries_in.{code}")


def _list(items: list[Text]) -> Text:
    """Join names: "A, B and C" / "A、B 和 C"."""
    out = {}
    for lang in LANGUAGES:
        names = [t[lang] for t in items]
        if len(names) <= 1:
            out[lang] = "".join(names)
        elif lang == "en":
            out[lang] = ", ".join(names[:-1]) + " and " + names[-1]
        else:
            out[lang] = "、".join(names[:-1]) + "和" + names[-1]
    return out


def _codes(codes: list[str]) -> str:
    return ", ".join(codes)


def _date(raw: str) -> Text:
    """A source's date as written in the data ("since 2020-07-01", "undated, old"), in both languages."""
    phrases = catalogue()["accounts"]["dates"]
    if raw in phrases:
        return dict(phrases[raw])
    for word in ("since", "from"):
        if raw.startswith(word + " "):
            return {lang: phrases[word][lang].format(date=raw[len(word) + 1:]) for lang in LANGUAGES}
    return {lang: raw for lang in LANGUAGES}


def _source(fact: dict) -> dict:
    """What the result says about a fact's origin (JSON, part of the result)."""
    src = sources()[fact["source"]]
    date = fact.get("date") or src["date"]
    return {"id": src["id"], "title": src["title"], "date": date, "date_text": _date(date),
            "confidence": fact.get("confidence", "unverified")}


def _cite(fact: dict) -> Text:
    s = _source(fact)
    return _m("cite", source=s["title"], date=s["date_text"], confidence=message(f"accounts.confidence.{s['confidence']}"))


def _note(key: str | None, **params) -> Text | None:
    return _m(f"notes.{key}", **params) if key else None


# --- inputs -----------------------------------------------------------------------

def _row_choices() -> tuple[tuple[str, tuple[str, ...]], ...]:
    out = []
    for code, mp in marketplaces().items():
        allowed = FULFILMENT if mp["pan_eu"] is not None else tuple(c for c in FULFILMENT if c != "pan_eu")
        out.append((code, allowed))
    return tuple(out)


DEFAULT_PLAN = {"US": "fba", "CA": "fbm", "UK": "fba", "DE": "pan_eu", "JP": "fba", "IN": "undecided"}

FIELDS = (
    Choice("home_country", _m("fields.home_country"), _m("fields.home_country_help"), default="CN",
           options=tuple(Option(c, _country(c)) for c in load("countries")["home_countries"])),
    ChoiceGrid("marketplaces", _m("fields.marketplaces"), _m("fields.marketplaces_help"),
               default=DEFAULT_PLAN,
               rows=tuple(Option(c, _mp(c)) for c in marketplaces()),
               choices=tuple(Option(c, _m(f"fulfilment.{c}")) for c in FULFILMENT),
               row_choices=_row_choices(), blank=_m("fulfilment.none"),
               row_key="code", choice_key="fulfilment", choice_aliases=("fulfillment",),
               default_choice="undecided"),
)


def check_pan_eu(values: dict) -> list[dict]:
    bad = [p["code"] for p in values["marketplaces"]
           if p["fulfilment"] == "pan_eu" and marketplaces()[p["code"]]["pan_eu"] is None]
    if bad:
        return [field_error("marketplaces", _m("errors.pan_eu_outside_europe", codes=_codes(bad)))]
    return []


# --- the plan -------------------------------------------------------------------

def _access(code: str, home: str) -> dict:
    """Can a seller based in ``home`` join marketplace ``code``? -> {"status", "reason", ...}."""
    fact = marketplaces()[code]["access"]
    status = fact["status"]
    out = {"status": status, "source": _source(fact)}
    if status == "closed":
        out.update(joinable=False, reason=_m("notes.cn_closed", date=fact["since"]), since=fact["since"])
    elif status == "home_only":
        if home in fact["home"]:
            out.update(status="open_home", joinable=True, reason=None)
        else:
            out.update(status="blocked_unconfirmed", joinable=False,
                       reason=_m("notes.in_home_only", country=_country_in(fact["home"][0]), date=_source(fact)["date_text"]))
    elif status == "not_found":
        out.update(joinable=True, reason=_m("notes.access_not_found", marketplace=_mp(code)))
    else:
        out.update(joinable=True, reason=None)
    return out


def _fba(code: str) -> dict:
    fact = marketplaces()[code]["fba"]
    status = fact["status"]
    if status == "offered":
        label = _m("fba.offered_seed") if fact["source"] == "seed" else _m("fba.offered_seen")
    elif status == "not_applicable":
        label = _m("fba.not_applicable")
    else:
        label = _m("fba.unconfirmed")
    return {"status": status, "label": label, "source": _source(fact), "note": _note(fact.get("note"))}


def _registrations(joinable: list[str]) -> tuple[list[dict], dict, list[Text]]:
    """Registrations for the joinable marketplaces, the count (min, max) and notes."""
    groups = {g["id"]: g for g in load("groups")["unified"]}
    regs: list[dict] = []
    notes: list[Text] = []
    used: dict[str, list[str]] = {}
    unconfirmed: list[tuple[str, str]] = []  # (code, candidate group)
    separate: list[tuple[str, dict]] = []
    for code in joinable:
        acc = account_of(code)
        if acc["kind"] == "unified" and acc["status"] in ("member", "inferred"):
            used.setdefault(acc["group"], []).append(code)
        elif acc["kind"] == "unified":
            unconfirmed.append((code, acc["group"]))
        else:
            separate.append((code, acc))
    for gid, chosen in used.items():
        g = groups[gid]
        confirmed = [m["code"] for m in g["members"] if m["status"] == "member"]
        inferred = [m["code"] for m in g["members"] if m["status"] == "inferred"]
        open_q = [m["code"] for m in g["members"] if m["status"] == "unconfirmed"]
        member_notes = [_note(m["note"]) for m in g["members"]
                        if m["code"] in chosen and m.get("note")]
        regs.append({
            "id": gid, "kind": "unified", "label": _m(f"groups.{gid}"), "marketplaces": chosen,
            "covers": confirmed, "covers_inferred": inferred, "covers_unconfirmed": open_q,
            "covers_text": _m(f"covers.{gid}"),
            "sources": [_source({"source": s, "confidence": sources()[s]["kind"]}) for s in g["sources"]],
            "notes": member_notes,
        })
    for code, gid in unconfirmed:
        regs.append({
            "id": code, "kind": "unconfirmed", "label": _m("groups.unconfirmed", marketplace=_mp(code)),
            "marketplaces": [code], "candidate": gid, "covers": [code], "covers_inferred": [], "covers_unconfirmed": [],
            "covers_text": _m("covers.unconfirmed", marketplace=_mp(code), group=_m(f"groups.{gid}")),
            "sources": [_source({"source": "not-found", "confidence": "unverified"})],
            "notes": [_note("ie_tr_member", marketplace=_mp(code))],
        })
    for code, acc in separate:
        regs.append({
            "id": code, "kind": "separate" if acc["status"] == "member" else "separate_unconfirmed",
            "label": _m("groups.separate", marketplace=_mp(code)), "marketplaces": [code],
            "covers": [code], "covers_inferred": [], "covers_unconfirmed": [],
            "covers_text": _m("covers.separate", marketplace=_mp(code)),
            "sources": [_source(acc)],
            "notes": [n for n in [_note(acc.get("note"))] if n],
        })
    base = len(used) + len(separate)
    candidates = {gid for _, gid in unconfirmed}
    low = base + len(candidates - set(used))
    high = base + len(unconfirmed)
    if high > low:
        notes.append(_m("count_range", low=low, high=high,
                        marketplaces=_list([_mp(c) for c, _ in unconfirmed])))
    return regs, {"min": low, "max": high}, notes


def _returns(code: str, choice: str, home: str) -> Text:
    local = code == home
    if choice in FBA_LIKE:
        return _m("returns.fba", country=_country_in(code))
    if choice == "fbm":
        return _m("returns.fbm_home") if local else _m("returns.fbm_abroad", country=_country_in(code))
    return _m("returns.undecided_home") if local else _m("returns.undecided_abroad", country=_country_in(code))


def _language(code: str, choice: str) -> Text:
    langs = _list([_m(f"languages.{lang}") for lang in marketplaces()[code]["languages"]])
    if choice in FBA_LIKE:
        return _m("language.fba", languages=langs)
    if choice == "fbm":
        return _m("language.fbm", languages=langs)
    return _m("language.undecided", languages=langs)


def _is_import(code: str, home: str) -> bool:
    """Goods sent from ``home`` into marketplace ``code``'s country cross a customs border."""
    if code == home:
        return False
    eu = set(load("countries")["eu_members"])
    return not (code in eu and home in eu)


def _storage_flag(country: str, key: str, marketplaces_: list[str]) -> dict:
    fact = load("tax-flags")["storage"][country]
    tax = _m(f"taxes.{fact['tax']}")
    if fact["rate"]:
        tax = _m("tax_rate", tax=tax, rate=fact["rate"])
    return {"id": f"storage_{country}", "kind": "storage", "country": country, "marketplaces": marketplaces_,
            "text": _m(f"flags.{key}", country=_country_in(country), tax=tax),
            "source": _source(fact)}


def _rows(plan: list[dict], home: str, warnings: list) -> tuple[list[dict], list[dict], list[str]]:
    """Stage 1: each chosen marketplace, whether a seller from ``home`` may join it."""
    rows, blocked, joinable = [], [], []
    for p in plan:
        code, choice = p["code"], p["fulfilment"]
        access = _access(code, home)
        if access["joinable"]:
            joinable.append(code)
        else:
            blocked.append({"code": code, "label": _mp(code), "status": access["status"],
                            "reason": access["reason"], "since": access.get("since"), "source": access["source"]})
        if access["status"] in ("not_found", "blocked_unconfirmed"):
            warnings.append(access["reason"])
        rows.append({"code": code, "label": _mp(code), "fulfilment": choice,
                     "fulfilment_label": _m(f"fulfilment.{choice}"), "joinable": access["joinable"],
                     "access": access["status"], "fba": _fba(code)})
    return rows, blocked, joinable


def _pan_eu(plan: list[dict], joinable: list[str], warnings: list) -> dict | None:
    """Stage 3: Pan-European FBA, where the stock may be stored."""
    pan_codes = [p["code"] for p in plan if p["fulfilment"] == "pan_eu" and p["code"] in joinable]
    if not pan_codes:
        return None
    pe = load("groups")["pan_eu"]
    pan = {"marketplaces": pan_codes, "storage_countries": pe["storage_countries"], "source": _source(pe),
           "text": _m("pan_eu.adds", countries=_list([_country_in(s["code"]) for s in pe["storage_countries"]
                                                      if s["confidence"] != "unverified"]),
                      uncertain=_list([_country_in(s["code"]) for s in pe["storage_countries"]
                                       if s["confidence"] == "unverified"]))}
    for code in pan_codes:
        if marketplaces()[code]["pan_eu"]["status"] == "unconfirmed":
            warnings.append(_m("pan_eu.unconfirmed", marketplace=_mp(code)))
    return pan


def _storage_flags(plan: list[dict], joinable: list[str], home: str, pan: dict | None) -> list[dict]:
    """Where stock is stored abroad: import duties and tax registration there."""
    storage_for: dict[str, list[str]] = {}
    for p in plan:
        code = p["code"]
        if code in joinable and p["fulfilment"] in FBA_LIKE and code != home:
            storage_for.setdefault(code, []).append(code)
    countries = load("groups")["pan_eu"]["storage_countries"]
    if pan:
        for s in countries:
            if s["code"] != home and s["code"] not in storage_for:  # a country stocked for FBA is flagged already
                storage_for[s["code"]] = list(pan["marketplaces"])
    flags = []
    for country, mps in storage_for.items():
        key = "storage_fba" if country in mps else "storage_pan_eu"
        if country not in mps and any(s["code"] == country and s["confidence"] == "unverified" for s in countries):
            key = "storage_pan_eu_uncertain"
        flags.append(_storage_flag(country, key, mps))
    if storage_for:
        flags.append({"id": "fba_duties", "kind": "fba_duties", "country": None, "marketplaces": list(storage_for),
                      "text": _m("flags.fba_duties"), "source": _source(load("tax-flags")["fba_duties"])})
    return flags


def _low_value_flags(plan: list[dict], joinable: list[str], home: str) -> list[dict]:
    """Parcels shipped from abroad: each low-value import rule once, naming its marketplaces."""
    low_value: dict[str, list[str]] = {}
    for p in plan:
        code = p["code"]
        if code in joinable and p["fulfilment"] in ("fbm", "undecided") and _is_import(code, home):
            low_value.setdefault(marketplaces()[code]["low_value_rule"] or "none", []).append(code)
    flags = []
    for rule, mps in low_value.items():
        if rule == "none":
            flags += [{"id": f"low_value_none_{code}", "kind": "low_value", "country": code, "marketplaces": [code],
                       "text": _m("low_value.none", marketplace=_mp(code)),
                       "source": _source({"source": "not-found", "confidence": "unverified"})} for code in mps]
            continue
        flags.append({"id": f"low_value_{rule}", "kind": "low_value", "country": None, "marketplaces": mps,
                      "text": _m(f"low_value.{rule}", marketplaces=_list([_mp(c) for c in mps])),
                      "source": _source(load("tax-flags")["low_value"][rule])})
    return flags


def _tax_flags(plan: list[dict], joinable: list[str], home: str, pan: dict | None) -> list[dict]:
    """Stage 4: tax flags, each once, naming the marketplaces that raise it."""
    flags = _storage_flags(plan, joinable, home, pan) + _low_value_flags(plan, joinable, home)
    if any(p["code"] == "IN" for p in plan):
        flags += [{"id": fact["id"], "kind": "india", "country": "IN", "marketplaces": ["IN"],
                   "text": _m(f"flags.{fact['id']}"), "source": _source(fact)} for fact in load("tax-flags")["india"]]
    return flags


def _marketplace_steps(r: dict, blocked: list[dict], reg_of: dict, home: str, flags: list[dict], warnings: list) -> None:
    """Stage 5: one marketplace's account, returns address, language and set-up steps."""
    code, choice = r["code"], r["fulfilment"]
    if not r["joinable"]:
        b = next(b for b in blocked if b["code"] == code)
        r.update(account=None, account_label=_m("cannot_join"), returns=None, language=None, steps=[b["reason"]])
        return
    reg = reg_of[code]
    r.update(account=reg["id"], account_label=reg["label"], returns=_returns(code, choice, home), language=_language(code, choice))
    steps = [_m("step.register", registration=reg["label"])]
    if choice in FBA_LIKE:
        steps.append(_m("step.enable_fba"))
        if r["fba"]["status"] != "offered":
            steps.append(_m("step.check_fba"))
            warnings.append(_m("fba.chosen_unconfirmed", marketplace=_mp(code)))
        if choice == "pan_eu":
            steps.append(_m("step.pan_eu"))
    elif choice == "undecided":
        steps.append(_m("step.decide", fba=r["fba"]["label"]))
    steps.append(r["returns"])
    if choice != "fba" and choice != "pan_eu":
        steps.append(r["language"])
    steps += [_m("step.tax_flag", flag=f["text"]) for f in flags
              if code in f["marketplaces"] and f["kind"] != "fba_duties"]  # fba_duties is shown once, in the tax list
    r["steps"] = steps


def _explain(home: str, blocked: list[dict], regs: list[dict], count: dict, rows: list[dict], pan: dict | None,
             flags: list[dict]) -> list[Text]:
    """Stage 6: the explanation, step by step."""
    steps = [_m("explain.home", country=_country(home))]
    steps += [_m("explain.blocked", marketplace=b["label"], reason=b["reason"]) for b in blocked]
    for reg in regs:
        key = "explain.registration_separate" if reg["kind"].startswith("separate") else "explain.registration"
        steps.append(_m(key, registration=reg["label"], marketplaces=_list([_mp(c) for c in reg["marketplaces"]]),
                        covers=reg["covers_text"]))
    if any(r["kind"] == "unified" for r in regs) or len(regs) > 1:
        steps.append(_m("explain.global_registration", source=_cite(load("groups")["global_registration"])))
    if count["min"] == count["max"]:
        steps.append(_m("explain.count", count=count["min"]))
    else:
        steps.append(_m("explain.count_range", low=count["min"], high=count["max"]))
    if any(r["fulfilment"] in FBA_LIKE for r in rows if r["joinable"]):
        steps.append(_m("explain.fba_per_marketplace"))
    if pan:
        steps.append(pan["text"])
    if flags:
        steps.append(_m("explain.tax_flags", count=len(flags)))
    return steps


def compute(v: dict) -> dict:
    """Access → registrations → Pan-European FBA → tax flags → each marketplace's steps → explanation."""
    home, plan = v["home_country"], v["marketplaces"]
    warnings: list[Text] = []
    rows, blocked, joinable = _rows(plan, home, warnings)
    regs, count, count_notes = _registrations(joinable)
    warnings.extend(count_notes)
    for r in regs:
        if r["id"] != "IN":  # India's note is background, shown in the table
            warnings.extend(r["notes"])
    pan = _pan_eu(plan, joinable, warnings)
    flags = _tax_flags(plan, joinable, home, pan)
    reg_of = {c: r for r in regs for c in r["marketplaces"]}
    for r in rows:
        _marketplace_steps(r, blocked, reg_of, home, flags, warnings)
    warnings += [r["fba"]["note"] for r in rows if r["fba"]["note"] and r["joinable"]]
    result = {
        "home_country": home, "home_country_label": _country(home), "registrations": regs, "registration_count": count,
        "blocked": blocked, "marketplaces": rows, "pan_eu": pan, "tax_flags": flags,
        "steps": _explain(home, blocked, regs, count, rows, pan, flags), "warnings": _dedupe(warnings),
    }
    result["checklist"] = checklist(result)
    return result


def _dedupe(items: list[Text]) -> list[Text]:
    out: list[Text] = []
    for t in items:
        if t and t not in out:
            out.append(t)
    return out


def _flag_link(flag: dict) -> str:
    """The guidance section that explains a tax flag."""
    if flag["kind"] == "storage":
        return GUIDE["tax_storage"]
    if flag["kind"] == "fba_duties":
        return GUIDE["fba_duties"]
    if flag["kind"] == "india":
        return GUIDE["tax_rates"]
    rule = flag["id"].removeprefix("low_value_")
    return GUIDE.get(f"tax_{rule}", GUIDE["tax_other"])


def checklist(r: dict) -> list[dict]:
    """Ordered things to do, each linked to the guidance page that explains it."""
    items: list[dict] = []

    def add(msg: Text, link: str) -> None:
        items.append({"text": msg, "link": link})

    for reg in r["registrations"]:
        chosen = _list([_mp(c) for c in reg["marketplaces"]])
        if reg["kind"] == "unconfirmed":
            add(_m("check.ask_group", marketplace=chosen, group=_m(f"groups.{reg['candidate']}")), GUIDE["european"])
        elif reg["kind"].startswith("separate"):
            add(_m("check.register_separate", marketplace=chosen), GUIDE["accounts"])
        else:
            link = GUIDE["european"] if reg["id"] == "europe" else GUIDE["accounts"]
            add(_m("check.register", registration=reg["label"], marketplaces=chosen), link)
    for b in r["blocked"]:
        key = "check.leave_out_closed" if b["status"] == "closed" else "check.check_access"
        add(_m(key, marketplace=b["label"], country=_country_in(r["home_country"])), GUIDE["closed"])
    for row_ in r["marketplaces"]:
        if not row_["joinable"]:
            continue
        mp, choice = row_["label"], row_["fulfilment"]
        if choice in FBA_LIKE:
            if row_["fba"]["status"] != "offered":
                add(_m("check.confirm_fba", marketplace=mp), GUIDE["fba_where"])
            add(_m("check.enable_fba", marketplace=mp), GUIDE["convert"])
        if choice == "undecided":
            add(_m("check.decide", marketplace=mp), GUIDE["deciding"])
        if choice in ("fbm", "undecided") and row_["code"] != r["home_country"]:
            add(_m("check.return_address", marketplace=mp, country=_country_in(row_["code"])), GUIDE["returns_fbm"])
        if choice in ("fbm", "undecided"):
            langs = _list([_m(f"languages.{lang}") for lang in marketplaces()[row_["code"]]["languages"]])
            add(_m("check.language", marketplace=mp, languages=langs), GUIDE["language"])
    if r["pan_eu"]:
        add(_m("check.pan_eu"), GUIDE["pan_eu"])
    for f in r["tax_flags"]:
        add(_m("check.tax", flag=f["text"]), _flag_link(f))
    return items


# --- what the reader sees ---------------------------------------------------------

def _count_text(count: dict) -> Text:
    if count["min"] == count["max"]:
        return {"en": str(count["min"]), "zh": f"{count['min']} 个"}
    return {"en": f"{count['min']}–{count['max']}", "zh": f"{count['min']}–{count['max']} 个"}


def summary(r: dict) -> list[dict]:
    joinable = [x["code"] for x in r["marketplaces"] if x["joinable"]]
    fba = [x["code"] for x in r["marketplaces"] if x["joinable"] and x["fulfilment"] in FBA_LIKE]
    none = _m("none")
    rows = [
        row(_m("summary.home"), r["home_country_label"]),
        row(_m("summary.registrations"), _count_text(r["registration_count"]), strong=True),
        row(_m("summary.accounts"), _list([g["label"] for g in r["registrations"]]) if r["registrations"] else none),
        row(_m("summary.joinable"), {lang: _codes(joinable) or none[lang] for lang in LANGUAGES}),
        row(_m("summary.blocked"), {lang: _codes([b["code"] for b in r["blocked"]]) or none[lang] for lang in LANGUAGES}),
        row(_m("summary.fba"), {lang: _codes(fba) or none[lang] for lang in LANGUAGES}),
        row(_m("summary.tax_flags"), {"en": str(len(r["tax_flags"])), "zh": f"{len(r['tax_flags'])} 项"}),
    ]
    return rows


_t = text_html


def _src_html(src: dict, lang: str) -> str:
    conf = message(f"accounts.confidence.{src['confidence']}")
    return (f'<span class="calc-source" data-confidence="{esc(src["confidence"])}">'
            f'{_t(_m("cite", source=src["title"], date=src["date_text"], confidence=conf), lang)}</span>')


def details(r: dict, lang: str) -> str:
    """Tables and the checklist, in one language."""
    t = lambda key, **p: _t(_m(key, **p), lang)  # noqa: E731
    out: list[str] = []

    # Registrations
    out.append(f'<h3>{t("details.registrations")}</h3>')
    if r["registrations"]:
        body = []
        for reg in r["registrations"]:
            notes = "".join(f"<br>{_t(n, lang)}" for n in reg["notes"])
            srcs = "".join(f"<br>{_src_html(s, lang)}" for s in reg["sources"])
            body.append(f'<tr data-registration="{esc(reg["id"])}"><th scope="row">{_t(reg["label"], lang)}</th>'
                        f'<td>{esc(_codes(reg["marketplaces"]))}</td>'
                        f'<td>{_t(reg["covers_text"], lang)}{notes}{srcs}</td></tr>')
        out.append(f'<table class="calc-table"><caption>{t("details.registrations_caption")}</caption><thead><tr>'
                   f'<th scope="col">{t("details.col_registration")}</th><th scope="col">{t("details.col_chosen")}</th>'
                   f'<th scope="col">{t("details.col_covers")}</th>'
                   f'</tr></thead><tbody>{"".join(body)}</tbody></table>')
    else:
        out.append(f'<p>{t("details.no_registrations")}</p>')

    # Cannot join
    if r["blocked"]:
        items = "".join(f'<li data-blocked="{esc(b["code"])}"><strong>{_t(b["label"], lang)}</strong>{t("colon")}'
                        f'{_t(b["reason"], lang)} {_src_html(b["source"], lang)}</li>' for b in r["blocked"])
        out.append(f'<h3>{t("details.blocked")}</h3><ul>{items}</ul>')

    # Per marketplace: a heading each, whether FBA is offered, then its steps.
    out.append(f'<h3>{t("details.per_marketplace")}</h3>')
    for x in r["marketplaces"]:
        steps = "".join(f"<li>{_t(s, lang)}</li>" for s in x["steps"])
        fba = f'{_t(x["fba"]["label"], lang)} {_src_html(x["fba"]["source"], lang)}'
        out.append(f'<section class="calc-marketplace" data-marketplace="{esc(x["code"])}">'
                   f'<h4>{_t(x["label"], lang)}{t("colon")}{_t(x["fulfilment_label"], lang)}</h4>'
                   f'<p><strong>{t("details.col_fba")}</strong>{t("colon")}{fba}</p><ul>{steps}</ul></section>')

    # Pan-European FBA
    if r["pan_eu"]:
        pe = r["pan_eu"]
        out.append(f'<h3>{t("details.pan_eu")}</h3><p>{_t(pe["text"], lang)} {_src_html(pe["source"], lang)}</p>')

    # Tax flags
    if r["tax_flags"]:
        items = "".join(f'<li data-flag="{esc(f["id"])}">{_t(f["text"], lang)} {_src_html(f["source"], lang)}</li>'
                        for f in r["tax_flags"])
        out.append(f'<h3>{t("details.tax_flags")}</h3><p>{t("details.tax_flags_intro")}</p><ul>{items}</ul>')

    # Checklist
    items = "".join(f'<li>{_t(c["text"], lang)} <a href="{esc(c["link"])}">{t("details.read_more")}</a></li>'
                    for c in r["checklist"])
    out.append(f'<h3>{t("details.checklist")}</h3><ol class="calc-checklist" data-copy>{items}</ol>')
    return "".join(out)


CALCULATOR = calculator(
    __name__, "accounts",
    checks=(check_pan_eu,),
    examples=(
        {"home_country": "CN", "marketplaces": dict(DEFAULT_PLAN)},
        {"home_country": "CN", "marketplaces": [{"code": "US", "fulfilment": "fba"}, {"code": "CA", "fulfilment": "fba"},
                                                 {"code": "UK", "fulfilment": "fbm"}, {"code": "DE", "fulfilment": "fba"},
                                                 {"code": "JP", "fulfilment": "fba"}, {"code": "IN", "fulfilment": "fba"}]},
        {"home_country": "HK", "marketplaces": [{"code": "IE", "fulfilment": "fbm"}, {"code": "TR", "fulfilment": "undecided"},
                                                 {"code": "EG", "fulfilment": "fbm"}, {"code": "CN", "fulfilment": "fba"}]},
        {"home_country": "IN", "marketplaces": {"IN": "fba", "AE": "fbm", "SA": "fba"}},
        {"home_country": "DE", "marketplaces": {"DE": "fbm", "FR": "pan_eu", "BE": "fba", "UK": "fbm", "MX": "fba", "BR": "fbm"}},
        {"home_country": "other", "marketplaces": "AU:fba, SG, JP:fbm"},
        {"home_country": "US", "marketplaces": [{"code": "US", "fulfilment": "fbm"}]},
        {"home_country": "XX", "marketplaces": []},
        {"home_country": "CN", "marketplaces": [{"code": "US", "fulfilment": "pan_eu"}]},
        {"home_country": "CN", "marketplaces": [{"code": "US", "fulfilment": "fba"}, {"code": "us", "fulfilment": "fbm"}]},
        {"home_country": "CN", "marketplaces": [{"code": "ZZ", "fulfilment": "fba"}]},
    ),
)


def _widget(calc, f: ChoiceGrid, lang: str, value, help_html: str, error_html: str, described: str) -> str:
    """The form's table: one select per marketplace, named ``marketplaces.CODE``."""
    chosen: dict[str, str] = {}
    if isinstance(value, dict):
        chosen = {str(k).upper(): v for k, v in value.items() if v}
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict):
                chosen[str(item.get(f.row_key, "")).upper()] = item.get(f.choice_key) or f.default_choice
    labels = {o.value: o.label for o in f.choices}
    data = marketplaces()
    groups = []  # one <tbody> per region, headed by the region's name
    for region in load("marketplaces")["regions"]:
        rows = "".join(_grid_row(calc, f, lang, o, chosen.get(o.value, ""), labels, described)
                       for o in f.rows if data[o.value]["region"] == region)
        groups.append(f'<tbody data-region="{esc(region)}"><tr><th scope="rowgroup" colspan="2">'
                      f'{_t(_m(f"regions.{region}"), lang)}</th></tr>{rows}</tbody>')
    req = ' <span class="calc-required" aria-hidden="true">*</span>' if f.required else ""
    return (f'<fieldset class="calc-field calc-field--grid" data-field="{esc(f.name)}" data-kind="choicegrid">'
            f'<legend>{_t(f.label, lang)}{req}</legend>{help_html}'
            f'<table class="calc-grid"><thead><tr><th scope="col">{_t(_m("fields.col_marketplace"), lang)}</th>'
            f'<th scope="col">{_t(_m("fields.col_fulfilment"), lang)}</th></tr></thead>'
            f'{"".join(groups)}</table>{error_html}</fieldset>')


def _grid_row(calc, f: ChoiceGrid, lang: str, o, current: str, labels: dict, described: str) -> str:
    """One marketplace: its name as the label and a select of the choices it offers."""
    cid = f"{calc.name}-{f.name}-{o.value}"
    opts = [f'<option value=""{" selected" if not current else ""}>{_t(f.blank, lang)}</option>']
    opts += [f'<option value="{esc(c)}"{" selected" if c == current else ""}>{_t(labels[c], lang)}</option>'
             for c in f.allowed(o.value)]
    return (f'<tr><th scope="row"><label for="{cid}">{_t(o.label, lang)}</label></th>'
            f'<td><select id="{cid}" name="{esc(f.name)}.{esc(o.value)}" aria-describedby="{described}">'
            f'{"".join(opts)}</select></td></tr>')


def _register_widget() -> None:
    """Give ``render`` the widget for ChoiceGrid unless the lead's renderer has its own."""
    try:
        from . import render
    except ImportError:  # pragma: no cover
        return
    render.WIDGETS.setdefault(ChoiceGrid, _widget)


_register_widget()

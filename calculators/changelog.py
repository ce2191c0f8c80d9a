"""How each rate card changed from the one before it, worked out from the data files.

The site's rate-card changelog page is built from ``changelog_html``: every card of
every kind, its dates, source and confidence, and what differs from the previous
card of the same marketplace and programme, tier by tier and band by band. Nothing
here is typed by hand, so the page cannot drift from the figures the calculators use.
"""

from __future__ import annotations

from .i18n import Text, message
from .ratecards import card_label, card_period, load_kind, source_of
from .render import table_html, text_html

KINDS = ("fba", "peak", "storage", "referral")


def _m(key: str, **params) -> Text:
    return message(f"changelog.{key}", **params)


def _plain(value) -> str:
    if isinstance(value, list):
        return " / ".join(_plain(x) for x in value)
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".")
    return str(value)


def _band_key(band: dict) -> str:
    return "∞" if band.get("up_to") is None else _plain(band["up_to"])


def _band_value(band: dict) -> str:
    if "fee" in band:
        return _plain(band["fee"])
    return f'{_plain(band["base"])} + {_plain(band["per"])}/{_plain(band["per_weight"])}'


def _tier_table(card: dict) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for tier in card.get("tiers", ()):
        out[tier["id"]] = {_band_key(b): _band_value(b) for b in tier.get("fees") or ()}
    return out


def _fba_diffs(old: dict, new: dict) -> list[list[Text]]:
    rows: list[list[Text]] = []
    a, b = _tier_table(old), _tier_table(new)
    unit = new["weight_unit"]
    for tier in list(b) + [t for t in a if t not in b]:
        label = message(f"fba_fee.tiers.{tier}")
        if tier not in a:
            rows.append([label, _m("added"), _m("dash"), _m("dash")])
            continue
        if tier not in b:
            rows.append([label, _m("removed"), _m("dash"), _m("dash")])
            continue
        for band in list(b[tier]) + [k for k in a[tier] if k not in b[tier]]:
            before, after = a[tier].get(band, "—"), b[tier].get(band, "—")
            if before != after:
                rows.append([label, _m("band", up_to=band, unit=message(f"units.{unit}")) if band != "∞" else _m("band_open"),
                             _same(before), _same(after)])
    rules = [("dimensional_weight", "rule_dim"), ("price_bands", "rule_price_bands")]
    for key, msg in rules:
        if old.get(key) != new.get(key):
            rows.append([_m(msg), _m("changed"), _same(_plain(_short(old.get(key)))), _same(_plain(_short(new.get(key))))])
    sides = lambda c: {t["id"]: t.get("min_side_for_dim") for t in c.get("tiers", ())}  # noqa: E731
    for tier, side in sides(new).items():
        if side != sides(old).get(tier, side) or (tier in sides(old) and side != sides(old)[tier]):
            rows.append([message(f"fba_fee.tiers.{tier}"), _m("rule_min_side"), _same(_plain(sides(old).get(tier) or "—")),
                         _same(_plain(side or "—"))])
    return rows


def _short(value) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k} {_plain(v)}" for k, v in value.items() if not isinstance(v, (dict, list)))
    if isinstance(value, list):
        return ", ".join(_short(x) for x in value)
    return _plain(value) if value is not None else "—"


def _storage_diffs(old: dict, new: dict) -> list[list[Text]]:
    rows = []
    for cls in list(new["size_classes"]) + [c for c in old["size_classes"] if c not in new["size_classes"]]:
        a, b = old["size_classes"].get(cls, {}), new["size_classes"].get(cls, {})
        for season in ("jan_sep", "oct_dec"):
            if a.get(season) != b.get(season):
                rows.append([message(f"storage_fee.classes.{cls}"), message(f"storage_fee.seasons.{season}"),
                             _same(_plain(a.get(season, "—"))), _same(_plain(b.get(season, "—")))])
    if (old.get("aged") or {}).get("bands") != (new.get("aged") or {}).get("bands"):
        rows.append([_m("aged"), _m("changed"), _same(_bands(old)), _same(_bands(new))])
    return rows


def _bands(card: dict) -> str:
    aged = card.get("aged") or {}
    return "; ".join(f'>{b["over_days"]}: {_plain(b["per_volume"])}' + (f' / {_plain(b["per_unit"])}' if b.get("per_unit") else "")
                     for b in aged.get("bands", ())) or "—"


def _referral_diffs(old: dict | None, new: dict) -> list[list[Text]]:
    rows = []
    for cat, rules in new["categories"].items():
        before = (old or {}).get("categories", {}).get(cat)
        for rule in rules:
            text_new = _rule_text(rule)
            if old is not None and before and _rule_text(before[-1]) == text_new and not (rule.get("effective_from") or "") > new["effective_from"]:
                continue
            start = rule.get("effective_from") or new["effective_from"]
            rows.append([message(f"referral_fee.categories.{cat}"), _m("from", date=start),
                         _same(_rule_text(before[-1]) if before else "—"), _same(text_new)])
    return rows


def _rule_text(rule: dict) -> str:
    parts = [f'{"≤ " + _plain(b["up_to"]) if b["up_to"] is not None else "above"} {_plain(b["rate"])}%' for b in rule["bands"]
             if b["rate"] is not None]
    parts += [f'{"≤ " + _plain(u) if u is not None else "rest"} {_plain(r)}% (portion)' for u, r in rule.get("top_portion", ())]
    return ", ".join(parts) + (f' (min {_plain(rule["minimum"])})' if rule.get("minimum") else "")


def _peak_diffs(card: dict) -> list[list[Text]]:
    if card.get("figures") == "add":
        return [[message(f"fba_fee.tiers.{t}"), _m("peak_add"), _m("dash"),
                 _same(_plain(v) if not isinstance(v, list) else "; ".join(f'{_plain(b["above"])}–{_plain(b["up_to"])}: +{_plain(b["add"])}' for b in v))]
                for t, v in card["add"].items()]
    if card.get("figures") == "table":
        return [[_m("peak_table"), _m("changed"), _m("dash"), _m("relative_to", card=card["relative_to"])]]
    return [[_m("peak_no_figures"), _m("dash"), _m("dash"), _m("dash")]]


def _same(value) -> Text:
    return value if isinstance(value, dict) else {"en": value, "zh": value}


def _group(card: dict) -> tuple:
    return (card["marketplace"], card.get("programme", "local"), tuple(card.get("stock_in", ())))


def entries(kind: str) -> list[dict]:
    """Every card of ``kind`` with the card before it (same marketplace and programme) and
    the rows that changed: [what, band or period, before, after]."""
    out = []
    previous: dict[tuple, dict] = {}
    for card in sorted(load_kind(kind), key=lambda c: (c["marketplace"], c.get("programme", ""), c["effective_from"])):
        before = previous.get(_group(card))
        if kind == "fba":
            rows = _fba_diffs(before, card) if before else []
        elif kind == "storage":
            rows = _storage_diffs(before, card) if before else []
        elif kind == "referral":
            rows = _referral_diffs(before, card)
        else:
            rows = _peak_diffs(card)
        out.append({"kind": kind, "card": card, "previous": before, "rows": rows})
        previous[_group(card)] = card
    return out


def _entry_html(e: dict, lang: str) -> str:
    card = e["card"]
    src = source_of(card)
    title = text_html(card_label(card), lang)
    meta = _m("meta", period=card_period(card), source=src["title"], confidence=message(f"confidence.{card['confidence']}"),
              file=card["_file"], currency=card.get("currency", "—"))
    prev = e["previous"]
    if e["kind"] == "peak":
        summary = _m("season")
    elif prev is None:
        summary = _m("first_card")
    elif e["rows"]:
        summary = _m("changes_from", card=card_label(prev), n=len(e["rows"]))
    else:
        summary = _m("no_change", card=card_label(prev))
    table = table_html(lang, None, [_m("col_what"), _m("col_where"), _m("col_before"), _m("col_after")], e["rows"]) if e["rows"] else ""
    return (f'<section class="ratecard-entry" id="{card["id"]}"><h3>{title}</h3><p>{text_html(meta, lang)}</p>'
            f"<p>{text_html(summary, lang)}</p>{table}</section>")


def changelog_html(lang: str) -> str:
    """The whole changelog, one section per kind of card."""
    parts = []
    for kind in KINDS:
        parts.append(f'<h2 id="{kind}">{text_html(_m(f"kinds.{kind}"), lang)}</h2>')
        parts.extend(_entry_html(e, lang) for e in entries(kind))
    return "".join(parts)

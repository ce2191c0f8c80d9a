"""Bilingual text: the message catalogue and number formatting.

Every sentence a reader sees from a calculator is a pair {"en": ..., "zh": ...}.
Messages that several calculators share live in ``locale/messages.json`` (data, not
code); a calculator's own labels live beside its input definitions.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping

LANGUAGES = ("en", "zh")

Text = dict  # {"en": str, "zh": str}


def text(en: str, zh: str) -> Text:
    return {"en": en, "zh": zh}


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Any]:
    """``locale/messages.json`` at the root; each other ``locale/<name>.json`` (one per
    calculator) under the key ``<name>``, so ``message("fba_fee.tier")`` finds it."""
    folder = resources.files("calculators").joinpath("locale")
    root = json.loads(folder.joinpath("messages.json").read_text("utf-8"))
    for entry in folder.iterdir():
        if entry.name.endswith(".json") and entry.name != "messages.json":
            root[entry.name[:-5]] = json.loads(entry.read_text("utf-8"))
    return root


@lru_cache(maxsize=None)
def _entry(key: str) -> dict:
    # Looked up once per key: a result calls message() hundreds of times.
    entry: Any = catalogue()
    for part in key.split("."):
        entry = entry[part]
    return entry


def message(key: str, **params: Any) -> Text:
    """The catalogue entry ``key`` (dotted for nested, e.g. ``ui.result``) with ``params`` filled in, in both languages.

    A parameter that is itself a bilingual pair is filled in per language, so a
    field's label reads naturally inside a sentence in either language.
    """
    entry = _entry(key)
    if not params:
        return {lang: entry[lang].format() for lang in LANGUAGES}
    out = {}
    for lang in LANGUAGES:
        # dict, not typing.Mapping: isinstance against the ABC is slow in a hot path.
        filled = {k: (v[lang] if isinstance(v, dict) and lang in v else v) for k, v in params.items()}
        out[lang] = entry[lang].format(**filled)
    return out


def join(*parts: Text, sep: Mapping[str, str] | None = None) -> Text:
    sep = sep or {"en": " ", "zh": ""}
    return {lang: sep[lang].join(p[lang] for p in parts if p[lang]) for lang in LANGUAGES}


def fmt_number(value: float, digits: int = 2) -> str:
    """Fixed decimals with thousands separators; -0.00 shown as 0.00."""
    rounded = round(value, digits)
    if rounded == 0:
        rounded = 0.0
    return f"{rounded:,.{digits}f}"


def fmt_quantity(value: float, unit: str, digits: int = 2) -> Text:
    units = catalogue()["units"]
    names = units.get(unit, {"en": unit, "zh": unit})
    num = fmt_number(value, digits).rstrip("0").rstrip(".") if digits else fmt_number(value, 0)
    return {lang: f"{num} {names[lang]}" for lang in LANGUAGES}


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def fmt_date(iso: str) -> Text:
    """An ISO date as readers write it: "1 Feb 2026" / "2026年2月1日"."""
    year, month, day = (int(part) for part in iso.split("-"))
    return {"en": f"{day} {_MONTHS[month - 1]} {year}", "zh": f"{year}年{month}月{day}日"}


ZERO_DECIMAL_CURRENCIES = frozenset({"JPY"})  # quoted and charged in whole units


def currency_digits(currency: str) -> int:
    """Decimals a currency's fees are quoted and rounded to."""
    return 0 if currency in ZERO_DECIMAL_CURRENCIES else 2


def fmt_money(amount: float, currency: str) -> Text:
    digits = currency_digits(currency)
    names = catalogue()["currencies"].get(currency, {"en": currency, "zh": currency})
    num = fmt_number(amount, digits)
    return {"en": f"{names['en']} {num}", "zh": f"{num} {names['zh']}"}

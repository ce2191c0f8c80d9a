"""HTML for a calculator: the form from its field definitions, and a result.

Used at build time (the page arrives with the form and the example result already in
it) and in the browser (the worker renders each new result with this same code), so
the two can never drift apart.

Browser conventions the page glue relies on:
- ``form[data-calculator=NAME]`` wraps everything; each control's ``name`` is the
  field name; ``name="x.KEY"`` becomes ``{"x": {"KEY": value}}``; checkboxes with
  ``data-kind="list"`` sharing a name become a list; ``data-kind="boolean"`` a bool.
- ``[data-error-for=FIELD]`` holds that field's message; ``[data-calc-result]`` the
  result; ``[data-calc-status]`` the start-up status; ``[data-copy]`` elements get
  Copy and Print buttons.
"""

from __future__ import annotations

import html
import json
from itertools import groupby

from .core import Calculator
from .fields import Boolean, Choice, Date, Field, MultiChoice, Number
from .i18n import Text, message

E = html.escape  # the one HTML escape of the package: other modules use ``esc``


def esc(value: str) -> str:
    """A plain string (an id, a code, a number already formatted) made safe for HTML."""
    return E(value)



def text_html(value: Text | None, lang: str) -> str:
    """A bilingual text in ``lang`` (English if that is missing), HTML-escaped."""
    return E(value.get(lang) or value.get("en", "")) if value else ""


_t = text_html


def _control(calc: Calculator, f: Field, lang: str, value, described: str) -> str:
    cid = f"{calc.name}-{f.name}"
    common = f'id="{cid}" name="{E(f.name)}" aria-describedby="{described}"'
    if isinstance(f, Number):
        shown = "" if value is None else _plain(value)
        return f'<input {common} type="text" inputmode="decimal" autocomplete="off" value="{E(shown)}">'
    if isinstance(f, Choice):
        opts = "".join(
            f'<option value="{E(o.value)}"{" selected" if o.value == value else ""}{_option_scope(o)}>{_t(o.label, lang)}</option>'
            for o in f.options)
        return f'<select {common}>{opts}</select>'
    if isinstance(f, Date):
        return f'<input {common} type="date" value="{E(value or "")}" min="{f.earliest}" max="{f.latest}">'
    raise TypeError(f"no widget for {type(f).__name__}")


def _field_html(calc: Calculator, f: Field, lang: str, value) -> str:
    cid = f"{calc.name}-{f.name}"
    help_id, err_id = f"{cid}-help", f"{cid}-error"
    described = f"{help_id} {err_id}"
    help_html = f'<p class="calc-help" id="{help_id}">{_t(f.help, lang)}</p>' if f.help.get(lang) else ""
    error_html = f'<p class="calc-error" id="{err_id}" data-error-for="{E(f.name)}"></p>'
    req = ' <span class="calc-required" aria-hidden="true">*</span>' if f.required else ""
    if isinstance(f, Boolean):
        checked = " checked" if value else ""
        return (f'<div class="calc-field calc-field--check" data-field="{E(f.name)}">'
                f'<input id="{cid}" name="{E(f.name)}" type="checkbox" data-kind="boolean" value="true"'
                f' aria-describedby="{described}"{checked}>'
                f'<label for="{cid}">{_t(f.label, lang)}</label>{help_html}{error_html}</div>')
    if isinstance(f, MultiChoice):
        chosen = value or []
        boxes = "".join(
            f'<label class="calc-option"><input type="checkbox" name="{E(f.name)}" data-kind="list" value="{E(o.value)}"'
            f'{" checked" if o.value in chosen else ""}> {_t(o.label, lang)}</label>' for o in f.options)
        return (f'<fieldset class="calc-field calc-field--multi" data-field="{E(f.name)}" aria-describedby="{described}">'
                f'<legend>{_t(f.label, lang)}{req}</legend><div class="calc-options">{boxes}</div>'
                f'{help_html}{error_html}</fieldset>')
    widget = WIDGETS.get(type(f))
    if widget is not None:
        return widget(calc, f, lang, value, help_html, error_html, described)
    return (f'<div class="calc-field" data-field="{E(f.name)}">'
            f'<label for="{cid}">{_t(f.label, lang)}{req}</label>'
            f'{_control(calc, f, lang, value, described)}{help_html}{error_html}</div>')


def _option_scope(o) -> str:
    """An option offered only with some values of another field (the page glue hides it
    otherwise): ``data-for-field`` and the space-separated ``data-for-values``."""
    if not o.for_field:
        return ""
    return f' data-for-field="{E(o.for_field)}" data-for-values="{E(" ".join(o.for_values))}"'


def table_html(lang: str, caption: Text | None, head: list[Text], body: list[list[Text]],
               foot: list[list[Text]] = (), row_headers: bool = True) -> str:
    """A result table: the first cell of each body and foot row is its header; the foot's
    first cell spans the columns its row leaves out. Every cell is a bilingual text."""
    cap = f"<caption>{_t(caption, lang)}</caption>" if caption else ""
    cols = "".join(f'<th scope="col">{_t(h, lang)}</th>' for h in head)

    def line(cells: list[Text], span: int = 1) -> str:
        first, rest = cells[0], cells[1:]
        lead = (f'<th scope="row"{f" colspan={span}" if span > 1 else ""}>{_t(first, lang)}</th>' if row_headers
                else f"<td>{_t(first, lang)}</td>")
        return "<tr>" + lead + "".join(f"<td>{_t(c, lang)}</td>" for c in rest) + "</tr>"

    rows = "".join(line(r) for r in body)
    tail = "".join(line(r, len(head) - len(r) + 1) for r in foot)
    return (f'<table class="calc-table">{cap}<thead><tr>{cols}</tr></thead><tbody>{rows}</tbody>'
            + (f"<tfoot>{tail}</tfoot>" if tail else "") + "</table>")


# Extra widgets for Field kinds added by calculators: type -> fn(calc, field, lang,
# value, help_html, error_html, described) -> html.
WIDGETS: dict[type, object] = {}


def _plain(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def form_html(calc: Calculator, lang: str, values: dict | None = None, result: dict | None = None) -> str:
    """The whole calculator block: status line, fields grouped in rows, result."""
    values = values if values is not None else calc.defaults()
    parts: list[str] = []
    # Consecutive fields sharing a group go on one row.
    for group, members in groupby(calc.fields, key=lambda f: f.group):
        inner = "".join(_field_html(calc, f, lang, values.get(f.name)) for f in members)
        parts.append(f'<div class="calc-row" data-group="{E(group)}">{inner}</div>' if group else inner)
    status = _t(message("ui.built_result"), lang)
    result_block = result_html(calc, result, lang) if result is not None else ""
    initial = ""
    if result is not None:
        # The build-time result as data, for listeners such as charts; "</" is escaped
        # so the JSON cannot close the script element.
        payload = json.dumps(result, ensure_ascii=False).replace("</", "<\\/")
        initial = f'<script type="application/json" data-calc-initial>{payload}</script>'
    title = _t(calc.title, lang)
    # Sentences the page needs before Python has started, in the page's language.
    ui = " ".join(f'data-msg-{key.replace("_", "-")}="{_t(message(f"ui.{key}"), lang)}"' for key in BROWSER_MESSAGES)
    return (f'<form class="calc" data-calculator="{E(calc.name)}" data-lang="{lang}" novalidate '
            f'aria-label="{title}" {ui}>'
            f'<p class="calc-status" data-calc-status role="status">{status}</p>'
            f'<div class="calc-fields">{"".join(parts)}</div>'
            f'<section class="calc-result" data-calc-result aria-live="polite" aria-label="{_t(message("ui.result"), lang)}">'
            f'{result_block}</section>{initial}</form>')


BROWSER_MESSAGES = ("starting", "ready", "stale", "failed", "file_protocol", "progress_runtime",
                    "progress_wheel", "copy", "copied", "print", "field_errors",
                    "progress_label", "progress_bytes", "progress_left")


def result_html(calc: Calculator, result: dict, lang: str) -> str:
    rows = "".join(
        f'<tr{" class=calc-total" if r.get("strong") else ""}><th scope="row">{_t(r["label"], lang)}</th>'
        f'<td>{_t(r["value"], lang)}</td></tr>' for r in calc.summary(result))
    out = [f'<h3 class="calc-result-title">{_t(message("ui.result"), lang)}</h3>',
           f'<table class="calc-summary"><tbody>{rows}</tbody></table>']
    if calc.details is not None:
        out.append(calc.details(result, lang))
    notes = list(result.get("warnings", [])) + list(result.get("unverified", []))
    if notes:
        items = "".join(f"<li>{_t(n, lang)}</li>" for n in notes)
        out.append(f'<div class="admonition warning calc-warnings"><p class="admonition-title">'
                   f'{_t(message("ui.warnings"), lang)}</p><ul>{items}</ul></div>')
    if result.get("steps"):
        steps = "".join(f"<li>{_t(s, lang)}</li>" for s in result["steps"])
        out.append(f'<details class="calc-steps" open><summary>{_t(message("ui.how"), lang)}</summary>'
                   f'<ol>{steps}</ol></details>')
    card = result.get("rate_card")
    if card:
        out.append(rate_card_html(card, lang))
    return "".join(out)


def rate_card_html(card: dict, lang: str) -> str:
    if card.get("name"):  # named cards say their name and period in words ("UK 2026, from 1 Feb 2026")
        return _rate_card_line(card, lang, f'{_t(card["name"], lang)} (<code>{E(card["id"])}</code>)')
    basis = card.get("date_basis", "exact")
    if basis == "undated":
        period = message("ui.effective_undated")
    elif basis == "approximate":
        period = message("ui.effective_approximate", start=card["effective_from"])
    elif card.get("effective_to"):
        period = message("ui.effective", start=card["effective_from"], end=card["effective_to"])
    else:
        period = message("ui.effective_open", start=card["effective_from"])
    return _rate_card_line(card, lang, f'<code>{E(card["id"])}</code>{"，" if lang == "zh" else ", "}{_t(period, lang)}')


def _rate_card_line(card: dict, lang: str, what: str) -> str:
    source = E(card["source"])
    if card.get("source_url", "").startswith("https://"):  # an http page is named, not linked
        source = f'<a href="{E(card["source_url"])}" rel="noopener">{source}</a>'
    checked = f' ({_t(message("ui.checked", date=card["checked"]), lang)})' if card.get("checked") else ""
    confidence = message(f"confidence.{card['confidence']}")
    colon, comma, stop = (": ", ", ", ". ") if lang == "en" else ("：", "，", "。")
    return (f'<p class="calc-card"><strong>{_t(message("ui.rate_card"), lang)}{colon}</strong>'
            f'{what}{stop}'
            f'{_t(message("ui.source"), lang)}{colon}{source}{checked}{stop}'
            f'<span class="calc-confidence" data-confidence="{E(card["confidence"])}">'
            f'{_t(message("ui.confidence"), lang)}{colon}{_t(confidence, lang)}</span></p>')


def errors_by_field(errors: list[dict], lang: str) -> dict[str, str]:
    """Field name -> message in ``lang`` (several messages for one field joined)."""
    out: dict[str, str] = {}
    for err in errors:
        msg = err["message"].get(lang) or err["message"]["en"]
        out[err["field"]] = f'{out[err["field"]]} {msg}' if err["field"] in out else msg
    return out

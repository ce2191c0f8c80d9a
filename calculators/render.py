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
- The fields of no section come first; each ``Section`` of the calculator is a
  ``details.calc-section[data-section=KEY]``, open when it is not folded or one of its
  fields holds a value other than its default (``fields.at_default``).
- ``[data-calc-headline]`` is the compact main figure narrow screens keep in view;
  ``[data-calc-action]`` buttons (copy-link, reset, save, copy-table, download-csv,
  print) are the page glue's; after the form, ``[data-calc-scenarios]`` (saved
  scenarios) and ``[data-calc-batch]`` (a CSV file of products) are its panels.
"""

from __future__ import annotations

import html
import json
from itertools import groupby
from urllib.parse import quote

from .core import Calculator
from .fields import Boolean, Choice, ChoiceGrid, Date, Field, MultiChoice, Number, as_text, at_default, today, validate
from .i18n import Text, catalogue, fmt_date, message

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


def _rows(calc: Calculator, fields: list[Field], lang: str, values: dict) -> str:
    """Fields in order; consecutive fields sharing a group go on one row."""
    parts = []
    for group, members in groupby(fields, key=lambda f: f.group):
        inner = "".join(_field_html(calc, f, lang, values.get(f.name)) for f in members)
        parts.append(f'<div class="calc-row" data-group="{E(group)}">{inner}</div>' if group else inner)
    return "".join(parts)


def fields_html(calc: Calculator, lang: str, values: dict) -> str:
    """The form's fields: those of no section, then each section of the calculator,
    folded unless it is open or holds a value other than the example's."""
    in_sections = {g for s in calc.sections for g in s.groups}
    out = [_rows(calc, [f for f in calc.fields if f.group not in in_sections], lang, values)]
    for section in calc.sections:
        members = [f for f in calc.fields if f.group in section.groups]
        opened = section.open or not all(at_default(f, values.get(f.name)) for f in members)
        state = (" open" if opened else "") + ("" if section.open else " data-folded")
        out.append(f'<details class="calc-section" data-section="{E(section.key)}"{state}>'
                   f'<summary>{_t(section.label, lang)}</summary>'
                   f'<div class="calc-section-body">{_rows(calc, members, lang, values)}</div></details>')
    return "".join(out)


def _button(action: str, key: str, lang: str) -> str:
    return f'<button type="button" class="md-button" data-calc-action="{action}">{_t(message(f"ui.{key}"), lang)}</button>'


def form_html(calc: Calculator, lang: str, values: dict | None = None, result: dict | None = None) -> str:
    """The whole calculator block: status line, scenario buttons, the fields (in their
    sections) beside the result, then the panels for saved scenarios and CSV files."""
    values = values if values is not None else calc.defaults()
    status = _t(message("ui.built_result"), lang)
    result_block = (inputs_html(calc, values, lang) + result_html(calc, result, lang)) if result is not None else ""
    headline = headline_html(calc, result, lang) if result is not None else ""
    initial = ""
    if result is not None:
        # The build-time result as data, for listeners such as charts; "</" is escaped
        # so the JSON cannot close the script element.
        payload = json.dumps(result, ensure_ascii=False).replace("</", "<\\/")
        initial = f'<script type="application/json" data-calc-initial>{payload}</script>'
    title = _t(calc.title, lang)
    cid = E(calc.name)
    # Sentences the page glue shows by itself, in the page's language ({name} and the
    # like are filled in there).
    ui = " ".join(f'data-msg-{key.replace("_", "-")}="{_t(catalogue()["ui"][key], lang)}"' for key in BROWSER_MESSAGES)
    tools = (f'<div class="calc-toolbar" role="group" aria-label="{_t(message("ui.scenario_tools"), lang)}">'
             + _button("copy-link", "copy_link", lang) + _button("reset", "reset", lang)
             + _button("save", "save_scenario", lang) + "</div>")
    result_tools = (f'<div class="calc-result-tools" role="group" aria-label="{_t(message("ui.result_tools"), lang)}">'
                    + _button("copy-table", "copy_table", lang) + _button("download-csv", "download_csv", lang)
                    + _button("print", "print", lang) + "</div>")
    return (f'<form class="calc" data-calculator="{cid}" data-lang="{lang}" novalidate '
            f'aria-label="{title}" {ui}>'
            f'<div class="calc-layout"><div class="calc-inputs">'
            f'<p class="calc-status" data-calc-status role="status">{status}</p>{tools}'
            f'<div class="calc-fields">{fields_html(calc, lang, values)}</div></div>'
            f'<a class="calc-headline" href="#{cid}-result" data-calc-headline>{headline}</a>'
            f'<div class="calc-output" id="{cid}-result" tabindex="-1">{result_tools}'
            f'<section class="calc-result" data-calc-result aria-live="polite" aria-label="{_t(message("ui.result"), lang)}">'
            f'{result_block}</section></div></div>{initial}</form>'
            + scenarios_html(calc, lang) + batch_html(calc, lang))


BROWSER_MESSAGES = ("starting", "ready", "stale", "failed", "file_protocol", "progress_runtime",
                    "progress_wheel", "copy", "copied", "print", "field_errors", "opening", "opened_link", "restored",
                    "reset_done", "link_copied", "copy_failed", "table_copied", "no_scenarios", "saved_on",
                    "scenario_saved", "scenario_renamed", "scenario_deleted", "scenario_opened", "scenarios_imported",
                    "scenarios_exported", "open", "rename", "delete", "save_name", "cancel", "rename_label",
                    "batch_reading", "batch_done", "batch_stopped", "batch_busy", "batch_download_csv",
                    "batch_download_json", "batch_failed", "untitled", "progress_label", "progress_bytes", "progress_left")


def headline_html(calc: Calculator, result: dict, lang: str) -> str:
    """The main figure (the first strong summary row, else the first row), for the bar
    narrow screens keep in view; it links to the whole result."""
    rows = calc.summary(result)
    main = next((r for r in rows if r.get("strong")), rows[0] if rows else None)
    if main is None:
        return ""
    return (f'<span class="calc-headline-label">{_t(main["label"], lang)}</span> '
            f'<strong class="calc-headline-value">{_t(main["value"], lang)}</strong> '
            f'<span class="calc-headline-go">{_t(message("ui.headline_more"), lang)}</span>')


def input_rows(calc: Calculator, payload: dict, lang: str) -> list[tuple[str, str]]:
    """The inputs of a valid ``payload`` as a reader reads them, (label, value) in
    ``lang``, plain text: each choice by its label, a box as yes or no, a number with its
    unit, an empty date as today's; inputs left empty are left out."""
    values, errors = validate(calc.fields, payload)
    if errors:
        return []
    yes_no = {True: message("ui.yes")[lang], False: message("ui.no")[lang]}
    units = catalogue()["units"]
    out = []
    for f in calc.fields:
        value = values.get(f.name)
        if value is None:
            continue
        if isinstance(f, Boolean):
            shown = yes_no[bool(value)]
        elif isinstance(f, ChoiceGrid):
            rows = {o.value: o.label for o in f.rows}
            choices = {o.value: o.label for o in f.choices}
            shown = ", ".join(f"{rows[r[f.row_key]][lang]}: {choices[r[f.choice_key]][lang]}" for r in value)
        elif isinstance(f, (Choice, MultiChoice)):
            labels = {o.value: o.label[lang] for o in f.options}
            shown = ", ".join(labels.get(v, v) for v in value) if isinstance(value, list) else labels.get(value, value)
        elif isinstance(f, Date):
            shown = fmt_date(value)[lang]
        else:
            unit = getattr(f, "unit", "")
            shown = as_text(value) + ("%" if unit == "percent" else f" {units[unit][lang]}" if unit in units else "")
        out.append((f.label.get(lang) or f.label["en"], shown))
    return out


def inputs_html(calc: Calculator, payload: dict, lang: str) -> str:
    """The inputs of a result, for print (hidden on screen): the page prints one
    scenario per page with its inputs, its result, the rate card and the date."""
    rows = "".join(f'<tr><th scope="row">{E(label)}</th><td>{E(value)}</td></tr>'
                   for label, value in input_rows(calc, payload, lang))
    if not rows:
        return ""
    worked = _t(message("ui.worked_out_on", date=fmt_date(today())), lang)
    return (f'<div class="calc-print-inputs"><h3>{_t(message("ui.inputs"), lang)}</h3>'
            f'<table class="calc-inputs"><tbody>{rows}</tbody></table><p>{worked}</p></div>')


def scenarios_html(calc: Calculator, lang: str) -> str:
    """The panel of saved scenarios (filled in by the page glue from the browser's
    storage): save the inputs under a name, the list, export and import a file."""
    t = lambda key: _t(message(f"ui.{key}"), lang)  # noqa: E731
    cid = E(calc.name)
    return (f'<details class="calc-panel" data-calc-scenarios="{cid}"><summary>{t("scenarios")}</summary>'
            f'<p class="calc-help">{t("scenarios_help")}</p>'
            f'<div class="calc-panel-row"><div class="calc-field"><label for="{cid}-scenario-name">{t("scenario_name")}</label>'
            f'<input id="{cid}-scenario-name" type="text" maxlength="100" autocomplete="off" data-scenario-name></div>'
            f'<button type="button" class="md-button" data-scenario-action="save">{t("save")}</button></div>'
            f'<p class="calc-help" data-scenario-empty>{t("no_scenarios")}</p>'
            f'<ul class="calc-scenario-list" data-scenario-list></ul>'
            f'<div class="calc-panel-row">'
            f'<button type="button" class="md-button" data-scenario-action="export">{t("export")}</button>'
            f'<button type="button" class="md-button" data-scenario-action="print">{t("print_all")}</button></div>'
            f'<div class="calc-field"><label for="{cid}-scenario-import">{t("import")}</label>'
            f'<input id="{cid}-scenario-import" type="file" accept=".json,application/json" data-scenario-import></div>'
            f'<p class="calc-panel-status" role="status" data-scenario-status></p></details>')


def batch_html(calc: Calculator, lang: str) -> str:
    """The panel for a CSV file of products (calculators whose inputs each fit in one
    cell): the template, the file, progress, then the results (batch_table_html)."""
    from . import batch  # csv is for this panel and its files only

    if not batch.for_page(calc):
        return ""
    t = lambda key: _t(message(f"ui.{key}"), lang)  # noqa: E731
    cid = E(calc.name)
    template = "data:text/csv;charset=utf-8," + quote(batch.template(calc.name, lang), safe="")
    return (f'<details class="calc-panel" data-calc-batch="{cid}"><summary>{t("batch_title")}</summary>'
            f'<p class="calc-help">{t("batch_help")}</p>'
            f'<p><a class="md-button" download="{cid}-template.csv" href="{E(template)}" data-batch-template>'
            f'{t("batch_template")}</a></p>'
            f'<div class="calc-drop" data-batch-drop><label for="{cid}-batch-file">{t("batch_choose")}</label>'
            f'<input id="{cid}-batch-file" type="file" accept=".csv,.tsv,.txt,text/csv,text/plain" data-batch-file></div>'
            f'<div class="calc-batch-progress" data-batch-progress hidden>'
            f'<progress max="1" value="0" aria-labelledby="{cid}-batch-status"></progress>'
            f'<button type="button" class="md-button" data-batch-action="stop">{t("batch_stop")}</button></div>'
            f'<p class="calc-panel-status" id="{cid}-batch-status" role="status" data-batch-status></p>'
            f'<div class="calc-batch-downloads" data-batch-downloads></div>'
            f'<div data-batch-output></div></details>')


def batch_table_html(header: list[str], rows: list[dict], lang: str, caption: str) -> str:
    """The rows of a CSV file shown in the page: the line, then the output's cells
    (inputs, main figures, notes, error), in ``lang``; a row with an error is marked."""
    line = _t(message("ui.batch_line"), lang)
    head = "".join(f'<th scope="col">{E(h)}</th>' for h in [line] + header)
    body = "".join(
        f'<tr{"" if r["ok"] else " class=calc-row-error"}><th scope="row">{r["line"]}</th>'
        + "".join(f"<td>{E(c)}</td>" for c in r["cells"]) + "</tr>" for r in rows)
    return (f'<div class="calc-table-scroll" role="region" tabindex="0" aria-label="{E(caption)}">'
            f'<table class="calc-table calc-batch-table"><caption>{E(caption)}</caption>'
            f'<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>')


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

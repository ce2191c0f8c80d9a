"""``python -m calculators``: the calculators on the command line.

    python -m calculators --help                     the calculators, one line each
    python -m calculators NAME --help [--lang zh]    NAME's inputs
    python -m calculators NAME < input.json          one JSON object in, one out
    python -m calculators NAME --table [--lang zh] < input.json    the main figures as a table
    python -m calculators NAME --csv FILE [--lang zh]    one CSV row per product ("-": stdin), CSV out
    python -m calculators NAME --template [--lang zh]    a CSV template: header and example row
    python -m calculators [list]                     every calculator and its inputs, as JSON

Exit status: 0 with the result; 2 for bad input or a bad command line, with
``{"errors": [{"field", "message": {"en", "zh"}}]}`` on standard output (``--table``:
the messages as text in the chosen language; ``--csv``: 2 when any row has an error,
every good row still written); 1 only for a bug (with ``--csv``, after every row is
written). Whatever comes in (a huge number,
deep nesting, more than ``STDIN_LIMIT`` bytes, bytes that are not UTF-8, a closed
standard output), the answer is one of these, never a traceback.
"""

from __future__ import annotations

import argparse
import csv
import functools
import io
import json
import math
import re
import sys
import traceback
import unicodedata
from typing import IO, Any

from . import batch as batches
from .core import Calculator, calculators, evaluate, get, run
from .fields import (Boolean, Choice, ChoiceGrid, Date, Error, Field, MultiChoice, Number, as_text, field_error, plain_number,
                     unit_field)
from .i18n import LANGUAGES, Text, catalogue, message

STDIN_LIMIT = 1_000_000  # bytes of JSON; one calculation needs a few hundred
LIMIT_TEXT = "1 MB"
PROG = "python -m calculators"


class _Exit(Exception):
    def __init__(self, status: int):
        super().__init__(status)
        self.status = status


class _UsageError(Exception):
    def __init__(self, errors: list[Error]):
        super().__init__(errors)
        self.errors = errors


class _OutputClosed(Exception):
    """Standard output went away (a closed pipe, a closed descriptor)."""


class _Output:
    """Standard output as UTF-8 whatever the locale says; ``status`` is the exit status
    of what is being written, returned as it is if the reader has gone away."""

    def __init__(self, stream: Any):
        self.stream, self.status = stream, 0

    def write(self, text: str) -> None:
        if self.stream is None:  # started with descriptor 1 closed
            raise _OutputClosed
        try:
            buffer = getattr(self.stream, "buffer", None)
            if buffer is not None:
                buffer.write(text.encode("utf-8"))
            else:
                self.stream.write(text)
        except (OSError, ValueError):  # BrokenPipeError, EBADF, a closed file
            self._gone()

    def flush(self) -> None:
        try:
            if self.stream is not None:
                self.stream.flush()
        except (OSError, ValueError):
            self._gone()

    def _gone(self) -> None:
        self.stream = None
        raise _OutputClosed


def _say(text: str) -> None:
    """A line for a person on standard error; nothing if it is closed."""
    try:
        sys.stderr.write(text if text.endswith("\n") else text + "\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass


def _t(key: str, lang: str, **params: Any) -> str:
    return message(f"cli.{key}", **params)[lang]


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    out = _Output(sys.stdout)
    try:
        try:
            status = _main(argv, out)
        except _Exit as done:  # after --help
            status = done.status
        except _UsageError as problem:
            lang, _ = _scan(argv)
            _say(_t("see_help", lang if lang in LANGUAGES else "en", command=PROG))
            status = _json(out, {"errors": problem.errors}, 2)
        out.status = status
        out.flush()
        return status
    except _OutputClosed:  # the reader has gone: the status still tells the outcome
        return out.status
    except KeyboardInterrupt:
        return 130
    except Exception:  # a bug: say so in both languages, keep the details for a report
        _say(traceback.format_exc())
        try:
            _json(out, {"errors": [field_error("", message("internal_error"))]}, 1)
        except _OutputClosed:
            pass
        return 1


def _main(argv: list[str], out: _Output) -> int:
    lang, name = _scan(argv)
    if lang not in LANGUAGES:
        raise _UsageError([field_error("", message("cli.bad_lang", value=lang))])
    if not argv or argv == ["list"]:  # the JSON listing, as before argparse
        listing = {n: calc.describe() for n, calc in calculators().items()}
        return _json(out, {"usage": f"{PROG} <name> < input.json", "calculators": listing}, 0)
    if name is not None and name != "list" and get(name) is None:  # before any input is read
        _say(_t("see_help", lang, command=PROG))
        return _json(out, {"errors": [field_error("", message(
            "unknown_calculator", name=name, names=", ".join(calculators())))]}, 2)
    parser = _parser(lang, out)
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        raise _UsageError([field_error("", message("cli.unknown_options", options=" ".join(unknown),
                                                   command=f"{PROG} {args.name or ''}".strip()))])
    if args.name is None:
        parser.print_help()
        return 0
    if args.name == "list":
        return _main(["list"], out)
    chosen = [option for option, on in (("--table", args.table), ("--csv", args.csv is not None),
                                        ("--template", args.template)) if on]
    if len(chosen) > 1:
        options = {"en": ", ".join(chosen), "zh": "、".join(chosen)}
        raise _UsageError([field_error("", message("cli.options_exclusive", options=options))])
    if args.template:
        out.write(batches.template(args.name, lang))
        return 0
    if args.csv is not None:
        return _run_csv(args.name, args.csv, lang, out)
    return _run_json(args.name, lang, out, table=args.table)


def _scan(argv: list[str]) -> tuple[str, str | None]:
    """The language asked for (``--lang``, anywhere; the last one counts, checked by
    the caller) and the first word that is not an option: the calculator's name. Read
    before argparse, which writes the help in that language."""
    lang, name, i = "en", None, 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--lang":
            lang = argv[i + 1] if i + 1 < len(argv) else ""
            i += 1
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
        elif not arg.startswith("-") and name is None:
            name = arg
        i += 1
    return lang, name


# -- help ---------------------------------------------------------------------------

class _Parser(argparse.ArgumentParser):
    """argparse, answering in the contract's way: a usage error is a bilingual error
    (exit 2), help goes through the same UTF-8 output."""

    output: _Output

    def error(self, detail: str):  # argparse's own text is English: it goes in both
        raise _UsageError([field_error("", message("cli.bad_arguments", detail=detail, command=self.prog))])

    def exit(self, status: int = 0, message: str | None = None):
        raise _Exit(status)

    def print_help(self, file: IO[str] | None = None) -> None:
        self.output.write(self.format_help())


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def __init__(self, prog: str, usage_prefix: str = "usage: "):
        super().__init__(prog, max_help_position=30)
        self._usage_prefix = usage_prefix

    def add_usage(self, usage, actions, groups, prefix=None):
        # argparse passes "" when it makes a sub-command's name: no prefix then.
        super().add_usage(usage, actions, groups, self._usage_prefix if prefix is None else prefix)


def _parser(lang: str, out: _Output) -> _Parser:
    formatter = functools.partial(_Formatter, usage_prefix=_t("usage", lang))

    def parser(**kwargs) -> _Parser:
        p = _Parser(formatter_class=formatter, add_help=False, allow_abbrev=False, **kwargs)
        p.output = out
        return p

    def common(p: _Parser) -> argparse._ArgumentGroup:
        group = p.add_argument_group(_t("options", lang))
        group.add_argument("-h", "--help", action="help", help=_t("help_option", lang))
        group.add_argument("--lang", metavar="{en,zh}", default=argparse.SUPPRESS, help=_t("lang_option", lang))
        return group

    top = parser(prog=PROG, description=_wrap(_t("description", lang), lang),
                 epilog=_wrap(_t("epilog", lang, limit=LIMIT_TEXT, command=PROG), lang))
    common(top)
    subs = top.add_subparsers(title=_t("calculators_title", lang), metavar="NAME", dest="name", parser_class=_Parser)
    for name, calc in calculators().items():
        sub = subs.add_parser(name, help=calc.title[lang], formatter_class=formatter, add_help=False,
                              allow_abbrev=False, description=_describe(calc, lang),
                              epilog=_calculator_epilog(calc, lang))
        sub.output = out
        group = common(sub)
        group.add_argument("--table", action="store_true", help=_t("table_option", lang))
        group.add_argument("--csv", metavar="FILE", nargs="?", const="-", default=None,
                           help=_t("csv_option", lang))
        group.add_argument("--template", action="store_true", help=_t("template_option", lang))
    lister = subs.add_parser("list", help=_t("list_help", lang), formatter_class=formatter, add_help=False)
    lister.output = out
    common(lister)
    return top


def _describe(calc: Calculator, lang: str) -> str:
    intro = calc.intro[lang] if calc.intro else ""
    return "\n\n".join(_wrap(part, lang) for part in (calc.title[lang], intro) if part)


def _calculator_epilog(calc: Calculator, lang: str) -> str:
    lines = [_t("inputs_title", lang)]
    for f in calc.fields:
        lines.append(f"  {f.name} ({f.label[lang]})" if lang == "en" else f"  {f.name}（{f.label[lang]}）")
        lines += [_wrap(part, lang, 72, "      ") for part in (_facts(calc, f, lang), f.help[lang]) if part]
    example = json.dumps(calc.defaults(), ensure_ascii=False, separators=(", ", ": "))
    before, after = _t("calculator_epilog", lang, limit=LIMIT_TEXT, example="\0",
                       command=f"{PROG} {calc.name}").split("\0")
    lines += ["", _wrap(before.strip(), lang), "  " + example, _wrap(after.strip(), lang)]
    return "\n".join(lines)


def _facts(calc: Calculator, f: Field, lang: str) -> str:
    """What an input takes, on one line: type, unit, allowed values, default, required."""
    sep = "; " if lang == "en" else "；"
    facts = [catalogue()["cli"]["kind"].get(f.kind, {lang: f.kind})[lang]]
    if isinstance(f, Number):
        low = ("> " if f.exclusive_minimum else "≥ ") + plain_number(f.minimum)
        facts[0] += f" {low}, ≤ {plain_number(f.maximum)}"
        chooser = unit_field(calc.fields, f)
        if f.unit:
            facts.append(_t("unit", lang, unit=catalogue()["units"].get(f.unit, {lang: f.unit})[lang]))
        elif chooser:
            facts.append(_t("unit_from", lang, field=chooser.name))
    elif isinstance(f, (Choice, MultiChoice)):
        # Labels too for a short list; a long one (size tiers) by its values only.
        labelled = len(f.options) <= 12
        facts.append(_t("allowed", lang, values=", ".join(_option(o.value, o.label if labelled else None, lang)
                                                          for o in f.options)))
    elif isinstance(f, ChoiceGrid):
        facts.append(_t("allowed_rows", lang, rows=", ".join(o.value for o in f.rows),
                        choices=", ".join(_option(o.value, o.label, lang) for o in f.choices)))
    elif isinstance(f, Date):
        facts.append(_t("date_range", lang, min=f.earliest, max=f.latest))
    if isinstance(f, Date) and f.default is None:
        facts.append(_t("default_today", lang))
    elif f.default is not None and f.default != "":
        facts.append(_t("default", lang, value=as_text(f.default)))
    facts.append(_t("required" if f.required and not isinstance(f, Boolean) else "optional", lang))
    return sep.join(facts)


def _option(value: str, label: Text | None, lang: str) -> str:
    shown = value if value else '""'
    return shown if label is None or label[lang] in (value, "") else f"{shown} ({label[lang]})"


def _width(text: str) -> int:
    """Columns on a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


_TOKENS = re.compile(r"\s+|[^\s\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]+|.")
_NO_LINE_START = set("，。；：、）》」』！？,.;:)")  # punctuation that does not begin a line


def _wrap(text: str, lang: str, width: int = 78, indent: str = "") -> str:
    """``text`` wrapped to ``width`` terminal columns (a Chinese character takes two),
    breaking between words or between Chinese characters, each line after ``indent``."""
    out = []
    for paragraph in text.split("\n"):
        line, used = indent, _width(indent)
        for token in _TOKENS.findall(paragraph):
            size = _width(token)
            if used + size > width and line.strip() and not token.isspace() and token[0] not in _NO_LINE_START:
                out.append(line.rstrip())
                line, used = indent, _width(indent)
            if token.isspace() and line == indent:
                continue
            line, used = line + token, used + size
        out.append(line.rstrip())
    return "\n".join(out)


# -- one JSON object ----------------------------------------------------------------

def _json(out: _Output, obj: dict, status: int) -> int:
    out.status = status
    out.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")
    return status


def _errors(out: _Output, errors: list[Error], lang: str, table: bool) -> int:
    if not table:
        return _json(out, {"errors": errors}, 2)
    out.status = 2
    out.write("\n".join([message("ui.field_errors")[lang]] + [f"- {e['message'][lang]}" for e in errors]) + "\n")
    return 2


def _read_payload(lang: str) -> tuple[Any, list[Error]]:
    """The JSON object on standard input, or the errors that say why there is none."""
    stdin = sys.stdin
    if stdin is None:  # started with descriptor 0 closed
        return None, [field_error("", message("empty_input"))]
    try:
        if stdin.isatty():
            _say(_t("reading_stdin", lang))
        data = stdin.buffer.read(STDIN_LIMIT + 1)
    except (OSError, ValueError):
        return None, [field_error("", message("cli.stdin_unreadable"))]
    if len(data) > STDIN_LIMIT:
        return None, [field_error("", message("input_too_large", limit=LIMIT_TEXT))]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [field_error("", message("not_utf8", position=exc.start + 1))]
    if not text.strip():
        return None, [field_error("", message("empty_input"))]
    try:
        return json.loads(text, parse_int=_json_int, parse_float=_json_float), []
    except json.JSONDecodeError as exc:
        return None, [field_error("", message("bad_json", line=exc.lineno, column=exc.colno))]
    except RecursionError:
        return None, [field_error("", message("too_deep"))]


def _json_int(digits: str) -> int | str:
    # Python turns at most 4,300 digits into an int; longer ones stay text, which a
    # numeric input reads as far too large and any other input rejects.
    return int(digits) if len(digits) <= 4000 else digits


def _json_float(text: str) -> float | str:
    value = float(text)
    return value if math.isfinite(value) else text  # 1e400: too large, as the text says


def _run_json(name: str, lang: str, out: _Output, table: bool) -> int:
    payload, errors = _read_payload(lang)
    if errors:
        return _errors(out, errors, lang, table)
    if not table:
        ok, output = run(name, payload)
        internal = output.pop("internal", None)
        if internal:
            _say(internal)
            return _json(out, output, 1)
        return _json(out, output, 0 if ok else 2)
    ok, output, readings = evaluate(name, payload)
    internal = output.pop("internal", None)
    if internal:
        _say(internal)
    if not ok:
        status = _errors(out, output["errors"], lang, table=True)
        return 1 if internal else status
    out.write(_table(get(name), output, readings, lang))
    return 0


def _table(calc: Calculator, result: dict, readings: list[Text], lang: str) -> str:
    """The summary rows as two aligned columns, then how numbers were read and the
    warnings."""
    rows = [(r["label"][lang], r["value"][lang]) for r in calc.summary(result)]
    width = min(max((_width(label) for label, _ in rows), default=0), 44)
    lines = [calc.title[lang], ""]
    for label, value in rows:
        lines.append(label + " " * max(width - _width(label), 0) + "  " + value)
    if readings:
        lines += [""] + [f"- {r[lang]}" for r in readings]
    warnings = result.get("warnings") or []
    if warnings:
        lines += ["", message("ui.warnings")[lang] + (":" if lang == "en" else "：")]
        lines += [f"- {w[lang]}" for w in warnings]
    return "\n".join(lines) + "\n"


# -- CSV ----------------------------------------------------------------------------

def _run_csv(name: str, path: str, lang: str, out: _Output) -> int:
    if path == "-":
        if sys.stdin is None:
            return _json(out, {"errors": [field_error("", message("empty_input"))]}, 2)
        source: IO[bytes] = sys.stdin.buffer
    else:
        try:
            source = open(path, "rb")
        except FileNotFoundError:
            return _json(out, {"errors": [field_error("", message("cli.file_not_found", path=path))]}, 2)
        except OSError:
            return _json(out, {"errors": [field_error("", message("cli.file_unreadable", path=path))]}, 2)
    with source:
        return _write_csv(batches.Batch(name, lang), source, out)


def _write_csv(batch: batches.Batch, source: IO[bytes], out: _Output) -> int:
    pending = io.StringIO()  # written out every 64 kB: one write per row is slow
    writer = None

    def start() -> None:
        nonlocal writer
        # The input's delimiter: a sheet saved with semicolons is opened by an Excel
        # that expects them. The BOM: Excel reads UTF-8 (Chinese included) only with it.
        writer = csv.writer(pending, delimiter=batch.delimiter, lineterminator="\r\n")
        pending.write("\ufeff")
        writer.writerow(batch.output_header())
        if batch.ignored_columns:
            _say(message("csv.ignored_columns", columns=", ".join(batch.ignored_columns))[batch.lang])

    try:
        for row in batches.rows_from_binary(batch, source):
            if writer is None:
                start()
            writer.writerow(row["cells"])
            if pending.tell() > 1 << 16:
                out.status = _csv_status(batch)
                out.write(pending.getvalue())
                pending.seek(0)
                pending.truncate()
    except batches.BatchError as exc:  # the file itself: before any row is written
        return _json(out, {"errors": exc.errors}, 2)
    except OSError:
        return _json(out, {"errors": [field_error("", message("cli.stdin_unreadable"))]}, 2)
    if writer is None:
        start()
    out.status = _csv_status(batch)
    out.write(pending.getvalue())
    if batch.bug:
        _say(batch.bug)
    return out.status


def _csv_status(batch: batches.Batch) -> int:
    return 1 if batch.bug else 2 if batch.rows_failed else 0

"""One calculator over every row of a CSV file: the command line's ``--csv`` and, in
the browser (Pyodide), the page's batch mode. Standard library only.

Input: CSV text, UTF-8 (a leading BOM is dropped), lines ending in LF or CRLF,
delimited by commas, semicolons or tabs (whichever the header line has most of,
outside quotes; commas when it has none). The header names the columns: each is a calculator's input name
(``weight``), or its label in English (``Weight``) or Chinese (``重量``), in any case
and spacing. Other columns (a SKU, a product name) are not used, but are copied to
the output. A blank cell is a missing input (the default, or a "required" error).
Numbers follow ``numbers.py`` (``0,8`` is 0.8 in a semicolon file too).

Use, fed chunk by chunk (the browser reads a file in pieces)::

    batch = Batch("fba-fee", lang="zh")
    for chunk in chunks:                  # str pieces of any size, in order
        for row in batch.feed(chunk):     # the rows completed by this piece
            show(row)                     # batch.rows_done: rows so far (progress)
    for row in batch.finish():            # the last row, if the text had no final newline
        show(row)

or, for an iterator of lines, ``for row in run_lines("fba-fee", lines, "zh")``; for a
binary file (the command line), ``rows_from_binary(batch, stream)``; for bytes in
pieces (the browser's file reader), ``ByteFeed(batch).feed(piece)``. ``feed`` and
``finish`` raise ``BatchError`` (``.errors``: the bilingual error list of the JSON
contract) for a problem with the file itself: no header line, two columns giving one
input, no column giving any input. Every other problem is the row's own.
``batch.ignored_columns`` names the columns that give no input, to tell the reader.

Each row is a dict, JSON-able: ``line`` (where the row starts in the file, the header
being line 1), ``input`` (the row's cells by column name), ``ok``, ``result`` (the
calculator's result, or None), ``errors`` (the JSON contract's bilingual list),
``readings`` (bilingual: how typed numbers were read) and ``cells`` (the output CSV
line, in the batch's language). The output CSV is ``batch.output_header()`` then each
row's ``cells``: the input columns, one column per summary row of the calculator (its
main figures, as the page shows them, from ``summary()``: no calculator needs code for
this), ``other results`` for any summary row not among those, ``notes`` (numbers as
read, then the result's warnings) and ``error``; write it with the input's
``batch.delimiter``, a BOM and CRLF for Excel.
``template(name, lang)`` is a CSV with the header and the calculator's example row.

Rows are computed without the explanation text (``explain=False``) where a
calculator offers it: the figures are the same as one at a time.
"""

from __future__ import annotations

import csv
import io
from functools import lru_cache
from typing import IO, Any, Callable, Iterable, Iterator

from . import core
from .fields import Error, as_text, field_error
from .i18n import LANGUAGES, Text, message

MAX_ROW_CHARS = 100_000  # a row longer than this is an error (an unclosed quote, usually)
_DELIMITERS = (",", ";", "\t")
_SEPARATOR = {"en": " ", "zh": ""}  # between sentences in one cell


class BatchError(Exception):
    """A problem with the whole file; ``errors`` as in the JSON contract."""

    def __init__(self, errors: list[Error]):
        super().__init__(errors)
        self.errors = errors


def _key(text: str) -> str:
    """A header cell or label as compared: case and spacing ignored."""
    return " ".join(text.replace("\ufeff", "").split()).casefold()


@lru_cache(maxsize=None)
def _input_names(name: str) -> dict[str, str]:
    """Header key -> input name: the names, then the English and Chinese labels (a
    label that two inputs share, or that is another input's name, names neither)."""
    calc = core.get(name)
    names = {_key(f.name): f.name for f in calc.fields}
    by_label: dict[str, set[str]] = {}
    for f in calc.fields:
        for lang in LANGUAGES:
            by_label.setdefault(_key(f.label[lang]), set()).add(f.name)
    for key, fields in by_label.items():
        if len(fields) == 1 and key not in names:
            names[key] = next(iter(fields))
    return names


@lru_cache(maxsize=None)
def result_columns(name: str) -> tuple[Text, ...]:
    """The main-figure columns of ``name``: the labels of its summary rows over its
    example results, in the order they come (a label only some results show, such as
    the fee for stock in one country, has its place among the others). A row with a
    label none of the examples shows goes to the ``other results`` column."""
    calc = core.get(name)
    columns: list[Text] = []
    seen: dict[str, int] = {}
    for payload in (calc.defaults(),) + tuple(calc.examples):
        ok, result = core.run(name, payload)
        if not ok:
            continue
        at = -1
        for r in calc.summary(result):
            key = r["label"]["en"]
            if key in seen:
                at = seen[key]
                continue
            at += 1
            columns.insert(at, r["label"])
            seen = {c["en"]: i for i, c in enumerate(columns)}
    return tuple(columns)


def _ends_quoted(line: str, delimiter: str, inside: bool) -> bool:
    """Whether a row of CSV that is ``inside`` a quoted cell at the start of ``line``
    still is at its end, by the rules the csv module reads by: a quote opens a quoted
    cell only as a cell's first character (``10" tablet`` is plain text), and ``""``
    inside one is a quote."""
    at_start = not inside
    i, n = 0, len(line)
    while i < n:
        c = line[i]
        if inside:
            if c == '"':
                if i + 1 < n and line[i + 1] == '"':
                    i += 1
                else:
                    inside = False
        elif c == '"' and at_start:
            inside = True
        at_start = not inside and c == delimiter
        i += 1
    return inside


def _explains(calc: core.Calculator) -> bool:
    """Whether ``compute`` takes ``explain`` (read from its code: ``inspect`` would
    cost the browser a dozen more modules to load)."""
    code = getattr(calc.compute, "__code__", None)
    return code is not None and "explain" in code.co_varnames[:code.co_argcount + code.co_kwonlyargcount]


class Batch:
    """Rows of CSV text through calculator ``name``, answers in ``lang`` ("en", "zh").

    ``feed(text)`` takes the next piece of the file and returns the rows it
    completes; ``finish()`` returns the last one. Memory holds one row at a time.
    """

    def __init__(self, name: str, lang: str = "en"):
        calc = core.get(name)
        if calc is None:
            raise BatchError([field_error("", message("unknown_calculator", name=name,
                                                      names=", ".join(core.calculators())))])
        self.name, self.calc, self.lang = name, calc, lang if lang in LANGUAGES else "en"
        self.header: list[str] | None = None  # the input's column names, as written
        self.ignored_columns: list[str] = []  # columns that give no input (copied to the output)
        self.rows_done = 0  # rows answered so far
        self.rows_failed = 0  # of which with an error
        self.bug: str | None = None  # the details of the first row a bug stopped, for a report
        self._explain = not _explains(calc)
        self._columns = result_columns(name)
        self._column_at = {c["en"]: i for i, c in enumerate(self._columns)}
        self._fields: list[str | None] = []  # per input column: the input it gives, or None
        self.delimiter = ","  # the input's, once its header is read
        self._partial = ""  # text after the last line break
        self._record: list[str] = []  # the lines of the row being read
        self._record_chars = 0
        self._inside = False  # the row being read ends inside a quoted cell so far
        self.lines_read = 0  # lines of the file read so far
        self._record_line = 1  # the line the row being read starts on
        self._skipping = False  # dropping the rest of an over-long line

    # -- reading ------------------------------------------------------------------

    def feed(self, text: str) -> list[dict]:
        """The rows completed by ``text``, the next piece of the file."""
        if self._skipping:
            end = text.find("\n")
            if end < 0:
                return []
            self._skipping, text = False, text[end + 1:]
        if not text:
            return []
        lines = (self._partial + text).split("\n")  # not splitlines(): a cell may hold U+2028 and the like
        self._partial = lines.pop()
        rows = []
        for line in lines:
            row = self._line_in(line + "\n")
            if row is not None:
                rows.append(row)
        if len(self._partial) > MAX_ROW_CHARS:  # no line break for far too long
            self._partial, self._skipping = "", True
            self.lines_read += 1
            self._record_line = self.lines_read
            rows.append(self._too_long())
        return rows

    def finish(self) -> list[dict]:
        """The rows left when the file has ended (a last line without a line break,
        or a row whose quote was never closed)."""
        rows = []
        if self._partial:
            row = self._line_in(self._partial)
            self._partial = ""
            if row is not None:
                rows.append(row)
        if self._record:  # a quote left open at the end of the file: read what there is
            text, self._record, self._inside = "".join(self._record), [], False
            row = self._row_of(text) if self.header is not None else None
            if row is not None:
                rows.append(row)
        if self.header is None:
            raise BatchError([field_error("", message("csv.no_header", example=self._example_header()))])
        return rows

    def reject_line(self, reason: Text) -> dict:
        """A row for a line that could not be read at all (not UTF-8, too long): an
        error row, so that the output keeps one line per input line."""
        self.lines_read += 1
        self._record, self._record_chars, self._inside = [], 0, False
        return self._error_row(self.lines_read, [], reason)

    def _line_in(self, line: str) -> dict | None:
        self.lines_read += 1
        if not self._record:
            self._record_line = self.lines_read
            self._record_chars = 0
        self._record.append(line)
        self._record_chars += len(line)
        if self._record_chars > MAX_ROW_CHARS:
            return self._too_long()
        if '"' in line or self._inside:
            self._inside = _ends_quoted(line, self.delimiter, self._inside)
            if self._inside:  # inside a quoted cell: the row goes on on the next line
                return None
        text = "".join(self._record) if len(self._record) > 1 else line
        self._record = []
        if self.header is None:
            if text.strip("\ufeff \t\r\n"):
                self._read_header(text)
            return None
        return self._row_of(text)

    def _too_long(self) -> dict:
        self._record, self._record_chars, self._inside = [], 0, False
        if self.header is None:
            raise BatchError([field_error("", message("csv.row_too_long", limit=f"{MAX_ROW_CHARS:,}"))])
        return self._error_row(self._record_line, [], message("csv.row_too_long", limit=f"{MAX_ROW_CHARS:,}"))

    def _read_header(self, text: str) -> None:
        text = text.lstrip("\ufeff")
        # The delimiter, from the header alone: data rows may hold decimal commas.
        # (csv.Sniffer guesses from rows and quotes and often fails on one line.)
        outside = text.split('"')[::2]
        counts = [sum(part.count(d) for part in outside) for d in _DELIMITERS]
        self.delimiter = _DELIMITERS[counts.index(max(counts))] if max(counts) else ","
        header = next(csv.reader([text], delimiter=self.delimiter), [])
        names = _input_names(self.name)
        fields: list[str | None] = []
        given: dict[str, list[str]] = {}
        for cell in header:
            field = names.get(_key(cell))
            fields.append(field)
            if field is not None:
                given.setdefault(field, []).append(cell.strip())
            elif cell.strip():
                self.ignored_columns.append(cell.strip())
        twice = [(field, cells) for field, cells in given.items() if len(cells) > 1]
        if twice:
            raise BatchError([field_error(field, message("csv.duplicate_column", columns=", ".join(cells),
                                                         field=self._label(field)))
                              for field, cells in twice])
        if not given:
            raise BatchError([field_error("", message("csv.no_known_column", calculator=self.name,
                                                      example=self._example_header()))])
        self.header, self._fields = [c.strip() for c in header], fields

    def _example_header(self) -> str:
        return self.delimiter.join(f.name for f in self.calc.fields[:3])

    def _label(self, field: str) -> Text:
        return next(f.label for f in self.calc.fields if f.name == field)

    # -- one row ------------------------------------------------------------------

    def _row_of(self, text: str) -> dict | None:
        line = self._record_line
        try:
            cells = next(csv.reader([text], delimiter=self.delimiter), [])
        except csv.Error:
            return self._error_row(line, [], message("csv.bad_row"))
        if not any(c.strip() for c in cells):
            return None  # a blank line, or a row of empty cells: not a row
        width = len(self.header)
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            return self._error_row(line, cells[:width], message("csv.too_many_cells", cells=len(cells), columns=width))
        cells = (cells + [""] * width)[:width]  # a sheet may leave out empty cells at the end
        payload = {field: cell for field, cell in zip(self._fields, cells) if field is not None and cell.strip()}
        ok, output, readings = core.evaluate(self.name, payload, explain=self._explain)
        internal = output.pop("internal", None)
        if internal and self.bug is None:
            self.bug = internal
        self.rows_done += 1
        if not ok:
            self.rows_failed += 1
            return self._row(line, cells, False, None, output["errors"], readings)
        return self._row(line, cells, True, output, [], readings)

    def _error_row(self, line: int, cells: list[str], reason: Text) -> dict:
        self.rows_done += 1
        self.rows_failed += 1
        width = len(self.header or [])
        return self._row(line, (cells + [""] * width)[:width], False, None, [field_error("", reason)], [])

    def _row(self, line: int, cells: list[str], ok: bool, result: dict | None,
             errors: list[Error], readings: list[Text]) -> dict:
        lang = self.lang
        figures = [""] * len(self._columns)
        other: list[str] = []
        notes = [r[lang] for r in readings]
        if result is not None:
            for r in self.calc.summary(result):
                at = self._column_at.get(r["label"]["en"])
                if at is not None and not figures[at]:
                    figures[at] = r["value"][lang]
                else:
                    other.append(f"{r['label'][lang]}: {r['value'][lang]}")
            notes += [w[lang] for w in result.get("warnings") or []]
        return {
            "line": line,
            "input": dict(zip(self.header or [], cells)),
            "ok": ok,
            "result": result,
            "errors": errors,
            "readings": readings,
            "cells": cells + figures + ["; ".join(other), _SEPARATOR[lang].join(notes),
                                        _SEPARATOR[lang].join(e["message"][lang] for e in errors)],
        }

    # -- writing ------------------------------------------------------------------

    def output_header(self) -> list[str]:
        """The output CSV's header: the input columns, the result's, other, notes, error."""
        lang = self.lang
        return (list(self.header or []) + [c[lang] for c in self._columns]
                + [message(f"csv.{key}")[lang] for key in ("other_column", "notes_column", "error_column")])


def for_page(calc: core.Calculator) -> bool:
    """Whether a calculator's page takes a CSV file of products: every input fits in a
    cell of one product's row (the account planner's grid of marketplaces does not)."""
    return not any(f.kind in ("choicegrid", "multichoice") for f in calc.fields)


def run_lines(name: str, lines: Iterable[str], lang: str = "en",
              progress: Callable[[int], None] | None = None, every: int = 1000) -> Iterator[dict]:
    """The rows of CSV ``lines`` (str, with or without their line breaks) through
    calculator ``name``; ``progress(rows_done)`` every ``every`` rows and at the end."""
    batch = Batch(name, lang)
    yield from _rows(batch, (line if line.endswith(("\n", "\r")) else line + "\n" for line in lines), progress, every)


def _rows(batch: Batch, pieces: Iterable[str], progress: Callable[[int], None] | None, every: int) -> Iterator[dict]:
    reported = 0
    for piece in pieces:
        for row in batch.feed(piece):
            yield row
        if progress and batch.rows_done - reported >= every:
            reported = batch.rows_done
            progress(reported)
    yield from batch.finish()
    if progress:
        progress(batch.rows_done)


class ByteFeed:
    """The bytes of a CSV file, in pieces of any size, into ``batch``: the browser's file
    reader and the command line's ``rows_from_binary``. Each line is decoded by itself:
    a line that is not UTF-8, or longer than ``batch`` takes, is an error row of its own
    (before the header, a ``BatchError``), and the rows after it go on."""

    LIMIT = 4 * MAX_ROW_CHARS  # bytes: up to 4 per character in UTF-8

    def __init__(self, batch: Batch):
        self.batch = batch
        self.bytes_read = 0
        self._partial = b""  # bytes after the last line break
        self._skipping = False  # dropping the rest of an over-long line

    def feed(self, data: bytes) -> list[dict]:
        """The rows completed by ``data``, the next piece of the file."""
        self.bytes_read += len(data)
        rows: list[dict] = []
        if self._skipping:
            end = data.find(b"\n")
            if end < 0:
                return rows
            self._skipping, data = False, data[end + 1:]
        lines = (self._partial + data).split(b"\n")
        self._partial = lines.pop()
        for line in lines:
            rows += self._line(line + b"\n")
        if len(self._partial) >= self.LIMIT:  # no line break for far too long
            self._partial, self._skipping = b"", True
            rows += self._reject(message("csv.row_too_long", limit=f"{MAX_ROW_CHARS:,}"))
        return rows

    def finish(self) -> list[dict]:
        """The rows left when the file has ended."""
        rows = self._line(self._partial) if self._partial and not self._skipping else []
        self._partial = b""
        return rows + self.batch.finish()

    def _line(self, raw: bytes) -> list[dict]:  # a BOM stays: Batch drops it
        if len(raw) > self.LIMIT:
            return self._reject(message("csv.row_too_long", limit=f"{MAX_ROW_CHARS:,}"))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return self._reject(message("csv.not_utf8", line=self.batch.lines_read + 1))
        return self.batch.feed(text)

    def _reject(self, reason: Text) -> list[dict]:
        if self.batch.header is None:
            raise BatchError([field_error("", reason)])
        return [self.batch.reject_line(reason)]


def rows_from_binary(batch: Batch, stream: IO[bytes]) -> Iterator[dict]:
    """The rows of a binary file (or standard input) through ``batch`` (``ByteFeed``),
    read as the bytes arrive."""
    feed = ByteFeed(batch)
    read = getattr(stream, "read1", stream.read)  # what has arrived, not a full block
    while chunk := read(65536):
        yield from feed.feed(chunk)
    yield from feed.finish()


def csv_line(cells: list[str], delimiter: str = ",") -> str:
    """One CSV line (CRLF, quoted where needed), as Excel reads it."""
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerow(cells)
    return out.getvalue()


def template(name: str, lang: str = "en") -> str:
    """A CSV template for ``name``: the labels of its inputs in ``lang`` as the header
    and its example inputs as the one row, with the BOM and CRLF Excel expects."""
    calc = core.get(name)
    defaults = calc.defaults()
    header = [f.label[lang] if _input_names(name).get(_key(f.label[lang])) == f.name else f.name
              for f in calc.fields]
    return "\ufeff" + csv_line(header) + csv_line([as_text(defaults.get(f.name)) for f in calc.fields])

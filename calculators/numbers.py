"""Numbers as people type them: the one parser behind every numeric input.

The rule (the same in the browser, the command line and CSV files):

- A number is an optional sign, digits with an optional decimal part, optionally an
  exponent (``1e3``), with any spaces around it. ``.5`` and ``5.`` are numbers.
- The full-width forms a Chinese input method types read as their ASCII twins:
  digits ``０``-``９``, the point ``．``, the comma ``，`` and the signs ``＋`` ``－``
  (and the minus sign ``−``).
- A comma is a **thousands separator** when the number is written in groups of three
  digits: a first group of one to three digits that is not ``0``, then one or more
  groups of a comma and exactly three digits, then optionally a decimal point:
  ``1,500`` is 1500, ``12,500,000.25`` is 12500000.25.
- Any other single comma is a **decimal mark**, when one or two digits follow it
  (``0,8`` is 0.8, ``12,75`` is 12.75, ``1234,5`` is 1234.5) or when the whole part
  is ``0`` (``0,800`` and ``0,1234`` are 0.8 and 0.1234).
- Everything else with a comma is ambiguous and is an error, never a guess:
  ``1,2,3``; ``1,5000`` (a misplaced thousands comma, or four decimals?);
  ``1234,567`` (thousands need groups of three from the left); ``1,500,25``; and a
  point and a comma together other than in ``1,500.25``: ``1.500,25`` is an error
  (read with the point as the decimal mark, as everywhere else, it would be 1.5).
  A comma never goes with an exponent.
- Points are always decimal marks; ``1.500`` is 1.5. Spaces inside a number, letters
  and other scripts' digits are errors.

``read_number`` says how a text was read; wherever a comma or a full-width form was
read, the caller shows the number as read (``Weight read as 0.8 lb``), so a reader who
meant something else sees it at once.
"""

from __future__ import annotations

import math
import re
from typing import NamedTuple

# The full-width forms and the typographic minus, mapped to ASCII.
_TO_ASCII = str.maketrans({**{chr(0xFF10 + d): str(d) for d in range(10)},
                           "．": ".", "，": ",", "＋": "+", "－": "-", "−": "-"})

_PLAIN = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_THOUSANDS = re.compile(r"[+-]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?", re.ASCII)
_DECIMAL_COMMA = re.compile(r"[+-]?(?:0,\d+|\d+,\d{1,2})", re.ASCII)
_NOT_FINITE = {"nan", "inf", "infinity"}

# How a text was read; the message each reading is shown with.
PLAIN = "plain"            # as Python's float() would, nothing to tell the reader
FULL_WIDTH = "full_width"  # full-width digits, point or sign, no comma
THOUSANDS = "thousands"    # a comma read as a thousands separator
DECIMAL_COMMA = "decimal_comma"  # a comma read as a decimal mark


class Reading(NamedTuple):
    """The outcome of reading one text.

    ``value`` is the number (None on error); ``error`` a message key of
    ``locale/messages.json`` (``not_a_number``, ``number_ambiguous``, ``not_finite``,
    ``too_large``) or None; ``how`` one of PLAIN, FULL_WIDTH, THOUSANDS, DECIMAL_COMMA;
    ``shown`` the number as read, in plain ASCII without separators (``0.8``,
    ``12500000.25``), for the note the reader sees.
    """

    value: float | None
    error: str | None
    how: str = PLAIN
    shown: str = ""


def read_number(typed: str) -> Reading:
    """Read ``typed`` by the rule in this module's docstring. An empty text (after
    stripping spaces) is ``not_a_number``: callers treat a blank input as missing."""
    stripped = typed.strip()
    ascii_text = stripped.translate(_TO_ASCII)
    full_width = ascii_text != stripped
    if "," in ascii_text:
        if _THOUSANDS.fullmatch(ascii_text):
            how, number = THOUSANDS, ascii_text.replace(",", "")
        elif _DECIMAL_COMMA.fullmatch(ascii_text):
            how, number = DECIMAL_COMMA, ascii_text.replace(",", ".")
        else:
            return Reading(None, "number_ambiguous")
    elif _PLAIN.fullmatch(ascii_text):
        how, number = (FULL_WIDTH if full_width else PLAIN), ascii_text
    elif ascii_text.lower().lstrip("+-") in _NOT_FINITE:
        return Reading(None, "not_finite")
    else:
        return Reading(None, "not_a_number")
    value = float(number)  # cannot fail: the patterns above are a subset of float()'s
    if math.isinf(value):  # digits beyond the largest float: a number, far too large
        return Reading(None, "too_large")
    shown = number.lstrip("+")
    return Reading(value + 0.0, None, how, shown[:-1] if shown.endswith(".") else shown)  # + 0.0: no -0.0


def read_value(raw: object) -> Reading:
    """A JSON value for a numeric input: a number as it is, a text by ``read_number``.
    Booleans, None, lists and objects are ``not_a_number``."""
    if isinstance(raw, str):
        return read_number(raw)
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        return Reading(None, "not_a_number")
    try:
        value = float(raw)
    except OverflowError:  # an int beyond the largest float
        return Reading(None, "too_large")
    if not math.isfinite(value):
        return Reading(None, "not_finite")
    return Reading(value + 0.0, None)

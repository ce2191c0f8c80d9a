"""Input definitions and their validation.

A calculator declares its inputs once, as a tuple of fields. The same definitions
validate JSON from the command line, build the HTML form at build time, and validate
what a reader types in the browser. Validation never raises to the caller: it returns
the clean values and a list of field errors, each message in English and Chinese.
"""

from __future__ import annotations

import copy
import datetime as _dt
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

from . import units
from .i18n import Text, catalogue, message, text
from .numbers import PLAIN, Reading, read_value

Error = dict  # {"field": str, "message": Text}


def field_error(name: str, msg: Text) -> Error:
    return {"field": name, "message": msg}


class InputError(Exception):
    """Raised inside a calculator for a problem only visible once inputs combine."""

    def __init__(self, errors: list[Error]):
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True)
class Option:
    value: str
    label: Text
    # Offered only while the field ``for_field`` holds one of ``for_values`` (a size
    # tier or a rate card belongs to its marketplace); validation still checks the pair.
    for_field: str = ""
    for_values: tuple[str, ...] = ()


@dataclass(frozen=True)
class Field:
    """One input. ``default`` fills the form; it is used for a missing key only
    when ``required`` is false."""

    name: str
    label: Text
    help: Text = field(default_factory=lambda: text("", ""))
    required: bool = True
    default: Any = None
    group: str = ""  # fields sharing a group are laid out on one row of the form

    kind = "text"

    def parse(self, raw: Any) -> tuple[Any, Text | None]:
        raise NotImplementedError

    def read(self, raw: Any) -> tuple[Any, Text | None, Reading | None]:
        """``parse`` plus, when the reader should be told how ``raw`` was read (a
        number with a comma or in full-width digits), how: a ``numbers.Reading``."""
        value, err = self.parse(raw)
        return value, err, None

    def describe(self) -> dict:
        """The definition as JSON, for documentation and the form."""
        return {"name": self.name, "kind": self.kind, "label": self.label, "help": self.help,
                "required": self.required, "default": self.default}


@dataclass(frozen=True)
class Number(Field):
    unit: str = ""  # a unit id from the catalogue, or "" when another field holds the unit
    minimum: float = 0.0
    exclusive_minimum: bool = True  # zero is not a length, a weight or a price
    maximum: float = 1e9
    step: float = 0.01

    kind = "number"

    def parse(self, raw):
        value, err, _ = self.read(raw)
        return value, err

    def read(self, raw):
        reading = read_value(raw)  # the one rule for numbers: see numbers.py
        if reading.error == "too_large":
            return None, message("too_large", label=self.label, max=plain_number(self.maximum)), None
        if reading.error == "number_ambiguous":
            return None, message("number_ambiguous", label=self.label, typed=_excerpt(raw)), None
        if reading.error:
            return None, message(reading.error, label=self.label), None
        value = reading.value
        if self.exclusive_minimum and value <= self.minimum:
            return None, message("must_be_positive", label=self.label, min=plain_number(self.minimum)), None
        if not self.exclusive_minimum and value < self.minimum:
            return None, message("too_small", label=self.label, min=plain_number(self.minimum)), None
        if value > self.maximum:
            return None, message("too_large", label=self.label, max=plain_number(self.maximum)), None
        return value, None, (reading if reading.how != PLAIN else None)

    def describe(self):
        d = super().describe()
        d.update(unit=self.unit, minimum=self.minimum, exclusive_minimum=self.exclusive_minimum,
                 maximum=self.maximum, step=self.step)
        return d


@dataclass(frozen=True)
class Choice(Field):
    options: tuple[Option, ...] = ()

    kind = "choice"

    def parse(self, raw):
        values = [o.value for o in self.options]
        if isinstance(raw, str) and raw.strip() in values:
            return raw.strip(), None
        if isinstance(raw, str) and raw.strip().upper() in values:  # "us" for "US"
            return raw.strip().upper(), None
        return None, message("not_a_choice", label=self.label, choices=", ".join(values))

    def describe(self):
        d = super().describe()
        d["options"] = [{"value": o.value, "label": o.label, **({"for": {o.for_field: list(o.for_values)}} if o.for_field else {})}
                        for o in self.options]
        return d


@dataclass(frozen=True)
class Boolean(Field):
    required: bool = False
    default: Any = False

    kind = "boolean"

    def parse(self, raw):
        if isinstance(raw, bool):
            return raw, None
        # 是/否 too: the Chinese message asks for 是或否, and a CSV from a Chinese sheet has them.
        if isinstance(raw, str) and raw.strip().lower() in ("true", "yes", "on", "1", "是"):
            return True, None
        if isinstance(raw, str) and raw.strip().lower() in ("false", "no", "off", "0", "", "否"):
            return False, None
        return None, message("not_a_bool", label=self.label)


@dataclass(frozen=True)
class Date(Field):
    """An ISO date; when missing and not required, today's date."""

    required: bool = False
    earliest: str = "2015-01-01"
    latest: str = "2035-12-31"

    kind = "date"

    def parse(self, raw):
        if not isinstance(raw, str):
            return None, message("not_a_date", label=self.label)
        try:
            value = _dt.date.fromisoformat(raw.strip())
        except ValueError:
            return None, message("not_a_date", label=self.label)
        if len(raw.strip()) != 10:  # fromisoformat also takes 20260301 on 3.11+
            return None, message("not_a_date", label=self.label)
        if not (self.earliest <= value.isoformat() <= self.latest):
            return None, message("date_out_of_range", label=self.label, min=self.earliest, max=self.latest)
        return value.isoformat(), None

    def describe(self):
        d = super().describe()
        d.update(earliest=self.earliest, latest=self.latest)
        return d


@dataclass(frozen=True)
class Section:
    """Field groups shown together in the form under a label (``<module>.sections.<key>``
    in the calculator's locale file), folded unless ``open``: the inputs most readers
    leave alone (overrides, comparisons, programme details). A folded section opens
    by itself when one of its fields holds a value other than its default."""

    key: str
    groups: tuple[str, ...]
    open: bool = False
    label: Text = field(default_factory=lambda: text("", ""))


def _blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() == "")


def at_default(f: Field, raw: Any) -> bool:
    """Whether ``raw`` (a form's, a link's or a file's value) leaves ``f`` as the example
    has it: blank where blank means the default (an optional field), or read as the
    default's value. A required field left blank is not at its default (it is an error)."""
    if f.kind == "boolean":
        raw = False if _blank(raw) else raw
    elif _blank(raw) or (isinstance(raw, dict) and not any(not _blank(v) for v in raw.values())):
        return not f.required
    if f.default is None:
        return False
    value, err = f.parse(raw)
    return err is None and value == f.parse(f.default)[0]


def as_text(value: Any) -> str:
    """An input value as text (a CSV cell, a link's query, a default shown to a person),
    in the form the input reads back."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dict):  # a choice grid: "US:fba, CA:fbm"
        return ", ".join(f"{k}:{v}" for k, v in value.items())
    if isinstance(value, (list, tuple)):  # a multi-choice, or a choice grid as [{row, choice}]
        return ", ".join(":".join(map(str, v.values())) if isinstance(v, dict) else str(v) for v in value)
    return str(value)


def _count_error(f: Field, items: list) -> Text | None:
    """An empty list, or one longer than the field's ``max_items``."""
    if not items:
        return message("empty_list", label=f.label)
    if len(items) > f.max_items:
        return message("too_many", label=f.label, max=f.max_items)
    return None


@dataclass(frozen=True)
class MultiChoice(Field):
    """A list of distinct values taken from ``options``."""

    options: tuple[Option, ...] = ()
    max_items: int = 50

    kind = "multichoice"

    def parse(self, raw):
        if isinstance(raw, str):  # the form sends "US,DE"
            raw = [part for part in (p.strip() for p in raw.split(",")) if part]
        if not isinstance(raw, list):
            return None, message("not_a_list", label=self.label)
        if (error := _count_error(self, raw)) is not None:
            return None, error
        allowed = [o.value for o in self.options]
        seen: list[str] = []
        for item in raw:
            value = item.strip().upper() if isinstance(item, str) else None
            if value not in allowed:
                return None, message("not_a_choice", label=self.label, choices=", ".join(allowed))
            if value in seen:
                return None, message("duplicate_entry", label=self.label, value=value)
            seen.append(value)
        return seen, None

    def describe(self):
        d = super().describe()
        d["options"] = [{"value": o.value, "label": o.label, **({"for": {o.for_field: list(o.for_values)}} if o.for_field else {})}
                        for o in self.options]
        return d


def _excerpt(raw: str, limit: int = 24) -> str:
    """The start of what the reader typed, to quote it back in a message."""
    raw = raw.strip()
    return raw if len(raw) <= limit else raw[:limit] + "…"


def plain_number(x: float) -> str:
    """A bound as a person reads it: 5,000 or 0.01."""
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,}"


def today() -> str:
    return _dt.date.today().isoformat()


def validate(fields: Sequence[Field], payload: Any,
             checks: Sequence[Callable[[Mapping[str, Any]], list[Error]]] = ()) -> tuple[dict, list[Error]]:
    """Clean ``payload`` against ``fields``; return (values, errors).

    ``checks`` run only when every field parsed, for rules across fields.
    """
    return validate_varying(fields, payload, None, checks)(None)


def _clean(f: Field, payload: Mapping) -> tuple[bool, Any, Error | None, Reading | None]:
    """One field of a payload: (has a value, the clean value, the error or None, how a
    typed number was read or None)."""
    raw = payload.get(f.name)
    missing = f.name not in payload or raw is None or (isinstance(raw, str) and raw.strip() == "" and f.kind not in ("boolean",))
    if missing:
        if f.required:
            return False, None, field_error(f.name, message("required", label=f.label)), None
        return True, today() if isinstance(f, Date) and f.default is None else f.default, None, None
    value, err, reading = f.read(raw)
    return (False, None, field_error(f.name, err), None) if err else (True, value, None, reading)


def validate_varying(fields: Sequence[Field], payload: Any, name: str | None,
                     checks: Sequence[Callable[[Mapping[str, Any]], list[Error]]] = ()
                     ) -> Callable[[Any], tuple[dict, list[Error]]]:
    """``validate`` for a payload in which only the field ``name`` changes:
    ``validate_varying(fields, p, name)(x) == validate(fields, {**p, name: x})``. The
    other fields are cleaned once, here; each call cleans only ``name``. With ``name``
    None the payload is used as it is (that is ``validate``)."""
    clean = validate_reading(fields, payload, name, checks)
    return lambda value: clean(value)[:2]


def validate_reading(fields: Sequence[Field], payload: Any, name: str | None,
                     checks: Sequence[Callable[[Mapping[str, Any]], list[Error]]] = ()
                     ) -> Callable[[Any], tuple[dict, list[Error], list[Text]]]:
    """``validate_varying`` that also returns, for every number typed with a comma or
    in full-width digits, a sentence saying how it was read ("Weight read as 0.8 lb:
    the comma is taken as the decimal mark"), in the order of ``fields``."""
    if not isinstance(payload, Mapping):
        return lambda _: ({}, [field_error("", message("not_an_object"))], [])
    varying = next((f for f in fields if f.name == name), None)
    if name is not None and varying is None:  # not one of these fields: nothing to share
        return lambda value: validate_reading(fields, {**payload, name: value}, None, checks)(None)
    known = {f.name for f in fields}
    unknown = [field_error(str(k), message("unknown_field", field=str(k)))
               for k in payload if k not in known and k != name]
    fixed = {f.name: _clean(f, payload) for f in fields if f is not varying}

    def clean(value: Any) -> tuple[dict, list[Error], list[Text]]:
        errors = list(unknown)
        values: dict[str, Any] = {}
        read: list[tuple[Field, Reading]] = []
        for f in fields:
            ok, v, err, reading = _clean(f, {name: value}) if f is varying else fixed[f.name]
            if err:
                errors.append(err)
            elif ok:
                # Lists (multi-choice fields) are copied: a computation may change its own.
                values[f.name] = copy.deepcopy(v) if varying is not None and isinstance(v, (list, dict)) else v
                if reading is not None:
                    read.append((f, reading))
        if not errors:
            for check in checks:
                errors.extend(check(values))
        return values, errors, [_read_as(fields, f, r, values) for f, r in read]

    return clean


def unit_field(fields: Sequence[Field], f: Field) -> Field | None:
    """The choice that gives the unit of number ``f``: the one named ``...unit`` in its
    group (``weight_unit`` beside ``weight``), or None."""
    if f.group:
        for other in fields:
            if other.group == f.group and isinstance(other, Choice) and other.name.endswith("unit"):
                return other
    return None


def _unit_of(fields: Sequence[Field], f: Field, values: Mapping[str, Any]) -> str:
    """The unit id of a number: its own, or the value of its unit choice; "" when
    neither says."""
    if getattr(f, "unit", ""):
        return f.unit
    chooser = unit_field(fields, f)
    unit = values.get(chooser.name) if chooser else None
    return unit if isinstance(unit, str) else ""


def _read_as(fields: Sequence[Field], f: Field, reading: Reading, values: Mapping[str, Any]) -> Text:
    unit = _unit_of(fields, f, values)
    names = catalogue()["units"].get(unit, {"en": unit, "zh": unit})
    gap = "" if unit == "percent" or not unit else " "
    shown = {lang: f"{reading.shown}{gap}{names[lang]}" for lang in names}
    # Chinese: "按 0.8 磅读取", "按 1500 读取" (a space after a figure, none after a unit).
    shown["zh"] += " " if gap == "" else ""
    return message(f"read_as.{reading.how}", label=f.label, value=shown)


# --- The item's size and weight, as most calculators ask for them -------------------

LENGTH_UNITS = (Option("in", text("inches (in)", "英寸 (in)")), Option("cm", text("centimetres (cm)", "厘米 (cm)")))
WEIGHT_UNITS = (Option("oz", text("ounces (oz)", "盎司 (oz)")), Option("lb", text("pounds (lb)", "磅 (lb)")),
                Option("g", text("grams (g)", "克 (g)")), Option("kg", text("kilograms (kg)", "千克 (kg)")))
SIDE_LABELS = (text("Length", "长度"), text("Width", "宽度"), text("Height", "高度"))


def marketplace_field(help_: Text, codes: Sequence[str], names: str = "marketplaces") -> Choice:
    """The marketplace (or destination) the calculation is for, US first by default; option
    labels are the message catalogue's ``<names>.<code>``."""
    return Choice("marketplace", text("Marketplace", "站点"), help_, default="US",
                  options=tuple(Option(c, message(f"{names}.{c}")) for c in codes))


def size_fields(helps: tuple[Text, Text, Text], defaults: tuple[float, float, float] = (10, 6, 2), unit: str = "in",
                maximum: float = 5000) -> tuple[Field, ...]:
    """Length, width, height and their unit, on one row of the form (group "dimensions")."""
    sides = tuple(Number(name, label, help_, default=d, maximum=maximum, group="dimensions")
                  for name, label, help_, d in zip(("length", "width", "height"), SIDE_LABELS, helps, defaults))
    units = LENGTH_UNITS if unit == "in" else LENGTH_UNITS[::-1]
    return sides + (Choice("dimension_unit", text("Length unit", "尺寸单位"), default=unit, group="dimensions", options=units),)


def weight_fields(help_: Text, default: float = 0.8, unit: str = "lb", maximum: float = 1_000_000) -> tuple[Field, ...]:
    """The weight and its unit, on one row of the form (group "weight")."""
    return (Number("weight", text("Weight", "重量"), help_, default=default, maximum=maximum, group="weight"),
            Choice("weight_unit", text("Weight unit", "重量单位"), default=unit, group="weight", options=WEIGHT_UNITS))


MIN_PRICE = 0.01  # a price below one cent (or one yen's hundredth) is a typing slip


def price_field(help_: Text, default: float = 25, maximum: float = 1_000_000, group: str = "",
                label: Text | None = None) -> Number:
    """The selling price per unit: at least one cent."""
    return Number("price", label or text("Item price", "商品售价"), help_, default=default, minimum=MIN_PRICE,
                  exclusive_minimum=False, maximum=maximum, group=group)


# Beyond these an item is no parcel and no FBA unit: most likely a unit typed wrong.
MAX_SIDE_CM = 1000.0
MAX_WEIGHT_KG = 1000.0  # a full freight pallet


def plausible_item(fields: Sequence[Field]) -> Callable[[Mapping[str, Any]], list[Error]]:
    """A check (for ``Calculator.checks``): a side longer than any parcel or FBA tier, or a
    weight above a freight pallet, is a field error naming what was read, not a fee."""
    labels = {f.name: f.label for f in fields}

    def check(v: Mapping[str, Any]) -> list[Error]:
        errors = []
        unit = v.get("dimension_unit")
        for side in ("length", "width", "height"):
            if unit in units.LENGTH_TO_CM and isinstance(v.get(side), float) and units.length(v[side], unit, "cm") > MAX_SIDE_CM:
                errors.append(field_error(side, message("implausible_side", label=labels[side], value=plain_number(v[side]),
                                                        unit=message(f"units.{unit}"), max=plain_number(MAX_SIDE_CM / 100))))
        wu = v.get("weight_unit")
        if wu in units.WEIGHT_TO_G and isinstance(v.get("weight"), float) and units.weight(v["weight"], wu, "kg") > MAX_WEIGHT_KG:
            errors.append(field_error("weight", message("implausible_weight", label=labels["weight"], value=plain_number(v["weight"]),
                                                        unit=message(f"units.{wu}"), max=plain_number(MAX_WEIGHT_KG))))
        return errors

    return check


@dataclass(frozen=True)
class ChoiceGrid(Field):
    """One choice for each of any subset of rows, e.g. a fulfilment choice per marketplace.

    Accepted shapes (all give the same clean value, a list of
    ``{row_key: ROW, choice_key: choice}`` in the order given):
    - the form's: ``{"US": "fba", "CA": "", ...}`` (one select per row, named
      ``<name>.<ROW>``; ``""`` means the row is left out);
    - a list of objects ``[{row_key: "US", choice_key: "fba"}, ...]`` (the choice may
      be missing: ``default_choice``), or of plain row values ``["US", "CA"]``;
    - a string ``"US:fba, CA"``.
    ``row_choices`` tells the widget which choices each row offers; the calculator's
    own checks enforce it, with its own explanation.
    """

    rows: tuple[Option, ...] = ()
    choices: tuple[Option, ...] = ()
    row_choices: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (row, allowed choices); absent: all
    blank: Text = field(default_factory=lambda: text("—", "—"))  # label of the "left out" choice
    row_key: str = "code"
    choice_key: str = "choice"
    choice_aliases: tuple[str, ...] = ()  # other spellings of choice_key accepted from JSON
    default_choice: str = ""
    max_items: int = 50

    kind = "choicegrid"

    def allowed(self, row: str) -> tuple[str, ...]:
        return dict(self.row_choices).get(row, tuple(o.value for o in self.choices))

    def parse(self, raw):
        pairs: list[tuple[Any, Any]] = []
        if isinstance(raw, Mapping):
            pairs = [(k, v) for k, v in raw.items() if not (v is None or (isinstance(v, str) and v.strip() == ""))]
        elif isinstance(raw, str):
            for part in (p.strip() for p in raw.split(",")):
                if part:
                    row, _, choice = part.partition(":")
                    pairs.append((row, choice.strip() or self.default_choice))
        elif isinstance(raw, list):
            for item in raw:
                if isinstance(item, Mapping):
                    choice = item.get(self.choice_key)
                    for alias in self.choice_aliases:
                        if choice is None:
                            choice = item.get(alias)
                    pairs.append((item.get(self.row_key), self.default_choice if choice is None else choice))
                else:
                    pairs.append((item, self.default_choice))
        else:
            return None, message("not_a_list", label=self.label)
        if (error := _count_error(self, pairs)) is not None:
            return None, error
        rows = [o.value for o in self.rows]
        choices = [o.value for o in self.choices]
        out: list[dict] = []
        seen: set[str] = set()
        for row, choice in pairs:
            r = row.strip().upper() if isinstance(row, str) else None
            if r not in rows:
                return None, message("not_a_choice", label=self.label, choices=", ".join(rows))
            c = choice.strip().lower() if isinstance(choice, str) else None
            if c not in choices:
                row_label = {lang: f"{self.label[lang]} ({r})" for lang in self.label}
                return None, message("not_a_choice", label=row_label, choices=", ".join(choices))
            if r in seen:
                return None, message("duplicate_entry", label=self.label, value=r)
            seen.add(r)
            out.append({self.row_key: r, self.choice_key: c})
        return out, None

    def describe(self):
        d = super().describe()
        d.update(rows=[{"value": o.value, "label": o.label, "choices": list(self.allowed(o.value))} for o in self.rows],
                 choices=[{"value": o.value, "label": o.label} for o in self.choices],
                 blank=self.blank, row_key=self.row_key, choice_key=self.choice_key)
        return d

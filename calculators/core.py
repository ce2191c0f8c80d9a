"""The calculator contract shared by the command line, the build and the browser.

A calculator is one module that defines ``CALCULATOR``: its name, its inputs, a
pure ``compute`` function from clean values to a JSON-able result, and ``summary``,
the rows a reader sees first. ``run`` is the one entry point: it validates, computes
and never lets an exception escape as a traceback.

Modules build theirs with ``calculator(__name__, "name", ...)``, which takes the parts
by their names in the module (``FIELDS``, ``compute``, ``summary``, ``details``) and the
title and introduction from the module's locale file (``title``, ``intro``), and the
form's sections (``SECTIONS``, labelled ``sections.<key>`` there).
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import traceback
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Mapping, Sequence

from .fields import Error, Field, InputError, Section, field_error, validate_reading
from .i18n import Text, catalogue, message

# The order the site lists calculators in. Calculators are found by discovery (every
# module of the package that defines CALCULATOR), so this tuple only orders them:
# a module missing here is listed last, a name here without a module is ignored.
CALCULATOR_MODULES = (
    "fba_fee",
    "storage_fee",
    "referral_fee",
    "profit",
    "marketplaces",
    "landed_cost",
    "returns",
    "compare",
    "accounts",
)

Row = dict  # {"label": Text, "value": Text, "strong": bool}


@dataclass(frozen=True)
class Calculator:
    name: str  # the CLI sub-command and the page's data-calculator id
    title: Text
    fields: tuple[Field, ...]
    compute: Callable[..., dict]  # compute(values) -> result; fee engines also take explain=False (see run)
    summary: Callable[[dict], list[Row]]
    checks: Sequence[Callable[[Mapping[str, Any]], list[Error]]] = ()
    intro: Text = field(default_factory=lambda: {"en": "", "zh": ""})
    # Optional extra HTML after the summary (tables, checklists), for one language.
    # Generic parts (summary rows, steps, warnings, rate card) need no code here.
    details: Callable[[dict, str], str] | None = None
    # Inputs (valid and invalid) that the Pyodide parity test runs in both Pythons.
    examples: tuple[dict, ...] = ()
    # The form's labelled sections, by field group (fields.Section); the fields of no
    # section come first, unlabelled.
    sections: tuple[Section, ...] = ()

    def defaults(self) -> dict:
        """The example inputs the form starts with (and the built-in result uses)."""
        return {f.name: f.default for f in self.fields if f.default is not None}

    def describe(self) -> dict:
        return {"name": self.name, "title": self.title, "fields": [f.describe() for f in self.fields]}


def calculator(module: str, name: str, *, locale: str | None = None, checks: Sequence = (),
               examples: tuple[dict, ...] = ()) -> Calculator:
    """The ``Calculator`` of ``module`` (pass ``__name__``), from the parts it defines by name;
    its title and introduction are ``<locale>.title`` and ``<locale>.intro`` in the message
    catalogue, ``locale`` being the module's own name unless given."""
    parts = vars(sys.modules[module])
    ns = locale or module.rsplit(".", 1)[-1]
    entry = catalogue()[ns]
    fields = parts["FIELDS"]
    sections = tuple(replace(s, label=message(f"{ns}.sections.{s.key}")) for s in parts.get("SECTIONS", ()))
    groups = [g for s in sections for g in s.groups]
    if len(groups) != len(set(groups)) or not set(groups) <= {f.group for f in fields if f.group}:
        raise ValueError(f"{name}: a section names a group twice, or a group no field has: {groups}")
    return Calculator(name=name, title=message(f"{ns}.title"), fields=fields, compute=parts["compute"],
                      summary=parts["summary"], checks=tuple(checks),
                      intro=message(f"{ns}.intro") if "intro" in entry else {"en": "", "zh": ""},
                      details=parts.get("details"), examples=examples, sections=sections)


def row(label: Text, value: Text, strong: bool = False) -> Row:
    return {"label": label, "value": value, "strong": strong}


_registry: dict[str, Calculator] = {}
_discovered = False  # every calculator module imported, _registry in catalogue order


def _load(module_name: str) -> Calculator | None:
    module = importlib.import_module(f"calculators.{module_name}")
    calc = getattr(module, "CALCULATOR", None)
    return calc if isinstance(calc, Calculator) else None


def calculators() -> dict[str, Calculator]:
    global _discovered
    if not _discovered:
        import calculators as package

        found = [m.name for m in pkgutil.iter_modules(package.__path__) if not m.ispkg]
        rank = {name: i for i, name in enumerate(CALCULATOR_MODULES)}
        ordered = {}
        for module_name in sorted(found, key=lambda n: (rank.get(n, len(rank)), n)):
            if module_name.startswith("_"):  # __main__ runs the CLI on import
                continue
            calc = _load(module_name)
            if calc is not None:
                ordered[calc.name] = calc
        _registry.clear()
        _registry.update(ordered)
        _discovered = True
    return _registry


def get(name: str) -> Calculator | None:
    # A calculator's module is named after it (fba-fee: fba_fee.py): import just that
    # one when it is asked for first. In the browser, the first answer after a cold
    # start then compiles one calculator's code, not every calculator's.
    if name in _registry:
        return _registry[name]
    if not _discovered and name.replace("-", "").isalnum() and name.islower():
        try:
            calc = _load(name.replace("-", "_"))
        except ModuleNotFoundError:
            calc = None
        if calc is not None and calc.name == name:
            _registry[name] = calc
            return calc
    return calculators().get(name)


def run(name: str, payload: Any, explain: bool = True) -> tuple[bool, dict]:
    """Validate ``payload`` and compute. Returns (ok, output).

    ``output`` is the result when ok, else ``{"errors": [...]}`` with one bilingual
    message per field. ``explain=False`` is for a caller that uses the figures only
    (compare, many times per result): it is passed on to ``compute``, which must then
    take it, and the result's ``steps`` holds only how typed numbers were read.
    """
    return varying(name, payload, None, explain)(None)


def varying(name: str, payload: Any, field_name: str | None, explain: bool = True
            ) -> Callable[[Any], tuple[bool, dict]]:
    """``run`` for one payload in which only the field ``field_name`` changes:
    ``varying(name, p, f, explain)(x) == run(name, {**p, f: x}, explain)``, with the
    other fields validated once (compare asks the fee engines for 21 weights per
    answer). With ``field_name`` None it is ``run(name, payload, explain)``."""
    one = evaluating(name, payload, field_name, explain)

    def with_readings(value: Any) -> tuple[bool, dict]:
        ok, output, readings = one(value)
        if ok and readings:  # first, so a reader who meant another number sees it at once
            output["steps"] = readings + list(output.get("steps") or [])
        return ok, output

    return with_readings


def evaluate(name: str, payload: Any, explain: bool = True) -> tuple[bool, dict, list[Text]]:
    """``run``, with how typed numbers were read (``Weight read as 0.8 lb: ...``, one
    sentence per number typed with a comma or in full-width digits) apart from the
    result's ``steps`` instead of first in them: (ok, output, readings)."""
    return evaluating(name, payload, None, explain)(None)


def evaluating(name: str, payload: Any, field_name: str | None, explain: bool = True
               ) -> Callable[[Any], tuple[bool, dict, list[Text]]]:
    """``varying`` returning (ok, output, readings), as ``evaluate`` does."""
    calc = get(name)
    if calc is None:
        return lambda _: (False, {"errors": [field_error("", message(
            "unknown_calculator", name=name, names=", ".join(calculators())))]}, [])
    clean = validate_reading(calc.fields, payload, field_name, calc.checks)

    def one(value: Any) -> tuple[bool, dict, list[Text]]:
        try:
            values, errors, readings = clean(value)
            if errors:
                return False, {"errors": errors}, readings
            result = calc.compute(values) if explain else calc.compute(values, explain=False)
            return True, _without_negative_zero(result), readings
        except InputError as exc:
            return False, {"errors": exc.errors}, []
        except Exception:  # a bug must still reach the reader as a message, not a frozen page
            return False, {"errors": [field_error("", message("internal_error"))],
                           "internal": traceback.format_exc(limit=3)}, []

    return one


def _without_negative_zero(result: dict | list) -> dict | list:
    """``result`` with every -0.0 in it made 0.0 (a rounded tiny negative difference
    would show as "-0.0" in JSON), in place. A loop, not recursion: it runs for every
    result, a batch row included."""
    stack: list[Any] = [result]
    while stack:
        node = stack.pop()
        for key, value in (node.items() if type(node) is dict else enumerate(node)):
            kind = type(value)
            if kind is float:
                if value == 0:
                    node[key] = 0.0
            elif kind is dict or kind is list:
                stack.append(value)
            elif kind is tuple:
                node[key] = tuple(_without_negative_zero(list(value)))
    return result

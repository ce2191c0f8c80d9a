"""Calculators for sellers who sell across borders on Amazon.

Public API (the same in CPython and Pyodide):

- ``run(name, payload) -> (ok, output)``: validate a JSON-like payload and compute;
  ``output`` is the result, or ``{"errors": [{"field", "message": {"en", "zh"}}]}``.
- ``calculators()``: every calculator by name; each has ``fields`` (the input
  definitions), ``title`` and ``describe()``.
- ``render.form_html`` / ``render.result_html``: the HTML the site shows, built from
  the same definitions at build time and in the browser.

Standard library only. Rates live in ``data/``, messages in ``locale/``.
"""

from .core import Calculator, calculators, get, run

__all__ = ["Calculator", "calculators", "get", "run"]
__version__ = "0.1.0"

"""No -0.0 anywhere in any result (issue 22): made 0.0 once, in ``core``, for every
calculator, whatever the computation or the input produced."""

from __future__ import annotations

import json
import math

from hypothesis import given, settings
from hypothesis import strategies as st

import calculators
from calculators import core
from calculators.core import Calculator, row
from calculators.i18n import text


def negative_zeros(tree, path="$"):
    if isinstance(tree, float) and tree == 0 and math.copysign(1, tree) < 0:
        yield path
    elif isinstance(tree, dict):
        for key, value in tree.items():
            yield from negative_zeros(value, f"{path}.{key}")
    elif isinstance(tree, (list, tuple)):
        for i, value in enumerate(tree):
            yield from negative_zeros(value, f"{path}[{i}]")


def test_a_computed_negative_zero_is_made_zero_in_core(monkeypatch):
    shared = {"kept": (1.5, -0.0)}

    def compute(values):
        return {"fee": -0.0, "lines": [{"amount": -0.0}, -0.0, (0.5, -0.0)], "shared": shared,
                "nested": {"deep": [[-0.0]]}, "count": 0, "steps": [], "warnings": []}

    fake = Calculator(name="negative-zero-test", title=text("T", "T"), fields=(), compute=compute,
                      summary=lambda r: [row(text("Fee", "费用"), text(str(r["fee"]), str(r["fee"])))])
    monkeypatch.setitem(core._registry, fake.name, fake)
    ok, out = calculators.run(fake.name, {})
    assert ok and list(negative_zeros(out)) == []
    assert "-0.0" not in json.dumps(out)
    assert out["lines"][2] == (0.5, 0.0) and out["count"] == 0 and isinstance(out["count"], int)


def test_the_issue_cases():
    for name, extra, key in (("fba-fee", {"fee_override": -0.0}, "fulfillment_fee"),
                             ("landed-cost", {"duty_rate": "-0"}, "import")):
        calc = calculators.get(name)
        ok, out = calculators.run(name, {**calc.defaults(), **extra})
        assert ok, out
        assert list(negative_zeros(out)) == [], (name, out[key])


ZEROISH = st.sampled_from([-0.0, "-0", "-0.0", "－0", "-0,0", 0, "0"])


@settings(max_examples=60, deadline=None)
@given(name=st.sampled_from(sorted(calculators.calculators())), data=st.data())
def test_no_result_has_a_negative_zero(name, data):
    """Every calculator, its example inputs with any numeric input replaced by a form
    of zero (where the input allows zero) or kept."""
    calc = calculators.get(name)
    base = data.draw(st.sampled_from([calc.defaults(), *calc.examples]))
    numbers = [f.name for f in calc.fields if f.kind == "number"]
    payload = dict(base)
    for field in data.draw(st.lists(st.sampled_from(numbers), max_size=4, unique=True)) if numbers else []:
        payload[field] = data.draw(ZEROISH)
    ok, out = calculators.run(name, payload)
    assert list(negative_zeros(out)) == []

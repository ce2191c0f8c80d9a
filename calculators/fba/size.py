"""Size tier, dimensional weight and shipping weight of one item on one rate card.

The first stages of the fee pipeline. A card lists its tiers from smallest to largest,
each with the limits it states (``max_sides`` sorted longest first, ``max_weight``,
``max_sum`` of the three sides, ``max_length_girth``, ``max_girth``,
``max_dim_weight``); the item goes in the first tier it fits. The last tier of a card
has no limits, or the card says where FBA stops (``eligibility``).
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import units
from ..i18n import Text, fmt_quantity, message
from ..ratecards import in_force
from ..result import Notes


@dataclass(frozen=True)
class Item:
    """The item in the card's units: sides longest first, unit weight, and the inputs."""

    long: float
    med: float
    short: float
    weight: float
    length_unit: str
    weight_unit: str

    @property
    def sides(self) -> str:
        return f"{_n(self.long)} × {_n(self.med)} × {_n(self.short)}"

    @property
    def length_girth(self) -> float:
        return self.long + 2 * (self.med + self.short)

    @property
    def girth(self) -> float:
        return 2 * (self.med + self.short)

    @property
    def side_sum(self) -> float:
        return self.long + self.med + self.short


def _n(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def tier_label(tier_id: str) -> Text:
    return message(f"fba_fee.tiers.{tier_id}")


def measure(card: dict, v: dict, notes: Notes) -> Item:
    """The item converted to the card's units, sides sorted longest first."""
    lu, wu = card["length_unit"], card["weight_unit"]
    sides = [units.length(v[k], v["dimension_unit"], lu) for k in ("length", "width", "height")]
    long, med, short = units.sorted_sides(*sides)
    item = Item(long, med, short, units.weight(v["weight"], v["weight_unit"], wu), lu, wu)
    if v["dimension_unit"] != lu or v["weight_unit"] != wu:
        notes.step_with(lambda: message("fba_fee.converted", sides=item.sides, unit=message(f"units.{lu}"),
                                        weight=fmt_quantity(item.weight, wu, 3)))
    return item


def ineligible_reason(card: dict, item: Item, on: str) -> Text | None:
    """Why FBA does not take the item under this card (Japan states its limits), or None."""
    for rule in card.get("eligibility", ()):
        if not in_force(rule, on):
            continue
        over = (not units.le(item.side_sum, rule["max_sum"]) or not units.le(item.weight, rule["max_weight"])
                or ("max_longest" in rule and not units.le(item.long, rule["max_longest"])))
        if over:
            return message("fba_fee.not_eligible", sum=_n(item.side_sum), max_sum=_n(rule["max_sum"]),
                           longest=_n(item.long), max_longest=_n(rule.get("max_longest", rule["max_sum"])),
                           unit=message(f"units.{item.length_unit}"), weight=fmt_quantity(item.weight, item.weight_unit, 3),
                           max_weight=fmt_quantity(rule["max_weight"], item.weight_unit, 3))
    return None


def dim_weight(card: dict, tier: dict | None, item: Item) -> float | None:
    """L × W × H ÷ divisor, with the card's minimum width and height for this tier."""
    dim = card.get("dimensional_weight")
    if not dim:
        return None
    min_side = tier.get("min_side_for_dim") if tier else None
    med, short = (max(item.med, min_side), max(item.short, min_side)) if min_side else (item.med, item.short)
    return item.long * med * short / dim["divisor"]


def _tier_weight(card: dict, tier: dict, item: Item) -> float:
    """The weight a tier's limit is checked against: the unit weight, or on cards that
    say so (US) the shipping weight before rounding."""
    if card.get("tier_weight") == "shipping" and tier["shipping_weight"] == "greater":
        dim = dim_weight(card, tier, item)
        return max(item.weight, dim) if dim is not None else item.weight
    return item.weight


def fits(card: dict, tier: dict, item: Item) -> bool:
    if "max_weight" in tier and not units.le(_tier_weight(card, tier, item), tier["max_weight"]):
        return False
    if "max_dim_weight" in tier:
        dim = dim_weight(card, tier, item)
        if dim is not None and not units.le(dim, tier["max_dim_weight"]):
            return False
    if "max_sides" in tier:
        a, b, c = tier["max_sides"]
        if not (units.le(item.long, a) and units.le(item.med, b) and units.le(item.short, c)):
            return False
    if "max_sum" in tier and not units.le(item.side_sum, tier["max_sum"]):
        return False
    if "max_length_girth" in tier and not units.le(item.length_girth, tier["max_length_girth"]):
        return False
    if "max_girth" in tier and not units.le(item.girth, tier["max_girth"]):
        return False
    return True


def find_tier(card: dict, tiers: list[dict], item: Item) -> dict:
    """The first of ``tiers`` the item fits."""
    for tier in tiers:
        if fits(card, tier, item):
            return tier
    return tiers[-1]


def why(card: dict, tier: dict, item: Item) -> Text:
    """The step that says which limits put the item in ``tier``."""
    lu, wu = card["length_unit"], card["weight_unit"]
    u = message(f"units.{lu}")
    parts: list[Text] = []
    if "max_sides" in tier:
        parts.append(message("fba_fee.limit_sides", sides=item.sides, limits=" × ".join(_n(x) for x in tier["max_sides"]), unit=u))
    if "max_sum" in tier:
        parts.append(message("fba_fee.limit_sum", sum=_n(item.side_sum), max=_n(tier["max_sum"]), unit=u))
    if "max_girth" in tier:
        parts.append(message("fba_fee.limit_girth", girth=_n(item.girth), max=_n(tier["max_girth"]), unit=u))
    if "max_length_girth" in tier:
        parts.append(message("fba_fee.limit_length_girth", value=_n(item.length_girth), max=_n(tier["max_length_girth"]), unit=u))
    if "max_weight" in tier:
        tier_w = _tier_weight(card, tier, item)
        key = "fba_fee.limit_ship_weight" if tier_w > item.weight + units.EPS else "fba_fee.limit_weight"
        parts.append(message(key, weight=fmt_quantity(tier_w, wu, 3), max=fmt_quantity(tier["max_weight"], wu, 3)))
    if "max_dim_weight" in tier:
        dim = dim_weight(card, tier, item)
        if dim is not None:
            parts.append(message("fba_fee.limit_dim_weight", weight=fmt_quantity(dim, wu, 3), max=fmt_quantity(tier["max_dim_weight"], wu, 3)))
    if not parts:
        return message("fba_fee.tier_over", tier=tier_label(tier["id"]))
    joined = {lang: ("; " if lang == "en" else "；").join(p[lang] for p in parts) for lang in ("en", "zh")}
    return message("fba_fee.tier_fits", tier=tier_label(tier["id"]), limits=joined)


def shipping_weight(card: dict, tier: dict, item: Item, notes: Notes) -> tuple[float | None, float]:
    """(dimensional weight or None, shipping weight rounded as the tier says)."""
    wu = card["weight_unit"]
    dim = dim_weight(card, tier, item)
    if dim is not None and notes.explain:
        min_side = tier.get("min_side_for_dim")
        raised = min_side and (item.med < min_side or item.short < min_side)
        notes.step("fba_fee.dim_weight", l=_n(item.long), w=_n(max(item.med, min_side or 0)), h=_n(max(item.short, min_side or 0)),
                   divisor=_n(card["dimensional_weight"]["divisor"]), result=fmt_quantity(dim, wu, 3),
                   note=message("fba_fee.dim_min_side", min=_n(min_side), unit=message(f"units.{card['length_unit']}")) if raised
                   else {"en": "", "zh": ""})
    over = tier.get("unit_weight_only_above")
    if tier["shipping_weight"] == "unit" or dim is None or (over is not None and item.weight > over):
        raw = item.weight
        notes.step_with(lambda: message("fba_fee.ship_unit", tier=tier_label(tier["id"]), weight=fmt_quantity(item.weight, wu, 3)))
    else:
        raw = max(item.weight, dim)
        notes.step_with(lambda: message("fba_fee.ship_greater", which=message("fba_fee.dim_word" if dim > item.weight else "fba_fee.unit_word"),
                                        weight=fmt_quantity(raw, wu, 3)))
    step = tier.get("rounding")
    if not step:
        return dim, raw
    ship = units.ceil_to(raw, step)
    if notes.explain:
        step_text = fmt_quantity(step * 16, "oz", 0) if wu == "lb" and step < 1 else fmt_quantity(step, wu, 3)
        notes.step("fba_fee.rounded", step=step_text, weight=fmt_quantity(ship, wu, 4))
    return dim, ship

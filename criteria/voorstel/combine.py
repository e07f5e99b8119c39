"""How the values of a voorstel's current subjects combine into one value of the huidige situatie (pure).

The ruleset says per field how (`combine`): additive fields are summed; rates and averages take a (weighted)
mean; labels the lowest or highest; `same` asks every part for the same value; `zero` is zero today (the
one-off costs of a change that has not happened); `none` (the default) gives the huidige situatie no value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from criteria.model.case import DataValue
from criteria.model.notation import fmt
from criteria.model.ruleset import FieldDef


@dataclass(frozen=True)
class Combined:
    value: float | str
    text: str  # how it was computed, with the parts' values (Dutch)
    parts: tuple[DataValue, ...]  # the values it was computed from


def _show(v: float | str) -> str:
    return v if isinstance(v, str) else fmt(v)


def combine(
    fdef: FieldDef, parts: Mapping[str, DataValue | None], weights: Mapping[str, DataValue | None] | None = None
) -> Combined | str | None:
    """The combined value; or a Dutch reason why there is none (a part lacks it); or None (nothing to do)."""
    rule = fdef.combine or "none"
    if rule == "none":
        return None
    if rule == "zero":
        return Combined(0.0, "nul in de huidige situatie: er verandert nog niets", ())
    present = {s: v for s, v in parts.items() if v is not None}
    if not present:
        return None
    missing = [s for s, v in parts.items() if v is None]
    if fdef.scope == "partner" and rule == "sum":
        missing = []  # a municipality that does not pay for a part contributes nothing to it
    if missing:
        return f"ontbreekt bij {', '.join(missing)}"
    values = {s: v.value for s, v in present.items()}
    listed = " + ".join(f"{s} {_show(v)}" for s, v in values.items())
    used = tuple(present.values())
    if rule == "same":
        if len(set(values.values())) != 1:
            return "verschilt tussen " + ", ".join(f"{s} ({_show(v)})" for s, v in values.items())
        only = next(iter(values.values()))
        return Combined(only, f"bij alle huidige onderwerpen gelijk: {_show(only)}", used)
    if rule in ("lowest", "highest"):
        order = {label: i for i, label in enumerate(fdef.labels or [])}
        key = (lambda s: order.get(str(values[s]), -1)) if fdef.type == "label" else (lambda s: values[s])
        pick = (min if rule == "lowest" else max)(values, key=key)
        word = "laagste" if rule == "lowest" else "hoogste"
        return Combined(values[pick], f"{word} van {', '.join(f'{s} {_show(v)}' for s, v in values.items())}", used)
    nums = {s: float(v) for s, v in values.items()}
    if rule == "sum":
        total = sum(nums.values())
        return Combined(total, f"som: {listed} = {fmt(total)}", used)
    if rule == "mean":
        mean = sum(nums.values()) / len(nums)
        return Combined(mean, f"gemiddelde: ({listed}) / {len(nums)} = {fmt(mean)}", used)
    w = {s: (weights or {}).get(s) for s in nums}
    lacking = [s for s, v in w.items() if v is None or isinstance(v.value, str)]
    if lacking:
        return f"gewicht '{fdef.combine_weight}' ontbreekt bij {', '.join(lacking)}"
    ws = {s: float(v.value) for s, v in w.items()}  # type: ignore[union-attr]
    if sum(ws.values()) <= 0:
        return f"gewicht '{fdef.combine_weight}' is nul"
    mean = sum(nums[s] * ws[s] for s in nums) / sum(ws.values())
    terms = " + ".join(f"{fmt(nums[s])} × {fmt(ws[s])}" for s in nums)
    return Combined(
        mean,
        f"gewogen gemiddelde naar {fdef.combine_weight}: ({terms}) / {fmt(sum(ws.values()))} = {fmt(mean)}",
        used + tuple(v for v in w.values() if v is not None),
    )

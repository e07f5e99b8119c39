"""The breakdown of a reference group for one subject-year: members, statistic, rank, deviation in % and euros.

Read on demand from an Evaluation's group columns (criteria.engine.groups); pure.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import numpy as np

from criteria import formula as fx
from criteria.engine import scoring as sc
from criteria.engine.groups import GroupUse
from criteria.engine.reference import STATISTIC_TEXT
from criteria.model import result as rm

SHOWN_MEMBERS = 12  # a longer member list shows the top and bottom TOP_BOTTOM
TOP_BOTTOM = 5
PER = re.compile(r"^(.+?)\s+per\s+(.+)$")


def _r(x) -> float | None:
    if x is None:
        return None
    x = float(x)
    return None if math.isnan(x) else (0.0 if round(x, 6) == 0 else round(x, 6))


def subject_formula(ev, text: str, s: int, yi_all: int) -> float | None:
    """A group formula (numerator, denominator) over the subject's own fields; partner fields are pooled."""

    def resolve(name: str) -> np.ndarray:
        if name in ev.numbers:
            return ev.numbers[name][s : s + 1, yi_all : yi_all + 1]
        cols = ev.partners.get(name)
        if cols:
            return np.sum([c[s : s + 1, yi_all : yi_all + 1] for c in cols.values()], axis=0)
        return np.full((1, 1), np.nan)

    with np.errstate(all="ignore"):
        value = float(np.asarray(fx.evaluate(fx.parse(text), resolve)).reshape(-1)[0])
    return value if math.isfinite(value) else None


def formula_columns(ev, text: str) -> list[list[float | None]]:
    """subject_formula for every subject and year at once ([subject][year on the all-years axis]): the formula
    evaluated once over the whole columns; the same numbers, element for element (a partner field's columns are
    pooled per cell in the same order as subject_formula pools them)."""
    shape = (len(ev.subjects), len(ev.all_years))

    def resolve(name: str) -> np.ndarray:
        if name in ev.numbers:
            return ev.numbers[name]
        cols = ev.partners.get(name)
        if cols:
            return np.sum(np.stack(list(cols.values()), axis=-1), axis=-1)
        return np.full(shape, np.nan)

    with np.errstate(all="ignore"):
        values = np.broadcast_to(np.asarray(fx.evaluate(fx.parse(text), resolve), dtype=np.float64), shape)
    return [[value if math.isfinite(value) else None for value in row] for row in values.tolist()]


class FormulaColumns:
    """A stand-in for subject_formula that evaluates each formula once for every subject-year (formula_columns),
    for a caller that reads the groups of many subject-years of one evaluation."""

    def __init__(self, ev) -> None:
        self.ev = ev
        self.columns: dict[str, list[list[float | None]]] = {}

    def __call__(self, ev, text: str, s: int, yi_all: int) -> float | None:
        assert ev is self.ev, "one FormulaColumns per evaluation"
        found = self.columns.get(text)
        if found is None:
            found = self.columns[text] = formula_columns(ev, text)
        return found[s][yi_all]


Formulas = Callable[..., float | None]  # subject_formula or a FormulaColumns


def euros(x: float, unit: str = "€") -> str:
    """A signed amount for a reader: '+€ 1,66 mln', '−€ 48.500', '+€ 60 per inwoner'."""
    sign = "+" if x > 0 else "−" if x < 0 else ""
    a = abs(x)
    if unit == "€":
        text = f"€ {a / 1e6:.2f} mln".replace(".", ",") if a >= 100_000 else f"€ {sc.fmt(a, 0)}"
        return sign + text
    if unit.startswith("€"):
        return f"{sign}€ {sc.fmt(a, 2)}{unit[1:]}"
    return f"{sign}{sc.fmt(a, 2)}{sc.unit_suffix(unit)}"


def group_result(
    ev,
    use: GroupUse,
    s: int,
    y: int,
    value_unit: str,
    scaled: bool = False,
    members: bool = True,
    formulas: Formulas = subject_formula,
    validate: bool = True,
) -> rm.GroupResult:
    """The group behind a nullijn or norm for subject index s in evaluation-year index y. Without `members` its
    member list is left empty (members_left_out 0): the statistic, rank and deviation stay the same. `formulas`:
    how the subject's own formula values are read (subject_formula, or a FormulaColumns shared by many calls).
    Without `validate` the model is made without pydantic's validation (model_construct; the values are of the
    fields' types already): for a caller that only reads a few fields of many groups."""
    year = ev.years[y]
    yi_all = ev.all_years.index(year)
    reference = ev.case.reference
    table = reference.table
    comp, group = use.comparison, use.group
    cols = use.columns
    stat = _r(cols.statistic[s, yi_all])
    own = ev.subject_codes[s]
    listed = _members(ev, use, own, year) if members else []
    shown = listed if len(listed) <= SHOWN_MEMBERS else listed[:TOP_BOTTOM] + listed[-TOP_BOTTOM:]
    excluded = [
        f"{code} {table.names[table.code_index()[code]] if code in table.code_index() else ''}".strip() + f": {reason}"
        for code, reason in group.exclude.items()
    ]
    own_value = _own_ratio(ev, use, s, yi_all, formulas)
    deviation = pct = amount = None
    amount_unit = None
    if own_value is not None and stat is not None:
        deviation = own_value - stat
        pct = deviation / abs(stat) * 100 if stat else None
        denominator = formulas(ev, comp.denominator, s, yi_all) if comp.denominator else None
        per = PER.match(value_unit or "")
        if per and denominator is not None and not scaled:
            amount, amount_unit = deviation * denominator, per.group(1)
    return (rm.GroupResult if validate else rm.GroupResult.model_construct)(
        id=comp.group,
        title=group.title,
        statistic=comp.statistic,
        statistic_text=STATISTIC_TEXT[comp.statistic],
        value=stat,
        unit=value_unit,
        members=int(cols.count[s, yi_all]),
        min_members=group.min_members,
        rank=_r(cols.rank[s, yi_all]),
        percentile=_r(cols.percentile[s, yi_all]),
        subject_value=_r(own_value),
        deviation=_r(deviation),
        deviation_pct=_r(pct),
        amount=_r(amount),
        amount_unit=amount_unit,
        own_codes=list(own),
        member_list=shown,
        members_left_out=len(listed) - len(shown),
        excluded=excluded,
        condition=group.condition,
        source=reference.title,
    )


def _members(ev, use: GroupUse, own, year: int) -> list[rm.GroupMember]:
    """The group's members from low to high, each with the bron of the numerator's first column."""
    reference = ev.case.reference
    value_col = fx.parse(use.comparison.numerator).names
    first_col = min(value_col) if value_col else ""
    return [
        rm.GroupMember(
            code=m.code, name=m.name, value=_r(m.value), bron=reference.bron(first_col, m.row) if first_col else None
        )
        for m in use.members(reference.table, own, year)
    ]


def _own_ratio(ev, use: GroupUse, s: int, yi_all: int, formulas: Formulas = subject_formula) -> float | None:
    """The subject's own value on the group's scale: its numerator / denominator."""
    num = formulas(ev, use.comparison.numerator, s, yi_all)
    if use.comparison.denominator is None:
        return num
    den = formulas(ev, use.comparison.denominator, s, yi_all)
    if num is None or not den:
        return None
    return num / den


def deviation_text(g: rm.GroupResult, value_unit: str) -> str | None:
    """'+16,7 %, +€ 60 per inwoner, +€ 1,66 mln' — the subject against the group statistic."""
    if g.deviation is None:
        return None
    return deviation_words(g.deviation_pct, g.deviation, value_unit, g.amount, g.amount_unit or "")


def deviation_words(
    pct: float | None, difference: float, value_unit: str, amount: float | None = None, amount_unit: str = ""
) -> str:
    """A deviation for a reader: the relative one ('+16,7 %', left out when None), the difference in the value's
    unit ('+€ 60 per inwoner'; a difference of two percentages in procentpunt) and an amount ('+€ 1,66 mln')."""
    parts = [] if pct is None else [("+" if pct > 0 else "−" if pct < 0 else "") + f"{sc.fmt(abs(pct), 1)} %"]
    parts.append(euros(difference, "procentpunt" if value_unit.strip() == "%" else value_unit))
    if amount is not None:
        parts.append(euros(amount, amount_unit))
    return ", ".join(parts)

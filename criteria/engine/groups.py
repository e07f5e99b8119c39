"""Reference groups in an evaluation: each use of a group (a nullijn or a relative norm) for all subjects and years.

Pure: the ruleset's group definitions and comparisons, the case's reference table and the subjects' gemeente
codes in; per use the selection, the members' ratios and the group columns (statistic, count, rank,
percentile) out. The arithmetic is criteria.engine.reference.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from criteria import formula as fx
from criteria.engine import reference as ref
from criteria.model.ruleset import GroupComparison, ReferenceGroup, Ruleset

UseKey = tuple[str, ...]  # ("indicators", id, "nullijn"), ("signals", id, "nullijn"), ("indicators", id, "norm")


@dataclass(frozen=True)
class GroupUse:
    """One comparison with a reference group, evaluated for every subject and year."""

    key: UseKey
    comparison: GroupComparison
    group: ReferenceGroup
    base: np.ndarray  # (codes, table years) the selection, before the subject's own codes are left out
    numerator: np.ndarray  # (codes, table years)
    denominator: np.ndarray | None
    columns: ref.GroupColumns  # (subjects, years)

    def members(self, table: ref.ReferenceTable, own: Sequence[str], year: int) -> list[ref.Member]:
        return ref.members(table, self.base, own, year, self.numerator, self.denominator)


def table_formula(table: ref.ReferenceTable, text: str) -> np.ndarray:
    """A formula over the reference table's columns, for every gemeente and year (NaN where not finite)."""
    shape = table.present.shape
    missing = np.full(shape, np.nan)  # a column the table lacks (reported by pipeline.reference_checks): missing
    value = np.broadcast_to(fx.evaluate(fx.parse(text), lambda name: table.columns.get(name, missing)), shape)
    return np.where(np.isfinite(value), value, np.nan)


def selection(table: ref.ReferenceTable, group: ReferenceGroup) -> np.ndarray:
    sel = ref.Selection(
        provinces=tuple(group.provinces) if group.provinces is not None else None,
        inwoners_min=group.inwoners.min if group.inwoners is not None else None,
        inwoners_max=group.inwoners.max if group.inwoners is not None else None,
        codes=tuple(group.codes) if group.codes is not None else None,
        tags=tuple(group.tags) if group.tags is not None else None,
        exclude_tags=tuple(group.exclude_tags),
        exclude=tuple(group.exclude),
    )
    condition = table_formula(table, group.condition) if group.condition else None
    return ref.select(table, sel, condition)


def weak_of(table: ref.ReferenceTable, comparison: GroupComparison) -> np.ndarray:
    """(codes, table years): a value the comparison reads is quality C or illustratief."""
    names = set(fx.parse(comparison.numerator).names)
    if comparison.denominator:
        names |= fx.parse(comparison.denominator).names
    out = np.zeros(table.present.shape, dtype=bool)
    for name in names:
        if name in table.weak:
            out |= table.weak[name]
    return out


def evaluate_use(
    key: UseKey,
    ruleset: Ruleset,
    comparison: GroupComparison,
    table: ref.ReferenceTable,
    own: np.ndarray,
    years: Sequence[int],
    values: np.ndarray | None,
    active: np.ndarray | None = None,
    known: dict | None = None,
) -> GroupUse:
    """One comparison for all subjects and years. `known`: the selections and formulas computed so far over this
    table for this ruleset (the uses of one evaluation share them; see _inputs)."""
    group, base, num, den = _inputs(ruleset, comparison, table, known)
    cols = ref.group_columns(
        table,
        base,
        own,
        years,
        comparison.statistic,
        num,
        den,
        values=values,
        weak=weak_of(table, comparison),
        active=active,
    )
    return GroupUse(key, comparison, group, base, num, den, cols)


def use_counts(
    ruleset: Ruleset,
    comparison: GroupComparison,
    table: ref.ReferenceTable,
    own: np.ndarray,
    years: Sequence[int],
    known: dict | None = None,
) -> np.ndarray:
    """evaluate_use(...).columns.count alone: (subjects, years) the members of each subject's group."""
    _, base, num, den = _inputs(ruleset, comparison, table, known)
    return ref.group_counts(table, base, own, years, num, den)


def _inputs(
    ruleset: Ruleset, comparison: GroupComparison, table: ref.ReferenceTable, known: dict | None = None
) -> tuple[ReferenceGroup, np.ndarray, np.ndarray, np.ndarray | None]:
    """The group of a comparison, its selection and the numerator and denominator over the table. `known` keeps
    them by group id and formula text for the next comparison over the same table and ruleset: comparisons mostly
    share their group and often a denominator (the arrays are only read: group_columns, GroupUse.members)."""
    known = {} if known is None else known
    group = ruleset.reference_groups[comparison.group]
    if ("group", comparison.group) not in known:
        known["group", comparison.group] = selection(table, group)
    for text in (comparison.numerator, comparison.denominator):
        if text and ("formula", text) not in known:
            known["formula", text] = table_formula(table, text)
    den = known["formula", comparison.denominator] if comparison.denominator else None
    return group, known["group", comparison.group], known["formula", comparison.numerator], den


def subject_codes(case, subjects: Sequence[str]) -> list[list[str]]:
    """The gemeente codes each subject stands for: its own `code`, else the codes of all partners."""
    manifest = case.manifest
    partner_codes = [p.code for p in manifest.partners.values() if getattr(p, "code", None)]
    out = []
    for sid in subjects:
        subject = manifest.subjects.get(sid)
        code = getattr(subject, "code", None) if subject is not None else None
        out.append([code] if code else list(partner_codes))
    return out


def columns_read(comparison: GroupComparison) -> set[str]:
    names = set(fx.parse(comparison.numerator).names)
    if comparison.denominator:
        names |= fx.parse(comparison.denominator).names
    return names


def reference_values_used(
    table: ref.ReferenceTable | None, uses: Sequence[GroupUse], all_years: Sequence[int], years: Sequence[int]
) -> tuple[int, int]:
    """How many reference-table values (gemeente, year, column) the comparisons in the evaluation `years` rest on,
    and how many of those are illustratief or quality C. The group columns span `all_years`."""
    cols = [list(all_years).index(y) for y in years]
    per_column: dict[str, np.ndarray] = {}
    for use in uses:
        if use.columns.used is None:
            continue
        used = use.columns.used[:, cols]
        for name in columns_read(use.comparison):
            per_column[name] = per_column[name] | used if name in per_column else used.copy()
    if table is None or not per_column:
        return 0, 0
    take = table.year_columns(years)
    weak = 0
    for name, mask in per_column.items():
        if name in table.weak:
            weak += int((mask & np.where(take >= 0, table.weak[name][:, np.maximum(take, 0)], False)).sum())
    return int(sum(int(m.sum()) for m in per_column.values())), weak

"""Bind a case's data values to columns (subjects × years) with array operations (pure; no I/O).

Each value is read once (its field, subject, partner, year and value); placing them is vectorised per
field, with the same rule as assigning them one by one in case order: the last value for a place wins,
and a value for the whole samenwerking (no subject) fills every subject's row.
"""

from __future__ import annotations

from typing import cast

import numpy as np

from criteria.model.case import Case, DataValue
from criteria.model.values import CaseValues, Provenance
from criteria.rules.compile import CompiledRuleset

SourceKey = tuple[str, str | None, str | None, int]  # field, subject, partner, year
_BROADCAST = -1  # row code of a value without a subject
_OUT = -2  # row code of a subject outside the evaluation


class ValueIndex:
    """Which data value supplied each (field, subject, partner, year); `get` reads like a dict of them, and makes
    the record of that one value (the values themselves are columns: criteria/model/values.py)."""

    def __init__(
        self,
        values: CaseValues,
        fields: dict[str, int],
        rows: dict[str | None, int],
        partners: dict[str | None, int],
        years: dict[int, int],
        positions: dict[int, np.ndarray],
    ):
        self._values, self._fields, self._rows = values, fields, rows
        self._partners, self._years, self._positions = partners, years, positions

    def effective(self, field: str, partner: str | None, n_subjects: int, n_years: int) -> np.ndarray:
        """(subjects, years) index of the value used for each subject and year (-1: none): the later, in case
        order, of the subject's own value and a value for the whole samenwerking (as bind places them)."""
        f, p = self._fields.get(field), self._partners.get(partner)
        if f is None or p is None or f not in self._positions:
            return np.full((n_subjects, n_years), -1, dtype=np.int64)
        pos = self._positions[f][p]
        return np.maximum(pos[:n_subjects], pos[n_subjects][None, :])

    def position(self, key: SourceKey) -> int:
        """The index of the value that supplied this place (-1: none)."""
        field, subject, partner, year = key
        f, p = self._fields.get(field), self._partners.get(partner)
        r, y = self._rows.get(subject), self._years.get(year)
        if f is None or p is None or r is None or y is None or f not in self._positions:
            return -1
        return int(self._positions[f][p, r, y])

    def get(self, key: SourceKey, default: DataValue | None = None) -> DataValue | None:
        pos = self.position(key)
        return self._values[pos] if pos >= 0 else default

    def source(self, *keys: SourceKey) -> Provenance | None:
        """Where the value of the first of these places that has one comes from (no record made), or None."""
        for key in keys:
            pos = self.position(key)
            if pos >= 0:
                return self._values.provenance(pos)
        return None


def _last(keys: np.ndarray) -> np.ndarray:
    """Positions of the last occurrence of each distinct key."""
    _, first_in_reversed = np.unique(keys[::-1], return_index=True)
    return len(keys) - 1 - first_in_reversed


def _scatter(out: np.ndarray, rows: np.ndarray, cols: np.ndarray, vals: np.ndarray) -> np.ndarray:
    """Assign vals at (rows, cols) as if one by one in order; row -1 means every row."""
    broadcast = rows == _BROADCAST
    if broadcast.any() and not broadcast.all():  # a field with both kinds of value (invalid data): in order
        for r, c, v in zip(rows.tolist(), cols.tolist(), vals):
            out[slice(None) if r == _BROADCAST else r, c] = v
    elif broadcast.all():
        last = _last(cols)
        out[:, cols[last]] = vals[last]
    else:
        last = _last(rows * out.shape[1] + cols)
        out[rows[last], cols[last]] = vals[last]
    return out


def _groups(codes: np.ndarray, mask: np.ndarray) -> dict[int, np.ndarray]:
    """code -> positions (in case order) where mask holds."""
    where = np.flatnonzero(mask)
    picked = codes[where]
    if len(picked) and 0 <= picked.min() and picked.max() < 2**15:  # small codes: a stable radix sort, same order
        picked = picked.astype(np.int16)
    order = where[np.argsort(picked, kind="stable")]
    bounds = np.flatnonzero(np.diff(codes[order])) + 1
    return {int(codes[g[0]]): g for g in np.split(order, bounds) if len(g)}


def _recode(codes: np.ndarray, mapping: list[int], none: int) -> np.ndarray:
    """The case's codes translated by `mapping` (case code -> code here); a NONE code becomes `none`."""
    table = np.array([*mapping, none], dtype=np.int64)  # index -1 picks `none`
    return table[codes]


def _year_codes(years: np.ndarray, y_index: dict[int, int]) -> np.ndarray:
    """Each value's column on the year axis (-1: a year the engine does not read), looked up in a table over the
    range of the years (np.unique when the range is wide)."""
    if not len(years):
        return np.zeros(0, dtype=np.int64)
    low, high = int(years.min()), int(years.max())
    if high - low < 100_000:
        table = np.array([y_index.get(y, -1) for y in range(low, high + 1)], dtype=np.int64)
        return table[years - low]
    distinct, which = np.unique(years, return_inverse=True)
    return np.array([y_index.get(int(y), -1) for y in distinct] + [-1], dtype=np.int64)[which]


def bind(compiled: CompiledRuleset, case: Case, subjects: list[str], all_years: list[int]):
    """numbers, labels, partner columns (arrays (subjects, all_years)) and the index of the values used."""
    rs = compiled.ruleset
    shape = (len(subjects), len(all_years))
    field_names = list(rs.fields)
    f_index = {n: i for i, n in enumerate(field_names)}
    s_index: dict[str | None, int] = {s: i for i, s in enumerate(subjects)}
    p_names: list[str | None] = [None, *case.manifest.partners]
    p_index = {p: i for i, p in enumerate(p_names)}
    y_index = {y: i for i, y in enumerate(all_years)}
    numbers = {n: np.full(shape, np.nan) for n, f in rs.fields.items() if f.type == "number" and f.scope != "partner"}
    labels = {n: np.full(shape, None, dtype=object) for n, f in rs.fields.items() if f.type == "label"}
    partners = {
        n: {p: np.full(shape, np.nan) for p in case.manifest.partners}
        for n, f in rs.fields.items()
        if f.scope == "partner"
    }
    values = case.values
    fc = _recode(values.field, [f_index.get(name, -1) for name in values.fields], -1)
    rc = _recode(values.subject, [s_index.get(sid, _OUT) for sid in values.subjects], _BROADCAST)
    pc = _recode(values.partner, [p_index.get(pid, -1) for pid in values.partners], 0)
    yc = _year_codes(values.year, y_index)
    is_str = values.label >= 0
    is_float = ~is_str
    number = values.number
    label_texts = np.array([*values.labels, None], dtype=object)  # NONE (-1) picks the None at the end
    keep = (fc >= 0) & (yc >= 0) & (rc != _OUT) & (pc >= 0)
    positions: dict[int, np.ndarray] = {}
    for f, idx in _groups(fc, keep).items():
        name = field_names[f]
        rows, cols = rc[idx], yc[idx]
        pos = np.full((len(p_names), len(subjects) + 1, len(all_years)), -1, dtype=np.int64)
        last = _last(
            (pc[idx] * (len(subjects) + 1) + np.where(rows == _BROADCAST, len(subjects), rows)) * len(all_years) + cols
        )
        pos[pc[idx][last], np.where(rows == _BROADCAST, len(subjects), rows)[last], cols[last]] = idx[last]
        positions[f] = pos
        if name in partners:
            sub = idx[(pc[idx] > 0) & is_float[idx]]  # p > 0: a partner
            if (rc[sub] == _BROADCAST).any():  # a value for the whole samenwerking: per partner, in order
                for p, pidx in _groups(pc[idx], (pc[idx] > 0) & is_float[idx]).items():
                    sub = idx[pidx]
                    _scatter(partners[name][cast(str, p_names[p])], rc[sub], yc[sub], number[sub])
            else:  # every partner at once: one scatter into (partner × subject) rows, a view per partner
                block = np.full((len(p_names) - 1, *shape), np.nan)
                _scatter(block.reshape(-1, shape[1]), (pc[sub] - 1) * shape[0] + rc[sub], yc[sub], number[sub])
                partners[name] = {cast(str, p_names[p + 1]): block[p] for p in range(len(p_names) - 1)}
        elif name in labels:
            _scatter(labels[name], rows, cols, label_texts[values.label[idx]])
        elif name in numbers:
            sub = idx[is_float[idx]]
            _scatter(numbers[name], rc[sub], yc[sub], number[sub])
    rows_index = {**s_index, None: len(subjects)}
    sources = ValueIndex(case.values, f_index, rows_index, p_index, y_index, positions)
    return numbers, labels, partners, sources

"""Reference groups: statistics over comparable gemeenten, for all subjects and years at once (pure numpy).

A reference table holds values of many gemeenten that are not scored themselves (e.g. CBS Iv3). It is kept
pivoted: one row per gemeente code (sorted), one column per year, so that a selection is a boolean array
(codes, years) and a statistic over the selected members is one reduction over the codes axis.

Definitions (docs/referentiegroep.md):
- A gemeente is a member of a group in a year if the selection holds in that year (province and inwoners
  of that year), it is not excluded, it is not one of the subject's own codes, and its ratio
  numerator / denominator is a finite number (a missing value or a zero denominator: not a member).
- mean_of_ratios: the mean of the members' ratios. weighted_mean: sum of numerators / sum of denominators.
- median, p25, p75: linear interpolation between order statistics (numpy "linear", Excel PERCENTIEL.INC,
  statistics.quantiles(method="inclusive")).
- rank: 1 + the number of members with a lower value than the subject (1 = lowest), out of members + 1.
- percentile: (members below + half the members equal) / members x 100.

Members are summed in code order, one code after the other, so that neither the row order of the source
table nor a gemeente outside the selection changes a statistic in any bit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

Statistic = Literal["mean_of_ratios", "weighted_mean", "median", "p25", "p75"]
STATISTICS: tuple[Statistic, ...] = ("mean_of_ratios", "weighted_mean", "median", "p25", "p75")
QUANTILE = {"median": 0.5, "p25": 0.25, "p75": 0.75}
STATISTIC_TEXT = {
    "mean_of_ratios": "gemiddelde",
    "weighted_mean": "gewogen gemiddelde",
    "median": "mediaan",
    "p25": "25e percentiel",
    "p75": "75e percentiel",
}


@dataclass(frozen=True)
class ReferenceTable:
    """Values of many gemeenten by (code, year). Arrays have shape (codes, years) unless said otherwise."""

    codes: tuple[str, ...]  # sorted, distinct
    years: tuple[int, ...]  # sorted, distinct
    names: tuple[str, ...]  # per code: the name in its latest year
    present: np.ndarray  # bool: the table has a row for this code and year
    province: np.ndarray  # object: province in that year ("" where absent)
    columns: Mapping[str, np.ndarray]  # float; NaN where absent
    row: np.ndarray  # int64: the source row of the value (-1 where absent), for bron and provenance
    weak: Mapping[str, np.ndarray] = field(default_factory=dict)  # bool per column: quality C or illustratief
    tags: Mapping[str, np.ndarray] = field(default_factory=dict)  # bool (codes,) per tag

    def code_index(self) -> dict[str, int]:
        return {c: i for i, c in enumerate(self.codes)}

    def year_columns(self, years: Sequence[int]) -> np.ndarray:
        """For each year, its column in this table (-1 where the table has no such year)."""
        index = {y: i for i, y in enumerate(self.years)}
        return np.array([index.get(int(y), -1) for y in years], dtype=np.int64)


def pivot(
    codes: Sequence[str],
    years: Sequence[int],
    columns: Mapping[str, Sequence[float] | np.ndarray],
    provinces: Sequence[str] | None = None,
    names: Sequence[str] | None = None,
    weak: Mapping[str, Sequence[bool] | np.ndarray] | None = None,
    tags: Mapping[str, Sequence[str]] | None = None,
) -> ReferenceTable:
    """Build a ReferenceTable from rows (one per code and year; a later row for the same code and year wins).

    `weak` gives per column (or per row under the key "*") whether a value is quality C or illustratief;
    `tags` gives per tag the codes that carry it.
    """
    code_arr = np.asarray(codes, dtype=object)
    year_arr = np.asarray(years, dtype=np.int64)
    n = len(code_arr)
    ucodes, ci = np.unique(code_arr.astype(str), return_inverse=True) if n else (np.array([], str), np.array([], int))
    uyears, yi = np.unique(year_arr, return_inverse=True) if n else (np.array([], np.int64), np.array([], int))
    shape = (len(ucodes), len(uyears))
    flat = ci * shape[1] + yi
    # the last row for each (code, year)
    _, first_rev = np.unique(flat[::-1], return_index=True)
    last = n - 1 - first_rev
    row = np.full(shape, -1, dtype=np.int64)
    row[ci[last], yi[last]] = last
    present = row >= 0

    def spread(values: Sequence | np.ndarray, fill, dtype) -> np.ndarray:
        arr = np.asarray(values, dtype=dtype)
        out = np.full(shape, fill, dtype=dtype)
        out[ci[last], yi[last]] = arr[last]
        return out

    cols = {name: spread(vals, np.nan, float) for name, vals in columns.items()}
    prov = spread(provinces if provinces is not None else [""] * n, "", object)
    weak = weak or {}
    every = weak.get("*")
    weak_cols = {
        name: spread(weak.get(name, every if every is not None else [False] * n), False, bool) for name in columns
    }
    name_per_code = list(map(str, ucodes))
    if names is not None and n:
        name_arr = np.asarray(names, dtype=object)
        latest = np.full(len(ucodes), -1, dtype=np.int64)
        for c in range(len(ucodes)):  # the name in the code's latest year
            rows = row[c][row[c] >= 0]
            latest[c] = rows[np.argmax(year_arr[rows])] if len(rows) else -1
        name_per_code = [str(name_arr[r]) if r >= 0 else str(ucodes[i]) for i, r in enumerate(latest)]
    code_pos = {c: i for i, c in enumerate(map(str, ucodes))}
    tag_cols = {}
    for tag, members in (tags or {}).items():
        mask = np.zeros(len(ucodes), dtype=bool)
        mask[[code_pos[c] for c in members if c in code_pos]] = True
        tag_cols[tag] = mask
    return ReferenceTable(
        tuple(map(str, ucodes)),
        tuple(int(y) for y in uyears),
        tuple(name_per_code),
        present,
        prov,
        cols,
        row,
        weak_cols,
        tag_cols,
    )


@dataclass(frozen=True)
class Selection:
    """Which gemeenten form a reference group; every given filter must hold (see the module docstring)."""

    provinces: tuple[str, ...] | None = None
    inwoners_min: float | None = None  # inclusive
    inwoners_max: float | None = None  # inclusive
    codes: tuple[str, ...] | None = None
    tags: tuple[str, ...] | None = None  # at least one of these
    exclude_tags: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()  # codes


INWONERS = "inwoners"


def select(table: ReferenceTable, sel: Selection, condition: np.ndarray | None = None) -> np.ndarray:
    """(codes, years) bool: where the selection holds (before the subject's own codes are taken out).

    `condition`: (codes, years) values of the group's condition formula; a member needs a nonzero number
    there (NaN, a missing value, does not pass).
    """
    mask = table.present.copy()
    if condition is not None:
        with np.errstate(invalid="ignore"):
            mask &= np.nan_to_num(np.asarray(condition, dtype=float), nan=0.0) != 0
    if sel.provinces is not None:
        mask &= np.isin(table.province, list(sel.provinces))
    if sel.inwoners_min is not None or sel.inwoners_max is not None:
        inw = table.columns.get(INWONERS)
        if inw is None:
            return np.zeros_like(mask)
        with np.errstate(invalid="ignore"):
            if sel.inwoners_min is not None:
                mask &= inw >= sel.inwoners_min
            if sel.inwoners_max is not None:
                mask &= inw <= sel.inwoners_max
    per_code = np.ones(len(table.codes), dtype=bool)
    if sel.codes is not None:
        per_code &= np.isin(np.asarray(table.codes, dtype=object), list(sel.codes))
    if sel.tags is not None:
        per_code &= _any_tag(table, sel.tags)
    if sel.exclude_tags:
        per_code &= ~_any_tag(table, sel.exclude_tags)
    if sel.exclude:
        per_code &= ~np.isin(np.asarray(table.codes, dtype=object), list(sel.exclude))
    return mask & per_code[:, None]


def _any_tag(table: ReferenceTable, tags: Sequence[str]) -> np.ndarray:
    out = np.zeros(len(table.codes), dtype=bool)
    for tag in tags:
        if tag in table.tags:
            out |= table.tags[tag]
    return out


def own_codes(table: ReferenceTable, subject_codes: Sequence[Sequence[str]]) -> np.ndarray:
    """(subjects, codes) bool: the gemeenten each subject stands for (left out of its own group)."""
    index = table.code_index()
    out = np.zeros((len(subject_codes), len(table.codes)), dtype=bool)
    for s, codes in enumerate(subject_codes):
        out[s, [index[c] for c in codes if c in index]] = True
    return out


def ratio(numerator: np.ndarray, denominator: np.ndarray | None) -> np.ndarray:
    """numerator / denominator, NaN where it is not a finite number."""
    if denominator is None:
        out = np.asarray(numerator, dtype=float)
    else:
        with np.errstate(all="ignore"):
            out = np.asarray(numerator, dtype=float) / np.asarray(denominator, dtype=float)
    return np.where(np.isfinite(out), out, np.nan)


@dataclass(frozen=True)
class GroupColumns:
    """A reference group's statistic per subject and year, with the subject's place in the group."""

    statistic: np.ndarray  # float (subjects, years); NaN where the group has no members
    count: np.ndarray  # int64: members
    rank: np.ndarray  # float: 1 = lowest; NaN where the subject has no value or the group no members
    percentile: np.ndarray  # float 0–100; NaN likewise
    estimate: np.ndarray  # bool: a member's value is quality C or illustratief
    used: np.ndarray | None = None  # (codes, years asked) bool: a member of the group of some active subject


def group_columns(
    table: ReferenceTable,
    base: np.ndarray,
    own: np.ndarray,
    years: Sequence[int],
    statistic: Statistic,
    numerator: np.ndarray,
    denominator: np.ndarray | None = None,
    values: np.ndarray | None = None,
    weak: np.ndarray | None = None,
    active: np.ndarray | None = None,
) -> GroupColumns:
    """The statistic of each subject's group in each of `years`, for all subjects at once.

    base: (codes, table years) selection; own: (subjects, codes) the subjects' own codes; numerator and
    denominator: (codes, table years) arrays; values: (subjects, years) the subjects' own values (for rank and
    percentile); weak: (codes, table years) bool, a value used is quality C or illustratief.
    Subjects whose own codes fall outside every group share one computation (a "pattern").
    """
    if statistic == "weighted_mean" and denominator is None:
        raise ValueError("weighted_mean needs a denominator")
    n_subjects = own.shape[0]
    take, r, member, inverse = _membership(table, base, own, years, numerator, denominator)
    count = member.sum(axis=0)
    stat = _statistic(statistic, member, r, numerator, denominator, take, count)
    shape = (n_subjects, len(years))
    rank = np.full(shape, np.nan)
    pct = np.full(shape, np.nan)
    if values is not None:
        _place(member, r, inverse, np.asarray(values, dtype=float), rank, pct)
    est = np.zeros(shape, dtype=bool)
    if weak is not None:
        est = (member & weak[:, take][:, None, :]).any(axis=0)[inverse]
    used = None
    if active is not None:
        used = np.zeros((len(table.codes), len(years)), dtype=bool)
        for p in range(member.shape[1]):
            on = np.asarray(active)[inverse == p].any(axis=0)
            used |= member[:, p, :] & on[None, :]
    return GroupColumns(stat[inverse], count[inverse], rank, pct, est, used)


def group_counts(
    table: ReferenceTable,
    base: np.ndarray,
    own: np.ndarray,
    years: Sequence[int],
    numerator: np.ndarray,
    denominator: np.ndarray | None = None,
) -> np.ndarray:
    """group_columns(...).count without the rest: the members of each subject's group in each of `years`."""
    _, _, member, inverse = _membership(table, base, own, years, numerator, denominator)
    return member.sum(axis=0)[inverse]


def _membership(
    table: ReferenceTable,
    base: np.ndarray,
    own: np.ndarray,
    years: Sequence[int],
    numerator: np.ndarray,
    denominator: np.ndarray | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(table column of each year, the ratios in those columns, member (codes, patterns, years), pattern of each
    subject): who is in each group, for the subjects that share their own codes' pattern at once."""
    cols = table.year_columns(years)
    known = cols >= 0
    take = np.where(known, cols, 0)
    ratios = ratio(numerator, denominator)
    r = ratios[:, take]
    usable = (base & np.isfinite(ratios))[:, take] & known[None, :]
    relevant = usable.any(axis=1)
    patterns, inverse = _patterns(own[:, relevant])
    excluded = np.zeros((len(patterns), len(table.codes)), dtype=bool)
    excluded[:, relevant] = patterns
    member = usable[:, None, :] & ~excluded.T[:, :, None]  # (codes, patterns, years)
    return take, r, member, inverse


def _patterns(own_relevant: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct rows of (subjects, relevant codes) and, per subject, the index of its row."""
    if own_relevant.shape[0] == 0:
        return np.zeros((1, own_relevant.shape[1]), dtype=bool), np.zeros(0, dtype=np.int64)
    if own_relevant.shape[1] == 0:
        return np.zeros((1, 0), dtype=bool), np.zeros(own_relevant.shape[0], dtype=np.int64)
    if own_relevant.dtype != np.bool_:
        patterns, inverse = np.unique(own_relevant, axis=0, return_inverse=True)
        return patterns, np.asarray(inverse).reshape(-1)
    # np.unique(axis=0) on bool rows, without its structured dtype of one field per column (~2 ms for the ~400
    # codes of the CBS table): a row's bytes (0/1 per cell) sort as the row does, so the same sorted distinct rows
    rows = [row.tobytes() for row in np.ascontiguousarray(own_relevant)]
    distinct = sorted(set(rows))
    index = {row: i for i, row in enumerate(distinct)}
    patterns = np.frombuffer(b"".join(distinct), dtype=np.bool_).reshape(len(distinct), own_relevant.shape[1])
    return patterns.copy(), np.array([index[row] for row in rows], dtype=np.intp)


def _sequential_sum(values: np.ndarray, member: np.ndarray) -> np.ndarray:
    """Sum over the codes axis, one code after the other (in code order), of the members' values."""
    total = np.zeros(member.shape[1:])
    for c in range(member.shape[0]):
        total += np.where(member[c], values[c], 0.0)
    return total


def _statistic(
    statistic: Statistic,
    member: np.ndarray,
    r: np.ndarray,
    numerator: np.ndarray,
    denominator: np.ndarray | None,
    take: np.ndarray,
    count: np.ndarray,
) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        if statistic == "mean_of_ratios":
            out = _sequential_sum(r[:, None, :], member) / count
        elif statistic == "weighted_mean":
            num = np.asarray(numerator, dtype=float)[:, take][:, None, :]
            den = np.asarray(denominator, dtype=float)[:, take][:, None, :]
            out = _sequential_sum(num, member) / _sequential_sum(den, member)
        else:
            out = nanquantile(np.where(member, r[:, None, :], np.nan), QUANTILE[statistic])
    return np.where((count > 0) & np.isfinite(out), out, np.nan)


def nanquantile(values: np.ndarray, q: float) -> np.ndarray:
    """np.nanquantile(values, q, axis=0, method="linear") with numpy's own arithmetic (its _get_indexes and _lerp),
    for all columns at once: numpy's applies a Python function per column and imports numpy.ma (~15 ms)."""
    if not len(values):  # no rows: no numbers in any column
        return np.full(values.shape[1:], np.nan)
    ordered = np.sort(values, axis=0)  # NaN last
    n = np.count_nonzero(~np.isnan(values), axis=0)
    index = (n - 1) * q
    below = np.floor(index)
    last = index >= n - 1  # numpy takes its index -1 (the largest value) on both sides, with weight index + 1
    gamma = np.where(last, index + 1, index - below)
    lower = np.where(last, n - 1, below).astype(np.intp)
    upper = np.where(last, n - 1, below + 1).astype(np.intp)
    a = np.take_along_axis(ordered, np.maximum(lower, 0)[None], axis=0)[0]
    b = np.take_along_axis(ordered, np.maximum(upper, 0)[None], axis=0)[0]
    diff = b - a
    with np.errstate(invalid="ignore"):
        out = np.where(gamma >= 0.5, b - diff * (1 - gamma), a + diff * gamma)
    return np.where(n > 0, out, np.nan)


def _place(
    member: np.ndarray, r: np.ndarray, inverse: np.ndarray, values: np.ndarray, rank: np.ndarray, pct: np.ndarray
) -> None:
    """Rank and percentile of each subject's value among its group's members (filled in place)."""
    for p in range(member.shape[1]):
        subjects = np.flatnonzero(inverse == p)
        if not len(subjects):
            continue
        for y in range(member.shape[2]):
            vals = np.sort(r[member[:, p, y], y])
            n = len(vals)
            if n == 0:
                continue
            v = values[subjects, y]
            ok = ~np.isnan(v)
            below = np.searchsorted(vals, v[ok], side="left")
            equal = np.searchsorted(vals, v[ok], side="right") - below
            rank[subjects[ok], y] = below + 1
            pct[subjects[ok], y] = (below + 0.5 * equal) / n * 100.0


@dataclass(frozen=True)
class Member:
    code: str
    name: str
    value: float  # the ratio
    numerator: float
    denominator: float | None
    row: int  # the source row (for bron)


def members(
    table: ReferenceTable,
    base: np.ndarray,
    own: Sequence[str],
    year: int,
    numerator: np.ndarray,
    denominator: np.ndarray | None = None,
) -> list[Member]:
    """The members of one subject's group in one year, sorted by value (then code): for explanations."""
    col = int(table.year_columns([year])[0])
    if col < 0:
        return []
    r = ratio(numerator, denominator)[:, col]
    own_set = set(own)
    out = []
    for c in np.flatnonzero(base[:, col] & np.isfinite(r)):
        code = table.codes[c]
        if code in own_set:
            continue
        out.append(
            Member(
                code,
                table.names[c],
                float(r[c]),
                float(numerator[c, col]),
                None if denominator is None else float(denominator[c, col]),
                int(table.row[c, col]),
            )
        )
    return sorted(out, key=lambda m: (m.value, m.code))

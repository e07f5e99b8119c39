"""Reference groups (criteria.engine.reference): laws against a plain-Python recomputation.

The group statistic equals statistics.fmean / median / quantiles(method="inclusive") or sum over sum,
computed straight from the table rows; the subject's own codes are left out; a gemeente outside the
selection, the row order of the table and scaling numerator and denominator together change nothing.
"""

from __future__ import annotations

import math
import statistics

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from criteria.engine import reference as ref

LAWS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PROVINCES = ("Noord-Holland", "Utrecht", "Zeeland")
YEARS = (2017, 2018, 2019)


@st.composite
def tables(draw, min_size: int = 1):
    """Rows (code, year, province, inwoners, numerator, denominator) with gaps and zero denominators."""
    n = draw(st.integers(min_size, 16))
    codes = [f"GM{i:04d}" for i in draw(st.lists(st.integers(1, 999), min_size=n, max_size=n, unique=True))]
    rows = []
    for code in codes:
        for year in draw(st.lists(st.sampled_from(YEARS), min_size=2, max_size=3, unique=True)):
            rows.append(
                dict(
                    code=code,
                    year=year,
                    province=draw(st.sampled_from(PROVINCES)),
                    inwoners=float(draw(st.integers(5_000, 60_000))),
                    num=draw(st.floats(-1e6, 1e7)) if draw(st.integers(0, 9)) else math.nan,  # 1 in 10 missing
                    den={0: 0.0, 1: math.nan}.get(draw(st.integers(0, 9))) or draw(st.floats(1.0, 1e5)),
                )
            )
    return rows


@st.composite
def selections(draw, codes: list[str]):
    lo = draw(st.one_of(st.none(), st.integers(5_000, 40_000)))
    hi = draw(st.one_of(st.none(), st.integers(lo or 5_000, 70_000)))
    return ref.Selection(
        provinces=draw(st.one_of(st.none(), st.lists(st.sampled_from(PROVINCES), min_size=1, unique=True).map(tuple))),
        inwoners_min=lo,
        inwoners_max=hi,
        codes=draw(st.one_of(st.none(), st.lists(st.sampled_from(codes), min_size=1, unique=True).map(tuple))),
        exclude=tuple(draw(st.lists(st.sampled_from(codes), max_size=3, unique=True))),
    )


def build(rows: list[dict]) -> ref.ReferenceTable:
    return ref.pivot(
        [r["code"] for r in rows],
        [r["year"] for r in rows],
        {"inwoners": [r["inwoners"] for r in rows], "num": [r["num"] for r in rows], "den": [r["den"] for r in rows]},
        provinces=[r["province"] for r in rows],
    )


def compute(rows, sel, subjects, statistic, values=None):
    table = build(rows)
    base = ref.select(table, sel)
    own = ref.own_codes(table, subjects)
    return ref.group_columns(
        table, base, own, YEARS, statistic, table.columns["num"], table.columns["den"], values=values
    )


def plain_members(rows, sel: ref.Selection, own: list[str], year: int) -> list[tuple[str, float, float]]:
    """(code, numerator, denominator) of the members, in code order, straight from the rows."""
    out = []
    for r in sorted(rows, key=lambda r: r["code"]):
        if r["year"] != year or r["code"] in own or r["code"] in sel.exclude:
            continue
        if sel.provinces is not None and r["province"] not in sel.provinces:
            continue
        if sel.inwoners_min is not None and r["inwoners"] < sel.inwoners_min:
            continue
        if sel.inwoners_max is not None and r["inwoners"] > sel.inwoners_max:
            continue
        if sel.codes is not None and r["code"] not in sel.codes:
            continue
        if math.isnan(r["num"]) or math.isnan(r["den"]) or r["den"] == 0:
            continue
        out.append((r["code"], r["num"], r["den"]))
    return out


def plain_statistic(members, statistic: str) -> float:
    ratios = [n / d for _, n, d in members]
    if not ratios:
        return math.nan
    if statistic == "mean_of_ratios":
        return statistics.fmean(ratios)
    if statistic == "weighted_mean":
        den = sum(d for _, _, d in members)
        return sum(n for _, n, _ in members) / den if den else math.nan
    if statistic == "median":
        return statistics.median(ratios)
    if len(ratios) == 1:
        return ratios[0]
    quartiles = statistics.quantiles(ratios, n=4, method="inclusive")
    return quartiles[0] if statistic == "p25" else quartiles[2]


def same(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)


@st.composite
def scenarios(draw):
    rows = draw(tables(min_size=4))
    codes = sorted({r["code"] for r in rows})
    sel = draw(st.one_of(st.just(ref.Selection()), selections(codes)))  # often the whole table
    subject_codes = draw(
        st.lists(st.lists(st.sampled_from(codes + ["GM9999"]), max_size=2, unique=True), min_size=1, max_size=4)
    )
    statistic = draw(st.sampled_from(ref.STATISTICS))
    return rows, sel, subject_codes, statistic


@LAWS
@given(scenarios())
def test_statistic_equals_plain_python(scenario):
    rows, sel, subjects, statistic = scenario
    got = compute(rows, sel, subjects, statistic)
    for s, own in enumerate(subjects):
        for y, year in enumerate(YEARS):
            members = plain_members(rows, sel, own, year)
            assert got.count[s, y] == len(members)
            assert same(float(got.statistic[s, y]), plain_statistic(members, statistic)), (own, year, members)


@LAWS
@given(scenarios())
def test_the_subject_is_never_its_own_member(scenario):
    rows, sel, subjects, _ = scenario
    table = build(rows)
    base = ref.select(table, sel)
    for own in subjects:
        for year in YEARS:
            listed = ref.members(table, base, own, year, table.columns["num"], table.columns["den"])
            assert not {m.code for m in listed} & set(own)
            assert [m.code for m in listed] == sorted(
                (c for c, _, _ in plain_members(rows, sel, own, year)),
                key=lambda c: ([m.value for m in listed if m.code == c], c),
            )


@LAWS
@given(scenarios(), st.data())
def test_a_gemeente_outside_the_selection_changes_nothing(scenario, data):
    rows, sel, subjects, statistic = scenario
    sel = ref.Selection(
        provinces=("Noord-Holland",), inwoners_min=sel.inwoners_min, inwoners_max=sel.inwoners_max, exclude=sel.exclude
    )
    outsider = dict(
        code=data.draw(st.sampled_from(["GM0000", "GM5000", "GM9998"])),
        year=data.draw(st.sampled_from(YEARS)),
        province="Zeeland",
        inwoners=20_000.0,
        num=data.draw(st.floats(-1e6, 1e6)),
        den=data.draw(st.floats(1, 1e5)),
    )
    rows_plus = [*rows, outsider] if outsider["code"] not in {r["code"] for r in rows} else rows
    values = np.full((len(subjects), len(YEARS)), 0.5)
    a = compute(rows, sel, subjects, statistic, values)
    b = compute(rows_plus, sel, subjects, statistic, values)
    for x, y in ((a.statistic, b.statistic), (a.rank, b.rank), (a.percentile, b.percentile)):
        np.testing.assert_array_equal(x, y)  # bit for bit
    np.testing.assert_array_equal(a.count, b.count)


@LAWS
@given(scenarios(), st.randoms(use_true_random=False))
def test_row_order_changes_nothing(scenario, rnd):
    rows, sel, subjects, statistic = scenario
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    a, b = compute(rows, sel, subjects, statistic), compute(shuffled, sel, subjects, statistic)
    np.testing.assert_array_equal(a.statistic, b.statistic)
    np.testing.assert_array_equal(a.count, b.count)


@LAWS
@given(scenarios(), st.sampled_from([1e-3, 0.5, 3.0, 1000.0]))
def test_scaling_numerator_and_denominator_together_keeps_ratios(scenario, k):
    rows, sel, subjects, statistic = scenario
    scaled = [{**r, "num": r["num"] * k, "den": r["den"] * k} for r in rows]
    a, b = compute(rows, sel, subjects, statistic), compute(scaled, sel, subjects, statistic)
    np.testing.assert_array_equal(a.count, b.count)
    np.testing.assert_allclose(a.statistic, b.statistic, rtol=1e-9, atol=1e-6)


@LAWS
@given(scenarios(), st.floats(-1e6, 1e7))
def test_rank_and_percentile_place_the_subject_among_the_members(scenario, v):
    rows, sel, subjects, statistic = scenario
    values = np.full((len(subjects), len(YEARS)), v)
    got = compute(rows, sel, subjects, statistic, values)
    for s, own in enumerate(subjects):
        for y, year in enumerate(YEARS):
            ratios = [n / d for _, n, d in plain_members(rows, sel, own, year)]
            if not ratios:
                assert math.isnan(got.rank[s, y]) and math.isnan(got.percentile[s, y])
                continue
            below, equal = sum(r < v for r in ratios), sum(r == v for r in ratios)
            assert got.rank[s, y] == below + 1
            assert same(float(got.percentile[s, y]), (below + 0.5 * equal) / len(ratios) * 100)


def test_worked_example_by_hand():
    """Four members with ratios 2, 4, 6, 10; the subject (GM0004) itself and a Zeeland gemeente stay out."""
    rows = [
        dict(code=f"GM000{i}", year=2019, province="Noord-Holland", inwoners=20_000.0, num=n, den=d)
        for i, (n, d) in enumerate([(20, 10), (40, 10), (60, 10), (200, 20), (999, 1)])
    ]
    rows.append(dict(code="GM0100", year=2019, province="Zeeland", inwoners=20_000.0, num=1.0, den=1.0))
    sel = ref.Selection(provinces=("Noord-Holland",))
    values = np.array([[np.nan, np.nan, 5.0]])
    expect = {"mean_of_ratios": 5.5, "weighted_mean": 320 / 50, "median": 5.0, "p25": 3.5, "p75": 7.0}
    for statistic, wanted in expect.items():
        got = compute(rows, sel, [["GM0004"]], statistic, values)
        assert got.count[0, 2] == 4 and got.count[0, 0] == 0
        assert got.statistic[0, 2] == pytest.approx(wanted)
        assert math.isnan(got.statistic[0, 0])
        assert got.rank[0, 2] == 3 and got.percentile[0, 2] == 50.0


def test_tags_and_exclusions():
    rows = [
        dict(code=c, year=2019, province="Noord-Holland", inwoners=30_000.0, num=1.0, den=1.0)
        for c in ("GM0001", "GM0002", "GM0003")
    ]
    table = ref.pivot(
        [r["code"] for r in rows],
        [r["year"] for r in rows],
        {"num": [1.0, 2.0, 3.0]},
        provinces=[r["province"] for r in rows],
        tags={"werkorganisatie": ["GM0002"], "eigen": ["GM0001", "GM0003"]},
    )
    col = table.year_columns([2019])[0]
    assert ref.select(table, ref.Selection(exclude_tags=("werkorganisatie",)))[:, col].tolist() == [True, False, True]
    assert ref.select(table, ref.Selection(tags=("werkorganisatie",)))[:, col].tolist() == [False, True, False]
    assert ref.select(table, ref.Selection(exclude=("GM0003",)))[:, col].tolist() == [True, True, False]
    assert ref.select(table, ref.Selection(inwoners_min=10)).sum() == 0  # no inwoners column: nobody


def test_a_condition_is_checked_per_year():
    """'eigen personeel' as a condition: a gemeente drops out only in the years it fails."""
    table = ref.pivot(
        ["GM0001", "GM0001", "GM0002", "GM0002"],
        [2019, 2020, 2019, 2020],
        {"salarissen": [500.0, 40.0, 450.0, math.nan]},
    )
    condition = table.columns["salarissen"] >= 250
    got = ref.select(table, ref.Selection(), condition)
    assert got.tolist() == [[True, False], [True, False]]  # GM0001 fails in 2020; GM0002 has no value in 2020


@given(
    columns=st.lists(
        st.lists(
            st.one_of(st.just(np.nan), st.integers(-5, 5).map(float), st.floats(-1e6, 1e6, allow_nan=False)),
            min_size=0,
            max_size=9,
        ),
        min_size=1,
        max_size=6,
    ),
    q=st.sampled_from([0.25, 0.5, 0.75]),
    rows=st.integers(0, 9),
)
@settings(max_examples=300)
def test_nanquantile_is_numpys_to_the_bit(columns: list[list[float]], q: float, rows: int) -> None:
    """The group statistics' quantile over the codes axis gives what np.nanquantile(method="linear") gives, value
    for value (NaN where a column holds no number), for columns of any length, with repeats and gaps."""
    import warnings

    values = np.full((rows, len(columns), 2), np.nan)
    for c, column in enumerate(columns):
        values[: min(rows, len(column)), c, 0] = column[:rows]
        values[: min(rows, len(column)), c, 1] = column[::-1][:rows]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # numpy warns about a column without numbers
        expected = np.nanquantile(values, q, axis=0, method="linear")
    got = ref.nanquantile(values, q)
    assert got.shape == expected.shape and np.array_equal(got, expected, equal_nan=True)
    assert np.array_equal(np.signbit(got[~np.isnan(got)]), np.signbit(expected[~np.isnan(expected)]))

"""Correctness at scale: the national generator, vectorised binding, agreement with scikit-criteria and pymcdm."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.matrix_case import matrix_case
from benchmarks.national_case import national_case
from criteria.engine import evaluate, node_result
from criteria.engine import scoring as sc
from criteria.engine.bind import bind
from criteria.engine.sensitivity import ranks
from criteria.model.case import Case, DataValue, Manifest, Partner, Subject
from criteria.model.ruleset import Ruleset
from criteria.rules.compile import compile_ruleset


@pytest.fixture(scope="module")
def tiny():
    ruleset, case = national_case(municipalities=5)
    return evaluate(compile_ruleset(ruleset), case)


def test_tiny_national_case_evaluates_through_the_generator(tiny) -> None:
    root = tiny.criteria[tiny.compiled.root]
    assert root.score.shape == (5 * 8, 10) and len(tiny.compiled.ruleset.indicators) == 40
    assert np.all((root.score >= 0) & (root.score <= 10))
    assert set(np.unique(root.verdict)) == {sc.PASS, sc.FAIL}
    assert np.any(root.completeness < 1)  # missing values are re-weighed, not zero
    overhead = np.array([s.endswith(("PO", "COM", "FA", "FZ", "ICT")) for s in tiny.subjects])
    assert np.all(tiny.indicators["i01"].verdict[overhead] == sc.NOT_APPLICABLE)
    assert any(mask.any() for c in tiny.criteria.values() for mask in c.knocked_by.values())
    explained = node_result(tiny, tiny.compiled.root, 3, 2)
    leaf = explained.children[0].children[0].children[0]
    assert leaf.indicator is not None and any(i.bron == "synthetisch" for i in leaf.indicator.inputs)


def test_the_generator_is_reproducible() -> None:
    a, b = national_case(municipalities=2, years=2), national_case(municipalities=2, years=2)
    assert a[1].values == b[1].values and a[0] == b[0]


# --- binding: vectorised, but as if every value were placed one by one ------------------------------------


def bind_one_by_one(rs: Ruleset, case: Case, subjects: list[str], years: list[int]):
    """The reference: place the values in case order (the last one for a place wins)."""
    numbers = {n: np.full((len(subjects), len(years)), np.nan) for n, f in rs.fields.items() if f.type == "number"}
    sources = {}
    for v in case.values:
        if v.field not in rs.fields or v.year not in years or (v.subject is not None and v.subject not in subjects):
            continue
        rows = slice(None) if v.subject is None else subjects.index(v.subject)
        sources[(v.field, v.subject, v.partner, v.year)] = v
        if isinstance(v.value, float):
            numbers[v.field][rows, years.index(v.year)] = v.value
    return numbers, sources


places = st.tuples(
    st.sampled_from(["a", "b"]),
    st.sampled_from([None, "S1", "S2", "S3", "X"]),
    st.sampled_from([2019, 2020, 2021]),
    st.one_of(st.floats(-5, 5), st.just("tekst")),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(places, max_size=25))
def test_binding_places_values_as_if_one_by_one(rows) -> None:
    rs = Ruleset.model_validate(
        {
            "id": "t",
            "version": "1",
            "title": "t",
            "authors": ["t"],
            "basis": "t",
            "years": [2019, 2020],
            "missing_data": "reweigh",
            "fields": {"a": {"title": "a"}, "b": {"title": "b"}},
            "criteria": {"totaal": {"title": "t"}},
            "indicators": {
                "i": {
                    "title": "i",
                    "parent": "totaal",
                    "formula": "a",
                    "toelichting": "t",
                    "scoring": {"kind": "linear", "slecht": 0, "goed": 1},
                }
            },
        }
    )
    values = tuple(
        DataValue(
            subject=s,
            year=y,
            field=f,
            partner=None,
            value=v,
            unit="",
            bron=f"r{i}",
            quality="C",
            file="t",
            line=i,
            place="t",
        )
        for i, (f, s, y, v) in enumerate(rows)
    )
    manifest = Manifest(
        id="t",
        title="t",
        form="t",
        ruleset="t",
        data=["t"],
        partners={"p": Partner(name="p")},
        subjects={s: Subject(title=s) for s in ("S1", "S2", "S3")},
    )
    case = Case(manifest=manifest, values=values, sha256="t")
    subjects, years = ["S1", "S2", "S3"], [2019, 2020]
    numbers, _labels, _partners, index = bind(compile_ruleset(rs), case, subjects, years)
    want_numbers, want_sources = bind_one_by_one(rs, case, subjects, years)
    for name, column in want_numbers.items():
        np.testing.assert_array_equal(numbers[name], column)
    for key, value in want_sources.items():
        assert index.get(key) == value  # a record made on demand from the columns
    assert index.get(("a", "X", None, 2019)) is None and index.get(("a", "S1", None, 1999)) is None


# --- agreement with the MCDA libraries on a random matrix -----------------------------------------------------


def random_problem(seed: int = 4, rows: int = 60, cols: int = 7):
    rng = np.random.default_rng(seed)
    matrix = rng.uniform(1, 1000, size=(rows, cols))
    weights = rng.uniform(1, 10, size=cols)
    benefit = rng.random(cols) < 0.5
    return matrix, weights, benefit


def engine_totals(matrix, weights, benefit) -> np.ndarray:
    ruleset, case = matrix_case(matrix, weights, benefit)
    ev = evaluate(compile_ruleset(ruleset), case)
    return ev.criteria["totaal"].score[:, 0]


def test_weighted_sum_agrees_with_scikit_criteria() -> None:
    skc = pytest.importorskip(
        "skcriteria",
        reason="scikit-criteria is a benchmark-only dependency (pip install -r benchmarks/requirements.txt)",
    )
    from skcriteria.agg.simple import WeightedSumModel
    from skcriteria.preprocessing.invert_objectives import NegateMinimize
    from skcriteria.preprocessing.scalers import MinMaxScaler, SumScaler

    matrix, weights, benefit = random_problem()
    dm = skc.mkdm(matrix, [max if b else min for b in benefit], weights=weights)
    for step in (NegateMinimize(), MinMaxScaler(target="matrix"), SumScaler(target="weights")):
        dm = step.transform(dm)  # the same normalisation as the engine's linear scoring: min-max
    ranked = WeightedSumModel().evaluate(dm)
    totals = engine_totals(matrix, weights, benefit)
    np.testing.assert_allclose(totals / 10, ranked.e_.score, rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(ranks(totals[:, None])[:, 0], ranked.rank_)


def test_weighted_sum_agrees_with_pymcdm() -> None:
    methods = pytest.importorskip(
        "pymcdm.methods", reason="pymcdm is a benchmark-only dependency (pip install -r benchmarks/requirements.txt)"
    )
    from pymcdm.normalizations import minmax_normalization

    matrix, weights, benefit = random_problem(seed=9)
    preference = methods.WSM(minmax_normalization)(matrix, weights / weights.sum(), np.where(benefit, 1, -1))
    np.testing.assert_allclose(engine_totals(matrix, weights, benefit) / 10, preference, rtol=1e-12, atol=1e-12)

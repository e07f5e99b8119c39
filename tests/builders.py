"""Build rulesets, cases and results in memory (no files), plus hypothesis strategies for random ones.

Plain builders:
    rs = ruleset(indicators={"i": indicator("x", linear(0, 10))}, fields={"x": number_field()})
    c = case(["A", "B"], [value("A", 2019, "x", 4.0), value("B", 2019, "x", 7.0)])
    result = score(rs, c)
    node(result, "A", 2019, "i").score

Strategies (hypothesis):
    random_spec()  -> a Spec: a random criteria tree, subjects, years and data with optional gaps;
                      spec.ruleset_dict / spec.values can be changed by a test before building.
"""

from __future__ import annotations

import copy
import random as _random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

from criteria.engine import evaluate
from criteria.engine.columns import Evaluation
from criteria.model.case import Case, DataValue, Manifest, Partner, Subject
from criteria.model.result import EvaluationResult, NodeResult
from criteria.model.ruleset import Ruleset
from criteria.result.format1 import full_result
from criteria.result.view import ResultView
from criteria.rules.compile import compile_ruleset

PARTNERS = ("heemstede", "bloemendaal")
ROOT = "totaal"
YEARS = [2018, 2019, 2020]
BASE_YEAR = 2017

# ---------------------------------------------------------------------------------------------
# Ruleset pieces (plain dicts, exactly as the TOML would hold them)
# ---------------------------------------------------------------------------------------------


def number_field(title: str | None = None, unit: str = "", scope: str = "subject") -> dict:
    return {"title": title or "veld", "unit": unit, "type": "number", "scope": scope}


def label_field(title: str | None = None, scope: str = "subject") -> dict:
    return {"title": title or "label", "type": "label", "scope": scope}


def linear(slecht: float, goed: float) -> dict:
    return {"kind": "linear", "slecht": slecht, "goed": goed}


def bands(*spec: tuple[float | None, float | None, float]) -> dict:
    """bands((None, 1, 10), (1, 2, 5), (2, None, 0)): (min, max, score) per band."""
    out = []
    for lo, hi, sc in spec:
        band: dict[str, Any] = {"score": sc}
        if lo is not None:
            band["min"] = lo
        if hi is not None:
            band["max"] = hi
        out.append(band)
    return {"kind": "bands", "bands": out}


def ordinal(**scale: float) -> dict:
    return {"kind": "ordinal", "scale": scale}


def yesno(ja: float = 10.0, nee: float = 0.0) -> dict:
    return {"kind": "yesno", "ja": ja, "nee": nee}


def norm(**kwargs: Any) -> dict:
    return dict(kwargs)


def indicator(
    formula: str, scoring: dict, *, parent: str = ROOT, weight: float = 1.0, title: str | None = None, **extra: Any
) -> dict:
    out = {
        "title": title or f"Indicator {formula}",
        "parent": parent,
        "weight": weight,
        "formula": formula,
        "scoring": scoring,
        "toelichting": "test",
    }
    out.update({k: v for k, v in extra.items() if v is not None})
    return out


def criterion(title: str | None = None, *, parent: str | None = None, weight: float = 1.0, **extra: Any) -> dict:
    out: dict[str, Any] = {"title": title or "Criterium", "weight": weight}
    if parent is not None:
        out["parent"] = parent
    out.update({k: v for k, v in extra.items() if v is not None})
    return out


def ruleset_dict(
    *,
    indicators: dict,
    fields: dict | None = None,
    criteria: dict | None = None,
    derived: dict | None = None,
    years: Iterable[int] = YEARS,
    missing_data: str = "reweigh",
    **extra: Any,
) -> dict:
    out: dict[str, Any] = {
        "id": "test",
        "version": "1",
        "title": "Testkader",
        "authors": ["test"],
        "basis": "test",
        "years": list(years),
        "missing_data": missing_data,
        "fields": fields or {},
        "derived": derived or {},
        "criteria": criteria or {ROOT: criterion("Totaal")},
        "indicators": indicators,
    }
    out.update(extra)
    return out


def ruleset(**kwargs: Any) -> Ruleset:
    """A Ruleset from the pieces above (see ruleset_dict for the arguments)."""
    return Ruleset.model_validate(ruleset_dict(**kwargs))


# ---------------------------------------------------------------------------------------------
# Ruleset TOML text (for tests that load, validate or locate: file, line, key)
# ---------------------------------------------------------------------------------------------


def toml_head(rid: str, years: Iterable[int] = (2019,), *, title: str | None = None) -> str:
    """The seven lines every ruleset starts with: id, version, title, authors, basis, years, missing_data."""
    return (
        f'id = "{rid}"\nversion = "1"\ntitle = "{title or rid.capitalize()}"\nauthors = ["test"]\n'
        f'basis = "test"\nyears = [{", ".join(map(str, years))}]\nmissing_data = "reweigh"\n'
    )


def toml_indicator(name: str, formula: str, scoring: str, norm: str = "", extra: str = "") -> str:
    """An [indicators.NAME] table under the root "totaal"; `scoring` and `norm` are TOML inline tables."""
    return (
        f'\n[indicators.{name}]\ntitle = "{name}"\nparent = "totaal"\nformula = "{formula}"\n'
        f"scoring = {scoring}\n" + (f"norm = {norm}\n" if norm else "") + extra + 'toelichting = "t"\n'
    )


# ---------------------------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------------------------


def _location(row: int) -> dict[str, Any]:
    """The row-location keyword arguments of DataValue, whatever shape the model has today."""
    names = DataValue.model_fields
    kw: dict[str, Any] = {}
    if "row" in names:
        kw["row"] = row
    if "line" in names:
        kw["line"] = row
    if "place" in names:
        kw["place"] = f"regel {row}"
    return kw


def value(
    subject: str | None,
    year: int,
    field_name: str,
    val: float | str,
    *,
    partner: str | None = None,
    bron: str | None = None,
    quality: str = "B",
    unit: str = "",
    row: int = 0,
) -> DataValue:
    return DataValue(
        subject=subject,
        year=year,
        field=field_name,
        partner=partner,
        value=float(val) if isinstance(val, (int, float)) else val,
        unit=unit,
        bron=bron or f"testbron {subject} {year} {field_name}{' ' + partner if partner else ''}",
        quality=quality,
        file="data.csv",
        **_location(row),
    )


def subject(
    title: str | None = None, *, tags: Iterable[str] = (), in_scope: bool = True, scope_reason: str | None = None
) -> Subject:
    return Subject(title=title or "Onderwerp", tags=list(tags), in_scope=in_scope, scope_reason=scope_reason)


def manifest(subjects: dict[str, Subject] | Iterable[str], partners: Iterable[str] = PARTNERS) -> Manifest:
    subs = subjects if isinstance(subjects, dict) else {s: subject(f"Onderwerp {s}") for s in subjects}
    return Manifest(
        id="test",
        title="Testcasus",
        form="test",
        ruleset="test.toml",
        data=["data.csv"],
        partners={p: Partner(name=f"Gemeente {p}") for p in partners},
        subjects=subs,
    )


def case(
    subjects: dict[str, Subject] | Iterable[str], values: Iterable[DataValue], partners: Iterable[str] = PARTNERS
) -> Case:
    vals = tuple(values)
    numbered = tuple(v.model_copy(update=_location(i + 2)) for i, v in enumerate(vals))
    return Case(manifest=manifest(subjects, partners), values=numbered, sha256="test")


# ---------------------------------------------------------------------------------------------
# Running and reading results
# ---------------------------------------------------------------------------------------------


def evaluation(rs: Ruleset | dict, c: Case) -> Evaluation:
    if isinstance(rs, dict):
        rs = Ruleset.model_validate(rs)
    return evaluate(compile_ruleset(rs), c)


def view(rs: Ruleset | dict, c: Case) -> ResultView:
    """compile, evaluate and view the result, as the CLI does (with a fixed ruleset hash)."""
    return ResultView.of(evaluation(rs, c), "test")


def score(rs: Ruleset | dict, c: Case) -> EvaluationResult:
    """The whole result with every subject-year's breakdown (result format 1), read from the view."""
    return full_result(view(rs, c))


def walk(n: NodeResult) -> Iterator[NodeResult]:
    yield n
    for child in n.children:
        yield from walk(child)


def year_total(result: EvaluationResult | ResultView, subject_id: str, year: int) -> NodeResult:
    if isinstance(result, ResultView):
        return result.breakdown(subject_id, year)
    s = next(s for s in result.subjects if s.id == subject_id)
    return next(y.total for y in s.years if y.year == year)


def node(result: EvaluationResult | ResultView, subject_id: str, year: int, node_id: str) -> NodeResult:
    return next(n for n in walk(year_total(result, subject_id, year)) if n.id == node_id)


def all_nodes(result: EvaluationResult) -> dict[tuple[str, int, str], NodeResult]:
    """(subject, year, node id) -> node, for every scored subject-year."""
    out = {}
    for s in result.subjects:
        for y in s.years:
            for n in walk(y.total):
                out[(s.id, y.year, n.id)] = n
    return out


def node_facts(n: NodeResult) -> tuple:
    """What a user reads of a node (independent of child order)."""
    return (
        n.score,
        n.score_before_knockout,
        n.weight_normalised,
        n.verdict,
        n.completeness,
        tuple(sorted(n.knockouts)),
    )


# ---------------------------------------------------------------------------------------------
# Hypothesis: random rulesets, subjects, years and data
# ---------------------------------------------------------------------------------------------


@dataclass
class Spec:
    """A random ruleset (as a dict) with a case; tests may change both before building."""

    ruleset_dict: dict
    subjects: list[str]
    values: list[DataValue]
    indicator_ids: list[str]
    field_of: dict[str, str] = field(default_factory=dict)  # indicator -> the one field it reads

    def ruleset(self) -> Ruleset:
        return Ruleset.model_validate(self.ruleset_dict)

    def case(self, subjects: list[str] | None = None, values: list[DataValue] | None = None) -> Case:
        return case(self.subjects if subjects is None else subjects, self.values if values is None else values)

    def result(self) -> EvaluationResult:
        return score(self.ruleset(), self.case())

    def copy(self) -> Spec:
        return Spec(
            copy.deepcopy(self.ruleset_dict),
            list(self.subjects),
            list(self.values),
            list(self.indicator_ids),
            dict(self.field_of),
        )

    @property
    def years(self) -> list[int]:
        return list(self.ruleset_dict["years"])


weights = st.one_of(st.integers(1, 100).map(float), st.floats(0.05, 100, allow_nan=False, allow_infinity=False))
anchors = st.one_of(
    st.integers(-200, 200).map(float),
    st.floats(-1000, 1000, allow_nan=False, allow_infinity=False, allow_subnormal=False),
)
band_scores = st.one_of(st.sampled_from([0.0, 2.5, 5.0, 7.5, 10.0]), st.floats(0, 10, allow_nan=False))


@st.composite
def linear_scorings(draw) -> dict:
    slecht = draw(anchors)
    goed = draw(anchors.filter(lambda g: g != slecht))
    return linear(slecht, goed)


@st.composite
def band_scorings(draw) -> dict:
    """Contiguous bands covering the whole line: sorted distinct cut points, open ends."""
    cuts = sorted(draw(st.sets(st.integers(-200, 200).map(float), min_size=0, max_size=4)))
    edges: list[float | None] = [None, *cuts, None]
    scores = draw(st.lists(band_scores, min_size=len(edges) - 1, max_size=len(edges) - 1))
    spec = [(edges[i], edges[i + 1], scores[i]) for i in range(len(edges) - 1)]
    if draw(st.booleans()):  # the order of the bands in the file does not matter
        spec = draw(st.permutations(spec))
    return bands(*spec)


@st.composite
def norms(draw, scoring: dict, aligned: bool = False) -> dict | None:
    """A random norm, or None. aligned: a knock-out only where 'better' passes (linear: towards 'goed')."""
    kind = draw(st.sampled_from(["none", "at_least", "at_most", "both"]))
    if kind == "none":
        return None
    threshold = draw(anchors)
    out: dict[str, Any] = {}
    if kind in ("at_least", "both"):
        out["at_least"] = threshold
    if kind in ("at_most", "both"):
        out["at_most"] = threshold + (draw(st.floats(0, 100)) if kind == "both" else 0.0)
    knockout = draw(st.sampled_from(["none", "none", "cap", "fail"]))
    if aligned and knockout != "none":
        increasing = scoring["kind"] == "linear" and scoring["goed"] > scoring["slecht"]
        decreasing = scoring["kind"] == "linear" and scoring["goed"] < scoring["slecht"]
        if not ((increasing and kind == "at_least") or (decreasing and kind == "at_most")):
            knockout = "none"
    if knockout != "none":
        out["knockout"] = knockout
    if knockout == "cap":
        out["cap"] = draw(st.sampled_from([0.0, 4.0, 5.4, 8.0]))
    return out


@st.composite
def random_spec(
    draw,
    *,
    gaps: bool | None = None,
    missing_data: str = "reweigh",
    max_subjects: int = 5,
    max_indicators: int = 12,
    aligned_norms: bool = False,
    allow_norms: bool = True,
) -> Spec:
    """A random criteria tree (depth 1-3, 1-4 children per criterion), subjects (1-5), years and data.

    Each indicator reads its own subject-scoped number field; scoring is linear or bands; measure is the
    value or the difference with a base-year nullijn (BASE_YEAR, never an evaluation year). Data comes from
    a hypothesis-seeded random generator: anchors and cut points themselves, round numbers, extremes (±1e12)
    and any floats, with gaps (a missing value) when `gaps` allows (None: sometimes).
    """
    depth = draw(st.integers(1, 3))
    criteria: dict[str, dict] = {ROOT: criterion("Totaal")}
    indicators: dict[str, dict] = {}
    fields: dict[str, dict] = {}
    budget = [max_indicators]

    def add_indicator(parent: str) -> None:
        iid = f"i{len(indicators)}"
        fname = f"f{len(indicators)}"
        scoring = draw(st.one_of(linear_scorings(), band_scorings()))
        measure = draw(st.sampled_from(["value", "value", "difference"]))
        spec = indicator(fname, scoring, parent=parent, weight=draw(weights), title=f"Indicator {iid}", measure=measure)
        if measure == "difference" and draw(st.booleans()):
            spec["nullijn"] = {"kind": "base_year", "year": BASE_YEAR}
        nrm = draw(norms(scoring, aligned_norms)) if allow_norms else None
        if nrm is not None:
            spec["norm"] = nrm
        indicators[iid] = spec
        fields[fname] = number_field(f"Veld {fname}")
        budget[0] -= 1

    def grow(cid: str, level: int) -> None:
        n_children = draw(st.integers(1, 4))
        for k in range(n_children):
            want_criterion = level < depth and budget[0] > 1 and draw(st.booleans())
            if want_criterion:
                child = f"c{len(criteria)}"
                criteria[child] = criterion(f"Criterium {child}", parent=cid, weight=draw(weights))
                grow(child, level + 1)
            elif budget[0] > 0 or k == 0:
                add_indicator(cid)

    grow(ROOT, 1)
    n_years = draw(st.integers(1, 3))
    first = draw(st.sampled_from([2018, 2019]))
    years = list(range(first, first + n_years))
    n_subjects = draw(st.integers(1, max_subjects))
    subjects = [f"S{k}" for k in range(n_subjects)]
    has_gaps = draw(st.booleans()) if gaps is None else gaps
    gap_rate = draw(st.sampled_from([0.1, 0.3])) if has_gaps else 0.0
    rnd = draw(st.randoms(use_true_random=False))

    values: list[DataValue] = []
    for ind in indicators.values():
        sc = ind["scoring"]
        specials = (
            [sc["slecht"], sc["goed"], (sc["slecht"] + sc["goed"]) / 2]
            if sc["kind"] == "linear"
            else [b[k] for b in sc["bands"] for k in ("min", "max") if k in b]
        )
        data_years = years + ([BASE_YEAR] if ind.get("measure") == "difference" else [])
        for s in subjects:
            for y in data_years:
                if gap_rate and rnd.random() < gap_rate:
                    continue
                pick = rnd.random()
                if pick < 0.03:
                    v = rnd.choice([1e12, -1e12, 0.0])
                elif pick < 0.25 and specials:
                    v = rnd.choice(specials)
                elif pick < 0.5:
                    v = float(rnd.randint(-300, 300))
                else:
                    v = rnd.uniform(-1500, 1500)
                values.append(value(s, y, ind["formula"], v))
    rnd.shuffle(values)
    rs = ruleset_dict(
        indicators=indicators,
        fields=fields,
        criteria=criteria,
        years=years,
        missing_data=missing_data,
        nullijn={"kind": "base_year", "year": BASE_YEAR},
    )
    return Spec(rs, subjects, values, list(indicators), {i: d["formula"] for i, d in indicators.items()})


def shuffled(rnd: _random.Random, d: dict) -> dict:
    items = list(d.items())
    rnd.shuffle(items)
    return dict(items)

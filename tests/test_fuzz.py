"""Fuzzing (issue 5): structurally valid rulesets and cases (tests/builders.py), written as files, then
corrupted at random. Loading + engine either gives a result that obeys the scoring laws, or raises one of our
documented errors (CriteriaError and its subclasses) — never anything else, not even a numpy RuntimeWarning.

CI runs a bounded, derandomized number of examples. A longer run (docs/grenzen-en-fouten.md):

    CRITERIA_FUZZ=20000 .venv/bin/python -m pytest tests/test_fuzz.py
"""

from __future__ import annotations

import copy
import math
import os
import random
import tempfile
from pathlib import Path

import pytest
from builders import PARTNERS, Spec, random_spec, walk
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from criteria.authoring.toml_write import dumps
from criteria.engine import evaluate
from criteria.errors import CriteriaError
from criteria.pipeline.run import load_inputs
from criteria.result.format1 import format1_json, full_result
from criteria.result.view import ResultView

LONG_RUN = int(os.environ.get("CRITERIA_FUZZ", "0"))
FUZZ = settings(
    max_examples=LONG_RUN or 200,
    derandomize=not LONG_RUN,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
SENTINEL = 987654.321  # written as a finite number, then replaced by a non-finite TOML token
HOSTILE_NUMBERS = ["nan", "inf", "-inf", "1e308", "-1e308", "1e16", "-0.0", "0", "-1", "99999999999999999999"]
HOSTILE_FORMULAS = [
    "__import__('os')",
    "x.real",
    "(lambda: 1)()",
    "[a for a in b]",
    "().__class__",
    "open('x')",
    "9**9**9",
    "(" * 60 + "1" + ")" * 60,
    "1/0",
    "f0 +",
    "f0 if f0 else",
    "min(f0)",
    "f0 / 0 + f1",
    "sum_partners(f0)",
    "partner(f0, 'x')",
    "'tekst'",
    "f0 ** 1000",
    "round(f0, 99)",
    "",
    "  ",
]
HOSTILE_CELLS = [
    "",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "1e308",
    "1,234.5.6",
    "twaalf",
    "12%",
    "€ 1.234,5",
    "\x00",
    '"',
    "2019;2020",
    "ja",
    "1e-320",
    "-0",
    "ＩＶ",
    "1.000.000",
    "0x10",
]


# --- writing a spec as files ------------------------------------------------------------------------------


def _cell(value: float | str) -> str:
    if isinstance(value, str):
        return value
    text = repr(value)
    return text if "e" in text else text.replace(".", ",")  # a Dutch (semicolon) file: decimal comma


def _csv(spec: Spec) -> str:
    lines = ["onderwerp;jaar;veld;waarde;eenheid;bron;kwaliteit"]
    lines += [
        f"{v.subject or ''};{v.year};{v.field};{_cell(v.value)};{v.unit};{v.bron};{v.quality}" for v in spec.values
    ]
    return "\n".join(lines) + "\n"


def _manifest(spec: Spec) -> dict:
    return {
        "id": "fuzz",
        "title": "Fuzzcasus",
        "form": "test",
        "ruleset": "ruleset.toml",
        # the file writes decimal commas (_cell): declared, or a value like 1,125 (1.125) is refused as ambiguous
        "data": [{"file": "data.csv", "number_format": "1.234,5"}],
        "partners": {p: {"name": f"Gemeente {p}"} for p in PARTNERS},
        "subjects": {s: {"title": f"Onderwerp {s}"} for s in spec.subjects},
    }


# --- corruptions ------------------------------------------------------------------------------------------


def _paths(value, path=()):
    """Every key path into nested dicts and lists."""
    yield path
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, path + (i,))


def _get(data, path):
    for part in path:
        data = data[part]
    return data


def _set(data, path, value) -> None:
    _get(data, path[:-1])[path[-1]] = value


def corrupt_dict(data: dict, rnd: random.Random) -> list[tuple[str, str]]:
    """Change the ruleset or manifest dict in place; returns textual replacements to make after writing."""
    paths = [p for p in _paths(data) if p]
    path = rnd.choice(paths)
    kind = rnd.choice(["delete", "type", "number", "formula", "weights", "parent", "years", "nullijn", "rename"])
    replacements: list[tuple[str, str]] = []
    if kind == "delete":
        container = _get(data, path[:-1])
        if isinstance(container, dict):
            del container[path[-1]]
        else:
            container.pop(path[-1])
    elif kind == "type":
        _set(data, path, rnd.choice(["x", 7, -3.5, True, [], {}, ["a", 1], {"k": "v"}]))
    elif kind == "number":
        numeric = [p for p in paths if isinstance(_get(data, p), (int, float)) and not isinstance(_get(data, p), bool)]
        if numeric:
            _set(data, rnd.choice(numeric), SENTINEL)
            replacements.append((repr(SENTINEL), rnd.choice(HOSTILE_NUMBERS)))
    elif kind == "formula":
        formulas = [p for p in paths if p[-1] == "formula"]
        if formulas:
            _set(data, rnd.choice(formulas), rnd.choice(HOSTILE_FORMULAS + [_garble(rnd)]))
    elif kind == "weights":
        for p in paths:
            if p[-1] == "weight":
                _set(data, p, rnd.choice([0, 0.0, 1e15, 1e-300]))
    elif kind == "parent":
        parents = [p for p in paths if p[-1] == "parent"]
        if parents:
            _set(data, rnd.choice(parents), rnd.choice(["totaal", "onbekend", str(rnd.choice(parents)[1])]))
    elif kind == "years":
        data["years"] = rnd.choice([[], [1800], [2019, 2019], [2200, 2201], list(range(1990, 2030)), [2017]])
    elif kind == "nullijn":
        data["nullijn"] = rnd.choice(
            [
                {"kind": "reference", "field": rnd.choice(list(data.get("fields", {})) or ["x"])},
                {"kind": "fixed", "value": 0},
                {"kind": "base_year", "year": 2018},
                {"kind": "fixed"},
                {"kind": "onbekend"},
            ]
        )
    elif kind == "rename":
        container = _get(data, path[:-1])
        if isinstance(container, dict):
            container[rnd.choice(["", "1x", "a b", "é", "x" * 100, "__class__"])] = container.pop(path[-1])
    return replacements


def _garble(rnd: random.Random) -> str:
    return "".join(rnd.choice("f0123 +-*/()<>=!.,'\"[]{}:_abcxyz#\\") for _ in range(rnd.randint(1, 30)))


def corrupt_values(spec: Spec, rnd: random.Random) -> None:
    values = spec.values
    if not values:
        return
    kind = rnd.choice(["duplicate", "conflict", "cell", "year", "field", "subject", "drop"])
    i = rnd.randrange(len(values))
    v = values[i]
    if kind == "duplicate":
        values.append(v)
    elif kind == "conflict":
        values.append(v.model_copy(update={"value": 1.0 + (v.value if isinstance(v.value, float) else 0.0)}))
    elif kind == "cell":
        values[i] = v.model_copy(update={"value": rnd.choice(HOSTILE_CELLS)})
    elif kind == "year":
        values[i] = v.model_copy(update={"year": rnd.choice([0, 1066, 2201, 99999, -2019])})
    elif kind == "field":
        values[i] = v.model_copy(update={"field": rnd.choice(["", "onbekend", "1x", "a;b"])})
    elif kind == "subject":
        values[i] = v.model_copy(update={"subject": rnd.choice(["ZZ", "S0;S1", None])})
    else:
        values.clear()


def corrupt_bytes(data: bytes, rnd: random.Random) -> bytes:
    kind = rnd.choice(["overwrite", "truncate", "insert", "nul", "bom"])
    if not data:
        return bytes(rnd.randrange(256) for _ in range(8))
    at = rnd.randrange(len(data))
    if kind == "overwrite":
        return data[:at] + bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 16))) + data[at + 16 :]
    if kind == "truncate":
        return data[:at]
    if kind == "insert":
        return data[:at] + rnd.choice([b"\n", b'"', b";", b"[", b"=", b"\r", b"\xff\xfe", b"\n[x]\n"]) + data[at:]
    if kind == "nul":
        return data[:at] + b"\x00" + data[at:]
    return b"\xef\xbb\xbf" + data


# --- the property -----------------------------------------------------------------------------------------


def check_laws(result) -> None:
    for subject in result.subjects:
        for year in subject.years:
            for n in walk(year.total):
                assert n.score is None or (math.isfinite(n.score) and 0.0 <= n.score <= 10.0), n
                assert n.completeness is None or 0.0 <= n.completeness <= 1.0 + 1e-9, n
                assert n.weight_normalised is None or 0.0 <= n.weight_normalised <= 1.0 + 1e-9, n
        assert subject.period is None or subject.period.score is None or 0.0 <= subject.period.score <= 10.0


def load_and_score(folder: Path) -> None:
    """The property: a lawful result, or one of our documented errors."""
    try:
        loaded, case, _ = load_inputs(folder)
        result = ResultView.of(evaluate(loaded.compiled, case), loaded.sha256)
    except CriteriaError:
        return
    check_laws(full_result(result))
    format1_json(result)  # the machine output can be written (no NaN, no inf)


def write_and_corrupt(spec: Spec, rnd: random.Random, folder: Path, where: str) -> None:
    ruleset, manifest = copy.deepcopy(spec.ruleset_dict), _manifest(spec)
    replacements: list[tuple[str, str]] = []
    if where == "ruleset":
        replacements = corrupt_dict(ruleset, rnd)
    elif where == "manifest":
        replacements = corrupt_dict(manifest, rnd)
    elif where == "values":
        corrupt_values(spec, rnd)
    texts = {"ruleset.toml": dumps(ruleset), "case.toml": dumps(manifest), "data.csv": _csv(spec)}
    for old, new in replacements:
        texts = {name: text.replace(old, new) for name, text in texts.items()}
    blobs = {name: text.encode("utf-8") for name, text in texts.items()}
    if where == "bytes":
        name = rnd.choice(sorted(blobs))
        blobs[name] = corrupt_bytes(blobs[name], rnd)
    for name, blob in blobs.items():
        (folder / name).write_bytes(blob)


@pytest.mark.filterwarnings("error::RuntimeWarning")  # a numpy warning would reach the user's terminal
@FUZZ
@given(
    spec=random_spec(max_subjects=3, max_indicators=6),
    seed=st.integers(0, 2**32 - 1),
    where=st.sampled_from(["ruleset", "values", "bytes", "manifest", "none"]),
)
def test_corrupted_input_gives_a_lawful_result_or_a_documented_error(spec: Spec, seed: int, where: str) -> None:
    rnd = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_and_corrupt(spec.copy(), rnd, folder, where)
        load_and_score(folder)


@settings(FUZZ, max_examples=min(FUZZ.max_examples, 50))
@given(spec=random_spec(max_subjects=3, max_indicators=6, gaps=False))
def test_uncorrupted_input_loads_and_scores(spec: Spec) -> None:
    """The generator itself writes valid files: without corruption there is a result (not only errors)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_and_corrupt(spec.copy(), random.Random(0), folder, "none")
        loaded, case, _ = load_inputs(folder)
        check_laws(full_result(ResultView.of(evaluate(loaded.compiled, case), loaded.sha256)))


@settings(FUZZ, max_examples=min(FUZZ.max_examples, 20))
@given(
    spec=random_spec(max_subjects=2, max_indicators=3, gaps=False),
    value=st.sampled_from([1.125, -4.732, 12345.678, 0.001, 1234.5]),
)
def test_the_generator_writes_values_that_read_back_unchanged(spec: Spec, value: float) -> None:
    """Decimal commas with three decimals (1,125) are ambiguous unless the file declares how it writes numbers:
    the generator declares it, so the value it wrote is the value read."""
    spec = spec.copy()
    spec.values[0] = spec.values[0].model_copy(update={"value": value})
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_and_corrupt(spec, random.Random(0), folder, "none")
        _, case, _ = load_inputs(folder)
    first = spec.values[0]
    read = [v.value for v in case.values if (v.subject, v.year, v.field) == (first.subject, first.year, first.field)]
    assert read == [value]

"""Result format 2 (docs/resultaat-json.md): every score and verdict of the bundled cases recomputed from the JSON
alone (tests/format2_recompute.py, no criteria code and no text parsing), for generated rulesets and cases too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from builders import Spec, random_spec, view
from format2_recompute import recompute
from hypothesis import HealthCheck, given, settings

from criteria.pipeline.run import run
from criteria.result.format2 import json_text

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted(p for p in (ROOT / "cases").iterdir() if (p / "case.toml").is_file())


@pytest.fixture(scope="module", params=CASES, ids=lambda p: p.name)
def bundled(request) -> dict:
    return json.loads(json_text(run(request.param).result))


def test_every_score_and_verdict_of_a_bundled_case_is_recomputed_from_the_json(bundled) -> None:
    check = recompute(bundled)
    assert check.problems == []
    subjects = [s for s in bundled["subjects"] if s["nodes"]]
    years = sum(len(s["years"]) for s in subjects)
    kinds = [n["kind"] for n in bundled["ruleset"]["nodes"]]
    assert check.counts["criteriumscore"] == years * kinds.count("criterium") > 0
    assert check.counts["indicatorscore"] == years * kinds.count("indicator") > 0
    assert check.counts["oordeel"] == years * len(kinds) + len(subjects)  # every node-year, every period


@settings(max_examples=60, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(spec=random_spec(max_subjects=3, max_indicators=6))
def test_generated_rulesets_and_cases_are_recomputed_from_the_json(spec: Spec) -> None:
    doc = json.loads(json_text(view(spec.ruleset(), spec.case())))
    check = recompute(doc)
    assert check.problems == []
    assert check.counts["indicatorscore"] > 0


def test_the_recomputation_notices_a_changed_number(bundled) -> None:
    """The recomputation is a real check: a weight, an anchor or a verdict changed in the JSON is caught."""
    doc = json.loads(json.dumps(bundled))
    indicator = next(
        n
        for n in doc["ruleset"]["nodes"]
        if n["kind"] == "indicator" and n["weight"] > 0 and n["scoring"]["kind"] == "linear"
    )
    indicator["scoring"]["goed"] += 1.0
    assert any("indicatorscore" in p for p in recompute(doc).problems)
    doc = json.loads(json.dumps(bundled))
    criterion = next(n for n in doc["ruleset"]["nodes"] if n["kind"] == "criterium" and len(n["children"]) > 1)
    doc["ruleset"]["nodes"][[n["id"] for n in doc["ruleset"]["nodes"]].index(criterion["children"][0])]["weight"] *= 3
    assert recompute(doc).problems
    doc = json.loads(json.dumps(bundled))
    subject = next(s for s in doc["subjects"] if s["nodes"])
    verdicts = subject["nodes"][doc["ruleset"]["root"]]["verdict"]
    verdicts[0] = "voldoet" if verdicts[0] != "voldoet" else "voldoet niet"
    assert any("oordeel" in p for p in recompute(doc).problems)


def test_the_json_has_exactly_the_shape_of_the_exported_schema(bundled) -> None:
    """What the writer writes validates against the models `criteria schema resultaat` is made from (no key
    more or less), and the schema names its draft and its id."""
    from criteria.authoring.schemas import schema_text
    from criteria.result.format2_schema import ResultFormat2

    ResultFormat2.model_validate(bundled)
    schema = json.loads(schema_text("resultaat"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "urn:criteria:schema:resultaat:2"
    assert schema["properties"]["format_version"] == {"const": 2, "title": "Format Version", "type": "integer"}


def test_format_2_starts_with_its_marker_and_is_byte_identical_run_after_run() -> None:
    first = json_text(run(CASES[-1]).result)
    assert first.startswith('{"format": "criteria-resultaat", "format_version": 2, "meta": {"engine_version": ')
    assert json_text(run(CASES[-1]).result) == first
    assert first.endswith("}\n") and "NaN" not in first and "Infinity" not in first


def test_the_writer_writes_subject_by_subject() -> None:
    """Bounded memory: each write to the stream holds at most one subject (never the whole result)."""
    from criteria.result.format2 import write_json

    class Stream:
        def __init__(self) -> None:
            self.parts: list[str] = []

        def write(self, text: str) -> int:
            self.parts.append(text)
            return len(text)

    view = run(CASES[-1]).result
    stream = Stream()
    write_json(view, stream)  # type: ignore[arg-type]
    assert "".join(stream.parts) == json_text(view)
    subjects = [p for p in stream.parts if '"in_scope": ' in p]
    assert len(subjects) == len(view.subjects) and all(p.count('"in_scope": ') == 1 for p in subjects)


def _subject_lines(text: str) -> list[str]:
    return [line.removesuffix(",") for line in text.split("\n") if line.startswith('{"id": ')]


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_each_subject_is_written_as_json_dumps_writes_it(case: Path) -> None:
    """The subjects are written column-wise, not by json.dumps: each line is nonetheless exactly what json.dumps
    writes for the objects read back from it (keys in their order, floats as their shortest repr, no NaN)."""
    text = json_text(run(case).result)
    lines = _subject_lines(text)
    assert len(lines) == len(json.loads(text)["subjects"]) > 0
    for line in lines:
        assert json.dumps(json.loads(line), ensure_ascii=False, allow_nan=False) == line


@settings(max_examples=40, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(spec=random_spec(max_subjects=4, max_indicators=6))
def test_generated_subjects_are_written_as_json_dumps_writes_them(spec: Spec) -> None:
    text = json_text(view(spec.ruleset(), spec.case()))
    for line in _subject_lines(text):
        assert json.dumps(json.loads(line), ensure_ascii=False, allow_nan=False) == line

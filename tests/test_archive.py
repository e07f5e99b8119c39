"""The archive: what a record holds, content addressing, re-running stored inputs, and tamper detection."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import numpy as np
import pytest
from archive_helpers import copy_case, findings, flip_result_byte, record, record_of, sql

from criteria.archive import Archive, ArchiveError, archive_path
from criteria.archive.chain import sha256
from criteria.archive.replay import verify
from criteria.report.common import make_console


@pytest.fixture(scope="module")
def case(tmp_path_factory) -> Path:
    return copy_case(tmp_path_factory.mktemp("werk"))


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    return tmp_path / "archief" / "archief.sqlite"


def verify_run(archive: Path, run: int):
    with Archive.open(archive) as store:
        return verify(store, store.get(run))


def test_record_holds_inputs_result_versions_and_label(archive: Path, case: Path) -> None:
    from criteria.pipeline.run import run
    from criteria.result.format2 import json_text as result_json

    stored = record(archive, case, label="commissie Middelen 21-10-2020")
    r = stored.record
    assert (stored.run, r["run"], r["prev_hash"]) == (1, 1, "0" * 64)
    assert r["label"] == "commissie Middelen 21-10-2020" and r["command"] == "evaluate"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", r["time_utc"])
    assert {"python", "criteria", "pydantic", "numpy", "networkx", "rich", "typer", "openpyxl"} <= set(r["versions"])
    data_files = run(case).case.manifest.input_files()  # data tables, task inventories, task mappings
    assert "data/teams.csv" in data_files and "data/taken.csv" in data_files
    assert [f["name"] for f in r["case"]["files"]] == ["case.toml", *data_files]
    assert r["case"]["files"][1]["sha256"] == sha256((case / "data" / "teams.csv").read_bytes())
    result_bytes = result_json(run(case).result).encode()
    assert r["result"]["sha256"] == sha256(result_bytes)
    assert b"time_utc" not in result_bytes and r["time_utc"].encode() not in result_bytes
    with Archive.open(archive) as store:
        assert store.blob(r["result"]["sha256"]) == result_bytes
        assert store.blob(r["ruleset"]["sha256"]).decode().startswith("#")  # the file itself, comments kept


def test_same_inputs_are_stored_once_and_runs_chain(archive: Path, case: Path) -> None:
    first = record(archive, case, label="een")
    blobs = sql(archive, "SELECT count(*) FROM blobs")[0][0]
    second = record(archive, case, label="twee")
    files = len(first.record["case"]["files"])  # manifest and data tables
    assert sql(archive, "SELECT count(*) FROM blobs")[0][0] == blobs == files + 2  # + ruleset and result
    assert second.run == 2 and second.record["prev_hash"] == first.hash
    assert findings(archive) == []
    assert sql(archive, "PRAGMA journal_mode")[0][0] == "wal"


def test_verify_untouched_run_is_identical(archive: Path, case: Path) -> None:
    stored = record(archive, case)
    outcome = verify_run(archive, stored.run)
    assert outcome.identical and outcome.new_sha256 == stored.record["result"]["sha256"] and not outcome.changes


def record_format1(archive: Path, case: Path, monkeypatch):
    """A record as criteria wrote it before result format 2: the result in format 1, no format_version."""
    from criteria.archive.record import prepare_record
    from criteria.pipeline.run import run
    from criteria.result import machine

    monkeypatch.setattr(machine, "CURRENT", 1)
    fields, blobs = prepare_record(run(case), case, command="evaluate", label="oud")
    monkeypatch.undo()
    del fields["result"]["format_version"]
    with Archive.open(archive, create=True) as store:
        return store.append(fields, blobs)


def test_a_run_stored_in_result_format_1_is_verified_in_format_1(archive: Path, case: Path, monkeypatch) -> None:
    old = record_format1(archive, case, monkeypatch)
    new = record(archive, case)
    with Archive.open(archive) as store:
        first = json.loads(store.blob(old.record["result"]["sha256"]))
        second = json.loads(store.blob(new.record["result"]["sha256"]))
    assert "format" not in first and "years" in first["subjects"][0]  # format 1: a tree per subject-year
    assert second["format"] == "criteria-resultaat" and second["format_version"] == 2
    assert "format_version" not in old.record["result"] and new.record["result"]["format_version"] == 2
    for run in (old.run, new.run):
        outcome = verify_run(archive, run)
        assert outcome.identical and not outcome.changes and outcome.error is None


def test_a_format_1_run_verified_against_a_changed_engine_names_the_changed_scores(
    archive: Path, case: Path, monkeypatch
) -> None:
    from criteria.engine import scoring

    record_format1(archive, case, monkeypatch)
    original = scoring.linear
    monkeypatch.setattr(scoring, "linear", lambda measure, rule: np.clip(original(measure, rule) * 0.9, 0, 10))
    outcome = verify_run(archive, 1)
    hh = next(
        c
        for c in outcome.changes
        if (c.subject, c.year, c.node, c.field) == ("HH", 2019, "lasten_per_inwoner", "score")
    )
    assert not outcome.identical and hh.new == pytest.approx(round(hh.old * 0.9, 6))


def test_runs_in_different_result_formats_are_compared_on_scores_verdicts_and_completeness() -> None:
    from conftest import CASE

    from criteria.archive.diff import diff_results
    from criteria.pipeline.run import run
    from criteria.result.format1 import format1_json
    from criteria.result.format2 import json_text

    view = run(CASE).result
    one, two = json.loads(format1_json(view)), json.loads(json_text(view))
    assert [(c.field, c.old, c.new) for c in diff_results(one, two)] == [("format_version", 1, 2)]
    subject = next(s for s in two["subjects"] if s["id"] == "HH")
    subject["nodes"]["kosten"]["score"][1] = 1.0
    changed = [c for c in diff_results(one, two) if c.node]
    assert [(c.subject, c.year, c.node, c.field, c.new) for c in changed] == [("HH", 2019, "kosten", "score", 1.0)]


def test_verify_explains_a_different_engine_output(archive: Path, case: Path, monkeypatch) -> None:
    from criteria.engine import scoring

    record(archive, case)
    original = scoring.linear
    monkeypatch.setattr(scoring, "linear", lambda measure, rule: np.clip(original(measure, rule) * 0.9, 0, 10))
    outcome = verify_run(archive, 1)
    assert not outcome.identical and outcome.altered_sha256 is None
    scores = [c for c in outcome.changes if c.field == "score"]
    assert scores and all(c.subject and c.year and c.node for c in scores)
    hh = next(c for c in scores if (c.subject, c.year, c.node) == ("HH", 2019, "lasten_per_inwoner"))
    assert hh.new == pytest.approx(round(hh.old * 0.9, 6))
    from criteria.archive.store import StoredRun
    from criteria.report.terminal.archive_diff import print_verification

    buffer = io.StringIO()
    print_verification(make_console(buffer, width=120), outcome, StoredRun(1, "", {"time_utc": ""}))
    text = buffer.getvalue()
    assert "✘ Verschillend" in text and "in scores of oordelen" in text
    assert re.search(r"^PO 2018 · .+ \(\w+\)\n  score: [\d,]+ → [\d,]+$", text, re.MULTILINE)


def test_altered_byte_in_stored_result_is_detected(archive: Path, case: Path) -> None:
    record(archive, case)
    record(archive, case, label="met uitvoer", outputs={"rapport.txt": b"tabel"})
    flip_result_byte(archive, 1)
    found = findings(archive)
    assert len(found) == 2 and all("resultaat gewijzigd" in f for f in found)  # both runs share that result
    outcome = verify_run(archive, 1)
    assert not outcome.identical and outcome.altered_sha256 is not None
    assert outcome.new_sha256 == outcome.stored_sha256  # the engine still makes the recorded result
    assert [(c.field, round(c.new - c.old)) for c in outcome.changes] == [("score", -1)]  # stored 5.x, recomputed 4.x


def test_deleted_records_are_detected(archive: Path, case: Path) -> None:
    for label in "abcd":
        record(archive, case, label=label)
    sql(archive, "DELETE FROM runs WHERE id = 2")
    found = findings(archive)
    assert any("run 2 ontbreekt" in f for f in found) and any("schakel verbroken" in f for f in found)
    sql(archive, "DELETE FROM runs WHERE id = 4")
    assert any("run 4 ontbreekt" in f and "laatste" in f for f in findings(archive))


def test_altered_records_are_detected(archive: Path, case: Path) -> None:
    for label in "abc":
        record(archive, case, label=label)
    text = sql(archive, "SELECT record FROM runs WHERE id = 2")[0][0]
    altered = text.replace('"label":"b"', '"label":"B"')
    sql(archive, "UPDATE runs SET record = ? WHERE id = 2", (altered,))
    assert any(f.startswith("run 2: record gewijzigd") for f in findings(archive))
    sql(archive, "UPDATE runs SET hash = ? WHERE id = 2", (sha256(altered.encode()),))  # a careful forger
    found = findings(archive)
    assert found == [
        (
            "run 3: schakel verbroken: het record verwijst niet naar de hash van het vorige record "
            "(een eerder record is gewijzigd of verwijderd)"
        )
    ]


def test_new_runs_after_a_deletion_keep_the_gap_visible(archive: Path, case: Path) -> None:
    record(archive, case, label="a")
    record(archive, case, label="b")
    sql(archive, "DELETE FROM runs WHERE id = 2")
    assert record(archive, case, label="c").run == 3
    assert any("run 2 ontbreekt" in f for f in findings(archive))


def test_case_changed_during_the_run_is_not_recorded(archive: Path, tmp_path: Path) -> None:
    from criteria.archive import record_run
    from criteria.pipeline.run import run

    case = copy_case(tmp_path / "eigen")
    done = run(case)
    (case / "data" / "teams.csv").write_bytes((case / "data" / "teams.csv").read_bytes() + b"\n")
    with pytest.raises(ArchiveError, match="gewijzigd tijdens de beoordeling"):
        record_run(done, case, command="evaluate", archive=archive)
    assert not archive.exists() or sql(archive, "SELECT count(*) FROM runs")[0][0] == 0


def test_other_sqlite_files_are_refused(tmp_path: Path) -> None:
    other = tmp_path / "ander.sqlite"
    sql(other, "CREATE TABLE t (x)")
    with pytest.raises(ArchiveError, match="geen criteria-archief"):
        Archive.open(other, create=True)
    assert sql(other, "PRAGMA journal_mode")[0][0] == "delete"  # untouched
    with pytest.raises(ArchiveError, match="geen archief gevonden"):
        Archive.open(tmp_path / "bestaat-niet.sqlite")


def test_archive_location(tmp_path: Path) -> None:
    assert archive_path(Path("x.sqlite"), {"CRITERIA_ARCHIEF": "/a/b.sqlite"}) == Path("x.sqlite")
    assert archive_path(None, {"CRITERIA_ARCHIEF": "/a/b.sqlite", "XDG_DATA_HOME": "/d"}) == Path("/a/b.sqlite")
    assert archive_path(None, {"XDG_DATA_HOME": "/d"}) == Path("/d/criteria/archief.sqlite")
    assert archive_path(None, {}) == Path.home() / ".local" / "share" / "criteria" / "archief.sqlite"


def test_stored_result_is_what_evaluate_json_prints(archive: Path, case: Path) -> None:
    stored = record(archive, case)
    with Archive.open(archive) as store:
        data = json.loads(store.blob(stored.record["result"]["sha256"]))
    assert data["meta"]["case_sha256"] == stored.record["case"]["sha256"]
    assert data["meta"]["ruleset_sha256"] == stored.record["ruleset"]["ruleset_sha256"]
    assert record_of(archive, 1) == stored.record


def test_a_ruleset_that_extends_another_is_stored_resolved(archive: Path, tmp_path: Path) -> None:
    from criteria.archive import record_run
    from criteria.pipeline.run import run

    case = copy_case(tmp_path / "eigen")
    child = case.parent.parent / "rulesets" / "kind.toml"
    child.write_text(
        'extends = "heemstede_2020"\nid = "kind"\nversion = "1"\n\n[criteria.proces]\nweight = 50\n', encoding="utf-8"
    )
    stored = record_run(run(case, child), case, command="evaluate", archive=archive)
    with Archive.open(archive) as store:
        text = store.blob(stored.record["ruleset"]["sha256"]).decode()
    assert not re.search(r"^extends\s*=", text, re.MULTILINE) and 'id = "kind"' in text  # needs no parent
    child.unlink()  # the stored text alone must be enough
    outcome = verify_run(archive, stored.run)
    assert outcome.identical


def test_an_empty_database_file_is_an_empty_archive(tmp_path: Path, case: Path) -> None:
    """What a first run killed before its schema was committed leaves behind: every command accepts it."""
    empty, wal_only = tmp_path / "leeg.sqlite", tmp_path / "wal.sqlite"
    empty.write_bytes(b"")
    sql(wal_only, "PRAGMA journal_mode = WAL")
    for path in (empty, wal_only):
        with Archive.open(path) as store:
            assert store.runs() == [] and store.check()[:2] == ([], 0) and store.integrity() == "ok"
        assert record(path, case).run == 1 and findings(path) == []

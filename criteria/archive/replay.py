"""Re-run stored inputs with the current engine (`criteria archief verifieer`) and compare the result hash."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from criteria.archive.chain import sha256
from criteria.archive.diff import Change, diff_results
from criteria.archive.store import Archive, ArchiveError, StoredRun, json_object
from criteria.errors import CriteriaError


def _safe_target(folder: Path, name: str) -> Path:
    """Where a stored case file goes inside `folder`; refuses names that would land outside it."""
    parts = PurePosixPath(name).parts
    target = folder.joinpath(*parts)
    if (
        not parts
        or PurePosixPath(name).is_absolute()
        or "\\" in name
        or not Path(os.path.normpath(target)).is_relative_to(folder)
    ):
        raise ArchiveError(f"casusbestand '{name}' in het archief heeft een ongeldig pad (buiten de casusmap)")
    for depth in range(1, len(parts)):  # every folder the loader walks through, also in "data/../x.csv"
        if parts[depth - 1] != "..":
            folder.joinpath(*parts[:depth]).mkdir(parents=True, exist_ok=True)
    return target


def write_case(store: Archive, record: dict, folder: Path, manifest_name: str = "case.toml") -> None:
    """Write the stored manifest and data files of a run into `folder` (the case folder)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = record["case"]["files"]
    (folder / manifest_name).write_bytes(store.blob(files[0]["sha256"]))
    for item in files[1:]:
        _safe_target(folder, item["name"]).write_bytes(store.blob(item["sha256"]))


def rerun(store: Archive, record: dict, workdir: Path) -> bytes:
    """The result JSON the current engine makes from the stored inputs (with the stored corrections)."""
    from criteria.pipeline.corrections import CorrectionRequest, apply_corrections
    from criteria.pipeline.run import run
    from criteria.result.machine import result_text

    case_given_as_file = record["case"]["given_as"] == "bestand"
    folder = workdir / "casus"
    write_case(store, record, folder)
    ruleset = workdir / "toetsingskader.toml"
    ruleset.write_bytes(store.blob(record["ruleset"]["sha256"]))
    case_path = folder / "case.toml" if case_given_as_file else folder
    result = run(case_path, ruleset, case_display=record["case"]["display"]).result
    requests = [
        CorrectionRequest(c["subject"], c["year"], c["node"], c["corrected_score"], c["reason"])
        for c in record.get("corrections", [])
    ]
    return result_text(apply_corrections(result, requests), result_format(record)).encode("utf-8")


def result_format(record: dict) -> int:
    """The result format a run was stored in: records from before format 2 do not say, and are format 1."""
    return int(record["result"].get("format_version", 1))


@dataclass(frozen=True)
class Verification:
    run: int
    stored_sha256: str  # the result hash in the record
    new_sha256: str | None  # of the result the current engine makes (None: it could not run)
    changes: list[Change] = field(default_factory=list)  # stored result content → new result
    error: str | None = None  # why the stored inputs could not be run again
    altered_sha256: str | None = None  # hash of the stored result's content when it no longer matches the record

    @property
    def identical(self) -> bool:
        return self.error is None and self.altered_sha256 is None and self.new_sha256 == self.stored_sha256


def verify(store: Archive, stored: StoredRun) -> Verification:
    """Re-run the stored inputs and compare; differences are those between the stored and the new result."""
    record = stored.record
    assert record is not None
    stored_key = record["result"]["sha256"]
    stored_bytes = store.blob(stored_key)
    actual = sha256(stored_bytes)
    altered = actual if actual != stored_key else None
    with tempfile.TemporaryDirectory(prefix="criteria-verifieer-") as tmp:
        try:
            new_bytes = rerun(store, record, Path(tmp))
        except ArchiveError:
            raise
        except CriteriaError as err:
            return Verification(stored.run, stored_key, None, error=str(err), altered_sha256=altered)
    new_key = sha256(new_bytes)
    stored_result = json_object(stored_bytes)  # None: the stored result is damaged (altered_sha256 says so)
    changes = (
        [] if new_bytes == stored_bytes or stored_result is None else diff_results(stored_result, json.loads(new_bytes))
    )
    return Verification(stored.run, stored_key, new_key, changes, altered_sha256=altered)

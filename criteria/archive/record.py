"""Record a run in the archive: its inputs exactly as used, the result, versions, label and corrections."""

from __future__ import annotations

import platform
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from criteria import __version__
from criteria.archive.chain import sha256
from criteria.archive.location import archive_path
from criteria.archive.store import Archive, ArchiveError, StoredRun
from criteria.files.reading import Unreadable, read_regular
from criteria.limits import MAX_TABLE_BYTES, MAX_TOML_BYTES
from criteria.load.case import MANIFEST, case_digest, manifest_path

if TYPE_CHECKING:
    from criteria.load.ruleset import LoadedRuleset
    from criteria.pipeline.run import Run
    from criteria.result.view import ResultView

DEPENDENCIES = ("pydantic", "numpy", "networkx", "rich", "typer", "openpyxl")


def versions() -> dict[str, str]:
    """The versions that produced a result: Python, criteria and its dependencies."""
    found = {"python": platform.python_version(), "criteria": __version__}
    for name in DEPENDENCIES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "onbekend"
    return found


def _read(path: Path, limit: int) -> bytes:
    try:
        return read_regular(path, limit)
    except Unreadable as exc:
        raise ArchiveError(f"'{path}': {exc.reason}; er is niets vastgelegd") from None


def read_case_files(run: Run, case_path: Path) -> list[tuple[str, bytes]]:
    """The manifest and data files of the case as the run read them; fail if they changed since."""
    manifest_file = manifest_path(case_path)
    files = [(MANIFEST, _read(manifest_file, MAX_TOML_BYTES))]
    for name in run.case.manifest.input_files():  # data, inventories, task mappings
        if PurePosixPath(name).is_absolute() or Path(name).is_absolute():
            raise ArchiveError(
                f"gegevensbestand '{name}' heeft een absoluut pad; het archief bewaart alleen "
                "bestanden met een pad binnen de casusmap"
            )
        files.append((name, _read(manifest_file.parent / name, MAX_TABLE_BYTES)))
    as_read = [(MANIFEST, files[0][1].decode("utf-8-sig").encode("utf-8")), *files[1:]]
    if case_digest(as_read) != run.case.sha256:
        raise ArchiveError(
            "de casusbestanden zijn gewijzigd tijdens de beoordeling; er is niets vastgelegd. "
            "Voer het commando opnieuw uit."
        )
    return files


def ruleset_text(loaded: LoadedRuleset) -> str:
    """The resolved ruleset as one standalone TOML text that loads to the same ruleset hash: the file itself
    (with its comments) when it extends nothing, otherwise the resolved form without `extends`."""
    source = loaded.source
    if len(getattr(source, "chain", ())) <= 1 and source.text:
        return source.text
    from criteria.authoring.toml_write import resolved_toml

    return resolved_toml(source)


def record_run(
    run: Run,
    case_path: Path,
    *,
    command: str,
    label: str | None = None,
    result: ResultView | None = None,
    parameters: dict | None = None,
    outputs: dict[str, bytes] | None = None,
    archive: Path | None = None,
) -> StoredRun:
    """Store one run (evaluate, explain, rapport, …) in the archive and return its number and hash.

    `result` is the result as shown (with any corrections; default: run.result); `parameters` the
    command's own options worth keeping (e.g. {"onderwerp": "HH", "jaar": 2019}); `outputs` rendered
    files to keep as the user saw them (e.g. {"rapport.html": b"..."}); `archive` the file (default:
    archive_path()). Raises ArchiveError (a CriteriaError) with a Dutch message when it cannot record.
    """
    fields, blobs = prepare_record(
        run, case_path, command=command, label=label, result=result, parameters=parameters, outputs=outputs
    )
    with Archive.open(archive_path(archive), create=True) as store:
        return store.append(fields, blobs)


def prepare_record(
    run: Run,
    case_path: Path,
    *,
    command: str,
    label: str | None = None,
    result: ResultView | None = None,
    parameters: dict | None = None,
    outputs: dict[str, bytes] | None = None,
) -> tuple[dict, dict[str, bytes]]:
    """The fields of the record (all but run number, previous hash and time) and the files to store."""
    from criteria.result.machine import CURRENT, result_text

    result = result if result is not None else run.result
    blobs: dict[str, bytes] = {}

    def put(name: str, data: bytes) -> dict:
        key = sha256(data)
        blobs[key] = data
        return {"name": name, "sha256": key, "size": len(data)}

    case_files = read_case_files(run, case_path)
    ruleset_source = run.ruleset.source
    fields = {
        "command": command,
        "label": label,
        "parameters": parameters or {},
        "case": {
            "id": run.case.manifest.id,
            "display": run.case.source,
            "given_as": "map" if case_path.is_dir() else "bestand",
            "sha256": run.case.sha256,
            "files": [put(name, data) for name, data in case_files],
        },
        "ruleset": {
            **put(Path(ruleset_source.path).name, ruleset_text(run.ruleset).encode("utf-8")),
            "display": ruleset_source.path,
            "id": run.ruleset.ruleset.id,
            "version": run.ruleset.ruleset.version,
            "ruleset_sha256": run.ruleset.sha256,
        },
        # format_version: the result format it was written in; verify renders a re-run in that same format
        "result": {**put("resultaat.json", result_text(result, CURRENT).encode("utf-8")), "format_version": CURRENT},
        "corrections": [c.model_dump(mode="json") for c in result.corrections],
        "outputs": [put(name, data) for name, data in sorted((outputs or {}).items())],
        "engine_version": __version__,
        "versions": versions(),
    }
    return fields, blobs

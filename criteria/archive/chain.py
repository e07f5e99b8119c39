"""The hash chain of the archive: canonical records, their hashes, and the check of the whole chain (pure).

A run record is a JSON object holding everything about a run, including the SHA-256 of every stored file
(ruleset, case files, result, outputs) and `prev_hash`, the hash of the record before it. Its hash is the
SHA-256 of its canonical serialisation (sorted keys, no spaces, UTF-8). Changing one byte of a stored file
changes that file's hash, so it no longer matches the record; changing a record changes its hash, so it no
longer matches the stored hash or the next record's `prev_hash`; removing a record leaves a gap in the run
numbers and a broken link.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from criteria.archive.shape import damage_text, record_damage

FORMAT = 1
GENESIS = "0" * 64


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def canonical(record: dict) -> str:
    return json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def seal(fields: dict, run: int, prev_hash: str, time_utc: str) -> tuple[str, str]:
    """The canonical text and hash of a new record."""
    text = canonical({**fields, "format": FORMAT, "run": run, "prev_hash": prev_hash, "time_utc": time_utc})
    return text, sha256(text.encode("utf-8"))


def blob_refs(record: dict) -> list[tuple[str, str]]:
    """(what, sha256) of every stored file a record points to; `what` names it for a user."""
    refs = [("toetsingskader", record["ruleset"]["sha256"]), ("resultaat", record["result"]["sha256"])]
    refs += [(f"casusbestand {f['name']}", f["sha256"]) for f in record["case"]["files"]]
    refs += [(f"uitvoer {f['name']}", f["sha256"]) for f in record.get("outputs", [])]
    return refs


@dataclass(frozen=True)
class Row:
    run: int
    text: str
    hash: str


@dataclass(frozen=True)
class Finding:
    run: int | None
    message: str


def check_chain(rows: Iterable[Row], blobs: dict[str, str], highest_run: int) -> list[Finding]:
    """Every break in the archive: altered records or files, missing runs or files, a broken link.

    `rows` in run order; `blobs` maps the key of each stored file to the SHA-256 of its actual content;
    `highest_run` the highest run number the archive ever handed out (SQLite keeps it apart from the rows).
    """
    findings: list[Finding] = []
    prev_run, prev_hash = 0, GENESIS
    for row in rows:
        if row.run != prev_run + 1:
            findings.append(Finding(row.run, _missing(prev_run + 1, row.run - 1) + ": verwijderd uit het archief"))
        findings.extend(_check_row(row, prev_hash, blobs))
        prev_run, prev_hash = row.run, row.hash
    if highest_run > prev_run:
        findings.append(
            Finding(None, _missing(prev_run + 1, highest_run) + ": de laatste run(s) zijn verwijderd uit het archief")
        )
    return findings


def _missing(first: int, last: int) -> str:
    return f"run {first} ontbreekt" if first == last else f"runs {first}–{last} ontbreken"


def _check_row(row: Row, prev_hash: str, blobs: dict[str, str]) -> list[Finding]:
    out: list[Finding] = []
    if sha256(row.text.encode("utf-8")) != row.hash:
        out.append(Finding(row.run, "record gewijzigd: de hash van het record klopt niet meer"))
    try:
        record = json.loads(row.text)
    except ValueError:
        return out + [Finding(row.run, "record onleesbaar: geen geldige JSON")]
    damage = record_damage(record)
    if damage:  # the same check every reading command makes (archive/shape.py)
        return out + [Finding(row.run, f"record beschadigd: {damage_text(damage)}")]
    refs = blob_refs(record)
    if canonical(record) != row.text:
        out.append(Finding(row.run, "record gewijzigd: niet meer in de vastgelegde vorm"))
    if record.get("run") != row.run:
        out.append(Finding(row.run, f"runnummer gewijzigd: het record zegt run {record.get('run')}"))
    if record.get("prev_hash") != prev_hash:
        out.append(
            Finding(
                row.run,
                "schakel verbroken: het record verwijst niet naar de hash van het vorige record "
                "(een eerder record is gewijzigd of verwijderd)",
            )
        )
    for what, key in refs:
        actual = blobs.get(key)
        if actual is None:
            out.append(Finding(row.run, f"{what} ontbreekt in het archief (sha256 {key[:12]}…)"))
        elif actual != key:
            out.append(Finding(row.run, f"{what} gewijzigd: de inhoud past niet meer bij sha256 {key[:12]}…"))
    return out

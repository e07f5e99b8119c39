"""The archive file: one SQLite database in WAL mode with stored files (by SHA-256) and the chain of run records.

Every write is one `BEGIN IMMEDIATE … COMMIT` transaction: the files and the record land together or not at
all, whatever moment the process is killed. The hash of the previous record is read inside that transaction,
so runs from several processes at once still form one straight chain.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Self

from criteria.archive.chain import FORMAT, GENESIS, Finding, Row, check_chain, seal, sha256
from criteria.archive.shape import damage_text, record_damage
from criteria.errors import CriteriaError
from criteria.files.reading import MISSING, check_regular

APPLICATION = "criteria-archief"
BUSY_TIMEOUT_S = 60.0
SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE blobs (sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, content BLOB NOT NULL);
CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, record TEXT NOT NULL, hash TEXT NOT NULL);
"""


class ArchiveError(CriteriaError):
    """The archive cannot be used as asked (missing, not an archive, unknown run, busy)."""


@dataclass(frozen=True)
class StoredRun:
    run: int
    hash: str
    record: dict | None  # None: the stored text is no valid record (see `damage` and `criteria archief controleer`)
    damage: tuple[str, ...] = ()  # what is wrong with the stored record (shape.record_damage); () when sound


def _stored(run: int, digest: str, text: str) -> StoredRun:
    """A run as read: its record checked in one step (archive/shape.py), never handed on half-valid."""
    record = json_object(text)
    damage = tuple(record_damage(record)) if record is not None else ("geen geldige JSON",)
    return StoredRun(run, digest, None if damage else record, damage)


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _dutch(err: sqlite3.Error, path: Path) -> ArchiveError:
    text = str(err).lower()
    if "not a database" in text or "malformed" in text:
        return ArchiveError(f"'{path}' is geen bruikbaar criteria-archief (geen geldig SQLite-bestand)")
    if "locked" in text or "busy" in text:
        return ArchiveError(f"het archief '{path}' is bezet door een ander proces; probeer het later opnieuw")
    if "readonly" in text or "unable to open" in text:
        return ArchiveError(f"het archief '{path}' kan niet worden geopend of beschreven ({err})")
    return ArchiveError(f"fout in het archief '{path}': {err}")


class Archive:
    def __init__(self, path: Path, conn: sqlite3.Connection):
        self.path = path
        self._conn = conn

    @classmethod
    def open(cls, path: Path, create: bool = False) -> Archive:
        """Open the archive; `create` makes the file when it is missing. An existing file must be a criteria
        archive or an empty SQLite database (which becomes an empty archive)."""
        why = check_regular(path)
        if why is not None and why != MISSING:  # a FIFO or device would make SQLite wait or fail obscurely
            raise ArchiveError(f"archief '{path}': {why}")
        if not create and why is not None:
            raise ArchiveError(
                f"geen archief gevonden op '{path}' (nog niets vastgelegd? Zie --archief of CRITERIA_ARCHIEF)"
            )
        if create:
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except sqlite3.Error as err:
            raise _dutch(err, path) from None
        archive = cls(path, conn)
        try:
            archive._retry(archive._setup)
        except sqlite3.Error as err:
            conn.close()
            raise _dutch(err, path) from None
        except BaseException:
            conn.close()
            raise
        return archive

    def _setup(self) -> None:
        c = self._conn
        c.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        c.execute("PRAGMA synchronous = FULL")
        c.execute("BEGIN")  # one snapshot: another process may be making the archive right now
        try:
            ours, tables = self._is_archive(), c.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            c.execute("COMMIT")
        if ours:
            return
        if tables:
            raise ArchiveError(f"'{self.path}' is een SQLite-bestand, maar geen criteria-archief")
        # An empty database: new, or its first run was killed before the schema was committed. Make the
        # (empty) archive now, also for a reading command: otherwise that first kill would leave a file
        # that no command accepts.
        if c.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() != "wal":
            raise ArchiveError(f"het archief '{self.path}' kan niet in WAL-modus worden gezet")
        c.execute("BEGIN IMMEDIATE")
        try:
            if not self._is_archive():  # another process may have made it meanwhile
                if c.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                    raise ArchiveError(f"'{self.path}' is een SQLite-bestand, maar geen criteria-archief")
                for statement in filter(str.strip, SCHEMA.split(";")):  # not executescript: it would COMMIT
                    c.execute(statement)
                c.executemany(
                    "INSERT INTO meta (key, value) VALUES (?, ?)",
                    [("application", APPLICATION), ("format", str(FORMAT))],
                )
            c.execute("COMMIT")
        except BaseException:
            if c.in_transaction:
                c.execute("ROLLBACK")
            raise

    def _is_archive(self) -> bool:
        c = self._conn
        if not c.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone():
            return False
        row = c.execute("SELECT value FROM meta WHERE key = 'application'").fetchone()
        return row is not None and row[0] == APPLICATION

    def _retry(self, action, *args):
        """Run `action`, retrying on SQLITE_BUSY that the busy handler does not cover (e.g. switching to WAL)."""
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        delay = 0.005
        while True:
            try:
                return action(*args)
            except sqlite3.OperationalError as err:
                text = str(err).lower()
                if ("locked" not in text and "busy" not in text) or time.monotonic() > deadline:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 0.2)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writing -----------------------------------------------------------------------------------------

    def append(self, fields: dict, blobs: dict[str, bytes]) -> StoredRun:
        """Store the files and a new record linked to the last one, in one transaction."""
        try:
            return self._retry(self._append, fields, blobs)
        except sqlite3.Error as err:
            raise _dutch(err, self.path) from None

    def _append(self, fields: dict, blobs: dict[str, bytes]) -> StoredRun:
        c = self._conn
        c.execute("BEGIN IMMEDIATE")
        try:
            last = c.execute("SELECT id, hash FROM runs ORDER BY id DESC LIMIT 1").fetchone()
            run = self._highest_run() + 1
            text, digest = seal(fields, run, last[1] if last else GENESIS, utc_now())
            c.executemany(
                "INSERT OR IGNORE INTO blobs (sha256, size, content) VALUES (?, ?, ?)",
                [(key, len(data), data) for key, data in sorted(blobs.items())],
            )
            c.execute("INSERT INTO runs (id, record, hash) VALUES (?, ?, ?)", (run, text, digest))
            c.execute("COMMIT")
        except BaseException:
            if c.in_transaction:
                c.execute("ROLLBACK")
            raise
        return StoredRun(run, digest, json.loads(text))

    def _highest_run(self) -> int:
        row = self._conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'runs'").fetchone()
        last = self._conn.execute("SELECT max(id) FROM runs").fetchone()[0]
        return max(row[0] if row else 0, last or 0)

    # -- reading -----------------------------------------------------------------------------------------

    def _read(self, sql: str, args: tuple = ()) -> list[tuple]:
        try:
            return self._conn.execute(sql, args).fetchall()
        except sqlite3.Error as err:
            raise _dutch(err, self.path) from None

    def runs(self) -> list[StoredRun]:
        return [
            _stored(run, digest, text)
            for run, text, digest in self._read("SELECT id, record, hash FROM runs ORDER BY id")
        ]

    def get(self, run: int | None) -> StoredRun:
        """One run; None is the latest."""
        if run is None:
            rows = self._read("SELECT id, record, hash FROM runs ORDER BY id DESC LIMIT 1")
        else:
            rows = self._read("SELECT id, record, hash FROM runs WHERE id = ?", (run,))
        if not rows:
            numbers = self._read("SELECT min(id), max(id), count(*) FROM runs")[0]
            known = f"runs {numbers[0]}–{numbers[1]}" if numbers[2] else "nog geen runs"
            what = "het archief is leeg" if run is None else f"run {run} bestaat niet"
            raise ArchiveError(f"{what} in '{self.path}' ({known})")
        stored = _stored(rows[0][0], rows[0][2], rows[0][1])
        if stored.damage:
            raise ArchiveError(
                f"het record van run {stored.run} is beschadigd ({damage_text(list(stored.damage))}); "
                "er is niets mee gedaan. Zie 'criteria archief controleer'"
            )
        return stored

    def blob(self, key: str) -> bytes:
        rows = self._read("SELECT content FROM blobs WHERE sha256 = ?", (key,))
        if not rows:
            raise ArchiveError(
                f"bestand met sha256 {key[:12]}… ontbreekt in het archief; zie 'criteria archief controleer'"
            )
        return bytes(rows[0][0])

    def stored_result(self, stored: StoredRun) -> dict:
        """The result JSON of a run, only as it was recorded: content that no longer matches its hash, or is no
        JSON object, is refused (see `criteria archief controleer`)."""
        key = stored.record["result"]["sha256"]  # type: ignore[index]
        data = self.blob(key)
        value = json_object(data) if sha256(data) == key else None
        if value is None:
            raise ArchiveError(
                f"het opgeslagen resultaat van run {stored.run} is na het vastleggen gewijzigd of "
                f"beschadigd (sha256 {key[:12]}…); zie 'criteria archief controleer'"
            )
        return value

    def check(self) -> tuple[list[Finding], int, StoredRun | None]:
        """Check the whole chain in one consistent snapshot: (findings, number of runs, last run)."""
        c = self._conn
        try:
            c.execute("BEGIN")
            try:
                rows = [
                    Row(run, text, digest)
                    for run, text, digest in c.execute("SELECT id, record, hash FROM runs ORDER BY id")
                ]
                blobs = {key: sha256(bytes(content)) for key, content in c.execute("SELECT sha256, content FROM blobs")}
                highest = self._highest_run()
            finally:
                c.execute("COMMIT")
        except sqlite3.Error as err:
            raise _dutch(err, self.path) from None
        last = _stored(rows[-1].run, rows[-1].hash, rows[-1].text) if rows else None
        return check_chain(rows, blobs, highest), len(rows), last

    def integrity(self) -> str:
        """SQLite's own check of the file ("ok" when sound)."""
        return "; ".join(row[0] for row in self._read("PRAGMA integrity_check"))


def json_object(text: str | bytes) -> dict | None:
    """The JSON object in `text`, or None when it is no JSON or no object."""
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None

"""A process that records runs in an archive, for the crash and concurrency tests (tests/test_archive_crash.py).

    python tests/archive_writer.py ARCHIVE SOURCE SEED COUNT NAME

SOURCE is a case folder (each run goes through record_run: evaluate once, then record) or a folder made by
`prepare()` below: the record fields and files that prepare_record made for the bundled case, so that the
process only loads the storage layer and starts in a tenth of the time; the write itself is the same
Archive.append that record_run ends with.

Prints "klaar" when ready; with COUNT > 0 it then waits for a line on stdin (so that several writers start
together) and records COUNT runs, otherwise it records until killed. Each run carries a random output file
(until killed: 0 B – 2 MB, so that transactions span many pages; otherwise up to 50 kB). After each commit
it prints the run number (and "schrijft" just before each write).
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path


def prepare(case: Path, folder: Path) -> Path:
    """Write the record fields and files of one real run of `case` into `folder` (a SOURCE for this writer)."""
    from criteria.archive import prepare_record
    from criteria.pipeline.run import run

    fields, blobs = prepare_record(run(case), case, command="evaluate")
    (folder / "blobs").mkdir(parents=True)
    (folder / "record.json").write_text(json.dumps(fields), encoding="utf-8")
    for key, data in blobs.items():
        (folder / "blobs" / key).write_bytes(data)
    return folder


def _source(source: Path):
    """A function (label, outputs) -> StoredRun that records one run."""
    from criteria.archive.chain import sha256
    from criteria.archive.store import Archive

    if (source / "record.json").exists():
        fields = json.loads((source / "record.json").read_text(encoding="utf-8"))
        blobs = {p.name: p.read_bytes() for p in (source / "blobs").iterdir()}

        def append(archive: Path, label: str, outputs: dict[str, bytes]):
            extra = {sha256(data): data for data in outputs.values()}
            listed = [{"name": n, "sha256": sha256(d), "size": len(d)} for n, d in sorted(outputs.items())]
            with Archive.open(archive, create=True) as store:
                return store.append({**fields, "label": label, "outputs": listed}, {**blobs, **extra})

        return append
    from criteria.archive import record_run
    from criteria.pipeline.run import run

    done = run(source)
    return lambda archive, label, outputs: record_run(
        done, source, command="evaluate", label=label, outputs=outputs, archive=archive
    )


def main() -> None:
    archive, source, name = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[5]
    seed, count = int(sys.argv[3]), int(sys.argv[4])
    append = _source(source)
    rng = random.Random(seed)
    print("klaar", flush=True)
    if count:
        sys.stdin.readline()
    i = 0
    while not count or i < count:
        size = rng.choice([0, 1_000, 50_000] if count else [0, 1_000, 300_000, 2_000_000])
        outputs = {"rapport.txt": rng.randbytes(size)} if size else {}
        print("schrijft", flush=True)
        stored = append(archive, f"{name} {i}", outputs)
        print(stored.run, flush=True)
        i += 1


if __name__ == "__main__":
    main()

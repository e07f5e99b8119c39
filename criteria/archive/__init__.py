"""The evaluation archive (issue 7): every recorded run kept, reproducible and tamper-evident.

    from criteria.archive import record_run
    stored = record_run(run, case_path, command="rapport", label=label, outputs={"rapport.html": data})

See docs/archief.md for the user's view; chain.py for what the hash chain proves. The names below are
imported on first use, so that the storage layer (store, chain) loads without the engine.
"""

from __future__ import annotations

from typing import Any

_EXPORTS = {
    "Archive": "store",
    "ArchiveError": "store",
    "StoredRun": "store",
    "archive_path": "location",
    "record_run": "record",
    "prepare_record": "record",
}
__all__ = ["Archive", "ArchiveError", "StoredRun", "archive_path", "prepare_record", "record_run"]  # = _EXPORTS


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'criteria.archive' has no attribute '{name}'")
    from importlib import import_module

    return getattr(import_module(f"criteria.archive.{_EXPORTS[name]}"), name)

"""Write output files atomically: a temporary file in the same folder, then a rename."""

from __future__ import annotations

import os
import re
import tempfile
import zipfile
from pathlib import Path

from criteria.errors import CriteriaError

_SNIFF_BYTES = 1024 * 1024
# What criteria writes into its own output: the engine version in JSON, "criteria 0.1.0" in text, HTML, Markdown
# and XLSX reports ("Gemaakt met criteria …", "Vingerafdrukken: … criteria …").
# A norm table (`ruleset exporteer`) starts with its header; a resolved ruleset (`ruleset toon`) names itself.
_OURS = re.compile(rb'"engine_version"|criteria \d+\.\d+|^soort[;,]id[;,]titel[;,]gewicht|Opgelost toetsingskader')


class OutputRefused(CriteriaError):
    """--output names an existing file that criteria did not write, and --force was not given."""


def looks_like_ours(path: Path) -> bool:
    """Is this existing file empty or earlier output of criteria (see docs/grenzen-en-fouten.md)?"""
    if path.stat().st_size == 0:
        return True
    if zipfile.is_zipfile(path):  # an XLSX report: look in its XML parts, reading a bounded amount
        try:
            with zipfile.ZipFile(path) as archive:
                left = _SNIFF_BYTES * 4
                for info in archive.infolist():
                    if info.filename.endswith(".xml") and left > 0:
                        with archive.open(info) as part:
                            chunk = part.read(min(left, _SNIFF_BYTES))
                        left -= len(chunk)
                        if _OURS.search(chunk):
                            return True
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
            return False
        return False
    with path.open("rb") as f:
        return bool(_OURS.search(f.read(_SNIFF_BYTES)))


def check_overwrite(path: Path, force: bool) -> None:
    """Refuse to replace a file that is not ours unless forced; a folder is never replaced."""
    if path.is_dir():
        raise OutputRefused(f"'{path}' is een map; geef bij --output een bestandsnaam")
    if force or not path.exists():
        return
    if not looks_like_ours(path):
        raise OutputRefused(f"'{path}' bestaat al en lijkt niet door criteria gemaakt; het wordt niet "
                            "overschreven (kies een andere naam, of geef --force om het toch te vervangen)")


def write_atomic(path: Path, content: str | bytes) -> None:
    data = content.encode("utf-8") if isinstance(content, str) else content
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current

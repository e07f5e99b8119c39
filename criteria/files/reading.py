"""Read an input file safely: only a regular file, never more than a limit, never blocking.

Every file the product reads (case.toml, rulesets, data tables, inventories, task mappings, self-tests, norm
tables) goes through `read_regular`. A named pipe (FIFO), a device, a socket or a folder is refused with a
Dutch reason that names what it is, before anything waits on it: the path is checked with stat, opened
non-blocking, and checked again on the open file (a file swapped in between is caught too).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from criteria.errors import CriteriaError

MB = 1024 * 1024
MISSING = "het bestand bestaat niet"


class Unreadable(CriteriaError):
    """A file that is not read, with the Dutch reason (without the file name: the caller names the file)."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


def size_text(n: int) -> str:
    """20971520 -> "20 MB", 3153920 -> "3,0 MB", 10 -> "10 bytes" (Dutch notation)."""
    if n < MB:
        return f"{n} bytes"
    whole = n / MB
    return f"{whole:.0f} MB" if whole.is_integer() else f"{whole:.1f} MB".replace(".", ",")


def kind_text(mode: int) -> str | None:
    """What a file that is not a regular file is, in Dutch; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "dit is een map, geen bestand"
    if stat.S_ISFIFO(mode):
        return "dit is geen gewoon bestand maar een named pipe (FIFO); die wordt niet gelezen"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "dit is geen gewoon bestand maar een apparaat; dat wordt niet gelezen"
    if stat.S_ISSOCK(mode):
        return "dit is geen gewoon bestand maar een socket; die wordt niet gelezen"
    return "dit is geen gewoon bestand; het wordt niet gelezen"


def os_error_text(exc: OSError) -> str:
    """A Dutch reason for a file that cannot be opened."""
    if isinstance(exc, FileNotFoundError):
        return MISSING
    if isinstance(exc, IsADirectoryError):
        return "dit is een map, geen bestand"
    if isinstance(exc, PermissionError):
        return "geen toestemming om het bestand te lezen"
    if isinstance(exc, NotADirectoryError):
        return "het pad loopt via een bestand alsof het een map is"
    return f"het bestand kan niet gelezen worden ({exc.strerror or exc})"


def too_big_text(size: int | None, limit: int) -> str:
    shown = f" ({size_text(size)})" if size is not None else ""
    return f"het bestand is te groot{shown}; het maximum is {size_text(limit)}"


def check_regular(path: Path) -> str | None:
    """Why `path` cannot be read as a regular file (missing, a folder, a FIFO, ...); None if it can."""
    try:
        return kind_text(os.stat(path).st_mode)
    except OSError as exc:
        return os_error_text(exc)


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of the regular file `path`, at most `limit` of them; raise Unreadable with the reason."""
    try:
        info = os.stat(path)
        kind = kind_text(info.st_mode)
        if kind is not None:
            raise Unreadable(kind)
        if info.st_size > limit:
            raise Unreadable(too_big_text(info.st_size, limit))
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise Unreadable(os_error_text(exc)) from None
    try:
        opened = os.fstat(fd)
        kind = kind_text(opened.st_mode)
        if kind is not None:
            raise Unreadable(kind)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(limit + 1 - total, 4 * MB))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise Unreadable(os_error_text(exc)) from None
    finally:
        os.close(fd)
    if total > limit:
        raise Unreadable(too_big_text(None, limit))  # it grew while being read
    return b"".join(chunks)

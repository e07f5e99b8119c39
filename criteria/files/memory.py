"""What the system lets this process still take (the memory guard of issue 12), and how to stay inside an
address-space limit.

Under an address-space limit (`ulimit -v`, `prlimit --as`) what counts is address space, not what is resident:
glibc reserves 64 MB of it for each thread that allocates (its per-thread arenas) and polars' CSV reader starts
a pool of threads, so that a read of a few megabytes can take a gigabyte of address space and an allocation
inside native code then aborts the process (exit 134), where nothing can turn it into a Dutch message. So under
such a limit the CLI keeps glibc to one arena (`bound_arenas`), and the CSV fast path (polars) is used only with
room to spare (`columnar_room`); otherwise the precise Python reader reads the file, whose failures are
MemoryErrors the CLI reports in Dutch.
"""

from __future__ import annotations

import resource
from pathlib import Path

COLUMNAR_MIN_ROOM = 1024 * 2**20  # address space the polars reader may take at most for one file (measured: ~400 MB)
_M_ARENA_MAX = -8  # glibc's mallopt parameter number (malloc.h)


def address_limit() -> int | None:
    """The soft address-space limit of this process in bytes, None without one."""
    soft, _hard = resource.getrlimit(resource.RLIMIT_AS)
    return None if soft == resource.RLIM_INFINITY else soft


def address_room() -> int | None:
    """The address space this process may still take (the limit less what is in use), None without a limit."""
    limit = address_limit()
    if limit is None:
        return None
    in_use = proc_number(Path("/proc/self/status"), "VmSize:")
    return None if in_use is None else limit - in_use * 1024


def columnar_room() -> bool:
    """May the CSV fast path (polars, with its thread pool) read a file now? Always without an address-space limit;
    under one only while at least COLUMNAR_MIN_ROOM of address space is left."""
    if address_limit() is None:
        return True
    room = address_room()
    return room is not None and room >= COLUMNAR_MIN_ROOM


def bound_arenas() -> None:
    """Under an address-space limit, keep glibc's malloc to one arena (no 64 MB reservation per thread). Called by
    the CLI before any thread starts; nothing happens without a limit or without glibc."""
    if address_limit() is None:
        return
    try:
        import ctypes

        ctypes.CDLL(None).mallopt(_M_ARENA_MAX, 1)
    except (OSError, AttributeError):  # not glibc (musl, macOS): no per-thread arenas of this size to bound
        return


def available_memory() -> int | None:
    """The bytes this process may still take, as far as the system tells (None: nothing known): the least of the
    memory the kernel calls available (MemAvailable), the address-space limit (ulimit -v, prlimit --as) less the
    address space in use, and the control group's limit (memory.max) less its use."""
    found = []
    meminfo = proc_number(Path("/proc/meminfo"), "MemAvailable:")
    if meminfo is not None:
        found.append(meminfo * 1024)
    room = address_room()
    if room is not None:
        found.append(room)
    group = _cgroup_room()
    if group is not None:
        found.append(group)
    return min(found) if found else None


def proc_number(path: Path, key: str) -> int | None:
    """The number after `key` in a /proc file ('MemAvailable:   123 kB' -> 123), None if unreadable."""
    try:
        for line in path.read_text(encoding="ascii", errors="replace").splitlines():
            if line.startswith(key):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def _cgroup_room() -> int | None:
    """memory.max less memory.current of this process's cgroup (v2), None without a limit or when unreadable."""
    try:
        line = next(
            x for x in Path("/proc/self/cgroup").read_text(encoding="ascii").splitlines() if x.startswith("0::")
        )
        folder = Path("/sys/fs/cgroup") / line[3:].lstrip("/")
        limit = (folder / "memory.max").read_text(encoding="ascii").strip()
        if limit == "max":
            return None
        return int(limit) - int((folder / "memory.current").read_text(encoding="ascii").strip())
    except (OSError, ValueError, StopIteration):
        return None

"""Whole processes, measured as a user meets them: wall time, processor time and peak RSS of one child process,
bounded by a memory limit and a time limit so that a run that would not fit never takes the machine down.

The memory limit is an address-space limit (RLIMIT_AS) set in the child before it starts: an allocation beyond
it fails inside the child (MemoryError, or an abort in native code) instead of waking the kernel's OOM killer.
Peak RSS is the child's ru_maxrss from wait4 (Linux: kilobytes).
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path

GB = 1024**3
MEMORY_SIGNS = ("MemoryError", "memory allocation", "Cannot allocate memory", "std::bad_alloc", "out of memory")


@dataclass
class Outcome:
    """One measured process."""

    command: str
    scale: float
    values: int  # data rows of the case
    status: str  # ok | time-out | geheugengrens | gestopt (exit 2, a message) | exit N | overgeslagen
    wall: float | None = None  # seconds
    cpu: float | None = None  # user + system seconds
    peak_mb: float | None = None  # peak RSS, MiB
    exit_code: int | None = None
    output_bytes: int | None = None
    message: str = ""  # last lines of stderr when the run did not succeed
    argv: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return asdict(self)


def _limit(memory: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # an abort writes no core dump

    return apply


def _status(code: int, stderr: str, timed_out: bool) -> str:
    if timed_out:
        return "time-out"
    if code == 0:
        return "ok"
    if any(sign in stderr for sign in MEMORY_SIGNS) or code in (-signal.SIGKILL, -signal.SIGABRT, 134, 137):
        return "geheugengrens"
    if code == 2:
        return "gestopt"
    return f"exit {code}"


def run_bounded(
    argv: list[str],
    *,
    stdout: Path,
    stderr: Path,
    timeout: float,
    memory: int,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    poll: float = 0.05,
) -> tuple[int | None, str, float, float, float, bool]:
    """Run `argv` with stdout and stderr to files, under the limits; return (exit code, status, wall s, cpu s,
    peak MiB, timed out). A child past `timeout` is killed with its process group."""
    with stdout.open("wb") as out, stderr.open("wb") as err:
        start = time.perf_counter()
        child = subprocess.Popen(
            argv,
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=cwd,
            preexec_fn=_limit(memory),
            start_new_session=True,
        )
        timed_out = False
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                timed_out = True
                os.killpg(child.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(child.pid, 0)
                break
            time.sleep(poll)
        wall = time.perf_counter() - start
    child.returncode = code = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
    text = stderr.read_text(encoding="utf-8", errors="replace")
    return (
        code,
        _status(code, text, timed_out),
        wall,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss / 1024,
        timed_out,
    )


def tail(path: Path, lines: int = 3, width: int = 300) -> str:
    text = path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    return " / ".join(line.strip()[:width] for line in text[-lines:])

"""Run `criteria` on a real (pseudo-)terminal, as a user at a screen would: for what only a terminal shows."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path


def run_in_terminal(args: list[str], cwd: Path, columns: int = 150, timeout: float = 120) -> tuple[int, str]:
    """(exit code, everything the terminal received, decoded) for `criteria ARGS` with stdin, stdout and stderr
    on one pseudo-terminal; colours on (TERM=xterm-256color), as in an ordinary terminal window."""
    master, slave = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": "50", "PYTHONIOENCODING": "utf-8"}
    for name in ("NO_COLOR", "FORCE_COLOR"):
        env.pop(name, None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "criteria.cli", *args],
        cwd=cwd,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        close_fds=True,
    )
    os.close(slave)
    received = bytearray()
    try:
        while True:
            ready, _, _ = select.select([master], [], [], timeout)
            if not ready:
                proc.kill()
                break
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the other side closed: the process ended
                break
            if not chunk:
                break
            received += chunk
    finally:
        os.close(master)
    return proc.wait(timeout=timeout), received.decode("utf-8", errors="replace")

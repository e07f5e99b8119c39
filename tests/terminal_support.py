"""Run `criteria` on a real (pseudo-)terminal, as a user at a screen would: for what only a terminal shows.

The command measures its own width from the terminal (no COLUMNS or LINES in its environment), as it does in a
user's window; `physical_rows` is a small screen model: the rows the output takes once long lines wrap.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
from pathlib import Path

from rich.cells import cell_len

_CONTROL = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")


def run_in_terminal(
    args: list[str], cwd: Path, columns: int = 150, rows: int = 50, timeout: float = 120
) -> tuple[int, str]:
    """(exit code, everything the terminal received, decoded) for `criteria ARGS` with stdin, stdout and stderr
    on one pseudo-terminal of `columns` × `rows`; colours on (TERM=xterm-256color), as in an ordinary window."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    env = {
        key: value for key, value in os.environ.items() if key not in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR")
    }
    env.update(TERM="xterm-256color", PYTHONIOENCODING="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "criteria.cli", *args],
        cwd=cwd,
        env=env,
        stdin=follower,
        stdout=follower,
        stderr=follower,
        close_fds=True,
    )
    os.close(follower)
    received = bytearray()
    try:
        while True:
            ready, _, _ = select.select([leader], [], [], timeout)
            if not ready:
                process.kill()
                raise AssertionError(f"criteria {' '.join(args)} did not finish within {timeout} s")
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: the command is done
                break
            if not chunk:
                break
            received += chunk
    finally:
        os.close(leader)
    return process.wait(timeout=timeout), received.decode("utf-8", errors="replace")


def physical_rows(output: str, columns: int) -> list[str]:
    """Every row the output takes on a terminal of `columns` columns: colour codes dropped, long lines wrapped at
    the right edge, a carriage return starting the row again; the last row is the (empty) cursor row."""
    rows: list[str] = []
    for line in _CONTROL.sub("", output).replace("\r\n", "\n").split("\n"):
        row = ""
        for char in line.rsplit("\r", 1)[-1]:
            if cell_len(row + char) > columns:
                rows.append(row)
                row = ""
            row += char
        rows.append(row)
    return rows


def screen_rows(args: list[str], cwd: Path, columns: int, rows: int) -> list[str]:
    """The physical rows of `criteria ARGS` run on a `columns` × `rows` terminal; the command must succeed."""
    code, output = run_in_terminal(args, cwd, columns, rows)
    assert code == 0, output
    return physical_rows(output, columns)

"""The last screen of `criteria evaluate` in a real terminal of 80×24 (a laptop, an iPad): it answers the question.

The command runs in a pseudo-terminal of 80 columns and 24 rows, so it measures its own width as a user's
terminal gives it; a small screen model (below) keeps what the terminal would show after the output has
scrolled: the last 24 rows, the last one holding the cursor.
"""

from __future__ import annotations

import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import fcntl
from pathlib import Path

from archive_helpers import copy_case
from rich.cells import cell_len

COLUMNS, ROWS = 80, 24
_CONTROL = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")


def run_in_terminal(args: list[str], cwd: Path, timeout: float = 120) -> str:
    """All a command writes (stdout and stderr, in order) to a terminal of COLUMNS × ROWS."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    env = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "LINES", "NO_COLOR")}
    env.update(TERM="xterm-256color", PYTHONIOENCODING="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "criteria.cli", *args], cwd=cwd, env=env, stdin=follower,
                               stdout=follower, stderr=follower, close_fds=True)
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], timeout)
        if not ready:
            process.kill()
            raise AssertionError("the command did not finish")
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the command is done
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert process.wait(timeout) == 0
    return b"".join(chunks).decode("utf-8")


def screen(output: str) -> list[str]:
    """The rows a COLUMNS × ROWS terminal shows at the end: colour codes dropped, long lines wrapped at the
    right edge, a carriage return starting the row again, and the last row the (empty) cursor row."""
    rows: list[str] = []
    for line in _CONTROL.sub("", output).replace("\r\n", "\n").split("\n"):
        line = line.rsplit("\r", 1)[-1]
        row = ""
        for char in line:
            if cell_len(row + char) > COLUMNS:
                rows.append(row)
                row = ""
            row += char
        rows.append(row)
    return rows[-ROWS:]


def test_the_last_screen_at_80_by_24_holds_every_verdict_the_warning_and_the_recording(tmp_path: Path) -> None:
    copy_case(tmp_path)
    out = run_in_terminal(["evaluate", "cases/heemstede-bloemendaal", "--label", "commissie Middelen",
                           "--archief", str(tmp_path / "archief.sqlite")], tmp_path)
    rows = screen(out)
    shown = " ".join(" ".join(rows).split())
    assert max(cell_len(row) for row in rows) <= COLUMNS
    verdicts = {"P&O": "voldoet", "Communicatie": "voldoet", "Financiële Administratie": "voldoet",
                "Facilitaire Zaken": "voldoet", "Handhaving": "voldoet niet",
                "Voorstel: Informatisering samenvoegen": "voldoet",
                "Huidige situatie (INF_HS + INF_BD)": "voldoet niet"}
    for team, verdict in verdicts.items():
        assert re.search(re.escape(f"{team} {verdict} ") + r"(over|in) ", shown), (team, "\n".join(rows))
    assert "LET OP: 587 van de 658 gegevens van de casus zijn illustratief (89 %)" in shown
    assert "Gebruik deze uitkomsten niet als bevinding." in shown
    assert "Vastgelegd in het archief als run 1" in shown
    assert "Later opnieuw rekenen en vergelijken: criteria archief verifieer 1" in shown  # wrapped between words
    assert rows[-1].strip() == ""  # the cursor row: the confirmation is the last thing written
    assert "Vastgelegd in het archief als run 1" in " ".join(rows[-4:])

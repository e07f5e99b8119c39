"""An 80-column terminal (a laptop, an iPad): what the begeleidingsgroep sees must fit and stay readable."""

from __future__ import annotations

import io
import re
from pathlib import Path

from archive_helpers import copy_case, record
from rich.console import Console

from criteria.archive.store import Archive
from criteria.report.terminal.archive import print_list


def narrow(draw, width: int = 80) -> str:
    buffer = io.StringIO()
    draw(Console(file=buffer, width=width, highlight=False, soft_wrap=False, color_system=None))
    return buffer.getvalue()


def test_archief_lijst_fits_80_columns_without_a_broken_word(tmp_path: Path, monkeypatch) -> None:
    copy_case(tmp_path)
    monkeypatch.chdir(tmp_path)
    case = Path("cases/heemstede-bloemendaal")  # as the griffier types it
    archive = tmp_path / "archief.sqlite"
    record(archive, case, label="commissie Middelen 21-10-2020")
    record(archive, case, label=None)
    runs = Archive.open(archive).runs()
    for width in (80, 100):
        out = narrow(lambda console: print_list(console, runs, archive), width)
        lines = out.splitlines()
        assert max(len(line.rstrip()) for line in lines) <= width
        words = set(re.findall(r"\S+", out))
        for stored in runs:
            r = stored.record
            expected = [
                *(r["label"] or "").split(),
                r["case"]["display"],
                r["ruleset"]["id"],
                r["command"],
                r["result"]["sha256"][:8] + "…",
            ]
            assert [w for w in expected if w not in words] == [], out  # every word whole ('Casu s' never)
        assert "Run 1" in out and "Run 2" in out

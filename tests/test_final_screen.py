"""The last screen of `criteria evaluate` in a real terminal of 80×24 (a laptop, an iPad): it answers the question.

The command runs in a pseudo-terminal of 80 columns and 24 rows, so it measures its own width as a user's
terminal gives it; of its rows (tests/terminal_support.py's screen model) the terminal shows, after the output has
scrolled, the last 24, the last one holding the cursor.
"""

from __future__ import annotations

import re
from pathlib import Path

from archive_helpers import copy_case
from rich.cells import cell_len
from terminal_support import screen_rows

COLUMNS, ROWS = 80, 24


def test_the_last_screen_at_80_by_24_holds_every_verdict_the_warning_and_the_recording(tmp_path: Path) -> None:
    copy_case(tmp_path)
    rows = screen_rows(
        [
            "evaluate",
            "cases/heemstede-bloemendaal",
            "--label",
            "commissie Middelen",
            "--archief",
            str(tmp_path / "archief.sqlite"),
        ],
        tmp_path,
        COLUMNS,
        ROWS,
    )[-ROWS:]
    shown = " ".join(" ".join(rows).split())
    assert max(cell_len(row) for row in rows) <= COLUMNS
    verdicts = {
        "P&O": "voldoet",
        "Communicatie": "voldoet",
        "Financiële Administratie": "voldoet",
        "Facilitaire Zaken": "voldoet",
        "Handhaving": "voldoet niet",
        "Voorstel: Informatisering samenvoegen": "voldoet",
        "Huidige situatie (INF_HS + INF_BD)": "voldoet niet",
    }
    for team, verdict in verdicts.items():
        assert re.search(re.escape(f"{team} {verdict} ") + r"(over|in) ", shown), (team, "\n".join(rows))
    assert "LET OP: 587 van de 658 gegevens van de casus zijn illustratief (89 %)" in shown
    assert "Gebruik deze uitkomsten niet als bevinding." in shown
    assert "Vastgelegd in het archief als run 1" in shown
    assert "Later opnieuw rekenen en vergelijken: criteria archief verifieer 1" in shown  # wrapped between words
    assert rows[-1].strip() == ""  # the cursor row: the confirmation is the last thing written
    assert "Vastgelegd in het archief als run 1" in " ".join(rows[-4:])


def test_a_corrected_run_still_ends_with_every_verdict_the_correction_note_and_the_recording(tmp_path: Path) -> None:
    copy_case(tmp_path)
    rows = screen_rows(
        [
            "evaluate",
            "cases/heemstede-bloemendaal",
            "--correctie",
            "HH:2019:totaal=5,5",
            "--reden",
            "besluit begeleidingsgroep",
            "--archief",
            "archief.sqlite",
        ],
        tmp_path,
        COLUMNS,
        ROWS,
    )[-ROWS:]
    shown = " ".join(" ".join(rows).split())
    assert "Conclusie" in rows  # the whole conclusion fits on the last screen
    assert "✔ Handhaving voldoet over 2018–2020: gemiddeld 5,6." in shown  # the corrected conclusion
    assert "De conclusie rekent met de correcties; de tabel toont de berekende scores." in shown
    assert "Gebruik deze uitkomsten niet als bevinding." in shown and "Vastgelegd in het archief als run 1" in shown

"""Texts from input files reach a terminal inert (issue 11 class 8): control and format characters are shown as
<U+XXXX>, never executed; checked on the function (criteria.files.visible), on criteria's one console factory
(criteria.report.terminal.console) and on a real pseudo-terminal."""

from __future__ import annotations

import io
import shutil
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.style import Style
from rich.table import Table
from rich.text import Text
from terminal_support import run_in_terminal

from criteria.files.visible import HIDDEN, RANGES, visible
from criteria.report.terminal.console import make_console

BASE = Path(__file__).resolve().parent / "hostile" / "base"
KEPT = {"\t", "\n", "\u00ad"}  # layout, and the soft hyphen that word processors put into Dutch texts
ATTACK = "a\x1b[2J\x1b]8;;http://x.invalid\x1b\\klik\x1b]8;;\x1b\\ \u202eabc \x9b31m\x07\x00\u200b"


def _should_hide(char: str) -> bool:
    code = ord(char)
    return char not in KEPT and (
        unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp") or code in (0xFFFE, 0xFFFF)
    )


@pytest.mark.skipif(unicodedata.unidata_version != "14.0.0", reason="the fixed list is for Unicode 14 (Python 3.11)")
def test_the_fixed_list_is_exactly_what_the_unicode_database_says() -> None:
    hidden = {chr(c) for c in range(sys.maxunicode + 1) if HIDDEN.match(chr(c))}
    expected = {chr(c) for c in range(sys.maxunicode + 1) if _should_hide(chr(c))}
    assert hidden == expected, RANGES


@given(st.text(alphabet=st.characters(codec=None, exclude_categories=())))
def test_nothing_hidden_is_left_and_plain_text_is_untouched(text: str) -> None:
    shown = visible(text)
    assert not any(_should_hide(c) for c in shown)
    if not HIDDEN.search(text):
        assert shown == text
    assert visible(shown) == shown  # showing twice changes nothing more


def test_each_hidden_character_is_named_and_a_windows_line_end_is_a_newline() -> None:
    assert visible("a\x1b[2Jb\u202ec\r\nd\re") == "a<U+001B>[2Jb<U+202E>c\nd<U+000D>e"


def _printed(draw, terminal: bool) -> str:
    buffer = io.StringIO()
    console = make_console(buffer, width=200)
    console._force_terminal = terminal  # rich's own switch: colours and styles as on a screen
    console.legacy_windows = False
    draw(console)
    return buffer.getvalue()


@pytest.mark.parametrize("terminal", [True, False])
def test_the_console_shows_input_texts_inert_in_every_way_they_are_printed(terminal: bool) -> None:
    def draw(console) -> None:
        console.print(ATTACK)
        console.print(Text(ATTACK, style="bold"))
        table = Table("Titel")
        table.add_row(ATTACK)
        console.print(table)
        console.print(Text("link", style=Style(link="http://x.invalid")))
        console.print("[red]rood[/] :warning:")

    out = _printed(draw, terminal)
    assert "\x1b[2J" not in out and "\x1b]8" not in out and "\u202e" not in out and "\x9b" not in out
    assert "\x07" not in out and "\x00" not in out and "\u200b" not in out
    assert out.count("a<U+001B>[2J<U+001B>]8;;http://x.invalid<U+001B>\\klik") == 3
    assert "<U+202E>abc <U+009B>31m<U+0007><U+0000><U+200B>" in out
    assert "[red]rood[/] :warning:" in out  # no markup, no emoji codes from input
    if not terminal:
        assert "\x1b" not in out  # piped: no colour codes at all


def test_a_table_with_hidden_characters_stays_aligned() -> None:
    def draw(console) -> None:
        table = Table("Titel", "Score")
        table.add_row("ab\x1b[2Jcd", "1")
        table.add_row("x", "2")
        console.print(table)

    lines = [line for line in _printed(draw, False).splitlines() if line.strip()]
    assert len({len(line) for line in lines}) == 1, lines


def test_hostile_texts_reach_a_real_terminal_inert(tmp_path: Path) -> None:
    work = tmp_path / "w"
    shutil.copytree(BASE, work)
    ruleset = work / "rulesets/basis.toml"
    attack = "\\u001b[2J\\u001bc\\u001b]8;;http://x.invalid\\u001b\\\\k\\u202e"
    text = ruleset.read_text(encoding="utf-8").replace('title = "Ziekteverzuim"', f'title = "Verzuim{attack}"')
    ruleset.write_text(text.replace('title = "Flexibiliteit"', f'title = "Flex{attack}"'), encoding="utf-8")
    data = work / "case/data/teams.csv"
    data.write_text(
        data.read_text(encoding="utf-8").replace("jaarverslag 2019 p. 3", "jaar\x1b[8mverslag\x9b"), encoding="utf-8"
    )
    for args in (["evaluate", "case"], ["explain", "case", "-s", "PO", "-j", "2019"]):
        code, shown = run_in_terminal(args, cwd=work)
        assert code == 0, shown
        assert "\x1b[2J" not in shown and "\x1bc" not in shown and "\x1b]8" not in shown and "\u202e" not in shown
        assert "<U+001B>[2J" in shown
    code, shown = run_in_terminal(["explain", "case", "-s", "PO", "-j", "2019", "--volledig"], cwd=work)
    assert "jaar<U+001B>[8mverslag<U+009B>" in shown and "\x1b[8m" not in shown

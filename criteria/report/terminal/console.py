"""Every rich Console of criteria is made here: texts from input files reach a terminal inert.

Titles, bron texts, toelichtingen and archive labels come from files other people wrote. On a terminal an ESC
starts a command (colours, clearing the screen, an OSC-8 link), a C1 character does the same in one byte and a
bidi override (U+202E) turns the rest of the line around. Two measures, both here:

1. Every text that enters a rich Text is passed through `criteria.files.visible.visible` (control and format
   characters become <U+XXXX>) instead of rich's own `strip_control_codes`, which only drops BEL, BS, VT, FF and
   CR. rich calls that function wherever a Text receives characters (constructor, append, plain), and every
   str a console prints or lays out in a table becomes a Text: so widths are measured on the visible text
   and tables stay aligned. Installed once, for the whole process, by `make_console`.
2. The console itself (InertConsole) checks each rendered segment again as a last line of defence, and drops
   hyperlinks (OSC 8) from styles: criteria never makes links on a terminal.

Consoles are made without markup, emoji codes and highlighting: a title "[red]x[/]" or ":smile:" is shown as
written. criteria's own colours come from Text styles, which still work.
"""

from __future__ import annotations

from collections.abc import Iterable

import rich.text
from rich.console import Console
from rich.segment import Segment

from criteria.files.visible import HIDDEN, visible

PIPE_WIDTH = 120  # a file or pipe gets lines of this width


def _install() -> None:
    """Make rich show control characters visibly wherever a Text receives text (see the module docstring)."""
    if getattr(rich.text.strip_control_codes, "_criteria", False):
        return

    def shown(text: str, _translate_table: object = None) -> str:
        return visible(text)

    shown._criteria = True  # type: ignore[attr-defined]
    rich.text.strip_control_codes = shown


class InertConsole(Console):
    """A rich Console whose output holds no control sequence other than its own styling (see above)."""

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(_inert(buffer))


def _inert(buffer: Iterable[Segment]) -> Iterable[Segment]:
    for segment in buffer:
        text, style, control = segment
        if control:  # rich's own cursor movements (progress bars): no text from any input
            yield segment
            continue
        if style is not None and style.link:
            style = style.update_link(None)
        yield Segment(visible(text) if HIDDEN.search(text) else text, style)


def make_console(file=None, width: int | None = None, stderr: bool = False) -> Console:
    """A console that keeps input texts inert and also reads well when piped (no colour codes, 120 columns)."""
    _install()
    console = InertConsole(file=file, stderr=stderr, highlight=False, soft_wrap=False, markup=False, emoji=False)
    if not console.is_terminal and width is None:
        width = PIPE_WIDTH
    if width is not None:
        console.width = width
    return console


def message_console() -> Console:
    """The console for messages on stderr: errors, notes, what was written where (long lines wrap softly)."""
    console = make_console(stderr=True)
    console.soft_wrap = True
    return console

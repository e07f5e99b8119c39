"""Control characters made visible: what a terminal, a spreadsheet or a text file shows instead of executing.

Texts from input files (titles, bron texts, toelichtingen, labels, file names) may hold characters that do
something instead of showing something: ESC starts terminal commands (colours, clearing the screen, OSC-8
links), C1 characters do the same in one byte, bidi controls (U+202E) turn text around, zero-width characters
hide, and XML (so XLSX) forbids most of them outright. `visible` shows each of them as <U+XXXX>; newline and
tab stay (layout), a Windows line end (CR LF) becomes a newline. Everything else is left as it is.

Which characters: every control character (Unicode Cc, except tab and newline: C0, DEL, C1), every format
character (Cf: bidi controls, zero-width characters, tag characters; except the soft hyphen U+00AD, which
Dutch texts from word processors contain and which shows at most a hyphen), the line and paragraph separators
(U+2028, U+2029), lone surrogates (which cannot be written as UTF-8) and the noncharacters U+FFFE and U+FFFF
(which XML forbids). The list is fixed here for speed; tests/test_visible.py checks it against the
Unicode database of the running Python.
"""

from __future__ import annotations

import re

# Unicode 14 (Python 3.11); the test above fails when a newer Python knows more format characters.
RANGES = (
    "0000-0008 000B-001F 007F-009F 0600-0605 061C 06DD 070F 0890-0891 08E2 180E 200B-200F 2028-202E "
    "2060-2064 2066-206F D800-DFFF FEFF FFF9-FFFB FFFE-FFFF 110BD 110CD 13430-13438 1BCA0-1BCA3 "
    "1D173-1D17A E0001 E0020-E007F"
)


def _character_class() -> str:
    parts = []
    for item in RANGES.split():
        low, _, high = item.partition("-")
        parts.append(f"\\U{int(low, 16):08x}" + (f"-\\U{int(high, 16):08x}" if high else ""))
    return "[" + "".join(parts) + "]"


HIDDEN = re.compile(_character_class())
_FIND = re.compile("\r\n|" + _character_class())


def _show(match: re.Match) -> str:
    found = match.group()
    return "\n" if found == "\r\n" else f"<U+{ord(found):04X}>"


def visible(text: str) -> str:
    """`text` with every control, format and XML-forbidden character shown as <U+XXXX> (see above)."""
    if HIDDEN.search(text) is None:
        return text
    return _FIND.sub(_show, text)

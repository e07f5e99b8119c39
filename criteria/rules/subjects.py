"""A subject named by a user (pure): by its code (exactly as in case.toml) or by its title (case ignored).

One rule everywhere a subject is named (--onderwerp, corrections): the exact code first, then the title with
upper and lower case ignored but every accent and character as typed. Anything else is refused with a Dutch
message that lists the codes and titles and, where one looks alike or close, asks "bedoelde u …?". There is
never a silent fuzzy match.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from criteria.errors import CriteriaError
from criteria.model.identifiers import unknown_name


class UnknownSubject(CriteriaError):
    """No subject has this code or title; the message lists the choices."""


def find_subject(text: str, subjects: Sequence[tuple[str, str]]) -> str | None:
    """The code of the subject named `text` ((code, title) pairs in the case's order), or None."""
    for code, _ in subjects:
        if text == code:
            return code
    folded = text.casefold()
    matches = [code for code, title in subjects if title.casefold() == folded]
    return matches[0] if len(matches) == 1 else None


def choices(subjects: Sequence[tuple[str, str]]) -> str:
    """'PO (P&O), COM (Communicatie), …': what a user can type."""
    return ", ".join(f"{code} ({title})" if title != code else code for code, title in subjects)


def unknown_subject_message(text: str, subjects: Sequence[tuple[str, str]]) -> str:
    """'onbekend onderwerp 'Handhavin'; bedoelde u 'Handhaving'? kies uit: …'."""
    names = [code for code, _ in subjects] + [title for _, title in subjects]
    message, near = unknown_name("onderwerp", text, names)
    if near is None:  # no look-alike: the names closest in spelling, case ignored
        folded = {name.casefold(): name for name in reversed(names)}
        close = difflib.get_close_matches(text.casefold(), list(folded), n=3, cutoff=0.6)
        near = ("bedoelde u " + " of ".join(f"'{folded[c]}'" for c in close) + "?") if close else None
    return f"{message}; " + (f"{near} " if near else "") + f"kies uit: {choices(subjects)}"


def resolve_subject(text: str, subjects: Sequence[tuple[str, str]]) -> str:
    """The code of the subject named `text`; UnknownSubject (Dutch, with the choices) when none is."""
    found = find_subject(text, subjects)
    if found is None:
        raise UnknownSubject(unknown_subject_message(text, subjects))
    return found

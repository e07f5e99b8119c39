"""Refuse personal data in a task inventory: employees are pseudonyms (M07), never names or e-mail addresses.

Pure checks on one cell's text; the loader turns a finding into a located Dutch error. The messages never
repeat the offending text, so that the personal data does not end up in logs or terminal histories.
"""

from __future__ import annotations

import functools
import re

PSEUDONYM = re.compile(r"^[A-Z]{1,3}[0-9]{1,4}$")
ADVICE = "persoonsgegevens horen niet in de casus; gebruik een pseudoniem zoals M07"
_EMAIL = re.compile(r"\S@\S")
_CAPITALISED = re.compile(r"\b[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’-]+")
_TITLE = re.compile(r"\b(dhr|mevr|mw|mr|drs|ir|ing|de heer|mevrouw)\b\.?\s+[A-ZÀ-ÖØ-Þ]", re.IGNORECASE)
_PHONE = re.compile(r"(?<!\d)(?:\+31|0031|0)[\s-]?[1-9](?:[\s-]?\d){8}(?!\d)")


@functools.lru_cache(maxsize=4096)  # runs for every cell; a column repeats its texts (bron, ja, 2019)
def cell_problem(text: str) -> str | None:
    """Why any inventory cell looks like personal data (an e-mail address, a phone number, a titled name).

    Runs for every cell: a pattern is searched only in a text that can hold it (an '@'; at least the 10 characters
    of a phone number; at least the 4 of "mw J"), which skips most short cells (M07, 2019, ja) at no risk."""
    if "@" in text and _EMAIL.search(text):
        return "de cel lijkt een e-mailadres te bevatten"
    if len(text) >= 10 and _PHONE.search(text):
        return "de cel lijkt een telefoonnummer te bevatten"
    if len(text) >= 4 and _TITLE.search(text):
        return "de cel lijkt een naam met aanspreekvorm te bevatten (dhr., mevr., …)"
    return None


def employee_problem(text: str) -> str | None:
    """Why a 'medewerker' cell is not a pseudonym; None if it is one."""
    found = cell_problem(text)
    if found:
        return found
    if PSEUDONYM.fullmatch(text):
        return None
    if len(_CAPITALISED.findall(text)) >= 2:
        return "de cel lijkt een naam te bevatten (twee of meer woorden met een hoofdletter)"
    return "de cel bevat geen pseudoniem (een hoofdletter en een nummer, bijvoorbeeld M07 of M123)"


NOT_ECHOED = "(waarde niet herhaald: die lijkt op een persoonsgegeven)"


def looks_personal(text: str, code: bool = True) -> bool:
    """True if a cell's text may be personal data: an e-mail address, a phone number, a titled name; in a column
    that must hold a code (an id, a year, a label), also two or more capitalised words, as in a name."""
    return cell_problem(text) is not None or (code and len(_CAPITALISED.findall(text)) >= 2)


def echo(text: str, code: bool = True) -> str:
    """A cell's text quoted for a message ('XX'), or a notice instead of it when it may be personal data: every
    message that repeats a cell's text passes it through here."""
    return NOT_ECHOED if looks_personal(text, code) else f"'{text}'"

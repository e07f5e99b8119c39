"""Names that look alike but are not the same (pure): invisible characters, text not in NFC form, letters of
another script that look Latin, and names that differ only in case, Unicode form or such characters.

One place for every name a user types: ids in a ruleset, tags and applies_to, subject and partner ids of a
case, subject references in data tables and task inventories, corrections, --onderwerp, self-test files.
A message names the character and where it is: "onzichtbaar teken U+200B (zero width space) op positie 3".
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

# Letters of other scripts that look like a Latin letter (the common confusables of Cyrillic and Greek).
LOOKALIKE = {
    **dict(zip("АВЕЅІЈКМНОРСТХУҮ", "ABESIJKMHOPCTXYY")),  # Cyrillic capitals
    **dict(zip("аеіјорсухѕԁԛԝһӏү", "aeijopcyxsdqwhly")),  # Cyrillic small letters
    **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX")),  # Greek capitals
    **dict(zip("αικνορτυχ", "aiknoptux")),  # Greek small letters
}
FOREIGN_SCRIPTS = {"CYRILLIC": "Cyrillische", "GREEK": "Griekse", "ARMENIAN": "Armeense", "CHEROKEE": "Cherokee-"}
INVISIBLE_CATEGORIES = {"Cf", "Cc", "Zl", "Zp", "Co", "Cn", "Cs"}


def _code(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def _name(ch: str) -> str:
    return unicodedata.name(ch, "onbekend teken").lower()


def _char_oddity(ch: str) -> tuple[str, str] | None:
    """What is wrong with one character of a name, and what it looks like ("" if nothing): or None."""
    category = unicodedata.category(ch)
    if category in INVISIBLE_CATEGORIES:
        return f"onzichtbaar teken {_code(ch)} ({_name(ch)})", ""
    if category == "Zs" and ch != " ":
        return f"afwijkende spatie {_code(ch)} ({_name(ch)})", ""
    if category.startswith("M"):
        return f"los accentteken {_code(ch)} ({_name(ch)})", ""
    script = _name(ch).split(" ")[0].upper()
    if ch.isalpha() and script in FOREIGN_SCRIPTS:
        like = LOOKALIKE.get(ch)
        return (
            f"{FOREIGN_SCRIPTS[script]} letter '{ch}' ({_code(ch)}, {_name(ch)})",
            f", lijkt op de Latijnse '{like}'" if like else "",
        )
    folded = unicodedata.normalize("NFKC", ch)
    if folded != ch and folded.isascii() and folded.strip():
        return f"afwijkende vorm '{ch}' ({_code(ch)}, {_name(ch)})", f", lijkt op '{folded}'"
    return None


def _plain_ascii(text: str) -> bool:
    """Printable ASCII only (no control character): the common name, which needs no character-by-character look."""
    return text.isascii() and text.isprintable()


def oddities(text: str) -> list[str]:
    """Every character of `text` that makes it look like another name, with its position (1 = first)."""
    if _plain_ascii(text) and text == text.strip():
        return []  # printable ASCII: no invisible, foreign, combining or compatibility character, and in NFC
    found = []
    for position, ch in enumerate(text, start=1):
        odd = _char_oddity(ch)
        if odd is not None:
            found.append(f"{odd[0]} op positie {position}{odd[1]}")
    if text != text.strip():
        found.append("spatie aan het begin of einde")
    if not unicodedata.is_normalized("NFC", text):
        found.append(
            "de tekst is niet in de gewone Unicode-vorm (NFC): een letter en een los accent in plaats "
            "van één letter met accent"
        )
    return found


def describe(text: str) -> str | None:
    """One Dutch sentence part naming every odd character of `text`; None when it is a plain name."""
    found = oddities(text)
    return "; ".join(found) if found else None


def skeleton(text: str) -> str:
    """What a reader sees: compatibility forms folded (NFKC), invisible characters dropped, look-alike letters as
    the Latin letter they resemble, case folded. Two different names with one skeleton are look-alikes."""
    if _plain_ascii(text):
        return text.strip().casefold()  # nothing to fold, drop or replace
    folded = unicodedata.normalize("NFKC", text)
    kept = "".join(
        LOOKALIKE.get(ch, ch)
        for ch in folded
        if unicodedata.category(ch) not in INVISIBLE_CATEGORIES and not unicodedata.category(ch).startswith("M")
    )
    return kept.strip().casefold()


def how_they_differ(a: str, b: str) -> str:
    if a.casefold() == b.casefold():
        return "ze verschillen alleen in hoofdletters en kleine letters"
    if unicodedata.normalize("NFC", a) == unicodedata.normalize("NFC", b):
        return "ze verschillen alleen in de Unicode-vorm (NFC/NFD)"
    parts = [f"'{name}' bevat {odd}" for name in (a, b) if (odd := describe(name))]
    return "; ".join(parts) if parts else "ze lijken op elkaar"


def collisions(names: Iterable[str]) -> list[tuple[str, str]]:
    """Pairs (first, later) of different names that look alike, in the order given."""
    first_of: dict[str, str] = {}
    pairs = []
    for name in names:
        key = skeleton(name)
        earlier = first_of.setdefault(key, name)
        if earlier != name:
            pairs.append((earlier, name))
    return pairs


def collision_message(what: str, earlier: str, later: str) -> str:
    return f"{what} '{later}' lijkt op '{earlier}': {how_they_differ(earlier, later)}"


def lookalike(name: str, known: Iterable[str]) -> str | None:
    """The known name that `name` looks like (same skeleton), when `name` itself is not known."""
    key = skeleton(name)
    return next((k for k in known if k != name and skeleton(k) == key), None)


def unknown_name(what: str, name: str, known: list[str]) -> tuple[str, str | None]:
    """(message, suggestion) for a name that is not among `known`: the invisible or foreign characters it holds and
    the known name it resembles, e.g. ("onbekend onderwerp 'PO\u200b': onzichtbaar teken U+200B … op positie 3",
    "bedoelt u 'PO'?")."""
    odd = describe(name)
    message = f"onbekend {what} '{name}'" + (f": {odd}" if odd else "")
    near = lookalike(name, known)
    return message, (f"bedoelt u '{near}'?" if near is not None else None)

"""Numbers as people write them in spreadsheets and CSV files, read without guessing (pure).

A number may have a sign (+, -, −), a euro sign (€, EUR) before it, a percent sign after it (12 % is 12), and
",-" for whole euros (25,- is 25). Digits may be grouped in thousands by a space (also a non-breaking or thin
one) and, depending on the writer, by a point or a comma; the other mark is the decimal mark:

- DUTCH ("1.234,5"): decimal comma; point or space between thousands;
- INTERNATIONAL ("1,234.5"): decimal point; comma or space between thousands.

A data file may declare its writer (case.toml: number_format). Without a declaration a text is read only when
both writers would read it as the same number: "4.732" (4732 or 4,732?) is refused with both readings, never
guessed. With a declaration a text must fit it: "12.5" in a Dutch file is refused, not read as 12,5.
Scientific notation (1e3, 1.5E-2, with a decimal point) is read in every file. A number between brackets
(accounting negative) is refused: it is not clear enough to read as a negative number.
"""

from __future__ import annotations

import functools
import math
import re
import sys
from dataclasses import dataclass

import numpy as np

DUTCH = "1.234,5"
INTERNATIONAL = "1,234.5"
NUMBER_FORMATS = (DUTCH, INTERNATIONAL)
_MARKS = {DUTCH: (",", "."), INTERNATIONAL: (".", ",")}  # writer -> (decimal mark, thousands mark)
WRITER_TEXT = {
    DUTCH: "komma als decimaalteken, punt tussen duizendtallen",
    INTERNATIONAL: "punt als decimaalteken, komma tussen duizendtallen",
}
_SPACES = " \u00a0\u2009\u202f"
_BODY = re.compile(r"[0-9]*(?:[.,\u00a0\u2009\u202f ][0-9]*)*")
_SPLIT = re.compile(r"([.,\u00a0\u2009\u202f ])")
_SCIENTIFIC = re.compile(r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)[eE][-+]?[0-9]{1,4}")
MAX_NUMBER_CHARS = 1000


@dataclass(frozen=True)
class Refused:
    """Why a text with digits is not read as a number (Dutch, for a located error)."""

    message: str
    kind: str = "invalid"  # "ambiguous", "mismatch" (with the declared writer), "bracketed" or "invalid"
    summary: str = ""  # for one message about many cells refused for this reason: "zijn dubbelzinnig"
    example: str = ""  # this cell as the example in such a message: "'4.732': dat kan 4,732 of 4732 zijn"


def _decorations(text: str) -> tuple[str, str, bool]:
    """(sign, body, bracketed): the text without sign, euro sign, percent sign and ",-"."""
    s = text.strip().replace("\u2212", "-")
    bracketed = len(s) > 2 and s[0] == "(" and s[-1] == ")"
    if bracketed:
        s = s[1:-1].strip()
    if s.endswith("%"):
        s = s[:-1].rstrip()
    sign = ""
    if s[:1] in ("+", "-"):
        sign, s = s[0], s[1:].lstrip()
    for currency in ("€", "eur"):
        if s[: len(currency)].lower() == currency:
            s = s[len(currency) :].lstrip()
            break
    if not sign and s[:1] in ("+", "-"):
        sign, s = s[0], s[1:]
    if s.endswith((",-", ",--")):  # Dutch whole amounts: 25,- is 25,00
        s = s[: s.rindex(",")] + ",0"
    return sign, s, bracketed


def _grouped(groups: list[str], marks: list[str]) -> bool:
    """Digits in thousands: a first group of 1-3 digits not starting with 0, then groups of 3, one kind of mark."""
    if not marks:
        return bool(groups[0])
    return (
        len(set(marks)) == 1
        and 1 <= len(groups[0]) <= 3
        and groups[0][0] != "0"
        and all(len(g) == 3 for g in groups[1:])
    )


def _reading(groups: list[str], marks: list[str], writer: str) -> str | None:
    """The number as plain digits ("1234.5") if `writer` can have written it so; else None."""
    decimal, thousands = _MARKS[writer]
    marks = [" " if m in _SPACES else m for m in marks]
    if any(m not in (decimal, thousands, " ") for m in marks) or decimal in marks[:-1]:
        return None
    if marks and marks[-1] == decimal:
        whole, fraction, marks = groups[:-1], groups[-1], marks[:-1]
        if whole == [""]:
            return "0." + fraction
        return "".join(whole) + "." + fraction if _grouped(whole, marks) else None
    return "".join(groups) if _grouped(groups, marks) else None


def _finite(sign: str, digits: str) -> float | None:
    value = float(sign + digits)
    return value + 0.0 if math.isfinite(value) else None  # + 0.0: no negative zero


@functools.lru_cache(maxsize=4096)  # a column repeats its texts (an fte of 0,5 in every other row): read each once
def read_number(text: str, writer: str | None = None) -> float | Refused | None:
    """A cell's text as a number, read as `writer` writes numbers (None: not declared).

    Returns the number; Refused (with the reason) for a text with digits that is no number, does not fit the
    declared writer, or could be two numbers; None for a text without digits (a label such as "ja", or "").
    """
    if not any(ch.isdigit() for ch in text):
        return None
    shown = text.strip()
    invalid = Refused(f"'{shown}' is geen geldig getal")
    if len(text) > MAX_NUMBER_CHARS:
        return invalid
    sign, body, bracketed = _decorations(text)
    if _SCIENTIFIC.fullmatch(body):
        value = _finite(sign, body)
        if value is None:
            return invalid
    else:
        if not body or not _BODY.fullmatch(body) or not body[-1].isdigit():
            return invalid
        pieces = _SPLIT.split(body)
        groups, marks = pieces[0::2], pieces[1::2]
        if any(not g for g in groups[1:]):
            return invalid
        writers = NUMBER_FORMATS if writer is None else (writer,)
        readings = {w: r for w in writers if (r := _reading(groups, marks, w)) is not None}
        if not readings:
            other = INTERNATIONAL if writer == DUTCH else DUTCH
            if writer is not None and _reading(groups, marks, other) is not None:
                why = f'de schrijfwijze van dit bestand (number_format = "{writer}": {WRITER_TEXT[writer]})'
                return Refused(f"'{shown}' past niet bij {why}", "mismatch", f"passen niet bij {why}", f"'{shown}'")
            return invalid
        values = {_finite(sign, r) for r in readings.values()}
        if None in values:
            return invalid
        if len(values) > 1 and not bracketed:
            decimal, grouped = sorted(readings.values(), key=lambda r: "." not in r)
            both = f"{sign}{decimal.replace('.', ',')} of {sign}{grouped}"
            return Refused(
                f"'{shown}' is dubbelzinnig: het kan {both} zijn",
                "ambiguous",
                "zijn dubbelzinnig",
                f"'{shown}': dat kan {both} zijn",
            )
        value = values.pop()
    if bracketed:
        return Refused(
            f"'{shown}': een getal tussen haakjes wordt niet als negatief getal gelezen",
            "bracketed",
            "staan tussen haakjes (zo'n getal wordt niet als negatief getal gelezen)",
            f"'{shown}'",
        )
    return value


def parse_number(text: str, writer: str | None = None) -> float | None:
    """The number in `text`, or None if it is none (or not a certain one)."""
    found = read_number(text, writer)
    return found if isinstance(found, float) else None


def ambiguity_advice(declarable: bool) -> str:
    """How to settle an ambiguous number: declare how the file writes numbers (a file listed in case.toml), or
    write the number so that it can only be read one way."""
    rewrite = "schrijf duizendtallen zonder scheidingsteken (4732) en drie decimalen met een 0 erachter (4,7320)"
    if declarable:
        return (
            'zet bij dit bestand in case.toml hoe het getallen schrijft: number_format = "1.234,5" (komma als '
            'decimaalteken) of "1,234.5" (punt als decimaalteken); of ' + rewrite
        )
    return rewrite


_PLAIN = re.compile(r"-?([0-9]{1,20})(?:([.,])([0-9]{1,20}))?")


COLUMNAR_TEXTS = 2_000  # this many texts, with polars in use already (a large table): the quick way column-wise


def _columnar(texts: list[str], writer: str | None) -> tuple[np.ndarray, dict[int, float | Refused | None]] | None:
    """The quick way column-wise, for a large table with polars in use already: the plain numbers as an array (NaN
    elsewhere) and read_number of every other text by its place; None when the texts are read one by one."""
    if len(texts) < COLUMNAR_TEXTS or "polars" not in sys.modules:
        return None
    from criteria.load.csv_fast import plain_numbers

    numbers, accepted = plain_numbers(texts, writer, DUTCH, INTERNATIONAL)
    others = {i: read_number(texts[i], writer) for i in np.flatnonzero(~accepted).tolist()}
    return np.array(numbers, dtype=float), others


def number_columns(texts: list[str], writer: str | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """read_numbers as arrays, per text: (the number, NaN where there is none; refused; a label: no digits)."""
    columnar = _columnar(texts, writer)
    if columnar is not None:
        numbers, others = columnar
        refused, label = np.zeros(len(texts), dtype=bool), np.zeros(len(texts), dtype=bool)
        for i, read in others.items():
            numbers[i] = read if isinstance(read, float) else np.nan
            refused[i], label[i] = isinstance(read, Refused), read is None
        return numbers, refused, label
    each = read_numbers(texts, writer)
    return (
        np.array([r if isinstance(r, float) else np.nan for r in each], dtype=float),
        np.array([isinstance(r, Refused) for r in each], dtype=bool),
        np.array([r is None for r in each], dtype=bool),
    )


def read_numbers(texts: list[str], writer: str | None = None) -> list[float | Refused | None]:
    """read_number for many texts (the distinct texts of a column), with a quick way for the common shapes: digits,
    optionally a minus sign and one decimal mark that cannot be a thousands separator. Same results."""
    columnar = _columnar(texts, writer)
    if columnar is not None:
        numbers, others = columnar
        found: list[float | Refused | None] = numbers.tolist()
        for i, read in others.items():
            found[i] = read
        return found
    out: list[float | Refused | None] = []
    for text in texts:
        plain = _PLAIN.fullmatch(text)
        if plain is not None:
            whole, mark, fraction = plain.groups()
            if mark is None:
                out.append(float(text) + 0.0)
                continue
            three = len(fraction) == 3 and len(whole) <= 3 and whole[0] != "0"
            if (
                (writer is None and not three)
                or (writer == DUTCH and mark == ",")
                or (writer == INTERNATIONAL and mark == ".")
            ):
                out.append(float(text.replace(",", ".")) + 0.0)
                continue
        out.append(read_number(text, writer))
    return out

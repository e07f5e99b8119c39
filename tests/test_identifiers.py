"""Look-alike names (issue 11, class 6): criteria.model.identifiers names every invisible, foreign or non-NFC
character with its position, and finds names that differ only in such characters or in case."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from criteria.model import identifiers as ids

NAMES = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_0123456789", min_size=1, max_size=12)
TRICKS = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202e"]  # invisible: no visible trace


def test_each_kind_of_odd_character_is_named_with_its_position() -> None:
    assert ids.describe("PO\u200b") == "onzichtbaar teken U+200B (zero width space) op positie 3"
    assert ids.describe("P\u041e") == (
        "Cyrillische letter 'О' (U+041E, cyrillic capital letter o) op positie 2, lijkt op de Latijnse 'O'"
    )
    assert ids.describe("\u03a1O") == (
        "Griekse letter 'Ρ' (U+03A1, greek capital letter rho) op positie 1, lijkt op de Latijnse 'P'"
    )
    assert (
        ids.describe("\uff30O")
        == "afwijkende vorm 'Ｐ' (U+FF30, fullwidth latin capital letter p) op positie 1, lijkt op 'P'"
    )
    assert ids.describe("a\u00a0b") == "afwijkende spatie U+00A0 (no-break space) op positie 2"
    assert "los accentteken U+0301 (combining acute accent) op positie 5" in ids.describe("cafe\u0301")
    assert "niet in de gewone Unicode-vorm (NFC)" in ids.describe("cafe\u0301")
    assert ids.describe("x\u202ey") == "onzichtbaar teken U+202E (right-to-left override) op positie 2"
    assert ids.describe(" PO") == "spatie aan het begin of einde"
    for plain in ("PO", "kosten_per_fte", "café", "primair_proces", "Gemeente Noord"):
        assert ids.describe(plain) is None, plain


def test_collisions_under_case_unicode_form_and_invisible_characters() -> None:
    names = ["PO", "COM", "po", "P\u041e", "PO\u200b", "café", "cafe\u0301", "FA"]
    assert ids.collisions(names) == [("PO", "po"), ("PO", "P\u041e"), ("PO", "PO\u200b"), ("café", "cafe\u0301")]
    assert ids.collision_message("onderwerp", "PO", "po") == (
        "onderwerp 'po' lijkt op 'PO': ze verschillen alleen in hoofdletters en kleine letters"
    )
    assert "alleen in de Unicode-vorm (NFC/NFD)" in ids.collision_message("tag", "café", "cafe\u0301")
    assert "bevat onzichtbaar teken U+200B" in ids.collision_message("onderwerp", "PO", "PO\u200b")


def test_an_unknown_name_says_what_is_odd_and_which_known_name_it_resembles() -> None:
    assert ids.unknown_name("onderwerp", "PO\u200b", ["PO", "COM"]) == (
        "onbekend onderwerp 'PO\u200b': onzichtbaar teken U+200B (zero width space) op positie 3",
        "bedoelt u 'PO'?",
    )
    assert ids.unknown_name("onderwerp", "Po", ["PO", "COM"]) == ("onbekend onderwerp 'Po'", "bedoelt u 'PO'?")
    assert ids.unknown_name("onderwerp", "XX", ["PO", "COM"]) == ("onbekend onderwerp 'XX'", None)


@settings(max_examples=200)
@given(NAMES, st.sampled_from(TRICKS), st.data())
def test_a_name_with_an_invisible_character_is_named_and_collides_with_the_plain_one(
    name: str, trick: str, data
) -> None:
    at = data.draw(st.integers(0, len(name)), label="position")
    tricked = name[:at] + trick + name[at:]
    odd = ids.describe(tricked)
    assert odd is not None and f"U+{ord(trick):04X}" in odd and f"op positie {at + 1}" in odd
    assert ids.collisions([name, tricked]) == [(name, tricked)]
    assert ids.lookalike(tricked, [name]) == name


@settings(max_examples=200)
@given(NAMES)
def test_plain_names_are_left_alone_and_differ_from_each_other_only_by_more_than_case(name: str) -> None:
    assert ids.describe(name) is None
    assert ids.skeleton(name) == unicodedata.normalize("NFKC", name).casefold()
    assert ids.collisions([name, name.swapcase()]) == ([] if name == name.swapcase() else [(name, name.swapcase())])

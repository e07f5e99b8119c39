"""A subject is named by its code or its title, everywhere; anything else is refused with the choices (issue 14)."""

from __future__ import annotations

import pytest
from conftest import run_cli
from hypothesis import given
from hypothesis import strategies as st

from criteria.rules.subjects import UnknownSubject, find_subject, resolve_subject

SUBJECTS = [("PO", "P&O"), ("COM", "Communicatie"), ("FA", "Financiële Administratie"), ("HH", "Handhaving")]


@pytest.mark.parametrize(
    "typed, code",
    [
        ("HH", "HH"),
        ("Handhaving", "HH"),
        ("handhaving", "HH"),
        ("HANDHAVING", "HH"),
        ("p&o", "PO"),
        ("financiële administratie", "FA"),
    ],
)
def test_code_or_title_names_the_subject(typed, code) -> None:
    assert resolve_subject(typed, SUBJECTS) == code


@pytest.mark.parametrize(
    "typed, fragments",
    [
        ("hh", ["onbekend onderwerp 'hh'", "bedoelt u 'HH'?"]),  # a code is exact: case matters
        ("Handhavin", ["onbekend onderwerp 'Handhavin'", "bedoelde u 'Handhaving'?"]),
        ("Financiele Administratie", ["bedoelde u 'Financiële Administratie'?"]),  # accents as typed, never dropped
        ("Handhaving ", ["spatie aan het begin of einde"]),
        ("H\u200bH", ["onzichtbaar teken U+200B"]),
        (
            "XYZ",
            [
                (
                    "onbekend onderwerp 'XYZ'; kies uit: PO (P&O), COM (Communicatie), FA (Financiële Administratie), "
                    "HH (Handhaving)"
                )
            ],
        ),
    ],
)
def test_anything_else_is_refused_with_the_choices(typed, fragments) -> None:
    with pytest.raises(UnknownSubject) as err:
        resolve_subject(typed, SUBJECTS)
    for fragment in fragments:
        assert fragment in str(err.value)
    assert "kies uit: PO (P&O)" in str(err.value)


def test_a_code_wins_over_a_title() -> None:
    assert resolve_subject("B", [("A", "B"), ("B", "Bee")]) == "B"
    assert resolve_subject("b", [("A", "B"), ("B", "Bee")]) == "A"  # no code 'b': the title 'B'


def test_two_titles_alike_in_case_name_no_subject() -> None:
    assert find_subject("team", [("A", "Team"), ("B", "TEAM")]) is None


names = st.text(st.characters(categories=["L", "N", "P", "Zs"]), min_size=1, max_size=12)


@given(
    st.lists(st.tuples(names, names), min_size=1, max_size=6, unique_by=(lambda s: s[0], lambda s: s[1].casefold())),
    names,
)
def test_a_match_is_always_exact_code_or_title(subjects, typed) -> None:
    """Law: the answer is the subject whose code is the text, else whose title equals it ignoring case; never a
    subject that merely looks alike."""
    found = find_subject(typed, subjects)
    codes = [c for c, _ in subjects]
    if typed in codes:
        assert found == typed
    elif found is not None:
        assert dict(subjects)[found].casefold() == typed.casefold()
    else:
        assert all(t.casefold() != typed.casefold() for _, t in subjects)
    for code, title in subjects:  # every subject can be named by its code
        assert find_subject(code, subjects) == code


def test_explain_and_corrections_take_a_title(tmp_path) -> None:
    by_code = run_cli("explain", "cases/heemstede-bloemendaal", "--onderwerp", "HH", "--jaar", "2019")
    by_title = run_cli("explain", "cases/heemstede-bloemendaal", "--onderwerp", "Handhaving", "--jaar", "2019")
    assert by_code.returncode == 0, by_code.stderr
    assert by_title.stdout == by_code.stdout
    wrong = run_cli("explain", "cases/heemstede-bloemendaal", "--onderwerp", "Handhavin", "--jaar", "2019")
    assert wrong.returncode == 2 and "bedoelde u 'Handhaving'?" in " ".join(wrong.stderr.split())
    corrected = run_cli(
        "evaluate",
        "cases/heemstede-bloemendaal",
        "-f",
        "json",
        "--archief",
        str(tmp_path / "a.sqlite"),
        "--correctie",
        "Handhaving:2019:proces=7,5",
        "--reden",
        "besluit",
    )
    assert corrected.returncode == 0, corrected.stderr
    assert '"subject": "HH"' in corrected.stdout

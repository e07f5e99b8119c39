"""The illustratief warning: one renderer, a long form for reports and a short form for the last screen; every
count says what it counts (never 'LET OP: 6 zijn een schatting.')."""

from __future__ import annotations

import re
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from criteria.report.common import illustrative_warning


def _result(
    illustrative: int = 0,
    total: int = 658,
    quality_c: int = 0,
    reference: int = 0,
    reference_estimates: int = 0,
    estimate_share: float | None = None,
) -> SimpleNamespace:
    meta = SimpleNamespace(
        values_illustrative=illustrative,
        values_total=total,
        values_quality_c=quality_c,
        reference_values=reference,
        reference_estimates=reference_estimates,
        reference_title="CBS",
        estimate_share=estimate_share,
    )
    return SimpleNamespace(meta=meta)


def test_short_form_names_the_quality_c_data_when_it_stands_alone() -> None:
    text = illustrative_warning(_result(quality_c=6), short=True)  # type: ignore[arg-type]
    assert text == "LET OP: 6 gegevens van de casus zijn een schatting. Gebruik deze uitkomsten niet als bevinding."
    one = illustrative_warning(_result(quality_c=1), short=True)  # type: ignore[arg-type]
    assert one is not None and one.startswith("LET OP: 1 gegeven van de casus is een schatting.")


def test_short_form_after_the_illustrative_share_counts_the_rest_apart() -> None:
    text = illustrative_warning(_result(illustrative=587, quality_c=2), short=True)  # type: ignore[arg-type]
    assert text == (
        "LET OP: 587 van de 658 gegevens van de casus zijn illustratief (89 %) en nog 2 zijn een schatting. "
        "Gebruik deze uitkomsten niet als bevinding."
    )


def test_short_form_names_the_reference_table() -> None:
    text = illustrative_warning(_result(reference=702, reference_estimates=1), short=True)  # type: ignore[arg-type]
    assert (
        text == "LET OP: 1 waarde uit de referentietabel is een schatting. Gebruik deze uitkomsten niet als bevinding."
    )


def test_long_form_leads_with_the_case_and_counts_the_reference_table_apart() -> None:
    text = illustrative_warning(
        _result(illustrative=587, reference=702, reference_estimates=12, quality_c=2, estimate_share=0.4)
    )  # type: ignore[arg-type]
    assert text == (
        "LET OP: 587 van de 658 gegevens van de casus zijn illustratief (89 %), geen echte brongegevens. "
        "Van de 702 waarden uit de referentietabel (CBS) zijn 12 een schatting. Nog 2 gegevens zijn een "
        "reconstructie of schatting (kwaliteit C). Gemiddeld rust 40 % van het gewicht van de scores op "
        "illustratieve gegevens of schattingen. Gebruik deze uitkomsten niet als bevinding."
    )


@given(st.integers(0, 5000), st.integers(0, 50), st.integers(0, 50), st.booleans())
def test_every_count_in_either_form_is_followed_by_what_it_counts(
    illustrative: int, quality_c: int, reference_estimates: int, short: bool
) -> None:
    result = _result(
        illustrative=illustrative,
        total=5000,
        quality_c=quality_c,
        reference=100,
        reference_estimates=reference_estimates,
    )
    text = illustrative_warning(result, short=short)  # type: ignore[arg-type]
    assert (text is None) == (not illustrative and not quality_c and not reference_estimates)
    if text is not None:
        assert text.startswith("LET OP: ") and text.endswith("Gebruik deze uitkomsten niet als bevinding.")
        assert not re.match(r"LET OP: \d+ (is|zijn) ", text)  # a bare number as the subject

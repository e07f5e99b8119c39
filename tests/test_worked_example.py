"""The worked example: Handhaving (HH), 2019, in the bundled case, computed by hand.

This test is the reference for the worked example in the documentation: the docs copy these numbers.
Every input below is a literal from cases/heemstede-bloemendaal/data/*.csv (with its line), every step is
plain arithmetic with the anchors, bands and weights of rulesets/heemstede-2020.toml. The kwetsbaarheid
inputs are counted by hand from the task inventory (taken.csv, regels 512–535), not with criteria.inventory.

Result (HH, 2019):

    Kwetsbaarheid (60)                                   7.134259
        dekking kritieke taken      8 / 9 × 100 = 88.89 %  -> 7.777778   (lineair 50 -> 0, 100 -> 10)
        eenmansfuncties             1                      -> 5          (band 1 tot 2)
        onbezette kritieke taken    0                      -> 10         (band tot 1; geen knock-out)
        uitval één medewerker       1 (M47)                -> 6          (band 1 tot 2)
    Inzetbaarheid (40)                                   2.751128
        ziekteverzuim               8.9 %                  -> 0          (lineair 7.5 -> 0, 2.6 -> 10; begrensd)
        vacaturevervultijd          150 dagen              -> 3.571429   (lineair 200 -> 0, 60 -> 10)
        verloop                     1.6 / 12.8 × 100 = 12.5 % -> 6       (band 10 tot 15)
        meldingen binnen termijn    1170 / 1520 × 100 = 76.97 % -> 2.789474 (lineair 70 -> 0, 95 -> 10)
    Flexibiliteit (40)                                   5.381007
    Kosten (35)                                          3.058187
        lasten per inwoner          +3.101893 % t.o.v. 2017 -> 4.598738  (lineair +10 -> 0, -5 -> 10)
        formatie per 1.000 inw.     index 110.462364       -> 4.884409   (lineair 130 -> 0, 90 -> 10)
        externe inhuur              12.003968 %            -> 4.163360   (lineair 17 -> 0, 5 -> 10)
        bijdrage volgens sleutel    |47.4 - 50| = 2.6 pp   -> 4.8        (lineair 5 -> 0, 0 -> 10)
        kosten van de gemeenten     openbare orde +31.03 % t.o.v. de groepsmediaan -> 0 (lineair +30 -> 0)
    Proces (25)                                          5.25
        doelen deels 5, kader deels 5, begeleidingsgroep nee 0, evaluatie nee 0,
        rapportage ja 10, raadsinformatie 4 momenten 10 (band vanaf 4)
    Totaal                                               4.535268  -> shown as 4,5 (voldoet niet)
"""

from __future__ import annotations

import pytest
from builders import node, year_total
from conftest import CASE

from criteria.pipeline.run import run
from criteria.report.common import score_text

TOL = 1e-6


def clamp(x: float) -> float:
    """A linear score is clamped to 0..10."""
    return max(0.0, min(10.0, x))


# --- inputs, literally from the CSV files --------------------------------------------------------------------
# teams.csv (Handhaving, 2019)
FORMATIE_FTE = 14  # teams.csv regel 350: HH;2019;formatie_fte;;14
BEZETTING_FTE = 12.8  # teams.csv regel 351: HH;2019;bezetting_fte;;12,8
UITSTROOM_FTE = 1.6  # teams.csv regel 352: HH;2019;uitstroom_fte;;1,6
ZIEKTEVERZUIM = 8.9  # teams.csv regel 353: HH;2019;ziekteverzuim;;8,9
VACATUREVERVULTIJD = 150  # teams.csv regel 354: HH;2019;vacaturevervultijd;;150
# taken.csv regels 512–535 (Handhaving, 2019): the task inventory; counted in test_inventory_counts_by_hand
INVENTORY_LINES = (512, 535)
KRITIEKE_TAKEN = 9  # the tasks with kritiek = ja
KRITIEKE_TAKEN_GEDEKT = 8  # ... with two people gekwalificeerd = ja
EENMANSFUNCTIES = 1  # ... with exactly one (Lastgevingen en dwangsommen: M47; M50 only 'deels')
ONBEZETTE_KRITIEKE_TAKEN = 0  # ... with nobody
GROOTSTE_UITVAL = 1  # the most critical tasks one absent person stops: M47, 1
LOONSOM = 887000  # teams.csv regel 359: HH;2019;loonsom;;887000
INHUUR = 121000  # teams.csv regel 360: HH;2019;inhuur;;121000
MATERIELE_LASTEN = 80000  # teams.csv regel 361: HH;2019;materiele_lasten;;80000
REF_FORMATIE_PER_1000 = 0.25  # teams.csv regel 362: HH;2019;ref_formatie_per_1000;;0,25
BIJDRAGE_HEEMSTEDE = 515712  # teams.csv regel 363: HH;2019;bijdrage;heemstede;515712
BIJDRAGE_BLOEMENDAAL = 572288  # teams.csv regel 364: HH;2019;bijdrage;bloemendaal;572288
SLEUTEL_HEEMSTEDE = 50  # teams.csv regel 365: HH;2019;verdeelsleutel_pct;heemstede;50
RAPPORTAGE_TEAMNIVEAU = "ja"  # teams.csv regel 367: HH;2019;rapportage_teamniveau;;ja
MELDINGEN_TOTAAL = 1520  # teams.csv regel 368: HH;2019;meldingen_totaal;;1520
MELDINGEN_TIJDIG = 1170  # teams.csv regel 369: HH;2019;meldingen_tijdig;;1170
# teams.csv (Handhaving, 2017: the nullijn of 'lasten per inwoner')
LOONSOM_2017 = 851400  # teams.csv regel 319: HH;2017;loonsom;;851400
INHUUR_2017 = 64100  # teams.csv regel 320: HH;2017;inhuur;;64100
MATERIELE_LASTEN_2017 = 71000  # teams.csv regel 321: HH;2017;materiele_lasten;;71000
# samenwerking.csv (the samenwerking as a whole, or per partner)
INWONERS_HEEMSTEDE = 27286  # samenwerking.csv regel 17: ;2019;inwoners;heemstede;27286 (CBS)
INWONERS_BLOEMENDAAL = 23410  # samenwerking.csv regel 21: ;2019;inwoners;bloemendaal;23410 (CBS)
INWONERS_HEEMSTEDE_2017 = 26936  # samenwerking.csv regel 15: ;2017;inwoners;heemstede;26936 (CBS)
INWONERS_BLOEMENDAAL_2017 = 22826  # samenwerking.csv regel 19: ;2017;inwoners;bloemendaal;22826 (CBS)
OOV_HEEMSTEDE = 390  # samenwerking.csv regel 73: ;2019;lasten_openbare_orde;heemstede;390 (k€, CBS)
OOV_BLOEMENDAAL = 847  # samenwerking.csv regel 77: ;2019;lasten_openbare_orde;bloemendaal;847 (k€, CBS)
PRIJSINDEX = 105  # samenwerking.csv regel 82: ;2019;prijsindex;;105
PRIJSINDEX_2017 = 100  # samenwerking.csv regel 80: ;2017;prijsindex;;100
DOELEN_NULMETING = "deels"  # samenwerking.csv regel 89: ;2019;doelen_nulmeting;;deels
KADER_BEIDE_RADEN = "deels"  # samenwerking.csv regel 93: ;2019;kader_beide_raden;;deels
BEGELEIDINGSGROEP_RAAD = "nee"  # samenwerking.csv regel 97: ;2019;begeleidingsgroep_raad;;nee
TUSSENTIJDSE_EVALUATIE = "nee"  # samenwerking.csv regel 101: ;2019;tussentijdse_evaluatie;;nee
RAADSINFORMATIEMOMENTEN = 4  # samenwerking.csv regel 105: ;2019;raadsinformatiemomenten;;4
# the reference group 'randstad_20_50k' in 2019, from the bundled CBS file (see oov_median_2019)
OOV_MEDIAAN_2019 = 18.623820  # € per inwoner, median of 40 gemeenten (taakveld 1.2 lasten × 1000 / inwoners)

SOURCES = [  # (file, line, subject, year, field, partner, literal above)
    ("teams.csv", 350, "HH", 2019, "formatie_fte", "", FORMATIE_FTE),
    ("teams.csv", 351, "HH", 2019, "bezetting_fte", "", BEZETTING_FTE),
    ("teams.csv", 352, "HH", 2019, "uitstroom_fte", "", UITSTROOM_FTE),
    ("teams.csv", 353, "HH", 2019, "ziekteverzuim", "", ZIEKTEVERZUIM),
    ("teams.csv", 354, "HH", 2019, "vacaturevervultijd", "", VACATUREVERVULTIJD),
    ("teams.csv", 359, "HH", 2019, "loonsom", "", LOONSOM),
    ("teams.csv", 360, "HH", 2019, "inhuur", "", INHUUR),
    ("teams.csv", 361, "HH", 2019, "materiele_lasten", "", MATERIELE_LASTEN),
    ("teams.csv", 362, "HH", 2019, "ref_formatie_per_1000", "", REF_FORMATIE_PER_1000),
    ("teams.csv", 363, "HH", 2019, "bijdrage", "heemstede", BIJDRAGE_HEEMSTEDE),
    ("teams.csv", 364, "HH", 2019, "bijdrage", "bloemendaal", BIJDRAGE_BLOEMENDAAL),
    ("teams.csv", 365, "HH", 2019, "verdeelsleutel_pct", "heemstede", SLEUTEL_HEEMSTEDE),
    ("teams.csv", 367, "HH", 2019, "rapportage_teamniveau", "", RAPPORTAGE_TEAMNIVEAU),
    ("teams.csv", 368, "HH", 2019, "meldingen_totaal", "", MELDINGEN_TOTAAL),
    ("teams.csv", 369, "HH", 2019, "meldingen_tijdig", "", MELDINGEN_TIJDIG),
    ("teams.csv", 319, "HH", 2017, "loonsom", "", LOONSOM_2017),
    ("teams.csv", 320, "HH", 2017, "inhuur", "", INHUUR_2017),
    ("teams.csv", 321, "HH", 2017, "materiele_lasten", "", MATERIELE_LASTEN_2017),
    ("samenwerking.csv", 17, "", 2019, "inwoners", "heemstede", INWONERS_HEEMSTEDE),
    ("samenwerking.csv", 21, "", 2019, "inwoners", "bloemendaal", INWONERS_BLOEMENDAAL),
    ("samenwerking.csv", 15, "", 2017, "inwoners", "heemstede", INWONERS_HEEMSTEDE_2017),
    ("samenwerking.csv", 19, "", 2017, "inwoners", "bloemendaal", INWONERS_BLOEMENDAAL_2017),
    ("samenwerking.csv", 73, "", 2019, "lasten_openbare_orde", "heemstede", OOV_HEEMSTEDE),
    ("samenwerking.csv", 77, "", 2019, "lasten_openbare_orde", "bloemendaal", OOV_BLOEMENDAAL),
    ("samenwerking.csv", 82, "", 2019, "prijsindex", "", PRIJSINDEX),
    ("samenwerking.csv", 80, "", 2017, "prijsindex", "", PRIJSINDEX_2017),
    ("samenwerking.csv", 89, "", 2019, "doelen_nulmeting", "", DOELEN_NULMETING),
    ("samenwerking.csv", 93, "", 2019, "kader_beide_raden", "", KADER_BEIDE_RADEN),
    ("samenwerking.csv", 97, "", 2019, "begeleidingsgroep_raad", "", BEGELEIDINGSGROEP_RAAD),
    ("samenwerking.csv", 101, "", 2019, "tussentijdse_evaluatie", "", TUSSENTIJDSE_EVALUATIE),
    ("samenwerking.csv", 105, "", 2019, "raadsinformatiemomenten", "", RAADSINFORMATIEMOMENTEN),
]


def hand_computation() -> dict[str, float]:
    """The whole computation, one line per step. Names are the ruleset's ids."""
    # --- Kwetsbaarheid: dekking 40, eenmansfuncties 35, onbezet 25, uitval 20 --------------------------------
    dekking = KRITIEKE_TAKEN_GEDEKT / KRITIEKE_TAKEN * 100  # 8 / 9 × 100 = 88.89 %
    s_dekking = clamp((dekking - 50) / (100 - 50) * 10)  # linear 50 -> 0, 100 -> 10: 7.78
    assert 1 <= EENMANSFUNCTIES < 2
    s_eenmans = 5.0  # band 'min 1, max 2': 5
    assert ONBEZETTE_KRITIEKE_TAKEN < 1 and ONBEZETTE_KRITIEKE_TAKEN <= 0  # norm at_most 0 met: no knock-out
    s_onbezet = 10.0  # band 'max 1': 10
    assert 1 <= GROOTSTE_UITVAL < 2
    s_uitval = 6.0  # band 'min 1, max 2': 6
    kwetsbaarheid = (40 * s_dekking + 35 * s_eenmans + 25 * s_onbezet + 20 * s_uitval) / (40 + 35 + 25 + 20)  # 7.13

    # --- Inzetbaarheid: verzuim 30, vacatureduur 20, verloop 20, meldingen 30 (HH is primair proces) --------
    s_verzuim = clamp((ZIEKTEVERZUIM - 7.5) / (2.6 - 7.5) * 10)  # (8.9 - 7.5) / -4.9 × 10 < 0: 0
    s_vacature = clamp((VACATUREVERVULTIJD - 200) / (60 - 200) * 10)  # -50 / -140 × 10 = 3.57
    verloop = UITSTROOM_FTE / BEZETTING_FTE * 100  # 1.6 / 12.8 × 100 = 12.5 %
    assert 10 <= verloop < 15
    s_verloop = 6.0  # band 'min 10, max 15': 6
    meldingen = MELDINGEN_TIJDIG / MELDINGEN_TOTAAL * 100  # 1170 / 1520 × 100 = 76.97 %
    s_meldingen = clamp((meldingen - 70) / (95 - 70) * 10)  # 2.79
    inzetbaarheid = (30 * s_verzuim + 20 * s_vacature + 20 * s_verloop + 30 * s_meldingen) / (30 + 20 + 20 + 30)

    flexibiliteit = (60 * kwetsbaarheid + 40 * inzetbaarheid) / (60 + 40)  # 5.38

    # --- Kosten: lasten per inwoner 35, formatie per 1.000 inwoners 20, inhuur 25, bijdrage 20 ---------------
    inwoners = INWONERS_HEEMSTEDE + INWONERS_BLOEMENDAAL  # 50445
    inwoners_2017 = INWONERS_HEEMSTEDE_2017 + INWONERS_BLOEMENDAAL_2017  # 49867
    lasten = (LOONSOM + INHUUR + MATERIELE_LASTEN) / inwoners * 100 / PRIJSINDEX  # 20.54
    lasten_2017 = (LOONSOM_2017 + INHUUR_2017 + MATERIELE_LASTEN_2017) / inwoners_2017 * 100 / PRIJSINDEX_2017  # 19.78
    lasten_verschil = (lasten - lasten_2017) / abs(lasten_2017) * 100  # +3.83 %
    s_lasten = clamp((lasten_verschil - 10) / (-5 - 10) * 10)  # linear +10 -> 0, -5 -> 10: 4.11
    formatie_index = FORMATIE_FTE / inwoners * 1000 / REF_FORMATIE_PER_1000 * 100  # 0.2775 / 0.25 × 100 = 111.0
    s_formatie = clamp((formatie_index - 130) / (90 - 130) * 10)  # 4.75
    inhuur_pct = INHUUR / (LOONSOM + INHUUR) * 100  # 12.0 %
    s_inhuur = clamp((inhuur_pct - 17) / (5 - 17) * 10)  # 4.16
    aandeel_heemstede = BIJDRAGE_HEEMSTEDE / (BIJDRAGE_HEEMSTEDE + BIJDRAGE_BLOEMENDAAL) * 100  # 47.4 %
    afwijking = abs(aandeel_heemstede - SLEUTEL_HEEMSTEDE)  # 2.6 procentpunt
    s_bijdrage = clamp((afwijking - 5) / (0 - 5) * 10)  # 4.8
    # kosten van de gemeenten (50): for Handhaving only openbare orde (taakveld 1.2) per inwoner, both gemeenten
    oov = (OOV_HEEMSTEDE + OOV_BLOEMENDAAL) * 1000 / inwoners  # 1,237,000 / 50,696 = 24.40
    oov_verschil = (oov - OOV_MEDIAAN_2019) / abs(OOV_MEDIAAN_2019) * 100  # +31.0 % above the group median
    s_oov = clamp((oov_verschil - 30) / (-10 - 30) * 10)  # linear +30 -> 0, -10 -> 10: 0
    kosten_gemeenten = s_oov
    kosten = (35 * s_lasten + 20 * s_formatie + 25 * s_inhuur + 20 * s_bijdrage + 50 * kosten_gemeenten) / (
        35 + 20 + 25 + 20 + 50
    )  # 3.06

    # --- Proces: doelen 20, kader 15, begeleidingsgroep 15, evaluatie 15, rapportage 20, raadsinformatie 15 ---
    scale = {"nee": 0, "deels": 5, "ja": 10}  # ordinal and ja/nee scores
    assert RAADSINFORMATIEMOMENTEN >= 4
    s_raadsinformatie = 10.0  # band 'min 4': 10
    proces = (
        20 * scale[DOELEN_NULMETING]
        + 15 * scale[KADER_BEIDE_RADEN]
        + 15 * scale[BEGELEIDINGSGROEP_RAAD]
        + 15 * scale[TUSSENTIJDSE_EVALUATIE]
        + 20 * scale[RAPPORTAGE_TEAMNIVEAU]
        + 15 * s_raadsinformatie
    ) / (20 + 15 + 15 + 15 + 20 + 15)  # 5.25

    totaal = (40 * flexibiliteit + 35 * kosten + 25 * proces) / (40 + 35 + 25)  # 4.54
    return {
        "dekking_kritieke_taken": s_dekking,
        "aantal_eenmansfuncties": s_eenmans,
        "kritieke_taken_onbezet": s_onbezet,
        "uitval_een_medewerker": s_uitval,
        "verzuim": s_verzuim,
        "vacatureduur": s_vacature,
        "verloop": s_verloop,
        "meldingen_binnen_termijn": s_meldingen,
        "lasten_per_inwoner": s_lasten,
        "formatie_per_1000_inwoners": s_formatie,
        "externe_inhuur": s_inhuur,
        "bijdrage_volgens_sleutel": s_bijdrage,
        "kwetsbaarheid": kwetsbaarheid,
        "inzetbaarheid": inzetbaarheid,
        "flexibiliteit": flexibiliteit,
        "kosten": kosten,
        "proces": proces,
        "totaal": totaal,
        "openbare_orde_tegenover_groep": s_oov,
        "kosten_gemeenten": kosten_gemeenten,
        "m_oov": oov_verschil,
        # measures, for the docs
        "m_dekking": dekking,
        "m_verloop": verloop,
        "m_meldingen": meldingen,
        "m_lasten": lasten_verschil,
        "m_formatie": formatie_index,
        "m_inhuur": inhuur_pct,
        "m_afwijking": afwijking,
    }


def oov_median_2019() -> float:
    """The group statistic by hand: the Randstad gemeenten of 20,000–50,000 inwoners with own staff, 2019
    jaarrekening, without Heemstede and Bloemendaal; the median of lasten taakveld 1.2 per inwoner."""
    import csv
    import statistics

    from conftest import REPO

    with (REPO / "criteria" / "data" / "iv3" / "gemeenten-iv3-2017-2024.csv").open(encoding="utf-8") as f:
        rows = [
            r
            for r in csv.DictReader(f)
            if r["jaar"] == "2019"
            and r["stuk"] == "jaarrekening"
            and r["provincie"] in ("Noord-Holland", "Zuid-Holland", "Utrecht")
            and 20000 <= float(r["inwoners"]) <= 50000
            and r["gm_code"] not in ("GM0397", "GM0377")
            and float(r["salarissen"]) * 1000 / float(r["inwoners"]) >= 250
        ]
    assert len(rows) == 40
    return statistics.median(float(r["lasten_openbare_orde"]) * 1000 / float(r["inwoners"]) for r in rows)


def test_the_group_median_is_the_one_written_above() -> None:
    assert oov_median_2019() == pytest.approx(OOV_MEDIAAN_2019, abs=TOL)


@pytest.fixture(scope="module")
def result():
    return run(CASE).result


def test_the_literals_are_the_csv_rows() -> None:
    """Guard: if the data changes, the worked example (and the docs) must change with it."""
    for name, line, subj, year, fld, partner, literal in SOURCES:
        text = (CASE / "data" / name).read_text(encoding="utf-8").splitlines()[line - 1]
        cells = text.split(";")
        assert cells[:4] == [subj, str(year), fld, partner], (name, line, text[:80])
        raw = cells[4]
        got = raw if isinstance(literal, str) else float(raw.replace(",", "."))
        assert got == literal, (name, line, raw, literal)


def test_inventory_counts_by_hand() -> None:
    """The kwetsbaarheid literals, counted from the inventory rows with plain Python (no graph library)."""
    lines = (CASE / "data" / "taken.csv").read_text(encoding="utf-8").splitlines()
    first, last = INVENTORY_LINES
    rows = [line.split(";") for line in lines[first - 1 : last]]
    assert (
        all(r[:2] == ["HH", "2019"] for r in rows)
        and lines[first - 2][:7] != "HH;2019"
        and lines[last][:7] != "HH;2019"
    )
    critical = {r[2] for r in rows if r[3] == "ja"}
    carriers = {t: sorted(r[4] for r in rows if r[2] == t and r[7] == "ja") for t in critical}
    counts = sorted(len(c) for c in carriers.values())
    assert len(critical) == KRITIEKE_TAKEN
    assert sum(n >= 2 for n in counts) == KRITIEKE_TAKEN_GEDEKT
    assert sum(n == 1 for n in counts) == EENMANSFUNCTIES and carriers["Lastgevingen en dwangsommen"] == ["M47"]
    assert sum(n == 0 for n in counts) == ONBEZETTE_KRITIEKE_TAKEN
    sole = [c[0] for c in carriers.values() if len(c) == 1]
    assert max(sole.count(p) for p in sole) == GROOTSTE_UITVAL


def test_hand_computed_figures() -> None:
    hand = hand_computation()
    assert hand["totaal"] == pytest.approx(4.535268, abs=TOL)
    assert hand["flexibiliteit"] == pytest.approx(5.381007, abs=TOL)
    assert hand["kwetsbaarheid"] == pytest.approx(7.134259, abs=TOL)
    assert hand["kosten"] == pytest.approx(3.058187, abs=TOL)
    assert hand["proces"] == pytest.approx(5.25, abs=TOL)


def test_engine_matches_the_hand_computation(result) -> None:
    hand = hand_computation()
    total = year_total(result, "HH", 2019)
    assert total.score == pytest.approx(hand["totaal"], abs=TOL)
    for cid in ("flexibiliteit", "kwetsbaarheid", "inzetbaarheid", "kosten", "kosten_gemeenten", "proces"):
        assert node(result, "HH", 2019, cid).score == pytest.approx(hand[cid], abs=TOL), cid
    for iid in (
        "dekking_kritieke_taken",
        "aantal_eenmansfuncties",
        "kritieke_taken_onbezet",
        "uitval_een_medewerker",
        "verzuim",
        "vacatureduur",
        "verloop",
        "meldingen_binnen_termijn",
        "lasten_per_inwoner",
        "formatie_per_1000_inwoners",
        "externe_inhuur",
        "bijdrage_volgens_sleutel",
        "openbare_orde_tegenover_groep",
    ):
        assert node(result, "HH", 2019, iid).score == pytest.approx(hand[iid], abs=TOL), iid
    measures = {
        "dekking_kritieke_taken": "m_dekking",
        "verloop": "m_verloop",
        "meldingen_binnen_termijn": "m_meldingen",
        "lasten_per_inwoner": "m_lasten",
        "formatie_per_1000_inwoners": "m_formatie",
        "externe_inhuur": "m_inhuur",
        "bijdrage_volgens_sleutel": "m_afwijking",
        "openbare_orde_tegenover_groep": "m_oov",
    }
    for iid, key in measures.items():
        assert node(result, "HH", 2019, iid).indicator.measure == pytest.approx(hand[key], abs=TOL), iid


def test_every_criterion_of_hh_2019_is_complete_and_not_knocked_out(result) -> None:
    total = year_total(result, "HH", 2019)
    assert total.completeness == 1.0
    for cid in ("flexibiliteit", "kwetsbaarheid", "inzetbaarheid", "kosten", "kosten_gemeenten", "proces"):
        n = node(result, "HH", 2019, cid)
        assert n.completeness == 1.0 and n.knockouts == [] and n.score_before_knockout is None


def test_display_of_the_total(result) -> None:
    total = year_total(result, "HH", 2019)
    assert score_text(total.score) == "4,5"
    assert total.verdict == "voldoet niet"  # 4.54 < 5.5
    assert score_text(node(result, "HH", 2019, "flexibiliteit").score) == "5,4"
    assert score_text(node(result, "HH", 2019, "kosten").score) == "3,1"

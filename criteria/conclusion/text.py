"""A conclusion in plain Dutch (B1): short sentences with the numbers as shown. One source for every output.

headline(c)   one sentence: the verdict and the mark ("Handhaving voldoet niet in 2019: 5,0.")
robust_headline(c)  the verdict and how robust it is, in one sentence (criteria gevoeligheid)
summary(c)    headline plus the main reasons in one sentence (the evaluate screen)
sentences(c)  the full conclusion: reasons, what would turn it, how robust it is, how much rests on estimates
technical(c)  how these were computed (the measure, samples, seed): for the technical part of an output

Plain strings (no markup). Marks have one decimal, halves up; other numbers at most two decimals; decimal comma.
"""

from __future__ import annotations

import math

from criteria.conclusion.model import Change, Conclusion, Reason, Robustness
from criteria.engine import scoring as sc

VERDICT_WORD = {sc.PASS: "voldoet", sc.FAIL: "voldoet niet"}
RULE_WORD = {"mean": "gemiddeld", "last": "in het laatste jaar", "min": "in het slechtste jaar"}
SURE = 95  # of the 100 alternative weightings keep a verdict: 'zeker' in the opening sentence of gevoeligheid


def mark(x: float | None) -> str:
    """A score as a rapportcijfer: one decimal, halves up, decimal comma ('5,0')."""
    return "–" if x is None else f"{sc.rapportcijfer(x):.1f}".replace(".", ",")


def short(title: str) -> str:
    """A node's title up to its first comma: 'Flexibiliteit, inclusief kwetsbaarheid' -> 'Flexibiliteit'."""
    return title.split(",")[0].strip()


def _lower(title: str) -> str:
    """A title inside a sentence: a first capital made small, unless it is an abbreviation (WOZ, P&O)."""
    return title if title[:2].isupper() else title[:1].lower() + title[1:]


def span(years: tuple[int, ...]) -> str:
    return f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])


def _percent(share: float) -> str:
    whole = sc.fmt(share * 100, 0)
    return "minder dan 1 %" if share > 0 and whole == "0" else f"{whole} %"


def headline(c: Conclusion) -> str:
    """'P&O voldoet over 2018–2020: gemiddeld 7,3. In 2019 niet: 5,0.' / 'Handhaving voldoet niet in 2019: 5,0.'"""
    if c.verdict not in VERDICT_WORD:
        return f"Over {c.title} zijn te weinig gegevens voor een oordeel."
    word = VERDICT_WORD[c.verdict]
    if len(c.focus) == 1:
        return f"{c.title} {word} in {c.focus[0]}: {mark(c.score)}."
    assert c.period is not None
    text = f"{c.title} {word} over {span(tuple(y.year for y in c.years))}: {RULE_WORD[c.period.rule]} {mark(c.score)}."
    other = [y for y in c.years if y.verdict in VERDICT_WORD and y.verdict != c.verdict]
    if other:
        years = listing([f"{y.year} ({mark(y.score)})" for y in other])
        text += f" {'Niet' if c.verdict == sc.PASS else 'Wel'} in {years}."
    return text


def listing(items: list[str], word: str = "en") -> str:
    """'a', 'a en b', 'a, b en c' (or with another last word: 'a, b of c')."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {word} " + items[-1]


def _node(r: Reason, several: bool, scores: bool = True) -> str:
    if not scores:
        return short(r.title)
    return f"{short(r.title)} ({'gemiddeld ' if several else ''}{mark(r.score)})"


def _knockout(r: Reason) -> str:
    return f"Een knock-out beslist: {short(r.title)} haalt de norm niet."


def reasons_sentence(c: Conclusion, limit: int = 3, drivers: bool = True, scores: bool = True) -> str | None:
    """'Vooral Kosten (4,4) en Proces (5,3) trekken het omlaag; bij Kosten vooral Lasten per inwoner (2,1).'"""
    if not c.reasons:
        return None
    several = len(c.focus) > 1 and c.period is not None and c.period.rule == "mean"
    knocks = [r for r in c.reasons if r.knockout]
    rest = [r for r in c.reasons if not r.knockout][: max(0, limit - len(knocks))]
    parts = [_knockout(r) for r in knocks]
    if rest:
        listed = listing([_node(r, several, scores) for r in rest])
        down = c.verdict == sc.FAIL
        verb = ("trekt" if len(rest) == 1 else "trekken") if down else ("houdt" if len(rest) == 1 else "houden")
        where = "het omlaag" if down else f"het boven de {sc.fmt(c.pass_mark)}"
        sentence = f"Vooral {listed} {verb} {where}"
        first = rest[0].driver
        if drivers and first is not None:
            if first.knockout:
                sentence += f"; {short(rest[0].title)} is begrensd omdat {short(first.title)} de norm niet haalt"
            else:
                sentence += f"; bij {short(rest[0].title)} vooral {_node(first, several)}"
        parts.append(sentence + ".")
    return " ".join(parts)


def counter_sentence(c: Conclusion) -> str | None:
    """'Proces (4,1) trekt omlaag.' / 'Flexibiliteit (6,9) helpt wel.'"""
    if c.counter is None:
        return None
    several = len(c.focus) > 1 and c.period is not None and c.period.rule == "mean"
    return f"{_node(c.counter, several)} {'trekt omlaag' if c.verdict == sc.PASS else 'helpt wel'}."


def _number(x: float, unit: str) -> str:
    return sc.fmt(x) + sc.unit_suffix(unit)


def _condition(change: Change) -> str:
    """The new measure and today's: 'Verzuim 2,91 % of minder, nu 8,9'; a label: ''ja' in plaats van 'nee''."""
    if change.condition == "=":
        return f"{change.title} '{change.measure_new}' in plaats van '{change.measure_now}'"
    name = change.title
    if change.value_new is not None and change.value_now is not None:  # a difference or an index: the value
        new, now, unit = change.value_new, change.value_now, change.value_unit
    else:
        new, now, unit = float(change.measure_new), float(change.measure_now), change.unit
        if change.measure_kind != "value":
            name = f"{change.title} (de meting)"
    if change.condition in ("<", ">"):
        side = "minder dan" if change.condition == "<" else "meer dan"
        return f"{name} {side} {_number(new, unit)}, nu {sc.fmt(now)}"
    return f"{name} {_number(new, unit)} of {'meer' if new > now else 'minder'}, nu {sc.fmt(now)}"


def change_sentence(c: Conclusion) -> str | None:
    """'Het oordeel wordt 'voldoet' bij één verandering: Verzuim 2,91 % of minder, nu 8,9.'"""
    if c.verdict not in VERDICT_WORD:
        return None
    change = c.flip
    if change is None:
        return "Geen enkele verandering van één gegeven draait dit oordeel om."
    about = " over de periode" if len(c.focus) > 1 else ""
    when = f" in {change.year}" if len(c.focus) > 1 else ""
    knock = " (een knock-out)" if change.knockout else ""
    return (
        f"Het oordeel{about} wordt '{VERDICT_WORD[change.verdict_new]}' bij één verandering{when}: "
        f"{_condition(change)}{knock}."
    )


def robustness_sentence(c: Conclusion, named: bool = False) -> str | None:
    """'Bij 97 van de 100 andere weegsets blijft het oordeel hetzelfde.' (named: 'Het oordeel over Handhaving
    blijft bij 97 van de 100 andere weegsets hetzelfde.')"""
    rob = c.robustness
    if rob is None:
        return None
    count = _kept(rob)
    subject = f"Het oordeel over {c.title}" if named else "Het oordeel"
    return f"{subject} blijft bij {count} andere weegsets hetzelfde."


def per_hundred(share: float) -> int:
    """A share (0–1) as a whole number out of 100, halves up; 100 only when it is all, 0 only when it is none
    (99,6 % is '99', 0,4 % is '1'). Every output says how many weightings keep a verdict with this number."""
    if share >= 1:
        return 100
    if share <= 0:
        return 0
    return min(99, max(1, math.floor(share * 100 + 0.5)))


def _kept(rob: Robustness) -> str:
    return f"{per_hundred(rob.kept)} van de 100"


def robust_headline(c: Conclusion) -> str:
    """The verdict and how robust it is, in one sentence: 'Handhaving voldoet niet over 2018–2020 (gemiddeld 5,3),
    en dat blijft zo bij 67 van de 100 andere weegsets.'"""
    if c.verdict not in VERDICT_WORD or c.robustness is None:
        return headline(c)
    when = f"in {c.focus[0]}" if len(c.focus) == 1 else f"over {span(c.focus)}"
    how = "" if len(c.focus) == 1 or c.period is None else f"{RULE_WORD[c.period.rule]} "
    return (
        f"{c.title} {VERDICT_WORD[c.verdict]} {when} ({how}{mark(c.score)}), en dat blijft zo bij "
        f"{_kept(c.robustness)} andere weegsets."
    )


def robust_overall(found: list[Conclusion]) -> str | None:
    """One sentence over every verdict: do they hold under other weights? A verdict counts as sure when at least
    SURE of the 100 weightings keep it; the others are named, least sure first ('Handhaving (67 van de 100)')."""
    kept = [c for c in found if c.robustness is not None and c.verdict in VERDICT_WORD]
    if not kept:
        return None
    counts = {c.subject: per_hundred(c.robustness.kept) for c in kept if c.robustness is not None}
    weakest = min(counts.values())
    if weakest >= SURE:
        every = "Elk oordeel" if len(kept) > 1 else "Het oordeel"
        return f"{every} blijft bij ten minste {weakest} van de 100 andere weegsets hetzelfde."
    unsure = sorted((c for c in kept if counts[c.subject] < SURE), key=lambda c: (counts[c.subject], c.title))
    named = listing([f"{c.title} ({counts[c.subject]} van de 100)" for c in unsure])
    sure = len(kept) - len(unsure)
    if not sure:
        return f"Geen oordeel blijft bij {SURE} of meer van de 100 andere weegsets hetzelfde: {named}."
    return (
        f"{sure} van de {len(kept)} oordelen blijven bij ten minste {SURE} van de 100 andere weegsets "
        f"hetzelfde. Minder zeker: {named}."
    )


def estimate_sentence(c: Conclusion) -> str | None:
    """'Het oordeel rust voor 12 % op schattingen (kwaliteit C of illustratieve gegevens).'"""
    if c.estimate_share is None or c.verdict not in VERDICT_WORD:
        return None
    if c.estimate_share <= 0:
        return "Het oordeel rust niet op schattingen."
    return f"Het oordeel rust voor {_percent(c.estimate_share)} op schattingen (kwaliteit C of illustratieve gegevens)."


def summary(c: Conclusion, scores: bool = True) -> str:
    """The headline and the two main reasons: what the evaluate screen shows per subject (`scores`: with the
    reasons' marks)."""
    parts = [headline(c), reasons_sentence(c, limit=2, drivers=False, scores=scores)]
    return " ".join(p for p in parts if p)


def sentences(c: Conclusion) -> tuple[str, ...]:
    """The conclusion after its headline, each a full sentence."""
    parts = [reasons_sentence(c), counter_sentence(c), change_sentence(c), robustness_sentence(c), estimate_sentence(c)]
    return tuple(p for p in parts if p)


def technical(c: Conclusion) -> tuple[str, ...]:
    """How the conclusion was computed, for the technical part of an output."""
    several = len(c.focus) > 1
    out = [
        (
            f"Redenen: de bijdrage van een onderdeel is zijn aandeel in het gewicht van het totaal × (cijfer − "
            f"{sc.fmt(c.pass_mark)}){', gewogen over de jaren zoals de periode' if several else ''}; de bijdragen "
            f"tellen op tot het totaal min {sc.fmt(c.pass_mark)}."
        ),
        (
            "Omslag: de kleinste verandering van één meting in één jaar (als deel van de schaal van de indicator), "
            "opnieuw doorgerekend met de rekenregels van het toetsingskader."
        ),
    ]
    if c.robustness is not None:
        out.append(robustness_technical(c.robustness))
    return tuple(out)


def robustness_technical(rob: Robustness) -> str:
    return (
        f"Robuustheid: {sc.fmt(rob.samples, 0)} weegsets, getrokken uit een Dirichlet-verdeling rond de "
        f"gewichten van het toetsingskader (spreiding {sc.fmt(rob.spread * 100)} %, seed {rob.seed})."
    )

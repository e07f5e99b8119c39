"""Why not? for authors and council members (pure): what would change an indicator's score or verdict.

For one measured indicator: the margin to the next score point (linear) or the next better band, the
margin before it drops to a worse band, and the value at which the norm is met (or how much room is
left). Sentences are Dutch, e.g. "0,4 % lager (ziekteverzuim ≤ 4,8 %) geeft een 6" and
"bij ziekteverzuim ≤ 4,8 % voldoet de norm (nu 0,4 % te hoog)".
"""

from __future__ import annotations

import math

import numpy as np

from criteria.engine import scoring as sc
from criteria.engine.scoring import fmt
from criteria.model.ruleset import Band, BandsScoring, Indicator, LinearScoring, Norm, OrdinalScoring, YesNoScoring

EPS = 1e-9


def _name(ind: Indicator) -> str:
    if ind.measure != "value":
        return "de meting"
    title = ind.title
    return title if title[:2].isupper() else title[:1].lower() + title[1:]


def _u(ind: Indicator) -> str:
    return sc.unit_suffix(ind.unit)


def _linear(ind: Indicator, rule: LinearScoring, m: float) -> list[str]:
    mark = sc.rapportcijfer(sc.linear_one(m, rule))
    if mark >= 10:
        return ["al de hoogste score (10)"]
    target = min(10, math.floor(mark + EPS) + 1)  # the next whole mark, as shown: 6,0 is a 6 already
    edge = target - 0.05 if target < 10 else 9.95  # the lowest score shown as that mark (halves up)
    needed = rule.slecht + edge / 10 * (rule.goed - rule.slecht)
    up = rule.goed > rule.slecht
    sign = "≥" if up else "≤"
    return [
        (
            f"{fmt(abs(needed - m))}{_u(ind)} {'hoger' if up else 'lager'} ({_name(ind)} {sign} {fmt(needed)}{_u(ind)}) "
            f"geeft een {fmt(target)}"
        )
    ]


def _arr(x: float) -> np.ndarray:
    return np.array([x])


def _band_name(band: Band) -> str:
    return f" (band '{band.label}')" if band.label else ""


def _reach(band: Band, m: float) -> tuple[float, str] | None:
    """Distance from m to the band, and the condition to be in it; None if m is in it."""
    lo = -math.inf if band.min is None else band.min
    hi = math.inf if band.max is None else band.max
    if lo <= m < hi:
        return None
    if m < lo:
        return lo - m, f"≥ {fmt(lo)}"
    return m - hi, f"< {fmt(hi)}"


def _bands(ind: Indicator, rule: BandsScoring, m: float) -> list[str]:
    index = int(sc.band_index(_arr(m), rule)[0])
    if index < 0:
        return []
    current = rule.bands[index]
    out = []
    better = [(r, b) for b in rule.bands if b.score > current.score and (r := _reach(b, m)) is not None]
    if better:
        (_, condition), band = min(better, key=lambda rb: (rb[0][0], -rb[1].score))
        out.append(f"bij {_name(ind)} {condition}{_u(ind)} wordt de score {fmt(band.score)}{_band_name(band)}")
    else:
        out.append("al in de band met de hoogste score")
    worse = [(r, b) for b in rule.bands if b.score < current.score and (r := _reach(b, m)) is not None]
    if worse:
        (_, condition), band = min(worse, key=lambda rb: (rb[0][0], rb[1].score))
        out.append(
            f"marge tot een lagere score: bij {_name(ind)} {condition}{_u(ind)} wordt het een "
            f"{fmt(band.score)}{_band_name(band)}"
        )
    return out


def _norm(ind: Indicator, norm: Norm, m: float, passed: bool) -> list[str]:
    if norm.one_of:
        return []
    u, name = _u(ind), _name(ind)
    knockout = "; dan vervalt ook de knock-out" if norm.knockout != "none" else ""
    if not passed:
        if norm.at_most is not None and m > norm.at_most:
            return [
                f"bij {name} ≤ {fmt(norm.at_most)}{u} voldoet de norm (nu {fmt(m - norm.at_most)}{u} te hoog)"
                + knockout
            ]
        if norm.at_least is not None and m < norm.at_least:
            return [
                f"bij {name} ≥ {fmt(norm.at_least)}{u} voldoet de norm (nu {fmt(norm.at_least - m)}{u} te laag)"
                + knockout
            ]
        return []
    room = []
    if norm.at_most is not None:
        room.append(f"{fmt(norm.at_most - m)}{u} hoger en de norm wordt nog net gehaald")
    if norm.at_least is not None:
        room.append(f"{fmt(m - norm.at_least)}{u} lager en de norm wordt nog net gehaald")
    return [f"marge tot de norm: {' / '.join(room)}"] if room else []


def _labels(ind: Indicator, label: str, passed: bool | None) -> list[str]:
    rule = ind.scoring
    table = (
        rule.scale
        if isinstance(rule, OrdinalScoring)
        else ({"ja": rule.ja, "nee": rule.nee} if isinstance(rule, YesNoScoring) else {})
    )
    out = []
    current = table.get(label)
    better = sorted((s, lab) for lab, s in table.items() if current is not None and s > current)
    if better:
        out.append(f"met '{better[0][1]}' wordt de score {fmt(better[0][0])}")
    elif current is not None:
        out.append("al de hoogste score op de schaal")
    if passed is False and ind.norm is not None and ind.norm.one_of:
        out.append("de norm wordt gehaald met: " + " of ".join(f"'{lab}'" for lab in ind.norm.one_of))
    return out


def what_if(ind: Indicator, measure: float | str | None, verdict: int) -> list[str]:
    """Sentences for one indicator of one subject-year; [] without data or when it does not apply."""
    if measure is None or verdict in (sc.NO_DATA, sc.NOT_APPLICABLE):
        return []
    passed = None if verdict == sc.NO_NORM else verdict == sc.PASS
    if isinstance(measure, str):
        return _labels(ind, measure, passed)
    if isinstance(ind.scoring, YesNoScoring):
        return _labels(ind, "ja" if measure != 0 else "nee", passed)
    if not math.isfinite(measure):
        return []
    out: list[str] = []
    if isinstance(ind.scoring, LinearScoring):
        out += _linear(ind, ind.scoring, measure)
    elif isinstance(ind.scoring, BandsScoring):
        out += _bands(ind, ind.scoring, measure)
    if ind.norm is not None and passed is not None:
        out += _norm(ind, ind.norm, measure, passed)
    return out

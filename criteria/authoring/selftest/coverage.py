"""Rule coverage of self-tests (pure): which bands, scale labels, norm outcomes and knock-outs a test reached.

Coverage is counted per rule of the ruleset, not per line of code: a band nobody's test falls into is a
band whose score was never checked.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from criteria.engine import scoring as sc
from criteria.engine.columns import Evaluation
from criteria.model.ruleset import BandsScoring, OrdinalScoring, Ruleset, YesNoScoring

CATEGORIES = {"band": "banden", "label": "schaallabels", "norm": "normuitkomsten", "knockout": "knock-outs"}
RuleKey = tuple[str, str, str]  # category, indicator, item


@dataclass(frozen=True)
class Rule:
    key: RuleKey
    text: str  # Dutch description for the "niet bereikt" list


def rules(rs: Ruleset) -> list[Rule]:
    out: list[Rule] = []
    for iid, ind in rs.indicators.items():
        scoring = ind.scoring
        if isinstance(scoring, BandsScoring):
            for i, band in enumerate(scoring.bands):
                span = sc.describe_scoring(BandsScoring(kind="bands", bands=[band]), ind.unit).removeprefix("banden: ")
                out.append(Rule(("band", iid, str(i)), f"{iid}: band {i + 1} ({span})"))
        elif isinstance(scoring, OrdinalScoring):
            out += [Rule(("label", iid, label), f"{iid}: label '{label}'") for label in scoring.scale]
        elif isinstance(scoring, YesNoScoring):
            out += [Rule(("label", iid, label), f"{iid}: '{label}'") for label in ("ja", "nee")]
        if ind.norm is not None:
            out += [Rule(("norm", iid, v), f"{iid}: {v}") for v in ("voldoet", "voldoet niet")]
            if ind.norm.knockout != "none":
                out.append(Rule(("knockout", iid, ind.norm.knockout), f"{iid}: knock-out ({ind.norm.knockout})"))
    return out


def hits(ev: Evaluation) -> set[RuleKey]:
    """The rules reached by every subject-year of an evaluation."""
    rs = ev.compiled.ruleset
    found: set[RuleKey] = set()
    for iid, ind in rs.indicators.items():
        cols = ev.indicators[iid]
        applicable = cols.applicable
        if isinstance(ind.scoring, BandsScoring):
            index = sc.band_index(cols.measure, ind.scoring)
            found |= {("band", iid, str(i)) for i in np.unique(index[applicable & (index >= 0)])}
        elif cols.labels is not None:
            found |= {("label", iid, str(lab)) for lab in cols.labels[applicable] if lab is not None}
        elif isinstance(ind.scoring, YesNoScoring):
            measured = cols.measure[applicable & ~np.isnan(cols.measure)]
            found |= {("label", iid, "ja" if m != 0 else "nee") for m in measured}
        verdicts = set(np.unique(cols.verdict[applicable]).tolist())
        found |= {("norm", iid, "voldoet") for v in verdicts if v == sc.PASS}
        found |= {("norm", iid, "voldoet niet") for v in verdicts if v == sc.FAIL}
    for crit in ev.criteria.values():
        for kid, mask in crit.knocked_by.items():
            if mask.any():
                found.add(("knockout", kid, rs.indicators[kid].norm.knockout))  # type: ignore[union-attr]
    return found


@dataclass(frozen=True)
class CoverageSummary:
    category: str
    covered: int
    total: int
    missing: list[str]

    @property
    def percent(self) -> float:
        return 100.0 if self.total == 0 else 100.0 * self.covered / self.total


def summarise(rs: Ruleset, reached: set[RuleKey]) -> list[CoverageSummary]:
    all_rules = rules(rs)
    out = []
    for category in CATEGORIES:
        mine = [r for r in all_rules if r.key[0] == category]
        covered = [r for r in mine if r.key in reached]
        out.append(CoverageSummary(category, len(covered), len(mine), [r.text for r in mine if r.key not in reached]))
    return out

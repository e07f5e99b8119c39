"""Impact of a ruleset change on a case (pure): per subject-year the total and verdict under both versions,
with each change attributed to the edits that caused it.

Attribution: every edit that can change a score is applied alone to the old ruleset (plus the fields and
derived fields the new ruleset declares, which change no score by themselves) and the case is evaluated
again; the edit's effect is the change of the total it causes on its own. What the single effects do not
explain (edits that reinforce or cancel each other, e.g. a new criterion and new weights) is reported as
'samenspel'.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from pydantic import ValidationError

from criteria.authoring.diff.semantic import Edit
from criteria.engine import evaluate
from criteria.engine import scoring as sc
from criteria.engine.columns import Evaluation
from criteria.errors import MissingDataError
from criteria.model.case import Case
from criteria.model.ruleset import Ruleset
from criteria.result.period import evaluation_period
from criteria.rules.compile import CompiledRuleset, RulesetInvalid, compile_ruleset

MIN_EFFECT = 0.005  # smaller single effects are not listed as a cause


@dataclass(frozen=True)
class Cause:
    edit: int
    effect: float


@dataclass(frozen=True)
class ImpactRow:
    subject: str
    title: str
    year: int
    old_score: float | None
    new_score: float | None
    old_verdict: str
    new_verdict: str
    causes: list[Cause]
    interaction: float | None

    @property
    def delta(self) -> float | None:
        if self.old_score is None or self.new_score is None:
            return None
        return self.new_score - self.old_score


@dataclass(frozen=True)
class PeriodRow:
    subject: str
    title: str
    old_score: float | None
    new_score: float | None
    old_verdict: str
    new_verdict: str


@dataclass
class Impact:
    rows: list[ImpactRow]
    periods: list[PeriodRow]
    not_alone: list[int] = field(default_factory=list)  # edits that cannot be applied on their own


def _get(data: dict, path: tuple) -> tuple[bool, object]:
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return False, None
        data = data[part]
    return True, data


def _put(data: dict, path: tuple, present: bool, value: object) -> None:
    for part in path[:-1]:
        data = data.setdefault(part, {})
    if present:
        data[path[-1]] = value
    else:
        data.pop(path[-1], None)


def _base(old: Ruleset, new: Ruleset) -> dict:
    """The old ruleset plus every field and derived field only the new one declares."""
    base = old.model_dump(mode="json")
    new_data = new.model_dump(mode="json")
    for section in ("fields", "derived"):
        for name, value in new_data[section].items():
            base[section].setdefault(name, value)
    return base


def apply_edit(old: Ruleset, new: Ruleset, edit: Edit) -> Ruleset:
    data = _base(old, new)
    new_data = new.model_dump(mode="json")
    for path in edit.paths:
        present, value = _get(new_data, path)
        _put(data, path, present, value)
    return Ruleset.model_validate(data)


def _totals(ev: Evaluation) -> dict[tuple[str, int], tuple[float | None, str]]:
    root = ev.criteria[ev.compiled.root]
    out = {}
    for s, subject in enumerate(ev.subjects):
        for y, year in enumerate(ev.years):
            score = float(root.score[s, y])
            out[(subject, year)] = (None if math.isnan(score) else score, sc.VERDICT_TEXT[int(root.verdict[s, y])])
    return out


def impact(old: CompiledRuleset, new: CompiledRuleset, edits: list[Edit], case: Case) -> Impact:
    old_ev, new_ev = evaluate(old, case), evaluate(new, case)
    before, after = _totals(old_ev), _totals(new_ev)
    effects: dict[int, dict[tuple[str, int], float]] = {}
    not_alone: list[int] = []
    for edit in edits:
        if not edit.scored:
            continue
        try:
            alone = evaluate(compile_ruleset(apply_edit(old.ruleset, new.ruleset, edit)), case)
        except (ValidationError, RulesetInvalid, MissingDataError):
            not_alone.append(edit.number)
            continue
        totals = _totals(alone)
        effects[edit.number] = {
            key: totals[key][0] - before[key][0]  # type: ignore[operator]
            for key in before
            if key in totals and totals[key][0] is not None and before[key][0] is not None
        }
    titles = {sid: s.title for sid, s in case.manifest.subjects.items()}
    rows = []
    for key in sorted(set(before) | set(after)):
        old_score, old_verdict = before.get(key, (None, "onvoldoende gegevens"))
        new_score, new_verdict = after.get(key, (None, "onvoldoende gegevens"))
        causes = sorted(
            (Cause(n, e[key]) for n, e in effects.items() if key in e and abs(e[key]) >= MIN_EFFECT),
            key=lambda c: -abs(c.effect),
        )
        delta = None if old_score is None or new_score is None else new_score - old_score
        explained = sum(e[key] for e in effects.values() if key in e)
        interaction = None if delta is None else delta - explained
        rows.append(
            ImpactRow(
                key[0],
                titles.get(key[0], key[0]),
                key[1],
                old_score,
                new_score,
                old_verdict,
                new_verdict,
                causes,
                interaction,
            )
        )
    rows.sort(key=lambda r: (-(abs(r.delta) if r.delta is not None else -1), r.subject, r.year))
    periods = []
    old_period, new_period = evaluation_period(old_ev), evaluation_period(new_ev)
    for subject in new_ev.subjects:
        if subject not in old_ev.subjects:
            continue
        s_old, s_new = old_ev.subjects.index(subject), new_ev.subjects.index(subject)
        (old_score, old_verdict), (new_score, new_verdict) = old_period.of(s_old), new_period.of(s_new)
        periods.append(PeriodRow(subject, titles.get(subject, subject), old_score, new_score, old_verdict, new_verdict))
    return Impact(rows, periods, not_alone)

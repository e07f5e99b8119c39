"""A conclusion per subject, computed from the engine's columns (pure; never from text).

    context = context_of(evaluation)                       # once per run
    c = conclude(evaluation, row, context=context)         # one subject, over its period
    c = conclude(evaluation, row, [2019], context, robust=True)   # one year, with robustness

A conclusion holds the verdict per year and over the period, the main reasons (criteria.conclusion.reasons),
the smallest single changes that turn the verdict (criteria.conclusion.changes), how robust the verdict is to
the weights (criteria.conclusion.robust; only when asked, it costs a Monte Carlo) and the share of the weight
resting on estimates. criteria.conclusion.text says it in Dutch. The reasons of all subjects come from one
column-wise pass (Context.period_pulls, Context.year_pulls); the changes and the robustness are computed per subject, when asked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from criteria.conclusion.focus import Focus, period_score
from criteria.conclusion.model import Conclusion, PeriodMark, Robustness, YearMark
from criteria.conclusion.reasons import Pulls, main_reasons, year_weights
from criteria.engine import scoring as sc
from criteria.engine.columns import Evaluation, evaluated_years
from criteria.engine.reweigh import Tree, tree_of
from criteria.engine.sensitivity_settings import Settings
from criteria.model.case import KIND_LABELS

if TYPE_CHECKING:
    from criteria.conclusion.robust import Shares

# The changes (criteria.conclusion.changes), the robustness (criteria.conclusion.robust) and the Monte Carlo's
# weights (criteria.engine.sensitivity) are imported where they are asked for: a conclusion of the evaluate table
# needs none of them.


@dataclass
class Context:
    """What the conclusions of one run share: the criteria tree, which subject-years count, the reasons of every
    subject over its period (one column-wise pass) and, once drawn, the alternative weightings."""

    evaluation: Evaluation
    tree: Tree
    settings: Settings = Settings()

    @classmethod
    def of(cls, ev: Evaluation, settings: Settings = Settings()) -> Context:
        return cls(ev, tree_of(ev), settings)

    @property
    def pass_mark(self) -> float:
        rs = self.evaluation.compiled.ruleset
        root = rs.criteria[self.evaluation.compiled.root]
        return root.norm.at_least if root.norm is not None else rs.pass_mark

    @cached_property
    def evaluated(self) -> np.ndarray:
        """(subjects, years) bool: the years each subject is evaluated in (a voorstel: those of its raming)."""
        return evaluated_years(self.evaluation)

    def years_of(self, row: int) -> list[int]:
        return [y for y, on in zip(self.evaluation.years, self.evaluated[row]) if on]

    @cached_property
    def totals(self) -> np.ndarray:
        return self.evaluation.criteria[self.evaluation.compiled.root].score

    @cached_property
    def period_pulls(self) -> Pulls:
        """The pulls of every node for every subject over its period."""
        ev = self.evaluation
        weights = year_weights(ev.compiled.ruleset.period.score, self.totals, self.evaluated)
        return Pulls(ev, np.arange(len(ev.subjects)), weights, self.pass_mark)

    def year_pulls(self, position: int) -> Pulls:
        """The pulls of every node for every subject in the one year at `position` (one column-wise pass per year,
        kept: a one-year conclusion of each subject reads its row instead of recomputing the tree per subject)."""
        found = self._year_pulls.get(position)
        if found is None:
            ev = self.evaluation
            weights = np.zeros((len(ev.subjects), len(ev.years)))
            weights[:, position] = 1.0
            found = self._year_pulls[position] = Pulls(ev, np.arange(len(ev.subjects)), weights, self.pass_mark)
        return found

    @cached_property
    def _year_pulls(self) -> dict[int, Pulls]:
        return {}

    @cached_property
    def robust(self) -> dict[int, Robustness | None]:
        """row -> the robustness of its verdict over its own years, when a Monte Carlo over all subjects counted it
        already (robust.Shares, filled by `criteria gevoeligheid`); conclude() then reads it instead of drawing."""
        return {}

    def shares(self) -> Shares:
        """A counter of every subject's robustness over its own years, for the chunks of one Monte Carlo."""
        foci = {}
        for row in range(len(self.evaluation.subjects)):
            c = conclude(self.evaluation, row, context=self, changes=False, reasons=False)
            if c.focus:  # as conclude() focuses: the period (its rule) over several years, else the one year
                rule = self.evaluation.compiled.ruleset.period.score if len(c.focus) > 1 else None
                foci[row] = (Focus(tuple(self.evaluation.year_index(y) for y in c.focus), rule), c.verdict)
        from criteria.conclusion.robust import Shares

        return Shares(foci, self.tree.thresholds[self.tree.root], self.settings)

    @cached_property
    def weights(self) -> dict[str, np.ndarray]:
        """The alternative weightings (drawn on first use, then shared by every subject)."""
        from criteria.engine.sensitivity import sample_weights

        return sample_weights(self.tree, self.settings)


def _estimate_share(ev: Evaluation, row: int, weights: np.ndarray) -> float | None:
    share = getattr(ev.criteria[ev.compiled.root], "estimate_share", None)  # criteria.engine.quality (issue 13)
    if share is None:
        return None
    values = np.asarray(share)[row]
    present = ~np.isnan(values) & (weights > 0)
    if not present.any():
        return None
    return float(np.sum(weights[present] * values[present]) / weights[present].sum())


def context_of(ev: Evaluation, settings: Settings = Settings()) -> Context:
    """What the conclusions of one run share: build it once, pass it to every conclude() call."""
    return Context.of(ev, settings)


def conclude(
    ev: Evaluation,
    subject_row: int,
    years: Sequence[int] | None = None,
    context: Context | None = None,
    *,
    robust: bool = False,
    changes: bool = True,
    reasons: bool = True,
) -> Conclusion:
    """The conclusion for subject `subject_row` of the evaluation, about `years` (default: the years the subject is
    evaluated in; years it is not evaluated in are left out). Several years: over the period, by the ruleset's
    period rule; one year: about that year. `context`: context_of(ev), shared by the calls of one run (without it,
    the pulls of this one subject are computed, the same numbers as its row of the shared ones).
    `robust`: also the share of alternative weightings that keep the verdict (a Monte Carlo). `changes`: also the
    smallest single changes that turn it. `reasons`: also the main reasons (False: the verdict only, for counting)."""
    shared = context is not None and context.evaluation is ev
    if context is None or not shared:  # one conclusion on its own: the pulls of its own row only
        context = Context.of(ev)
    row = subject_row
    sid = ev.subjects[row]
    subject = ev.case.manifest.subjects[sid]
    own = context.years_of(row)
    years = own if years is None else [y for y in own if y in set(years)]
    root = ev.criteria[ev.compiled.root]
    marks = tuple(
        YearMark(
            y,
            None if np.isnan(s := root.score[row, ev.year_index(y)]) else float(s),
            int(root.verdict[row, ev.year_index(y)]),
        )
        for y in years
    )
    rule = ev.compiled.ruleset.period.score
    threshold = context.tree.thresholds[context.tree.root]
    period = None
    if len(years) > 1:
        score = period_score(rule, [m.score if m.score is not None else np.nan for m in marks])
        verdict = sc.NO_DATA if score is None else sc.PASS if score >= threshold else sc.FAIL
        period = PeriodMark(score, verdict, rule, tuple(m.year for m in marks if m.score is not None))
    if not years:
        return Conclusion(
            sid,
            subject.title,
            KIND_LABELS[subject.kind],
            context.pass_mark,
            (),
            None,
            (),
            None,
            sc.NO_DATA,
            (),
            None,
            (),
            None,
            None,
        )
    if period is not None:
        focus = Focus(tuple(ev.year_index(y) for y in years), rule)
        if years == own and shared:
            pulls, i = context.period_pulls, row
        else:
            mask = np.zeros((1, len(ev.years)), dtype=bool)
            mask[0, list(focus.positions)] = True
            weights = year_weights(rule, context.totals[row : row + 1], mask)
            pulls, i = Pulls(ev, np.array([row]), weights, context.pass_mark), 0
        score, verdict = period.score, period.verdict
    else:
        position = ev.year_index(years[0])
        focus = Focus((position,), None)
        if shared:
            pulls, i = context.year_pulls(position), row
        else:
            weights = np.zeros((1, len(ev.years)))
            weights[0, position] = 1.0
            pulls, i = Pulls(ev, np.array([row]), weights, context.pass_mark), 0
        score, verdict = marks[0].score, marks[0].verdict
    found_reasons, counter = main_reasons(pulls, i, verdict) if reasons else ((), None)
    found: tuple = ()
    if changes:
        from criteria.conclusion.changes import smallest_changes

        found = smallest_changes(ev, context.tree, row, focus, context.pass_mark)
    robustness_ = None
    if robust and years == own and row in context.robust:
        robustness_ = context.robust[row]  # counted on the run's own Monte Carlo (robust.Shares)
    elif robust:
        from criteria.conclusion.robust import robustness

        robustness_ = robustness(context.tree, row, focus, verdict, context.settings, context.weights)
    return Conclusion(
        sid,
        subject.title,
        KIND_LABELS[subject.kind],
        context.pass_mark,
        marks,
        period,
        tuple(years),
        score,
        verdict,
        found_reasons,
        counter,
        found,
        robustness_,
        _estimate_share(ev, row, pulls.weights[i]),
    )

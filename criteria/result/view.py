"""The result of a run as a view over the evaluation's columns: what tables, totals, reports and the JSON read.

A view holds the Evaluation (the arrays, the single source of numbers) and what the run adds: its meta (versions,
hashes) and the human corrections. It offers every subject with its scope, the mark (score, verdict,
completeness) of any node in any subject-year, the period and trends of all subjects at once, and the breakdown
of one subject-year on demand. Numbers are rounded as every output shows them (6 decimals). Pure: no I/O.

    view = ResultView.of(evaluation, ruleset_sha256)
    view.mark(view.subject("HH"), 2019, view.root)       # Mark(score=5.8, verdict='voldoet', completeness=1.0)
    view.breakdown("HH", 2019)                           # the NodeResult tree of that one subject-year
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from criteria import __version__
from criteria.engine import scoring as sc
from criteria.engine.breakdown import node_result, r, rounded, signal_result
from criteria.engine.columns import Evaluation
from criteria.engine.quality import QUALITY_C
from criteria.model.case import KIND_LABELS, Subject
from criteria.model.result import Correction, RunMeta, VoorstelComparison
from criteria.model.ruleset import Ruleset
from criteria.result.compare import comparisons as voorstel_comparisons
from criteria.result.period import TREND_LABELS, PeriodColumns, period_columns

if TYPE_CHECKING:
    from criteria.model.tree import NodeResult, PeriodSummary


@dataclass(frozen=True)
class SubjectInfo:
    """A subject of the case as the result shows it; `row` is its place on the evaluation's subject axis."""

    id: str
    title: str
    kind: str  # as shown: "vervlochten team", "voorstel", ...
    in_scope: bool
    scope_reason: str | None
    tags: tuple[str, ...]
    row: int | None  # None: outside the evaluation (out of scope)
    years: tuple[int, ...]  # the years it is evaluated in (a voorstel: those of its raming); () out of scope

    @property
    def scored(self) -> bool:
        """In scope and evaluated in at least one year: has marks and a breakdown."""
        return self.row is not None and bool(self.years)


@dataclass(frozen=True)
class Mark:
    """A node's outcome in one subject-year, as shown: score (rounded, None without one), verdict, completeness,
    and the share of its weight resting on illustratief or quality-C data (None where not known)."""

    score: float | None
    verdict: str
    completeness: float | None
    estimate_share: float | None = None


def _none(x: float) -> float | None:
    return None if np.isnan(x) else float(x)


class ResultView:
    """The result of one run: the evaluation's columns plus meta and corrections (see the module text)."""

    def __init__(self, evaluation: Evaluation, meta: RunMeta, corrections: Sequence[Correction] = ()):
        self.evaluation = evaluation
        self.meta = meta
        self.corrections: tuple[Correction, ...] = tuple(corrections)
        rows = {sid: i for i, sid in enumerate(evaluation.subjects)}
        every = tuple(evaluation.years)
        self.subjects: tuple[SubjectInfo, ...] = tuple(
            self._info(sid, subj, rows.get(sid), every) for sid, subj in evaluation.case.manifest.subjects.items()
        )
        self._by_id = {s.id: s for s in self.subjects}
        self._columns: dict[tuple[str, str], np.ndarray] = {}
        self._corrected = {(c.subject, c.year, c.node): c for c in self.corrections}

    @classmethod
    def of(cls, evaluation: Evaluation, ruleset_sha256: str) -> ResultView:
        """The view of a fresh evaluation, with its meta (engine version, ruleset and case hashes)."""
        rs, case = evaluation.compiled.ruleset, evaluation.case
        view = cls(
            evaluation,
            RunMeta(
                engine_version=__version__,
                ruleset_id=rs.id,
                ruleset_version=rs.version,
                ruleset_sha256=ruleset_sha256,
                case_id=case.manifest.id,
                case_sha256=case.sha256,
                values_total=len(case.values),
                values_illustrative=case.illustrative_count,
            ),
        )
        return view.replaced(meta=view.meta.model_copy(update=view._quality_meta()))

    def _quality_meta(self) -> dict:
        """Data quality for the header: quality-C values, reference values used, the mean estimate share of the
        yearly totals (summed subject by subject, year by year, as format 1 always did)."""
        ev = self.evaluation
        reference = ev.case.reference
        shares = self._counted_shares()
        used = ev.reference_values[0]
        return dict(
            values_quality_c=int(((ev.case.values.quality == QUALITY_C) & ~ev.case.values.illustrative()).sum()),
            reference_values=used,
            reference_estimates=ev.reference_values[1],
            reference_title=reference.title if reference is not None and used else None,
            reference_sha256=reference.sha256 if reference is not None and used else None,
            estimate_share=r(sum(shares) / len(shares)) if shares else None,
        )

    def _counted_shares(self) -> list[float]:
        """The total's estimate shares that are known, in the order of the marks: subject by subject (as the case
        lists them), year by year (the years each is evaluated in)."""
        counted = [(s.row, s.years) for s in self.subjects if s.in_scope and s.row is not None]
        column = self.estimate_shares(self.root)
        every = tuple(self.evaluation.years)
        if all(years == every for _, years in counted):  # every one in every year: the rows, whole
            picked = column[[row for row, _ in counted]]
        else:
            position = {year: i for i, year in enumerate(every)}
            parts = [column[row, [position[y] for y in years]] for row, years in counted]
            picked = np.concatenate(parts or [column[:0, 0]])
        picked = picked.ravel()
        return picked[~np.isnan(picked)].tolist()

    def with_corrections(self, added: Sequence[Correction]) -> ResultView:
        """The same result with these corrections added (the computed numbers stay as they are)."""
        return self.replaced(corrections=(*self.corrections, *added)) if added else self

    def replaced(self, *, meta: RunMeta | None = None, corrections: Sequence[Correction] | None = None) -> ResultView:
        """The same view (same columns) with another meta and/or other corrections."""
        view = copy.copy(self)
        if meta is not None:
            view.meta = meta
        if corrections is not None:
            view.corrections = tuple(corrections)
            view._corrected = {(c.subject, c.year, c.node): c for c in view.corrections}
            view.__dict__.pop("corrected", None)  # a cached_property copied from the view before
        return view

    @cached_property
    def corrected(self) -> Evaluation:
        """The evaluation with the corrections applied, every criterion above a corrected score recomputed
        (criteria.engine.corrected): what the conclusion of a corrected run reads. The tables and breakdowns keep
        showing the computed scores, the corrections beside them. Without corrections: the evaluation itself."""
        from criteria.engine.corrected import with_scores

        pins = {}
        for c in self.corrections:
            subject = self.subject(c.subject)
            assert subject.row is not None  # a correction is only accepted on a scored subject
            node = self.root if c.node == "totaal" else c.node
            pins[(node, subject.row, self.year_position(c.year))] = c.corrected_score
        return with_scores(self.evaluation, pins)

    def _info(self, sid: str, subj: Subject, row: int | None, every: tuple[int, ...]) -> SubjectInfo:
        """`every`: the evaluation's years (a subject without years of its own is evaluated in each)."""
        years = () if row is None else every if subj.years is None else tuple(y for y in every if y in subj.years)
        return SubjectInfo(
            sid, subj.title, KIND_LABELS[subj.kind], subj.in_scope, subj.scope_reason, tuple(subj.tags), row, years
        )

    # --- the run as a whole -------------------------------------------------------------------------------

    @property
    def ruleset(self) -> Ruleset:
        return self.evaluation.compiled.ruleset

    @property
    def case_kind(self) -> str:
        """ "samenwerking" or "benchmark" (every output words a benchmark as such)."""
        return self.evaluation.case.manifest.kind

    @property
    def case_title(self) -> str:
        return self.evaluation.case.manifest.title

    @property
    def form(self) -> str:
        return self.evaluation.case.manifest.form

    @property
    def partners(self) -> dict[str, str]:
        return {p: v.name for p, v in self.evaluation.case.manifest.partners.items()}

    @property
    def ruleset_title(self) -> str:
        return self.ruleset.title

    @property
    def ruleset_basis(self) -> str:
        return self.ruleset.basis

    @property
    def years(self) -> list[int]:
        return list(self.evaluation.years)

    @property
    def missing_data(self) -> str:
        return self.ruleset.missing_data

    @property
    def pass_mark(self) -> float:
        return self.ruleset.pass_mark

    @property
    def period_rule(self) -> str:
        return self.ruleset.period.score

    # --- subjects and nodes ----------------------------------------------------------------------------------

    def subject(self, subject_id: str) -> SubjectInfo:
        """The subject with this id (KeyError if the case has none)."""
        return self._by_id[subject_id]

    @property
    def scored(self) -> tuple[SubjectInfo, ...]:
        """The subjects with marks (in scope, evaluated in at least one year), in the order of the case."""
        return tuple(s for s in self.subjects if s.scored)

    @property
    def root(self) -> str:
        return self.evaluation.compiled.root

    @cached_property
    def top_criteria(self) -> tuple[tuple[str, str], ...]:
        """(id, title) of the criteria directly under the total, in tree order."""
        rs = self.ruleset
        return tuple(
            (c, rs.criteria[c].title) for c in self.evaluation.compiled.children[self.root] if c in rs.criteria
        )

    @cached_property
    def nodes(self) -> tuple[tuple[str, int], ...]:
        """(node id, depth) of every node in tree order: the order of a breakdown (criteria.model.result.walk)."""
        children = self.evaluation.compiled.children
        out: list[tuple[str, int]] = []
        stack = [(self.root, 0)]
        while stack:
            node, depth = stack.pop()
            out.append((node, depth))
            stack.extend((kid, depth + 1) for kid in reversed(children.get(node, [])))
        return tuple(out)

    def node_title(self, node: str) -> str:
        return self.ruleset.node_title(node)

    def is_indicator(self, node: str) -> bool:
        return node in self.ruleset.indicators

    # --- numbers ---------------------------------------------------------------------------------------------

    def _cols(self, node: str):
        ev = self.evaluation
        return ev.indicators[node] if node in ev.indicators else ev.criteria[node]

    def scores(self, node: str) -> np.ndarray:
        """The node's scores (subjects, years), rounded as shown; NaN where there is none."""
        return self._column(node, "score")

    def completeness(self, node: str) -> np.ndarray:
        """Share of the weight with data (subjects, years), rounded; an indicator: 1 with a score, 0 without."""
        return self._column(node, "completeness")

    def estimate_shares(self, node: str) -> np.ndarray:
        """Share of the node's weight resting on illustratief or quality-C data (subjects, years), rounded; NaN
        where not known (an indicator: 1 or 0 where it has a score)."""
        return self._column(node, "estimate_share")

    def verdicts(self, node: str) -> np.ndarray:
        """The node's verdict codes (subjects, years), see criteria.engine.scoring.VERDICT_TEXT."""
        return self._cols(node).verdict

    def _column(self, node: str, what: str) -> np.ndarray:
        key = (node, what)
        if key not in self._columns:
            cols = self._cols(node)
            if what == "completeness" and node in self.evaluation.indicators:
                values = np.where(cols.applicable, (~np.isnan(cols.score)).astype(float), np.nan)
            elif what == "estimate_share" and node in self.evaluation.indicators:
                known = cols.estimate is not None
                values = np.where(
                    cols.applicable & ~np.isnan(cols.score) & known,
                    cols.estimate.astype(float) if known else np.nan,
                    np.nan,
                )
            elif getattr(cols, what) is None:  # no estimate share computed
                values = np.full(cols.score.shape, np.nan)
            else:
                values = getattr(cols, what)
            self._columns[key] = rounded(values)
        return self._columns[key]

    def year_position(self, year: int) -> int:
        return self.evaluation.year_index(year)

    def mark(self, subject: SubjectInfo, year: int, node: str) -> Mark:
        """The node's mark in one year of a scored subject."""
        s, y = subject.row, self.year_position(year)
        assert s is not None
        return Mark(
            _none(self.scores(node)[s, y]),
            sc.VERDICT_TEXT[int(self.verdicts(node)[s, y])],
            _none(self.completeness(node)[s, y]),
            _none(self.estimate_shares(node)[s, y]),
        )

    def marks(self, subject: SubjectInfo, node: str) -> list[Mark]:
        """The node's mark in each year the subject is evaluated."""
        return [self.mark(subject, year, node) for year in subject.years]

    @cached_property
    def year_mask(self) -> np.ndarray:
        """(subjects, years) bool: the years each evaluated subject is evaluated in."""
        ev = self.evaluation
        mask = np.zeros((len(ev.subjects), len(ev.years)), dtype=bool)
        position = {year: i for i, year in enumerate(ev.years)}
        for s in self.subjects:
            if s.row is not None:
                mask[s.row, [position[y] for y in s.years]] = True
        return mask

    def score_range(self) -> tuple[float, float]:
        """The lowest and highest yearly total over all scored subjects (0–10 when there is none)."""
        totals = np.where(self.year_mask, self.scores(self.root), np.nan)
        if np.isnan(totals).all():
            return 0.0, 10.0
        return float(np.nanmin(totals)), float(np.nanmax(totals))

    # --- period ----------------------------------------------------------------------------------------------

    @cached_property
    def period_columns(self) -> PeriodColumns:
        return period_columns(
            self.ruleset, self.root, [c for c, _ in self.top_criteria], self.years, self.year_mask, self.scores
        )

    def period(self, subject: SubjectInfo) -> PeriodSummary | None:
        """The period of an evaluated subject (None outside the evaluation)."""
        from criteria.model.tree import CriterionTrend, PeriodSummary  # the tree models: only when a period is shown

        if subject.row is None:
            return None
        p, s = self.period_columns, subject.row
        positions = [self.year_position(y) for y in subject.years]
        trends = [
            CriterionTrend(
                id=node,
                title=self.node_title(node),
                scores={str(y): _none(self.scores(node)[s, i]) for y, i in zip(subject.years, positions)},
                slope=_none(t.slope[s]),
                trend=TREND_LABELS[int(t.label[s])],
            )
            for node, t in p.trends.items()
        ]
        return PeriodSummary(
            rule=self.period_rule,
            score=_none(p.score[s]),
            verdict=sc.VERDICT_TEXT[int(p.verdict[s])],
            years_with_data=int(p.years_with_data[s]),
            trends=trends,
        )

    # --- breakdowns, comparisons, corrections -----------------------------------------------------------------

    def breakdown(self, subject_id: str, year: int) -> NodeResult:
        """The full tree of one subject-year, from the total down to every input and its bron (built now)."""
        subject = self.subject(subject_id)
        if not subject.scored or year not in subject.years:
            raise KeyError(f"{subject_id} {year}")
        return node_result(self.evaluation, self.root, subject.row, self.year_position(year))  # type: ignore[arg-type]

    @cached_property
    def group_nodes(self) -> tuple[str, ...]:
        """Indicators and signals whose nullijn is a reference group, in the order of a breakdown (a criterion's
        children, then its signals)."""
        ev, rs = self.evaluation, self.ruleset
        measured = {**ev.indicators, **ev.signals}

        def walk(node: str) -> Iterator[str]:
            yield node
            if node in rs.criteria:
                for kid in ev.compiled.children.get(node, []):
                    yield from walk(kid)
                yield from rs.signals_under(node)

        return tuple(n for n in walk(self.root) if n in measured and measured[n].group is not None)

    def node_breakdown(self, subject_id: str, year: int, node: str) -> NodeResult:
        """The breakdown of one node (criterion, indicator or signal) in one subject-year, built now; its weight
        share is that within its parent."""
        subject = self.subject(subject_id)
        if not subject.scored or year not in subject.years:
            raise KeyError(f"{subject_id} {year}")
        s, y = subject.row, self.year_position(year)
        assert s is not None  # a scored subject has a row
        ev = self.evaluation
        if node in ev.signals:
            return signal_result(ev, node, s, y)
        parent = self._parents.get(node)
        share = None if parent is None else r(ev.criteria[parent].weight_share[node][s, y])
        return node_result(ev, node, s, y, share)

    @cached_property
    def _parents(self) -> dict[str, str]:
        return {kid: node for node, kids in self.evaluation.compiled.children.items() for kid in kids}

    def breakdowns(self, subject: SubjectInfo) -> Iterator[tuple[int, NodeResult]]:
        """(year, tree) for each year the subject is evaluated, one at a time."""
        for year in subject.years:
            yield year, self.breakdown(subject.id, year)

    @cached_property
    def comparisons(self) -> tuple[VoorstelComparison, ...]:
        """Each voorstel beside its huidige situatie, per year and criterion (issue 4)."""
        return tuple(voorstel_comparisons(self))

    def correction(self, subject: str, year: int, node: str) -> Correction | None:
        """The correction of this node (the total also answers to "totaal"), if any."""
        found = self._corrected.get((subject, year, node))
        if found is None and node == self.root:
            found = self._corrected.get((subject, year, "totaal"))
        return found

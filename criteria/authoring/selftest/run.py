"""Run self-tests (pure): evaluate each test's in-memory case with the engine and compare node by node."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from criteria.authoring.selftest.case import build_case, check_test, test_year
from criteria.authoring.selftest.coverage import CoverageSummary, RuleKey, hits, summarise
from criteria.engine import evaluate, node_result
from criteria.engine import scoring as sc
from criteria.engine.breakdown import signal_result
from criteria.engine.columns import Evaluation
from criteria.errors import MissingDataError, Problem
from criteria.load.selftest import LoadedTest
from criteria.model.selftest import SelfTestFile
from criteria.rules.compile import CompiledRuleset, compile_ruleset


@dataclass(frozen=True)
class Check:
    node: str
    what: str  # "score" or "oordeel"
    expected: float | str
    actual: float | str | None
    tolerance: float | None
    passed: bool


@dataclass(frozen=True)
class Outcome:
    name: str
    file: str
    line: int | None
    checks: list[Check]
    explanations: dict[str, list[str]] = field(default_factory=dict)  # failed node -> explanation lines
    error: str | None = None
    skipped: str | None = None  # a parent's test that names what this ruleset removed: why it was not run

    @property
    def passed(self) -> bool:
        return self.error is None and all(c.passed for c in self.checks)


@dataclass(frozen=True)
class Report:
    ruleset_id: str
    files: list[str]
    outcomes: list[Outcome]
    coverage: list[CoverageSummary]

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.passed]

    @property
    def skipped(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.skipped]


def check_tests(
    compiled: CompiledRuleset, spec: SelfTestFile | None, tests: list[LoadedTest], ancestors: tuple[str, ...] = ()
) -> list[Problem]:
    """Every test checked against the ruleset. Tests written for a ruleset this one extends (`ancestors`) run
    against it too: a child must still pass its parent's tests, or show where it differs on purpose."""
    inherited = spec is not None and spec.ruleset in ancestors
    problems = [p for t in tests for p in check_test(compiled, t)] if not inherited else []
    if (
        spec is not None
        and spec.ruleset is not None
        and spec.ruleset != compiled.ruleset.id
        and spec.ruleset not in ancestors
        and tests
    ):
        problems.append(
            Problem(
                tests[0].file,
                "ruleset",
                f"deze tests zijn voor toetsingskader '{spec.ruleset}', niet voor '{compiled.ruleset.id}'",
                "fout",
                f'zet ruleset = "{compiled.ruleset.id}" of test het juiste kader',
            )
        )
    return problems


def _for_year(compiled: CompiledRuleset, year: int, cache: dict[int, CompiledRuleset]) -> CompiledRuleset:
    if year not in cache:
        rs = compiled.ruleset
        cache[year] = compiled if rs.years == [year] else compile_ruleset(rs.model_copy(update={"years": [year]}))
    return cache[year]


def _number(x) -> float | None:
    x = float(x)
    return None if math.isnan(x) else x


def _measured(ev: Evaluation, node: str) -> dict[str, float | None]:
    """value, measure and nullijn of an indicator or signal in the test's subject-year."""
    cols = ev.indicators.get(node) or ev.signals.get(node)
    if cols is None:
        return {}
    return {
        "value": _number(cols.value[0, 0]),
        "measure": _number(cols.measure[0, 0]),
        "nullijn": _number(cols.nullijn[0, 0]),
    }


def _score_and_verdict(ev: Evaluation, node: str) -> tuple[float | None, str]:
    cols = (
        ev.indicators[node] if node in ev.indicators else ev.signals[node] if node in ev.signals else ev.criteria[node]
    )
    score = float(cols.score[0, 0])
    return (None if math.isnan(score) else score), sc.VERDICT_TEXT[int(cols.verdict[0, 0])]


def _explain(ev: Evaluation, node: str) -> list[str]:
    """The node chain from the total down to `node` with each score, then why `node` came out so."""
    compiled = ev.compiled
    chain = [node]
    if node in compiled.ruleset.signals:
        chain.append(compiled.ruleset.signals[node].parent)
    while True:
        parents = list(compiled.tree.predecessors(chain[-1]))
        if not parents:
            break
        chain.append(parents[0])
    steps = []
    for n in reversed(chain):
        score, verdict = _score_and_verdict(ev, n)
        shown = "–" if score is None else f"{score:.2f}".replace(".", ",")
        steps.append(f"{compiled.ruleset.node_title(n)} ({n}) {shown} [{verdict}]")
    detail = signal_result(ev, node, 0, 0) if node in compiled.ruleset.signals else node_result(ev, node, 0, 0)
    lines = ["pad: " + " → ".join(steps), f"oordeel: {detail.verdict_reason}"]
    if detail.indicator is not None:
        d = detail.indicator
        lines.append(f"formule: {d.formula} = {d.formula_filled}")
        if d.measure_formula:
            lines.append(f"meting: {d.measure_formula}")
        lines.append(f"scoring: {d.scoring}")
    else:
        parts = [
            f"{c.title} {('–' if c.score is None else f'{c.score:.2f}'.replace('.', ','))}"
            + (f" × {c.weight_normalised * 100:.0f} %" if c.weight_normalised is not None else "")
            for c in detail.children
        ]
        lines.append("onderdelen: " + "; ".join(parts))
    return lines


def run_one(
    compiled: CompiledRuleset, loaded: LoadedTest, default_tolerance: float, cache: dict[int, CompiledRuleset]
) -> tuple[Outcome, set[RuleKey]]:
    test = loaded.test
    line = loaded.place[0]
    year_compiled = _for_year(compiled, test_year(compiled.ruleset, loaded), cache)
    try:
        ev = evaluate(year_compiled, build_case(year_compiled, loaded))
    except MissingDataError as err:
        return Outcome(test.name, loaded.file, line, [], error=str(err)), set()
    checks: list[Check] = []
    explanations: dict[str, list[str]] = {}
    for node, expect in test.expect.items():
        score, verdict = _score_and_verdict(ev, node)
        tolerance = (
            expect.tolerance
            if expect.tolerance is not None
            else (test.tolerance if test.tolerance is not None else default_tolerance)
        )
        if expect.score is not None:
            ok = score is not None and abs(score - expect.score) <= tolerance + 1e-9
            checks.append(Check(node, "score", expect.score, score, tolerance, ok))
        if expect.verdict is not None:
            checks.append(Check(node, "oordeel", expect.verdict, verdict, None, verdict == expect.verdict))
        amount = expect.value_tolerance if expect.value_tolerance is not None else tolerance
        measured = _measured(ev, node)
        for what, label in (("value", "waarde"), ("measure", "meting"), ("nullijn", "nullijn")):
            wanted = getattr(expect, what)
            if wanted is not None:
                got = measured.get(what)
                ok = got is not None and abs(got - wanted) <= amount + 1e-9 * max(1.0, abs(wanted))
                checks.append(Check(node, label, wanted, got, amount, ok))
        if not all(c.passed for c in checks if c.node == node):
            explanations[node] = _explain(ev, node)
    return Outcome(test.name, loaded.file, line, checks, explanations), hits(ev)


def run_tests(
    compiled: CompiledRuleset,
    tests: list[LoadedTest],
    files: list[str],
    default_tolerance: float = 0.05,
    inherited: frozenset[str] = frozenset(),
) -> Report:
    """Run every test; a test from a parent's file (its file in `inherited`) that names something this ruleset
    removed or renamed is skipped with the reason instead of failing as bad input."""
    cache: dict[int, CompiledRuleset] = {}
    outcomes: list[Outcome] = []
    reached: set[RuleKey] = set()
    for loaded in tests:
        if loaded.file in inherited:
            refused = check_test(compiled, loaded)
            if refused:
                outcomes.append(
                    Outcome(
                        loaded.test.name,
                        loaded.file,
                        loaded.place[0],
                        [],
                        skipped=refused[0].message.removeprefix(f"test '{loaded.test.name}': "),
                    )
                )
                continue
        outcome, found = run_one(compiled, loaded, default_tolerance, cache)
        outcomes.append(outcome)
        reached |= found
    return Report(compiled.ruleset.id, files, outcomes, summarise(compiled.ruleset, reached))

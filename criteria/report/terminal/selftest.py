"""Self-test report: pass/fail per test, expected vs actual with the explanation path, rule coverage."""

from __future__ import annotations

import json

from criteria.authoring.selftest.coverage import CATEGORIES
from criteria.authoring.selftest.run import Check, Report
from criteria.engine.scoring import fmt


def _value(check: Check, value: float | str | None) -> str:
    if value is None:
        return "geen score" if check.what == "score" else "geen waarde"
    return fmt(value) if isinstance(value, float) else str(value)


def _check_line(check: Check) -> str:
    expected = _value(check, check.expected)
    if check.tolerance is not None:
        expected += f" ± {fmt(check.tolerance)}"
    return f"{check.node}: verwacht {check.what} {expected}, gekregen {_value(check, check.actual)}"


def report_text(report: Report) -> str:
    lines = [
        (
            f"Zelftests van toetsingskader {report.ruleset_id} ({', '.join(report.files)}): "
            f"{len(report.outcomes)} test(s)"
        )
    ]
    for outcome in report.outcomes:
        if outcome.skipped:
            lines.append(
                f"  ○ {outcome.name}: overgeslagen, {outcome.skipped} (test van een kader dat dit kader uitbreidt)"
            )
            continue
        mark = "✔" if outcome.passed else "✘"
        where = f"  [{outcome.file}, regel {outcome.line}]" if outcome.line and not outcome.passed else ""
        lines.append(f"  {mark} {outcome.name}{where}")
        if outcome.error:
            lines += [f"      {line}" for line in outcome.error.splitlines()]
        for node, explanation in outcome.explanations.items():
            lines += [f"      ✘ {_check_line(c)}" for c in outcome.checks if c.node == node and not c.passed]
            lines += [f"        {line}" for line in explanation]
    failed, skipped = len(report.failed), len(report.skipped)
    lines.append(
        f"Resultaat: {len(report.outcomes) - failed - skipped} geslaagd, {failed} mislukt"
        + (f", {skipped} overgeslagen." if skipped else ".")
    )
    lines.append("Dekking per regel (welke banden, schaallabels, normuitkomsten en knock-outs een test bereikt):")
    for c in report.coverage:
        lines.append(f"  {CATEGORIES[c.category]:<15} {c.covered:>3}/{c.total:<3} ({c.percent:.0f} %)")
    missing = [m for c in report.coverage for m in c.missing]
    if missing:
        lines.append("  Niet bereikt:")
        lines += [f"    - {m}" for m in missing]
    return "\n".join(lines) + "\n"


def report_json(report: Report) -> str:
    from criteria.files.marker import GENERATOR

    data = {
        "generator": GENERATOR,
        "ruleset_id": report.ruleset_id,
        "files": report.files,
        "summary": {
            "tests": len(report.outcomes),
            "passed": len(report.outcomes) - len(report.failed) - len(report.skipped),
            "failed": len(report.failed),
            "skipped": len(report.skipped),
        },
        "tests": [
            {
                "name": o.name,
                "file": o.file,
                "line": o.line,
                "passed": o.passed and not o.skipped,
                "error": o.error,
                "skipped": o.skipped,
                "checks": [
                    {
                        "node": c.node,
                        "what": c.what,
                        "expected": c.expected,
                        "actual": round(c.actual, 6) if isinstance(c.actual, float) else c.actual,
                        "tolerance": c.tolerance,
                        "passed": c.passed,
                    }
                    for c in o.checks
                ],
                "explanations": o.explanations,
            }
            for o in report.outcomes
        ],
        "coverage": {
            c.category: {"covered": c.covered, "total": c.total, "percent": round(c.percent, 1), "missing": c.missing}
            for c in report.coverage
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

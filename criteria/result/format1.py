"""Result format 1: the JSON of criteria up to format 2, one full tree per subject-year (pydantic model_dump_json).

Kept for one purpose: `criteria archief verifieer` of a run recorded in format 1 renders the re-run in the format
it was stored in and compares the bytes (docs/archief.md). It builds every subject-year's tree at once, which
is fine for the small cases archived before format 2; new output is format 2 (criteria.result.format2).
"""

from __future__ import annotations

from criteria.model import result as rm
from criteria.result.view import ResultView

FORMAT_VERSION = 1


def full_result(view: ResultView) -> rm.EvaluationResult:
    """The whole result as one model: every subject, every year's tree (format 1)."""
    subjects = []
    for info in view.subjects:
        base = dict(
            id=info.id,
            title=info.title,
            kind=info.kind,
            in_scope=info.in_scope,
            scope_reason=info.scope_reason,
            tags=list(info.tags),
        )
        if info.row is None:
            subjects.append(rm.SubjectResult(**base))
            continue
        years = [rm.YearResult(year=year, total=tree) for year, tree in view.breakdowns(info)]
        period = view.period(info)
        subjects.append(rm.SubjectResult(**base, years=years, period=period))
    rs = view.ruleset
    return rm.EvaluationResult(
        meta=view.meta,
        case_kind=view.case_kind,
        case_title=view.case_title,
        form=view.form,
        partners=view.partners,
        ruleset_title=rs.title,
        ruleset_basis=rs.basis,
        years=view.years,
        missing_data=rs.missing_data,
        pass_mark=rs.pass_mark,
        subjects=subjects,
        corrections=list(view.corrections),
        comparisons=list(view.comparisons),
    )


def format1_json(view: ResultView) -> str:
    """The result in format 1, byte for byte as criteria wrote it before format 2."""
    return full_result(view).model_dump_json(indent=2) + "\n"

"""A voorstel beside its huidige situatie: per year and per criterion both scores, the difference and its
verdict (pure; reads the evaluation result)."""

from __future__ import annotations

from criteria.model.case import Manifest
from criteria.model.result import CriterionComparison, NodeResult, SubjectResult, VoorstelComparison, walk
from criteria.model.notation import mark_difference
from criteria.voorstel.rows import baseline_of


def _criteria(total: NodeResult) -> list[tuple[int, NodeResult]]:
    """The criteria of a year's tree with their depth, depth first (indicators are the leaves)."""
    return [(depth, node) for node, depth in walk(total) if node.kind == "criterium"]


def _verdict(a: float | None, b: float | None) -> str:
    """beter / slechter / gelijk on the marks as shown (what you see counts: 6,3 against 6,2 is beter)."""
    if a is None or b is None:
        return "onvoldoende gegevens"
    shown = mark_difference(a, b)
    return "beter" if shown > 0 else "slechter" if shown < 0 else "gelijk"


def _pair(depth: int, a: NodeResult, b: NodeResult) -> CriterionComparison:
    diff = None if a.score is None or b.score is None else round(a.score - b.score, 6)
    return CriterionComparison(id=a.id, title=a.title, depth=depth, voorstel=a.score, huidig=b.score,
                               verschil=diff, voorstel_verdict=a.verdict, huidig_verdict=b.verdict,
                               oordeel=_verdict(a.score, b.score))  # type: ignore[arg-type]


def comparisons(manifest: Manifest, subjects: list[SubjectResult]) -> list[VoorstelComparison]:
    """For every voorstel with a huidige situatie, every year both were evaluated."""
    by_id = {s.id: s for s in subjects}
    out: list[VoorstelComparison] = []
    for sid, subj in manifest.subjects.items():
        base = baseline_of(manifest, sid)
        if subj.kind != "voorstel" or base is None or sid not in by_id or base not in by_id:
            continue
        theirs = {y.year: y for y in by_id[base].years}
        for year in by_id[sid].years:
            other = theirs.get(year.year)
            if other is None:
                continue
            pairs = zip(_criteria(year.total), _criteria(other.total))
            out.append(VoorstelComparison(voorstel=sid, huidige_situatie=base, current=list(subj.current or []),
                                          year=year.year, criteria=[_pair(d, a, b) for (d, a), (_, b) in pairs]))
    return out

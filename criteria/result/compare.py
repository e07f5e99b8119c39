"""A voorstel beside its huidige situatie: per year and per criterion both scores, the difference and its
verdict (pure; reads the result view's columns)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from criteria.model.notation import mark_difference
from criteria.model.result import CriterionComparison, VoorstelComparison
from criteria.voorstel.rows import baseline_of

if TYPE_CHECKING:
    from criteria.result.view import Mark, ResultView


def _verdict(a: float | None, b: float | None) -> str:
    """beter / slechter / gelijk on the marks as shown (what you see counts: 6,3 against 6,2 is beter)."""
    if a is None or b is None:
        return "onvoldoende gegevens"
    shown = mark_difference(a, b)
    return "beter" if shown > 0 else "slechter" if shown < 0 else "gelijk"


def _pair(node: str, title: str, depth: int, a: Mark, b: Mark) -> CriterionComparison:
    diff = None if a.score is None or b.score is None else round(a.score - b.score, 6)
    return CriterionComparison(
        id=node,
        title=title,
        depth=depth,
        voorstel=a.score,
        huidig=b.score,
        verschil=diff,
        voorstel_verdict=a.verdict,
        huidig_verdict=b.verdict,
        oordeel=_verdict(a.score, b.score),
    )


def comparisons(view: ResultView) -> list[VoorstelComparison]:
    """For every voorstel with a huidige situatie, every year both were evaluated; the total and every criterion
    in tree order."""
    manifest = view.evaluation.case.manifest
    criteria = [(node, depth) for node, depth in view.nodes if not view.is_indicator(node)]
    out: list[VoorstelComparison] = []
    for info in view.subjects:
        subj = manifest.subjects[info.id]
        base = baseline_of(manifest, info.id)
        if subj.kind != "voorstel" or base is None or base not in manifest.subjects:
            continue
        current = view.subject(base)
        for year in info.years:
            if year not in current.years:
                continue
            pairs = [
                _pair(node, view.node_title(node), depth, view.mark(info, year, node), view.mark(current, year, node))
                for node, depth in criteria
            ]
            out.append(
                VoorstelComparison(
                    voorstel=info.id, huidige_situatie=base, current=list(subj.current or []), year=year, criteria=pairs
                )
            )
    return out

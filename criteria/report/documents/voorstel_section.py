"""The report section of a voorstel: per year the comparison with the huidige situatie (the same rows as on the
terminal) and the critical tasks that stop, stay or become eenmansfunctie (the same lines as `explain`)."""

from __future__ import annotations

from criteria.model.result import NodeResult, VoorstelComparison
from criteria.report.common import VERDICT_STYLE, score_text
from criteria.report.comparison import chosen, comparison_table, comparison_title, difference_text, subject_title
from criteria.report.documents.document import VoorstelSection, VoorstelYear
from criteria.result.view import ResultView
from criteria.voorstel.changes import task_changes

RESOLVED_LABEL = "Deze kritieke taken zijn met het voorstel geen eenmansfunctie meer:"
SINGLE_LABEL = "Deze kritieke taken blijven of worden met het voorstel een eenmansfunctie:"
NONE_RESOLVED = "Met het voorstel houdt geen eenmansfunctie op, en wordt geen onbezette taak belegd."


def _names(result: ResultView, ids: list[str]) -> str:
    names = [f"{subject_title(result, i)} ({i})" for i in ids]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]


def explanation(result: ResultView, current: list[str], tasks: bool) -> tuple[str, ...]:
    """What the section shows, in plain Dutch (B1)."""
    now = (
        f"Die is berekend uit de gegevens van nu van {_names(result, current)}."
        if len(current) == 1
        else f"Die is berekend uit de huidige onderwerpen samen: {_names(result, current)}. Hun gegevens zijn bij "
        "elkaar genomen, zoals ze nu zijn."
    )
    parts: tuple[str, ...] = (
        (
            "Hier staat het voorstel naast de huidige situatie. Per criterium ziet u het rapportcijfer van het "
            "voorstel en dat van nu, het verschil, en of het voorstel beter of slechter is."
        ),
        f"Huidig is de situatie van nu. {now}",
        (
            "De cijfers van het voorstel zijn ramingen: verwachtingen, geen metingen. Een raming heeft "
            "kwaliteit C (een schatting). Wat het voorstel niet raamt, blijft gelijk aan de situatie van nu."
        ),
        (
            "Verschil is voorstel min huidig. Beter of slechter gaat over het verschil op één decimaal, zoals in de "
            "tabel; bij 0,0 is het gelijk. ✔ betekent: voldoet aan de norm. ✘ betekent: voldoet niet."
        ),
    )
    if tasks:
        parts += (
            (
                "Een eenmansfunctie is een kritieke taak die maar één medewerker kan doen. Is die ziek of met "
                "verlof, dan ligt de taak stil."
            ),
        )
    return parts


def _heading(comp: VoorstelComparison) -> str:
    total = comp.criteria[0]
    return (
        f"{comp.year}: totaal voorstel {score_text(total.voorstel)} {VERDICT_STYLE[total.voorstel_verdict][0]}, "
        f"huidig {score_text(total.huidig)} {VERDICT_STYLE[total.huidig_verdict][0]}, verschil "
        f"{difference_text(total.voorstel, total.huidig)}: {total.oordeel}"
    )


def _tasks(total: NodeResult | None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The task lists of a voorstel's year, each after its lead-in; none without task inventory."""
    changes = task_changes(total) if total is not None else None
    if changes is None:
        return ()
    out = [(RESOLVED_LABEL, changes.resolved) if changes.resolved else (NONE_RESOLVED, ())]
    return tuple(out + [(SINGLE_LABEL, changes.single)] if changes.single else out)


def _year(result: ResultView, comp: VoorstelComparison) -> VoorstelYear:
    voorstel = result.subject(comp.voorstel)
    own = result.breakdown(voorstel.id, comp.year) if comp.year in voorstel.years else None
    return VoorstelYear(
        year=comp.year,
        heading=_heading(comp),
        anchor=f"voorstel-{comp.voorstel}-{comp.year}",
        table=comparison_table(result, comp),
        tasks=_tasks(own),
    )


def voorstel_sections(result: ResultView) -> tuple[VoorstelSection, ...]:
    """One section per voorstel that has a comparison; none for a case without voorstel."""
    out = []
    for vid in dict.fromkeys(c.voorstel for c in result.comparisons):
        comps = chosen(result, vid)
        years = tuple(_year(result, c) for c in comps)
        out.append(
            VoorstelSection(
                id=vid,
                title=comparison_title(result, comps[0], with_year=False),
                anchor=f"voorstel-{vid}",
                explanation=explanation(result, comps[0].current, any(y.tasks for y in years)),
                years=years,
            )
        )
    return tuple(out)

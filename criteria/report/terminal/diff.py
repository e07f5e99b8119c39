"""`criteria diff` output: the edits between two rulesets and, with a case, their effect on every score."""

from __future__ import annotations

import json

from criteria.authoring.diff.impact import Impact
from criteria.authoring.diff.semantic import Edit
from criteria.report.common import score_text

SYMBOL = {
    "voldoet": "✔",
    "voldoet niet": "✘",
    "geen norm": "–",
    "onvoldoende gegevens": "?",
    "niet van toepassing": "·",
    "signaal": "◦",
}


TOP = 4  # causes shown per row in the text output (JSON has all)


def _signed(x: float | None, decimals: int = 2) -> str:
    if x is None:
        return "–"
    text = f"{x:+.{decimals}f}".replace(".", ",")
    return text.replace("-", "−")


def _edit_lines(edits: list[Edit]) -> list[str]:
    lines = []
    for e in edits:
        first, *rest = e.lines
        lines.append(f"  [{e.number}] {first}")
        lines += [f"       {line}" for line in rest]
    return lines


def diff_text(old_name: str, new_name: str, edits: list[Edit], impact: Impact | None, case_id: str | None) -> str:
    scored = [e for e in edits if e.scored]
    other = [e for e in edits if not e.scored]
    lines = [
        "Verschil tussen twee toetsingskaders (opgelost, dus inclusief wat zij van een ander kader overnemen)",
        f"  oud:   {old_name}",
        f"  nieuw: {new_name}",
        "",
    ]
    if not edits:
        lines.append("Geen verschil: de kaders zijn inhoudelijk gelijk.")
        return "\n".join(lines) + "\n"
    lines.append(f"Wijzigingen die scores kunnen veranderen ({len(scored)}):")
    lines += _edit_lines(scored) or ["  geen"]
    lines += ["", f"Wijzigingen zonder invloed op scores ({len(other)}):"]
    lines += _edit_lines(other) or ["  geen"]
    if impact is None:
        return "\n".join(lines) + "\n"
    lines += [
        "",
        f"Effect op casus {case_id}: totaal per onderwerp en jaar, grootste verandering eerst.",
        "Oorzaken: het effect van elke wijziging als die als enige op het oude kader wordt toegepast;",
        "samenspel = wat de afzonderlijke effecten samen niet verklaren.",
        "",
    ]
    width = max([len(r.title) for r in impact.rows] + [9])
    lines.append(f"  {'Onderwerp'.ljust(width)}  Jaar  Oud     Nieuw   Verschil  Oorzaken")
    for r in impact.rows:
        causes = "  ".join(f"[{c.edit}] {_signed(c.effect)}" for c in r.causes[:TOP])
        if len(r.causes) > TOP:
            causes += f"  (+{len(r.causes) - TOP} kleinere)"
        if r.interaction is not None and abs(r.interaction) >= 0.005:
            causes += f"  samenspel {_signed(r.interaction)}"
        old = f"{score_text(r.old_score)} {SYMBOL[r.old_verdict]}"
        new = f"{score_text(r.new_score)} {SYMBOL[r.new_verdict]}"
        flip = " !" if r.old_verdict != r.new_verdict else "  "
        lines.append(f"  {r.title.ljust(width)}  {r.year}  {old:<6}  {new:<6}{flip}{_signed(r.delta):>7}  {causes}")
    lines += ["", "Periodescore per onderwerp (! = ander oordeel):"]
    for p in sorted(impact.periods, key=lambda p: -abs((p.new_score or 0) - (p.old_score or 0))):
        delta = None if p.old_score is None or p.new_score is None else p.new_score - p.old_score
        flip = "  !" if p.old_verdict != p.new_verdict else ""
        lines.append(
            f"  {p.title.ljust(width)}  {score_text(p.old_score)} {SYMBOL[p.old_verdict]} → "
            f"{score_text(p.new_score)} {SYMBOL[p.new_verdict]}  ({_signed(delta, 1)}){flip}"
        )
    if impact.not_alone:
        lines.append(
            "Niet los toe te passen (alleen samen met andere wijzigingen geldig): "
            + ", ".join(f"[{n}]" for n in impact.not_alone)
        )
    return "\n".join(lines) + "\n"


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 6)


def diff_json(old_name: str, new_name: str, edits: list[Edit], impact: Impact | None, case_id: str | None) -> str:
    from criteria.files.marker import GENERATOR

    data: dict = {
        "generator": GENERATOR,
        "old": old_name,
        "new": new_name,
        "edits": [
            {
                "number": e.number,
                "node": e.node,
                "kind": e.kind,
                "lines": list(e.lines),
                "scored": e.scored,
                "key_paths": [".".join(p) for p in e.paths],
            }
            for e in edits
        ],
    }
    if impact is not None:
        data["case"] = case_id
        data["impact"] = [
            {
                "subject": r.subject,
                "year": r.year,
                "old_score": _r(r.old_score),
                "new_score": _r(r.new_score),
                "delta": _r(r.delta),
                "old_verdict": r.old_verdict,
                "new_verdict": r.new_verdict,
                "causes": [{"edit": c.edit, "effect": _r(c.effect)} for c in r.causes],
                "interaction": _r(r.interaction),
            }
            for r in impact.rows
        ]
        data["periods"] = [
            {
                "subject": p.subject,
                "old_score": _r(p.old_score),
                "new_score": _r(p.new_score),
                "old_verdict": p.old_verdict,
                "new_verdict": p.new_verdict,
            }
            for p in impact.periods
        ]
        data["not_alone"] = impact.not_alone
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

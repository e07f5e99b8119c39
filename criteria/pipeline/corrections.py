"""Human overrides of a score (issue 7): parse `ONDERWERP:JAAR:CRITERIUM=SCORE`, check it, record it in the result.

Pure: a result view in, a new view out. The computed numbers are left exactly as the engine made them; a correction
is added to the view's `corrections` with the computed score, the corrected score and the reason, so that a
report can show both and never hides the computed score.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from criteria.errors import CriteriaError
from criteria.model.identifiers import unknown_name
from criteria.model.result import Correction
from criteria.result.view import ResultView
from criteria.rules.subjects import find_subject, unknown_subject_message

SYNTAX = "ONDERWERP:JAAR:CRITERIUM=SCORE, bijvoorbeeld HH:2019:proces=7,5"
_SPEC = re.compile(r"^\s*([^:=]*[^:=\s])\s*:\s*([^:=\s]+)\s*:\s*([^:=\s]+)\s*=\s*(\S+)\s*$")  # subject: code or title


class CorrectionError(CriteriaError):
    """One or more corrections that cannot be applied; the message lists every one of them."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("ongeldige correctie(s):\n" + "\n".join(f"  - {p}" for p in problems))


@dataclass(frozen=True)
class CorrectionRequest:
    subject: str
    year: int
    node: str
    score: float
    reason: str


def correct(result: ResultView, texts: list[str], reason: str | None) -> ResultView:
    """Parse the `--correctie` texts and apply them; one CorrectionError lists every problem of every text."""
    requests, problems = _parse(texts, reason)
    added, wrong = _resolve(result, requests)
    if problems or wrong:
        raise CorrectionError(problems + wrong)
    return result.with_corrections(added)


def parse_corrections(texts: list[str], reason: str | None) -> list[CorrectionRequest]:
    """Parse every `--correctie` text; raise CorrectionError listing all problems (syntax, score range, reason)."""
    requests, problems = _parse(texts, reason)
    if problems:
        raise CorrectionError(problems)
    return requests


def _parse(texts: list[str], reason: str | None) -> tuple[list[CorrectionRequest], list[str]]:
    problems: list[str] = []
    requests: list[CorrectionRequest] = []
    reason = (reason or "").strip()
    if texts and not reason:
        problems.append(
            'een correctie vraagt om een reden: geef --reden "..." (bijvoorbeeld het besluit van de begeleidingsgroep)'
        )
    if reason and not texts:
        problems.append("--reden hoort bij --correctie; er is geen correctie opgegeven")
    for text in texts:
        match = _SPEC.fullmatch(text)
        if match is None:
            problems.append(f"'{text}' heeft niet de vorm {SYNTAX}")
            continue
        subject, year_text, node, score_text = match.groups()
        if not re.fullmatch(r"\d{4}", year_text):
            problems.append(f"'{text}': '{year_text}' is geen jaartal van vier cijfers")
            continue
        try:
            score = float(score_text.replace(",", "."))
        except ValueError:
            problems.append(f"'{text}': '{score_text}' is geen getal")
            continue
        if not 0.0 <= score <= 10.0:
            problems.append(f"'{text}': score {score_text} ligt niet tussen 0 en 10")
            continue
        requests.append(CorrectionRequest(subject, int(year_text), node, score, reason))
    return requests, problems


def _unknown(what: str, wanted: str, names: list[str], choices: list[str]) -> str:
    """'onbekend onderwerp 'Po' (bedoelt u 'PO'?)': a name matches only exactly; a look-alike is named, never used."""
    message, near = unknown_name(what, wanted, names)
    return f"{message}; " + (f"{near} " if near else "") + "kies uit: " + ", ".join(choices)


def apply_corrections(result: ResultView, requests: list[CorrectionRequest]) -> ResultView:
    """The result with the corrections added; raise CorrectionError naming every request that does not fit."""
    added, problems = _resolve(result, requests)
    if problems:
        raise CorrectionError(problems)
    return result.with_corrections(added)


def _resolve(result: ResultView, requests: list[CorrectionRequest]) -> tuple[list[Correction], list[str]]:
    """The corrections for these requests (with the computed score), and a problem for each that does not fit."""
    problems: list[str] = []
    added: list[Correction] = []
    seen = {(c.subject, c.year, c.node) for c in result.corrections}
    scored = [s for s in result.subjects if s.in_scope and s.years]
    for req in requests:
        where = f"{req.subject}:{req.year}:{req.node}"
        code = find_subject(req.subject, [(s.id, s.title) for s in result.subjects])  # exact code, else the title
        subject = next((s for s in result.subjects if s.id == code), None)
        if subject is None:
            problems.append(f"{where}: " + unknown_subject_message(req.subject, [(s.id, s.title) for s in scored]))
            continue
        if not subject.in_scope or not subject.years:
            problems.append(f"{where}: {subject.title} valt buiten deze toets en heeft geen score")
            continue
        if req.year not in subject.years:
            problems.append(
                f"{where}: jaar {req.year} hoort niet bij deze toets; kies uit: "
                + ", ".join(str(y) for y in subject.years)
            )
            continue
        nodes = [n for n, _ in result.nodes]
        node = req.node if req.node in nodes else None
        if node is None:
            problems.append(f"{where}: " + _unknown("criterium", req.node, nodes, nodes))
            continue
        key = (subject.id, req.year, node)
        if key in seen:
            problems.append(f"{where}: dit onderdeel heeft al een correctie")
            continue
        seen.add(key)
        added.append(
            Correction(
                subject=subject.id,
                year=req.year,
                node=node,
                computed_score=result.mark(subject, req.year, node).score,
                corrected_score=req.score,
                reason=req.reason,
            )
        )
    return added, problems

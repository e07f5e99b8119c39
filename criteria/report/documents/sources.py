"""The sources of a report: every distinct bron, numbered, with where it is used; and completeness warnings."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from criteria.model.case import QUALITY_LABELS
from criteria.model.result import IndicatorDetail
from criteria.report.common import percent
from criteria.report.documents.document import Cell, Column, Row, Table

if TYPE_CHECKING:
    from criteria.report.documents.subject_columns import MissingYear, Use

MAX_NAMES = 6  # "used by" lists at most this many subjects, then "en N andere"


def source_ref(number: int) -> str:
    return f"B{number}"


@dataclass
class Source:
    number: int
    text: str
    qualities: set[str] = field(default_factory=set)
    # what -> (who, in the order met; the years of all of them): what uses_text shows, kept small for a national case
    uses: dict[str, tuple[dict[str, None], set[int]]] = field(default_factory=dict)

    def use(self, what: str, who: str, year: int) -> None:
        names, years = self.uses.setdefault(what, ({}, set()))
        names[who] = None
        years.add(year)


class SourceIndex:
    """Numbers every bron in the order a reader meets it (subject by subject, year by year, top to bottom)."""

    def __init__(self, whole: str = "hele samenwerking") -> None:
        self.sources: dict[str, Source] = {}
        self.whole = whole  # how to name a value for no subject in particular

    def add(self, subject: str, uses: Iterable[Use], titles: dict[str, str], partners: dict[str, str]) -> None:
        """Number the bronnen one subject's breakdowns cite (`subject`: its title; `uses`: in the order a reader meets
        them, criteria.report.documents.subject_columns); call it subject by subject, before laying out the
        subject's section."""
        for use in uses:
            who = (
                titles.get(use.subject, use.subject)
                if use.subject
                else partners.get(use.partner, use.partner)
                if use.partner
                else self.whole
            )
            source = self._source(use.bron)
            source.use(use.what, who, use.year)
            if use.quality:
                source.qualities.add(use.quality)

    def _source(self, text: str) -> Source:
        if text not in self.sources:
            self.sources[text] = Source(len(self.sources) + 1, text)
        return self.sources[text]

    def refs(self, d: IndicatorDetail) -> tuple[int, ...]:
        texts = [i.bron for i in d.inputs if i.bron] + ([d.nullijn.bron] if d.nullijn and d.nullijn.bron else [])
        return tuple(sorted({self.sources[t].number for t in texts if t in self.sources}))

    def table(self) -> Table:
        columns = (
            Column("Nr.", width=6),
            Column("Bron", width=70),
            Column("Kwaliteit", width=26),
            Column("Gebruikt voor", width=70),
        )
        rows = tuple(
            Row(
                (
                    Cell(source_ref(s.number)),
                    Cell(s.text),
                    Cell(", ".join(QUALITY_LABELS.get(q, q) for q in sorted(s.qualities)) or "–"),
                    Cell(uses_text(s.uses)),
                ),
                anchor=f"bron-{s.number}",
            )
            for s in self.sources.values()
        )
        return Table("Bronnen: elk brongegeven, met waar het is gebruikt", columns, rows)

    def summary(self, whole_list: str) -> tuple[str, ...]:
        """The sources in a few lines (when the list itself is left out): how many, of which quality, how many
        illustratief, and where the whole list is (`whole_list`)."""
        by_quality: dict[str, int] = {}
        for s in self.sources.values():
            for q in sorted(s.qualities) or ["–"]:
                by_quality[q] = by_quality.get(q, 0) + 1
        illustrative = sum(1 for s in self.sources.values() if s.text.lower().startswith("illustratief"))
        lines = [f"Dit rapport rust op {len(self.sources)} bronnen."]
        lines += [
            f"Kwaliteit {QUALITY_LABELS.get(q, q)}: {n} {'bron' if n == 1 else 'bronnen'}."
            for q, n in sorted(by_quality.items())
            if q != "–"
        ]
        if illustrative:
            lines.append(
                f"{illustrative} van de {len(self.sources)} bronnen zijn illustratief: verzonnen of "
                "geschat, geen echte brongegevens."
            )
        return (*lines, whole_list)


def refs_text(refs: Sequence[int]) -> str:
    return ", ".join(source_ref(n) for n in refs) or "–"


def years_text(years: set[int]) -> str:
    """2018, 2019, 2020 -> "2018–2020"; 2018, 2020 -> "2018, 2020"; a nullijn (year 0) has no year."""
    ys = sorted(y for y in years if y)
    if not ys:
        return ""
    if len(ys) > 2 and ys[-1] - ys[0] == len(ys) - 1:
        return f"{ys[0]}–{ys[-1]}"
    return ", ".join(map(str, ys))


def uses_text(uses: dict[str, tuple[dict[str, None], set[int]]]) -> str:
    """ "Kritieke taken, Eenmansfuncties — P&O, Handhaving (2018)": fields used by the same subjects share a line."""
    grouped: dict[tuple[tuple[str, ...], str], list[str]] = {}
    for what, (who, years) in uses.items():
        names = list(who)
        if len(names) > MAX_NAMES:
            names = names[: MAX_NAMES - 1] + [f"en {len(names) - MAX_NAMES + 1} andere"]
        grouped.setdefault((tuple(names), years_text(years)), []).append(what)
    return "; ".join(
        f"{', '.join(whats)} — {', '.join(who)}" + (f" ({years})" if years else "")
        for (who, years), whats in grouped.items()
    )


def missing_lines(subject: str, years: Iterable[MissingYear], missing_data: str) -> list[str]:
    """One line per year of a subject (`subject`: its title) with missing data: what is missing and why."""
    lines = []
    for year in years:
        missing = [f"{title} ({note or 'geen gegeven'})" for title, note in year.indicators]
        share = (
            "geen gegevens"
            if year.completeness is None
            else (f"gegevens voor {percent(year.completeness)} van het gewicht")
        )
        lines.append(
            f"{subject} {year.year}: {share}; ontbreekt: {', '.join(missing) or 'onbekend'}. "
            + ("De overige gewichten zijn herwogen." if missing_data == "reweigh" else "")
        )
    return lines


def completeness_lines(missing: Sequence[str], warnings: Sequence[str] = ()) -> tuple[str, ...]:
    """The subject-years with missing data (missing_lines of every subject), then the loader's warnings."""
    lines = [*missing, *(f"Bij het inlezen: {w}" for w in warnings)]
    if not lines:
        lines.append("Voor elk onderwerp en elk jaar waren alle gegevens aanwezig (volledigheid 100 %).")
    return tuple(line.strip() for line in lines)

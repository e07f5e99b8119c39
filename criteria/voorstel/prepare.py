"""Prepare a case for a ruleset (pure): inventory measures become data values, and every voorstel gets its
huidige situatie — a computed subject `<voorstel>_huidig` from the partners' current subjects.

- A ruleset field with `inventory = "<measure>"` is computed from the task inventory of each subject and year;
  a typed value for the same subject, year and field as well is an error.
- A voorstel (kind "voorstel" with `current = [...]`) is evaluated in the years it has data of its own. For
  those years its huidige situatie combines the current subjects' values by each field's `combine` rule and
  takes the inventory measures of their inventories side by side; the voorstel takes the measures of the
  merged inventory (task mapping), its own projected values (raming), and for a field it does not project the
  value of the huidige situatie, labelled as such. docs/voorstel.md explains it for users.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

import numpy as np

from criteria.errors import Problem
from criteria.model.case import Case, DataValue, Subject
from criteria.model.inventory import TaskRow
from criteria.model.ruleset import Ruleset
from criteria.model.values import CaseValues
from criteria.voorstel.changes import merge_notes
from criteria.voorstel.combine import Combined, combine

if TYPE_CHECKING:  # the inventory modules are imported when a case has an inventory
    from criteria.inventory.graph import CoverageGraph
    from criteria.inventory.measures import Measure

Key = tuple[str | None, int, str, str | None]  # subject, year, field, partner
_WORST = {"A": 0, "B": 1, "C": 2}


def baseline_id(voorstel: str) -> str:
    return f"{voorstel}_huidig"


def _rows_place(rows: list[TaskRow]) -> tuple[str, int | None, str]:
    lines = [r.line for r in rows if r.line is not None]
    first = rows[0]
    if len(lines) == len(rows) and len({r.file for r in rows}) == 1:
        lo, hi = min(lines), max(lines)
        return first.file, None, f"regel {lo}" if lo == hi else f"regels {lo}–{hi}"
    return first.file, None, f"{len(rows)} regels, vanaf {first.place}"


def _inventory_bron(what: str, rows: list[TaskRow], graph: CoverageGraph) -> str:
    """How an inventory measure was found: its tasks (of which critical), its people and its bron. The counts are
    read off the graph itself (as many as inventory.graph.coverage and employees list, without sorting them)."""
    brons = list(dict.fromkeys(r.bron for r in rows))
    if len(brons) == 1:
        origin = f"inventarisatie: {brons[0]}"
    else:
        marked = " (illustratief)" if any("illustratief" in b.lower() for b in brons) else ""
        origin = f"{len(brons)} bronnen, per regel in de inventarisatie{marked}"
    return (
        f"berekend uit {what}: {len(graph.tasks)} taken, waarvan {sum(t.critical for t in graph.tasks.values())} "
        f"kritiek, {len(graph.employees)} medewerkers; {origin}"
    )


class _Builder:
    def __init__(self, ruleset: Ruleset, case: Case):
        self.rs, self.case = ruleset, case
        self.inventory_fields = {n: f.inventory for n, f in ruleset.fields.items() if f.inventory}
        self.typed: dict[Key, DataValue] = _typed(case, ruleset)
        self.groups: dict[tuple[str, int], list[TaskRow]] = defaultdict(list)
        for row in case.inventory:
            self.groups[row.subject, row.year].append(row)
        self.values: list[DataValue] = []
        self.problems: list[Problem] = []

    def add(
        self,
        subject: str,
        year: int,
        field: str,
        partner: str | None,
        value: float | str,
        bron: str,
        quality: str,
        where: tuple[str, int | None, str],
        details: tuple[str, ...] = (),
    ) -> None:
        file, line, place = where
        self.values.append(
            DataValue(
                subject=subject,
                year=year,
                field=field,
                partner=partner,
                value=value,
                unit=self.rs.fields[field].unit,
                bron=bron,
                quality=quality,
                file=file,
                line=line,
                place=place,
                details=details,
            )
        )

    def warn(self, file: str, message: str, suggestion: str | None = None) -> None:
        self.problems.append(Problem(file, "", message, "waarschuwing", suggestion))

    def inventory_values(
        self,
        subject: str,
        year: int,
        found: dict[str, Measure],
        rows: list[TaskRow],
        bron: str,
        quality: str | None = None,
        extra: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        worst = quality or max((r.quality for r in rows), key=_WORST.__getitem__)
        for field, measure in self.inventory_fields.items():
            if measure not in found:
                continue
            typed = self.typed.get((subject, year, field, None))
            if typed is not None:
                self.problems.append(
                    Problem(
                        typed.file,
                        "" if typed.line else typed.place,
                        f"veld '{field}' van onderwerp '{subject}' in "
                        f"{year} wordt berekend uit de taakinventarisatie ({rows[0].file}); een getypt getal ernaast "
                        "is dubbel",
                        "fout",
                        "laat deze regel weg, of haal 'inventory' weg bij het veld in het toetsingskader",
                        typed.line,
                    )
                )
            m = found[measure]
            self.add(
                subject,
                year,
                field,
                None,
                float(m.value),
                bron,
                worst,
                _rows_place(rows),
                m.details + (extra or {}).get(measure, ()),
            )

    def ordinary(self, skip: set[str]) -> None:
        for (subject, year), rows in sorted(self.groups.items()):
            if subject in skip or not self.inventory_fields:
                continue
            from criteria.inventory.graph import coverage_graph
            from criteria.inventory.measures import measures

            graph = coverage_graph((r.task, r) for r in rows)
            self.inventory_values(
                subject, year, measures(graph), rows, _inventory_bron("de taakinventarisatie", rows, graph)
            )

    def voorstel(self, vid: str, subj: Subject) -> list[int]:
        current = subj.current or []
        values = self.case.values
        own = values.subjects.index(vid) if vid in values.subjects else None
        typed_years = {int(y) for y in values.year[values.subject == own].tolist()} if own is not None else set()
        years = sorted(typed_years | {r.year for r in self.case.inventory if r.subject == vid})
        if not years:
            self.warn(
                self.case.source,
                f"voorstel '{vid}' heeft geen eigen gegevens (raming); het wordt niet berekend",
                "geef de geraamde waarden met onderwerp " + vid,
            )
        for year in years:
            self.voorstel_inventory(vid, year, current)
            self.voorstel_fields(vid, year, current)
        return years

    def voorstel_inventory(self, vid: str, year: int, current: list[str]) -> None:
        if not self.inventory_fields:
            return
        parts = {c: self.groups.get((c, year), []) for c in current}
        own = self.groups.get((vid, year), [])
        lacking = [c for c, rows in parts.items() if not rows]
        if lacking:
            self.warn(
                self.case.source,
                f"voorstel '{vid}', {year}: geen taakinventarisatie van "
                f"{', '.join(lacking)}; de kwetsbaarheid van voorstel en huidige situatie "
                "ontbreekt",
                "lever de inventarisatie van alle huidige onderwerpen aan",
            )
            return
        from criteria.inventory.measures import measures
        from criteria.inventory.merge import graphs, resolved

        partner_of = {s: self.case.manifest.subjects[s].partner for s in current}
        before, after, names = graphs(parts, self.case.task_links.get(vid, ()), partner_of, own)
        all_rows = [r for rows in parts.values() for r in rows]
        joined = " en ".join(current)
        self.inventory_values(
            baseline_id(vid),
            year,
            measures(before),
            all_rows,
            _inventory_bron(f"de taakinventarisaties van {joined} naast elkaar", all_rows, before),
        )
        gained = resolved(before, after, names)
        note = merge_notes(gained)
        mapping = self.case.manifest.subjects[vid].task_mapping
        what = f"de samengevoegde taakinventarisaties van {joined}" + (
            f" (takenkoppeling {mapping.file})" if mapping else ""
        )
        self.inventory_values(
            vid,
            year,
            measures(after),
            all_rows + own,
            _inventory_bron(what, all_rows + own, after),
            "C",
            {
                m: note
                for m in (
                    "eenmansfuncties",
                    "onbezette_kritieke_taken",
                    "kritieke_taken_gedekt",
                    "dekking_kritieke_taken",
                )
            },
        )

    def voorstel_fields(self, vid: str, year: int, current: list[str]) -> None:
        partners = list(self.case.manifest.partners)
        for field, fdef in self.rs.fields.items():
            if fdef.inventory or fdef.scope == "samenwerking":
                continue
            for partner in partners if fdef.scope == "partner" else [None]:
                parts = {c: self.typed.get((c, year, field, partner)) for c in current}
                weights = (
                    {c: self.typed.get((c, year, fdef.combine_weight, None)) for c in current}
                    if fdef.combine_weight
                    else None
                )
                got = combine(fdef, parts, weights)
                if isinstance(got, str):
                    self.warn(
                        self.case.source,
                        f"huidige situatie van voorstel '{vid}', {year}: veld '{field}'"
                        + (f" ({partner})" if partner else "")
                        + f" {got}; geen waarde",
                    )
                if not isinstance(got, Combined):
                    continue
                self.baseline_value(vid, year, field, partner, got)

    def baseline_value(self, vid: str, year: int, field: str, partner: str | None, got: Combined) -> None:
        origin = "; ".join(f"{p.subject}: {p.file}, {p.place}" for p in got.parts)
        illustrative = " (illustratief)" if any(p.illustrative for p in got.parts) else ""
        bron = f"huidige situatie, {got.text}" + (f" (uit {origin})" if origin else "") + illustrative
        quality = max((p.quality for p in got.parts), key=_WORST.__getitem__, default="C")
        first = got.parts[0] if got.parts else None
        where = (first.file, None, "berekend") if first else (self.case.source, None, "berekend")
        self.add(baseline_id(vid), year, field, partner, got.value, bron, quality, where)
        if (vid, year, field, partner) not in self.typed:
            self.add(
                vid, year, field, partner, got.value, "niet geraamd; gelijk verondersteld aan de " + bron, "C", where
            )


def prepare_case(ruleset: Ruleset, case: Case) -> tuple[Case, list[Problem]]:
    """The case with computed values and huidige situaties, and the problems found (errors and warnings)."""
    build = _Builder(ruleset, case)
    voorstellen = {sid: s for sid, s in case.manifest.subjects.items() if s.kind == "voorstel" and s.current}
    build.ordinary(set(voorstellen))
    subjects: dict[str, Subject] = {}
    for sid, subj in case.manifest.subjects.items():
        subjects[sid] = subj
        if sid in voorstellen:
            years = build.voorstel(sid, subj)
            subjects[sid] = subj.model_copy(update={"years": subj.years if subj.years is not None else years})
            subjects[baseline_id(sid)] = Subject(
                title=f"Huidige situatie ({' + '.join(subj.current or [])})",
                kind="huidige_situatie",
                in_scope=subj.in_scope,
                scope_reason=subj.scope_reason,
                tags=list(subj.tags),
                years=subjects[sid].years,
                description=f"Berekend uit {', '.join(subj.current or [])}: de vergelijkingsbasis (nullijn) van "
                f"voorstel {sid}.",
            )
    if not build.values and len(subjects) == len(case.manifest.subjects):
        return case, build.problems
    manifest = case.manifest.model_copy(update={"subjects": subjects})
    values = case.values.concat(CaseValues.from_records(build.values))
    return case.model_copy(update={"manifest": manifest, "values": values}), build.problems


def _typed(case: Case, ruleset: Ruleset) -> dict[Key, DataValue]:
    """The typed values that preparing can use, by (subject, year, field, partner): those of the subjects that make
    up a voorstel and of the fields computed from the inventory; as records (few, unlike all values)."""
    values = case.values
    voorstel_subjects = {
        c for s in case.manifest.subjects.values() if s.kind == "voorstel" and s.current for c in [*s.current]
    } | {sid for sid, s in case.manifest.subjects.items() if s.kind == "voorstel"}
    inventory_fields = {n for n, f in ruleset.fields.items() if f.inventory}
    if not voorstel_subjects and not inventory_fields:
        return {}
    subject_codes = [i for i, sid in enumerate(values.subjects) if sid in voorstel_subjects]
    field_codes = [i for i, name in enumerate(values.fields) if name in inventory_fields]
    wanted = np.isin(values.subject, subject_codes) | np.isin(values.field, field_codes)
    typed: dict[Key, DataValue] = {}
    for i in np.flatnonzero(wanted).tolist():
        v = values[i]
        typed[v.subject, v.year, v.field, v.partner] = v
    return typed

"""Check a case's reference table against the ruleset's reference groups (pure), and with it the case's values:
check_case_data. It evaluates the groups (criteria.engine.groups), so it sits above the engine, not in rules/.

Every misuse gets a Dutch problem at case.toml: a ruleset that compares with a group while the case has no
[reference]; a column the group formulas need but the table lacks; an unknown gemeente code; a subject
without a gemeente code; a group without members in a year (error) or with fewer than min_members (warning);
a subject's own value that differs from its row in the reference table (warning).
"""

from __future__ import annotations

import difflib

import numpy as np

from criteria import formula as fx
from criteria.engine import reference as ref
from criteria.engine.groups import subject_codes, use_counts
from criteria.errors import Problem, Severity
from criteria.model.case import Case
from criteria.rules.case_checks import _problems, check_case


def _close(name: str, known) -> str | None:
    close = difflib.get_close_matches(name, list(known), n=3, cutoff=0.6)
    return "bedoelde u " + " of ".join(f"'{c}'" for c in close) + "?" if close else None


def check_case_data(compiled, case: Case, elsewhere: set[str] | frozenset[str] = frozenset()) -> list[Problem]:
    """Every problem of a case's data against a ruleset: its values (check_case), then its reference table.
    `elsewhere`: fields another ruleset of the case uses (not reported as unused)."""
    folder = case.source.rstrip("/\\")
    manifest_file = folder if folder.endswith("case.toml") else f"{folder}/case.toml"
    return check_case(compiled, case, elsewhere) + check_reference(compiled, case, manifest_file)


def check_reference(compiled, case: Case, manifest_file: str) -> list[Problem]:
    rs = compiled.ruleset
    uses = rs.group_comparisons()
    problems: list[Problem] = []

    def add(place: str, message: str, suggestion: str | None = None, severity: Severity = "fout") -> None:
        problems.append(Problem(manifest_file, place, message, severity, suggestion))

    if not uses:
        return problems
    if case.reference is None and case.manifest.reference is not None:
        return problems  # the table could not be read: its own problems say why
    if case.reference is None:
        add(
            "reference",
            f"toetsingskader '{rs.id}' vergelijkt met een referentiegroep, maar de casus heeft geen referentietabel",
            'voeg [reference] toe, bijvoorbeeld source = "cbs-iv3" en document = "jaarrekening"',
        )
        return problems
    table = case.reference.table
    needed: dict[str, str] = {}
    for key, comp in uses.items():
        for text in (comp.numerator, comp.denominator):
            for name in fx.parse(text).names if text else ():
                needed.setdefault(name, ".".join(map(str, key)))
    for gid, group in rs.reference_groups.items():
        for name in fx.parse(group.condition).names if group.condition else ():
            needed.setdefault(name, f"reference_groups.{gid}.condition")
        if group.inwoners is not None:
            needed.setdefault(ref.INWONERS, f"reference_groups.{gid}.inwoners")
    missing = False
    for name, where in sorted(needed.items()):
        if name not in table.columns:
            missing = True
            add(
                "reference",
                f"de referentietabel heeft geen kolom '{name}' (nodig voor {where} in het toetsingskader)",
                _close(name, table.columns),
            )
    known = set(table.codes)
    for gid, group in rs.reference_groups.items():
        for code in [*(group.codes or []), *group.exclude]:
            if code not in known:
                add(
                    "reference",
                    f"referentiegroep '{gid}' in het toetsingskader noemt gemeentecode '{code}', die "
                    "niet in de referentietabel staat",
                    _close(code, known),
                )
    subjects = case.in_scope()
    codes = subject_codes(case, subjects)
    for sid, own in zip(subjects, codes):
        for code in own:
            if code not in known:
                add(
                    f"subjects.{sid}.code",
                    f"gemeentecode '{code}' staat niet in de referentietabel",
                    _close(code, known),
                )
    applies = _applies(compiled, case, subjects, uses)
    for sid, own, hit in zip(subjects, codes, applies):
        if hit and not own:
            add(
                f"subjects.{sid}",
                f"onderwerp '{sid}' wordt met een referentiegroep vergeleken, maar heeft geen gemeentecode",
                'zet code = "GM...." bij het onderwerp of bij elke partner',
            )
    if missing or any(p.severity == "fout" for p in problems):
        return problems
    _sizes(rs, case, subjects, codes, applies, uses, add)
    problems += _own_values(case, table)
    return problems


def _applies(compiled, case: Case, subjects: list[str], uses) -> list[bool]:
    """Per subject: some group comparison applies to it (its node's applies_to and that of its ancestors)."""
    rs = compiled.ruleset
    nodes = {key[1] for key in uses if len(key) == 3}
    out = []
    for sid in subjects:
        tags = set(case.manifest.subjects[sid].tags) if sid in case.manifest.subjects else set()
        hit = False
        for node in nodes:
            item = rs.indicators.get(node) or rs.signals.get(node)
            chain, parent = [item.applies_to], item.parent
            while parent is not None:
                chain.append(rs.criteria[parent].applies_to)
                parent = rs.criteria[parent].parent
            if all(spec is None or tags & set(spec) for spec in chain):
                hit = True
        out.append(hit)
    return out


def _sizes(rs, case: Case, subjects, codes, applies, uses, add) -> None:
    table = case.reference.table
    own = ref.own_codes(table, codes)
    years = list(rs.years)
    seen: set[tuple] = set()
    known: dict = {}  # the selections and formulas the comparisons share
    for comp in uses.values():
        group = rs.reference_groups[comp.group]
        count = use_counts(rs, comp, table, own, years, known)
        for s, sid in enumerate(subjects):
            if not applies[s]:
                continue
            for y, year in enumerate(years):
                n = int(count[s, y])
                tag = (comp.group, comp.numerator, comp.denominator, sid, year)
                if tag in seen:
                    continue
                seen.add(tag)
                if n == 0:
                    add(
                        "reference",
                        f"referentiegroep '{comp.group}' heeft voor onderwerp '{sid}' in {year} geen "
                        "enkele gemeente met een bruikbare waarde",
                        "controleer de selectie (provincies, inwoners, voorwaarde) en het gekozen stuk in [reference]",
                    )
                elif n < group.min_members:
                    add(
                        "reference",
                        f"referentiegroep '{comp.group}' telt voor onderwerp '{sid}' in {year} maar {n} "
                        f"gemeente(n), minder dan {group.min_members}; de uitkomst is weinig zeggend",
                        "verruim de selectie of verlaag min_members bewust",
                        "waarschuwing",
                    )


def _own_values(case: Case, table: ref.ReferenceTable) -> list[Problem]:
    """Values in the case data for a coded subject or partner that differ from its reference row (column-wise)."""
    manifest, values = case.manifest, case.values
    index = table.code_index()
    subject_code = np.array(
        [index.get(manifest.subjects[s].code or "", -1) if s in manifest.subjects else -1 for s in values.subjects]
        + [-1],
        dtype=np.int64,
    )
    partner_code = np.array(
        [index.get(manifest.partners[p].code or "", -1) if p in manifest.partners else -1 for p in values.partners]
        + [-1],
        dtype=np.int64,
    )
    code = np.where(values.partner >= 0, partner_code[values.partner], subject_code[values.subject])
    known = np.array(table.years, dtype=np.int64)
    year_col = np.searchsorted(known, values.year)
    year_col = np.where(
        (year_col < len(known)) & (known[np.minimum(year_col, len(known) - 1)] == values.year) if len(known) else False,
        year_col,
        -1,
    )
    out: list[Problem] = []
    for f, name in enumerate(values.fields):
        if name not in table.columns:
            continue
        idx = np.flatnonzero((values.field == f) & (code >= 0) & (year_col >= 0) & values.is_number())
        if not len(idx):
            continue
        expected = table.columns[name][code[idx], year_col[idx]]
        differs = ~np.isnan(expected) & ~np.isclose(values.number[idx], expected, rtol=1e-9, atol=1e-9)
        if differs.any():  # one warning per field, with every row and the first as the example
            i, e = int(idx[differs][0]), float(expected[differs][0])
            more = f" (en {int(differs.sum()) - 1} andere waarde(n))" if differs.sum() > 1 else ""
            out += _problems(
                values,
                idx[differs],
                f"waarde {values.number[i]:g} voor veld '{name}' "
                f"({table.codes[code[i]]}, {int(values.year[i])}) wijkt af van de referentietabel "
                f"({e:g}){more}",
                "controleer de eenheid (de CBS-tabel is in duizenden euro's) en de bron",
                "waarschuwing",
            )
    return out

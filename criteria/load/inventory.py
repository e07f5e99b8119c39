"""Read task inventories and task mappings (CSV/XLSX) of a case; every problem located and reported at once.

Inventory columns: onderwerp; jaar; taak; kritiek (ja/nee); medewerker (pseudonym); gemeente (partner id);
fte; gekwalificeerd (ja/deels); bron; kwaliteit. A task mapping (for a voorstel) has a column
`taak_<partner id>` per partner and `taak_samen`. See docs/taakinventarisatie.md and docs/voorstel.md.
"""

from __future__ import annotations

import re

from criteria.errors import ProblemList
from criteria.inventory.privacy import ADVICE, cell_problem, echo, employee_problem
from criteria.load.inventory_columns import clean_rows
from criteria.load.numbers import Refused
from criteria.load.table import RowProblems, Table, TableProblems, TableRow
from criteria.model.case import Manifest
from criteria.model.inventory import TaskLink, TaskRow

COLUMNS = (
    "onderwerp",
    "jaar",
    "taak",
    "kritiek",
    "medewerker",
    "gemeente",
    "fte",
    "gekwalificeerd",
    "bron",
    "kwaliteit",
)
MERGED = "taak_samen"


def _header(table: Table, expected: tuple[str, ...], problems: ProblemList) -> bool:
    missing = [c for c in expected if c not in table.header]
    for col in missing:
        problems.add(
            table.path, "kopregel", f"kolom '{col}' ontbreekt", suggestion="verwachte kolommen: " + ";".join(expected)
        )
    for col in table.header:
        if col not in expected:
            problems.add(table.path, "kopregel", f"onbekende kolom '{col}'")
    return not missing


def read_inventory(table: Table, manifest: Manifest, problems: ProblemList) -> list[TaskRow]:
    """The rows of one inventory table; bad rows are reported and left out."""
    if not _header(table, COLUMNS, problems):
        return []
    clean = clean_rows(table, manifest)  # column-wise, when no row has a problem
    return clean if clean is not None else rows_one_by_one(table, manifest, problems)


def rows_one_by_one(table: Table, manifest: Manifest, problems: ProblemList) -> list[TaskRow]:
    """read_inventory row by row: every problem reported with its row and column, bad rows left out."""
    rows: list[TaskRow] = []
    report = TableProblems(table, problems)
    for row in table.rows:
        cells = row.cells
        bad = report.row(row)

        for column, text in cells.items():
            why = employee_problem(text) if column == "medewerker" else cell_problem(text)
            if why:
                bad(column, why, ADVICE)
        for column in ("onderwerp", "taak", "medewerker", "bron"):
            if not cells.get(column):
                bad(column, f"'{column}' is leeg")
        subject = cells.get("onderwerp", "")
        known = manifest.subjects.get(subject)
        if subject and known is None:
            bad(
                "onderwerp",
                f"onbekend onderwerp {echo(subject)}",
                "bekende onderwerpen: " + ", ".join(manifest.subjects),
            )
        year_text = cells.get("jaar", "")
        year = int(year_text) if re.fullmatch(r"\d{4}", year_text) else 0
        if not 1900 <= year <= 2200:
            bad("jaar", f"ongeldig jaar {echo(year_text)}", "een jaartal van vier cijfers, bijvoorbeeld 2019")
        critical = cells.get("kritiek", "").lower()
        if critical not in ("ja", "nee"):
            bad("kritiek", f"ongeldige waarde {echo(cells.get('kritiek', ''))} voor kritiek", "ja of nee")
        partner = cells.get("gemeente", "")
        if partner not in manifest.partners:
            bad("gemeente", _unknown_partner(partner, manifest), "bekende partners: " + ", ".join(manifest.partners))
        fte = _fte(table, row, bad)
        qualified = cells.get("gekwalificeerd", "").lower()
        if qualified not in ("ja", "deels"):
            bad(
                "gekwalificeerd",
                f"ongeldige waarde {echo(cells.get('gekwalificeerd', ''))} voor gekwalificeerd",
                "ja (kan de taak zelfstandig uitvoeren) of deels (kan haar tijdelijk waarnemen)",
            )
        quality = cells.get("kwaliteit", "").upper()
        if quality not in ("A", "B", "C"):
            bad(
                "kwaliteit",
                f"ongeldig kwaliteitslabel {echo(cells.get('kwaliteit', ''))}",
                "A (gecontroleerde jaarrekening), B (interne registratie) of C (reconstructie/schatting)",
            )
        if bad.finish():
            rows.append(
                TaskRow(
                    subject=subject,
                    year=year,
                    task=cells["taak"],
                    critical=critical == "ja",
                    employee=cells["medewerker"],
                    partner=partner,
                    fte=fte,
                    qualified=qualified,
                    bron=cells["bron"],
                    quality=quality,
                    file=table.path,
                    line=table.locate(row)[0],
                    place=row.place,
                )
            )
    report.close()
    return rows


def _unknown_partner(text: str, manifest: Manifest) -> str:
    """'onbekende gemeente ...', naming the partner id when the cell holds a partner's name instead."""
    named = [pid for pid, p in manifest.partners.items() if p.name.strip().lower() == text.strip().lower()]
    if named:
        return f"'{text}' is de naam van partner '{named[0]}'; in deze kolom hoort het id"
    return f"onbekende gemeente {echo(text)}"


def _fte(table: Table, row: TableRow, bad: RowProblems) -> float:
    """The fte of a row: a number from 0 to 1."""
    fte = table.number(row, "fte")
    if isinstance(fte, Refused):
        bad.number("fte", fte)
    elif fte is None or not 0 <= fte <= 1:
        bad("fte", f"ongeldige fte {echo(row.cells.get('fte', ''))}", "een getal van 0 tot en met 1 (fte op deze taak)")
    return fte if isinstance(fte, float) else 0.0


def check_inventory(rows: list[TaskRow], manifest: Manifest, problems: ProblemList) -> None:
    """Across all inventory files: one row per person per task, and one 'kritiek' per task."""
    seen: dict[tuple, TaskRow] = {}
    critical: dict[tuple, TaskRow] = {}
    for r in rows:
        if manifest.subjects[r.subject].kind == "huidige_situatie":
            problems.add(
                r.file,
                "" if r.line else r.place,
                "de huidige situatie van een voorstel wordt "
                "berekend; geef de inventarisatie van de huidige onderwerpen zelf",
                line=r.line,
            )
        key = (r.subject, r.year, r.task, r.employee)
        if key in seen:
            first = seen[key]
            problems.add(
                r.file,
                "" if r.line else r.place,
                f"dubbele regel voor onderwerp '{r.subject}', jaar "
                f"{r.year}, taak '{r.task}', medewerker {r.employee}; ook in {first.file}, {first.place}",
                line=r.line,
            )
        seen.setdefault(key, r)
        task = (r.subject, r.year, r.task)
        other = critical.setdefault(task, r)
        if other.critical != r.critical:
            problems.add(
                r.file,
                "" if r.line else r.place,
                f"taak '{r.task}' ({r.subject}, {r.year}) is hier "
                f"{'wel' if r.critical else 'niet'} kritiek, maar in {other.file}, {other.place} "
                f"{'wel' if other.critical else 'niet'}",
                line=r.line,
                suggestion="een taak is kritiek of niet, voor alle medewerkers gelijk",
            )


def read_task_mapping(
    table: Table, voorstel: str, manifest: Manifest, rows: list[TaskRow], problems: ProblemList
) -> list[TaskLink]:
    """The mapping of voorstel `voorstel`: every named task must exist at that partner's current subjects."""
    current = manifest.subjects[voorstel].current or []
    partners = sorted({p for s in current if (p := manifest.subjects[s].partner) is not None})
    expected = (*[f"taak_{p}" for p in partners], MERGED)
    if not _header(table, expected, problems):
        return []
    tasks = {
        p: {r.task for r in rows if r.subject in current and manifest.subjects[r.subject].partner == p}
        for p in partners
    }
    links: list[TaskLink] = []
    used: dict[tuple[str, str], str] = {}
    for row in table.rows:
        names: dict[str, str] = {}
        ok = True
        for column, text in row.cells.items():
            if column not in expected:
                continue
            line, place = table.locate(row, column)
            why = cell_problem(text)
            if why:
                problems.add(table.path, place, why, suggestion=ADVICE, line=line)
                ok = False
            if column == MERGED:
                continue
            partner = column.removeprefix("taak_")
            if text not in tasks[partner]:
                problems.add(
                    table.path,
                    place,
                    f"taak {echo(text, code=False)} komt niet voor in de taakinventarisatie van "
                    f"{', '.join(s for s in current if manifest.subjects[s].partner == partner)}",
                    line=line,
                    suggestion="schrijf de taak precies zoals in de inventarisatie",
                )
                ok = False
            elif (partner, text) in used:
                problems.add(
                    table.path,
                    place,
                    f"taak {echo(text, code=False)} staat al in de koppeling ({used[partner, text]})",
                    line=line,
                    suggestion="koppel elke taak één keer",
                )
                ok = False
            used.setdefault((partner, text), row.place)
            names[partner] = text
        if not row.cells.get(MERGED):
            line, place = table.locate(row, MERGED)
            problems.add(
                table.path,
                place,
                f"'{MERGED}' is leeg",
                line=line,
                suggestion="de naam van de taak in het samengevoegde team",
            )
            ok = False
        elif not names:
            problems.add(table.path, row.place, "de regel koppelt geen enkele taak", line=table.locate(row)[0])
            ok = False
        if ok:
            links.append(
                TaskLink(
                    names=names, merged=row.cells[MERGED], file=table.path, line=table.locate(row)[0], place=row.place
                )
            )
    return links

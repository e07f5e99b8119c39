"""Load a case folder: case.toml (the manifest) and its long data tables (CSV or XLSX)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from pydantic import ValidationError

from criteria import limits
from criteria.errors import InputError, Problem, ProblemList
from criteria.load.messages import problems_from_validation
from criteria.files.reading import MISSING, check_regular
from criteria.inventory.privacy import echo
from criteria.load.numbers import Refused
from criteria.load.table import RowProblems, Table, TableProblems, TableRow, TableSettings, read_table
from criteria.load.case_extras import check_voorstel_manifest, load_extras
from criteria.load.toml_source import key_path_text, read_toml
from criteria.model.case import Case, DataValue, Manifest, TableFile

MANIFEST = "case.toml"
REQUIRED_COLUMNS = ("onderwerp", "jaar", "veld", "waarde", "bron", "kwaliteit")
OPTIONAL_COLUMNS = ("partner", "eenheid")
FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def manifest_path(case: Path) -> Path:
    return case / MANIFEST if case.is_dir() else case


def case_digest(parts: list[tuple[str, bytes]]) -> str:
    """SHA-256 over the manifest and data files: for each, its name and the SHA-256 of its bytes."""
    return digest_of([(name, hashlib.sha256(content).hexdigest()) for name, content in parts])


def digest_of(parts: list[tuple[str, str]]) -> str:
    """case_digest from each file's name and the hexadecimal SHA-256 of its bytes."""
    outer = hashlib.sha256()
    for name, sha in parts:
        outer.update(f"{name}\0{sha}\n".encode())
    return outer.hexdigest()


def _manifest_allowed(parent: tuple) -> list[str]:
    from criteria.model.case import Partner, Subject
    if not parent:
        return list(Manifest.model_fields)
    if parent[0] == "subjects":
        return list(Subject.model_fields)
    if parent[0] == "partners":
        return list(Partner.model_fields)
    return []


def load_case(case: Path, display: str | None = None) -> Case:
    """Read and check a case folder; raise InputError listing every problem found."""
    loaded, problems = read_case(case, display)
    if loaded is None or any(p.severity == "fout" for p in problems):
        raise InputError(problems)
    return loaded


def read_case(case: Path, display: str | None = None) -> tuple[Case | None, list[Problem]]:
    """Read a case folder as far as it goes: (the case from every good row, or None; every problem found).

    With row errors the case holds the rows that could be read, so that the caller can check them against the
    ruleset in the same round (load_inputs); it must not be evaluated.
    """
    shown = display or str(case)
    problems = ProblemList()
    mpath = manifest_path(case)
    mshown = str(Path(shown) / MANIFEST) if case.is_dir() else shown
    if check_regular(mpath) == MISSING:
        problems.add(shown, "", f"geen casus gevonden: {MANIFEST} ontbreekt")
        return None, problems.problems
    source = read_toml(mpath, mshown, problems)
    if source is None:
        return None, problems.problems
    try:
        manifest = Manifest.model_validate(source.data)
    except ValidationError as err:
        return None, problems_from_validation(err, source, _manifest_allowed)
    folder = mpath.parent
    hashes: list[tuple[str, str]] = [(MANIFEST, hashlib.sha256(source.text.encode("utf-8")).hexdigest())]

    def load(entry: TableFile, key: tuple) -> Table | None:
        """The table `entry` of case.toml key `key`, read as case.toml says (problems reported)."""
        place, line = key_path_text(key), source.line_of(key)
        name = entry.file
        path = folder / name
        try:
            inside = path.resolve().is_relative_to(folder.resolve())
        except OSError:
            inside = False
        if not inside:
            problems.add(mshown, place, f"gegevensbestand '{name}' ligt buiten de casusmap", line=line)
            return None
        why = check_regular(path)
        if why is not None:
            problems.add(mshown, place, f"gegevensbestand '{name}' bestaat niet" if why == MISSING
                         else f"gegevensbestand '{name}': {why}", line=line)
            return None
        if entry.sheet is not None and path.suffix.lower() != ".xlsx":
            problems.add(mshown, key_path_text((*key, "sheet")), "'sheet' (werkblad) hoort alleen bij een "
                         "Excel-bestand (.xlsx)", line=source.line_of((*key, "sheet")),
                         suggestion="haal 'sheet' weg bij dit bestand")
            return None
        file_shown = str(Path(shown).parent / name) if not case.is_dir() else str(Path(shown) / name)
        table = read_table(path, file_shown, problems, TableSettings(entry.number_format, entry.sheet, listed=True))
        if table is not None:
            hashes.append((name, table.sha256))
        return table

    values: list[DataValue] = []
    for index, entry in enumerate(manifest.data):
        table = load(entry, ("data", index))
        if table is not None:
            values.extend(_rows(table, manifest, problems))
    _check_duplicates(values, problems)
    check_voorstel_manifest(manifest, source, mshown, problems)
    inventory, links = load_extras(manifest, load, problems)
    return Case(manifest=manifest, values=tuple(values), sha256=digest_of(hashes), source=shown,
                inventory=inventory, task_links=links), problems.problems


def _rows(table: Table, manifest: Manifest, problems: ProblemList) -> list[DataValue]:
    missing = [c for c in REQUIRED_COLUMNS if c not in table.header]
    unknown = [c for c in table.header if c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    for col in missing:
        problems.add(table.path, "kopregel", f"kolom '{col}' ontbreekt",
                     suggestion="verwachte kolommen: " + ";".join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS))
    for col in unknown:
        problems.add(table.path, "kopregel", f"onbekende kolom '{col}'")
    if missing:
        return []
    out: list[DataValue] = []
    report = TableProblems(table, problems)
    for row in table.rows:
        cells = row.cells
        bad = report.row(row)
        subject = cells.get("onderwerp") or None
        if subject is not None and subject not in manifest.subjects:
            bad("onderwerp", f"onbekend onderwerp {echo(subject)}",
                "bekende onderwerpen: " + ", ".join(manifest.subjects) + " (leeg = de hele samenwerking)")
        partner = cells.get("partner") or None
        if partner is not None and partner not in manifest.partners:
            bad("partner", f"onbekende partner {echo(partner)}", "bekende partners: " + ", ".join(manifest.partners))
        year_text = cells.get("jaar", "")
        year = int(year_text) if re.fullmatch(r"\d{4}", year_text) else None
        if year is None or not limits.year_ok(year):
            bad("jaar", f"ongeldig jaar {echo(year_text)}", "een jaartal van vier cijfers, bijvoorbeeld 2019")
        field = cells.get("veld", "")
        if not FIELD_NAME.fullmatch(field):
            bad("veld", f"ongeldige veldnaam {echo(field)}")
        value = _value(table, row, bad)
        bron = cells.get("bron", "")
        if not bron:
            bad("bron", "bron ontbreekt", "noem document, pagina of cel en datum")
        quality = cells.get("kwaliteit", "").upper()
        if quality not in ("A", "B", "C"):
            bad("kwaliteit", f"ongeldig kwaliteitslabel {echo(cells.get('kwaliteit', ''))}",
                "A (gecontroleerde jaarrekening), B (interne registratie) of C (reconstructie/schatting)")
        if bad.finish():
            out.append(DataValue(subject=subject, year=year, field=field, partner=partner, value=value,  # type: ignore[arg-type]
                                 unit=cells.get("eenheid", ""), bron=bron, quality=quality,  # type: ignore[arg-type]
                                 file=table.path, line=table.locate(row)[0], place=row.place))
    report.close()
    return out


def _value(table: Table, row: TableRow, bad: RowProblems) -> float | str:
    """The 'waarde' of a row: a number, or a label (text without digits, in lower case)."""
    raw = row.cells.get("waarde", "")
    if raw == "":
        bad("waarde", "lege waarde", "laat de regel weg als het gegeven ontbreekt")
        return ""
    number = table.number(row, "waarde")
    if isinstance(number, Refused):
        bad.number("waarde", number)
        return raw
    if number is None:
        return raw.lower()
    if limits.absurd(number):
        bad("waarde", limits.absurd_text(number), "controleer de waarde en de eenheid in de bron")
    return number


def _check_duplicates(values: list[DataValue], problems: ProblemList) -> None:
    seen: dict[tuple, DataValue] = {}
    for v in values:
        key = (v.subject, v.year, v.field, v.partner)
        first = seen.get(key)
        if first is None:
            seen[key] = v
            continue
        what = "tegenstrijdige waarde" if first.value != v.value else "dubbele regel"
        problems.add(v.file, "" if v.line else v.place, line=v.line, message=
                     f"{what} voor onderwerp '{v.subject or '(samenwerking)'}', jaar {v.year}, veld '{v.field}'"
                     + (f", partner '{v.partner}'" if v.partner else "")
                     + f"; ook in {first.file}, {first.place}")

"""Load a case folder: case.toml (the manifest) and its long data tables (CSV or XLSX)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from pydantic import ValidationError

from criteria import limits
from criteria.errors import InputError, Problem, ProblemList
from criteria.load.messages import problems_from_validation
from criteria.load.table import RowProblems, Table, parse_table_number, read_table
from criteria.load.case_extras import check_voorstel_manifest, load_extras
from criteria.load.toml_source import key_path_text, read_toml
from criteria.model.case import Case, DataValue, Manifest

MANIFEST = "case.toml"
REQUIRED_COLUMNS = ("onderwerp", "jaar", "veld", "waarde", "bron", "kwaliteit")
OPTIONAL_COLUMNS = ("partner", "eenheid")
FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def manifest_path(case: Path) -> Path:
    return case / MANIFEST if case.is_dir() else case


def case_digest(parts: list[tuple[str, bytes]]) -> str:
    """SHA-256 over the manifest and data files: for each, its name and the SHA-256 of its bytes."""
    outer = hashlib.sha256()
    for name, content in parts:
        outer.update(f"{name}\0{hashlib.sha256(content).hexdigest()}\n".encode())
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
    if not mpath.is_file():
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
    parts: list[tuple[str, bytes]] = [(MANIFEST, source.text.encode("utf-8"))]
    values: list[DataValue] = []

    def resolve(name: str, key: tuple) -> tuple[Path, str] | None:
        """The file `name` of case.toml key `key`, if it exists inside the case folder (else reported)."""
        place = key_path_text(key)
        path = folder / name
        try:
            inside = path.resolve().is_relative_to(folder.resolve())
        except OSError:
            inside = False
        if not inside:
            problems.add(mshown, place, f"gegevensbestand '{name}' ligt buiten de casusmap", line=source.line_of(key))
            return None
        if not path.is_file():
            problems.add(mshown, place, f"gegevensbestand '{name}' bestaat niet", line=source.line_of(key))
            return None
        return path, str(Path(shown).parent / name) if not case.is_dir() else str(Path(shown) / name)

    for index, name in enumerate(manifest.data):
        found = resolve(name, ("data", index))
        if found is None:
            continue
        path, file_shown = found
        table = read_table(path, file_shown, problems)
        if table is None:
            continue
        parts.append((name, path.read_bytes()))
        values.extend(_rows(table, manifest, problems))
    _check_duplicates(values, problems)
    check_voorstel_manifest(manifest, source, mshown, problems)
    inventory, links, extra = load_extras(manifest, resolve, problems)
    parts.extend((name, path.read_bytes()) for name, path in extra)
    return Case(manifest=manifest, values=tuple(values), sha256=case_digest(parts), source=shown,
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
    for row in table.rows:
        cells = row.cells
        bad = RowProblems(table, row, problems)

        subject = cells.get("onderwerp") or None
        if subject is not None and subject not in manifest.subjects:
            bad("onderwerp", f"onbekend onderwerp '{subject}'",
                "bekende onderwerpen: " + ", ".join(manifest.subjects) + " (leeg = de hele samenwerking)")
        partner = cells.get("partner") or None
        if partner is not None and partner not in manifest.partners:
            bad("partner", f"onbekende partner '{partner}'", "bekende partners: " + ", ".join(manifest.partners))
        year_text = cells.get("jaar", "")
        year = int(year_text) if re.fullmatch(r"\d{4}", year_text) else None
        if year is None or not limits.year_ok(year):
            bad("jaar", f"ongeldig jaar '{year_text}'", "een jaartal van vier cijfers, bijvoorbeeld 2019")
        field = cells.get("veld", "")
        if not FIELD_NAME.fullmatch(field):
            bad("veld", f"ongeldige veldnaam '{field}'")
        raw = cells.get("waarde", "")
        value: float | str
        number, ambiguous = parse_table_number(raw, table.decimal)
        if ambiguous:
            bad("waarde", ambiguous, "schrijf het getal zonder scheidingsteken voor duizendtallen")
            value = raw
        elif raw == "":
            bad("waarde", "lege waarde", "laat de regel weg als het gegeven ontbreekt")
            value = ""
        elif number is not None and limits.absurd(number):
            bad("waarde", limits.absurd_text(number), "controleer de waarde en de eenheid in de bron")
            value = number
        elif number is not None:
            value = number
        elif any(ch.isdigit() for ch in raw):
            bad("waarde", f"'{raw}' is geen geldig getal")
            value = raw
        else:
            value = raw.lower()
        bron = cells.get("bron", "")
        if not bron:
            bad("bron", "bron ontbreekt", "noem document, pagina of cel en datum")
        quality = cells.get("kwaliteit", "").upper()
        if quality not in ("A", "B", "C"):
            bad("kwaliteit", f"ongeldig kwaliteitslabel '{cells.get('kwaliteit', '')}'",
                "A (gecontroleerde jaarrekening), B (interne registratie) of C (reconstructie/schatting)")
        if bad.ok:
            out.append(DataValue(subject=subject, year=year, field=field, partner=partner, value=value,  # type: ignore[arg-type]
                                 unit=cells.get("eenheid", ""), bron=bron, quality=quality,  # type: ignore[arg-type]
                                 file=table.path, line=table.locate(row)[0], place=row.place))
    return out


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

"""Load a case folder: case.toml (the manifest) and its long data tables (CSV or XLSX)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError

from criteria import limits
from criteria.errors import InputError, Problem, ProblemList
from criteria.files.reading import MISSING, check_regular
from criteria.load.case_extras import check_voorstel_manifest, load_extras
from criteria.load.data_table import duplicates, table_values
from criteria.load.messages import problems_from_validation
from criteria.load.reference import load_reference
from criteria.load.table import Table, TableSettings, read_table
from criteria.load.toml_source import key_path_text, read_toml
from criteria.model.case import Case, Manifest, TableFile
from criteria.model.values import CaseValues

MANIFEST = "case.toml"


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
    if parent[0] == "reference":
        from criteria.model.case import ReferenceColumns, ReferenceSpec

        return list(ReferenceColumns.model_fields if parent[-1] == "columns" else ReferenceSpec.model_fields)
    return []


def load_case(case: Path, display: str | None = None) -> Case:
    """Read and check a case folder; raise InputError listing every problem found."""
    loaded, problems = read_case(case, display)
    if loaded is None or any(p.severity == "fout" for p in problems):
        raise InputError(problems)
    return loaded


def _read_manifest(case: Path, shown: str, problems: ProblemList):
    """(manifest, its TOML source, how it is named in messages), or None with the problems added."""
    mpath = manifest_path(case)
    mshown = str(Path(shown) / MANIFEST) if case.is_dir() else shown
    if check_regular(mpath) == MISSING:
        problems.add(shown, "", f"geen casus gevonden: {MANIFEST} ontbreekt")
        return None
    source = read_toml(mpath, mshown, problems, quick=True)
    if source is None:
        return None
    try:
        manifest = Manifest.model_validate(source.data)
    except ValidationError as err:
        problems.extend(problems_from_validation(err, source, _manifest_allowed))
        return None
    return manifest, source, mshown


def read_case(
    case: Path, display: str | None = None, admit: Callable[[Manifest, int], list[Problem]] | None = None
) -> tuple[Case | None, list[Problem]]:
    """Read a case folder as far as it goes: (the case from every good row, or None; every problem found).

    With row errors the case holds the rows that could be read, so that the caller can check them against the
    ruleset in the same round (load_inputs); it must not be evaluated. `admit(manifest, bytes of its tables)`,
    called once case.toml is read and before any table is: the problems it returns are added, and with an error
    among them no table is read (None is returned): the memory guard (load_inputs).
    """
    shown = display or str(case)
    problems = ProblemList()
    read = _read_manifest(case, shown, problems)
    if read is None:
        return None, problems.problems
    manifest, source, mshown = read
    folder = manifest_path(case).parent
    hashes: list[tuple[str, str]] = [(MANIFEST, hashlib.sha256(source.text.encode("utf-8")).hexdigest())]
    tables = manifest.tables()
    if len(tables) > limits.MAX_CASE_TABLES:
        problems.add(
            mshown,
            "data",
            f"de casus noemt {len(tables)} tabellen (gegevens, taakinventarisaties en "
            f"koppeltabellen samen); het maximum is {limits.MAX_CASE_TABLES}",
            line=source.line_of(("data",)),
            suggestion="voeg tabellen samen: één tabel mag gegevens van alle onderwerpen en jaren bevatten",
        )
        return None, problems.problems
    if admit is not None:
        refused = admit(manifest, tables_size(folder, tables))
        problems.extend(refused)
        if any(p.severity == "fout" for p in refused):
            return None, problems.problems
    rows_read = 0

    def load(entry: TableFile, key: tuple) -> Table | None:
        """The table `entry` of case.toml key `key`, read as case.toml says (problems reported); once the case's
        tables together pass MAX_CASE_ROWS, no further table is read."""
        nonlocal rows_read
        place = key_path_text(key)
        if rows_read > limits.MAX_CASE_ROWS:
            return None
        name = entry.file
        path = folder / name
        try:
            inside = path.resolve().is_relative_to(folder.resolve())
        except OSError:
            inside = False
        if not inside:
            problems.add(mshown, place, f"gegevensbestand '{name}' ligt buiten de casusmap", line=source.line_of(key))
            return None
        why = check_regular(path)
        if why is not None:
            problems.add(
                mshown,
                place,
                f"gegevensbestand '{name}' bestaat niet" if why == MISSING else f"gegevensbestand '{name}': {why}",
                line=source.line_of(key),
            )
            return None
        if entry.sheet is not None and path.suffix.lower() != ".xlsx":
            problems.add(
                mshown,
                key_path_text((*key, "sheet")),
                "'sheet' (werkblad) hoort alleen bij een Excel-bestand (.xlsx)",
                line=source.line_of((*key, "sheet")),
                suggestion="haal 'sheet' weg bij dit bestand",
            )
            return None
        file_shown = str(Path(shown).parent / name) if not case.is_dir() else str(Path(shown) / name)
        table = read_table(path, file_shown, problems, TableSettings(entry.number_format, entry.sheet, listed=True))
        if table is not None:
            hashes.append((name, table.sha256))
            rows_read += len(table)
            if rows_read > limits.MAX_CASE_ROWS:
                problems.add(
                    mshown,
                    place,
                    f"de tabellen van de casus hebben samen meer dan "
                    f"{limits.dutch_count(limits.MAX_CASE_ROWS)} gegevensregels (tot en met '{name}': "
                    f"{limits.dutch_count(rows_read)}); verdere tabellen worden niet gelezen",
                    line=source.line_of(key),
                    suggestion="splits de casus in kleinere casussen",
                )
                return None
        return table

    parts = [CaseValues.empty()]
    for index, entry in enumerate(manifest.data):
        table = load(entry, ("data", index))
        if table is not None:
            parts.append(table_values(table, manifest, problems))
    values = CaseValues.joined(parts)  # in one step, not table by table
    duplicates(values, problems)
    check_voorstel_manifest(manifest, source, mshown, problems)
    inventory, links = load_extras(manifest, load, problems)
    # an own reference table is read through `load` (and so hashed); the bundled one is part of criteria
    reference = load_reference(manifest.reference, load, mshown, problems) if manifest.reference else None
    return Case(
        manifest=manifest,
        values=values,
        sha256=digest_of(hashes),
        source=shown,
        inventory=inventory,
        task_links=links,
        reference=reference,
    ), problems.problems


def tables_size(folder: Path, tables: list[TableFile]) -> int:
    """The bytes of the tables case.toml lists, as far as they exist (what cannot be read is reported later)."""
    size = 0
    for entry in tables:
        try:
            size += (folder / entry.file).stat().st_size
        except (OSError, ValueError):
            continue
    return size


def read_data_file(case: Path, file: Path, shown: str | None = None) -> tuple[Case | None, list[Problem]]:
    """One data table checked against a case (`criteria validate BESTAND --casus MAP`): the case's subjects and
    partners, and the settings case.toml gives that file (number format, sheet); a file the case does not list is
    read with the number format all the case's data files share, if they share one. The file may lie anywhere."""
    problems = ProblemList()
    read = _read_manifest(case, str(case), problems)
    if read is None:
        return None, problems.problems
    manifest, _source, _ = read
    folder = manifest_path(case).parent
    entry = next((e for e in manifest.data if (folder / e.file).resolve() == file.resolve()), None)
    formats = {e.number_format for e in manifest.data}
    settings = (
        TableSettings(entry.number_format, entry.sheet, listed=True)
        if entry is not None
        else TableSettings(formats.pop() if len(formats) == 1 else None)
    )
    table = read_table(file, shown or str(file), problems, settings)
    values = CaseValues.empty() if table is None else table_values(table, manifest, problems)
    duplicates(values, problems)
    return Case(manifest=manifest, values=values, sha256="", source=str(case)), problems.problems

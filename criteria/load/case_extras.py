"""The parts of a case beyond its data tables: task inventories and, per voorstel, its task mapping.

Also the manifest rules of a voorstel (`current`, `task_mapping`, `partner`). Every problem is located in
case.toml or the file concerned and reported together with the other problems of the case.
"""

from __future__ import annotations

from collections.abc import Callable

from criteria.errors import ProblemList
from criteria.load.inventory import check_inventory, read_inventory, read_task_mapping
from criteria.load.table import Table
from criteria.load.toml_source import TomlSource
from criteria.model.case import Manifest, TableFile
from criteria.model.inventory import TaskLink, TaskRow

Load = Callable[[TableFile, tuple], "Table | None"]  # a table of case.toml and its key path -> the table, or None


def check_voorstel_manifest(manifest: Manifest, source: TomlSource, shown: str, problems: ProblemList) -> None:
    for sid, subj in manifest.subjects.items():

        def add(key: str, message: str, suggestion: str | None = None, sid: str = sid) -> None:
            problems.add(
                shown,
                f"subjects.{sid}.{key}",
                message,
                suggestion=suggestion,
                line=source.line_of(("subjects", sid, key)),
            )

        if subj.kind == "huidige_situatie":
            add(
                "kind",
                "de soort 'huidige_situatie' wordt berekend voor een voorstel en kan niet worden opgegeven",
                "geef het voorstel 'current = [...]' met de huidige onderwerpen",
            )
        if subj.kind != "voorstel":
            for key in ("current", "task_mapping"):
                if getattr(subj, key) is not None:
                    add(key, f"'{key}' hoort alleen bij een onderwerp van soort 'voorstel'")
            continue
        if subj.partner is not None:
            add("partner", "'partner' hoort bij de huidige onderwerpen, niet bij het voorstel")
        if not subj.current:
            if subj.task_mapping is not None:
                add("task_mapping", "een takenkoppeling vraagt om 'current' (de huidige onderwerpen)")
            continue
        for name in subj.current:
            other = manifest.subjects.get(name)
            if other is None:
                add(
                    "current",
                    f"onbekend onderwerp '{name}' in 'current'",
                    "bekende onderwerpen: " + ", ".join(manifest.subjects),
                )
            elif name == sid or other.kind == "voorstel":
                add("current", f"'{name}' is een voorstel; 'current' noemt de huidige onderwerpen")
            elif subj.task_mapping is not None and other.partner is None:
                add(
                    "task_mapping",
                    f"de takenkoppeling vraagt bij onderwerp '{name}' om 'partner' (de gemeente van dat onderwerp)",
                    f'zet partner = "..." bij [subjects.{name}]',
                )
            elif other.partner is not None and other.partner not in manifest.partners:
                problems.add(
                    shown,
                    f"subjects.{name}.partner",
                    f"onbekende partner '{other.partner}'",
                    suggestion="bekende partners: " + ", ".join(manifest.partners),
                    line=source.line_of(("subjects", name, "partner")),
                )
        if len(set(subj.current)) != len(subj.current):
            add("current", "een onderwerp staat dubbel in 'current'")
        if f"{sid}_huidig" in manifest.subjects:
            add(
                "current",
                f"het id '{sid}_huidig' is gereserveerd voor de huidige situatie van dit voorstel",
                "geef dat andere onderwerp een ander id",
            )


def load_extras(
    manifest: Manifest, load: Load, problems: ProblemList
) -> tuple[tuple[TaskRow, ...], dict[str, tuple[TaskLink, ...]]]:
    """Inventory rows and the task mappings per voorstel (every file read through `load`)."""
    rows: list[TaskRow] = []
    for index, entry in enumerate(manifest.inventories):
        table = load(entry, ("inventories", index))
        if table is not None:
            rows.extend(read_inventory(table, manifest, problems))
    check_inventory(rows, manifest, problems)
    links: dict[str, tuple[TaskLink, ...]] = {}
    for sid, subj in manifest.subjects.items():
        if subj.kind != "voorstel" or not subj.task_mapping or not subj.current:
            continue
        if any(manifest.subjects.get(c) is None or manifest.subjects[c].partner is None for c in subj.current):
            continue  # reported by check_voorstel_manifest
        table = load(subj.task_mapping, ("subjects", sid, "task_mapping"))
        if table is not None:
            links[sid] = tuple(read_task_mapping(table, sid, manifest, rows, problems))
    return tuple(rows), links

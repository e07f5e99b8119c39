"""`criteria ruleset toon`: the resolved ruleset, every value with the file (and line) that set it."""

from __future__ import annotations

import json

from criteria.authoring.toml_write import SECTIONS, value_text
from criteria.load.inherit import ResolvedSource
from criteria.load.toml_source import key_path_text

MAX_VALUE = 60
COLUMN = 72


def _short(value: object) -> str:
    if isinstance(value, str):
        text = '"' + " ".join(value.split()) + '"'
    else:
        text = " ".join(value_text(value).split())
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 2] + '…"'


def _table_of(path: tuple) -> tuple:
    if path and path[0] in SECTIONS and len(path) > 2:
        return path[:2]
    if path and len(path) > 1 and path[0] not in SECTIONS:
        return path[:1]
    return ()


def provenance_text(source: ResolvedSource, ruleset_id: str) -> str:
    lines = [
        (
            f"Toetsingskader {ruleset_id}, opgelost uit {len(source.chain)} bestand(en) "
            "(het eerste breidt het volgende uit):"
        )
    ]
    lines += [f"  {path}" for path in source.chain]
    for file, target in source.removed:
        lines.append(f"Verwijderd door {file}: {target}")
    lines.append("Per waarde: het bestand en de regel waar die waarde is vastgelegd.")
    rows = []
    current: tuple | None = None
    for path, value, origin in source.leaves():
        table = _table_of(path)
        if table != current:
            rows.append(("", "", ""))
            if table:
                rows.append((f"[{key_path_text(table)}]", "", ""))
            current = table
        key = key_path_text(path[len(table) :])
        where = origin.file + (f":{origin.line}" if origin.line else "")
        rows.append((f"{key} = {_short(value)}", where, "x"))
    width = min(COLUMN, max((len(r[0]) for r in rows if r[2]), default=0))
    for text, where, kind in rows:
        lines.append(f"{text.ljust(width)}  ← {where}" if kind else text)
    return "\n".join(lines).rstrip() + "\n"


def provenance_json(source: ResolvedSource, ruleset_id: str) -> str:
    values = [
        {"key_path": key_path_text(path), "value": value, "file": origin.file, "line": origin.line}
        for path, value, origin in source.leaves()
    ]
    removed = [{"file": file, "key_path": target} for file, target in source.removed]
    from criteria.files.marker import GENERATOR

    return (
        json.dumps(
            {
                "generator": GENERATOR,
                "ruleset_id": ruleset_id,
                "chain": list(source.chain),
                "removed": removed,
                "values": values,
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )

"""`criteria validate`: check rulesets and cases, collecting every problem of every file."""

from __future__ import annotations

from pathlib import Path

from criteria.errors import InputError, Problem


def _is_case(path: Path) -> bool:
    return path.is_dir() or path.name == "case.toml"


def validate_paths(paths: list[Path]) -> list[Problem]:
    from criteria.app import load_inputs
    from criteria.load.ruleset import load_ruleset
    problems: list[Problem] = []
    for path in paths:
        if not path.exists():
            problems.append(Problem(str(path), "", "bestand of map bestaat niet"))
            continue
        try:
            if _is_case(path):
                problems.extend(load_inputs(path)[2])
            elif path.suffix.lower() == ".toml":
                load_ruleset(path, str(path))
            else:
                problems.append(Problem(str(path), "", "onbekend soort bestand",
                                        "geef een toetsingskader (.toml) of een casusmap"))
        except InputError as err:
            problems.extend(err.problems)
    return sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.place, p.message))

"""`criteria validate`: check rulesets and cases, collecting every problem of every file."""

from __future__ import annotations

import json
from pathlib import Path

from criteria.errors import InputError, Problem, ordered


def _is_case(path: Path) -> bool:
    return path.is_dir() or path.name == "case.toml"


DATA_SUFFIXES = (".csv", ".xlsx")


def validate_paths(paths: list[Path], case: Path | None = None) -> list[Problem]:
    """Every problem of every file. With `case` (--casus), data files (CSV/XLSX) are checked against that case."""
    from criteria.load.ruleset import load_ruleset
    from criteria.pipeline.run import load_inputs
    from criteria.rules.case_checks import check_years, unchecked_applies_to

    problems: list[Problem] = []
    checked_with_case: set[Path] = set()  # rulesets whose applies_to a case of this run has checked
    for path in sorted(paths, key=lambda p: not _is_case(p)):  # cases first
        if not path.exists():
            problems.append(Problem(str(path), "", "bestand of map bestaat niet", suggestion="controleer het pad"))
            continue
        try:
            if _is_case(path):
                ruleset, loaded_case, warnings = load_inputs(path)  # not `case`: that is --casus, for data files
                checked_with_case.add(Path(ruleset.source.path).resolve())
                problems.extend(warnings + ruleset.warnings)
                problems.extend(check_years(ruleset.compiled, loaded_case, ruleset.source.where))
                problems.extend(_evaluation_problems(ruleset, loaded_case, path))
            elif path.suffix.lower() in DATA_SUFFIXES and case is not None:
                problems.extend(validate_data_file(path, case))
            elif path.suffix.lower() in DATA_SUFFIXES:
                problems.append(
                    Problem(
                        str(path),
                        "",
                        "een gegevensbestand controleert u tegen een casus",
                        suggestion=f"criteria validate {path} --casus MAP",
                    )
                )
            elif path.suffix.lower() == ".toml":
                loaded = load_ruleset(path, str(path))
                problems.extend(loaded.warnings)
                if path.resolve() not in checked_with_case:
                    problems.extend(unchecked_applies_to(loaded.compiled, loaded.source.where))
            else:
                problems.append(
                    Problem(
                        str(path),
                        "",
                        "onbekend soort bestand",
                        suggestion="geef een toetsingskader (.toml) of een casusmap",
                    )
                )
        except InputError as err:
            problems.extend(err.problems)
    return ordered(problems)


def validate_data_file(path: Path, case: Path) -> list[Problem]:
    """One data table against a case: as the case would read it, with the case's subjects, partners and ruleset
    (fields, scope, units, labels, ranges), and the years the ruleset reads. Missing data is not looked for: one
    file is rarely all of it."""
    from criteria.load.case import manifest_path, read_data_file
    from criteria.load.ruleset import load_ruleset
    from criteria.pipeline.run import fields_elsewhere
    from criteria.rules.case_checks import check_case, check_data_years, unknown_fields

    if not case.exists():
        return [Problem(str(case), "", "casusmap bestaat niet", suggestion="controleer het pad achter --casus")]
    the_case, problems = read_data_file(case, path)
    if the_case is None:
        return problems
    ruleset_path = manifest_path(case).parent / the_case.manifest.ruleset
    ruleset = load_ruleset(ruleset_path, str(ruleset_path))
    elsewhere = (
        fields_elsewhere(case, the_case, ruleset_path, problems)
        if unknown_fields(ruleset.compiled, the_case)
        else set()
    )
    return problems + check_case(ruleset.compiled, the_case, elsewhere) + check_data_years(ruleset.compiled, the_case)


def _evaluation_problems(ruleset, case, path: Path) -> list[Problem]:
    """Evaluate the case, so that what `evaluate` would refuse (missing data under policy "error") shows here."""
    from criteria.engine import evaluate
    from criteria.errors import MissingDataError

    try:
        evaluate(ruleset.compiled, case)
    except MissingDataError as err:
        return [
            Problem(
                str(path),
                item,
                'gegevens ontbreken en het toetsingskader staat geen herweging toe (missing_data = "error")',
                suggestion='lever het gegeven aan of kies missing_data = "reweigh"',
            )
            for item in err.missing
        ]
    return []


def problems_json(problems: list[Problem], files: int) -> str:
    """Problems for tools: one object per problem, with counts."""
    items = [
        {
            "file": p.file,
            "line": p.line,
            "key_path": p.place,
            "severity": p.severity,
            "message": p.message,
            "suggestion": p.suggestion,
        }
        for p in problems
    ]
    errors = sum(1 for p in problems if p.severity == "fout")
    summary = {"files": files, "errors": errors, "warnings": len(problems) - errors, "ok": errors == 0}
    return json.dumps({"summary": summary, "problems": items}, ensure_ascii=False, indent=2) + "\n"

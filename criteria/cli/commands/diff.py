"""`criteria diff OLD NEW [--case CASE]`: what changed between two rulesets and what it does to the scores."""

from pathlib import Path
from typing import Annotated

import typer

from criteria.cli.app import app, emit, target
from criteria.cli.options import ForceOpt, OutputOpt, TextFormatOpt
from criteria.cli.options import TextFormat as Format
from criteria.cli.support import guarded


@app.command("diff")
@guarded
def diff_cmd(
    old: Annotated[Path, typer.Argument(metavar="OUD", help="Het oude toetsingskader (TOML).", show_default=False)],
    new: Annotated[Path, typer.Argument(metavar="NIEUW", help="Het nieuwe toetsingskader (TOML).", show_default=False)],
    case: Annotated[
        Path | None, typer.Option("--case", "-c", help="Casus: toon ook het effect op elke score.", show_default=False)
    ] = None,
    format: TextFormatOpt = Format.tekst,
    output: OutputOpt = None,
    force: ForceOpt = False,
) -> None:
    """Vergelijk twee toetsingskaders: gewichten, banden, normen, ankers, toegevoegde en verwijderde criteria;
    met --case ook het effect per onderwerp en jaar, toegeschreven aan de wijzigingen."""
    dest = target(output, force)  # before the work
    from criteria.authoring.diff.impact import impact as measure
    from criteria.authoring.diff.semantic import diff_rulesets
    from criteria.errors import InputError
    from criteria.load.case import load_case
    from criteria.load.ruleset import load_ruleset
    from criteria.pipeline.reference_checks import check_case_data
    from criteria.report.terminal.diff import diff_json, diff_text

    problems, loaded = [], []
    for path in (old, new):
        try:
            loaded.append(load_ruleset(path, str(path)))
        except InputError as err:
            problems += err.problems
    the_case = None
    if case is not None:
        try:
            the_case = load_case(case)
        except InputError as err:
            problems += err.problems
    if the_case is not None and case is not None:
        from criteria.pipeline.work import work_problems

        shown = str(case / "case.toml") if case.is_dir() else str(case)
        problems += list(dict.fromkeys(p for lr in loaded for p in work_problems(lr, the_case, shown)))
    if the_case is not None and len(loaded) == 2 and not problems:
        from criteria.voorstel.prepare import prepare_case

        the_case, found = prepare_case(loaded[1].ruleset, the_case)  # inventory fields of the new ruleset
        problems += [p for p in found if p.severity == "fout"]
        problems += [p for lr in loaded for p in check_case_data(lr.compiled, the_case) if p.severity == "fout"]
    if problems:
        raise InputError(problems)
    a, b = loaded
    edits = diff_rulesets(a.ruleset, b.ruleset)
    if the_case is not None:
        from criteria.pipeline.work import diff_problems

        if too_much := diff_problems(loaded, the_case, sum(1 for e in edits if e.scored), str(new)):
            raise InputError(too_much)
    result = measure(a.compiled, b.compiled, edits, the_case) if the_case is not None else None
    names = [f"{lr.ruleset.id} versie {lr.ruleset.version} ({path})" for lr, path in zip(loaded, (old, new))]
    case_id = the_case.manifest.id if the_case is not None else None
    render = diff_json if format is Format.json else diff_text
    emit(render(names[0], names[1], edits, result, case_id), dest, text_file=format is Format.tekst)

"""`criteria test RULESET`: run the self-tests beside a ruleset and report rule coverage."""

from pathlib import Path
from typing import Annotated

import typer

from criteria.cli.app import app, emit, target
from criteria.cli.options import ForceOpt, OutputOpt, TextFormatOpt, number_option
from criteria.cli.options import TextFormat as Format
from criteria.cli.support import fail, guarded


@app.command("test")
@guarded
def test_cmd(
    ruleset: Annotated[
        Path,
        typer.Argument(
            metavar="TOETSINGSKADER",
            help="Toetsingskader (TOML); de tests staan ernaast in "
            "<naam>.tests.toml en/of <naam>.tests.csv / .tests.xlsx.",
            show_default=False,
        ),
    ],
    tests: Annotated[
        list[Path] | None, typer.Option("--tests", "-t", help="Ander testbestand (mag vaker).", show_default=False)
    ] = None,
    format: TextFormatOpt = Format.tekst,
    min_dekking: Annotated[
        float,
        number_option(
            "--min-dekking",
            low=0.0,
            high=100.0,
            help="Mislukt ook als de dekking van een soort regel (banden, labels, "
            "normen, knock-outs) lager is dan dit percentage.",
        ),
    ] = 0.0,
    output: OutputOpt = None,
    force: ForceOpt = False,
) -> None:
    """Draai de zelftests van een toetsingskader: geslaagd/mislukt per test, verwacht tegen gekregen met het
    uitlegpad, en de dekking per regel. Exitcode 1 bij een mislukte test, 2 bij foute invoer."""
    dest = target(output, force)  # before the work
    from criteria.authoring.selftest.run import check_tests, run_tests
    from criteria.errors import InputError
    from criteria.load.ruleset import load_ruleset
    from criteria.load.selftest import load_tests, test_files
    from criteria.report.terminal.selftest import report_json, report_text

    loaded = load_ruleset(ruleset, str(ruleset))
    paths = tests or test_files(ruleset)
    if not paths:
        fail(
            f"geen tests gevonden naast {ruleset}; verwacht {ruleset.name.removesuffix('.toml')}.tests.toml "
            "of .tests.csv (zie criteria init ruleset voor een voorbeeld)"
        )
    from criteria import limits
    from criteria.errors import Problem
    from criteria.pipeline.work import parts

    nodes = parts(loaded.ruleset)
    if too_many := limits.check_selftests(len(paths), 0, nodes):
        fail(too_many[0])
    all_tests, problems, inherited = [], [], set()
    for path in paths:
        try:
            spec, found = load_tests(path, str(path))
        except InputError as err:
            problems += err.problems
            continue
        problems += check_tests(loaded.compiled, spec, found, loaded.source.ancestors)
        if spec.ruleset in loaded.source.ancestors:  # a parent's tests, run against this extension
            inherited.add(str(path))
        all_tests += found
    partners = [len({*t.test.partners, *t.test.nullijn_partners}) for t in all_tests]
    work = sum(nodes + len(loaded.ruleset.fields) * p for p in partners)
    for reason in limits.check_selftests(len(paths), len(all_tests), nodes, work):
        problems.append(
            Problem(
                str(paths[-1]),
                "",
                reason,
                suggestion="verdeel de tests over kleinere toetsingskaders of draai ze in delen met --tests",
            )
        )
    if problems:
        raise InputError(problems)
    report = run_tests(loaded.compiled, all_tests, [str(p) for p in paths], inherited=frozenset(inherited))
    emit(report_json(report) if format is Format.json else report_text(report), dest, text_file=format is Format.tekst)
    low = [c for c in report.coverage if c.total and c.percent < min_dekking]
    if report.failed or low:
        raise typer.Exit(1)

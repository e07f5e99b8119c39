"""`criteria explain`: one subject-year from the total down to every input and its bron."""

from typing import Annotated

import typer

from criteria.cli.app import app, render, target
from criteria.cli.options import (
    ArchiefOpt,
    ArchiveerOpt,
    CaseArg,
    CorrectieOpt,
    ForceOpt,
    LabelOpt,
    OutputOpt,
    RedenOpt,
    RulesetOpt,
    number_option,
)
from criteria.cli.recording import record_if_asked, run_corrected
from criteria.cli.support import fail, guarded
from criteria.years import MAX_YEAR, MIN_YEAR


@app.command("explain")
@guarded
def explain_cmd(
    case: CaseArg,
    onderwerp: Annotated[
        str,
        typer.Option(
            "--onderwerp", "-s", help="Het onderwerp: code of naam, bijvoorbeeld HH of Handhaving.", show_default=False
        ),
    ],
    jaar: Annotated[
        int | None,
        number_option(
            "--jaar",
            "-j",
            low=MIN_YEAR,
            high=MAX_YEAR,
            help="Het jaar, bijvoorbeeld 2019. Zonder --jaar: het oordeel over "
            "de hele periode, met de cijfers per jaar.",
            show_default=False,
        ),
    ] = None,
    volledig: Annotated[
        bool, typer.Option("--volledig", help="De hele uitleg: van het totaal tot elk invoergegeven en zijn bron.")
    ] = False,
    ruleset: RulesetOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    label: LabelOpt = None,
    archiveer: ArchiveerOpt = False,
    archief: ArchiefOpt = None,
    correctie: CorrectieOpt = None,
    reden: RedenOpt = None,
) -> None:
    """Leg één score uit: het oordeel, de belangrijkste redenen en wat het oordeel omdraait.

    Zonder --jaar: het oordeel over de hele periode. Met --volledig (en --jaar) de hele uitleg van dat jaar: van het
    totaal tot elk invoergegeven en zijn bron.

    Met --label, --archiveer of --correctie wordt de run vastgelegd in het archief (zie 'criteria archief')."""
    dest = target(output, force)  # before the work
    done, result = run_corrected(case, ruleset, correctie, reden)
    from criteria.rules.subjects import resolve_subject

    code = resolve_subject(onderwerp, [(s.id, s.title) for s in result.subjects])  # exact code, else the title
    subject = next(s for s in result.subjects if s.id == code)
    if not subject.in_scope:
        fail(f"{subject.title} valt buiten deze toets: {subject.scope_reason or 'geen reden opgegeven'}")
    if jaar is not None and jaar not in result.years:
        fail(f"jaar {jaar} hoort niet bij dit toetsingskader; kies uit: " + ", ".join(map(str, result.years)))
    if jaar is not None and jaar not in subject.years:  # a voorstel is evaluated in the years of its raming
        fail(f"{subject.title} wordt alleen getoetst in: " + ", ".join(map(str, subject.years)))
    if jaar is None and len(subject.years) == 1:  # one year (a voorstel): the period is that year
        jaar = subject.years[0]
    if jaar is None and volledig:
        fail(
            "--volledig legt één jaar uit: geef ook --jaar, bijvoorbeeld --jaar "
            + str(subject.years[-1])
            + " (kies uit: "
            + ", ".join(map(str, subject.years))
            + ")"
        )
    if volledig:
        assert jaar is not None
        from criteria.report.terminal.explain import print_explain

        render(lambda console: print_explain(console, result, subject, jaar), dest)
    else:
        from criteria.report.terminal.conclusion import print_short_explain

        command = f"criteria explain {case} --onderwerp {subject.id}" + ("" if jaar is None else f" --jaar {jaar}")
        render(lambda console: print_short_explain(console, result, subject, jaar, command), dest)
    # recorded after the output, so the confirmation is the last line on the screen
    record_if_asked(
        done,
        case,
        result,
        command="explain",
        label=label,
        archiveer=archiveer,
        archief=archief,
        parameters={
            "onderwerp": subject.id,
            **({"jaar": jaar} if jaar is not None else {}),
            **({"volledig": True} if volledig else {}),
        },
    )

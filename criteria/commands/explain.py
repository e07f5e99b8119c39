"""`criteria explain`: one subject-year from the total down to every input and its bron."""

from __future__ import annotations

from typing import Annotated

import typer

from criteria.cli_app import CaseArg, OutputOpt, RulesetOpt, app, render
from criteria.cli_support import fail, guarded


@app.command("explain")
@guarded
def explain_cmd(
    case: CaseArg,
    onderwerp: Annotated[str, typer.Option("--onderwerp", "-s", help="Id van het onderwerp, bijvoorbeeld HH.",
                                           show_default=False)],
    jaar: Annotated[int, typer.Option("--jaar", "-j", help="Het jaar, bijvoorbeeld 2019.", show_default=False)],
    ruleset: RulesetOpt = None,
    output: OutputOpt = None,
) -> None:
    """Leg één score uit: van het totaal tot elk invoergegeven en zijn bron."""
    from criteria.app import run
    result = run(case, ruleset).result
    subject = next((s for s in result.subjects if s.id.lower() == onderwerp.lower()), None)
    if subject is None:
        fail(f"onbekend onderwerp '{onderwerp}'; kies uit: " + ", ".join(s.id for s in result.subjects))
    if not subject.in_scope:
        fail(f"{subject.title} valt buiten deze toets: {subject.scope_reason or 'geen reden opgegeven'}")
    if jaar not in result.years:
        fail(f"jaar {jaar} hoort niet bij dit toetsingskader; kies uit: " + ", ".join(map(str, result.years)))
    from criteria.report.explain import print_explain
    render(lambda console: print_explain(console, result, subject, jaar), output)

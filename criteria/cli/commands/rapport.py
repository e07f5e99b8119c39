"""`criteria rapport`: the result as a document for the raad: HTML, Markdown or XLSX."""

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from criteria.cli.app import app, emit, target
from criteria.cli.options import ArchiefOpt, ArchiveerOpt, CaseArg, CorrectieOpt, ForceOpt, LabelOpt, RedenOpt, \
    RulesetOpt, chosen_format, file_output_option, format_option
from criteria.cli.recording import run_corrected, record_if_asked
from criteria.cli.support import guarded, say


class ReportFormat(str, Enum):
    html = "html"
    markdown = "markdown"
    xlsx = "xlsx"


class Bijlage(str, Enum):
    samenvatting = "samenvatting"
    volledig = "volledig"
    geen = "geen"


EXTENSIONS = {ReportFormat.html: ".html", ReportFormat.markdown: ".md", ReportFormat.xlsx: ".xlsx"}
SUFFIXES = {".html": ReportFormat.html, ".htm": ReportFormat.html, ".md": ReportFormat.markdown,
            ".markdown": ReportFormat.markdown, ".xlsx": ReportFormat.xlsx}


@app.command("rapport")
@guarded
def rapport_cmd(
    case: CaseArg,
    output: Annotated[Path, file_output_option("Het rapportbestand dat wordt gemaakt ('-': naar de standaarduitvoer, "
                                               "met --formaat).")],
    formaat: Annotated[ReportFormat | None, format_option(
        "html (één bestand, ook om te printen), markdown (tabellen voor een raadsinformatiebrief) of xlsx "
        "(rekenblad).")] = None,
    bijlage: Annotated[Bijlage, typer.Option(
        "--bijlage", "-b", help="Hoeveel bijlage: samenvatting (per onderwerp de grafieken, de bronnen geteld), "
        "volledig (ook de volledige uitsplitsing per jaar en elke bron) of geen (alleen de conclusie, het voorstel "
        "en de scores).")] = Bijlage.samenvatting,
    ruleset: RulesetOpt = None,
    correctie: CorrectieOpt = None,
    reden: RedenOpt = None,
    force: ForceOpt = False,
    label: LabelOpt = None,
    archiveer: ArchiveerOpt = False,
    archief: ArchiefOpt = None,
) -> None:
    """Maak een rapport voor de raad: eerst per onderwerp de conclusie, dan het voorstel, de scores per jaar en
    een bijlage (met --bijlage volledig: de volledige uitsplitsing en alle bronnen).

    Met --label, --archiveer of --correctie wordt de run vastgelegd in het archief, samen met het rapport zelf
    (zie 'criteria archief')."""
    fmt = chosen_format(formaat, output, SUFFIXES)
    dest = target(output, force, binary=fmt is ReportFormat.xlsx)  # before the work: refuse at once
    done, result = run_corrected(case, ruleset, correctie, reden, breakdowns=True)
    from criteria.report.documents.build import render_report
    from criteria.report.terminal.progress import progress_tracker
    track = progress_tracker(sum(1 for s in result.subjects if s.in_scope))
    from criteria.report.documents.findings import CONCLUSION_FILE, conclusion_text, findings
    found = findings(result)
    content = render_report(result, fmt.value, [p.render() for p in done.warnings], track, bijlage.value, found)
    emit(content if fmt is ReportFormat.xlsx else content.decode("utf-8"), dest)
    outputs = {f"rapport{EXTENSIONS[fmt]}": content, CONCLUSION_FILE: conclusion_text(found)}
    record_if_asked(done, case, result, command="rapport", label=label, archiveer=archiveer, archief=archief,
                    parameters={"formaat": fmt.value, "bijlage": bijlage.value}, outputs=outputs)
    if not dest.is_stdout:
        say(f"Rapport geschreven: {output} ({fmt.value}, {max(1, round(len(content) / 1024))} kB).")

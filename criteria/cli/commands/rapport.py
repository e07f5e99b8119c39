"""`criteria rapport`: the result as a document for the raad: HTML, Markdown or XLSX."""

import io
from enum import Enum
from pathlib import Path
from typing import IO, Annotated, cast

import typer

from criteria.cli.app import app, target
from criteria.cli.options import (
    ArchiefOpt,
    ArchiveerOpt,
    CaseArg,
    CorrectieOpt,
    ForceOpt,
    LabelOpt,
    LangeRunOpt,
    RedenOpt,
    RulesetOpt,
    chosen_format,
    file_output_option,
    format_option,
)
from criteria.cli.recording import record_if_asked, run_corrected
from criteria.cli.support import fail, guarded, say, timed_job


class ReportFormat(str, Enum):
    html = "html"
    markdown = "markdown"
    xlsx = "xlsx"


class Bijlage(str, Enum):
    samenvatting = "samenvatting"
    volledig = "volledig"
    geen = "geen"


EXTENSIONS = {ReportFormat.html: ".html", ReportFormat.markdown: ".md", ReportFormat.xlsx: ".xlsx"}
SUFFIXES = {
    ".html": ReportFormat.html,
    ".htm": ReportFormat.html,
    ".md": ReportFormat.markdown,
    ".markdown": ReportFormat.markdown,
    ".xlsx": ReportFormat.xlsx,
}


@app.command("rapport")
@guarded
def rapport_cmd(
    case: CaseArg,
    output: Annotated[
        Path,
        file_output_option(
            "Het rapportbestand dat wordt gemaakt ('-': naar de standaarduitvoer, met --formaat); met --map de map."
        ),
    ],
    formaat: Annotated[
        ReportFormat | None,
        format_option(
            "html (één bestand, ook om te printen), markdown (tabellen voor een raadsinformatiebrief) of xlsx "
            "(rekenblad)."
        ),
    ] = None,
    bijlage: Annotated[
        Bijlage,
        typer.Option(
            "--bijlage",
            "-b",
            help="Hoeveel bijlage: samenvatting (per onderwerp de grafieken, de bronnen geteld), "
            "volledig (ook de volledige uitsplitsing per jaar en elke bron) of geen (alleen de conclusie, het voorstel "
            "en de scores).",
        ),
    ] = Bijlage.samenvatting,
    ruleset: RulesetOpt = None,
    correctie: CorrectieOpt = None,
    reden: RedenOpt = None,
    force: ForceOpt = False,
    label: LabelOpt = None,
    archiveer: ArchiveerOpt = False,
    archief: ArchiefOpt = None,
    map_: Annotated[
        bool,
        typer.Option(
            "--map",
            help="Schrijf het rapport als map (--output is dan een nieuwe of lege map, of een eerdere "
            "rapportmap): een indexpagina met per onderwerp de conclusie, en per onderwerp een eigen pagina. Voor "
            "grote casussen; html of markdown.",
        ),
    ] = False,
    lange_run: LangeRunOpt = False,
) -> None:
    """Maak een rapport voor de raad: eerst per onderwerp de conclusie, dan het voorstel, de scores per jaar en
    een bijlage (met --bijlage volledig: de volledige uitsplitsing en alle bronnen).

    Het rapport wordt onderwerp voor onderwerp geschreven. Een casus met veel onderwerpen (een landelijke
    benchmark) krijgt met --map een map: een indexpagina en per onderwerp een pagina.

    Met --label, --archiveer of --correctie wordt de run vastgelegd in het archief, samen met het rapport zelf
    (zie 'criteria archief')."""
    fmt = ReportFormat.html if map_ and formaat is None else chosen_format(formaat, output, SUFFIXES)
    folder, dest = None, None
    if map_:  # before the work: refuse at once
        folder = _checked_folder(output, fmt, bijlage)
    else:
        dest = target(output, force, binary=fmt is ReportFormat.xlsx)
    records = bool(label or archiveer or archief is not None or correctie)
    done, result = run_corrected(
        case,
        ruleset,
        correctie,
        reden,
        breakdowns=records,
        job=timed_job("rapport-volledig" if bijlage is Bijlage.volledig else "rapport", lange_run),
    )
    if folder is None:
        _check_one_file(len(result.scored))
    from criteria.report.documents.build import report_parts
    from criteria.report.documents.findings import CONCLUSION_FILE, conclusion_text, findings
    from criteria.report.terminal.progress import progress_tracker

    found = findings(result)
    parts = report_parts(
        result,
        [p.render() for p in done.warnings],
        progress_tracker(len(result.scored)),
        bijlage.value,
        found,
        folder=folder is not None,
    )
    if folder is not None:
        pages, kept = _write_folder(folder, str(output), parts, fmt.value, result, records)
        name, written = f"rapport-index{EXTENSIONS[fmt]}", f"{pages} pagina's"
    else:
        assert dest is not None
        size, kept = _write_file(dest, parts, fmt.value, records)
        name, written = f"rapport{EXTENSIONS[fmt]}", f"{max(1, round(size / 1024))} kB"
    outputs = {name: kept, CONCLUSION_FILE: conclusion_text(found)} if records else None
    record_if_asked(
        done,
        case,
        result,
        command="rapport",
        label=label,
        archiveer=archiveer,
        archief=archief,
        parameters={"formaat": fmt.value, "bijlage": bijlage.value, **({"map": True} if map_ else {})},
        outputs=outputs,
    )
    if folder is not None:
        say(
            f"Rapport geschreven: map {output} ({fmt.value}, {written}; begin bij {output / ('index' + EXTENSIONS[fmt])})."
        )
    elif dest is not None and not dest.is_stdout:
        say(f"Rapport geschreven: {output} ({fmt.value}, {written}).")


def _checked_folder(output: Path, fmt: ReportFormat, bijlage: Bijlage) -> Path:
    if fmt is ReportFormat.xlsx:
        fail(
            "--map maakt een map met html- of markdownpagina's; een rekenblad (xlsx) is altijd één bestand: laat "
            "--map weg, of kies --formaat html of markdown"
        )
    if bijlage is Bijlage.geen:
        fail(
            "--map maakt per onderwerp een pagina met zijn deel van de bijlage; kies --bijlage samenvatting of "
            "volledig, of laat --map weg"
        )
    if str(output) in ("-", "/dev/stdout"):
        fail("--map schrijft een map; geef bij --output de naam van een nieuwe of lege map")
    from criteria.files.folder import check_new_folder

    return check_new_folder(output, ours=True)


def _check_one_file(subjects: int) -> None:
    """A report in one file is for a person to read: above MAX_REPORT_FILE_SUBJECTS the report needs --map."""
    from criteria.limits import MAX_REPORT_FILE_SUBJECTS, dutch_count

    if subjects > MAX_REPORT_FILE_SUBJECTS:
        fail(
            f"deze casus heeft {dutch_count(subjects)} onderwerpen met scores; een rapport in één bestand is "
            f"gemaakt voor hoogstens {dutch_count(MAX_REPORT_FILE_SUBJECTS)} onderwerpen. Geef --map: dan wordt "
            "het rapport een map met een indexpagina (per onderwerp de conclusie) en per onderwerp een eigen "
            "pagina, bijvoorbeeld: criteria rapport CASUS --map --output rapport"
        )


def _write_file(dest, parts, fmt: str, records: bool) -> tuple[int, bytes]:
    """Write the report to the checked destination as its parts come; return its size in bytes and, when the run
    is recorded, the content as written (else b"")."""
    from criteria.files.writing import opened
    from criteria.report.documents.build import write_report

    binary = fmt == "xlsx"
    with opened(dest, binary=binary) as stream:
        out = _Counted(stream, keep=records)
        write_report(cast(IO, out), parts, fmt)  # a stream as far as the writers go: write()
    return out.size, out.kept()


def _write_folder(folder: Path, given: str, parts, fmt: str, result, records: bool) -> tuple[int, bytes]:
    """Write the report folder (criteria.report.documents.folder) whole or not at all; return the number of pages
    and, when the run is recorded, the index page as written (else b"")."""
    from criteria.files.folder import new_file, opened_folder
    from criteria.report.documents.folder import write_folder

    with opened_folder(folder, given) as staging:
        pages = write_folder(lambda relative: new_file(staging, relative), parts, fmt, result)
        index = next(p for p in staging.iterdir() if p.name.startswith("index."))
        kept = index.read_bytes() if records else b""
    return pages, kept


class _Counted:
    """A stream that passes everything on and counts the bytes (and keeps them, with `keep`)."""

    def __init__(self, target, keep: bool) -> None:
        self.target, self.size = target, 0
        self.copy: io.BytesIO | None = io.BytesIO() if keep else None

    def write(self, data: str | bytes) -> int:
        self.target.write(data)
        raw = data.encode("utf-8") if isinstance(data, str) else data
        self.size += len(raw)
        if self.copy is not None:
            self.copy.write(raw)
        return len(data)

    def kept(self) -> bytes:
        return self.copy.getvalue() if self.copy is not None else b""

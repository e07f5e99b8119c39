"""`criteria archief …`: list, show, re-run, compare, export and check the runs kept in the archive.

Exit codes: 0 in order / identical, 1 `verifieer` found a difference or `controleer` found a break, 2 bad input
(no archive, unknown run, …).
"""

from pathlib import Path
from typing import Annotated

import typer

from criteria.cli.app import emit, render, target
from criteria.cli.commands.archief_group import archief_app
from criteria.cli.options import ArchiefOpt
from criteria.cli.support import fail, guarded

RunArg = Annotated[
    str,
    typer.Argument(
        metavar="RUN", help="Nummer van de run (zie 'criteria archief lijst'), of 'laatste'.", show_default=False
    ),
]
EXIT_DIFFERENT = 1


def _number(text: str) -> int | None:
    if text.strip().lower() == "laatste":
        return None
    digits = text.strip()
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 18:  # a run number SQLite can hold
        fail(f"ongeldig runnummer '{text}': geef een nummer uit 'criteria archief lijst', of 'laatste'")
    return int(digits)


def _open(archief: Path | None):
    from criteria.archive import Archive, archive_path

    return Archive.open(archive_path(archief))


@archief_app.command("lijst")
@guarded
def lijst_cmd(archief: ArchiefOpt = None) -> None:
    """Toon alle vastgelegde runs: nummer, tijd, commando, label, casus, toetsingskader, resultaathash."""
    from criteria.report.terminal.archive import print_list

    with _open(archief) as store:
        runs = store.runs()
        render(lambda console: print_list(console, runs, store.path), None)


@archief_app.command("toon")
@guarded
def toon_cmd(
    run: RunArg,
    archief: ArchiefOpt = None,
    resultaat: Annotated[
        bool,
        typer.Option("--resultaat", help="Schrijf alleen het opgeslagen resultaat (JSON), precies zoals vastgelegd."),
    ] = False,
) -> None:
    """Toon één run: de uitkomst zoals vastgelegd (totaal per onderwerp en jaar), het rapport als dat is
    bewaard, invoer met hashes, versies, label, correcties en zijn plaats in de hashketen."""
    from criteria.archive import ArchiveError
    from criteria.report.terminal.archive import print_run

    with _open(archief) as store:
        stored = store.get(_number(run))
        if resultaat:
            from criteria.files.writing import write_exact

            write_exact(target(None), store.blob(stored.record["result"]["sha256"]))
            return
        from criteria.archive.outcome import outcome_of

        try:
            outcome = outcome_of(store.stored_result(stored))
        except ArchiveError:  # altered or damaged: the record is still shown, with that said
            outcome = None
        headlines = _concluded(store, stored.record)
        render(lambda console: print_run(console, stored, store.path, outcome, headlines), None)


def _concluded(store, record: dict) -> list[str] | None:
    """The headlines of the conclusions kept with a run (conclusie.txt, stored by `rapport`), if any and intact."""
    from hashlib import sha256

    from criteria.archive import ArchiveError

    kept = next((f for f in record.get("outputs", []) if f.get("name") == "conclusie.txt"), None)
    if kept is None:
        return None
    try:
        data = store.blob(kept["sha256"])
    except ArchiveError:
        return None
    if sha256(data).hexdigest() != kept["sha256"]:
        return None
    return [line for line in data.decode("utf-8", "replace").splitlines() if line and not line.startswith(" ")]


@archief_app.command("verifieer")
@guarded
def verifieer_cmd(run: RunArg, archief: ArchiefOpt = None) -> None:
    """Reken een run opnieuw op de opgeslagen invoer en vergelijk de resultaathash.

    Rekent met de huidige versie van criteria; een verschil wordt per onderwerp, jaar en criterium uitgelegd.
    Exitcode 0 bij identiek, 1 bij een verschil."""
    from criteria.archive.replay import verify
    from criteria.report.terminal.archive_diff import print_verification

    with _open(archief) as store:
        stored = store.get(_number(run))
        outcome = verify(store, stored)
    render(lambda console: print_verification(console, outcome, stored), None)
    if not outcome.identical:
        raise typer.Exit(EXIT_DIFFERENT)


@archief_app.command("vergelijk")
@guarded
def vergelijk_cmd(run1: RunArg, run2: RunArg, archief: ArchiefOpt = None) -> None:
    """Wat is er veranderd tussen twee runs: invoer, versies, correcties en scores.

    Toont per casusbestand en voor het toetsingskader de gewijzigde regels, en per onderwerp, jaar en
    criterium de scores en oordelen die veranderden."""
    from criteria.archive.diff import diff_files, diff_results
    from criteria.report.terminal.archive_diff import print_comparison

    with _open(archief) as store:
        a, b = store.get(_number(run1)), store.get(_number(run2))

        def inputs(record: dict) -> dict[str, bytes]:
            files = {f"casus/{f['name']}": store.blob(f["sha256"]) for f in record["case"]["files"]}
            return {"toetsingskader": store.blob(record["ruleset"]["sha256"]), **files}

        files = diff_files(inputs(a.record), inputs(b.record))
        changes = diff_results(store.stored_result(a), store.stored_result(b))
    render(lambda console: print_comparison(console, a, b, files, changes), None)


@archief_app.command("export")
@guarded
def export_cmd(
    run: RunArg,
    map: Annotated[
        Path, typer.Argument(metavar="MAP", help="Nieuwe (of lege) map voor de export.", show_default=False)
    ],
    archief: ArchiefOpt = None,
) -> None:
    """Exporteer alles wat nodig is om een run elders te herhalen.

    Casus, toetsingskader, resultaat, een manifest met hashes en versies, SHA256SUMS en een README.txt met de
    stappen. De map wordt in zijn geheel geschreven of helemaal niet."""
    from criteria.archive.export import export_run

    with _open(archief) as store:
        stored = store.get(_number(run))
        written = export_run(store, stored, map)
    emit(
        f"Run {stored.run} geëxporteerd naar {map} ({len(written)} bestanden):\n"
        + "".join(f"  {name}\n" for name in written)
        + f"Zie {map / 'README.txt'} om de run te herhalen.\n",
        None,
    )


@archief_app.command("controleer")
@guarded
def controleer_cmd(
    archief: ArchiefOpt = None,
    hash: Annotated[
        str | None,
        typer.Option(
            "--hash",
            help="Een eerder genoteerde recordhash (of het begin ervan): controleer ook dat die nog in de keten staat.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Controleer de hele hashketen en elk opgeslagen bestand; meldt gewijzigde en verwijderde records.

    Exitcode 0 als alles klopt, 1 als er iets niet klopt."""
    from criteria.report.terminal.archive import print_check

    with _open(archief) as store:
        findings, count, last = store.check()
        integrity = store.integrity()
        pinned = None
        if hash:
            wanted = hash.strip().lower()
            if len(wanted) < 12:
                fail("geef minstens de eerste 12 tekens van de recordhash")
            run = next((r.run for r in store.runs() if r.hash.startswith(wanted)), None)
            pinned = (wanted, run)
        ok = []
        render(
            lambda console: ok.append(print_check(console, findings, count, last, integrity, store.path, pinned)), None
        )
    if not ok[0]:
        raise typer.Exit(EXIT_DIFFERENT)

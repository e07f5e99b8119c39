"""Export a run: everything needed to reproduce it elsewhere, in one new folder (written whole or not at all)."""

from __future__ import annotations

import json
import shlex
from pathlib import Path, PurePosixPath

from criteria.archive.chain import sha256
from criteria.archive.replay import result_format, write_case
from criteria.archive.store import Archive, StoredRun
from criteria.files.folder import check_new_folder, opened_folder

README = """\
{title}
{underline}

Vastgelegd op {time} (UTC) met 'criteria {command}'{label}.
Archief: {archive}
Hash van het runrecord: {hash}

Inhoud
------
{contents}

Opnieuw uitvoeren
-----------------
1. Installeer dezelfde versies (zie manifest.json, 'versions'):
   {versions}
2. Voer in deze map uit:
   {command_line}
3. Vergelijk:
   sha256sum resultaat.json resultaat-opnieuw.json
   Gelijke hashes ({result_sha}) betekenen: dezelfde invoer en rekenregels geven hetzelfde resultaat.
   (De herhaling wordt zelf vastgelegd in het nieuwe archief herhaling.sqlite in deze map.)
{note}
Wat dit bewijst en wat niet: zie docs/archief.md van criteria. De hashketen in het archief laat zien
dat dit record en deze bestanden niet zijn gewijzigd sinds het vastleggen; de gegevens zelf kunnen
niet beter zijn dan hun bron (zie de kolom 'bron' in de casus).
"""


def _case_layout(record: dict) -> tuple[str, str | None]:
    """(path to pass to `criteria evaluate`, a note when the data locations will not match byte for byte)."""
    display = record["case"]["display"]
    parts = PurePosixPath(display.replace("\\", "/")).parts
    given_as_file = record["case"]["given_as"] == "bestand"
    if parts and not PurePosixPath(display).is_absolute() and ".." not in parts and "." not in parts[:1]:
        return PurePosixPath(*parts).as_posix(), None
    fallback = "casus/case.toml" if given_as_file else "casus"
    note = (
        f"\nLet op: de casus werd destijds aangeroepen als '{display}'. Het resultaat noemt bij elk gegeven\n"
        f"dat pad (veld 'location'), hier is het '{fallback}'. Alleen die plaatsaanduidingen verschillen dan;\n"
        "'criteria archief verifieer' in het oorspronkelijke archief heeft daar geen last van.\n"
    )
    return fallback, note


def _command_line(case_rel: str, ruleset_rel: str, record: dict) -> str:
    args = [
        "criteria",
        "evaluate",
        case_rel,
        "--ruleset",
        ruleset_rel,
        "--format",
        "json",
        "--json-versie",
        str(result_format(record)),
        "--output",
        "resultaat-opnieuw.json",
        "--archief",
        "herhaling.sqlite",
    ]
    for c in record.get("corrections", []):
        args += ["--correctie", f"{c['subject']}:{c['year']}:{c['node']}={c['corrected_score']:g}"]
    reasons = sorted({c["reason"] for c in record.get("corrections", [])})
    if reasons:
        args += ["--reden", reasons[0]]
    line = " ".join(shlex.quote(a) for a in args)
    if len(reasons) > 1:
        line += "\n   (let op: de correcties hadden verschillende redenen; zie manifest.json)"
    return line


def export_run(store: Archive, stored: StoredRun, target: Path) -> list[str]:
    """Write the export of `stored` to the new folder `target`; return the files written (relative)."""
    given = target
    target = check_new_folder(given, parents=True)
    record = stored.record
    assert record is not None
    with opened_folder(target, str(given)) as work:
        _write(store, stored, record, work)
    return sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())


def _write(store: Archive, stored: StoredRun, record: dict, work: Path) -> None:
    case_rel, note = _case_layout(record)
    given_as_file = record["case"]["given_as"] == "bestand"
    manifest = work / case_rel if given_as_file else work / case_rel / "case.toml"
    write_case(store, record, manifest.parent, manifest.name)
    ruleset_rel = f"toetsingskader/{Path(record['ruleset']['name']).name or 'toetsingskader.toml'}"
    (work / "toetsingskader").mkdir()
    (work / ruleset_rel).write_bytes(store.blob(record["ruleset"]["sha256"]))
    (work / "resultaat.json").write_bytes(store.blob(record["result"]["sha256"]))
    for item in record.get("outputs", []):
        (work / "uitvoer").mkdir(exist_ok=True)
        (work / "uitvoer" / Path(item["name"]).name).write_bytes(store.blob(item["sha256"]))
    manifest_data = {"run": stored.run, "record_sha256": stored.hash, "archive": str(store.path), "record": record}
    (work / "manifest.json").write_text(
        json.dumps(manifest_data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    versions = record.get("versions", {})
    label = record.get("label")
    contents = [
        (f"{case_rel}/", "de casus zoals gebruikt (case.toml en de gegevensbestanden)"),
        (ruleset_rel, "het toetsingskader zoals gebruikt (opgelost, op zichzelf staand)"),
        ("resultaat.json", "het resultaat zoals vastgelegd (machine-uitvoer, JSON)"),
    ]
    contents += [
        (f"uitvoer/{Path(i['name']).name}", "uitvoer zoals de gebruiker die zag") for i in record.get("outputs", [])
    ]
    contents += [
        ("manifest.json", "het runrecord: hashes, versies, label, correcties, schakel in de hashketen"),
        ("SHA256SUMS", "SHA-256 van elk bestand hier; controleer met: sha256sum -c SHA256SUMS"),
    ]
    width = max(len(name) for name, _ in contents) + 2
    title = f"Export van run {stored.run} uit het criteria-archief"
    readme = README.format(
        title=title,
        underline="=" * len(title),
        time=record["time_utc"],
        command=record["command"],
        archive=store.path,
        label=f', label "{label}"' if label else "",
        hash=stored.hash,
        contents="\n".join(name.ljust(width) + text for name, text in contents),
        result_sha=record["result"]["sha256"],
        versions=f"Python {versions.get('python', 'onbekend')}, criteria {versions.get('criteria', 'onbekend')} "
        "(broncode van die versie), en:\n   pip install "
        + " ".join(f"{k}=={v}" for k, v in versions.items() if k not in ("python", "criteria")),
        command_line=_command_line(case_rel, ruleset_rel, record),
        note=note or "",
    )
    (work / "README.txt").write_text(readme, encoding="utf-8")
    sums = [
        f"{sha256(p.read_bytes())}  {p.relative_to(work).as_posix()}" for p in sorted(work.rglob("*")) if p.is_file()
    ]
    (work / "SHA256SUMS").write_text("\n".join(sums) + "\n", encoding="utf-8")

"""Inputs of the rejection corpus that are large or binary: made at test time, never committed.

Each generator takes the working folder (a copy of tests/hostile/base) and breaks one thing in it.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

RULESET = Path("rulesets/basis.toml")
DATA = Path("case/data/teams.csv")
FORMULA = 'formula = "ziekteverzuim"'
HEADER = "onderwerp;jaar;veld;waarde;eenheid;bron;kwaliteit\n"
ROW = "PO;2019;kosten;109000;euro;jaarrekening 2019 p. 40;A\n"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _use_data_file(root: Path, name: str) -> Path:
    _replace(root / "case/case.toml", 'data = ["data/teams.csv"]', f'data = ["data/{name}"]')
    return root / "case/data" / name


def ruleset_latin1(root: Path) -> None:
    path = root / RULESET
    text = path.read_text(encoding="utf-8").replace('"Basiskader voor', '"Basiskader é voor')
    path.write_bytes(text.encode("latin-1"))


def ruleset_deep_nesting(root: Path) -> None:
    with (root / RULESET).open("a", encoding="utf-8") as f:
        f.write("diep = " + "[" * 10_000 + "]" * 10_000 + "\n")


def ruleset_3mb(root: Path) -> None:
    with (root / RULESET).open("a", encoding="utf-8") as f:
        f.write(("# " + "x" * 1000 + "\n") * 3 * 1024)


def csv_comma_decimal_comma(root: Path) -> None:
    (root / DATA).write_text(
        "onderwerp,jaar,veld,waarde,eenheid,bron,kwaliteit\n"
        "PO,2018,ziekteverzuim,8.2,%,jaarverslag,B\n"
        "PO,2019,ziekteverzuim,9,2,%,jaarverslag,B\n",
        encoding="utf-8",
    )


def csv_tab_thousands(root: Path) -> None:
    rows = [line.split(";") for line in (root / DATA).read_text(encoding="utf-8").splitlines()]
    rows[3][3] = "108.000"
    (root / DATA).write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")


def csv_utf16(root: Path) -> None:
    (root / DATA).write_bytes((root / DATA).read_text(encoding="utf-8").encode("utf-16"))


def csv_undefined_cp1252(root: Path) -> None:
    (root / DATA).write_bytes(HEADER.encode() + b"PO;2019;kosten;109000;euro;jaarrekening \x81\xff;A\n")


def csv_50mb(root: Path) -> None:
    with (root / DATA).open("w", encoding="utf-8") as f:
        f.write(HEADER)
        f.write("# " + "x" * (50 * 1024 * 1024 - len(HEADER) - 3) + "\n")


def csv_10mb_line(root: Path) -> None:
    (root / DATA).write_text(
        HEADER + ROW + "PO;2020;kosten;" + "9" * (10 * 1024 * 1024) + ";euro;x;A\n", encoding="utf-8"
    )


def csv_without_bron(root: Path) -> None:
    (root / DATA).write_text(
        "onderwerp;jaar;veld;waarde;eenheid;kwaliteit\nPO;2019;kosten;109000;euro;A\n", encoding="utf-8"
    )


def xlsx_zip_bomb(root: Path) -> None:
    path = _use_data_file(root, "teams.xlsx")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            block = b"\0" * (1024 * 1024)
            for _ in range(200):  # 200 MB of zeros, about 200 kB packed
                f.write(block)


def xlsx_text_file(root: Path) -> None:
    _use_data_file(root, "teams.xlsx").write_text((root / DATA).read_text(encoding="utf-8"), encoding="utf-8")


def xlsx_other_zip(root: Path) -> None:
    with zipfile.ZipFile(_use_data_file(root, "teams.xlsx"), "w") as z:
        z.writestr("leesmij.txt", "dit is geen werkboek")


def xls_old_format(root: Path) -> None:
    _use_data_file(root, "teams.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)


def xlsx_word_in_cell(root: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "data"
    for line in (root / DATA).read_text(encoding="utf-8").splitlines():
        sheet.append(line.split(";"))
    sheet["D8"] = "1.234,5.6"
    book.save(_use_data_file(root, "teams.xlsx"))


def _formula(root: Path, text: str) -> None:
    _replace(root / RULESET, FORMULA, f'formula = "{text}"')


def formula_10000_deep(root: Path) -> None:
    _formula(root, "(" * 10_000 + "ziekteverzuim" + ")" * 10_000)


def formula_60_deep(root: Path) -> None:
    _formula(root, "(" * 60 + "ziekteverzuim" + ")" * 60)


def formula_1mb(root: Path) -> None:
    _formula(root, ("ziekteverzuim + " * (1024 * 1024 // 16 + 1))[: 1024 * 1024 - 1] + "1")


def tree_too_deep(root: Path) -> None:
    chain = "".join(
        f'\n[criteria.niveau{i}]\ntitle = "Niveau {i}"\nparent = "{"flexibiliteit" if i == 1 else f"niveau{i - 1}"}"\n'
        for i in range(1, 26)
    )
    _replace(
        root / RULESET,
        'parent = "flexibiliteit"\nformula = "tevredenheid"',
        'parent = "niveau25"\nformula = "tevredenheid"',
    )
    with (root / RULESET).open("a", encoding="utf-8") as f:
        f.write(chain)


def too_many_indicators(root: Path) -> None:
    with (root / RULESET).open("a", encoding="utf-8") as f:
        for i in range(998):
            f.write(
                f'\n[indicators.extra{i}]\ntitle = "Extra {i}"\nparent = "kosten"\nformula = "kosten"\n'
                'scoring = { kind = "linear", slecht = 0, goed = 1 }\ntoelichting = "x"\n'
            )


# --- issue 11, class 14: a few kilobytes that declare a huge amount of work --------------------------------


def _every_year(root: Path) -> None:
    _replace(root / RULESET, "years = [2019, 2020]", "years = [" + ", ".join(map(str, range(1900, 2201))) + "]")


def _subjects(root: Path, count: int) -> None:
    with (root / "case/case.toml").open("a", encoding="utf-8") as f:
        f.writelines(f'\n[subjects.S{i}]\ntitle = "S{i}"\n' for i in range(count))


def work_years_times_subjects(root: Path) -> None:
    """Every allowed year (301) in the ruleset, the most subjects allowed (10,000) in case.toml: well beyond
    the work limit, also once it is raised to 4× a national case."""
    _every_year(root)
    _subjects(root, 10_000 - 2)


def work_ruleset_many_years(root: Path) -> None:
    """A ruleset with every allowed year and 990 indicators (each within the ruleset limits); 100 subjects."""
    _every_year(root)
    with (root / RULESET).open("a", encoding="utf-8") as f:
        for i in range(987):
            f.write(
                f'\n[indicators.extra{i}]\ntitle = "Extra {i}"\nparent = "kosten"\nformula = "kosten"\n'
                'scoring = { kind = "linear", slecht = 0, goed = 1 }\ntoelichting = "x"\n'
            )
    _subjects(root, 98)


def work_long_report(root: Path) -> None:
    """6,000 subjects with the base's data (a case.toml and a CSV of a few hundred kilobytes): within every size
    limit, but a report of them is estimated to take minutes (limits.estimate_seconds)."""
    _subjects(root, 6_000)
    rows = (root / "case/data/teams.csv").read_text(encoding="utf-8").splitlines()
    po = [row for row in rows if row.startswith("PO;")]
    with (root / "case/data/teams.csv").open("a", encoding="utf-8") as f:
        f.writelines(row.replace("PO;", f"S{i};", 1) + "\n" for i in range(6_000) for row in po)


def work_many_samples(root: Path) -> None:
    """600 extra subjects: gevoeligheid --steekproeven 1000000 then keeps 125,004 totals (both tails) for each of the
    602 subjects × 3 years: 226 million, above MAX_SAMPLE_CELLS."""
    _subjects(root, 600)


def work_too_many_tables(root: Path) -> None:
    """The same small table listed 201 times: each table is cheap, the count is not."""
    _replace(
        root / "case/case.toml", 'data = ["data/teams.csv"]', "data = [" + ", ".join(['"data/teams.csv"'] * 201) + "]"
    )


# --- issue 11: numbers, sheets, files that are not files, work limits, messages ----------------------------


def _data_rows(root: Path) -> list[list[str]]:
    return [line.split(";") for line in (root / DATA).read_text(encoding="utf-8").splitlines()]


def _workbook(sheets: dict[str, list[list]], states: dict[str, str] | None = None):
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        sheet.sheet_state = (states or {}).get(title, "visible")
    return book


def _as_cells(rows: list[list[str]]) -> list[list]:
    """Rows as a spreadsheet holds them: whole numbers as number cells, the rest as text."""
    return [[int(c) if c.isdigit() else (c or None) for c in row] for row in rows]


def csv_comma_file_thousands(root: Path) -> None:
    (root / DATA).write_text(
        "onderwerp,jaar,veld,waarde,eenheid,bron,kwaliteit\nPO,2019,kosten,4.732,euro,jaarrekening,A\n",
        encoding="utf-8",
    )


def xlsx_text_thousands(root: Path) -> None:
    rows = _as_cells(_data_rows(root))
    rows[7][3] = "1,125"  # typed as text in cell D8
    _workbook({"data": rows}).save(_use_data_file(root, "teams.xlsx"))


def xlsx_two_visible_sheets(root: Path) -> None:
    rows = _as_cells(_data_rows(root))
    _workbook({"Blad1": rows, "Blad2": rows}).save(_use_data_file(root, "teams.xlsx"))


def xlsx_hidden_sheet_not_read(root: Path) -> None:
    good = _as_cells(_data_rows(root))
    visible = [list(r) for r in good]
    visible[7][3] = "twaalf"  # only the visible sheet has this mistake
    _workbook({"data": good, "Blad1": visible}, {"data": "hidden"}).save(_use_data_file(root, "teams.xlsx"))


def xlsx_named_hidden_sheet(root: Path) -> None:
    rows = _as_cells(_data_rows(root))
    rows[7][3] = "twaalf"
    _workbook({"nieuw": _as_cells(_data_rows(root)), "oud": rows}, {"oud": "veryHidden"}).save(
        _use_data_file(root, "teams.xlsx")
    )
    _replace(
        root / "case/case.toml", 'data = ["data/teams.xlsx"]', 'data = [{ file = "data/teams.xlsx", sheet = "oud" }]'
    )


def xlsx_named_sheet_missing(root: Path) -> None:
    _workbook({"data": _as_cells(_data_rows(root))}).save(_use_data_file(root, "teams.xlsx"))
    _replace(
        root / "case/case.toml",
        'data = ["data/teams.xlsx"]',
        'data = [{ file = "data/teams.xlsx", sheet = "Gegevens" }]',
    )


def xlsx_merged_header(root: Path) -> None:
    """The header cell 'waarde' merged over D1:E1 and the unit typed under E: one message, not 24."""
    rows = _as_cells(_data_rows(root))
    rows[0] = ["onderwerp", "jaar", "veld", "waarde", None, "eenheid", "bron", "kwaliteit"]
    for row in rows[1:]:
        row.insert(4, "x")
    book = _workbook({"data": rows})
    book["data"].merge_cells("D1:E1")
    book.save(_use_data_file(root, "teams.xlsx"))


def xlsx_rows_out_of_text_order(root: Path) -> None:
    rows = _as_cells(_data_rows(root))
    rows[8][0], rows[9][0] = "XX", "YY"  # rows 9 and 10: in reading order, not 10 before 9
    _workbook({"data": rows}).save(_use_data_file(root, "teams.xlsx"))


def xlsx_far_row(root: Path) -> None:
    """A tiny file with a stray cell at Excel's last row: read in no time, the stray row reported."""
    book = _workbook({"data": _as_cells(_data_rows(root))})
    book["data"]["A1048576"] = "x"
    book.save(_use_data_file(root, "teams.xlsx"))


def xlsx_too_many_rows(root: Path) -> None:
    """200,002 data rows written straight as XML (openpyxl would take half a minute to write them)."""
    import random

    rng = random.Random(11)
    rows = [f'<row r="{n}"><c r="A{n}"><v>{rng.randrange(10**9)}</v></c></row>' for n in range(2, 200_004)]
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>onderwerp</t></is></c>'
        "</row>" + "".join(rows) + "</sheetData></worksheet>"
    )
    main = "http://schemas.openxmlformats.org/"
    with zipfile.ZipFile(_use_data_file(root, "teams.xlsx"), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="'
            + main
            + 'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
            'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
            'PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="'
            + main
            + 'package/2006/relationships"><Relationship Id="rId1" Type="'
            + main
            + "officeDocument/2006/"
            'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="'
            + main
            + 'spreadsheetml/2006/main" xmlns:r="'
            + main
            + 'officeDocument/2006/relationships"><sheets>'
            '<sheet name="data" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="'
            + main
            + 'package/2006/relationships"><Relationship Id="rId1" Type="'
            + main
            + "officeDocument/"
            '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        z.writestr("xl/worksheets/sheet1.xml", sheet)


def _fifo(path: Path) -> None:
    import os

    path.unlink(missing_ok=True)
    os.mkfifo(path)


def fifo_data(root: Path) -> None:
    _fifo(root / DATA)


def fifo_ruleset(root: Path) -> None:
    _fifo(root / RULESET)


def fifo_manifest(root: Path) -> None:
    _fifo(root / "case/case.toml")


def fifo_inventory(root: Path) -> None:
    _replace(
        root / "case/case.toml",
        'data = ["data/teams.csv"]',
        'data = ["data/teams.csv"]\ninventories = ["data/taken.csv"]',
    )
    _fifo(root / "case/data/taken.csv")


def fifo_selftest(root: Path) -> None:
    _fifo(root / "rulesets/basis.tests.toml")


def units_wrong_on_many_rows(root: Path) -> None:
    path = root / DATA
    path.write_text(path.read_text(encoding="utf-8").replace(";euro;", ";k€;"), encoding="utf-8")


def thousands_everywhere(root: Path) -> None:
    path = root / DATA
    text = path.read_text(encoding="utf-8")
    for amount in ("108000", "109000", "100000"):
        text = text.replace(f";{amount};", f";{amount[:3]}.{amount[3:]};")
    path.write_text(text, encoding="utf-8")


def ruleset_5000_digit_number(root: Path) -> None:
    _replace(root / RULESET, "weight = 2", "weight = " + "1" * 5000)


def ruleset_400_digit_anchor(root: Path) -> None:
    _replace(root / RULESET, "slecht = 8", "slecht = 1" + "0" * 400)


def extends_link_outside(root: Path) -> None:
    """A ruleset that extends an id found only in a symbolic link to a file outside rulesets/."""
    outside = root / "elders"
    outside.mkdir()
    (outside / "geheim.toml").write_text('id = "geheim"\nversion = "1"\n', encoding="utf-8")
    (root / "rulesets" / "geheim.toml").symlink_to(Path("..") / "elders" / "geheim.toml")
    _replace(root / RULESET, 'id = "basis"', 'id = "basis"\nextends = "geheim"')


# --- output paths (issue 11 class 10) ------------------------------------------------------------------------

NOTES = "Notulen commissie Middelen: criteria 0.1.0 gaf voor P&O een 5,8.\n"


def output_dangling_link(root: Path) -> None:
    (root / "out/weg.json").symlink_to("nergens/uitslag.json")


def output_link_to_notes(root: Path) -> None:
    (root / "notulen.txt").write_text(NOTES, encoding="utf-8")
    (root / "out/uitleg-link.txt").symlink_to("../notulen.txt")


def output_socket(root: Path) -> None:
    import socket

    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(root / "out/s.sock"))  # the socket file stays after the socket is closed


def output_read_only(root: Path) -> None:
    (root / "out/uitslag.json").chmod(0o444)


def output_foreign_xlsx(root: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.properties.creator = "Gemeente Noord"
    book.active["A1"] = "Begroting, gemaakt met criteria 0.1.0 als hulpmiddel"
    book.save(root / "out/begroting.xlsx")

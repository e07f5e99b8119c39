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
    (root / DATA).write_text("onderwerp,jaar,veld,waarde,eenheid,bron,kwaliteit\n"
                             "PO,2018,ziekteverzuim,8.2,%,jaarverslag,B\n"
                             "PO,2019,ziekteverzuim,9,2,%,jaarverslag,B\n", encoding="utf-8")


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
    (root / DATA).write_text(HEADER + ROW + "PO;2020;kosten;" + "9" * (10 * 1024 * 1024) + ";euro;x;A\n",
                             encoding="utf-8")


def csv_without_bron(root: Path) -> None:
    (root / DATA).write_text("onderwerp;jaar;veld;waarde;eenheid;kwaliteit\nPO;2019;kosten;109000;euro;A\n",
                             encoding="utf-8")


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
    _formula(root, ("ziekteverzuim + " * (1024 * 1024 // 16 + 1))[:1024 * 1024 - 1] + "1")


def tree_too_deep(root: Path) -> None:
    chain = "".join(f'\n[criteria.niveau{i}]\ntitle = "Niveau {i}"\nparent = "{"flexibiliteit" if i == 1 else f"niveau{i - 1}"}"\n'
                    for i in range(1, 26))
    _replace(root / RULESET, 'parent = "flexibiliteit"\nformula = "tevredenheid"',
             'parent = "niveau25"\nformula = "tevredenheid"')
    with (root / RULESET).open("a", encoding="utf-8") as f:
        f.write(chain)


def too_many_indicators(root: Path) -> None:
    with (root / RULESET).open("a", encoding="utf-8") as f:
        for i in range(998):
            f.write(f'\n[indicators.extra{i}]\ntitle = "Extra {i}"\nparent = "kosten"\nformula = "kosten"\n'
                    'scoring = { kind = "linear", slecht = 0, goed = 1 }\ntoelichting = "x"\n')

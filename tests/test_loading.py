"""Loading the bundled case from variants of its files (in tmp copies): encodings, separators, bad rows, paths,
and the case fingerprint."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from conftest import CASE

from criteria.errors import InputError
from criteria.load.case import load_case


def copy_case(tmp_path: Path, name: str = "casus") -> Path:
    target = tmp_path / name
    shutil.copytree(CASE, target)
    return target


def facts(case) -> list[tuple]:
    """What a loaded value is, apart from the path it was read from."""
    return [
        (
            v.subject,
            v.year,
            v.field,
            v.partner,
            v.value,
            v.unit,
            v.bron,
            v.quality,
            Path(v.file).name,
            getattr(v, "line", None),
            getattr(v, "place", None),
            getattr(v, "row", None),
        )
        for v in case.values
    ]


def rendered(err: InputError) -> list[str]:
    return [p.render() for p in err.problems]


@pytest.fixture(scope="module")
def original():
    return load_case(CASE)


def test_the_bundled_case_loads(original) -> None:
    assert len(original.values) > 400
    assert set(original.manifest.subjects) == {"PO", "COM", "FA", "FZ", "HH", "INF", "INF_SAMEN", "INF_HS", "INF_BD"}
    assert len(original.inventory) > 500 and set(original.task_links) == {"INF_SAMEN"}
    hh = {(v.year, v.field): v.value for v in original.values if v.subject == "HH" and v.partner is None}
    assert hh[(2019, "ziekteverzuim")] == 8.9 and hh[(2019, "rapportage_teamniveau")] == "ja"


def test_a_cp1252_copy_loads_identically(tmp_path: Path, original) -> None:
    folder = copy_case(tmp_path)
    for csv_path in (folder / "data").glob("*.csv"):
        text = csv_path.read_text(encoding="utf-8")
        data = text.encode("cp1252")
        if csv_path.name == "teams.csv":  # really a cp1252 file: 'ë' and '€' are not valid UTF-8 there
            with pytest.raises(UnicodeDecodeError):
                data.decode("utf-8")
        csv_path.write_bytes(data)
    copy = load_case(folder)
    assert facts(copy) == facts(original)
    assert any("€" == v.unit for v in copy.values)
    assert copy.sha256 != original.sha256  # other bytes, another fingerprint


def test_a_utf8_copy_with_bom_and_crlf_loads_identically(tmp_path: Path, original) -> None:
    folder = copy_case(tmp_path)
    for csv_path in (folder / "data").glob("*.csv"):
        text = csv_path.read_text(encoding="utf-8")
        csv_path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert facts(load_case(folder)) == facts(original)


def to_comma_separated(text: str) -> str:
    """Rewrite a ;-separated file with decimal commas as a ,-separated file with decimal points."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=",", lineterminator="\n")
    header = None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            out.write(line + "\n")  # comments and blank lines stay where they are (same line numbers)
            continue
        cells = next(csv.reader([line], delimiter=";"))
        if header is None:
            header = cells
        else:
            k = header.index("waarde" if "waarde" in header else "fte" if "fte" in header else header[0])
            if any(ch.isdigit() for ch in cells[k]) and k:
                cells[k] = cells[k].replace(",", ".")
        writer.writerow(cells)
    return out.getvalue()


def test_a_comma_separated_copy_with_decimal_points_loads_identically(tmp_path: Path, original) -> None:
    folder = copy_case(tmp_path)
    for csv_path in (folder / "data").glob("*.csv"):
        converted = to_comma_separated(csv_path.read_text(encoding="utf-8"))
        assert '"' in converted or "taak_samen" in converted  # bron texts with commas had to be quoted
        csv_path.write_text(converted, encoding="utf-8")
    assert facts(load_case(folder)) == facts(original)


def append_rows(folder: Path, *rows: str) -> tuple[Path, list[int]]:
    teams = folder / "data" / "teams.csv"
    text = teams.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    first_new = len(text.splitlines()) + 1
    teams.write_text(text + "".join(r + "\n" for r in rows), encoding="utf-8")
    return teams, list(range(first_new, first_new + len(rows)))


def find_line(path: Path, start: str) -> tuple[int, str]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith(start):
            return number, line
    raise AssertionError(start)


def test_a_duplicate_row_is_an_error_naming_both_rows(tmp_path: Path) -> None:
    folder = copy_case(tmp_path)
    original_line, row = find_line(folder / "data" / "teams.csv", "HH;2019;ziekteverzuim;")
    _, (new_line,) = append_rows(folder, row)
    with pytest.raises(InputError) as err:
        load_case(folder)
    messages = [m for m in rendered(err.value) if "dubbele regel" in m]
    assert len(messages) == 1, rendered(err.value)
    assert f"regel {new_line}" in messages[0] and f"regel {original_line}" in messages[0]
    assert "HH" in messages[0] and "2019" in messages[0] and "ziekteverzuim" in messages[0]


def test_a_conflicting_row_is_an_error_naming_both_rows(tmp_path: Path) -> None:
    folder = copy_case(tmp_path)
    original_line, row = find_line(folder / "data" / "teams.csv", "HH;2019;ziekteverzuim;")
    conflicting = row.replace(";8,9;", ";5,1;")
    assert conflicting != row
    _, (new_line,) = append_rows(folder, conflicting)
    with pytest.raises(InputError) as err:
        load_case(folder)
    messages = [m for m in rendered(err.value) if "tegenstrijdige waarde" in m]
    assert len(messages) == 1, rendered(err.value)
    assert f"regel {new_line}" in messages[0] and f"regel {original_line}" in messages[0]


def test_a_conflicting_partner_row_names_the_partner(tmp_path: Path) -> None:
    folder = copy_case(tmp_path)
    original_line, row = find_line(folder / "data" / "teams.csv", "HH;2019;bijdrage;heemstede;")
    _, (new_line,) = append_rows(folder, row.replace(";515712;", ";515000;"))
    with pytest.raises(InputError) as err:
        load_case(folder)
    (message,) = [m for m in rendered(err.value) if "tegenstrijdige waarde" in m]
    assert "heemstede" in message and f"regel {original_line}" in message and f"regel {new_line}" in message


@pytest.mark.parametrize("escape", ["../../etc/passwd", "/etc/passwd", "data/../../teams.csv"])
def test_a_data_path_outside_the_case_folder_is_refused(tmp_path: Path, escape: str) -> None:
    folder = copy_case(tmp_path)
    (tmp_path / "teams.csv").write_text("onderwerp;jaar;veld;waarde;bron;kwaliteit\n", encoding="utf-8")
    manifest = folder / "case.toml"
    lines = manifest.read_text(encoding="utf-8").splitlines(keepends=True)
    k = next(i for i, line in enumerate(lines) if line.startswith("data = [") and line.rstrip().endswith("]"))
    lines[k] = lines[k].rstrip()[:-1] + f', "{escape}"]\n'  # one more data file, outside the folder
    manifest.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_case(folder)
    messages = rendered(err.value)
    assert any("buiten de casusmap" in m and escape in m and "case.toml" in m for m in messages), messages
    assert not any("passwd" in m and "buiten" not in m for m in messages)


def test_the_fingerprint_is_stable_and_follows_every_byte(tmp_path: Path, original) -> None:
    assert len(original.sha256) == 64
    assert load_case(CASE).sha256 == original.sha256  # the same files: the same fingerprint
    folder = copy_case(tmp_path)
    assert load_case(folder).sha256 == original.sha256  # another place: the same fingerprint
    teams = folder / "data" / "teams.csv"
    data = bytearray(teams.read_bytes())
    position = data.index(b"HH;2019;ziekteverzuim;;8,9;") + len(b"HH;2019;ziekteverzuim;;8,")
    data[position : position + 1] = b"8"  # 8,9 -> 8,8: one byte
    teams.write_bytes(bytes(data))
    changed = load_case(folder)
    assert changed.sha256 != original.sha256
    assert len(changed.sha256) == 64


def test_the_fingerprint_follows_a_comment_and_the_manifest(tmp_path: Path, original) -> None:
    folder = copy_case(tmp_path)
    teams = folder / "data" / "teams.csv"
    teams.write_bytes(teams.read_bytes() + b"# een opmerking\n")
    after_comment = load_case(folder).sha256
    assert after_comment != original.sha256  # a byte of the file changed, even if no value did
    manifest = folder / "case.toml"
    manifest.write_bytes(manifest.read_bytes() + b"\n# nog een opmerking\n")
    assert load_case(folder).sha256 not in (original.sha256, after_comment)

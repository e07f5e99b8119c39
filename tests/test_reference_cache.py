"""The stored form of the bundled CBS table (criteria/load/reference_cache.py): exactly what regenerating it gives,
the same reference table as reading the CSV, and never used for other bytes than the ones it was made from."""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from dataclasses import fields, is_dataclass
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from criteria.errors import ProblemList
from criteria.load import reference, reference_cache
from criteria.model.case import ReferenceSpec

IV3 = Path(reference.__file__).resolve().parent.parent / "data" / "iv3"
CSV = IV3 / "gemeenten-iv3-2017-2024.csv"
STORED = reference_cache.cache_path(CSV)
CSV_SHA256 = hashlib.sha256(CSV.read_bytes()).hexdigest()
REGENERATE = "python -m criteria.load.reference"


def assert_same(a, b, where: str = "") -> None:
    """Equal values of equal types, arrays element by element (dtype, shape, NaN where NaN, the type of each
    object), dicts in the same order."""
    assert type(a) is type(b), (where, type(a), type(b))
    if isinstance(a, np.ndarray):
        assert (a.dtype, a.shape) == (b.dtype, b.shape), where
        assert np.array_equal(a, b, equal_nan=a.dtype.kind == "f"), where
        if a.dtype == object:
            assert [type(x) for x in a.ravel()] == [type(x) for x in b.ravel()], where
    elif isinstance(a, dict):
        assert list(a) == list(b), where
        for key in a:
            assert_same(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, tuple | list):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b)):
            assert_same(x, y, f"{where}[{i}]")
    elif is_dataclass(a):
        for f in fields(a):
            assert_same(getattr(a, f.name), getattr(b, f.name), f"{where}.{f.name}")
    else:
        assert a == b, (where, a, b)


def load(spec: ReferenceSpec, problems: ProblemList | None = None):
    return reference.load_reference(spec, None, "case.toml", problems if problems is not None else ProblemList())


def from_csv(spec: ReferenceSpec, monkeypatch: pytest.MonkeyPatch, problems: ProblemList | None = None):
    """The table read from the CSV, as without the stored form."""
    with monkeypatch.context() as patch:
        patch.setattr(reference_cache, "read_cached", lambda *args: None)
        return load(spec, problems)


def test_the_shipped_file_holds_exactly_what_regenerating_it_gives(tmp_path: Path) -> None:
    preset, csv_path, loaded = reference.bundled_documents()
    assert csv_path.resolve() == CSV and sorted(loaded) == ["begroting", "jaarrekening"]
    fresh = tmp_path / "fresh.npz"
    reference_cache.write_cache(fresh, reference_cache.cache_key(CSV_SHA256, preset), loaded)
    with zipfile.ZipFile(STORED) as shipped, zipfile.ZipFile(fresh) as made:
        assert shipped.namelist() == made.namelist(), f"regenerate it: {REGENERATE}"
        for name in made.namelist():  # the bytes of every array, whatever the compressor
            assert shipped.read(name) == made.read(name), f"{name} differs; regenerate it: {REGENERATE}"
    again = tmp_path / "again.npz"
    reference_cache.write_cache(again, reference_cache.cache_key("0" * 64, preset), loaded)
    reference_cache.write_cache(fresh, reference_cache.cache_key("0" * 64, preset), loaded)
    assert again.read_bytes() == fresh.read_bytes()  # no time stamps: the same content gives the same file


@pytest.mark.parametrize(
    "spec",
    [
        ReferenceSpec(source="cbs-iv3", document="jaarrekening"),
        ReferenceSpec(source="cbs-iv3", document="Begroting", title="Eigen titel", tags={"kust": ["GM0397", "GM9999"]}),
    ],
)
def test_the_stored_form_loads_to_what_reading_the_csv_gives(spec, monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as patch:  # the stored form is used: the CSV is not parsed
        patch.setattr(reference, "parse_table", None)
        problems = ProblemList()
        stored = load(spec, problems)
    plain_problems = ProblemList()
    plain = from_csv(spec, monkeypatch, plain_problems)
    assert stored is not None and stored.table.codes and stored.sha256 == CSV_SHA256
    assert_same(stored, plain)
    assert problems.problems == plain_problems.problems


def _copy_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, csv_bytes: bytes, stored: bytes) -> None:
    """The bundled source from a copy of its folder with other CSV bytes and/or another stored file."""
    folder = tmp_path / "iv3"
    shutil.copytree(IV3, folder)
    (folder / CSV.name).write_bytes(csv_bytes)
    reference_cache.cache_path(folder / CSV.name).write_bytes(stored)
    preset, _ = reference._bundled_preset("cbs-iv3")
    monkeypatch.setattr(reference, "_bundled_preset", lambda source: (preset, folder / CSV.name))


def test_a_changed_csv_is_read_itself(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = ReferenceSpec(source="cbs-iv3", document="jaarrekening")
    before = load(spec)
    text = CSV.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("GM0397,") and ",2019,jaarrekening," in line)
    cells = line.split(",")
    cells[5] = str(int(cells[5]) + 1)  # inwoners of Heemstede in 2019, one more
    _copy_source(tmp_path, monkeypatch, text.replace(line, ",".join(cells)).encode("utf-8"), STORED.read_bytes())
    after = load(spec)
    at = (after.table.codes.index("GM0397"), after.table.years.index(2019))
    assert after.table.columns["inwoners"][at] == before.table.columns["inwoners"][at] + 1
    assert after.sha256 != before.sha256
    assert_same(after, from_csv(spec, monkeypatch))


@pytest.mark.parametrize("damage", ["truncated", "pickled", "empty"])
def test_a_stored_file_that_cannot_be_trusted_is_passed_over(
    damage: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = ReferenceSpec(source="cbs-iv3", document="jaarrekening")
    good = STORED.read_bytes()
    if damage == "pickled":  # a member that only unpickling could read: never unpickled
        np.savez(tmp_path / "pickled.npz", key=np.array([object()], dtype=object))
        stored = (tmp_path / "pickled.npz").read_bytes()
    else:
        stored = good[: len(good) // 2] if damage == "truncated" else b""
    _copy_source(tmp_path, monkeypatch, CSV.read_bytes(), stored)
    assert_same(load(spec), from_csv(spec, monkeypatch))


@pytest.mark.parametrize("document", ["voorjaarsnota", None])
def test_a_document_the_file_does_not_have_is_reported_as_before(document, monkeypatch: pytest.MonkeyPatch) -> None:
    problems, plain = ProblemList(), ProblemList()
    assert load(ReferenceSpec(source="cbs-iv3", document=document), problems) is None
    assert from_csv(ReferenceSpec(source="cbs-iv3", document=document), monkeypatch, plain) is None
    assert problems.has_errors and problems.problems == plain.problems


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.sampled_from(["jaar", "code", "gemeente", "stuk"]), unique=True, min_size=1),
    st.integers(0, 6),
    st.data(),
)
def test_row_fill_by_column_is_its_rows(keys: list[str], rows: int, data) -> None:
    """The stored form's placeholder values (RowFill.by_column, a row's dict made when asked) are the rows
    themselves: the same length, the same dict at every index and slice, in key order, equal either way."""
    columns = [data.draw(st.lists(st.text(max_size=3), min_size=rows, max_size=rows)) for _ in keys]
    dicts = [dict(zip(keys, texts)) for texts in zip(*columns)] if rows else []
    lazy, kept = reference_cache.RowFill.by_column(keys, columns), reference_cache.RowFill(dicts)
    assert len(lazy) == len(kept) == rows
    assert [list(lazy[i].items()) for i in range(rows)] == [list(d.items()) for d in dicts]
    assert lazy[1:3] == tuple(dicts[1:3]) and lazy == kept == tuple(dicts) and kept == lazy
    assert lazy != reference_cache.RowFill([*dicts, {"x": "y"}])

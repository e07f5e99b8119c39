"""The bundled CBS table (criteria/data/iv3/) as it loads, stored next to it, so that a run need not parse it.

Parsing the 1 MB CSV and building its reference table cost ~0.3 s of every run of a case that uses it. Its
loaded form per document (criteria.load.reference.LoadedReference without title and tags) is stored in
`gemeenten-iv3-2017-2024.npz`: numpy arrays only, read with allow_pickle=False. That file records the sha256 of
the CSV bytes and of the column description (columns.toml) it was made from, and is used only when both match
what this run read; otherwise, or when it cannot be read, the CSV is read as always.

tests/test_reference_cache.py checks that the shipped file holds exactly what regenerating it gives and that it
loads to what reading the CSV gives. After a change to the CSV, to columns.toml or to how a reference table is
loaded, regenerate it:  python -m criteria.load.reference
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np

from criteria.engine.reference import ReferenceTable

FORMAT = 1  # the layout of the stored arrays; part of the key


class RowFill(Sequence[dict[str, str]]):
    """LoadedReference.row_fill: per source row of a reference table, its placeholder values for the bron
    template. Kept as rows (a table read from its file) or as one list of texts per placeholder (the stored form:
    a row's dict is made when asked, by LoadedReference.bron for a member that is shown, instead of ~3,000 at
    every load). Equal when the rows are equal, however kept."""

    __slots__ = ("_columns", "_keys", "_rows")

    def __init__(self, rows: Iterable[dict[str, str]] = (), keys: Sequence[str] = (), columns=()) -> None:
        self._rows, self._keys, self._columns = tuple(rows), tuple(keys), tuple(columns)

    @classmethod
    def by_column(cls, keys: Sequence[str], columns: Sequence[Sequence[str]]) -> RowFill:
        return cls(keys=keys, columns=columns)

    def __len__(self) -> int:
        return len(self._columns[0]) if self._columns else len(self._rows)

    def __getitem__(self, index):
        if not self._columns:
            return self._rows[index]
        if isinstance(index, slice):
            return tuple(self[i] for i in range(len(self))[index])
        return dict(zip(self._keys, (column[index] for column in self._columns)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RowFill | tuple | list):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"RowFill({list(self)!r})"


_DATE = (1980, 1, 1, 0, 0, 0)  # a fixed time in the zip entries: the same content gives the same bytes


def cache_path(csv_path: Path) -> Path:
    return csv_path.with_suffix(".npz")


def cache_key(csv_sha256: str, preset: Mapping) -> str:
    """What the stored form was made from: the CSV bytes (their sha256), the column description and this layout."""
    described = json.dumps(preset, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(f"{FORMAT}\0{csv_sha256}\0{described}".encode()).hexdigest()


def read_cached(path: Path, key: str, document: str) -> dict | None:
    """The fields of the stored LoadedReference of `document` (lower case) but its title, or None: no such file,
    another key, no such document or a file that cannot be read (then the CSV is read)."""
    try:
        with np.load(path, allow_pickle=False) as stored:
            if _text(stored["key"]) != key or f"{document}.meta" not in stored.files:
                return None
            return _unpack({name: stored[f"{document}.{name}"] for name in _MEMBERS})
    except Exception:  # noqa: BLE001 -- a damaged or foreign file: read the CSV instead
        return None


def write_cache(path: Path, key: str, loaded: Mapping) -> None:
    """Store `loaded` (document -> LoadedReference) under `key`; the same input gives the same bytes."""
    arrays = {"key": _array_of_text(key)}
    for document, reference in sorted(loaded.items()):
        arrays |= {f"{document}.{name}": value for name, value in _pack(reference).items()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, value in arrays.items():
            info = zipfile.ZipInfo(f"{name}.npy", date_time=_DATE)
            info.compress_type = zipfile.ZIP_STORED  # read at every run: no time spent inflating it
            with archive.open(info, "w", force_zip64=True) as member:
                np.lib.format.write_array(member, np.ascontiguousarray(value), allow_pickle=False)
    path.write_bytes(buffer.getvalue())


_MEMBERS = ("meta", "present", "row", "columns", "weak", "province", "quality", "fill")


def _pack(loaded) -> dict[str, np.ndarray]:
    table: ReferenceTable = loaded.table
    if table.tags:
        raise ValueError("tags are set per case (with_tags), after loading")
    empty = np.zeros((0, *table.present.shape))
    keys = list(loaded.row_fill[0]) if loaded.row_fill else []
    if any(list(fill) != keys for fill in loaded.row_fill):
        raise ValueError("every row's placeholders are stored as one column per placeholder")
    fill_texts, fill = _encode(np.array([[fill[k] for fill in loaded.row_fill] for k in keys], dtype=object))
    province_texts, province = _encode(table.province)
    quality_texts, quality = _encode(np.stack(list(loaded.quality.values())) if loaded.quality else empty)
    meta = {
        "codes": table.codes,
        "years": table.years,
        "names": table.names,
        "column_names": list(table.columns),
        "weak_names": list(table.weak),
        "quality_names": list(loaded.quality),
        "province_texts": province_texts,
        "quality_texts": quality_texts,
        "fill_keys": keys,
        "fill_texts": fill_texts,
        "file": loaded.file,
        "bron_template": loaded.bron_template,
        "row_bron": loaded.row_bron,
        "row_line": loaded.row_line,
        "titles": loaded.titles,
        "units": loaded.units,
    }
    return {
        "meta": _array_of_text(json.dumps(meta, ensure_ascii=False, separators=(",", ":"))),
        "present": table.present,
        "row": table.row,
        "columns": _narrow(np.stack(list(table.columns.values())) if table.columns else empty),
        "weak": np.stack(list(table.weak.values())) if table.weak else empty.astype(bool),
        "province": province,
        "quality": quality,
        "fill": fill,
    }


def _unpack(arrays: Mapping[str, np.ndarray]) -> dict:
    meta = json.loads(_text(arrays["meta"]))
    province_texts = np.array(meta["province_texts"], dtype=object)
    quality_texts = np.array(meta["quality_texts"], dtype=object)
    fill_texts = np.array(meta["fill_texts"], dtype=object)[arrays["fill"]].tolist()
    table = ReferenceTable(
        codes=tuple(meta["codes"]),
        years=tuple(meta["years"]),
        names=tuple(meta["names"]),
        present=arrays["present"],
        province=province_texts[arrays["province"]],
        columns=dict(zip(meta["column_names"], arrays["columns"].astype(np.float64))),
        row=arrays["row"],
        weak=dict(zip(meta["weak_names"], arrays["weak"])),
    )
    return {
        "table": table,
        "file": meta["file"],
        "bron_template": meta["bron_template"],
        "row_bron": None if meta["row_bron"] is None else tuple(meta["row_bron"]),
        "row_fill": RowFill.by_column(meta["fill_keys"], fill_texts),
        "row_line": tuple(meta["row_line"]),
        "quality": {name: quality_texts[codes] for name, codes in zip(meta["quality_names"], arrays["quality"])},
        "titles": meta["titles"],
        "units": meta["units"],
    }


def _encode(texts: np.ndarray) -> tuple[list[str], np.ndarray]:
    """(distinct texts, the index of each cell's text): an object array of str as numbers."""
    distinct = sorted(set(texts.ravel().tolist()))
    index = {text: i for i, text in enumerate(distinct)}
    codes = np.fromiter(map(index.__getitem__, texts.ravel().tolist()), dtype=np.int32, count=texts.size)
    return distinct, codes.astype(np.min_scalar_type(max(len(distinct) - 1, 0))).reshape(texts.shape)


def _narrow(values: np.ndarray) -> np.ndarray:
    """float32 when that holds every value to the bit (whole numbers up to 2**24, as CBS writes thousands of euros;
    NaN where absent), else the float64 values themselves."""
    narrow = values.astype(np.float32)
    return narrow if narrow.astype(np.float64).tobytes() == values.tobytes() else values


def _array_of_text(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-8"), dtype=np.uint8)


def _text(array: np.ndarray) -> str:
    return array.tobytes().decode("utf-8")

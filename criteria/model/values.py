"""A case's data values as columns (pure): codes for field, subject and partner, the year, the number or label,
and the provenance (unit, bron, quality, file, row) as indices into tables of distinct texts.

One entry per value. Nothing here is a Python object per value: a value becomes a record (DataValue) only when
someone asks for it (`values[i]`), e.g. to show where a number comes from.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

import numpy as np

if TYPE_CHECKING:
    from criteria.model.case import DataValue

QUALITIES: tuple[Literal["A", "B", "C"], ...] = ("A", "B", "C")
NONE = -1  # code of "no subject" (the samenwerking), "no partner", "no label" (a number)


@dataclass(frozen=True)
class Source:
    """A file the values come from: its name as shown, and the sheet (None for CSV)."""

    path: str
    sheet: str | None = None

    def place(self, row: int) -> str:
        return f"regel {row}" if self.sheet is None else f"blad '{self.sheet}', rij {row}"


class Provenance(NamedTuple):
    """Where one value comes from, as a breakdown shows it (the fields of its record that say so)."""

    subject: str | None
    bron: str
    quality: str
    file: str
    place: str
    details: tuple[str, ...]


@dataclass(frozen=True)
class Computed:
    """Where a computed value (not read from a file row) is located, and what lies behind it."""

    line: int | None
    place: str
    details: tuple[str, ...] = ()


def _codes(n: int, fill: int = NONE, dtype=np.int32) -> np.ndarray:
    return np.full(n, fill, dtype=dtype)


@dataclass(frozen=True, eq=False)
class CaseValues(Sequence):
    """The values of a case as columns; `values[i]` is value i as a record (DataValue)."""

    field: np.ndarray  # int32 code into `fields`
    subject: np.ndarray  # int32 code into `subjects`; NONE: the samenwerking
    partner: np.ndarray  # int32 code into `partners`; NONE: no partner
    year: np.ndarray  # int32
    number: np.ndarray  # float64; NaN where the value is a label
    label: np.ndarray  # int32 code into `labels`; NONE where the value is a number
    unit: np.ndarray  # int32 code into `texts`; NONE: no unit
    bron: np.ndarray  # int32 code into `texts`
    quality: np.ndarray  # int8 index into QUALITIES
    source: np.ndarray  # int32 code into `sources`
    row: np.ndarray  # int32 row number in its source (CSV line, sheet row); 0 for a computed value
    fields: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    texts: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    computed: dict[int, Computed] = dataclasses.field(default_factory=dict)  # index -> place of a computed value

    _ARRAYS = ("field", "subject", "partner", "year", "number", "label", "unit", "bron", "quality", "source", "row")
    _TABLES = ("fields", "subjects", "partners", "labels", "texts", "sources", "computed")

    def __eq__(self, other: object) -> bool:
        """The same columns and tables (not only the same records: a deterministic build gives the same codes)."""
        if not isinstance(other, CaseValues):
            return NotImplemented
        return all(
            np.array_equal(getattr(self, a), getattr(other, a), equal_nan=a == "number") for a in self._ARRAYS
        ) and all(getattr(self, t) == getattr(other, t) for t in self._TABLES)

    __hash__ = None  # type: ignore[assignment]

    # --- reading ---------------------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.field)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self.record(i) for i in range(*index.indices(len(self)))]
        return self.record(int(index))

    def __iter__(self) -> Iterator[DataValue]:
        return (self.record(i) for i in range(len(self)))

    def value(self, i: int) -> float | str:
        code = int(self.label[i])
        return self.labels[code] if code >= 0 else float(self.number[i])

    def text(self, codes: np.ndarray, table: tuple[str, ...], i: int) -> str | None:
        code = int(codes[i])
        return table[code] if code >= 0 else None

    def where(self, i: int) -> tuple[str, int | None, str]:
        """(file, line, place) of value i: a CSV value has its line, an XLSX value its sheet and row."""
        source = self.sources[int(self.source[i])]
        extra = self.computed.get(i)
        if extra is not None:
            return source.path, extra.line, extra.place
        row = int(self.row[i])
        return source.path, (row if source.sheet is None else None), source.place(row)

    def provenance(self, i: int) -> Provenance:
        """Value i's subject, bron, quality, file, place and details, as its record has them (no record made)."""
        file, _, place = self.where(i)
        extra = self.computed.get(i)
        return Provenance(
            self.text(self.subject, self.subjects, i),
            self.texts[self.bron[i]],
            QUALITIES[self.quality[i]],
            file,
            place,
            extra.details if extra is not None else (),
        )

    def record(self, i: int) -> DataValue:
        from criteria.model.case import DataValue

        file, line, place = self.where(i)
        extra = self.computed.get(i)
        return DataValue.model_construct(
            subject=self.text(self.subject, self.subjects, i),
            year=int(self.year[i]),
            field=self.fields[self.field[i]],
            partner=self.text(self.partner, self.partners, i),
            value=self.value(i),
            unit=self.text(self.unit, self.texts, i) or "",
            bron=self.texts[self.bron[i]],
            quality=QUALITIES[self.quality[i]],
            file=file,
            line=line,
            place=place,
            details=extra.details if extra is not None else (),
        )

    def illustrative(self) -> np.ndarray:
        """Per value: its bron says 'illustratief' (checked once per distinct bron text)."""
        marked = np.array(["illustratief" in t.lower() for t in self.texts] or [False], dtype=bool)
        return marked[self.bron]

    def is_number(self) -> np.ndarray:
        return self.label < 0

    # --- building --------------------------------------------------------------------------------------------

    @classmethod
    def empty(cls) -> CaseValues:
        z = np.zeros(0, dtype=np.int32)
        return cls(z, z, z, z, np.zeros(0), z, z, z, np.zeros(0, dtype=np.int8), z, z)

    @classmethod
    def from_records(cls, records: Sequence[DataValue]) -> CaseValues:
        """Columns from records (small lists: self-tests, computed values, tests)."""
        tables: dict[str, dict] = {k: {} for k in ("fields", "subjects", "partners", "labels", "texts", "sources")}

        def code(table: str, key) -> int:
            if key is None:
                return NONE
            return tables[table].setdefault(key, len(tables[table]))

        n = len(records)
        cols: dict[str, Any] = {
            k: _codes(n) for k in ("field", "subject", "partner", "year", "label", "unit", "bron", "source", "row")
        }
        number, quality = np.full(n, np.nan), np.zeros(n, dtype=np.int8)
        computed: dict[int, Computed] = {}
        for i, v in enumerate(records):
            cols["field"][i], cols["subject"][i] = code("fields", v.field), code("subjects", v.subject)
            cols["partner"][i], cols["year"][i] = code("partners", v.partner), v.year
            if isinstance(v.value, str):
                cols["label"][i] = code("labels", v.value)
            else:
                number[i] = v.value
            cols["unit"][i] = code("texts", v.unit or None)
            cols["bron"][i], quality[i] = code("texts", v.bron), QUALITIES.index(v.quality)
            sheet, row = _sheet_row(v.place)
            if v.line is not None and v.place == f"regel {v.line}" and not v.details:
                cols["source"][i], cols["row"][i] = code("sources", Source(v.file)), v.line
            elif row is not None and v.line is None and not v.details:
                cols["source"][i], cols["row"][i] = code("sources", Source(v.file, sheet)), row
            else:
                cols["source"][i], cols["row"][i] = code("sources", Source(v.file)), 0
                computed[i] = Computed(v.line, v.place, tuple(v.details))
        distinct: dict[str, Any] = {k: tuple(t) for k, t in tables.items()}
        return cls(number=number, quality=quality, computed=computed, **cols, **distinct)

    def concat(self, other: CaseValues) -> CaseValues:
        """These values followed by `other`'s, with one set of tables."""
        return self.joined([self, other])

    @staticmethod
    def joined(parts: Sequence[CaseValues]) -> CaseValues:
        """The values of `parts` one after the other, with one set of tables (in order of first appearance), in one
        step: what concatenating them pair by pair gives (an empty part adds nothing, not even its tables)."""
        filled = [part for part in parts if len(part)]
        if len(filled) < 2:
            return filled[0] if filled else parts[0]
        first = filled[0]
        tables: dict[str, Any] = {}
        columns: dict[str, Any] = {}
        for table, code_columns in (
            ("fields", ("field",)),
            ("subjects", ("subject",)),
            ("partners", ("partner",)),
            ("labels", ("label",)),
            ("texts", ("unit", "bron")),
            ("sources", ("source",)),
        ):
            index = {key: i for i, key in enumerate(getattr(first, table))}
            merged = list(getattr(first, table))
            pieces: dict[str, list[np.ndarray]] = {name: [getattr(first, name)] for name in code_columns}
            for part in filled[1:]:
                for key in getattr(part, table):
                    if key not in index:
                        index[key] = len(merged)
                        merged.append(key)
                remap = np.array([index[key] for key in getattr(part, table)] + [NONE], dtype=np.int32)
                for name in code_columns:
                    theirs = getattr(part, name)
                    pieces[name].append(np.where(theirs >= 0, remap[theirs], NONE))
            tables[table] = tuple(merged)
            for name in code_columns:
                columns[name] = np.concatenate(pieces[name]).astype(np.int32)
        computed: dict[int, Computed] = {}
        offset = 0
        for part in filled:
            computed.update({offset + i: c for i, c in part.computed.items()})
            offset += len(part)
        return CaseValues(
            year=np.concatenate([part.year for part in filled]),
            number=np.concatenate([part.number for part in filled]),
            quality=np.concatenate([part.quality for part in filled]),
            row=np.concatenate([part.row for part in filled]),
            computed=computed,
            **columns,
            **tables,
        )


def _sheet_row(place: str) -> tuple[str | None, int | None]:
    """("data", 12) for "blad 'data', rij 12"; (None, None) otherwise."""
    if place.startswith("blad '") and "', rij " in place:
        sheet, _, row = place[6:].rpartition("', rij ")
        if row.isdigit():
            return sheet, int(row)
    return None, None

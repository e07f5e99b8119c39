"""A table's cells as columns: per column the distinct texts and, per row, a code into them (pure).

Every reader (CSV by polars or by the precise Python path, XLSX) produces these; the data loader checks and
converts them column-wise (per distinct text, not per row), the small tables (inventories, task mappings,
self-tests, norm tables) read them as rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

EMPTY = -1  # the code of an empty or missing cell


@dataclass(frozen=True, eq=False)
class Column:
    """One column: `codes[i]` indexes `texts` (stripped, never empty) for row i, EMPTY for an empty cell."""

    codes: np.ndarray
    texts: list[str]
    numbers: dict[int, float] = field(default_factory=dict)  # XLSX number cells: row index -> the number

    def text(self, row: int) -> str:
        code = int(self.codes[row])
        return self.texts[code] if code >= 0 else ""

    def filled(self) -> np.ndarray:
        return self.codes >= 0


class ColumnBuilder:
    """Collects a column cell by cell (the precise Python path and XLSX): codes in order of first appearance."""

    def __init__(self) -> None:
        self.codes: list[int] = []
        self.index: dict[str, int] = {}
        self.numbers: dict[int, float] = {}

    def add(self, text: str | None, number: float | None = None) -> None:
        if not text:
            self.codes.append(EMPTY)
            return
        code = self.index.get(text)
        if code is None:
            code = self.index[text] = len(self.index)
        if number is not None:
            self.numbers[len(self.codes)] = number
        self.codes.append(code)

    def column(self) -> Column:
        return Column(np.array(self.codes, dtype=np.int32), list(self.index), self.numbers)


def encode(texts: Iterable[str | None]) -> Column:
    """A column from the texts of its rows (None or "" for an empty cell)."""
    builder = ColumnBuilder()
    for text in texts:
        builder.add(text)
    return builder.column()


def first_appearance(codes: np.ndarray, texts: list[str]) -> Column:
    """The same column with its texts renumbered in order of first appearance (as ColumnBuilder numbers them)."""
    filled = codes >= 0
    if not filled.any():
        return Column(np.full(len(codes), EMPTY, dtype=np.int32), [])
    used, first = np.unique(codes[filled], return_index=True)
    order = used[np.argsort(first, kind="stable")]
    remap = np.full(max(len(texts), 1), EMPTY, dtype=np.int32)
    remap[order] = np.arange(len(order), dtype=np.int32)
    out = np.where(filled, remap[np.where(filled, codes, 0)], EMPTY).astype(np.int32)
    return Column(out, [texts[i] for i in order.tolist()])

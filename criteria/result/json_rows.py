"""JSON text written column-wise: each row of a (rows × years) array as the text json.dumps gives its list.

The result JSON (criteria.result.format2) holds millions of numbers; turning every subject into Python dicts and
lists first and encoding those costs most of its time. These functions write a whole block of rows at once,
byte for byte as `json.dumps(..., ensure_ascii=False, allow_nan=False)` writes the same lists: a float as its
shortest repr (Python's float repr, as the json module writes it), -0.0 as 0.0, NaN as null, an infinite number
refused with the json module's ValueError.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence

import numpy as np

from criteria.files.memory import columnar_room

text_of: Callable[[str], str] = json.encoder.encode_basestring  # json's own (the C one), as json.dumps writes a str


SMALL = 2_000  # numbers below which the rows are written by Python's own repr, above by polars
_EXPONENT_BELOW, _EXPONENT_FROM = 1e-4, 1e16  # repr writes these with an exponent (1e-05, 1e+16), polars not


def _split(text: str, rows: int) -> list[str]:
    """The rows of the repr of a list of lists of numbers, each as its own list text."""
    if rows == 0:
        return []
    return ["[" + inner + "]" for inner in text[2:-2].split("], [")]


def _finite_or_nan(values: np.ndarray) -> np.ndarray:
    """The floats with -0.0 as 0.0 (as the result writes it); an infinite number refused as json.dumps does."""
    numbers = np.asarray(values, dtype=float)
    if np.isinf(numbers).any():
        raise ValueError("Out of range float values are not JSON compliant")
    return np.where(numbers == 0, 0.0, numbers)


def _texts(numbers: np.ndarray):
    """Each float of a flat array as its JSON text, as a polars Series of strings. Polars writes the same
    shortest digits that read back to the same float as repr does (both are exact shortest conversions), in
    plain notation; the few numbers repr writes with an exponent, and NaN, are put in by Python."""
    import polars as pl

    texts = pl.Series(numbers).cast(pl.String)
    size = np.abs(numbers)
    with np.errstate(invalid="ignore"):
        odd = np.flatnonzero(((size < _EXPONENT_BELOW) & (size != 0)) | (size >= _EXPONENT_FROM))
    if odd.size:
        texts = texts.scatter(odd, [float.__repr__(x) for x in numbers[odd].tolist()])
    missing = np.flatnonzero(np.isnan(numbers))
    if missing.size:
        texts = texts.scatter(missing, ["null"] * missing.size)
    return texts


def exact_rows(values: np.ndarray) -> list[str]:
    """Floats as the engine holds them (the shortest repr that reads back to the same float), NaN as null."""
    numbers = _finite_or_nan(values)
    rows, years = numbers.shape
    if rows == 0 or years == 0:
        return ["[]"] * rows
    if numbers.size < SMALL or not columnar_room():  # polars' threads need room under ulimit -v (files/memory.py)
        text = repr(numbers.tolist())  # a list's repr: each float's repr, ", " between
        return _split(text.replace("nan", "null") if "nan" in text else text, rows)
    import polars as pl

    joined = _texts(numbers.reshape(-1)).reshape((rows, years)).arr.join(", ")
    return pl.select(pl.concat_str([pl.lit("["), pl.lit(joined), pl.lit("]")])).to_series().to_list()


def exact_cells(values: np.ndarray) -> list[str]:
    """Each float of an array as its JSON text (as exact_rows writes it), in the array's order."""
    numbers = _finite_or_nan(values).reshape(-1)
    if numbers.size < SMALL or not columnar_room():
        return ["null" if math.isnan(x) else float.__repr__(x) for x in numbers.tolist()]
    return _texts(numbers).to_list()


def bool_rows(values: np.ndarray) -> list[str]:
    text = repr(np.asarray(values, dtype=bool).tolist())
    return _split(text.replace("True", "true").replace("False", "false"), len(values))


def int_rows(values: np.ndarray) -> list[str]:
    """Whole numbers; a negative index (none) as null."""
    numbers = np.asarray(values, dtype=np.int64)
    return _split(repr(numbers.tolist()), numbers.shape[0]) if not (numbers < 0).any() else _null_below_zero(numbers)


def _null_below_zero(numbers: np.ndarray) -> list[str]:
    cells = numbers.astype(object)
    cells[numbers < 0] = None
    return _split(repr(cells.tolist()).replace("None", "null"), numbers.shape[0])


def count_rows(values: np.ndarray) -> list[str]:
    """Counts as whole numbers (negative ones included, as written)."""
    return _split(repr(np.asarray(values).astype(int).tolist()), len(values))


def text_rows(cells: np.ndarray) -> list[str]:
    """An array of cells that are JSON texts already, a list per row."""
    return ["[" + ", ".join(row) + "]" for row in cells.tolist()]


def value_cells(values: np.ndarray, known: dict | None = None) -> np.ndarray:
    """Each value (a text, None, a number) of an object array as its JSON text, each distinct value once."""
    known = {} if known is None else known
    out = np.empty(values.shape, dtype=object)
    flat, target = values.ravel().tolist(), out.reshape(-1)
    for k, value in enumerate(flat):
        text = known.get(value) if isinstance(value, str) or value is None else None
        if text is None:
            text = json.dumps(value, ensure_ascii=False, allow_nan=False)
            if isinstance(value, str) or value is None:
                known[value] = text
        target[k] = text
    return out


def label_rows(values: np.ndarray) -> list[str]:
    return text_rows(value_cells(values))


def lookup_rows(texts: Sequence[str]) -> Callable[[np.ndarray], list[str]]:
    """Codes (indices) to fixed texts, e.g. a verdict code to its JSON string."""
    table = np.array([text_of(t) for t in texts], dtype=object)
    return lambda codes: text_rows(table[np.asarray(codes)])

"""Every limit on input, in one place: checked before work starts, so that hostile or broken input gives a
clear Dutch error instead of a hang or a MemoryError. docs/grenzen-en-fouten.md lists them for users.

The loaders import these names (tests may monkeypatch the imported name in the loader's module).
"""

from __future__ import annotations

MB = 1024 * 1024

# --- files -------------------------------------------------------------------------------------------
MAX_TOML_BYTES = 2 * MB          # a ruleset or case.toml
MAX_TOML_NESTING = 100           # nesting of tables/arrays the location scanner follows
MAX_TABLE_BYTES = 20 * MB        # a CSV or XLSX data table (XLSX: the zip file itself)
MAX_ROWS = 200_000               # data rows of one table
MAX_LINE_CHARS = 100_000         # characters on one CSV line
MAX_CELLS = 50                   # columns of a table
MAX_XLSX_UNPACKED = 100 * MB     # total unpacked size of an XLSX (zip-bomb guard)
MAX_XLSX_RATIO = 100             # compression ratio of one part above 1 MB (zip-bomb guard)
MAX_XLSX_CELLS = 300_000         # cells in the XML of the sheet read (also empty, styled ones): bounds the work
MAX_XLSX_ROWS = 300_000          # row elements in that XML, also empty ones (Excel allows 1,048,576)

# --- rulesets ----------------------------------------------------------------------------------------
MAX_FORMULA_LENGTH = 2000        # characters of one formula
MAX_FORMULA_DEPTH = 50           # nesting (brackets, operators) of one formula
MAX_FORMULA_NODES = 500          # parts (names, numbers, operators) of one formula
MAX_TREE_DEPTH = 20              # levels of the criteria tree below the root
MAX_EXTENDS_CHAIN = 20           # rulesets in one `extends` chain
MAX_FIELDS = 2_000               # fields + derived fields of one ruleset
MAX_CRITERIA = 1_000             # criteria of one ruleset
MAX_INDICATORS = 1_000           # indicators of one ruleset

# --- cases -------------------------------------------------------------------------------------------
MAX_SUBJECTS = 10_000            # subjects of one case
MAX_PARTNERS = 100               # partner municipalities of one case

# --- numbers -----------------------------------------------------------------------------------------
MAX_ABS_VALUE = 1e15             # any number in a ruleset or a data table: |x| above this is absurd
MIN_YEAR, MAX_YEAR = 1900, 2200  # years in rulesets and data


def absurd(value: float) -> bool:
    """True for a number no municipal figure can be: beyond ±MAX_ABS_VALUE (also inf and NaN)."""
    return not -MAX_ABS_VALUE <= value <= MAX_ABS_VALUE


def absurd_text(value: float) -> str:
    try:
        shown = f"{value:g}"
    except OverflowError:  # an integer too large for a float
        shown = f"van {len(str(abs(int(value))))} cijfers"
    return (f"het getal {shown} is onaannemelijk groot; toegestaan is hoogstens "
            f"{MAX_ABS_VALUE:g} (in absolute waarde)")


def year_ok(year: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR

"""Write ruleset data (plain dicts, lists, strings, numbers, booleans) as readable TOML text (pure).

Used for the standalone text of a resolved ruleset (`resolved_toml`) and by the spreadsheet importer.
Reading the text back with tomllib gives the same data: the round trip is exact (floats use repr).
Layout follows the bundled rulesets: top-level keys first, then `[period]`, `[fields.x]`, ..., with
nested tables of an item (scoring, norm, nullijn) written inline and long texts wrapped.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from criteria.load.inherit import ResolvedSource

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
SECTIONS = ("fields", "derived", "criteria", "indicators")
WRAP = 100


def key_text(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _basic_string(key)


def _escape(text: str, keep_newlines: bool) -> str:
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n" and keep_newlines:
            out.append("\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return "".join(out)


def _basic_string(text: str) -> str:
    return '"' + _escape(text, keep_newlines=False) + '"'


def _long_string(text: str) -> str:
    """A multi-line basic string; long lines are wrapped with a line-ending backslash (not part of the text)."""
    lines = []
    for line in _escape(text, keep_newlines=True).split("\n"):
        while len(line) > WRAP:
            cut = line.rfind(" ", 0, WRAP)
            while cut > 0 and line[cut + 1 : cut + 2] in (" ", ""):  # the next line may not start blank
                cut = line.rfind(" ", 0, cut)
            if cut <= 0:
                break
            lines.append(line[: cut + 1] + "\\")
            line = line[cut + 1 :]
        lines.append(line)
    return '"""\n' + "\n".join(lines) + '"""'  # the newline after the opening quotes is not content


def value_text(value: object, indent: str = "") -> str:
    """One TOML value; arrays of tables go one element per line."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("a ruleset holds finite numbers only")
        return repr(value)
    if isinstance(value, str):
        return _long_string(value) if len(value) > WRAP or "\n" in value else _basic_string(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{key_text(k)} = {value_text(v, indent)}" for k, v in value.items()) + " }"
    if isinstance(value, (list, tuple)):
        if any(isinstance(v, dict) for v in value):
            inner = indent + "    "
            return "[\n" + "".join(f"{inner}{value_text(v, inner)},\n" for v in value) + indent + "]"
        return "[" + ", ".join(value_text(v, indent) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _path_text(path: tuple[str, ...]) -> str:
    return ".".join(key_text(p) for p in path)


def _is_table(path: tuple[str, ...], value: object) -> bool:
    """Which dicts get a [header]: top-level tables and the items of the four sections."""
    if not isinstance(value, dict) or not value:
        return False
    return len(path) == 1 or (len(path) == 2 and path[0] in SECTIONS)


def dumps(data: dict, header: str = "") -> str:
    """The TOML text of `data`; `header` (lines without '#') becomes a comment block on top."""
    out: list[str] = [f"# {line}".rstrip() for line in header.splitlines()]
    if out:
        out.append("")
    _table(out, (), data)
    return "\n".join(out).rstrip("\n") + "\n"


def _table(out: list[str], path: tuple[str, ...], table: dict) -> None:
    nested_keys = {
        k
        for k, v in table.items()
        if _is_table(path + (k,), v) or (not path and k in SECTIONS and isinstance(v, dict) and v)
    }
    plain = [(k, v) for k, v in table.items() if k not in nested_keys]
    nested = [(k, v) for k, v in table.items() if k in nested_keys]
    if path and (plain or not nested):
        out.append(f"[{_path_text(path)}]")
    for key, value in plain:
        out.append(f"{key_text(key)} = {value_text(value)}")
    if path and (plain or not nested) or plain:
        out.append("")
    for key, value in nested:
        _table(out, path + (key,), value)


def resolved_toml(source: ResolvedSource) -> str:
    """The effective ruleset as a standalone TOML text, without `extends` (it loads to the same hash)."""
    from criteria.files.marker import GENERATOR

    header = f"gemaakt door {GENERATOR}"  # criteria's marker: the first line
    if len(source.chain) > 1:
        header += "\nOpgelost toetsingskader, zonder 'extends'. Samengesteld uit:\n" + "\n".join(
            f"  {path}" for path in source.chain
        )
    return dumps(source.data, header)

"""A quick reader for the plain TOML that case.toml files mostly are; tomllib reads everything else (and every other
TOML file: only criteria.load.case asks this reader first, read_toml(quick=True)).

A national case.toml has thousands of `[subjects.X]` tables of a title and tags: tomllib, in pure Python, takes
about 0.15 s for it. `loads` here reads, line by line, only what it is sure of: table headers of bare keys,
`key = value` with a bare key and as value a basic string without escapes, a whole number, true/false or a
one-line list of such strings, blank lines and comments. On anything else (a float, an escape, an inline table,
a multi-line list, a quoted key, a redefined key or table, a control character, ...) it returns None and the
caller asks tomllib, which also gives the error message. Whatever it accepts, tomllib reads to the same data
(tests/test_toml_simple.py checks that on generated texts).
"""

from __future__ import annotations

import re

_BARE = r"[A-Za-z0-9_-]+"
_STRING = r'"[^"\\\x00-\x1f\x7f]*"'  # a basic string without escapes or control characters
_COMMENT = r"(?:#[^\x00-\x08\x0a-\x1f\x7f]*)?"  # TOML: no control character but tab in a comment
_WS = r"[ \t]*"
_HEADER = re.compile(rf"{_WS}\[{_WS}({_BARE}(?:{_WS}\.{_WS}{_BARE})*){_WS}\]{_WS}{_COMMENT}")
_VALUE = (
    rf"(?P<string>{_STRING})|(?P<int>[+-]?(?:0|[1-9][0-9]{{0,17}}))|(?P<bool>true|false)"
    rf"|(?P<list>\[{_WS}(?:{_STRING}{_WS}(?:,{_WS}{_STRING}{_WS})*(?:,{_WS})?)?\])"
)
_PAIR = re.compile(rf"{_WS}(?P<key>{_BARE}){_WS}={_WS}(?:{_VALUE}){_WS}{_COMMENT}")
_BLANK = re.compile(rf"{_WS}{_COMMENT}")
_ITEM = re.compile(_STRING)
_DOT = re.compile(rf"{_WS}\.{_WS}")


def loads(text: str) -> dict | None:
    """The data of `text` as tomllib.loads gives it, or None: not plain enough to be sure (ask tomllib)."""
    root: dict = {}
    table = root
    declared: set[tuple[str, ...]] = set()  # tables given by a header (a second header of one is an error)
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if line.endswith("\r") and number < len(lines) - 1:  # CRLF; a carriage return alone is tomllib's to refuse
            line = line[:-1]
        if not line:
            continue
        pair = None if line[0] == "[" else _PAIR.fullmatch(line)
        if pair is not None:
            key = pair["key"]
            if key in table:
                return None  # a key set twice, or a table's name: tomllib refuses
            if pair["string"] is not None:
                table[key] = pair["string"][1:-1]
            elif pair["int"] is not None:
                table[key] = int(pair["int"])
            elif pair["bool"] is not None:
                table[key] = pair["bool"] == "true"
            else:
                table[key] = [item[1:-1] for item in _ITEM.findall(pair["list"])]
            continue
        header = _HEADER.fullmatch(line)
        if header is not None:
            path = tuple(_DOT.split(header[1]))
            if path in declared:
                return None
            declared.add(path)
            table = root
            for part in path:
                inner = table.setdefault(part, {})
                if not isinstance(inner, dict):
                    return None  # a table under a value
                table = inner
            continue
        if _BLANK.fullmatch(line) is None:
            return None
    return root

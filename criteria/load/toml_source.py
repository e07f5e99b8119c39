"""TOML files with locations: tomllib parses, a light scanner finds the line of each key path.

tomllib reports no line numbers for valid documents, while error messages should say
"file, regel 12, indicators.verzuim.scoring.slecht". The scanner here is deliberately lenient:
it never raises and, on anything it does not understand, skips to the next line.
"""

from __future__ import annotations

import ast
import bisect
import contextlib
import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Protocol

from criteria.errors import ProblemList
from criteria.files.reading import Unreadable, read_regular
from criteria.limits import MAX_ABS_VALUE, MAX_TOML_BYTES
from criteria.limits import MAX_TOML_NESTING as _MAX_DEPTH
from criteria.load import toml_simple

KeyPath = tuple[str | int, ...]
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


class Located(Protocol):
    """What can say where a key path was set: a TomlSource (its own file) or a resolved ruleset (load/inherit.py)."""

    def where(self, key_path: KeyPath) -> tuple[str, int | None]: ...


@dataclass(frozen=True)
class TomlSource:
    path: str  # display path
    text: str
    data: dict = field(repr=False)

    @cached_property
    def _index(self) -> dict[KeyPath, int]:
        scanner = _Scanner(self.text)
        try:
            scanner.run()
        except Exception:  # noqa: BLE001, S110 -- lenient by design: keep what was indexed so far
            pass
        return scanner.index

    def where(self, key_path: KeyPath) -> tuple[str, int | None]:
        """(file, line) of a key path; a resolved ruleset answers with the file that set the value."""
        return self.path, self.line_of(key_path)

    def line_of(self, key_path: KeyPath) -> int | None:
        """Line of the key path, or of its longest located prefix; None if nothing is located."""
        path = tuple(key_path)
        for length in range(len(path), 0, -1):
            line = self._index.get(path[:length])
            if line is not None:
                return line
        return None


@lru_cache(maxsize=4)
def _parsed(text: str) -> dict:
    """tomllib's data of `text`, kept for the last few texts (never handed out: see _parse)."""
    return tomllib.loads(text)


def _parse(text: str) -> dict:
    """tomllib's data of `text`, a copy of its own; a text parsed a moment ago is not parsed again (a run reads its
    ruleset once more as the parent of another ruleset of the case: pipeline.run.fields_elsewhere)."""
    return copy_data(_parsed(text))


def copy_data(value):
    """A copy of parsed TOML data: its tables and lists new, the values themselves shared (they never change)."""
    if isinstance(value, dict):
        return {k: copy_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [copy_data(v) for v in value]
    return value


def longest_prefix(mapping: dict, key_path: tuple, default=None):
    """The value of the longest prefix of `key_path` found in `mapping` (locations of nested keys)."""
    path = tuple(key_path)
    for length in range(len(path), 0, -1):
        if path[:length] in mapping:
            return mapping[path[:length]]
    return default


def key_path_text(key_path: KeyPath) -> str:
    """("indicators", "x", "bands", 2, "score") -> "indicators.x.bands[2].score"."""
    text = ""
    for part in key_path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            name = part if _BARE_KEY.fullmatch(part) else '"' + part.replace('"', '\\"') + '"'
            text += ("." if text else "") + name
    return text


def read_toml(path: Path, display: str, problems: ProblemList, quick: bool = False) -> TomlSource | None:
    """Read and parse a TOML file; every problem goes into `problems` (in Dutch). `quick`: first try the quick
    reader of plain TOML (criteria/load/toml_simple.py; a case.toml of thousands of subjects), tomllib on anything
    it is not sure of and for every error."""
    try:
        data = read_regular(path, MAX_TOML_BYTES)
    except Unreadable as exc:
        problems.add(display, "", exc.reason)
        return None
    body = data.removeprefix(b"\xef\xbb\xbf")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.add(
            display,
            "",
            f"het bestand is geen geldige UTF-8-tekst (byte 0x{body[exc.start]:02x})",
            line=body.count(b"\n", 0, exc.start) + 1,
            suggestion="sla het bestand op als UTF-8",
        )
        return None
    try:
        parsed = toml_simple.loads(text) if quick else None
        if parsed is None:
            parsed = _parse(text)
    except tomllib.TOMLDecodeError as exc:
        message, line = _syntax_error(str(exc), text)
        problems.add(display, "", message, line=line)
        return None
    except RecursionError:
        problems.add(display, "", "TOML-syntaxfout: het bestand is te diep genest")
        return None
    except ValueError:  # an integer beyond Python's int-string conversion limit (4300 digits)
        line = _line_of_long_number(text)
        problems.add(
            display,
            "",
            "een getal in het bestand heeft te veel cijfers (meer dan 4300); het is onaannemelijk groot",
            line=line,
            suggestion=f"getallen mogen hoogstens {MAX_ABS_VALUE:g} zijn",
        )
        return None
    return TomlSource(display, text, parsed)


def _line_of_long_number(text: str) -> int | None:
    match = re.search(r"[0-9_]{4300,}", text)
    return None if match is None else text.count("\n", 0, match.start()) + 1


_LOCATION = re.compile(
    r"^(?P<reason>.*) \(at (?:line (?P<line>\d+), column (?P<col>\d+)|end of document)\)$", re.DOTALL
)
_REASONS = [
    (r"Expected '=' after a key in a key/value pair", "na een sleutel hoort een '=' te staan"),
    (r"Cannot overwrite a value", "deze sleutel heeft al een waarde (dubbele sleutel?)"),
    (r"Invalid value", "ongeldige of ontbrekende waarde (staat tekst tussen aanhalingstekens?)"),
    (r"Unclosed array", "een lijst ('[') wordt niet afgesloten met ']'"),
    (r"Unclosed inline table", "een tabel ('{') wordt niet afgesloten met '}'"),
    (r"Unterminated string", "een tekst wordt niet afgesloten met een aanhalingsteken"),
    (r"Invalid initial character for a key part", "ongeldig teken aan het begin van een sleutel"),
    (
        r"Invalid statement",
        (
            "deze regel is geen 'sleutel = waarde' en geen [tabel] "
            "(een sleutel met bijzondere tekens hoort tussen aanhalingstekens)"
        ),
    ),
    (
        r"Expected newline or end of document after a statement",
        "na de waarde hoort de regel te eindigen (ontbreekt er een komma of aanhalingsteken?)",
    ),
    (r"Expected '\]' at the end of a table declaration", "de tabelkop hoort te eindigen met ']'"),
    (r"Expected '\]\]' at the end of an array declaration", "de tabelkop hoort te eindigen met ']]'"),
    (r"Cannot declare (?P<key>.+) twice", "de tabel {key} wordt twee keer gedeclareerd"),
    (
        r"Cannot mutate immutable namespace (?P<key>.+)",
        "de tabel of lijst {key} ligt al vast en kan niet worden aangevuld",
    ),
    (r"Cannot redefine namespace (?P<key>.+)", "{key} is al gedefinieerd"),
    (r"Duplicate inline table key '(?P<key>.+)'", "de sleutel '{key}' komt twee keer voor in dezelfde tabel"),
    (r"Unescaped '\\' in a string", "ongeldige backslash (\\) in een tekst; gebruik \\\\ of enkele aanhalingstekens"),
    (r"Invalid date or datetime", "ongeldige datum of tijd"),
    (
        r"(?:Illegal|Found invalid) character '\\n'",
        (
            "de regel eindigt midden in een tekst: een tekst wordt niet "
            'afgesloten met een aanhalingsteken (of gebruik """...""" voor tekst over meer regels)'
        ),
    ),
    (r"(?:Illegal|Found invalid) character (?P<key>.+)", "ongeldig teken {key}"),
]


def _syntax_error(text: str, source: str) -> tuple[str, int | None]:
    """Translate a TOMLDecodeError message into Dutch; returns (message, line)."""
    match = _LOCATION.match(text)
    reason = match["reason"] if match else text
    dutch = None
    for pattern, template in _REASONS:
        found = re.fullmatch(pattern, reason, re.DOTALL)
        if found:
            key = found.groupdict().get("key")
            if key and key.startswith("("):
                try:
                    key = "[" + key_path_text(ast.literal_eval(key)) + "]"
                except (ValueError, SyntaxError, TypeError):
                    pass
            dutch = template.replace("{key}", key or "")
            break
    message = "TOML-syntaxfout: " + (dutch or f"ongeldige TOML ({reason})")
    if match and match["line"]:
        return f"{message} (kolom {match['col']})", int(match["line"])
    if match:
        return f"{message} (aan het einde van het bestand)", max(1, len(source.splitlines()))
    return message, None


class _Scanner:
    """Maps key paths to line numbers; tracks tables, arrays of tables, inline tables, arrays."""

    def __init__(self, text: str):
        self.s, self.i, self.n = text, 0, len(text)
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.index: dict[KeyPath, int] = {}
        self.implicit: set[KeyPath] = set()
        self.aot: dict[KeyPath, int] = {}  # array of tables -> number of entries so far

    def line(self) -> int:
        return bisect.bisect_right(self.starts, self.i)

    def record(self, path: KeyPath, line: int, implicit: bool = False) -> None:
        if path in self.index:
            if path in self.implicit and not implicit:  # an explicit definition wins
                self.index[path] = line
                self.implicit.discard(path)
            return
        self.index[path] = line
        if implicit:
            self.implicit.add(path)
        while len(path) > 1 and path[:-1] not in self.index:  # ancestors are implicitly here
            path = path[:-1]
            self.index[path] = line
            self.implicit.add(path)

    def run(self) -> None:
        current: KeyPath = ()
        while self.i < self.n:
            self.skip_space(newlines=True)
            if self.i >= self.n:
                break
            start = self.i
            if self.s[self.i] == "[":
                current = self.header(current)
            else:
                keys = self.keys()
                self.skip_space()
                if keys and self.peek("="):
                    self.record(current + keys, self.line())
                    self.i += 1
                    self.value(current + keys, 0)
            self.skip_to_line_end()
            if self.i == start:
                self.i += 1

    def header(self, current: KeyPath) -> KeyPath:
        line = self.line()
        array = self.s.startswith("[[", self.i)
        self.i += 2 if array else 1
        self.skip_space()
        keys = self.keys()
        self.skip_space()
        if not keys or not self.peek("]]" if array else "]"):
            return current
        self.i += 2 if array else 1
        resolved: KeyPath = ()
        for position, key in enumerate(keys):
            resolved += (key,)
            if resolved in self.aot and not (array and position == len(keys) - 1):
                resolved += (self.aot[resolved] - 1,)
        if not array:
            self.record(resolved, line)
            return resolved
        count = self.aot.get(resolved, 0)
        self.aot[resolved] = count + 1
        self.record(resolved, line, implicit=count > 0)
        self.record(resolved + (count,), line)
        return resolved + (count,)

    def keys(self) -> KeyPath:
        """A dotted key; () if there is none here."""
        keys: list[str] = []
        while True:
            self.skip_space()
            ch = self.s[self.i] if self.i < self.n else " "
            if ch in "\"'":
                keys.append(self.string())
            else:
                match = _BARE_KEY.match(self.s, self.i)
                if not match:
                    return ()
                keys.append(match.group())
                self.i = match.end()
            self.skip_space()
            if not self.peek("."):
                return tuple(keys)
            if len(keys) > _MAX_DEPTH:
                return ()
            self.i += 1

    def value(self, path: KeyPath, depth: int) -> None:
        self.skip_space()
        if self.i >= self.n:
            return
        ch = self.s[self.i]
        if depth > _MAX_DEPTH:
            self.skip_nested()
        elif ch in "\"'":
            self.string()
        elif ch in "[{":
            self.i += 1
            closing, position = ("]" if ch == "[" else "}"), 0
            while True:
                self.skip_space(newlines=True)
                if self.i >= self.n or self.peek(closing):
                    self.i += 1
                    return
                before = self.i
                if ch == "[":
                    self.record(path + (position,), self.line())
                    self.value(path + (position,), depth + 1)
                else:
                    keys = self.keys()
                    self.skip_space()
                    if keys and self.peek("="):
                        self.record(path + keys, self.line())
                        self.i += 1
                        self.value(path + keys, depth + 1)
                self.skip_space(newlines=True)
                if self.peek(","):
                    self.i += 1
                    position += 1
                elif self.i == before or not self.peek(closing):
                    self.i += 1  # something unexpected: step over it
        else:
            while self.i < self.n and self.s[self.i] not in ",]}\n#":
                self.i += 1

    def string(self) -> str:
        """Skip a string of any of the four kinds; return its (roughly decoded) content."""
        quote = self.s[self.i]
        if self.s.startswith(quote * 3, self.i):
            self.i += 3
            end = self.s.find(quote * 3, self.i)
            while quote == '"' and end > 0 and _escaped(self.s, end):
                end = self.s.find(quote * 3, end + 1)
            end = self.n if end < 0 else end
            content, self.i = self.s[self.i : end], min(self.n, end + 3)
            while self.peek(quote) and self.i < end + 5:  # up to two quotes may end the content
                self.i += 1
            return content
        self.i += 1
        start = self.i
        while self.i < self.n and self.s[self.i] not in (quote, "\n"):
            self.i += 2 if quote == '"' and self.s[self.i] == "\\" else 1
        content = self.s[start : min(self.i, self.n)]
        if self.peek(quote):
            self.i += 1
        if quote == '"' and "\\" in content:
            with contextlib.suppress(ValueError, KeyError):  # an escape TOML refuses: keep the raw text
                content = tomllib.loads(f'k = "{content}"')["k"]
        return content

    def skip_nested(self) -> None:
        """Skip a too deeply nested value without recursion, stepping over strings."""
        level = 0
        while self.i < self.n:
            ch = self.s[self.i]
            if ch in "\"'":
                self.string()
                continue
            level += (ch in "[{") - (ch in "]}")
            if level < 0 or (level == 0 and ch in ",\n#"):
                return
            self.i += 1

    def peek(self, token: str) -> bool:
        return self.s.startswith(token, self.i)

    def skip_space(self, newlines: bool = False) -> None:
        while self.i < self.n:
            ch = self.s[self.i]
            if ch in " \t\r" or (newlines and ch == "\n"):
                self.i += 1
            elif ch == "#" and newlines:
                self.skip_to_line_end()
            else:
                return

    def skip_to_line_end(self) -> None:
        end = self.s.find("\n", self.i)
        self.i = self.n if end < 0 else end


def _escaped(s: str, pos: int) -> bool:
    """True if the character at pos is preceded by an odd number of backslashes."""
    count = 0
    while pos - count - 1 >= 0 and s[pos - count - 1] == "\\":
        count += 1
    return count % 2 == 1

"""Ruleset inheritance: `extends = "<id>"` and `remove = [...]`, resolved before validation.

A ruleset may extend another ruleset of the same folder, named by its id (never by a path). The child
is merged over the resolved parent: tables merge key by key, every other value (also a list) replaces
the parent's. `remove = ["indicators.x", "criteria.y", "indicators.z.norm"]` deletes keys of the parent
first; removing a criterion removes its whole subtree (child criteria and their indicators).

Every resolved value keeps its origin: the file and line that set it (`ResolvedSource.where`). `read_resolved`
is the one place that reads ruleset files: the asked-for file and every file up its chain.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from criteria.errors import InputError, Problem, ProblemList
from criteria.files.reading import Unreadable, read_regular
from criteria.limits import MAX_EXTENDS_CHAIN as MAX_CHAIN
from criteria.limits import MAX_TOML_BYTES
from criteria.load.toml_source import KeyPath, TomlSource, copy_data, longest_prefix, read_toml
from criteria.rules.findings import did_you_mean

CONTROL_KEYS = ("extends", "remove")
OUTSIDE = "\0buiten"  # ruleset_index: links to files outside the folder (never an id: ids are names)


@dataclass(frozen=True)
class Origin:
    file: str
    line: int | None


class LineOf:
    """Where a key path of a file was set, its line looked up when first asked: the scanner that finds lines
    (TomlSource.line_of) runs only when a message names one, not for every ruleset that loads without problems."""

    __slots__ = ("_path", "_source")

    def __init__(self, source: TomlSource, path: KeyPath) -> None:
        self._source, self._path = source, path

    @property
    def file(self) -> str:
        return self._source.path

    @property
    def line(self) -> int | None:
        return self._source.line_of(self._path) if self._path else None


@dataclass(frozen=True)
class ResolvedSource:
    """Merged ruleset data with, for every key path, the file and line that set it."""

    path: str  # the file that was asked for
    data: dict
    origins: dict[KeyPath, Origin | LineOf] = field(repr=False)
    chain: tuple[str, ...] = ()  # display paths, the asked-for file first, then its ancestors
    text: str = field(default="", repr=False)  # text of the asked-for file
    removed: tuple[tuple[str, str], ...] = ()  # (file, key path) of every `remove` entry applied
    ancestors: tuple[str, ...] = ()  # ids of the rulesets this one extends, nearest first

    def where(self, key_path: KeyPath) -> tuple[str, int | None]:
        origin = longest_prefix(self.origins, key_path)
        return (self.path, None) if origin is None else (origin.file, origin.line)

    def line_of(self, key_path: KeyPath) -> int | None:
        return self.where(key_path)[1]

    def leaves(self) -> list[tuple[KeyPath, object, Origin]]:
        """Every scalar (and every list of scalars) with its origin, in document order."""
        out: list[tuple[KeyPath, object, Origin]] = []
        _walk_leaves(self.data, (), lambda p, v: out.append((p, v, Origin(*self.where(p)))))
        return out


def _walk_leaves(value: object, path: KeyPath, emit) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _walk_leaves(v, path + (k,), emit)
    elif isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        for i, v in enumerate(value):
            _walk_leaves(v, path + (i,), emit)
    else:
        emit(path, value)


def _origins_of(source: TomlSource, value: object, path: KeyPath, out: dict[KeyPath, Origin | LineOf]) -> None:
    out[path] = LineOf(source, path)
    if isinstance(value, dict):
        for k, v in value.items():
            _origins_of(source, v, path + (k,), out)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _origins_of(source, v, path + (i,), out)


def read_resolved(path: Path, display: str) -> ResolvedSource:
    """Read the ruleset at `path` (shown as `display`) and resolve its `extends`; InputError on any problem."""
    problems = ProblemList()
    source = read_toml(path, display, problems)
    problems.raise_if_errors()
    assert source is not None  # read_toml reports every reason it returns None
    return resolve(path, source)


def single(source: TomlSource) -> ResolvedSource:
    """A ruleset without `extends`: every value comes from its own file."""
    origins: dict[KeyPath, Origin | LineOf] = {}
    _origins_of(source, source.data, (), origins)
    return ResolvedSource(source.path, source.data, origins, (source.path,), source.text)


def inside(folder: Path, path: Path) -> bool:
    """The real file behind `path` (symbolic links followed) lies directly in the real folder `folder`."""
    try:
        return path.resolve(strict=True).parent == folder.resolve(strict=True)
    except (OSError, RuntimeError):  # a broken or looping link
        return False


def _files(folder: Path) -> Iterator[tuple[Path, bool]]:
    """The ruleset files of `folder` (test files *.tests.toml are not rulesets) in name order, each with whether it
    really lies in the folder (not a link to a file outside it)."""
    for path in sorted(folder.glob("*.toml")):
        if not path.name.endswith(".tests.toml"):
            yield path, inside(folder, path)


def ruleset_index(folder: Path) -> dict[str, list[Path]]:
    """id -> ruleset files in `folder` that declare it. A link to a file outside the folder is not read: its id
    stays unknown, under the key OUTSIDE."""
    index: dict[str, list[Path]] = {}
    for path, really_inside in _files(folder):
        if not really_inside:
            index.setdefault(OUTSIDE, []).append(path)
            continue
        try:
            data = tomllib.loads(read_regular(path, MAX_TOML_BYTES).decode("utf-8-sig"))
        except (Unreadable, ValueError, RecursionError):  # ValueError: not UTF-8, not TOML, a 5000-digit number
            continue  # not a ruleset this one can extend (a FIFO or a folder is never opened)
        if isinstance(data.get("id"), str):
            index.setdefault(data["id"], []).append(path)
    return index


def declaring(folder: Path, wanted: str, display: Callable[[Path], str]) -> list[TomlSource]:
    """The files ruleset_index(folder)[wanted] names, read (read_toml, shown as `display(path)`), each parsed once:
    a file whose first part declares another id or none (_root_id) is not parsed whole."""
    found = []
    for path, really_inside in _files(folder):
        try:
            text = read_regular(path, MAX_TOML_BYTES).decode("utf-8-sig") if really_inside else ""
        except (Unreadable, ValueError):
            continue
        if not really_inside or _root_id(text) not in (wanted, _UNSURE):
            continue
        parsed = read_toml(path, display(path), ProblemList())  # None: not TOML, as ruleset_index leaves it out
        if parsed is not None and parsed.data.get("id") == wanted:
            found.append(parsed)
    return found


_UNSURE = object()
_HEADER = re.compile(r"^[ \t]*\[", re.MULTILINE)


def _root_id(text: str) -> object:
    """The top-level `id` as the text before the first table header declares it (after a header no top-level key
    can follow): the whole file has that id or is no TOML. _UNSURE when that part is no TOML on its own: the line
    taken for a header lies inside a multi-line string or array."""
    header = _HEADER.search(text)
    try:
        return tomllib.loads(text if header is None else text[: header.start()]).get("id")
    except (ValueError, RecursionError):
        return _UNSURE


def _display_sibling(first: TomlSource, other: Path) -> str:
    """Show a parent file the way the asked-for file was shown (same folder)."""
    parent = Path(first.path).parent
    return str(parent / other.name) if str(parent) not in ("", ".") else other.name


def resolve(path: Path, source: TomlSource) -> ResolvedSource:
    """Resolve `extends` of the ruleset read from `path`; raise InputError naming the chain on problems."""
    if "extends" not in source.data and "remove" not in source.data:
        return single(source)
    if "extends" not in source.data:
        raise InputError(
            [
                Problem(
                    source.path,
                    "remove",
                    "'remove' werkt alleen samen met 'extends'",
                    suggestion="noem met extends het kader waaruit u wilt verwijderen",
                    line=source.line_of(("remove",)),
                )
            ]
        )
    if not isinstance(source.data.get("id"), str):
        raise InputError(
            [
                Problem(
                    source.path,
                    "id",
                    "een uitbreiding heeft een eigen 'id' nodig",
                    suggestion='bijvoorbeeld id = "bureau_2021"',
                    line=source.line_of(("extends",)),
                )
            ]
        )
    chain = [source]
    ids = [source.data["id"]]
    current = source
    while "extends" in current.data:
        parent_id = current.data["extends"]
        problem = _bad_parent_name(parent_id, current)
        if problem is not None:
            raise InputError([problem])
        trail = " → ".join(ids + [parent_id])
        if parent_id in ids:
            what = "breidt zichzelf uit" if parent_id == ids[-1] and len(ids) == 1 else "bevat een kring"
            raise InputError(
                [
                    Problem(
                        current.path,
                        "extends",
                        f"de keten van uitbreidingen {what}: {trail}",
                        suggestion="verwijs naar een ander toetsingskader, zonder kring",
                        line=current.line_of(("extends",)),
                    )
                ]
            )
        if len(chain) > MAX_CHAIN:
            raise InputError(
                [
                    Problem(
                        current.path,
                        "extends",
                        f"de keten van uitbreidingen is langer dan {MAX_CHAIN}: {trail}",
                        line=current.line_of(("extends",)),
                    )
                ]
            )
        found = declaring(path.parent, parent_id, lambda other: _display_sibling(source, other))
        if len(found) != 1:
            raise InputError([_parent_problem(path.parent, parent_id, ids, trail, current)])
        chain.append(found[0])
        ids.append(parent_id)
        current = found[0]
    if "remove" in chain[-1].data:
        top = chain[-1]
        raise InputError(
            [
                Problem(
                    top.path,
                    "remove",
                    "'remove' werkt alleen samen met 'extends'",
                    line=top.line_of(("remove",)),
                    suggestion="haal 'remove' weg",
                )
            ]
        )
    resolved = single(_without_controls(chain[-1]))
    for child in reversed(chain[:-1]):
        resolved = merge(resolved, child)
    return ResolvedSource(
        source.path,
        resolved.data,
        resolved.origins,
        tuple(s.path for s in chain),
        source.text,
        resolved.removed,
        tuple(ids[1:]),
    )


def _parent_problem(folder: Path, parent_id: str, ids: list[str], trail: str, current: TomlSource) -> Problem:
    """No file or more than one file in the folder declares the parent's id."""
    index = ruleset_index(folder)
    found = index.get(parent_id, [])
    known = sorted(i for i in index if i not in ids and i != OUTSIDE)
    if not found:
        message = f"onbekend toetsingskader '{parent_id}' in deze map (keten: {trail})"
        suggestion = did_you_mean(parent_id, known) or (
            "bekende toetsingskaders: " + ", ".join(known) if known else "zet het kader in dezelfde map"
        )
        links = [p.name for p in index.get(OUTSIDE, [])]
        if links:
            message += (
                "; niet gelezen: " + ", ".join(links) + " (een koppeling naar een bestand buiten "
                "deze map; 'extends' leest alleen toetsingskaders die echt in dezelfde map staan)"
            )
    else:
        message = f"meer dan één bestand heeft id '{parent_id}': " + ", ".join(p.name for p in found)
        suggestion = "geef elk toetsingskader een eigen id"
    return Problem(current.path, "extends", message, suggestion=suggestion, line=current.line_of(("extends",)))


def _without_controls(source: TomlSource) -> TomlSource:
    data = {k: v for k, v in source.data.items() if k not in CONTROL_KEYS}
    return TomlSource(source.path, source.text, data)


def _bad_parent_name(value: object, source: TomlSource) -> Problem | None:
    if not isinstance(value, str) or not value:
        return Problem(
            source.path,
            "extends",
            "hier hoort de id van een toetsingskader (tekst)",
            line=source.line_of(("extends",)),
            suggestion='bijvoorbeeld extends = "heemstede_2020"',
        )
    if "/" in value or "\\" in value or ".." in value or value.endswith(".toml"):
        return Problem(
            source.path,
            "extends",
            f"'{value}' is een pad; 'extends' noemt de id van een toetsingskader in dezelfde map",
            line=source.line_of(("extends",)),
            suggestion="gebruik de waarde van 'id' uit dat kader, bijvoorbeeld \"heemstede_2020\"",
        )
    return None


def merge(parent: ResolvedSource, child: TomlSource) -> ResolvedSource:
    """The child merged over the parent: first its `remove` list, then a deep merge of its tables."""
    data = copy_data(parent.data)
    origins = dict(parent.origins)
    problems = ProblemList()
    removals = child.data.get("remove", [])
    if not isinstance(removals, list) or not all(isinstance(r, str) for r in removals):
        problems.add(
            child.path,
            "remove",
            "hier hoort een lijst met sleutelpaden",
            line=child.line_of(("remove",)),
            suggestion='bijvoorbeeld remove = ["indicators.verloop"]',
        )
        removals = []
    for position, target in enumerate(removals):
        _remove(data, origins, target, child, position, problems)
    problems.raise_if_errors()
    for key, value in child.data.items():
        if key not in CONTROL_KEYS:
            _merge_into(data, origins, (key,), value, child)
    origins[()] = Origin(child.path, None)
    removed = parent.removed + tuple((child.path, target) for target in removals)
    return ResolvedSource(child.path, data, origins, removed=removed)


def _drop(origins: dict[KeyPath, Origin | LineOf], prefix: KeyPath) -> None:
    for path in [p for p in origins if p[: len(prefix)] == prefix]:
        del origins[path]


def _merge_into(
    data: dict, origins: dict[KeyPath, Origin | LineOf], path: KeyPath, value: object, child: TomlSource
) -> None:
    key = path[-1]
    if isinstance(value, dict) and isinstance(data.get(key), dict):
        origins[path] = LineOf(child, path)
        for k, v in value.items():
            _merge_into(data[key], origins, path + (k,), v, child)
        return
    if isinstance(data.get(key), dict | list):
        _drop(origins, path)
    else:  # origins has entries below a path only where the data holds a table or a list there
        origins.pop(path, None)
    data[key] = copy_data(value)
    _origins_of(child, value, path, origins)


def _remove(
    data: dict,
    origins: dict[KeyPath, Origin | LineOf],
    target: str,
    child: TomlSource,
    position: int,
    problems: ProblemList,
) -> None:
    parts = tuple(target.split("."))
    holder: object = data
    for depth, part in enumerate(parts):
        if not isinstance(holder, dict) or part not in holder:
            options = sorted(holder) if isinstance(holder, dict) else []
            where = ".".join(parts[:depth]) or "het bovenliggende kader"
            problems.add(
                child.path,
                f"remove[{position}]",
                f"'{target}' bestaat niet in het bovenliggende kader ('{part}' ontbreekt in {where})",
                line=child.line_of(("remove", position)),
                suggestion=did_you_mean(part, options) or "controleer de naam met criteria ruleset toon",
            )
            return
        if depth < len(parts) - 1:
            holder = holder[part]
    if parts[0] == "criteria" and len(parts) == 2:
        for section, node in _subtree(data, parts[1]):
            data[section].pop(node, None)
            _drop(origins, (section, node))
        return
    assert isinstance(holder, dict)  # the loop above returned unless every part was found in a table
    del holder[parts[-1]]
    _drop(origins, parts)


def _subtree(data: dict, root: str) -> list[tuple[str, str]]:
    """The criterion `root` with every criterion and indicator below it."""
    criteria = data.get("criteria", {}) if isinstance(data.get("criteria"), dict) else {}
    indicators = data.get("indicators", {}) if isinstance(data.get("indicators"), dict) else {}
    found, frontier = [root], [root]
    while frontier:
        node = frontier.pop()
        kids = [c for c, v in criteria.items() if isinstance(v, dict) and v.get("parent") == node and c not in found]
        found += kids
        frontier += kids
    out = [("criteria", c) for c in found]
    out += [("indicators", i) for i, v in indicators.items() if isinstance(v, dict) and v.get("parent") in found]
    return out


def describe_origin(origin: tuple[str, int | None]) -> str:
    file, line = origin
    return file + (f", regel {line}" if line else "")

"""What differs between two results, per subject-year and criterion, and between the inputs of two runs (pure).

Results are compared as JSON data, not as models: a result stored years ago must stay comparable even when
the result model has grown since.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

FIELD_NAMES = {
    "score": "score",
    "verdict": "oordeel",
    "completeness": "volledigheid",
    "weight": "gewicht",
    "weight_normalised": "genormaliseerd gewicht",
    "contribution": "bijdrage",
    "verdict_reason": "reden oordeel",
    "score_before_knockout": "score vóór knock-out",
    "weight_share": "aandeel gewicht",
    "mark": "cijfer",
    "format_version": "formaatversie",
}
# Compared when the two results are in different formats (1 and 2): what both say of every node.
COMMON_FIELDS = ("score", "verdict", "completeness")


@dataclass(frozen=True)
class Change:
    subject: str | None  # None: the result as a whole (meta, years, …)
    year: int | None  # None: the subject as a whole (or its period)
    node: str | None  # criterion or indicator id
    title: str | None
    field: str  # path inside the node (or subject, or result)
    old: Any
    new: Any
    total: bool = False  # the node is the subject-year's total (the root criterion)

    @property
    def is_score(self) -> bool:
        return self.node is not None and self.field in ("score", "verdict")


def leaf_changes(old: Any, new: Any, path: str = "") -> list[tuple[str, Any, Any]]:
    """(path, old, new) for every leaf that differs; lists of objects with an `id` are matched by id."""
    if isinstance(old, dict) and isinstance(new, dict):
        out = []
        for key in list(old) + [k for k in new if k not in old]:
            out += leaf_changes(old.get(key, _ABSENT), new.get(key, _ABSENT), f"{path}.{key}" if path else key)
        return out
    if isinstance(old, list) and isinstance(new, list):
        if _by_id(old) is not None and _by_id(new) is not None:
            return leaf_changes(_by_id(old), _by_id(new), path)
        if len(old) == len(new):
            out = []
            for i, (a, b) in enumerate(zip(old, new)):
                out += leaf_changes(a, b, f"{path}[{i}]")
            return out
    return [] if old == new else [(path, _show(old), _show(new))]


class _Absent:
    def __repr__(self) -> str:
        return "(ontbreekt)"


_ABSENT = _Absent()


def _show(value: Any) -> Any:
    return "(ontbreekt)" if value is _ABSENT else value


def _by_id(items: list) -> dict | None:
    if items and all(isinstance(i, dict) and "id" in i for i in items):
        keyed = {str(i["id"]): i for i in items}
        return keyed if len(keyed) == len(items) else None
    return None


def _nodes(node: dict, out: dict[str, dict]) -> dict[str, dict]:
    out[str(node.get("id"))] = node
    for child in node.get("children", []):
        _nodes(child, out)
    return out


def _paired(old: dict, new: dict):
    """(key, old item, new item) in old order then new-only keys; a missing side is None."""
    for key in list(old) + [k for k in new if k not in old]:
        yield key, old.get(key), new.get(key)


def _presence(a, b) -> tuple[str, str]:
    return ("aanwezig" if a else "(ontbreekt)", "aanwezig" if b else "(ontbreekt)")


def diff_results(old: dict, new: dict) -> list[Change]:
    """Every difference: first the result as a whole, then per subject, year and node (in tree order).

    Both results may be in format 1 (a tree per subject-year) or 2 (arrays per subject); in different formats
    only the format version and each node's score, verdict and completeness are compared."""
    mixed = _version(old) != _version(new)
    if mixed:
        changes = [Change(None, None, None, None, "format_version", _version(old), _version(new))]
    else:
        changes = [
            Change(None, None, None, None, p, a, b)
            for p, a, b in leaf_changes(
                {k: v for k, v in old.items() if k != "subjects"}, {k: v for k, v in new.items() if k != "subjects"}
            )
        ]
    old_subjects, new_subjects = _subjects(old), _subjects(new)
    for sid, a, b in _paired(old_subjects, new_subjects):
        if a is None or b is None:
            changes.append(Change(sid, None, None, None, "onderwerp", *_presence(a, b)))
            continue
        changes += _subject_changes(sid, a, b, mixed)
    return changes


def _version(result: dict) -> int:
    return result.get("format_version", 1) if result.get("format") == "criteria-resultaat" else 1


def _subjects(result: dict) -> dict:
    """id -> (the subject's own fields, {year: (root id, {node id: the node's own fields})})."""
    out = {}
    if _version(result) == 1:
        for s in result.get("subjects", []):
            by_year = {y.get("year"): (str(y["total"].get("id")), _nodes(y["total"], {})) for y in s.get("years", [])}
            out[s.get("id")] = ({k: v for k, v in s.items() if k != "years"}, by_year)
        return out
    ruleset = result.get("ruleset", {})
    titles = {n.get("id"): n.get("title") for n in [*ruleset.get("nodes", []), *ruleset.get("signals", [])]}
    root = str(ruleset.get("root"))
    for s in result.get("subjects", []):
        own = {k: v for k, v in s.items() if k not in ("nodes", "signals")}
        years: dict = {}
        for i, year in enumerate(s.get("years", [])):
            nodes = {}
            for nid, fields in {**(s.get("nodes") or {}), **(s.get("signals") or {})}.items():
                node = {"title": titles.get(nid)}
                for name, values in fields.items():
                    node[name] = _at(values, i)
                nodes[nid] = node
            years[year] = (root, nodes)
        out[s.get("id")] = (own, years)
    return out


def _at(values: Any, i: int) -> Any:
    """A format-2 node field in year position i: arrays are read per year, everything else is as it is."""
    if isinstance(values, list):
        return values[i] if i < len(values) else None
    if isinstance(values, dict) and all(isinstance(v, list) for v in values.values()):
        return {k: _at(v, i) for k, v in values.items()}
    return values


def _subject_changes(sid: str, a: tuple, b: tuple, mixed: bool) -> list[Change]:
    (own_a, years_a), (own_b, years_b) = a, b
    changes = [] if mixed else [Change(sid, None, None, None, p, x, y) for p, x, y in leaf_changes(own_a, own_b)]
    for year, ya, yb in _paired(years_a, years_b):
        if ya is None or yb is None:
            changes.append(Change(sid, year, None, None, "jaar", *_presence(ya, yb)))
            continue
        (root, nodes_a), (_, nodes_b) = ya, yb
        for nid, na, nb in _paired(nodes_a, nodes_b):
            title = (na or nb or {}).get("title")
            if na is None or nb is None:
                if not mixed:
                    changes.append(Change(sid, year, nid, title, "onderdeel", *_presence(na, nb)))
                continue
            if mixed:  # what both formats hold of the node
                na, nb = ({k: n[k] for k in COMMON_FIELDS if k in na and k in nb} for n in (na, nb))
            own_a = {k: v for k, v in na.items() if k != "children"}
            own_b = {k: v for k, v in nb.items() if k != "children"}
            changes += [Change(sid, year, nid, title, p, x, y, nid == root) for p, x, y in leaf_changes(own_a, own_b)]
    return changes


def field_name(path: str) -> str:
    return FIELD_NAMES.get(path, path)


@dataclass(frozen=True)
class FileChange:
    name: str
    status: str  # "gewijzigd", "toegevoegd", "verwijderd"
    diff: list[str]  # unified diff lines of a text file (empty for binary files)


def diff_files(old: dict[str, bytes], new: dict[str, bytes], context: int = 1) -> list[FileChange]:
    """Which input files differ between two runs, with a unified diff for text files."""
    out = []
    for name in list(old) + [n for n in new if n not in old]:
        a, b = old.get(name), new.get(name)
        if a == b:
            continue
        if a is None or b is None:
            out.append(FileChange(name, "toegevoegd" if a is None else "verwijderd", []))
            continue
        try:
            lines_a, lines_b = a.decode("utf-8-sig").splitlines(), b.decode("utf-8-sig").splitlines()
        except UnicodeDecodeError:
            out.append(FileChange(name, "gewijzigd", []))
            continue
        diff = list(difflib.unified_diff(lines_a, lines_b, "eerder", "later", n=context, lineterm=""))
        out.append(FileChange(name, "gewijzigd", diff[2:]))
    return out

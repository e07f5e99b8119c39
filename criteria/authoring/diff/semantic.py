"""Semantic diff of two resolved rulesets (pure): a list of edits in the ruleset's own terms.

An edit is one change a reader would name: a weight from → to, bands moved, a norm changed, anchors,
a criterion or indicator added or removed (with its subtree), a toelichting rewritten. Each edit carries
the key paths it touches, so that impact.py can apply it alone to the old ruleset and measure its effect.
Changes to the same indicator's measurement (formula, measure, nullijn, scoring, norm, unit) form one edit:
applied one by one they would score nonsense.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from criteria.engine.reference import STATISTIC_TEXT
from criteria.engine.scoring import describe_norm, describe_scoring, fmt
from criteria.model.ruleset import BandsScoring, Norm, Nullijn, Ruleset

KeyPath = tuple[str, ...]
MEASUREMENT = ("formula", "measure", "nullijn", "scoring", "norm", "unit")
INFO = ("title", "toelichting", "description")
TOP_SCORED = ("years", "nullijn", "missing_data", "pass_mark", "period")


@dataclass(frozen=True)
class Edit:
    number: int
    node: str | None  # the criterion or indicator it concerns (None: the ruleset as a whole, a field)
    kind: str  # gewicht, meting, toegevoegd, verwijderd, verplaatst, geldt voor, norm, kader, veld, tekst
    lines: tuple[str, ...]  # Dutch descriptions, one per aspect
    paths: tuple[KeyPath, ...]  # key paths to take over from the new ruleset (set, add or delete)
    scored: bool  # False: cannot change a score (texts, field declarations)

    @property
    def text(self) -> str:
        return "; ".join(self.lines)


def _num(x: object) -> str:
    return fmt(float(x)) if isinstance(x, (int, float)) else str(x)


def _scoring_lines(title: str, old: dict, new: dict, unit: str) -> list[str]:
    if old["kind"] == new["kind"] == "linear":
        parts = [f"{k} {_num(old[k])} → {_num(new[k])}" for k in ("slecht", "goed") if old[k] != new[k]]
        return [f"ankers van {title}: " + ", ".join(parts)]
    if old["kind"] == new["kind"] == "bands":
        return [f"banden van {title} verschoven: " + _bands_change(old["bands"], new["bands"], unit)]
    o = describe_scoring(_scoring_model(old), unit)
    n = describe_scoring(_scoring_model(new), unit)
    return [f"scoring van {title}: {o} → {n}"]


def _scoring_model(data: dict):
    from pydantic import TypeAdapter

    from criteria.model.ruleset import Scoring

    return TypeAdapter(Scoring).validate_python(data)


def _band_text(band: dict, unit: str) -> str:
    one = BandsScoring(kind="bands", bands=[band])  # type: ignore[list-item]
    return describe_scoring(one, unit).removeprefix("banden: ")


def _bands_change(old: list[dict], new: list[dict], unit: str) -> str:
    parts = []
    for i in range(max(len(old), len(new))):
        a = _band_text(old[i], unit) if i < len(old) else "—"
        b = _band_text(new[i], unit) if i < len(new) else "—"
        if a != b:
            parts.append(f"band {i + 1}: {a} → {b}")
    return "; ".join(parts) or "volgorde gewijzigd"


def _norm_text(data: dict | None, unit: str) -> str:
    if data is None:
        return "geen norm"
    norm = Norm.model_validate(data)
    text = describe_norm(norm, unit) or "geen norm"
    if norm.knockout != "none":
        text += f" (knock-out: {norm.knockout}" + (f" {fmt(norm.cap)}" if norm.cap is not None else "") + ")"
    return text


def _nullijn_text(data: dict | None) -> str:
    if data is None:
        return "standaard"
    n = Nullijn.model_validate(data)
    if n.kind == "reference_group":
        assert n.numerator is not None and n.statistic is not None  # required for this kind (Nullijn's validator)
        ratio = n.numerator + (f" / {n.denominator}" if n.denominator else "")
        return f"{STATISTIC_TEXT[n.statistic]} van referentiegroep '{n.group}' ({ratio})"
    return {
        "base_year": f"basisjaar {n.year}",
        "reference": f"referentieveld {n.field}",
        "fixed": f"vaste waarde {_num(n.value)}",
    }[n.kind]


MEASURE_TEXT = {
    "value": "de waarde zelf",
    "difference": "verschil met de nullijn",
    "relative_difference": "procentueel verschil met de nullijn",
    "index": "index ten opzichte van de nullijn",
}


def _measurement_lines(title: str, old: dict, new: dict) -> list[str]:
    unit = new.get("unit") or ""
    lines = []
    if old["formula"] != new["formula"]:
        lines.append(f"formule van {title}: {old['formula']} → {new['formula']}")
    if old["measure"] != new["measure"]:
        lines.append(f"meting van {title}: {MEASURE_TEXT[old['measure']]} → {MEASURE_TEXT[new['measure']]}")
    if old["nullijn"] != new["nullijn"]:
        lines.append(f"nullijn van {title}: {_nullijn_text(old['nullijn'])} → {_nullijn_text(new['nullijn'])}")
    if old["scoring"] != new["scoring"]:
        lines += _scoring_lines(title, old["scoring"], new["scoring"], unit)
    if old["norm"] != new["norm"]:
        lines.append(
            f"norm van {title}: {_norm_text(old['norm'], old.get('unit') or '')} → {_norm_text(new['norm'], unit)}"
        )
    if old["unit"] != new["unit"] and not lines:
        lines.append(f"eenheid van {title}: '{old['unit']}' → '{new['unit']}'")
    return lines


def _applies(value: list[str] | None) -> str:
    return "alle onderwerpen" if not value else ", ".join(value)


class _Differ:
    def __init__(self, old: Ruleset, new: Ruleset):
        self.old_rs, self.new_rs = old, new
        self.old = old.model_dump(mode="json")
        self.new = new.model_dump(mode="json")
        self.edits: list[Edit] = []

    def add(self, node: str | None, kind: str, lines: list[str], paths: Sequence[KeyPath], scored: bool = True) -> None:
        self.edits.append(Edit(len(self.edits) + 1, node, kind, tuple(lines), tuple(paths), scored))

    def title(self, node: str) -> str:
        rs = self.new_rs if (node in self.new_rs.criteria or node in self.new_rs.indicators) else self.old_rs
        return f"{rs.node_title(node)} ({node})"

    def run(self) -> list[Edit]:
        self.top()
        added = self.structure()
        for section in ("criteria", "indicators"):
            for node in self.new[section]:
                if node in self.old[section] and node not in added:
                    self.node(section, node, added)
        self.fields()
        return self.edits

    def top(self) -> None:
        for key in TOP_SCORED:
            if self.old[key] != self.new[key]:
                self.add(None, "kader", [f"{key}: {self.old[key]} → {self.new[key]}"], [(key,)])
        info = [k for k in ("id", "version", "title", "authors", "basis", "description") if self.old[k] != self.new[k]]
        if info:
            self.add(None, "tekst", ["kadergegevens gewijzigd: " + ", ".join(info)], [(k,) for k in info], False)

    def _subtree(self, data: dict, root: str) -> tuple[list[str], list[str]]:
        crits, frontier = [root], [root]
        while frontier:
            node = frontier.pop()
            kids = [c for c, v in data["criteria"].items() if v["parent"] == node]
            crits += kids
            frontier += kids
        inds = [i for i, v in data["indicators"].items() if v["parent"] in crits]
        return crits, inds

    def structure(self) -> set[str]:
        """Added and removed criteria (with their subtree) and indicators; returns nodes already covered."""
        covered: set[str] = set()
        for cid, crit in self.new["criteria"].items():
            if cid in self.old["criteria"] or cid in covered:
                continue
            crits, inds = self._subtree(self.new, cid)
            covered |= set(crits) | set(inds)
            names = ", ".join(self.new_rs.node_title(i) for i in inds)
            line = (
                f"criterium toegevoegd: {self.title(cid)} onder {crit['parent']}, gewicht {_num(crit['weight'])}, "
                f"met {len(inds)} indicator(en): {names}"
            )
            moved = [i for i in inds if i in self.old["indicators"]]
            lines = [line] + [
                f"{self.title(i)} verplaatst: {self.old['indicators'][i]['parent']} → "
                f"{self.new['indicators'][i]['parent']}"
                for i in moved
            ]
            paths = [("criteria", c) for c in crits] + [("indicators", i) for i in inds]
            self.add(cid, "toegevoegd", lines, paths)
        for cid, crit in self.old["criteria"].items():
            if cid in self.new["criteria"] or cid in covered:
                continue
            crits, inds = self._subtree(self.old, cid)
            covered |= set(crits) | set(inds)
            self.add(
                cid,
                "verwijderd",
                [(f"criterium verwijderd: {self.title(cid)} met alles eronder ({len(inds)} indicator(en))")],
                [("criteria", c) for c in crits] + [("indicators", i) for i in inds],
            )
        for iid, ind in self.new["indicators"].items():
            if iid not in self.old["indicators"] and iid not in covered:
                self.add(
                    iid,
                    "toegevoegd",
                    [(f"indicator toegevoegd: {self.title(iid)} onder {ind['parent']}, gewicht {_num(ind['weight'])}")],
                    [("indicators", iid)],
                )
        for iid in self.old["indicators"]:
            if iid not in self.new["indicators"] and iid not in covered:
                self.add(iid, "verwijderd", [f"indicator verwijderd: {self.title(iid)}"], [("indicators", iid)])
        return covered

    def node(self, section: str, node: str, covered: set[str]) -> None:
        old, new = self.old[section][node], self.new[section][node]
        title = self.title(node)
        if old["weight"] != new["weight"]:
            self.add(
                node,
                "gewicht",
                [f"gewicht van {title}: {_num(old['weight'])} → {_num(new['weight'])}"],
                [(section, node, "weight")],
            )
        if old["parent"] != new["parent"]:
            self.add(
                node,
                "verplaatst",
                [f"{title} verplaatst: {old['parent']} → {new['parent']}"],
                [(section, node, "parent")],
            )
        if old["applies_to"] != new["applies_to"]:
            self.add(
                node,
                "geldt voor",
                [(f"{title} geldt voor: {_applies(old['applies_to'])} → {_applies(new['applies_to'])}")],
                [(section, node, "applies_to")],
            )
        if section == "criteria" and old["norm"] != new["norm"]:
            o = "grens voor voldoende" if old["norm"] is None else f"minstens {_num(old['norm']['at_least'])}"
            n = "grens voor voldoende" if new["norm"] is None else f"minstens {_num(new['norm']['at_least'])}"
            self.add(node, "norm", [f"norm van {title}: {o} → {n}"], [(section, node, "norm")])
        if section == "indicators":
            lines = _measurement_lines(title, old, new)
            if lines:
                kind = "norm" if all(line.startswith("norm van") for line in lines) else "meting"
                self.add(node, kind, lines, [(section, node, k) for k in MEASUREMENT if old[k] != new[k]])
        texts = [k for k in INFO if k in old and old[k] != new[k]]
        if texts:
            names = {"title": "titel", "toelichting": "toelichting", "description": "omschrijving"}
            self.add(
                node,
                "tekst",
                [f"{' en '.join(names[k] for k in texts)} van {title} gewijzigd"],
                [(section, node, k) for k in texts],
                False,
            )

    def fields(self) -> None:
        self.reference_parts()
        for section, what in (("fields", "veld"), ("derived", "afgeleid veld")):
            old, new = self.old[section], self.new[section]
            for name in new:
                if name not in old:
                    self.add(
                        None, "veld", [f"{what} toegevoegd: {name} ({new[name]['title']})"], [(section, name)], False
                    )
                elif old[name] != new[name]:
                    changed = ", ".join(k for k in new[name] if old[name].get(k) != new[name][k])
                    scored = section == "derived" and old[name]["formula"] != new[name]["formula"]
                    self.add(None, "veld", [f"{what} {name} gewijzigd: {changed}"], [(section, name)], scored)
            for name in old:
                if name not in new:
                    self.add(None, "veld", [f"{what} verwijderd: {name}"], [(section, name)], False)

    def reference_parts(self) -> None:
        """Reference groups (a change can move every score compared with them) and signals (never scored)."""
        for section, what, scored in (("reference_groups", "referentiegroep", True), ("signals", "signaal", False)):
            old, new = self.old.get(section, {}), self.new.get(section, {})
            for name in new:
                if name not in old:
                    self.add(
                        None, what, [f"{what} toegevoegd: {name} ({new[name]['title']})"], [(section, name)], False
                    )
                elif old[name] != new[name]:
                    changed = ", ".join(k for k in new[name] if old[name].get(k) != new[name][k])
                    self.add(None, what, [f"{what} {name} gewijzigd: {changed}"], [(section, name)], scored)
            for name in old:
                if name not in new:
                    self.add(None, what, [f"{what} verwijderd: {name}"], [(section, name)], False)


def diff_rulesets(old: Ruleset, new: Ruleset) -> list[Edit]:
    """The edits from `old` to `new`, numbered: first those that can change a score, then the others."""
    edits = _Differ(old, new).run()
    ordered = [e for e in edits if e.scored] + [e for e in edits if not e.scored]
    return [replace(e, number=i + 1) for i, e in enumerate(ordered)]

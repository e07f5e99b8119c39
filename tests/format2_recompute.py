"""Recompute a result in format 2 from its JSON alone, as an outsider would (docs/resultaat-json.md).

Deliberately independent of the criteria package: plain Python over the parsed JSON, no text parsing. Every
indicator score, criterion score and verdict (and completeness, weight shares, contributions, marks, nullijn,
measure and the period) is recomputed from the ruleset part and the numbers of the subject, and compared with
the stored value. `recompute(doc)` returns what it checked and a list of mismatches (empty: all agree).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

SCORE_TOL = 2e-6  # scores are stored with 6 decimals; a weighted mean of rounded scores is off by at most 5e-7
NOT_APPLICABLE, NO_DATA, NO_NORM, PASS, FAIL = (
    "niet van toepassing",
    "onvoldoende gegevens",
    "geen norm",
    "voldoet",
    "voldoet niet",
)


@dataclass
class Check:
    counts: Counter = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    def same(self, what: str, where: str, got: Any, want: Any, tol: float = 0.0, rel: float = 0.0) -> None:
        self.counts[what] += 1
        if isinstance(got, float) and isinstance(want, float):
            if math.isclose(got, want, abs_tol=tol, rel_tol=rel):
                return
        elif got == want:
            return
        self.problems.append(f"{where}: {what} stored {got!r}, recomputed {want!r}")


def half_up(x: float, decimals: int = 1) -> float:
    """A number rounded as shown: on its decimal value (noise below 9 decimals removed), halves up."""
    value = Decimal(repr(float(x))).quantize(Decimal("1e-9"))
    return float(value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def near_mark_edge(x: float) -> bool:
    """Within the 6-decimal rounding of a score of a half tenth (x,x5), where the stored score cannot decide."""
    tenths = x * 10
    return abs(tenths - math.floor(tenths) - 0.5) < 1e-5


def score_of(rule: dict, measure: Any) -> float | None:
    if measure is None:
        return None
    kind = rule["kind"]
    if kind == "ordinal":
        return rule["scale"].get(measure)
    if kind == "yesno":
        if isinstance(measure, str):
            return {"ja": rule["ja"], "nee": rule["nee"]}.get(measure)
        return rule["ja"] if measure != 0 else rule["nee"]
    if kind == "linear":
        return min(10.0, max(0.0, 10.0 * (measure - rule["slecht"]) / (rule["goed"] - rule["slecht"])))
    for band in rule["bands"]:  # the first band (in the ruleset's order) with min <= measure < max
        if (band["min"] is None or measure >= band["min"]) and (band["max"] is None or measure < band["max"]):
            return band["score"]
    return None


def band_of(rule: dict, measure: float | None) -> int | None:
    if measure is None:
        return None
    for i, band in enumerate(rule["bands"]):
        if (band["min"] is None or measure >= band["min"]) and (band["max"] is None or measure < band["max"]):
            return i
    return None


def norm_verdict(norm: dict | None, measure: Any) -> str:
    if measure is None:
        return NO_DATA
    if norm is None:
        return NO_NORM
    if isinstance(measure, str):
        return PASS if measure in (norm["one_of"] or []) else FAIL
    ok = True
    if norm["at_least"] is not None:
        ok &= measure >= norm["at_least"]
    if norm["at_most"] is not None:
        ok &= measure <= norm["at_most"]
    if norm["one_of"]:
        ok &= ("ja" in norm["one_of"]) if measure != 0 else ("nee" in norm["one_of"])
    return PASS if ok else FAIL


def measure_of(kind: str, value: float | None, nullijn: float | None) -> float | None:
    if value is None or (kind != "value" and nullijn is None):
        return None
    if kind == "value":
        return value
    if kind == "difference":
        return value - nullijn
    if nullijn == 0:
        return None
    if kind == "relative_difference":
        return (value - nullijn) / abs(nullijn) * 100.0
    return value / nullijn * 100.0


class _Subject:
    def __init__(self, doc: dict, subject: dict, check: Check):
        self.rs, self.subject, self.check = doc["ruleset"], subject, check
        self.defs = {n["id"]: n for n in [*self.rs["nodes"], *self.rs["signals"]]}
        self.numbers = {**subject["nodes"], **subject["signals"]}
        self.by_id = {s["id"]: s for s in doc["subjects"]}
        self.tags = set(subject["tags"])
        self.inputs = {(i["field"], i["year"], i["partner"]): i["value"] for i in subject["inputs"]}

    def where(self, node: str, y: int) -> str:
        return f"{self.subject['id']} {self.subject['years'][y]} {node}"

    def applies(self, node: str) -> bool:
        d = self.defs[node]
        own = d["applies_to"] is None or bool(self.tags & set(d["applies_to"]))
        return own and (d["parent"] is None or self.applies(d["parent"]))

    def nullijn(self, node: str, y: int) -> float | None:
        d, got = self.defs[node], self.numbers[node]
        null, year = d["nullijn"], self.subject["years"][y]
        if null is None:
            return None
        if null["kind"] == "fixed":
            return null["value"]
        if null["kind"] == "reference":
            return self.inputs.get((null["field"], year, None))
        if null["kind"] == "reference_group":
            stat = got["group"]["statistic"][y]
            scale = got["scale"][y] if null.get("scale") else 1.0
            return None if stat is None or scale is None else stat * scale
        source = got["nullijn_source"]  # base_year
        if source["year"] is None:  # a voorstel: its huidige situatie in the same year
            other = self.by_id[source["subject"]]
            return {**other["nodes"], **other["signals"]}[node]["value"][other["years"].index(year)]
        if source["year"] in self.subject["years"]:  # the base year is itself evaluated: the same value there
            self.check.same(
                "nullijn bron",
                self.where(node, y),
                source["value"],
                got["value"][self.subject["years"].index(source["year"])],
            )
        if source["subject"] == self.subject["id"] and d["formula"] in self.rs_fields():
            self.check.same(
                "nullijn bron",
                self.where(node, y),
                source["value"],
                self.inputs.get((d["formula"], source["year"], None)),
            )
        return source["value"]

    def rs_fields(self) -> set[str]:
        return {f["id"] for f in self.rs["fields"] if f["scope"] != "partner"}

    def indicator(self, node: str, y: int) -> None:
        d, got, where = self.defs[node], self.numbers[node], self.where(node, y)
        applies = self.applies(node)
        self.check.same("van toepassing", where, got["applicable"], applies)
        value, measure = got["value"][y], got["measure"][y]
        if d.get("value_type", "number") == "number":
            if d["formula"] in self.rs_fields():  # the value is one input: it is that input
                self.check.same("waarde", where, value, self.inputs.get((d["formula"], self.subject["years"][y], None)))
            null = self.nullijn(node, y)
            self.check.same("nullijn", where, got["nullijn"][y], null, rel=1e-12)
            want = measure_of(d["measure"], value, null)
            if want is not None and measure is not None:
                self.check.same("meting", where, measure, want, tol=1e-9, rel=1e-10)
            elif not got["invalid"][y]:
                self.check.same("meting", where, measure, want)
        if d["kind"] == "signaal":  # shown, never scored
            return
        if not applies:
            self.check.same("indicatorscore", where, got["score"][y], None)
            self.check.same("oordeel", where, got["verdict"][y], NOT_APPLICABLE)
            return
        want = score_of(d["scoring"], measure)
        if want is None or got["score"][y] is None:
            self.check.same("indicatorscore", where, got["score"][y], want)
        else:
            self.check.same("indicatorscore", where, got["score"][y], want, tol=SCORE_TOL)
        if d["scoring"]["kind"] == "bands" and d["value_type"] == "number":
            self.check.same("band", where, got["band"][y], band_of(d["scoring"], measure))
        norm = d["norm"]
        if norm is not None and norm.get("relative_to") is not None:
            stat = got["norm_group"]["statistic"][y]
            deviation = None if value is None or not stat else (value - stat) / abs(stat) * 100.0
            if deviation is not None:
                self.check.same("afwijking", where, got["deviation"][y], deviation, rel=1e-12)
            measure = got["deviation"][y]
        self.check.same("oordeel", where, got["verdict"][y], norm_verdict(norm, measure))

    def criterion(self, node: str, y: int) -> None:
        d, got, where = self.defs[node], self.subject["nodes"][node], self.where(node, y)
        kids = [(k, self.subject["nodes"][k], self.defs[k]) for k in d["children"]]
        in_scope = self.applies(node)
        applicable_w = sum(kd["weight"] for _, kg, kd in kids if self.kid_applies(kg, kd, y))
        applies = in_scope and applicable_w > 0
        self.check.same("van toepassing", where, got["applicable"], applies)
        present = [(k, kg, kd) for k, kg, kd in kids if self.kid_applies(kg, kd, y) and kg["score"][y] is not None]
        weight = sum(kd["weight"] for _, _, kd in present)
        score = sum(kd["weight"] * kg["score"][y] for _, kg, kd in present) / weight if applies and weight > 0 else None
        for k, kg, kd in kids:
            share = kd["weight"] / weight if (k, kg, kd) in present and weight > 0 else None
            self.check.same("aandeel", self.where(k, y), kg["weight_share"][y], share, tol=SCORE_TOL)
            stored_share = kg["weight_share"][y]  # as stored (6 decimals): contribution = that × the score
            contribution = None if share is None or stored_share is None else round(stored_share * kg["score"][y], 6)
            self.check.same("bijdrage", self.where(k, y), kg["contribution"][y], contribution, tol=SCORE_TOL)
        if applies:
            done = sum(
                kd["weight"]
                * (kg["completeness"][y] if kd["kind"] == "criterium" else float(kg["score"][y] is not None))
                for _, kg, kd in kids
                if self.kid_applies(kg, kd, y)
            )
            self.check.same("volledigheid", where, got["completeness"][y], done / applicable_w, tol=SCORE_TOL)
        self.check.same("score vóór knock-out", where, got["score_before_knockout"][y], score, tol=SCORE_TOL)
        knocked = [
            k
            for k, kg, kd in kids
            if kd["kind"] == "indicator"
            and kd["norm"] is not None
            and kd["norm"]["knockout"] != "none"
            and kg["verdict"][y] == FAIL
        ]
        self.check.same("knock-outs", where, got["knocked_out_by"][y], knocked)
        for k in knocked:
            cap = self.defs[k]["norm"]["cap"]
            if cap is not None and score is not None:
                score = min(score, cap)
        self.check.same("criteriumscore", where, got["score"][y], score, tol=SCORE_TOL)
        stored = got["score"][y]
        if stored is not None and not near_mark_edge(stored):
            self.check.same("cijfer", where, got["mark"][y], half_up(stored))
        if not applies:
            verdict = NOT_APPLICABLE
        elif stored is None:
            verdict = NO_DATA
        elif knocked:
            verdict = FAIL
        else:
            verdict = PASS if got["mark"][y] >= d["pass_mark"] else FAIL
        self.check.same("oordeel", where, got["verdict"][y], verdict)

    def kid_applies(self, kg: dict, kd: dict, y: int) -> bool:
        return self.node_applies(kd["id"])

    def node_applies(self, node: str) -> bool:
        """applies_to of the node and its ancestors; a criterion also needs a child with weight that applies."""
        d = self.defs[node]
        if d["kind"] == "indicator":
            return self.applies(node)
        return self.applies(node) and sum(self.defs[k]["weight"] for k in d["children"] if self.node_applies(k)) > 0

    def period(self) -> None:
        p, root = self.subject["period"], self.rs["root"]
        totals = [s for s in self.subject["nodes"][root]["score"] if s is not None]
        where = f"{self.subject['id']} periode"
        self.check.same("jaren met gegevens", where, p["years_with_data"], len(totals))
        rule = self.rs["period"]["score"]
        score = (
            None
            if not totals
            else {"mean": lambda: sum(totals) / len(totals), "last": lambda: totals[-1], "min": lambda: min(totals)}[
                rule
            ]()
        )
        self.check.same("periodescore", where, p["score"], score, tol=SCORE_TOL)
        pass_mark = self.defs[root]["pass_mark"]
        verdict = NO_DATA if score is None else PASS if half_up(p["score"]) >= pass_mark else FAIL
        self.check.same("oordeel", where, p["verdict"], verdict)
        tolerance = self.rs["period"]["trend_tolerance"]
        for node, trend in p["trends"].items():
            points = [
                (y, s) for y, s in zip(self.subject["years"], self.subject["nodes"][node]["score"]) if s is not None
            ]
            if len(points) < 2:
                self.check.same("trend", where, (trend["slope"], trend["trend"]), (None, "onbekend"))
                continue
            mx = sum(y for y, _ in points) / len(points)
            my = sum(s for _, s in points) / len(points)
            slope = sum((y - mx) * (s - my) for y, s in points) / sum((y - mx) ** 2 for y, _ in points)
            self.check.same("helling", f"{where} {node}", trend["slope"], slope, tol=SCORE_TOL)
            if abs(abs(slope) - tolerance) > 1e-6:
                label = "stijgend" if slope > tolerance else "dalend" if slope < -tolerance else "stabiel"
                self.check.same("trend", f"{where} {node}", trend["trend"], label)

    def run(self) -> None:
        order = list(reversed(self.rs["nodes"]))  # tree order reversed: children before their parents
        for y in range(len(self.subject["years"])):
            for d in order:
                (self.indicator if d["kind"] == "indicator" else self.criterion)(d["id"], y)
            for d in self.rs["signals"]:
                self.indicator(d["id"], y)
        if self.subject["years"]:
            self.period()


def recompute(doc: dict) -> Check:
    """Recompute every subject of a format-2 result; the Check holds the counts and any mismatches."""
    assert doc["format"] == "criteria-resultaat" and doc["format_version"] == 2
    check = Check()
    for subject in doc["subjects"]:
        if subject["nodes"] is not None:
            _Subject(doc, subject, check).run()
    return check

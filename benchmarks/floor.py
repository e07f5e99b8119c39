"""The columnar floor: what evaluating a case costs at least, as its own process, for the whole-process benchmarks.

Reads the same case folder as `criteria` (case.toml, the ruleset TOML, the long data tables) with polars and
tomllib, computes the same tree with numpy (formula values, nullijn, measure, linear scores per indicator,
knock-outs, the weighted mean over the children with data up the criteria tree) and writes the total per
subject and year:

    .venv/bin/python benchmarks/floor.py CASE -o totalen.csv      # onderwerp;jaar;totaal

It covers what the synthetic national case uses (benchmarks/case_files.py) and stops with a message on any other
ruleset feature. No checks, no explanations, no sources: a floor, not a product. It imports neither `criteria`
nor pydantic; polars is a benchmark-only dependency (benchmarks/requirements.txt).
"""

from __future__ import annotations

import argparse
import ast
import sys
import tomllib
from functools import reduce
from pathlib import Path

import numpy as np

_FUNCTIONS = {
    "abs": lambda x: np.abs(x),
    "min": lambda *xs: reduce(np.minimum, xs),
    "max": lambda *xs: reduce(np.maximum, xs),
}
_OPERATORS = {ast.Add: np.add, ast.Sub: np.subtract, ast.Mult: np.multiply, ast.Div: np.divide}


class Unsupported(Exception):
    """A ruleset or case feature the floor does not implement."""


def _formula(text: str, columns: dict[str, np.ndarray]) -> np.ndarray | float:
    def walk(node: ast.AST):
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return float(node.value)
        if isinstance(node, ast.Name):
            return columns[node.id]
        if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
            return _OPERATORS[type(node.op)](walk(node.left), walk(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            return -walk(node.operand) if isinstance(node.op, ast.USub) else walk(node.operand)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _FUNCTIONS:
            return _FUNCTIONS[node.func.id](*(walk(a) for a in node.args))
        raise Unsupported(f"formule {text!r}: {ast.dump(node)[:60]}")

    return walk(ast.parse(text, mode="eval"))


def _names(text: str) -> set[str]:
    return {n.id for n in ast.walk(ast.parse(text, mode="eval")) if isinstance(n, ast.Name)} - set(_FUNCTIONS)


def all_years(ruleset: dict) -> list[int]:
    """The evaluation years plus the base years of a nullijn (as the engine binds them)."""
    default = ruleset.get("nullijn")
    extra = set()
    for ind in ruleset["indicators"].values():
        null = ind.get("nullijn", default)
        if null and null["kind"] == "base_year" and ind.get("measure", "value") != "value":
            extra.add(null["year"])
    return sorted(set(ruleset["years"]) | extra)


def columns_from_long(
    subject: np.ndarray,
    field: np.ndarray,
    year: np.ndarray,
    value: np.ndarray,
    n_subjects: int,
    fields: list[str],
    years: list[int],
) -> dict[str, np.ndarray]:
    """Per field an array (subjects, years), NaN where absent. `subject`, `field`: codes (subject -1 = every
    subject); `year`: the year itself. Rows of other years or fields (code -1) are ignored."""
    y_code = np.full(max(years) - min(years) + 1, -1)
    y_code[np.array(years) - min(years)] = np.arange(len(years))
    inside = (year >= min(years)) & (year <= max(years)) & (field >= 0)
    yi = np.where(inside, y_code[np.clip(year - min(years), 0, len(y_code) - 1)], -1)
    keep = inside & (yi >= 0)
    cube = np.full((len(fields), n_subjects, len(years)), np.nan)
    everyone = keep & (subject < 0)
    if everyone.any():
        cube[field[everyone], :, yi[everyone]] = value[everyone][:, None]
    own = keep & (subject >= 0)
    cube[field[own], subject[own], yi[own]] = value[own]
    return {name: cube[i] for i, name in enumerate(fields)}


def _children(ruleset: dict) -> tuple[str, dict[str, list[str]]]:
    nodes = {
        **{c: v.get("parent") for c, v in ruleset["criteria"].items()},
        **{i: v["parent"] for i, v in ruleset["indicators"].items()},
    }
    children: dict[str, list[str]] = {c: [] for c in ruleset["criteria"]}
    for node, parent in nodes.items():
        if parent is not None:
            children[parent].append(node)
    roots = [c for c, p in nodes.items() if p is None]
    if len(roots) != 1:
        raise Unsupported(f"{len(roots)} wortels in de criteriaboom")
    return roots[0], children


def _indicator(
    ind: dict, default_null: dict | None, columns: dict[str, np.ndarray], years: list[int], shape: tuple[int, int]
) -> tuple[np.ndarray, np.ndarray]:
    """(measure, score) over all years."""
    value = np.broadcast_to(_formula(ind["formula"], columns), shape)
    value = np.where(np.isfinite(value), value, np.nan)
    measure_kind, null = ind.get("measure", "value"), ind.get("nullijn", default_null)
    nullijn = np.full(shape, np.nan)
    if measure_kind != "value" and null is not None:
        if null["kind"] == "base_year":
            nullijn = np.repeat(value[:, [years.index(null["year"])]], shape[1], axis=1)
        elif null["kind"] == "reference":
            nullijn = columns[null["field"]]
        elif null["kind"] == "fixed":
            nullijn = np.full(shape, float(null["value"]))
        else:
            raise Unsupported(f"nullijn {null['kind']}")
    measure = {
        "value": lambda: value,
        "difference": lambda: value - nullijn,
        "relative_difference": lambda: (value - nullijn) / np.abs(nullijn) * 100.0,
        "index": lambda: value / nullijn * 100.0,
    }[measure_kind]()
    measure = np.where(np.isfinite(measure), measure, np.nan)
    rule = ind["scoring"]
    if rule["kind"] != "linear":
        raise Unsupported(f"scoring {rule['kind']}")
    score = np.clip(10.0 * ((measure - rule["slecht"]) / (rule["goed"] - rule["slecht"])), 0.0, 10.0)
    return measure, score


def _fails(measure: np.ndarray, norm: dict) -> np.ndarray:
    ok = np.ones(measure.shape, dtype=bool)
    if "one_of" in norm:
        raise Unsupported("norm one_of")
    if norm.get("at_least") is not None:
        ok &= measure >= norm["at_least"]
    if norm.get("at_most") is not None:
        ok &= measure <= norm["at_most"]
    return ~np.isnan(measure) & ~ok


def evaluate(ruleset: dict, tags: list[list[str]], columns: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Score (subjects, evaluation years) of every criterion; NaN where there is none."""
    if ruleset.get("extends") or ruleset.get("missing_data") != "reweigh":
        raise Unsupported("extends of missing_data anders dan reweigh")
    years, evaluated = all_years(ruleset), ruleset["years"]
    shape = (len(tags), len(years))
    columns = dict(columns)
    todo = dict(ruleset.get("derived", {}))
    while todo:  # derived fields in dependency order
        ready = [d for d, spec in todo.items() if _names(spec["formula"]) <= set(columns)]
        if not ready:
            raise Unsupported("afgeleide velden in een kring")
        for d in ready:
            value = np.broadcast_to(_formula(todo.pop(d)["formula"], columns), shape)
            columns[d] = np.where(np.isfinite(value), value, np.nan)
    root, children = _children(ruleset)
    tag_sets = [set(t) for t in tags]
    specs = {**ruleset["criteria"], **ruleset["indicators"]}

    def applies(node: str, inherited: np.ndarray) -> np.ndarray:
        spec = specs[node].get("applies_to")
        own = np.ones(len(tags), dtype=bool) if spec is None else np.array([bool(t & set(spec)) for t in tag_sets])
        return inherited & own

    columns_of = [years.index(y) for y in evaluated]

    def node(name: str, inherited: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, float | None]:
        """(score, applicable, knock-out hit, cap) of `name` over the evaluation years."""
        app = applies(name, inherited)
        applicable = np.repeat(app[:, None], len(evaluated), axis=1)
        if name in ruleset["indicators"]:
            ind = ruleset["indicators"][name]
            measure, score = (a[:, columns_of] for a in _indicator(ind, ruleset.get("nullijn"), columns, years, shape))
            norm = ind.get("norm") or {}
            knock = norm.get("knockout", "none")
            hit = _fails(measure, norm) & applicable if knock != "none" else None
            return np.where(applicable, score, np.nan), applicable, hit, norm.get("cap") if knock == "cap" else None
        num, present_w, applicable_w = (np.zeros(applicable.shape) for _ in range(3))
        caps = []
        for kid in children[name]:
            score, kid_app, hit, cap = node(kid, app)
            weight = float(specs[kid].get("weight", 1.0))
            present = kid_app & ~np.isnan(score)
            num += weight * np.where(present, score, 0.0)
            present_w += weight * present
            applicable_w += weight * kid_app
            if hit is not None and cap is not None:
                caps.append((hit, cap))
        ok = applicable & (applicable_w > 0)
        with np.errstate(invalid="ignore", divide="ignore"):
            total = np.where(ok & (present_w > 0), num / present_w, np.nan)
        for hit, cap in caps:
            total = np.where(hit & ~np.isnan(total), np.minimum(total, cap), total)
        scores[name] = total
        return total, ok, None, None

    scores: dict[str, np.ndarray] = {}
    with np.errstate(all="ignore"):
        node(root, np.ones(len(tags), dtype=bool))
    scores["__root__"] = scores[root]
    return scores


def read_case(folder: Path) -> tuple[dict, list[str], list[list[str]], dict[str, np.ndarray]]:
    """(ruleset, in-scope subject ids, their tags, the field columns) of a case folder, read with polars."""
    import polars as pl

    manifest = tomllib.loads((folder / "case.toml").read_text(encoding="utf-8"))
    ruleset = tomllib.loads((folder / manifest["ruleset"]).read_text(encoding="utf-8"))
    subjects = [s for s, spec in manifest["subjects"].items() if spec.get("in_scope", True)]
    tags = [manifest["subjects"][s].get("tags", []) for s in subjects]
    if any(f.get("scope") == "partner" for f in ruleset.get("fields", {}).values()):
        raise Unsupported("velden per partner")
    fields, years = list(ruleset.get("fields", {})), all_years(ruleset)
    frames = [
        pl.read_csv(
            folder / name,
            separator=";",
            comment_prefix="#",
            columns=["onderwerp", "jaar", "veld", "waarde"],
            schema_overrides={"onderwerp": pl.String, "jaar": pl.Int32, "veld": pl.String, "waarde": pl.Float64},
        )
        for name in manifest["data"]
    ]
    subject_enum, field_enum = pl.Enum(subjects), pl.Enum(fields)
    long = (
        pl.concat(frames)
        .filter(pl.col("veld").is_in(fields))
        .select(
            pl.col("onderwerp").cast(subject_enum).to_physical().cast(pl.Int64).fill_null(-1),
            pl.col("veld").cast(field_enum).to_physical().cast(pl.Int64),
            pl.col("jaar").cast(pl.Int64),
            pl.col("waarde"),
        )
    )
    s, f, y, v = (long.get_column(c).to_numpy() for c in ("onderwerp", "veld", "jaar", "waarde"))
    return ruleset, subjects, tags, columns_from_long(s, f, y, v, len(subjects), fields, years)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="De kolomsgewijze ondergrens: totalen per onderwerp en jaar.")
    parser.add_argument("casus", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True, help="CSV: onderwerp;jaar;totaal")
    args = parser.parse_args(argv)
    import polars as pl

    try:
        ruleset, subjects, tags, columns = read_case(args.casus)
        total = evaluate(ruleset, tags, columns)["__root__"]
    except Unsupported as err:
        print(f"floor: niet ondersteund: {err}", file=sys.stderr)
        return 2
    years = ruleset["years"]
    pl.DataFrame(
        {
            "onderwerp": np.repeat(subjects, len(years)),
            "jaar": np.tile(years, len(subjects)),
            "totaal": total.reshape(-1),
        }
    ).write_csv(args.output, separator=";")
    return 0


if __name__ == "__main__":
    sys.exit(main())

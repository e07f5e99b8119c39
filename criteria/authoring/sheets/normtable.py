"""The norm table of a ruleset (pure): weights, scoring (anchors, bands, scales), norms and nullijnen as
rows of one spreadsheet table, and back.

One table, the same in XLSX and CSV, sorted as the ruleset: a row per criterion and indicator, under an
indicator a row per band (soort "band") or scale label (soort "schaal"), and on top a row for the
ruleset as a whole (soort "kader": pass_mark and the default nullijn). Empty cells are absent settings.
Titles are shown to help the reader; formulas, texts and the tree stay in the TOML file.
"""

from __future__ import annotations

from collections.abc import Sequence

from criteria.files.marker import NORM_TABLE_COLUMNS
from criteria.model.ruleset import BandsScoring, LinearScoring, Nullijn, OrdinalScoring, Ruleset, YesNoScoring

COLUMNS = list(NORM_TABLE_COLUMNS)  # the header line, which is also criteria's marker (criteria.files.marker)
GROUP_CELLS = {
    "nullijn_groep": "group",
    "nullijn_statistiek": "statistic",
    "nullijn_teller": "numerator",
    "nullijn_noemer": "denominator",
    "nullijn_schaal": "scale",
}  # a reference_group nullijn
LIST_SEPARATOR = "|"
Row = dict[str, object]


def _nullijn_cells(null: Nullijn | None) -> Row:
    if null is None:
        return {}
    return {
        "nullijn_soort": null.kind,
        "nullijn_jaar": null.year,
        "nullijn_veld": null.field,
        "nullijn_waarde": null.value,
        "nullijn_bron": null.bron,
        "nullijn_beschrijving": null.description,
        **{cell: getattr(null, key) for cell, key in GROUP_CELLS.items()},
    }


def table_rows(rs: Ruleset) -> list[Row]:
    rows: list[Row] = [
        {"soort": "kader", "id": rs.id, "titel": rs.title, "norm_minstens": rs.pass_mark, **_nullijn_cells(rs.nullijn)}
    ]
    for cid, crit in rs.criteria.items():
        rows.append(
            {
                "soort": "criterium",
                "id": cid,
                "titel": crit.title,
                "gewicht": crit.weight,
                "norm_minstens": crit.norm.at_least if crit.norm else None,
            }
        )
    for iid, ind in rs.indicators.items():
        row: Row = {
            "soort": "indicator",
            "id": iid,
            "titel": ind.title,
            "gewicht": ind.weight,
            "maat": ind.measure,
            "scoring": ind.scoring.kind,
            **_nullijn_cells(ind.nullijn),
        }
        sc = ind.scoring
        if isinstance(sc, LinearScoring):
            row.update(slecht=sc.slecht, goed=sc.goed)
        elif isinstance(sc, YesNoScoring):
            row.update(ja=sc.ja, nee=sc.nee)
        if ind.norm is not None:
            n = ind.norm
            row.update(
                norm_minstens=n.at_least,
                norm_hoogstens=n.at_most,
                knockout=n.knockout,
                cap=n.cap,
                norm_een_van=LIST_SEPARATOR.join(n.one_of) if n.one_of else None,
            )
        rows.append(row)
        if isinstance(sc, BandsScoring):
            rows += [
                {
                    "soort": "band",
                    "id": iid,
                    "band": i + 1,
                    "min": b.min,
                    "max": b.max,
                    "score": b.score,
                    "label": b.label,
                }
                for i, b in enumerate(sc.bands)
            ]
        elif isinstance(sc, OrdinalScoring):
            rows += [
                {"soort": "schaal", "id": iid, "label": label, "score": score} for label, score in sc.scale.items()
            ]
    return [{k: v for k, v in row.items() if v is not None} for row in rows]


def _nullijn(row: Row) -> dict | None:
    if "nullijn_soort" not in row:
        return None
    keys = {
        "nullijn_soort": "kind",
        "nullijn_jaar": "year",
        "nullijn_veld": "field",
        "nullijn_waarde": "value",
        "nullijn_bron": "bron",
        "nullijn_beschrijving": "description",
        **GROUP_CELLS,
    }
    return {target: row[source] for source, target in keys.items() if source in row}


def _norm(row: Row) -> dict | None:
    keys = {"norm_minstens": "at_least", "norm_hoogstens": "at_most", "knockout": "knockout", "cap": "cap"}
    norm = {target: row[source] for source, target in keys.items() if source in row}
    if "norm_een_van" in row:
        norm["one_of"] = [part.strip() for part in str(row["norm_een_van"]).split(LIST_SEPARATOR)]
    return norm or None


def apply_rows(data: dict, rows: Sequence[tuple[Row, object]]) -> dict[tuple, object]:
    """Write the table's settings into ruleset data (in place). `rows` pairs each row with its place;
    returns key path -> place, to locate later problems. Unknown ids and row kinds raise KeyError-free:
    they are reported by the caller (see `unknown_ids`)."""
    places: dict[tuple, object] = {}
    bands: dict[str, list[dict]] = {}
    scales: dict[str, dict] = {}
    for row, place in rows:
        kind, node = row.get("soort"), str(row.get("id", ""))
        if kind == "kader":
            _set(data, ("pass_mark",), row.get("norm_minstens"), places, place)
            _set(data, ("nullijn",), _nullijn(row), places, place)
        elif kind == "criterium" and node in data.get("criteria", {}):
            crit = data["criteria"][node]
            _set_in(crit, "weight", row.get("gewicht"), places, ("criteria", node, "weight"), place)
            norm = {"at_least": row["norm_minstens"]} if "norm_minstens" in row else None
            _set_in(crit, "norm", norm, places, ("criteria", node, "norm"), place)
        elif kind == "indicator" and node in data.get("indicators", {}):
            ind = data["indicators"][node]
            base = ("indicators", node)
            _set_in(ind, "weight", row.get("gewicht"), places, base + ("weight",), place)
            _set_in(ind, "measure", row.get("maat"), places, base + ("measure",), place)
            _set_in(ind, "nullijn", _nullijn(row), places, base + ("nullijn",), place)
            norm = _norm(row)
            relative = (ind.get("norm") or {}).get("relative_to")
            if norm is not None and relative is not None:  # not a cell of the table: kept as the ruleset has it
                norm["relative_to"] = relative
            _set_in(ind, "norm", norm, places, base + ("norm",), place)
            scoring = {"kind": row.get("scoring")}
            scoring.update({k: row[k] for k in ("slecht", "goed", "ja", "nee") if k in row})
            ind["scoring"] = scoring
            places[base + ("scoring",)] = place
            if scoring["kind"] == "bands":
                scoring["bands"] = bands.setdefault(node, [])
            elif scoring["kind"] == "ordinal":
                scoring["scale"] = scales.setdefault(node, {})
        elif kind == "band":
            band = {k: row[k] for k in ("min", "max", "score", "label") if k in row}
            target = bands.setdefault(node, [])
            places[("indicators", node, "scoring", "bands", len(target))] = place
            target.append(band)
        elif kind == "schaal":
            places[("indicators", node, "scoring", "scale", str(row.get("label")))] = place
            scales.setdefault(node, {})[str(row.get("label"))] = row.get("score")
    return places


def _set(data: dict, path: tuple, value: object, places: dict, place: object) -> None:
    _set_in(data, path[-1], value, places, path, place)


def _set_in(holder: dict, key: str, value: object, places: dict, path: tuple, place: object) -> None:
    places[path] = place
    if value is None:
        holder.pop(key, None)
    else:
        holder[key] = value

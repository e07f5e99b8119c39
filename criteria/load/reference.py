"""Load a case's reference table ([reference] in case.toml): values of many gemeenten that are not scored.

Either the bundled CBS Iv3 file (`source = "cbs-iv3"`, criteria/data/iv3/) or an own CSV/XLSX table in the
case folder, wide (one row per gemeente and year, one column per veld) or long (gemeente;jaar;veld;waarde;
bron;kwaliteit). The result is a criteria.engine.reference.ReferenceTable plus what explanations need: the
bron and quality of every value and the line it came from. Every problem is reported at once, in Dutch.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np

from criteria.engine import reference as ref
from criteria.errors import ProblemList, rows_place
from criteria.files.reading import Unreadable, read_regular
from criteria.limits import MAX_TABLE_BYTES
from criteria.load import reference_cache
from criteria.load.numbers import Refused, read_numbers
from criteria.load.table import Table, parse_table
from criteria.model.case import QUALITY_LABELS, ReferenceColumns, ReferenceSpec

BUNDLED = {"cbs-iv3": ("data", "iv3", "columns.toml")}
LONG_COLUMNS = ("gemeente", "jaar", "veld", "waarde", "bron", "kwaliteit")
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class LoadedReference:
    """A reference table with the provenance of each value (for explanations) and its file's identity."""

    table: ref.ReferenceTable
    title: str
    file: str  # as shown to a user
    bron_template: dict[str, str]  # column -> template with {jaar}, {stuk}, {gemeente}, {code}, {veld}, ...
    row_bron: tuple[str, ...] | None  # per source row: the row's own bron (bron column), if any
    row_fill: Sequence[dict[str, str]]  # per source row: the placeholder values (reference_cache.RowFill)
    row_line: tuple[int | None, ...]  # per source row: the line in the file (CSV)
    quality: dict[str, np.ndarray]  # column -> (codes, years) quality letter ("" where absent)
    titles: dict[str, str] = field(default_factory=dict)  # column -> title (bundled source)
    units: dict[str, str] = field(default_factory=dict)
    sha256: str = ""  # of the file's bytes (in RunMeta: which reference data a result used)

    def bron(self, column: str, row: int) -> str:
        if self.row_bron is not None:
            return self.row_bron[row]
        template = self.bron_template.get(column) or self.bron_template.get("*", "")
        fill = {**self.row_fill[row], "veld": column}
        return PLACEHOLDER.sub(lambda m: fill.get(m.group(1), m.group(0)), template)


@lru_cache(maxsize=4)
def _bundled_preset(source: str) -> tuple[dict, Path]:
    path = Path(__file__).resolve().parent.parent.joinpath(*BUNDLED[source])  # package data, next to the code
    preset = tomllib.loads(path.read_text(encoding="utf-8"))
    return preset, path.parent / preset["file"]


def load_reference(spec: ReferenceSpec, load, mshown: str, problems: ProblemList) -> LoadedReference | None:
    """Read the reference table of a case. `load(entry, key)` reads an own table in the case folder (or reports
    why not), as the case's data tables are read."""
    if spec.source is not None:
        loaded, digest = _bundled(spec, problems)
    else:
        table = load(spec.file, ("reference", "file"))
        if table is None:
            return None
        shown = table.path
        if spec.layout == "long":
            loaded = _long(table, spec, shown, problems)
        else:
            cols = spec.columns or ReferenceColumns()
            present = set(table.header)  # the Dutch column names are used when the table has them
            mapping = {
                "code": cols.code,
                "year": cols.year,
                "name": cols.name or ("naam" if "naam" in present else None),
                "province": cols.province or ("provincie" if "provincie" in present else None),
                "document": cols.document or ("stuk" if "stuk" in present else None),
            }
            templates = {"*": spec.bron} if isinstance(spec.bron, str) else dict(spec.bron or {})
            loaded = _wide(
                table,
                spec,
                mapping,
                templates,
                "bron" if "bron" in table.header else None,
                spec.quality,
                shown,
                problems,
            )
        digest = table.sha256
    if loaded is None:
        return None
    _check_tags(spec, loaded.table, mshown, problems)
    return with_tags(LoadedReference(**{**loaded.__dict__, "sha256": digest}), spec)


def _bundled(spec: ReferenceSpec, problems: ProblemList, stored: bool = True) -> tuple[LoadedReference | None, str]:
    """A bundled source's table for the case's document and the sha256 of its file: its stored form when that
    was made from these bytes (criteria/load/reference_cache.py, `stored`), else read from the CSV."""
    assert spec.source is not None
    preset, path = _bundled_preset(spec.source)
    shown = f"{spec.source} ({preset['file']})"
    title = spec.title or "CBS Iv3 gemeenten" + (f", {spec.document}" if spec.document else "")
    try:
        data = read_regular(path, MAX_TABLE_BYTES)
    except Unreadable as exc:
        problems.add(shown, "", exc.reason)
        return None, ""
    digest = hashlib.sha256(data).hexdigest()
    if stored and spec.document is not None:
        key = reference_cache.cache_key(digest, preset)
        found = reference_cache.read_cached(reference_cache.cache_path(path), key, spec.document.lower())
        if found is not None:
            return LoadedReference(**found, title=title), digest
    table = parse_table(data, False, shown, problems)
    if table is None:
        return None, digest
    mapping = {k: preset.get(k) for k in ("code", "name", "province", "year", "document")}
    columns = preset["columns"]
    templates = {name: preset["bron"].replace("{part}", col["part"]) for name, col in columns.items()}
    loaded = _wide(
        table,
        spec,
        mapping,
        templates,
        None,
        preset["quality"],
        shown,
        problems,
        titles={n: c["title"] for n, c in columns.items()},
        units={n: c["unit"] for n, c in columns.items()},
        title=title,
    )
    return loaded, digest


def bundled_documents(source: Literal["cbs-iv3"] = "cbs-iv3") -> tuple[dict, Path, dict[str, LoadedReference]]:
    """(column description, CSV path, document -> table read from the CSV) for every document in a bundled source:
    what criteria/load/reference_cache.py stores."""
    preset, path = _bundled_preset(source)
    problems = ProblemList()
    table = parse_table(path.read_bytes(), False, str(path), problems)
    assert table is not None and not problems.has_errors, problems
    documents = sorted({text.lower() for text in table.columns[preset["document"]].texts})
    loaded = {}
    for document in documents:
        found, _ = _bundled(ReferenceSpec(source=source, document=document), problems, stored=False)
        assert found is not None and not problems.has_errors, problems
        loaded[document] = replace(found, title="")
    return preset, path, loaded


def _at(table: Table, rows: np.ndarray) -> tuple[int | None, str]:
    """(line, place) of one or more table rows for a problem: "regel 12" or "regels 4, 8–12"."""
    numbers = [int(table.lines[i]) for i in rows]
    if len(numbers) == 1:
        return (numbers[0], "") if table.sheet is None else (None, table.place(int(rows[0])))
    return None, rows_place(numbers, sheet=table.sheet)


def _problem(problems: ProblemList, table: Table, rows, message: str, suggestion: str | None = None) -> None:
    line, place = _at(table, np.atleast_1d(rows))
    problems.add(table.path, place, message, suggestion=suggestion, line=line)


def _texts(table: Table, name: str) -> np.ndarray:
    """The texts of a column per row ("" for an empty cell), as an object array."""
    col = table.columns[name]
    texts = np.array([*col.texts, ""], dtype=object)
    return texts[col.codes]  # EMPTY (-1) picks the trailing ""


def whole_numbers(texts: list[str]) -> np.ndarray | None:
    """Each text's number when every text is a whole number (digits after at most one minus sign), else None."""
    if texts and all((bare := t.lstrip("-")).isdigit() and len(t) - len(bare) <= 1 for t in texts):
        return np.fromiter(map(float, texts), float, len(texts))
    return None


def _numbers(table: Table, name: str, keep: np.ndarray, problems: ProblemList) -> np.ndarray:
    """A column read as numbers (per distinct text, as the table writes numbers); NaN where empty or refused."""
    col = table.columns[name]
    whole = whole_numbers(col.texts)
    if whole is not None:  # whole numbers only (the CBS file): read at once, none refused
        out = np.append(whole, np.nan)[col.codes]
        for index, number in col.numbers.items():  # XLSX number cells
            out[index] = number
        return out
    read = read_numbers(col.texts, table.settings.number_format)
    per_text = np.array([v if isinstance(v, float) else np.nan for v in read] + [np.nan])
    out = per_text[col.codes]
    for index, number in col.numbers.items():  # XLSX number cells
        out[index] = number
    for code, refused in enumerate(read):
        if isinstance(refused, Refused) or (refused is None and col.texts[code]):
            rows = np.flatnonzero((col.codes == code) & keep)
            if len(rows):
                _problem(
                    problems,
                    table,
                    rows,
                    refused.message
                    if isinstance(refused, Refused)
                    else f"'{col.texts[code]}' in kolom '{name}' is geen getal",
                )
    return out


def _documents(table: Table, spec: ReferenceSpec, doc_col: str | None, problems: ProblemList) -> np.ndarray:
    """Per row: it belongs to the chosen document (begroting / jaarrekening), or the table has one kind."""
    every = np.ones(len(table), dtype=bool)
    if doc_col is None or doc_col not in table.columns:
        if spec.document is not None:
            problems.add(
                table.path,
                "kopregel",
                f'de tabel heeft geen kolom voor het stuk, maar de casus kiest document = "{spec.document}"',
                suggestion="laat 'document' weg of noem de kolom in [reference] columns",
            )
        return every
    docs = np.char.lower(_texts(table, doc_col).astype(str))
    kinds = sorted(set(docs.tolist()) - {""})
    if spec.document is None:
        if len(kinds) > 1:
            problems.add(
                table.path,
                "",
                f"de referentietabel bevat meerdere stukken ({', '.join(kinds)}); kies er één",
                suggestion=f'zet in [reference] document = "{kinds[-1]}"',
            )
        return every
    if spec.document.lower() not in kinds:
        problems.add(
            table.path,
            "",
            f"de referentietabel heeft geen rijen voor document '{spec.document}'",
            suggestion="beschikbaar: " + ", ".join(kinds),
        )
    return docs == spec.document.lower()


def _keys(
    table: Table, code_col: str, year_col: str, keep: np.ndarray, problems: ProblemList
) -> tuple[np.ndarray, np.ndarray]:
    """Per row its gemeente code and year (0 where invalid; reported)."""
    codes = _texts(table, code_col)
    years_text = _texts(table, year_col).astype(str)
    ok_year = np.char.isdigit(years_text) & (np.char.str_len(years_text) == 4)
    for rows, message in (
        (np.flatnonzero(keep & (codes == "")), f"lege gemeentecode in kolom '{code_col}'"),
        (np.flatnonzero(keep & ~ok_year), f"ongeldig jaar in kolom '{year_col}'"),
    ):
        if len(rows):
            _problem(problems, table, rows, message, "een jaartal van vier cijfers" if "jaar" in message else None)
    years = np.where(ok_year, np.char.zfill(years_text, 4), "0").astype(np.int64)
    return codes, years


def _duplicates(table: Table, keys: list[tuple], rows: np.ndarray, what, problems: ProblemList) -> np.ndarray:
    """Keep the first row of each key; report the others with the row they repeat."""
    first: dict[tuple, int] = {}
    keep = np.ones(len(rows), dtype=bool)
    for i, (key, row) in enumerate(zip(keys, rows.tolist())):
        if key in first:
            keep[i] = False
            _problem(
                problems, table, row, f"{what(key)} staat dubbel in de referentietabel (ook {table.place(first[key])})"
            )
        else:
            first[key] = row
    return keep


def _quality_of(rule, document: str) -> str | None:
    if isinstance(rule, str):
        return rule
    if isinstance(rule, dict):
        return rule.get(document.lower())
    return None


def _wide(
    table: Table,
    spec: ReferenceSpec,
    mapping: dict,
    templates: dict[str, str],
    bron_col: str | None,
    quality_rule,
    shown: str,
    problems: ProblemList,
    titles: dict | None = None,
    units: dict | None = None,
    title: str | None = None,
) -> LoadedReference | None:
    code_col, year_col = mapping["code"], mapping["year"]
    for need in (code_col, year_col):
        if need not in table.columns:
            problems.add(
                shown,
                "kopregel",
                f"kolom '{need}' ontbreekt in de referentietabel",
                suggestion="noem de kolommen in [reference] columns = { code = ..., year = ... }",
            )
    if code_col not in table.columns or year_col not in table.columns:
        return None
    meta = (
        {c for c in (mapping.get("name"), mapping.get("province"), mapping.get("document"), code_col, year_col) if c}
        | ({bron_col} if bron_col else set())
        | {"kwaliteit"}
    )
    value_cols = [c for c in table.header if c not in meta]
    for c in value_cols:
        if not FIELD_NAME.fullmatch(c):
            problems.add(
                shown,
                "kopregel",
                f"kolomnaam '{c}' is geen geldige veldnaam",
                suggestion="letters, cijfers en _; niet beginnen met een cijfer",
            )
    if bron_col is None and not templates:
        problems.add(
            shown,
            "",
            "de referentietabel heeft geen bron",
            suggestion="zet in [reference] bron = \"...\" (of per kolom), of geef de tabel een kolom 'bron'",
        )
    has_quality_col = "kwaliteit" in table.columns
    if quality_rule is None and not has_quality_col:
        problems.add(
            shown,
            "",
            "de referentietabel heeft geen kwaliteitslabel",
            suggestion='zet in [reference] quality = "A", "B" of "C", of geef de tabel een kolom \'kwaliteit\'',
        )
    keep = _documents(table, spec, mapping.get("document"), problems)
    codes, years = _keys(table, code_col, year_col, keep, problems)
    documents = (
        _texts(table, mapping["document"])
        if mapping.get("document") in table.columns
        else np.full(len(table), spec.document or "", dtype=object)
    )
    if has_quality_col:
        quals = np.char.upper(_texts(table, "kwaliteit").astype(str)).astype(object)
    else:
        per_document = {d: _quality_of(quality_rule, str(d)) or "" for d in set(documents.tolist())}
        quals = np.array([per_document[d] for d in documents.tolist()], dtype=object)
    bad_quality = np.flatnonzero(keep & ~np.isin(quals, list(QUALITY_LABELS)))
    if len(bad_quality) and (has_quality_col or quality_rule is not None):
        _problem(problems, table, bad_quality, "geen geldig kwaliteitslabel", "A, B of C")
    brons = _texts(table, bron_col) if bron_col is not None else None
    if brons is not None and (keep & (brons == "")).any():
        _problem(
            problems, table, np.flatnonzero(keep & (brons == "")), "bron ontbreekt", "noem document, tabel en datum"
        )
    numbers = {c: _numbers(table, c, keep, problems) for c in value_cols}
    if problems.has_errors:
        return None
    rows = np.flatnonzero(keep)
    unique = _duplicates(
        table,
        list(zip(codes[rows].tolist(), years[rows].tolist())),
        rows,
        lambda k: f"gemeente {k[0]}, jaar {k[1]}",
        problems,
    )
    if problems.has_errors:
        return None
    rows = rows[unique]
    names = _texts(table, mapping["name"])[rows] if mapping.get("name") in table.columns else codes[rows]
    provinces = (
        _texts(table, mapping["province"])[rows]
        if mapping.get("province") in table.columns
        else np.full(len(rows), "", dtype=object)
    )
    weak = {
        "*": (quals[rows] == "C")
        | (
            np.array(["illustratief" in str(b).lower() for b in brons[rows]], dtype=bool)
            if brons is not None
            else False
        )
    }
    table_ref = ref.pivot(
        codes[rows].tolist(),
        years[rows].tolist(),
        {c: numbers[c][rows] for c in value_cols},
        provinces=provinces.tolist(),
        names=[str(n) for n in names],
        weak=weak,
    )
    fills = reference_cache.RowFill(
        {
            "jaar": str(y),
            "stuk": str(d),
            "gemeente": str(n),
            "code": str(c),
            "verslagsoort": f"{y}X005" if str(d).lower() == "jaarrekening" else f"{y}X000",
        }
        for c, y, d, n in zip(codes[rows], years[rows], documents[rows], names)
    )
    spread = _spread_text(table_ref, [str(q) for q in quals[rows]])  # one quality per row, the same per column
    quality = {c: spread.copy() for c in value_cols}
    return LoadedReference(
        table_ref,
        title or spec.title or shown,
        shown,
        templates,
        tuple(str(b) for b in brons[rows]) if brons is not None else None,
        fills,
        tuple(int(table.lines[i]) for i in rows),
        quality,
        titles or {},
        units or {},
    )


def _spread_text(table: ref.ReferenceTable, per_row: list[str]) -> np.ndarray:
    arr = np.asarray(per_row + [""], dtype=object)
    return arr[table.row]  # row -1 picks the trailing ""


def _long(table: Table, spec: ReferenceSpec, shown: str, problems: ProblemList) -> LoadedReference | None:
    missing = [c for c in LONG_COLUMNS if c not in table.columns]
    for c in missing:
        problems.add(
            shown,
            "kopregel",
            f"kolom '{c}' ontbreekt in de referentietabel",
            suggestion="lange vorm: " + ";".join(LONG_COLUMNS) + " (en eventueel naam, provincie, stuk)",
        )
    if missing:
        return None
    keep = _documents(table, spec, "stuk", problems)
    codes, years = _keys(table, "gemeente", "jaar", keep, problems)
    velden = _texts(table, "veld")
    bad_veld = np.flatnonzero(keep & ~np.array([bool(FIELD_NAME.fullmatch(str(v))) for v in velden], dtype=bool))
    if len(bad_veld):
        _problem(problems, table, bad_veld, "ongeldige veldnaam in kolom 'veld'")
    numbers = _numbers(table, "waarde", keep, problems)
    empty = np.flatnonzero(keep & np.isnan(numbers) & (table.columns["waarde"].codes < 0))
    if len(empty):
        _problem(problems, table, empty, "lege waarde", "laat de regel weg als het gegeven ontbreekt")
    brons = _texts(table, "bron")
    quals = np.char.upper(_texts(table, "kwaliteit").astype(str)).astype(object)
    for rows, message in (
        (np.flatnonzero(keep & (brons == "")), "bron ontbreekt"),
        (np.flatnonzero(keep & ~np.isin(quals, list(QUALITY_LABELS))), "geen geldig kwaliteitslabel"),
    ):
        if len(rows):
            _problem(problems, table, rows, message)
    if problems.has_errors:
        return None
    rows = np.flatnonzero(keep)
    unique = _duplicates(
        table,
        list(zip(codes[rows].tolist(), years[rows].tolist(), velden[rows].tolist())),
        rows,
        lambda k: f"gemeente {k[0]}, jaar {k[1]}, veld '{k[2]}'",
        problems,
    )
    if problems.has_errors:
        return None
    rows = rows[unique]
    keys = sorted(set(zip(codes[rows].tolist(), years[rows].tolist())))
    at = {k: i for i, k in enumerate(keys)}
    fields = sorted(set(velden[rows].tolist()))
    values = {f: np.full(len(keys), np.nan) for f in fields}
    weak = {f: np.zeros(len(keys), dtype=bool) for f in fields}
    qual = {f: [""] * len(keys) for f in fields}
    fills = [{"jaar": str(k[1]), "code": k[0], "gemeente": k[0], "stuk": spec.document or ""} for k in keys]
    first_line: list[int | None] = [None] * len(keys)
    names = _texts(table, "naam") if "naam" in table.columns else None
    provinces = _texts(table, "provincie") if "provincie" in table.columns else None
    province = [""] * len(keys)
    for i in rows.tolist():
        k = at[(codes[i], int(years[i]))]
        f = velden[i]
        values[f][k] = numbers[i]
        weak[f][k] = quals[i] == "C" or "illustratief" in str(brons[i]).lower()
        qual[f][k] = str(quals[i])
        fills[k][f"bron_{f}"] = str(brons[i])
        if names is not None and names[i]:
            fills[k]["gemeente"] = str(names[i])
        if provinces is not None and provinces[i]:
            province[k] = str(provinces[i])
        first_line[k] = first_line[k] or int(table.lines[i])
    table_ref = ref.pivot(
        [k[0] for k in keys],
        [k[1] for k in keys],
        values,
        provinces=province,
        names=[fl["gemeente"] for fl in fills],
        weak=weak,
    )
    quality = {f: _spread_text(table_ref, qual[f]) for f in fields}
    return LoadedReference(
        table_ref,
        spec.title or shown,
        shown,
        {f: f"{{bron_{f}}}" for f in fields},
        None,
        reference_cache.RowFill(fills),
        tuple(first_line),
        quality,
    )


def _check_tags(spec: ReferenceSpec, table: ref.ReferenceTable, mshown: str, problems: ProblemList) -> None:
    known = set(table.codes)
    for tag, codes in spec.tags.items():
        for code in codes:
            if code not in known:
                problems.add(
                    mshown,
                    f"reference.tags.{tag}",
                    f"gemeentecode '{code}' staat niet in de referentietabel",
                    severity="waarschuwing",
                )


def with_tags(loaded: LoadedReference, spec: ReferenceSpec) -> LoadedReference:
    table = loaded.table
    index = table.code_index()
    tags = {}
    for tag, codes in spec.tags.items():
        mask = np.zeros(len(table.codes), dtype=bool)
        mask[[index[c] for c in codes if c in index]] = True
        tags[tag] = mask
    return LoadedReference(**{**loaded.__dict__, "table": ref.ReferenceTable(**{**table.__dict__, "tags": tags})})


def regenerate() -> Path:
    """Write the stored form of the bundled CBS table (criteria/load/reference_cache.py) from its CSV, every
    document in it, by the ordinary loading."""
    preset, path, loaded = bundled_documents()
    stored = reference_cache.cache_path(path)
    reference_cache.write_cache(
        stored, reference_cache.cache_key(hashlib.sha256(path.read_bytes()).hexdigest(), preset), loaded
    )
    return stored


if __name__ == "__main__":
    print(regenerate())

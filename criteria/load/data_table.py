"""A case's long data table (onderwerp; jaar; veld; partner; waarde; eenheid; bron; kwaliteit) into columns of
values, checked column-wise: each distinct text of a column is checked once, not each cell.

A row with any problem is checked again on its own, by the same per-row rules as always (`_report_row`), so
that its messages (with the cell, a totals row or an incomplete row told once) are exactly those of a row-wise
loader; it is left out of the values. Everything else becomes columns (criteria/model/values.py).
"""

from __future__ import annotations

import re

import numpy as np

from criteria import limits
from criteria.errors import ProblemList
from criteria.inventory.privacy import NOT_ECHOED, echo, looks_personal
from criteria.load.columns import EMPTY, Column
from criteria.load.numbers import Refused, number_columns
from criteria.load.table import RowProblems, Table, TableProblems, TableRow
from criteria.model.case import Manifest
from criteria.model.values import NONE, QUALITIES, CaseValues, Source

REQUIRED_COLUMNS = ("onderwerp", "jaar", "veld", "waarde", "bron", "kwaliteit")
OPTIONAL_COLUMNS = ("partner", "eenheid")
FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_BAD = -2  # code of a text that is not valid in its column


def table_values(table: Table, manifest: Manifest, problems: ProblemList) -> CaseValues:
    """The values of one data table; problems (header, rows) reported, bad rows left out."""
    missing = [c for c in REQUIRED_COLUMNS if c not in table.header]
    for col in missing:
        problems.add(
            table.path,
            "kopregel",
            f"kolom '{col}' ontbreekt",
            suggestion="verwachte kolommen: " + ";".join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS),
        )
    for col in table.header:
        if col not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS:
            problems.add(table.path, "kopregel", f"onbekende kolom '{col}'")
    if missing:
        return CaseValues.empty()
    n = len(table)
    empty = Column(np.full(n, EMPTY, dtype=np.int32), [])
    cols = {name: table.columns.get(name, empty) for name in REQUIRED_COLUMNS + OPTIONAL_COLUMNS}
    subjects, partners = list(manifest.subjects), list(manifest.partners)
    subject_code, partner_code = {s: i for i, s in enumerate(subjects)}, {p: i for i, p in enumerate(partners)}
    subject = _per_text(cols["onderwerp"], lambda t: subject_code.get(t, _BAD), NONE)
    partner = _per_text(cols["partner"], lambda t: partner_code.get(t, _BAD), NONE)
    year = _per_text(cols["jaar"], _year, _BAD)
    field_ok = _per_text(cols["veld"], lambda t: 1 if FIELD_NAME.fullmatch(t) else _BAD, _BAD)
    quality = _per_text(
        cols["kwaliteit"], lambda t: QUALITIES.index(t.upper()) if t.upper() in QUALITIES else _BAD, _BAD
    )
    number, label, labels, value_bad = _values(table, cols["waarde"])
    bad = (
        (subject == _BAD)
        | (partner == _BAD)
        | (year == _BAD)
        | (field_ok == _BAD)
        | (quality == _BAD)
        | value_bad
        | (cols["bron"].codes < 0)
    )
    if bad.any():
        report = TableProblems(table, problems)
        for i in np.flatnonzero(bad).tolist():
            _report_row(table, table.row(i), manifest, report.row(table.row(i)))
        report.close()
    good = ~bad
    texts = cols["eenheid"].texts + cols["bron"].texts
    unit = cols["eenheid"].codes[good]
    return CaseValues(
        field=cols["veld"].codes[good],
        subject=subject[good].astype(np.int32),
        partner=partner[good].astype(np.int32),
        year=year[good].astype(np.int32),
        number=number[good],
        label=label[good],
        unit=unit,
        bron=cols["bron"].codes[good] + len(cols["eenheid"].texts),
        quality=quality[good].astype(np.int8),
        source=np.zeros(int(good.sum()), dtype=np.int32),
        row=table.lines[good].astype(np.int32),
        fields=tuple(cols["veld"].texts),
        subjects=tuple(subjects),
        partners=tuple(partners),
        labels=tuple(labels),
        texts=tuple(texts),
        sources=(Source(table.path, table.sheet),),
    )


def _per_text(column: Column, decide, when_empty: int) -> np.ndarray:
    """Per row: `decide(text)` of its text (once per distinct text), `when_empty` for an empty cell."""
    table = np.array([decide(t) for t in column.texts] + [when_empty], dtype=np.int64)
    return table[column.codes]  # EMPTY (-1) picks `when_empty`


def _year(text: str) -> int:
    return int(text) if re.fullmatch(r"\d{4}", text) and limits.year_ok(int(text)) else _BAD


def _values(table: Table, column: Column) -> tuple[np.ndarray, np.ndarray, list[str], np.ndarray]:
    """(number per row (NaN for a label), label code per row (NONE for a number), the labels, bad per row)."""
    numbers, refused, is_label = number_columns(column.texts, table.settings.number_format)
    numbers = np.append(numbers, np.nan)
    refused = np.append(refused, True)  # an empty cell is bad too
    lowered: dict[str, int] = {}
    label_of = np.full(len(column.texts) + 1, NONE, dtype=np.int32)
    for i in np.flatnonzero(is_label).tolist():
        label_of[i] = lowered.setdefault(column.texts[i].lower(), len(lowered))
    number, label, bad = numbers[column.codes], label_of[column.codes], refused[column.codes]
    for row, value in column.numbers.items():  # XLSX number cells: the number itself
        number[row], label[row], bad[row] = value, NONE, False
    bad |= ~np.isnan(number) & ((number > limits.MAX_ABS_VALUE) | (number < -limits.MAX_ABS_VALUE))
    return number, label, list(lowered), bad


def _unknown(what: str, text: str, known: list[str], suggestion: str) -> tuple[str, str]:
    """'onbekend onderwerp ...' with the odd characters of the text and the name it resembles (model/identifiers.py),
    unless the text looks like a person's name: then it is not repeated."""
    if looks_personal(text):
        return f"onbekend {what} {NOT_ECHOED}", suggestion
    from criteria.model.identifiers import unknown_name

    message, near = unknown_name(what, text, known)
    return message, near or suggestion


def _report_row(table: Table, row: TableRow, manifest: Manifest, bad: RowProblems) -> None:
    """Every problem of one row, at its cell (reported by `bad.finish`)."""
    cells = row.cells
    subject = cells.get("onderwerp") or None
    if subject is not None and subject not in manifest.subjects:
        bad(
            "onderwerp",
            *_unknown(
                "onderwerp",
                subject,
                list(manifest.subjects),
                "bekende onderwerpen: " + ", ".join(manifest.subjects) + " (leeg = de hele samenwerking)",
            ),
        )
    partner = cells.get("partner") or None
    if partner is not None and partner not in manifest.partners:
        bad(
            "partner",
            *_unknown("partner", partner, list(manifest.partners), "bekende partners: " + ", ".join(manifest.partners)),
        )
    year_text = cells.get("jaar", "")
    if _year(year_text) == _BAD:
        bad("jaar", f"ongeldig jaar {echo(year_text)}", "een jaartal van vier cijfers, bijvoorbeeld 2019")
    field = cells.get("veld", "")
    if not FIELD_NAME.fullmatch(field):
        from criteria.model.identifiers import describe

        odd = describe(field) if field and not looks_personal(field) else None
        bad("veld", f"ongeldige veldnaam {echo(field)}" + (f": {odd}" if odd else ""))
    _check_value(table, row, bad)
    if not cells.get("bron", ""):
        bad("bron", "bron ontbreekt", "noem document, pagina of cel en datum")
    if cells.get("kwaliteit", "").upper() not in QUALITIES:
        bad(
            "kwaliteit",
            f"ongeldig kwaliteitslabel {echo(cells.get('kwaliteit', ''))}",
            "A (gecontroleerde jaarrekening), B (interne registratie) of C (reconstructie/schatting)",
        )
    bad.finish()


def _check_value(table: Table, row: TableRow, bad: RowProblems) -> None:
    if row.cells.get("waarde", "") == "":
        bad("waarde", "lege waarde", "laat de regel weg als het gegeven ontbreekt")
        return
    number = table.number(row, "waarde")
    if isinstance(number, Refused):
        bad.number("waarde", number)
    elif number is not None and limits.absurd(number):
        bad("waarde", limits.absurd_text(number), "controleer de waarde en de eenheid in de bron")


def duplicates(values: CaseValues, problems: ProblemList) -> None:
    """Two values for the same subject, year, field and partner: 'dubbele regel' (same value) or 'tegenstrijdige
    waarde', at the later one, naming the first."""
    if len(values) < 2:
        return
    names = np.unique(np.array(values.fields, dtype=object), return_inverse=True)[1].astype(np.int64)
    key = (
        ((values.subject.astype(np.int64) + 1) * (len(values.partners) + 1) + values.partner + 1)
        * max(len(values.fields), 1)
        + names[values.field]
    ) * 100_000 + values.year
    ordered = np.sort(key)
    if not (ordered[1:] == ordered[:-1]).any():  # no key twice (the usual case): nothing to report
        return
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    earliest = first[inverse]
    for i in np.flatnonzero(earliest != np.arange(len(values))).tolist():
        v, f = values[i], values[int(earliest[i])]
        what = "tegenstrijdige waarde" if f.value != v.value else "dubbele regel"
        problems.add(
            v.file,
            "" if v.line else v.place,
            line=v.line,
            message=f"{what} voor onderwerp '{v.subject or '(samenwerking)'}', jaar {v.year}, veld '{v.field}'"
            + (f", partner '{v.partner}'" if v.partner else "")
            + f"; ook in {f.file}, {f.place}",
        )

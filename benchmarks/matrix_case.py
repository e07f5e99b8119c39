"""A decision matrix (alternatives × criteria) as a Ruleset and a Case, so the real engine scores it.

Each column becomes an indicator with linear scoring from the column's worst to its best value, i.e. the
min-max normalisation to 0–10 that MCDA libraries apply before a weighted sum.
"""

from __future__ import annotations

import numpy as np

from criteria.model.case import Case, DataValue, Manifest, Partner, Subject
from criteria.model.ruleset import Ruleset
from criteria.model.values import CaseValues

YEAR = 2020
_FIELDS_SET = frozenset(DataValue.model_fields)


def matrix_case(
    matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray, pass_mark: float = 5.5
) -> tuple[Ruleset, Case]:
    """`benefit[j]`: a higher value of column j is better (else lower is better)."""
    rows, cols = matrix.shape
    indicators = {}
    for j in range(cols):
        lo, hi = float(matrix[:, j].min()), float(matrix[:, j].max())
        slecht, goed = (lo, hi) if benefit[j] else (hi, lo)
        indicators[f"k{j + 1:02d}"] = {
            "title": f"Kolom {j + 1}",
            "parent": "totaal",
            "weight": float(weights[j]),
            "formula": f"c{j + 1:02d}",
            "toelichting": "matrix",
            "scoring": {"kind": "linear", "slecht": slecht, "goed": goed},
        }
    ruleset = Ruleset.model_validate(
        {
            "id": "matrix",
            "version": "1",
            "title": "Beslismatrix",
            "authors": ["benchmarks"],
            "basis": "matrix",
            "years": [YEAR],
            "missing_data": "reweigh",
            "pass_mark": pass_mark,
            "fields": {f"c{j + 1:02d}": {"title": f"Kolom {j + 1}"} for j in range(cols)},
            "criteria": {"totaal": {"title": "Totaal"}},
            "indicators": indicators,
        }
    )
    ids = [f"A{i + 1:06d}" for i in range(rows)]
    values = [
        DataValue.model_construct(
            _FIELDS_SET,
            subject=ids[i],
            year=YEAR,
            field=f"c{j + 1:02d}",
            partner=None,
            value=float(matrix[i, j]),
            unit="",
            bron="matrix",
            quality="C",
            file="(matrix)",
            line=None,
            place="matrix",
        )
        for i in range(rows)
        for j in range(cols)
    ]
    manifest = Manifest(
        id="matrix",
        title="Beslismatrix",
        form="matrix",
        ruleset="(in het geheugen)",
        data=["(matrix)"],
        partners={"nl": Partner(name="Nederland")},
        subjects={sid: Subject(title=sid) for sid in ids},
    )
    return ruleset, Case.model_construct(
        manifest=manifest, values=CaseValues.from_records(values), sha256="matrix", source=""
    )

"""How much of each score rests on estimates: illustratief data or quality C (reconstruction, estimate).

Column-wise and pure. A value is an estimate when its quality label is C or its bron says "illustratief".
An indicator rests on estimates (bool per subject-year) when any value it reads is one: the fields of its
formula (through derived fields, every partner of a partner field), its nullijn (the base year's inputs, a
reference field, the members of a reference group). A criterion's `estimate_share` is the share of its
weight, re-weighed like its score over the children with data, that rests on estimates:
sum over children of (normalised weight x the child's share). Signals are not weighed: they have none.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from criteria.model.values import QUALITIES, CaseValues

QUALITY_C = QUALITIES.index("C")


def estimates(values: CaseValues) -> np.ndarray:
    """Per value: quality C, or a bron that says illustratief."""
    return (values.quality == QUALITY_C) | values.illustrative()


def field_estimates(compiled, case, sources, n_subjects: int, n_years: int) -> dict[str, np.ndarray]:
    """field -> (subjects, all years) bool: the value used there is an estimate (partner fields: any partner)."""
    weak = np.append(estimates(case.values), False)  # index -1 (no value) reads False
    out = {}
    partners = [None, *case.manifest.partners]
    for name, fdef in compiled.ruleset.fields.items():
        acc = np.zeros((n_subjects, n_years), dtype=bool)
        for partner in partners[1:] if fdef.scope == "partner" else [None]:
            idx = sources.effective(name, partner, n_subjects, n_years)
            acc |= weak[idx]
        out[name] = acc
    return out


def indicator_estimate(
    compiled, iid: str, fields: dict[str, np.ndarray], nullijn_weak: np.ndarray | None, base_col: int | None, shape
) -> np.ndarray:
    """(subjects, all years) bool for an indicator or signal: its inputs, and its nullijn's inputs."""
    out = np.zeros(shape, dtype=bool)
    for name in compiled.inputs_of(iid):
        if name in fields:
            out |= fields[name]
    own = out.copy()
    if base_col is not None:  # a base-year nullijn reads the same inputs in the base year
        out |= own[:, [base_col]]
    if nullijn_weak is not None:
        out |= nullijn_weak
    return out


def criterion_share(weight_share: dict[str, np.ndarray], child_share: Mapping[str, np.ndarray | None]) -> np.ndarray:
    """sum over children of normalised weight x the child's estimate share (NaN where nothing has data)."""
    total = None
    any_share = None
    for kid, share in weight_share.items():
        present = ~np.isnan(share)
        child = child_share[kid]
        estimated = np.zeros(()) if child is None else np.nan_to_num(child.astype(float))  # None: nothing estimated
        term = np.where(present, share * estimated, 0.0)
        total = term if total is None else total + term
        any_share = present if any_share is None else any_share | present
    if total is None or any_share is None:
        return np.array(np.nan)
    return np.where(any_share, total, np.nan)

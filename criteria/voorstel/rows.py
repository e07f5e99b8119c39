"""Which subject is the huidige situatie of which voorstel (pure); used by the engine for the nullijn."""

from __future__ import annotations

import numpy as np

from criteria.model.case import Case, Manifest


def baseline_of(manifest: Manifest, subject: str) -> str | None:
    """The huidige situatie a subject is compared with: a voorstel's own, or itself for a huidige situatie."""
    subj = manifest.subjects.get(subject)
    if subj is None:
        return None
    if subj.kind == "huidige_situatie":
        return subject
    if subj.kind == "voorstel":
        found = f"{subject}_huidig"
        return found if found in manifest.subjects else None
    return None


def baseline_rows(case: Case, subjects: list[str]) -> np.ndarray:
    """Per evaluated subject the row of its huidige situatie (the nullijn of a base-year measure), or -1."""
    index = {s: i for i, s in enumerate(subjects)}
    return np.array([index.get(baseline_of(case.manifest, s) or "", -1) for s in subjects], dtype=np.int64)

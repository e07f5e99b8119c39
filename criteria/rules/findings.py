"""What a ruleset check finds (pure): a located finding, and the "did you mean" suggestion for a misspelt name.

Shared by the compiler (criteria.rules.compile), the deep checks (criteria.rules.checks), the voorstel checks and
the loaders; it imports nothing of criteria but the ground floor's Severity, so that none of them has to import
another to get it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from criteria.errors import Severity

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Finding:
    key_path: KeyPath
    message: str
    suggestion: str | None = None
    severity: Severity = "fout"


def did_you_mean(name: str, known: list[str]) -> str | None:
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
    if not close:
        return None
    return "bedoelde u " + " of ".join(f"'{c}'" for c in close) + "?"

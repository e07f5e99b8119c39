"""The machine output of a result in a chosen format version: 2 (current, criteria.result.format2) or 1 (the
JSON up to format 2, criteria.result.format1, kept so that archived runs are verified in the format they were
stored in; docs/archief.md)."""

from __future__ import annotations

from typing import IO

from criteria.result.view import ResultView

CURRENT = 2
VERSIONS = (1, 2)


def write_result(view: ResultView, out: IO[str], version: int = CURRENT) -> None:
    """Write the result JSON in format `version` to a text stream (format 2: subject by subject)."""
    if version == 1:
        from criteria.result.format1 import format1_json

        out.write(format1_json(view))
        return
    from criteria.result.format2 import write_json

    write_json(view, out)


def result_text(view: ResultView, version: int = CURRENT) -> str:
    """The whole result JSON in format `version` as one text (the archive, tests)."""
    if version == 1:
        from criteria.result.format1 import format1_json

        return format1_json(view)
    from criteria.result.format2 import json_text

    return json_text(view)

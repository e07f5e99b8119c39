"""criteria's marker in its own output files: how an existing --output file is recognised as ours.

Only a file that carries the marker at its fixed place (or is empty) is replaced without --force; a file that
merely mentions criteria somewhere (notes, minutes) is not. Per format (docs/grenzen-en-fouten.md):

| format | marker | place |
|---|---|---|
| result JSON (format 1), sensitivity JSON | `"meta": {"engine_version": "X"` | first member |
| result JSON (format 2) | `"format": "criteria-resultaat"` | first member |
| other JSON (diff, test, ruleset toon) | `"generator": "criteria X"` (JSON Schema: `"$comment"`) | first member |
| HTML report | `<meta name="generator" content="criteria X">` | in the head, right after the charset |
| Markdown report | `<!-- gemaakt door criteria X -->` | first line |
| TOML (ruleset toon, importeer) | `# gemaakt door criteria X` | first line |
| text (tables, explanations, diff, tests) | `-- gemaakt door criteria X --` | last line |
| norm table (CSV) | its header `soort;id;titel;gewicht;…;nullijn_beschrijving`, maybe more columns (; or ,) | first line |
| XLSX (report, norm table) | document property creator `criteria X` | docProps/core.xml |

X is any version: a file of another version of criteria is also ours.
"""

from __future__ import annotations

import re
import zipfile
from functools import cache
from pathlib import Path

from criteria import __version__

GENERATOR = f"criteria {__version__}"
TEXT_FOOTER = f"-- gemaakt door {GENERATOR} --"
MARKDOWN_HEAD = f"<!-- gemaakt door {GENERATOR} -->"
TOML_HEAD = f"# gemaakt door {GENERATOR}"
HTML_META = f'<meta name="generator" content="{GENERATOR}">'

_HEAD_BYTES = 4096
_TAIL_BYTES = 1024
_CORE_XML_LIMIT = 256 * 1024
_VERSION = rb"criteria \d+\.\d+[0-9A-Za-z.+-]*"
_FIXED_HEADS = [
    rb'\{\s*"meta"\s*:\s*\{\s*"engine_version"\s*:',  # result JSON format 1, sensitivity
    rb'\{\s*"format"\s*:\s*"criteria-resultaat"',  # result JSON format 2
    rb'\{\s*"(?:generator|\$comment)"\s*:\s*"' + _VERSION + rb'"',  # other JSON
    rb"<!-- gemaakt door " + _VERSION + rb" -->\r?\n",  # Markdown
    rb"# gemaakt door " + _VERSION + rb"\r?\n",  # TOML
    rb'<!DOCTYPE html>\s*<html[^>]{0,80}>\s*<head>\s*<meta charset="utf-8">\s*'
    rb'<meta name="generator" content="' + _VERSION + rb'">',  # HTML
]
_TAIL = re.compile(rb"(?:\A|\n)-- gemaakt door " + _VERSION + rb" --\r?\n?\Z")
_XLSX_CREATOR = re.compile(rb"<dc:creator>" + _VERSION + rb"</dc:creator>")
# The columns of a norm table (criteria.authoring.sheets.normtable uses these): its header line is its marker,
# so they are kept here, on the ground floor, where every --output can recognise the file.
NORM_TABLE_COLUMNS = (
    "soort",
    "id",
    "titel",
    "gewicht",
    "maat",
    "scoring",
    "slecht",
    "goed",
    "ja",
    "nee",
    "band",
    "min",
    "max",
    "score",
    "label",
    "norm_minstens",
    "norm_hoogstens",
    "norm_een_van",
    "knockout",
    "cap",
    "nullijn_soort",
    "nullijn_jaar",
    "nullijn_veld",
    "nullijn_waarde",
    "nullijn_bron",
    "nullijn_beschrijving",
    "nullijn_groep",
    "nullijn_statistiek",
    "nullijn_teller",
    "nullijn_noemer",
    "nullijn_schaal",
)
_FIRST_NORM_TABLE = 26  # the columns up to nullijn_beschrijving: a norm table of criteria 0.1.0 ends there


@cache
def _head() -> re.Pattern[bytes]:
    first = NORM_TABLE_COLUMNS[:_FIRST_NORM_TABLE]
    tables = [
        re.escape(sep.join(c.encode() for c in first)) + rb"(?:" + re.escape(sep) + rb"[a-z_]{1,40}){0,40}"
        rb"\r?\n"
        for sep in (b";", b",")
    ]
    return re.compile(rb"\A(?:\xef\xbb\xbf)?(?:" + b"|".join(_FIXED_HEADS + tables) + rb")")


def is_ours(path: Path) -> bool:
    """Is this existing regular file empty, or output of criteria by its marker? Reads a few kB at most."""
    with path.open("rb") as f:
        head = f.read(_HEAD_BYTES)
        if not head:
            return True
        if head.startswith(b"PK\x03\x04"):
            return _xlsx_is_ours(f)
        if _head().match(head):
            return True
        size = f.seek(0, 2)
        f.seek(max(0, size - _TAIL_BYTES))
        return bool(_TAIL.search(f.read(_TAIL_BYTES)))


def _xlsx_is_ours(f) -> bool:
    """An XLSX file (a zip) is ours when its core properties name criteria as creator; a part too large to be
    ours is not read."""
    try:
        with zipfile.ZipFile(f) as archive:
            info = archive.getinfo("docProps/core.xml")
            if info.file_size > _CORE_XML_LIMIT:
                return False
            return bool(_XLSX_CREATOR.search(archive.read(info)))
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
        return False

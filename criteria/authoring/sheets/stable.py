"""A workbook as bytes that depend only on its content: the same report or norm table gives the same file.

openpyxl stamps the save time twice: in the document properties (created, modified) and on every file
inside the XLSX zip. Both are fixed here at 1 January 1980 (the earliest time a zip can hold), so that a
report can be compared byte for byte and its hash means something.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile

from openpyxl import Workbook

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
FIXED_TIME = datetime.datetime(*ZIP_TIME)
CORE = "docProps/core.xml"
MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")  # openpyxl sets it while saving


def workbook_bytes(book: Workbook) -> bytes:
    """The workbook's file, stamped with criteria as its creator (criteria's marker, criteria.files.marker)."""
    from criteria.files.marker import GENERATOR
    book.properties.creator = GENERATOR
    book.properties.created = FIXED_TIME
    saved = io.BytesIO()
    book.save(saved)
    stable = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(stable, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            entry = zipfile.ZipInfo(item.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = item.external_attr
            data = source.read(item.filename)
            if item.filename == CORE:
                data = MODIFIED.sub(rb"\g<1>" + FIXED_TIME.isoformat().encode() + rb"Z\g<2>", data)
            target.writestr(entry, data)
    return stable.getvalue()

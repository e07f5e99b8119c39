"""A workbook as bytes that depend only on its content: the same report or norm table gives the same file.

openpyxl stamps the save time twice: in the document properties (created, modified) and on every file
inside the XLSX zip. Both are fixed here at 1 January 1980 (the earliest time a zip can hold), so that a
report can be compared byte for byte and its hash means something.
"""

from __future__ import annotations

import datetime
import io
import re
import shutil
import tempfile
import zipfile
from typing import IO

from openpyxl import Workbook

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
FIXED_TIME = datetime.datetime(*ZIP_TIME)
CORE = "docProps/core.xml"
SPOOL_BYTES = 32 * 2**20  # a workbook up to this size is rewritten in memory, a larger one in a temporary file
CHUNK = 2**20
ZIP64_FROM = 2**31 - 2**20  # a part this large needs the zip64 extension (written only then: same bytes as before)
MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")  # openpyxl sets it while saving


def workbook_bytes(book: Workbook) -> bytes:
    """The workbook's file, stamped with criteria as its creator (criteria's marker, criteria.files.marker)."""
    out = io.BytesIO()
    save_stable(book, out)
    return out.getvalue()


def save_stable(book: Workbook, out: IO[bytes]) -> None:
    """Write the workbook's file (as workbook_bytes gives it) to `out`, also a pipe, through temporary files: a
    large write-only workbook is never whole in memory."""
    from criteria.files.marker import GENERATOR

    book.properties.creator = GENERATOR
    book.properties.created = FIXED_TIME
    with tempfile.TemporaryFile() as saved, tempfile.SpooledTemporaryFile(SPOOL_BYTES) as stable:
        book.save(saved)
        saved.seek(0)
        with zipfile.ZipFile(saved) as source, zipfile.ZipFile(stable, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                entry = zipfile.ZipInfo(item.filename, date_time=ZIP_TIME)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = item.external_attr
                if item.filename == CORE:
                    data = MODIFIED.sub(
                        rb"\g<1>" + FIXED_TIME.isoformat().encode() + rb"Z\g<2>", source.read(item.filename)
                    )
                    target.writestr(entry, data)
                    continue
                with (
                    source.open(item) as part,
                    target.open(entry, "w", force_zip64=item.file_size > ZIP64_FROM) as copy,
                ):
                    shutil.copyfileobj(part, copy, CHUNK)
        stable.seek(0)
        shutil.copyfileobj(stable, out, CHUNK)

"""Write a new folder of files all at once: nothing halfway, nothing overwritten.

The files are written (each through writing.create: a new file, flushed to disk) into a hidden folder first,
which then takes the place of the target: a folder that does not exist yet is renamed into place; an existing
empty folder receives the top-level entries by rename. Any failure removes the hidden folder and leaves the target as it was.
"""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path

from criteria.errors import CriteriaError
from criteria.files.writing import create


class FolderRefused(CriteriaError):
    """The target is not a new or empty folder; nothing was written."""


def check_new_folder(folder: Path) -> None:
    """Refuse, in Dutch and before any work, a target that exists with content, is no folder, or has no parent."""
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise FolderRefused(f"'{folder}' bestaat al en is geen map; er is niets geschreven (kies een nieuwe map)")
    if folder.is_dir() and any(folder.iterdir()):
        raise FolderRefused(f"de map '{folder}' bestaat al en is niet leeg; er is niets geschreven en niets "
                            "overschreven (kies een nieuwe of lege map)")
    parent = folder.absolute().parent
    if not folder.exists() and not parent.is_dir():
        raise FolderRefused(f"de map '{parent}' bestaat niet; maak die eerst, of kies een andere plek voor "
                            f"'{folder}'")


def write_new_folder(folder: Path, files: dict[Path, bytes]) -> None:
    """Write files (paths relative to folder) into folder, which must be new or empty (see check_new_folder)."""
    check_new_folder(folder)
    existing = folder.is_dir()
    staging = (folder if existing else folder.absolute().parent) / f".{folder.name or 'map'}.{secrets.token_hex(4)}.tmp"
    staging.mkdir()  # the mode follows the umask, as for any folder the user makes
    moved: list[Path] = []
    try:
        for relative, data in files.items():
            (staging / relative).parent.mkdir(parents=True, exist_ok=True)
            create(staging / relative, data)
        if not existing:
            os.rename(staging, folder)  # fails if something took the name meanwhile: never replaced
            return
        for entry in sorted(staging.iterdir()):
            if (folder / entry.name).exists():
                raise FolderRefused(f"'{folder / entry.name}' is intussen gemaakt; er is niets overschreven")
            os.rename(entry, folder / entry.name)
            moved.append(folder / entry.name)
        staging.rmdir()
    except BaseException:
        for path in moved:
            shutil.rmtree(path, ignore_errors=True)
        shutil.rmtree(staging, ignore_errors=True)
        raise

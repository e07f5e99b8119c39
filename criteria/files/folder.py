"""Write a folder of output all at once: nothing halfway, nothing of someone else's overwritten.

The one check and the one writer for every command that makes a folder (`voorbeeld`, `archief export`,
`rapport --map`):

- `check_new_folder(given)`, before any work: the target must be new, or an empty folder, or (only where the
  command allows it, `ours=True`) an earlier folder of criteria's own output: every file in it carries criteria's
  marker (criteria.files.marker), and nothing in it is a link or anything but a file or a folder. A symbolic link,
  a file, a folder with anything else in it, or a missing parent folder is refused in Dutch, naming the path as
  given. (`parents=True`: missing folders above it are created when writing.)
- `opened_folder(target)`: a hidden staging folder beside the target to write the files in. When the block ends
  without an error it takes the target's place: a new target by rename; an existing empty folder receives the
  top-level entries by rename (the folder itself, with its permissions, stays); an earlier folder of ours is
  renamed away, the new one renamed in, then the old one removed. Any failure removes the staging folder and
  leaves the target as it was.
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from criteria.files.marker import is_ours
from criteria.files.writing import OutputRefused, create, os_error_text


class FolderRefused(OutputRefused):
    """The target is not a folder criteria may fill or replace; nothing was written."""


def check_new_folder(given: Path | str, *, parents: bool = False, ours: bool = False) -> Path:
    """Check a folder a command writes whole (see the module text); return it as a Path. Raises FolderRefused."""
    path = Path(given)
    if os.path.islink(path):
        raise FolderRefused(f"'{given}' is een symbolische koppeling; geef een nieuwe map")
    try:
        st = os.stat(path)
    except FileNotFoundError:
        parent = path.absolute().parent
        if not parents and not parent.is_dir():
            raise FolderRefused(
                f"'{given}' kan niet worden gemaakt: de map '{parent}' bestaat niet (maak die "
                "eerst, of kies een andere plek)"
            ) from None
        if not parents and not os.access(parent, os.W_OK | os.X_OK):
            raise FolderRefused(
                f"'{given}' kan niet worden gemaakt: geen toestemming om in de map '{parent}' te schrijven"
            ) from None
        return path
    except OSError as err:
        raise FolderRefused(os_error_text(given, err)) from None
    if not stat.S_ISDIR(st.st_mode):
        raise FolderRefused(f"'{given}' bestaat al en is geen map; er is niets geschreven (kies een nieuwe map)")
    try:
        empty = not any(os.scandir(path))
    except OSError as err:
        raise FolderRefused(os_error_text(given, err)) from None
    if not empty and not (ours and _all_ours(path)):
        what = (
            " en niet alles daarin is door criteria gemaakt; die map wordt niet vervangen, ook niet met --force"
            if ours
            else " en is niet leeg"
        )
        raise FolderRefused(
            f"'{given}' bestaat al{what}; er is niets geschreven en niets overschreven (kies een nieuwe of lege map)"
        )
    if not os.access(path, os.W_OK | os.X_OK) or not os.access(path.absolute().parent, os.W_OK | os.X_OK):
        raise FolderRefused(f"'{given}' kan niet worden geschreven: geen toestemming")
    return path


def _all_ours(folder: Path) -> bool:
    """Every entry below `folder` is a folder or a regular file that carries criteria's marker (no links)."""
    try:
        for root, dirs, files in os.walk(folder):
            for name in (*dirs, *files):
                st = os.lstat(os.path.join(root, name))
                if stat.S_ISDIR(st.st_mode):
                    continue
                if not stat.S_ISREG(st.st_mode) or not is_ours(Path(root, name)):
                    return False
    except OSError:
        return False
    return True


@contextmanager
def opened_folder(target: Path, given: str | None = None) -> Iterator[Path]:
    """A staging folder to write the files of `target` in (checked by check_new_folder); it takes the target's
    place when the block ends without an error (see the module text). OS errors become OutputRefused naming
    `given` (default: the target)."""
    shown = given if given is not None else str(target)
    parent = target.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = parent / f".{target.name or 'map'}.{secrets.token_hex(4)}.tmp"
        staging.mkdir()  # the mode follows the umask, as for any folder the user makes
    except OSError as err:
        raise FolderRefused(os_error_text(shown, err)) from None
    try:
        yield staging
        _take_place(staging, target)
    except BaseException as err:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(err, OSError) and not isinstance(err, OutputRefused):
            raise FolderRefused(os_error_text(shown, err)) from None
        raise


def _take_place(staging: Path, target: Path) -> None:
    if not target.exists():
        os.rename(staging, target)  # fails if something took the name meanwhile: never replaced
        return
    if any(target.iterdir()):  # an earlier folder of ours (check_new_folder allowed it): swap
        old = target.absolute().parent / f".{target.name}.{secrets.token_hex(4)}.old"
        os.rename(target, old)
        try:
            os.rename(staging, target)
        except BaseException:
            os.rename(old, target)
            raise
        shutil.rmtree(old, ignore_errors=True)
        return
    moved: list[Path] = []
    try:
        for entry in sorted(staging.iterdir()):
            if (target / entry.name).exists():
                raise FolderRefused(f"'{target / entry.name}' is intussen gemaakt; er is niets overschreven")
            os.rename(entry, target / entry.name)
            moved.append(target / entry.name)
        staging.rmdir()
    except BaseException:
        for path in moved:
            shutil.rmtree(path, ignore_errors=True)
        raise


@contextmanager
def new_file(folder: Path, relative: Path | str, binary: bool = False) -> Iterator[IO]:
    """A new file in a staging folder (text: UTF-8, newline \\n), flushed to disk when the block ends."""
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    f: IO = open(path, "xb") if binary else open(path, "x", encoding="utf-8", newline="\n")  # noqa: SIM115
    with f:
        yield f
        f.flush()
        os.fsync(f.fileno())


def write_new_folder(folder: Path, files: dict[Path, bytes]) -> None:
    """Write files (paths relative to folder) into folder, which must be new or empty (see check_new_folder)."""
    target = check_new_folder(folder)
    with opened_folder(target) as staging:
        for relative, data in files.items():
            (staging / relative).parent.mkdir(parents=True, exist_ok=True)
            create(staging / relative, data)

"""Where output goes (--output, -o): checked before the work starts, written whole or not at all.

What happens with each kind of path (docs/grenzen-en-fouten.md, "Uitvoerbestanden"):

- none, "-" or /dev/stdout: standard output. Binary content (an Excel file) is refused when that is a terminal;
  a pipe or a shell redirection gets the bytes. Text for a terminal is made inert (control characters shown,
  not executed: criteria.files.visible).
- a regular file, new or existing, also behind a symbolic link (the link stays, its target is replaced):
  written to a temporary file in the folder of the real file, flushed to disk and renamed over it, so that a
  failure leaves the previous file as it was. An existing file is replaced only when it is empty or carries
  criteria's marker (criteria.files.marker), or with --force; a read-only file only with --force. A file with
  more names (hard links) gets the new content under this name only; its other names keep the old content.
- a FIFO or a character device (/dev/null, a terminal): written in place, as the shell's `>` does; never removed
  or replaced.
- a folder, a block device, a socket, a link to nothing, a path whose folder is missing or not writable:
  refused before any work, with a Dutch message that names the path as the user gave it.

Every operating-system error while writing becomes a Dutch sentence naming that path (`os_error_text`), never
the temporary file.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, cast

from criteria.errors import CriteriaError
from criteria.files.marker import GENERATOR, TEXT_FOOTER, is_ours
from criteria.files.visible import visible

__all__ = [
    "GENERATOR",
    "STDOUT",
    "TEXT_FOOTER",
    "Destination",
    "OutputRefused",
    "create",
    "destination",
    "opened",
    "os_error_text",
    "os_reason",
    "write",
    "write_exact",
]

STDOUT = "-"
_STDOUT_NAMES = (STDOUT, "/dev/stdout")
BINARY_ON_TERMINAL = (
    "een Excel-bestand kan niet op het scherm worden getoond; geef met --output een bestandsnaam "
    "(bijvoorbeeld rapport.xlsx), of stuur de uitvoer naar een bestand: … --output - > rapport.xlsx"
)


class OutputRefused(CriteriaError):
    """--output names something criteria may not or cannot write (nothing was written)."""


@dataclass(frozen=True)
class Destination:
    """A checked output: standard output (path None), a stream written in place, or a regular file to replace."""

    given: str  # as the user gave it: every message names this
    path: Path | None  # None: standard output; a regular file: its real path (symbolic links followed)
    in_place: bool  # standard output, a FIFO or a character device: written, never replaced
    force: bool = False

    @property
    def is_stdout(self) -> bool:
        return self.path is None

    @property
    def is_file(self) -> bool:
        """A regular file that is written whole (temporary file + rename)."""
        return self.path is not None and not self.in_place


def destination(given: Path | str | None, force: bool = False, binary: bool = False) -> Destination:
    """Check an --output before any work; raise OutputRefused (Dutch, naming `given`) for what cannot be written.

    `binary`: the content will be bytes that a terminal cannot show (XLSX)."""
    if given is None or str(given) in _STDOUT_NAMES:
        if binary and _isatty(sys.stdout):
            raise OutputRefused(BINARY_ON_TERMINAL)
        return Destination(STDOUT if given is None else str(given), None, in_place=True, force=force)
    text = str(given)
    path, in_place = _inspect(text, force)
    if in_place and binary and _is_terminal(path):
        raise OutputRefused(f"'{text}' is een terminal; " + BINARY_ON_TERMINAL)
    return Destination(text, path, in_place, force)


def _inspect(given: str, force: bool) -> tuple[Path, bool]:
    """(the path to write, written in place?) for an --output that is not standard output."""
    path = Path(given)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise OutputRefused(
                f"'{given}' is een symbolische koppeling naar '{os.readlink(path)}', en dat bestaat "
                "niet; geef het pad van het bestand zelf"
            ) from None
        _check_folder(given, path.parent)
        return path, False
    except OSError as err:
        raise OutputRefused(os_error_text(given, err)) from None
    if stat.S_ISDIR(st.st_mode):
        raise OutputRefused(f"'{given}' is een map; geef bij --output een bestandsnaam")
    if stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode):
        return path, True
    if not stat.S_ISREG(st.st_mode):
        kind = (
            "een blokapparaat"
            if stat.S_ISBLK(st.st_mode)
            else "een socket"
            if stat.S_ISSOCK(st.st_mode)
            else "geen gewoon bestand"
        )
        raise OutputRefused(
            f"'{given}' is {kind}; criteria schrijft alleen naar een gewoon bestand, een pipe of het scherm"
        )
    real = Path(os.path.realpath(path))
    try:
        ours = is_ours(real)
    except OSError as err:
        raise OutputRefused(os_error_text(given, err)) from None
    if not force and not ours:
        raise OutputRefused(
            f"'{given}' bestaat al en lijkt niet door criteria gemaakt; het wordt niet "
            "overschreven (kies een andere naam, of geef --force om het toch te vervangen)"
        )
    if not force and (not os.access(real, os.W_OK) or not st.st_mode & 0o222):  # root may write anything
        raise OutputRefused(
            f"'{given}' is alleen-lezen; het wordt niet vervangen (geef --force om het toch te vervangen)"
        )
    _check_folder(given, real.parent)
    return real, False


def _check_folder(given: str, folder: Path) -> None:
    """The folder a new file goes into exists, is a folder and may be written (a temporary file is made there)."""
    folder = folder if str(folder) else Path(".")
    shown = str(folder)
    try:
        st = os.stat(folder)
    except FileNotFoundError:
        raise OutputRefused(
            f"'{given}' kan niet worden geschreven: de map '{shown}' bestaat niet (maak de map "
            "eerst, of kies een andere plaats)"
        ) from None
    except OSError as err:
        raise OutputRefused(os_error_text(given, err)) from None
    if not stat.S_ISDIR(st.st_mode):
        raise OutputRefused(f"'{given}' kan niet worden geschreven: '{shown}' is geen map")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputRefused(
            f"'{given}' kan niet worden geschreven: geen toestemming om in de map '{shown}' te schrijven"
        )


_REASONS = {
    errno.ENOTDIR: "een deel van het pad is geen map",
    errno.ELOOP: "symbolische koppelingen verwijzen in een kring naar elkaar",
    errno.ENAMETOOLONG: "de naam is te lang",
    errno.EACCES: "geen toestemming",
    errno.EPERM: "geen toestemming",
    errno.ENOSPC: "de schijf is vol",
    errno.EDQUOT: "uw schijfruimte (quotum) is op",
    errno.EROFS: "het bestandssysteem is alleen-lezen",
    errno.EISDIR: "het is een map",
    errno.ENOENT: "de map bestaat niet (meer)",
    errno.EEXIST: "er staat daar al iets",
    errno.EIO: "invoer/uitvoerfout van het apparaat",
    errno.ENXIO: "er is geen lezer of apparaat aan de andere kant",
    errno.EPIPE: "de ontvanger leest niet meer",
    errno.EXDEV: "het pad ligt op een ander bestandssysteem",
    errno.EBUSY: "het bestand is in gebruik",
    errno.ETXTBSY: "het bestand is in gebruik",
    errno.EFBIG: "het bestand wordt te groot",
}


def os_reason(err: OSError) -> str:
    """The cause of an operating-system error in Dutch words."""
    return _REASONS.get(err.errno or 0, f"het besturingssysteem weigert (foutcode {err.errno})")


def os_error_text(given: str | Path, err: OSError) -> str:
    """A Dutch sentence for an operating-system error while checking or writing `given` (never a temporary name)."""
    return f"'{given}' kan niet worden geschreven: {os_reason(err)}"


@contextmanager
def opened(dest: Destination, binary: bool = False, footer: str | None = None) -> Iterator[IO]:
    """A stream for the output: text (UTF-8, newline \\n) or, with `binary`, bytes. A regular file appears whole
    when the block ends without an error and not at all otherwise; `footer` (a last line: criteria's marker for
    text files, TEXT_FOOTER) is added only there."""
    if dest.path is None:
        with _stdout(dest, binary) as stream:
            yield stream
    elif dest.in_place:
        with _in_place(dest, binary) as stream:
            yield stream
    else:
        with _replace(dest, binary, footer) as stream:
            yield stream


def write(dest: Destination, content: str | bytes, footer: str | None = None) -> None:
    """Write all of `content` to the destination (see `opened`)."""
    with opened(dest, binary=isinstance(content, bytes), footer=footer) as stream:
        stream.write(content)


def write_exact(dest: Destination, data: bytes) -> None:
    """UTF-8 text kept as bytes (a stored result): byte for byte to a pipe or a file, as inert text to a
    terminal."""
    terminal = _isatty(sys.stdout) if dest.is_stdout else dest.in_place and dest.path and _is_terminal(dest.path)
    write(dest, data.decode("utf-8", errors="replace") if terminal else data)


def create(path: Path, content: str | bytes) -> None:
    """Write a NEW file (never over anything that exists, also not through a link): for starting points such as
    `criteria init`. Raises OutputRefused naming `path` when something is there; a failure removes the file."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    given = str(path)
    _check_folder(given, path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o666)
    except FileExistsError:
        raise OutputRefused(f"'{given}' bestaat al; er is niets overschreven") from None
    except OSError as err:
        raise OutputRefused(os_error_text(given, err)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException as err:
        path.unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise OutputRefused(os_error_text(given, err)) from None
        raise


def _isatty(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def _is_terminal(path: Path) -> bool:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NOCTTY | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        return os.isatty(fd)
    finally:
        os.close(fd)


class _Inert(io.TextIOBase):
    """A text stream for a terminal: control characters are shown, not executed."""

    def __init__(self, target: IO[str]) -> None:
        self._target = target

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self._target.write(visible(text))
        return len(text)

    def flush(self) -> None:
        self._target.flush()


@contextmanager
def _stdout(dest: Destination, binary: bool) -> Iterator[IO]:
    out = sys.stdout
    if binary:
        if _isatty(out):
            raise OutputRefused(BINARY_ON_TERMINAL)
        buffer = getattr(out, "buffer", None)
        if buffer is None:  # a text-only stand-in (a test's StringIO): bytes cannot go there
            raise OutputRefused("de standaarduitvoer neemt hier geen bytes aan; geef met --output een bestandsnaam")
        out.flush()
        yield buffer
        buffer.flush()
    else:
        yield cast(IO[str], _Inert(out)) if _isatty(out) else out  # _Inert is a text stream (io.TextIOBase)
        out.flush()


@contextmanager
def _in_place(dest: Destination, binary: bool) -> Iterator[IO]:
    assert dest.path is not None
    try:
        fd = os.open(dest.path, os.O_WRONLY | os.O_NOCTTY)  # a FIFO waits for its reader, as the shell's > does
        handle = os.fdopen(fd, "wb")
    except OSError as err:
        raise OutputRefused(os_error_text(dest.given, err)) from None
    try:
        terminal = os.isatty(handle.fileno())
        if binary and terminal:
            raise OutputRefused(f"'{dest.given}' is een terminal; " + BINARY_ON_TERMINAL)
        if binary:
            yield handle
        else:
            text = io.TextIOWrapper(handle, encoding="utf-8", newline="\n", write_through=True)
            yield cast(IO[str], _Inert(text)) if terminal else text
            text.flush()
            text.detach()
        handle.flush()
    except OSError as err:
        if isinstance(err, CriteriaError):
            raise
        raise OutputRefused(os_error_text(dest.given, err)) from None
    finally:
        try:
            handle.close()
        except OSError:
            pass  # the error was reported above; what was not written cannot be written now


@contextmanager
def _replace(dest: Destination, binary: bool, footer: str | None) -> Iterator[IO]:
    path, _ = _inspect(dest.given, dest.force)  # again, just before writing: the path may have changed meanwhile
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as err:
        raise OutputRefused(os_error_text(dest.given, err)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            _copy_mode(path, tmp)
            if binary:
                yield handle
            else:
                text = io.TextIOWrapper(handle, encoding="utf-8", newline="\n")
                yield text
                if footer is not None:
                    text.write(footer + "\n")
                text.flush()
                text.detach()
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as err:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(err, OSError) and not isinstance(err, CriteriaError):
            raise OutputRefused(os_error_text(dest.given, err)) from None
        raise
    _sync_folder(path.parent)


def _copy_mode(path: Path, tmp: str) -> None:
    """The new file gets the permissions (and, where allowed, the owner) of the file it replaces; a new file the
    usual permissions (0666 minus the umask) instead of mkstemp's 0600."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        os.chmod(tmp, 0o666 & ~_umask())
        return
    os.chmod(tmp, stat.S_IMODE(st.st_mode))
    if (st.st_uid, st.st_gid) != (os.geteuid(), os.getegid()):
        try:
            os.chown(tmp, st.st_uid, st.st_gid)
        except OSError:
            pass  # not allowed (not root): the file becomes the writer's, as with any editor that saves anew


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current

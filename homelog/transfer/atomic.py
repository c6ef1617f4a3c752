"""Writing an output file so that it is either complete or not there at all.

``open_output(target)`` yields a text stream:

* a regular file (existing or new): a temporary file in the same folder
  (``mkstemp``: private, 0600), then flush, ``fsync``, ``os.replace`` onto the
  target and ``fsync`` of the folder. If anything fails before the rename,
  the temporary file is removed and the previous file is untouched; the new
  file is 0600 whatever the old one was (health data).
* ``None``, ``"-"``, ``/dev/stdout``: standard output (UTF-8, no newline
  translation), never closed.
* any other path that is not a regular file (a FIFO, a terminal, a device,
  ``/dev/stderr``, ``/dev/fd/N``): opened and written directly, never replaced
  or truncated.
* an open stream: written to as is (a binary stream is wrapped as UTF-8).
"""

from __future__ import annotations

import errno
import io
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TextIO

from homelog import messages as msg
from homelog.errors import CannotWrite
from homelog.locations import fsync_dir

STDOUT_NAMES = {"-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"}
STDERR_NAMES = {"/dev/stderr", "/dev/fd/2", "/proc/self/fd/2"}
_FD_PATH = re.compile(r"/(?:dev/fd|proc/self/fd)/(\d+)")


def is_stream(target: object) -> bool:
    return hasattr(target, "write")


def describe(target: object) -> str:
    """How to name ``target`` in a message."""
    if target is None or (isinstance(target, str) and target in STDOUT_NAMES):
        return "standard output"
    if is_stream(target):
        return getattr(target, "name", None) or "the stream"
    return str(target)


def _cannot_write(path: object, exc: OSError) -> CannotWrite:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT if hasattr(errno, "EDQUOT") else errno.ENOSPC):
        reason = "the disk is full"
    elif isinstance(exc, PermissionError) and os.name == "nt":
        reason = "permission denied (is it open in another program, such as a spreadsheet? close it and try again)"
    elif isinstance(exc, PermissionError):
        reason = "permission denied"
    elif isinstance(exc, FileNotFoundError):
        reason = "the folder does not exist"
    elif isinstance(exc, IsADirectoryError):
        reason = "it is a folder"
    else:
        reason = exc.strerror or type(exc).__name__
    return CannotWrite(msg.EXPORT_CANNOT_WRITE.format(path=path, reason=reason), path)


@contextmanager
def _wrapped(binary: IO[bytes], encoding: str, newline: str | None) -> Iterator[TextIO]:
    text = io.TextIOWrapper(binary, encoding=encoding, newline=newline, write_through=False)
    try:
        yield text
    finally:
        try:
            text.flush()
        finally:
            text.detach()


@contextmanager
def _stdout(encoding: str, newline: str | None) -> Iterator[TextIO]:
    out = sys.stdout
    buffer = getattr(out, "buffer", None)
    if buffer is None:  # a replaced sys.stdout without bytes underneath
        yield out
        out.flush()
        return
    out.flush()
    with _wrapped(buffer, encoding, newline) as text:
        yield text
    buffer.flush()


@contextmanager
def _direct(path: str, encoding: str, newline: str | None) -> Iterator[TextIO]:
    """A FIFO or a device: open it for writing as it is (no create, no truncate).

    ``/dev/fd/N`` is the descriptor N itself (``dup``), as a shell redirection
    means it: same position, same append mode, whatever it is open on."""
    try:
        numbered = _FD_PATH.fullmatch(path)
        fd = os.dup(int(numbered.group(1))) if numbered else os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    with open(fd, "w", encoding=encoding, newline=newline, closefd=True) as fh:
        yield fh


@contextmanager
def _atomic(path: Path, encoding: str, newline: str | None) -> Iterator[TextIO]:
    folder = path.parent
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    tmp = Path(tmp_name)
    try:
        fh = open(fd, "w", encoding=encoding, newline=newline, closefd=True)
        try:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
            fh.close()  # a file system may report a full disk only here (ENOSPC at close)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _cannot_write(path, exc) from None
        finally:
            try:
                fh.close()
            except OSError:
                pass  # already reported, or the write failed first
        try:
            os.replace(tmp, path)
        except OSError as exc:
            raise _cannot_write(path, exc) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(folder)


def _kind(path: Path) -> str:
    """'regular' (or missing: will be created), 'special' (write directly) or 'folder'."""
    if str(path).startswith("/proc/"):
        return "special"
    try:
        info = path.stat()
    except FileNotFoundError:
        return "regular"
    except OSError:
        return "regular"  # the write will say what is wrong
    if stat.S_ISDIR(info.st_mode):
        return "folder"
    return "regular" if stat.S_ISREG(info.st_mode) else "special"


@contextmanager
def open_output(target: str | os.PathLike | IO | None, *, encoding: str = "utf-8", newline: str | None = "") -> Iterator[TextIO]:
    """A text stream onto ``target`` (see the module docstring); complete or nothing.

    A write that fails (a full disk, /dev/full, a device gone, at any write,
    flush or close) is ``CannotWrite`` naming the target (exit 6); a reader that
    went away (EPIPE) stays ``BrokenPipeError``, which the CLI keeps silent."""
    try:
        with _open_output(target, encoding, newline) as out:
            yield out
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise _cannot_write(describe(target), exc) from None


@contextmanager
def _open_output(target: str | os.PathLike | IO | None, encoding: str, newline: str | None) -> Iterator[TextIO]:
    if target is None or (isinstance(target, str) and target in STDOUT_NAMES):
        with _stdout(encoding, newline) as out:
            yield out
        return
    if isinstance(target, str) and target in STDERR_NAMES:
        sys.stderr.flush()
        with _wrapped(sys.stderr.buffer, encoding, newline) as err:
            yield err
        return
    if is_stream(target):
        if isinstance(target, io.TextIOBase) or hasattr(target, "encoding"):
            yield target  # type: ignore[misc]
        else:
            with _wrapped(target, encoding, newline) as text:  # type: ignore[arg-type]
                yield text
        return
    path = Path(os.fspath(target)).expanduser()
    if _FD_PATH.fullmatch(str(path)):
        with _direct(str(path), encoding, newline) as fh:
            yield fh
        return
    kind = _kind(path)
    if kind == "folder":
        raise _cannot_write(path, IsADirectoryError(errno.EISDIR, "is a directory"))
    if kind == "special":
        with _direct(str(path), encoding, newline) as fh:
            yield fh
        return
    # A symlink to a regular file: replace the file it points to, keep the link.
    real = Path(os.path.realpath(path)) if path.is_symlink() else path
    with _atomic(real, encoding, newline) as fh:
        yield fh

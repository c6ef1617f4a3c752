"""Reading a sync folder safely: it is shared with a sync tool (and whoever
else can write to it), so nothing in it is trusted to be what its name says.

* Only regular files are read. A FIFO, a device, a socket or a folder with a
  sync file's name, and a symbolic link that leads out of the folder, are
  skipped with a warning naming them (a FIFO would block, ``/dev/zero`` would
  read for ever). Each file is opened without following a link (``O_NOFOLLOW``)
  and without blocking (``O_NONBLOCK``), and checked again on the open
  descriptor (``fstat``), so it cannot be swapped between the check and the read.
* Each file is read with a bound, ``LIMIT`` (64 MiB): a larger one is refused
  by name without being read.
* Names are shown with their control characters escaped (``shown``).
"""

from __future__ import annotations

import errno
import fnmatch
import os
import stat
from pathlib import Path

from homelog import messages as msg
from homelog.errors import InputError
from homelog.record_type import Record

#: The most bytes homelog reads from one file of a sync folder.
LIMIT = 64 * 1024 * 1024


class Listing(Record):
    header: tuple[Path, bytes] | None  # the folder header, when there is one
    other_headers: tuple[Path, ...]  # copies of it a sync tool made (a conflict)
    files: tuple[tuple[Path, bytes], ...]  # the sync files, by name
    skipped: tuple[str, ...]  # warnings: what was not read, and why


def shown(name: object) -> str:
    """A file name (or path) for a message: control characters escaped, never raw."""
    return msg.shown(str(name))


def _refuse(path: Path, why: str) -> InputError:
    return InputError(msg.SYNC_BAD_FILE.format(name=shown(path.name), why=why), "file")


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def read_bounded(path: Path, inside: Path) -> bytes | str:
    """The bytes of ``path`` (a regular file in the folder ``inside``, resolved),
    or a warning saying why it was skipped; an ``InputError`` when it is too
    large or cannot be read."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return msg.SYNC_SKIPPED.format(name=shown(path.name), why="it went away while the folder was read")
    except OSError as exc:
        raise _refuse(path, exc.strerror or str(exc)) from None
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    if stat.S_ISLNK(st.st_mode):
        target = Path(os.path.realpath(path))
        if target.parent != inside and inside not in target.parents:
            return msg.SYNC_SKIPPED.format(name=shown(path.name), why=f"it is a link to {shown(target)}, outside the folder")
        try:
            st = os.stat(path)
        except OSError:
            return msg.SYNC_SKIPPED.format(name=shown(path.name), why="it is a broken link")
        path = target
    if not stat.S_ISREG(st.st_mode):
        return msg.SYNC_SKIPPED.format(name=shown(path.name), why=f"it is {_kind(st.st_mode)}, not a regular file")
    flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENXIO):
            return msg.SYNC_SKIPPED.format(name=shown(path.name), why="it changed into something other than a regular file")
        raise _refuse(path, exc.strerror or str(exc)) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return msg.SYNC_SKIPPED.format(name=shown(path.name), why=f"it is {_kind(st.st_mode)}, not a regular file")
        if st.st_size > LIMIT:
            raise _refuse(path, msg.SYNC_TOO_LARGE.format(limit=LIMIT // (1024 * 1024)))
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, min(1 << 20, LIMIT + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > LIMIT:  # it grew while being read
                raise _refuse(path, msg.SYNC_TOO_LARGE.format(limit=LIMIT // (1024 * 1024)))
        return b"".join(chunks)
    except OSError as exc:
        raise _refuse(path, exc.strerror or str(exc)) from None
    finally:
        os.close(fd)


def scan(folder: Path, *, header_name: str, pattern: str) -> Listing:
    """The folder's header and sync files, read safely; the other entries are not looked at."""
    try:
        inside = Path(os.path.realpath(folder))
        names = sorted(entry.name for entry in os.scandir(folder))
    except FileNotFoundError:
        raise InputError(msg.SYNC_NO_FOLDER.format(path=shown(folder)), "folder") from None
    except NotADirectoryError:
        raise InputError(msg.SYNC_NOT_FOLDER.format(path=shown(folder)), "folder") from None
    except OSError as exc:
        raise InputError(msg.SYNC_CANNOT_READ_FOLDER.format(path=shown(folder), why=exc.strerror or str(exc)), "folder") from None
    stem, ext = os.path.splitext(header_name)
    header, others, files, skipped = None, [], [], []
    for name in names:
        path = folder / name
        is_header = name == header_name
        if not is_header and fnmatch.fnmatchcase(name, f"{stem}*{ext}"):
            others.append(path)
            continue
        if not is_header and not fnmatch.fnmatchcase(name, pattern):
            continue
        got = read_bounded(path, inside)
        if isinstance(got, str):
            skipped.append(got)
        elif is_header:
            header = (path, got)
        else:
            files.append((path, got))
    return Listing(header, tuple(others), tuple(files), tuple(skipped))

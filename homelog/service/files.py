"""What a person names for export, import, backup and restore: a file (never
the journal itself) and a format."""

from __future__ import annotations

import os
from pathlib import Path

from homelog import messages as msg
from homelog import validate
from homelog.errors import InputError

FORMATS = ("csv", "json")


def check_format(value: str | None) -> str | None:
    if value is None:
        return None
    fmt = value.strip().lower()
    if fmt not in FORMATS:
        raise InputError(msg.BAD_FORMAT.format(value=value), "format")
    return fmt


def user_path(value: str | os.PathLike) -> Path:
    """A file name given by a person (or a form): a NUL cannot be in one."""
    text = os.fspath(value)
    if "\x00" in str(text):
        raise InputError(msg.BAD_FILE_NAME.format(value=validate._show(text)), "file")
    return Path(text).expanduser()


def is_the_journal(target: Path, db_path: Path) -> bool:
    """Whether ``target`` is the journal or its -wal / -shm (part of it while open),
    however it is spelled (relative, ``..``, a symlink)."""
    try:
        path = target.resolve()
        journal = db_path.resolve()
    except (OSError, RuntimeError):
        return False
    return path in (journal, Path(str(journal) + "-wal"), Path(str(journal) + "-shm"))


def save_private(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` whole or not at all, readable only by its owner
    (0600, whatever the umask): a screenshot holds health data. ``CannotWrite``
    (exit 6) names the file and why."""
    from homelog.transfer.atomic import open_output

    if not path.parent.is_dir():
        from homelog.errors import CannotWrite

        raise CannotWrite(msg.EXPORT_CANNOT_WRITE.format(path=path, reason="the folder does not exist"), path)
    with open_output(path, newline="\n") as out:
        out.write(text)
    return path

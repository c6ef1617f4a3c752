"""``backup_journal`` and ``restore_journal``: SQLite's backup API, both ways."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from homelog import messages as msg
from homelog.errors import CannotWrite, DamagedJournal, InputError, JournalTooNew, NoJournal
from homelog.service.files import is_the_journal, user_path
from homelog.store import backup as store_backup
from homelog.store import bulk


def backup_journal(db_path: Path, output: str | os.PathLike | None = None) -> Path:
    """A consistent copy of the journal (SQLite backup API: safe while it is in use).

    Without ``output``: into the backups folder beside the journal, named with a
    timestamp; the newest ``KEEP_AUTOMATIC`` (10) of those are kept. ``output``
    may be a file (replaced atomically) or a folder (a timestamped name inside).
    """
    db_path = Path(db_path)
    state = store_backup.journal_state(db_path)
    if state in (store_backup.MISSING, store_backup.EMPTY):
        raise NoJournal(msg.NO_JOURNAL.format(path=db_path), db_path)
    if state != store_backup.OK:
        from homelog.store.database import inspect

        inspect(db_path)  # raises the error that describes the file
        raise DamagedJournal(msg.NOT_A_JOURNAL.format(path=db_path), db_path)
    try:
        if output is None:
            return store_backup.backup_file(db_path)
        target = user_path(output)
        if is_the_journal(target, db_path):
            raise InputError(msg.BACKUP_ONTO_JOURNAL.format(path=db_path), "output")
        if target.is_dir():
            return store_backup.backup_file(db_path, reason="manual", folder=target)
        if not target.parent.is_dir():
            raise CannotWrite(msg.EXPORT_CANNOT_WRITE.format(path=target, reason="the folder does not exist"), target)
        return store_backup.copy_database(db_path, target.absolute())
    except OSError as exc:
        raise CannotWrite(msg.EXPORT_CANNOT_WRITE.format(path=output or db_path, reason=exc.strerror or type(exc).__name__), None) from None
    except sqlite3.Error as exc:
        from homelog.store.database import translate

        raise translate(exc, db_path) from None


@dataclass(frozen=True)
class RestoreResult:
    source: Path
    journal: Path
    previous: Path | None  # the backup of the journal as it was (None: there was none)
    damaged_copy: Path | None  # a byte copy, when the journal was too damaged to back up
    sessions: int
    devices: int

    def to_json(self) -> dict:
        return {
            "restored": str(self.source),
            "journal": str(self.journal),
            "previous": None if self.previous is None else str(self.previous),
            "damaged_copy": None if self.damaged_copy is None else str(self.damaged_copy),
            "sessions": self.sessions,
            "devices": self.devices,
        }


def restore_journal(db_path: Path, source: str | os.PathLike, *, areas: Iterable[str], kinds: Iterable[str]) -> RestoreResult:
    """Replace the journal's content with a backup's.

    1. ``source`` must be a homelog journal with its revision's schema, passing
       ``integrity_check`` and ``foreign_key_check``, and every record's values
       must pass the validators (with the rules' ``areas`` and condition ``kinds``);
       else DamagedJournal, exit 4, and nothing changes;
    2. the current journal is backed up (or, if damaged, copied byte for byte);
    3. the backup's pages are copied into the journal with the backup API (the
       journal file is never renamed over while it may be open), then it is
       opened once, which upgrades an older backup's schema.
    """
    from homelog.store.database import open_database, translate

    db_path = Path(db_path)
    src = user_path(source).absolute()
    if not src.exists():
        raise InputError(msg.RESTORE_NO_FILE.format(path=src), "file")
    if db_path.exists() and src.resolve() == db_path.resolve():
        raise InputError(msg.RESTORE_SAME.format(path=src), "file")
    store_backup.verify_journal_file(src, areas=areas, kinds=kinds)
    state = store_backup.journal_state(db_path)
    if state == store_backup.FOREIGN:
        raise DamagedJournal(msg.RESTORE_FOREIGN.format(path=db_path), db_path)
    if state == store_backup.TOO_NEW:
        from homelog.store.database import inspect

        inspect(db_path)  # raises JournalTooNew with its message
        raise JournalTooNew(msg.TOO_NEW.format(path=db_path, revision="?"), db_path)  # pragma: no cover
    previous = damaged_copy = None
    try:
        if state == store_backup.MISSING:
            from homelog.locations import make_private_dir

            make_private_dir(db_path.parent)
            store_backup.copy_database(src, db_path)
        elif state in (store_backup.OK, store_backup.EMPTY):
            if state == store_backup.OK:
                previous = store_backup.backup_file(db_path, reason="pre-restore")
            store_backup.restore_into(src, db_path)
        else:  # damaged: keep its bytes, then try the backup API, else replace the file
            damaged_copy = store_backup.copy_raw(
                db_path, store_backup.backup_dir_for(db_path) / store_backup.backup_name(db_path, "damaged")
            )
            try:
                store_backup.restore_into(src, db_path)
            except sqlite3.DatabaseError:
                store_backup.replace_damaged(src, db_path)
    except sqlite3.Error as exc:
        raise translate(exc, db_path) from None
    except OSError as exc:
        raise CannotWrite(msg.CANNOT_WRITE.format(path=db_path), db_path) from exc
    db = open_database(db_path)  # migrates an older backup (backing it up first)
    try:
        with db.raw() as con:
            counts = bulk.table_counts(con)
    finally:
        db.close()
    return RestoreResult(src, db_path, previous, damaged_copy, counts["sessions"], counts["devices"])

"""``import_sessions``: sessions from a CSV or JSON file into the journal.

Every row is checked first (nothing is written if any row is bad: the error
names the line or the index); then the sessions, and the devices they name
that the journal lacks, are added in ONE ``BEGIN IMMEDIATE`` transaction with
ONE undo-log entry. Rows whose uid the journal holds are skipped (a deleted
one is brought back). The safety rules do not refuse imported sessions (they
happened), but their findings are summarised.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING

from homelog import messages as msg
from homelog.errors import CannotWrite
from homelog.locations import fsync_dir
from homelog.service import open_journal_file, product_transfer, skin_transfer
from homelog.service.files import check_format
from homelog.service.import_devices import check_fixed_needles, match_devices
from homelog.service.import_findings import FindingSummary, import_findings
from homelog.service.import_rows import ImportRow, RowErrors, Validator
from homelog.service.import_source import detect_format, open_source, peek, read_rows
from homelog.store import bulk, queries, versions
from homelog.store.connection import settle
from homelog.transfer.progress import Progress

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date

    from homelog.locations import Locations
    from homelog.service.journal_file import JournalFile


@dataclass(frozen=True)
class ImportResult:
    added: int
    skipped: int
    findings: tuple[FindingSummary, ...] = ()
    devices_added: tuple[str, ...] = ()  # names
    ignored_columns: tuple[str, ...] = ()
    fmt: str = "csv"
    ids: tuple[int, ...] = field(default=(), repr=False)
    reactions_added: int = 0
    conditions_added: int = 0
    products_added: int = 0
    applications_added: int = 0

    def to_json(self) -> dict:
        return {
            "added": self.added,
            "skipped": self.skipped,
            "findings": [f.to_json() for f in self.findings],
            "devices_added": list(self.devices_added),
            "ignored_columns": list(self.ignored_columns),
            "reactions_added": self.reactions_added,
            "conditions_added": self.conditions_added,
            "products_added": self.products_added,
            "applications_added": self.applications_added,
        }


def import_sessions(
    journal: "JournalFile",
    source: str | os.PathLike | IO,
    fmt: str | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import sessions from a CSV or JSON file (path, ``"-"`` for standard input, or a stream).

    All or nothing: any bad row raises ``InputError`` naming it (``line N`` or
    ``sessions[i]``) and nothing is written.
    """
    fmt = check_format(fmt)
    opened = open_source(source)
    stream = opened.stream
    try:
        stream, head = peek(stream)
        fmt = fmt or detect_format(opened.path, head)
        validator = Validator(journal.rules.areas, journal.today())
        errors = RowErrors(opened.name)
        read = read_rows(stream, fmt, opened.name, validator, errors, progress)
        reactions, conditions = skin_transfer.read_skin(
            read.skin, journal.rules.condition_kinds, journal.rules.areas, errors, journal.today()
        )
        on_skin = product_transfer.read_products(read.products, journal.rules.areas, errors)
        if errors.items:
            errors.raise_now()
    finally:
        if opened.owned:
            stream.close()
    with journal.db.raw(write=True) as con:
        at = versions.write_stamp(con, queries.now())
        known = bulk.known_uids(con, "sessions", [r.uid for r in read.rows if r.uid is not None])
        fresh: list[ImportRow] = []
        revive: list[tuple[ImportRow, int]] = []  # (row, id of the deleted session it brings back)
        skipped, ignored = read.duplicates, read.ignored
        for row in read.rows:
            found = known.get(row.uid) if row.uid is not None else None
            if found is None:
                fresh.append(row)
            elif found[1]:  # deleted in this journal (e.g. an undone import): bring it back
                revive.append((row, found[0]))
            else:
                skipped += 1
        del read, known
        rows = fresh + [row for row, _ in revive]
        matched = match_devices(con, validator.specs, {r.device for r in rows if r.device is not None}, errors, at)
        if errors.items:
            errors.raise_now()
        check_fixed_needles(rows, matched.by_spec, errors)
        if errors.items:
            errors.raise_now()
        device_id = {i: d.id for i, d in matched.by_spec.items()}
        device_id[None] = None  # type: ignore[index]
        # Checked against the journal as it will be (its live sessions, read
        # before writing, and these): nothing is read back.
        findings = import_findings(con, journal.rules, rows, device_id, {d.id: d for d in matched.by_spec.values()}, progress)  # type: ignore[arg-type]
        del rows
        total = len(fresh) + len(revive)
        if progress is not None:
            progress("save", 0, total)
        ids: list[int] = []
        if fresh:  # bulk.INSERT_FIELDS order
            inserts = [
                (r.uid or str(uuid.uuid4()), r.date, r.area, r.needle_um, device_id[r.device], r.disinfected, r.notes, r.override_reason or "", r.overridden_rules or "")  # type: ignore[index]
                for r in fresh
            ]
            del fresh
            ids = bulk.insert_sessions(con, inserts, at)
        if revive:
            bulk.revive_sessions(
                con,
                [(r.date, r.area, r.needle_um, device_id[r.device], r.disinfected, r.notes, r.override_reason, r.overridden_rules, sid) for r, sid in revive],  # type: ignore[index]
                at,
            )
            ids += [sid for _, sid in revive]
        if progress is not None:
            progress("save", total, total)
        reaction_ids, condition_ids = skin_transfer.write_skin(con, reactions, conditions, at, errors)
        product_ids, application_ids = product_transfer.write_products(con, on_skin, ids, at, errors)
        if ids or reaction_ids or condition_ids or product_ids or application_ids:
            # What this import added: undo removes the devices and the skin's rows with the sessions.
            extra = {
                "devices": matched.added_ids, "reactions": reaction_ids, "conditions": condition_ids,
                "products": product_ids, "applications": application_ids,
            }
            bulk.record_import(con, ids, at, extra)
    return ImportResult(
        added=len(ids),
        skipped=skipped,
        findings=findings,
        devices_added=tuple(matched.added_names),
        ignored_columns=ignored,
        fmt=fmt,
        ids=tuple(ids),
        reactions_added=len(reaction_ids),
        conditions_added=len(condition_ids),
        products_added=len(product_ids),
        applications_added=len(application_ids),
    )


def import_to_new_journal(
    where: "Locations", source: str | os.PathLike | IO, fmt: str | None = None, progress: Progress | None = None,
    *, today: "Callable[[], date]",
) -> ImportResult:
    """``import_sessions`` into a journal that does not exist yet, whole or not at all:
    the journal is built beside its path under a temporary name and linked into place
    once the import is complete. A refused import leaves no journal behind (a later
    ``status`` still says there is none), and a journal that appeared at the path
    meanwhile is never overwritten."""
    target = where.db
    temp = target.with_name(f".{target.name}.{os.getpid()}.importing")
    try:
        journal = open_journal_file(where._replace(db=temp), today=today)
        try:
            result = import_sessions(journal, source, fmt, progress)
        finally:
            journal.close()
        problem = settle(temp)  # every page in the file itself: nothing left in a WAL
        if problem:
            raise CannotWrite(msg.IMPORT_NOT_SETTLED.format(path=target, detail=problem), target)
        try:
            os.link(temp, target)  # fails, rather than replaces, when a journal appeared
        except FileExistsError:
            raise CannotWrite(msg.IMPORT_TARGET_APPEARED.format(path=target), target) from None
        except OSError:  # a file system without hard links
            if os.path.lexists(target):
                raise CannotWrite(msg.IMPORT_TARGET_APPEARED.format(path=target), target) from None
            os.replace(temp, target)
        fsync_dir(target.parent)
    finally:
        for leftover in (temp, temp.with_name(temp.name + "-wal"), temp.with_name(temp.name + "-shm")):
            leftover.unlink(missing_ok=True)
    return result

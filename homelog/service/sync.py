"""Two machines, one journal: merge through a folder the user syncs, never by
syncing the live database.

``sync(journal, folder, config_dir=...)`` opens the encrypted folder and every
sync file in it, this journal's own and the others' (``sync_open``), checks
every record as the user's own input (``sync_checks``) before anything is
written, merges
them into the journal record by record, last writer wins, in one transaction
with one undo entry, then writes this journal's own file. A record's versions
are ordered by (``updated_at``, deleted, ``origin``), so a tie goes the same
way on every machine, a deletion beats an edit made no later, and merging the
same files again changes nothing. A merged session the rules would stop is
reported, not refused: it happened.

A device is removed only while no session refers to it: a removal that meets a
session still using the device (logged on the other machine meanwhile) gives
way to the device's newest kept version, the same choice on every machine.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from homelog import messages as msg
from homelog.errors import InputError
from homelog.record_type import Record
from homelog.service import sync_checks, sync_open
from homelog.service.import_devices import JournalDevice
from homelog.service.import_findings import FindingSummary, import_findings
from homelog.service.import_rows import ImportRow
from homelog.store import bulk, queries, sync_rows, versions
from homelog.store.sync_rows import (
    APPLICATION_PRODUCT,
    DEVICE_DELETED,
    ENTITIES,
    FIELDS,
    SESSION_DELETED,
    SESSION_DEVICE,
    SESSION_PRODUCTS,
)
from homelog.transfer import sync_file, sync_folder

_AT = {e: (f.index("updated_at"), f.index("origin"), len(f) - 1) for e, f in FIELDS.items()}


def _key(entity: str, version: tuple) -> tuple:
    updated, origin, deleted = _AT[entity]
    return (version[updated], bool(version[deleted]), version[origin], repr(version))


def _deleted(entity: str, version: tuple) -> bool:
    return bool(version[_AT[entity][2]])


class Change(Record):
    entity: str
    uid: str
    before: tuple | None  # None: new to this journal
    after: tuple
    source: str  # the file it came from


class SyncResult(Record):
    journal_id: str
    files: tuple[str, ...]  # the sync files read
    counts: dict[str, dict[str, int]]  # entity -> {"added", "changed", "deleted"}
    findings: tuple[FindingSummary, ...]
    written: str | None  # this journal's own file, once written (None: --status)
    skipped: tuple[str, ...] = ()  # warnings: entries of the folder not read, and why
    set_up: bool = False  # this sync set the folder up (wrote its header)

    @property
    def changed(self) -> int:
        return sum(sum(c.values()) for c in self.counts.values())

    def to_json(self) -> dict:
        return {
            "journal_id": self.journal_id,
            "files": list(self.files),
            "changes": self.counts,
            "findings": [f.to_json() for f in self.findings],
            "written": self.written,
            "skipped": list(self.skipped),
            "set_up": self.set_up,
        }


def plan(local: dict[str, dict[str, tuple]], files: Iterable[sync_file.SyncFile]) -> list[Change]:
    """What merging ``files`` into ``local`` changes (pure: no I/O)."""
    best: dict[str, dict[str, tuple[tuple, str]]] = {e: {uid: (v, "") for uid, v in local[e].items()} for e in ENTITIES}
    kept_devices: dict[str, tuple] = {uid: v for uid, v in local["devices"].items() if not v[DEVICE_DELETED]}
    for f in files:
        name = f.path.name
        for entity in ENTITIES:
            mine = best[entity]
            for v in f.records[entity]:
                held = mine.get(v[0])
                if held is None or _key(entity, v) > _key(entity, held[0]):
                    mine[v[0]] = (v, name)
                if entity == "devices" and not v[DEVICE_DELETED]:
                    other = kept_devices.get(v[0])
                    if other is None or _key(entity, v) > _key(entity, other):
                        kept_devices[v[0]] = v
    # A device some session refers to stays: its newest kept version.
    used = {v[SESSION_DEVICE]: name for v, name in best["sessions"].values() if v[SESSION_DEVICE] is not None}
    for uid, name in used.items():
        held = best["devices"].get(uid)
        if held is None or held[0][DEVICE_DELETED]:
            if uid not in kept_devices:
                why = msg.SYNC_MISSING.format(what="a session", kind="device", uid=uid)
                raise InputError(msg.SYNC_BAD_FILE.format(name=name, why=why), "file")
            best["devices"][uid] = (kept_devices[uid], held[1] if held else name)
    sessions = best["sessions"]
    for v, name in best["reactions"].values():
        if v[1] not in sessions:
            why = msg.SYNC_MISSING.format(what="an observation", kind="session", uid=v[1])
            raise InputError(msg.SYNC_BAD_FILE.format(name=name, why=why), "file")
    # Products are never removed (deleted ones stay): every one a record names must be known.
    products = best["products"]
    named = [(u, "a session", name) for v, name in sessions.values() for u in (v[SESSION_PRODUCTS] or "").split(",") if u]
    named += [(v[APPLICATION_PRODUCT], "an application", name) for v, name in best["applications"].values()]
    for uid, what, name in named:
        if uid not in products:
            why = msg.SYNC_MISSING.format(what=what, kind="product", uid=uid)
            raise InputError(msg.SYNC_BAD_FILE.format(name=name, why=why), "file")
    return [
        Change(entity, uid, local[entity].get(uid), v, name)
        for entity in ENTITIES
        for uid, (v, name) in best[entity].items()
        if local[entity].get(uid) != v
    ]


def _counts(changes: list[Change]) -> dict[str, dict[str, int]]:
    out = {e: {"added": 0, "changed": 0, "deleted": 0} for e in ENTITIES}
    for c in changes:
        gone = _deleted(c.entity, c.after)
        kind = "deleted" if gone and (c.before is None or not _deleted(c.entity, c.before)) else "added" if c.before is None else "changed"
        out[c.entity][kind] += 1
    return out


def write_versions(con, by_entity: dict[str, list[tuple]]) -> None:
    """Make the journal's records equal to these versions (devices kept and products
    first, removed devices last)."""
    sync_rows.write_devices(con, [v for v in by_entity["devices"] if not v[DEVICE_DELETED]])
    sync_rows.write_products(con, by_entity["products"])
    product_ids = sync_rows.ids_by_uid(con, "products")
    sync_rows.write_sessions(con, by_entity["sessions"], sync_rows.ids_by_uid(con, "devices"), product_ids)
    sync_rows.write_reactions(con, by_entity["reactions"], sync_rows.ids_by_uid(con, "sessions"))
    sync_rows.write_conditions(con, by_entity["conditions"])
    sync_rows.write_applications(con, by_entity["applications"], product_ids)
    sync_rows.write_devices(con, [v for v in by_entity["devices"] if v[DEVICE_DELETED]])


def _findings(con, rules, sessions: list[tuple]) -> tuple[FindingSummary, ...]:
    """The rules' findings for the merged live sessions, against the journal as it
    will be: those already here are set aside (deleted) until they are written."""
    live = [v for v in sessions if v[SESSION_DELETED] is None]
    if not live:
        return ()
    uids = [v[0] for v in live]
    for start in range(0, len(uids), queries.BATCH):
        chunk = uids[start : start + queries.BATCH]
        marks = ",".join("?" * len(chunk))
        con.execute(f"UPDATE sessions SET deleted_at = 'sync' WHERE uid IN ({marks})", chunk)
    devices = {row[0]: JournalDevice(*row[:5], bool(row[5])) for row in bulk.all_devices(con)}
    by_uid = {d.uid: d.id for d in devices.values()}
    # As the import's checked rows, their device the journal's own id.
    rows = [
        ImportRow(f"session of {v[1]} ({v[2]})", v[0], v[1], v[2], v[3], v[5], v[6], v[7], v[8], by_uid.get(v[4]))
        for v in live
    ]
    same = {None: None, **{i: i for i in devices}}
    return import_findings(con, rules, rows, same, devices, None)


def sync(
    journal, folder: Path, *, config_dir: Path, passphrase: str | None = None, dry_run: bool = False
) -> SyncResult:
    """Merge every sync file in ``folder`` into ``journal`` and write its own (``dry_run``: say what would change).

    ``config_dir`` holds the folder keys this machine remembers; ``passphrase``
    is needed when none opens the folder (``PassphraseNeeded`` says so)."""
    with journal.db.raw() as con:
        jid = versions.journal_id(con)
    opened = sync_open.open_folder(folder, jid, config_dir, passphrase, dry_run)
    files = opened.files
    names = tuple(sync_folder.shown(f.path.name) for f in files)
    checker = sync_checks.Checker(journal.rules, versions.clock(), journal.today())
    with journal.db.raw(write=not dry_run) as con:
        if versions.journal_id(con) != jid:  # pragma: no cover - the journal was restored meanwhile
            raise InputError(msg.SYNC_JOURNAL_REPLACED, "journal")
        local = sync_rows.read_all(con)
        # What this journal writes is checked as what it reads, before anything
        # is merged (a journal damaged by hand is reported, not spread).
        checker.check_own(local)
        for f in files:
            checker.check_file(f, local)
        changes = plan(local, files)
        checker.check_merged(local, changes)
        counts = _counts(changes)
        if dry_run:
            result = SyncResult(jid, names, counts, (), None, opened.skipped)
        else:
            by_entity: dict[str, list[tuple]] = {e: [] for e in ENTITIES}
            for c in changes:
                by_entity[c.entity].append(c.after)
            # The kept devices first: the findings read the merged sessions' devices
            # (write_versions writes them again, which changes nothing).
            sync_rows.write_devices(con, [v for v in by_entity["devices"] if not v[DEVICE_DELETED]])
            findings = _findings(con, journal.rules, by_entity["sessions"])
            write_versions(con, by_entity)
            if changes:
                before = {e: [[c.uid, c.before and list(c.before)] for c in changes if c.entity == e] for e in ENTITIES}
                queries.record_change(con, "sync", 0, "sync", {"before": before, "files": list(names)})
            final = sync_rows.read_all(con)  # its own records (checked) and the merged ones (checked)
            # Sealed before the commit: a file the other machines would refuse (too large) is not written.
            assert opened.data_key is not None  # a sync that writes has the folder's key
            sealed = sync_file.seal(jid, {e: sorted(final[e].values()) for e in ENTITIES}, opened.data_key)
            if len(sealed) > sync_folder.LIMIT:
                raise InputError(msg.SYNC_OWN_TOO_LARGE.format(limit=sync_folder.LIMIT // (1024 * 1024)), "journal")
    if dry_run:
        sync_open.remember(config_dir, folder, opened, last=False)
        return result
    assert opened.header is not None
    if opened.new_header:
        sync_open.write_header(folder, opened.header)
    own = folder / sync_file.file_name(jid)
    sync_file.write(own, sealed)
    sync_open.remember(config_dir, folder, opened, last=True)
    return SyncResult(jid, names, counts, findings, sync_folder.shown(own), opened.skipped, opened.new_header)


def undo_sync(con, before: dict) -> int:
    """Put back what a sync changed, as a new edit (so the next sync passes the undo on) -> records reverted."""
    at = versions.write_stamp(con, queries.now())
    by_entity: dict[str, list[tuple]] = {e: [] for e in ENTITIES}
    current = sync_rows.read_all(con)
    for entity in ENTITIES:
        updated, origin, deleted = _AT[entity]
        for uid, old in before["before"].get(entity, []):
            now_v = current[entity].get(uid)
            if now_v is None:
                continue
            if old is None:  # added by the sync: it goes
                if _deleted(entity, now_v):
                    continue
                new = list(now_v)
                if entity == "devices":
                    new = [uid] + [None] * (len(FIELDS["devices"]) - 2) + [1]
                else:
                    new[deleted] = at.created
            else:
                new = list(old)
            new[updated], new[origin] = at.updated_at, at.origin
            by_entity[entity].append(tuple(new))
    # A device a session still refers to stays.
    used = {v[SESSION_DEVICE] for v in current["sessions"].values()} | {v[SESSION_DEVICE] for v in by_entity["sessions"]}
    by_entity["devices"] = [v for v in by_entity["devices"] if not (v[DEVICE_DELETED] and v[0] in used)]
    write_versions(con, by_entity)
    return sum(len(changed) for changed in by_entity.values())

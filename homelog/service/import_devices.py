"""An import's devices: the file's (``DeviceSpec``) matched to the journal's by
uid, else by name; the missing ones created; a fixed needle checked."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterable

from homelog import messages as msg
from homelog.record_type import Record
from homelog.records import FIXED_NEEDLE_KINDS, um_to_mm_text
from homelog.service.import_rows import DeviceSpec, ImportRow, RowErrors
from homelog.store import bulk
from homelog.store.versions import WriteStamp


class JournalDevice(Record):
    """A device of the journal (``bulk.all_devices`` order), or one the import adds."""

    id: int
    uid: str
    name: str
    kind: str
    needle_um: int | None
    retired: bool


class MatchedDevices(Record):
    by_spec: dict[int, JournalDevice]  # index in the file's specs -> the journal's device
    added_names: list[str]
    added_ids: list[int]


def match_devices(
    con: sqlite3.Connection, specs: list[DeviceSpec], used: Iterable[int], errors: RowErrors, at: WriteStamp
) -> MatchedDevices:
    """The journal's device for each of the specs ``used`` (uid, else name; a device
    in use wins over a retired one of the same name), creating those it lacks. A
    spec that cannot make a device (no name or kind, a roller without a needle) is
    an error at the row that first named it."""
    existing = [JournalDevice(did, uid, name, kind, um, bool(retired)) for did, uid, name, kind, um, retired in bulk.all_devices(con)]
    by_uid = {d.uid: d for d in existing}
    by_name: dict[str, JournalDevice] = {}
    for device in existing:  # by id
        current = by_name.get(device.name)
        if current is None or (current.retired and not device.retired):
            by_name[device.name] = device
    out = MatchedDevices({}, [], [])
    new: dict[int, JournalDevice] = {}  # index in the specs -> a device to add (its id given below)
    for index in sorted(set(used)):
        spec = specs[index]
        found = by_uid.get(spec.uid) if spec.uid is not None else by_name.get(spec.name)  # type: ignore[arg-type]
        if found is not None:
            out.by_spec[index] = found
            continue
        if spec.name is None or spec.kind is None or (spec.kind in FIXED_NEEDLE_KINDS and spec.needle_um is None):
            errors.add(spec.first_where, msg.IMPORT_DEVICE_UNKNOWN.format(device=spec.name or spec.uid))
            continue
        device = JournalDevice(0, spec.uid or str(uuid.uuid4()), spec.name, spec.kind, spec.needle_um, spec.retired)
        by_uid[device.uid] = device
        by_name.setdefault(spec.name, device)
        out.by_spec[index] = new[index] = device
    if not new:
        return out
    ids = bulk.insert_devices(con, [(d.uid, d.name, d.kind, d.needle_um, d.retired) for d in new.values()], at)
    added = {d.uid: d._replace(id=i) for d, i in zip(new.values(), ids)}
    for index, device in out.by_spec.items():
        if device.uid in added:  # one added above (later specs may name it too)
            out.by_spec[index] = added[device.uid]
    out.added_names.extend(d.name for d in added.values())
    out.added_ids.extend(ids)
    return out


def check_fixed_needles(rows: Iterable[ImportRow], by_spec: dict[int, JournalDevice], errors: RowErrors) -> None:
    """A device with a fixed needle (roller, stamp) fixes the session's needle too."""
    fixed = {i: d for i, d in by_spec.items() if d.kind in FIXED_NEEDLE_KINDS and d.needle_um is not None}
    if not fixed:
        return
    for row in rows:
        device = fixed.get(row.device)  # type: ignore[arg-type]
        if device is not None and row.needle_um != device.needle_um:
            errors.add(
                row.where,
                msg.IMPORT_NEEDLE_MISMATCH.format(device=device.name, length=um_to_mm_text(device.needle_um), kind=device.kind),  # type: ignore[arg-type]
            )

"""homelog's JSON format, for scripts.

One document::

    {"format": "homelog", "version": 1, "exported": "2025-06-01T10:00:00+02:00",
     "sessions": [{"id": 1, "uid": "…", "date": "2025-05-01", "area": "face",
                   "needle_mm": 0.5, "device_id": 1, "disinfected": true,
                   "notes": "", "override_reason": null, "overridden_rules": [],
                   "device_uid": "…"}, …],
     "devices": [{"id": 1, "uid": "…", "name": "…", "kind": "roller",
                  "needle_mm": 0.5, "uses": 3, "first_used": "…", "retired": false}]}

Sessions are ``records.Session.to_json()`` plus ``device_uid``; ``devices``
lists the devices those sessions used (``records.Device.to_json()``). Ids are
the exporting journal's and only informational. No formula escaping here: JSON
is not opened by spreadsheets, and text is kept exactly.

Import also accepts a bare list of session objects (``homelog list --json``).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, TextIO

from homelog import messages as msg
from homelog.errors import InputError
from homelog.records import session_json, um_to_mm

FORMAT = "homelog"
VERSION = 1
CHUNK = 1000


_mm = functools.cache(um_to_mm)


def _session(row: tuple) -> dict:
    """A row in ``homelog.store.bulk.EXPORT_FIELDS`` order -> ``records.Session.to_json()`` + ``device_uid``."""
    sid, uid, day, area, um, dis, notes, reason, rules, did, duid, _dname, _dkind, _dum = row
    out = session_json(
        id=sid,
        uid=uid,
        date=day,
        area=area,
        needle_mm=_mm(um),
        device_id=did,
        disinfected=None if dis is None else bool(dis),
        notes=notes or "",
        override_reason=reason,
        overridden_rules=[r for r in (rules or "").split(",") if r],
    )
    out["device_uid"] = duid
    return out


def device_json(row: Sequence) -> dict:
    """A row in ``homelog.store.bulk.DEVICE_FIELDS`` order -> ``records.Device.to_json()`` shape."""
    did, uid, name, kind, um, retired, uses, first = row
    return {
        "id": did,
        "uid": uid,
        "name": name,
        "kind": kind,
        "needle_mm": None if um is None else um_to_mm(um),
        "uses": uses or 0,
        "first_used": first,
        "retired": bool(retired),
    }


def write_json(
    stream: TextIO,
    chunks: Iterable[Sequence[tuple]],
    *,
    exported: str,
    devices: Callable[[set[int]], list[dict]],
    on_chunk: Callable[[int], None] | None = None,
    extras: Callable[[], dict[str, list[dict]]] | None = None,
) -> int:
    """Stream the document: sessions as they come, then ``devices(ids used)``,
    then each list of ``extras()`` (the skin's reactions and conditions)."""
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    head = {"format": FORMAT, "version": VERSION, "exported": exported}
    stream.write("{\n")
    for key, value in head.items():
        stream.write(f"  {dumps(key)}: {dumps(value)},\n")
    stream.write('  "sessions": [')
    used: set[int] = set()
    count = 0
    sep = "\n    "
    for chunk in chunks:
        parts = []
        for row in chunk:
            if row[9] is not None:
                used.add(row[9])
            parts.append(sep + dumps(_session(row)))
            sep = ",\n    "
        stream.write("".join(parts))
        count += len(chunk)
        if on_chunk is not None:
            on_chunk(count)
    stream.write("\n  ],\n" if count else "],\n")
    stream.write('  "devices": [')
    found = devices(used)
    stream.write(",".join("\n    " + dumps(d) for d in found))
    stream.write("\n  ]" if found else "]")
    for key, items in (extras() if extras is not None else {}).items():
        stream.write(f",\n  {dumps(key)}: [")
        stream.write(",".join("\n    " + dumps(d) for d in items))
        stream.write("\n  ]" if items else "]")
    stream.write("\n}\n")
    return count


# -- reading ---------------------------------------------------------------------


def _at(index: int) -> str:
    return f"sessions[{index}]"


def _rules_text(value: object) -> object:
    if isinstance(value, list):
        if not all(isinstance(v, str) for v in value):
            return value  # validation says what is wrong
        return ",".join(value)
    return value


class JsonSource:
    """The sessions of a homelog JSON document (or a bare list of sessions).

    Iterating yields ``(where, values)``: ``where`` is ``sessions[i]``, and
    ``values`` is in ``homelog.transfer.csv_format.RECORD_FIELDS`` order (as
    the JSON has them: checked by the importer), with the device's name, kind
    and needle filled in from ``devices``.
    """

    ignored: tuple[str, ...] = ()

    def __init__(self, stream: IO, name: str = "the file"):
        self.name = name
        data = stream.read()
        if isinstance(data, bytes):
            try:
                data = data.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                line = data.count(b"\n", 0, exc.start) + 1
                raise InputError(msg.IMPORT_NOT_UTF8.format(name=name, line=line)) from None
        try:
            document = json.loads(data)
        except json.JSONDecodeError as exc:
            raise InputError(msg.IMPORT_BAD_JSON.format(name=name, line=exc.lineno, detail=exc.msg)) from None
        except RecursionError:  # nesting bound: Python's own (about 1,000 levels); ours is 4 deep
            raise InputError(msg.IMPORT_TOO_DEEP.format(name=name)) from None
        devices: list = []
        #: The document's "reactions" and "conditions" (``service.skin_transfer.read_skin``).
        self.skin: dict | None = None
        if isinstance(document, list):
            sessions = document
        elif isinstance(document, dict) and document.get("format") == FORMAT:
            version = document.get("version")
            if not isinstance(version, int) or isinstance(version, bool):
                raise InputError(msg.IMPORT_NOT_OURS.format(name=name))
            if version > VERSION:
                raise InputError(msg.IMPORT_TOO_NEW.format(name=name, version=version))
            sessions = document.get("sessions", [])
            devices = document.get("devices") or []
            self.skin = {key: document.get(key) for key in ("reactions", "conditions")}
            if not isinstance(sessions, list) or not isinstance(devices, list):
                raise InputError(msg.IMPORT_NOT_OURS.format(name=name))
        else:
            raise InputError(msg.IMPORT_NOT_OURS.format(name=name))
        self._sessions = sessions
        self._by_uid: dict[str, dict] = {}
        self._by_id: dict[object, dict] = {}
        for d in devices:
            if not isinstance(d, dict):
                continue
            if isinstance(d.get("uid"), str) and d["uid"]:
                self._by_uid.setdefault(d["uid"], d)
            if d.get("id") is not None and not isinstance(d.get("id"), (dict, list)):
                self._by_id.setdefault(d["id"], d)
        self.columns = ("uid", "date", "area", "needle_mm", "device", "disinfected", "notes")

    def __len__(self) -> int:
        return len(self._sessions)

    def __iter__(self) -> Iterator[tuple[str, tuple]]:
        """(``sessions[i]``, values in ``csv_format.RECORD_FIELDS`` order)."""
        for index, item in enumerate(self._sessions):
            if not isinstance(item, dict):
                raise InputError(msg.IMPORT_AT.format(where=_at(index), problem=msg.IMPORT_NOT_OBJECT))
            get = item.get
            device_uid, name, kind, needle = get("device_uid"), get("device", get("device_name")), get("device_kind"), get("device_needle_mm")
            retired = False
            device = None
            device_id = get("device_id")
            if isinstance(device_uid, str) and device_uid:
                device = self._by_uid.get(device_uid)
            if device is None and device_id is not None and not isinstance(device_id, (dict, list)):
                device = self._by_id.get(device_id)
                if device is not None and not device_uid:
                    device_uid = device.get("uid")
            if device is not None:
                name = device.get("name") if name is None else name
                kind = device.get("kind") if kind is None else kind
                needle = device.get("needle_mm") if needle is None else needle
                retired = device.get("retired") is True
            elif device_id is not None and not name and not device_uid:
                problem = msg.IMPORT_UNKNOWN_DEVICE_ID.format(id=device_id)
                raise InputError(msg.IMPORT_AT.format(where=_at(index), problem=problem))
            yield _at(index), (
                get("uid"),
                get("date"),
                get("area"),
                get("needle_mm", get("needle")),
                get("disinfected"),
                get("notes"),
                get("override_reason"),
                _rules_text(get("overridden_rules")),
                device_uid,
                name,
                kind,
                needle,
                retired,
            )

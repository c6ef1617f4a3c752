"""The sync file: one journal's records, as versions, in a folder the user syncs.

``<journal id>.homelog-sync.json``, written whole and atomically (a temporary
file in the same folder, fsync, rename; 0600 like every file homelog writes).
Syncthing's and Dropbox's conflict copies of it match ``PATTERN`` too, so a
copy they made is merged rather than lost.

    {"format": "homelog-sync", "version": 1, "journal": "<32 hex>",
     "records": {"devices": {"fields": [...], "rows": [[...], ...]}, ...}}
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import NamedTuple

from homelog import messages as msg
from homelog.errors import InputError
from homelog.store.sync_rows import FIELDS, FIELDS_V1
from homelog.transfer.atomic import open_output

FORMAT = "homelog-sync"
VERSION = 2  # 2: products and applications, a session's cartridge and products, a device's sharing
SUFFIX = ".homelog-sync.json"
PATTERN = "*.homelog-sync*.json"
_JOURNAL_ID = re.compile(r"[0-9a-f]{32}")
_SCALARS = (str, int, type(None))


class SyncFile(NamedTuple):
    path: Path
    journal: str
    records: dict[str, list[tuple]]  # entity -> versions (``sync_rows.FIELDS`` order)


def file_name(journal_id: str) -> str:
    return journal_id + SUFFIX


def write(path: Path, journal_id: str, records: dict[str, list[tuple]]) -> None:
    body = {
        "format": FORMAT,
        "version": VERSION,
        "journal": journal_id,
        "records": {e: {"fields": list(FIELDS[e]), "rows": [list(v) for v in records[e]]} for e in FIELDS},
    }
    with open_output(path, newline="\n") as out:
        json.dump(body, out, ensure_ascii=False, separators=(",", ":"))
        out.write("\n")


def _bad(path: Path, why: str) -> InputError:
    return InputError(msg.SYNC_BAD_FILE.format(name=path.name, why=why), "file")


def read(path: Path) -> SyncFile:
    """The file's records, checked whole: a damaged, truncated or foreign file is an ``InputError`` naming it."""
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise _bad(path, exc.strerror or str(exc)) from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _bad(path, "not complete JSON (truncated, or not a homelog sync file)") from None
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        raise _bad(path, "not a homelog sync file")
    version = body.get("version")
    if version not in (1, VERSION):
        raise _bad(path, f"written by a newer homelog (sync format {version!r})")
    journal = body.get("journal")
    if not isinstance(journal, str) or not _JOURNAL_ID.fullmatch(journal):
        raise _bad(path, "no journal id")
    records = body.get("records")
    if not isinstance(records, dict):
        raise _bad(path, "no records")
    out: dict[str, list[tuple]] = {}
    for entity, fields in (FIELDS_V1 if version == 1 else FIELDS).items():
        part = records.get(entity)
        if not isinstance(part, dict) or part.get("fields") != list(fields) or not isinstance(part.get("rows"), list):
            raise _bad(path, f"its {entity} are not in the expected shape")
        rows = []
        for i, row in enumerate(part["rows"]):
            if (
                not isinstance(row, list)
                or len(row) != len(fields)
                or not all(isinstance(x, _SCALARS) for x in row)
                or not isinstance(row[0], str)
                or not isinstance(row[fields.index("updated_at")], str)
                or not isinstance(row[fields.index("origin")], str)
            ):
                raise _bad(path, f"{entity}[{i}] is not a record")
            rows.append(tuple(row))
        out[entity] = rows if version == VERSION else [_upgraded(entity, fields, row) for row in rows]
    for entity in FIELDS:
        out.setdefault(entity, [])  # format 1: no products, no applications
    return SyncFile(path, journal, out)


def _upgraded(entity: str, fields: tuple[str, ...], row: tuple) -> tuple:
    """A format-1 version in today's fields (what it did not know: None)."""
    values = dict(zip(fields, row))
    return tuple(values.get(f) for f in FIELDS[entity])

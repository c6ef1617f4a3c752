"""The sync file: one journal's records, as versions, sealed, in a folder the user syncs.

``<journal id>.homelog-sync.json``, written whole and atomically (a temporary
file in the same folder, fsync, rename; 0600 like every file homelog writes).
Syncthing's and Dropbox's conflict copies of it match ``PATTERN`` too, so a
copy they made is merged rather than lost.

On disk (format version 2) it is an envelope; only ``sealed`` carries the
records, encrypted and authenticated (``sync_crypto``) with the journal id and
the version as associated data:

    {"format": "homelog-sync", "version": 2, "journal": "<32 hex>",
     "cipher": "AES-256-GCM", "nonce": "<base64>", "sealed": "<base64>"}

Inside the seal, the records:

    {"format": "homelog-sync", "version": 2, "journal": "<32 hex>",
     "records": {"devices": {"fields": [...], "rows": [[...], ...]}, ...}}

Version 1 was the same records in plaintext: ``read`` tells such a file apart
(``Plaintext``) and never merges it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from homelog import messages as msg
from homelog.errors import InputError
from homelog.record_type import Record
from homelog.store.sync_rows import FIELDS, FIELDS_V1
from homelog.transfer import sync_crypto
from homelog.transfer.atomic import open_output

FORMAT = "homelog-sync"
VERSION = 2
PLAINTEXT_VERSION = 1
SUFFIX = ".homelog-sync.json"
PATTERN = "*.homelog-sync*.json"
_JOURNAL_ID = re.compile(r"[0-9a-f]{32}")
_SCALARS = (str, int, float, type(None))  # the validators say which are right


class Plaintext(Record):
    """A version 1 file: plaintext, from before sync files were encrypted."""

    path: Path
    journal: str | None


class Sealed(Record):
    path: Path
    journal: str
    nonce: bytes
    sealed: bytes


class SyncFile(Record):
    path: Path
    journal: str
    records: dict[str, list[tuple]]  # entity -> versions (``sync_rows.FIELDS`` order)


def file_name(journal_id: str) -> str:
    return journal_id + SUFFIX


def seal(journal_id: str, records: dict[str, list[tuple]], key: bytes) -> str:
    """The file's text: ``records`` sealed with ``key`` in the envelope."""
    body = {
        "format": FORMAT,
        "version": VERSION,
        "journal": journal_id,
        "records": {e: {"fields": list(FIELDS[e]), "rows": [list(v) for v in records[e]]} for e in FIELDS},
    }
    plain = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    nonce, sealed = sync_crypto.seal(key, plain, sync_crypto.file_aad(journal_id, VERSION))
    envelope = {
        "format": FORMAT,
        "version": VERSION,
        "journal": journal_id,
        "cipher": sync_crypto.CIPHER,
        "nonce": sync_crypto.b64(nonce),
        "sealed": sync_crypto.b64(sealed),
    }
    return json.dumps(envelope, separators=(",", ":")) + "\n"


def write(path: Path, text: str) -> None:
    """Write a sealed file (``seal``) whole and atomically, 0600."""
    with open_output(path, newline="\n") as out:
        out.write(text)


def _bad(path: Path, why: str) -> InputError:
    return InputError(msg.SYNC_BAD_FILE.format(name=msg.shown(path.name), why=why), "file")


def named_journal(path: Path) -> str | None:
    """The journal id a sync file's name gives (conflict copies keep it as the name's start)."""
    head = path.name[:32]
    return head if _JOURNAL_ID.fullmatch(head) and path.name[32:].startswith(".homelog-sync") else None


def envelope(path: Path, data: bytes) -> Sealed | Plaintext:
    """The file's envelope, checked: a damaged, truncated or foreign file is an ``InputError`` naming it."""
    try:
        body = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise _bad(path, "not complete JSON (truncated, or not a homelog sync file)") from None
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        raise _bad(path, "not a homelog sync file")
    version = body.get("version")
    journal = body.get("journal")
    if version == PLAINTEXT_VERSION and type(version) is int:
        return Plaintext(path, journal if isinstance(journal, str) and _JOURNAL_ID.fullmatch(journal) else None)
    if version != VERSION or type(version) is not int:
        raise _bad(path, f"written by a newer homelog (sync format {msg.shown(str(version))[:20]!r})")
    if not isinstance(journal, str) or not _JOURNAL_ID.fullmatch(journal):
        raise _bad(path, "no journal id")
    named = named_journal(path)
    if named != journal:
        raise _bad(path, msg.SYNC_WRONG_NAME.format(named=named or "none", inside=journal))
    nonce, sealed = sync_crypto.unb64(body.get("nonce")), sync_crypto.unb64(body.get("sealed"))
    if body.get("cipher") != sync_crypto.CIPHER or nonce is None or sealed is None:
        raise _bad(path, msg.SYNC_NOT_SEALED)
    return Sealed(path, journal, nonce, sealed)


def read(found: Sealed, key: bytes) -> SyncFile:
    """The file's records, opened and checked whole (shape only: ``service.sync_checks`` checks the values)."""
    path = found.path
    plain = sync_crypto.open_sealed(key, found.nonce, found.sealed, sync_crypto.file_aad(found.journal, VERSION))
    if plain is None:
        raise _bad(path, msg.SYNC_FAILED_AUTH)
    try:
        body = json.loads(plain.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise _bad(path, "its sealed records are not complete JSON") from None
    if not isinstance(body, dict) or body.get("format") != FORMAT or body.get("version") != VERSION:
        raise _bad(path, "its sealed records are not a homelog sync file")
    journal = body.get("journal")
    if journal != found.journal:
        raise _bad(path, "its sealed records belong to another journal")
    records = body.get("records")
    if not isinstance(records, dict):
        raise _bad(path, "no records")
    out: dict[str, list[tuple]] = {}
    # A file of a homelog from before products (schema 0005) has the older fields and
    # no products or applications: read in today's fields, what it did not know None.
    older = all(
        isinstance(records.get(e), dict) and records[e].get("fields") == list(f) for e, f in FIELDS_V1.items()
    ) and not any(e in records for e in FIELDS if e not in FIELDS_V1)
    for entity, fields in (FIELDS_V1 if older else FIELDS).items():
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
        out[entity] = [_upgraded(entity, fields, row) for row in rows] if older else rows
    for entity in FIELDS:
        out.setdefault(entity, [])  # before products: no products, no applications
    return SyncFile(path, journal, out)


def _upgraded(entity: str, fields: tuple[str, ...], row: tuple) -> tuple:
    """A version in the fields of a homelog from before products, in today's fields (what it did not know: None)."""
    values = dict(zip(fields, row))
    return tuple(values.get(f) for f in FIELDS[entity])

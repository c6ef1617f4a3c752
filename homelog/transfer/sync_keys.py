"""The sync folders' keys this machine remembers, so it asks for a folder's
passphrase once: ``sync-keys.json`` in the config folder, 0600 (written
whole and atomically, like every file homelog writes).

    {"format": "homelog-sync-keys", "version": 1, "last": "<the folder synced last>",
     "folders": {"<folder id>": {"path": "<the folder, as last synced>", "key": "<base64>"}}}

Each key is the folder's passphrase key (what scrypt made of the passphrase),
not the passphrase: it opens that folder's data key and nothing else. It is
as private as the journal beside it (same machine, same user, 0600).
A file that cannot be read as this is taken as empty: the passphrase is asked
again, and the file is rewritten when a key is next remembered.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from homelog.locations import make_private_dir
from homelog.transfer import sync_crypto
from homelog.transfer.atomic import open_output

FILE_NAME = "sync-keys.json"
_FORMAT = "homelog-sync-keys"


def _path(config_dir: Path) -> Path:
    return config_dir / FILE_NAME


def _read(config_dir: Path) -> dict:
    try:
        with open(_path(config_dir), "rb") as fh:
            body = json.loads(fh.read(1 << 20).decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return {}
    return body if isinstance(body, dict) and body.get("format") == _FORMAT else {}


def _load(config_dir: Path) -> dict[str, dict[str, str]]:
    folders = _read(config_dir).get("folders")
    if not isinstance(folders, dict):
        return {}
    return {
        k: v
        for k, v in folders.items()
        if isinstance(v, dict) and isinstance(v.get("key"), str) and isinstance(v.get("path"), str)
    }


def last_folder(config_dir: Path) -> str | None:
    """The folder this machine synced last (the TUI offers it)."""
    last = _read(config_dir).get("last")
    return last if isinstance(last, str) else None


def _save(config_dir: Path, folders: dict[str, dict[str, str]], last: str | None) -> None:
    make_private_dir(config_dir)
    with open_output(_path(config_dir), newline="\n") as out:
        json.dump({"format": _FORMAT, "version": 1, "last": last, "folders": folders}, out, indent=2)
        out.write("\n")


def _where(folder: Path) -> str:
    return os.path.realpath(folder)


def remembered(config_dir: Path, folder_id: str) -> bytes | None:
    found = _load(config_dir).get(folder_id)
    return sync_crypto.unb64(found["key"]) if found else None


def remember(config_dir: Path, folder_id: str, folder: Path, key: bytes, *, last: bool = False) -> None:
    """Remember ``folder``'s key (``last``: and that it is the folder synced last)."""
    folders = _load(config_dir)
    entry = {"path": _where(folder), "key": sync_crypto.b64(key)}
    previous = last_folder(config_dir)
    now_last = entry["path"] if last else previous
    if folders.get(folder_id) != entry or now_last != previous:
        folders[folder_id] = entry
        _save(config_dir, folders, now_last)


def forget(config_dir: Path, folder: Path, folder_id: str | None) -> bool:
    """Drop the key of ``folder`` (by its header's id, or by its path) -> whether one was remembered."""
    folders = _load(config_dir)
    where = _where(folder)
    kept = {k: v for k, v in folders.items() if k != folder_id and v["path"] != where}
    if len(kept) == len(folders):
        return False
    last = last_folder(config_dir)
    _save(config_dir, kept, None if last == where else last)
    return True

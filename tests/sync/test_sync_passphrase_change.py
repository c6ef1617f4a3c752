"""``homelog sync FOLDER --change-passphrase``: the folder's data key sealed with a
new passphrase, every sync file left as it is; the old passphrase no longer opens
the folder, another machine's remembered key asks for the new one, and a refused
change writes nothing."""

from __future__ import annotations

import json

from homelog.errors import ExitCode
from homelog.transfer import sync_crypto

from .conftest import PASSPHRASE, content
from .test_sync import sync
from .test_sync_crypto import _terminal, folder_bytes

NEW = "a brand new passphrase"


def _two_machines(machines, monkeypatch, tmp_path):
    """a and b synced once, each machine with its own config folder (its own remembered keys)."""
    on = machines

    def at(name: str, *args: str):
        monkeypatch.setenv("HOMELOG_CONFIG_DIR", str(tmp_path / f"config-{name}"))
        return on(name, *args)

    at.folder, at.path = on.folder, on.path
    assert at("a", "add", "--area", "face", "--needle", "0.25", "--date", "2025-02-01", "--notes", "before the change").code == 0
    sync(at, "a"), sync(at, "b")
    return at


def _header(folder) -> dict:
    return json.loads((folder / sync_crypto.HEADER_NAME).read_text())


def _files(folder) -> dict[str, bytes]:
    return {name: data for name, data in folder_bytes(folder).items() if name != sync_crypto.HEADER_NAME}


def test_the_new_passphrase_opens_the_folder_and_the_old_one_no_longer_does(machines, monkeypatch, tmp_path):
    at = _two_machines(machines, monkeypatch, tmp_path)
    files, before = _files(at.folder), _header(at.folder)
    monkeypatch.setenv("HOMELOG_SYNC_NEW_PASSPHRASE", NEW)
    r = at("a", "sync", str(at.folder), "--change-passphrase")
    assert r.code == 0, r.err
    assert "Changed the passphrase" in r.out and "other machines" in r.out
    after = _header(at.folder)
    assert _files(at.folder) == files  # no sync file is rewritten
    assert after["folder"] == before["folder"] and after["kdf"]["salt"] != before["kdf"]["salt"]
    monkeypatch.delenv("HOMELOG_SYNC_NEW_PASSPHRASE")
    # a new machine: the old passphrase is refused, the new one opens a's records
    r = at("c", "sync", str(at.folder))
    assert r.code == ExitCode.BAD_INPUT and "wrong passphrase" in r.err
    monkeypatch.setenv("HOMELOG_SYNC_PASSPHRASE", NEW)
    assert at("c", "sync", str(at.folder)).code == 0
    assert any("before the change" in str(row) for row in content(at.path("c"))["sessions"])
    # a remembers the new key: it syncs with no passphrase at all
    monkeypatch.delenv("HOMELOG_SYNC_PASSPHRASE")
    assert at("a", "sync", str(at.folder)).code == 0


def test_another_machines_remembered_key_asks_for_the_new_passphrase(machines, monkeypatch, tmp_path):
    at = _two_machines(machines, monkeypatch, tmp_path)
    monkeypatch.setenv("HOMELOG_SYNC_NEW_PASSPHRASE", NEW)
    assert at("a", "sync", str(at.folder), "--change-passphrase").code == 0
    monkeypatch.delenv("HOMELOG_SYNC_NEW_PASSPHRASE")
    monkeypatch.delenv("HOMELOG_SYNC_PASSPHRASE")
    r = at("b", "sync", str(at.folder))  # b's remembered key no longer opens the header
    assert r.code == ExitCode.BAD_INPUT and "HOMELOG_SYNC_PASSPHRASE" in r.err
    monkeypatch.setenv("HOMELOG_SYNC_PASSPHRASE", NEW)
    assert at("b", "sync", str(at.folder)).code == 0


def test_the_remembered_key_replaces_a_forgotten_passphrase(machines, monkeypatch, tmp_path):
    at = _two_machines(machines, monkeypatch, tmp_path)
    monkeypatch.delenv("HOMELOG_SYNC_PASSPHRASE")  # forgotten: a still remembers the key
    monkeypatch.setenv("HOMELOG_SYNC_NEW_PASSPHRASE", NEW)
    r = at("a", "sync", str(at.folder), "--change-passphrase")
    assert r.code == 0, r.err
    monkeypatch.delenv("HOMELOG_SYNC_NEW_PASSPHRASE")
    monkeypatch.setenv("HOMELOG_SYNC_PASSPHRASE", NEW)
    assert at("c", "sync", str(at.folder)).code == 0  # a new machine opens it with the new one
    assert any("before the change" in str(row) for row in content(at.path("c"))["sessions"])


def test_a_wrong_current_passphrase_or_a_short_new_one_changes_nothing(machines, monkeypatch, tmp_path):
    at = _two_machines(machines, monkeypatch, tmp_path)
    before = folder_bytes(at.folder)
    monkeypatch.setenv("HOMELOG_SYNC_PASSPHRASE", "not the passphrase")
    monkeypatch.setenv("HOMELOG_SYNC_NEW_PASSPHRASE", NEW)
    r = at("c", "sync", str(at.folder), "--change-passphrase")  # c remembers no key: the passphrase counts
    assert r.code == ExitCode.BAD_INPUT and "wrong passphrase" in r.err
    monkeypatch.setenv("HOMELOG_SYNC_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("HOMELOG_SYNC_NEW_PASSPHRASE", "short")
    r = at("a", "sync", str(at.folder), "--change-passphrase")
    assert r.code == ExitCode.BAD_INPUT and "at least" in r.err
    assert folder_bytes(at.folder) == before
    assert not (at.folder / "c.db").exists() and not at.path("c").exists()  # the journal is never opened


def test_a_terminal_is_asked_the_current_then_the_new_passphrase_twice(machines, monkeypatch, tmp_path):
    at = _two_machines(machines, monkeypatch, tmp_path)
    prompts = _terminal(monkeypatch, [PASSPHRASE, NEW, NEW])
    r = at("c", "sync", str(at.folder), "--change-passphrase", "--json")
    assert r.code == 0, r.err
    assert json.loads(r.out) == {"folder": str(at.folder), "passphrase_changed": True}
    assert [p.split(" ")[0] for p in prompts] == ["Passphrase", "New", "The"]
    monkeypatch.setenv("HOMELOG_SYNC_PASSPHRASE", NEW)
    assert at("b", "sync", str(at.folder)).code == 0


def test_a_folder_not_set_up_has_no_passphrase_to_change(machines, monkeypatch, tmp_path):
    monkeypatch.setenv("HOMELOG_SYNC_NEW_PASSPHRASE", NEW)
    r = machines("a", "sync", str(machines.folder), "--change-passphrase")
    assert r.code == ExitCode.BAD_INPUT and "not a sync folder yet" in r.err
    assert list(machines.folder.iterdir()) == []


def test_reseal_keeps_the_data_key_under_a_new_salt():
    header, kek, key = sync_crypto.new_folder(PASSPHRASE)
    changed, new_kek = sync_crypto.reseal(header.folder, key, NEW)
    assert changed.folder == header.folder and changed.salt != header.salt
    assert sync_crypto.data_key(changed, new_kek) == key == sync_crypto.data_key(header, kek)
    assert sync_crypto.data_key(changed, kek) is None
    assert sync_crypto.derive(NEW, changed) == new_kek
    assert sync_crypto.parse_header(changed.to_bytes()) == changed

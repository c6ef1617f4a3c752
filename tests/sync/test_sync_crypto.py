"""The sync folder is private: every file but the header is encrypted and
authenticated; a wrong passphrase, an altered, truncated or renamed file and
an old plaintext file are each refused by name with nothing written."""

from __future__ import annotations

import base64
import json
import os
import shutil
import stat

import pytest

from homelog.errors import ExitCode
from homelog.transfer import sync_crypto

from .conftest import PASSPHRASE, content, journal_id
from .test_sync import sync


def folder_bytes(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def two(machines):
    """a and b synced once each: a's file holds a note and a condition."""
    on = machines
    assert on("a", "add", "--area", "face", "--needle", "0.25", "--date", "2025-02-01", "--notes", "Tretinoin flare-up diary").code == 0
    assert on("a", "condition", "add", "isotretinoin", "--from", "2025-01-01", "--notes", "Accutane course").code == 0
    sync(on, "a"), sync(on, "b")
    return on


def a_file(on):
    return on.folder / f"{journal_id(on.path('a'))}.homelog-sync.json"


def refused(on, name: str, *args: str):
    """b's sync, refused: exit 2, and neither b's journal nor the folder changed."""
    before_db, before_files = content(on.path("b")), folder_bytes(on.folder)
    db_bytes = on.path("b").read_bytes()
    r = on("b", "sync", str(on.folder), *args)
    assert r.code == ExitCode.BAD_INPUT, r.out + r.err
    assert name in r.err, r.err
    assert content(on.path("b")) == before_db and on.path("b").read_bytes() == db_bytes
    assert folder_bytes(on.folder) == before_files
    return r


def test_the_folder_holds_no_plaintext(two):
    on = two
    raw = b"".join(folder_bytes(on.folder).values())
    for secret in (b"Tretinoin flare-up diary", b"Accutane", b"isotretinoin", b"face", b"2025-02-01"):
        assert secret not in raw
    assert "Tretinoin flare-up diary" in on("b", "list").out  # b read it, with the key


def test_the_header_says_how_the_key_is_made_and_holds_no_secret(two):
    header = json.loads((two.folder / sync_crypto.HEADER_NAME).read_text())
    assert header["format"] == "homelog-sync-folder" and header["version"] == 1
    assert header["kdf"]["name"] == "scrypt" and header["cipher"] == "AES-256-GCM"
    assert len(base64.b64decode(header["kdf"]["salt"])) == 16
    assert PASSPHRASE not in json.dumps(header)


def test_a_new_folder_gets_the_full_cost_by_default(monkeypatch):
    monkeypatch.undo()  # the tests' cheap setting off
    assert (sync_crypto.SCRYPT_N, sync_crypto.SCRYPT_R, sync_crypto.SCRYPT_P) == (2**17, 8, 1)


def _terminal(monkeypatch, answers: list[str]) -> list[str]:
    """A terminal that answers the passphrase prompts (getpass: never echoed) in turn."""
    import getpass
    import sys

    prompts: list[str] = []
    monkeypatch.delenv("HOMELOG_SYNC_PASSPHRASE", raising=False)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)

    def ask(prompt: str = "") -> str:
        prompts.append(prompt)
        return answers.pop(0)

    monkeypatch.setattr(getpass, "getpass", ask)
    return prompts


def test_a_new_folder_asks_for_the_passphrase_twice(machines, monkeypatch):
    prompts = _terminal(monkeypatch, ["a long passphrase", "a long passphrase"])
    r = machines("a", "sync", str(machines.folder))
    assert r.code == 0, r.err
    assert len(prompts) == 2 and "New passphrase" in prompts[0] and "again" in prompts[1]
    monkeypatch.setenv("HOMELOG_CONFIG_DIR", os.environ["HOMELOG_CONFIG_DIR"] + "-other")
    prompts = _terminal(monkeypatch, ["a long passphrase"])
    assert machines("b", "sync", str(machines.folder)).code == 0
    assert len(prompts) == 1 and "Passphrase for the sync folder" in prompts[0]


def test_two_different_passphrases_set_nothing_up(machines, monkeypatch):
    _terminal(monkeypatch, ["a long passphrase", "another passphrase"])
    r = machines("a", "sync", str(machines.folder))
    assert r.code == ExitCode.BAD_INPUT and "differ" in r.err
    assert list(machines.folder.iterdir()) == []


def test_a_wrong_passphrase_is_refused_and_nothing_is_written(two, monkeypatch, tmp_path):
    on = two
    on("b", "add", "--area", "neck", "--needle", "0.25", "--date", "2025-02-02")
    monkeypatch.setenv("HOMELOG_CONFIG_DIR", str(tmp_path / "another-machine"))
    monkeypatch.setenv("HOMELOG_SYNC_PASSPHRASE", "not the passphrase")
    r = refused(on, "wrong passphrase")
    assert str(on.folder) in r.err
    assert not (tmp_path / "another-machine" / "sync-keys.json").exists()


def test_a_machine_remembers_the_key_and_forget_drops_it(two, monkeypatch):
    on = two
    monkeypatch.delenv("HOMELOG_SYNC_PASSPHRASE")
    assert on("b", "sync", str(on.folder)).code == 0  # remembered: not asked
    keys = os.environ["HOMELOG_CONFIG_DIR"] + "/sync-keys.json"
    assert stat.S_IMODE(os.stat(keys).st_mode) == 0o600
    assert PASSPHRASE not in open(keys).read()
    r = on("b", "sync", "--forget", str(on.folder))
    assert r.code == 0 and "Forgot" in r.out
    r = on("b", "sync", str(on.folder))  # no terminal, no variable: the passphrase is needed
    assert r.code == ExitCode.BAD_INPUT and "HOMELOG_SYNC_PASSPHRASE" in r.err
    assert "No key" in on("b", "sync", "--forget", str(on.folder)).out


def _reseal(path, change):
    body = json.loads(path.read_text())
    body["sealed"] = base64.b64encode(change(base64.b64decode(body["sealed"]))).decode()
    path.write_text(json.dumps(body))


@pytest.mark.parametrize("where", [0, 100, -1])
def test_a_flipped_byte_is_refused(two, where):
    on = two
    path = a_file(on)

    def flip(data: bytes) -> bytes:
        i = where % len(data)
        return data[:i] + bytes([data[i] ^ 0x01]) + data[i + 1 :]

    _reseal(path, flip)
    refused(on, path.name)


def test_a_flipped_nonce_is_refused(two):
    on = two
    path = a_file(on)
    body = json.loads(path.read_text())
    nonce = bytearray(base64.b64decode(body["nonce"]))
    nonce[0] ^= 0x80
    body["nonce"] = base64.b64encode(bytes(nonce)).decode()
    path.write_text(json.dumps(body))
    refused(on, path.name)


@pytest.mark.parametrize("how", ["file", "ciphertext"])
def test_a_truncated_file_is_refused(two, how):
    on = two
    path = a_file(on)
    if how == "file":
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    else:
        _reseal(path, lambda data: data[:-17])
    refused(on, path.name)


def test_a_file_renamed_to_another_journals_name_is_refused(two):
    on = two
    sync(on, "c")  # c's own file is there too
    path, c_file = a_file(on), on.folder / f"{journal_id(on.path('c'))}.homelog-sync.json"
    shutil.copyfile(path, c_file)
    refused(on, c_file.name)
    # And with the journal id inside changed to match: the seal binds the id.
    body = json.loads(c_file.read_text())
    body["journal"] = journal_id(on.path("c"))
    c_file.write_text(json.dumps(body))
    r = refused(on, c_file.name)
    assert "authentication" in r.err


def test_a_file_passed_off_as_this_journals_own_is_refused(two):
    on = two
    own = on.folder / f"{journal_id(on.path('b'))}.homelog-sync.json"
    body = json.loads(a_file(on).read_text())
    body["journal"] = journal_id(on.path("b"))
    own.write_text(json.dumps(body))
    refused(on, own.name)


def _plaintext_v1(journal: str) -> dict:
    return {
        "format": "homelog-sync",
        "version": 1,
        "journal": journal,
        "records": {e: {"fields": [], "rows": []} for e in ("devices", "sessions", "reactions", "conditions")},
    }


def test_an_old_plaintext_file_in_an_encrypted_folder_is_refused(two):
    on = two
    path = on.folder / ("c" * 32 + ".homelog-sync.json")
    path.write_text(json.dumps(_plaintext_v1("c" * 32)))
    r = refused(on, path.name)
    assert "plaintext" in r.err and "older homelog" in r.err


def test_moving_a_plaintext_folder_over(machines):
    """Upgrade both machines, sync each once: the first sets the folder up and
    leaves the other's old file unread (a warning), the other replaces its own."""
    on = machines
    on("a", "add", "--area", "face", "--needle", "0.25", "--date", "2025-02-01")
    on("b", "add", "--area", "neck", "--needle", "0.25", "--date", "2025-02-02")
    for name in "ab":  # what the older homelog left: plaintext files
        jid = journal_id(on.path(name))
        (on.folder / f"{jid}.homelog-sync.json").write_text(json.dumps(_plaintext_v1(jid)))
    r = on("a", "sync", str(on.folder))
    assert r.code == 0, r.err
    assert "Set up the sync folder" in r.out and "plaintext" in r.err and journal_id(on.path("b")) in r.err
    assert on("b", "sync", str(on.folder)).code == 0
    assert on("a", "sync", str(on.folder)).code == 0
    assert content(on.path("a")) == content(on.path("b"))
    for p in on.folder.iterdir():
        if p.name != sync_crypto.HEADER_NAME:
            assert json.loads(p.read_text())["version"] == 2


def test_a_missing_header_with_encrypted_files_is_refused(two):
    on = two
    (on.folder / sync_crypto.HEADER_NAME).unlink()
    r = refused(on, sync_crypto.HEADER_NAME)
    assert "no header" in r.err and ".homelog-sync.json: encrypted" in r.err


def test_a_damaged_header_is_refused(two):
    on = two
    header = on.folder / sync_crypto.HEADER_NAME
    body = json.loads(header.read_text())
    body["kdf"]["n"] = 2**30  # a hostile header must not take gigabytes
    header.write_text(json.dumps(body))
    refused(on, sync_crypto.HEADER_NAME)


def test_a_second_header_from_a_sync_conflict_is_refused(two):
    on = two
    copy = on.folder / "homelog-sync-folder.sync-conflict-20250301-120000-ABCDEFG.json"
    shutil.copyfile(on.folder / sync_crypto.HEADER_NAME, copy)
    refused(on, copy.name)


def test_a_short_new_passphrase_is_refused(machines, monkeypatch):
    monkeypatch.setenv("HOMELOG_SYNC_PASSPHRASE", "short")
    r = machines("a", "sync", str(machines.folder))
    assert r.code == ExitCode.BAD_INPUT and "at least 8" in r.err
    assert list(machines.folder.iterdir()) == []


def test_status_on_a_new_folder_writes_nothing(machines, monkeypatch):
    monkeypatch.delenv("HOMELOG_SYNC_PASSPHRASE")
    assert machines("a", "add", "--area", "face", "--needle", "0.25", "--date", "2025-02-01").code == 0
    r = machines("a", "sync", "--status", str(machines.folder))
    assert r.code == 0 and "Nothing written" in r.out
    assert list(machines.folder.iterdir()) == []

"""The primitives' use, one by one: the header's key check, the seal's
associated data, and a header's parameters held to bounds."""

from __future__ import annotations

import json

import pytest

from homelog.transfer import sync_crypto


@pytest.fixture
def folder():
    header, kek, key = sync_crypto.new_folder("a good passphrase")
    return header, kek, key


def test_the_passphrase_opens_the_data_key_and_another_does_not(folder):
    header, kek, key = folder
    parsed = sync_crypto.parse_header(header.to_bytes())
    assert parsed == header
    assert sync_crypto.data_key(parsed, sync_crypto.derive("a good passphrase", parsed)) == key
    assert sync_crypto.data_key(parsed, sync_crypto.derive("a good passphrasE", parsed)) is None
    assert len(key) == 32 and key != kek


def test_a_header_with_another_folder_id_does_not_open(folder):
    header, kek, _ = folder
    assert sync_crypto.data_key(header._replace(folder="0" * 32), kek) is None


def test_the_seal_binds_the_journal_and_the_version(folder):
    _, _, key = folder
    aad = sync_crypto.file_aad("a" * 32, 2)
    nonce, sealed = sync_crypto.seal(key, b"records", aad)
    assert sync_crypto.open_sealed(key, nonce, sealed, aad) == b"records"
    assert sync_crypto.open_sealed(key, nonce, sealed, sync_crypto.file_aad("b" * 32, 2)) is None
    assert sync_crypto.open_sealed(key, nonce, sealed, sync_crypto.file_aad("a" * 32, 3)) is None
    assert sync_crypto.open_sealed(key, nonce[:-1], sealed, aad) is None
    again, _ = sync_crypto.seal(key, b"records", aad)
    assert again != nonce  # a fresh nonce each time


@pytest.mark.parametrize(
    "change",
    [
        {"n": 2**30},
        {"n": 1000},  # not a power of two
        {"r": 0},
        {"p": 100},
        {"n": 2**20, "r": 8},  # 1 GiB
        {"n": "131072"},
        {"salt": "not base64!"},
        {"name": "argon2"},
    ],
)
def test_a_header_out_of_bounds_is_refused(folder, change):
    header, _, _ = folder
    body = json.loads(header.to_bytes())
    body["kdf"].update(change)
    with pytest.raises(sync_crypto.BadHeader):
        sync_crypto.parse_header(json.dumps(body).encode())


@pytest.mark.parametrize("data", [b"", b"{", b"[]", b'{"format": "homelog-sync-folder", "version": 9}', b"\xff\xfe"])
def test_a_header_that_is_not_one_is_refused(data):
    with pytest.raises(sync_crypto.BadHeader):
        sync_crypto.parse_header(data)

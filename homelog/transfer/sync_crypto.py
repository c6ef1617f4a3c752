"""The sync folder's encryption: a folder header, and sealed sync files.

The design is Joplin's and Standard Notes' (a random data key, wrapped by a
key derived from the passphrase), with primitives from well-kept libraries
only, nothing hand-made:

* the **passphrase key** comes from the passphrase by ``hashlib.scrypt``
  (memory-hard; N, r, p and a random 16-byte salt are in the header);
* the **data key** is 32 random bytes; the header holds it sealed by the
  passphrase key with AES-256-GCM (``cryptography``), the folder's random id
  and the header's format as associated data. Opening that seal is the key
  check: a wrong passphrase fails its authentication. A passphrase change
  (``reseal``) re-seals this one key, not every file.
* every **sync file** is sealed by the data key with AES-256-GCM, a fresh
  random 96-bit nonce each time it is written, and the journal id and the
  sync format version as associated data: a file cannot be read, altered,
  truncated, or passed off as another journal's (renamed) or as another
  version without the passphrase.

The header is not secret: format, KDF parameters, salt, folder id and the
sealed data key. This module is imported only when a sync runs (``cryptography``
costs the prompt commands nothing).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import re
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from homelog.record_type import Record

HEADER_NAME = "homelog-sync-folder.json"
HEADER_FORMAT = "homelog-sync-folder"
HEADER_VERSION = 1
CIPHER = "AES-256-GCM"
KDF = "scrypt"

#: scrypt's cost for a new folder: 2**17 x 8 x 128 bytes = 128 MiB, about 0.3 s
#: here (OWASP's recommended minimum for scrypt). Tests lower it.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1
#: A header asking for more memory than this is refused (a hostile header must
#: not make a sync take gigabytes): 256 MiB.
MAX_SCRYPT_MEMORY = 2**28
MIN_PASSPHRASE = 8

_NONCE = 12
_KEY = 32
_SALT = 16
_FOLDER_ID = re.compile(r"[0-9a-f]{32}")


class Header(Record):
    """A parsed folder header (nothing secret)."""

    folder: str  # 32 hex: the folder's random id
    n: int
    r: int
    p: int
    salt: bytes
    nonce: bytes
    sealed_key: bytes

    def to_bytes(self) -> bytes:
        body = {
            "format": HEADER_FORMAT,
            "version": HEADER_VERSION,
            "folder": self.folder,
            "kdf": {"name": KDF, "n": self.n, "r": self.r, "p": self.p, "salt": _b64(self.salt)},
            "cipher": CIPHER,
            "data_key": {"nonce": _b64(self.nonce), "sealed": _b64(self.sealed_key)},
        }
        return (json.dumps(body, indent=2) + "\n").encode("ascii")


class BadHeader(ValueError):
    """The header is not one homelog wrote (the text says why)."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(value: object, size: int | None, what: str) -> bytes:
    if not isinstance(value, str):
        raise BadHeader(f"its {what} is missing")
    try:
        out = base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise BadHeader(f"its {what} is not base64") from None
    if size is not None and len(out) != size:
        raise BadHeader(f"its {what} has the wrong length")
    return out


def _header_aad(folder: str) -> bytes:
    return f"{HEADER_FORMAT}\x00{HEADER_VERSION}\x00{folder}".encode("ascii")


def file_aad(journal_id: str, version: int) -> bytes:
    """What a sync file's seal binds: the journal whose file it is and the format version."""
    return f"homelog-sync\x00{version}\x00{journal_id}".encode("ascii")


def derive(passphrase: str, header: Header) -> bytes:
    """The passphrase key (scrypt with the header's parameters and salt)."""
    return hashlib.scrypt(
        passphrase.encode("utf-8"), salt=header.salt, n=header.n, r=header.r, p=header.p,
        maxmem=2 * MAX_SCRYPT_MEMORY, dklen=_KEY,
    )


def new_folder(passphrase: str) -> tuple[Header, bytes, bytes]:
    """A new folder's header, its passphrase key and its data key."""
    data_key = AESGCM.generate_key(bit_length=256)
    header, kek = reseal(secrets.token_hex(16), data_key, passphrase)
    return header, kek, data_key


def reseal(folder: str, data_key: bytes, passphrase: str) -> tuple[Header, bytes]:
    """Folder ``folder``'s header with ``data_key`` sealed by a new passphrase (a new
    salt, today's scrypt cost), and that passphrase's key: a passphrase change
    re-seals this one key, and every sync file stays as it is."""
    bare = Header(folder, SCRYPT_N, SCRYPT_R, SCRYPT_P, secrets.token_bytes(_SALT), b"", b"")
    kek = derive(passphrase, bare)
    nonce = os.urandom(_NONCE)
    sealed = AESGCM(kek).encrypt(nonce, data_key, _header_aad(folder))
    return bare._replace(nonce=nonce, sealed_key=sealed), kek


def parse_header(data: bytes) -> Header:
    """The header's fields, checked (``BadHeader`` says what is wrong)."""
    try:
        body = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise BadHeader("not complete JSON") from None
    if not isinstance(body, dict) or body.get("format") != HEADER_FORMAT:
        raise BadHeader("not a homelog sync folder header")
    if body.get("version") != HEADER_VERSION:
        raise BadHeader(f"written by a newer homelog (folder format {str(body.get('version'))[:20]!r})")
    folder, kdf, sealed = body.get("folder"), body.get("kdf"), body.get("data_key")
    if not isinstance(folder, str) or not _FOLDER_ID.fullmatch(folder):
        raise BadHeader("its folder id is missing")
    if body.get("cipher") != CIPHER or not isinstance(kdf, dict) or kdf.get("name") != KDF or not isinstance(sealed, dict):
        raise BadHeader("it names a cipher or key derivation this homelog does not know")
    n, r, p = kdf.get("n"), kdf.get("r"), kdf.get("p")
    if not all(type(x) is int for x in (n, r, p)) or not (2 <= n <= 2**24 and n & (n - 1) == 0 and 1 <= r <= 64 and 1 <= p <= 16):
        raise BadHeader("its scrypt parameters are not valid")
    if 128 * n * r > MAX_SCRYPT_MEMORY or n * r * p > 2**24:
        raise BadHeader("its scrypt parameters ask for more memory or time than homelog allows")
    return Header(
        folder, n, r, p,
        _unb64(kdf.get("salt"), _SALT, "salt"),
        _unb64(sealed.get("nonce"), _NONCE, "nonce"),
        _unb64(sealed.get("sealed"), _KEY + 16, "sealed data key"),
    )


def data_key(header: Header, kek: bytes) -> bytes | None:
    """The folder's data key, or None when ``kek`` does not open it (a wrong passphrase)."""
    try:
        return AESGCM(kek).decrypt(header.nonce, header.sealed_key, _header_aad(header.folder))
    except (InvalidTag, ValueError):
        return None


def seal(key: bytes, plaintext: bytes, aad: bytes) -> tuple[bytes, bytes]:
    """(nonce, ciphertext with its tag)."""
    nonce = os.urandom(_NONCE)
    return nonce, AESGCM(key).encrypt(nonce, plaintext, aad)


def open_sealed(key: bytes, nonce: bytes, sealed: bytes, aad: bytes) -> bytes | None:
    """The plaintext, or None when it fails authentication (altered, truncated, renamed, another key)."""
    if len(nonce) != _NONCE:
        return None
    try:
        return AESGCM(key).decrypt(nonce, sealed, aad)
    except (InvalidTag, ValueError, OverflowError):
        return None


def b64(data: bytes) -> str:
    return _b64(data)


def unb64(value: object) -> bytes | None:
    """Base64 text to bytes, or None when it is not base64."""
    if not isinstance(value, str):
        return None
    try:
        return base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        return None

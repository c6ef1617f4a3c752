"""Opening a sync folder: its header, its key, and every sync file in it.

The folder is encrypted (``transfer.sync_crypto``): its header holds the data
key sealed by the key made from the passphrase, which this machine remembers
once given (``transfer.sync_keys``). The folder is read safely
(``transfer.sync_folder``); a file is only opened whole, and any bad one
refuses the sync by name. A folder without a header is set up by the first
sync into it (the header is written after the journal, with this journal's
file); a plaintext file of an older homelog is left unread there, and refused
in a folder already set up (this journal's own is simply replaced).
"""

from __future__ import annotations

from pathlib import Path

from homelog import messages as msg
from homelog.errors import InputError, PassphraseNeeded
from homelog.record_type import Record
from homelog.transfer import sync_crypto, sync_file, sync_folder, sync_keys
from homelog.transfer.atomic import open_output


class Opened(Record):
    files: list[sync_file.SyncFile]
    skipped: tuple[str, ...]
    header: sync_crypto.Header | None  # None: --status on a folder not set up yet
    new_header: bool  # the header is made by this sync (written after the journal)
    kek: bytes | None
    data_key: bytes | None


def folder_key(folder: Path, header: sync_crypto.Header, config_dir: Path, passphrase: str | None) -> tuple[bytes, bytes]:
    """(passphrase key, data key) of a folder set up already: the remembered key, else the passphrase's."""
    kek = sync_keys.remembered(config_dir, header.folder)
    key = sync_crypto.data_key(header, kek) if kek else None
    if key is not None:
        return kek, key  # type: ignore[return-value]
    if passphrase is None:
        raise PassphraseNeeded(msg.SYNC_PASSPHRASE_NEEDED.format(path=sync_folder.shown(folder)), new=False)
    kek = sync_crypto.derive(passphrase, header)
    key = sync_crypto.data_key(header, kek)
    if key is None:
        raise InputError(msg.SYNC_WRONG_PASSPHRASE.format(path=sync_folder.shown(folder)), "passphrase")
    return kek, key


def check_new_passphrase(passphrase: str) -> None:
    if len(passphrase) < sync_crypto.MIN_PASSPHRASE:
        raise InputError(msg.SYNC_SHORT_PASSPHRASE.format(min=sync_crypto.MIN_PASSPHRASE), "passphrase")


def open_folder(folder: Path, journal_id: str, config_dir: Path, passphrase: str | None, dry_run: bool) -> Opened:
    """Every sync file of ``folder``, read safely and opened whole; any bad one is an error naming them all."""
    listing = sync_folder.scan(folder, header_name=sync_crypto.HEADER_NAME, pattern=sync_file.PATTERN)
    if listing.other_headers:
        names = ", ".join(sync_folder.shown(p.name) for p in listing.other_headers)
        raise InputError(msg.SYNC_HEADER_CONFLICT.format(names=names), "file")
    skipped = list(listing.skipped)
    own = sync_file.file_name(journal_id)
    sealed, bad = [], []
    for path, data in listing.files:
        try:
            found = sync_file.envelope(path, data)
        except InputError as exc:
            bad.append(exc)
            continue
        if isinstance(found, sync_file.Plaintext):
            if path.name == own:
                continue  # this journal's own file from before: this sync replaces it
            if listing.header is None:
                skipped.append(msg.SYNC_PLAINTEXT_SKIPPED.format(name=sync_folder.shown(path.name)))
            else:
                bad.append(InputError(msg.SYNC_BAD_FILE.format(name=sync_folder.shown(path.name), why=msg.SYNC_PLAINTEXT), "file"))
            continue
        sealed.append(found)
    if bad:
        raise bad[0].with_fields(bad[1:]) if len(bad) > 1 else bad[0]
    if listing.header is None:
        if sealed:
            name = sync_folder.shown(sealed[0].path.name)
            raise InputError(msg.SYNC_NO_HEADER.format(name=name, header=sync_crypto.HEADER_NAME), "file")
        if dry_run:
            return Opened([], tuple(skipped), None, False, None, None)
        if passphrase is None:
            raise PassphraseNeeded(msg.SYNC_NEW_PASSPHRASE_NEEDED.format(path=sync_folder.shown(folder)), new=True)
        check_new_passphrase(passphrase)
        header, kek, key = sync_crypto.new_folder(passphrase)
        return Opened([], tuple(skipped), header, True, kek, key)
    path, data = listing.header
    try:
        header = sync_crypto.parse_header(data)
    except sync_crypto.BadHeader as exc:
        raise InputError(msg.SYNC_BAD_HEADER.format(name=sync_folder.shown(path.name), why=str(exc)), "file") from None
    kek, key = folder_key(folder, header, config_dir, passphrase)
    files = []
    for found in sealed:
        try:
            files.append(sync_file.read(found, key))
        except InputError as exc:
            bad.append(exc)
    if bad:
        raise bad[0].with_fields(bad[1:]) if len(bad) > 1 else bad[0]
    return Opened(files, tuple(skipped), header, False, kek, key)


def remember(config_dir: Path, folder: Path, opened: Opened, *, last: bool) -> None:
    """This machine remembers the folder's key (``last``: and that it was synced last)."""
    if opened.header is not None and opened.kek is not None:
        sync_keys.remember(config_dir, opened.header.folder, folder, opened.kek, last=last)


def write_header(folder: Path, header: sync_crypto.Header) -> None:
    """A folder's header (new, or a passphrase changed), written whole and atomically (0600)."""
    with open_output(folder / sync_crypto.HEADER_NAME, newline="\n") as out:
        out.write(header.to_bytes().decode("ascii"))


def change_passphrase(folder: Path, config_dir: Path, current: str | None, new: str | None) -> None:
    """Seal ``folder``'s data key with the passphrase ``new`` (``sync_crypto.reseal``)
    and write the header atomically; this machine remembers the new key. The current
    passphrase opens the old header (``current``; None: the key this machine
    remembers, which reads every file already, so a forgotten passphrase can be
    replaced from a machine that still syncs). Other machines' remembered keys stop
    opening the header: each asks for the new passphrase at its next sync. Nothing is
    written when anything is wrong (a wrong current passphrase, a short new one).
    ``PassphraseNeeded``: the current one (``new`` False) or the new one (``new``
    True, asked after the current one opened the folder)."""
    listing = sync_folder.scan(folder, header_name=sync_crypto.HEADER_NAME, pattern=sync_file.PATTERN)
    if listing.other_headers:
        names = ", ".join(sync_folder.shown(p.name) for p in listing.other_headers)
        raise InputError(msg.SYNC_HEADER_CONFLICT.format(names=names), "file")
    if listing.header is None:
        raise InputError(msg.SYNC_NOT_SET_UP.format(path=sync_folder.shown(folder), header=sync_crypto.HEADER_NAME), "folder")
    path, data = listing.header
    try:
        header = sync_crypto.parse_header(data)
    except sync_crypto.BadHeader as exc:
        raise InputError(msg.SYNC_BAD_HEADER.format(name=sync_folder.shown(path.name), why=str(exc)), "file") from None
    if current is None:
        _, key = folder_key(folder, header, config_dir, None)
    else:  # asked for: the passphrase itself, not the remembered key
        key = sync_crypto.data_key(header, sync_crypto.derive(current, header))
        if key is None:
            raise InputError(msg.SYNC_WRONG_PASSPHRASE.format(path=sync_folder.shown(folder)), "passphrase")
    if new is None:
        raise PassphraseNeeded(msg.SYNC_CHANGE_NEEDS_NEW.format(path=sync_folder.shown(folder)), new=True)
    check_new_passphrase(new)
    changed, kek = sync_crypto.reseal(header.folder, key, new)
    write_header(folder, changed)
    sync_keys.remember(config_dir, changed.folder, folder, kek)


def last_folder(config_dir: Path) -> str | None:
    """The folder this machine synced last, if any (the TUI's sync screen starts with it)."""
    return sync_keys.last_folder(config_dir)


def forget(config_dir: Path, folder: Path) -> bool:
    """Drop the key this machine remembers for ``folder`` -> whether it had one."""
    folder_id = None
    try:
        listing = sync_folder.scan(folder, header_name=sync_crypto.HEADER_NAME, pattern="")
        if listing.header is not None:
            folder_id = sync_crypto.parse_header(listing.header[1]).folder
    except (InputError, sync_crypto.BadHeader):
        pass  # a folder gone or damaged: forget it by its path
    return sync_keys.forget(config_dir, folder, folder_id)

"""An import's file: opened (path, ``"-"`` or a stream), its format told from
its name or first bytes, and every record read and checked into ``ImportRow``s."""

from __future__ import annotations

import io
import os
import stat
import sys
import uuid
from pathlib import Path
from typing import IO

from homelog import messages as msg
from homelog import validate
from homelog.errors import InputError
from homelog.record_type import Record
from homelog.service.files import user_path
from homelog.service.import_rows import ImportRow, RowErrors, Validator, at
from homelog.transfer import csv_format, json_format
from homelog.transfer.progress import Progress

PROGRESS_EVERY = 1000


class Source(Record):
    stream: IO[bytes]
    name: str  # for messages
    path: Path | None
    owned: bool  # whether the importer must close it


class FileRows(Record):
    rows: list[ImportRow]
    duplicates: int  # rows skipped because an earlier row of the file has their uid
    ignored: tuple[str, ...]  # columns the importer does not know
    skin: dict | None = None  # a JSON document's reactions and conditions (CSV: None)
    products: dict | None = None  # its products, applications and sessions (``product_transfer``; CSV: None)


def detect_format(path: Path | None, head: bytes) -> str:
    if path is not None:
        suffix = path.suffix.lower()
        if suffix == ".json":
            return "json"
        if suffix in (".csv", ".tsv", ".txt"):
            return "csv"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return "json" if text[:1] in (b"{", b"[") else "csv"


#: The largest file an import reads (bytes): about twenty times a CSV of 100,000
#: sessions. A larger file, or a stream that goes on past it, is refused (exit 2).
MAX_BYTES = 256 * 1024 * 1024


class _Bounded(io.RawIOBase):
    """A stream that refuses to give more than ``MAX_BYTES`` (standard input, a pipe)."""

    def __init__(self, raw: IO[bytes], name: str, limit: int, owned: bool = False):
        super().__init__()
        self._raw, self._name, self._limit, self._count, self._owned = raw, name, limit, 0, owned

    def close(self) -> None:
        if self._owned and not self.closed:
            self._raw.close()
        super().close()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        data = self._raw.read(len(buffer)) or b""
        self._count += len(data)
        if self._count > self._limit:
            raise InputError(msg.IMPORT_TOO_BIG.format(name=self._name, limit=_mib(self._limit)), "file")
        buffer[: len(data)] = data
        return len(data)

    def tell(self) -> int:
        return self._count

    def fileno(self) -> int:
        return self._raw.fileno()


def _mib(size: int) -> str:
    return f"{size // (1024 * 1024)} MiB"


def _kind(mode: int) -> str | None:
    """Why a file of this mode cannot be imported (None: a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "it is a folder"
    if stat.S_ISFIFO(mode):
        return "it is a pipe (FIFO), not a file: import a regular file, or give - and pipe it in"
    return "it is a device or a socket, not a file"


def _bounded(stream: IO[bytes], name: str, owned: bool = False) -> IO[bytes]:
    return io.BufferedReader(_Bounded(stream, name, MAX_BYTES, owned))  # type: ignore[arg-type]


def _stdin() -> Source:
    stream = sys.stdin.buffer
    try:
        mode = os.fstat(stream.fileno()).st_mode
    except (OSError, AttributeError, ValueError, io.UnsupportedOperation):
        mode = stat.S_IFIFO  # a stream without a file descriptor (tests): bounded like a pipe
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISDIR(mode):
        reason = "it is a device (such as /dev/zero or a terminal), not a file or a pipe"
        raise InputError(msg.IMPORT_CANNOT_READ.format(path="standard input", reason=reason), "file")
    return Source(_bounded(stream, "standard input"), "standard input", None, False)


def open_source(source: str | os.PathLike | IO) -> Source:
    """The file to import: a regular file of at most ``MAX_BYTES`` (a folder, a
    device such as /dev/zero, a FIFO or a socket is refused before anything is
    read), ``"-"`` for standard input (a pipe or a file; read at most
    ``MAX_BYTES``), or a stream (bounded the same way)."""
    if isinstance(source, str) and source == "-":
        return _stdin()
    if hasattr(source, "read"):
        stream = source
        if isinstance(stream, io.TextIOBase):
            stream = getattr(stream, "buffer", None) or io.BytesIO(stream.read().encode("utf-8"))
        name = getattr(source, "name", None) or "the input"
        return Source(_bounded(stream, name), name, None, False)  # type: ignore[arg-type]
    path = user_path(source)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError(msg.IMPORT_NO_FILE.format(path=path), "file") from None
    except OSError as exc:
        raise InputError(msg.IMPORT_CANNOT_READ.format(path=path, reason=exc.strerror or type(exc).__name__), "file") from None
    why = _kind(info.st_mode)
    if why is not None:
        raise InputError(msg.IMPORT_CANNOT_READ.format(path=path, reason=why), "file")
    try:
        # O_NONBLOCK: a FIFO put in its place since the stat must not hang the open.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise InputError(msg.IMPORT_CANNOT_READ.format(path=path, reason=exc.strerror or type(exc).__name__), "file") from None
    info = os.fstat(fd)
    why = _kind(info.st_mode) or (
        msg.IMPORT_TOO_BIG_REASON.format(limit=_mib(MAX_BYTES)) if info.st_size > MAX_BYTES else None
    )
    if why is not None:
        os.close(fd)
        raise InputError(msg.IMPORT_CANNOT_READ.format(path=path, reason=why), "file")
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    # Bounded too: a file that grows while it is read stops at the limit.
    stream = _bounded(open(fd, "rb", buffering=0), str(path), owned=True)
    return Source(stream, str(path), path, True)


def peek(stream: IO[bytes], size: int = 64) -> tuple[IO[bytes], bytes]:
    """The first bytes of ``stream`` without consuming them (wrapping it if needed)."""
    if not hasattr(stream, "peek"):
        stream = io.BufferedReader(stream)  # type: ignore[arg-type]
    head = stream.peek(size)[:size]  # type: ignore[attr-defined]
    return stream, head


def read_rows(
    stream: IO[bytes], fmt: str, name: str, validator: Validator, errors: RowErrors, progress: Progress | None
) -> FileRows:
    """Check every record of ``stream`` (all of them: ``errors`` raises at the end, or
    once it holds ``MAX_ERRORS``)."""
    size = None
    try:
        size = os.fstat(stream.fileno()).st_size or None
    except (OSError, AttributeError, io.UnsupportedOperation):
        pass
    if fmt == "json":
        source = json_format.JsonSource(stream, name)
        return _check_all(source, validator, errors, progress, lambda count: (count, len(source)))._replace(skin=source.skin, products=source.products)
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    try:
        records = csv_format.CsvSource(text, name)
        if size:
            return _check_all(records, validator, errors, progress, lambda count: (min(stream.tell(), size), size))
        return _check_all(records, validator, errors, progress, lambda count: (count, None))
    finally:
        text.detach()  # the caller closes (or, for standard input, keeps) the stream


def _check_all(source, validator: Validator, errors: RowErrors, progress: Progress | None, done) -> FileRows:
    """``done(rows so far)`` -> (done, total) for ``progress("read", ...)``.

    A row without a uid gets one made from its content (``content_uid``). A uid
    the file gave before: the same content is skipped (counted in ``duplicates``),
    other content is an error naming both records (rows without a uid share one
    only when their content is the same)."""
    rows: list[ImportRow] = []
    seen: dict[str, ImportRow] = {}
    duplicates = 0
    for where, values in source:
        try:
            row = validator.row(where, values)
        except InputError as exc:
            errors.add(where, str(exc))
            continue
        if row.uid is None:
            row = row._replace(uid=content_uid(row, validator))
        first = seen.get(row.uid)  # type: ignore[arg-type]
        if first is not None:
            if _content(first, validator) == _content(row, validator):
                duplicates += 1
            else:
                errors.add(where, msg.IMPORT_DUPLICATE_UID.format(uid=validate._show(row.uid), first=at(first.where)))
            continue
        seen[row.uid] = row  # type: ignore[index]
        rows.append(row)
        if progress is not None and len(rows) % PROGRESS_EVERY == 0:
            progress("read", *done(len(rows)))
    if errors.items:
        errors.raise_now()
    return FileRows(rows, duplicates, tuple(source.ignored))


def _device_key(row: ImportRow, validator: Validator) -> tuple:
    """The file's device a row names, by what names it (its uid, else its name)."""
    if row.device is None:
        return ()
    spec = validator.specs[row.device]
    return ("uid", spec.uid) if spec.uid is not None else ("name", spec.name)


def _content(row: ImportRow, validator: Validator) -> tuple:
    return (row.date, row.area, row.needle_um, row.disinfected, row.notes, row.override_reason, row.overridden_rules, _device_key(row, validator))


#: The namespace of the uids made from a row's content (a fixed, random UUID).
CONTENT_NAMESPACE = uuid.UUID("6f1c2b8e-7d3a-4f5e-9a61-2c8d4e0b7a13")


def content_uid(row: ImportRow, validator: Validator) -> str:
    """A uid for a row the file gives none (a hand-made CSV): made from what it says
    (date, area, needle, device, disinfected, notes, override; UUID 5), so that
    importing the same file again finds the same uids and adds nothing, and two
    rows share a uid only when they say the same."""
    text = "\x1f".join("\x1e".join(map(str, v)) if isinstance(v, tuple) else str(v) for v in _content(row, validator))
    return str(uuid.uuid5(CONTENT_NAMESPACE, text))

"""An import's file: opened (path, ``"-"`` or a stream), its format told from
its name or first bytes, and every record read and checked into ``ImportRow``s."""

from __future__ import annotations

import io
import os
import sys
import uuid
from pathlib import Path
from typing import IO, NamedTuple

from homelog import messages as msg
from homelog import validate
from homelog.errors import InputError
from homelog.service.files import user_path
from homelog.service.import_rows import ImportRow, RowErrors, Validator, at
from homelog.transfer import csv_format, json_format
from homelog.transfer.progress import Progress

PROGRESS_EVERY = 1000


class Source(NamedTuple):
    stream: IO[bytes]
    name: str  # for messages
    path: Path | None
    owned: bool  # whether the importer must close it


class FileRows(NamedTuple):
    rows: list[ImportRow]
    duplicates: int  # rows skipped because an earlier row of the file has their uid
    ignored: tuple[str, ...]  # columns the importer does not know
    skin: dict | None = None  # a JSON document's reactions and conditions (CSV: None)


def detect_format(path: Path | None, head: bytes) -> str:
    if path is not None:
        suffix = path.suffix.lower()
        if suffix == ".json":
            return "json"
        if suffix in (".csv", ".tsv", ".txt"):
            return "csv"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return "json" if text[:1] in (b"{", b"[") else "csv"


def open_source(source: str | os.PathLike | IO) -> Source:
    if isinstance(source, str) and source == "-":
        return Source(sys.stdin.buffer, "standard input", None, False)
    if hasattr(source, "read"):
        stream = source
        if isinstance(stream, io.TextIOBase):
            stream = getattr(stream, "buffer", None) or io.BytesIO(stream.read().encode("utf-8"))
        return Source(stream, getattr(source, "name", None) or "the input", None, False)  # type: ignore[arg-type]
    path = user_path(source)
    if not path.exists():
        raise InputError(msg.IMPORT_NO_FILE.format(path=path), "file")
    if path.is_dir():
        raise InputError(msg.IMPORT_CANNOT_READ.format(path=path, reason="it is a folder"), "file")
    try:
        stream = open(path, "rb")
    except OSError as exc:
        raise InputError(msg.IMPORT_CANNOT_READ.format(path=path, reason=exc.strerror or type(exc).__name__), "file") from None
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
        return _check_all(source, validator, errors, progress, lambda count: (count, len(source)))._replace(skin=source.skin)
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

"""Export, import, backup and restore: the use cases behind ``homelog export``,
``import``, ``backup`` and ``restore``, usable from the TUI as well.

* ``export_sessions(journal, fmt, target, flt, progress=None) -> int``: streams
  the live sessions (oldest first) from one read transaction to CSV or JSON;
  a file target is written atomically (complete or not at all).
* ``import_sessions(journal, source, fmt=None, progress=None) -> ImportResult``:
  validates every row first (nothing is written if any row is bad: the error
  names the line or the index), then adds the sessions, and the devices they
  name that the journal lacks, in ONE ``BEGIN IMMEDIATE`` transaction with ONE
  undo-log entry. Rows whose uid the journal holds are skipped. The safety
  rules do not refuse imported sessions (they happened), but their findings
  are summarised.
* ``backup_journal(db_path, output=None) -> Path`` and
  ``restore_journal(db_path, source) -> RestoreResult``: SQLite's backup API,
  both ways.

``progress(phase, done, total)`` is an optional callback
(``homelog.transfer.progress.ProgressBar`` draws one on a terminal).
"""

from __future__ import annotations

import functools
import gc
import io
import itertools
import os
import re
import sqlite3
import sys
import uuid
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, TypeVar

from homelog import messages as msg
from homelog import validate
from homelog.validate import NOTES_LIMIT, storable
from homelog.errors import CannotWrite, DamagedJournal, InputError, JournalTooNew
from homelog.records import FIXED_NEEDLE_KINDS, DeviceUse, SessionFilter, SessionInput, um_to_mm_text
from homelog.store import backup as store_backup
from homelog.store import bulk
from homelog.service import skin_transfer
from homelog.transfer import atomic, csv_format, json_format
from homelog.transfer.progress import Progress

if TYPE_CHECKING:
    from homelog.rules import RuleTable
    from homelog.service.journal_file import JournalFile

T = TypeVar("T")

FORMATS = ("csv", "json")
MAX_ERRORS = 10  # an import reports at most this many bad rows, then stops reading
EXAMPLES = 3  # messages kept per rule and level in an import's summary
PROGRESS_EVERY = 1000
_LEVEL_RANK = {"stop": 0, "caution": 1, "note": 2}

_UID = re.compile(r"[^\s\x00-\x1f\x7f]{1,36}")
_RULES = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
#: A ``disinfected`` cell (stripped, lower case) -> the stored value (empty: not recorded).
_BOOLS: dict[str, int | None] = {"": None, "true": 1, "false": 0, "yes": 1, "no": 0, "y": 1, "n": 0, "1": 1, "0": 0}
_UNSEEN = object()


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def check_format(value: str | None) -> str | None:
    if value is None:
        return None
    fmt = value.strip().lower()
    if fmt not in FORMATS:
        raise InputError(msg.BAD_FORMAT.format(value=value), "format")
    return fmt


# -- export ------------------------------------------------------------------------


def _path(value: str | os.PathLike) -> Path:
    """A file name given by a person (or a form): a NUL cannot be in one."""
    text = os.fspath(value)
    if "\x00" in str(text):
        raise InputError(msg.BAD_FILE_NAME.format(value=validate._show(text)), "file")
    return Path(text).expanduser()


def _is_the_journal(target: Path, db_path: Path) -> bool:
    """Whether ``target`` is the journal or its -wal / -shm (part of it while open),
    however it is spelled (relative, ``..``, a symlink)."""
    try:
        path = target.resolve()
        journal = db_path.resolve()
    except (OSError, RuntimeError):
        return False
    return path in (journal, Path(str(journal) + "-wal"), Path(str(journal) + "-shm"))


def _not_the_journal(target: object, db_path: Path) -> None:
    """An export must never replace the journal (or its WAL) with a text file."""
    if target is None or atomic.is_stream(target) or target == "-":
        return
    if _is_the_journal(_path(target), db_path):  # type: ignore[arg-type]
        raise InputError(msg.EXPORT_ONTO_JOURNAL.format(path=db_path), "output")


def export_sessions(
    journal: "JournalFile",
    fmt: str = "csv",
    target: str | os.PathLike | IO | None = None,
    flt: SessionFilter = SessionFilter(),
    progress: Progress | None = None,
    *,
    bom: bool = False,
) -> int:
    """Write the live sessions matching ``flt`` (oldest first) to ``target``; return how many.

    ``target``: a path (written atomically, 0600), ``None`` or ``"-"`` for standard
    output, a FIFO or device path (written directly), or an open stream.
    ``bom`` (CSV only) starts the file with a UTF-8 byte-order mark for Excel.
    """
    fmt = check_format(fmt) or "csv"
    _not_the_journal(target, Path(journal.db.path))
    where = {"area": flt.area, "date_from": flt.date_from, "date_to": flt.date_to}
    with journal.db.raw(write=False) as con:
        total = bulk.count_sessions(con, **where) if progress is not None else None
        cursor = bulk.select_sessions(con, **where)
        chunks = iter(lambda: cursor.fetchmany(csv_format.CHUNK), [])
        on_chunk = None if progress is None else (lambda done: progress("export", done, total))
        if progress is not None:
            progress("export", 0, total)
        with atomic.open_output(target) as out:
            if fmt == "csv":
                summaries = skin_transfer.csv_summaries(con)
                count = csv_format.write_csv(out, chunks, bom=bom, on_chunk=on_chunk, summaries=summaries)
            else:
                count = json_format.write_json(
                    out,
                    chunks,
                    exported=datetime.now().astimezone().isoformat(timespec="seconds"),
                    devices=lambda ids: [json_format.device_json(r) for r in bulk.devices_with_use(con, ids)],
                    on_chunk=on_chunk,
                    extras=lambda: skin_transfer.json_extras(con, **where),
                )
        cursor.close()
    return count


# -- import: the result ----------------------------------------------------------------


@dataclass(frozen=True)
class FindingSummary:
    """How many imported sessions got a finding of ``rule`` at ``level``, with examples."""

    rule: str
    level: str
    count: int
    source: str
    examples: tuple[tuple[str, str], ...]  # (where: "line 5" / "sessions[4]", message)

    def to_json(self) -> dict:
        return {
            "rule": self.rule,
            "level": self.level,
            "count": self.count,
            "source": self.source,
            "examples": [{"where": w, "message": m} for w, m in self.examples],
        }


@dataclass(frozen=True)
class ImportResult:
    added: int
    skipped: int
    findings: tuple[FindingSummary, ...] = ()
    devices_added: tuple[str, ...] = ()  # names
    ignored_columns: tuple[str, ...] = ()
    fmt: str = "csv"
    ids: tuple[int, ...] = field(default=(), repr=False)
    reactions_added: int = 0
    conditions_added: int = 0

    def to_json(self) -> dict:
        return {
            "added": self.added,
            "skipped": self.skipped,
            "findings": [f.to_json() for f in self.findings],
            "devices_added": list(self.devices_added),
            "ignored_columns": list(self.ignored_columns),
            "reactions_added": self.reactions_added,
            "conditions_added": self.conditions_added,
        }


# -- import: reading and validating ----------------------------------------------------------


def _at(where: int | str) -> str:
    """Where a record is, as messages name it: a CSV line number, or ``sessions[i]``."""
    return f"line {where}" if isinstance(where, int) else where


class _RowErrors:
    def __init__(self, name: str):
        self.name = name
        self.items: list[str] = []

    def add(self, where: int | str, problem: str) -> None:
        self.items.append(msg.IMPORT_AT.format(where=_at(where), problem=problem))
        if len(self.items) >= MAX_ERRORS:
            self.raise_now(stopped=True)

    def raise_now(self, stopped: bool = False) -> None:
        what = "this row" if len(self.items) == 1 else "these rows"
        lines = [msg.IMPORT_FAILED.format(name=self.name, what=what)] + ["  " + i for i in self.items]
        if stopped:
            lines.append("  " + msg.IMPORT_MORE_ERRORS.format(count=len(self.items)))
        raise InputError("\n".join(lines))


@dataclass
class _DeviceSpec:
    """A device as the file describes it (matched to the journal's in the transaction)."""

    uid: str | None
    name: str | None
    kind: str | None
    needle_um: int | None
    retired: bool
    first_where: int | str

    @property
    def complete(self) -> bool:
        return self.name is not None and self.kind is not None and self.needle_um is not None


def _text(value: object, column: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    raise InputError(msg.IMPORT_NOT_TEXT.format(column=column), column)


class _Validator:
    """Cells (text from CSV, values from JSON) -> one checked tuple per session.

    Caches the conversions of values that repeat (areas, needles, dates)."""

    def __init__(self, areas: Iterable[str], today: date):
        self.areas = list(areas)
        self.today = today
        self._area: dict[object, str] = {}
        self._needle: dict[object, int] = {}
        self._day: dict[object, str] = {}
        self.devices: dict[tuple[str, str], int] = {}
        self.specs: list[_DeviceSpec] = []
        # (device uid, name, kind, needle cells) -> index, for cells already read
        self._seen_device: dict[tuple[str, str, str, str], int | None] = {}

    def area(self, value: object) -> str:
        key = value if isinstance(value, str) else repr(value)
        found = self._area.get(key)
        if found is None:
            if value is None or value == "":
                raise InputError(msg.IMPORT_MISSING.format(column="area"), "area")
            found = self._area[key] = validate.area(_text(value, "area"), self.areas)
        return found

    def needle(self, value: object, column: str = "needle_mm") -> int:
        key = (type(value), value) if isinstance(value, (int, float)) else value
        try:
            found = self._needle.get(key)
        except TypeError:  # a list or an object from JSON
            found = None
            key = None
        if found is None:
            if value is None or value == "":
                raise InputError(msg.IMPORT_MISSING.format(column=column), column)
            if not isinstance(value, (str, int, float)):
                raise InputError(msg.BAD_NEEDLE.format(value=value), column)
            found = validate.needle(value)
            if key is not None:
                self._needle[key] = found
        return found

    def day(self, value: object) -> str:
        found = self._day.get(value) if isinstance(value, str) else None
        if found is None:
            if value is None or value == "":
                raise InputError(msg.IMPORT_MISSING.format(column="date"), "date")
            found = validate.session_day(_text(value, "date"), self.today).isoformat()
            self._day[value] = found
        return found

    @staticmethod
    def uid(value: object) -> str | None:
        text = _text(value, "uid").strip()
        if not text:
            return None
        if not _UID.fullmatch(text):
            raise InputError(msg.IMPORT_BAD_UID.format(value=validate._show(text)), "uid")
        return text

    @staticmethod
    def disinfected(value: object) -> int | None:
        if value is None or isinstance(value, bool):
            return None if value is None else int(value)
        found = _BOOLS.get(_text(value, "disinfected").strip().lower(), _UNSEEN)
        if found is _UNSEEN:
            raise InputError(msg.IMPORT_BAD_BOOL.format(value=validate._show(value)), "disinfected")
        return found

    @staticmethod
    def notes(value: object) -> str:
        text = _text(value, "notes")
        if not text:
            return ""
        if "\r" in text:  # a journal keeps line breaks as LF
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        return validate.notes(text)

    @staticmethod
    def reason(value: object) -> str | None:
        text = _text(value, "override_reason")
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        return validate.reason(text) if text.strip() else None

    @staticmethod
    def rules(value: object) -> str | None:
        text = _text(value, "overridden_rules")
        parts = [p.strip() for p in text.split(",")]
        parts = [p for p in parts if p]
        if not parts:
            return None
        if not all(_RULES.fullmatch(p) for p in parts):
            raise InputError(msg.IMPORT_BAD_RULES.format(value=validate._show(text)), "overridden_rules")
        return ",".join(parts)

    def device(self, where: int | str, duid_value: object, name_value: object, kind_value: object, needle_value: object, retired: bool) -> int | None:
        """The index of the file's device this row names (None: no device)."""
        duid = self.uid(duid_value)
        name_text = _text(name_value, "device").strip()
        if duid is None and not name_text:
            return None
        key = ("uid", duid) if duid is not None else ("name", name_text)
        index = self.devices.get(key)
        spec = None if index is None else self.specs[index]
        if spec is not None and spec.complete:
            return index  # known in full: nothing more to read
        name = validate.device_name(name_text) if name_text else None
        kind_text = _text(kind_value, "device_kind").strip()
        kind = validate.kind(kind_text) if kind_text else None
        needle_um = None if needle_value in (None, "") else self.needle(needle_value, "device_needle_mm")
        if spec is not None:  # a later row may say what an earlier one left out
            spec.name = spec.name or name
            spec.kind = spec.kind or kind
            spec.needle_um = spec.needle_um if spec.needle_um is not None else needle_um
            return index
        spec = _DeviceSpec(duid, name, kind, needle_um, retired is True, where)
        index = self.devices[key] = len(self.specs)
        self.specs.append(spec)
        return index

    def row(self, where: int | str, values: tuple) -> tuple:
        """``values`` (``csv_format.RECORD_FIELDS`` order) -> (where, uid, date, area,
        needle_um, disinfected, notes, reason, rules, device index).

        Values seen before (dates, areas, needles, a device fully described) come
        from the caches; anything else goes through the checks above."""
        uid, day, area, needle, dis, notes, reason, rules, duid, dname, dkind, dneedle, retired = values
        if day.__class__ is not str or (found_day := self._day.get(day)) is None:
            found_day = self.day(day)
        if area.__class__ is not str or (found_area := self._area.get(area)) is None:
            found_area = self.area(area)
        if needle.__class__ is not str or (found_needle := self._needle.get(needle)) is None:
            found_needle = self.needle(needle)
        found_dis = _BOOLS.get(dis, _UNSEEN) if dis.__class__ is str else _UNSEEN  # the usual exact cells
        if found_dis is _UNSEEN:
            found_dis = self.disinfected(dis)
        if duid.__class__ is str and dname.__class__ is str and dkind.__class__ is str and dneedle.__class__ is str:  # CSV
            # The same four cells again name the same device and add nothing to it.
            key = (duid, dname, dkind, dneedle)
            device = self._seen_device.get(key)
            if device is None and (duid or dname):
                device = self._seen_device[key] = self.device(where, duid, dname, dkind, dneedle, retired)
        else:
            device = self.device(where, duid, dname, dkind, dneedle, retired)
        return (
            where,
            uid if uid.__class__ is str and _UID.fullmatch(uid) else None if uid is None or uid == "" else self.uid(uid),
            found_day,
            found_area,
            found_needle,
            found_dis,
            notes if notes.__class__ is str and storable(notes, NOTES_LIMIT) else "" if notes is None else self.notes(notes),
            None if reason is None or reason == "" else self.reason(reason),
            None if rules is None or rules == "" else self.rules(rules),
            device,
        )


def _detect_format(path: Path | None, head: bytes) -> str:
    if path is not None:
        suffix = path.suffix.lower()
        if suffix == ".json":
            return "json"
        if suffix in (".csv", ".tsv", ".txt"):
            return "csv"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return "json" if text[:1] in (b"{", b"[") else "csv"


def _open_source(source: str | os.PathLike | IO) -> tuple[IO[bytes], str, Path | None, bool]:
    """-> (binary stream, name for messages, path or None, whether we must close it)."""
    if isinstance(source, str) and source == "-":
        return sys.stdin.buffer, "standard input", None, False
    if hasattr(source, "read"):
        stream = source
        if isinstance(stream, io.TextIOBase):
            stream = getattr(stream, "buffer", None) or io.BytesIO(stream.read().encode("utf-8"))
        return stream, getattr(source, "name", None) or "the input", None, False  # type: ignore[return-value]
    path = _path(source)
    if not path.exists():
        raise InputError(msg.IMPORT_NO_FILE.format(path=path), "file")
    if path.is_dir():
        raise InputError(msg.IMPORT_CANNOT_READ.format(path=path, reason="it is a folder"), "file")
    try:
        stream = open(path, "rb")
    except OSError as exc:
        raise InputError(msg.IMPORT_CANNOT_READ.format(path=path, reason=exc.strerror or type(exc).__name__), "file") from None
    return stream, str(path), path, True


def _peek(stream: IO[bytes], size: int = 64) -> tuple[IO[bytes], bytes]:
    """The first bytes of ``stream`` without consuming them (wrapping it if needed)."""
    if not hasattr(stream, "peek"):
        stream = io.BufferedReader(stream)  # type: ignore[arg-type]
    head = stream.peek(size)[:size]  # type: ignore[attr-defined]
    return stream, head


def _read_rows(
    stream: IO[bytes], fmt: str, name: str, validator: _Validator, errors: _RowErrors, progress: Progress | None
) -> tuple[list[tuple], int, tuple[str, ...], dict | None]:
    """Validate every record -> (rows, in-file duplicates skipped, ignored columns,
    a JSON document's skin lists or None)."""
    size = None
    try:
        size = os.fstat(stream.fileno()).st_size or None
    except (OSError, AttributeError, io.UnsupportedOperation):
        pass
    if fmt == "json":
        source = json_format.JsonSource(stream, name)
        return (*_validate_all(source, validator, errors, progress, None, None), source.skin)
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    try:
        source = csv_format.CsvSource(text, name)
        return (*_validate_all(source, validator, errors, progress, stream.tell if size else None, size), None)
    finally:
        text.detach()  # the caller closes (or, for standard input, keeps) the stream


def _validate_all(source, validator: _Validator, errors: _RowErrors, progress, position, size):
    rows: list[tuple] = []
    seen: set[str] = set()
    duplicates = 0
    count = 0
    check = validator.row
    for where, cells in source:  # where: a CSV line number, or "sessions[i]"
        try:
            row = check(where, cells)
        except InputError as exc:
            errors.add(where, str(exc))
            continue
        uid = row[1]
        if uid is not None:
            if uid in seen:
                duplicates += 1
                continue
            seen.add(uid)
        rows.append(row)
        count += 1
        if progress is not None and count % PROGRESS_EVERY == 0:
            if position is not None:
                progress("read", min(position(), size), size)
            else:
                progress("read", count, len(source) if isinstance(source, json_format.JsonSource) else None)
    if errors.items:
        errors.raise_now()
    return rows, duplicates, tuple(getattr(source, "ignored", ()))


# -- import: devices ---------------------------------------------------------------------


def _resolve_devices(
    con, specs: list[_DeviceSpec], used: set[int], errors: _RowErrors, at: datetime
) -> tuple[dict[int, tuple], list[str], list[int]]:
    """Match the file's devices to the journal's (uid, else name), create the missing
    ones. -> (spec index -> (id, name, kind, needle_um, retired), names added, ids added)."""
    existing = bulk.all_devices(con)
    by_uid = {row[1]: row for row in existing}
    by_name: dict[str, tuple] = {}
    for row in existing:  # by id; a device in use wins over a retired one of the same name
        current = by_name.get(row[2])
        if current is None or (current[5] and not row[5]):
            by_name[row[2]] = row
    resolved: dict[int, tuple] = {}
    added: list[str] = []
    created_ids: list[int] = []
    for index in sorted(used):
        spec = specs[index]
        row = by_uid.get(spec.uid) if spec.uid is not None else by_name.get(spec.name)
        if row is not None:
            resolved[index] = (row[0], row[2], row[3], row[4], bool(row[5]))
            continue
        if spec.name is None or spec.kind is None or (spec.kind in FIXED_NEEDLE_KINDS and spec.needle_um is None):
            errors.add(spec.first_where, msg.IMPORT_DEVICE_UNKNOWN.format(device=spec.name or spec.uid))
            continue
        uid = spec.uid or str(uuid.uuid4())
        new_id = bulk.insert_device(
            con, uid=uid, name=spec.name, kind=spec.kind, needle_um=spec.needle_um, at=at, retired=spec.retired
        )
        row = (new_id, uid, spec.name, spec.kind, spec.needle_um, spec.retired)
        by_uid[uid] = row
        by_name.setdefault(spec.name, row)
        resolved[index] = (new_id, spec.name, spec.kind, spec.needle_um, spec.retired)
        added.append(spec.name)
        created_ids.append(new_id)
    return resolved, added, created_ids


# -- import: what the rules say about the imported sessions -------------------------------------


class _Past:
    """A session in the history handed to the rules engine."""

    __slots__ = ("date", "area", "needle_um")

    def __init__(self, day: date, area: str, needle_um: int):
        self.date, self.area, self.needle_um = day, area, needle_um


def _facts(con, table: "RuleTable", added: list[tuple]) -> tuple[list[tuple], dict[str, list[tuple[int, int]]]]:
    """What the safety rules need to know about the sessions to add, read before
    they are written: (facts per session, as ``rules.summarise`` takes them;
    the live sessions of their areas over the days that can matter, as (day, um)).

    ``added``: (where, date, area, needle_um, device id or None, disinfected), not
    yet written: none of them is among the journal's live sessions (a revived
    session is deleted until then).
    """
    ordinal: dict[str, int] = {}

    def day_number(text: str) -> int:
        found = ordinal.get(text)
        if found is None:
            found = ordinal[text] = date.fromisoformat(text).toordinal()
        return found

    # What the rules need of each added session (device uses filled in below);
    # the span of days added per area; and the live sessions of those areas over
    # the days that can matter: the added ones, then the journal's.
    facts: list[tuple] = []
    span: dict[str, list[int]] = {}
    history: dict[str, list[tuple[int, int]]] = {}
    with_device: list[int] = []
    get = ordinal.get
    for index, (_, day_text, area, um, device_id, disinfected) in enumerate(added):
        d = get(day_text) or day_number(day_text)
        facts.append((d, area, um, disinfected, None, None))
        if device_id is not None:
            with_device.append(index)
        lo_hi = span.get(area)
        if lo_hi is None:
            span[area] = [d, d]
            history[area] = [(d, um)]
            continue
        history[area].append((d, um))
        if d < lo_hi[0]:
            lo_hi[0] = d
        elif d > lo_hi[1]:
            lo_hi[1] = d
    for area, (lo, hi) in span.items():
        reach = table.max_rest_days(area)
        first = date.fromordinal(max(1, lo - reach + 1)).isoformat()
        last = date.fromordinal(min(date.max.toordinal(), hi + reach)).isoformat()
        history[area] += bulk.area_history(con, area, first, last)

    # A device's uses before a session: its live sessions on earlier days (the
    # journal's and the added ones).
    device_days: dict[int, list[int]] = defaultdict(list)
    for device_id, day in bulk.device_days(con, {added[i][4] for i in with_device}):
        device_days[device_id].append(day)
    for index in with_device:
        device_days[added[index][4]].append(facts[index][0])
    for numbers in device_days.values():
        numbers.sort()
    for index in with_device:
        d, area, um, disinfected, _, _ = facts[index]
        numbers = device_days[added[index][4]]
        facts[index] = (d, area, um, disinfected, bisect_left(numbers, d), numbers[0])
    return facts, history


def _findings(
    table: "RuleTable",
    added: list[tuple],
    facts: list[tuple],
    history: dict[str, list[tuple[int, int]]],
    devices: dict[int, tuple],
    progress: Progress | None,
) -> tuple[FindingSummary, ...]:
    """What the safety rules say about the sessions to add (``added`` and ``facts``,
    ``history`` from ``_facts``), checked against the journal as it will be after
    the import: per rule and level, how many sessions (``rules.summarise``) and the
    first ``EXAMPLES`` worded (``rules.evaluate``). No database: it runs while
    SQLite builds the indexes, and so does sorting ``history``'s lists (in place)."""
    from homelog.rules import evaluate, history_window, summarise

    if progress is not None:
        progress("check", 0, len(added))
    for entries in history.values():
        entries.sort()
    summary = summarise(table, facts, history, examples=EXAMPLES)

    def worded(index: int, rule: str, level: str) -> str:
        d, area, um, disinfected, uses, first_used = facts[index]
        lo, hi = (x.toordinal() for x in history_window(table, area, date.fromordinal(d), um))
        entries = history[area]
        window = entries[bisect_left(entries, (lo, 0)) : bisect_right(entries, (hi, sys.maxsize))]
        window.remove((d, um))  # the session itself
        past = [_Past(date.fromordinal(day), area, n) for day, n in window]
        use = None
        if uses is not None:
            device_id = added[index][4]
            use = DeviceUse(device_id, devices[device_id][1], uses, date.fromordinal(first_used), devices[device_id][4])
        candidate = SessionInput(date.fromordinal(d), area, um, None, None if disinfected is None else bool(disinfected))
        return next(f.message for f in evaluate(candidate, past, use, table).findings if (f.rule, f.level) == (rule, level))

    out = tuple(
        FindingSummary(
            rule,
            level,
            summary.counts[(rule, level)],
            table.source(rule),
            tuple((_at(added[i][0]), worded(i, rule, level)) for i in summary.examples[(rule, level)]),
        )
        for rule, level in summary.keys()
    )
    if progress is not None:
        progress("check", len(added), len(added))
    return out


# -- import: the use case -------------------------------------------------------------------


def _without_gc(function: Callable[..., "T"]) -> Callable[..., "T"]:
    """Pause the cyclic garbage collector while ``function`` runs. An import
    builds a few tuples per row and no reference cycles, and the collector
    would only walk the growing lists again and again (about 8% of a large
    import's time). Plain reference counting still frees everything."""

    @functools.wraps(function)
    def paused(*args, **kwargs):
        if not gc.isenabled():
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()

    return paused


@_without_gc
def import_sessions(
    journal: "JournalFile",
    source: str | os.PathLike | IO,
    fmt: str | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import sessions from a CSV or JSON file (path, ``"-"`` for standard input, or a stream).

    All or nothing: any bad row raises ``InputError`` naming it (``line N`` or
    ``sessions[i]``) and nothing is written.
    """
    fmt = check_format(fmt)
    stream, name, path, owned = _open_source(source)
    try:
        stream, head = _peek(stream)
        fmt = fmt or _detect_format(path, head)
        validator = _Validator(journal.rules.areas, journal.today())
        errors = _RowErrors(name)
        rows, duplicates, ignored, skin = _read_rows(stream, fmt, name, validator, errors, progress)
        reactions, conditions = skin_transfer.read_skin(skin, journal.rules.condition_kinds, journal.rules.areas, errors)
        if errors.items:
            errors.raise_now()
    finally:
        if owned:
            stream.close()
    at = _now()
    with journal.db.raw(write=True) as con:
        known = bulk.known_session_uids(con, (r[1] for r in rows if r[1] is not None))
        fresh: list[tuple] = []
        revive: list[tuple] = []
        skipped = duplicates
        if not known:  # none of the file's sessions is in the journal: the usual first import
            fresh = rows
        else:
            for row in rows:
                found = known.get(row[1]) if row[1] is not None else None
                if found is None:
                    fresh.append(row)
                elif found[1]:  # deleted in this journal (e.g. an undone import): bring it back
                    revive.append((row, found[0]))
                else:
                    skipped += 1
        del rows, known
        used = {r[9] for r in fresh if r[9] is not None} | {r[9] for r, _ in revive if r[9] is not None}
        devices, devices_added, device_ids_added = _resolve_devices(con, validator.specs, used, errors, at)
        if errors.items:
            errors.raise_now()

        # A device with a fixed needle (roller, stamp) fixes the session's needle too.
        fixed = {i: d for i, d in devices.items() if d[2] in FIXED_NEEDLE_KINDS and d[3] is not None}
        if fixed:
            for row in itertools.chain(fresh, (r for r, _ in revive)):
                if row[9] in fixed and row[4] != fixed[row[9]][3]:
                    _id, dname, kind, needle_um, _retired = fixed[row[9]]
                    errors.add(row[0], msg.IMPORT_NEEDLE_MISMATCH.format(device=dname, length=um_to_mm_text(needle_um), kind=kind))
        device_id = {i: d[0] for i, d in devices.items()}
        device_id[None] = None
        by_device_id = {v[0]: v for v in devices.values()}
        total = len(fresh) + len(revive)
        # Only what is still needed is kept: the rows to write (bulk.INSERT_FIELDS
        # order), and where each came from, for the findings.
        wheres = [row[0] for row in fresh] + [row[0] for row, _ in revive]
        inserts = [
            (row[1] or str(uuid.uuid4()), row[2], row[3], row[4], device_id[row[9]], row[5], row[6], row[7], row[8])
            for row in fresh
        ]
        del fresh
        revivals = [(row[2], row[3], row[4], device_id[row[9]], row[5], row[6], row[7], row[8], sid) for row, sid in revive]
        del revive
        if errors.items:
            errors.raise_now()
        # (where, date, area, needle_um, device id, disinfected) per session to add.
        added = [(w, ins[1], ins[2], ins[3], ins[4], ins[5]) for w, ins in zip(wheres, inserts)]
        added += [(w, rv[0], rv[1], rv[2], rv[3], rv[4]) for w, rv in zip(wheres[len(added) :], revivals)]
        del wheres
        # Checked against the journal as it will be (its live sessions, read
        # before writing, and these): nothing is read back. A large insert builds
        # its indexes while the rules run.
        check: Callable[[], tuple[FindingSummary, ...]] = tuple  # nothing to add: no findings
        if added:
            facts, history = _facts(con, journal.rules, added)
            check = functools.partial(_findings, journal.rules, added, facts, history, by_device_id, progress)
            del facts, history
        del added
        if progress is not None:
            progress("save", 0, total)
        if inserts:
            ids, findings = bulk.insert_sessions(con, inserts, at, check)
        else:
            ids, findings = [], check()
        del check
        if revivals:
            bulk.revive_sessions(con, revivals, at)
            ids += [rv[8] for rv in revivals]
        if progress is not None:
            progress("save", total, total)
        reaction_ids, condition_ids = skin_transfer.write_skin(con, reactions, conditions, at, errors)
        if ids or reaction_ids or condition_ids:
            # "devices" (and the skin's rows): what this import added (undo removes them with the sessions).
            extra = {"devices": device_ids_added, "reactions": reaction_ids, "conditions": condition_ids}
            bulk.record_import(con, ids, at, extra)
    return ImportResult(
        added=len(ids),
        skipped=skipped,
        findings=findings,
        devices_added=tuple(devices_added),
        ignored_columns=ignored,
        fmt=fmt,
        ids=tuple(ids),
        reactions_added=len(reaction_ids),
        conditions_added=len(condition_ids),
    )


# -- backup and restore ------------------------------------------------------------------


def backup_journal(db_path: Path, output: str | os.PathLike | None = None) -> Path:
    """A consistent copy of the journal (SQLite backup API: safe while it is in use).

    Without ``output``: into the backups folder beside the journal, named with a
    timestamp; the newest ``KEEP_AUTOMATIC`` (10) of those are kept. ``output``
    may be a file (replaced atomically) or a folder (a timestamped name inside).
    """
    db_path = Path(db_path)
    state = store_backup.journal_state(db_path)
    if state in (store_backup.MISSING, store_backup.EMPTY):
        raise InputError(msg.BACKUP_NO_JOURNAL.format(path=db_path), "db")
    if state != store_backup.OK:
        from homelog.store.database import inspect

        inspect(db_path)  # raises the error that describes the file
        raise DamagedJournal(msg.NOT_A_JOURNAL.format(path=db_path), db_path)
    try:
        if output is None:
            return store_backup.backup_file(db_path)
        target = _path(output)
        if _is_the_journal(target, db_path):
            raise InputError(msg.BACKUP_ONTO_JOURNAL.format(path=db_path), "output")
        if target.is_dir():
            return store_backup.backup_file(db_path, reason="manual", folder=target)
        if not target.parent.is_dir():
            raise CannotWrite(msg.EXPORT_CANNOT_WRITE.format(path=target, reason="the folder does not exist"), target)
        return store_backup.copy_database(db_path, target.absolute())
    except OSError as exc:
        raise CannotWrite(msg.EXPORT_CANNOT_WRITE.format(path=output or db_path, reason=exc.strerror or type(exc).__name__), None) from None
    except sqlite3.Error as exc:
        from homelog.store.database import translate

        raise translate(exc, db_path) from None


@dataclass(frozen=True)
class RestoreResult:
    source: Path
    journal: Path
    previous: Path | None  # the backup of the journal as it was (None: there was none)
    damaged_copy: Path | None  # a byte copy, when the journal was too damaged to back up
    sessions: int
    devices: int

    def to_json(self) -> dict:
        return {
            "restored": str(self.source),
            "journal": str(self.journal),
            "previous": None if self.previous is None else str(self.previous),
            "damaged_copy": None if self.damaged_copy is None else str(self.damaged_copy),
            "sessions": self.sessions,
            "devices": self.devices,
        }


def restore_journal(db_path: Path, source: str | os.PathLike) -> RestoreResult:
    """Replace the journal's content with a backup's.

    1. ``source`` must be a homelog journal passing ``integrity_check`` (else
       DamagedJournal, exit 4, and nothing changes);
    2. the current journal is backed up (or, if damaged, copied byte for byte);
    3. the backup's pages are copied into the journal with the backup API (the
       journal file is never renamed over while it may be open), then it is
       opened once, which upgrades an older backup's schema.
    """
    from homelog.store.database import open_database, translate

    db_path = Path(db_path)
    src = _path(source).absolute()
    if not src.exists():
        raise InputError(msg.RESTORE_NO_FILE.format(path=src), "file")
    if db_path.exists() and src.resolve() == db_path.resolve():
        raise InputError(msg.RESTORE_SAME.format(path=src), "file")
    store_backup.verify_journal_file(src)
    state = store_backup.journal_state(db_path)
    if state == store_backup.FOREIGN:
        raise DamagedJournal(msg.RESTORE_FOREIGN.format(path=db_path), db_path)
    if state == store_backup.TOO_NEW:
        from homelog.store.database import inspect

        inspect(db_path)  # raises JournalTooNew with its message
        raise JournalTooNew(msg.TOO_NEW.format(path=db_path, revision="?"), db_path)  # pragma: no cover
    previous = damaged_copy = None
    try:
        if state == store_backup.MISSING:
            from homelog.locations import make_private_dir

            make_private_dir(db_path.parent)
            store_backup.copy_database(src, db_path)
        elif state in (store_backup.OK, store_backup.EMPTY):
            if state == store_backup.OK:
                previous = store_backup.backup_file(db_path, reason="pre-restore")
            store_backup.restore_into(src, db_path)
        else:  # damaged: keep its bytes, then try the backup API, else replace the file
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
            damaged_copy = store_backup.copy_raw(
                db_path, store_backup.backup_dir_for(db_path) / f"{db_path.stem}-damaged-{stamp}.db"
            )
            try:
                store_backup.restore_into(src, db_path)
            except sqlite3.DatabaseError:
                store_backup.replace_damaged(src, db_path)
    except sqlite3.Error as exc:
        raise translate(exc, db_path) from None
    except OSError as exc:
        raise CannotWrite(msg.CANNOT_WRITE.format(path=db_path), db_path) from exc
    db = open_database(db_path)  # migrates an older backup (backing it up first)
    try:
        with db.raw() as con:
            counts = bulk.table_counts(con)
    finally:
        db.close()
    return RestoreResult(src, db_path, previous, damaged_copy, counts["sessions"], counts["devices"])

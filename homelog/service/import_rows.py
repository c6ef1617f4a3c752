"""An import's records checked one by one: cells (text from CSV, values from
JSON) -> ``ImportRow``, the file's devices -> ``DeviceSpec``, and the errors
collected along the way (``RowErrors``: at most ``MAX_ERRORS``, then stop)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from homelog import messages as msg
from homelog import validate
from homelog.errors import InputError
from homelog.record_type import Record

MAX_ERRORS = 10  # an import reports at most this many bad rows, then stops reading

UID_PATTERN = validate.UID_PATTERN  # the one definition is validate's


def at(where: int | str) -> str:
    """Where a record is, as messages name it: a CSV line number, or ``sessions[i]``."""
    return f"line {where}" if isinstance(where, int) else where


class RowErrors:
    """The bad rows of one file, each worded with where it is."""

    def __init__(self, name: str):
        self.name = name
        self.items: list[str] = []

    def add(self, where: int | str, problem: str) -> None:
        self.items.append(msg.IMPORT_AT.format(where=at(where), problem=problem))
        if len(self.items) >= MAX_ERRORS:
            self.raise_now(stopped=True)

    def raise_now(self, stopped: bool = False) -> None:
        what = "this row" if len(self.items) == 1 else "these rows"
        lines = [msg.IMPORT_FAILED.format(name=self.name, what=what)] + ["  " + i for i in self.items]
        if stopped:
            lines.append("  " + msg.IMPORT_MORE_ERRORS.format(count=len(self.items)))
        raise InputError("\n".join(lines))


class ImportRow(Record):
    """One checked session of the file (stored values: ISO date, micrometres, 0/1)."""

    where: int | str  # a CSV line number, or "sessions[i]"
    uid: str | None  # None: the file gives none (a new one is made)
    date: str
    area: str
    needle_um: int
    disinfected: int | None
    notes: str
    override_reason: str | None
    overridden_rules: str | None  # comma-separated
    device: int | None  # index into ``Validator.specs`` (None: no device)


@dataclass
class DeviceSpec:
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


def _lf(text: str) -> str:
    """A journal keeps line breaks as LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


# Pure checks of one cell's text. A file repeats a few values of these columns
# thousands of times: each distinct text is checked once (a refusal is not kept).
@lru_cache(maxsize=4096)
def _flag(text: str) -> int | None:
    return validate.disinfected(text)


@lru_cache(maxsize=4096)
def _notes(text: str) -> str:
    return validate.notes(_lf(text))


class Validator:
    """Checks each record's values (``csv_format.RECORD_FIELDS`` order) -> ``ImportRow``,
    and gathers the devices the file names in ``specs``.

    Remembers the conversions of values that repeat (areas, needles, dates)."""

    def __init__(self, areas: Iterable[str], today: date):
        self.areas = list(areas)
        self.today = today
        self._area: dict[str, str] = {}
        self._needle: dict[object, int] = {}
        self._day: dict[str, str] = {}
        self.devices: dict[tuple[str, str], int] = {}  # ("uid", uid) or ("name", name) -> index
        self.specs: list[DeviceSpec] = []
        self._device_of: dict[tuple, int | None] = {}  # a row's device cells -> index

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
            found = self._day[value] = validate.session_day(_text(value, "date"), self.today).isoformat()  # type: ignore[index]
        return found

    @staticmethod
    def uid(value: object) -> str | None:
        if value is None or value == "":
            return None
        text = _text(value, "uid").strip()
        return validate.uid(text) if text else None

    @staticmethod
    def disinfected(value: object) -> int | None:
        if value is None or isinstance(value, bool):
            return None if value is None else int(value)
        return _flag(_text(value, "disinfected"))

    @staticmethod
    def notes(value: object) -> str:
        if value is None or value == "":
            return ""
        return _notes(_text(value, "notes"))

    @staticmethod
    def reason(value: object) -> str | None:
        if value is None or value == "":
            return None
        text = _text(value, "override_reason")
        return validate.reason(_lf(text)) if text.strip() else None

    @staticmethod
    def rules(value: object) -> str | None:
        if value is None or value == "":
            return None
        return validate.rule_ids(_text(value, "overridden_rules"))

    def device(self, where: int | str, uid: object, name: object, kind: object, needle: object, retired: object) -> int | None:
        """The index in ``specs`` of the file's device this row names (None: no device).

        The same cells again name the same device and add nothing to it: their
        answer is remembered (most rows of a file repeat a few devices)."""
        cells = (uid, name, kind, needle, retired)
        try:
            return self._device_of[cells]
        except KeyError:
            found = self._device_of[cells] = self._device(where, uid, name, kind, needle, retired)
        except TypeError:  # a list or an object from JSON: checked below, and refused
            found = self._device(where, uid, name, kind, needle, retired)
        return found

    def _device(self, where: int | str, uid: object, name: object, kind: object, needle: object, retired: object) -> int | None:
        duid = self.uid(uid)
        name_text = _text(name, "device").strip()
        if duid is None and not name_text:
            return None
        key = ("uid", duid) if duid is not None else ("name", name_text)
        index = self.devices.get(key)
        spec = None if index is None else self.specs[index]
        if spec is not None and spec.complete:
            return index  # known in full: nothing more to read
        checked_name = validate.device_name(name_text) if name_text else None
        kind_text = _text(kind, "device_kind").strip()
        checked_kind = validate.kind(kind_text) if kind_text else None
        needle_um = None if needle in (None, "") else self.needle(needle, "device_needle_mm")
        if spec is not None:  # a later row may say what an earlier one left out
            spec.name = spec.name or checked_name
            spec.kind = spec.kind or checked_kind
            spec.needle_um = spec.needle_um if spec.needle_um is not None else needle_um
            return index
        index = self.devices[key] = len(self.specs)
        self.specs.append(DeviceSpec(duid, checked_name, checked_kind, needle_um, retired is True, where))
        return index

    def row(self, where: int | str, values: tuple) -> ImportRow:
        """``values`` in ``csv_format.RECORD_FIELDS`` order -> the checked row.

        Checked in this order (a row reports its first problem): date, area,
        needle, disinfected, device, uid, notes, override reason, overridden rules."""
        uid, day, area, needle, dis, notes, reason, rules, duid, dname, dkind, dneedle, retired = values
        checked_day, checked_area, needle_um = self.day(day), self.area(area), self.needle(needle)
        checked_dis = self.disinfected(dis)
        device = self.device(where, duid, dname, dkind, dneedle, retired)
        return ImportRow(
            where,
            self.uid(uid),
            checked_day,
            checked_area,
            needle_um,
            checked_dis,
            self.notes(notes),
            self.reason(reason),
            self.rules(rules),
            device,
        )

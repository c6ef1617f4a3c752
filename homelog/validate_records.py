"""Whole records from files checked with the CLI's and the TUI's own validators
(``homelog.validate``): one home for a session, a device, an observation
(reaction) and a condition read from an import, a sync file or a journal to
restore or doctor. Pure: no I/O.

Each function takes one record as a mapping of field names to the values the
file holds and returns the checked record, or raises ``InputError`` whose
``field`` names the bad field (the caller says where the record is: a line, an
index, a uid). A field missing from the mapping reads as ``None``.

Two forms:

* ``stored=False`` (import): a file's values, read as a person's input is
  (``" Face "`` -> ``"face"``, ``"0.25"`` or ``0.25`` mm, ``"yes"``, a list of
  rule ids); the result holds the values to store.
* ``stored=True`` (sync, restore, doctor): values as homelog stores them
  (``needle_um`` in micrometres, ISO dates, 0/1, stamps). A valid record comes
  back unchanged; a value that the validators would store differently
  (``"Face"``, ``"2025-1-5"``, a name with spaces around it) is refused.

Moments (``created_at``, ``updated_at``, ``deleted_at``, ``retired_at``) and
``origin`` are checked when the mapping gives them (not None).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from homelog import messages as msg
from homelog import validate
from homelog.errors import InputError
from homelog.record_type import Record
from homelog.records import FIXED_NEEDLE_KINDS


class SessionRecord(Record):
    uid: str | None  # None: the file gives none (import only)
    date: str  # ISO
    area: str
    needle_um: int
    device_uid: str | None
    disinfected: int | None
    notes: str
    override_reason: str | None
    overridden_rules: str | None  # comma-separated rule ids
    cartridge: str | None = None  # a pen session's "new" / "reused"
    product_uids: str | None = None  # its products' uids, sorted, comma-separated
    created_at: str | None = None
    updated_at: str | None = None
    origin: str | None = None
    deleted_at: str | None = None


class DeviceRecord(Record):
    uid: str | None
    name: str | None  # None only for a removed device (``deleted``)
    kind: str | None
    needle_um: int | None
    created_at: str | None = None
    retired_at: str | None = None
    shared_from: str | None = None  # ISO: the day it was first used on someone else
    updated_at: str | None = None
    origin: str | None = None
    deleted: int = 0


class ReactionRecord(Record):
    uid: str
    session_uid: str
    date: str
    redness: int
    swelling: int
    bleeding: int
    infection: int
    notes: str
    created_at: str | None = None
    updated_at: str | None = None
    origin: str | None = None
    deleted_at: str | None = None


class ConditionRecord(Record):
    uid: str
    kind: str
    area: str | None
    start: str
    end: str | None
    notes: str
    created_at: str | None = None
    updated_at: str | None = None
    origin: str | None = None
    deleted_at: str | None = None


def _same(field: str, raw: object, checked: object) -> None:
    """In the stored form a value must be what the validators make of it."""
    if raw != checked or type(raw) is not type(checked):
        raise InputError(msg.NOT_AS_STORED.format(field=field, value=validate._show(raw), expected=validate._show(checked)), field)


def _stamps(record: Mapping[str, object], moments: tuple[str, ...] = ("created_at", "updated_at", "deleted_at")) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for field in moments:
        value = record.get(field)
        out[field] = None if value is None else validate.moment(value, field)
    origin = record.get("origin")
    out["origin"] = None if origin is None else validate.journal_id(origin)
    return out


def _needle(record: Mapping[str, object], stored: bool, required: bool) -> int | None:
    if stored or "needle_um" in record:
        value = record.get("needle_um")
        if value is None and not required:
            return None
        return validate.needle_um(value)
    value = record.get("needle_mm")
    if value is None or value == "":
        if required:
            raise InputError(msg.IMPORT_MISSING.format(column="needle_mm"), "needle_mm")
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise InputError(msg.BAD_NEEDLE.format(value=validate._show(value)), "needle_mm")
    try:
        return validate.needle(value)
    except InputError as exc:
        exc.field = "needle_mm"
        raise


def _text(record: Mapping[str, object], field: str) -> str:
    value = record.get(field)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputError(msg.IMPORT_NOT_TEXT.format(column=field), field)
    return value


def _lf(text: str) -> str:
    """A journal keeps line breaks as LF (a file may bring CRLF)."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _notes(record: Mapping[str, object], stored: bool) -> str:
    if stored and not isinstance(record.get("notes"), str):
        raise InputError(msg.IMPORT_NOT_TEXT.format(column="notes"), "notes")
    raw = _text(record, "notes")
    checked = validate.notes(raw if stored else _lf(raw))
    return checked


def _optional_uid(record: Mapping[str, object], field: str, stored: bool) -> str | None:
    value = record.get(field)
    if value is None or (not stored and value == ""):
        return None
    if not stored and isinstance(value, str):
        value = value.strip()
        if not value:
            return None
    return validate.uid(value, field)


def _date(record: Mapping[str, object], field: str, stored: bool, *, required: bool = True) -> date | None:
    value = record.get(field)
    if value is None or value == "":
        if required:
            raise InputError(msg.IMPORT_MISSING.format(column=field), field)
        return None
    if not isinstance(value, str):
        raise InputError(msg.BAD_DATE.format(value=validate._show(value)), field)
    try:
        d = validate.day(value)
    except InputError as exc:
        exc.field = field
        raise
    if stored:
        _same(field, value, d.isoformat())
    return d


def _area(record: Mapping[str, object], areas: Iterable[str], stored: bool, *, required: bool = True) -> str | None:
    value = record.get("area")
    if value is None or value == "":
        if required:
            raise InputError(msg.IMPORT_MISSING.format(column="area"), "area")
        return None
    if not isinstance(value, str):
        raise InputError(msg.IMPORT_NOT_TEXT.format(column="area"), "area")
    checked = validate.area(value, areas)
    if stored:
        _same("area", value, checked)
    return checked


def session(record: Mapping[str, object], *, areas: Iterable[str], today: date | None, stored: bool = False) -> SessionRecord:
    """One session: date (at most one day after ``today``; None: not checked), area,
    needle (``needle_mm``, or ``needle_um`` when stored), device_uid, disinfected,
    notes, override_reason, overridden_rules, and the stamps."""
    day = _date(record, "date", stored)
    assert day is not None
    if today is not None:
        validate.session_day(day, today)
    area = _area(record, areas, stored)
    needle_um = _needle(record, stored, required=True)
    raw_dis = record.get("disinfected")
    dis = validate.disinfected(raw_dis)
    if stored and raw_dis is not None:
        _same("disinfected", raw_dis, dis)
    notes = _notes(record, stored)
    raw_reason = record.get("override_reason")
    if raw_reason is None or raw_reason == "":
        reason = raw_reason if stored else None
    else:
        text = _text(record, "override_reason")
        if not stored and not text.strip():
            reason = None
        else:
            reason = validate.reason(text if stored else _lf(text))
            if stored:
                _same("override_reason", text, reason)
    raw_rules = record.get("overridden_rules")
    rules = validate.rule_ids(raw_rules)
    if stored:
        if raw_rules not in (None, ""):
            _same("overridden_rules", raw_rules, rules)
        rules = raw_rules  # type: ignore[assignment]
    return SessionRecord(
        _optional_uid(record, "uid", stored),
        day.isoformat(),
        area,  # type: ignore[arg-type]
        needle_um,  # type: ignore[arg-type]
        _optional_uid(record, "device_uid", stored),
        dis,
        notes,
        reason,  # type: ignore[arg-type]
        rules,
        *_session_extras(record),
        **_stamps(record),  # type: ignore[arg-type]
    )


def device(record: Mapping[str, object], *, stored: bool = False) -> DeviceRecord:
    """One device: uid, name, kind, needle (a roller's or stamp's is required), stamps.
    A removed device (``deleted`` true, a sync's tombstone) has only its uid and stamps."""
    stamps = _stamps(record, ("created_at", "retired_at", "updated_at"))
    deleted = record.get("deleted")
    if deleted not in (None, 0, 1, False, True):
        raise InputError(msg.IMPORT_SKIN_BAD_FLAG.format(column="deleted"), "deleted")
    if deleted:
        found = [f for f in ("name", "kind", "needle_um", "created_at", "retired_at", "shared_from") if record.get(f) is not None]
        if found:
            raise InputError(msg.NOT_AS_STORED.format(field=found[0], value=validate._show(record.get(found[0])), expected=""), found[0])
        return DeviceRecord(validate.uid(record.get("uid")), None, None, None, None, None, None, stamps["updated_at"], stamps["origin"], 1)
    raw_name = record.get("name")
    if raw_name is not None and not isinstance(raw_name, str):
        raise InputError(msg.IMPORT_NOT_TEXT.format(column="name"), "name")
    name = validate.device_name(raw_name or "")
    if stored:
        _same("name", raw_name, name)
    raw_kind = record.get("kind")
    if raw_kind is not None and not isinstance(raw_kind, str):
        raise InputError(msg.IMPORT_NOT_TEXT.format(column="kind"), "kind")
    kind = validate.kind(raw_kind or "")
    if stored:
        _same("kind", raw_kind, kind)
    needle_um = _needle(record, stored, required=False)
    if kind in FIXED_NEEDLE_KINDS and needle_um is None:
        raise InputError(msg.NEEDLE_REQUIRED.format(kind=kind), "needle_um" if stored else "needle_mm")
    uid = _optional_uid(record, "uid", stored)
    if stored and uid is None:
        raise InputError(msg.BAD_UID.format(field="uid", value=""), "uid")
    shared = _date(record, "shared_from", True, required=False)
    return DeviceRecord(
        uid, name, kind, needle_um, stamps["created_at"], stamps["retired_at"],
        None if shared is None else shared.isoformat(), stamps["updated_at"], stamps["origin"], 0,
    )


def reaction(
    record: Mapping[str, object], *, today: date | None, session_date: date | None = None, stored: bool = False
) -> ReactionRecord:
    """One observation: uid, session_uid, date (not before ``session_date`` when given,
    at most one day after ``today``; None: not checked), redness 0-3, swelling,
    bleeding, infection, notes, stamps."""
    uid = validate.uid(record.get("uid"))
    session_uid = validate.uid(record.get("session_uid"), "session_uid")
    day = _date(record, "date", stored)
    assert day is not None
    validate.reaction_day(day, today=today, session_date=session_date, session=session_uid)
    raw = record.get("redness")
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise InputError(msg.BAD_REDNESS.format(value=validate._show(raw)), "redness")
    redness = validate.redness(raw)
    flags = []
    for field in ("swelling", "bleeding", "infection"):
        value = record.get(field)
        checked = int(validate.symptom(value, field))
        if stored:
            _same(field, value, checked)
        flags.append(checked)
    return ReactionRecord(uid, session_uid, day.isoformat(), redness, *flags, _notes(record, stored), **_stamps(record))


def condition(record: Mapping[str, object], *, kinds: Iterable[str], areas: Iterable[str], stored: bool = False) -> ConditionRecord:
    """One standing condition: uid, kind, area (None: every area), start, end (None:
    ongoing; not before the start), notes, stamps."""
    uid = validate.uid(record.get("uid"))
    kinds = list(kinds)
    raw_kind = record.get("kind")
    if not isinstance(raw_kind, str):
        raise InputError(msg.BAD_CONDITION_KIND.format(value=validate._show(raw_kind), valid=", ".join(kinds)), "kind")
    kind = validate.condition_kind(raw_kind, kinds)
    if stored:
        _same("kind", raw_kind, kind)
    area = _area(record, areas, stored, required=False)
    start = _date(record, "start", stored)
    end = _date(record, "end", stored, required=False)
    assert start is not None
    validate.span(start, end)
    return ConditionRecord(
        uid, kind, area, start.isoformat(), None if end is None else end.isoformat(), _notes(record, stored), **_stamps(record)
    )


class ProductRecord(Record):
    uid: str
    name: str
    ingredients: str
    sterile: int
    notes: str
    created_at: str | None = None
    updated_at: str | None = None
    origin: str | None = None
    deleted_at: str | None = None


class ApplicationRecord(Record):
    uid: str
    product_uid: str
    area: str
    date: str
    created_at: str | None = None
    updated_at: str | None = None
    origin: str | None = None
    deleted_at: str | None = None


def product(record: Mapping[str, object], *, stored: bool = False) -> ProductRecord:
    """One product: uid, name, ingredients (at most 5,000 characters), sterile, notes, stamps."""
    uid = validate.uid(record.get("uid"))
    raw_name = record.get("name")
    if not isinstance(raw_name, str):
        raise InputError(msg.IMPORT_NOT_TEXT.format(column="name"), "name")
    name = validate.product_name(raw_name)
    raw_ingredients = _text(record, "ingredients")
    ingredients = validate.ingredients(raw_ingredients)
    raw_sterile = record.get("sterile")
    sterile = int(validate.symptom(raw_sterile, "sterile"))
    if stored:
        _same("name", raw_name, name)
        _same("ingredients", raw_ingredients, ingredients)
        _same("sterile", raw_sterile, sterile)
    return ProductRecord(uid, name, ingredients, sterile, _notes(record, stored), **_stamps(record))


def application(record: Mapping[str, object], *, areas: Iterable[str], today: date | None, stored: bool = False) -> ApplicationRecord:
    """One application: uid, product_uid, area, date (at most one day after ``today``; None: not checked), stamps."""
    uid = validate.uid(record.get("uid"))
    product_uid = validate.uid(record.get("product_uid"), "product_uid")
    area = _area(record, areas, stored)
    day = _date(record, "date", stored)
    assert day is not None and area is not None
    if today is not None:
        validate.applied_day(day, today)
    return ApplicationRecord(uid, product_uid, area, day.isoformat(), **_stamps(record))


def _session_extras(record: Mapping[str, object]) -> tuple[str | None, str | None]:
    """A session's cartridge ("new", "reused" or None) and product uids (sorted,
    comma-separated uids, or None), as a journal stores and a sync carries them."""
    cartridge = record.get("cartridge")
    if cartridge is not None:
        _same("cartridge", cartridge, validate.cartridge(cartridge))
    uids = record.get("product_uids")
    if uids is not None:
        if not isinstance(uids, str):
            raise InputError(msg.IMPORT_NOT_TEXT.format(column="product_uids"), "product_uids")
        found = [validate.uid(u, "product_uids") for u in uids.split(",")]
        _same("product_uids", uids, ",".join(sorted(set(found))))
    return cartridge, uids  # type: ignore[return-value]


__all__ = [
    "ApplicationRecord",
    "ConditionRecord",
    "DeviceRecord",
    "ProductRecord",
    "ReactionRecord",
    "SessionRecord",
    "application",
    "condition",
    "device",
    "product",
    "reaction",
    "session",
]

"""Input validation at the edge: text from a person (CLI argument, form field,
imported cell) to a checked value, or an ``InputError`` that says what is
wrong and what is accepted. Pure: no I/O, shared by the CLI, the TUI and import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta

from homelog import messages as msg
from homelog.errors import InputError
from homelog.records import DEVICE_KINDS

MIN_NEEDLE_UM = 100
MAX_NEEDLE_UM = 3000
NOTES_LIMIT = 2000
NAME_LIMIT = 80
REASON_LIMIT = 500

_NEEDLE = re.compile(r"(?:\d{1,2}(?:\.\d{0,2})?|\.\d{1,2})", re.ASCII)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_UNSTORABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")  # control characters, lone surrogates


def _one_of(value: object, choices: Iterable[str], message: str, field: str) -> str:
    known = list(choices)
    text = str(value if value is not None else "").strip().lower()
    if text not in known:
        raise InputError(message.format(value=_show(value), valid=", ".join(known)), field)
    return text


def area(value: object, areas: Iterable[str]) -> str:
    return _one_of(value, areas, msg.BAD_AREA, "area")


def needle(value: object) -> int:
    """'0.25' / 0.25 / '0.25mm' -> 250 micrometres."""
    if isinstance(value, bool):
        raise InputError(msg.BAD_NEEDLE.format(value=_show(value)), "needle")
    text = str(value if value is not None else "").strip().lower().removesuffix("mm").strip()
    if not _NEEDLE.fullmatch(text):
        raise InputError(msg.BAD_NEEDLE.format(value=_show(value)), "needle")
    whole, _, part = text.partition(".")  # the pattern admits at most two decimals
    um = int(whole or "0") * 1000 + int((part + "000")[:3])
    if not MIN_NEEDLE_UM <= um <= MAX_NEEDLE_UM:
        raise InputError(msg.BAD_NEEDLE.format(value=_show(value)), "needle")
    return um


def day(value: object) -> date:
    if isinstance(value, date):
        return value
    text = str(value if value is not None else "").strip()
    if not _DATE.fullmatch(text):
        raise InputError(msg.BAD_DATE.format(value=_show(value)), "date")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(msg.BAD_DATE.format(value=_show(value)), "date") from None


def session_day(value: object, today: date) -> date:
    """A logged session's date: at most one day ahead (time zones), never planned."""
    d = day(value)
    if d > today + timedelta(days=1):
        raise InputError(msg.FUTURE_DATE.format(value=d.isoformat()), "date", hint="check")
    return d


def kind(value: object) -> str:
    text = str(value if value is not None else "").strip().lower()
    if text not in DEVICE_KINDS:
        raise InputError(msg.BAD_KIND.format(value=_show(value)), "kind")
    return text


def storable(text: str, limit: int) -> bool:
    """Whether ``text`` is kept as it is: within ``limit`` characters, no control
    character but tab and line feed, no lone surrogate."""
    return len(text) <= limit and not _UNSTORABLE.search(text)


def text(value: object, *, field: str, limit: int) -> str:
    out = "" if value is None else str(value)
    if storable(out, limit):
        return out
    if _UNSTORABLE.search(out):
        raise InputError(msg.BAD_TEXT.format(field=field), field.lower())
    raise InputError(msg.TOO_LONG.format(field=field, limit=limit), field.lower())


def notes(value: object) -> str:
    return text(value, field="Notes", limit=NOTES_LIMIT)


def device_name(value: object) -> str:
    name = text(value, field="Name", limit=NAME_LIMIT).strip()
    if not name:
        raise InputError(msg.BAD_NAME, "name")
    return name


def reason(value: object) -> str:
    out = text(value, field="Override reason", limit=REASON_LIMIT).strip()
    if not out:
        raise InputError(msg.EMPTY_REASON, "override")
    return out


def positive_id(value: object, what: str = "id") -> int:
    text_value = str(value).strip()
    if not text_value.isascii() or not text_value.isdigit() or int(text_value) <= 0 or len(text_value) > 18:
        raise InputError(f"'{_show(value)}' is not a valid {what}: give a whole number such as 12.", what)
    return int(text_value)


def _show(value: object, limit: int = 40) -> str:
    """Echo a bad value back safely (no control characters, not too long)."""
    shown = _CONTROL.sub("?", str(value))
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def redness(value: object) -> int:
    """0, 1, 2 or 3 (an int or its digit)."""
    if isinstance(value, bool):
        raise InputError(msg.BAD_REDNESS.format(value=_show(value)), "redness")
    text_value = str(value if value is not None else "").strip()
    if text_value not in ("0", "1", "2", "3"):
        raise InputError(msg.BAD_REDNESS.format(value=_show(value)), "redness")
    return int(text_value)


def condition_kind(value: object, kinds: Iterable[str]) -> str:
    return _one_of(value, kinds, msg.BAD_CONDITION_KIND, "kind")


def span(start: date, end: date | None) -> None:
    """A condition's end, if any, is on or after its start."""
    if end is not None and end < start:
        raise InputError(msg.END_BEFORE_START.format(start=start.isoformat(), end=end.isoformat()), "end")

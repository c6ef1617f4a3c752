"""Input validation at the edge: text from a person (CLI argument, form field,
imported cell) to a checked value, or an ``InputError`` that says what is
wrong and what is accepted. Pure: no I/O, shared by the CLI, the TUI and import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from homelog import messages as msg
from homelog.errors import InputError
from homelog.records import CARTRIDGE_STATES, DEVICE_KINDS

MIN_NEEDLE_UM = 100
MAX_NEEDLE_UM = 3000
NOTES_LIMIT = 2000
NAME_LIMIT = 80
REASON_LIMIT = 500
INGREDIENTS_LIMIT = 5000  # an INCI list is rarely above 1,500 characters

_NEEDLE = re.compile(r"(?:\d{1,2}(?:\.\d{0,2})?|\.\d{1,2})", re.ASCII)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_UNSTORABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")  # C0 and C1 controls, lone surrogates


#: A uid: 1 to 36 characters, none of them a space (of any kind) or a control character.
UID_PATTERN = re.compile(r"[^\s\x00-\x1f\x7f-\x9f]{1,36}")
#: A journal id (a sync file's, a record's ``origin``): 32 lower-case hex digits.
JOURNAL_ID = re.compile(r"[0-9a-f]{32}", re.ASCII)
#: A stored moment (``queries.stamp``): UTC to the microsecond (journals from before 0004 may lack them).
_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{6})?", re.ASCII)
_RULE_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}", re.ASCII)
#: A ``disinfected`` value as a file may write it (stripped, lower case) -> the stored value (None: not recorded).
_FLAGS: dict[str, int | None] = {"": None, "true": 1, "false": 0, "yes": 1, "no": 0, "y": 1, "n": 0, "1": 1, "0": 0}


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


def optional_day(value: object, default: date) -> date:
    """``day(value)``, or ``default`` when none is given (None or "")."""
    return default if value is None or value == "" else day(value)


def _tomorrow(today: date) -> date:
    """The day after ``today`` (``date.max`` has none: it is its own limit)."""
    return today if today == date.max else today + timedelta(days=1)


def session_day(value: object, today: date) -> date:
    """A logged session's date: at most one day ahead (time zones), never planned."""
    d = day(value)
    if d > _tomorrow(today):
        raise InputError(msg.FUTURE_DATE.format(value=d.isoformat()), "date", hint="check")
    return d


def kind(value: object) -> str:
    text = str(value if value is not None else "").strip().lower()
    if text not in DEVICE_KINDS:
        raise InputError(msg.BAD_KIND.format(value=_show(value)), "kind")
    return text


def storable(text: str, limit: int) -> bool:
    """Whether ``text`` is kept as it is: within ``limit`` characters, no control
    character (C0, DEL or C1) but tab and line feed, no lone surrogate."""
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


def product_name(value: object) -> str:
    name = text(value, field="Name", limit=NAME_LIMIT).strip()
    if not name:
        raise InputError(msg.BAD_PRODUCT_NAME, "name")
    return name


def ingredients(value: object) -> str:
    """An INCI list as typed or pasted (trimmed): at most ``INGREDIENTS_LIMIT`` characters."""
    return text(value, field="Ingredients", limit=INGREDIENTS_LIMIT).strip()


def cartridge(value: object) -> str:
    return _one_of(value, CARTRIDGE_STATES, msg.BAD_CARTRIDGE, "cartridge")


def applied_day(value: object, today: date) -> date:
    """An application's date: at most one day ahead (it happened; plan with check)."""
    d = day(value)
    if d > today + timedelta(days=1):
        raise InputError(msg.APPLY_FUTURE.format(value=d.isoformat()), "date")
    return d


# -- values from files (import, sync, restore): the same rules, in a file's terms -------


def uid(value: object, field: str = "uid") -> str:
    """A record's uid: 1 to 36 characters, no space of any kind, no control character."""
    if not isinstance(value, str) or not value:
        raise InputError(msg.BAD_UID.format(field=field, value=_show(value if value is not None else "")), field)
    if len(value) > 36 or not (value.isprintable() and " " not in value if value.isascii() else UID_PATTERN.fullmatch(value)):
        raise InputError(msg.BAD_UID.format(field=field, value=_show(value)), field)
    return value


def disinfected(value: object) -> int | None:
    """True/False/None, 1/0, or the text true/false/yes/no/y/n/1/0/empty -> 1, 0 or None."""
    if value is None or isinstance(value, bool):
        return None if value is None else int(value)
    if isinstance(value, int) and value in (0, 1):
        return value
    if isinstance(value, str):
        found = _FLAGS.get(value.strip().lower(), _UNSEEN)
        if found is not _UNSEEN:
            return found  # type: ignore[return-value]
    raise InputError(msg.IMPORT_BAD_BOOL.format(value=_show(value)), "disinfected")


_UNSEEN = object()


def symptom(value: object, field: str) -> bool:
    """A reaction's swelling, bleeding or infection: true or false (stored: 1 or 0; missing: false)."""
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise InputError(msg.IMPORT_SKIN_BAD_FLAG.format(column=field), field)


def rule_ids(value: object) -> str | None:
    """Overridden rules: a list of rule ids, or them joined by commas -> the comma text (None: none)."""
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        text_value = ",".join(value)
    elif isinstance(value, str):
        text_value = value
    else:
        raise InputError(msg.IMPORT_BAD_RULES.format(value=_show(value)), "overridden_rules")
    parts = [p for p in (p.strip() for p in text_value.split(",")) if p]
    if not parts:
        return None
    if not all(_RULE_ID.fullmatch(p) for p in parts):
        raise InputError(msg.IMPORT_BAD_RULES.format(value=_show(text_value)), "overridden_rules")
    return ",".join(parts)


def needle_um(value: object, field: str = "needle_um") -> int:
    """A stored needle length: whole micrometres that ``needle`` accepts as millimetres (100 to 3000, steps of 10)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(msg.BAD_NEEDLE_UM.format(field=field, value=_show(value)), field)
    if not MIN_NEEDLE_UM <= value <= MAX_NEEDLE_UM or value % 10:
        raise InputError(msg.BAD_NEEDLE_UM.format(field=field, value=_show(value)), field)
    return value


def moment(value: object, field: str) -> str:
    """A stored moment (created, updated, deleted, retired): 'YYYY-MM-DD HH:MM:SS[.ffffff]', a real one."""
    if isinstance(value, str) and _MOMENT.fullmatch(value):
        try:
            datetime.fromisoformat(value)
            return value
        except ValueError:
            pass
    raise InputError(msg.BAD_MOMENT.format(field=field, value=_show(value)), field)


def journal_id(value: object, field: str = "origin") -> str:
    if isinstance(value, str) and JOURNAL_ID.fullmatch(value):
        return value
    raise InputError(msg.BAD_JOURNAL_ID.format(field=field, value=_show(value)), field)


def reaction_day(value: object, *, today: date | None, session_date: date | None = None, session: object = None) -> date:
    """An observation's date: at most one day ahead of ``today`` (None: not checked) and,
    when the session's date is known, not before it (``session``: its id or uid, for the message)."""
    d = day(value)
    if today is not None and d > _tomorrow(today):
        raise InputError(msg.REACTION_FUTURE.format(value=d.isoformat()), "date")
    if session_date is not None and d < session_date:
        raise InputError(
            msg.REACTION_BEFORE_SESSION.format(value=d.isoformat(), id=_show(session), date=session_date.isoformat()), "date"
        )
    return d

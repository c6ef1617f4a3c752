"""What every rule unit shares: levels, date arithmetic, the validators of the
rule table's values and the small text helpers of the findings' wording.

Public within ``homelog.rules`` (the rule modules under ``checks/`` and the
table use these names); pure, standard library only.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from homelog.records import um_to_mm, um_to_mm_text

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any

LEVELS = ("note", "caution", "stop")
#: Most severe first: findings and summary keys sort by this rank.
LEVEL_RANK = {"stop": 0, "caution": 1, "note": 2}
#: The keys every rule's table section has besides its own.
COMMON_KEYS = ("enabled", "sources")
MAX_DAYS = 3650  # ten years: beyond this a date sum could overflow and it is surely a typo


class RulesError(ValueError):
    """A problem with a rules file or table; the message is shown to the user as is."""


def plus_days(d: date, days: int) -> date:
    """``d + days``, clamped to the calendar's ends instead of overflowing."""
    try:
        return d + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def after_days(d: date, days: int) -> date | None:
    """``d + days`` when the calendar has that day, else None ("after 9999-12-31"):
    for an end that is the first day something no longer applies, where clamping
    to ``date.max`` would end it a day early, on the calendar's last day."""
    try:
        return d + timedelta(days=days)
    except OverflowError:
        return None


def over(value: int, caution_above: int, stop_above: int) -> tuple[str, int] | None:
    """("stop"|"caution", the threshold passed) when ``value`` is above one, else None."""
    if value > stop_above:
        return "stop", stop_above
    if value > caution_above:
        return "caution", caution_above
    return None


# -- validating a table section's values ---------------------------------------------------


def need(t: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in t:
        raise RulesError(f"missing key '{key}' {where}")
    return t[key]


def table_value(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise RulesError(f"{where} must be a table, got {show(value)}")
    return value


def known(t: Mapping[str, Any], allowed: tuple[str, ...], where: str, what: str = "key") -> None:
    for key in t:
        if key not in allowed:
            import difflib  # only on the error path

            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise RulesError(f"unknown {what} '{key}' {where}{hint}; known: {', '.join(allowed)}")


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def mm(value: Any, where: str, allow_zero: bool = False) -> int:
    """A length in mm (at most 3 decimals) as whole µm."""
    if not _is_number(value):
        raise RulesError(f"{where} must be a length in mm (a number such as 0.5), got {show(value)}")
    um = _plain_um(value)
    if um is None:  # a float written with an exponent, inf or nan: exactly, as decimals
        from decimal import Decimal  # rare: not imported by every table load (0.7 ms)

        d = Decimal(str(value))
        if not d.is_finite() or d < 0 or (d == 0 and not allow_zero):
            raise RulesError(f"{where} must be a length in mm {'>= 0' if allow_zero else 'above 0'}, got {show(value)}")
        exact = d * 1000
        if exact != exact.to_integral_value():
            raise RulesError(f"{where} must have at most 3 decimals (micrometre precision), got {show(value)}")
        return int(exact)
    if um < 0 or (um == 0 and not allow_zero):
        raise RulesError(f"{where} must be a length in mm {'>= 0' if allow_zero else 'above 0'}, got {show(value)}")
    if um != int(um):
        raise RulesError(f"{where} must have at most 3 decimals (micrometre precision), got {show(value)}")
    return int(um)


def _plain_um(value: int | float) -> int | float | None:
    """``value`` mm in µm from its decimal digits (``str(value)``, as Decimal would
    read them): an int; a float 0.5 at once when it has at most 3 decimals, else a
    non-integral marker (0.5); None when written with an exponent, inf or nan."""
    text = str(value)
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, _, part = digits.partition(".")
    if not whole.isdigit() or not (part == "" or part.isdigit()):
        return None
    um = int(whole) * 1000 + int((part + "000")[:3] or "0")
    if part.rstrip("0")[3:]:
        um += 0.5  # more than 3 decimals
    return -um if sign and um else um


def days(value: Any, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_DAYS:
        raise RulesError(f"{where} must be a whole number of days from 0 to {MAX_DAYS}, got {show(value)}")
    return value


def count(value: Any, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise RulesError(f"{where} must be a whole number of uses (0 or more), got {show(value)}")
    return value


def level(value: Any, where: str) -> str:
    if not isinstance(value, str) or value not in LEVELS:
        raise RulesError(f"{where} must be one of {', '.join(LEVELS)}, got {show(value)}")
    return value


def boolean(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise RulesError(f"{where} must be true or false, got {show(value)}")
    return value


def bands(value: Any, where: str, allowed: tuple[str, ...]):
    """(its place "[rule] bands[i]", the table, its up_to_mm in µm) of each band of a
    non-empty list in strictly increasing ``up_to_mm``; ``where``: "[rule]"."""
    if not isinstance(value, list) or not value:
        raise RulesError(f"{where} bands must be a non-empty list of tables, got {show(value)}")
    previous = None
    for i, raw in enumerate(value, start=1):
        at = f"{where} bands[{i}]"
        t = table_value(raw, at)
        known(t, allowed, f"in {at}")
        up_to = mm(need(t, "up_to_mm", f"in {at}"), f"{at} up_to_mm")
        if previous is not None and up_to <= previous:
            raise RulesError(
                f"{at}: up_to_mm {mm_text(up_to)} is not above the previous band's "
                f"{mm_text(previous)}; bands must be in strictly increasing order"
            )
        previous = up_to
        yield at, t, up_to


def show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return repr(value)


# -- wording and presentation helpers ------------------------------------------------------

mm_text = um_to_mm_text  # 250 -> '0.25', 1000 -> '1.0': a length as a person writes it
mm_number = um_to_mm  # 250 -> 0.25 as a JSON number


def area_title(area: str) -> str:
    """'face' -> 'Face' (only the first letter changes: 'upper-arm' -> 'Upper-arm')."""
    return area[:1].upper() + area[1:]


def days_text(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def grid(rows: list[list[str]], right: range | tuple = ()) -> list[str]:
    """Rows as aligned, indented text columns (``right``: the right-aligned ones)."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for r in rows:
        cells = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths))]
        out.append("  " + "  ".join(cells).rstrip())
    return out

"""Rule ``device-age``: replace a device some time after its first use.

``level`` when the device's first use is more than ``caution_above_days``
before the session date.
"""

from __future__ import annotations

from collections.abc import Mapping

from homelog.record_type import Record
from homelog.records import Finding
from homelog.rules import common as c
from homelog.rules.unit import DAY, FIRST_USED, USES, Context, Facts

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any

ID = "device-age"
TITLE = "replace a device some time after its first use"

TEMPLATE = (
    'Device "{device}" was first used on {first_used}, {age} before this session (more than {limit} days): '
    "replace it soon, needles dull and get hard to keep clean"
)


class Params(Record):
    caution_above_days: int
    level: str


def params(table) -> Params:
    return table.params[ID]


def too_old(p_: Params, age_days: int) -> bool:
    """Whether a device first used ``age_days`` before the session is past its age."""
    return age_days > p_.caution_above_days


def keys(groups: tuple[str, ...]) -> tuple[str, ...]:
    """The section's own keys besides enabled and source."""
    return ("caution_above_days", "level")


def parse(body: Mapping[str, Any], groups: tuple[str, ...]) -> Params:
    days = c.days(c.need(body, "caution_above_days", f"in [{ID}]"), f"[{ID}] caution_above_days")
    level = c.level(c.need(body, "level", f"in [{ID}]"), f"[{ID}] level")
    return Params(days, level)


def check(ctx: Context, p_: Params) -> list[Finding]:
    device = ctx.device
    if device is None or device.first_used is None:
        return []
    age = (ctx.candidate.date - device.first_used).days
    if not too_old(p_, age):
        return []
    msg = TEMPLATE.format(
        device=device.name, first_used=device.first_used.isoformat(), age=c.days_text(age), limit=p_.caution_above_days
    )
    return [Finding(ID, p_.level, msg, None, ctx.table.source(ID))]


def counter(table, p_: Params, inputs):
    def level_of(f: Facts) -> str | None:
        if f[USES] is None or f[FIRST_USED] is None or not too_old(p_, f[DAY] - f[FIRST_USED]):
            return None
        return p_.level

    return level_of


def to_json(p_: Params, table) -> dict:
    return {"caution_above_days": p_.caution_above_days, "level": p_.level}


def describe(p_: Params, table) -> list[str]:
    return [f"  {p_.level} when the device was first used more than {p_.caution_above_days} days before the session"]

"""Rule ``shared-device``: never use a device that touched someone else's skin.

``level`` for a session with a device on or after the day it was first used on
another person (``homelog device shared ID --date D``); sessions before that day
are not concerned.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from homelog.record_type import Record
from homelog.records import Finding
from homelog.rules import common as c
from homelog.rules.unit import DAY, SHARED_FROM, Context, Facts, at

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any

ID = "shared-device"
TITLE = "never use a device that touched someone else's skin"

TEMPLATE = (
    'Device "{device}" was used on someone else from {since}: never use a device that touched another person\'s '
    "skin (blood-borne infections, HIV among them, have passed this way); replace it"
)


class Params(Record):
    level: str


def params(table) -> Params:
    return table.params[ID]


def shared_on(shared_from: date | None, on: date) -> bool:
    """Whether a device shared from ``shared_from`` may not be used on ``on``."""
    return shared_from is not None and on >= shared_from


def keys(groups: tuple[str, ...]) -> tuple[str, ...]:
    """The section's own keys besides enabled and source."""
    return ("level",)


def parse(body: Mapping[str, Any], groups: tuple[str, ...]) -> Params:
    return Params(c.level(c.need(body, "level", f"in [{ID}]"), f"[{ID}] level"))


def check(ctx: Context, p_: Params) -> list[Finding]:
    device = ctx.device
    if device is None or not shared_on(device.shared_from, ctx.candidate.date):
        return []
    msg = TEMPLATE.format(device=device.name, since=device.shared_from.isoformat())
    return [Finding(ID, p_.level, msg, None, ctx.table.source(ID))]


def counter(table, p_: Params, inputs):
    level = p_.level

    def level_of(f: Facts) -> str | None:
        shared = at(f, SHARED_FROM)
        return level if shared is not None and f[DAY] >= shared else None

    return level_of


def to_json(p_: Params, table) -> dict:
    return {"level": p_.level}


def describe(p_: Params, table) -> list[str]:
    return [f"  {p_.level} for a session with a device on or after the day it was used on someone else"]

"""Rule ``cartridge``: a pen's needle cartridge is sterile and for one session.

With a ``pen`` device: ``reused_level`` when the session says its cartridge was
used before, ``unknown_level`` when it does not say. Rollers and stamps have no
cartridge (their wear is ``device-wear``'s).
"""

from __future__ import annotations

from collections.abc import Mapping

from homelog.record_type import Record
from homelog.records import Finding
from homelog.rules import common as c
from homelog.rules.unit import CARTRIDGE, KIND, Context, Facts, at

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any

ID = "cartridge"
TITLE = "a new, sterile cartridge for every pen session"
PEN = "pen"

TEMPLATES = {
    "reused": (
        'Pen "{device}": this session reuses a cartridge. A cartridge is sterile and for one use only; '
        "disinfecting does not make it safe again: fit a new one"
    ),
    "unknown": 'Pen "{device}": say whether this session\'s cartridge is new (--cartridge new|reused); use a new, sterile cartridge every session',
}


class Params(Record):
    reused_level: str
    unknown_level: str


def params(table) -> Params:
    return table.params[ID]


def keys(groups: tuple[str, ...]) -> tuple[str, ...]:
    """The section's own keys besides enabled and source."""
    return ("reused_level", "unknown_level")


def parse(body: Mapping[str, Any], groups: tuple[str, ...]) -> Params:
    return Params(*(c.level(c.need(body, k, f"in [{ID}]"), f"[{ID}] {k}") for k in keys(groups)))


def verdict(p_: Params, kind: str | None, cartridge: str | None) -> tuple[str, str] | None:
    """(template, level) for a session with a device of ``kind``; None: nothing to say."""
    if kind != PEN or cartridge == "new":
        return None
    return ("reused", p_.reused_level) if cartridge == "reused" else ("unknown", p_.unknown_level)


def check(ctx: Context, p_: Params) -> list[Finding]:
    device = ctx.device
    found = verdict(p_, device.kind if device is not None else None, ctx.candidate.cartridge)
    if found is None:
        return []
    template, level = found
    return [Finding(ID, level, TEMPLATES[template].format(device=device.name), None, ctx.table.source(ID))]


def counter(table, p_: Params, inputs):
    def level_of(f: Facts) -> str | None:
        found = verdict(p_, at(f, KIND), at(f, CARTRIDGE))
        return None if found is None else found[1]

    return level_of


def to_json(p_: Params, table) -> dict:
    return {"reused_level": p_.reused_level, "unknown_level": p_.unknown_level}


def describe(p_: Params, table) -> list[str]:
    return [f"  a pen session: {p_.reused_level} when its cartridge is reused, {p_.unknown_level} when it does not say"]

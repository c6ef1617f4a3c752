"""Rule ``disinfection``: ``level`` when a session is not marked disinfected."""

from __future__ import annotations

from collections.abc import Mapping

from homelog.record_type import Record
from homelog.records import Finding
from homelog.rules import common as c
from homelog.rules.unit import DISINFECTED, Context, Facts

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any

ID = "disinfection"
TITLE = "disinfect the device before and after each session"

TEMPLATE = "This session is not marked as disinfected: disinfect before and after with 70% isopropyl alcohol"


class Params(Record):
    level: str


def params(table) -> Params:
    return table.params[ID]


def keys(groups: tuple[str, ...]) -> tuple[str, ...]:
    """The section's own keys besides enabled and source."""
    return ("level",)


def parse(body: Mapping[str, Any], groups: tuple[str, ...]) -> Params:
    return Params(c.level(c.need(body, "level", f"in [{ID}]"), f"[{ID}] level"))


def check(ctx: Context, p_: Params) -> list[Finding]:
    if ctx.candidate.disinfected:
        return []
    return [Finding(ID, p_.level, TEMPLATE, None, ctx.table.source(ID))]


def counter(table, p_: Params, inputs):
    level = p_.level

    def level_of(f: Facts) -> str | None:
        return None if f[DISINFECTED] else level

    return level_of


def to_json(p_: Params, table) -> dict:
    return {"level": p_.level}


def describe(p_: Params, table) -> list[str]:
    return [f"  {p_.level} when a session is not marked disinfected"]

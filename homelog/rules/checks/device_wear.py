"""Rule ``device-wear``: replace a roller or stamp after a number of uses.

n = the device's sessions already in the journal + this one;
caution when n > ``caution_above``, stop when n > ``stop_above``. A pen's
needles are its cartridge, new each session (rule ``cartridge``): not counted.
"""

from __future__ import annotations

from collections.abc import Mapping

from homelog.record_type import Record
from homelog.records import Finding
from homelog.rules import common as c
from homelog.rules.unit import KIND, USES, Context, Facts, at

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any

ID = "device-wear"
TITLE = "replace a roller or stamp after a number of uses"
#: The kinds whose own needles wear (a pen's cartridge is new each session).
WEARING = ("roller", "stamp")

TEMPLATES = {
    "caution": 'Device "{device}" would be on its {nth} use (more than {limit}): replace it soon, needles dull with use',
    "stop": 'Device "{device}" would be on its {nth} use (more than {limit}): replace the device, dull needles tear skin',
}


class Params(Record):
    caution_above: int  # caution when this session would be use number n > this
    stop_above: int


def params(table) -> Params:
    return table.params[ID]


def counts(kind: str | None) -> bool:
    """Whether a device of ``kind`` wears by use (None: a caller that does not say, counted)."""
    return kind is None or kind in WEARING


def next_use(p_: Params, uses: int) -> tuple[str, int] | None:
    """(level, the limit exceeded) when one more use after ``uses`` is too many."""
    return c.over(uses + 1, p_.caution_above, p_.stop_above)


def keys(groups: tuple[str, ...]) -> tuple[str, ...]:
    """The section's own keys besides enabled and source."""
    return ("caution_above", "stop_above")


def parse(body: Mapping[str, Any], groups: tuple[str, ...]) -> Params:
    caution = c.count(c.need(body, "caution_above", f"in [{ID}]"), f"[{ID}] caution_above")
    stop = c.count(c.need(body, "stop_above", f"in [{ID}]"), f"[{ID}] stop_above")
    if caution > stop:
        raise c.RulesError(
            f"[{ID}]: caution_above ({caution}) is above stop_above ({stop}); "
            "the caution count must not be above the stop count"
        )
    return Params(caution, stop)


def check(ctx: Context, p_: Params) -> list[Finding]:
    device = ctx.device
    if device is None or not counts(device.kind):
        return []
    worn = next_use(p_, device.uses)
    if worn is None:
        return []
    level, limit = worn
    msg = TEMPLATES[level].format(device=device.name, nth=c.ordinal(device.uses + 1), limit=limit)
    return [Finding(ID, level, msg, None, ctx.table.source(ID))]


def counter(table, p_: Params, inputs):
    seen: dict[int, str | None] = {}

    def level_of(f: Facts) -> str | None:
        uses = f[USES]
        if uses is None or not counts(at(f, KIND)):
            return None
        try:
            return seen[uses]
        except KeyError:
            found = next_use(p_, uses)
            level = seen[uses] = None if found is None else found[0]
            return level

    return level_of


def to_json(p_: Params, table) -> dict:
    return {"caution_above": p_.caution_above, "stop_above": p_.stop_above}


def describe(p_: Params, table) -> list[str]:
    return [
        f"  rollers and stamps: caution from use {p_.caution_above + 1} (more than {p_.caution_above} uses); "
        f"stop from use {p_.stop_above + 1} (more than {p_.stop_above})"
    ]

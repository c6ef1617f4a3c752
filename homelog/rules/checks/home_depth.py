"""Rule ``home-depth``: the needle length that home use allows, per area group.

caution when the needle is longer than the group's ``caution_above_mm``,
stop when longer than its ``stop_above_mm``.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from homelog.record_type import Record
from homelog.records import Finding
from homelog.rules import common as c
from homelog.rules.unit import AREA, NEEDLE_UM, Context, Facts

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any

ID = "home-depth"
TITLE = "needle length that home use allows"
_DEPTH_KEYS = ("caution_above_mm", "stop_above_mm")

TEMPLATES = {
    "caution": (
        "A {mm} mm needle on the {area} is deeper than advised for home use (above {limit} mm): "
        "deeper needling belongs with a professional"
    ),
    "stop": (
        "A {mm} mm needle on the {area} is too deep for home use (above {limit} mm): "
        "deeper needling belongs with a professional"
    ),
}


class DepthLimit(Record):
    caution_above_um: int
    stop_above_um: int


class Params(Record):
    limits: Mapping[str, DepthLimit]  # group -> limits


def params(table) -> Params:
    return table.params[ID]


def too_deep(p_: Params, group: str, needle_um: int) -> tuple[str, int] | None:
    """(level, the limit exceeded) when the needle is too deep for the group."""
    limit = p_.limits[group]
    return c.over(needle_um, limit.caution_above_um, limit.stop_above_um)


def keys(groups: tuple[str, ...]) -> tuple[str, ...]:
    """The section's own keys besides enabled and source."""
    return groups  # one table per group


def parse(body: Mapping[str, Any], groups: tuple[str, ...]) -> Params:
    depth = {}
    for g in groups:
        where = f"[{ID}.{g}]"
        t = c.table_value(c.need(body, g, f"in [{ID}] (one table per group)"), where)
        c.known(t, _DEPTH_KEYS, f"in {where}")
        caution = c.mm(c.need(t, "caution_above_mm", f"in {where}"), f"{where} caution_above_mm", allow_zero=True)
        stop = c.mm(c.need(t, "stop_above_mm", f"in {where}"), f"{where} stop_above_mm", allow_zero=True)
        if caution > stop:
            raise c.RulesError(
                f"{where}: caution_above_mm ({c.mm_text(caution)}) is above stop_above_mm "
                f"({c.mm_text(stop)}); the caution threshold must not be above the stop threshold"
            )
        depth[g] = DepthLimit(caution, stop)
    return Params(MappingProxyType(depth))


def check(ctx: Context, p_: Params) -> list[Finding]:
    cand = ctx.candidate
    deep = too_deep(p_, ctx.group, cand.needle_um)
    if deep is None:
        return []
    level, limit = deep
    msg = TEMPLATES[level].format(area=cand.area, mm=c.mm_text(cand.needle_um), limit=c.mm_text(limit))
    return [Finding(ID, level, msg, None, ctx.table.source(ID))]


def counter(table, p_: Params, inputs):
    seen: dict[tuple[str, int], str | None] = {}

    def level_of(f: Facts) -> str | None:
        key = (f[AREA], f[NEEDLE_UM])
        try:
            return seen[key]
        except KeyError:
            found = too_deep(p_, table.group_of(f[AREA]), f[NEEDLE_UM])
            level = seen[key] = None if found is None else found[0]
            return level

    return level_of


def to_json(p_: Params, table) -> dict:
    return {
        "limits": {
            g: {"caution_above_mm": c.mm_number(lim.caution_above_um), "stop_above_mm": c.mm_number(lim.stop_above_um)}
            for g, lim in p_.limits.items()
        }
    }


def describe(p_: Params, table) -> list[str]:
    rows = [["group", "caution above", "stop above"]]
    for g, lim in p_.limits.items():
        rows.append([g, f"{c.mm_text(lim.caution_above_um)} mm", f"{c.mm_text(lim.stop_above_um)} mm"])
    return c.grid(rows)

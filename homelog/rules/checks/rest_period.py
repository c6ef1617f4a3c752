"""Rule ``rest-period``: rest between sessions on the same area, by needle length.

A session P rests its area for rest(P) days, from P's own needle band.
A candidate on day D conflicts with
* every P with P.date <= D and D - P.date < rest(P): level from P's band,
  ``until`` = P.date + rest(P) (the first day the area is ready again);
* every P with P.date > D and P.date - D < rest(candidate): a backdated
  entry that makes a later session too soon. Level from the candidate's
  band; ``until`` = D + rest(candidate), the end of the rest this entry
  starts, which the later session falls inside. (Moving the candidate
  later cannot clear this conflict; the date says how long the area
  should have rested.)
Identical findings (two identical sessions in the journal) are reported once
(by the engine). When the rule is disabled nothing rests. From which day its
stops clear: ``clears`` (the engine's ``ready_on`` asks it).

The import's count (``rest_ranks``) works in one pass per area: with the area's
sessions sorted by day, ``until[level]`` is the latest ``P.day + rest(P)`` among
the sessions of the earlier days whose band has that level, so a day D is
rested at that level by an earlier day exactly when ``D < until[level]``.
Sessions on D itself rest it too (when their band rests at all), except the
session itself; and a session on D conflicts with the first later day that
comes within its own rest (the backdated case).
"""


from bisect import bisect_left
from collections.abc import Iterable, Mapping
from datetime import date
from types import MappingProxyType
from typing import Any, NamedTuple

from homelog.records import Finding
from homelog.rules import common as c
from homelog.rules.unit import AREA, DAY, NEEDLE_UM, Context, Facts

ID = "rest-period"
TITLE = "rest between sessions on the same area, by needle length"
MIN_LAST_BAND_UM = 3000  # the bands must reach at least 3.0 mm
_BAND_KEYS = ("up_to_mm", "days", "level")
_NONE = 9  # "no finding", after every level's rank
_LEVEL_OF_RANK = {rank: level for level, rank in c.LEVEL_RANK.items()}

TEMPLATES = {
    "resting": "{Area} is still resting after the {mm} mm session on {date}: next session from {until} ({days})",
    "later-too-soon": (
        "{Area}: the later session on {later} would come too soon after this {mm} mm session on {date}, "
        "which rests the area for {days} (until {until})"
    ),
}


class RestBand(NamedTuple):
    up_to_um: int
    days: Mapping[str, int]  # group -> rest days
    level: str


class Params(NamedTuple):
    bands: tuple[RestBand, ...]  # strictly increasing up_to_um, last >= 3.0 mm
    edges: tuple[int, ...]  # the bands' up_to_um, for bisect

    def band(self, group: str, needle_um: int) -> tuple[int, str]:
        """(days, level) of the smallest band whose "up to" is >= needle_um (else the last band)."""
        i = bisect_left(self.edges, needle_um)
        b = self.bands[min(i, len(self.bands) - 1)]
        return b.days[group], b.level


def params(table) -> Params:
    return table.params[ID]


def rest_for(table, area: str, needle_um: int) -> tuple[int, str]:
    """(days, level) that a session of ``needle_um`` on ``area`` rests it (enabled or not)."""
    return params(table).band(table.group_of(area), needle_um)


def max_rest_days(table, area: str) -> int:
    """The longest rest any band gives ``area``."""
    group = table.group_of(area)
    return max(b.days[group] for b in params(table).bands)


def rest_days(table, area: str, needle_um: int) -> int:
    """How long such a session rests its area: 0 while the rule is disabled."""
    return rest_for(table, area, needle_um)[0] if table.is_enabled(ID) else 0


# -- the table section ----------------------------------------------------------------------


def keys(groups: tuple[str, ...]) -> tuple[str, ...]:
    """The section's own keys besides enabled and source."""
    return ("bands",)


def parse(body: Mapping[str, Any], groups: tuple[str, ...]) -> Params:
    bands: list[RestBand] = []
    for where, t, up_to in c.bands(c.need(body, "bands", f"in [{ID}]"), f"[{ID}]", _BAND_KEYS):
        days_t = c.table_value(c.need(t, "days", f"in {where}"), f"{where} days")
        for g in days_t:
            if g not in groups:
                raise c.RulesError(f"{where} days: unknown group '{g}'; use one of {', '.join(groups)}")
        days = {}
        for g in groups:
            if g not in days_t:
                raise c.RulesError(f"{where} days: missing group '{g}' (every band needs days for {', '.join(groups)})")
            days[g] = c.days(days_t[g], f"{where} days.{g}")
        level = c.level(c.need(t, "level", f"in {where}"), f"{where} level")
        bands.append(RestBand(up_to, MappingProxyType(days), level))
    if bands[-1].up_to_um < MIN_LAST_BAND_UM:
        raise c.RulesError(
            f"[{ID}] bands: the last band goes up to {c.mm_text(bands[-1].up_to_um)} mm; "
            f"it must reach at least {c.mm_text(MIN_LAST_BAND_UM)} mm"
        )
    return Params(tuple(bands), tuple(b.up_to_um for b in bands))


# -- one candidate --------------------------------------------------------------------------


def _conflicts(ctx: Context, p_: Params, same_area):
    """(P, days, level) for every session P of the area that conflicts with the candidate:
    P on or before the day and still resting it (days and level from P's band), or
    P after the day inside the rest the candidate starts (days and level from its band)."""
    cand, group = ctx.candidate, ctx.group
    d = cand.date
    own_days, own_level = p_.band(group, cand.needle_um)
    for p in same_area:
        if p.date <= d:
            days, level = p_.band(group, p.needle_um)
            if (d - p.date).days < days:
                yield p, days, level
        elif (p.date - d).days < own_days:
            yield p, own_days, own_level


def check(ctx: Context, p_: Params) -> list[Finding]:
    cand = ctx.candidate
    area, d = cand.area, cand.date
    source = ctx.table.source(ID)
    out = []
    for p, days, level in _conflicts(ctx, p_, sorted(ctx.same_area, key=lambda s: (s.date, s.needle_um))):
        if p.date <= d:
            until = c.plus_days(p.date, days)
            msg = TEMPLATES["resting"].format(
                Area=c.area_title(area), mm=c.mm_text(p.needle_um), date=p.date.isoformat(),
                until=until.isoformat(), days=c.days_text(days),
            )
        else:
            until = c.plus_days(d, days)
            msg = TEMPLATES["later-too-soon"].format(
                Area=c.area_title(area), mm=c.mm_text(cand.needle_um), date=d.isoformat(),
                later=p.date.isoformat(), until=until.isoformat(), days=c.days_text(days),
            )
        out.append(Finding(ID, level, msg, until, source))
    return out


def clears(ctx: Context, p_: Params, stops) -> date | None:
    """The latest end of a stop conflict: an earlier session's ``P.date + rest(P)``,
    or for a later session inside the candidate's own rest its date (from there on it
    is an earlier session, asked again). Each conflict lasts every day up to its end."""
    d = ctx.candidate.date
    best = None
    for p, days, level in _conflicts(ctx, p_, ctx.same_area):
        if level == "stop":
            end = c.plus_days(p.date, days) if p.date <= d else p.date
            if best is None or end > best:
                best = end
    return best if best is not None else c.plus_days(d, 1)


def reach(table, area: str, needle_um: int | None) -> tuple[int, int]:
    """Back: the longest rest less a day; ahead: the candidate's own rest less a day."""
    back = max_rest_days(table, area) - 1
    if needle_um is None:
        return back, 0
    return back, max(rest_for(table, area, needle_um)[0] - 1, 0)


# -- many sessions ----------------------------------------------------------------------


def rest_ranks(table, area: str, days_and_needles: Iterable[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """(day, needle µm) -> the most severe rest-period rank (0 stop, 1 caution,
    2 note; 9 none) that a session with that day and needle gets from all the
    others in ``days_and_needles`` (every session of the area that counts,
    itself included: one copy of itself is left out)."""
    entries = sorted(days_and_needles)
    band: dict[int, tuple[int, int]] = {}
    for _, um in entries:
        if um not in band:
            days, level = rest_for(table, area, um)
            band[um] = (days, c.LEVEL_RANK[level])
    until = [-1, -1, -1]  # per rank, from the days before the one in hand
    out: dict[tuple[int, int], int] = {}
    n = len(entries)
    i = 0
    while i < n:
        day = entries[i][0]
        j = i + 1
        while j < n and entries[j][0] == day:
            j += 1
        later = entries[j][0] if j < n else None
        earlier = 0 if day < until[0] else 1 if day < until[1] else 2 if day < until[2] else _NONE
        if j == i + 1:  # the only session that day: the usual case
            um = entries[i][1]
            days, rank = band[um]
            out[(day, um)] = rank if later is not None and later - day < days and rank < earlier else earlier
            if day + days > until[rank]:
                until[rank] = day + days
            i = j
            continue
        # Ranks of this day's sessions that rest their own day (a rest of 0 days does
        # not): the most severe two, as a session is not resting after itself.
        resting = sorted(band[um][1] for _, um in entries[i:j] if band[um][0] > 0)[:2] + [_NONE, _NONE]
        for k in range(i, j):
            um = entries[k][1]
            if (day, um) in out:
                continue  # an identical session: the same answer
            days, rank = band[um]
            # the most severe of the others: leave one copy of this session out
            other = resting[1] if days > 0 and rank == resting[0] else resting[0]
            best = min(earlier, other)
            if later is not None and later - day < days and rank < best:
                best = rank
            out[(day, um)] = best
        for k in range(i, j):
            days, rank = band[entries[k][1]]
            if day + days > until[rank]:
                until[rank] = day + days
        i = j
    return out


def counter(table, p_: Params, inputs):
    ranks = {area: rest_ranks(table, area, entries) for area, entries in inputs.history.items()}

    def level_of(f: Facts) -> str | None:
        return _LEVEL_OF_RANK.get(ranks[f[AREA]].get((f[DAY], f[NEEDLE_UM]), _NONE))

    return level_of


# -- presentation ---------------------------------------------------------------------------


def to_json(p_: Params, table) -> dict:
    return {
        "bands": [
            {"up_to_mm": c.mm_number(b.up_to_um), "days": dict(b.days), "level": b.level} for b in p_.bands
        ]
    }


def describe(p_: Params, table) -> list[str]:
    rows = [["needle up to", *table.groups, "level"]]
    for b in p_.bands:
        rows.append([f"{c.mm_text(b.up_to_um)} mm", *(str(b.days[g]) for g in table.groups), b.level])
    return [
        *c.grid(rows, right=range(1, len(table.groups) + 1)),
        "  (days of rest after a session; longer needles use the last row)",
    ]

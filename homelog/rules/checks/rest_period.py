"""Rule ``rest-period``: rest between sessions on the same area, by needle length.

A session P rests its area for rest(P) days, from P's own needle band, at the
band's level; a band's ``caution_days`` (where the sources' figures run longer
than the one the stop rests on) extends that with a ``caution`` up to
caution(P) days: a day D with rest(P) <= D - P.date < caution(P) gets a caution
whose ``until`` is P.date + caution(P), the first free day. Below, "rest(P)"
is the stop part; the caution part works the same way with its own days. The
caution after a rest is a hold that leaves the area ready, as any caution does.
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

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping
from datetime import date
from types import MappingProxyType

from homelog.record_type import Record
from homelog.records import Finding
from homelog.rules import common as c
from homelog.rules.unit import AREA, DAY, NEEDLE_UM, Context, Facts

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any

ID = "rest-period"
TITLE = "rest between sessions on the same area, by needle length"
MIN_LAST_BAND_UM = 3000  # the bands must reach at least 3.0 mm
_BAND_KEYS = ("up_to_mm", "days", "level", "caution_days")
_CAUTION_RANK = c.LEVEL_RANK["caution"]
_NONE = 9  # "no finding", after every level's rank
_LEVEL_OF_RANK = {rank: level for level, rank in c.LEVEL_RANK.items()}

TEMPLATES = {
    "resting": "{Area} is still resting after the {mm} mm session on {date}: next session from {until} ({days})",
    "later-too-soon": (
        "{Area}: the later session on {later} would come too soon after this {mm} mm session on {date}, "
        "which rests the area for {days} (until {until})"
    ),
    # a band whose caution runs past its rest: the range, and where the session is in it
    "range": "; sources give {low} to {high} days for {mm} mm on the {group}; you are at day {at}",
    "extended": (
        "{Area}: sources give {low} to {high} days of rest for {mm} mm on the {group}; "
        "you are at day {at} after the session on {date} (no finding from {until})"
    ),
    "later-extended": (
        "{Area}: sources give {low} to {high} days of rest for {mm} mm on the {group}; "
        "the later session on {later} comes on day {at} after this one on {date} (no finding from {until})"
    ),
}


class RestBand(Record):
    up_to_um: int
    days: Mapping[str, int]  # group -> rest days (at the band's level)
    level: str
    caution_days: Mapping[str, int] | None = None  # group -> days of caution (>= days); None: days

    def caution_for(self, group: str) -> int:
        """The days to the first free day: the caution's, else the rest's."""
        return self.days[group] if self.caution_days is None else self.caution_days[group]

    def finding(self, group: str, gap: int) -> tuple[int, str] | None:
        """(the end of the zone in days, its level) for a session ``gap`` days after
        one of this band; None when it is free."""
        if gap < self.days[group]:
            return self.days[group], self.level
        caution = self.caution_for(group)
        if gap < caution:
            return caution, "caution"
        return None


class Params(Record):
    bands: tuple[RestBand, ...]  # strictly increasing up_to_um, last >= 3.0 mm
    edges: tuple[int, ...]  # the bands' up_to_um, for bisect

    def band(self, group: str, needle_um: int) -> tuple[int, str]:
        """(days, level) of the smallest band whose "up to" is >= needle_um (else the last band)."""
        b = self.band_of(needle_um)
        return b.days[group], b.level

    def band_of(self, needle_um: int) -> RestBand:
        """The smallest band whose "up to" is >= needle_um (else the last band)."""
        return self.bands[min(bisect_left(self.edges, needle_um), len(self.bands) - 1)]


def params(table) -> Params:
    return table.params[ID]


def rest_for(table, area: str, needle_um: int) -> tuple[int, str]:
    """(days, level) that a session of ``needle_um`` on ``area`` rests it (enabled or not)."""
    return params(table).band(table.group_of(area), needle_um)


def max_rest_days(table, area: str) -> int:
    """The longest rest any band gives ``area``."""
    group = table.group_of(area)
    return max(b.days[group] for b in params(table).bands)


def _max_free_days(p_: Params, group: str) -> int:
    """The longest any band keeps ``group`` from its first free day (its caution included)."""
    return max(b.caution_for(group) for b in p_.bands)


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
        caution = None
        if "caution_days" in t:
            caution_t = c.table_value(t["caution_days"], f"{where} caution_days")
            for g in caution_t:
                if g not in groups:
                    raise c.RulesError(f"{where} caution_days: unknown group '{g}'; use one of {', '.join(groups)}")
            caution = {}
            for g in groups:
                caution[g] = c.days(caution_t.get(g, days[g]), f"{where} caution_days.{g}")
                if caution[g] < days[g]:
                    raise c.RulesError(
                        f"{where} caution_days.{g} ({caution[g]}) is below days.{g} ({days[g]}); "
                        "a caution extends the rest, it cannot end before it"
                    )
            if level == "note" and any(caution[g] > days[g] for g in groups):
                raise c.RulesError(f'{where}: caution_days extends a rest of level "stop" or "caution", not "note"')
            caution = MappingProxyType(caution)
        bands.append(RestBand(up_to, MappingProxyType(days), level, caution))
    if bands[-1].up_to_um < MIN_LAST_BAND_UM:
        raise c.RulesError(
            f"[{ID}] bands: the last band goes up to {c.mm_text(bands[-1].up_to_um)} mm; "
            f"it must reach at least {c.mm_text(MIN_LAST_BAND_UM)} mm"
        )
    return Params(tuple(bands), tuple(b.up_to_um for b in bands))


# -- one candidate --------------------------------------------------------------------------


def _conflicts(ctx: Context, p_: Params, same_area):
    """(P, days, level, band) for every session P of the area that conflicts with the
    candidate: P on or before the day and still resting it (days and level from P's
    band: its rest, or its caution after it), or P after the day inside the rest the
    candidate starts (from the candidate's band). ``days``: the end of that zone."""
    cand, group = ctx.candidate, ctx.group
    d = cand.date
    own = p_.band_of(cand.needle_um)
    for p in same_area:
        if p.date <= d:
            band = p_.band_of(p.needle_um)
            hit = band.finding(group, (d - p.date).days)
        else:
            band = own
            hit = own.finding(group, (p.date - d).days)
        if hit is not None:
            yield p, hit[0], hit[1], band


def check(ctx: Context, p_: Params) -> list[Finding]:
    cand = ctx.candidate
    area, d = cand.area, cand.date
    source = ctx.table.source(ID)
    out = []
    group = ctx.group
    for p, days, level, band in _conflicts(ctx, p_, sorted(ctx.same_area, key=lambda s: (s.date, s.needle_um))):
        low, high = band.days[group], band.caution_for(group)
        earlier = p.date <= d
        first, at = (p, (d - p.date).days) if earlier else (cand, (p.date - d).days)
        until = c.plus_days(first.date, days)
        words = dict(
            Area=c.area_title(area), mm=c.mm_text(first.needle_um), date=first.date.isoformat(),
            later=p.date.isoformat(), until=until.isoformat(), days=c.days_text(days),
            low=low, high=high, group=group, at=at,
        )
        if days > low:  # inside the caution that extends the rest
            msg = TEMPLATES["extended" if earlier else "later-extended"].format(**words)
        else:
            msg = TEMPLATES["resting" if earlier else "later-too-soon"].format(**words)
            if high > low:
                msg += TEMPLATES["range"].format(**words)
        out.append(Finding(ID, level, msg, until, source))
    return out


def clears(ctx: Context, p_: Params, stops) -> date | None:
    """The latest end of a stop conflict: an earlier session's ``P.date + rest(P)``,
    or for a later session inside the candidate's own rest its date (from there on it
    is an earlier session, asked again). Each conflict lasts every day up to its end."""
    d = ctx.candidate.date
    best = None
    for p, days, level, _ in _conflicts(ctx, p_, ctx.same_area):
        if level == "stop":
            end = c.plus_days(p.date, days) if p.date <= d else p.date
            if best is None or end > best:
                best = end
    return best if best is not None else c.plus_days(d, 1)


def reach(table, area: str, needle_um: int | None) -> tuple[int, int]:
    """Back: the longest rest (its caution included) less a day; ahead: the candidate's own less a day."""
    p_, group = params(table), table.group_of(area)
    back = _max_free_days(p_, group) - 1
    if needle_um is None:
        return back, 0
    return back, max(p_.band_of(needle_um).caution_for(group) - 1, 0)


# -- many sessions ----------------------------------------------------------------------


def rest_ranks(table, area: str, days_and_needles: Iterable[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """(day, needle µm) -> the most severe rest-period rank (0 stop, 1 caution,
    2 note; 9 none) that a session with that day and needle gets from all the
    others in ``days_and_needles`` (every session of the area that counts,
    itself included: one copy of itself is left out)."""
    entries = sorted(days_and_needles)
    p_, group = params(table), table.group_of(area)
    band: dict[int, tuple[int, int, int]] = {}  # µm -> (rest days, its rank, days to the first free day)
    for _, um in entries:
        if um not in band:
            b = p_.band_of(um)
            band[um] = (b.days[group], c.LEVEL_RANK[b.level], b.caution_for(group))

    def gap_rank(um: int, gap: int) -> int:
        """The rank a session ``gap`` days after one of needle ``um`` gets from it."""
        days, rank, free = band[um]
        return rank if gap < days else _CAUTION_RANK if gap < free else _NONE

    def rests(um: int, day: int) -> None:
        days, rank, free = band[um]
        if day + days > until[rank]:
            until[rank] = day + days
        if free > days and day + free > until[_CAUTION_RANK]:
            until[_CAUTION_RANK] = day + free

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
            out[(day, um)] = earlier if later is None else min(earlier, gap_rank(um, later - day))
            rests(um, day)
            i = j
            continue
        # Ranks of this day's sessions that rest their own day (a rest of 0 days does
        # not): the most severe two, as a session is not resting after itself.
        resting = sorted(r for _, um in entries[i:j] if (r := gap_rank(um, 0)) != _NONE)[:2] + [_NONE, _NONE]
        for k in range(i, j):
            um = entries[k][1]
            if (day, um) in out:
                continue  # an identical session: the same answer
            own = gap_rank(um, 0)
            # the most severe of the others: leave one copy of this session out
            other = resting[1] if own != _NONE and own == resting[0] else resting[0]
            best = min(earlier, other)
            if later is not None:
                best = min(best, gap_rank(um, later - day))
            out[(day, um)] = best
        for k in range(i, j):
            rests(entries[k][1], day)
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
            {
                "up_to_mm": c.mm_number(b.up_to_um), "days": dict(b.days), "level": b.level,
                "caution_days": {g: b.caution_for(g) for g in b.days},
            }
            for b in p_.bands
        ]
    }


def describe(p_: Params, table) -> list[str]:
    rows = [["needle up to", *table.groups, "level"]]
    for b in p_.bands:
        cells = [str(b.days[g]) if b.caution_for(g) == b.days[g] else f"{b.days[g]}-{b.caution_for(g)}" for g in table.groups]
        rows.append([f"{c.mm_text(b.up_to_um)} mm", *cells, b.level])
    return [
        *c.grid(rows, right=range(1, len(table.groups) + 1)),
        "  (days of rest after a session at the level, then caution to the second number where",
        "  there is one; longer needles use the last row)",
    ]

"""Many sessions at once: how many of them get a finding of each rule and level.

``summarise`` counts what ``evaluate`` would report for each session checked
against all the others, without wording a message for each: an import checks
up to hundreds of thousands of sessions, and ``evaluate``, built to explain one
session to a person, costs microseconds per session and per conflict. The
property tests (``tests/rules/test_summary.py``) hold the two to the same answers.

Each session counts once per rule, at the most severe level the rule finds for
it. Pure: plain numbers in, counts out; dates are ``date.toordinal()`` numbers.

Rest periods in one pass per area: with the area's sessions sorted by day,
``until[level]`` is the latest ``P.day + rest(P)`` among the sessions of the
earlier days whose band has that level, so a day D is rested at that level by
an earlier day exactly when ``D < until[level]`` (the engine's
``D - P.date < rest(P)``). Sessions on D itself rest it too (when their band
rests at all), except the session itself; and a session on D conflicts with the
first later day that comes within its own rest (the engine's backdated case).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from homelog.rules.engine import _LEVEL_RANK, _RULE_RANK, _depth, _too_old, _wear
from homelog.rules.table import RuleTable

_NONE = 9  # "no finding", after every level's rank
#: The rules in the order of ``summarise``'s per-session key (tests check it names every rule).
KEY_RULES = ("rest-period", "home-depth", "device-wear", "device-age", "disinfection")
_LEVEL_OF_RANK = {rank: level for level, rank in _LEVEL_RANK.items()}

#: One session to count: (day number, area, needle µm, disinfected or None,
#: uses its device had before it or None for no device, day number of the
#: device's first use or None).
Facts = tuple[int, str, int, "bool | None", "int | None", "int | None"]


@dataclass(frozen=True)
class LevelSummary:
    """``counts[(rule, level)]``: how many sessions; ``examples[(rule, level)]``:
    the indices (into the sessions given) of the first few, in order."""

    counts: Mapping[tuple[str, str], int]
    examples: Mapping[tuple[str, str], tuple[int, ...]]

    def keys(self) -> list[tuple[str, str]]:
        """Most severe first, then in rule order."""
        return sorted(self.counts, key=lambda k: (_LEVEL_RANK[k[1]], _RULE_RANK[k[0]]))


def rest_ranks(table: RuleTable, area: str, days_and_needles: Iterable[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """(day, needle µm) -> the most severe rest-period rank (0 stop, 1 caution,
    2 note; 9 none) that a session with that day and needle gets from all the
    others in ``days_and_needles`` (every session of the area that counts,
    itself included: one copy of itself is left out)."""
    entries = sorted(days_and_needles)
    band: dict[int, tuple[int, int]] = {}
    for _, um in entries:
        if um not in band:
            days, level = table.rest_for(area, um)
            band[um] = (days, _LEVEL_RANK[level])
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
        # Ranks of this day's sessions that rest their own day (a rest of 0 days does not).
        resting = sorted(band[um][1] for _, um in entries[i:j] if band[um][0] > 0)
        for k in range(i, j):
            um = entries[k][1]
            if (day, um) in out:
                continue  # an identical session: the same answer
            days, rank = band[um]
            best = earlier
            others = resting
            if days > 0:  # leave one copy of this session out
                others = list(resting)
                others.remove(rank)
            if others and others[0] < best:
                best = others[0]
            if later is not None and later - day < days and rank < best:
                best = rank
            out[(day, um)] = best
        for k in range(i, j):
            days, rank = band[entries[k][1]]
            if day + days > until[rank]:
                until[rank] = day + days
        i = j
    return out


def summarise(
    table: RuleTable,
    sessions: Sequence[Facts],
    history: Mapping[str, Iterable[tuple[int, int]]],
    *,
    examples: int = 3,
) -> LevelSummary:
    """Count each rule's most severe level over ``sessions``.

    ``history[area]``: (day number, needle µm) of every session of the area
    that counts (the journal's and ``sessions`` themselves), at least over
    ``history_window`` of each session. A session's device uses and first use
    are as ``evaluate``'s ``DeviceUse`` would give them.
    """
    enabled = table.is_enabled
    rest_on, depth_on = enabled("rest-period"), enabled("home-depth")
    wear_on, age_on = enabled("device-wear"), enabled("device-age")
    disinfection = table.disinfection_level if enabled("disinfection") else None
    age_level = table.age_level
    ranks: dict[str, dict[tuple[int, int], int]] = {}
    if rest_on:
        ranks = {area: rest_ranks(table, area, entries) for area, entries in history.items()}
    depth: dict[tuple[str, int], str | None] = {}
    wear: dict[int, str | None] = {}
    # levels in KEY_RULES order -> [count, first indices]
    combos: dict[tuple, list] = {}
    for index, (day, area, um, disinfected, uses, first_used) in enumerate(sessions):
        rest = None
        if rest_on:
            rest = _LEVEL_OF_RANK.get(ranks[area].get((day, um), _NONE))
        deep = None
        if depth_on:
            try:
                deep = depth[(area, um)]
            except KeyError:
                found = _depth(um, table.group_of(area), table)
                deep = depth[(area, um)] = None if found is None else found[0]
        worn = old = None
        if uses is not None:
            if wear_on:
                try:
                    worn = wear[uses]
                except KeyError:
                    found = _wear(uses, table)
                    worn = wear[uses] = None if found is None else found[0]
            if age_on and first_used is not None and _too_old(day - first_used, table):
                old = age_level
        key = (rest, deep, worn, old, None if disinfected else disinfection)
        combo = combos.get(key)
        if combo is None:
            combos[key] = [1, [index]]
        else:
            combo[0] += 1
            if len(combo[1]) < examples:
                combo[1].append(index)
    counts: dict[tuple[str, str], int] = {}
    firsts: dict[tuple[str, str], list[int]] = {}
    for key, (count, indices) in combos.items():
        for rule, level in zip(KEY_RULES, key):
            if level is not None:
                counts[(rule, level)] = counts.get((rule, level), 0) + count
                firsts.setdefault((rule, level), []).extend(indices)
    return LevelSummary(counts, {k: tuple(sorted(v)[:examples]) for k, v in firsts.items()})

"""Many sessions at once: how many of them get a finding of each rule and level.

``summarise`` counts what ``evaluate`` would report for each session checked
against all the others, without wording a message for each: an import checks
up to hundreds of thousands of sessions, and ``evaluate``, built to explain one
session to a person, costs microseconds per session and per conflict. The
property tests (``tests/rules/test_summary.py``) hold the two to the same answers.

Each session counts once per rule, at the most severe level the rule finds for
it: each enabled rule of the registry gives a ``counter`` (its module's), which
is asked for every session, one rule at a time. Pure: plain numbers in, counts
out; dates are ``date.toordinal()`` numbers.
"""


from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import cache

from homelog.record_type import Record
from homelog.records import Application, Condition, Reaction
from homelog.rules.common import LEVEL_RANK
from homelog.rules.registry import RULE_RANK, RULES
from homelog.rules.table import RuleTable
from homelog.rules.unit import Facts, Inputs, Observed


class LevelSummary(Record):
    """``counts[(rule, level)]``: how many sessions; ``examples[(rule, level)]``:
    the indices (into the sessions given) of the first few, in order."""

    counts: Mapping[tuple[str, str], int]
    examples: Mapping[tuple[str, str], tuple[int, ...]]

    def keys(self) -> list[tuple[str, str]]:
        """Most severe first, then in rule order."""
        return sorted(self.counts, key=lambda k: (LEVEL_RANK[k[1]], RULE_RANK[k[0]]))


def summarise(
    table: RuleTable,
    sessions: Sequence[Facts],
    history: Mapping[str, Iterable[tuple[int, int]]],
    *,
    observed: Mapping[str | None, Sequence[Observed]] | None = None,
    conditions: Sequence[Condition] = (),
    applications: Mapping[str, Sequence[Application]] | None = None,
    examples: int = 3,
) -> LevelSummary:
    """Count each rule's most severe level over ``sessions`` (each a ``Facts``, or
    a plain tuple in its order).

    ``history[area]``: (day number, needle µm) of every session of the area
    that counts (the journal's and ``sessions`` themselves), at least over
    ``history_window`` of each session. A session's device uses and first use
    are as ``evaluate``'s ``DeviceUse`` would give them.

    ``observed[area]`` (recovery): every session of each counted area that counts,
    as ``Observed`` (the counted sessions with id None: they have no observations
    and come after the journal's of their day); ``observed[None]``: every other
    session with an infection observation (``observed_from`` builds it); none
    given: nothing observed. ``conditions``
    (contraindication): the live conditions, as ``evaluate`` takes them.
    ``applications[area]`` (products): the live applications of products on each
    counted area.
    """
    inputs = Inputs(history, observed or {}, conditions, applications or {})
    counts: dict[tuple[str, str], int] = {}
    firsts: dict[tuple[str, str], tuple[int, ...]] = {}
    for rule in RULES:
        if not table.is_enabled(rule.id):
            continue
        levels = list(map(rule.counter(table, table.params[rule.id], inputs), sessions))
        for level, count in Counter(levels).items():
            if level is not None:
                counts[(rule.id, level)] = count
                firsts[(rule.id, level)] = _first(levels, level, min(examples, count))
    return LevelSummary(counts, firsts)


def _first(items: list, value: object, n: int) -> tuple[int, ...]:
    """The indices of the first ``n`` occurrences of ``value`` in ``items`` (it holds that many)."""
    found: list[int] = []
    for _ in range(n):
        found.append(items.index(value, found[-1] + 1 if found else 0))
    return tuple(found)


def observed_from(
    sessions: Mapping[str, Iterable[tuple[int, int, int]]], reactions: Iterable[Reaction], *, new_from: int
) -> dict[str | None, list[Observed]]:
    """``summarise``'s ``observed`` from ``sessions[area]``: (day number, id, needle µm)
    of every session that counts (ids from ``new_from`` on: the counted ones, which
    have no observations), and the observations of those and of every session with
    an infection observation (those outside ``sessions`` go under the key None:
    only their observations count)."""
    by_session: dict[int, list] = {}
    for r in reactions:
        by_session.setdefault(r.session_id, []).append((r.date.toordinal(), r.id, r.healed, r.infection))
    out: dict[str | None, list[Observed]] = {}
    listed = set()
    counted_on = cache(lambda day: Observed(day, None))  # alike but for the day: one each
    for area, entries in sessions.items():
        rows = out.setdefault(area, [])
        for day, sid, _ in entries:
            if sid >= new_from:
                rows.append(counted_on(day))
            else:
                listed.add(sid)
                rows.append(Observed(day, sid, tuple(by_session.get(sid, ()))))
    for sid, observations in by_session.items():
        if sid not in listed and any(o[3] for o in observations):
            out.setdefault(None, []).append(Observed(0, sid, tuple(observations)))
    return out

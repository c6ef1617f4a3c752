"""Rule ``recovery``: no session on skin that has not healed from the last one.

What counts of a session's observations on day D is its latest one on or before
D (by date, then id). For a candidate on area A and day D:

* ``level`` when the latest session of A on or before D (by date, then id) has
  such an observation and it is not healed (redness >= 1 or any symptom);
  ``until`` is null: the healing has to be logged first. When that observation
  is dated ``see_professional_after_days`` or more after the session, the
  message says the skin is still not healed and advises a professional. A
  session with no observation gives no finding (nor does an older session).
* ``infection_level`` on every area, once per session whose latest observation
  on or before D shows an infection (any area: the device can carry it); the
  message advises a professional. Such a session gets no other finding here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import cache

from homelog.record_type import Record
from homelog.records import Finding, Reaction
from homelog.rules import common as c
from homelog.rules.unit import AREA, DAY, Context, Facts, Observed

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any

ID = "recovery"
TITLE = "let the skin heal from the last session first"

TEMPLATES = {
    "not-healed": (
        "{Area}: the skin after the session on {date} (session {id}) was not healed when last seen on {seen} "
        "({signs}): log it healed first"
    ),
    "still-not-healed": (
        "{Area}: the skin after the session on {date} (session {id}) was still not healed {days} after it "
        "(seen on {seen}: {signs}): see a professional, and log it healed first"
    ),
    "infection": (
        "An infection was logged on {seen} after session {id}: no needling on any area until it is logged "
        "healed, and see a professional"
    ),
}


class Params(Record):
    level: str
    infection_level: str
    see_professional_after_days: int


def params(table) -> Params:
    return table.params[ID]


def latest_seen(reactions: Iterable[Reaction], on: date) -> dict[int, Reaction]:
    """session id -> its latest observation on or before ``on`` (by date, then id)."""
    out: dict[int, Reaction] = {}
    for r in reactions:
        if r.date <= on:
            best = out.get(r.session_id)
            if best is None or (r.date, r.id) > (best.date, best.id):
                out[r.session_id] = r
    return out


def signs(r: Reaction) -> str:
    named = [name for name, on in (("swelling", r.swelling), ("bleeding", r.bleeding), ("infection", r.infection)) if on]
    return ", ".join([f"redness {r.redness}", *named])


def keys(groups: tuple[str, ...]) -> tuple[str, ...]:
    """The section's own keys besides enabled and source."""
    return ("level", "infection_level", "see_professional_after_days")


def parse(body: Mapping[str, Any], groups: tuple[str, ...]) -> Params:
    return Params(
        c.level(c.need(body, "level", f"in [{ID}]"), f"[{ID}] level"),
        c.level(c.need(body, "infection_level", f"in [{ID}]"), f"[{ID}] infection_level"),
        c.days(c.need(body, "see_professional_after_days", f"in [{ID}]"), f"[{ID}] see_professional_after_days"),
    )


def check(ctx: Context, p_: Params) -> list[Finding]:
    cand = ctx.candidate
    seen = latest_seen(ctx.reactions, cand.date)
    if not seen:
        return []
    source = ctx.table.source(ID)
    out = [
        Finding(ID, p_.infection_level, TEMPLATES["infection"].format(seen=r.date.isoformat(), id=sid), None, source)
        for sid, r in sorted(seen.items(), key=lambda kv: (kv[1].date, kv[0]))
        if r.infection
    ]
    earlier = [s for s in ctx.same_area if s.date <= cand.date]
    if earlier:
        last = max(earlier, key=lambda s: (s.date, s.id))
        r = seen.get(last.id)
        if r is not None and not r.healed and not r.infection:
            after = (r.date - last.date).days
            late = after >= p_.see_professional_after_days
            msg = TEMPLATES["still-not-healed" if late else "not-healed"].format(
                Area=c.area_title(cand.area), date=last.date.isoformat(), id=last.id, seen=r.date.isoformat(),
                signs=signs(r), days=c.days_text(after),
            )
            out.append(Finding(ID, p_.level, msg, None, source))
    return out


def clears(ctx: Context, p_: Params, stops) -> date | None:
    """What recovery finds changes only on the day of a later observation (it may be
    healed) or a later session of the area (it becomes the latest): the first such
    day; None when there is none (it stays until the healing is logged)."""
    d = ctx.candidate.date
    later = [r.date for r in ctx.reactions if r.date > d] + [s.date for s in ctx.same_area if s.date > d]
    return min(later, default=None)


# -- many sessions ----------------------------------------------------------------------


def _state(observations: Sequence[tuple[int, int, bool, bool]], day: int) -> tuple[bool, bool] | None:
    """(healed, infection) of the latest observation on or before ``day``; None: none yet."""
    best = None
    for obs in observations:
        if obs[0] <= day and (best is None or obs[:2] > best[:2]):
            best = obs
    return None if best is None else (best[2], best[3])


def counted_days(sessions: Sequence[Observed]) -> dict[int, bool]:
    """Each day of the counted sessions (id None) of one area -> whether their latest
    other session is one of the journal's last seen not healed (nor infected) that day.

    One walk over the counted days in order, with the journal's sessions (by date,
    then id) up to each: a counted session comes after the journal's of its day,
    so the latest other one is the previous counted day's when that is as late as
    the journal's latest; with two counted that day, each has the other (no
    observations yet)."""
    journal = sorted((s for s in sessions if s.id is not None), key=lambda s: (s.day, s.id))
    counted = Counter(s.day for s in sessions if s.id is None)
    out: dict[int, bool] = {}
    j, latest, previous = 0, None, None  # the journal's latest session so far; the previous counted day
    for day in sorted(counted):
        while j < len(journal) and journal[j].day <= day:
            latest, j = journal[j], j + 1
        state = None
        if counted[day] == 1 and latest is not None and (previous is None or previous < latest.day):
            state = _state(latest.observations, day)
        out[day] = state is not None and not state[0] and not state[1]
        previous = day
    return out


def counter(table, p_: Params, inputs):
    # (most sessions have no observations: ``s.observations and`` skips them cheaply)
    infected = [s.observations for ss in inputs.observed.values() for s in ss if s.observations and any(o[3] for o in s.observations)]

    @cache
    def infection_on(day: int) -> bool:
        return any((_state(obs, day) or (True, False))[1] for obs in infected)

    both = min(p_.level, p_.infection_level, key=c.LEVEL_RANK.__getitem__)

    def level_at(unhealed: bool, day: int) -> str | None:
        if infection_on(day):
            return both if unhealed else p_.infection_level
        return p_.level if unhealed else None

    # area -> day -> the level of a counted session of that area and day
    levels = {
        area: {day: level_at(unhealed, day) for day, unhealed in counted_days(sessions).items()}
        for area, sessions in inputs.observed.items()
    }

    def level_of(f: Facts) -> str | None:
        on_area, day = levels.get(f[AREA], {}), f[DAY]
        return on_area[day] if day in on_area else level_at(False, day)  # not listed: none before it

    return level_of


def to_json(p_: Params, table) -> dict:
    return {
        "level": p_.level,
        "infection_level": p_.infection_level,
        "see_professional_after_days": p_.see_professional_after_days,
    }


def describe(p_: Params, table) -> list[str]:
    return [
        f"  {p_.level} while the area's latest session was last seen not healed (log it healed first)",
        f"  {p_.level} and see a professional when still not healed {p_.see_professional_after_days} days after",
        f"  {p_.infection_level} on every area while a session's latest observation shows an infection",
    ]

"""Until when a ``status`` answer holds: the one function that says it.

``homelog status --short`` / ``--json`` are answered from a cache
(``homelog.status_cache``) while the journal, the rules and homelog are
unchanged and today is before the first day the answer may change. That day
comes from the answer itself, the rules' one answer ``ready_on`` first: the
earliest day after the as-of date on which an area is ready again, its rest
ends, its aftercare ends or one of its holds ends; and the earliest date after
it of anything already written (a session, a reaction, a condition's start or
end dated ahead), since that starts to count on its day. (``ready_on`` is the
first day on which nothing stops a session: every day before it, from the
as-of date, gives the same ``ready_on``; only what ends on the way changes the
details, and those ends are in the list too.)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from homelog.records import AreaStatus


def changes_on(statuses: Iterable[AreaStatus], as_of: date, next_dated: date | None = None) -> date | None:
    """The first day after ``as_of`` on which these areas' statuses may differ
    (None: never, by the passing of days alone)."""
    days = [
        day
        for st in statuses
        for day in (st.ready_on, st.resting_until, st.aftercare_until, *(f.until for f in st.holds))
        if day is not None and day > as_of
    ]
    if next_dated is not None and next_dated > as_of:
        days.append(next_dated)
    return min(days, default=None)


def valid_until(journal, statuses: Iterable[AreaStatus], as_of: date) -> date | None:
    """``changes_on`` for the statuses ``journal`` (a ``JournalFile``) gave on ``as_of``."""
    from homelog.store import queries

    with journal.db.raw() as con:
        ahead = queries.first_date_after(con, as_of)
    return changes_on(statuses, as_of, ahead)

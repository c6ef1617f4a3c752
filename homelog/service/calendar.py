"""The days to come as calendar events (``homelog export --format ics``): for
every area not ready, the day it is ready again; the end of each aftercare
window; the end of each hold that has one (a condition's, a reaction's). An
area held with no date known has no day to show. From ``status`` on the as-of
date, the rules' one answer, so the calendar says what ``status`` says."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING

from homelog import messages as msg
from homelog.records import AreaStatus
from homelog.transfer.ics_format import CalendarEvent

if TYPE_CHECKING:
    from homelog.service.journal_file import JournalFile

REST_RULE = "rest-period"  # its end is the area's ready day, not a hold of its own


def ready_day(st: AreaStatus) -> date | None:
    """``ready_on`` (the first day a session on the area gets no stop) when the area
    is not ready on the as-of date and a day is known."""
    return None if st.ready else st.ready_on


def events(statuses: list[AreaStatus], journal_id: str) -> list[CalendarEvent]:
    out: list[CalendarEvent] = []
    for st in statuses:
        title = st.area.capitalize()
        why = "\n".join(f.message for f in st.holds if f.level == "stop")
        day = ready_day(st)
        if day is not None:
            out.append(CalendarEvent(f"{journal_id}-ready-{st.area}@homelog", day, msg.ICS_READY.format(Area=title), why))
        if st.aftercare_until is not None:
            out.append(
                CalendarEvent(
                    f"{journal_id}-aftercare-{st.area}@homelog", st.aftercare_until,
                    msg.ICS_AFTERCARE_ENDS.format(Area=title), msg.ICS_AFTERCARE_WHY,
                )
            )
        seen: dict[str, int] = {}
        for f in st.holds:
            if f.until is None or f.rule == REST_RULE:
                continue
            n = seen[f.rule] = seen.get(f.rule, 0) + 1
            out.append(
                CalendarEvent(
                    f"{journal_id}-hold-{st.area}-{f.rule}-{n}@homelog", f.until,
                    msg.ICS_HOLD_ENDS.format(Area=title, rule=f.rule), f.message,
                )
            )
    return out


def export_calendar(journal: "JournalFile", target: str | os.PathLike | IO | None = None, *, area: str | None = None) -> int:
    """Write the calendar of ``journal`` as of today to ``target`` (as ``export_sessions``
    does: a path atomically and 0600, standard output, or a stream); return the events written."""
    from homelog.service.export import _not_the_journal
    from homelog.store import versions
    from homelog.transfer import atomic
    from homelog.transfer.ics_format import write_ics

    _not_the_journal(target, Path(journal.db.path))
    statuses = [st for st in journal.status() if area is None or st.area == area]
    with journal.db.raw() as con:
        journal_id = versions.journal_id(con)
    with atomic.open_output(target, newline="") as out:
        return write_ics(out, events(statuses, journal_id), name=msg.ICS_CALENDAR_NAME)

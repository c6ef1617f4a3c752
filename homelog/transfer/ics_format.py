"""The calendar export (``homelog export --format ics``): RFC 5545, written with
``icalendar`` (imported only here). Every event is all-day; its UID is stable
(the journal's id, what the event is about and the area), so a calendar that
subscribes to the file, or imports it again, updates an event rather than
adding a second one."""


from collections.abc import Iterable
from datetime import date, datetime, timedelta, timezone
from typing import TextIO

from homelog.record_type import Record

PRODID = "-//homelog//homelog calendar export//EN"


class CalendarEvent(Record):
    uid: str
    day: date  # all day
    summary: str
    description: str


def write_ics(out: TextIO, events: Iterable[CalendarEvent], *, name: str, stamp: datetime | None = None) -> int:
    """Write one VCALENDAR holding ``events`` to ``out``; return how many."""
    from icalendar import Calendar, Event

    stamp = (stamp or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    count = 0
    for e in events:
        ev = Event()
        ev.add("uid", e.uid)
        ev.add("dtstamp", stamp)
        ev.add("dtstart", e.day)
        ev.add("dtend", e.day + timedelta(days=1))
        ev.add("summary", e.summary)
        if e.description:
            ev.add("description", e.description)
        ev.add("transp", "TRANSPARENT")  # a reminder, not a busy slot
        cal.add_component(ev)
        count += 1
    out.write(cal.to_ical().decode("utf-8"))
    return count

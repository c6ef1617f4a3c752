"""``homelog export --format ics``: parsed back with icalendar, one all-day event
per area that is not ready (on its ready day), the ends of aftercare and of holds
with a date, stable UIDs."""

from __future__ import annotations

import stat
from datetime import date

import pytest
from icalendar import Calendar


def events(path) -> dict[str, dict]:
    cal = Calendar.from_ical(path.read_bytes())
    out = {}
    for ev in cal.walk("VEVENT"):
        start, end = ev.decoded("dtstart"), ev.decoded("dtend")
        assert type(start) is date and type(end) is date  # all-day events (VALUE=DATE)
        assert (end - start).days == 1
        assert ev.get("dtstamp") is not None
        out[str(ev["uid"])] = {"day": start, "summary": str(ev["summary"]), "description": str(ev.get("description", ""))}
    return out


@pytest.fixture
def journal(cli):
    assert cli("add", "--area", "face", "--needle", "0.5", "--date", "2025-02-25").code == 0
    assert cli("add", "--area", "scalp", "--needle", "1.0", "--date", "2025-02-27").code == 0
    # A peel on the arms from 2025-02-15: a stop for 30 days from its start.
    assert cli("condition", "add", "peel", "--area", "arms", "--from", "2025-02-15").code == 0
    return cli


def test_one_event_per_area_not_ready_with_the_right_day(journal, tmp_path):
    target = tmp_path / "homelog.ics"
    r = journal("export", "--format", "ics", "-o", str(target))
    assert r.code == 0, r.err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    got = events(target)
    ready = {e["summary"]: e["day"] for e in got.values() if e["summary"].endswith("ready for a session")}
    status = journal("status", "--json").json()
    not_ready = {a["area"]: a for a in status["areas"] if not a["ready"]}
    assert set(not_ready) == {"face", "scalp", "arms"}
    # face: 0.5 mm rests it 7 days (to 2025-03-04); the days of the others as status gives them.
    assert ready["Face: ready for a session"] == date(2025, 3, 4)
    for area, st in not_ready.items():
        if st["resting_until"]:
            assert ready[f"{area.capitalize()}: ready for a session"] == date.fromisoformat(st["resting_until"])
    # The peel holds the arms until a day of its own: that day is an event too.
    arms_holds = [h for h in not_ready["arms"]["holds"] if h["until"]]
    assert arms_holds
    hold_events = [e for e in got.values() if e["summary"].startswith("Arms: contraindication hold ends")]
    assert [e["day"] for e in hold_events] == [date.fromisoformat(h["until"]) for h in arms_holds if h["rule"] == "contraindication"]
    assert "peel" in hold_events[0]["description"]


def test_aftercare_ends_are_events(journal, tmp_path):
    target = tmp_path / "out.ics"
    assert journal("export", "-o", str(target)).code == 0  # the format from the name
    status = journal("status", "--json").json()
    expected = {a["area"]: date.fromisoformat(a["aftercare_until"]) for a in status["areas"] if a["aftercare_until"]}
    assert expected  # the scalp session of 2025-02-27 is in its aftercare on 2025-03-01
    got = {e["summary"]: e["day"] for e in events(target).values() if "aftercare ends" in e["summary"]}
    assert got == {f"{area.capitalize()}: aftercare ends": day for area, day in expected.items()}


def test_uids_are_stable_so_a_reexport_updates(journal, tmp_path):
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    assert journal("export", "--format", "ics", "-o", str(first)).code == 0
    # A later face session moves its ready day: the same event, a new day.
    assert journal("add", "--area", "face", "--needle", "0.5", "--date", "2025-03-01", "--override", "test").code == 0
    assert journal("export", "--format", "ics", "-o", str(second)).code == 0
    a, b = events(first), events(second)
    face = [uid for uid, e in a.items() if e["summary"] == "Face: ready for a session"]
    assert len(face) == 1 and face[0] in b
    assert (a[face[0]]["day"], b[face[0]]["day"]) == (date(2025, 3, 4), date(2025, 3, 8))
    assert len(set(b)) == len(b)


def test_an_area_choice_and_no_date_range(journal, tmp_path):
    target = tmp_path / "face.ics"
    assert journal("export", "--format", "ics", "--area", "face", "-o", str(target)).code == 0
    assert {e["summary"].split(":")[0] for e in events(target).values()} == {"Face"}
    r = journal("export", "--format", "ics", "--from", "2025-01-01")
    assert r.code == 2 and "--from and --to" in r.err


def test_to_standard_output(journal):
    r = journal("export", "--format", "ics")
    assert r.code == 0
    assert r.out.startswith("BEGIN:VCALENDAR") and "END:VCALENDAR" in r.out

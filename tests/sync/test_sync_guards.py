"""Guards of promises the README makes, each written so that the mutation it
names makes it fail: conflict copies are merged (not only the canonical
name), a sync is one transaction (a fault after the records are written
leaves the journal and the folder as they were), and no version stamp that
passes the checks can overflow the next version."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta

import pytest

from homelog.errors import InputError
from homelog.rules import load_rules
from homelog.service import sync_checks
from homelog.store import queries, sync_rows, versions

from .conftest import content, journal_id
from .test_sync import sync

CONFLICT_NAMES = {
    "syncthing": "{id}.homelog-sync.sync-conflict-20250301-120000-ABCDEFG.json",
    "dropbox": "{id}.homelog-sync (laptop's conflicted copy 2025-03-01).json",
}


@pytest.mark.parametrize("tool", sorted(CONFLICT_NAMES))
def test_a_sync_tools_conflict_copy_is_merged(machines, tool):
    on = machines
    on("c", "add", "--area", "scalp", "--needle", "0.5", "--date", "2025-02-05", "--notes", "only in the copy")
    sync(on, "c")
    cid = journal_id(on.path("c"))
    canonical = on.folder / f"{cid}.homelog-sync.json"
    canonical.rename(on.folder / CONFLICT_NAMES[tool].format(id=cid))
    got = sync(on, "a")
    assert got["changes"]["sessions"]["added"] == 1
    assert [s["notes"] for s in on("a", "list", "--json").json()] == ["only in the copy"]


@pytest.mark.parametrize("where", ["record_change", "write_conditions"])
def test_a_sync_is_one_transaction(machines, monkeypatch, where):
    on = machines
    on("a", "add", "--area", "face", "--needle", "0.25", "--date", "2025-02-01")
    on("a", "condition", "add", "retinoid", "--from", "2025-01-01", "--to", "2025-01-05")
    sync(on, "a")
    on("b", "add", "--area", "neck", "--needle", "0.25", "--date", "2025-02-02")
    sync(on, "b")
    assert on("a", "add", "--area", "scalp", "--needle", "0.5", "--date", "2025-02-03").code == 0
    assert on("a", "react", "1", "--redness", "0", "--date", "2025-02-04").code == 0
    sync(on, "a")
    before_db, before_bytes = content(on.path("b")), on.path("b").read_bytes()
    own = on.folder / f"{journal_id(on.path('b'))}.homelog-sync.json"
    before_own = own.read_bytes()
    module = queries if where == "record_change" else sync_rows

    def fail(*args, **kwargs):  # after the sessions (and devices, observations) are written
        raise RuntimeError("injected fault")

    original = getattr(module, where)
    monkeypatch.setattr(module, where, fail)
    r = on("b", "sync", str(on.folder))
    assert r.code == 1 and "unexpected error" in r.err
    assert content(on.path("b")) == before_db and on.path("b").read_bytes() == before_bytes
    assert own.read_bytes() == before_own
    monkeypatch.setattr(module, where, original)
    sync(on, "b")
    assert len(on("b", "list", "--json").json()) == 3
    assert "Undid the sync" in on("b", "undo").out
    assert content(on.path("b"))["sessions"] != before_db["sessions"]  # the undo is a new edit
    assert len(on("b", "list", "--json").json()) == 2  # as before the sync


# -- stamps at the ends of what is allowed ----------------------------------------------------


def _session(updated_at: str) -> tuple:
    return ("u1", "2025-02-01", "face", 250, None, 1, "", None, None, "2025-02-01 10:00:00.000000", updated_at, "a" * 32, None)


@pytest.fixture(scope="module")
def rules():
    return load_rules(None)


def test_a_version_up_to_24_hours_ahead_is_taken_and_one_microsecond_more_is_refused(rules):
    now = datetime(2025, 3, 1, 12, 0, 0)
    checker = sync_checks.Checker(rules, now, date(2025, 3, 1))
    checker.record("sessions", _session(versions.stamp(now + timedelta(hours=24))))
    with pytest.raises(InputError, match="more than 24 hours ahead of this machine's clock"):
        checker.record("sessions", _session(versions.stamp(now + timedelta(hours=24, microseconds=1))))


def test_no_allowed_stamp_is_past_latest_even_with_the_clock_at_the_end_of_time(rules):
    checker = sync_checks.Checker(rules, datetime.max, date.max)
    checker.record("sessions", _session(versions.stamp(versions.LATEST)))
    with pytest.raises(InputError):
        checker.record("sessions", _session(versions.stamp(versions.LATEST + timedelta(microseconds=1))))


@pytest.mark.parametrize(
    "clock",
    [datetime(2025, 3, 1, 12), versions.LATEST - timedelta(hours=1), versions.LATEST, datetime.max],
    ids=["today", "an-hour-before-latest", "latest", "datetime.max"],
)
def test_next_version_after_the_latest_allowed_stamp_never_overflows(monkeypatch, clock):
    monkeypatch.setattr(versions, "clock", lambda: clock)
    allowed = min(clock + timedelta(hours=24), versions.LATEST) if clock < versions.LATEST else versions.LATEST
    v = allowed
    for _ in range(1000):  # many writes in a row, each later than the last
        nxt = versions.next_version(v)
        assert nxt > v
        v = nxt
    assert versions.next_version(None) <= versions.LATEST


def test_a_merged_record_at_the_latest_stamp_can_still_be_edited_deleted_and_imported_over(machines, tmp_path):
    on = machines
    on.clock.now = versions.LATEST - timedelta(hours=2)
    on("a", "add", "--area", "face", "--needle", "0.25", "--date", "2025-02-01")
    con = sqlite3.connect(on.path("a"))
    con.execute("UPDATE sessions SET updated_at = ?", (versions.stamp(versions.LATEST),))
    con.commit()
    con.close()
    sync(on, "a")
    got = sync(on, "b")
    assert got["changes"]["sessions"]["added"] == 1
    assert on("b", "edit", "1", "--notes", "edited after").code == 0
    assert on("b", "delete", "1").code == 0
    assert on("b", "undo").code == 0
    csv = tmp_path / "more.csv"
    csv.write_text("date,area,needle_mm\n2025-02-10,neck,0.25\n")
    r = on("b", "import", str(csv))
    assert r.code == 0, r.err
    assert len(on("b", "list", "--json").json()) == 2


def test_a_sync_file_the_others_could_not_read_is_not_written(machines, monkeypatch):
    from homelog.transfer import sync_folder

    on = machines
    for day in range(1, 6):
        on("a", "add", "--area", "face", "--needle", "0.25", "--date", f"2025-01-{day * 5:02d}", "--notes", "x" * 100)
    before = content(on.path("a"))
    monkeypatch.setattr(sync_folder, "LIMIT", 1000)  # the bound, scaled down
    r = on("a", "sync", str(on.folder))
    assert r.code == 2 and "larger than" in r.err and "nothing was merged or written" in r.err
    assert list(on.folder.iterdir()) == [] and content(on.path("a")) == before

"""Two (and three) journals merged through one folder: they converge, nothing is
lost, merging again changes nothing, a bad file stops the merge untouched."""

from __future__ import annotations

import json
import os
import stat
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import make_empty_journal

from homelog.errors import ExitCode

from .conftest import content, journal_id


def sync(on, name):
    r = on(name, "sync", str(on.folder), "--json")
    assert r.code == 0, r.err
    return json.loads(r.out)


def test_two_journals_exchange_sessions_edits_and_deletes(machines):
    on = machines
    assert on("laptop", "add", "--area", "face", "--needle", "0.25", "--date", "2025-02-01").code == 0
    assert on("desktop", "add", "--area", "scalp", "--needle", "0.5", "--date", "2025-02-03").code == 0
    sync(on, "laptop")
    got = sync(on, "desktop")
    assert got["changes"]["sessions"]["added"] == 1
    sync(on, "laptop")
    assert content(on.path("laptop")) == content(on.path("desktop"))
    assert {s["area"] for s in on("laptop", "list", "--json").json()} == {"face", "scalp"}

    # An edit on one side and a delete on the other reach both.
    face = next(s for s in on("desktop", "list", "--json").json() if s["area"] == "face")
    scalp = next(s for s in on("laptop", "list", "--json").json() if s["area"] == "scalp")
    assert on("desktop", "edit", str(face["id"]), "--notes", "edited on the desktop").code == 0
    assert on("laptop", "delete", str(scalp["id"])).code == 0
    for name in ("laptop", "desktop", "laptop"):
        sync(on, name)
    assert content(on.path("laptop")) == content(on.path("desktop"))
    listed = on("laptop", "list", "--json").json()
    assert [(s["area"], s["notes"]) for s in listed] == [("face", "edited on the desktop")]


def test_merging_the_same_files_again_changes_nothing(machines):
    on = machines
    on("a", "add", "--area", "face", "--needle", "0.25", "--date", "2025-02-01")
    on("b", "device", "add", "--name", "pen", "--kind", "pen")
    sync(on, "a"), sync(on, "b"), sync(on, "a")
    before = content(on.path("a"))
    again = sync(on, "a")
    assert sum(sum(c.values()) for c in again["changes"].values()) == 0
    assert content(on.path("a")) == before


def test_the_later_edit_wins_and_the_other_stays_in_the_undo_log(machines):
    on = machines
    on("a", "add", "--area", "face", "--needle", "0.25", "--date", "2025-02-01")
    sync(on, "a"), sync(on, "b")
    (sa,) = on("a", "list", "--json").json()
    (sb,) = on("b", "list", "--json").json()
    on("a", "edit", str(sa["id"]), "--notes", "earlier, on a")
    on.clock.now += timedelta(hours=1)
    on("b", "edit", str(sb["id"]), "--notes", "later, on b")
    sync(on, "b"), sync(on, "a"), sync(on, "b")
    assert [s["notes"] for s in on("a", "list", "--json").json()] == ["later, on b"]
    assert content(on.path("a")) == content(on.path("b"))
    # a's own edit is not lost: undoing the sync brings it back, as a new edit.
    r = on("a", "undo")
    assert "Undid the sync" in r.out, r.out + r.err
    assert [s["notes"] for s in on("a", "list", "--json").json()] == ["earlier, on a"]
    sync(on, "a"), sync(on, "b")
    assert [s["notes"] for s in on("b", "list", "--json").json()] == ["earlier, on a"]


def test_an_edit_after_a_sync_wins_even_when_this_clock_is_behind(machines):
    on = machines
    on.clock.skews["b"] = timedelta(hours=5)  # b's clock is 5 hours ahead of a's
    on("a", "add", "--area", "face", "--needle", "0.25", "--date", "2025-02-01")
    sync(on, "a"), sync(on, "b")
    assert on("b", "edit", "1", "--notes", "from b").code == 0
    sync(on, "b"), sync(on, "a")
    assert [s["notes"] for s in on("a", "list", "--json").json()] == ["from b"]
    # Made after the sync by a clock 5 hours behind, a's edit still wins.
    assert on("a", "edit", "1", "--notes", "from a, after the sync").code == 0
    sync(on, "a"), sync(on, "b")
    assert [s["notes"] for s in on("b", "list", "--json").json()] == ["from a, after the sync"]
    assert content(on.path("a")) == content(on.path("b"))


def test_a_tie_goes_the_same_way_on_both_machines(machines):
    on = machines
    on("a", "add", "--area", "face", "--needle", "0.25", "--date", "2025-02-01")
    sync(on, "a"), sync(on, "b")
    at = on.clock.now + timedelta(minutes=5)
    on.clock.now = at - timedelta(seconds=1)
    on("a", "edit", "1", "--notes", "from a")
    on.clock.now = at - timedelta(seconds=1)
    on("b", "edit", "1", "--notes", "from b")
    sync(on, "a"), sync(on, "b"), sync(on, "a")
    assert content(on.path("a")) == content(on.path("b"))
    ids = {name: journal_id(on.path(name)) for name in ("a", "b")}
    winner = max(ids, key=ids.get)  # the same instant: the larger journal id wins
    assert [s["notes"] for s in on("a", "list", "--json").json()] == [f"from {winner}"]


def test_a_deletion_beats_an_edit_made_at_the_same_moment(machines):
    on = machines
    on("a", "add", "--area", "face", "--needle", "0.25", "--date", "2025-02-01")
    sync(on, "a"), sync(on, "b")
    ids = {name: journal_id(on.path(name)) for name in ("a", "b")}
    editor = max(ids, key=ids.get)  # the larger id: a tie on the version alone would go its way
    deleter = "b" if editor == "a" else "a"
    at = on.clock.now + timedelta(minutes=5)
    on.clock.now = at - timedelta(seconds=1)
    assert on(editor, "edit", "1", "--notes", "edited").code == 0
    on.clock.now = at - timedelta(seconds=1)
    assert on(deleter, "delete", "1").code == 0
    for name in (editor, deleter, editor):
        sync(on, name)
    assert content(on.path("a")) == content(on.path("b"))
    assert on("a", "list", "--json").json() == [] and on("b", "list", "--json").json() == []


def test_three_journals_converge_whatever_the_order(machines):
    on = machines
    for name, area in (("a", "face"), ("b", "neck"), ("c", "scalp")):
        on(name, "add", "--area", area, "--needle", "0.25", "--date", "2025-02-01")
        assert on(name, "condition", "add", "retinoid", "--from", "2025-01-01").code == 0
    for name in ("c", "a", "b", "c", "a"):
        sync(on, name)
    on("b", "delete", "1")
    on("c", "react", "1", "--redness", "1", "--date", "2025-02-02")
    for name in ("a", "c", "b", "a", "c"):
        sync(on, name)
    a, b, c = (content(on.path(n)) for n in "abc")
    assert a == b == c
    assert len(a["sessions"]) == 3 and len(a["conditions"]) == 3 and len(a["reactions"]) == 1


def test_a_device_in_use_elsewhere_is_not_removed(machines):
    on = machines
    assert on("a", "device", "add", "--name", "pen", "--kind", "pen").code == 0
    sync(on, "a"), sync(on, "b")
    assert on("b", "add", "--area", "face", "--needle", "0.25", "--date", "2025-02-01", "--device", "1").code == 0
    assert "Undid" in on("a", "undo").out  # a takes its device back
    for name in ("a", "b", "a", "b"):
        sync(on, name)
    assert content(on.path("a")) == content(on.path("b"))
    assert [d["name"] for d in on("a", "device", "list", "--json").json()] == ["pen"]


@pytest.mark.parametrize("damage", ["truncated", "foreign", "newer"])
def test_a_bad_file_is_named_and_nothing_is_written(machines, damage):
    on = machines
    on("a", "add", "--area", "face", "--needle", "0.25", "--date", "2025-02-01")
    sync(on, "a")
    on("b", "add", "--area", "neck", "--needle", "0.25", "--date", "2025-02-01")
    (own,) = on.folder.glob("*.homelog-sync.json")
    body = json.loads(own.read_text())
    if damage == "truncated":
        own.write_text(own.read_text()[: len(own.read_text()) // 2])
    elif damage == "foreign":
        own.write_text(json.dumps({"format": "something-else"}))
    else:
        own.write_text(json.dumps({**body, "version": 99}))
    before_db, before_files = content(on.path("b")), sorted(p.name for p in on.folder.iterdir())
    r = on("b", "sync", str(on.folder))
    assert r.code == ExitCode.BAD_INPUT
    assert own.name in r.err and "nothing was merged" in r.err
    assert content(on.path("b")) == before_db
    assert sorted(p.name for p in on.folder.iterdir()) == before_files


def test_status_says_what_would_change_and_writes_nothing(machines):
    on = machines
    on("a", "add", "--area", "face", "--needle", "0.25", "--date", "2025-02-01")
    sync(on, "a")
    make_empty_journal(on.path("b"))  # b's journal exists, empty
    before = content(on.path("b"))
    r = on("b", "sync", "--status", str(on.folder))
    assert r.code == 0 and "1 session added" in r.out and "Nothing written" in r.out
    assert content(on.path("b")) == before
    assert len(list(on.folder.glob("*.homelog-sync.json"))) == 1


def test_the_sync_file_is_private_and_named_by_the_journal(machines):
    on = machines
    on("a", "add", "--area", "face", "--needle", "0.25", "--date", "2025-02-01")
    out = sync(on, "a")
    own = Path(out["written"])
    assert own.name == f"{journal_id(on.path('a'))}.homelog-sync.json"
    assert stat.S_IMODE(os.stat(own).st_mode) == 0o600
    assert not [p for p in on.folder.iterdir() if p.name.endswith(".tmp")]


def test_a_merged_session_the_rules_would_stop_is_kept_and_reported(machines):
    on = machines
    on("a", "add", "--area", "face", "--needle", "1.0", "--date", "2025-02-01")
    on("b", "add", "--area", "face", "--needle", "1.0", "--date", "2025-02-02")
    sync(on, "a")
    got = sync(on, "b")
    assert got["changes"]["sessions"]["added"] == 1
    assert any(f["rule"] == "rest-period" for f in got["findings"]), got["findings"]
    assert len(on("b", "list", "--json").json()) == 2


def test_a_missing_folder_is_a_clear_error(machines, tmp_path):
    r = machines("a", "sync", str(tmp_path / "nowhere"))
    assert r.code == ExitCode.BAD_INPUT and "does not exist" in r.err


def test_the_new_condition_kinds_travel_and_hold_on_the_other_machine(machines):
    """Issue 24's kinds go through a sync like any other, and the other machine's rules apply them."""
    on = machines
    assert on("a", "condition", "add", "skin-cancer", "--area", "chest", "--from", "2025-02-01").code == 0
    assert on("a", "condition", "add", "chemo-radiotherapy", "--from", "2024-10-01", "--to", "2024-12-15").code == 0
    sync(on, "a"), sync(on, "b")
    listed = on("b", "condition", "list", "--json").json()
    assert [(c["kind"], c["area"]) for c in listed] == [("chemo-radiotherapy", None), ("skin-cancer", "chest")]
    found = on("b", "check", "--area", "chest", "--needle", "0.2", "--json").json()["findings"]
    # the chemotherapy ended 2024-12-15: 90 days after, 2025-03-15, it still holds on 2025-03-01
    assert sorted(f["message"].split(" (")[0] for f in found if f["rule"] == "contraindication") == [
        'Condition "chemo-radiotherapy"', 'Condition "skin-cancer"',
    ]
    assert content(on.path("a"))["conditions"] == content(on.path("b"))["conditions"]

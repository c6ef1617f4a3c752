"""Property: any sequence of adds, edits, deletes, undos and syncs on two or
three journals ends, after one round of syncs through the encrypted folder,
with all holding the same records (read by plain SQL, not the merge's own
reader), none lost; and syncing again changes nothing."""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from homelog.cli.main import main
from tests.conftest import make_empty_journal
from tests.sync.conftest import content

AREAS = ("face", "neck", "scalp")


def ops(names: str):
    return st.lists(
        st.one_of(
            st.tuples(st.just("add"), st.sampled_from(names), st.sampled_from(AREAS), st.integers(1, 20)),
            st.tuples(st.just("edit"), st.sampled_from(names), st.integers(0, 5), st.text("xyz", max_size=3)),
            st.tuples(st.just("delete"), st.sampled_from(names), st.integers(0, 5)),
            st.tuples(st.just("undo"), st.sampled_from(names)),
            st.tuples(st.just("sync"), st.sampled_from(names)),
        ),
        max_size=12,
    )


def run(db: Path, *args: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["--db", str(db), *args], today=lambda: date(2025, 3, 1))
    return code, out.getvalue()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops("ab"))
def test_two_journals_converge_and_a_second_sync_changes_nothing(steps):
    converge("ab", steps)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops("abc"))
def test_three_journals_converge_and_a_second_sync_changes_nothing(steps):
    converge("abc", steps)


def converge(names: str, steps) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = root / "Sync"
        folder.mkdir()
        db = {name: root / f"{name}.db" for name in names}
        made: set[str] = set()
        for name in names:
            make_empty_journal(db[name])
        for step in steps:
            kind, name = step[0], step[1]
            live = json.loads(run(db[name], "list", "--json")[1])
            if kind == "add":
                run(db[name], "add", "--area", step[2], "--needle", "0.25", "--date", f"2025-02-{step[3]:02d}", "--override", "test")
            elif kind in ("edit", "delete") and live:
                target = str(live[step[2] % len(live)]["id"])
                if kind == "edit":
                    run(db[name], "edit", target, "--notes", step[3] or "-")
                else:
                    run(db[name], "delete", target)
            elif kind == "undo":
                run(db[name], "undo")
            elif kind == "sync":
                assert run(db[name], "sync", str(folder))[0] == 0
            for n in names:
                made |= {v[0] for v in content(db[n])["sessions"]}
        for name in names + names[:-1]:  # one round, and back: every journal has read every other's last file
            assert run(db[name], "sync", str(folder))[0] == 0
        first = content(db[names[0]])
        assert all(content(db[n]) == first for n in names)
        assert {v[0] for v in first["sessions"]} == made  # every session ever made is there (live or deleted)
        for name in names:
            code, out = run(db[name], "sync", str(folder), "--json")
            assert code == 0 and all(n == 0 for c in json.loads(out)["changes"].values() for n in c.values())
        assert all(content(db[n]) == first for n in names)

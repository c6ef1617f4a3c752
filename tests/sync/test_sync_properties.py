"""Property: any sequence of adds, edits, deletes, undos and syncs on two
journals ends, after one round of syncs, with both holding the same records,
none lost; and syncing again changes nothing."""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from datetime import date
from pathlib import Path

from tests.conftest import make_empty_journal
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from homelog.cli.main import main
from tests.sync.test_sync import content

AREAS = ("face", "neck", "scalp")
op = st.one_of(
    st.tuples(st.just("add"), st.sampled_from("ab"), st.sampled_from(AREAS), st.integers(1, 20)),
    st.tuples(st.just("edit"), st.sampled_from("ab"), st.integers(0, 5), st.text("xyz", max_size=3)),
    st.tuples(st.just("delete"), st.sampled_from("ab"), st.integers(0, 5)),
    st.tuples(st.just("undo"), st.sampled_from("ab")),
    st.tuples(st.just("sync"), st.sampled_from("ab")),
)


def run(db: Path, *args: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["--db", str(db), *args], today=lambda: date(2025, 3, 1))
    return code, out.getvalue()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(op, max_size=12))
def test_two_journals_converge_and_a_second_sync_changes_nothing(ops):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = root / "Sync"
        folder.mkdir()
        db = {name: root / f"{name}.db" for name in "ab"}
        made: set[str] = set()
        for name in "ab":
            make_empty_journal(db[name])
        for step in ops:
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
            for n in "ab":
                made |= {v[0] for v in content(db[n])["sessions"]}
        for name in "aba":
            assert run(db[name], "sync", str(folder))[0] == 0
        a, b = content(db["a"]), content(db["b"])
        assert a == b
        assert {v[0] for v in a["sessions"]} == made  # every session ever made is there (live or deleted)
        for name in "ab":
            code, out = run(db[name], "sync", str(folder), "--json")
            assert code == 0 and all(n == 0 for c in json.loads(out)["changes"].values() for n in c.values())
        assert content(db["a"]) == a

"""Issue 26 — no silent defaults: an empty value is an error (exit 2), never
"today" or "the default journal"; nothing is saved."""

from __future__ import annotations

import pytest

from homelog.errors import ExitCode


@pytest.mark.parametrize(
    "args",
    [
        ["add", "--area", "face", "--needle", "0.2", "--date", ""],
        ["add", "--area", "face", "--needle", "0.2", "--date="],
        ["check", "--area", "face", "--needle", "0.2", "--date", ""],
        ["status", "--as-of", ""],
        ["list", "--from", ""],
        ["add", "--area", "", "--needle", "0.2"],
        ["add", "--area", "face", "--needle", "0.2", "--device", ""],
        ["export", "-o", ""],
        ["import", ""],
        ["react", "1", "--redness", "1", "--date", ""],
        ["condition", "add", "acne", "--from", ""],
    ],
    ids=lambda a: " ".join(x or "''" for x in a),
)
def test_an_empty_value_is_exit_2_and_saves_nothing(args, cli, db_path):
    r = cli(*args)
    assert r.code == ExitCode.BAD_INPUT, r.out + r.err
    assert "empty" in r.err and "Traceback" not in r.err
    assert cli("list", "--json").json() == []


def test_an_empty_db_is_not_the_default_journal(tmp_path, isolated_home):
    from homelog.cli.main import main

    assert main(["--db", "", "status"]) == ExitCode.BAD_INPUT
    assert main(["--db=", "status"]) == ExitCode.BAD_INPUT
    assert not (isolated_home / "data" / "homelog").exists()


def test_empty_notes_mean_no_notes(cli):
    assert cli("add", "--area", "face", "--needle", "0.2", "--notes", "").code == 0
    assert cli("list", "--json").json()[0]["notes"] == ""

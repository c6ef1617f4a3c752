"""Issue 26 — what homelog prints: no control character from a note, a name, a
file name or a file reaches the terminal (text output escapes it; JSON keeps the
exact text, escaped as JSON); an output that cannot take the text is exit 6
with one line (EPIPE stays silent), the journal unchanged."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from homelog.errors import ExitCode

from ._support import checkpoint, child_env, homelog_cmd, make_journal, snapshot

HOSTILE = "\x1b]0;owned\x07\x1b[2J\x9b31m\u202egnp.exe\ttab\r"


def _hostile_journal(path: Path, cli) -> Path:
    """A journal whose texts hold what no homelog command stores (a sync file or an
    older homelog could bring them), and a tab, which notes may hold."""
    make_journal(path, sessions=0)
    for args in (
        ["device", "add", "--name", "roller", "--kind", "roller", "--needle", "0.5"],
        ["add", "--area", "face", "--device", "1", "--date", "2025-02-01", "--notes", "a\tb", "--override", "why"],
        ["react", "1", "--redness", "1", "--date", "2025-02-02"],
        ["condition", "add", "retinoid", "--area", "face", "--from", "2025-02-20"],
    ):
        assert cli(*args, db=path).code == 0
    con = sqlite3.connect(path)
    con.execute("UPDATE devices SET name = ?", ("dev" + HOSTILE,))
    con.execute("UPDATE sessions SET notes = ?, override_reason = ?", ("note" + HOSTILE, "why" + HOSTILE))
    con.execute("UPDATE reactions SET notes = ?", ("seen" + HOSTILE,))
    con.execute("UPDATE conditions SET notes = ?", ("tret" + HOSTILE,))
    con.commit()
    con.close()
    checkpoint(path)
    return path


READS = {
    "list": ["list"],
    "status": ["status"],
    "check": ["check", "--area", "face", "--device", "1", "--date", "2025-02-03"],
    "device list": ["device", "list"],
    "react list": ["react", "1"],
    "condition list": ["condition", "list"],
    "edit": ["edit", "1", "--disinfected"],
    "delete": ["delete", "1"],
}


def _assert_no_controls(data: bytes, what: str) -> None:
    bad = sorted({b for b in data if (b < 0x20 and b != 0x0A) or b == 0x7F})
    assert not bad, f"{what}: control bytes {bad} reached stdout: {data!r}"
    text = data.decode("utf-8")
    c1 = [c for c in text if 0x80 <= ord(c) <= 0x9F or c in "\u202e\u2066"]
    assert not c1, f"{what}: {c1!r} reached stdout"


@pytest.mark.parametrize("command", list(READS))
def test_no_control_character_reaches_the_terminal(command, tmp_path, cli):
    path = _hostile_journal(tmp_path / "journal.db", cli)
    r = cli(*READS[command], db=path)
    assert r.code in (0, 2, 3), r.err  # edit re-checks the stored notes: refused (exit 2)
    _assert_no_controls(r.out.encode(), command)
    _assert_no_controls(r.err.encode(), command + " (stderr)")
    if command in ("list", "device list", "react list", "condition list"):
        assert "\\x1b]0;owned\\x07" in r.out  # shown, visibly, not dropped


@pytest.mark.parametrize("command", ["list", "device list", "react list", "condition list"])
def test_json_keeps_the_exact_text(command, tmp_path, cli):
    path = _hostile_journal(tmp_path / "journal.db", cli)
    r = cli(*READS[command], "--json", db=path)
    assert r.code == 0, r.err
    _assert_no_controls(r.out.encode(), command + " --json")
    document = json.loads(r.out)
    assert any(HOSTILE in text for text in _strings(document))  # the exact text, once parsed


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _on_a_terminal(args: list[str]) -> bytes:
    """What ``args`` writes to its standard output when that is a terminal (a pty)."""
    import pty

    main, child = pty.openpty()
    proc = subprocess.Popen(args, stdout=child, stderr=subprocess.PIPE, env=child_env())
    os.close(child)
    data = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # EIO: the child closed its end
            break
        if not chunk:
            break
        data += chunk
    os.close(main)
    assert proc.wait(timeout=60) == 0, proc.stderr.read()
    return data.replace(b"\r\n", b"\n")  # the terminal's own line ends (onlcr)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_an_export_shown_on_a_terminal_escapes_controls_and_a_pipe_gets_them_exact(fmt, tmp_path, cli):
    """As ``ls`` shows a file name's controls when its output is a terminal: an
    export to standard output that is a terminal shows them visibly; a pipe or a
    file gets the exact text (what an export is for)."""
    path = _hostile_journal(tmp_path / "journal.db", cli)
    shown = _on_a_terminal(homelog_cmd(path, "export", "--format", fmt))
    _assert_no_controls(shown, f"export --format {fmt} on a terminal")
    # shown visibly: CSV as messages.safe writes it; JSON's own escapes for C0, safe's for C1 and bidi
    assert ("\\x1b]0;owned\\x07" if fmt == "csv" else "\\u001b]0;owned\\u0007\\u001b[2J\\x9b31m\\u202e") in shown.decode()
    piped = cli("export", "--format", fmt, db=path)
    assert piped.code == 0
    assert HOSTILE in piped.out if fmt == "csv" else any(HOSTILE in t for t in _strings(json.loads(piped.out)))


def test_a_file_name_with_controls_is_shown_safely(tmp_path, cli):
    path = make_journal(tmp_path / "journal.db", sessions=1)
    r = cli("import", str(tmp_path / "in\x1b[2J.csv"), db=path)
    assert r.code == ExitCode.BAD_INPUT
    _assert_no_controls(r.err.encode(), "import of a missing file")
    assert "in\\x1b[2J.csv" in r.err


def test_a_tab_in_notes_is_kept_in_storage(tmp_path, cli):
    path = make_journal(tmp_path / "journal.db", sessions=0)
    assert cli("add", "--area", "face", "--needle", "0.2", "--notes", "a\tb", db=path).code == 0
    assert sqlite3.connect(path).execute("SELECT notes FROM sessions").fetchone()[0] == "a\tb"
    assert "a b" in cli("list", db=path).out  # the list shows a note on one line
    assert cli("list", "--json", db=path).json()[0]["notes"] == "a\tb"


# -- output errors ------------------------------------------------------------------------

full = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")


@full
@pytest.mark.parametrize("args", [["list"], ["status", "--json"], ["status"], ["device", "list"], ["export"], ["rules"]], ids=" ".join)
def test_standard_output_on_a_full_disk_is_exit_6(args, tmp_path):
    path = make_journal(tmp_path / "journal.db", sessions=3)
    before = snapshot(path)
    with open("/dev/full", "w") as dev_full:
        proc = subprocess.run(homelog_cmd(path, *args), stdout=dev_full, stderr=subprocess.PIPE, text=True, env=child_env(), timeout=60)
    assert proc.returncode == ExitCode.CANNOT_WRITE, proc.stderr
    assert "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "Cannot write" in proc.stderr
    assert snapshot(path) == before


@full
def test_export_onto_dev_full_is_exit_6(tmp_path, cli):
    path = make_journal(tmp_path / "journal.db", sessions=3)
    for fmt in ("csv", "json"):
        r = cli("export", "--format", fmt, "-o", "/dev/full", db=path)
        assert r.code == ExitCode.CANNOT_WRITE, r.err
        assert "/dev/full" in r.err and "disk is full" in r.err


def test_a_reader_that_goes_away_is_silent(tmp_path):
    path = make_journal(tmp_path / "journal.db", sessions=200)
    proc = subprocess.Popen(homelog_cmd(path, "list"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=child_env())
    proc.stdout.read(10)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0 and err == ""


def test_enospc_at_close_of_an_export_is_exit_6_and_leaves_nothing(tmp_path, cli, monkeypatch):
    """Some file systems (NFS, quotas) report a full disk only when the file is closed."""
    import io

    from homelog.transfer import atomic

    path = make_journal(tmp_path / "journal.db", sessions=3)
    real_open = open

    class ClosingFails(io.TextIOWrapper):
        def close(self):
            if not self.closed:
                super().close()
                raise OSError(errno.ENOSPC, "No space left on device")

    def fake_open(fd, mode="r", **kwargs):
        if isinstance(fd, int) and mode == "w":
            return ClosingFails(real_open(fd, "wb", closefd=True), encoding=kwargs.get("encoding"), newline=kwargs.get("newline"))
        return real_open(fd, mode, **kwargs)

    monkeypatch.setattr(atomic, "open", fake_open, raising=False)
    target = tmp_path / "out.csv"
    target.write_text("the old export\n")
    r = cli("export", "-o", str(target), db=path)
    assert r.code == ExitCode.CANNOT_WRITE, r.err
    assert "disk is full" in r.err and str(target) in r.err
    assert target.read_text() == "the old export\n"  # untouched
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.csv")] == []  # no temporary file left

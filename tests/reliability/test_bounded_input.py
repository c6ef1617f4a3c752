"""Issue 26 — bounded input: an import reads a regular file (or standard input,
a pipe) of at most ``MAX_BYTES`` and JSON nested no deeper than Python's parser
goes; /dev/zero, a FIFO, a folder, a device on standard input get exit 2 within
a second, and nothing is written."""

from __future__ import annotations

import os
import subprocess
import time

import pytest

from homelog.errors import ExitCode

from ._support import child_env, homelog_cmd, make_journal, snapshot


@pytest.fixture
def journal(tmp_path):
    return make_journal(tmp_path / "journal.db", sessions=1)


def _refused_quickly(cli, journal, *args, words: str) -> None:
    before = snapshot(journal)
    start = time.monotonic()
    r = cli("import", *args, db=journal)
    took = time.monotonic() - start
    assert r.code == ExitCode.BAD_INPUT, r.err
    assert words in r.err and "Traceback" not in r.err
    assert took < 1.0, f"took {took:.2f} s"
    assert snapshot(journal) == before


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_dev_zero_is_refused(cli, journal):
    for fmt in ([], ["--format", "csv"], ["--format", "json"]):
        _refused_quickly(cli, journal, *fmt, "/dev/zero", words="device")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_without_waiting_for_a_writer(cli, journal, tmp_path):
    fifo = tmp_path / "in.csv"
    os.mkfifo(fifo)
    _refused_quickly(cli, journal, str(fifo), words="pipe (FIFO)")


def test_a_folder_is_refused(cli, journal, tmp_path):
    (tmp_path / "folder.csv").mkdir()
    _refused_quickly(cli, journal, str(tmp_path / "folder.csv"), words="folder")


def test_a_file_over_the_bound_is_refused_before_reading(cli, journal, tmp_path, monkeypatch):
    from homelog.service import import_source

    monkeypatch.setattr(import_source, "MAX_BYTES", 1000)
    big = tmp_path / "big.csv"
    big.write_text("date,area,needle_mm\n" + "2025-02-01,face,0.2\n" * 100)  # 2,020 bytes
    _refused_quickly(cli, journal, str(big), words="larger than")
    small = tmp_path / "small.csv"
    small.write_text("date,area,needle_mm\n2025-02-01,face,0.2\n")
    assert cli("import", str(small), db=journal).code == 0


def test_standard_input_is_read_up_to_the_bound(journal, monkeypatch, capsys):
    """A pipe that goes on past the bound is refused once it gets there (nothing written)."""
    import io
    import sys

    from homelog.cli.main import main
    from homelog.service import import_source

    monkeypatch.setattr(import_source, "MAX_BYTES", 4096)
    before = snapshot(journal)
    body = b"date,area,needle_mm\n" + b"2025-02-01,face,0.2\n" * 1000
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(body)))
    assert main(["--db", str(journal), "import", "-"]) == ExitCode.BAD_INPUT
    assert "goes on past" in capsys.readouterr().err
    assert snapshot(journal) == before


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_dev_zero_on_standard_input_is_refused(journal):
    before = snapshot(journal)
    with open("/dev/zero", "rb") as zero:
        start = time.monotonic()
        proc = subprocess.run(
            homelog_cmd(journal, "import", "-"), stdin=zero, capture_output=True, text=True, env=child_env(), timeout=30
        )
    assert proc.returncode == ExitCode.BAD_INPUT, proc.stderr
    assert "device" in proc.stderr and "Traceback" not in proc.stderr
    assert time.monotonic() - start < 10  # a process start and a refusal, not a read of /dev/zero
    assert snapshot(journal) == before


def test_json_nested_100000_deep_is_refused(cli, journal, tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    _refused_quickly(cli, journal, str(deep), words="nested too deeply")
    deep.write_text('{"format": "homelog", "version": 1, "sessions": [' + '{"notes": ' * 50_000 + "1" + "}" * 50_000 + "]}")
    _refused_quickly(cli, journal, str(deep), words="nested too deeply")

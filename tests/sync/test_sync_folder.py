"""A sync folder is read safely: a FIFO, a device or a link out of the folder
is skipped with a warning naming it, an oversized file is refused without
being read, and a file name is never shown raw (each case within seconds, in
a real process, so a hang would fail rather than stall the suite)."""

from __future__ import annotations

import json
import os
import time
from types import SimpleNamespace

import pytest

from homelog.errors import ExitCode

from .conftest import PASSPHRASE, TODAY

LIMIT_MB = 64


@pytest.fixture
def folder(tmp_path, run_homelog, isolated_home):
    """A folder that journal a has set up, synced once."""
    path = tmp_path / "Sync"
    path.mkdir()
    env = {"HOMELOG_SYNC_PASSPHRASE": PASSPHRASE, "HOMELOG_CONFIG_DIR": str(isolated_home / "config" / "homelog")}
    r = run_homelog("add", "--area", "face", "--needle", "0.25", "--date", "2025-02-01", db=tmp_path / "a.db", env=env)
    assert r.code == 0, r.err

    def sync(*args, timeout=20):
        start = time.monotonic()
        r = run_homelog("sync", str(path), *args, db=tmp_path / "b.db", env=env, timeout=timeout, today=TODAY)
        return r, time.monotonic() - start

    r = run_homelog("sync", str(path), db=tmp_path / "a.db", env=env)
    assert r.code == 0, r.err
    return SimpleNamespace(path=path, sync=sync)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_skipped_with_a_warning(folder):
    os.mkfifo(folder.path / "x.homelog-sync.json")
    r, took = folder.sync()
    assert r.code == 0, r.err
    assert "skipped x.homelog-sync.json" in r.err and "FIFO" in r.err
    assert "1 session added" in r.out and took < 15


def test_a_link_to_dev_zero_is_skipped_with_a_warning(folder):
    os.symlink("/dev/zero", folder.path / "zero.homelog-sync.json")
    r, took = folder.sync()
    assert r.code == 0, r.err
    assert "skipped zero.homelog-sync.json" in r.err and "outside the folder" in r.err
    assert took < 15


def test_a_link_out_of_the_folder_to_a_real_file_is_skipped(folder, tmp_path):
    outside = tmp_path / "elsewhere.json"
    outside.write_text("{}")
    os.symlink(outside, folder.path / "out.homelog-sync.json")
    r, _ = folder.sync()
    assert r.code == 0 and "skipped out.homelog-sync.json" in r.err


def test_a_folder_with_a_sync_files_name_is_skipped(folder):
    (folder.path / "dir.homelog-sync.json").mkdir()
    r, _ = folder.sync()
    assert r.code == 0 and "skipped dir.homelog-sync.json" in r.err and "a folder" in r.err


def test_an_oversized_file_is_refused_without_being_read(folder, tmp_path):
    big = folder.path / ("f" * 32 + ".homelog-sync.json")
    with open(big, "wb") as fh:
        fh.truncate(LIMIT_MB * 1024 * 1024 + 1)  # sparse: nothing to read but zeros
    before = (tmp_path / "b.db").exists()
    r, took = folder.sync()
    assert r.code == ExitCode.BAD_INPUT, r.err
    assert big.name in r.err and f"larger than {LIMIT_MB} MB" in r.err
    assert took < 15
    own = [p for p in folder.path.iterdir() if p.name != big.name]
    assert len(own) == 2 and before is False  # the header and a's file: b wrote nothing


def test_a_file_name_with_escapes_is_shown_escaped(folder):
    name = "evil\x1b]0;pwned\x07\n\x1b[2J.homelog-sync.json"
    (folder.path / name).write_text(json.dumps({"format": "something-else"}))
    r, _ = folder.sync()
    assert r.code == ExitCode.BAD_INPUT
    assert "\x1b" not in r.err and "\x07" not in r.err and r.err.count("\n") == 1
    assert "evil\\x1b]0;pwned\\x07\\n\\x1b[2J.homelog-sync.json" in r.err

"""A peer with the passphrase can still send values homelog would never take
from its user (an older or buggy homelog, a journal edited by hand). Each is
refused: exit 2 naming the file, the record's kind and uid and what is wrong;
the victim's journal is byte-identical and its own sync file unchanged; every
command still works on it. The peer's own sync refuses to spread them, so the
tests make the peer's file as a homelog without that check would."""

from __future__ import annotations

import contextlib
import io
import shutil
import sqlite3
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from homelog.cli.main import main
from homelog.errors import ExitCode
from homelog.service import sync_checks
from homelog.store import versions

from .conftest import TODAY, journal_id

NOW = datetime(2025, 3, 1, 12, 0, 0)
LATER = "2025-03-01 13:00:00.000000"  # a version that wins, within 24 hours of NOW


def run(db: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--db", str(db), *args], today=lambda: TODAY)
    return code, out.getvalue(), err.getvalue()


def ok(db: Path, *args: str) -> str:
    code, out, err = run(db, *args)
    assert code == 0, err
    return out


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """peer and victim, each with a device, a session, an observation and a condition, synced."""
    root = tmp_path_factory.mktemp("hostile")
    folder = root / "Sync"
    folder.mkdir()
    with mock.patch.object(versions, "clock", lambda: NOW), _env(root):
        for name in ("peer", "victim"):
            db = root / f"{name}.db"
            ok(db, "device", "add", "--name", f"{name} roller", "--kind", "roller", "--needle", "0.5")
            ok(db, "add", "--area", "face", "--device", "1", "--date", "2025-02-01", "--notes", f"{name} note")
            ok(db, "react", "1", "--redness", "1", "--date", "2025-02-02")
            ok(db, "condition", "add", "retinoid", "--area", "face", "--from", "2025-01-01", "--to", "2025-01-20")
        for name in ("peer", "victim", "peer"):
            ok(root / f"{name}.db", "sync", str(folder))
    return root


@contextlib.contextmanager
def _env(root: Path):
    from tests.sync.conftest import PASSPHRASE
    from homelog.transfer import sync_crypto

    with mock.patch.dict("os.environ", {"HOMELOG_SYNC_PASSPHRASE": PASSPHRASE, "HOMELOG_CONFIG_DIR": str(root / "config")}), mock.patch.object(
        sync_crypto, "SCRYPT_N", 2**10
    ):
        yield


@contextlib.contextmanager
def copy_of(template: Path):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "w"
        shutil.copytree(template, root, symlinks=True)
        with _env(root), mock.patch.object(versions, "clock", lambda: NOW + timedelta(hours=2)):
            yield root


TABLE = {"sessions": "sessions", "devices": "devices", "reactions": "reactions", "conditions": "conditions"}


def tamper(db: Path, table: str, field: str, value, *, bump: bool = True) -> str:
    """Set ``field`` of the peer's one record of ``table`` with plain sqlite3 -> its uid."""
    con = sqlite3.connect(db)
    try:
        uid = con.execute(f"SELECT uid FROM {table} ORDER BY id LIMIT 1").fetchone()[0]
        sets = f'"{field}" = ?' + (", updated_at = ?" if bump and field != "updated_at" else "")
        params = [value] + ([LATER] if bump and field != "updated_at" else [])
        con.execute(f"UPDATE {table} SET {sets} WHERE uid = ?", [*params, uid])
        con.commit()
        return uid
    finally:
        con.close()


def peer_spreads(root: Path) -> None:
    """The peer's sync, as a homelog that does not check what it writes."""
    with mock.patch.object(sync_checks.Checker, "check_own", lambda self, final: None):
        code, _, err = run(root / "peer.db", "sync", str(root / "Sync"))
    assert code == 0, err


def snapshot(root: Path) -> tuple[bytes, bytes]:
    victim = root / "victim.db"
    own = root / "Sync" / f"{journal_id(victim)}.homelog-sync.json"
    return victim.read_bytes(), own.read_bytes()


def assert_refused(root: Path, kind: str, uid: str) -> str:
    before = snapshot(root)
    code, out, err = run(root / "victim.db", "sync", str(root / "Sync"))
    assert code == ExitCode.BAD_INPUT, out + err
    peer_file = f"{journal_id(root / 'peer.db')}.homelog-sync.json"
    assert peer_file in err and f"{kind} {uid}" in err, err
    assert "nothing was merged" in err
    assert snapshot(root) == before
    return err


def assert_still_works(root: Path) -> None:
    victim = root / "victim.db"
    for args in (("list",), ("status",), ("check", "--area", "face", "--needle", "0.25"), ("export", "--format", "json"),
                 ("device", "list"), ("condition", "list"), ("react", "1")):
        code, _, err = run(victim, *args)
        assert code in (0, 3), (args, err)
    ok(victim, "edit", "1", "--notes", "still editable")
    ok(victim, "undo")


# table, field, value: the values the issue found merged as they were.
CASES = [
    ("sessions", "date", "9999-12-31"),
    ("sessions", "date", "2026-02-30"),
    ("sessions", "date", 20250101),
    ("sessions", "needle_um", -5),
    ("sessions", "needle_um", 999_999),
    ("sessions", "needle_um", "abc"),
    ("sessions", "needle_um", str(2**70)),
    ("sessions", "notes", "a\x00b"),
    ("sessions", "notes", "\x1b]0;pwned\x07\x1b[2J"),
    ("sessions", "notes", "x" * 3_000_000),
    ("sessions", "disinfected", 7),
    ("sessions", "deleted_at", "yes"),
    ("sessions", "area", "nose"),
    ("sessions", "updated_at", "9999-12-31 23:59:59.999999"),
    ("sessions", "updated_at", "zzz"),
    ("sessions", "updated_at", "2025-03-03 12:00:00.000000"),  # more than 24 hours ahead
    ("sessions", "origin", "not-a-journal"),
    ("reactions", "redness", 99),
    ("reactions", "date", "2025-01-15"),  # before its session
    ("conditions", "kind", "flu"),
    ("conditions", "area", "nose"),
    ("conditions", "end", "2024-12-01"),  # before its start
    ("devices", "kind", "laser"),
    ("devices", "name", "\x1b[31mred"),
]
KIND = {"sessions": "session", "devices": "device", "reactions": "observation", "conditions": "condition"}


@pytest.mark.parametrize("table,field,value", CASES, ids=[f"{t}.{f}={str(v)[:20]!r}" for t, f, v in CASES])
def test_a_hostile_value_is_refused_and_the_victim_is_untouched(template, table, field, value):
    with copy_of(template) as root:
        uid = tamper(root / "peer.db", table, field, value)
        peer_spreads(root)
        err = assert_refused(root, KIND[table], uid)
        assert field.split("_")[0] in err.lower(), err
        assert "\x1b" not in err and "\x00" not in err
        assert_still_works(root)


def test_the_peer_does_not_spread_what_it_would_not_accept(template):
    with copy_of(template) as root:
        peer = root / "peer.db"
        own = root / "Sync" / f"{journal_id(peer)}.homelog-sync.json"
        before_file, before_db = own.read_bytes(), peer.read_bytes()
        uid = tamper(peer, "sessions", "disinfected", 7)
        before_db = peer.read_bytes()
        code, _, err = run(peer, "sync", str(root / "Sync"))
        assert code == ExitCode.BAD_INPUT
        assert "this journal's session " + uid in err and "disinfected" in err and "not spread" in err
        assert own.read_bytes() == before_file and peer.read_bytes() == before_db


AREAS = {"face", "neck", "chest", "scalp", "hands", "arms", "legs", "abdomen", "back", "buttocks"}
_ints = st.integers(-(2**63), 2**63 - 1)
_text = st.text(max_size=30)
HOSTILE = st.one_of(
    st.tuples(st.just("sessions"), st.just("area"), _text.filter(lambda t: t not in AREAS)),
    st.tuples(st.just("sessions"), st.just("needle_um"), _ints.filter(lambda n: not (100 <= n <= 3000 and n % 10 == 0))),
    st.tuples(st.just("sessions"), st.just("needle_um"), st.floats(allow_nan=False) | _text),
    st.tuples(st.just("sessions"), st.just("date"), st.dates(min_value=date(2025, 3, 4)).map(date.isoformat)),
    st.tuples(st.just("sessions"), st.just("date"), _text.filter(lambda t: not (len(t) == 10 and t[4] == "-"))),
    st.tuples(st.just("sessions"), st.just("notes"), st.tuples(_text, st.sampled_from("\x00\x1b\x07\x7f\x0b\x1f\r"), _text).map("".join)),
    st.tuples(st.just("sessions"), st.just("disinfected"), _ints.filter(lambda n: n not in (0, 1)) | _text),
    # A version that sorts above the peer's own (else the peer's merge puts its own back).
    st.tuples(st.just("sessions"), st.just("updated_at"), _text.filter(lambda t: t > "2026") | st.datetimes(min_value=datetime(2025, 3, 2, 14, 0, 1)).map(versions.stamp)),
    st.tuples(st.just("reactions"), st.just("redness"), _ints.filter(lambda n: not 0 <= n <= 3) | _text),
    st.tuples(st.just("reactions"), st.just("date"), st.dates(max_value=date(2025, 1, 31)).map(date.isoformat)),
    st.tuples(st.just("conditions"), st.just("kind"), _text.filter(lambda t: t.strip().lower() not in {"retinoid", "pregnancy", "breastfeeding", "isotretinoin", "cold-sore", "infection", "skin-flare", "acne", "anticoagulant", "keloid", "peel", "sunburn"})),
    st.tuples(st.just("conditions"), st.just("end"), st.dates(max_value=date(2024, 12, 31)).map(date.isoformat)),
    st.tuples(st.just("devices"), st.just("kind"), _text.filter(lambda t: t not in ("roller", "stamp", "pen"))),
    st.tuples(st.just("devices"), st.just("needle_um"), _ints.filter(lambda n: not (100 <= n <= 3000 and n % 10 == 0))),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(HOSTILE)
def test_random_hostile_values_are_refused_and_the_victim_is_byte_identical(template, case):
    table, field, value = case
    with copy_of(template) as root:
        try:
            uid = tamper(root / "peer.db", table, field, value)
        except (sqlite3.Error, OverflowError, ValueError):
            assume(False)
        peer_spreads(root)
        assert_refused(root, KIND[table], uid)
        assert_still_works(root)

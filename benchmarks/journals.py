"""Building the benchmark's journals (10, 100, 10,000 and 100,000 sessions).

Journals are made through homelog's own code: ``open_database`` creates the
file (schema, WAL, application id, revision stamp), then the rows go in
through one ``Database.raw(write=True)`` transaction, with
``homelog.store.bulk.insert_device`` / ``insert_sessions``. A journal whose
schema revision is not homelog's current one is rebuilt (``at_head``).

The data is deterministic (seeded) and shaped like a real journal:

* 10 areas, needles 0.25-1.5 mm (mostly short), notes of about 40 characters,
  most sessions disinfected;
* the last ``RECENT_DAYS`` days hold a *realistic* density: every area is
  treated every 8-20 days. A person cannot log 27 sessions a day, so the
  windows that ``status``/``check`` read (at most 56 days back) hold about as
  many sessions in every journal; only the *older* history grows with the
  journal size. (Spreading 100,000 sessions evenly would put ~1,500 sessions
  in the status window, which measures an impossible density, not size.)
* the rest is spread evenly over the ``YEARS`` years before that;
* 70 % of the sessions use a device; a device is replaced after
  ``USES_PER_DEVICE`` uses (as the device-wear rule asks), so the 100,000
  journal holds ~4,700 devices, all retired but the last one, which is the
  one ``check`` is run with. Rollers and stamps carry their fixed needle.
"""

from __future__ import annotations

import json
import random
import sqlite3
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

#: Bump when the generated data changes: journals built by another version are rebuilt.
GENERATOR_VERSION = 4

TODAY = date(2025, 3, 1)
AREAS = ("face", "neck", "chest", "scalp", "hands", "arms", "legs", "abdomen", "back", "buttocks")
#: needle (µm) -> weight
NEEDLES = {250: 30, 300: 15, 500: 25, 750: 12, 1000: 12, 1500: 6}
RECENT_DAYS = 120
YEARS = 15
DEVICE_SHARE = 0.7
USES_PER_DEVICE = 15
BUILT_AT = datetime(2025, 3, 1, 9, 0, 0)

_NOTES = (
    "evening, serum after, slight redness",
    "morning session; skin calm afterwards",
    "hyaluronic serum, no pinpoint bleeding",
    "a little stinging on the second pass",
    "used numbing cream for twenty minutes",
    "redness gone by the next morning, fine",
    "short session, skin felt a bit dry",
    "cleaned with 70% alcohol before/after",
)


@dataclass(frozen=True)
class Built:
    path: Path
    sessions: int
    devices: int
    current_device: int | None  # the last (active) device: ``check`` uses it
    seconds: float
    via: str  # how the rows went in ("homelog.store.bulk")

    def to_json(self) -> dict:
        return {
            "path": str(self.path),
            "sessions": self.sessions,
            "devices": self.devices,
            "current_device": self.current_device,
            "seconds": round(self.seconds, 2),
            "via": self.via,
            "generator": GENERATOR_VERSION,
        }


def _note(rng: random.Random) -> str:
    text = rng.choice(_NOTES)
    return (text + " " * 40)[:40].rstrip() if rng.random() < 0.9 else ""


def _needle(rng: random.Random) -> int:
    return rng.choices(list(NEEDLES), weights=list(NEEDLES.values()))[0]


def _uid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def plan_sessions(n: int, seed: int = 7) -> tuple[list[dict], list[dict]]:
    """``n`` sessions (oldest first) and the devices they use (in creation order)."""
    rng = random.Random(seed)
    # Recent, realistic history: per area, one session every 8-20 days, newest first,
    # interleaved across areas so that a small journal still covers every area.
    per_area: list[list[date]] = []
    for _ in AREAS:
        day = TODAY - timedelta(days=rng.randint(0, 6))
        dates = []
        while (TODAY - day).days < RECENT_DAYS:
            dates.append(day)
            day -= timedelta(days=rng.randint(8, 20))
        per_area.append(dates)
    recent: list[tuple[date, str]] = []
    for i in range(max(len(d) for d in per_area)):
        for area, dates in zip(AREAS, per_area):
            if i < len(dates):
                recent.append((dates[i], area))
    chosen = recent[:n]
    older = n - len(chosen)
    if older > 0:
        end = TODAY - timedelta(days=RECENT_DAYS)
        span = YEARS * 365
        for _ in range(older):
            chosen.append((end - timedelta(days=rng.randrange(span)), rng.choice(AREAS)))
    chosen.sort(key=lambda pair: pair[0])

    sessions: list[dict] = []
    devices: list[dict] = []
    current: dict | None = None
    for day, area in chosen:
        needle = _needle(rng)
        device_index = None
        if rng.random() < DEVICE_SHARE:
            if current is None or current["uses"] >= USES_PER_DEVICE:
                if current is not None:
                    current["retired"] = True
                kind = rng.choices(("pen", "roller", "stamp"), weights=(6, 3, 1))[0]
                fixed = rng.choice((250, 500, 750, 1000)) if kind != "pen" else None
                current = {
                    "uid": _uid(rng),
                    "name": f"{kind} #{len(devices) + 1}",
                    "kind": kind,
                    "needle_um": fixed,
                    "at": datetime.combine(day, datetime.min.time()),
                    "retired": False,
                    "uses": 0,
                }
                devices.append(current)
            current["uses"] += 1
            device_index = len(devices) - 1
            if current["needle_um"] is not None:
                needle = current["needle_um"]
        roll = rng.random()
        sessions.append(
            {
                "uid": _uid(rng),
                "date": day.isoformat(),
                "area": area,
                "needle_um": needle,
                "device": device_index,
                "disinfected": 1 if roll < 0.85 else (0 if roll < 0.95 else None),
                "notes": _note(rng),
            }
        )
    return sessions, devices


#: Whether this process built a journal (``run.py`` then measures in a fresh one).
built_here = False


def build(path: Path, n: int, *, seed: int = 7) -> Built:
    """(Re)create the journal at ``path`` with ``n`` sessions."""
    global built_here
    built_here = True
    import time

    from homelog.store import bulk, open_database, versions
    from homelog.store.queries import stamp

    start = time.perf_counter()
    for suffix in ("", "-wal", "-shm", ".meta.json"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    sessions, devices = plan_sessions(n, seed)
    db = open_database(path)
    try:
        with db.raw(write=True) as con:
            origin = versions.journal_id(con)
            ids = [
                bulk.insert_device(
                    con,
                    uid=d["uid"],
                    name=d["name"],
                    kind=d["kind"],
                    needle_um=d["needle_um"],
                    at=versions.WriteStamp(d["at"], stamp(d["at"]), origin),
                    retired=d["retired"],
                )
                for d in devices
            ]
            rows = (
                (
                    s["uid"],
                    s["date"],
                    s["area"],
                    s["needle_um"],
                    None if s["device"] is None else ids[s["device"]],
                    s["disinfected"],
                    s["notes"],
                    None,
                    None,
                )
                for s in sessions
            )
            bulk.insert_sessions(con, rows, versions.WriteStamp(BUILT_AT, stamp(BUILT_AT), origin))
    finally:
        db.close()
    built = Built(
        path=path,
        sessions=n,
        devices=len(devices),
        current_device=ids[-1] if devices else None,
        seconds=time.perf_counter() - start,
        via="homelog.store.bulk",
    )
    _meta_path(path).write_text(json.dumps(built.to_json(), indent=1))
    return built


def _meta_path(path: Path) -> Path:
    return Path(str(path) + ".meta.json")


def load(path: Path, n: int) -> Built | None:
    """The journal at ``path`` if it was built with ``n`` sessions by this generator version."""
    meta = _meta_path(path)
    if not path.is_file() or not meta.is_file():
        return None
    try:
        info = json.loads(meta.read_text())
    except ValueError:
        return None
    if info.get("generator") != GENERATOR_VERSION or info.get("sessions") != n or not at_head(path):
        return None
    return Built(
        path=path,
        sessions=n,
        devices=info["devices"],
        current_device=info["current_device"],
        seconds=info["seconds"],
        via=info["via"],
    )


def at_head(path: Path) -> bool:
    """Whether the journal at ``path`` carries homelog's current schema revision.

    A journal left by an older homelog would be migrated by the first measured
    run (and backed up, with Alembic imported), so it is rebuilt instead.
    """
    from homelog.store.schema import HEAD

    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            found = con.execute("SELECT version_num FROM alembic_version").fetchall()
        finally:
            con.close()
    except sqlite3.Error:
        return False
    return found == [(HEAD,)]


def ensure(path: Path, n: int, *, rebuild: bool = False) -> Built:
    found = None if rebuild else load(path, n)
    return found or build(path, n)


def make_empty(path: Path) -> Path:
    """A new, empty journal made by homelog itself (the target of the import runs)."""
    from homelog.store import open_database

    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    open_database(path).close()
    return path

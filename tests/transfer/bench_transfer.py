"""Measure export / import at scale (not a test; run by hand):

    python tests/transfer/bench_transfer.py [ROWS] [--keep DIR]

1. writes a hand-made-style CSV of ROWS sessions (default 100,000) and times
   ``homelog import`` of it into a new journal (a subprocess);
2. times ``homelog export -o FILE`` against the floor: a plain ``sqlite3`` +
   ``csv`` loop over the same rows, plus ``import sqlalchemy`` (min of 5 runs);
3. peak memory (ru_maxrss of the child) of an export of 100 vs ROWS sessions.
"""

from __future__ import annotations

import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AREAS = ["face", "neck", "chest", "scalp", "hands", "arms", "legs", "abdomen", "back", "buttocks"]
NEEDLES = ["0.25", "0.5", "0.75", "1.0", "1.5", "0.2", "0.3"]

FLOOR = r"""
import csv, sqlite3, sys
import sqlalchemy  # the floor includes the SQLAlchemy import
con = sqlite3.connect(sys.argv[1])
with open(sys.argv[2], "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow("uid,id,date,area,needle_mm,device,disinfected,notes,override_reason,overridden_rules,device_uid,device_kind,device_needle_mm".split(","))
    w.writerows(con.execute(
        "SELECT s.uid, s.id, s.date, s.area, s.needle_um, d.name, s.disinfected, s.notes, s.override_reason,"
        " s.overridden_rules, d.uid, d.kind, d.needle_um FROM sessions s LEFT JOIN devices d ON d.id = s.device_id"
        " WHERE s.deleted_at IS NULL ORDER BY s.date, s.id"))
"""


def make_csv(path: Path, rows: int) -> None:
    rnd = random.Random(5)
    start = date(2025, 5, 31) - timedelta(days=rows // 4)
    words = "calm red slight tingle ok fine =SUM(A1) +1 -2 @x 'q \"quoted\" comma, newline\nhere é ü 😀".split(" ")
    with open(path, "w", newline="", encoding="utf-8") as f:
        import csv

        w = csv.writer(f)
        w.writerow(["date", "area", "needle_mm", "device", "device_kind", "device_needle_mm", "disinfected", "notes"])
        for i in range(rows):
            day = start + timedelta(days=i // 4)
            device = rnd.choice(["", "", "Pen", "Roller 0.5"])
            kind = {"": "", "Pen": "pen", "Roller 0.5": "roller"}[device]
            needle = "0.5" if device == "Roller 0.5" else rnd.choice(NEEDLES)
            w.writerow(
                [
                    day.isoformat(),
                    AREAS[i % 10],
                    needle,
                    device,
                    kind,
                    "0.5" if kind == "roller" else "",
                    rnd.choice(["true", "false", ""]),
                    " ".join(rnd.choice(words) for _ in range(rnd.randint(0, 8))),
                ]
            )


def run(argv: list[str], env: dict) -> tuple[float, int, subprocess.CompletedProcess]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if done.returncode:
        sys.exit(f"{argv} failed: {done.stderr}")
    return elapsed, before.ru_maxrss, done


def maxrss_of(argv: list[str], env: dict) -> int:
    """Peak RSS (KiB) of one child, measured by a wrapper process."""
    code = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, capture_output=True);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code, *argv], env=env, capture_output=True, text=True, check=True)
    return int(out.stdout.strip())


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 100_000
    work = Path(tempfile.mkdtemp(prefix="homelog-bench-"))
    env = dict(os.environ, HOMELOG_CONFIG_DIR=str(work / "cfg"), HOMELOG_TODAY="2025-06-01", PYTHONPATH=str(ROOT))
    hl = [sys.executable, "-m", "homelog"]
    try:
        src = work / "big.csv"
        make_csv(src, rows)
        db = work / "big.db"
        t_import, _, done = run(hl + ["--db", str(db), "import", str(src), "--json"], env)
        print(f"import {rows:,} rows: {t_import:.2f} s (subprocess, whole command)")
        small_src = work / "small.csv"
        make_csv(small_src, 100)
        small = work / "small.db"
        run(hl + ["--db", str(small), "import", str(small_src)], env)

        exports, floors = [], []
        for _ in range(5):
            exports.append(run(hl + ["--db", str(db), "export", "-o", str(work / "out.csv")], env)[0])
            floors.append(run([sys.executable, "-c", FLOOR, str(db), str(work / "floor.csv")], env)[0])
        e, f = min(exports), min(floors)
        print(f"export {rows:,} rows: {e:.3f} s; floor {f:.3f} s; ratio {e / f:.2f} (min of 5)")
        for name, path in (("100", small), (f"{rows:,}", db)):
            kib = maxrss_of(hl + ["--db", str(path), "export", "-o", str(work / "m.csv")], env)
            print(f"export peak RSS with {name} sessions: {kib / 1024:.1f} MiB")
        kib = maxrss_of([sys.executable, "-c", FLOOR, str(db), str(work / "floor.csv")], env)
        print(f"floor peak RSS with {rows:,} sessions: {kib / 1024:.1f} MiB")
        if "--keep" in sys.argv:
            print("kept", work)
            return
    finally:
        if "--keep" not in sys.argv:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

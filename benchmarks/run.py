#!/usr/bin/env python3
"""homelog's performance benchmark (issue 7): ratios against floors.

    python benchmarks/run.py            # default: 11 runs per side (9 for the heavy rows), ~2-3 min
    python benchmarks/run.py --quick    # 3 runs per side, ~1 min
    python benchmarks/run.py --json     # one JSON document on stdout instead of the table
    python benchmarks/run.py --rebuild  # rebuild the journals in benchmarks/.work/ first

Every figure is a whole process (a fresh interpreter), timed from this
script with ``time.perf_counter`` around ``subprocess.Popen`` + ``wait``;
runs alternate figure / floor (the order swapped every pair) and each side
keeps its median. The verdict compares median(figure) / median(floor) with
the budget. Peak memory is each child's own ``ru_maxrss`` (``os.wait4``).
``harness.py`` runs and measures, ``rows.py`` says what is measured,
``report.py`` prints it; benchmarks/README.md says what each row means.
Exit status: 0 when every measured row is within budget, 1 when one is OVER.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH), str(BENCH.parent)]

import harness  # noqa: E402  (benchmarks/harness.py)
import journals  # noqa: E402
from report import print_report  # noqa: E402
from rows import SIZES, build_rows, journal_path  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="homelog's performance benchmark (ratios against floors).")
    ap.add_argument("--quick", action="store_true", help="3 runs per side instead of 11 (9 for heavy rows)")
    ap.add_argument("--runs", type=int, metavar="N", help="runs per side for every row (overrides --quick)")
    ap.add_argument("--rebuild", action="store_true", help="rebuild the journals in benchmarks/.work/")
    ap.add_argument("--json", action="store_true", help="print one JSON document on stdout instead of the table")
    ap.add_argument("--only", metavar="KEYS", help="comma-separated row keys to run (e.g. status-100k,export-100k)")
    args = ap.parse_args(argv)

    started = time.perf_counter()
    harness.WORK.mkdir(parents=True, exist_ok=True)
    (harness.WORK / "config").mkdir(exist_ok=True)
    harness.ENV.update(harness.child_env())

    harness.log("journals:")
    built: dict[int, journals.Built] = {}
    for n in SIZES:
        b = journals.ensure(journal_path(n), n, rebuild=args.rebuild)
        built[n] = b
        harness.log(f"  {n:>7,} sessions, {b.devices:>5,} devices: {b.path.name} (built via {b.via} in {b.seconds:.1f} s)")
    if journals.built_here:
        # Linux counts the memory a process had when it forked a child in that
        # child's peak RSS: building the journals made this one large, so the
        # measuring goes on in a fresh interpreter (which finds them built).
        harness.log("journals built: measuring in a fresh process")
        again = [a for a in (sys.argv[1:] if argv is None else argv) if a != "--rebuild"]
        sys.stdout.flush()
        sys.stderr.flush()
        os.execv(sys.executable, [sys.executable, str(Path(__file__).resolve()), *again])

    rows = build_rows(built, rebuild=args.rebuild)
    if args.only:
        wanted = set(args.only.split(","))
        unknown = wanted - {r.key for r in rows}
        if unknown:
            ap.error(f"unknown row keys: {', '.join(sorted(unknown))} (known: {', '.join(r.key for r in rows)})")
        rows = [r for r in rows if r.key in wanted]
    harness.log("measuring (figure / floor alternating):")
    done: dict[str, harness.Row] = {}
    for row in rows:
        if args.runs:
            runs = args.runs
        elif args.quick:
            runs = 3
        else:
            runs = 9 if row.heavy else 11
        harness.measure(row, runs, done)
        done[row.key] = row

    total = time.perf_counter() - started
    now = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    mode = f"{args.runs} runs" if args.runs else ("quick" if args.quick else "default")
    print_report(rows, built, mode=mode, seconds=total, now=now, as_json=args.json)
    over = [r for r in rows if r.verdict == "OVER"]
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())

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
See benchmarks/README.md for what each row means and how floors are built.
Exit status: 0 when every measured row is within budget, 1 when one is OVER.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DRIVERS = BENCH / "drivers"
WORK = BENCH / ".work"
sys.path[:0] = [str(BENCH), str(ROOT)]

import journals  # noqa: E402  (benchmarks/journals.py)

TODAY = journals.TODAY.isoformat()
CACHE = WORK / "cache"
SIZES = (10, 100, 10_000, 100_000)
PY = sys.executable


def log(*parts: object) -> None:
    print(*parts, file=sys.stderr, flush=True)


# -- running one child -------------------------------------------------------------


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    for name in ("HOMELOG_DB", "PYTHONDONTWRITEBYTECODE", "PYTHONPROFILEIMPORTTIME", "PYTHONTRACEMALLOC"):
        env.pop(name, None)
    env.update(
        HOMELOG_TODAY=TODAY,
        HOMELOG_CONFIG_DIR=str(WORK / "config"),  # empty: the default rules apply
        XDG_DATA_HOME=str(WORK / "xdg" / "data"),
        XDG_CONFIG_HOME=str(WORK / "xdg" / "config"),
        XDG_CACHE_HOME=str(WORK / "xdg" / "cache"),
        HOMELOG_CACHE_DIR=str(CACHE),  # "this file passed quick_check" markers
        PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p),
        HOMELOG_BENCH_OUT=str(WORK / "moment.txt"),
    )
    return env


class RunFailed(Exception):
    def __init__(self, cmd: list[str], code: int, stderr: str):
        self.cmd, self.code, self.stderr = cmd, code, stderr
        last = stderr.strip().splitlines()[-1] if stderr.strip() else ""
        super().__init__(f"exit {code}: {last[:160]}")


@dataclass(frozen=True)
class Command:
    """One child process: argv, plus what to do before it and how to read its figure."""

    argv: tuple[str, ...]
    before: Callable[[], None] | None = None
    ok: tuple[int, ...] = (0,)
    frame: bool = False  # the child writes the moment of its first filled frame

    def run(self) -> "Sample":
        if self.before is not None:
            self.before()
        moment_file = WORK / "moment.txt"
        if self.frame:
            moment_file.unlink(missing_ok=True)
        err_path = WORK / "stderr.txt"
        with open(err_path, "w+b") as err:
            wall0 = time.time()
            t0 = time.perf_counter()
            proc = subprocess.Popen(
                self.argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err, env=ENV, cwd=ROOT
            )
            rss_kb: float | None = None
            cpu: float | None = None
            if hasattr(os, "wait4"):
                _, status, usage = os.wait4(proc.pid, 0)
                elapsed = time.perf_counter() - t0
                proc.returncode = os.waitstatus_to_exitcode(status)
                # ru_maxrss: kilobytes on Linux, bytes on macOS.
                rss_kb = usage.ru_maxrss / 1024 if sys.platform == "darwin" else float(usage.ru_maxrss)
                cpu = usage.ru_utime + usage.ru_stime
            else:  # Windows: no per-child peak memory
                proc.wait()
                elapsed = time.perf_counter() - t0
            err.seek(0)
            stderr = err.read().decode("utf-8", "replace")
        if proc.returncode not in self.ok:
            raise RunFailed(list(self.argv), proc.returncode, stderr)
        if self.frame:
            try:
                elapsed = float(moment_file.read_text()) - wall0
            except (OSError, ValueError):
                raise RunFailed(list(self.argv), proc.returncode, "no first-frame moment was written") from None
        return Sample(elapsed, rss_kb, cpu)


@dataclass(frozen=True)
class Sample:
    seconds: float  # wall clock: the whole process, or start -> first frame
    rss_kb: float | None  # the child's peak resident memory
    cpu: float | None  # the child's user + system CPU seconds (diagnostic, in --json)


ENV: dict[str, str] = {}


def homelog(db: Path, *args: str, **kw) -> Command:
    return Command((PY, "-m", "homelog", "--db", str(db), *args), **kw)


def driver(name: str, *args: str, **kw) -> Command:
    return Command((PY, str(DRIVERS / name), *args), **kw)


def has_command(name: str) -> bool:
    """Whether ``homelog NAME`` exists (argparse answers --help with 0, an unknown command with 2)."""
    proc = subprocess.run(
        [PY, "-m", "homelog", name, "--help"], capture_output=True, env=ENV, cwd=ROOT, stdin=subprocess.DEVNULL
    )
    return proc.returncode == 0


def has_tui() -> str | None:
    """None when ``homelog.tui.make_app`` and its app import; else why not."""
    proc = subprocess.run(
        [PY, "-c", "from homelog.tui import make_app; import homelog.tui.app"],
        capture_output=True,
        text=True,
        env=ENV,
        cwd=ROOT,
    )
    if proc.returncode == 0:
        return None
    last = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else f"exit {proc.returncode}"
    return last


# -- rows ----------------------------------------------------------------------------


@dataclass
class Row:
    key: str
    figure: str
    floor: str
    budget: float
    fig: Command | None
    flo: Command | None
    metric: str = "time"  # "time" (seconds) or "rss" (peak KB)
    heavy: bool = False
    na: str | None = None  # why the row cannot be measured
    reuse_figure_of: str | None = None  # take the figure's samples from another row
    # results
    fig_samples: list[Sample] = field(default_factory=list)
    flo_samples: list[Sample] = field(default_factory=list)
    error: str | None = None

    def values(self, samples: list[Sample]) -> list[float]:
        if self.metric == "rss":
            return [s.rss_kb for s in samples if s.rss_kb is not None]
        return [s.seconds for s in samples]

    @property
    def fig_median(self) -> float | None:
        v = self.values(self.fig_samples)
        return statistics.median(v) if v else None

    @property
    def flo_median(self) -> float | None:
        v = self.values(self.flo_samples)
        return statistics.median(v) if v else None

    @property
    def ratio(self) -> float | None:
        a, b = self.fig_median, self.flo_median
        return a / b if a is not None and b else None

    @property
    def verdict(self) -> str:
        if self.na:
            return f"n/a ({self.na})"
        if self.error:
            return f"error: {self.error}"
        if self.ratio is None:
            return "n/a (no data)"
        return "within budget" if self.ratio <= self.budget else "OVER"

    def to_json(self) -> dict:
        unit = "MB" if self.metric == "rss" else "ms"
        scale = (1 / 1024) if self.metric == "rss" else 1000

        def conv(v: float | None) -> float | None:
            return None if v is None else round(v * scale, 1)

        def cpu_median(samples: list[Sample]) -> float | None:
            v = [s.cpu for s in samples if s.cpu is not None]
            return round(statistics.median(v) * 1000, 1) if v else None

        # Diagnostic for busy machines: the median of figure/floor within each
        # alternating pair (neighbouring runs share the machine's load).
        pairs = [
            a / b
            for a, b in zip(self.values(self.fig_samples), self.values(self.flo_samples))
            if b and self.reuse_figure_of is None
        ]
        return {
            "key": self.key,
            "figure": self.figure,
            "floor": self.floor,
            "unit": unit,
            "figure_median": conv(self.fig_median),
            "floor_median": conv(self.flo_median),
            "figure_runs": [conv(v) for v in self.values(self.fig_samples)],
            "floor_runs": [conv(v) for v in self.values(self.flo_samples)],
            "ratio": None if self.ratio is None else round(self.ratio, 3),
            "paired_ratio_median": round(statistics.median(pairs), 3) if pairs else None,
            "figure_cpu_ms_median": cpu_median(self.fig_samples),
            "floor_cpu_ms_median": cpu_median(self.flo_samples),
            "budget": self.budget,
            "verdict": self.verdict,
            "ok": None if self.ratio is None or self.na or self.error else self.ratio <= self.budget,
        }


def measure(row: Row, runs: int, done: dict[str, Row]) -> None:
    if row.na:
        log(f"  {row.key}: {row.verdict}")
        return
    start = time.perf_counter()
    reused = done.get(row.reuse_figure_of or "")
    if reused is not None and reused.fig_samples and not reused.error:
        row.fig_samples = list(reused.fig_samples)
        sides = [("flo", row.flo)]
    else:
        sides = [("fig", row.fig), ("flo", row.flo)]
    try:
        for _, cmd in sides:  # warm-up (byte-code caches, page cache) and a check that it works
            cmd.run()
        for i in range(runs):
            order = sides if i % 2 == 0 else sides[::-1]
            for side, cmd in order:
                getattr(row, f"{side}_samples").append(cmd.run())
    except RunFailed as exc:
        row.error = str(exc)
        log(f"  {row.key}: FAILED {exc}\n    {' '.join(exc.cmd)}\n{exc.stderr[-2000:]}")
        return
    log(f"  {row.key}: ratio {row.ratio:.2f} ({time.perf_counter() - start:.0f} s)")


# -- set-up ----------------------------------------------------------------------------


def journal_path(n: int) -> Path:
    return WORK / f"journal-{n}.db"


def remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def copy_db(src: Path, dst: Path) -> None:
    remove_db(dst)
    shutil.copyfile(src, dst)


ADD_ARGS = ("add", "--area", "legs", "--needle", "0.25", "--date", TODAY, "--disinfected", "--notes", "benchmark",
            "--override", "benchmark run")  # saved whatever the rules say


def add_target(n: int) -> Path:
    return WORK / f"add-target-{n}.db"


def forget_checks() -> None:
    """As after a write: no journal is remembered as having passed ``quick_check``."""
    shutil.rmtree(CACHE, ignore_errors=True)


def check_args(db: Path, device_id: int | None) -> tuple[str, ...]:
    """``check`` with the journal's current device (its fixed needle if a roller or stamp)."""
    args = ["check", "--area", "face", "--date", TODAY, "--disinfected"]
    needle = "0.5"
    if device_id is not None:
        args += ["--device", str(device_id)]
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            kind, fixed = con.execute("SELECT kind, needle_um FROM devices WHERE id = ?", (device_id,)).fetchone()
        finally:
            con.close()
        if kind in ("roller", "stamp") and fixed is not None:
            needle = None
    if needle:
        args += ["--needle", needle]
    return tuple(args)


def build_rows(built: dict[int, journals.Built], *, rebuild: bool) -> list[Row]:
    j = {n: b.path for n, b in built.items()}
    big, small = j[100_000], j[10]
    ok_check = (0, 3)  # 3: a rule says stop; still a complete check
    rows = [
        Row(
            "status-100k",
            "`homelog status` on 100,000 sessions",
            "the same on 10 sessions",
            1.25,
            homelog(big, "status"),
            homelog(small, "status"),
        ),
        Row(
            "status-100k-changed",
            "`homelog status` on 100,000 sessions, first open after a change (quick_check runs)",
            "the same on 10 sessions",
            1.25,
            homelog(big, "status", before=forget_checks),
            homelog(small, "status", before=forget_checks),
        ),
        Row(
            "status-10k",
            "`homelog status` on 10,000 sessions",
            "the same on 10 sessions",
            1.25,
            homelog(j[10_000], "status"),
            homelog(small, "status"),
        ),
        Row(
            "check-100k",
            "`homelog check` on 100,000 sessions",
            "the same on 10 sessions",
            1.25,
            homelog(big, *check_args(big, built[100_000].current_device), ok=ok_check),
            homelog(small, *check_args(small, built[10].current_device), ok=ok_check),
        ),
        Row(
            "check-10k",
            "`homelog check` on 10,000 sessions",
            "the same on 10 sessions",
            1.25,
            homelog(j[10_000], *check_args(j[10_000], built[10_000].current_device), ok=ok_check),
            homelog(small, *check_args(small, built[10].current_device), ok=ok_check),
        ),
        Row(
            "add-100k",
            "`homelog add` on 100,000 sessions (a fresh copy each run)",
            "the same on 10 sessions",
            1.25,
            homelog(add_target(100_000), *ADD_ARGS, before=lambda: copy_db(big, add_target(100_000))),
            homelog(add_target(10), *ADD_ARGS, before=lambda: copy_db(small, add_target(10))),
        ),
        Row(
            "status-process",
            "`homelog status` (whole process, 100,000 sessions)",
            '`python -c "import sqlalchemy.orm, platformdirs"`',
            1.3,
            homelog(big, "status"),
            Command((PY, "-c", "import sqlalchemy.orm, platformdirs")),
        ),
    ]

    why_no_tui = has_tui()
    rows.append(
        Row(
            "tui-first-frame",
            "TUI to its first frame with the area panel filled, 100,000 sessions",
            "bare Textual app, same widget types, headless, + `import sqlalchemy.orm`",
            1.3,
            driver("tui_app.py", "--db", str(big), frame=True),
            driver("tui_floor.py", frame=True),
            heavy=True,
            na=None if why_no_tui is None else f"not built yet: {why_no_tui[:80]}",
        )
    )

    has_export = has_command("export")
    has_import = has_command("import")
    csv_big = WORK / "export-100000.csv"
    csv_small = WORK / "export-100.csv"
    csv_floor = WORK / "export-floor.csv"
    source_csv = WORK / "import-source.csv"

    def unlink(path: Path) -> Callable[[], None]:
        return lambda: path.unlink(missing_ok=True)

    export_big = homelog(big, "export", "--format", "csv", "-o", str(csv_big), before=unlink(csv_big))
    rows.append(
        Row(
            "export-100k",
            "CSV export of 100,000 sessions (`homelog export --format csv -o FILE`)",
            "`sqlite3` + `csv` loop over the same rows, + `import sqlalchemy.orm`",
            1.5,
            export_big,
            driver("export_floor.py", str(big), str(csv_floor), before=unlink(csv_floor)),
            heavy=True,
            na=None if has_export else "not built yet",
        )
    )
    rows.append(
        Row(
            "export-memory",
            "peak memory (max RSS), CSV export of 100,000 sessions",
            "the same export of 100 sessions",
            1.3,
            export_big,
            homelog(j[100], "export", "--format", "csv", "-o", str(csv_small), before=unlink(csv_small)),
            metric="rss",
            heavy=True,
            na=None if has_export else ("not built yet" if hasattr(os, "wait4") else "no os.wait4 here"),
            reuse_figure_of="export-100k",
        )
    )

    import_na = None
    if not has_import:
        import_na = "not built yet"
    elif not has_export:
        import_na = "not built yet (its CSV comes from `homelog export`)"
    else:
        if rebuild or not source_csv.is_file() or source_csv.stat().st_mtime < big.stat().st_mtime:
            try:
                homelog(big, "export", "--format", "csv", "-o", str(source_csv), before=unlink(source_csv)).run()
            except RunFailed as exc:
                import_na = f"export for the import failed: {exc}"
    template = WORK / "empty.db"
    if import_na is None and (rebuild or not template.is_file()):
        journals.make_empty(template)
    target = WORK / "import-target.db"
    plain = WORK / "import-floor.db"
    rows.append(
        Row(
            "import-100k",
            "import of 100,000 CSV rows into a new journal (`homelog import FILE`)",
            "the same rows through `csv` + `sqlite3.executemany` into a plain table",
            4.0,
            homelog(target, "import", str(source_csv), before=lambda: copy_db(template, target)),
            driver("import_floor.py", str(source_csv), str(plain), before=lambda: remove_db(plain)),
            heavy=True,
            na=import_na,
        )
    )
    return rows


# -- report ---------------------------------------------------------------------------


def machine() -> dict:
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    versions = {}
    for dist in ("sqlalchemy", "textual", "platformdirs", "alembic"):
        try:
            from importlib.metadata import version

            versions[dist] = version(dist)
        except Exception:
            versions[dist] = None
    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "cpu_count": os.cpu_count(),
        "cpu": cpu,
        "versions": versions,
    }


def fmt(row: Row, v: float | None) -> str:
    if v is None:
        return "—"
    if row.metric == "rss":
        return f"{v / 1024:.1f} MB"
    return f"{v * 1000:.0f} ms"


def table(rows: list[Row]) -> list[str]:
    head = ("figure", "median", "floor", "median", "ratio", "budget", "verdict")
    body = []
    for r in rows:
        ratio = "—" if r.ratio is None else f"{r.ratio:.2f}×"
        body.append(
            (r.figure, fmt(r, r.fig_median), r.floor, fmt(r, r.flo_median), ratio, f"≤ {r.budget:g}×", r.verdict)
        )
    widths = [max(len(h), *(len(b[i]) for b in body)) for i, h in enumerate(head)]
    right = {1, 3, 4}

    def line(cells) -> str:
        return "| " + " | ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))) + " |"

    sep = "|" + "|".join(("-" * (w + 1) + ":") if i in right else ("-" * (w + 2)) for i, w in enumerate(widths)) + "|"
    return [line(head), sep, *(line(b) for b in body)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="homelog's performance benchmark (ratios against floors).")
    ap.add_argument("--quick", action="store_true", help="3 runs per side instead of 11 (9 for heavy rows)")
    ap.add_argument("--runs", type=int, metavar="N", help="runs per side for every row (overrides --quick)")
    ap.add_argument("--rebuild", action="store_true", help="rebuild the journals in benchmarks/.work/")
    ap.add_argument("--json", action="store_true", help="print one JSON document on stdout instead of the table")
    ap.add_argument("--only", metavar="KEYS", help="comma-separated row keys to run (e.g. status-100k,export-100k)")
    args = ap.parse_args(argv)

    started = time.perf_counter()
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "config").mkdir(exist_ok=True)
    ENV.update(child_env())

    log("journals:")
    built: dict[int, journals.Built] = {}
    for n in SIZES:
        b = journals.ensure(journal_path(n), n, rebuild=args.rebuild)
        built[n] = b
        log(f"  {n:>7,} sessions, {b.devices:>5,} devices: {b.path.name} (built via {b.via} in {b.seconds:.1f} s)")

    rows = build_rows(built, rebuild=args.rebuild)
    if args.only:
        wanted = set(args.only.split(","))
        unknown = wanted - {r.key for r in rows}
        if unknown:
            ap.error(f"unknown row keys: {', '.join(sorted(unknown))} (known: {', '.join(r.key for r in rows)})")
        rows = [r for r in rows if r.key in wanted]
    log("measuring (figure / floor alternating):")
    done: dict[str, Row] = {}
    for row in rows:
        if args.runs:
            runs = args.runs
        elif args.quick:
            runs = 3
        else:
            runs = 9 if row.heavy else 11
        measure(row, runs, done)
        done[row.key] = row

    info = machine()
    total = time.perf_counter() - started
    now = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    mode = f"{args.runs} runs" if args.runs else ("quick" if args.quick else "default")
    if args.json:
        print(
            json.dumps(
                {
                    "date": now,
                    "machine": info,
                    "mode": mode,
                    "seconds": round(total, 1),
                    "journals": {str(n): b.to_json() for n, b in built.items()},
                    "rows": [r.to_json() for r in rows],
                },
                indent=2,
            )
        )
    else:
        v = info["versions"]
        print(f"homelog benchmark — {now} — {mode} mode, {total:.0f} s")
        print(
            f"machine: {info['platform']}, {info['implementation']} {info['python']}, "
            f"{info['cpu_count']} CPUs ({info['cpu'] or 'unknown cpu'})"
        )
        print(f"versions: SQLAlchemy {v['sqlalchemy']}, Textual {v['textual']}, platformdirs {v['platformdirs']}")
        print(f"HOMELOG_TODAY={TODAY}; medians of alternating runs; whole processes unless said otherwise")
        print()
        for line in table(rows):
            print(line)
    over = [r for r in rows if r.verdict == "OVER"]
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())

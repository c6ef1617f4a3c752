"""The benchmark's harness: running one child process (a fresh interpreter) and
measuring a row (figure and floor alternating, medians)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import journals  # benchmarks/journals.py

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DRIVERS = BENCH / "drivers"
WORK = BENCH / ".work"
TODAY = journals.TODAY.isoformat()
CACHE = WORK / "cache"
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


#: The children's environment (``child_env()``, filled in by ``run.main``).
ENV: dict[str, str] = {}


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
    env: dict[str, str] | None = None  # None: ENV (the repository on PYTHONPATH)

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
                self.argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err, env=self.env or ENV, cwd=ROOT
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


def user_env() -> dict[str, str]:
    """A user's environment for the installed homelog: no PYTHONPATH, and the
    folders found as a user's are (XDG_*, under .work/), not HOMELOG_CONFIG_DIR
    or HOMELOG_CACHE_DIR."""
    env = {k: v for k, v in ENV.items() if k not in ("PYTHONPATH", "HOMELOG_CONFIG_DIR", "HOMELOG_CACHE_DIR")}
    return env


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
    load: int = 0  # busy processes kept running while the row is measured (a loaded machine)
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


#: How long busy processes get to start spinning before a loaded pair is measured.
BUSY_START_S = 0.05


@contextmanager
def _busy(count: int) -> Iterator[None]:
    """``count`` processes spinning on the CPU meanwhile (none: nothing)."""
    busy = [
        subprocess.Popen([PY, "-c", "while True: pass"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        for _ in range(count)
    ]
    try:
        if busy:
            time.sleep(BUSY_START_S)
        yield
    finally:
        for proc in busy:
            proc.kill()
            proc.wait()


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
        with _busy(row.load):
            for _, cmd in sides:  # warm-up (byte-code caches, page cache) and a check that it works
                cmd.run()
        for i in range(runs):
            order = sides if i % 2 == 0 else sides[::-1]
            # Fresh busy processes for every pair: once they have run for about a second,
            # the scheduler (Linux 6.18's EEVDF) runs a new short process ahead of them,
            # and a row would be loaded for its first pairs only (benchmarks/README.md).
            with _busy(row.load):
                for side, cmd in order:
                    getattr(row, f"{side}_samples").append(cmd.run())
    except RunFailed as exc:
        row.error = str(exc)
        log(f"  {row.key}: FAILED {exc}\n    {' '.join(exc.cmd)}\n{exc.stderr[-2000:]}")
        return
    log(f"  {row.key}: ratio {row.ratio:.2f} ({time.perf_counter() - start:.0f} s)")
